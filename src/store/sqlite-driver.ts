// Kysely's driver for SQLite's one connection, with one thing Kysely's own (SqliteDriver) lacks: a
// statement can run at once, without taking the connection, when nobody holds it (`runNow`).
// better-sqlite3 runs a statement synchronously, so a statement run while the connection is free
// finishes before any other code runs; only a transaction (which holds the connection across
// awaits) or a request's unit of work makes others wait. Taking and giving back the connection
// through Kysely's mutex and executor cost a statement ~37 promises (a list request made ~200).
import { CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult } from "kysely";

/** What the driver needs of the database (better-sqlite3's, or db.ts's statement cache over it). */
export interface SqliteStatements {
  prepare(text: string): { reader: boolean; all(parameters: readonly unknown[]): unknown[]; iterate(parameters: readonly unknown[]): IterableIterator<unknown>; run(parameters: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint } };
  close(): void;
}

class SqliteConnection implements DatabaseConnection {
  constructor(private readonly db: SqliteStatements) {}

  /** Runs the statement synchronously (a thrown error is SQLite's). */
  run<R>(q: CompiledQuery): QueryResult<R> {
    const stmt = this.db.prepare(q.sql);
    if (stmt.reader) return { rows: stmt.all(q.parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(q.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.run<R>(q));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const stmt = this.db.prepare(q.sql);
    if (!stmt.reader) throw new Error("only statements that return rows can be streamed");
    for (const row of stmt.iterate(q.parameters)) yield { rows: [row as R] };
  }
}

export class SqliteDriver implements Driver {
  private readonly connection: SqliteConnection;
  /** Someone holds the connection (a transaction, a unit, a statement run the long way). */
  private held = false;
  /** Those waiting for it, first come first served. */
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly db: SqliteStatements) {
    this.connection = new SqliteConnection(db);
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.connection);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.connection)));
  }

  releaseConnection(): Promise<void> {
    // Handed straight to the next in line, so a statement run at once never slips in between.
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
    return Promise.resolve();
  }

  /**
   * The statement run at once when nobody holds the connection (so it cannot land inside another's
   * transaction), or undefined when someone does: then it waits its turn through acquireConnection.
   * Throws what SQLite throws.
   */
  runNow<R>(q: CompiledQuery): QueryResult<R> | undefined {
    if (this.held) return undefined;
    return this.connection.run<R>(q);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
  }

  destroy(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Kysely's SQLite dialect with this driver. */
export function sqliteDialect(db: SqliteStatements): Dialect {
  return {
    createDriver: () => new SqliteDriver(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (k: Kysely<any>) => new SqliteIntrospector(k),
  };
}
