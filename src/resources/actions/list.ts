// Actions by due date (undated last), filtered by forum, meeting, owner, status, due date and
// age: over the Reader's readable records, keyset-paginated on (due date, id).
import { sql, type CompiledQuery, type Expression, type RawBuilder, type Selectable } from "kysely";
import { decodeCursor, nextCursor } from "../../http/pagination.ts";
import type { Page, Reader } from "../../store/reader.ts";
import type { ActionTable, RecordTable } from "../../store/schema.ts";
import { actionsJoinedTo, keepPagePresentation, keepPageRows, OWN_COLUMNS, pageOfJoined, today } from "./present.ts";
import type { ActionQuery } from "./schema.ts";

export type ActionRow = Selectable<RecordTable> & Pick<Selectable<ActionTable>, (typeof OWN_COLUMNS)[number]> & { due_key: string };

/**
 * The statement of a page (one row more than asked). Through the marking the actions table
 * repeats, the due-date order is one index walk (`actions_due_key`) for a reader of many markings.
 * A reader of few markings gets, on PostgreSQL, the first of each readable marking's first, walked
 * in `actions_marking_due_key` and merged (see Reader.markingsToWalk: the planner otherwise walked
 * the whole order and filtered); on SQLite, whose readers of few markings seek (SOUGHT_MARKINGS in
 * store/plans.ts), the page's keys from that index alone, then their rows (see Reader.pageByKeys).
 * The action's own row, which the page reads anyway, comes with it (presentActions takes it from there).
 */
export async function actionsPageQuery(reader: Reader, q: ActionQuery): Promise<CompiledQuery<ActionRow>> {
  const built = await actionsPageStatement(reader, q);
  return "sql" in built ? built : built.compile();
}

/** A page's statement: compiled (SQLite's seek plan), or to compile, or to build on (PostgreSQL's `listActions`). */
async function actionsPageStatement(reader: Reader, q: ActionQuery): Promise<CompiledQuery<ActionRow> | { expr: Expression<ActionRow>; compile(): CompiledQuery<ActionRow> }> {
  const cur = decodeCursor(q.cursor);
  const due = sql<string>`coalesce(t.due_date, '9999-12-31')`;
  const walk = await reader.markingsToWalk("action");
  const plan = walk ? undefined : await reader.plan("action");
  // Any field beyond the page's own is a filter (see Reader.pageLimit).
  const filtered = Object.entries(q).some(([k, v]) => k !== "limit" && k !== "cursor" && v !== undefined);
  const limit = reader.pageLimit(q.limit + 1, !filtered);
  // The list's conditions, all on the action's own row (`t`).
  const where: RawBuilder<boolean>[] = [];
  if (q.forumId) where.push(sql`t.forum_id = ${q.forumId}`);
  if (q.meetingId) where.push(sql`t.meeting_id = ${q.meetingId}`);
  if (q.ownerCountry) where.push(sql`t.owner_country = ${q.ownerCountry}`);
  if (q.ownerOrganisationId) where.push(sql`t.owner_organisation_id = ${q.ownerOrganisationId}`);
  if (q.ownerPersonId) where.push(sql`t.owner_person_id = ${q.ownerPersonId}`);
  if (q.status) where.push(sql`t.status = ${q.status}`);
  if (q.dueBefore) where.push(sql`t.due_date < ${q.dueBefore}`);
  if (q.overdue === "true" || q.minDaysOverdue !== undefined) {
    const cutoff = new Date(Date.now() - (q.minDaysOverdue ?? 0) * 86_400_000).toISOString().slice(0, 10);
    where.push(sql`t.status in ('open', 'in_progress')`, sql`t.due_date < ${q.minDaysOverdue ? cutoff : today()}`);
  }
  if (cur) where.push(sql`(${due} > ${cur.key} or (${due} = ${cur.key} and t.id > ${cur.id}))`);
  if (plan === "seek") {
    let keys = reader.ownKeys("action", plan).select([sql<number>`t.rowid`.as("page_rowid"), due.as("due_key"), "t.id"]);
    for (const w of where) keys = keys.where(w);
    const columns = sql`r.*, ${sql.join(OWN_COLUMNS.map((c) => sql.ref(`t.${c}`)))}, k.due_key`;
    return reader.pageByKeys(keys.orderBy(due).orderBy("t.id").limit(limit), "action", columns, sql`k.due_key, k.id`);
  }
  const build = () => {
    let query = reader.ownRows("action", plan).selectAll("r").select(OWN_COLUMNS.map((c) => `t.${c}` as const)).select(due.as("due_key"));
    for (const w of where) query = query.where(w);
    return query.orderBy(due).orderBy("t.id").limit(limit);
  };
  if (walk) {
    // Each marking's walk reads the page's keys alone; the merged page's rows are read after.
    const keys = (marking: RawBuilder<unknown>) => {
      let query = reader.ownKeys("action").select(["t.id", due.as("due_key")]).where(sql<boolean>`t.marking_id = ${marking}`);
      for (const w of where) query = query.where(w);
      return query.orderBy(due).orderBy("t.id").limit(limit);
    };
    const columns = sql`r.*, ${sql.join(OWN_COLUMNS.map((c) => sql.ref(`t.${c}`)))}, k.due_key`;
    return reader.mergedKeyWalks<ActionRow>("action", walk, keys, sql`r.due_key, r.id`, limit, columns, sql`k.due_key, k.id`);
  }
  const page = build();
  return { expr: page, compile: () => page.compile() };
}

/** PostgreSQL: a page's statement with its presentation (actionsJoinedTo); a first page, unfiltered, depends on the reader's set alone (see Reader.keptStatement). */
function joinedStatement(reader: Reader, q: ActionQuery) {
  const build = async () => {
    const built = await actionsPageStatement(reader, q);
    if ("sql" in built) throw new Error("a sought page (SQLite) is not joined");
    return actionsJoinedTo(reader, built.expr, q.limit);
  };
  const firstPlain = Object.entries(q).every(([k, v]) => k === "limit" || v === undefined);
  return reader.keptStatement(firstPlain ? `action.list joined, first ${q.limit}` : null, build, "action");
}

/** SQLite: a page's statement; a first page, unfiltered, depends on the reader's set and plan alone (see Reader.keptStatement). */
function keptPageQuery(reader: Reader, q: ActionQuery): Promise<CompiledQuery<ActionRow>> {
  const firstPlain = Object.entries(q).every(([k, v]) => k === "limit" || v === undefined);
  return reader.keptStatement(firstPlain ? `action.list, first ${q.limit}` : null, () => actionsPageQuery(reader, q), "action");
}

/**
 * A page of actions by due date. On PostgreSQL in one statement with its presentation (see
 * actionsJoinedTo), kept for presentActions: the page and its children were two round trips, the
 * second sending the page's ids and references back as parameters.
 */
export async function listActions(reader: Reader, q: ActionQuery): Promise<Page> {
  const joined = reader.presentsInOne ? await reader.readPageJoined(await joinedStatement(reader, q), pageOfJoined) : null;
  const rows = joined ? joined.rows : await reader.readPage(await keptPageQuery(reader, q));
  const next = nextCursor(rows, q.limit, (r) => ({ key: r.due_key, id: r.id }));
  const page = rows.slice(0, q.limit);
  keepPageRows(reader, page);
  if (joined) keepPagePresentation(reader, page, joined.joined);
  await reader.auditList("action.list", page);
  return { rows: page, nextCursor: next };
}
