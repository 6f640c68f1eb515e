// Sign-in throttling keyed by the pair of account name and address (issue 10): one row per
// attempt, so a process can count an account's, an address's, or a pair's failures in the window,
// and the addresses an account has signed in from. Replaces the subject-keyed signin_attempts,
// whose per-account lock-out could be turned against the account's owner.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s.createTable("signin_events")
    .addColumn("id", dialect === "postgres" ? "bigserial" : "integer", (c) => (dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // The name as typed (lower-cased), whether or not such an account exists: throttling treats both alike.
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    // pending: being checked (counts as a failure, so racing attempts see each other); failed;
    // refused: turned away by the throttle, never checked (not counted); ok: signed in.
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('pending', 'failed', 'refused', 'ok')`))
    .execute();
  await s.createIndex("signin_events_account_at").on("signin_events").columns(["account", "at"]).execute();
  await s.createIndex("signin_events_address_at").on("signin_events").columns(["address", "at"]).execute();
  await s.dropTable("signin_attempts").ifExists().execute();
}
