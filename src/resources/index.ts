import type { FastifyInstance } from "fastify";
import { authRoutes } from "./auth/routes.ts";
import { referenceRoutes } from "./reference/routes.ts";
import { organisationRoutes } from "./organisations/routes.ts";
import { peopleRoutes } from "./people/routes.ts";
import { agreementRoutes } from "./agreements/routes.ts";
import { documentRoutes } from "./documents/routes.ts";
import { recordRoutesGeneric } from "./records/routes.ts";
import { searchRoutes } from "./search/routes.ts";
import { releaseRoutes } from "./releases/routes.ts";
import { auditRoutes } from "./audit/routes.ts";
import { userRoutes } from "./users/routes.ts";
import { forumRoutes } from "./forums/routes.ts";
import { meetingRoutes } from "./meetings/routes.ts";
import { actionRoutes } from "./actions/routes.ts";
import { ingestRoutes } from "./ingest/routes.ts";
import { overviewRoutes } from "./overview/routes.ts";
import { cooperationRoutes } from "./cooperation-routes.ts";

export async function registerRoutes(app: FastifyInstance) {
  // Constant and store-free: a liveness probe for load balancers, and the benchmark's ceiling.
  app.get("/ping", { config: { public: true }, schema: { tags: ["meta"], summary: "Constant answer without touching the store (liveness; the benchmark's ceiling)" } }, async () => ({ pong: true }));
  // GET /api/health lives in src/http/health.ts.
  for (const routes of [
    authRoutes, referenceRoutes, organisationRoutes, peopleRoutes, agreementRoutes, documentRoutes, recordRoutesGeneric, searchRoutes,
    releaseRoutes, auditRoutes, userRoutes, forumRoutes, meetingRoutes, actionRoutes, ingestRoutes, cooperationRoutes, overviewRoutes,
  ]) {
    await app.register(routes);
  }
}
