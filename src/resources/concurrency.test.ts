// No lost update, on either store (issue 10 #3, #10): concurrent edits of one record take turns
// inside the database; `ETag`/`If-Match` and `version` in the body make an edit a compare-and-set
// on the version read; racing "create the next meeting" gives one 201 and one 409; co-chairs who
// approve at once are both counted.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { isUniqueViolation } from "../store/faults.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const REL = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const ROUNDS = 30;
const EDITORS = 6;

type Api = ReturnType<typeof client>;

for (const kind of STORES) {
  describe(`concurrent edits (${kind})`, () => {
    let env: TestEnv;
    let api: Api;
    before(async () => {
      env = await testEnv(kind);
      api = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG"] }));
    });
    after(async () => { await env.close(); });

    const patch = (url: string, payload: unknown, headers: Record<string, string> = {}) => api.raw({ method: "PATCH", url, payload: payload as object, headers });
    const newAction = async (title: string) => {
      const res = await api.post("/api/actions", { marking: PUBLIC, title, owner: { country: "IND" } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; version: number };
    };
    /** The live row and every version of an action, read straight from the store. */
    const stored = async (id: string) => {
      const db = env.store.db;
      const record = await db.selectFrom("records").select("version").where("id", "=", id).executeTakeFirstOrThrow();
      const live = await db.selectFrom("actions").select(["description", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
      const versions = await db.selectFrom("record_versions").select(["version", "data"]).where("record_id", "=", id).orderBy("version").execute();
      return { version: Number(record.version), live, versions: versions.map((v) => ({ version: Number(v.version), data: JSON.parse(v.data) as { description?: string } })) };
    };

    test(`${ROUNDS} rounds of ${EDITORS} concurrent edits of one action: every acknowledged edit is a version, the live row is the latest`, async () => {
      const action = await newAction("Raced");
      const acknowledged: string[] = [];
      const tally = new Map<number, number>();
      for (let round = 0; round < ROUNDS; round++) {
        const texts = Array.from({ length: EDITORS }, (_, i) => `round ${round} editor ${i}`);
        const answers = await Promise.all(texts.map((description) => patch(`/api/actions/${action.id}`, { description })));
        for (const [i, a] of answers.entries()) {
          tally.set(a.statusCode, (tally.get(a.statusCode) ?? 0) + 1);
          if (a.statusCode === 200) acknowledged.push(texts[i]!);
        }
        const s = await stored(action.id);
        const latest = s.versions.at(-1)!;
        assert.equal(latest.version, s.version, "the record's version is its newest version");
        assert.equal(s.live.description, latest.data.description, "the live row is the newest version");
        assert.deepEqual(s.versions.map((v) => v.version), s.versions.map((_, i) => i + 1), "versions are consecutive");
      }
      const s = await stored(action.id);
      const inHistory = new Set(s.versions.map((v) => v.data.description));
      for (const text of acknowledged) assert.ok(inHistory.has(text), `acknowledged edit "${text}" is in the history`);
      // Edits that do not name a version do not conflict: they take turns, and all succeed.
      assert.deepEqual([...tally.entries()], [[200, ROUNDS * EDITORS]]);
      assert.equal(s.version, 1 + ROUNDS * EDITORS);
    });

    test("concurrent edits naming the same version (If-Match or body): exactly one wins each round, the others are told the current version", async () => {
      const action = await newAction("Compare and set");
      let version = action.version;
      for (let round = 0; round < ROUNDS; round++) {
        const byHeader = round % 2 === 0;
        const texts = Array.from({ length: EDITORS }, (_, i) => `cas ${round}.${i}`);
        const answers = await Promise.all(texts.map((description) => byHeader
          ? patch(`/api/actions/${action.id}`, { description }, { "if-match": `"${action.id}.${version}"` })
          : patch(`/api/actions/${action.id}`, { description, version })));
        const won = answers.filter((a) => a.statusCode === 200);
        const lost = answers.filter((a) => a.statusCode !== 200);
        assert.equal(won.length, 1, `one winner in round ${round}: ${answers.map((a) => a.statusCode).join(",")}`);
        for (const a of lost) {
          assert.equal(a.statusCode, byHeader ? 412 : 409);
          assert.equal(a.json().code, byHeader ? "precondition_failed" : "conflict");
          assert.equal(a.json().currentVersion, version + 1);
        }
        const s = await stored(action.id);
        assert.equal(s.version, version + 1);
        assert.equal(s.live.description, won[0]!.json().description);
        assert.equal(s.versions.at(-1)!.data.description, won[0]!.json().description);
        version += 1;
      }
    });

    test("progress notes added at once to one action are all kept", async () => {
      const action = await newAction("Noted");
      const notes = await Promise.all(Array.from({ length: EDITORS }, (_, i) => api.post(`/api/actions/${action.id}/updates`, { onDate: "2025-01-10", text: `note ${i}` })));
      assert.deepEqual(notes.map((n) => n.status), notes.map(() => 201));
      const kept = await env.store.db.selectFrom("action_updates").select("text").where("action_id", "=", action.id).execute();
      assert.equal(kept.length, EDITORS);
      assert.equal((await stored(action.id)).version, 1 + EDITORS);
    });

    test("ETag and If-Match: a match changes, a stale or foreign tag is 412, a malformed one 400, and neither writes", async () => {
      const action = await newAction("Tagged");
      const url = `/api/actions/${action.id}`;
      const got = await api.get(url);
      assert.equal(got.raw.headers.etag, `"${action.id}.1"`);
      const ok = await patch(url, { description: "first" }, { "if-match": `"${action.id}.1"` });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.headers.etag, `"${action.id}.2"`, "the answer carries the new version's tag");

      const stale = await patch(url, { description: "stale" }, { "if-match": `"${action.id}.1"` });
      assert.equal(stale.statusCode, 412);
      assert.match(String(stale.headers["content-type"]), /application\/problem\+json/);
      assert.deepEqual([stale.json().currentVersion, stale.json().currentETag], [2, `"${action.id}.2"`]);
      for (const tag of ['"bogus"', `W/"${action.id}.2"`, `"${action.id}.0"`, `"${(await newAction("Other")).id}.1"`]) {
        const refused = await patch(url, { description: `via ${tag}` }, { "if-match": tag });
        assert.equal(refused.statusCode, 412, `${tag}: ${refused.body}`);
      }
      for (const tag of ["bogus", `${action.id}.2`, `"${action.id}.2`, `"a", b`, ""]) {
        const refused = await patch(url, { description: `via ${tag}` }, { "if-match": tag });
        assert.equal(refused.statusCode, 400, `${tag}: ${refused.body}`);
        assert.equal(refused.json().errors[0].field, "headers.if-match");
      }
      const s = await stored(action.id);
      assert.equal(s.version, 2, "no refused request wrote anything");
      assert.equal(s.live.description, "first");

      assert.equal((await patch(url, { description: "any" }, { "if-match": `"x.9", "${action.id}.2"` })).statusCode, 200, "a list matches when one of its tags does");
      assert.equal((await patch(url, { description: "star" }, { "if-match": "*" })).statusCode, 200, "* matches the current version");
      const bodyStale = await patch(url, { description: "old", version: 2 });
      assert.equal(bodyStale.statusCode, 409);
      assert.equal(bodyStale.json().currentVersion, 4);
      assert.equal((await patch(url, { description: "new", version: 4 })).statusCode, 200);

      // Sub-routes that change the record honour it too; routes that change no record refuse it.
      const note = await api.raw({ method: "POST", url: `${url}/updates`, payload: { onDate: "2025-01-10", text: "late" }, headers: { "if-match": `"${action.id}.4"` } });
      assert.equal(note.statusCode, 412);
      const pw = await api.raw({ method: "POST", url: "/api/auth/password", payload: { currentPassword: "x", newPassword: "y" }, headers: { "if-match": `"${action.id}.5"` } });
      assert.equal(pw.statusCode, 400);
      assert.equal((await stored(action.id)).version, 5);
    });

    test("If-Match on a record the caller may not read answers as for a missing record: it confirms no version", async () => {
      const secret = await api.post("/api/actions", { marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: ["JWG"] }, title: "Hidden", owner: { country: "IND" } });
      assert.equal(secret.status, 201, JSON.stringify(secret.body));
      const outsider = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 1, roles: ["secretariat"] }));
      const missing = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
      const answers = await Promise.all([`"${secret.body.id}.1"`, `"${secret.body.id}.7"`].map((tag) => outsider.raw({ method: "PATCH", url: `/api/actions/${secret.body.id}`, payload: { description: "x" }, headers: { "if-match": tag } })));
      const none = await outsider.raw({ method: "PATCH", url: `/api/actions/${missing}`, payload: { description: "x" }, headers: { "if-match": `"${missing}.1"` } });
      for (const a of answers) {
        assert.equal(a.statusCode, 404);
        assert.deepEqual(a.json(), none.json());
      }
      assert.equal((await stored(secret.body.id)).version, 1);
    });

    test("a unique constraint's refusal is recognised on this store (a race no lock orders is answered 409)", async () => {
      const db = env.store.db;
      const table = await db.selectFrom("countries").selectAll().limit(1).executeTakeFirstOrThrow();
      const err = await db.insertInto("countries").values(table).execute().then(() => null, (e: unknown) => e);
      assert.ok(err, "a duplicate key is refused");
      assert.ok(isUniqueViolation(err), `recognised: ${String((err as { code?: string }).code)}`);
      assert.equal(isUniqueViolation(new Error("other")), false);
    });
  });

  describe(`racing meetings (${kind})`, () => {
    let env: TestEnv;
    let sec: Api;
    let forumId: string;
    let chairs: { ind: Api; isr: Api };
    let people: { ind: string; isr: string };

    before(async () => {
      env = await testEnv(kind);
      const indSec = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG"] });
      const isrSec = await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG"] });
      sec = client(env.app, indSec);
      people = {
        ind: (await sec.post("/api/people", { marking: PUBLIC, name: "Co-chair India", country: "IND" })).body.id,
        isr: (await client(env.app, isrSec).post("/api/people", { marking: PUBLIC, name: "Co-chair Israel", country: "ISR" })).body.id,
      };
      chairs = {
        ind: client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: people.ind })),
        isr: client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: people.isr })),
      };
      const forum = await sec.post("/api/forums", { marking: PUBLIC, name: "Racing JWG", kind: "jwg", compartment: "JWG", members: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal(forum.status, 201, JSON.stringify(forum.body));
      forumId = forum.body.id;
    });
    after(async () => { await env.close(); });

    const meetingsOfForum = () => env.store.db.selectFrom("meetings").select("sequence").where("forum_id", "=", forumId).orderBy("sequence").execute();

    test("two requests creating the same next meeting: one 201 and one 409, never a 500 or a second meeting", async () => {
      for (let round = 1; round <= 10; round++) {
        const answers = await Promise.all([0, 1].map(() => sec.post("/api/meetings", { marking: REL, forumId, sequence: round })));
        const statuses = answers.map((a) => a.status).sort();
        assert.deepEqual(statuses, [201, 409], `round ${round}: ${JSON.stringify(answers.map((a) => a.body))}`);
        const refused = answers.find((a) => a.status === 409)!.body;
        assert.equal(refused.code, "conflict");
        assert.equal(refused.errors[0].field, "sequence");
      }
      assert.deepEqual((await meetingsOfForum()).map((m) => Number(m.sequence)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    test("racing creates that leave the number to the server take turns: distinct numbers, never a 500", async () => {
      const answers = await Promise.all([0, 1, 2].map(() => sec.post("/api/meetings", { marking: REL, forumId })));
      assert.deepEqual(answers.map((a) => a.status), [201, 201, 201], JSON.stringify(answers.map((a) => a.body)));
      assert.deepEqual(answers.map((a) => a.body.sequence).sort((a, b) => a - b), [11, 12, 13]);
    });

    test("two co-chairs approving the same minutes at once are both counted, and the minutes are agreed", async () => {
      for (let round = 0; round < 10; round++) {
        const m = await sec.post("/api/meetings", { marking: REL, forumId, dateStart: "2026-01-15", coChairs: [{ country: "IND", personId: people.ind }, { country: "ISR", personId: people.isr }] });
        assert.equal(m.status, 201, JSON.stringify(m.body));
        assert.equal((await sec.patch(`/api/meetings/${m.body.id}`, { status: "held" })).status, 200);
        assert.equal((await sec.post(`/api/meetings/${m.body.id}/minutes`, { text: `Minutes ${round}` })).status, 201);
        const answers = await Promise.all([chairs.ind, chairs.isr].map((c) => c.post(`/api/meetings/${m.body.id}/minutes/1/approve`)));
        assert.deepEqual(answers.map((a) => a.status), [200, 200], JSON.stringify(answers.map((a) => a.body)));
        const approvals = await env.store.db.selectFrom("minutes_approvals").select("country").where("meeting_id", "=", m.body.id).orderBy("country").execute();
        assert.deepEqual(approvals.map((a) => a.country), ["IND", "ISR"]);
        assert.equal((await sec.get(`/api/meetings/${m.body.id}`)).body.status, "minutes_agreed");
      }
    });
  });
}
