// Action items in API form: where they came from, who owns them (references, withheld when
// unreadable), how overdue, their progress, the agendas they are on, and the reader's policies.
import { sql, type Expression, type RawBuilder, type Selectable } from "kysely";
import { decide } from "../../domain/policy.ts";
import { Kept, refsOf, type ReadId, type ReadRecord, type Reader, type Refs } from "../../store/reader.ts";
import type { ActionTable } from "../../store/schema.ts";
import { byRecord, meta, refOf } from "../common.ts";
import { actionPolicy } from "./policy.ts";
import type { ActionRow } from "./list.ts";
import type { Action } from "./schema.ts";

export const today = () => new Date().toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The columns of an action's own row its presentation reads. */
export const OWN_COLUMNS = ["description", "meeting_id", "outcome_id", "forum_id", "owner_country", "owner_organisation_id", "owner_person_id", "due_date", "status"] as const;
type OwnRow = Pick<Selectable<ActionTable>, "id" | (typeof OWN_COLUMNS)[number]>;

/**
 * The own rows a Reader's list page read with its records (in the page's statement, under the same
 * read rule), kept on the Reader so they last as long as its request: presenting the page takes them from
 * here instead of reading them again by id. Anything else (one action, a write) reads them itself.
 */
const pageRows = new Kept<Map<string, OwnRow>>("action page rows");

export function keepPageRows(reader: Reader, rows: readonly OwnRow[]): void {
  let kept = reader.kept(pageRows);
  if (!kept) reader.keep(pageRows, (kept = new Map()));
  for (const row of rows) kept.set(row.id, row);
}

async function ownRows(reader: Reader, records: ReadRecord[]): Promise<Map<string, OwnRow>> {
  const kept = reader.kept(pageRows);
  const missing = kept ? records.filter((r) => !kept.has(r.id)) : records;
  if (!missing.length) return kept!;
  const rows = await reader.keptRows("action rows", missing.map((r) => r.id), (list) => reader.children("actions", list).select(["id", ...OWN_COLUMNS]));
  if (!kept) return new Map(rows.map((a) => [a.id, a]));
  const out = new Map(kept);
  for (const a of rows) out.set(a.id, a);
  return out;
}

/** An action update, as presentation reads it. */
type UpdateRow = { action_id: string; on_date: string; text: string; status: string | null; at: string };
/** A meeting whose agenda carries an action, for a reader who may read it. */
type AgendaRow = { id: string; kind: string; title: string; action_id: string | null };

/**
 * A page's updates, agendas and references, each read as on its own (the same conditions, the
 * read rule inside each), as one statement of three parts on PostgreSQL (see Reader.presentsInOne):
 * three statements were three round trips, two of them side by side on two connections, and each
 * cost Accord about as much CPU to send, answer and parse as its rows did. The parts' rows share
 * six text columns, told apart by `part`; each part's order is made here (a union's is not given).
 */
async function childrenInOne(reader: Reader, ids: readonly ReadId[], refIds: readonly (string | null)[]): Promise<{ updates: UpdateRow[]; agenda: AgendaRow[]; refs: Refs }> {
  const wanted = [...new Set(refIds.filter((i): i is string => Boolean(i)))];
  const none = sql<string | null>`null`;
  const updates = reader.children("action_updates", ids).select([sql.lit("u").as("part"), "action_updates.action_id as a", "action_updates.on_date as b",
    "action_updates.text as c", sql<string | null>`action_updates.status`.as("d"), "action_updates.at as e"]);
  const agenda = reader.records("meeting").innerJoin("agenda_items as ai", "ai.meeting_id", "r.id")
    .select([sql.lit("g").as("part"), sql<string>`ai.action_id`.as("a"), "r.id as b", "r.kind as c", sql<string | null>`r.title`.as("d"), "r.created_at as e"]).where(reader.oneOf("ai.action_id", ids));
  // The references as Reader.refs reads them: readable ones by key, under the read rule for each row.
  const refs = wanted.length
    ? reader.records(undefined, "each").select([sql.lit("r").as("part"), "r.id as a", "r.kind as b", "r.title as c", none.as("d"), sql<string>`null`.as("e")]).where(reader.oneOf("r.id", wanted))
    : null;
  const rows = await (refs ? updates.unionAll(agenda).unionAll(refs) : updates.unionAll(agenda)).execute();
  const out = { updates: [] as UpdateRow[], agenda: [] as AgendaRow[], read: new Map<string, { id: string; kind: string; title: string }>() };
  const agendaAt = new Map<AgendaRow, string>();
  for (const row of rows) {
    if (row.part === "u") out.updates.push({ action_id: row.a, on_date: row.b, text: row.c, status: row.d, at: row.e });
    else if (row.part === "g") {
      const item = { id: row.b, kind: row.c, title: row.d!, action_id: row.a };
      out.agenda.push(item);
      agendaAt.set(item, row.e);
    } else out.read.set(row.a, { id: row.a, kind: row.b, title: row.c });
  }
  inTheirOrder(out.updates, out.agenda, agendaAt);
  return { updates: out.updates, agenda: out.agenda, refs: refsOf(wanted.map((id) => [id, out.read.get(id)] as const)) };
}

/** As their own statements ordered them: updates newest first, agendas by their meeting's creation (`at`). */
function inTheirOrder(updates: UpdateRow[], agenda: AgendaRow[], at: Map<AgendaRow, string>): void {
  updates.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
  agenda.sort((x, y) => { const p = at.get(x)!, q = at.get(y)!; return p < q ? -1 : p > q ? 1 : 0; });
}

/**
 * A row of `actionsJoinedTo`: one of the page's (`part` "p", `n` its place in the page) or, in the
 * page's first columns, one of their children (see `fromJoined`).
 */
type JoinedRow = ActionRow & { part: "p" | "u" | "g" | "r"; n: number | null };

/** The columns of `actionsJoinedTo`'s rows after `part` and `n`, the page's as `listActions` reads them. */
const PAGE_COLUMNS = ["id", "kind", "marking_id", "title", "created_by", "created_at", "updated_at", "version", ...OWN_COLUMNS, "due_key"] as const;

/** A child part's select list: `part`, no place, `values` in the first of the page's columns, null in the rest. */
function childColumns(part: "u" | "g" | "r", values: readonly RawBuilder<unknown>[]) {
  const none = PAGE_COLUMNS.slice(values.length).map(() => sql`null`);
  return sql.join([sql.lit(part), sql`null`, ...values, ...none]);
}

/**
 * PostgreSQL: a page's statement (`page`, one row more than the `shown` ones, in the list's
 * order) with the updates, agendas and references of its shown actions, in one statement. The page
 * is materialised once (`p`) and numbered in its order; each child part reads as `childrenInOne`'s
 * does (the same conditions, the read rule inside each), taking the page's ids from `p` instead of
 * parameters, and its references once per distinct id. Child rows carry their columns in the
 * page's first ones (`fromJoined` reads them back): a wider row of their own would be a dozen
 * more null columns for each of them to send and parse.
 */
export function actionsJoinedTo(reader: Reader, page: Expression<ActionRow>, shown: number): RawBuilder<JoinedRow> {
  const ids = sql`select p.id from p where p.n <= ${sql.lit(shown)}`;
  const refIds = sql`select x.id from p cross join lateral unnest(array[p.meeting_id, p.forum_id, p.owner_organisation_id, p.owner_person_id]) as x(id)
    where p.n <= ${sql.lit(shown)} and x.id is not null`;
  const updates = sql`select ${childColumns("u", [sql`u.action_id`, sql`u.on_date`, sql`u.status`, sql`u.text`, sql`null`, sql`u.at`])}
    from action_updates u where u.action_id in (${ids})`;
  // Meetings and references are records found by key: each probes the reader's readable set.
  const agenda = sql`select ${childColumns("g", [sql`ai.action_id`, sql`r.kind`, sql`r.id`, sql`r.title`, sql`null`, sql`r.created_at`])}
    from agenda_items ai join records r on r.id = ai.meeting_id where ai.action_id in (${ids}) and r.kind = ${reader.kindValue("meeting")} and ${reader.readableRow("r.marking_id")}`;
  // A reference's id compared in the "C" collation is sought in `records_ref` (migrations 052 and
  // 056: a hash index, its bucket's page and then the row, where a B-tree's descent cost more).
  const refs = sql`select ${childColumns("r", [sql`r.id`, sql`r.kind`, sql`null`, sql`r.title`])}
    from records r where r.id collate "C" in (${refIds}) and ${reader.readableRow("r.marking_id")}`;
  const columns = sql.join(PAGE_COLUMNS.map((c) => sql.ref(`p.${c}`)));
  return sql<JoinedRow>`with p as materialized (select k.*, row_number() over (order by k.due_key, k.id) as n from (${page}) k)
    select 'p' as part, p.n, ${columns} from p
    union all ${updates} union all ${agenda} union all ${refs}`;
}

/** The page's own rows of `actionsJoinedTo`'s, in the page's order. */
export function pageOfJoined(joined: readonly JoinedRow[]): JoinedRow[] {
  return joined.filter((j) => j.part === "p").sort((x, y) => x.n! - y.n!);
}

type Children = { updates: UpdateRow[]; agenda: AgendaRow[]; refs: Refs };

/** The children a list page read with its records (listActions), kept on the Reader so they last as long as its request. */
const pageChildren = new Kept<{ ids: Set<string>; children: Children }>("action page children");

/** Keeps what `actionsJoinedTo` read of the `shown` actions for presentActions. */
export function keepPagePresentation(reader: Reader, shown: readonly OwnRow[], joined: readonly JoinedRow[]): void {
  reader.keep(pageChildren, { ids: new Set(shown.map((a) => a.id)), children: fromJoined(shown, joined) });
}

/** The child rows of `actionsJoinedTo`'s, each part's columns read back from the page's (see there). */
function fromJoined(shown: readonly OwnRow[], joined: readonly JoinedRow[]): Children {
  const updates: UpdateRow[] = [];
  const agenda: AgendaRow[] = [];
  const agendaAt = new Map<AgendaRow, string>();
  const read = new Map<string, { id: string; kind: string; title: string }>();
  for (const j of joined) {
    if (j.part === "u") updates.push({ action_id: j.id, on_date: j.kind, status: j.marking_id as string | null, text: j.title, at: j.created_at });
    else if (j.part === "g") {
      const item = { action_id: j.id, kind: j.kind, id: j.marking_id, title: j.title };
      agenda.push(item);
      agendaAt.set(item, j.created_at);
    } else if (j.part === "r") read.set(j.id, { id: j.id, kind: j.kind, title: j.title });
  }
  inTheirOrder(updates, agenda, agendaAt);
  const refIds = shown.flatMap((a) => [a.meeting_id, a.forum_id, a.owner_organisation_id, a.owner_person_id]);
  return { updates, agenda, refs: refsOf(refIds.map((id) => [id, id ? read.get(id) : null] as const)) };
}

/**
 * One action, read and audited as `Reader.get` does. On PostgreSQL in one statement with its own
 * row and presentation (actionsJoinedTo, the record by its id, with its own row, in place of the
 * page), kept for presentActions: the record, its own row and its children were three round trips.
 */
export async function getAction(reader: Reader, id: string): Promise<ReadRecord> {
  if (!reader.presentsInOne) return reader.get("action", id);
  const withOwnRow = (one: ReturnType<Reader["recordById"]>) => one.innerJoin("actions as t", "t.id", "r.id")
    .select(OWN_COLUMNS.map((c) => `t.${c}` as const)).select(sql<string>`coalesce(t.due_date, '9999-12-31')`.as("due_key"));
  const { rec, joined } = await reader.getJoined("action", id, (one) => actionsJoinedTo(reader, withOwnRow(one), 1), (rows) => pageOfJoined(rows)[0]);
  if (joined) {
    const own = rec as unknown as ActionRow;
    keepPageRows(reader, [own]);
    keepPagePresentation(reader, [own], joined);
  }
  return rec;
}

export async function presentActions(reader: Reader, records: ReadRecord[]): Promise<Action[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  let byId: Map<string, OwnRow>, updates: UpdateRow[], agenda: AgendaRow[], refs: Refs;
  const refIdsOf = (rows: Map<string, OwnRow>) => {
    const refIds: (string | null)[] = [];
    for (const r of records) {
      const a = rows.get(r.id)!;
      refIds.push(a.meeting_id, a.forum_id, a.owner_organisation_id, a.owner_person_id);
    }
    return refIds;
  };
  if (reader.presentsInOne) {
    // A list page's own rows and children came with it (no statement); one action's rows are read first.
    byId = await ownRows(reader, records);
    const kept = reader.kept(pageChildren);
    ({ updates, agenda, refs } = kept && records.every((r) => kept.ids.has(r.id)) ? kept.children : await childrenInOne(reader, ids, refIdsOf(byId)));
  } else {
    [byId, updates, agenda] = await Promise.all([
      ownRows(reader, records),
      reader.keptRows("action updates", ids, (list) => reader.children("action_updates", list).select(["action_id", "on_date", "text", "status", "at"]).orderBy("at", "desc")),
      // The meetings whose agenda carries the action, those the reader may read only.
      reader.keptRows("action agendas", ids, (list) => reader.records("meeting").innerJoin("agenda_items as ai", "ai.meeting_id", "r.id").select(["r.id", "r.kind", "r.title", "ai.action_id"])
        .where(reader.oneOf("ai.action_id", list)).orderBy("r.created_at")),
    ]);
    refs = await reader.refs(refIdsOf(byId));
  }
  const updatesOf = byRecord(updates, (u) => u.action_id);
  const agendasOf = byRecord(agenda, (x) => x.action_id);
  const now = today();
  const actor = reader.actor;
  return records.map((r) => {
    const a = byId.get(r.id)!;
    const late = a.due_date && (a.status === "open" || a.status === "in_progress") && a.due_date < now ? daysBetween(a.due_date, now) : null;
    return Object.assign(meta(r, decide(actionPolicy, actor, { status: a.status, ownerPersonId: a.owner_person_id })), {
      title: r.title,
      description: a.description,
      meeting: refOf(refs, a.meeting_id),
      outcomeId: a.outcome_id,
      forum: refOf(refs, a.forum_id),
      owner: { country: a.owner_country, organisation: refOf(refs, a.owner_organisation_id), person: refOf(refs, a.owner_person_id) },
      dueDate: a.due_date,
      status: a.status,
      overdueDays: late,
      updates: (updatesOf.get(r.id) ?? []).map((u) => ({ onDate: u.on_date, text: u.text, status: u.status, at: u.at })),
      onAgendaOf: (agendasOf.get(r.id) ?? []).map((x) => ({ id: x.id, kind: x.kind, title: x.title, withheld: false as const })),
    });
  });
}
