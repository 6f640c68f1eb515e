// A Kysely dialect around the real one that makes the database's faults answerable:
// - a failed ROLLBACK never hides the error that caused it (SQLite rolls a transaction back by
//   itself on SQLITE_FULL, so Kysely's own ROLLBACK then failed with "cannot rollback - no
//   transaction is active", and that was all the log said of a full disk);
// - every fault is noted in the store's health;
// - a request that has been answered (its deadline passed) gets no further statement, so a
//   "nothing was saved" answer stays true;
// - a request may run all of its database work as one unit, in one transaction on one connection,
//   which it commits or rolls back when its answer is ready (every signed-in change: see
//   src/http/units.ts; an Idempotency-Key is claimed and its response stored in it).
// A statement outside a transaction takes a short way to the database (see `LeanExecutor`).
import { CompiledQuery, DefaultConnectionProvider, DefaultQueryExecutor, Kysely, type ConnectionProvider, type DatabaseConnection, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type KyselyPlugin, type PostgresPool, type PostgresPoolClient, type QueryCompiler, type QueryResult, type TransactionSettings } from "kysely";
import { storeFault } from "./faults.ts";
import type { CommitSignals } from "./commit-signals.ts";
import type { StoreHealth } from "./health.ts";
import { RequestExpiredError, requestScope, type RequestScope, type Unit } from "./request-scope.ts";

export interface GuardOptions {
  health: StoreHealth;
  /** SQLite: whether its connection is inside a transaction (after SQLITE_FULL it may no longer be). */
  inTransaction?: () => boolean;
  /** Raised after a request's writing transaction commits, as it asked (src/store/commit-signals.ts). */
  signals?: CommitSignals;
  /**
   * PostgreSQL: the pool the dialect's driver takes its connections from, for a statement's short
   * way (see `GuardedDriver.run`), which then skips the driver's connection objects.
   */
  pool?: PostgresPool;
}

const READS = /^\s*(select|pragma|begin|commit|rollback|savepoint|release|explain|show|set|values)\b/i;

/** Whether a statement may change data (when unsure, it may). */
function mayWrite(q: CompiledQuery): boolean {
  const kind = q.query.kind;
  if (kind === "SelectQueryNode") return false;
  if (kind === "RawNode") return !READS.test(q.sql);
  return true;
}

class GuardedConnection implements DatabaseConnection {
  /** The connection's unit transaction and the Kysely transactions nested in it (as savepoints). */
  depth = 0;
  /** In a transaction that has written something. */
  wrote = false;
  inTransaction = false;
  /** A unit's connection that has been handed back: nothing may run on it any more. */
  released = false;
  private queue: Promise<unknown> = Promise.resolve();
  constructor(readonly inner: DatabaseConnection, readonly driver: GuardedDriver, readonly scope: RequestScope | undefined, readonly isUnit: boolean) {}

  /**
   * A unit's statements go one at a time, in the order asked: the request's code may ask for
   * several at once (Promise.all), which on its own connections ran side by side, and a
   * connection answers one statement at a time (pg deprecates queueing them itself).
   */
  serial<T>(work: () => Promise<T>): Promise<T> {
    if (!this.isUnit) return work();
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    this.driver.assertUsable(this);
    const write = mayWrite(q);
    // A write outside a transaction commits by itself: the same as a COMMIT for the request.
    const autocommit = write && !this.inTransaction;
    if (this.inTransaction && write) this.wrote = true;
    if (autocommit && this.scope) this.scope.commitsInFlight++;
    // Counted for the request's late check (request-scope.ts), while it has one.
    const counted = this.scope?.check ? this.scope : null;
    if (counted) {
      counted.statements++;
      counted.statementsInFlight++;
    }
    try {
      const result = await this.serial(() => this.inner.executeQuery<R>(q));
      this.driver.succeeded(autocommit);
      if (autocommit && this.scope) this.scope.committed = true;
      return result;
    } catch (err) {
      throw this.driver.failed(this, err);
    } finally {
      if (autocommit && this.scope) this.scope.commitsInFlight--;
      if (counted) counted.statementsInFlight--;
    }
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.driver.assertUsable(this);
    const scope = this.scope?.check ? this.scope : null;
    if (scope) {
      scope.statements++;
      scope.statementsInFlight++;
    }
    try {
      yield* this.inner.streamQuery<R>(q, chunkSize);
    } finally {
      if (scope) scope.statementsInFlight--;
    }
  }
}

/** A driver that can run a statement at once when its connection is free (SQLite: sqlite-driver.ts). */
interface RunsNow {
  runNow<R>(q: CompiledQuery): QueryResult<R> | undefined;
}

class GuardedDriver implements Driver {
  private readonly initialised: Promise<void>;
  private destroyed: Promise<void> | null = null;
  private readonly now: RunsNow | null;
  constructor(private inner: Driver, private o: GuardOptions) {
    // Begun at once (Kysely's RuntimeDriver began it on first use): both drivers are ready as soon
    // as it is called (PostgreSQL's takes its pool, SQLite's has its database), so a statement's
    // short way need not wait for it. A failure is met by the first acquireConnection.
    this.initialised = inner.init();
    this.initialised.catch(() => undefined);
    this.now = "runNow" in inner ? inner as unknown as RunsNow : null;
  }

  init(): Promise<void> {
    return this.initialised;
  }

  /**
   * One statement outside any transaction, as acquiring a connection, running it on the connection
   * and releasing it would, with the same guards (an answered request runs nothing more, a write
   * outside a transaction counts as the request's commit, faults are noted in the store's health),
   * but without Kysely's executor, connection provider and the connection's own wrapper around
   * it: ~37 promises a statement, ~8 this way on PostgreSQL, 1 on SQLite when its connection is free.
   * A request's unit of work runs it on the unit's connection as before.
   */
  run<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (this.destroyed) return Promise.reject(new Error("driver has already been destroyed"));
    const scope = requestScope.getStore();
    if (scope) {
      if (scope.expired) return Promise.reject(new RequestExpiredError());
      // Through the unit's connection, which counts its statements itself.
      if (scope.unit || (scope.unitPolicy && !scope.finished && scope.unitPolicy.ready())) return this.onConnection(q);
      // Counted for the request's late check (request-scope.ts), while it has one: sent now, in flight until answered.
      if (scope.check) {
        scope.statements++;
        scope.statementsInFlight++;
        const answered = this.runOutsideUnit<R>(q, scope);
        answered.then(() => scope.statementsInFlight--, () => scope.statementsInFlight--);
        return answered;
      }
    }
    return this.runOutsideUnit<R>(q, scope);
  }

  private runOutsideUnit<R>(q: CompiledQuery, scope: RequestScope | undefined): Promise<QueryResult<R>> {
    if (this.now) {
      let result: QueryResult<R> | undefined;
      try {
        result = this.now.runNow<R>(q);
      } catch (err) {
        return Promise.reject(this.failed(null, err));
      }
      // Someone holds the connection (a transaction): the statement waits its turn.
      if (result === undefined) return this.pooled(q, scope);
      const write = mayWrite(q);
      this.o.health.succeeded(write);
      if (write && scope) scope.committed = true;
      return Promise.resolve(result);
    }
    return this.pooled(q, scope);
  }

  /** A statement on a connection of its own, given back whatever happens. */
  private pooled<R>(q: CompiledQuery, scope: RequestScope | undefined): Promise<QueryResult<R>> {
    return this.o.pool ? this.onPoolClient(this.o.pool, q, scope) : this.onInner(q, scope);
  }

  /** PostgreSQL: a client of the pool, the query run as Kysely's PostgresConnection runs it. */
  private async onPoolClient<R>(pool: PostgresPool, q: CompiledQuery, scope: RequestScope | undefined): Promise<QueryResult<R>> {
    let client: PostgresPoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      const f = storeFault(err);
      if (f && f.kind !== "busy") this.o.health.failed(f);
      throw err;
    }
    const write = mayWrite(q);
    let counted = false;
    try {
      if (scope?.expired) throw new RequestExpiredError();
      // A write outside a transaction commits by itself: the same as a COMMIT for the request.
      if (write && scope) {
        scope.commitsInFlight++;
        counted = true;
      }
      const { command, rowCount, rows } = await client.query<R>(q.sql, q.parameters as unknown[]);
      this.o.health.succeeded(write);
      if (write && scope) scope.committed = true;
      if (command === "COMMIT" || command === "ROLLBACK") return { rows: [{ command } as R] };
      return { numAffectedRows: command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE" ? BigInt(rowCount ?? 0) : undefined, rows: rows ?? [] };
    } catch (err) {
      throw err instanceof RequestExpiredError ? err : this.failed(null, err);
    } finally {
      if (counted) scope!.commitsInFlight--;
      client.release();
    }
  }

  private async onInner<R>(q: CompiledQuery, scope: RequestScope | undefined): Promise<QueryResult<R>> {
    const inner = await this.acquireInner();
    try {
      if (scope?.expired) throw new RequestExpiredError();
      const write = mayWrite(q);
      // A write outside a transaction commits by itself: the same as a COMMIT for the request.
      if (write && scope) scope.commitsInFlight++;
      try {
        const result = await inner.executeQuery<R>(q);
        this.o.health.succeeded(write);
        if (write && scope) scope.committed = true;
        return result;
      } catch (err) {
        throw this.failed(null, err);
      } finally {
        if (write && scope) scope.commitsInFlight--;
      }
    } finally {
      await this.inner.releaseConnection(inner);
    }
  }

  /** A statement the long way: on the request's unit, when it has one. */
  private async onConnection<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const conn = await this.acquireConnection();
    try {
      return await conn.executeQuery<R>(q);
    } finally {
      await this.releaseConnection(conn);
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.destroyed) throw new Error("driver has already been destroyed");
    await this.initialised;
    const scope = requestScope.getStore();
    if (scope?.expired) throw new RequestExpiredError();
    // Once begun, a request's unit is its only connection (a finished unit refuses further work).
    if (scope?.unit) return (await scope.unit as UnitHandle).conn;
    if (scope?.unitPolicy && !scope.finished && scope.unitPolicy.ready()) {
      const unit = this.beginUnit(scope);
      scope.unit = unit;
      return (await unit).conn;
    }
    const conn = new GuardedConnection(await this.acquireInner(), this, scope, false);
    if (scope?.expired) {
      await this.inner.releaseConnection(conn.inner);
      throw new RequestExpiredError();
    }
    return conn;
  }

  private async acquireInner(): Promise<DatabaseConnection> {
    try {
      return await this.inner.acquireConnection();
    } catch (err) {
      const f = storeFault(err);
      if (f && f.kind !== "busy") this.o.health.failed(f);
      throw err;
    }
  }

  private async beginUnit(scope: RequestScope): Promise<UnitHandle> {
    const conn = new GuardedConnection(await this.acquireInner(), this, scope, true);
    const run = (q: CompiledQuery) => conn.executeQuery(q);
    try {
      this.assertUsable(conn);
      await this.beginInner(conn, {}, true);
      await scope.unitPolicy!.claim(run);
    } catch (err) {
      await this.rollbackQuietly(conn);
      conn.released = true;
      await this.inner.releaseConnection(conn.inner);
      // No unit: the request answers from the claim's error (a replay, a key in use).
      scope.unit = null;
      scope.unitPolicy = null;
      throw err;
    }
    // Ends once: a rollback asked for while the commit is on its way waits for the commit.
    let ending: Promise<void> | null = null;
    const finish = (commit: boolean) => (ending ??= (async () => {
      try {
        if (commit) await this.commitTop(conn);
        else await this.rollbackQuietly(conn);
      } finally {
        conn.released = true;
        await this.inner.releaseConnection(conn.inner);
      }
    })());
    // A rollback never fails its caller: after a failed COMMIT it settles with that attempt.
    return { conn, run, commit: () => finish(true), rollback: () => finish(false).catch(() => undefined) };
  }

  /** Refuses work on a handed-back unit connection, or for a request already answered. */
  assertUsable(conn: GuardedConnection): void {
    if (conn.released || conn.scope?.expired) throw new RequestExpiredError();
  }

  succeeded(wrote: boolean): void {
    this.o.health.succeeded(wrote);
  }

  failed(conn: GuardedConnection | null, err: unknown): unknown {
    const f = storeFault(err);
    if (f && f.kind !== "busy") this.o.health.failed(f);
    // SQLite ended the transaction itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY): nothing more
    // of it may run, or it would autocommit statement by statement.
    if (conn?.inTransaction && this.o.inTransaction && !this.o.inTransaction()) conn.inTransaction = false;
    return err;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = connection as GuardedConnection;
    this.assertUsable(conn);
    if (conn.isUnit) {
      // Kysely's transactions inside a unit are savepoints of its transaction, which cannot change
      // its isolation: say so rather than run with less than was asked for.
      if (settings.isolationLevel || settings.accessMode) {
        throw new Error(`a transaction asking for ${settings.isolationLevel ?? settings.accessMode} inside a request's unit of work (read committed): take the row locks it needs instead (select ... for update), or run it before the unit begins`);
      }
      await conn.executeQuery(CompiledQuery.raw(`savepoint accord_unit_${++conn.depth}`));
      return;
    }
    await this.beginInner(conn, settings);
  }

  /**
   * `unit`: on SQLite the unit takes the write lock at once (BEGIN IMMEDIATE), waiting for another
   * process's writer up to the busy timeout; a deferred transaction that read first could not wait
   * when it came to write, and would fail at once.
   */
  private async beginInner(conn: GuardedConnection, settings: TransactionSettings, unit = false): Promise<void> {
    try {
      if (unit && this.o.inTransaction) await conn.inner.executeQuery(CompiledQuery.raw("begin immediate"));
      else await conn.serial(() => this.inner.beginTransaction(conn.inner, settings));
    } catch (err) {
      throw this.failed(conn, err);
    }
    conn.inTransaction = true;
    conn.wrote = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GuardedConnection;
    if (conn.isUnit) {
      this.assertUsable(conn);
      await conn.executeQuery(CompiledQuery.raw(`release savepoint accord_unit_${conn.depth}`));
      conn.depth--;
      return;
    }
    await this.commitTop(conn);
  }

  private async commitTop(conn: GuardedConnection): Promise<void> {
    this.assertUsable(conn);
    if (!conn.inTransaction) {
      // SQLite already rolled it back: committing now would claim a success that did not happen.
      throw new Error("the transaction was ended by the database before it could commit");
    }
    const scope = conn.scope;
    if (scope) scope.commitsInFlight++;
    try {
      await conn.serial(() => this.inner.commitTransaction(conn.inner));
      conn.inTransaction = false;
      this.o.health.succeeded(conn.wrote);
      if (scope && conn.wrote) scope.committed = true;
      if (scope && conn.wrote && scope.onCommit.size) {
        const names = [...scope.onCommit];
        scope.onCommit.clear();
        for (const name of names) this.o.signals?.emit(name);
      }
    } catch (err) {
      throw this.failed(conn, err);
    } finally {
      if (scope) scope.commitsInFlight--;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GuardedConnection;
    if (conn.isUnit) {
      if (conn.released || !conn.inTransaction) return;
      const name = `accord_unit_${conn.depth--}`;
      try {
        await conn.serial(() => conn.inner.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`)));
        await conn.serial(() => conn.inner.executeQuery(CompiledQuery.raw(`release savepoint ${name}`)));
      } catch {
        // The unit's transaction is lost with its connection; its commit will fail and say so.
      }
      return;
    }
    await this.rollbackQuietly(conn);
  }

  /**
   * Rolls back, never throwing: Kysely rethrows the error that made it roll back, and that error
   * (a full disk, a lost connection) is the one to report, not a failed ROLLBACK after it.
   */
  private async rollbackQuietly(conn: GuardedConnection): Promise<void> {
    if (!conn.inTransaction) return;
    conn.inTransaction = false;
    conn.scope?.onCommit.clear();
    if (this.o.inTransaction && !this.o.inTransaction()) return;
    try {
      await conn.serial(() => this.inner.rollbackTransaction(conn.inner));
    } catch (err) {
      // The connection is broken (PostgreSQL: it is discarded on release) or SQLite ended the
      // transaction itself; either way nothing of it was committed.
      const f = storeFault(err);
      if (f && f.kind !== "busy") this.o.health.failed(f);
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver["savepoint"]>>[2]): Promise<void> {
    return this.inner.savepoint!((connection as GuardedConnection).inner, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver["savepoint"]>>[2]): Promise<void> {
    return this.inner.rollbackToSavepoint!((connection as GuardedConnection).inner, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver["savepoint"]>>[2]): Promise<void> {
    return this.inner.releaseSavepoint!((connection as GuardedConnection).inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = connection as GuardedConnection;
    // A unit's connection stays with its request until the unit ends.
    if (conn.isUnit) return;
    await this.inner.releaseConnection(conn.inner);
  }

  destroy(): Promise<void> {
    return (this.destroyed ??= this.initialised.then(() => this.inner.destroy()));
  }
}

interface UnitHandle extends Unit {
  conn: GuardedConnection;
}

interface ExecutorParts {
  compiler: QueryCompiler;
  adapter: DialectAdapter;
  provider: ConnectionProvider;
  driver: GuardedDriver;
}

/**
 * Kysely's executor, but a statement with no plugin to transform its result goes straight to the
 * guarded driver's `run` instead of through the connection provider (acquire, run, release, each
 * an async layer of Kysely's and of the driver's). An executor for one connection (a transaction's,
 * `db.connection()`) is Kysely's own, unchanged.
 */
class LeanExecutor extends DefaultQueryExecutor {
  constructor(private readonly parts: ExecutorParts, plugins: readonly KyselyPlugin[]) {
    super(parts.compiler, parts.adapter, parts.provider, [...plugins]);
  }

  override executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return this.plugins.length ? super.executeQuery<R>(q) : this.parts.driver.run<R>(q);
  }

  override withPlugins(plugins: readonly KyselyPlugin[]): LeanExecutor {
    return new LeanExecutor(this.parts, [...this.plugins, ...plugins]);
  }

  override withPlugin(plugin: KyselyPlugin): LeanExecutor {
    return new LeanExecutor(this.parts, [...this.plugins, plugin]);
  }

  override withPluginAtFront(plugin: KyselyPlugin): LeanExecutor {
    return new LeanExecutor(this.parts, [plugin, ...this.plugins]);
  }

  override withoutPlugins(): LeanExecutor {
    return new LeanExecutor(this.parts, []);
  }

  override withConnectionProvider(provider: ConnectionProvider): DefaultQueryExecutor {
    return new DefaultQueryExecutor(this.parts.compiler, this.parts.adapter, provider, [...this.plugins]);
  }
}

/** A Kysely instance over the dialect with its driver guarded (see the top of this file). */
export function guardedKysely<DB>(dialect: Dialect, o: GuardOptions): Kysely<DB> {
  const driver = new GuardedDriver(dialect.createDriver(), o);
  const parts = { compiler: dialect.createQueryCompiler(), adapter: dialect.createAdapter(), provider: new DefaultConnectionProvider(driver), driver };
  const guarded: Dialect = {
    createAdapter: () => parts.adapter,
    createDriver: () => driver,
    createQueryCompiler: () => parts.compiler,
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => dialect.createIntrospector(db),
  };
  return new Kysely<DB>({ config: { dialect: guarded }, executor: new LeanExecutor(parts, []), dialect: guarded, driver });
}
