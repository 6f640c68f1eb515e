// GET /api/health: 200 when the database answers and can be written to; otherwise 503 with the
// reason as a problem (database unavailable, too slow, disk full). It answers within a bound even
// when the database does not answer at all. While the store reports a full disk it tries a
// one-row write, so it turns healthy again as soon as writes work (and not before).
import { randomBytes } from "node:crypto";
import { statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { sqliteFile, type Store } from "../store/db.ts";
import { storeFault, summariseFault, type StoreFault } from "../store/faults.ts";
import { sendProblem } from "./problem.ts";

/** Below this much free space on the disk holding an SQLite database, writes are about to fail. */
export const MIN_FREE_BYTES = 1024 * 1024;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: "HEALTH_TIMEOUT" })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function asFault(err: unknown): StoreFault {
  const e = err as Error & { code?: string };
  if (e.code === "HEALTH_TIMEOUT") return { kind: "timeout", code: "HEALTH_TIMEOUT", message: e.message };
  return storeFault(err) ?? { kind: "unavailable", code: e.code ?? "", message: e.message };
}

/** The free space of the disk holding an SQLite database, or null (PostgreSQL; an in-memory database). */
export async function freeBytes(url: string): Promise<{ path: string; free: number } | null> {
  const file = sqliteFile(url);
  if (!file || file === ":memory:") return null;
  // The folder may not exist yet (a first start): ask about the nearest one that does.
  let dir = dirname(resolve(file));
  for (;;) {
    try {
      const s = await statfs(dir);
      return { path: dir, free: s.bavail * s.bsize };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(dir) === dir) throw err;
      dir = dirname(dir);
    }
  }
}

/**
 * Writes a quarter of a megabyte (incompressible) and clears it again: a write that needs fresh
 * space, as real ones do, where a tiny row could still fit in a page already there. Committing it
 * clears the store's disk-full fault.
 */
async function probeWrite(store: Store): Promise<void> {
  const at = new Date().toISOString();
  const pad = randomBytes(256 * 1024);
  await store.db.insertInto("store_probe").values({ id: 1, at, pad }).onConflict((oc) => oc.column("id").doUpdateSet({ at, pad })).execute();
  await store.db.updateTable("store_probe").set({ pad: null }).where("id", "=", 1).execute();
}

export async function checkStore(store: Store, timeoutMs: number): Promise<{ ok: true; latencyMs: number } | { ok: false; fault: StoreFault }> {
  const started = Date.now();
  try {
    await within(sql`select 1`.execute(store.db), timeoutMs);
  } catch (err) {
    return { ok: false, fault: asFault(err) };
  }
  const latencyMs = Date.now() - started;
  const disk = await freeBytes(store.url).catch(() => null);
  if (disk && disk.free < MIN_FREE_BYTES) {
    return { ok: false, fault: { kind: "disk_full", code: "ENOSPC", message: `${disk.free} bytes free on the disk holding ${disk.path}` } };
  }
  if (store.health.current?.kind === "disk_full") {
    try {
      await within(probeWrite(store), timeoutMs);
    } catch (err) {
      return { ok: false, fault: asFault(err) };
    }
  }
  return { ok: true, latencyMs };
}

export function registerHealth(app: FastifyInstance): void {
  app.get("/api/health", {
    config: { public: true },
    schema: { tags: ["meta"], summary: "Whether the database answers and can be written to: 200, or 503 with the reason (problem+json)" },
  }, async (_req, reply) => {
    const { store, config } = app.ctx;
    const verdict = await checkStore(store, config.healthTimeoutMs);
    if (verdict.ok) return { status: "ok", store: store.dialect, storeLatencyMs: verdict.latencyMs };
    const f = verdict.fault;
    const since = store.health.current?.kind === f.kind ? new Date(store.health.current.since).toISOString() : null;
    return sendProblem(reply.header("retry-after", "5"), 503, f.kind === "disk_full" ? "disk_full" : `database_${f.kind}`, summariseFault(f), [], {
      store: store.dialect, fault: f.kind, faultCode: f.code, ...(since ? { since } : {}),
    });
  });
}
