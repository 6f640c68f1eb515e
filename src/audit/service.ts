// The audit log's background work in a server process, started when the server is ready and
// stopped when it closes:
// - check at start that the keys folder belongs to the database (refuse to start otherwise);
// - chain queued events (PostgreSQL) every `tickMs`, without waiting if another process is at it,
//   and vacuum the queue at the first round and after every QUEUE_VACUUM_EVENTS events chained;
// - sign a checkpoint of the head every `checkpointEvents` events or `checkpointMinutes`, and once
//   more on shutdown, so a person need not remember to;
// - on SQLite, run WAL checkpoints off the request path (see wal-checkpointer.ts).
// A database that is down makes a tick fail and log; the next tick tries again.
import type { FastifyInstance } from "fastify";
import type { Store } from "../store/db.ts";
import { sqliteFile } from "../store/db.ts";
import { startWalCheckpointer, type WalCheckpointer } from "../store/wal-checkpointer.ts";
import { checkpointIfDue, type Checkpoint } from "./checkpoint.ts";
import type { KeyPaths } from "./keys.ts";
import { BATCH, QUEUE_VACUUM_EVENTS, sequenceAll, sequenceBatch, vacuumQueue } from "./sequencer.ts";
import { checkKeys } from "./startup.ts";
import { KeysError } from "./keys.ts";
import { storeFault } from "../store/faults.ts";

export interface AuditConfig {
  /** Sign a checkpoint when this many events were chained since the last (ACCORD_CHECKPOINT_EVENTS, default 1,000). */
  checkpointEvents: number;
  /** …or when the last is this old and events came since (ACCORD_CHECKPOINT_MINUTES, default 5). */
  checkpointMinutes: number;
  /** How often the background work runs, ms. */
  tickMs: number;
  /** SQLite: how often a WAL checkpoint runs in its own thread, ms; 0 leaves SQLite's automatic ones on. */
  walCheckpointMs: number;
  /** The clock the checkpoint schedule reads (tests drive it). */
  now: () => number;
}

const positive = (v: string | undefined, fallback: number) => (v !== undefined && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : fallback);

export function defaultAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return {
    checkpointEvents: positive(env.ACCORD_CHECKPOINT_EVENTS, 1000),
    checkpointMinutes: positive(env.ACCORD_CHECKPOINT_MINUTES, 5),
    tickMs: 200,
    walCheckpointMs: 1000,
    now: Date.now,
  };
}

interface Log { warn(msg: string): void; error(msg: string): void; info(msg: string): void }

export class AuditService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private wal: WalCheckpointer | null = null;
  private startedAt = 0;
  private stopped = false;
  /** The keys check could not run at start (the database was down); it runs at the next tick. */
  private keysPending = false;
  /** Events this process chained since it last vacuumed the queue; null before its first vacuum (see `vacuumQueue`). */
  private sinceVacuum: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly keys: KeyPaths,
    private readonly config: AuditConfig,
    private readonly log: Log,
    /** A keys mismatch found after start: as a refusal to start, the process ends. */
    private readonly onKeysMismatch: (err: KeysError) => void = (err) => {
      log.error(`audit: ${err.message}`);
      process.exit(1);
    },
  ) {}

  /** Checks the keys (throws KeysError if they do not belong to the database), then starts the background work. */
  async start(): Promise<void> {
    try {
      await this.checkKeys();
    } catch (err) {
      // A database that is down at start (a worker replaced during an outage) cannot be compared
      // with the keys yet: the server starts and answers 503 meanwhile, and the check runs first
      // thing once the database answers, ending the process if the keys do not belong to it.
      const fault = storeFault(err);
      if (!fault) throw err;
      this.log.warn(`audit: the keys check waits for the database (${fault.code || fault.kind})`);
      this.keysPending = true;
    }
    this.startedAt = this.config.now();
    const file = sqliteFile(this.store.url);
    if (file && file !== ":memory:" && this.config.walCheckpointMs > 0) {
      this.wal = await startWalCheckpointer(this.store.db, file, this.config.walCheckpointMs, (m) => this.log.error(m));
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().catch((err: unknown) => this.log.error(`audit: background work failed (it runs again shortly): ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => { this.running = null; this.schedule(); });
    }, this.config.tickMs);
    this.timer.unref();
  }

  /** One round of the background work: chain what is queued (unless another process is), then sign if due. */
  async tick(): Promise<{ sequenced: number; checkpoint: Checkpoint | null; vacuumed: boolean }> {
    if (this.keysPending) {
      try {
        await this.checkKeys();
      } catch (err) {
        if (err instanceof KeysError) this.onKeysMismatch(err);
        throw err;
      }
      this.keysPending = false;
    }
    let sequenced = 0;
    for (;;) {
      const n = await sequenceBatch(this.store.db, { wait: false });
      if (n === null) break;
      sequenced += n;
      if (n < BATCH) break;
    }
    const checkpoint = await checkpointIfDue(this.store.db, this.keys, {
      everyEvents: this.config.checkpointEvents,
      everyMs: this.config.checkpointMinutes * 60_000,
      now: this.config.now,
      since: this.startedAt,
    });
    // After the checkpoint, so a vacuum that fails (it logs, and is tried again after as many events)
    // never holds one back.
    let vacuumed = false;
    this.sinceVacuum = this.sinceVacuum === null ? null : this.sinceVacuum + sequenced;
    if (this.sinceVacuum === null || this.sinceVacuum >= QUEUE_VACUUM_EVENTS) {
      this.sinceVacuum = 0;
      try {
        vacuumed = await vacuumQueue(this.store.db);
      } catch (err) {
        this.log.warn(`audit: the queue was not vacuumed (tried again after ${QUEUE_VACUUM_EVENTS} events): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { sequenced, checkpoint, vacuumed };
  }

  private async checkKeys(): Promise<void> {
    const check = await checkKeys(this.store.db, this.keys);
    for (const w of check.warnings) this.log.warn(`audit: ${w}`);
  }

  get walCheckpointer(): WalCheckpointer | null {
    return this.wal;
  }

  /** On shutdown: stop the loop, chain what is queued and sign the head. Safe to call twice. */
  async stop(): Promise<Checkpoint | null> {
    if (this.stopped) return null;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    let cp: Checkpoint | null = null;
    try {
      await sequenceAll(this.store.db);
      // Whatever came since the last checkpoint is signed now.
      cp = await checkpointIfDue(this.store.db, this.keys, { everyEvents: 1, everyMs: Infinity, now: this.config.now, since: this.startedAt }, true);
    } catch (err) {
      this.log.error(`audit: no checkpoint on shutdown: ${err instanceof Error ? err.message : String(err)}`);
    }
    await this.wal?.stop();
    return cp;
  }
}

declare module "fastify" {
  interface FastifyInstance {
    audit: AuditService;
  }
}

/** Registers the service on a server: started when it is ready (a keys mismatch fails the start), stopped when it closes. */
export function registerAuditService(app: FastifyInstance, store: Store, keys: KeyPaths, config: AuditConfig): void {
  const service = new AuditService(store, keys, config, {
    warn: (m) => app.log.warn(m),
    error: (m) => app.log.error(m),
    info: (m) => app.log.info(m),
  });
  app.decorate("audit", service);
  app.addHook("onReady", async () => { await service.start(); });
  app.addHook("onClose", async () => { await service.stop(); });
}
