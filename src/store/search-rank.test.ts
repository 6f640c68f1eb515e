// Ranking a narrow reader's search matches by BM25 over the matches themselves (store/search.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { rankByBm25, tokens } from "./search.ts";

test("text is tokenised as the index does: letters and digits, case folded, diacritics removed", () => {
  assert.deepEqual(tokens("Radar-Systems, São Paulo 2026!"), ["radar", "systems", "sao", "paulo", "2026"]);
});

test("more occurrences rank first, a shorter text before a longer one, the last word as a prefix, ties by id", () => {
  const rows = [
    { id: "A", body: "radar" + " filler".repeat(40) },
    { id: "B", body: "radar radars radar array" },
    { id: "C", body: "radar array" },
    { id: "D", body: "radar array" },
    { id: "E", body: "sonar" },
  ];
  assert.deepEqual(rankByBm25(rows, ["radar"]).map((r) => r.id), ["B", "C", "D", "A", "E"]);
  // Two words: the rarer one among the rows weighs more.
  const two = [
    { id: "1", body: "radar array radar" },
    { id: "2", body: "radar array array" },
    { id: "3", body: "radar radar radar" },
  ];
  assert.deepEqual(rankByBm25(two, ["radar", "arr"]).map((r) => r.id), ["2", "1", "3"]);
});

test("ASCII text is tokenised as the general form does (its fast path), and so is any other text", () => {
  const general = (text: string) => text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const ascii = fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) });
  fc.assert(fc.property(fc.oneof(ascii, fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("São Paulo", "Radár b52", "Straße ﬁre")), (text) => {
    assert.deepEqual(tokens(text), general(text));
  }), { numRuns: 2000 });
});
