// SQLite: the audit log keyed by its rowid. `seq` was declared `bigint primary key` (001), which
// SQLite keeps as an index of its own beside the table's rowid B-tree: every event went into five
// B-trees (the table, that key, and the target, actor and action indexes). As `integer primary
// key` the sequence number is the rowid itself, so an event goes into four, and the chain's head
// (`order by seq desc limit 1`) and the verifier's lookups by seq read the table directly.
// The events are copied as they are (the same seq, hashes and text), so the chain verifies as before.
// PostgreSQL is unchanged (its primary key is an index either way).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  // Kysely runs SQLite's migrations outside a transaction: the copy, the drop and the rename commit
  // together or not at all, so a crash never leaves the log without its table.
  await db.transaction().execute(async (tx) => {
    await sql`create table audit_events_by_rowid (
      seq integer primary key, at text not null, actor text, action text not null, target text, marking text,
      outcome text not null, client text, details text not null, prev_hash text not null, hash text not null)`.execute(tx);
    await sql`insert into audit_events_by_rowid (seq, at, actor, action, target, marking, outcome, client, details, prev_hash, hash)
      select seq, at, actor, action, target, marking, outcome, client, details, prev_hash, hash from audit_events order by seq`.execute(tx);
    await sql`drop table audit_events`.execute(tx);
    await sql`alter table audit_events_by_rowid rename to audit_events`.execute(tx);
    await sql`create index audit_events_target on audit_events (target, seq)`.execute(tx);
    await sql`create index audit_events_actor on audit_events (actor, seq)`.execute(tx);
    await sql`create index audit_events_action on audit_events (action, seq)`.execute(tx);
  });
}
