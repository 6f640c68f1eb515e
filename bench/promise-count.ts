// Promises made per request (async_hooks), by case, in process through app.inject, and optionally
// where they were made (the stack's first frames of Accord's or its libraries' code):
//   tsx bench/promise-count.ts sqlite:/tmp/s.db [--where] [--requests 20]
// The audit keys of the run are kept beside the database (FILE.promise-keys).
import { createHook } from "node:async_hooks";
import { parseArgs } from "node:util";
import { signedInApp } from "./time-requests.ts";

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { where: { type: "boolean", default: false }, requests: { type: "string", default: "20" } } });
const url = positionals[0] ?? "sqlite:/tmp/s.db";
const keys = `${url.replace(/^(sqlite|postgres(ql)?):\/*/, "/tmp/").replace(/[^A-Za-z0-9_./-]/g, "_")}.promise-keys`;
const count = Number(args.requests);
let on = false;
let made = 0;
const where = new Map<string, number>();
createHook({
  init(_id, type) {
    if (!on || type !== "PROMISE") return;
    made++;
    if (!args.where) return;
    const frames = (new Error().stack ?? "").split("\n").slice(3).filter((l) => !l.includes("node:internal") && !l.includes("async_hooks"));
    const key = frames.slice(0, 3).map((f) => f.trim().replace(/^at /, "").replace(/\(.*\/(node_modules\/)?/, "(")).join(" < ");
    where.set(key, (where.get(key) ?? 0) + 1);
  },
}).enable();

const { store, app, cookie } = await signedInApp(url, keys, "scale.broad");
const first = async (path: string) => (JSON.parse((await app.inject({ url: path, headers: { cookie } })).body) as { items: { id: string }[] }).items[0]!.id;
const doc = await first("/api/documents?limit=1");
const action = await first("/api/actions?limit=1");
const cases: [string, string][] = [
  ["constant route", "/api/ping"],
  ["list documents limit 1", "/api/documents?limit=1"],
  ["list documents", "/api/documents?limit=50"],
  ["list actions", "/api/actions?limit=50"],
  ["get document", `/api/documents/${doc}`],
  ["get action", `/api/actions/${action}`],
  ["search", "/api/search?q=radar&limit=20"],
];
for (const [name, path] of cases) {
  for (let i = 0; i < 10; i++) await app.inject({ url: path, headers: { cookie } });
  made = 0;
  where.clear();
  on = true;
  for (let i = 0; i < count; i++) {
    const r = await app.inject({ url: path, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  }
  on = false;
  console.log(`${name.padEnd(24)} ${(made / count).toFixed(1)} promises per request`);
  if (args.where) {
    for (const [k, n] of [...where].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(n / count).toFixed(1).padStart(6)}  ${k}`);
  }
}
await app.close();
await store.close();
