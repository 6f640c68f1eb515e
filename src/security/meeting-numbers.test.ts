// Existence stays secret through meeting numbers (issue 11, row 9): for random forums whose
// meetings and actions carry random markings, and a random secretariat reader preparing a meeting,
// the default number follows only the meetings the reader may read, a number held by a meeting they
// may not read is refused with one neutral answer that names nothing, a number held by one they may
// read is named, and the new agenda carries over exactly the open actions of the reader's latest
// readable earlier meeting that they may read. No answer carries an unreadable record's id or word.
// The oracle is the plain SPEC 3.2 rule, written here again on purpose.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { explain } from "../testing/explain.ts";
import type { Rank } from "../domain/markings.ts";

const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const;
const COMPARTMENTS = ["JWG", "SWG-DIC"];

interface WMarking { level: number; releasableTo: string[] | "ALL"; compartments: string[] }
interface OReader { nationality: "IND" | "ISR"; clearance: number; compartments: string[] }

/** SPEC 3.2 for records originated by India (as every record of these worlds is). */
function mayRead(u: OReader, m: WMarking): boolean {
  return u.clearance >= m.level
    && (u.nationality === "IND" || m.releasableTo === "ALL" || m.releasableTo.includes(u.nationality))
    && m.compartments.every((c) => u.compartments.includes(c));
}

const toApi = (m: WMarking) => ({ classification: LEVELS[m.level], releasableTo: m.releasableTo, compartments: m.compartments });

const arbMarking: fc.Arbitrary<WMarking> = fc.record({
  level: fc.integer({ min: 0, max: 4 }),
  releasableTo: fc.constantFrom<string[] | "ALL">("ALL", ["ISR"], []),
  compartments: fc.subarray(COMPARTMENTS),
});
const arbWorld = fc.record({
  // Each meeting's number (some numbers skipped) and marking.
  meetings: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }).chain((numbers) =>
    fc.tuple(...numbers.sort((a, b) => a - b).map((sequence) => arbMarking.map((marking) => ({ sequence, marking }))))),
  actions: fc.array(fc.record({ at: fc.nat(), marking: arbMarking, open: fc.boolean() }), { maxLength: 6 }),
  reader: fc.record({ nationality: fc.constantFrom("IND" as const, "ISR" as const), clearance: fc.integer({ min: 0, max: 4 }), compartments: fc.subarray(COMPARTMENTS) }),
  // Undefined: leave the number to the server.
  asked: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
});

const RUNS = Number(process.env.MEETING_NUMBER_RUNS ?? 25);

for (const kind of STORES) {
  describe(`meeting numbers and carry-over reveal nothing (${kind})`, () => {
    let env: TestEnv;
    let maker: ReturnType<typeof client>;
    const neutral: string[] = [];
    before(async () => {
      env = await testEnv(kind);
      maker = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["secretariat", "analyst"], compartments: COMPARTMENTS }));
    });
    after(async () => { await env.close(); });

    test("random forums, markings and readers", async () => {
      let n = 0;
      await explain(fc.assert(fc.asyncProperty(arbWorld, async (world) => {
        n += 1;
        const token = (what: string) => `tok${n}${what}`;
        const forum = await maker.post("/api/forums", { marking: toApi({ level: 0, releasableTo: "ALL", compartments: [] }), name: `Forum ${token("f")}`, kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
        assert.equal(forum.status, 201, JSON.stringify(forum.body));
        const meetings: { id: string; sequence: number; marking: WMarking }[] = [];
        for (const m of world.meetings) {
          const res = await maker.post("/api/meetings", { marking: toApi(m.marking), forumId: forum.body.id, sequence: m.sequence, venueCity: token(`m${m.sequence}`) });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          meetings.push({ id: res.body.id, ...m });
        }
        const actions: { id: string; title: string; meeting: (typeof meetings)[number]; marking: WMarking; open: boolean }[] = [];
        for (const [i, a] of world.actions.entries()) {
          const meeting = meetings[a.at % meetings.length]!;
          const title = `Action ${token(`a${i}`)}`;
          const res = await maker.post("/api/actions", { marking: toApi(a.marking), title, meetingId: meeting.id, owner: { country: "IND" }, status: a.open ? "open" : "done" });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          actions.push({ id: res.body.id, title, meeting, marking: a.marking, open: a.open });
        }

        const reader = await buildUser(env.store.db, { ...world.reader, clearance: world.reader.clearance as Rank, roles: ["secretariat"] });
        const answer = await client(env.app, reader).post("/api/meetings", {
          marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, forumId: forum.body.id, ...(world.asked ? { sequence: world.asked } : {}),
        });

        // What the reader should get, from the world alone.
        const readable = meetings.filter((m) => mayRead(world.reader, m.marking));
        const number = world.asked ?? Math.max(0, ...readable.map((m) => m.sequence)) + 1;
        const holder = meetings.find((m) => m.sequence === number);
        const hidden = [...meetings.filter((m) => !mayRead(world.reader, m.marking)), ...actions.filter((a) => !mayRead(world.reader, a.marking))];
        const text = JSON.stringify(answer.body);
        for (const h of hidden) assert.ok(!text.includes(h.id), `the answer names hidden record ${h.id}`);
        for (const [i, a] of actions.entries()) if (!mayRead(world.reader, a.marking)) assert.ok(!text.includes(token(`a${i}`)), "the answer shows a hidden action's title");

        if (holder && !mayRead(world.reader, holder.marking)) {
          assert.equal(answer.status, 409, text);
          assert.equal(answer.body.code, "unavailable");
          assert.ok(!/\d/.test(answer.body.detail) && !answer.body.errors, `the refusal names nothing: ${text}`);
          neutral.push(text);
          assert.equal(text, neutral[0], "every neutral refusal is the same");
          return;
        }
        if (holder) {
          assert.equal(answer.status, 409, text);
          assert.equal(answer.body.code, "conflict");
          assert.equal(answer.body.errors[0].field, "sequence");
          return;
        }
        assert.equal(answer.status, 201, text);
        assert.equal(answer.body.sequence, number);
        const previous = readable.filter((m) => m.sequence < number).at(-1);
        const carried = actions.filter((a) => a.meeting === previous && a.open && mayRead(world.reader, a.marking)).map((a) => a.id).sort();
        const agenda = (answer.body.agenda as { action: { record: { id: string | null; withheld: boolean } } | null }[]).filter((a) => a.action);
        assert.ok(agenda.every((a) => !a.action!.record.withheld), "no carried-over action is withheld from its reader");
        assert.deepEqual(agenda.map((a) => a.action!.record.id).sort(), carried);
      }), { numRuns: RUNS, endOnFailure: true }));
    });
  });
}
