// PostgreSQL: the search indexes (006's words, 048's words with their marking, 053's words with their
// period) take each new entry into their trees at once (fastupdate off), instead of a pending list
// that every search reads whole. 048 and 053 kept that list small (256 kB); still, a store taking
// records all day always holds one, and each search paid for reading it: after ~750 new actions at
// a million records (the bench's "create an action", whose texts have none of the searched words),
// 048's list held 24 pages and the narrow reader's "radar" found its 62 matches in 0.48 ms of the
// index instead of 0.08. Side by side (bench/p99-probe.ts, PostgreSQL 1M copies after those writes,
// 4 runs): the backends' CPU per search 0.76x for the narrow reader (0.71 -> 0.54 ms) and 0.60x
// for the broad (1.18 -> 0.70 ms), requests a second 1.16x and 1.29x. Writing pays little for it:
// "create an action" took 1.02x the backends' CPU (7.27 -> 7.44 ms) and 0.98x the requests a second.
// A bulk load (the scale seed) turns it back on while it loads (`bulkSearchIndexing`, seed/scale.ts).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export const SEARCH_INDEXES = ["search_docs_tsv", "search_docs_marking_words", "search_docs_period_words"] as const;

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  for (const index of SEARCH_INDEXES) {
    await sql`alter index ${sql.ref(index)} set (fastupdate = off)`.execute(db);
    // What the list holds stays there (and is read by every search) until moved into the tree.
    await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
}
