// Replication throughput (issue 17): records applied per second by a receiving instance, on
// SQLite and PostgreSQL. The sender's bundles are made beforehand (signed, 500 records each, like
// the server's); what is timed is the receiver's whole work per bundle: parsing, the bundle's and
// every record's Ed25519 signature, the label checks, and the apply in one transaction each.
//
//   npm run bench:federation                                 100,000 records on both stores
//   npm run bench:federation -- --records 20000 --stores sqlite
//   --rate 20 --seconds 30: the commit-to-visibility run over HTTP (bench/federation-latency.ts), after the throughput
//   --timer-only: that run also with the timer alone pushing (as before pushes followed commits), for a before/after
//   --no-latency: the throughput only
//   --profile: on PostgreSQL, the statements of the receiver's apply by total time (count per bundle, ms)
//   PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test); a database of its own, dropped after.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sign, verify } from "node:crypto";
import pg from "pg";
import { ulid } from "ulid";
import { openStore, type Store } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { seedReference } from "../src/seed/reference.ts";
import { sequenceAll } from "../src/audit/sequencer.ts";
import { BUNDLE_FORMAT, labelOf, sealBundle, signItem } from "../src/federation/bundle.ts";
import { loadIdentity } from "../src/federation/identity.ts";
import { addPeer } from "../src/federation/peers.ts";
import { receiveBundle } from "../src/federation/receive.ts";
import { measureLatency } from "./federation-latency.ts";

const { values: args } = parseArgs({ options: {
  records: { type: "string", default: "100000" },
  stores: { type: "string", default: "sqlite,postgres" },
  batch: { type: "string", default: "500" },
  rate: { type: "string", default: "20" },
  seconds: { type: "string", default: "30" },
  "timer-only": { type: "boolean", default: false },
  "no-latency": { type: "boolean", default: false },
  profile: { type: "boolean", default: false },
} });
const total = Number(args.records);
const batch = Number(args.batch);
const dir = mkdtempSync(join(tmpdir(), "accord-bench-fed-"));

const sender = loadIdentity({ homeCountry: "IND", keyPath: join(dir, "ind.pem"), intervalMs: 0, bundleRecords: batch });

function bundles(): string[] {
  const out: string[] = [];
  const label = labelOf({ classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: ["JWG"] });
  for (let seq = 1, made = 0; made < total; seq++) {
    const n = Math.min(batch, total - made);
    const items = Array.from({ length: n }, (_, i) => {
      const title = `Replicated record ${made + i}`;
      return signItem(sender.privateKey, { op: "put" as const, label, content: { id: ulid(), kind: "action", version: 1, title, updatedAt: new Date().toISOString(), data: { title, status: "open", dueDate: "2026-03-01", owner: { country: "IND" } }, files: [] } });
    });
    out.push(sealBundle(sender.privateKey, { format: BUNDLE_FORMAT, from: { country: "IND", key: sender.fingerprint }, to: { country: "ISR" }, seq, createdAt: new Date().toISOString(), items }).text);
    made += n;
  }
  return out;
}

async function open(kind: string): Promise<{ store: Store; drop(): Promise<void> }> {
  if (kind === "sqlite") return { store: openStore(`sqlite:${join(dir, "isr.db")}`), drop: async () => {} };
  const base = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `accord_bench_fed_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { store: openStore(url.toString()), drop: async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  } };
}

/** This machine's Ed25519 verifications per second, now (one per record is the floor of the receiver's work). */
function verifyCeiling(): number {
  const text = Buffer.from("x".repeat(400));
  const sig = sign(null, text, sender.privateKey);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1000) {
    verify(null, text, sender.publicKey, sig);
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/** PostgreSQL statements by shape: how many and how long (every query of pg's clients, timed to its answer). */
const statements = new Map<string, { n: number; ms: number }>();
if (args.profile) {
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === "string" ? a[0] : (a[0] as { text?: string }).text ?? "?";
    const shape = text.replace(/\$\d+(, \$\d+)*/g, "$…").replace(/\(\$…\)(, \(\$…\))+/g, "($…), …").replace(/\s+/g, " ").slice(0, 110);
    const start = performance.now();
    const done = () => {
      const s = statements.get(shape) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - start;
      statements.set(shape, s);
    };
    const r = query.apply(this, a);
    if (r && typeof (r as Promise<unknown>).then === "function") (r as Promise<unknown>).then(done, done);
    return r;
  } as typeof pg.Client.prototype.query;
}

console.log(`preparing ${total} records in bundles of ${batch}…`);
const texts = bundles();
for (const kind of args.stores.split(",")) {
  const { store, drop } = await open(kind);
  try {
    await migrate(store);
    await seedReference(store.db);
    await store.db.transaction().execute((tx) => addPeer(tx, "ISR", { country: "IND", url: "http://127.0.0.1:1", key: sender.publicText, level: "SECRET", compartments: ["JWG"] }, { actor: null, client: "bench" }));
    statements.clear();
    const start = performance.now();
    for (const t of texts) {
      const ack = await receiveBundle(store.db, "ISR", t, "bench");
      if (ack.status !== "applied") throw new Error(`bundle not applied: ${JSON.stringify(ack)}`);
    }
    const seconds = (performance.now() - start) / 1000;
    if (args.profile && kind === "postgres") {
      console.log(`postgres statements per bundle (${texts.length} bundles), by total time:`);
      for (const [shape, st] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
        console.log(`  ${(st.n / texts.length).toFixed(1).padStart(6)} × ${(st.ms / texts.length).toFixed(1).padStart(7)} ms  ${shape}`);
      }
    }
    await sequenceAll(store.db);
    const held = Number((await store.db.selectFrom("federation_replicas").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    if (held !== total) throw new Error(`${held} replicas, expected ${total}`);
    console.log(`${kind}: ${total} records in ${texts.length} bundles applied in ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(0)} records/s ` +
      `(Ed25519 verifications on this machine just after: ${verifyCeiling().toFixed(0)}/s)`);
  } finally {
    await store.close();
    await drop();
  }
}
rmSync(dir, { recursive: true, force: true });

// Commit to visibility on the peer, under steady load, over HTTP (target: p99 at most 2 s).
process.env.TEST_DATABASE_URL ??= process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
for (const kind of !args["no-latency"] ? args.stores.split(",") as ("sqlite" | "postgres")[] : []) {
  for (const onCommit of args["timer-only"] ? [false, true] : [true]) {
    const r = await measureLatency(kind, { rate: Number(args.rate), seconds: Number(args.seconds), onCommit });
    console.log(`${kind}: commit on India's instance (SQLite) to visible on Israel's (${kind}), ${r.records} records at ${args.rate}/s for ${r.seconds.toFixed(0)} s, ` +
      `${onCommit ? `push ${r.commitDelayMs} ms after each commit and` : "push only"} every ${r.intervalMs} ms over HTTP: p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (target p99 ≤ 2000 ms)`);
  }
}
