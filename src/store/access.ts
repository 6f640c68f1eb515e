// The one access layer (SPEC 3.2). Every read path composes `readableMarkings(scope)` into its
// SQL, so the database returns only what the caller may read. The predicate is written once,
// over a user row `u` and a marking row `m`, and serves both questions:
// "what may this user read" and "who may read this".
import { sql, type RawBuilder } from "kysely";
import type { Rank } from "../domain/markings.ts";
import type { Conn } from "./db.ts";
import { readableSetParam, setTextArray } from "./postgres-sets.ts";

/** A caller whose reads are filtered. Only `forUser` and `system` make one: forgetting the user does not compile. */
export class Scope {
  private constructor(
    readonly userId: string | null,
    readonly viewer: Viewer | null,
    /** The user's readable markings, when already computed by the predicate (see `marking-sets.ts`). */
    readonly markings: MarkingSet | null = null,
  ) {}
  static forUser(viewer: Viewer, markings: MarkingSet | null = null): Scope {
    return new Scope(viewer.id, viewer, markings);
  }
  /** Unfiltered: only for audit bookkeeping, existence checks after a denial, and the CLI. Grep for it. */
  static system(): Scope {
    return new Scope(null, null);
  }
  /** The same user, filtered by the predicate itself rather than a computed set. */
  uncached(): Scope {
    return this.markings ? new Scope(this.userId, this.viewer) : this;
  }
  get isSystem(): boolean {
    return this.userId === null;
  }
  requireViewer(): Viewer {
    if (!this.viewer) throw new Error("this operation needs a signed-in user");
    return this.viewer;
  }
}

export interface Viewer {
  id: string;
  username: string;
  displayName: string;
  nationality: string;
  clearance: Rank;
  compartments: string[];
  roles: string[];
  status: "active" | "locked" | "disabled";
  locale: string;
  mfaEnabled: boolean;
  /** The person record this user is, if any (a co-chair approves minutes as that person). */
  personId: string | null;
}

/**
 * SPEC 3.2 rules 1–4 over aliases `u` (a principal: id, status, clearance, nationality) and `m`
 * (markings); fail closed on anything unknown. `held` names the table of the principal's
 * compartments: a user's, or a federation peer's (SPEC 8.2: a peer is a reader).
 */
const rule = (held: { table: string; holder: string } | { compartments: readonly string[] }) => sql`
  u.status = 'active'
  and m.cls between 0 and 4
  and exists (select 1 from countries oc where oc.code = m.originator)
  and u.clearance >= m.cls
  and u.clearance >= coalesce((select e.to_rank from level_equivalences e
        where e.from_country = m.originator and e.from_rank = m.cls and e.to_country = u.nationality), 0)
  and (m.originator = u.nationality or m.rel_all = 1
       or exists (select 1 from marking_countries mc where mc.marking_id = m.id and mc.country = u.nationality))
  and not exists (select 1 from marking_compartments mk where mk.marking_id = m.id
       and ${"table" in held
         ? sql`not exists (select 1 from ${sql.table(held.table)} uc where uc.${sql.ref(held.holder)} = u.id and uc.compartment = mk.compartment)`
         : held.compartments.length ? sql`mk.compartment not in (${sql.join([...held.compartments])})` : sql`1 = 1`})`;

const predicate = rule({ table: "user_compartments", holder: "user_id" });
const peerPredicate = rule({ table: "federation_peer_compartments", holder: "peer_id" });

/** What a user's readable set depends on (besides the marking-side tables): the set is shared by users alike in these. */
export type AccessSignature = Pick<Viewer, "status" | "nationality" | "clearance" | "compartments">;

/**
 * Those of `ids` the read rule lets a principal of this access signature read: the same predicate,
 * over the signature's values instead of a user's rows, so a set computed for the signature can be
 * extended by markings added since (store/marking-sets.ts) exactly as recomputing it would.
 */
export function readableOfSignature(sig: AccessSignature, ids: readonly string[]): RawBuilder<{ id: string }> {
  if (!ids.length) return sql`select m.id from markings m where 1 = 0`;
  const u = sql`(select cast(${sig.status} as text) as status, cast(${sig.clearance} as integer) as clearance, cast(${sig.nationality} as text) as nationality)`;
  return sql`select m.id from markings m cross join ${u} u where m.id in (${sql.join([...ids])}) and ${rule({ compartments: sig.compartments })}`;
}

/**
 * A federation peer as a principal of the read rule: the peer's country as nationality, the link's
 * accredited level as clearance, the shared compartments as compartments, active only while the
 * link is (a suspended or removed peer reads nothing).
 */
const PEER_PRINCIPAL = sql`(select p.id, case when p.status = 'active' then 'active' else 'disabled' end as status,
  p.level as clearance, p.country as nationality, p.home_country as home from federation_peers p)`;

/**
 * `select m.id from markings m ...`: the markings whose records may leave for a peer (SPEC 8.2):
 * what the read rule lets the peer principal read, and originated by the home country (an
 * instance never passes on what another country originated). `peer` is an id or a column.
 */
export function peerReadableMarkings(peer: string | RawBuilder<unknown>, opts: { originatorControl?: boolean } = {}): RawBuilder<{ id: string }> {
  // Without originator control only to show that the property test catches its absence.
  const origin = opts.originatorControl === false ? sql`` : sql`and m.originator = u.home`;
  return sql`select m.id from markings m join ${PEER_PRINCIPAL} u on u.id = ${peer} where ${peerPredicate} ${origin}`;
}

/** The ids of the markings a user may read, as the predicate computed them, ready to bind. */
export interface MarkingSet {
  dialect: "sqlite" | "postgres";
  ids: string[];
  /**
   * SQLite: the set's number in the connection's temporary `readable_sets` table, which holds its
   * ids keyed by number. Binding thousands of ids (`json_each`) made SQLite build an index of them
   * on every query, several times the cost of the page itself; the table is built once per set.
   */
  setNo: number;
  /** Plans chosen for this set by table and kind, with when (see `accessPlan`). */
  plans: Map<string, { plan: AccessPlan; n: number; at: number }>;
}

/**
 * How a query reaches a user's rows: `filter` the rows it finds by other means (walking a list's
 * order, or looking up ids) against the readable set, which suits broad readers and lookups; or
 * `seek` the readable markings' entries and sort the few found, which suits narrow readers.
 */
export type AccessPlan = "filter" | "seek";

/**
 * How a statement checks rows it has already found by key (a page's children, its references, one
 * record): `each` row probes the readable set by its marking. Filtering, PostgreSQL joined a few
 * rows to the connection's set table by hashing the whole set (a broad reader's ~2,000 markings:
 * ~0.4 ms per statement at 1M, twice a documents page, against ~2 µs per row probed).
 */
export type ReadCheck = AccessPlan | "each";

/**
 * Adds a marking the predicate has just allowed this scope's user (a write at a marking interned
 * a moment ago) to their computed set, so the request reads back what it wrote. The set belongs to
 * the access signature, and the rule gives every user of that signature the same answer.
 */
export async function admitMarking(conn: Conn, scope: Scope, id: string): Promise<void> {
  const set = scope.markings;
  if (!set || set.ids.includes(id)) return;
  // In the caller's transaction: rolled back with the write, the set only lacks a marking (fails closed).
  if (set.dialect === "sqlite") await sql`insert or ignore into temp.readable_sets (rs_set, rs_marking) values (${set.setNo}, ${id})`.execute(conn);
  set.ids = [...set.ids, id].sort();
  set.plans.clear();
}

/** `select m.id from markings m ...`: the markings the scope's user may read (all of them for system). */
export function readableMarkings(scope: Scope): RawBuilder<{ id: string }> {
  if (scope.userId === null) return sql`select m.id from markings m`;
  if (scope.markings?.dialect === "sqlite") return sql`select rs_marking as id from temp.readable_sets where rs_set = ${scope.markings.setNo}`;
  // PostgreSQL: the set as loaded into the connection's temporary table (src/store/postgres-sets.ts).
  if (scope.markings?.dialect === "postgres") return sql`select rs.rs_marking as id from pg_temp.accord_readable rs where rs.rs_set = ${readableSetParam(scope.markings.ids)}`;
  return sql`select m.id from markings m join users u on u.id = ${scope.userId} where ${predicate}`;
}

const PG_PLANNED_IDS = 64;

/**
 * PostgreSQL: the readable markings a list should seek one by one (a top-N per marking, merged),
 * or null to let the planner walk. A narrow reader's markings are few, and the planner, not
 * knowing that a marking and a kind go together, misjudges how many rows they hold (4,852 estimated
 * for 52 at 100k) and walks the kind's whole order index; per marking, each top-N is one short
 * walk of (marking, kind, created_at, id), whatever the statistics say. Chosen by the size of the
 * set already computed: few markings, few walks.
 */
export function markingsToSeek(scope: Scope): string[] | null {
  const set = scope.markings;
  return set?.dialect === "postgres" && scope.userId !== null && set.ids.length <= PG_PLANNED_IDS ? set.ids : null;
}

/**
 * `column` holds a marking the scope may read: the form every read path filters with. A computed
 * set is bound as one value (PostgreSQL then plans with the actual ids and its statistics).
 */
export function readableBy(scope: Scope, column: string, plan: ReadCheck = "filter"): RawBuilder<boolean> {
  // PostgreSQL plans `= any(array)` from each id's statistics, which picks the right index for a
  // narrow reader but costs milliseconds of planning per query for thousands of ids; a large set
  // goes in as a subquery, planned as a filter on the walk.
  if (scope.markings?.dialect === "postgres" && scope.userId !== null && scope.markings.ids.length <= PG_PLANNED_IDS) {
    return sql<boolean>`${sql.ref(column)} = any(${setTextArray(scope.markings.ids)}::text[])`;
  }
  // SQLite: filtering probes the set's primary key for each row it walks. The table's columns
  // (rs_*) are named like no column of the schema: an unqualified `marking_id` inside the EXISTS
  // would otherwise bind to the set's own column and admit every row. (an IN over a subquery
  // would first copy the set into a fresh index, every query); seeking walks the set's markings
  // into the records' marking index.
  if (plan !== "seek" && scope.markings?.dialect === "sqlite" && scope.userId !== null) {
    return sql<boolean>`exists (select 1 from temp.readable_sets k where k.rs_set = ${scope.markings.setNo} and k.rs_marking = ${sql.ref(column)})`;
  }
  // PostgreSQL, rows found by key: a correlated probe of the set's primary key per row. `offset 0`
  // keeps the subquery from being pulled up into a join, which the planner, costing each probe as a
  // read from disk, made a hash of the whole set.
  if (plan === "each" && scope.markings?.dialect === "postgres" && scope.userId !== null) {
    return sql<boolean>`exists (select 1 from pg_temp.accord_readable rs where rs.rs_set = ${readableSetParam(scope.markings.ids)} and rs.rs_marking = ${sql.ref(column)} offset 0)`;
  }
  return sql<boolean>`${sql.ref(column)} in (${readableMarkings(scope)})`;
}

/** `select u.id from users u ...`: who may read records carrying this marking. */
export function readersOfMarking(markingId: string): RawBuilder<{ id: string }> {
  return sql`select u.id from users u join markings m on m.id = ${markingId} where ${predicate}`;
}

/**
 * `column` holds a marking that every reader of `bound` may read: its level no higher, its
 * compartments among `bound`'s, every country `bound` releases to released to by it too ("ALL"
 * only by "ALL"), and no level equivalence lifting it above `bound` for any of those countries.
 * Content derived for readers of `bound` (a draft's matches and gazetteer) is drawn only from such
 * records, so it never shows one of its readers what they may not read (issue 11).
 */
export function dominatedBy(bound: { classification: number; originator: string; releasableTo: readonly string[] | "ALL"; compartments: readonly string[] }, column: string): RawBuilder<boolean> {
  const audience = bound.releasableTo === "ALL" ? null : [...new Set([bound.originator, ...bound.releasableTo])];
  const compartments = bound.compartments.length
    ? sql`and mk.compartment not in (${sql.join([...bound.compartments])})`
    : sql``;
  const released = audience
    ? sql.join(audience.map((c) => sql`(m.originator = ${c} or m.rel_all = 1 or exists (select 1 from marking_countries mc where mc.marking_id = m.id and mc.country = ${c}))`), sql` and `)
    : sql`m.rel_all = 1`;
  const lifted = audience ? sql`and e.to_country in (${sql.join(audience)})` : sql``;
  return sql<boolean>`${sql.ref(column)} in (select m.id from markings m where m.cls <= ${bound.classification}
    and not exists (select 1 from marking_compartments mk where mk.marking_id = m.id ${compartments})
    and ${released}
    and not exists (select 1 from level_equivalences e where e.from_country = m.originator and e.from_rank = m.cls and e.to_rank > ${bound.classification} ${lifted}))`;
}
