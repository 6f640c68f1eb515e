// Typed errors with stable codes: clients switch on `code`, people read `detail`.
export type ErrorCode =
  | "validation_failed"
  | "not_found"
  | "unauthenticated"
  | "forbidden"
  | "csrf_failed"
  | "conflict"
  | "rate_limited"
  | "account_locked"
  | "mfa_required"
  | "payload_too_large"
  | "unsupported_media_type"
  | "marking_not_permitted"
  | "release_required"
  | "precondition_failed"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  conflict: 409,
  rate_limited: 429,
  account_locked: 423,
  mfa_required: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  marking_not_permitted: 403,
  release_required: 409,
  precondition_failed: 412,
  unavailable: 409,
};

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

export class AccordError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Members the problem+json carries besides its own (a conflict's `currentVersion`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = () => new AccordError("not_found", "No such record.");

export function invalid(field: string, rule: string, message: string): AccordError {
  return new AccordError("validation_failed", `${field}: ${message}`, [{ field, rule, message }]);
}

/**
 * The one answer for a change refused because of a record the caller may not read (a meeting number
 * taken by a meeting they cannot see): it names nothing, so it is the same whatever was hidden.
 */
export const unavailable = () => new AccordError("unavailable", "This cannot be done: choose another value or ask the secretariat.");
