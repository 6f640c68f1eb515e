// Preloaded into bench/run.ts's servers (`--import`, handed on to `serve --workers` processes): the
// process's garbage-collection pauses, as Node reports them (perf_hooks' `gc` entries), written to
// BENCH_GC_DIR/<pid>.json so the bench can say what each case's server spent collecting: the time
// paused, the longest pause, and how many full (mark-compact) collections finished in the case.
// A full collection's last pause and the slower scavenges while V8 marks are what a list's p99 met
// in the runs that missed it (README, "Scale"); the bench now shows them case by case.
//
// Only the main thread's: `--import` preloads run in worker threads too (the server's piscina pool,
// SQLite's WAL checkpointer), whose collections do not stop the event loop and would overwrite the
// same file.
//
// The file holds the pauses of the last 60 s (start as ms since the epoch, duration, major or not),
// rewritten at most every 100 ms when there is anything new: a few KB under load, a few hundred
// writes a minute. Plain JavaScript, so the server's own compiler is not involved.
import { renameSync, writeFileSync } from "node:fs";
import { constants, performance, PerformanceObserver } from "node:perf_hooks";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

const dir = process.env.BENCH_GC_DIR;
if (dir && isMainThread) {
  const KEEP_MS = 60_000;
  /** [start (epoch ms), duration (ms), 1 for a full collection else 0] */
  let pauses = [];
  let dirty = false;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const full = e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 1 : 0;
      pauses.push([Math.round((performance.timeOrigin + e.startTime) * 10) / 10, Math.round(e.duration * 100) / 100, full]);
    }
    dirty = true;
  }).observe({ entryTypes: ["gc"] });
  const file = join(dir, `${process.pid}.json`);
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    const since = Date.now() - KEEP_MS;
    pauses = pauses.filter((p) => p[0] >= since);
    writeFileSync(`${file}.tmp`, JSON.stringify(pauses));
    renameSync(`${file}.tmp`, file);
  }, 100).unref();
}
