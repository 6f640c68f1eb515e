// A new marking no longer invalidates every cached readable set (issue 16: 31.5 ms to recompute the
// broad set at 1M). Inserting a marking, or a country or compartment of one, now leaves
// `access_generation.n` alone and appends the marking's id to `marking_additions` under the next
// `access_generation.added`; servers test only the markings added since their set was computed
// against the set's access signature (store/marking-sets.ts). Markings are interned whole in one
// transaction, but a row added later (a compartment written by hand) is noted too, and the marking
// is tested again. Changing or deleting any of these rows, and every other table the rule depends
// on, still moves `n`, and every set is recomputed. The counter row is updated in the inserting
// transaction, so on PostgreSQL additions commit in the order of their numbers.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

const TABLES: [table: string, idColumn: string][] = [["markings", "id"], ["marking_countries", "marking_id"], ["marking_compartments", "marking_id"]];

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable("access_generation").addColumn("added", "bigint", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable("marking_additions")
    .addColumn("seq", "bigint", (c) => c.primaryKey())
    .addColumn("marking_id", "text", (c) => c.notNull())
    .execute();
  if (dialect === "postgres") {
    await sql`create function accord_note_marking_addition() returns trigger language plpgsql as $$
      declare mid text;
      begin
        if TG_TABLE_NAME = 'markings' then mid := NEW.id; else mid := NEW.marking_id; end if;
        update access_generation set added = added + 1 where id = 1;
        insert into marking_additions (seq, marking_id) select added, mid from access_generation where id = 1;
        return null;
      end $$`.execute(db);
    for (const [table] of TABLES) {
      await sql`drop trigger ${sql.raw(`${table}_access_generation`)} on ${sql.table(table)}`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_access_generation`)} after update or delete or truncate on ${sql.table(table)}
        for each statement execute function accord_bump_access_generation()`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_marking_addition`)} after insert on ${sql.table(table)}
        for each row execute function accord_note_marking_addition()`.execute(db);
    }
  } else {
    for (const [table, idColumn] of TABLES) {
      await sql`drop trigger ${sql.raw(`${table}_insert_access_generation`)}`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_marking_addition`)} after insert on ${sql.table(table)}
        begin
          update access_generation set added = added + 1 where id = 1;
          insert into marking_additions (seq, marking_id) select added, new.${sql.raw(idColumn)} from access_generation where id = 1;
        end`.execute(db);
    }
  }
}
