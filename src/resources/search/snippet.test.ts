import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, generalSnippet, snippet } from "./snippet.ts";

test("marks every match, the last query word as a prefix, ignoring case and accents", () => {
  assert.equal(snippet("Long-range radar trial at Radars Café", ["radar"]), "Long-range [[radar]] trial at [[Radars]] Café");
  assert.equal(snippet("Résumé of the cafe visit", ["resume", "cafe"]), "[[Résumé]] of the [[cafe]] visit");
  assert.equal(snippet("radar radome", ["rad", "x"]), "radar radome", "only the last word is a prefix");
});

test("cuts a long body around the first match and says so", () => {
  const body = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ") + " Zanzibar " + Array.from({ length: 40 }, (_, i) => `v${i}`).join(" ");
  const s = snippet(body, ["zanzibar"], 8);
  assert.match(s, /^…w38 w39 \[\[Zanzibar\]\] v0 v1 v2 v3 v4…$/);
});

test("a body without the words starts from the beginning", () => {
  assert.equal(snippet("Technical report on the seeker", ["zzz"], 3), "Technical report on…");
  assert.equal(snippet("", ["x"]), "");
});

test("a word is folded as the general form does, ASCII (its fast path) or not", () => {
  const general = (w: string) => w.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const ascii = fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) });
  fc.assert(fc.property(fc.oneof(ascii, fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("Café", "ﬁre", "Straße", "RADAR")), (w) => {
    assert.equal(fold(w), general(w));
  }), { numRuns: 2000 });
});

/** The excerpt by the general path alone (every word matched as a string of its own), which any text may take. */
const reference = (body: string, words: readonly string[], size = 16) => generalSnippet(body, words.map(fold), size);

test("an excerpt is the one the general form makes, for ASCII text (its fast path) and any other, words from the text or not", () => {
  const asciiChar = fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c));
  // Words and separators, so texts have many words, some of them searched for.
  const vocabulary = ["radar", "Radars", "RADAR", "rad", "array", "a", "x1", "2026", "café", "Straße", "ﬁre", "ÉTÉ"];
  const piece = fc.oneof(fc.constantFrom(...vocabulary), fc.constantFrom(" ", "-", ", ", "  ", ".", "\n"), fc.string({ unit: asciiChar, maxLength: 6 }));
  const ascii = fc.array(fc.oneof(fc.constantFrom("radar", "Radars", "RADAR", "rad", "array", "a", "x1", "2026"), fc.constantFrom(" ", "-", ", ", "."), fc.string({ unit: asciiChar, maxLength: 6 })), { maxLength: 60 }).map((p) => p.join(""));
  const text = fc.oneof(ascii, fc.array(piece, { maxLength: 60 }).map((p) => p.join("")), fc.string(), fc.string({ unit: "binary" }));
  const word = fc.oneof(fc.constantFrom(...vocabulary, "RAD", "ra", "r", "arr", "z", "É", "straße", "fi"), fc.string({ unit: asciiChar, minLength: 1, maxLength: 4 }), fc.string({ minLength: 1, maxLength: 3 }));
  fc.assert(fc.property(text, fc.array(word, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), (body, words, size) => {
    assert.equal(snippet(body, words, size), reference(body, words, size));
  }), { numRuns: 5000 });
});
