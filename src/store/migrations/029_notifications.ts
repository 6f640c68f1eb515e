// Notifications (issue 14): what awaits a user, in the app (read/unread) and by e-mail. An e-mail
// goes through a durable outbox written in the same transaction as the event, so a message is
// neither lost while the SMTP server is down nor sent for a change that rolled back. Each user
// chooses which events reach them, and where; their address is theirs to set.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("users").addColumn("email", "text").execute();
  await db.schema.createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    // The record it is about: shown only while the user may read it (through the Reader).
    .addColumn("record_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("notifications_user_created").on("notifications").columns(["user_id", "created_at"]).execute();
  await db.schema.createIndex("notifications_record").on("notifications").column("record_id").execute();
  await db.schema.createTable("notification_preferences")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("in_app", "integer", (c) => c.notNull())
    .addColumn("email", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "event"])
    .execute();
  await db.schema.createTable("mail_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    // A sender holding the row until then (several server processes share one outbox).
    .addColumn("lease_until", "text")
    .addColumn("sent_at", "text")
    .addColumn("last_error", "text")
    .execute();
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null`.execute(db);
}
