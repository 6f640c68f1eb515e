// Organisations: creating and editing them (SPEC 3.3 write rules through the record writer).
import { invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { knownCountry } from "../checks.ts";
import { organisationPolicy } from "./policy.ts";
import type { OrganisationCreate, OrganisationUpdate } from "./schema.ts";

type Fields = Omit<OrganisationCreate, "marking">;

async function checkFields(w: Writer, f: Partial<Fields>, selfId?: string): Promise<void> {
  await knownCountry(w, "country", f.country);
  if (f.parentId) {
    if (f.parentId === selfId) throw invalid("parentId", "not_self", "an organisation cannot be its own parent");
    if (!(await w.find("organisation", f.parentId))) throw invalid("parentId", "known_record", "no such organisation");
  }
}

const searchText = (f: Fields) => [f.name, ...(f.aliases ?? []), f.country, f.kind].join(" ");
const columns = (f: Fields) => ({ name: f.name, aliases: JSON.stringify(f.aliases ?? []), country: f.country, org_kind: f.kind, parent_id: f.parentId ?? null });

export async function createOrganisation(w: Writer, input: OrganisationCreate): Promise<ReadRecord> {
  const allowed = grantCreate(organisationPolicy, w.actor, "organisation");
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(w.tx, mIn, w.viewer.nationality);
  await checkFields(w, f);
  const rec = await createRecord(w, "organisation", { title: f.name, marking, searchText: searchText(f), snapshot: { ...f } }, { grant: allowed });
  await w.tx.insertInto("organisations").values({ id: rec.id, ...columns(f) }).execute();
  return rec;
}

export async function updateOrganisation(w: Writer, current: ReadRecord, patch: OrganisationUpdate): Promise<ReadRecord> {
  const allowed = grant(organisationPolicy, "edit", w.actor, undefined, "Your roles do not allow editing organisation records.");
  const row = await w.children("organisations", [current.id]).selectAll().executeTakeFirstOrThrow();
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = {
    name: p.name ?? row.name,
    aliases: p.aliases ?? (JSON.parse(row.aliases) as string[]),
    country: p.country ?? row.country,
    kind: p.kind ?? (row.org_kind as Fields["kind"]),
    parentId: p.parentId === undefined ? row.parent_id : p.parentId,
  };
  await checkFields(w, p, current.id);
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: f.name, marking, searchText: searchText(f), snapshot: { ...f } }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("organisations").set(columns(f)).where("id", "=", current.id).execute();
  return rec;
}
