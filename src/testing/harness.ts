// Test harness: a fresh migrated store per suite, on SQLite by default and on PostgreSQL when
// TEST_DATABASE_URL is set (each suite in its own schema, dropped afterwards).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { openStore, type Store, type StoreOptions } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import type { Config } from "../http/context.ts";
import { sequenceAll } from "../audit/sequencer.ts";

export interface TestEnv {
  store: Store;
  app: FastifyInstance;
  dir: string;
  close(): Promise<void>;
}

export const STORES: ("sqlite" | "postgres")[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];

export async function openTestStore(kind: "sqlite" | "postgres", options: StoreOptions = {}): Promise<{ store: Store; dir: string; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "accord-test-"));
  if (kind === "sqlite") {
    const store = openStore(`sqlite:${join(dir, "accord.db")}`, options);
    return { store, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  // A database per store, not a schema: Kysely's migrator inspects every schema of its database,
  // and another suite dropping its schema meanwhile made that inspection fail.
  const base = process.env.TEST_DATABASE_URL!;
  const name = `accord_t_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const store = openStore(url.toString(), options);
  return {
    store,
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function testEnv(kind: "sqlite" | "postgres" = "sqlite", config: Partial<Config> = {}, options: StoreOptions = {}): Promise<TestEnv> {
  const { store, dir, drop } = await openTestStore(kind, options);
  await migrate(store);
  await seedReference(store.db);
  const app = await buildServer(store, defaultConfig({
    rateLimitPerMinute: 0,
    logLevel: "silent",
    // The default layout, so a child process given ACCORD_KEYS_DIR=<dir>/keys finds the same keys.
    keys: { privateKey: join(dir, "keys", "audit-ed25519.pem"), checkpoints: join(dir, "keys", "audit-checkpoints.jsonl") },
    ...config,
  }));
  await app.ready();
  return {
    store, app, dir,
    async close() {
      await app.close();
      await store.close();
      await drop();
    },
  };
}

export interface Caller {
  userId: string;
  cookie: string;
  csrf: string;
}

/** A thin client over app.inject that signs requests as a caller (cookie + CSRF header). */
export function client(app: FastifyInstance, who: Caller | null) {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(who ? { cookie: `accord_session=${who.cookie}`, "x-csrf-token": who.csrf } : {}),
    ...extra,
  });
  const json = (r: LightMyRequestResponse) => {
    try {
      return r.json() as any;
    } catch {
      return r.body;
    }
  };
  return {
    get: async (url: string) => { const r = await app.inject({ method: "GET", url, headers: headers() }); return { status: r.statusCode, body: json(r), raw: r }; },
    del: async (url: string) => { const r = await app.inject({ method: "DELETE", url, headers: headers() }); return { status: r.statusCode, body: json(r), raw: r }; },
    post: async (url: string, payload?: unknown) => { const r = await app.inject({ method: "POST", url, headers: headers(), payload: payload as any }); return { status: r.statusCode, body: json(r), raw: r }; },
    patch: async (url: string, payload?: unknown) => { const r = await app.inject({ method: "PATCH", url, headers: headers(), payload: payload as any }); return { status: r.statusCode, body: json(r), raw: r }; },
    raw: (opts: InjectOptions) => app.inject({ ...opts, headers: { ...headers(), ...(opts.headers as Record<string, string> | undefined) } }),
  };
}

/**
 * On PostgreSQL, audit events wait in a queue until the sequencer chains them (within a second).
 * A test that reads `audit_events` right after a request chains them first, as the audit viewer does.
 */
export async function settleAudit(store: Store): Promise<void> {
  await sequenceAll(store.db);
}
