import type { FastifyInstance } from "fastify";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { createEngagement, engagementFilter, engagementsById, updateEngagement } from "./repo.ts";
import { Engagement, EngagementCreate, EngagementQuery, EngagementUpdate } from "./schema.ts";

const shown = (ref: { withheld: boolean; title?: string } | null) => (!ref ? "" : ref.withheld ? "(withheld)" : (ref.title ?? ""));

export async function engagementRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "engagement", path: "engagements", table: "engagements",
    Item: Engagement, Create: EngagementCreate, Update: EngagementUpdate, Query: EngagementQuery,
    present: engagementsById, create: createEngagement, update: updateEngagement,
    filters: (q) => [
      q.kind ? engagementFilter.kind(q.kind) : null, q.country ? engagementFilter.country(q.country) : null,
      q.from ? engagementFilter.from(q.from) : null, q.to ? engagementFilter.to(q.to) : null,
    ].filter((f): f is Filter => f !== null),
    facets: ["engagement_kind"],
    exportColumns: [
      ["id", (e) => e.id], ["kind", (e) => e.engagementKind], ["title", (e) => e.title], ["start", (e) => e.dateStart ?? ""], ["end", (e) => e.dateEnd ?? ""],
      ["place", (e) => e.place ?? ""], ["leader", (e) => shown(e.leader)], ["delegation country", (e) => e.delegationCountry ?? ""],
      ["host country", (e) => e.hostCountry ?? ""], ["hosts", (e) => e.hosts.map(shown).join("; ")], ["purpose", (e) => e.purpose ?? ""],
      ["areas", (e) => e.areas.join("; ")], ["outcomes", (e) => e.outcomes ?? ""], ["meeting", (e) => shown(e.meeting)],
    ],
  });
}
