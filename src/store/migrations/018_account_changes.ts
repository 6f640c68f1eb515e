// The two-person rule for access (issue 11): an administrator's grant of clearance, compartments
// or an oversight role, and the reset of a cleared account's password, wait here until a security
// officer of the user's nationality approves or refuses them. Decisions are kept.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createTable("account_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("requested_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text")
    // JSON: { clearance?: {from, to}, compartments?: string[] (added), roles?: string[] (added), password?: true }
    .addColumn("grants", "text", (c) => c.notNull())
    // The new password's Argon2id hash while a reset waits; cleared once decided or withdrawn.
    .addColumn("password_hash", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'approved', 'refused', 'withdrawn')`))
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("decision_note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One change waits per account at a time, even for administrators asking at the same moment.
  await sql`create unique index account_changes_one_pending on account_changes (user_id) where status = 'pending'`.execute(db);
  await db.schema.createIndex("account_changes_status_created").on("account_changes").columns(["status", "created_at"]).execute();
}
