// Records a store takes after it was seeded, written as the bench's "create an action" case writes
// them (POST /api/actions as a scale user, through one checkout's own app), so that a search can be
// timed on a store that keeps taking records without its word (search.ts: the broad reader's
// newest-first walk). The checkout's own modules are loaded, so a copy is written by the code that
// measures it (its migrations run first, as a server's start runs them, and are timed).
//   [ACCORD_KEYS_DIR=KEYS] tsx bench/newer-records.ts CHECKOUT STORE_URL_OR_FILE [COUNT=6000] [USER=scale.broad]
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { actionBody } from "./action-body.ts";

const [dir = ".", url, count = "6000", user = "scale.broad"] = process.argv.slice(2);
if (!url) throw new Error("usage: tsx bench/newer-records.ts CHECKOUT STORE_URL_OR_FILE [COUNT] [USER]");
const from = (p: string) => import(pathToFileURL(`${resolve(dir)}/${p}`).href);
const { openStore } = await from("src/store/db.ts");
const { buildServer, defaultConfig } = await from("src/http/server.ts");
const { createSession } = await from("src/accounts/sessions.ts");
const { migrate } = await from("src/store/migrate.ts");
const store = openStore(url);
// The keys folder the statement tools use for the same copy (time-requests.ts: signedInApp), so
// that they open it after this has signed checkpoints in it; or ACCORD_KEYS_DIR.
const keys = process.env.ACCORD_KEYS_DIR ?? join(tmpdir(), `accord-pg-stmt-${url.replace(/.*\//, "").replace(/[^A-Za-z0-9_]/g, "_")}`);
mkdirSync(keys, { recursive: true });
const started = Date.now();
const ran: string[] = await migrate(store);
console.log(`migrations ${ran.join(", ") || "none"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
// Named as a server's keys folder (audit/keys.ts) when given, as the statement tools name theirs otherwise.
const [key, checkpoints] = process.env.ACCORD_KEYS_DIR ? ["audit-ed25519.pem", "audit-checkpoints.jsonl"] : ["k.pem", "c.jsonl"];
const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(keys, key), checkpoints: join(keys, checkpoints) } }));
await app.ready();
const row = await store.db.selectFrom("users").select("id").where("username", "=", user).executeTakeFirstOrThrow();
const session = await createSession(store.db, row.id, true, "127.0.0.1");
const body = actionBody(user);
const t0 = Date.now();
for (let i = 0; i < Number(count); i++) {
  const r = await app.inject({ method: "POST", url: "/api/actions", payload: body, headers: { cookie: `accord_session=${session.token}`, "x-csrf-token": session.csrfToken, "content-type": "application/json" } });
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
}
console.log(`${count} actions created in ${((Date.now() - t0) / 1000).toFixed(1)} s (${((Date.now() - t0) / Number(count)).toFixed(2)} ms each)`);
await app.close();
await store.close();
