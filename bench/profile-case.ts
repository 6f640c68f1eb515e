// What one case costs inside the process, by function: its CPU (V8's sampling profiler) or what it
// allocates (the sampling heap profiler, objects collected since included), over --requests
// requests made in process (app.inject) after a warm-up, on a copy of a seeded store.
//
//   tsx bench/profile-case.ts --app .@sqlite:/tmp/s.db --case "list documents · narrow" --mode alloc
//   options: --requests N (1000)  --mode cpu|alloc|live|promoted (live: what the collector has not freed yet;
//            promoted: what outlived the young generation, freed by a full collection or not yet)  --top N (40)  --out FILE (the raw profile)
//            --keys DIR (the store's keys folder, kept from run to run; a fresh one by default)
//
// Allocation is printed per request, by allocating function (self) and by the Accord function
// nearest the top of each sampled stack (so a driver's allocations are charged to their caller).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ours, summarise, where, type Frame, type HeapNode } from "./heap-sample.ts";

const { values: args } = parseArgs({
  options: {
    app: { type: "string" },
    case: { type: "string", default: "list documents · narrow" },
    requests: { type: "string", default: "1000" },
    mode: { type: "string", default: "alloc" },
    top: { type: "string", default: "40" },
    out: { type: "string" },
    // The store's keys folder, used as it is (a store that has served has checkpoints signed by it).
    keys: { type: "string" },
  },
});
const m = /^([^@]+)@(.+)$/.exec(args.app ?? "");
if (!m) throw new Error("--app CHECKOUT@DATABASE_URL");
const [, dir, url] = m as unknown as [string, string, string];
const from = (p: string) => import(pathToFileURL(resolve(dir, p)).href);
const { openStore } = await from("src/store/db.ts");
const { migrate } = await from("src/store/migrate.ts");
const { buildServer, defaultConfig } = await from("src/http/server.ts");
const { createSession } = await from("src/accounts/sessions.ts");
const { mkdtempSync } = await import("node:fs");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");

const PATHS: Record<string, [string, string]> = {
  "list documents · broad": ["scale.broad", "/api/documents?limit=50"],
  "list documents · narrow": ["scale.narrow", "/api/documents?limit=50"],
  "list actions · broad": ["scale.broad", "/api/actions?limit=50"],
  "list actions · narrow": ["scale.narrow", "/api/actions?limit=50"],
  "search · broad": ["scale.broad", "/api/search?q=radar&limit=20"],
  "search · narrow": ["scale.narrow", "/api/search?q=radar&limit=20"],
  "constant route": ["scale.broad", "/api/ping"],
  // The newest document the broad reader may read (its id found first).
  "get document · broad": ["scale.broad", "/api/documents/:newest"],
  "get action · broad": ["scale.broad", "/api/actions/:newest"],
};
const [username, pathOf] = PATHS[args.case] ?? (() => { throw new Error(`cases: ${Object.keys(PATHS).join(", ")}`); })();
const store = openStore(url);
await migrate(store);
const keys = args.keys ?? mkdtempSync(join(tmpdir(), "accord-profile-case-"));
const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(keys, "audit-ed25519.pem"), checkpoints: join(keys, "audit-checkpoints.jsonl") } }));
await app.ready();
const u = await store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
const session = await createSession(store.db, u.id, true, "127.0.0.1");
let path = pathOf;
if (path.endsWith("/:newest")) {
  const list = path.slice(0, -"/:newest".length);
  const res = await app.inject({ method: "GET", url: `${list}?limit=1`, headers: { cookie: `accord_session=${session.token}` } });
  path = `${list}/${(res.json() as { items: { id: string }[] }).items[0]!.id}`;
}
const get = async () => {
  const res = await app.inject({ method: "GET", url: path, headers: { cookie: `accord_session=${session.token}` } });
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
};
for (let i = 0; i < 300; i++) await get();
const n = Number(args.requests);
const inspector = new Session();
inspector.connect();

const top = Number(args.top);
const print = (title: string, totals: Map<string, number>, unit: (v: number) => string) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${unit(v).padStart(12)}  ${k}`);
};

if (args.mode === "alloc" || args.mode === "live" || args.mode === "promoted") {
  await inspector.post("HeapProfiler.enable");
  await inspector.post("HeapProfiler.startSampling", { samplingInterval: 1024, includeObjectsCollectedByMajorGC: args.mode !== "live", includeObjectsCollectedByMinorGC: args.mode === "alloc" });
  for (let i = 0; i < n; i++) await get();
  const { profile } = await inspector.post("HeapProfiler.stopSampling") as unknown as { profile: { head: HeapNode } };
  if (args.out) writeFileSync(args.out, JSON.stringify(profile));
  const { total, self, near: byOurs } = summarise(profile.head);
  const kb = (v: number) => `${(v / n / 1024).toFixed(1)} KB`;
  console.log(`${args.mode === "alloc" ? "allocated" : args.mode === "promoted" ? "survived the young generation" : "not yet collected at the end"} per request: ${kb(total)} (${args.case}, ${n} requests)`);
  print("by allocating function (per request)", self, kb);
  print("by nearest Accord function (per request)", byOurs, kb);
} else {
  interface Node { id: number; callFrame: Frame; children?: number[] }
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.post("Profiler.start");
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await get();
  const used = process.cpuUsage(t0);
  const { profile } = await inspector.post("Profiler.stop") as unknown as { profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] } };
  if (args.out) writeFileSync(args.out, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const self = new Map<string, number>();
  const byOurs = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    self.set(where(node.callFrame), (self.get(where(node.callFrame)) ?? 0) + dt);
    let at: number | undefined = id;
    let k = "(outside src)";
    while (at !== undefined) {
      const f = byId.get(at)!.callFrame;
      if (ours(f)) { k = where(f); break; }
      at = parent.get(at);
    }
    byOurs.set(k, (byOurs.get(k) ?? 0) + dt);
  });
  const us = (v: number) => `${(v / n).toFixed(1)} µs`;
  console.log(`CPU per request: ${((used.user + used.system) / n / 1000).toFixed(3)} ms (${args.case}, ${n} requests)`);
  print("self time by function (per request)", self, us);
  print("by nearest Accord function (per request)", byOurs, us);
}
inspector.disconnect();
await app.close();
await store.close();
