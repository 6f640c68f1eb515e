// The in-process timing loop the statement tools share (stmt-timing.ts on SQLite, pg-stmt.ts on
// PostgreSQL): the app over a store, signed in as a user, `count` requests of one path through
// app.inject after 50 to warm up, with `measuring` told when the timed requests begin and end.
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { buildServer, defaultConfig } from "../src/http/server.ts";
import { createSession } from "../src/accounts/sessions.ts";
import { ConnectionSets } from "../src/store/postgres-sets.ts";

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

/** A statement as a request sent it to PostgreSQL: its text and values, readable sets still as parameters. */
export interface Sent { text: string; values: unknown[] }

/**
 * The statements of one request on PostgreSQL, caught as sent after ten to warm up, for the
 * statement tools (pg-explain.ts, pg-stmt-cpu.ts), with the app and its store left open for them to
 * run the statements again. The keys folder is pg-stmt.ts's for the same copy: one store, one key.
 */
export async function caughtRequest(url: string, path: string, user: string) {
  const seen: Sent[] = [];
  let on = false;
  const run = ConnectionSets.prototype.run;
  ConnectionSets.prototype.run = function (this: ConnectionSets, text, values, exec) {
    if (on) seen.push({ text, values: [...values] });
    return run.call(this, text, values, exec);
  } as typeof run;
  const signed = await signedInApp(url, join(tmpdir(), `accord-pg-stmt-${url.replace(/.*\//, "").replace(/[^A-Za-z0-9_]/g, "_")}`), user);
  try {
    for (let i = 0; i < 10; i++) await signed.app.inject({ url: path, headers: { cookie: signed.cookie } });
    on = true;
    const res = await signed.app.inject({ url: path, headers: { cookie: signed.cookie } });
    on = false;
    if (res.statusCode !== 200) throw new Error(res.body);
  } catch (err) {
    await signed.app.close();
    await signed.store.close();
    throw err;
  } finally {
    ConnectionSets.prototype.run = run;
  }
  return { ...signed, seen };
}
