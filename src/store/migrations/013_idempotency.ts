// Idempotent POSTs (src/http/idempotency.ts): the first response to a key, per user, kept for a
// day, committed in the same transaction as the change it answers. And a one-row table the health
// check writes to while the store reports a full disk, to see whether writes work again.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.createTable("idempotency_keys")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    // SHA-256 of the method, the path and the body: a key reused for another request is refused.
    .addColumn("fingerprint", "text", (c) => c.notNull())
    // SHA-256 of the caller's access signature when the response was made: after a change of
    // clearance or compartments a stored body is not shown again.
    .addColumn("access", "text", (c) => c.notNull())
    .addColumn("status", "integer")
    .addColumn("headers", "text")
    .addColumn("body", "text")
    .addColumn("body_encoding", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["user_id", "key"])
    .execute();
  await db.schema.createIndex("idempotency_keys_expiry").on("idempotency_keys").column("expires_at").execute();
  await db.schema.createTable("store_probe")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("at", "text", (c) => c.notNull())
    // A quarter of a megabyte written and cleared: a write that needs fresh space, as real ones do.
    .addColumn("pad", dialect === "postgres" ? "bytea" : "blob")
    .execute();
}
