// Actions by due date walked per readable marking on SQLite too (Reader.markingsToWalk): a reader of
// few markings whose readable actions are many walks each marking's actions in the list's own order
// (due date, undated last, then id) and merges them, as PostgreSQL does with 044's index.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  await sql`create index actions_marking_due_key on actions (marking_id, coalesce(due_date, '9999-12-31'), id)`.execute(db);
}
