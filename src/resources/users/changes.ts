// Account changes awaiting the two-person rule: administrators see and withdraw theirs; security
// officers of the account's nationality approve or refuse them, in a signed-in session with a
// second factor (never with an API token). Decisions and refusals are kept and audited.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { AccordError } from "../../domain/errors.ts";
import { decideChange, withdrawChange } from "../../accounts/changes.ts";
import { requireRole, viewerOf } from "../../http/auth.ts";
import { auditedAccounts as audited, systemDb as db } from "../../http/system.ts";
import { IdParams } from "../common.ts";
import { listChanges, presentChanges } from "./repo.ts";
import { AccountChangeOut, ChangesQuery, DecisionIn } from "./schema.ts";

const tags = ["users"];

export async function accountChangeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/account-changes", {
    schema: { tags, summary: "Account changes: administrators see all; security officers those to accounts of their nationality", querystring: ChangesQuery },
  }, async (req) => ({ items: await listChanges(db(req), viewerOf(req), req.query) }));

  const one = async (req: Parameters<typeof viewerOf>[0], id: string) => {
    const row = await db(req).selectFrom("account_changes").selectAll().where("id", "=", id).executeTakeFirst();
    const visible = row && (await listChanges(db(req), viewerOf(req), { userId: row.user_id, limit: 1000 })).find((c) => c.id === id);
    if (!visible) throw new AccordError("not_found", "No such account change.");
    return visible;
  };

  r.get("/account-changes/:id", { schema: { tags, summary: "One account change", params: IdParams, response: { 200: AccountChangeOut } } }, async (req) => one(req, req.params.id));

  r.post("/account-changes/:id/decision", {
    schema: { tags, summary: "Security officers of the account's nationality: approve (applies the grants) or refuse", params: IdParams, body: DecisionIn, response: { 200: AccountChangeOut } },
  }, async (req) => {
    const officer = viewerOf(req);
    await audited(req, "account_change.decide", async (tx) => {
      if (req.auth?.via !== "session") throw new AccordError("forbidden", "Account changes are decided in a signed-in session, not with an API token.");
      const d = await decideChange(tx, officer, req.params.id, req.body.decision, req.body.note ?? null);
      const change = await tx.selectFrom("account_changes").select(["user_id", "grants"]).where("id", "=", req.params.id).executeTakeFirstOrThrow();
      return { result: d, event: { target: change.user_id, outcome: "success", details: { change: req.params.id, decision: d.status, grants: JSON.parse(change.grants) as object, note: req.body.note ?? null, ...(d.revoked ?? {}) } } };
    });
    return one(req, req.params.id);
  });

  r.post("/account-changes/:id/withdraw", {
    config: { tokenScope: "admin" },
    schema: { tags, summary: "Administrators: withdraw a change still awaiting its decision", params: IdParams, response: { 200: AccountChangeOut } },
  }, async (req) => {
    await audited(req, "account_change.withdraw", async (tx) => {
      const actor = requireRole(req, "admin");
      const change = await tx.selectFrom("account_changes").select("user_id").where("id", "=", req.params.id).executeTakeFirst();
      await withdrawChange(tx, actor, req.params.id);
      return { result: null, event: { target: change!.user_id, outcome: "success", details: { change: req.params.id } } };
    });
    const row = await db(req).selectFrom("account_changes").selectAll().where("id", "=", req.params.id).executeTakeFirstOrThrow();
    return (await presentChanges(db(req), viewerOf(req), [row]))[0]!;
  });
}
