// Conditional requests on records: every answer that is one record carries its `ETag`
// (`"<id>.<version>"`), and a change of a record may carry `If-Match` with it. The store checks
// the tag against the record as locked in the change's transaction (store/preconditions.ts): a
// version that is no longer current is `412 precondition_failed` with the current version. An
// `If-Match` that is not a valid header value is refused with a 400, and one sent where no record
// is changed (sign-in, accounts) too: a precondition is never silently ignored.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { invalid } from "../domain/errors.ts";
import { KINDS } from "../kinds.ts";
import { etagOf, parseIfMatch } from "../store/preconditions.ts";
import { addChangeHook } from "./change-hooks.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** The routes that change one record (`/api/<records>/:id` and what lies under it). */
function changesARecord(req: FastifyRequest): boolean {
  const url = req.routeOptions.url ?? "";
  const m = /^\/api\/([a-z-]+)\/:id(\/|$)/.exec(url);
  return Boolean(m && RECORD_PATHS.has(m[1]!));
}

const RECORD_PATHS = new Set<string>([...KINDS.map((k) => k.path).filter((p): p is string => Boolean(p)), "drafts"]);

/** A presented record (not a list, not a problem): what an entity tag stands for. */
function isRecord(payload: unknown): payload is { id: string; version: number } {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return false;
  const p = payload as Record<string, unknown>;
  return typeof p.id === "string" && typeof p.version === "number" && typeof p.kind === "string" && typeof p.policies === "object";
}

export function registerPreconditions(app: FastifyInstance): void {
  // Callback hooks: neither waits on anything, so neither costs a promise. If-Match is read on the
  // routes that take changes only (change-hooks.ts): a read ignores it.
  addChangeHook(app, "preHandler", (req, _reply, done) => {
    const sent = req.headers["if-match"];
    if (sent === undefined || SAFE.has(req.method)) return done();
    const parsed = typeof sent === "string" ? parseIfMatch(sent) : null;
    if (!parsed) throw invalid("headers.if-match", "format", 'must be * or entity tags as an ETag header gave them ("<id>.<version>")');
    if (!changesARecord(req)) throw invalid("headers.if-match", "not_here", "only a request that changes a record takes If-Match");
    req.reader?.expect(parsed);
    done();
  });

  app.addHook("preSerialization", (req, reply, payload, done) => {
    if ((reply.statusCode === 200 || reply.statusCode === 201) && isRecord(payload) && !reply.hasHeader("etag")) reply.header("etag", etagOf(payload));
    done(null, payload);
  });
}
