// The store without the read rule, by name. Only bookkeeping that is not record content uses it:
// accounts and sessions (src/resources/auth, users), the audit log (src/resources/audit), and the
// CLI (which opens its own store). Everything that reads records goes through the request's Reader;
// lint keeps this import out of the rest of src/resources and src/ingest.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AccordError } from "../domain/errors.ts";
import { appendAudit, recordAudit, type AuditInput } from "../audit/log.ts";
import type { Db, Tx } from "../store/db.ts";
import { clientOf, viewerOf } from "./auth.ts";

export function systemDb(from: FastifyRequest | FastifyInstance): Db {
  return ("ctx" in from ? from : from.server).ctx.store.db;
}

/**
 * Account bookkeeping (users, account changes) run in one transaction with its audit event. A
 * refused change rolls back and the refusal is audited in a transaction of its own, so attempts
 * are kept even when nothing is written. Records use the Reader's audited transaction instead.
 */
export async function auditedAccounts<T>(
  req: FastifyRequest,
  action: string,
  work: (tx: Tx) => Promise<{ result: T; event: Omit<AuditInput, "actor" | "client" | "action"> }>,
): Promise<T> {
  const actor = viewerOf(req).id;
  try {
    return await systemDb(req).transaction().execute(async (tx) => {
      const { result, event } = await work(tx);
      await appendAudit(tx, { ...event, action, actor, client: clientOf(req) });
      return result;
    });
  } catch (err) {
    if (err instanceof AccordError && err.status !== 400) {
      const id = (req.params as { id?: unknown } | undefined)?.id;
      await recordAudit(systemDb(req), {
        actor,
        action,
        client: clientOf(req),
        outcome: err.code === "not_found" ? "not_found" : "denied",
        target: typeof id === "string" ? id : null,
        details: { code: err.code, reason: err.message },
      });
    }
    throw err;
  }
}
