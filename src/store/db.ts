// Opens the store: SQLite (embedded default, one file) or PostgreSQL when the URL says so.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { LRUCache } from "lru-cache";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: functions that must run inside one take `Tx`. */
export type Conn = Db | Tx;

export interface Store {
  db: Db;
  dialect: Dialect;
  url: string;
  /** PostgreSQL's connection pool (for its events); absent on SQLite. */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

// int8 (COUNT, bigint sequences) as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function defaultUrl(): string {
  return process.env.DATABASE_URL ?? "sqlite:./data/accord.db";
}

export function openStore(url: string = defaultUrl()): Store {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL ?? 10) });
    // An idle connection can be cut by the server (restart, failover, an administrator): without a
    // listener pg raises that as an uncaught exception. The pool replaces the connection; say so.
    pool.on("error", (err) => console.error(`database connection lost (the pool will reconnect): ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", url, pgPool: pool, close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, "");
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL + NORMAL keeps every committed transaction across a process crash (SIGKILL);
  // only a power loss may drop the last transactions, never corrupt the file.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: "sqlite", url, close: () => db.destroy() };
}

/**
 * Kysely prepares every query afresh; compiling the SQL cost about as much as running a page query.
 * Statements are kept by their text (a bounded number: IN lists of many lengths make many texts).
 * A statement still being iterated is busy, and a fresh one is prepared beside it.
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(text: string): SQLite.Statement; close(): void } {
  const statements = new LRUCache<string, SQLite.Statement>({ max: 1000 });
  return {
    prepare(text) {
      const hit = statements.get(text);
      if (hit && !hit.busy) return hit;
      const fresh = sqlite.prepare(text);
      statements.set(text, fresh);
      return fresh;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

export function sqliteFile(url: string): string | null {
  return /^postgres/.test(url) ? null : url.replace(/^sqlite:/, "");
}
