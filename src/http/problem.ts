// Every error leaves as application/problem+json (RFC 9457) with a stable code and, for bad
// input, the field and rule that failed.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AccordError, type FieldIssue } from "../domain/errors.ts";

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, issues: FieldIssue[] = []) {
  return reply
    .code(status)
    .type("application/problem+json")
    .send({ type: `urn:accord:problem:${code}`, title: code.replace(/_/g, " "), status, code, detail, ...(issues.length ? { errors: issues } : {}) });
}

/**
 * The path of the first string in a value holding U+0000, or null. No field needs the character
 * and PostgreSQL text cannot hold it: it is refused on both stores alike, naming the field.
 */
export function nulField(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(body)" : null;
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = nulField(v, [...path, k]);
      if (found !== null) return found;
    }
  }
  return null;
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
  if (err instanceof AccordError) return sendProblem(reply, err.status, err.code, err.message, err.issues);
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
