// The agendas an action is on, found from the action: an action's page and every list of actions
// show the meetings that carried it, and reading them starts from the action, not the meetings.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await sql`create index agenda_items_action on agenda_items (action_id)`.execute(db);
}
