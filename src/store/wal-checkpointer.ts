// SQLite's write-ahead log is copied back into the database by a checkpoint. By default the
// connection that commits runs it once the log passes 1,000 pages, inside that commit: a read's
// audit event then waited for it (17.5 ms stalls were measured). The server turns that off on
// its connection and runs PASSIVE checkpoints from a thread of their own, on a connection of
// their own, every so often: they copy what no reader still needs and never block a writer, and
// the request path never runs one. If the thread dies, automatic checkpoints come back on.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { sql } from "kysely";
import type { Db } from "./db.ts";

// Plain JavaScript, so the thread needs no TypeScript loader.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
let stopping = false;
const run = () => {
  if (stopping) return;
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ checkpointed: r.checkpointed, log: r.log, busy: r.busy });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
  timer = setTimeout(run, workerData.everyMs);
};
let timer = setTimeout(run, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m === "now") { clearTimeout(timer); run(); }
  if (m === "stop") { stopping = true; clearTimeout(timer); db.close(); parentPort.close(); }
});
`;

export interface WalCheckpointer {
  /** Checkpoints run so far (for tests and diagnostics), and the last result. */
  stats(): { runs: number; last: { checkpointed: number; log: number; busy: number } | null };
  /** Runs one now; resolves with its result. */
  now(): Promise<{ checkpointed: number; log: number; busy: number }>;
  stop(): Promise<void>;
}

export async function startWalCheckpointer(db: Db, file: string, everyMs: number, onError: (message: string) => void): Promise<WalCheckpointer> {
  await sql`pragma wal_autocheckpoint = 0`.execute(db);
  const worker = new Worker(THREAD, { eval: true, workerData: { file, everyMs, driver: createRequire(import.meta.url).resolve("better-sqlite3") } });
  worker.unref();
  let runs = 0;
  let last: { checkpointed: number; log: number; busy: number } | null = null;
  let waiters: ((r: { checkpointed: number; log: number; busy: number }) => void)[] = [];
  let stopped = false;
  worker.on("message", (m: { checkpointed: number; log: number; busy: number } | { error: string }) => {
    if ("error" in m) return onError(`WAL checkpoint failed: ${m.error}`);
    runs++;
    last = m;
    for (const w of waiters) w(m);
    waiters = [];
  });
  const fallBack = (why: string) => {
    if (stopped) return;
    onError(`the WAL checkpoint thread stopped (${why}): SQLite's automatic checkpoints are back on`);
    void sql`pragma wal_autocheckpoint = 1000`.execute(db).catch(() => undefined);
  };
  worker.on("error", (err) => fallBack(err.message));
  worker.on("exit", (code) => fallBack(`exit ${code}`));
  return {
    stats: () => ({ runs, last }),
    now: () => new Promise((resolve) => {
      // Held while waited for: an unreferenced thread would let the process end under the caller.
      worker.ref();
      waiters.push((r) => { worker.unref(); resolve(r); });
      worker.postMessage("now");
    }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((r) => worker.once("exit", () => r()));
      worker.ref();
      worker.postMessage("stop");
      await exited;
      await sql`pragma wal_autocheckpoint = 1000`.execute(db).catch(() => undefined);
    },
  };
}
