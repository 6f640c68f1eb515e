// Accounts (administrators): create, change, lock, reset passwords. Administrators manage
// accounts; they read content only as their own markings allow, and they never grant access on
// their own: grants wait for a security officer (see accounts/changes.ts and ./changes.ts).
// Every change and every refusal is audited.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { AccordError } from "../../domain/errors.ts";
import { rankOf } from "../../domain/markings.ts";
import { appendAudit } from "../../audit/log.ts";
import { hashPassword, passwordProblem } from "../../accounts/passwords.ts";
import { insertUser, loadViewer, setPassword } from "../../accounts/users.ts";
import { applyNow, assertNotSelf, planChange, requestChange, resetNeedsApproval, type Grants } from "../../accounts/changes.ts";
import { clientOf, requireRole, viewerOf } from "../../http/auth.ts";
import type { Tx } from "../../store/db.ts";
import { invalid } from "../../domain/errors.ts";
import { auditedAccounts as audited, systemDb as db } from "../../http/system.ts";
import { IdParams } from "../common.ts";
import { presentChanges, presentUser } from "./repo.ts";
import { PasswordReset, UserIn, UserOut, UserPatch } from "./schema.ts";
import { accountChangeRoutes } from "./changes.ts";

const tags = ["users"];

/** Opens a pending change and audits the request beside the change that caused it. */
async function askForGrants(tx: Tx, req: Parameters<typeof clientOf>[0], userId: string, grants: Grants, reason: string | undefined, passwordHash?: string): Promise<string> {
  const admin = viewerOf(req);
  const id = await requestChange(tx, { userId, requestedBy: admin.id, grants, reason: reason ?? null, ...(passwordHash ? { passwordHash } : {}) });
  await appendAudit(tx, { actor: admin.id, action: "account_change.request", target: userId, outcome: "success", client: clientOf(req), details: { change: id, grants: { ...grants } } });
  return id;
}

export async function userRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/users", { schema: { tags, summary: "Administrators and security officers: accounts, with any change awaiting a decision" } }, async (req) => {
    const caller = requireRole(req, "admin", "security_officer");
    const rows = await db(req).selectFrom("users").select("id").orderBy("username").execute();
    return { items: await Promise.all(rows.map((u) => presentUser(db(req), caller, u.id))) };
  });

  r.post("/users", {
    config: { tokenScope: "admin" },
    schema: { tags, summary: "Administrators: create an account (it starts UNCLASSIFIED; its clearance, compartments and oversight roles wait for a security officer)", body: UserIn, response: { 201: UserOut } },
  }, async (req, reply) => {
    const b = req.body;
    const id = await audited(req, "user.create", async (tx) => {
      requireRole(req, "admin");
      // The account holds nothing until a security officer grants it: whoever made it knows its password.
      const plan = planChange({ clearance: 0, compartments: [], roles: [], status: "active" }, { clearance: rankOf(b.clearance), compartments: b.compartments, roles: b.roles });
      const id = await insertUser(tx, { username: b.username, displayName: b.displayName, password: b.password, nationality: b.nationality, clearance: 0, roles: plan.now.addRoles, compartments: [], locale: b.locale });
      const pending = plan.grants ? await askForGrants(tx, req, id, plan.grants, b.reason) : null;
      return { result: id, event: { target: id, outcome: "success", details: { username: b.username, nationality: b.nationality, roles: plan.now.addRoles, pendingChange: pending } } };
    });
    return reply.code(201).send(await presentUser(db(req), viewerOf(req), id));
  });

  r.patch("/users/:id", {
    config: { tokenScope: "admin" },
    schema: { tags, summary: "Administrators: change another account. Taking access away is immediate; granting it waits for a security officer", params: IdParams, body: UserPatch, response: { 200: UserOut } },
  }, async (req) => {
    const { id } = req.params;
    const b = req.body;
    await audited(req, "user.update", async (tx) => {
      const admin = requireRole(req, "admin");
      const current = await loadViewer(tx, id);
      if (!current) throw new AccordError("not_found", "No such user.");
      assertNotSelf(admin.id, id, b);
      if (b.nationality !== undefined) throw new AccordError("forbidden", "Nationality is fixed when an account is made: make a new account instead.");
      const plan = planChange(current, { ...b, clearance: b.clearance === undefined ? undefined : rankOf(b.clearance) });
      const revoked = await applyNow(tx, id, plan.now);
      const pending = plan.grants ? await askForGrants(tx, req, id, plan.grants, b.reason) : null;
      const { reason: _r, ...asked } = b;
      return { result: null, event: { target: id, outcome: "success", details: { asked, pendingChange: pending, ...(revoked ?? {}) } } };
    });
    return presentUser(db(req), viewerOf(req), id);
  });

  r.post("/users/:id/password", {
    config: { tokenScope: "admin" },
    schema: {
      tags, params: IdParams, body: PasswordReset,
      summary: "Administrators: set another account's password, ending its sessions and API tokens. For an account that holds access and has no second factor, the reset waits for a security officer (202)",
    },
  }, async (req, reply) => {
    const { id } = req.params;
    const pending = await audited(req, "user.reset_password", async (tx) => {
      const admin = requireRole(req, "admin");
      if (id === admin.id) throw new AccordError("forbidden", "Change your own password at POST /api/auth/password: it asks for the current one.");
      const target = await loadViewer(tx, id);
      if (!target) throw new AccordError("not_found", "No such user.");
      if (resetNeedsApproval(target)) {
        const problem = passwordProblem(req.body.password);
        if (problem) throw invalid("password", "strength", problem);
        const change = await askForGrants(tx, req, id, { password: true }, req.body.reason, await hashPassword(req.body.password));
        return { result: change, event: { target: id, outcome: "success", details: { pendingChange: change } } };
      }
      const revoked = await setPassword(tx, id, req.body.password);
      return { result: null, event: { target: id, outcome: "success", details: { ...revoked } } };
    });
    if (!pending) return reply.code(204).send();
    const row = await db(req).selectFrom("account_changes").selectAll().where("id", "=", pending).executeTakeFirstOrThrow();
    const [change] = await presentChanges(db(req), viewerOf(req), [row]);
    return reply.code(202).send({ pendingChange: change });
  });

  await app.register(accountChangeRoutes);
}
