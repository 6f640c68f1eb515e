// In-process cost of a request: app.inject in a loop, for the scale users, against one or more
// checkouts of Accord in the same process, rounds alternating between them so the machine's noise
// falls on all alike. Used to compare a change with the code before it, each on its own copy of
// one seeded store:
//
//   npm run accord -- seed scale --records 100000          (DATABASE_URL=sqlite:/tmp/s.db)
//   cp /tmp/s.db /tmp/s-before.db
//   tsx bench/list-loop.ts --app before=/path/to/old/checkout@sqlite:/tmp/s-before.db \
//                          --app after=.@sqlite:/tmp/s.db --requests 200 --rounds 5
//
// Each checkout migrates its own copy first. Prints the median ms of single requests per case, and
// the CPU time of the process per request (over alternating blocks of --block requests).
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { backendCpuNs, pgDatabase } from "./backend-cpu.ts";

const { values: args } = parseArgs({
  options: {
    app: { type: "string", multiple: true, default: [] },
    requests: { type: "string", default: "200" },
    rounds: { type: "string", default: "5" },
    cases: { type: "string", default: "" },
    block: { type: "string", default: "50" },
    // More search cases, one per word or words (comma-separated), each broad and narrow.
    "search-words": { type: "string", default: "" },
  },
});

interface Case { name: string; user: "scale.broad" | "scale.narrow"; url: (ids: Ids) => string; /** A POST of this JSON (a write). */ body?: string }
interface Ids { document: string; action: string }

const CASES: Case[] = [
  { name: "list documents · broad", user: "scale.broad", url: () => "/api/documents?limit=50" },
  { name: "list actions · broad", user: "scale.broad", url: () => "/api/actions?limit=50" },
  // The fixed cost every read pays (session, scope, hooks, audit, reply), whatever its page size.
  { name: "list documents limit 1 · broad", user: "scale.broad", url: () => "/api/documents?limit=1" },
  // The constant route (public: no session, no store): what every request pays for the hooks and the reply.
  { name: "constant route", user: "scale.broad", url: () => "/api/ping" },
  { name: "get document · broad", user: "scale.broad", url: (i) => `/api/documents/${i.document}` },
  { name: "get action · broad", user: "scale.broad", url: (i) => `/api/actions/${i.action}` },
  { name: "list documents · narrow", user: "scale.narrow", url: () => "/api/documents?limit=50" },
  { name: "list actions · narrow", user: "scale.narrow", url: () => "/api/actions?limit=50" },
  { name: "search · broad", user: "scale.broad", url: () => "/api/search?q=radar&limit=20" },
  { name: "search · narrow", user: "scale.narrow", url: () => "/api/search?q=radar&limit=20" },
  // A write, as bench/run.ts's: what indexing its search entry costs.
  { name: "create an action · narrow", user: "scale.narrow", url: () => "/api/actions", body: JSON.stringify({ title: "Benchmark action by scale.narrow", owner: { country: "IND" }, dueDate: "2027-03-31", marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["SX-NARROW"] } }) },
];

interface App {
  label: string;
  /** PostgreSQL: the database whose backends' CPU is taken around the CPU blocks. */
  database: string | null;
  inject(url: string, cookie: string, body?: string): Promise<number>;
  cookies: Record<string, string>;
  ids: Ids;
  close(): Promise<void>;
}

async function load(spec: string): Promise<App> {
  const m = /^([^=]+)=([^@]+)@(.+)$/.exec(spec);
  if (!m) throw new Error(`--app label=checkout@DATABASE_URL, not ${spec}`);
  const [, label, dir, url] = m as unknown as [string, string, string, string];
  const from = (p: string) => import(pathToFileURL(resolve(dir!, p)).href);
  const { openStore } = await from("src/store/db.ts");
  const { migrate } = await from("src/store/migrate.ts");
  const { buildServer, defaultConfig } = await from("src/http/server.ts");
  const { createSession } = await from("src/accounts/sessions.ts");
  const store = openStore(url);
  await migrate(store);
  // Each checkout signs its own audit checkpoints, in a directory of its own for this run.
  const keys = mkdtempSync(join(tmpdir(), `accord-list-loop-${label}-`));
  // A store that bench/run.ts has served carries checkpoints signed by its keys folder: LIST_LOOP_KEYS
  // names that folder (data/bench/keys/<store>), copied for each checkout.
  if (process.env.LIST_LOOP_KEYS) cpSync(process.env.LIST_LOOP_KEYS, keys, { recursive: true });
  const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(keys, "audit-ed25519.pem"), checkpoints: join(keys, "audit-checkpoints.jsonl") } }));
  await app.ready();
  const cookies: Record<string, string> = {};
  const csrf = new Map<string, string>();
  for (const username of ["scale.broad", "scale.narrow"]) {
    const u = await store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
    const session = await createSession(store.db, u.id, true, "127.0.0.1");
    cookies[username] = session.token;
    csrf.set(session.token, session.csrfToken);
  }
  const inject = async (path: string, cookie: string, body?: string) => {
    const res = body === undefined
      ? await app.inject({ method: "GET", url: path, headers: { cookie: `accord_session=${cookie}` } })
      : await app.inject({ method: "POST", url: path, payload: body, headers: { cookie: `accord_session=${cookie}`, "content-type": "application/json", "x-csrf-token": csrf.get(cookie)! } });
    if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`${label} ${body === undefined ? "GET" : "POST"} ${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res.body.length;
  };
  // Records both users may read, so "get" reads the same record in every checkout.
  const first = async (path: string) => {
    const res = await app.inject({ method: "GET", url: path, headers: { cookie: `accord_session=${cookies["scale.broad"]}` } });
    return (res.json() as { items: { id: string }[] }).items[0]!.id;
  };
  const ids = { document: await first("/api/documents?limit=1"), action: await first("/api/actions?limit=1") };
  return { label, database: pgDatabase(url), inject, cookies, ids, close: async () => { await app.close(); await store.close(); } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const apps: App[] = [];
for (const spec of args.app) apps.push(await load(spec));
if (!apps.length) throw new Error("give at least one --app label=checkout@DATABASE_URL");
const requests = Number(args.requests);
const rounds = Number(args.rounds);
for (const q of args["search-words"].split(",").filter(Boolean)) {
  for (const user of ["scale.broad", "scale.narrow"] as const) {
    CASES.push({ name: `search "${q}" · ${user.slice(6)}`, user, url: () => `/api/search?q=${encodeURIComponent(q)}&limit=20` });
  }
}
const cases = args.cases ? CASES.filter((c) => args.cases.split(",").some((w) => c.name.includes(w))) : CASES;
const times = new Map<string, number[]>();

// Requests alternate between the checkouts one by one, and each figure is the median of single
// requests: on a shared, busy machine a stall then hits both alike and moves no median. CPU time
// (process.cpuUsage: every thread of the process) is taken over blocks of `--block` requests of one
// checkout, blocks alternating, and reported as the median block's CPU ms per request.
const block = Number(args.block);
const cpu = new Map<string, number[]>();
/** PostgreSQL: the backends' CPU ns and requests over all of a checkout's CPU blocks of a case. */
const backend = new Map<string, { ns: bigint; requests: number }>();
for (const c of cases) {
  for (const a of apps) for (let i = 0; i < 20; i++) await a.inject(c.url(a.ids), a.cookies[c.user]!, c.body);
  for (let i = 0; i < requests * rounds; i++) {
    for (const a of i % 2 ? [...apps].reverse() : apps) {
      const started = process.hrtime.bigint();
      await a.inject(c.url(a.ids), a.cookies[c.user]!, c.body);
      const key = `${c.name}\u0000${a.label}`;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Appended in place: copying the array on every request made garbage that grew with the run.
      const list = times.get(key);
      if (list) list.push(ms);
      else times.set(key, [ms]);
    }
  }
  for (let i = 0; i < rounds * 2; i++) {
    for (const a of i % 2 ? [...apps].reverse() : apps) {
      const pg0 = a.database ? backendCpuNs(a.database) : null;
      const before = process.cpuUsage();
      for (let j = 0; j < block; j++) await a.inject(c.url(a.ids), a.cookies[c.user]!, c.body);
      const used = process.cpuUsage(before);
      const pg1 = a.database ? backendCpuNs(a.database) : null;
      const key = `${c.name}\u0000${a.label}`;
      const perRequest = (used.user + used.system) / 1000 / block;
      const blocks = cpu.get(key);
      if (blocks) blocks.push(perRequest);
      else cpu.set(key, [perRequest]);
      if (pg0 !== null && pg1 !== null) {
        const b = backend.get(key) ?? { ns: 0n, requests: 0 };
        backend.set(key, { ns: b.ns + pg1 - pg0, requests: b.requests + block });
      }
    }
  }
}

// Ratios are each later checkout's figure over the first's.
const later = apps.slice(1);
const header = ["case", ...apps.map((a) => `${a.label} ms/req`), ...later.map((a) => `${a.label}/${apps[0]!.label}`),
  ...apps.map((a) => `${a.label} CPU ms/req`), ...later.map((a) => `CPU ${a.label}/${apps[0]!.label}`)];
// PostgreSQL checkouts: their backends' CPU per request too, over all their blocks.
const pgColumns = apps.every((a) => a.database);
if (pgColumns) header.push(...apps.map((a) => `${a.label} PG CPU ms/req`), ...later.map((a) => `PG CPU ${a.label}/${apps[0]!.label}`));
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const c of cases) {
  const ms = apps.map((a) => median(times.get(`${c.name}\u0000${a.label}`)!));
  const cms = apps.map((a) => median(cpu.get(`${c.name}\u0000${a.label}`)!));
  const ratio = (xs: number[]) => xs.slice(1).map((x) => (x / xs[0]!).toFixed(2));
  const pgms = pgColumns ? apps.map((a) => { const b = backend.get(`${c.name}\u0000${a.label}`); return b ? Number(b.ns) / 1e6 / b.requests : NaN; }) : [];
  const pgCells = pgColumns ? [...pgms.map((x) => x.toFixed(2)), ...ratio(pgms)] : [];
  console.log(`| ${[c.name, ...ms.map((x) => x.toFixed(2)), ...ratio(ms), ...cms.map((x) => x.toFixed(2)), ...ratio(cms), ...pgCells].join(" | ")} |`);
}
for (const a of apps) await a.close();
