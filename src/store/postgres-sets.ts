// PostgreSQL: a reader's readable markings held by each connection, sent once per connection.
//
// A broad reader may read thousands of markings; bound as a text[] on every statement (three or
// more a page), their ids were most of what a request sent to the database (~50 KB each), and
// writing them most of the server's CPU per request. Instead a set is loaded once into the
// connection's own temporary table (`pg_temp.accord_readable`, no other session sees it) and a
// statement names it by key: the query binds a `ReadableSetParam`, which the pool's connection
// wrapper (db.ts) replaces by the set's key after making sure that connection holds it.
//
// A key is the SHA-256 of the set's ids, so rows under a key are that set's ids whoever loaded
// them. What a connection holds is known exactly, or the set is loaded again:
// - a set's rows are written by one INSERT (all or nothing);
// - loaded outside a transaction, the rows stay for the session; loaded inside one, they count
//   only for that transaction until it commits (a rollback, even to a savepoint, forgets them);
// - a connection that failed is discarded by the pool, and a new one holds nothing.
// The table is vacuumed once a set is in it (outside a transaction, as VACUUM must be: at once
// after loading, or before the connection's first statement outside a transaction after the one
// that loaded it commits). Autovacuum never visits a temporary table, so its visibility map stayed
// unset, and every probe of a set by its primary key (an index-only scan, several hundred a list
// page) also fetched the row from the table to check that it is visible. A temporary table's rows
// are all-visible once this session's own transaction committed, so VACUUM marks them so.
// A set whose rows were missing would read nothing (fail closed); a set bound without the
// wrapper cannot be sent at all (`toPostgres` throws). Needs the TEMP privilege on the database
// (PostgreSQL grants it to PUBLIC by default) and a session of its own per connection (no pooler
// in transaction mode: the pool's statement_timeout and the like assume that already).
import { createHash } from "node:crypto";

/**
 * PostgreSQL: ids as one text[] literal, bound as a string: pg otherwise escapes every element of a
 * bound array itself, and a list of ids as `in ($1, $2, ...)` costs a parameter each to compile and
 * send. Elements are quoted unless plainly safe (letters, digits, `_` and `-`, and not NULL); the
 * value is the one pg's own quoting gives.
 */
export function pgTextArray(ids: readonly string[]): string {
  return `{${ids.map((id) => /^[A-Za-z0-9_-]+$/.test(id) && !/^null$/i.test(id) ? id : `"${id.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** The same for a readable set's ids, built once per ids array (a set's ids are replaced, never changed in place). */
const setLiterals = new WeakMap<readonly string[], string>();
export function setTextArray(ids: readonly string[]): string {
  let literal = setLiterals.get(ids);
  if (literal === undefined) setLiterals.set(ids, (literal = pgTextArray(ids)));
  return literal;
}

export class ReadableSetParam {
  constructor(readonly key: string, readonly ids: readonly string[]) {}
  /** pg calls this for a value it is about to send: only the wrapper may send a set, as its key. */
  toPostgres(): never {
    throw new Error("a readable set was bound on a connection that does not load sets");
  }
}

const params = new WeakMap<readonly string[], ReadableSetParam>();

/** The parameter standing for these ids (one per ids array: its key is hashed once). */
export function readableSetParam(ids: readonly string[]): ReadableSetParam {
  let p = params.get(ids);
  if (!p) params.set(ids, (p = new ReadableSetParam(createHash("sha256").update(setTextArray(ids)).digest("base64url"), ids)));
  return p;
}

/** Analyses the table and marks its committed rows all-visible (only outside a transaction). */
const VACUUM = "vacuum (analyze) pg_temp.accord_readable";

/** Sets a connection holds beyond this many: the oldest are deleted (outside a transaction). */
const MAX_SETS = 64;

interface Client {
  query(text: string, values?: unknown[]): Promise<{ command?: string }>;
  /** pg's transaction status from the last ReadyForQuery: I idle, T in a transaction, E failed one. */
  _txStatus?: string | null;
}

/** What one connection holds. */
export class ConnectionSets {
  private table = false;
  /** Committed for the session, oldest first. */
  private held = new Set<string>();
  /** Loaded in the open transaction (the table too, if created in it). */
  private pending = new Set<string>();
  private pendingTable = false;
  /** Sets were committed in a transaction since the table was last vacuumed. */
  private vacuumDue = false;

  constructor(private readonly client: Client) {}

  private status(): "I" | "T" | "E" | null {
    const s = this.client._txStatus;
    return s === "I" || s === "T" || s === "E" ? s : null;
  }

  private inTransaction(): boolean {
    return this.status() !== "I";
  }

  /**
   * Runs a statement, first loading the sets it binds and replacing each by its key. One at a
   * time per connection (pg would queue them anyway), so no set is deleted under another statement.
   */
  run<R extends { command?: string }>(text: string, values: unknown[], exec: (text: string, values: unknown[]) => Promise<R>): Promise<R> {
    // Most statements bind no set, or sets the connection holds already; with none loading or
    // pending, nothing needs following and the statement runs at once, each set as its key.
    if (!this.queued && !this.pending.size && !this.pendingTable && !this.vacuumDue) {
      const bound = this.boundNow(values);
      if (bound) return exec(text, bound);
    }
    this.queued++;
    const run = this.queue.then(() => this.bindAndRun(text, values, exec)).finally(() => this.queued--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The values with each set replaced by its key, when the connection holds every one of them; else null. */
  private boundNow(values: unknown[]): unknown[] | null {
    let bound = values;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(v instanceof ReadableSetParam)) continue;
      if (!this.held.has(v.key)) return null;
      if (bound === values) bound = [...values];
      bound[i] = v.key;
    }
    return bound;
  }

  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;

  private async bindAndRun<R extends { command?: string }>(text: string, values: unknown[], exec: (text: string, values: unknown[]) => Promise<R>): Promise<R> {
    if (this.vacuumDue && !this.inTransaction()) {
      await this.client.query(VACUUM);
      this.vacuumDue = false;
    }
    let bound = values;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(v instanceof ReadableSetParam)) continue;
      await this.ensure(v);
      if (bound === values) bound = [...values];
      bound[i] = v.key;
    }
    const txBefore = this.inTransaction();
    try {
      const result = await exec(text, bound);
      this.after(text, txBefore, result.command);
      return result;
    } catch (err) {
      this.after(text, txBefore, undefined);
      throw err;
    }
  }

  /**
   * Follows the transaction: what was loaded in it holds once it commits, and is forgotten on any
   * rollback (to a savepoint too), a failed transaction, or when the status is unknown.
   */
  private after(text: string, txBefore: boolean, command: string | undefined): void {
    if (!this.pending.size && !this.pendingTable) return;
    if (/^\s*rollback\b/i.test(text)) return this.forgetPending();
    const status = this.status();
    if (status === "T") return;
    // The transaction ended: by a COMMIT that committed (a failed transaction's COMMIT answers ROLLBACK).
    if (status === "I" && txBefore && /^\s*(commit|end)\b/i.test(text) && command === "COMMIT") {
      if (this.pendingTable) this.table = true;
      for (const key of this.pending) this.held.add(key);
      if (this.pending.size) this.vacuumDue = true;
    }
    this.forgetPending();
  }

  private forgetPending(): void {
    this.pending.clear();
    this.pendingTable = false;
  }

  private async ensure(set: ReadableSetParam): Promise<void> {
    if (this.held.has(set.key) || this.pending.has(set.key)) return;
    const inTx = this.inTransaction();
    if (!this.table && !this.pendingTable) {
      // Its keys compared in the "C" collation (bytes: keys and ids are ASCII): each probe's
      // descent compares them with memcmp, where the database's collation (C.UTF-8 here) went
      // through strcoll. Compared to a column of the default collation, the probe takes this
      // one (an explicit collation beats the default), so the index answers as before.
      await this.client.query(`create temporary table if not exists accord_readable (rs_set text collate "C" not null, rs_marking text collate "C" not null, primary key (rs_set, rs_marking))`);
      if (inTx) this.pendingTable = true;
      else this.table = true;
    }
    if (!inTx && this.held.size >= MAX_SETS) {
      const old = [...this.held].slice(0, this.held.size - MAX_SETS + 1);
      for (const key of old) this.held.delete(key);
      await this.client.query("delete from pg_temp.accord_readable where rs_set = any($1::text[])", [pgTextArray(old)]);
    }
    await this.client.query("insert into pg_temp.accord_readable (rs_set, rs_marking) select $1, unnest($2::text[]) on conflict do nothing", [set.key, setTextArray(set.ids)]);
    // The planner then knows how many rows each set has (a temporary table is never analysed by
    // itself); outside a transaction the table is vacuumed too, so its probes read the index alone.
    await this.client.query(inTx ? "analyze pg_temp.accord_readable" : VACUUM);
    if (inTx) this.pending.add(set.key);
    else this.held.add(set.key);
  }
}
