import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { authRoutes } from "./auth/routes.ts";
import { referenceRoutes } from "./reference/routes.ts";
import { organisationRoutes } from "./organisations/routes.ts";

export async function registerRoutes(app: FastifyInstance) {
  app.get("/health", { config: { public: true }, schema: { tags: ["meta"], summary: "Liveness and store reachability" } }, async () => {
    const started = Date.now();
    await sql`select 1`.execute(app.ctx.store.db);
    return { status: "ok", store: app.ctx.store.dialect, storeLatencyMs: Date.now() - started };
  });
  await app.register(authRoutes);
  await app.register(referenceRoutes);
  await app.register(organisationRoutes);
}
