import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ALL, audience, banner, deriveMarking, inherited, isRelease, LEVELS, markingKey, normalise, toOutput, type Marking, type Rank } from "./markings.ts";

const countries = ["IND", "ISR", "USA"];
const arbMarking: fc.Arbitrary<Marking> = fc.record({
  classification: fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<Rank>,
  originator: fc.constantFrom(...countries),
  releasableTo: fc.oneof(fc.constant(ALL), fc.subarray(countries)),
  compartments: fc.subarray(["JWG", "MRSAM", "KRAS"]),
});

describe("markings", () => {
  test("banner: originator first, others alphabetical, compartments last", () => {
    assert.equal(banner({ classification: 3, originator: "ISR", releasableTo: ["IND"], compartments: [] }), "SECRET // REL TO ISR, IND");
    assert.equal(banner({ classification: 3, originator: "IND", releasableTo: ["USA", "ISR"], compartments: ["MRSAM", "JWG"] }), "SECRET // REL TO IND, ISR, USA // JWG, MRSAM");
    assert.equal(banner({ classification: 2, originator: "IND", releasableTo: [], compartments: [] }), "CONFIDENTIAL // IND ONLY");
    assert.equal(banner({ classification: 0, originator: "IND", releasableTo: ALL, compartments: [] }), "UNCLASSIFIED");
  });

  test("the output form, built once per marking object, equals the normalised marking and its banner", () => {
    fc.assert(fc.property(arbMarking, (m) => {
      const n = normalise(m);
      const expected = { classification: LEVELS[n.classification], originator: n.originator, releasableTo: n.releasableTo === ALL ? ALL : [...n.releasableTo], compartments: [...n.compartments], banner: banner(m) };
      const out = toOutput(m);
      assert.deepEqual(out, expected);
      assert.equal(toOutput(m), out, "the same object the second time");
      assert.ok(Object.isFrozen(out) && Object.isFrozen(out.compartments), "shared, so frozen");
    }));
  });

  test("a frozen marking's banner, kept with its output form, is the banner of the same marking unfrozen", () => {
    fc.assert(fc.property(arbMarking, (m) => {
      const frozen = Object.freeze({ ...m });
      assert.equal(banner(frozen), banner({ ...m }));
      assert.equal(banner(frozen), toOutput(frozen).banner);
    }));
  });

  test("equal markings have equal keys whatever the order of their lists", () => {
    fc.assert(fc.property(arbMarking, (m) => {
      const shuffled = { ...m, releasableTo: m.releasableTo === ALL ? ALL : [...m.releasableTo].reverse(), compartments: [...m.compartments].reverse() };
      assert.equal(markingKey(m), markingKey(shuffled));
    }));
  });

  test("a release is exactly a change that lets someone read who could not before", () => {
    const readers = (m: Marking, nat: string, clearance: number, comps: string[]) =>
      clearance >= m.classification && (nat === m.originator || m.releasableTo === ALL || m.releasableTo.includes(nat)) && m.compartments.every((c) => comps.includes(c));
    fc.assert(fc.property(arbMarking, arbMarking, (a, b0) => {
      const b = { ...b0, originator: a.originator };
      const widens = countries.some((nat) => [0, 1, 2, 3, 4].some((cl) => [[], ["JWG"], ["JWG", "MRSAM", "KRAS"], ["MRSAM"], ["KRAS"], ["JWG", "MRSAM"], ["JWG", "KRAS"], ["MRSAM", "KRAS"]]
        .some((comps) => readers(b, nat, cl, comps) && !readers(a, nat, cl, comps))));
      // "ALL" includes countries that join the platform later: widening to ALL is always a release.
      const toAll = b.releasableTo === ALL && a.releasableTo !== ALL;
      assert.equal(isRelease(a, b), widens || toAll);
    }), { numRuns: 300 });
  });

  test("derived marking: highest level, common audience, all compartments", () => {
    fc.assert(fc.property(fc.array(arbMarking, { minLength: 1, maxLength: 6 }), (ms) => {
      const sets = ms.map(audience);
      const common = sets.reduce<Set<string> | typeof ALL>((acc, s) => (acc === ALL ? (s === ALL ? ALL : new Set(s)) : s === ALL ? acc : new Set([...acc].filter((c) => s.has(c)))), ALL);
      if (common !== ALL && common.size === 0) {
        assert.throws(() => deriveMarking(ms));
        return;
      }
      const d = deriveMarking(ms);
      assert.equal(d.classification, Math.max(...ms.map((m) => m.classification)));
      assert.deepEqual([...new Set(ms.flatMap((m) => m.compartments))].sort(), d.compartments);
      const got = audience(d);
      if (common === ALL) assert.equal(got, ALL);
      else assert.deepEqual(got === ALL ? "ALL" : [...got].sort(), [...common].sort());
    }), { numRuns: 300 });
  });
});

describe("a record made inside another (SPEC 3.3)", () => {
  test("starts at its parent's level, compartments and readers, originated by the writer's country; never a release of it", () => {
    fc.assert(fc.property(arbMarking, fc.constantFrom(...countries), (parent, nationality) => {
      const aud = audience(parent);
      fc.pre(aud === ALL || aud.has(nationality));
      const child = inherited(parent, nationality);
      assert.equal(child.originator, nationality);
      assert.equal(child.classification, parent.classification);
      assert.deepEqual([...child.compartments], [...parent.compartments]);
      const childAud = audience(child);
      assert.deepEqual(childAud === ALL ? ALL : [...childAud].sort(), aud === ALL ? ALL : [...aud].sort(), "the same readers");
      if (nationality === parent.originator) assert.equal(markingKey(child), markingKey(parent));
    }));
  });
});
