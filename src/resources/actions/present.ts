// Action items in API form: where they came from, who owns them (references, withheld when
// unreadable), how overdue, their progress, the agendas they are on, and the reader's policies.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { byRecord, meta, refOf } from "../common.ts";
import { actionPolicy } from "./policy.ts";
import type { Action } from "./schema.ts";

export const today = () => new Date().toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export async function presentActions(reader: Reader, records: ReadRecord[]): Promise<Action[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, updates, agenda] = await Promise.all([
    reader.children("actions", ids).selectAll().execute(),
    reader.children("action_updates", ids).selectAll().orderBy("at", "desc").execute(),
    // The meetings whose agenda carries the action, those the reader may read only.
    reader.records("meeting").innerJoin("agenda_items as ai", "ai.meeting_id", "r.id").select(["r.id", "r.kind", "r.title", "ai.action_id"])
      .where("ai.action_id", "in", ids).orderBy("r.created_at").execute(),
  ]);
  const refs = await reader.refs(rows.flatMap((a) => [a.meeting_id, a.forum_id, a.owner_organisation_id, a.owner_person_id]));
  const byId = new Map(rows.map((a) => [a.id, a]));
  const updatesOf = byRecord(updates, (u) => u.action_id);
  const agendasOf = byRecord(agenda, (x) => x.action_id);
  const now = today();
  const actor = reader.actor;
  return records.map((r) => {
    const a = byId.get(r.id)!;
    const late = a.due_date && (a.status === "open" || a.status === "in_progress") && a.due_date < now ? daysBetween(a.due_date, now) : null;
    return {
      ...meta(r, decide(actionPolicy, actor, { status: a.status, ownerPersonId: a.owner_person_id })),
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
    };
  });
}
