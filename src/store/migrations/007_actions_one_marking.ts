// An action's marking lives in one place, its records row, like every other record's: the copy
// kept on the actions table (002) for the due-date list goes. The list reads through the Reader
// like any other, walking the due-date index (005) and filtering by the records row.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await sql`drop index if exists actions_marking_due`.execute(db);
  await sql`alter table actions drop column marking_id`.execute(db);
}
