// Action items in API form: where they came from, who owns them (references, withheld when
// unreadable), how overdue, their progress, the agendas they are on, and the reader's policies.
import type { Selectable } from "kysely";
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import type { ActionTable } from "../../store/schema.ts";
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

export async function presentActions(reader: Reader, records: ReadRecord[]): Promise<Action[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
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
    refIds.push(a.meeting_id, a.forum_id, a.owner_organisation_id, a.owner_person_id);
  }
  const refs = await reader.refs(refIds);
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
