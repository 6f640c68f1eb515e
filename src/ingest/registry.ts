// Accord's own registry as the extractor's gazetteer: organisations, people and forums the
// analyst may read, so recognition grows as analysts confirm records.
import type { GazetteerRecords, OrgKind } from "../extract/index.ts";
import type { Reader } from "../store/reader.ts";

const ORG_KINDS: Record<string, OrgKind> = { ministry: "ministry", armed_force: "armed_force", agency: "agency", company: "company", dpsu: "company", research_lab: "research", other: "other" };

/** The records as plain data: the worker pool builds the gazetteer from them. */
export async function registryRecords(reader: Reader): Promise<GazetteerRecords> {
  const [orgs, people, forums] = await Promise.all([
    reader.records("organisation").innerJoin("organisations as o", "o.id", "r.id").select(["o.name", "o.aliases", "o.country", "o.org_kind"]).execute(),
    reader.read(reader.records("person").innerJoin("people as p", "p.id", "r.id").selectAll("r").select(["p.name", "p.country"])),
    reader.records("forum").innerJoin("forums as f", "f.id", "r.id").select(["f.name"]).execute(),
  ]);
  const titles = await reader.children("person_titles", people.map((p) => p.id)).select(["person_id", "title", "to_date"]).execute();
  return {
    organizations: orgs.map((o) => ({ name: o.name, aliases: JSON.parse(o.aliases) as string[], country: o.country, kind: ORG_KINDS[o.org_kind] ?? "other" })),
    people: people.map((p) => ({ name: p.name, country: p.country, title: titles.find((t) => t.person_id === p.id && !t.to_date)?.title ?? null })),
    forums: forums.map((f) => ({ name: f.name })),
  };
}
