// Action items in API form: where they came from, who owns them (references, withheld when
// unreadable), how overdue, their progress, the agendas they are on, and the reader's policies.
import { sql, type Selectable } from "kysely";
import { decide } from "../../domain/policy.ts";
import { refsOf, type ReadId, type ReadRecord, type Reader, type Refs } from "../../store/reader.ts";
import type { ActionTable, ActionUpdateTable } from "../../store/schema.ts";
import { byRecord, meta, refOf } from "../common.ts";
import { actionPolicy } from "./policy.ts";
import type { Action } from "./schema.ts";

export const today = () => new Date().toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The columns of an action's own row its presentation reads. */
export const OWN_COLUMNS = ["description", "meeting_id", "outcome_id", "forum_id", "owner_country", "owner_organisation_id", "owner_person_id", "due_date", "status"] as const;
type OwnRow = Pick<Selectable<ActionTable>, "id" | (typeof OWN_COLUMNS)[number]>;

/**
 * The own rows a Reader's list page read with its records (in the page's statement, under the same
 * read rule), by Reader so they last as long as its request: presenting the page takes them from
 * here instead of reading them again by id. Anything else (one action, a write) reads them itself.
 */
const pageRows = new WeakMap<Reader, Map<string, OwnRow>>();

export function keepPageRows(reader: Reader, rows: readonly OwnRow[]): void {
  let kept = pageRows.get(reader);
  if (!kept) pageRows.set(reader, (kept = new Map()));
  for (const row of rows) kept.set(row.id, row);
}

async function ownRows(reader: Reader, records: ReadRecord[]): Promise<Map<string, OwnRow>> {
  const kept = pageRows.get(reader);
  const missing = kept ? records.filter((r) => !kept.has(r.id)) : records;
  if (!missing.length) return kept!;
  const rows = await reader.children("actions", missing.map((r) => r.id)).select(["id", ...OWN_COLUMNS]).execute();
  if (!kept) return new Map(rows.map((a) => [a.id, a]));
  const out = new Map(kept);
  for (const a of rows) out.set(a.id, a);
  return out;
}

type UpdateRow = Selectable<ActionUpdateTable>;
interface AgendaRow { id: string; kind: string; title: string; action_id: string | null }
/** The references an action's presentation shows. */
const REF_COLUMNS = ["meeting_id", "forum_id", "owner_organisation_id", "owner_person_id"] as const;

/**
 * PostgreSQL: actions' own rows, each with its updates (newest first), the meetings the
 * caller may read whose agenda carries it, and its references (when the caller may read them), in one statement.
 */
export function actionsPresentationQuery(reader: Reader, ids: readonly ReadId[]) {
  // The meetings as `records()` reads them, each probed by its marking (it is found by key).
  const meetings = reader.records("meeting", "each").innerJoin("agenda_items as ai", "ai.meeting_id", "r.id")
    .select(sql`json_agg(json_build_object('id', r.id, 'kind', r.kind, 'title', r.title, 'action_id', ai.action_id) order by r.created_at)`.as("agenda"))
    .where(sql<boolean>`ai.action_id = actions.id`);
  return reader.children("actions", ids).select(["id", ...OWN_COLUMNS])
    .select([
      reader.childRowsJson("action_updates", "actions.id", sql`c.at desc`).as("updates"),
      sql<AgendaRow[] | null>`(${meetings})`.as("agenda"),
      ...REF_COLUMNS.map((c) => reader.refJson(`actions.${c}`).as(`ref_${c}`)),
    ]);
}

/**
 * The actions' own rows, their updates (newest first), the readable meetings whose agenda carries
 * them and their references: for one action on PostgreSQL in one statement (see
 * Reader.presentsInOne), its updates and agenda aggregated as json; otherwise in three or four.
 */
async function actionRows(reader: Reader, records: ReadRecord[]): Promise<{ byId: Map<string, OwnRow>; updates: UpdateRow[]; agenda: AgendaRow[]; refs: Refs }> {
  const ids = records.map((r) => r.id);
  // One action (a get, a write's answer) in one statement; a page's references are cheaper for
  // PostgreSQL as one set of distinct ids (124 for a page's 200 columns at 1M) than looked up for
  // each column of each row: folded, a broad page cost its backends 2.83 ms where four statements
  // cost 2.38 ms, and one action 0.82 ms where they cost 1.10 ms (bench/list-loop.ts, in one run).
  if (reader.presentsInOne && records.length === 1) {
    const rows = await actionsPresentationQuery(reader, ids).execute();
    return {
      byId: new Map(rows.map((a) => [a.id, a])),
      updates: rows.flatMap((a) => (a.updates ?? []) as UpdateRow[]),
      agenda: rows.flatMap((a) => a.agenda ?? []),
      refs: refsOf(rows.flatMap((a) => REF_COLUMNS.map((c) => [a[c], a[`ref_${c}`]] as const))),
    };
  }
  const [byId, updates, agenda] = await Promise.all([
    ownRows(reader, records),
    reader.children("action_updates", ids).selectAll().orderBy("at", "desc").execute(),
    // The meetings whose agenda carries the action, those the reader may read only.
    reader.records("meeting").innerJoin("agenda_items as ai", "ai.meeting_id", "r.id").select(["r.id", "r.kind", "r.title", "ai.action_id"])
      .where(reader.oneOf("ai.action_id", ids)).orderBy("r.created_at").execute(),
  ]);
  const refIds: (string | null)[] = [];
  for (const r of records) {
    const a = byId.get(r.id)!;
    refIds.push(...REF_COLUMNS.map((c) => a[c]));
  }
  return { byId, updates, agenda, refs: await reader.refs(refIds) };
}

export async function presentActions(reader: Reader, records: ReadRecord[]): Promise<Action[]> {
  if (!records.length) return [];
  const { byId, updates, agenda, refs } = await actionRows(reader, records);
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
