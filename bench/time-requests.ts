// The in-process timing loop the statement tools share (stmt-timing.ts on SQLite, pg-stmt.ts on
// PostgreSQL): the app over a store, signed in as a user, `count` requests of one path through
// app.inject after 50 to warm up, with `measuring` told when the timed requests begin and end.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { buildServer, defaultConfig } from "../src/http/server.ts";
import { createSession } from "../src/accounts/sessions.ts";

export interface Timed {
  /** Wall time and the process's CPU time per request, in ms. */
  wallMs: number;
  cpuMs: number;
}

/**
 * The app over a migrated store, ready, and a session cookie of `user`. `keys`: the audit keys folder
 * of the run, kept so that a copy of the store can be used again. The caller closes app and store.
 */
export async function signedInApp(url: string, keys: string, user: string) {
  const store = openStore(url);
  await migrate(store);
  mkdirSync(keys, { recursive: true });
  const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(keys, "k.pem"), checkpoints: join(keys, "c.jsonl") } }));
  await app.ready();
  const u = await store.db.selectFrom("users").select("id").where("username", "=", user).executeTakeFirstOrThrow();
  const cookie = `accord_session=${(await createSession(store.db, u.id, true, "127.0.0.1")).token}`;
  return { store, app, cookie };
}

export async function timeRequests(url: string, keys: string, path: string, user: string, count: number, measuring: (on: boolean) => void): Promise<Timed> {
  const { store, app, cookie } = await signedInApp(url, keys, user);
  try {
    for (let i = 0; i < 50; i++) await app.inject({ url: path, headers: { cookie } });
    measuring(true);
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const r = await app.inject({ url: path, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(r.body);
    }
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6 / count;
    const used = process.cpuUsage(cpu0);
    measuring(false);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 / count };
  } finally {
    await app.close();
    await store.close();
  }
}
