// A list page's serialisation alone: fast-json-stringify's text made bytes (Buffer.from, as a read
// answered before the byte writer) against the byte writer (src/http/byte-writer.ts), on a broad
// reader's first page of documents and of actions read from a copy of a seeded store (its markings
// and policies constants, as the presenters make them), blocks alternating:
//
//   tsx bench/serialize-page.ts sqlite:/tmp/copy.db
import { openStore } from "../src/store/db.ts";
import { buildServer, defaultConfig } from "../src/http/server.ts";
import { createSession } from "../src/accounts/sessions.ts";
import { compile, jsonSchemaOf, BYTES_FROM } from "../src/http/serialize.ts";
import { compileBytes } from "../src/http/byte-writer.ts";
import { constant } from "../src/domain/constants.ts";
import { pageOf } from "../src/http/pagination.ts";
import { Document } from "../src/resources/documents/schema.ts";
import { Action } from "../src/resources/actions/schema.ts";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
const store = openStore(process.argv[2] ?? "sqlite:data/bench/sqlite-100000.db");
const keys = mkdtempSync(join(tmpdir(), "accord-serialize-page-"));
const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(keys, "k.pem"), checkpoints: join(keys, "c.jsonl") } }));
await app.ready();
const u = await store.db.selectFrom("users").select("id").where("username", "=", "scale.broad").executeTakeFirstOrThrow();
const s = await createSession(store.db, u.id, true, "127.0.0.1");
const deepFreeze = <T>(v: T): T => { if (v && typeof v === "object") for (const x of Object.values(v)) deepFreeze(x); return Object.freeze(v); };
for (const [path, S] of [["/api/documents?limit=50", pageOf(Document)], ["/api/actions?limit=50", pageOf(Action)]] as const) {
  const res = await app.inject({ url: path, headers: { cookie: `accord_session=${s.token}` } });
  const page = res.json() as { items: { marking: object; policies: object }[] };
  const ms = new Map<string, object>();
  for (const it of page.items) { const k = JSON.stringify(it.marking); if (!ms.has(k)) ms.set(k, constant(deepFreeze(it.marking))); it.marking = ms.get(k)!; it.policies = constant(deepFreeze(it.policies)); }
  const schema = jsonSchemaOf(S as unknown as Parameters<typeof jsonSchemaOf>[0]);
  const f = compile(schema); const b = compileBytes(schema, BYTES_FROM)!;
  const A = () => Buffer.from(f(page)); const B = () => b(page);
  if (!A().equals(B() as Buffer)) throw new Error("differ");
  const N = 2000;
  const t = { A: [] as number[], B: [] as number[] };
  for (let r = 0; r < 8; r++) for (const [k, fn] of [["A", A], ["B", B]] as const) { const t0 = process.hrtime.bigint(); for (let i = 0; i < N; i++) fn(); t[k].push(Number(process.hrtime.bigint() - t0) / N / 1000); }
  const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1]!.toFixed(1);
  console.log(`${path}: ${res.body.length} bytes; fast-json-stringify and Buffer.from ${med(t.A)} µs, the byte writer ${med(t.B)} µs (medians of 8 blocks of ${N})`);
}
await app.close(); await store.close();
