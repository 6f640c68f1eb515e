import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fold, snippet } from "./snippet.ts";

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
