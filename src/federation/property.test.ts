// The outbound rule as a property (issue 17, SPEC 8.2), across two real instances. Random records
// by Indian and Israeli authors on India's instance (a shared instance has both), random markings,
// edits, raisings, releases, link levels, shared compartments, suspensions and partial
// synchronisations, in random order. Checked against a plain reference (the oracle of SPEC 3.2
// for a peer principal, plus originator control): every record put in a bundle was within the rule
// when the bundle was built, and after synchronisation Israel's replicas are exactly the records
// the rule allows, at their current version and marking. Israel's instance records progress on the
// actions it holds: only those Israel owns take it, its contributions go to India only about India's
// records, India answers each and only those, and each applied one is India's progress note once.
// Without originator control it fails.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sql } from "kysely";
import { client, STORES } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { oracleCanRead } from "../security/oracle.ts";
import { LEVELS } from "../domain/markings.ts";
import { Bundle, type Label } from "./bundle.ts";
import { Federation } from "./service.ts";
import { link, relink, replicas, settle, startInstance, suspend, type Api, type Instance } from "./testing.ts";
import type { PushReport } from "./send.ts";

const COMPS = ["JWG", "SWG-DIC", "MRSAM"] as const;
type Nation = "IND" | "ISR";
interface M { level: number; originator: Nation; releasableTo: string[] | "ALL"; compartments: string[] }
interface Link { level: number; compartments: string[]; active: boolean }

type Op =
  | { t: "create"; by: Nation; owner: Nation; level: number; rel: 0 | 1 | 2; comps: string[] }
  | { t: "progress"; pick: number; aim: boolean }
  | { t: "edit"; pick: number }
  | { t: "raise"; pick: number; how: 0 | 1 | 2 }
  | { t: "release"; pick: number; how: 0 | 1 | 2 }
  | { t: "link"; level: number; comps: string[] }
  | { t: "suspend" } | { t: "resume" } | { t: "sync" };

const comps = fc.subarray([...COMPS]);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant("create" as const), by: fc.constantFrom<Nation>("IND", "IND", "ISR"), owner: fc.constantFrom<Nation>("IND", "ISR"), level: fc.integer({ min: 0, max: 3 }), rel: fc.constantFrom<0 | 1 | 2>(0, 1, 1, 2), comps }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("edit" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("raise" as const), pick: fc.nat(), how: fc.constantFrom<0 | 1 | 2>(0, 1, 2) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("release" as const), pick: fc.nat(), how: fc.constantFrom<0 | 1 | 2>(0, 1, 2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("link" as const), level: fc.integer({ min: 0, max: 4 }), comps }) },
  { weight: 1, arbitrary: fc.constantFrom<Op>({ t: "suspend" }, { t: "resume" }) },
  { weight: 2, arbitrary: fc.constant<Op>({ t: "sync" }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("progress" as const), pick: fc.nat(), aim: fc.boolean() }) },
);

const wire = (m: M) => ({ classification: LEVELS[m.level], releasableTo: m.releasableTo, compartments: m.compartments });
const other = (n: Nation): Nation => (n === "IND" ? "ISR" : "IND");

/** The reference: the peer (Israel) as a reader under SPEC 3.2, and only what India originated. */
function mayLeave(link: Link, m: { level: number; originator: string; releasableTo: string[] | "ALL"; compartments: string[] }, originatorControl = true): boolean {
  return oracleCanRead({ nationality: "ISR", clearance: link.level, compartments: link.compartments, active: link.active }, m) && (!originatorControl || m.originator === "IND");
}
const fromLabel = (l: Label) => ({ level: LEVELS.indexOf(l.classification), originator: l.originator, releasableTo: l.releasableTo, compartments: l.compartments });

/** One world across two instances, shared by all runs of a property (its state accumulates). */
class World {
  records: { id: string; m: M; owner: Nation }[] = [];
  /** Progress Israel's instance accepted (202) on India's actions: each must reach India, and only India. */
  contributions: { id: string; recordId: string }[] = [];
  isrCheckedSeq = 0;
  link: Link = { level: 3, compartments: ["JWG"], active: true };
  checkedSeq = 0;
  authors!: Record<Nation, Api>;
  officers!: Record<Nation, Api>;
  constructor(readonly ind: Instance, readonly isr: Instance, readonly sender: Federation, readonly enqueueEverything = false) {}

  async init(): Promise<void> {
    const db = this.ind.env.store.db;
    const user = async (nationality: Nation, roles: string[]) => client(this.ind.env.app, await buildUser(db, { nationality, clearance: 4, compartments: [...COMPS], roles }));
    this.authors = { IND: await user("IND", ["secretariat"]), ISR: await user("ISR", ["secretariat"]) };
    this.officers = { IND: await user("IND", ["security_officer"]), ISR: await user("ISR", ["security_officer"]) };
    // One action Israel owns that may leave at the start, so aimed progress has something to act on.
    await this.apply({ t: "create", by: "IND", owner: "ISR", level: 1, rel: 1, comps: ["JWG"] });
  }

  private async write(by: Nation, id: string, m: M): Promise<void> {
    const res = await this.authors[by].patch(`/api/actions/${id}`, { marking: wire(m) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  async apply(o: Op): Promise<void> {
    const pick = (n: number) => this.records[n % this.records.length];
    switch (o.t) {
      case "create": {
        const releasableTo = o.rel === 0 ? [] : o.rel === 1 ? [other(o.by)] : ("ALL" as const);
        const m: M = { level: o.level, originator: o.by, releasableTo, compartments: [...o.comps].sort() };
        const res = await this.authors[o.by].post("/api/actions", { marking: wire(m), title: `prop ${this.records.length}`, owner: { country: o.owner } });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        this.records.push({ id: res.body.id, m, owner: o.owner });
        return;
      }
      case "progress": {
        // Israel's secretariat records progress on a replica it holds; only an action Israel owns takes it.
        // Aimed: among the actions Israel owns and holds (those that may take it); otherwise any record.
        const holding = await replicas(this.isr);
        const pool = o.aim ? this.records.filter((x) => x.owner === "ISR" && holding.has(x.id)) : this.records;
        const r = pool[o.pick % Math.max(pool.length, 1)];
        if (!r) return;
        const held = holding.has(r.id);
        const res = await this.isr.author.post(`/api/federation/replicas/${r.id}/progress`, { onDate: "2026-01-01", text: `progress ${this.contributions.length}` });
        assert.equal(res.status, !held ? 404 : r.owner === "ISR" ? 202 : 403, JSON.stringify(res.body));
        if (res.status === 202) this.contributions.push({ id: res.body.id, recordId: r.id });
        return;
      }
      case "edit": {
        const r = pick(o.pick);
        if (!r) return;
        const res = await this.authors[r.m.originator].patch(`/api/actions/${r.id}`, { title: `edited ${Date.now()}` });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return;
      }
      case "raise": {
        const r = pick(o.pick);
        if (!r) return;
        const m = { ...r.m };
        if (o.how === 0 && m.level < 4) m.level++;
        else if (o.how === 1 && m.releasableTo !== "ALL" && m.releasableTo.length) m.releasableTo = [];
        else if (o.how === 2) m.compartments = [...new Set([...m.compartments, COMPS[r.id.charCodeAt(r.id.length - 1) % COMPS.length]!])].sort();
        else return;
        await this.write(m.originator, r.id, m);
        r.m = m;
        return;
      }
      case "release": {
        const r = pick(o.pick);
        if (!r) return;
        const m = { ...r.m };
        if (o.how === 0 && m.level > 0) m.level--;
        else if (o.how === 1 && m.releasableTo !== "ALL") m.releasableTo = m.releasableTo.length ? "ALL" : [other(m.originator)];
        else if (o.how === 2 && m.compartments.length) m.compartments = m.compartments.slice(1);
        else return;
        const ask = await this.authors[m.originator].post("/api/releases", { recordId: r.id, marking: wire(m), reason: "property test release" });
        assert.equal(ask.status, 201, JSON.stringify(ask.body));
        const decided = await this.officers[m.originator].post(`/api/releases/${ask.body.id}/decision`, { decision: "approve" });
        assert.equal(decided.status, 200, JSON.stringify(decided.body));
        r.m = m;
        return;
      }
      case "link":
        this.link = { ...this.link, level: o.level, compartments: [...o.comps].sort() };
        await relink(this.ind, this.isr, { level: LEVELS[o.level], compartments: this.link.compartments });
        return;
      case "suspend":
      case "resume":
        if (this.link.active === (o.t === "resume")) return;
        await suspend(this.ind, "ISR", o.t === "resume" ? "active" : "suspended");
        this.link = { ...this.link, active: o.t === "resume" };
        return;
      case "sync":
        await this.sync();
        await this.checkSent();
        return;
      default: {
        const never: never = o;
        throw new Error(`unknown op ${JSON.stringify(never)}`);
      }
    }
  }

  /** One round on each side (India's with the sender under test). */
  async sync(): Promise<PushReport[]> {
    if (this.enqueueEverything) {
      // The mutant's outbox holds every record, so only its rule decides what leaves.
      await sql`insert into federation_outbox (peer_id, record_id, at) select p.id, r.id, ${new Date().toISOString()} from federation_peers p, records r where p.status <> 'removed'`.execute(this.ind.env.store.db);
    }
    const out = await this.sender.sync();
    await this.isr.env.app.federation.sync();
    return out;
  }

  /** Every record put in a bundle built since the last check was within the rule, at its current marking. */
  async checkSent(): Promise<void> {
    const rows = await this.ind.env.store.db.selectFrom("federation_bundles_out").select(["seq", "body"]).where("seq", ">", this.checkedSeq).orderBy("seq").execute();
    for (const row of rows) {
      for (const item of Bundle.parse(JSON.parse(row.body)).items) {
        if (item.op !== "put") continue;
        const label = fromLabel(item.label);
        assert.ok(mayLeave(this.link, label), `bundle ${row.seq} carried ${item.content.id} (${JSON.stringify(label)}) outside the rule for ${JSON.stringify(this.link)}`);
        const model = this.records.find((r) => r.id === item.content.id);
        assert.deepEqual(label, model && { ...model.m, releasableTo: model.m.releasableTo === "ALL" ? "ALL" : [...model.m.releasableTo].filter((c) => c !== model.m.originator).sort() });
      }
      this.checkedSeq = Number(row.seq);
    }
    // Joint acts leave only towards the record's owner: Israel's contributions go to India about
    // India's records, and India's bundles carry no contribution, only answers to Israel's.
    const mine = new Set(this.contributions.map((c) => c.id));
    for (const row of await this.ind.env.store.db.selectFrom("federation_bundles_out").select("body").execute()) {
      for (const item of Bundle.parse(JSON.parse(row.body)).items) {
        assert.notEqual(item.op, "contribute", "India's instance contributed nothing");
        if (item.op === "answer") assert.ok(mine.has(item.content.id), `India answered ${item.content.id}, which Israel never sent`);
      }
    }
    const out = await this.isr.env.store.db.selectFrom("federation_bundles_out").select(["seq", "body"]).where("seq", ">", this.isrCheckedSeq).orderBy("seq").execute();
    for (const row of out) {
      const b = Bundle.parse(JSON.parse(row.body));
      for (const item of b.items) {
        assert.ok(item.op === "contribute", `Israel's instance sent ${item.op} ${item.content.id}: it originates nothing in this world`);
        const record = this.records.find((r) => r.id === item.content.recordId);
        assert.ok(mine.has(item.content.id) && record, `contribution ${item.content.id} was made through the route`);
        assert.deepEqual([b.to.country, item.label.originator, record.m.originator, record.owner], ["IND", "IND", "IND", "ISR"]);
      }
      this.isrCheckedSeq = Number(row.seq);
    }
  }

  /** After synchronisation: Israel's replicas are exactly what the rule allows, at the current version and marking. */
  async checkReplicas(): Promise<void> {
    await settle([this.ind, this.isr], async () => this.sync());
    await this.checkSent();
    const versions = new Map((await this.ind.env.store.db.selectFrom("records").select(["id", "version"]).execute()).map((r) => [r.id, Number(r.version)]));
    const expected = new Map(this.records.filter((r) => mayLeave(this.link, r.m)).map((r) => [r.id, versions.get(r.id)!]));
    const held = await replicas(this.isr);
    assert.deepEqual(new Map([...held].map(([id, r]) => [id, r.version])), expected);
    for (const [id, r] of held) {
      const model = this.records.find((x) => x.id === id)!;
      const label = fromLabel(JSON.parse(r.label) as Label);
      assert.deepEqual([label.level, label.originator, label.compartments], [model.m.level, model.m.originator, model.m.compartments]);
    }
    // While the link is up, every contribution was answered; each applied one is India's progress note, once.
    if (!this.link.active) return;
    const states = await this.isr.env.store.db.selectFrom("federation_contributions").select(["id", "state"]).where("direction", "=", "out").execute();
    assert.deepEqual(states.filter((c) => c.state === "pending"), []);
    const notes = await this.ind.env.store.db.selectFrom("action_updates").select("contribution_id").where("contribution_id", "is not", null).execute();
    assert.deepEqual(notes.map((n) => n.contribution_id).sort(), states.filter((c) => c.state === "applied").map((c) => c.id).sort());
  }
}

async function world(kind: "sqlite" | "postgres", rule: { originatorControl?: boolean } = {}): Promise<World> {
  const ind = await startInstance("sqlite", "IND");
  const isr = await startInstance(kind, "ISR");
  await link(ind, isr, "SECRET", ["JWG"]);
  const w = new World(ind, isr, new Federation(ind.env.store.db, ind.cfg, rule), rule.originatorControl === false);
  await w.init();
  return w;
}

const property = (w: World) => fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
  for (const o of ops) await w.apply(o);
  await w.checkReplicas();
});

for (const kind of STORES) {
  describe(`federation outbound rule, property (Israel on ${kind})`, () => {
    let w: World;
    let mutant: World;
    before(async () => {
      w = await world(kind);
      mutant = await world(kind, { originatorControl: false });
    });
    after(async () => {
      for (const x of [w, mutant]) {
        await x?.ind.close();
        await x?.isr.close();
      }
    });

    test("after synchronisation the peer holds exactly what the read rule for it allows, and nothing outside it was ever sent", async () => {
      // The world accumulates across runs (as a real pair of instances does): no shrinking.
      await fc.assert(property(w), { numRuns: kind === "sqlite" ? 30 : 15, endOnFailure: true });
      // Whatever the runs did (random links may have let nothing through), a qualifying record and one
      // contribution surely go out, and the same checks hold after them.
      for (const o of [{ t: "resume" }, { t: "link", level: 3, comps: ["JWG"] }, { t: "create", by: "IND", owner: "ISR", level: 1, rel: 1, comps: ["JWG"] }, { t: "sync" }, { t: "progress", pick: w.records.length, aim: true }] as Op[]) await w.apply(o);
      await w.checkReplicas();
      assert.ok(w.checkedSeq > 0 && w.records.length > 0, "bundles went out");
      assert.ok(w.contributions.length > 0, "contributions went out");
    });

    test("without originator control the same property fails", async () => {
      const out = await fc.check(property(mutant), { numRuns: 40, endOnFailure: true, seed: 17 });
      assert.ok(out.failed, "the property must catch a sender that passes on another country's records");
      assert.match(String(out.errorInstance), /outside the rule/);
    });
  });
}
