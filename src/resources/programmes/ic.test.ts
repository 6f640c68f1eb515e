// Indigenous content: worked examples computed by hand, and the thresholds as versioned data.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, settleAudit, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { computeIc, type CostLine } from "./ic.ts";
import { seedIcThresholds, thresholdKey, thresholdsFor } from "./ic-thresholds.ts";
import { Scope } from "../../store/access.ts";
import { Reader } from "../../store/reader.ts";

const line = (kind: CostLine["kind"], origin: CostLine["origin"], amount: number): CostLine => ({ kind, origin, amount });

describe("computeIc: worked examples", () => {
  test("100 Cr base with 10 Cr taxes on top, 30 Cr imported components, 5 Cr royalties abroad: 65%", () => {
    // Contract price 110 Cr; base = 110 − 10 = 100; deductions 30 + 5 = 35; IC = 65/100.
    const ic = computeIc([line("assembly", "indigenous", 65), line("component", "imported", 30), line("royalty", "imported", 5), line("tax", "indigenous", 10)], { minPercent: 50 });
    assert.equal(ic.basePrice, 100);
    assert.equal(ic.imported, 35);
    assert.equal(ic.indigenous, 65);
    assert.equal(ic.icPercent, 65);
    assert.equal(ic.minimumPercent, 50);
    assert.equal(ic.compliant, true);
  });

  test("taxes and duties are outside the base whatever their origin", () => {
    // Base = 50 + 50 = 100 (12 tax and 8 imported duty excluded); deductions 50 (service abroad): 50%.
    const lines = [line("material", "indigenous", 50), line("service", "imported", 50), line("tax", "indigenous", 12), line("duty", "imported", 8)];
    const ic = computeIc(lines, { minPercent: 60 });
    assert.equal(ic.basePrice, 100);
    assert.equal(ic.imported, 50);
    assert.equal(ic.icPercent, 50);
    assert.equal(ic.compliant, false, "Buy (Indian) needs 60%");
    assert.equal(computeIc(lines, { minPercent: 50 }).compliant, true, "exactly the minimum complies");
    assert.deepEqual(ic.breakdown, [
      { kind: "material", indigenous: 50, imported: 0, excluded: 0 },
      { kind: "service", indigenous: 0, imported: 50, excluded: 0 },
      { kind: "tax", indigenous: 0, imported: 0, excluded: 12 },
      { kind: "duty", indigenous: 0, imported: 0, excluded: 8 },
    ]);
  });

  test("licence and technical fees are deducted when paid abroad, not when paid in India", () => {
    // Base 70 + 10 + 5 + 15 = 100; deductions 10 (licence abroad) + 5 (technical abroad) = 15: 85%.
    const ic = computeIc([line("material", "indigenous", 70), line("licence_fee", "imported", 10), line("technical_fee", "imported", 5), line("technical_fee", "indigenous", 15)]);
    assert.equal(ic.icPercent, 85);
    assert.equal(ic.imported, 15);
    assert.equal(ic.minimumPercent, null);
    assert.equal(ic.compliant, null, "no category, no verdict");
  });

  test("sub-vendors' imported assemblies and materials count against IC like the prime's", () => {
    // 240 Cr base: 120 indigenous assembly, 80 imported assemblies, 40 imported raw material → (240 − 120)/240 = 50%.
    const ic = computeIc([line("assembly", "indigenous", 120), line("assembly", "imported", 80), line("material", "imported", 40)]);
    assert.equal(ic.basePrice, 240);
    assert.equal(ic.icPercent, 50);
  });

  test("rounded to two decimals: 2 of 3 indigenous is 66.67%", () => {
    assert.equal(computeIc([line("component", "indigenous", 2), line("component", "imported", 1)]).icPercent, 66.67);
    assert.equal(computeIc([line("component", "indigenous", 1), line("other", "imported", 2)]).icPercent, 33.33);
  });

  test("compliance is judged on the exact share, not the rounded one", () => {
    // 49.996% shows as 50 but is below a 50% minimum.
    const ic = computeIc([line("component", "indigenous", 49.996), line("component", "imported", 50.004)], { minPercent: 50 });
    assert.equal(ic.icPercent, 50);
    assert.equal(ic.compliant, false);
  });

  test("an empty base has no IC and no verdict", () => {
    for (const lines of [[], [line("tax", "indigenous", 10), line("duty", "imported", 5)]]) {
      const ic = computeIc(lines, { minPercent: 50 });
      assert.equal(ic.basePrice, 0);
      assert.equal(ic.icPercent, null);
      assert.equal(ic.compliant, null);
      assert.equal(ic.minimumPercent, 50);
    }
  });

  test("sums carry no floating-point noise", () => {
    const ic = computeIc([line("material", "indigenous", 0.1), line("material", "indigenous", 0.2), line("service", "imported", 0.3)]);
    assert.equal(ic.basePrice, 0.6);
    assert.equal(ic.indigenous, 0.3);
    assert.equal(ic.icPercent, 50);
  });
});

for (const kind of STORES) {
  describe(`IC thresholds as versioned data (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("the same category gives 50% under DAP-2020 and 60% under the 2026 draft; seeding twice changes nothing", async () => {
      await seedIcThresholds(env.store.db);
      const t = await thresholdsFor(new Reader(env.store.db, Scope.system(), { actor: "test", client: null }), [{ version: "DAP-2020", category: "buy_indian_iddm" }, { version: "DAP-2026-draft", category: "buy_indian_iddm" }]);
      const old = t.get(thresholdKey("DAP-2020", "buy_indian_iddm"))!;
      const draft = t.get(thresholdKey("DAP-2026-draft", "buy_indian_iddm"))!;
      assert.equal(old.minPercent, 50);
      assert.equal(old.effectiveFrom, "2020-10-01");
      assert.equal(draft.minPercent, 60);
      assert.equal(draft.effectiveFrom, "2026-01-01");
      assert.equal(t.get(thresholdKey("DAP-2026-draft", "buy_global_indian_vendor"))!.minPercent, 30, "the draft keeps the other categories");
      // A 55% programme complies under DAP 2020 and falls short under the draft.
      const lines = [line("assembly", "indigenous", 55), line("component", "imported", 45)];
      assert.equal(computeIc(lines, old).compliant, true);
      assert.equal(computeIc(lines, draft).compliant, false);
      const count = await env.store.db.selectFrom("ic_thresholds").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 14);
    });

    test("GET lists every version to any signed-in user; POST is for administrators, duplicates refused with 409", async () => {
      const member = client(env.app, await buildUser(env.store.db, { roles: ["member"] }));
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"] }));
      const list = await member.get("/api/ic/thresholds");
      assert.equal(list.status, 200);
      assert.ok(list.body.items.some((t: any) => t.tableVersion === "DAP-2020" && t.category === "buy_and_make_indian" && t.minPercent === 50 && t.basis === "of Make portion"));
      assert.ok(list.body.items.some((t: any) => t.tableVersion === "DAP-2026-draft" && t.category === "buy_indian_iddm" && t.minPercent === 60));

      const row = { tableVersion: "DAP-2027", category: "buy_indian_iddm", minPercent: 65, basis: "of base contract price", effectiveFrom: "2027-04-01" };
      const denied = await member.post("/api/ic/thresholds", row);
      assert.equal(denied.status, 403);
      await settleAudit(env.store);
      const audit = await env.store.db.selectFrom("audit_events").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
      assert.equal(audit.action, "ic_threshold.create");
      assert.equal(audit.outcome, "denied");

      const made = await admin.post("/api/ic/thresholds", row);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const again = await admin.post("/api/ic/thresholds", { ...row, minPercent: 70 });
      assert.equal(again.status, 409);
      assert.equal(again.body.errors[0].field, "category");
      const otherDate = await admin.post("/api/ic/thresholds", { ...row, category: "make_i", effectiveFrom: "2027-05-01" });
      assert.equal(otherDate.status, 400);
      assert.equal(otherDate.body.errors[0].field, "effectiveFrom");
      const after = await member.get("/api/ic/thresholds");
      assert.deepEqual(after.body.items.filter((t: any) => t.tableVersion === "DAP-2027"), [row]);
    });
  });
}
