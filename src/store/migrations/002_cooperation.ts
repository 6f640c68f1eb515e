// The cooperation domain (SPEC 2, 5): forums and their numbered meetings, agreed minutes,
// actions with carry-over, engagements, programmes with indigenous content.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  const rec = (c: any) => c.primaryKey().references("records.id");

  await s.createTable("forums")
    .addColumn("id", "text", rec)
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("forum_kind", "text", (c) => c.notNull())
    .addColumn("parent_id", "text", (c) => c.references("records.id"))
    .addColumn("established_on", "text")
    .addColumn("terms_of_reference_id", "text", (c) => c.references("records.id"))
    .addColumn("compartment", "text", (c) => c.references("compartments.code"))
    .execute();
  await s.createTable("forum_members")
    .addColumn("forum_id", "text", (c) => c.notNull().references("forums.id"))
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("co_chair_role", "text")
    .addPrimaryKeyConstraint("forum_members_pk", ["forum_id", "country"])
    .execute();
  await s.createTable("meeting_templates")
    .addColumn("forum_id", "text", (c) => c.primaryKey().references("forums.id"))
    .addColumn("agenda", "text", (c) => c.notNull())
    .addColumn("duration_days", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await s.createTable("meetings")
    .addColumn("id", "text", rec)
    .addColumn("forum_id", "text", (c) => c.notNull().references("forums.id"))
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("date_start", "text")
    .addColumn("date_end", "text")
    .addColumn("venue_city", "text")
    .addColumn("venue_country", "text", (c) => c.references("countries.code"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('planned', 'held', 'minutes_agreed')`))
    .addUniqueConstraint("meetings_forum_sequence", ["forum_id", "sequence"])
    .execute();
  await s.createTable("meeting_co_chairs")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("person_id", "text", (c) => c.notNull().references("records.id"))
    .addPrimaryKeyConstraint("meeting_co_chairs_pk", ["meeting_id", "country", "person_id"])
    .execute();
  await s.createTable("meeting_participants")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("person_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("role", "text")
    .addColumn("attended", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("meeting_participants_pk", ["meeting_id", "person_id"])
    .execute();
  await s.createTable("agenda_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("notes", "text")
    .addColumn("action_id", "text", (c) => c.references("records.id"))
    .execute();
  await s.createIndex("agenda_items_meeting").on("agenda_items").columns(["meeting_id", "position"]).execute();
  await s.createTable("outcomes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("outcomes_meeting").on("outcomes").columns(["meeting_id", "position"]).execute();
  await s.createTable("minutes_versions")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("minutes_versions_pk", ["meeting_id", "version"])
    .execute();
  await s.createTable("minutes_approvals")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meetings.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("person_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("approved_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("minutes_approvals_pk", ["meeting_id", "version", "country"])
    .execute();

  await s.createTable("actions")
    .addColumn("id", "text", rec)
    .addColumn("description", "text")
    .addColumn("meeting_id", "text", (c) => c.references("meetings.id"))
    .addColumn("outcome_id", "text", (c) => c.references("outcomes.id"))
    .addColumn("forum_id", "text", (c) => c.references("forums.id"))
    .addColumn("owner_country", "text", (c) => c.notNull().references("countries.code"))
    .addColumn("owner_organisation_id", "text", (c) => c.references("records.id"))
    .addColumn("owner_person_id", "text", (c) => c.references("records.id"))
    .addColumn("due_date", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'dropped')`))
    // Denormalised from records so "actions by due date" is one index walk for broad and narrow readers alike.
    .addColumn("marking_id", "text", (c) => c.notNull().references("markings.id"))
    .execute();
  await s.createIndex("actions_due").on("actions").columns(["due_date", "id"]).execute();
  await s.createIndex("actions_marking_due").on("actions").columns(["marking_id", "due_date", "id"]).execute();
  await s.createIndex("actions_forum_status").on("actions").columns(["forum_id", "status", "due_date"]).execute();
  await s.createIndex("actions_meeting").on("actions").column("meeting_id").execute();
  await s.createTable("action_updates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("action_id", "text", (c) => c.notNull().references("actions.id"))
    .addColumn("on_date", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("status", "text")
    .addColumn("by_user", "text", (c) => c.notNull().references("users.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("action_updates_action").on("action_updates").columns(["action_id", "at"]).execute();

  await s.createTable("engagements")
    .addColumn("id", "text", rec)
    .addColumn("engagement_kind", "text", (c) => c.notNull())
    .addColumn("date_start", "text")
    .addColumn("date_end", "text")
    .addColumn("place", "text")
    .addColumn("leader_id", "text", (c) => c.references("records.id"))
    .addColumn("delegation_country", "text", (c) => c.references("countries.code"))
    .addColumn("host_country", "text", (c) => c.references("countries.code"))
    .addColumn("purpose", "text")
    .addColumn("outcomes", "text")
    .addColumn("meeting_id", "text", (c) => c.references("meetings.id"))
    .addColumn("source_id", "text")
    .execute();
  await s.createTable("engagement_hosts")
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("host_id", "text", (c) => c.notNull().references("records.id"))
    .addPrimaryKeyConstraint("engagement_hosts_pk", ["engagement_id", "host_id"])
    .execute();
  await s.createTable("engagement_areas")
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("area", "text", (c) => c.notNull().references("cooperation_areas.code"))
    .addPrimaryKeyConstraint("engagement_areas_pk", ["engagement_id", "area"])
    .execute();

  await s.createTable("ic_thresholds")
    .addColumn("table_version", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("min_percent", "real", (c) => c.notNull())
    .addColumn("basis", "text", (c) => c.notNull())
    .addColumn("effective_from", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ic_thresholds_pk", ["table_version", "category"])
    .execute();
  await s.createTable("programmes")
    .addColumn("id", "text", rec)
    .addColumn("programme_kind", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("value", "real")
    .addColumn("currency", "text")
    .addColumn("compartment", "text", (c) => c.references("compartments.code"))
    .addColumn("buyer_country", "text", (c) => c.references("countries.code"))
    .addColumn("acquisition_category", "text")
    .addColumn("ic_table_version", "text")
    .addColumn("description", "text")
    .execute();
  await s.createTable("programme_partners")
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("organisation_id", "text", (c) => c.notNull().references("records.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("work_share", "real", (c) => c.notNull())
    .addPrimaryKeyConstraint("programme_partners_pk", ["programme_id", "organisation_id"])
    .execute();
  await s.createTable("programme_milestones")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("planned_on", "text")
    .addColumn("actual_on", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await s.createTable("programme_tot_phases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("planned_on", "text")
    .addColumn("actual_on", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await s.createTable("programme_agreements")
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("agreement_id", "text", (c) => c.notNull().references("records.id"))
    .addPrimaryKeyConstraint("programme_agreements_pk", ["programme_id", "agreement_id"])
    .execute();
  await s.createTable("programme_areas")
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("area", "text", (c) => c.notNull().references("cooperation_areas.code"))
    .addPrimaryKeyConstraint("programme_areas_pk", ["programme_id", "area"])
    .execute();
  await s.createTable("programme_cost_lines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("line_kind", "text", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("amount", "real", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  for (const t of ["programme_milestones", "programme_tot_phases", "programme_cost_lines"]) {
    await s.createIndex(`${t}_programme`).on(t).columns(["programme_id", "position"]).execute();
  }
}
