// Issue 11 rows 1 and 2. A document's file versions carry the marking each had, so releasing the
// current version releases only that one. A draft's outcome is kept as links to the records it
// made or used (`draft_outcomes`), resolved for each reader at read time, never as identifiers
// inside the draft's own text.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable("document_versions").addColumn("marking_id", "text", (c) => c.references("markings.id")).execute();
  // Existing versions: the current file takes the document's marking; an older one the marking the
  // document had when that file was uploaded (the highest it could have carried is unknown).
  await sql`update document_versions set marking_id = coalesce(
      case when version = (select d.current_version from documents d where d.id = document_versions.document_id)
           then (select r.marking_id from records r where r.id = document_versions.document_id) end,
      (select rv.marking_id from record_versions rv where rv.record_id = document_versions.document_id and rv.at <= document_versions.uploaded_at order by rv.version desc limit 1),
      (select r.marking_id from records r where r.id = document_versions.document_id))`.execute(db);
  if (dialect === "postgres") await sql`alter table document_versions alter column marking_id set not null`.execute(db);

  await db.schema.createTable("draft_outcomes")
    .addColumn("draft_id", "text", (c) => c.notNull().references("drafts.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("proposal_key", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("record_id", "text", (c) => c.references("records.id"))
    .addPrimaryKeyConstraint("draft_outcomes_pk", ["draft_id", "position"])
    .execute();
  const confirmed = await db.selectFrom("drafts").select(["id", "outcome"]).where("outcome", "is not", null).execute();
  for (const d of confirmed as { id: string; outcome: string }[]) {
    const outcomes = JSON.parse(d.outcome) as { key: string; action: string; recordId: string | null }[];
    if (outcomes.length) {
      await db.insertInto("draft_outcomes").values(outcomes.map((o, position) => ({ draft_id: d.id, position, proposal_key: o.key, action: o.action, record_id: o.recordId }))).execute();
    }
  }
  // The identifiers leave the draft's row: only the links above name them.
  await db.updateTable("drafts").set({ outcome: null }).execute();
}
