// Faults across two real instances (issue 17): a peer offline that catches up in order; bundles
// duplicated, reordered and replayed; a flipped byte, an unknown key, a third country's record, a
// label above the link or not releasable to the receiver; the air gap both ways (functions and the
// command line). Each is refused whole or recovered, nothing half-applied, and audited.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { ulid } from "ulid";
import { settleAudit } from "../testing/harness.ts";
import { BUNDLE_FORMAT, envelopeOf, labelOf, sealBundle, signItem, type Item } from "./bundle.ts";
import { fingerprintOf } from "./identity.ts";
import { importBundles } from "./receive.ts";
import { buildAll, exportBundles } from "./send.ts";
import { link, replicas, settle, startInstance, type Instance } from "./testing.ts";
import { STORES } from "../testing/harness.ts";
import type { Marking } from "../domain/markings.ts";

const REL = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const DEAD = "http://127.0.0.1:1";

/** Posts a bundle as a sender holding `key` would: with the envelope over the body's SHA-256 that key signs. */
async function post(url: string, body: string, key: KeyObject, headers: Record<string, string> = envelopeOf(key, fingerprintOf(rawOf(key)), body)): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/federation/v1/bundles`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
  return { status: res.status, body: await res.json() };
}

const rawOf = (key: KeyObject) => Buffer.from(String(key.export({ format: "jwk" }).x), "base64url");

/** A bundle made by hand, signed by `key`, claiming to come from `from`. */
type PutItem = Omit<Extract<Item, { op: "put" }>, "signature">;

function forge(key: KeyObject, from: string, to: string, seq: number, items: PutItem[]): string {
  return sealBundle(key, { format: BUNDLE_FORMAT, from: { country: from, key: fingerprintOf(rawOf(key)) }, to: { country: to }, seq, createdAt: new Date().toISOString(), items: items.map((i) => signItem(key, i)) }).text;
}

const put = (id: string, m: Marking, title = "forged"): PutItem =>
  ({ op: "put", label: labelOf(m), content: { id, kind: "action", version: 1, title, updatedAt: new Date().toISOString(), data: { title }, files: [] } });

for (const kind of STORES) {
  describe(`federation faults: India (sqlite) → Israel (${kind})`, () => {
    let ind: Instance;
    let isr: Instance;
    let peerId = "";
    const indKey = () => ind.env.app.federation.identity().privateKey;
    before(async () => {
      ind = await startInstance("sqlite", "IND");
      isr = await startInstance(kind, "ISR");
      await link(ind, isr, "SECRET", ["JWG"]);
      peerId = (await ind.env.store.db.selectFrom("federation_peers").select("id").executeTakeFirstOrThrow()).id;
    });
    after(async () => {
      await ind?.close();
      await isr?.close();
    });

    const action = async (title: string, marking: object = REL) => {
      const res = await ind.author.post("/api/actions", { marking, title, owner: { country: "IND" } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const applied = async () => Number((await isr.env.store.db.selectFrom("federation_peers").select("applied_in_seq").executeTakeFirstOrThrow()).applied_in_seq);
    const setUrl = async (url: string) => assert.equal((await ind.officer.patch("/api/federation/peers/ISR", { url })).status, 200);
    /** Builds bundles of one record each without sending them; returns their texts by number. */
    const buildSingles = async () => {
      const built = await buildAll(ind.env.store.db, ind.env.app.federation.identity(), 1);
      const seqs = built.get("ISR") ?? [];
      const rows = await ind.env.store.db.selectFrom("federation_bundles_out").select(["seq", "body"]).where("seq", "in", seqs.length ? seqs : [0]).orderBy("seq").execute();
      return rows.map((r) => r.body);
    };

    test("a peer offline for a while catches up in order once it answers again", async () => {
      await setUrl(DEAD);
      const ids: string[] = [];
      for (const t of ["offline one", "offline two", "offline three"]) {
        ids.push(await action(t));
        const [report] = await ind.env.app.federation.sync();
        assert.match(report!.error ?? "", /unreachable/);
      }
      const state = (await ind.officer.get("/api/federation/peers")).body.peers[0];
      assert.match(state.lastError, /unreachable/);
      assert.equal(state.queue.bundles, 3);
      assert.equal(await applied(), 0);
      await setUrl(isr.url);
      await settle([ind, isr]);
      assert.equal(await applied(), 3);
      for (const id of ids) assert.ok((await replicas(isr)).has(id));
      const order = await isr.env.store.db.selectFrom("federation_bundles_in").select(["seq", "applied_at"]).orderBy("seq").execute();
      assert.deepEqual(order.map((r) => r.seq), [1, 2, 3]);
      assert.deepEqual([...order].sort((a, b) => a.applied_at!.localeCompare(b.applied_at!)).map((r) => r.seq), [1, 2, 3], "applied in order");
    });

    test("duplicated and reordered bundles apply once, in order; a gap waits and names the number it expects", async () => {
      const ids = [await action("reorder a"), await action("reorder b"), await action("reorder c")];
      const [b4, b5, b6] = await buildSingles();
      assert.ok(b4 && b5 && b6);
      let r = await post(isr.url, b6, indKey());
      assert.deepEqual([r.status, r.body.status, r.body.expected], [202, "waiting", 4]);
      r = await post(isr.url, b6, indKey());
      assert.deepEqual([r.status, r.body.status], [202, "waiting"], "the same waiting bundle again");
      r = await post(isr.url, b5, indKey());
      assert.equal(r.status, 202);
      assert.equal((await replicas(isr)).has(ids[1]!), false, "nothing applied behind the gap");
      r = await post(isr.url, b4, indKey());
      assert.deepEqual([r.status, r.body.status, r.body.applied], [200, "applied", 6], "the gap filled, the waiting ones follow");
      r = await post(isr.url, b5, indKey());
      assert.deepEqual([r.status, r.body.status, r.body.applied], [200, "duplicate", 6]);
      for (const id of ids) assert.ok((await replicas(isr)).has(id));
      await settle([ind, isr]);
      assert.equal(await applied(), 6);
    });

    test("who sent a bundle is checked from its envelope before its body is parsed: no envelope, a stranger's key or a signature over other bytes is refused as such", async () => {
      const garbage = `{"not json${"x".repeat(4 * 1024 * 1024)}`;
      const stranger = generateKeyPairSync("ed25519").privateKey;
      const signedOther = envelopeOf(indKey(), fingerprintOf(rawOf(indKey())), "other bytes");
      const cases: [string, Record<string, string>, number, string][] = [
        ["no envelope", {}, 401, "unsigned"],
        ["a stranger's key", envelopeOf(stranger, fingerprintOf(rawOf(stranger)), garbage), 403, "unknown_key"],
        ["India's key over other bytes", signedOther, 403, "bad_signature"],
      ];
      for (const [what, headers, status, reason] of cases) {
        const r = await post(isr.url, garbage, indKey(), headers);
        // Parsed first, each would have been refused as malformed.
        assert.deepEqual([r.status, r.body.reason], [status, reason], what);
      }
      // Signed by India over these very bytes, the body is parsed, and refused for what it is.
      assert.deepEqual((await post(isr.url, garbage, indKey())).body.reason, "malformed");
      assert.equal(await applied(), 6);
      await settleAudit(isr.env.store);
      const reasons = (await isr.env.store.db.selectFrom("audit_events").select("details").where("action", "=", "federation.bundle.refused").execute()).map((e) => (JSON.parse(e.details) as { reason: string }).reason);
      for (const reason of ["unsigned", "unknown_key", "bad_signature", "malformed"]) assert.ok(reasons.includes(reason), `audited: ${reason}`);
    });

    test("a bundle replayed under an applied number with other content is refused", async () => {
      const forged = forge(ind.env.app.federation.identity().privateKey, "IND", "ISR", 2, [put(ulid(), { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] })]);
      const r = await post(isr.url, forged, indKey());
      assert.deepEqual([r.status, r.body.reason], [409, "replayed"]);
      assert.equal(await applied(), 6);
    });

    test("a flipped byte, an unknown key, a third country's record, a label above the link or not releasable: each bundle refused whole and audited", async () => {
      const good = await action("good one");
      const other = await action("good two");
      const [body, body2] = await buildSingles();
      assert.ok(body && body2);
      const before = await replicas(isr);
      const flipped = body.replace("good one", "good onf");
      assert.notEqual(flipped, body);
      const broken = body.replace('"format"', '"f0rmat"');
      const brace = `${body.slice(0, 10)}${body[10] === "{" ? "[" : "{"}${body.slice(11)}`;
      const stranger = generateKeyPairSync("ed25519").privateKey;
      const me = ind.env.app.federation.identity().privateKey;
      const next = 7;
      const cases: [string, string, number, string, KeyObject?][] = [
        ["flipped byte in content", flipped, 403, "bad_signature"],
        ["flipped byte in a name", broken, 400, "malformed"],
        ["flipped byte in the syntax", brace, 400, "malformed"],
        ["unknown key", forge(stranger, "IND", "ISR", next, [put(ulid(), { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] })]), 403, "unknown_key", stranger],
        ["a third country's record", forge(me, "IND", "ISR", next, [put(ulid(), { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] }), put(ulid(), { classification: 1, originator: "USA", releasableTo: "ALL", compartments: [] })]), 403, "foreign_originator"],
        ["above the link's level", forge(me, "IND", "ISR", next, [put(ulid(), { classification: 4, originator: "IND", releasableTo: ["ISR"], compartments: [] })]), 403, "above_link_level"],
        ["not releasable to Israel", forge(me, "IND", "ISR", next, [put(ulid(), { classification: 1, originator: "IND", releasableTo: [], compartments: [] })]), 403, "not_releasable"],
        ["a compartment not shared", forge(me, "IND", "ISR", next, [put(ulid(), { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: ["MRSAM"] })]), 403, "compartment_not_shared"],
        ["a record Israel owns", forge(me, "IND", "ISR", next, [put((await isr.author.post("/api/actions", { marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, title: "Israel's own", owner: { country: "ISR" } })).body.id, { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] })]), 403, "owned_here"],
        ["addressed to another country", forge(me, "IND", "IND", next, [put(ulid(), { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] })]), 403, "misaddressed"],
      ];
      for (const [what, text, status, reason, key] of cases) {
        const r = await post(isr.url, text, key ?? me);
        assert.deepEqual([r.status, r.body.reason], [status, reason], what);
      }
      assert.deepEqual(await replicas(isr), before, "nothing applied");
      assert.equal(await applied(), 6);
      await settleAudit(isr.env.store);
      const refused = await isr.env.store.db.selectFrom("audit_events").select("details").where("action", "=", "federation.bundle.refused").execute();
      const reasons = refused.map((e) => (JSON.parse(e.details) as { reason: string; hash: string | null }));
      // An unknown key is refused from the envelope before the body is read: no hash to give.
      for (const [, , , reason] of cases) assert.ok(reasons.some((x) => x.reason === reason && (reason === "unknown_key" ? x.hash === null : /^[0-9a-f]{64}$/.test(x.hash ?? ""))), `audited: ${reason}`);
      // The genuine bundles still apply afterwards, in order.
      assert.equal((await post(isr.url, body, indKey())).body.status, "applied");
      assert.equal((await post(isr.url, body2, indKey())).body.applied, 8);
      assert.ok((await replicas(isr)).has(good) && (await replicas(isr)).has(other));
      await settle([ind, isr]);
    });

    test("air gap: bundles exported to a file and imported on the other side, once", async () => {
      await setUrl(DEAD);
      const ids = [await action("air gap one"), await action("air gap two")];
      await ind.env.app.federation.sync();
      const { text, seqs } = await exportBundles(ind.env.store.db, peerId);
      assert.ok(seqs.length >= 1);
      const first = await importBundles(isr.env.store.db, "ISR", text);
      assert.ok(first.every((r) => "status" in r.result && r.result.status === "applied"), JSON.stringify(first));
      for (const id of ids) assert.ok((await replicas(isr)).has(id));
      const again = await importBundles(isr.env.store.db, "ISR", text);
      assert.ok(again.every((r) => "status" in r.result && r.result.status === "duplicate"));
      const tampered = await importBundles(isr.env.store.db, "ISR", text.replace("air gap two", "air gap 2wo"));
      assert.ok(tampered.some((r) => "refused" in r.result));
      await setUrl(isr.url);
      await settle([ind, isr]);
    });

    if (kind === "sqlite") {
      test("air gap through the command line: federation export, then federation import", async () => {
        await setUrl(DEAD);
        const id = await action("carried by hand");
        const file = join(ind.env.dir, "to-israel.json");
        const run = promisify(execFile);
        const cli = (inst: Instance, args: string[]) => run("npx", ["tsx", "src/cli/main.ts", "federation", ...args], {
          env: { ...process.env, DATABASE_URL: `sqlite:${join(inst.env.dir, "accord.db")}`, ACCORD_KEYS_DIR: dirname(inst.cfg.keyPath), ACCORD_HOME_COUNTRY: inst.country },
        });
        const out = await cli(ind, ["export", "--peer", "isr", "--out", file]);
        assert.match(out.stdout, /wrote \d+ bundle\(s\)/);
        const imported = await cli(isr, ["import", file]);
        assert.match(imported.stdout, /applied through \d+/);
        assert.ok((await replicas(isr)).has(id));
        const identity = await cli(ind, ["identity"]);
        assert.match(identity.stdout, new RegExp(`key: ${ind.env.app.federation.identity().publicText}`));
        await setUrl(isr.url);
        await settle([ind, isr]);
      });
    }
  });
}
