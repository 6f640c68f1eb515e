// Every error leaves as application/problem+json (RFC 9457) with a stable code and, for bad
// input, the field and rule that failed.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AccordError, type FieldIssue } from "../domain/errors.ts";
import { describeFault, storeFault, type StoreFault } from "../store/faults.ts";
import { RequestExpiredError } from "../store/request-scope.ts";

export const PROBLEM_TYPE = "application/problem+json";

/** The body of a problem (RFC 9457), with Accord's stable `code`. */
export function problemBody(status: number, code: string, detail: string, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) {
  return { type: `urn:accord:problem:${code}`, title: code.replace(/_/g, " "), status, code, detail, ...(issues.length ? { errors: issues } : {}), ...extra };
}

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) {
  return reply.code(status).type(PROBLEM_TYPE).send(problemBody(status, code, detail, issues, extra));
}

/** An error that knows its own answer (an idempotent replay, a key in use): the error handler lets it reply. */
export class ResponseError extends Error {
  constructor(message: string, readonly respond: (reply: FastifyReply) => FastifyReply) {
    super(message);
  }
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const RETRY_WITH_KEY = "A change sent now may or may not have been saved: send it again with the same Idempotency-Key to have it saved exactly once.";

/** The answer to a fault of the database: status, code and words, without internals. */
export function faultProblem(f: StoreFault, method: string): { status: number; code: string; detail: string; retryAfter: number } {
  const safe = SAFE.has(method);
  switch (f.kind) {
    case "disk_full":
      return { status: 507, code: "insufficient_storage", detail: "The server's disk is full, so nothing was saved. An operator must free space; then try again.", retryAfter: 60 };
    case "busy":
      return { status: 503, code: "database_busy", detail: `The database is busy with other changes (a lock was not granted in time)${safe ? "" : "; nothing was saved"}. Try again.`, retryAfter: 1 };
    case "timeout":
      return { status: 503, code: "database_timeout", detail: `The database did not answer in time.${safe ? " Try again shortly." : ` ${RETRY_WITH_KEY}`}`, retryAfter: 2 };
    case "unavailable":
      return { status: 503, code: "database_unavailable", detail: `The database is unavailable.${safe ? " Try again shortly." : ` ${RETRY_WITH_KEY}`}`, retryAfter: 2 };
  }
}

export function sendFault(req: FastifyRequest, reply: FastifyReply, f: StoreFault) {
  const p = faultProblem(f, req.method);
  req.log.info({ code: f.code, fault: f.kind }, describeFault(f));
  return sendProblem(reply.header("retry-after", String(p.retryAfter)), p.status, p.code, p.detail);
}

export function sendTimeout(reply: FastifyReply, timeoutMs: number) {
  const safe = SAFE.has(reply.request.method);
  return sendProblem(reply.header("retry-after", "2"), 503, "request_timeout",
    `The request did not finish within ${(timeoutMs / 1000).toFixed(1)} s and was stopped${safe ? "" : "; nothing it would have changed was saved"}. Try again.`);
}

/**
 * The path of the first string in a value holding U+0000, or null. No field needs the character
 * and PostgreSQL text cannot hold it: it is refused on both stores alike, naming the field.
 */
export function nulField(value: unknown, path: string[] = []): string | null {
  // Walked with a stack of its own, not by recursion, and each entry names only its parent, so no
  // input is deep enough to overflow it or to make the walk quadratic.
  type Entry = { v: unknown; key: string | null; parent: Entry | null };
  const stack: Entry[] = [{ v: value, key: null, parent: null }];
  while (stack.length) {
    const e = stack.pop()!;
    if (typeof e.v === "string") {
      if (!e.v.includes("\u0000")) continue;
      const keys: string[] = [];
      for (let at: Entry | null = e; at?.key !== null && at; at = at.parent) keys.push(at.key);
      return [...path, ...keys.reverse()].join(".") || "(body)";
    }
    if (e.v && typeof e.v === "object") {
      // Reversed onto the stack so the first field in error is the first found, as before.
      const entries = Object.entries(e.v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ v: entries[i]![1], key: entries[i]![0], parent: e });
    }
  }
  return null;
}

/** Deepest nesting any request body may have: the API's own shapes go a few levels deep. */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of JSON text, counted without parsing (brackets outside strings), stopping as
 * soon as it passes `max`: checked before anything walks the parsed value.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Throws the validation problem for a value holding U+0000. */
export function refuseNul(value: unknown, path: string[] = []): void {
  const field = nulField(value, path);
  if (field !== null) throw new AccordError("validation_failed", `${field}: must not contain the NUL character`, [{ field, rule: "no_nul", message: "must not contain the NUL character" }]);
}

/** One validation issue as fastify-type-provider-zod reports it. */
type ZodIssueLike = { keyword?: string; instancePath?: string; message?: string; params?: { keys?: string[] } };

function zodIssues(err: { validation: ZodIssueLike[]; validationContext?: string }): FieldIssue[] {
  const context = err.validationContext && err.validationContext !== "body" ? [err.validationContext] : [];
  return err.validation.flatMap((v) => {
    const path = [...context, ...(v.instancePath ?? "").split("/").filter(Boolean)].join(".");
    if (v.keyword === "unrecognized_keys" && v.params?.keys) {
      return v.params.keys.map((k) => ({ field: path ? `${path}.${k}` : k, rule: "unknown_field", message: "is not a known field" }));
    }
    return [{ field: path || "(body)", rule: v.keyword ?? "invalid", message: v.message ?? "is invalid" }];
  });
}

export function errorHandler(err: FastifyError | AccordError | Error, req: FastifyRequest, reply: FastifyReply) {
  // Answered already: the request ran out of time, and this is its handler failing afterwards.
  if (reply.sent || reply.raw.headersSent) return reply;
  if (err instanceof AccordError) return sendProblem(reply, err.status, err.code, err.message, err.issues, err.extra);
  if (err instanceof ResponseError) return err.respond(reply);
  if (err instanceof RequestExpiredError) return sendTimeout(reply, req.server.ctx.config.requestTimeoutMs);
  const fault = storeFault(err);
  if (fault) return sendFault(req, reply, fault);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = zodIssues(err as unknown as { validation: ZodIssueLike[]; validationContext?: string });
    return sendProblem(reply, 400, "validation_failed", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
  }
  const fe = err as FastifyError;
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE" || fe.code === "FST_REQ_FILE_TOO_LARGE" || fe.statusCode === 413) {
    return sendProblem(reply, 413, "payload_too_large", "The request is larger than this endpoint accepts.");
  }
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || fe.statusCode === 415) {
    return sendProblem(reply, 415, "unsupported_media_type", "Send application/json (or multipart/form-data for uploads).");
  }
  if (fe.statusCode === 429) return sendProblem(reply, 429, "rate_limited", "Too many requests; slow down.");
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendProblem(reply, fe.statusCode, "validation_failed", fe.message.replace(/^body\//, ""), [{ field: "(body)", rule: fe.code ?? "invalid", message: fe.message }]);
  }
  req.log.error({ err }, "unhandled error");
  return sendProblem(reply, 500, "internal_error", "Something went wrong on our side; it has been logged.");
}
