// Filter or seek: how a list reaches a reader's rows (see `AccessPlan` in access.ts), chosen by a
// bounded count of the reader's readable records that is kept with their set.
import { sql } from "kysely";
import type { Kind } from "../domain/roles.ts";
import { readableMarkings, type AccessPlan, type Scope } from "./access.ts";
import type { Conn } from "./db.ts";

export const PLAN_PROBE = 2000;
const PLAN_TTL_MS = 60_000;

/**
 * Filter or seek (see `AccessPlan`) for listing a kind: counts the readable rows up to a bound, so
 * the probe costs at most that many index entries, and remembers the answer for a minute. Only
 * SQLite needs telling; PostgreSQL sees the bound ids and plans from its own statistics.
 */
export async function accessPlan(conn: Conn, scope: Scope, kind?: Kind): Promise<AccessPlan | undefined> {
  const set = scope.markings;
  if (!set || set.dialect !== "sqlite") return undefined;
  if (!scope.isSystem && set.ids.length <= SOUGHT_MARKINGS) return "seek";
  return (await probe(conn, scope, kind))!.plan;
}

/**
 * SQLite: a reader of this many markings or fewer always seeks, however many their records. A
 * page's statement in the seek plan (`Reader.pageQuery`, `actionsPageQuery`) walks each readable
 * marking's entries of an index in the list's own order, and SQLite leaves a marking's walk as
 * soon as its next entry would not make the page (the sorter holds a page of better ones): at most
 * a page of entries per marking, read from the index alone, whatever the count (78,029 readable
 * people at 1M: 0.11 ms, as 2,008). The rows are read after, for the page only.
 */
export const SOUGHT_MARKINGS = 64;

/**
 * How many records (of a kind) the scope may read, counted up to PLAN_PROBE (a count of PLAN_PROBE
 * means at least that many), and the plan that count chooses, kept with the set for a minute.
 */
async function probe(conn: Conn, scope: Scope, kind?: Kind): Promise<{ plan: AccessPlan; n: number } | undefined> {
  const set = scope.markings;
  if (!set || scope.isSystem) return undefined;
  const key = kind ?? "";
  const known = set.plans.get(key);
  if (known && Date.now() - known.at < PLAN_TTL_MS) return known;
  const kindFilter = kind ? sql`and t.kind = ${kind}` : sql``;
  const row = await sql<{ n: number }>`select count(*) as n from (select 1 from records t
    where t.marking_id in (${readableMarkings(scope)}) ${kindFilter} limit ${PLAN_PROBE}) probe`.execute(conn);
  const n = Number(row.rows[0]?.n ?? 0);
  const plan: AccessPlan = n >= PLAN_PROBE ? "filter" : "seek";
  const entry = { plan, n, at: Date.now() };
  set.plans.set(key, entry);
  return entry;
}
