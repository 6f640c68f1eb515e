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
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult, type TransactionSettings } from "kysely";
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
    try {
      const result = await this.serial(() => this.inner.executeQuery<R>(q));
      this.driver.succeeded(autocommit);
      if (autocommit && this.scope) this.scope.committed = true;
      return result;
    } catch (err) {
      throw this.driver.failed(this, err);
    } finally {
      if (autocommit && this.scope) this.scope.commitsInFlight--;
    }
  }

  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.driver.assertUsable(this);
    return this.inner.streamQuery<R>(q, chunkSize);
  }
}

class GuardedDriver implements Driver {
  constructor(private inner: Driver, private o: GuardOptions) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
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

  failed(conn: GuardedConnection, err: unknown): unknown {
    const f = storeFault(err);
    if (f && f.kind !== "busy") this.o.health.failed(f);
    // SQLite ended the transaction itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY): nothing more
    // of it may run, or it would autocommit statement by statement.
    if (conn.inTransaction && this.o.inTransaction && !this.o.inTransaction()) conn.inTransaction = false;
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
    return this.inner.destroy();
  }
}

interface UnitHandle extends Unit {
  conn: GuardedConnection;
}

/** The dialect with its driver guarded (see the top of this file). */
export function guardDialect(dialect: Dialect, o: GuardOptions): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), o),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db: Kysely<any>) => dialect.createIntrospector(db),
  };
}
