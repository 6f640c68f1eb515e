// Actions by due date (undated last), filtered by forum, meeting, owner, status, due date and
// age: over the Reader's readable records, keyset-paginated on (due date, id).
import { sql } from "kysely";
import { decodeCursor, nextCursor } from "../../http/pagination.ts";
import type { Page, Reader } from "../../store/reader.ts";
import { today } from "./present.ts";
import type { ActionQuery } from "./schema.ts";

export async function listActions(reader: Reader, q: ActionQuery): Promise<Page> {
  const cur = decodeCursor(q.cursor);
  const due = sql<string>`coalesce(a.due_date, '9999-12-31')`;
  let query = reader.records("action", await reader.plan("action")).innerJoin("actions as a", "a.id", "r.id").selectAll("r").select(due.as("due_key"));
  if (q.forumId) query = query.where("a.forum_id", "=", q.forumId);
  if (q.meetingId) query = query.where("a.meeting_id", "=", q.meetingId);
  if (q.ownerCountry) query = query.where("a.owner_country", "=", q.ownerCountry);
  if (q.ownerOrganisationId) query = query.where("a.owner_organisation_id", "=", q.ownerOrganisationId);
  if (q.ownerPersonId) query = query.where("a.owner_person_id", "=", q.ownerPersonId);
  if (q.status) query = query.where("a.status", "=", q.status);
  if (q.dueBefore) query = query.where("a.due_date", "<", q.dueBefore);
  if (q.overdue === "true" || q.minDaysOverdue !== undefined) {
    const cutoff = new Date(Date.now() - (q.minDaysOverdue ?? 0) * 86_400_000).toISOString().slice(0, 10);
    query = query.where("a.status", "in", ["open", "in_progress"]).where("a.due_date", "<", q.minDaysOverdue ? cutoff : today());
  }
  if (cur) query = query.where((eb) => eb.or([eb(due, ">", cur.key), eb.and([eb(due, "=", cur.key), eb("a.id", ">", cur.id)])]));
  const rows = await reader.read(query.orderBy(due).orderBy("a.id").limit(q.limit + 1));
  const next = nextCursor(rows, q.limit, (r) => ({ key: r.due_key, id: r.id }));
  const page = rows.slice(0, q.limit);
  await reader.auditList("action.list", page);
  return { rows: page, nextCursor: next };
}
