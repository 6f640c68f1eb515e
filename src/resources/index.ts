import type { FastifyInstance } from "fastify";
import { KINDS } from "../kinds.ts";
import { authRoutes } from "./auth/routes.ts";
import { referenceRoutes } from "./reference/routes.ts";
import { recordRoutes } from "./records/routes.ts";
import { searchRoutes } from "./search/routes.ts";
import { releaseRoutes } from "./releases/routes.ts";
import { auditRoutes } from "./audit/routes.ts";
import { userRoutes } from "./users/routes.ts";
import { overviewRoutes } from "./overview/routes.ts";
import { policyRoutes } from "./policies/routes.ts";
import { myWorkRoutes } from "./mywork/routes.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { notificationPreferenceRoutes } from "./auth/notification-preferences.ts";

export async function registerRoutes(app: FastifyInstance) {
  // Constant and store-free: a liveness probe for load balancers, and the benchmark's ceiling.
  app.get("/ping", { config: { public: true }, schema: { tags: ["meta"], summary: "Constant answer without touching the store (liveness; the benchmark's ceiling)" } }, async () => ({ pong: true }));
  // GET /api/health lives in src/http/health.ts.
  // Every kind of marked record, from the registry: its collection's routes and any of its own.
  for (const kind of KINDS) await app.register(kind.register);
  for (const routes of [authRoutes, referenceRoutes, recordRoutes, searchRoutes, releaseRoutes, auditRoutes, userRoutes, overviewRoutes, policyRoutes,
    myWorkRoutes, notificationRoutes, notificationPreferenceRoutes]) {
    await app.register(routes);
  }
}
