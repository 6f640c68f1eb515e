// The chain's canonical forms are written directly for speed (chain.ts); here they are held equal,
// byte for byte, to RFC 8785 as the `canonicalize` package writes it, so events hashed before and
// after verify alike, and a value `canonicalize` refuses (a lone surrogate) is refused too.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import canonicalize from "canonicalize";
import { eventBody, eventHash, GENESIS, readSetHash, readSetJson, readSetJsonOf, readSetMadeOf, readSetName, readSetOf, type AuditEvent } from "./chain.ts";

/** What eventHash hashed before it wrote the canonical form itself. */
const generalHash = (prev: string, e: AuditEvent) =>
  createHash("sha256").update(prev).update(canonicalize({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, marking: e.marking, outcome: e.outcome, client: e.client, details: e.details }) ?? "").digest("hex");

/** Strings of any UTF-16 code units, lone surrogates and characters JSON escapes included. */
const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("\ud800", "\udc00", "\u2028", "\"", "\\", "\n", "é", "😀", "\u0000") }));
const orNull = (a: fc.Arbitrary<string>) => fc.option(a, { nil: null });
const details = fc.dictionary(text, fc.jsonValue(), { maxKeys: 4 });
const event: fc.Arbitrary<AuditEvent> = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text),
  actor: orNull(text),
  action: text,
  target: orNull(text),
  marking: orNull(text),
  outcome: text,
  client: orNull(text),
  details: fc.oneof(details, fc.record({ records: fc.nat(), readSet: fc.base64String() })),
});

/** The result of `f`, or the error's message: the two forms must agree on refusals too. */
const outcome = (f: () => string | undefined): string => {
  try {
    return `ok ${f()}`;
  } catch (err) {
    return `refused ${(err as Error).message}`;
  }
};

describe("audit chain canonical forms", () => {
  test("an event's body is the bytes canonicalize writes, and its hash the same as before", () => {
    fc.assert(fc.property(event, (e) => {
      assert.equal(outcome(() => eventBody(e)), outcome(() => canonicalize({ ...e })));
      assert.equal(outcome(() => eventHash(GENESIS, e)), outcome(() => generalHash(GENESIS, e)));
    }), { numRuns: 2000 });
  });

  test("a field left undefined is left out, as canonicalize leaves it out", () => {
    const e = { seq: 3, at: "2026-01-01T00:00:00.000Z", actor: undefined, action: "document.list", target: null, marking: null, outcome: "success", client: null, details: { records: 2, readSet: "x" } } as unknown as AuditEvent;
    assert.equal(eventBody(e), canonicalize(e));
    assert.equal(eventHash("ab", e), generalHash("ab", e));
  });

  test("a read set's canonical JSON is the bytes canonicalize writes, and its name the same", () => {
    const records = fc.array(fc.record({ id: text, marking: fc.oneof(text, fc.constantFrom("SECRET // REL TO IND", "RESTRICTED", "UNCLASSIFIED")) }), { maxLength: 60 });
    fc.assert(fc.property(records, (rs) => {
      const set = readSetOf(rs);
      assert.equal(outcome(() => readSetJson(set)), outcome(() => canonicalize(set)));
      if (outcome(() => canonicalize(set)).startsWith("ok")) assert.equal(readSetName(readSetJson(set)), readSetHash(set));
    }), { numRuns: 2000 });
  });

  test("a read set written in one pass from its records (readSetJsonOf) is the same bytes, refusals included", () => {
    const banner = fc.oneof(text, fc.constantFrom("SECRET // REL TO IND", "RESTRICTED", "UNCLASSIFIED", "__proto__", "toString", "10", "2"));
    const id = fc.oneof(text, fc.constantFrom("01M94M4XC0EZF7WC41ERFY9ZJA", "01M94M41T97C848PNT1RMP4Y2C", "a\"b", "é"));
    fc.assert(fc.property(fc.array(fc.record({ id, marking: banner }), { maxLength: 60 }), (rs) => {
      assert.equal(outcome(() => readSetJsonOf(rs)), outcome(() => canonicalize(readSetOf(rs))));
    }), { numRuns: 3000 });
  });

  test("a read set remembered for a page read again (readSetMadeOf) is that page's set, whatever changed in it", () => {
    const made = (rs: readonly { id: string; marking: string }[]) => outcome(() => {
      const m = readSetMadeOf(rs);
      return `${m.json} ${m.hash}`;
    });
    const fresh = (rs: readonly { id: string; marking: string }[]) => outcome(() => {
      const json = canonicalize(readSetOf(rs)) ?? "";
      return `${json} ${readSetName(json)}`;
    });
    const banner = fc.oneof(text, fc.constantFrom("SECRET // REL TO IND", "RESTRICTED", "UNCLASSIFIED"));
    const id = fc.oneof(text, fc.constantFrom("01M94M4XC0EZF7WC41ERFY9ZJA", "01M94M41T97C848PNT1RMP4Y2C", "01M94M4XC0EZF7WC41ERFY9ZJB"));
    const page = fc.array(fc.record({ id, marking: banner }), { minLength: 1, maxLength: 60 });
    // A page read, then read again as it was, then with one record's id or banner changed at any
    // place (its length, first and last id kept when the change is inside), then reordered.
    fc.assert(fc.property(page, fc.nat(), fc.boolean(), id, banner, (rs, at, changeId, otherId, otherBanner) => {
      assert.equal(made(rs), fresh(rs));
      assert.equal(made(rs.map((r) => ({ ...r }))), fresh(rs));
      const i = at % rs.length;
      const changed = rs.map((r, j) => (j !== i ? { ...r } : changeId ? { ...r, id: otherId } : { ...r, marking: otherBanner }));
      assert.equal(made(changed), fresh(changed));
      const reversed = [...rs].reverse();
      assert.equal(made(reversed), fresh(reversed));
      assert.equal(made(rs), fresh(rs));
    }), { numRuns: 3000 });
    // Inside a page of 50 (first and last kept): each change is seen.
    const ids = Array.from({ length: 50 }, (_, k) => `01M94M4XC0EZF7WC41ERFY${String(k).padStart(4, "0")}`);
    const base = ids.map((x, k) => ({ id: x, marking: k % 3 ? "RESTRICTED" : "SECRET // REL TO IND" }));
    const first = readSetMadeOf(base);
    for (let k = 1; k < 49; k++) {
      const other = base.map((r, j) => (j === k ? { ...r, id: `${r.id}X` } : r));
      assert.notEqual(readSetMadeOf(other).hash, first.hash);
      assert.equal(readSetMadeOf(other).json, readSetJsonOf(other));
      const relabelled = base.map((r, j) => (j === k ? { ...r, marking: "TOP SECRET" } : r));
      assert.notEqual(readSetMadeOf(relabelled).hash, first.hash);
      assert.equal(readSetMadeOf(base).hash, first.hash);
    }
  });
});
