// The worker pool for CPU-heavy work (issue 11 row 5): extraction of statements and PDF rendering (briefs, minutes)
// run here (piscina over node:worker_threads), so one large statement never stalls other requests.
// Bounded three ways: at most `threads` workers, at most `queue` tasks waiting (beyond that a 503
// with Retry-After at once), and `timeoutMs` per task (then a 503 too; the worker is replaced).
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { Extraction, GazetteerRecords } from "../extract/index.ts";
import type { BriefData } from "../resources/overview/brief-render.ts";
import type { MinutesPdfInput } from "../resources/meetings/minutes-pdf.ts";
import { ResponseError, sendProblem } from "../http/problem.ts";
import type { Task, TaskResult } from "./tasks.ts";

export interface PoolConfig {
  /** Worker threads at most. */
  threads: number;
  /** Tasks waiting for a worker at most; more are refused with 503. */
  queue: number;
  /** A task running longer is stopped and answered with 503. */
  timeoutMs: number;
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

export function defaultPoolConfig(): PoolConfig {
  return {
    // Leave one core to the event loop where there are several.
    threads: envInt("ACCORD_POOL_THREADS", Math.max(1, Math.min(4, availableParallelism() - 1))),
    queue: envInt("ACCORD_POOL_QUEUE", 16),
    // A megabyte on a busy machine, with a fresh worker's start, fits well within a minute.
    timeoutMs: envInt("ACCORD_POOL_TIMEOUT_MS", 60_000),
  };
}

/** Raised by a task's own code for bad input (an unreadable statement): a 400, not a fault. */
export class TaskInputError extends Error {}

const busy = (detail: string) => new ResponseError(detail, (reply) => sendProblem(reply.header("retry-after", "5"), 503, "busy", detail));

export class WorkerPool {
  private readonly piscina: Piscina<Task, TaskResult>;

  constructor(private readonly config: PoolConfig) {
    this.piscina = new Piscina({
      filename: new URL("./bootstrap.mjs", import.meta.url).href,
      minThreads: 0,
      maxThreads: config.threads,
      maxQueue: config.queue,
      // Idle workers end, so a quiet server (and a test's process) holds none.
      idleTimeout: 5_000,
    });
  }

  private async run(task: Task): Promise<TaskResult> {
    // Refused before queueing, so the answer is immediate and nothing waits behind a full queue.
    if (this.piscina.queueSize >= this.config.queue) throw busy("The server is busy with other heavy work; try again in a few seconds.");
    try {
      return await this.piscina.run(task, { signal: AbortSignal.timeout(this.config.timeoutMs) });
    } catch (err) {
      if (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError")) {
        throw busy(`The work did not finish within ${(this.config.timeoutMs / 1000).toFixed(0)} s and was stopped; try again later.`);
      }
      if (err instanceof Error && /queue is at limit/i.test(err.message)) throw busy("The server is busy with other heavy work; try again in a few seconds.");
      throw err;
    }
  }

  /** Extracts a statement against a registry (plain records: the gazetteer is built in the worker). */
  async extract(text: string, published: string | undefined, registry: GazetteerRecords): Promise<Extraction> {
    const r = await this.run({ kind: "extract", text, published, registry });
    if (r.kind !== "extract") throw new Error("the pool answered another task");
    if ("inputError" in r) throw new TaskInputError(r.inputError);
    return r.extraction;
  }

  async brief(input: BriefData): Promise<Buffer> {
    const r = await this.run({ kind: "brief", input });
    if (r.kind !== "brief") throw new Error("the pool answered another task");
    return Buffer.from(r.pdf);
  }

  /** Agreed minutes as a marked PDF. */
  async minutes(input: MinutesPdfInput): Promise<Buffer> {
    const r = await this.run({ kind: "minutes", input });
    if (r.kind !== "minutes") throw new Error("the pool answered another task");
    return Buffer.from(r.pdf);
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
