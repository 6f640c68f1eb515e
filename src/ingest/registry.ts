// Accord's own registry as the extractor's gazetteer: organisations, people and forums the
// analyst may read, so recognition grows as analysts confirm records.
import { extendGazetteer, type Gazetteer, type OrgKind } from "../extract/index.ts";
import type { Scope } from "../store/access.ts";
import type { Conn } from "../store/db.ts";
import { readableRecords } from "../store/records.ts";

const ORG_KINDS: Record<string, OrgKind> = { ministry: "ministry", armed_force: "armed_force", agency: "agency", company: "company", dpsu: "company", research_lab: "research", other: "other" };

export async function registryGazetteer(conn: Conn, scope: Scope): Promise<Gazetteer> {
  const [orgs, people, forums] = await Promise.all([
    readableRecords(conn, scope, "organisation").innerJoin("organisations as o", "o.id", "r.id").select(["o.name", "o.aliases", "o.country", "o.org_kind"]).execute(),
    readableRecords(conn, scope, "person").innerJoin("people as p", "p.id", "r.id").select(["p.id", "p.name", "p.country"]).execute(),
    readableRecords(conn, scope, "forum").innerJoin("forums as f", "f.id", "r.id").select(["f.name"]).execute(),
  ]);
  const titles = people.length
    ? await conn.selectFrom("person_titles").select(["person_id", "title", "to_date"]).where("person_id", "in", people.map((p) => p.id)).execute()
    : [];
  return extendGazetteer({
    organizations: orgs.map((o) => ({ name: o.name, aliases: JSON.parse(o.aliases) as string[], country: o.country, kind: ORG_KINDS[o.org_kind] ?? "other" })),
    people: people.map((p) => ({ name: p.name, country: p.country, title: titles.find((t) => t.person_id === p.id && !t.to_date)?.title ?? null })),
    forums: forums.map((f) => ({ name: f.name })),
  });
}
