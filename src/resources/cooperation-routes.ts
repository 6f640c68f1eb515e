// The cooperation records beyond forums and meetings: engagements, programmes, and the
// indigenous-content thresholds programmes are measured against.
import type { FastifyInstance } from "fastify";
import { engagementRoutes } from "./engagements/routes.ts";
import { icThresholdRoutes, programmeRoutes } from "./programmes/routes.ts";

export async function cooperationRoutes(app: FastifyInstance) {
  await engagementRoutes(app);
  await programmeRoutes(app);
  await icThresholdRoutes(app);
}
