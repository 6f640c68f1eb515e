// The audit log scales (issue 10) and keeps its guarantees without a person remembering (issue 11).
// - `audit_queue`: on PostgreSQL a request's transaction writes its events here, with no lock; one
//   sequencer at a time moves them into `audit_events`, chained, in batches (see src/audit/sequencer.ts).
// - `audit_read_sets`: the records a list read returned, stored once per distinct set and named by
//   the SHA-256 of their canonical JSON, which the chained event holds: compact and tamper-evident.
// - `audit_checkpoints`: the signed checkpoints of the chain head, so the database knows it has been
//   signed (and the server never makes a new key for it); copies live outside the database too.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.createTable("audit_queue")
    .addColumn("id", dialect === "postgres" ? "bigserial" : "integer", (c) => (dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("marking", "text")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("client", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .execute();
  await db.schema.createTable("audit_read_sets")
    .addColumn("hash", "text", (c) => c.primaryKey())
    .addColumn("records", "text", (c) => c.notNull())
    .execute();
  await db.schema.createTable("audit_checkpoints")
    .addColumn("seq", "bigint", (c) => c.primaryKey())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .execute();
  // The queue is written and emptied all the time: let autovacuum keep up with it.
  if (dialect === "postgres") await sql`alter table audit_queue set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000)`.execute(db);
}
