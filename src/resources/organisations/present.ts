// Organisations in API form: their row, their parent as a reference (withheld when unreadable).
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { meta, refOf } from "../common.ts";
import { organisationPolicy } from "./policy.ts";
import type { Organisation } from "./schema.ts";

export async function presentOrganisations(reader: Reader, records: ReadRecord[]): Promise<Organisation[]> {
  if (!records.length) return [];
  const rows = await reader.children("organisations", records.map((r) => r.id)).selectAll().execute();
  const byId = new Map(rows.map((o) => [o.id, o]));
  const refs = await reader.refs(rows.map((o) => o.parent_id));
  const policies = decide(organisationPolicy, reader.actor, undefined);
  return records.map((r) => {
    const o = byId.get(r.id)!;
    return Object.assign(meta(r, policies), {
      name: o.name,
      aliases: JSON.parse(o.aliases) as string[],
      country: o.country,
      orgKind: o.org_kind as Organisation["orgKind"],
      parent: refOf(refs, o.parent_id),
    });
  });
}
