// Every signed-in change (POST, PUT, PATCH, DELETE) runs as one unit of work: once its body has
// arrived, all of its database work runs in one transaction on one connection (its Kysely
// transactions become savepoints of it), and that transaction commits only when the response is
// ready to leave (onSend). So a change is saved exactly when its success is answered: a fault
// after the change but before the answer (reading the record back for the response, say) rolls it
// back instead of answering 503 for something saved. What remains is the COMMIT's own answer
// being lost on the way, which an Idempotency-Key covers (idempotency.ts). A 5xx answer rolls the
// unit back; a 4xx commits it (a refusal's audit event is kept). A client that goes away before
// its answer has its unit rolled back and nothing more of it reaches the store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { storeFault } from "../store/faults.ts";
import type { Run, Unit } from "../store/request-scope.ts";
import { addChangeHook } from "./change-hooks.ts";
import { bodyArrived } from "./lifecycle.ts";
import { faultProblem, PROBLEM_TYPE, problemBody } from "./problem.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Runs in the unit just before it commits, with the response about to leave (idempotency: store it). */
export type BeforeCommit = (run: Run, reply: FastifyReply, payload: unknown) => Promise<void>;

// On the request itself (decorations), not in WeakMaps keyed by it: V8's young-generation collector
// holds an old WeakMap's values alive whatever became of their keys, and these close over the request.
declare module "fastify" {
  interface FastifyRequest {
    unitClaim: ((run: Run) => Promise<void>) | null;
    beforeCommit: BeforeCommit[] | null;
  }
}

/** Runs first in the request's unit, and may refuse it by throwing (idempotency: claim the key). */
export function setUnitClaim(req: FastifyRequest, claim: (run: Run) => Promise<void>): void {
  req.unitClaim = claim;
}

export function addBeforeCommit(req: FastifyRequest, hook: BeforeCommit): void {
  (req.beforeCommit ??= []).push(hook);
}

/** Headers that describe a success and must not stay on the fault answer replacing it. */
const SUCCESS_HEADERS = ["location", "etag", "last-modified", "content-disposition"];

export function registerUnits(app: FastifyInstance): void {
  app.decorateRequest("unitClaim", null);
  app.decorateRequest("beforeCommit", null);
  // On the routes that take changes only (change-hooks.ts); callback hooks, so a request without a
  // unit has nothing to wait for and passes them without a promise.
  addChangeHook(app, "preHandler", (req, _reply, done) => {
    if (!SAFE.has(req.method) && req.viewer && req.storeScope) {
      req.storeScope.unitPolicy = { ready: () => bodyArrived(req), claim: async (run) => req.unitClaim?.(run) };
    }
    done();
  });

  const finish = async (req: FastifyRequest, reply: FastifyReply, payload: unknown, pending: Promise<Unit>) => {
    let unit;
    try {
      unit = await pending;
    } catch {
      return payload; // it never began (its claim answered instead): nothing to finish
    }
    // A failure's answer never waits on the database: the rollback goes on behind it (it may
    // queue behind a statement still blocked on a lock, until that statement's own timeout).
    if (reply.statusCode >= 500) {
      void unit.rollback();
      return payload;
    }
    try {
      for (const hook of req.beforeCommit ?? []) await hook(unit.run, reply, payload);
      await unit.commit();
      return payload;
    } catch (err) {
      void unit.rollback();
      // Not committed, or the COMMIT's answer was lost: either way not a success to report.
      const f = storeFault(err) ?? { kind: "unavailable" as const, code: "", message: (err as Error).message };
      const p = faultProblem(f, req.method);
      req.log.warn({ err, code: f.code }, "a change could not commit");
      for (const h of SUCCESS_HEADERS) reply.removeHeader(h);
      reply.code(p.status).header("content-type", PROBLEM_TYPE).header("retry-after", String(p.retryAfter));
      return JSON.stringify(problemBody(p.status, p.code, p.detail));
    }
  };
  addChangeHook(app, "onSend", (req, reply, payload, done) => {
    const pending = req.storeScope?.unit;
    if (!pending) return done(null, payload);
    finish(req, reply, payload, pending).then((p) => done(null, p), done);
  });

  // A unit still open once the response has gone ends here (a rollback; after a commit, nothing).
  const release = (req: FastifyRequest) => {
    const pending = req.storeScope?.unit;
    if (pending) void pending.then((u) => u.rollback(), () => undefined);
  };
  addChangeHook(app, "onResponse", (req, _reply, done) => {
    release(req);
    done();
  });
  addChangeHook(app, "onRequestAbort", async (req) => {
    const scope = req.storeScope;
    if (!scope?.unitPolicy && !scope?.unit) return;
    scope.expired = true;
    release(req);
  });
}
