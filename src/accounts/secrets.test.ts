// A secret's stored form must not change with how it is computed: sessions, API tokens and reset
// links already stored are found by it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { newSecret, sha256 } from "./secrets.ts";

test("sha256 is the hex SHA-256 of the secret's UTF-8 bytes, as createHash writes it", () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("\ud800", "\udc00", "é", "😀", "\u0000") }));
  fc.assert(fc.property(text, (s) => assert.equal(sha256(s), createHash("sha256").update(s).digest("hex"))), { numRuns: 2000 });
  const s = newSecret();
  assert.equal(sha256(s), createHash("sha256").update(s).digest("hex"));
  assert.equal(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});
