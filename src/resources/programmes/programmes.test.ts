// Programmes through the API: a life cycle end to end, work shares, the compartment as
// need-to-know, and industry users held to their own organisation's programmes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, settleAudit, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

const OPEN = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const MRSAM = { classification: "CONFIDENTIAL", releasableTo: ["ISR"], compartments: ["MRSAM"] };
const COSTS_65 = [
  { description: "Launcher assembly, BDL", kind: "assembly", origin: "indigenous", amount: 65 },
  { description: "Seeker components, IAI", kind: "component", origin: "imported", amount: 30 },
  { description: "Design royalty to IAI", kind: "royalty", origin: "imported", amount: 5 },
  { description: "GST", kind: "tax", origin: "indigenous", amount: 10 },
];

for (const kind of STORES) {
  describe(`programmes (${kind})`, () => {
    let env: TestEnv;
    let drdo: string;
    let iai: string;
    let bdl: string;
    before(async () => {
      env = await testEnv(kind);
      const sec = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"] }));
      const org = async (name: string, country: string) => (await sec.post("/api/organisations", { marking: OPEN, name, country, kind: "company" })).body.id as string;
      drdo = await org("Defence Research and Development Organisation", "IND");
      iai = await org("Israel Aerospace Industries", "ISR");
      bdl = await org("Bharat Dynamics Limited", "IND");
    });
    after(async () => { await env.close(); });

    const count = async (table: "records" | "programmes" | "programme_partners" | "audit_events") =>
      settleAudit(env.store).then(async () => Number((await env.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n));
    const lastAudit = () => settleAudit(env.store).then(() => env.store.db.selectFrom("audit_events").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow());
    const programmeUser = (compartments = ["MRSAM"], nationality = "IND") => buildUser(env.store.db, { nationality, clearance: 3, roles: ["programme"], compartments });
    const industryUser = async (organisationId: string) => {
      const u = await buildUser(env.store.db, { clearance: 3, roles: ["industry"], compartments: ["MRSAM"] });
      await env.store.db.updateTable("users").set({ organisation_id: organisationId }).where("id", "=", u.userId).execute();
      return u;
    };
    const mrsam = (title: string, extra: object = {}) => ({
      marking: MRSAM, kind: "co_development", title, stage: "concept", compartment: "MRSAM", areas: ["co-production"],
      partners: [{ organisationId: drdo, role: "lead", workShare: 60 }, { organisationId: iai, role: "partner", workShare: 40 }],
      buyerCountry: "IND", acquisitionCategory: "buy_indian_iddm", icTableVersion: "DAP-2020", value: 17000, currency: "INR", costLines: COSTS_65, ...extra,
    });

    test("life cycle: concept to production, milestones and ToT phases with actual dates, IC against the minimum", async () => {
      const api = client(env.app, await programmeUser());
      const made = await api.post("/api/programmes", mrsam("Barak-8 MRSAM (Army)"));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = made.body.id;
      assert.equal(made.body.stage, "concept");
      assert.equal(made.body.marking.banner, "CONFIDENTIAL // REL TO IND, ISR // MRSAM");
      assert.deepEqual(made.body.partners, [
        { organisation: { id: drdo, kind: "organisation", title: "Defence Research and Development Organisation", withheld: false }, role: "lead", workShare: 60 },
        { organisation: { id: iai, kind: "organisation", title: "Israel Aerospace Industries", withheld: false }, role: "partner", workShare: 40 },
      ]);
      const ic = made.body.indigenousContent;
      assert.deepEqual([ic.category, ic.tableVersion, ic.basePrice, ic.deductions, ic.icPercent, ic.minimumPercent, ic.compliant], ["buy_indian_iddm", "DAP-2020", 100, 35, 65, 50, true]);

      const milestones = [{ title: "Critical design review", plannedOn: "2026-03-01", status: "planned" }, { title: "First guided firing", plannedOn: "2026-09-15", status: "planned" }];
      const withMilestones = await api.patch(`/api/programmes/${id}`, { stage: "mou", milestones });
      assert.equal(withMilestones.status, 200, JSON.stringify(withMilestones.body));
      assert.equal(withMilestones.body.milestones.length, 2);
      assert.equal(withMilestones.body.partners.length, 2, "an edit that omits a list keeps it");
      assert.equal(withMilestones.body.costLines.length, 4);
      for (const stage of ["contract", "development", "production"]) {
        const moved = await api.patch(`/api/programmes/${id}`, { stage });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
        assert.equal(moved.body.stage, stage);
      }
      const done = await api.patch(`/api/programmes/${id}`, {
        milestones: [{ ...milestones[0], actualOn: "2026-03-20", status: "achieved" }, { ...milestones[1], status: "delayed" }],
        totPhases: [{ phase: "skd", plannedOn: "2026-06-01", actualOn: "2026-06-10", status: "achieved" }, { phase: "licensed_manufacture", plannedOn: "2027-01-01", status: "planned" }],
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.deepEqual(done.body.milestones[0], { title: "Critical design review", plannedOn: "2026-03-01", actualOn: "2026-03-20", status: "achieved" });
      assert.deepEqual(done.body.totPhases[1], { phase: "licensed_manufacture", plannedOn: "2027-01-01", actualOn: null, status: "planned" });
      assert.equal(done.body.version, 6);

      // Under the 2026 draft IDDM needs 60%: 65% still complies; imports raised to 45% no longer do.
      const draft = await api.patch(`/api/programmes/${id}`, { icTableVersion: "DAP-2026-draft" });
      assert.deepEqual([draft.body.indigenousContent.minimumPercent, draft.body.indigenousContent.compliant], [60, true]);
      const short = await api.patch(`/api/programmes/${id}`, { costLines: [{ description: "Launcher", kind: "assembly", origin: "indigenous", amount: 55 }, { description: "Seeker", kind: "component", origin: "imported", amount: 45 }] });
      assert.deepEqual([short.body.indigenousContent.icPercent, short.body.indigenousContent.minimumPercent, short.body.indigenousContent.compliant], [55, 60, false]);

      const history = await api.get(`/api/records/${id}/history`);
      assert.deepEqual(history.body.items.map((v: any) => v.data.stage), ["production", "production", "production", "production", "development", "contract", "mou", "concept"]);
      const csv = await api.get("/api/programmes/export");
      assert.match(csv.raw.body, /Barak-8 MRSAM \(Army\).*production.*Defence Research and Development Organisation \(lead, 60%\)/);
      assert.equal((await api.get("/api/programmes?stage=production")).body.items.length, 1);
      const facets = await api.get("/api/programmes/facets");
      assert.ok(facets.body.facets.stage.some((f: any) => f.value === "production"));
    });

    test("work shares summing to 90% are refused naming partners, and nothing is written", async () => {
      const api = client(env.app, await programmeUser());
      const before = { records: await count("records"), programmes: await count("programmes"), partners: await count("programme_partners") };
      const res = await api.post("/api/programmes", mrsam("Short shares", { partners: [{ organisationId: drdo, role: "lead", workShare: 50 }, { organisationId: iai, role: "partner", workShare: 40 }] }));
      assert.equal(res.status, 400);
      assert.ok(res.body.errors.some((e: any) => e.field === "partners"), JSON.stringify(res.body));
      assert.deepEqual({ records: await count("records"), programmes: await count("programmes"), partners: await count("programme_partners") }, before);

      const tenths = await api.post("/api/programmes", mrsam("Thirds to a tenth", { partners: [drdo, iai, bdl].map((organisationId) => ({ organisationId, role: "partner", workShare: 33.3 })) }));
      assert.equal(tenths.status, 400, "99.9 is off by more than rounding");
      const rounded = await api.post("/api/programmes", mrsam("Thirds to a hundredth", { partners: [drdo, iai, bdl].map((organisationId) => ({ organisationId, role: "partner", workShare: 33.33 })) }));
      assert.equal(rounded.status, 201, `99.99 is rounding: ${JSON.stringify(rounded.body)}`);
      const edit = await api.patch(`/api/programmes/${rounded.body.id}`, { partners: [{ organisationId: drdo, role: "lead", workShare: 90 }] });
      assert.equal(edit.status, 400);
      assert.equal(edit.body.errors[0].field, "partners");
      assert.equal((await api.get(`/api/programmes/${rounded.body.id}`)).body.version, 1);
    });

    test("other fields are checked: the marking carries the compartment, IC category and version exist", async () => {
      const api = client(env.app, await programmeUser());
      const field = async (body: object) => {
        const res = await api.post("/api/programmes", body);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        return res.body.errors[0].field;
      };
      assert.equal(await field(mrsam("Unmarked", { marking: { classification: "CONFIDENTIAL", releasableTo: ["ISR"] } })), "marking.compartments");
      assert.equal(await field(mrsam("Bad category", { acquisitionCategory: "buy_martian" })), "acquisitionCategory");
      assert.equal(await field(mrsam("Bad table", { icTableVersion: "DAP-1999" })), "icTableVersion");
      assert.equal(await field(mrsam("Unpriced", { currency: null })), "currency");
      assert.equal(await field(mrsam("Twice", { partners: [{ organisationId: drdo, role: "lead", workShare: 50 }, { organisationId: drdo, role: "partner", workShare: 50 }] })), "partners.1.organisationId");
    });

    test("a programme in compartment MRSAM is invisible without MRSAM and visible with it", async () => {
      const owner = client(env.app, await programmeUser());
      const made = await owner.post("/api/programmes", mrsam("Zircon naval air defence"));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const outsider = client(env.app, await buildUser(env.store.db, { clearance: 4, roles: ["member"], compartments: ["JWG", "KRAS"] }));
      const got = await outsider.get(`/api/programmes/${made.body.id}`);
      const missing = await outsider.get("/api/programmes/01JZZZZZZZZZZZZZZZZZZZZZZZ");
      assert.equal(got.status, 404);
      assert.deepEqual(got.body, missing.body);
      assert.ok(!(await outsider.get("/api/programmes")).body.items.some((p: any) => p.id === made.body.id));
      assert.equal((await outsider.get("/api/search?q=zircon")).body.items.length, 0);
      assert.equal((await outsider.get("/api/programmes/facets")).body.total, 0);
      assert.equal((await outsider.patch(`/api/programmes/${made.body.id}`, { stage: "closed" })).status, 404);

      const insider = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 2, roles: ["member"], compartments: ["MRSAM"] }));
      assert.equal((await insider.get(`/api/programmes/${made.body.id}`)).status, 200);
      assert.ok((await insider.get("/api/programmes")).body.items.some((p: any) => p.id === made.body.id));
      assert.equal((await insider.get("/api/search?q=zircon")).body.items[0].id, made.body.id);
    });

    test("an industry user may create and edit only programmes its organisation is a partner of; refusals are audited", async () => {
      const outsiderApi = client(env.app, await industryUser(bdl));
      const before = { records: await count("records"), audit: await count("audit_events") };
      const refused = await outsiderApi.post("/api/programmes", mrsam("Not BDL's"));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, "forbidden");
      assert.equal(await count("records"), before.records, "nothing written");
      assert.equal(await count("audit_events"), before.audit + 1);
      const ev = await lastAudit();
      assert.deepEqual([ev.action, ev.outcome], ["programme.create", "denied"]);

      const partnerApi = client(env.app, await industryUser(iai));
      const own = await partnerApi.post("/api/programmes", mrsam("IAI's own"));
      assert.equal(own.status, 201, JSON.stringify(own.body));
      const edit = await outsiderApi.patch(`/api/programmes/${own.body.id}`, { stage: "mou" });
      assert.equal(edit.status, 403);
      const denied = await lastAudit();
      assert.deepEqual([denied.action, denied.outcome, denied.target], ["programme.update", "denied", own.body.id]);
      assert.equal((await partnerApi.patch(`/api/programmes/${own.body.id}`, { stage: "mou" })).status, 200);
      const handOver = await partnerApi.patch(`/api/programmes/${own.body.id}`, { partners: [{ organisationId: drdo, role: "lead", workShare: 100 }] });
      assert.equal(handOver.status, 403, "nor may it write its organisation out of the programme");
      assert.equal((await partnerApi.get(`/api/programmes/${own.body.id}`)).body.version, 2);
    });
  });
}
