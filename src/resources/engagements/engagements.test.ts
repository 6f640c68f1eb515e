// Engagements through the API: the visit to Israeli industry and the call on the Defence
// Minister (SPEC story), hosts resolved for each reader, filters, and the date rule.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

const OPEN = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const REL = { classification: "RESTRICTED", releasableTo: ["ISR"] };

for (const kind of STORES) {
  describe(`engagements (${kind})`, () => {
    let env: TestEnv;
    let api: ReturnType<typeof client>;
    let elbit: string;
    let rafael: string;
    let kras: string;
    let singh: string;
    let katz: string;
    let meetingId: string;
    before(async () => {
      env = await testEnv(kind);
      api = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["KRAS"] }));
      const made = async (path: string, body: object) => {
        const res = await api.post(path, body);
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body.id as string;
      };
      elbit = await made("/api/organisations", { marking: OPEN, name: "Elbit Systems", country: "ISR", kind: "company" });
      rafael = await made("/api/organisations", { marking: OPEN, name: "Rafael Advanced Defense Systems", country: "ISR", kind: "company" });
      // A host only KRAS holders may know of: other readers see it withheld.
      kras = await made("/api/organisations", { marking: { ...REL, compartments: ["KRAS"] }, name: "Kalyani Rafael Advanced Systems", country: "IND", kind: "company" });
      singh = await made("/api/people", { marking: OPEN, name: "Rajesh Kumar Singh", country: "IND", titles: [{ title: "Defence Secretary" }] });
      katz = await made("/api/people", { marking: OPEN, name: "Israel Katz", country: "ISR", titles: [{ title: "Minister of Defence" }] });
      const forumId = await made("/api/forums", { marking: OPEN, name: "India–Israel Joint Working Group on Defence Cooperation", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
      meetingId = await made("/api/meetings", { marking: REL, forumId, sequence: 17, dateStart: "2025-11-04", venueCity: "Tel Aviv", venueCountry: "ISR" });
    });
    after(async () => { await env.close(); });

    const visit = (extra: object = {}) => ({
      marking: REL, kind: "visit", title: "Indian delegation visits Israeli defence industry", dateStart: "2025-11-06", dateEnd: "2025-11-07", place: "Israel",
      leaderId: singh, delegationCountry: "IND", hostCountry: "ISR", hostIds: [elbit, rafael, kras],
      purpose: "Explore co-production under Atmanirbhar Bharat", areas: ["defence-industrial-cooperation", "co-production"], meetingId, sourceId: "press-release-2025-11-06", ...extra,
    });

    test("create, get, list: leader, hosts and meeting resolved; an unreadable host is withheld", async () => {
      const made = await api.post("/api/engagements", visit());
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = made.body.id;
      assert.equal(made.body.engagementKind, "visit");
      assert.equal(made.body.marking.banner, "RESTRICTED // REL TO IND, ISR");
      assert.deepEqual(made.body.leader, { id: singh, kind: "person", title: "Rajesh Kumar Singh", withheld: false });
      assert.equal(made.body.meeting.id, meetingId);
      assert.deepEqual(made.body.hosts.map((h: any) => h.title).sort(), ["Elbit Systems", "Kalyani Rafael Advanced Systems", "Rafael Advanced Defense Systems"]);
      assert.deepEqual(made.body.areas, ["co-production", "defence-industrial-cooperation"]);
      assert.equal(made.body.sourceId, "press-release-2025-11-06");

      const isr = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 1, roles: ["member"] }));
      const seen = await isr.get(`/api/engagements/${id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.hosts.length, 3);
      assert.deepEqual(seen.body.hosts.filter((h: any) => h.withheld), [{ id: null, withheld: true }]);
      assert.ok(!JSON.stringify(seen.body).includes("Kalyani"), "nothing of the withheld host leaks");
      const listed = await isr.get("/api/engagements");
      assert.equal(listed.body.items.find((e: any) => e.id === id).hosts.filter((h: any) => h.withheld).length, 1);
      const csv = await isr.get("/api/engagements/export");
      assert.match(csv.raw.body, /Elbit Systems; Rafael Advanced Defense Systems; \(withheld\)/);
      assert.ok(!csv.raw.body.includes("Kalyani"));

      const edited = await api.patch(`/api/engagements/${id}`, { outcomes: "Agreed to pursue co-production of loitering munitions" });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.hosts.length, 3, "an edit that omits the hosts keeps them");
      assert.equal(edited.body.version, 2);
    });

    test("filters by kind, country and dates; facets by kind", async () => {
      const callOn = await api.post("/api/engagements", {
        marking: OPEN, kind: "call_on", title: "Defence Secretary calls on Israel's Defence Minister", dateStart: "2025-11-06",
        leaderId: singh, delegationCountry: "IND", hostCountry: "ISR", hostIds: [katz],
      });
      assert.equal(callOn.status, 201, JSON.stringify(callOn.body));
      const exercise = await api.post("/api/engagements", { marking: OPEN, kind: "exercise", title: "Joint training exercise", dateStart: "2026-02-10", dateEnd: "2026-02-20", delegationCountry: "IND", hostCountry: "IND" });
      assert.equal(exercise.status, 201, JSON.stringify(exercise.body));
      const titles = async (q: string) => (await api.get(`/api/engagements?${q}`)).body.items.map((e: any) => e.title).sort();
      assert.deepEqual(await titles("kind=call_on"), ["Defence Secretary calls on Israel's Defence Minister"]);
      assert.deepEqual(await titles("country=ISR"), ["Defence Secretary calls on Israel's Defence Minister", "Indian delegation visits Israeli defence industry"]);
      assert.deepEqual(await titles("from=2025-11-07&to=2025-12-31"), ["Indian delegation visits Israeli defence industry"]);
      assert.deepEqual(await titles("from=2026-02-15"), ["Joint training exercise"]);
      const facets = await api.get("/api/engagements/facets");
      assert.equal(facets.body.total, 3);
      assert.deepEqual(facets.body.facets.engagement_kind.map((f: any) => f.value).sort(), ["call_on", "exercise", "visit"]);
    });

    test("an end before the start is refused naming dateEnd, on create and on edit", async () => {
      const bad = await api.post("/api/engagements", visit({ dateStart: "2025-11-07", dateEnd: "2025-11-06" }));
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, "dateEnd");
      const ok = await api.post("/api/engagements", visit({ title: "Second visit", dateEnd: null }));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const edit = await api.patch(`/api/engagements/${ok.body.id}`, { dateEnd: "2025-11-01" });
      assert.equal(edit.status, 400);
      assert.equal(edit.body.errors[0].field, "dateEnd");
    });

    test("references must be readable records of the right kind", async () => {
      const field = async (extra: object) => {
        const res = await api.post("/api/engagements", visit(extra));
        assert.equal(res.status, 400, JSON.stringify(res.body));
        return res.body.errors[0].field;
      };
      assert.equal(await field({ meetingId: elbit }), "meetingId", "an organisation is not a meeting");
      assert.equal(await field({ leaderId: elbit }), "leaderId");
      assert.equal(await field({ hostIds: [elbit, meetingId] }), "hostIds.1", "a meeting cannot host");
      assert.equal(await field({ hostCountry: "XYZ" }), "hostCountry");
      assert.equal(await field({ areas: ["space-tourism"] }), "areas.0");
      // A reader who may not see the KRAS company may not name it as a host either.
      const other = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["analyst"] }));
      const res = await other.post("/api/engagements", visit({ hostIds: [kras] }));
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].field, "hostIds.0");
      const member = client(env.app, await buildUser(env.store.db, { roles: ["member"] }));
      assert.equal((await member.post("/api/engagements", visit({ hostIds: [] }))).status, 403, "members do not record engagements");
    });
  });
}
