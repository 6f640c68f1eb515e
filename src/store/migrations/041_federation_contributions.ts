// Joint acts across instances (SPEC 8.4): a co-chair's minutes approval and progress on an action,
// made on the contributor's own instance about a record another instance owns, travel to the owner
// as signed contributions. Both sides keep them here (`out` on the contributor, `in` on the owner),
// each applied once by its id. The owner records an applied approval or progress note like a local
// one, but by a person of the peer's instance: no local account, so `user_id` / `by_user` may be
// null and the row names the contribution and the approver as the peer sent them.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s.createTable("federation_contributions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction in ('out', 'in')`))
    // The peer it goes to (out: the record's owner) or came from (in: the contributor).
    .addColumn("peer_id", "text", (c) => c.notNull().references("federation_peers.id"))
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('minutes_approval', 'action_progress')`))
    // The signed content (canonical JSON), its SHA-256, and the contributing instance's signature over label and content.
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'applied', 'refused')`))
    .addColumn("reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    // out: the bundle that carried it to the owner; in: the bundle that carried the owner's answer back.
    .addColumn("sent_seq", "integer")
    .execute();
  await s.createIndex("federation_contributions_record").on("federation_contributions").columns(["record_id", "created_at"]).execute();
  await s.createIndex("federation_contributions_unsent").on("federation_contributions").columns(["peer_id", "direction", "sent_seq"]).execute();

  if (dialect === "postgres") {
    await sql`alter table minutes_approvals alter column user_id drop not null`.execute(db);
    await sql`alter table action_updates alter column by_user drop not null`.execute(db);
    await s.alterTable("minutes_approvals").addColumn("contribution_id", "text").execute();
    await s.alterTable("minutes_approvals").addColumn("approver_name", "text").execute();
    await s.alterTable("action_updates").addColumn("contribution_id", "text").execute();
    await s.alterTable("action_updates").addColumn("by_name", "text").execute();
    return;
  }
  // SQLite cannot drop NOT NULL: the two tables are rebuilt with the same rows.
  await s.createTable("minutes_approvals_041")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("user_id", "text", (c) => c.references("users.id"))
    .addColumn("person_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("approved_at", "text", (c) => c.notNull())
    .addColumn("contribution_id", "text")
    .addColumn("approver_name", "text")
    .addPrimaryKeyConstraint("minutes_approvals_pk", ["meeting_id", "version", "country"])
    .execute();
  await sql`insert into minutes_approvals_041 (meeting_id, version, country, user_id, person_id, approved_at)
    select meeting_id, version, country, user_id, person_id, approved_at from minutes_approvals`.execute(db);
  await s.dropTable("minutes_approvals").execute();
  await sql`alter table minutes_approvals_041 rename to minutes_approvals`.execute(db);

  await s.createTable("action_updates_041")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("action_id", "text", (c) => c.notNull().references("actions.id"))
    .addColumn("on_date", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("status", "text")
    .addColumn("by_user", "text", (c) => c.references("users.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("contribution_id", "text")
    .addColumn("by_name", "text")
    .execute();
  await sql`insert into action_updates_041 (id, action_id, on_date, text, status, by_user, at)
    select id, action_id, on_date, text, status, by_user, at from action_updates`.execute(db);
  await s.dropIndex("action_updates_action").execute();
  await s.dropTable("action_updates").execute();
  await sql`alter table action_updates_041 rename to action_updates`.execute(db);
  await s.createIndex("action_updates_action").on("action_updates").columns(["action_id", "at"]).execute();
}
