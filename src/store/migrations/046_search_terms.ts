// The search index's distinct words, so that a searched prefix is asked for as the words it starts
// (src/store/search-terms.ts). SQLite only: PostgreSQL's GIN index finds a prefix's words itself.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";
import { refreshSearchTerms } from "../search-terms.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  await sql`create table search_terms (term text primary key) without rowid`.execute(db);
  await refreshSearchTerms(db);
}
