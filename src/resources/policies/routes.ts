// What the signed-in user may do beyond any one record: create records of each kind, and open the
// platform's role pages. Each presented record carries its own `policies`; these are the rest.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { hasAnyRole, PLATFORM } from "../../domain/policy.ts";
import { readerOf } from "../../http/auth.ts";
import { KINDS, type Kind } from "../../kinds.ts";

const Policies = z.object({
  create: z.record(z.string(), z.boolean()).describe("by record kind: whether you may create one"),
  ...Object.fromEntries(Object.keys(PLATFORM).map((k) => [k, z.boolean()])) as Record<keyof typeof PLATFORM, z.ZodBoolean>,
  received: z.boolean().describe("this instance federates (it has a home country): records received from peers can be listed"),
  federation: z.boolean().describe("you manage this instance's peers (a security officer of its home country)"),
});

export type PlatformPolicies = z.infer<typeof Policies>;

export async function policyRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get("/policies", { config: { checkAfterReads: true }, schema: { tags: ["policies"], summary: "What you may do beyond any one record (records carry their own policies)", response: { 200: Policies } } }, async (req) => {
    const actor = readerOf(req).actor;
    const create = Object.fromEntries(KINDS.map((k) => [k.kind, hasAnyRole(actor, k.policy.editors)])) as Record<Kind, boolean>;
    const home = app.ctx.config.federation.homeCountry;
    return {
      create, ...Object.fromEntries(Object.entries(PLATFORM).map(([k, rule]) => [k, rule(actor)])) as Record<keyof typeof PLATFORM, boolean>,
      received: home !== null, federation: home !== null && actor.roles.includes("security_officer") && actor.nationality === home,
    };
  });
}
