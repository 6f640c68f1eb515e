// The audit viewer filters by actor and by action type (issue 14): indexes that let each filter
// walk the log newest first without reading all of it.
import type { Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex("audit_events_actor").on("audit_events").columns(["actor", "seq"]).execute();
  await db.schema.createIndex("audit_events_action").on("audit_events").columns(["action", "seq"]).execute();
}
