// Accounts (administrators): create, change clearance, roles, compartments and status, reset
// passwords. Administrators manage accounts; they read content only as their own markings allow.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { countryCode, compartmentCode, LEVELS, rankOf } from "../../domain/markings.ts";
import { ROLES } from "../../domain/roles.ts";
import { appendAudit } from "../../audit/log.ts";
import { assertCompartments, insertUser, loadViewer, setPassword, setStatus } from "../../accounts/users.ts";
import { clientOf, requireRole } from "../../http/auth.ts";
import { systemDb as db } from "../../http/system.ts";
import { IdParams } from "../common.ts";

const tags = ["users"];
const UserIn = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{3,40}$/, "must be 3-40 lower-case letters, digits, '.', '_' or '-'"),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(12).max(200),
  nationality: countryCode,
  clearance: z.enum(LEVELS),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  compartments: z.array(compartmentCode).max(50).default([]),
  locale: z.enum(["en", "hi", "he"]).default("en"),
});
const UserPatch = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  clearance: z.enum(LEVELS).optional(),
  roles: z.array(z.enum(ROLES)).optional(),
  compartments: z.array(compartmentCode).max(50).optional(),
  status: z.enum(["active", "locked", "disabled"]).optional(),
  locale: z.enum(["en", "hi", "he"]).optional(),
});

async function present(app: FastifyInstance, id: string) {
  const u = await loadViewer(app.ctx.store.db, id);
  if (!u) throw new AccordError("not_found", "No such user.");
  return { id: u.id, username: u.username, displayName: u.displayName, nationality: u.nationality, clearance: LEVELS[u.clearance], roles: u.roles, compartments: u.compartments, status: u.status, locale: u.locale, mfaEnabled: u.mfaEnabled };
}

export async function userRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get("/users", { schema: { tags, summary: "Administrators and security officers: accounts" } }, async (req) => {
    requireRole(req, "admin", "security_officer");
    const rows = await db(req).selectFrom("users").select("id").orderBy("username").execute();
    return { items: await Promise.all(rows.map((u) => present(app, u.id))) };
  });

  r.post("/users", { config: { tokenScope: "admin" }, schema: { tags, summary: "Administrators: create an account", body: UserIn } }, async (req, reply) => {
    const admin = requireRole(req, "admin");
    const id = await db(req).transaction().execute(async (tx) => {
      const id = await insertUser(tx, { ...req.body, clearance: rankOf(req.body.clearance) });
      await appendAudit(tx, { actor: admin.id, action: "user.create", target: id, outcome: "success", client: clientOf(req), details: { username: req.body.username, clearance: req.body.clearance, roles: req.body.roles } });
      return id;
    });
    return reply.code(201).send(await present(app, id));
  });

  r.patch("/users/:id", { config: { tokenScope: "admin" }, schema: { tags, summary: "Administrators: change clearance, roles, compartments, status", params: IdParams, body: UserPatch } }, async (req) => {
    const admin = requireRole(req, "admin");
    const { id } = req.params;
    await db(req).transaction().execute(async (tx) => {
      if (!(await tx.selectFrom("users").select("id").where("id", "=", id).executeTakeFirst())) throw new AccordError("not_found", "No such user.");
      const b = req.body;
      if (id === admin.id && (b.roles || b.status)) throw new AccordError("forbidden", "Administrators may not change their own roles or status.");
      const set: Record<string, unknown> = { updated_at: new Date().toISOString() };
      if (b.displayName) set.display_name = b.displayName;
      if (b.clearance) set.clearance = rankOf(b.clearance);
      if (b.locale) set.locale = b.locale;
      await tx.updateTable("users").set(set).where("id", "=", id).execute();
      if (b.roles) {
        await tx.deleteFrom("user_roles").where("user_id", "=", id).execute();
        if (b.roles.length) await tx.insertInto("user_roles").values([...new Set(b.roles)].map((role) => ({ user_id: id, role }))).execute();
      }
      if (b.compartments) {
        await assertCompartments(tx, b.compartments);
        await tx.deleteFrom("user_compartments").where("user_id", "=", id).execute();
        if (b.compartments.length) await tx.insertInto("user_compartments").values([...new Set(b.compartments)].map((compartment) => ({ user_id: id, compartment }))).execute();
      }
      if (b.status) await setStatus(tx, id, b.status);
      await appendAudit(tx, { actor: admin.id, action: "user.update", target: id, outcome: "success", client: clientOf(req), details: { ...b } });
    });
    return present(app, id);
  });

  r.post("/users/:id/password", { config: { tokenScope: "admin" }, schema: { tags, summary: "Administrators: set a new password (ends the user's sessions)", params: IdParams, body: z.strictObject({ password: z.string().min(12).max(200) }) } }, async (req, reply) => {
    const admin = requireRole(req, "admin");
    await db(req).transaction().execute(async (tx) => {
      if (!(await tx.selectFrom("users").select("id").where("id", "=", req.params.id).executeTakeFirst())) throw new AccordError("not_found", "No such user.");
      await setPassword(tx, req.params.id, req.body.password);
      await appendAudit(tx, { actor: admin.id, action: "user.reset_password", target: req.params.id, outcome: "success", client: clientOf(req) });
    });
    return reply.code(204).send();
  });
}
