// GETs that check their caches after their reads (PostgreSQL). Every request trusts in-process
// caches of its caller (identity-cache.ts) and of their readable markings (marking-sets.ts) only
// while the counters those caches depend on stand where the caches were filled (store/generations.ts).
// A request reads the counters first, one round trip of the three or four a list makes. A route
// that says `checkAfterReads` may instead start from the caches alone, when they hold the caller,
// and have the counters read after its reads:
// - by the statement that writes its read audit (audit/group-commit.ts), which writes the event
//   only if they still stand, so nothing is recorded of a read that is not answered;
// - or, for a request that wrote no audit event or read again after it, by a statement of its own
//   once its handler is done.
// Either way the counters are read by a statement sent after every statement of the request had
// been answered, with none sent since (`stampOf`), so every read of the request took its snapshot
// before that statement's. The counters only grow: found unmoved then, they had not moved when the
// request read, and its answer is what the full checks would have given at that moment, as a
// request that reads them first gives the answer of a moment just after. Found moved, nothing the
// request computed is answered: it is identified afresh (a revoked session is a 401, a narrowed
// clearance reads less) and its handler runs again, the ordinary way.
// The route's handler must return its answer (not send it): a route that sent one before the check
// would be refused by the onSend guard below, so a mistake fails closed.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod, onSendHookHandler } from "fastify";
import { groupCommit, StaleGenerationsError } from "../audit/group-commit.ts";
import { readGenerations } from "../store/generations.ts";
import { outsideRequest, RequestExpiredError, settleCheck, stampOf, type GenerationCheck, type RequestScope } from "../store/request-scope.ts";

/** How the late checks went (diagnostics, and the tests that each way is taken). */
export interface LateCheckCounts {
  /** Requests that started from their caches alone. */
  trusted: number;
  /** Of those, confirmed by their read audit's statement. */
  confirmedByAudit: number;
  /** Confirmed by a statement of their own after the handler. */
  confirmedAlone: number;
  /** Found a counter moved, and answered afresh. */
  answeredAfresh: number;
}

export const newLateCheckCounts = (): LateCheckCounts => ({ trusted: 0, confirmedByAudit: 0, confirmedAlone: 0, answeredAfresh: 0 });

/** Set in a route's config when its handler is wrapped below (Fastify copies the config, not the handler, as given). */
const CHECKED = Symbol("accord.lateChecked");
type Checked = RouteHandlerMethod & { [CHECKED]?: true };

/** Whether the request's route checks its caches after its reads: said so, and its handler wrapped below. */
export function checksAfterReads(config: object): boolean {
  return (config as { [CHECKED]?: true })[CHECKED] === true;
}

/** The route-level guard: an answer leaves only once its check is settled (or it is a refusal, which carries no record). */
const guard: onSendHookHandler = (req, reply, payload, done) => {
  if (req.storeScope?.check && reply.statusCode < 400) {
    done(new Error(`${req.routeOptions.url ?? req.url} answered before its late check was settled: a route with checkAfterReads must return its answer`));
    return;
  }
  done(null, payload);
};

/**
 * Wraps the handlers of routes whose config says `checkAfterReads`. `authenticate`: the ordinary
 * identification (counters first), for a request answered afresh.
 */
export function registerLateCheck(app: FastifyInstance, authenticate: (req: FastifyRequest) => Promise<void>): void {
  const counts = app.ctx.lateChecks;
  app.addHook("onRoute", (route) => {
    if (!route.config?.checkAfterReads || (route.handler as Checked)[CHECKED]) return;
    const handler = route.handler;
    const checked: Checked = async function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      const scope = req.storeScope;
      const check = scope?.check;
      if (!scope || !check) return handler.call(this, req, reply);
      const status = reply.statusCode;
      const headers = new Set(Object.keys(reply.getHeaders()));
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: await handler.call(this, req, reply) };
      } catch (error) {
        outcome = { error };
      }
      // Answered already (its deadline passed): nothing more is written for it.
      if (scope.expired) throw new RequestExpiredError();
      // Its audit events, held back by the group commit, go now: their statement checks the counters.
      const held = scope.deferredEvents?.length ?? 0;
      let stale = "error" in outcome && outcome.error instanceof StaleGenerationsError;
      try {
        await groupCommit(req.server.ctx.store.db).flushDeferred(scope);
      } catch (err) {
        if (!(err instanceof StaleGenerationsError)) throw err;
        stale = true;
      }
      if (!stale && await confirmed(scope, check, req, counts, held > 0)) {
        scope.check = null;
        if ("error" in outcome) throw outcome.error;
        return outcome.value;
      }
      // A counter moved: nothing of that run is answered. Identified afresh, then run as any request.
      counts.answeredAfresh++;
      scope.check = null;
      scope.deferredEvents = null;
      for (const name of Object.keys(reply.getHeaders())) if (!headers.has(name)) reply.removeHeader(name);
      reply.code(status);
      await authenticate(req);
      return handler.call(this, req, reply);
    };
    checked[CHECKED] = true;
    route.handler = checked;
    route.config = { ...route.config, [CHECKED]: true } as typeof route.config;
    route.onSend = [...(route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend]), guard];
  });
}

/**
 * Whether the request's reads stand: confirmed by a statement sent after all of them (its read
 * audit's), or else by reading the counters now. Never confirmed while one of its statements is
 * still out (the stamp is then -1).
 */
async function confirmed(scope: RequestScope, check: GenerationCheck, req: FastifyRequest, counts: LateCheckCounts, audited: boolean): Promise<boolean> {
  if (check.stale) return false;
  if (check.confirmedAt === scope.statements) {
    if (audited) counts.confirmedByAudit++;
    else counts.confirmedAlone++;
    return true;
  }
  const stamp = stampOf(scope);
  // Outside the request, as the audit's statement is, so it does not count as one of its reads.
  const now = await outsideRequest(() => readGenerations(req.server.ctx.store.db));
  if (!settleCheck(check, stamp, now) || check.confirmedAt !== scope.statements) return false;
  counts.confirmedAlone++;
  return true;
}
