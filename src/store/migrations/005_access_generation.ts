// Two things reads at scale need. First, a counter that moves whenever anything the read rule depends on, other than the user's own row,
// changes: markings (and their countries and compartments), equivalences, countries. Servers
// cache each access signature's readable markings and trust the cache only while the counter
// stands still. Triggers bump it, so no write path (nor an operator's SQL) can forget to.
// Second, an index in the action list's own order, for readers of many actions to walk.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

const WATCHED: [table: string, events: string][] = [
  ["markings", "insert or update or delete"],
  ["marking_countries", "insert or update or delete"],
  ["marking_compartments", "insert or update or delete"],
  ["level_equivalences", "insert or update or delete"],
  ["countries", "insert or update or delete"],
];

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // The action list's order (due date, undated last) as an index: broad readers walk it.
  await sql`create index actions_due_key on actions ((coalesce(due_date, '9999-12-31')), id)`.execute(db);
  await db.schema.createTable("access_generation")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("n", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("access_generation").values({ id: 1, n: 0 }).execute();
  if (dialect === "postgres") {
    await sql`create function accord_bump_access_generation() returns trigger language plpgsql as $$
      begin update access_generation set n = n + 1 where id = 1; return null; end $$`.execute(db);
    for (const [table] of WATCHED) {
      await sql`create trigger ${sql.raw(`${table}_access_generation`)} after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function accord_bump_access_generation()`.execute(db);
    }
  } else {
    for (const [table, events] of WATCHED) {
      for (const event of events.split(" or ")) {
        await sql`create trigger ${sql.raw(`${table}_${event}_access_generation`)} after ${sql.raw(event)} on ${sql.table(table)}
          begin update access_generation set n = n + 1 where id = 1; end`.execute(db);
      }
    }
  }
}
