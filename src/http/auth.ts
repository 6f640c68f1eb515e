// Who is calling: a session cookie (with CSRF token on state changes) or a bearer API token.
// Handlers get a Reader bound to that user (and their Scope); nothing reads records without it.
import { timingSafeEqual } from "node:crypto";
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from "fastify";
import { AccordError } from "../domain/errors.ts";
import { hasRole, type Role } from "../domain/roles.ts";
import { Scope, type Viewer } from "../store/access.ts";
import { Reader } from "../store/reader.ts";
import { SESSION_COOKIE } from "../accounts/sessions.ts";
import { readGenerations } from "../store/generations.ts";
import { checksAfterReads, registerLateCheck } from "./late-check.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest("viewer", null);
  app.decorateRequest("auth", null);
  app.decorateRequest("scope", null);
  app.decorateRequest("reader", null);
  registerLateCheck(app, (req) => authenticate(app, req));
  app.addHook("preHandler", async (req) => {
    if (!req.url.startsWith("/api/")) return;
    // Fastify makes a new object of the route's options at every read of routeOptions: read once.
    const route = req.routeOptions;
    const cfg = route.config;
    // Public routes (and the API explorer's own assets, registered by @fastify/swagger-ui) do not
    // depend on who calls, so they skip identification even when a cookie comes along.
    if (cfg.public || route.url?.startsWith("/api/docs")) return;
    // A GET that checks its caches after its reads starts from them alone when they hold all it needs.
    if (checksAfterReads(cfg) && fromCachesAlone(app, req, cfg)) return;
    await authenticate(app, req);
  });
}

/**
 * Identifies the caller and admits them to the route, from caches the counters read first allow
 * (or the store), and gives the request its scope and Reader.
 */
async function authenticate(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  // Nothing of an earlier identification of this request (from caches found stale) carries over.
  req.viewer = null;
  req.auth = null;
  req.scope = null;
  req.reader = null;
  // One statement: the counters every cache this request trusts depends on (identity, readable sets).
  const generations = await readGenerations(app.ctx.store.db);
  app.ctx.identities.sync(generations.auth);
  // From the caches without a promise when they hold the caller (nearly always); else from the store.
  if (!identifyCached(app, req)) await identify(app, req, generations.auth);
  const refused = refusal(req, req.routeOptions.config);
  if (refused) throw refused;
  // Reads filter by the caller's computed set of readable markings (the write rule itself always
  // asks the predicate, and a write at a new marking admits it to the set: see records.ts).
  const access = { n: generations.access, added: generations.added };
  req.scope = app.ctx.markingSets.cachedScope(req.viewer!, access) ?? await app.ctx.markingSets.scopeFor(req.viewer!, access);
  req.reader = new Reader(app.ctx.store.db, req.scope, { actor: req.viewer!.id, client: clientOf(req) });
}

/** Why the identified caller may not use this route (or null): signed in, active, second factor, CSRF, token scope. */
function refusal(req: FastifyRequest, cfg: FastifyContextConfig): AccordError | null {
  if (!req.viewer || !req.auth) return new AccordError("unauthenticated", "Sign in first.");
  if (req.viewer.status !== "active") return new AccordError("unauthenticated", "This account is not active.");
  if (req.auth.via === "session") {
    if (!req.auth.mfaPassed && !cfg.mfaEnrolment) {
      return new AccordError("mfa_required", "Your role requires a second factor: enrol one at POST /api/auth/mfa/enrol.");
    }
    if (!SAFE.has(req.method)) {
      const sent = req.headers["x-csrf-token"];
      if (typeof sent !== "string" || !sameSecret(sent, req.auth.csrfToken ?? "")) {
        return new AccordError("csrf_failed", "Missing or wrong X-CSRF-Token header.");
      }
    }
  } else {
    const needed = cfg.tokenScope ?? (SAFE.has(req.method) ? "read" : "write");
    if (!req.auth.tokenScopes?.includes(needed)) return new AccordError("forbidden", `This API token lacks the '${needed}' scope.`);
  }
  return null;
}

/**
 * PostgreSQL, on a route that checks its caches after its reads (late-check.ts): the caller, their
 * admission and their scope from the caches alone, with the counters those stand at kept for the
 * check. False (nothing trusted) unless the caches hold all of it and admit the caller; then the
 * request is identified the ordinary way, which decides any refusal on counters read first.
 */
function fromCachesAlone(app: FastifyInstance, req: FastifyRequest, cfg: FastifyContextConfig): boolean {
  const scope = req.storeScope;
  if (!scope || app.ctx.store.dialect !== "postgres") return false;
  // No await from here to the end: the identity cache's entries and its generation are read together.
  const auth = app.ctx.identities.standsAt;
  if (auth < 0 || !identifyCached(app, req) || refusal(req, cfg)) return false;
  const cached = app.ctx.markingSets.cachedScopeAsOf(req.viewer!);
  if (!cached) return false;
  req.scope = cached.scope;
  req.reader = new Reader(app.ctx.store.db, req.scope, { actor: req.viewer!.id, client: clientOf(req) });
  scope.check = { expected: { access: cached.access.n, added: cached.access.added, auth }, confirmedAt: -1, stale: false };
  scope.deferredEvents = [];
  app.ctx.lateChecks.trusted++;
  return true;
}

/**
 * A session's caller from the in-process identity cache alone (synced to this request's generation
 * already); false when the cache does not hold both session and viewer (or the caller sent a token).
 */
function identifyCached(app: FastifyInstance, req: FastifyRequest): boolean {
  if (req.headers.authorization?.startsWith("Bearer ")) return false;
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return false;
  const ids = app.ctx.identities;
  const s = ids.cachedSession(cookie);
  const viewer = s && ids.cachedViewer(s.userId);
  if (!s || !viewer) return false;
  req.viewer = viewer;
  req.auth = { via: "session", sessionToken: cookie, csrfToken: s.csrfToken, mfaPassed: s.mfaPassed };
  return true;
}

/** The caller, from the in-process identity cache (valid while `generation` stands) or the store. */
async function identify(app: FastifyInstance, req: FastifyRequest, generation: number): Promise<void> {
  const ids = app.ctx.identities;
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const tok = await ids.token(header.slice(7).trim(), generation);
    if (!tok) throw new AccordError("unauthenticated", "The API token is unknown, expired or revoked.");
    req.viewer = await ids.viewer(tok.userId, generation);
    req.auth = { via: "token", mfaPassed: true, tokenScopes: tok.scopes };
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const s = await ids.session(cookie, generation);
  if (!s) return;
  req.viewer = await ids.viewer(s.userId, generation);
  req.auth = { via: "session", sessionToken: cookie, csrfToken: s.csrfToken, mfaPassed: s.mfaPassed };
}

export function viewerOf(req: FastifyRequest): Viewer {
  if (!req.viewer) throw new AccordError("unauthenticated", "Sign in first.");
  return req.viewer;
}

export function scopeOf(req: FastifyRequest): Scope {
  return req.scope ?? Scope.forUser(viewerOf(req));
}

/** The request's Reader: the one way a handler reads records (and, through its transaction, writes). */
export function readerOf(req: FastifyRequest): Reader {
  if (!req.reader) throw new AccordError("unauthenticated", "Sign in first.");
  return req.reader;
}

export function requireRole(req: FastifyRequest, ...roles: Role[]): Viewer {
  const v = viewerOf(req);
  if (!roles.some((r) => hasRole(v.roles, r))) throw new AccordError("forbidden", `This needs the role ${roles.join(" or ")}.`);
  return v;
}

export const clientOf = (req: FastifyRequest) => req.ip;
