// An edit changes only what it names: lists and statuses it omits stay as they were.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };

describe("partial edits", () => {
  let env: TestEnv;
  let api: ReturnType<typeof client>;
  before(async () => {
    env = await testEnv("sqlite");
    api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat", "analyst"], clearance: 3 }));
  });
  after(async () => { await env.close(); });

  test("organisation aliases, person titles, agreement signatories and areas, action status survive an edit of another field", async () => {
    const org = (await api.post("/api/organisations", { marking: PUBLIC, name: "DRDO", aliases: ["Defence Research and Development Organisation"], country: "IND", kind: "research_lab" })).body;
    assert.deepEqual((await api.patch(`/api/organisations/${org.id}`, { name: "DRDO (HQ)" })).body.aliases, ["Defence Research and Development Organisation"]);
    const person = (await api.post("/api/people", { marking: PUBLIC, name: "A. Person", country: "IND", titles: [{ title: "Secretary" }] })).body;
    assert.equal((await api.patch(`/api/people/${person.id}`, { name: "A. B. Person" })).body.titles.length, 1);
    const ag = (await api.post("/api/agreements", { marking: PUBLIC, kind: "MoU", title: "T", status: "signed", parties: [{ country: "IND" }], signatoryIds: [person.id], areas: ["cyber-security"] })).body;
    const agEdited = (await api.patch(`/api/agreements/${ag.id}`, { title: "T2" })).body;
    assert.equal(agEdited.signatories.length, 1);
    assert.deepEqual(agEdited.areas, ["cyber-security"]);
    const action = (await api.post("/api/actions", { marking: PUBLIC, title: "Do it", owner: { country: "IND" }, status: "in_progress" })).body;
    assert.equal((await api.patch(`/api/actions/${action.id}`, { title: "Do it now" })).body.status, "in_progress");
  });
});
