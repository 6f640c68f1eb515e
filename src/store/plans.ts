// Filter or seek: how a list reaches a reader's rows (see `AccessPlan` in access.ts).
import { sql } from "kysely";
import type { Kind } from "../domain/roles.ts";
import { readableMarkings, type AccessPlan, type Scope } from "./access.ts";
import type { Conn } from "./db.ts";

const PLAN_PROBE = 2000;
const PLAN_TTL_MS = 60_000;

/**
 * Filter or seek (see `AccessPlan`) for listing a kind: counts the readable rows up to a bound, so
 * the probe costs at most that many index entries, and remembers the answer for a minute. Only
 * SQLite needs telling; PostgreSQL sees the bound ids and plans from its own statistics.
 */
export async function accessPlan(conn: Conn, scope: Scope, kind?: Kind): Promise<AccessPlan | undefined> {
  const set = scope.markings;
  if (!set || set.dialect !== "sqlite") return undefined;
  const key = kind ?? "";
  const known = set.plans.get(key);
  if (known && Date.now() - known.at < PLAN_TTL_MS) return known.plan;
  const kindFilter = kind ? sql`and t.kind = ${kind}` : sql``;
  const row = await sql<{ n: number }>`select count(*) as n from (select 1 from records t
    where t.marking_id in (${readableMarkings(scope)}) ${kindFilter} limit ${PLAN_PROBE}) probe`.execute(conn);
  const plan: AccessPlan = Number(row.rows[0]?.n ?? 0) >= PLAN_PROBE ? "filter" : "seek";
  set.plans.set(key, { plan, at: Date.now() });
  return plan;
}
