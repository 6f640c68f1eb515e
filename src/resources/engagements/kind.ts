import { sql } from "kysely";
import { defineKind, filtersOf, shown } from "../kind.ts";
import { engagementPolicy } from "./policy.ts";
import { presentEngagements } from "./present.ts";
import { Engagement, ENGAGEMENT_KINDS, EngagementCreate, EngagementQuery, EngagementUpdate } from "./schema.ts";
import { createEngagement, updateEngagement } from "./write.ts";

export const engagementKind = defineKind({
  kind: "engagement",
  path: "engagements",
  tables: ["engagements", "engagement_hosts", "engagement_areas"],
  schemas: { Item: Engagement, Create: EngagementCreate, Update: EngagementUpdate, Query: EngagementQuery },
  policy: engagementPolicy,
  present: presentEngagements,
  create: createEngagement,
  update: updateEngagement,
  // Dates select the engagements overlapping the [from, to] window.
  filters: (q) => filtersOf(q, {
    kind: (k) => sql<boolean>`r.id in (select id from engagements where engagement_kind = ${k})`,
    country: (c) => sql<boolean>`r.id in (select id from engagements where delegation_country = ${c} or host_country = ${c})`,
    from: (d) => sql<boolean>`r.id in (select id from engagements where coalesce(date_end, date_start) >= ${d})`,
    to: (d) => sql<boolean>`r.id in (select id from engagements where date_start <= ${d})`,
  }),
  facets: ["engagement_kind"],
  exportColumns: [
    ["id", (e) => e.id], ["kind", (e) => e.engagementKind], ["title", (e) => e.title], ["start", (e) => e.dateStart ?? ""], ["end", (e) => e.dateEnd ?? ""],
    ["place", (e) => e.place ?? ""], ["leader", (e) => shown(e.leader)], ["delegation country", (e) => e.delegationCountry ?? ""],
    ["host country", (e) => e.hostCountry ?? ""], ["hosts", (e) => e.hosts.map(shown).join("; ")], ["purpose", (e) => e.purpose ?? ""],
    ["areas", (e) => e.areas.join("; ")], ["outcomes", (e) => e.outcomes ?? ""], ["meeting", (e) => shown(e.meeting)],
  ],
  searchable: true,
  links: [],
  parent: null,
  enums: { kind: ENGAGEMENT_KINDS },
});
