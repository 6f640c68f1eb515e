// PostgreSQL: searches never start parallel workers to read search_docs. A search reads a few
// hundred rows at most before its LIMIT; the planner, estimating a reader's candidates from
// default selectivities (48,899 for the 62 of "radar" in a narrow reader's markings at a million
// records), otherwise gathered two workers for them: 8.8 ms instead of 0.7, a worker's start alone
// costing more CPU than the whole search, on a server whose cores Accord and its backends share.
// A storage parameter only: no rewrite, instant at any size.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`alter table search_docs set (parallel_workers = 0)`.execute(db);
}
