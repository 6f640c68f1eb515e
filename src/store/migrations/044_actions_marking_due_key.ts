// Actions by due date for a reader of few markings on PostgreSQL (issue 16): the list walks each
// readable marking's actions in the list's own order (due date, undated last, then id) and merges
// them, so it needs that order per marking as an index. `actions_marking_due` orders undated
// actions by NULL, not by the list's key, so a walk of it could not take the key's cursor. SQLite
// seeks its markings in `actions_marking_due` and sorts the few it finds: it needs no new index.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create index actions_marking_due_key on actions (marking_id, (coalesce(due_date, '9999-12-31')), id)`.execute(db);
}
