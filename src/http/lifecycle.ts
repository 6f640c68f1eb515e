// A request's life in the server: its deadline, the store's view of it, and shutdown.
// - Each request carries a RequestScope (AsyncLocalStorage) that the store reads: every query of
//   the request knows whether the request was answered already.
// - Deadline: a request not answered within `requestTimeoutMs` of its body arriving gets a 503
//   problem, and from then on none of its statements reaches the database, so "nothing was
//   saved" is true. A write request whose change has committed (or is committing) is not cut
//   short: its own answer says what happened, and each statement it still runs is bounded by the
//   database timeouts.
// - Drain (SIGTERM): requests in flight finish; new ones get a 503 problem with `Connection: close`
//   until then, so a load balancer moves on; then the server closes.
import { AsyncResource } from "node:async_hooks";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { newRequestScope, requestScope, type RequestScope } from "../store/request-scope.ts";
import { sendProblem, sendTimeout } from "./problem.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the lifecycle keeps of one request (a field of the request: cheaper than a WeakMap apiece). */
interface Life {
  /** Its deadline, once armed. */
  timer: NodeJS.Timeout | null;
  /** The request's async context, for body parsing (which runs on stream events); null without a body. */
  resource: AsyncResource | null;
  /** Counted in flight (not a refusal while draining). */
  counted: boolean;
  /** Its handler has answered (onSend). */
  answered: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    lifecycle: Life | null;
  }
}

/**
 * Whether the whole request has arrived: there is no body, or the HTTP parser has its end, or the
 * body has been read (an injected request).
 */
export function bodyArrived(req: FastifyRequest): boolean {
  const length = req.headers["content-length"];
  if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) return true;
  const raw = req.raw;
  return raw.complete || raw.readableEnded;
}

export interface Lifecycle {
  /** Requests being served (not counting those refused while draining). */
  readonly inFlight: number;
  readonly draining: boolean;
  /** Stops taking requests and waits up to `timeoutMs` for those in flight; returns how many were left. */
  drain(timeoutMs: number): Promise<number>;
}

/**
 * Runs in the request's async context, first: Fastify parses no body of a GET or HEAD, so only a
 * request with one needs its context kept for the stream events that parse it.
 */
function enter(method: string, life: Life, next: () => void): void {
  if (method !== "GET" && method !== "HEAD") life.resource = new AsyncResource("accord-request");
  next();
}

export function registerLifecycle(app: FastifyInstance, requestTimeoutMs: number): Lifecycle {
  let inFlight = 0;
  let draining = false;
  const waiters = new Set<() => void>();

  const done = (req: FastifyRequest) => {
    const life = req.lifecycle;
    if (!life) return;
    if (life.timer) clearTimeout(life.timer);
    if (req.storeScope) req.storeScope.finished = true;
    if (!life.counted) return;
    life.counted = false;
    inFlight--;
    if (inFlight === 0) for (const w of waiters) w();
  };

  // Made once here, not per request: the timer is given its arguments rather than a closure.
  const arm = (req: FastifyRequest, reply: FastifyReply, scope: RequestScope, life: Life) => {
    if (!scope.finished && !life.timer) life.timer = setTimeout(expire, requestTimeoutMs, req, reply, scope);
  };

  app.decorateRequest("storeScope", null);
  app.decorateRequest("lifecycle", null);
  // One hook for all of it (each hook a request passes costs), and a callback one: no promise.
  app.addHook("onRequest", (req, reply, next) => {
    if (draining) {
      reply.header("connection", "close").header("retry-after", "5");
      sendProblem(reply, 503, "shutting_down", "This server is shutting down; try again (another server, or this one once it is back).");
      return;
    }
    inFlight++;
    const life: Life = { timer: null, resource: null, counted: true, answered: false };
    req.lifecycle = life;
    const scope = newRequestScope(SAFE.has(req.method));
    req.storeScope = scope;
    // The deadline counts from when the whole request has arrived: a slow upload is bounded by
    // the HTTP server's own request timeout, not by this one.
    if (bodyArrived(req)) arm(req, reply, scope, life);
    else req.raw.once("end", () => arm(req, reply, scope, life));
    // Fastify runs onResponse when the answer has been written ('finish'). A client that leaves
    // before it (autocannon stopping, a closed tab) never gets there: its handler still runs to the
    // end (a write commits, or not, whoever is listening) and answers into a closed connection,
    // which never finishes. Such a request is counted until its handler has answered (onSend) and
    // its connection is gone, whichever comes last: drain waits for the handler, and no longer (a
    // write whose client had left, on PostgreSQL, stayed counted for good, and every drain waited
    // out its whole bound; a read whose client had left stopped counting while its handler ran).
    reply.raw.once("close", () => {
      if (life.answered) done(req);
    });
    requestScope.run(scope, enter, req.method, life, next);
  });
  // Body parsing runs on stream events, outside the request's async context: enter it again.
  app.addHook("preValidation", (req, _reply, next) => {
    const r = req.lifecycle?.resource;
    if (r) r.runInAsyncScope(next, req.raw);
    else next();
  });
  app.addHook("onResponse", (req, _reply, next) => {
    done(req);
    next();
  });
  app.addHook("onSend", (req, reply, payload, next) => {
    const life = req.lifecycle;
    if (life) life.answered = true;
    if (reply.raw.destroyed) done(req);
    next(null, payload);
  });

  const expire = (req: FastifyRequest, reply: FastifyReply, scope: RequestScope) => {
    // Answering (or streaming an answer) already: that answer stands.
    if (reply.sent || reply.raw.headersSent || scope.finished) return;
    // A change may have been saved: let the handler answer for it.
    if (scope.commitsInFlight > 0 || (!scope.safe && scope.committed)) return;
    scope.expired = true;
    req.log.warn({ timeoutMs: requestTimeoutMs }, "request timed out");
    sendTimeout(reply, requestTimeoutMs);
  };

  return {
    get inFlight() { return inFlight; },
    get draining() { return draining; },
    drain(timeoutMs) {
      draining = true;
      if (inFlight === 0) return Promise.resolve(0);
      return new Promise<number>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(finish);
          resolve(inFlight);
        };
        const timer = setTimeout(finish, timeoutMs);
        waiters.add(finish);
      });
    },
  };
}
