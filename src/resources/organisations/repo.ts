// Organisations: storage rows to API shape, and the writes.
import { sql } from "kysely";
import { invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { OrganisationTable, RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import type { Organisation, OrganisationCreate, OrganisationUpdate } from "./schema.ts";

type Fields = Omit<OrganisationCreate, "marking">;

export async function organisationsById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Organisation[]> {
  if (!records.length) return [];
  const rows = await conn.selectFrom("organisations").selectAll().where("id", "in", records.map((r) => r.id)).execute();
  const byId = new Map(rows.map((o) => [o.id, o]));
  const refs = await resolveRefs(conn, scope, rows.map((o) => o.parent_id));
  return records.map((r) => present(r, byId.get(r.id)!, refs));
}

function present(r: RecordTable & { marking: Marking }, o: OrganisationTable, refs: Awaited<ReturnType<typeof resolveRefs>>): Organisation {
  return {
    ...meta(r, r.marking),
    name: o.name,
    aliases: JSON.parse(o.aliases) as string[],
    country: o.country,
    orgKind: o.org_kind as Organisation["orgKind"],
    parent: refOf(refs, o.parent_id),
  };
}

async function checkFields(tx: Tx, scope: Scope, f: Partial<Fields>, selfId?: string): Promise<void> {
  if (f.country && !(await tx.selectFrom("countries").select("code").where("code", "=", f.country).executeTakeFirst())) {
    throw invalid("country", "known_country", `unknown country ${f.country}`);
  }
  if (f.parentId) {
    if (f.parentId === selfId) throw invalid("parentId", "not_self", "an organisation cannot be its own parent");
    if (!(await isReadable(tx, scope, f.parentId, "organisation"))) throw invalid("parentId", "known_record", "no such organisation");
  }
}

const searchText = (f: Fields) => [f.name, ...(f.aliases ?? []), f.country, f.kind].join(" ");

export async function createOrganisation(tx: Tx, scope: Scope, input: OrganisationCreate): Promise<{ id: string; marking: Marking }> {
  const viewer = scope.requireViewer();
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, viewer.nationality);
  await checkFields(tx, scope, f);
  const { id } = await createRecord(tx, scope, "organisation", { title: f.name, marking, searchText: searchText(f), snapshot: { ...f } });
  await tx.insertInto("organisations").values({ id, name: f.name, aliases: JSON.stringify(f.aliases ?? []), country: f.country, org_kind: f.kind, parent_id: f.parentId ?? null }).execute();
  return { id, marking };
}

export async function updateOrganisation(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: OrganisationUpdate): Promise<{ marking: Marking }> {
  const row = await tx.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = {
    name: p.name ?? row.name,
    aliases: p.aliases ?? (JSON.parse(row.aliases) as string[]),
    country: p.country ?? row.country,
    kind: p.kind ?? (row.org_kind as Fields["kind"]),
    parentId: p.parentId === undefined ? row.parent_id : p.parentId,
  };
  await checkFields(tx, scope, p, id);
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "organisation", id, { title: f.name, marking, searchText: searchText(f), snapshot: { ...f } }, version);
  await tx.updateTable("organisations").set({ name: f.name, aliases: JSON.stringify(f.aliases), country: f.country, org_kind: f.kind, parent_id: f.parentId ?? null }).where("id", "=", id).execute();
  return { marking };
}

export const orgFilter = {
  country: (c: string) => sql<boolean>`r.id in (select id from organisations where country = ${c})`,
  kind: (k: string) => sql<boolean>`r.id in (select id from organisations where org_kind = ${k})`,
};
