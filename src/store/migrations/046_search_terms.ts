// The search index's distinct words, so that a searched prefix is asked for as the words it starts
// (src/store/search-terms.ts). Compared byte by byte on both stores, so a prefix is a range of keys.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";
import { refreshSearchTerms } from "../search-terms.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") await sql`create table search_terms (term text collate "C" primary key)`.execute(db);
  else await sql`create table search_terms (term text primary key) without rowid`.execute(db);
  await refreshSearchTerms(db);
}
