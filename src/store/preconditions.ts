// Conditional changes (RFC 9110 §13.1.1): a record's entity tag is `"<id>.<version>"`, and an
// `If-Match` naming it makes a change a compare-and-set on that version, checked inside the
// change's transaction against the record as locked there (store/reader.ts), never against a copy.
import { AccordError } from "../domain/errors.ts";

/** The entity tag of a record at a version. */
export const etagOf = (rec: { id: string; version: number }) => `"${rec.id}.${rec.version}"`;

/** A record version an `If-Match` names. */
export interface TagVersion { id: string; version: number }

/**
 * A parsed `If-Match`: `*` (the record must exist), or the versions its tags name. Tags that are
 * well-formed but are not ours (weak ones, other shapes) name nothing, so they never match.
 */
export type IfMatch = { any: true } | { any: false; tags: TagVersion[] };

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
const OUR_TAG = /^([0-9A-Za-z]{1,40})\.([1-9][0-9]{0,9})$/;

/** Parses the header, or null when it is not a valid `If-Match` (then the request is refused). */
export function parseIfMatch(header: string): IfMatch | null {
  const value = header.trim();
  if (value === "*") return { any: true };
  const parts = value.split(",").map((p) => p.trim());
  if (!parts.length || parts.some((p) => !ENTITY_TAG.test(p))) return null;
  const tags: TagVersion[] = [];
  for (const p of parts) {
    const [, weak, opaque] = ENTITY_TAG.exec(p)!;
    // If-Match compares strongly: a weak tag matches nothing.
    const ours = weak ? null : OUR_TAG.exec(opaque!);
    if (ours) tags.push({ id: ours[1]!, version: Number(ours[2]) });
  }
  return { any: false, tags };
}

/** A conflict naming the version now current, so the client can read it again. */
export function staleVersion(code: "precondition_failed" | "conflict", rec: { id: string; version: number }, how: string): AccordError {
  return new AccordError(code, `The record changed since you read it (${how}; it is now version ${rec.version}): read it again, then redo your change.`, [], {
    currentVersion: rec.version,
    currentETag: etagOf(rec),
  });
}

/** An `If-Match` being evaluated for one change: each record the change locks is checked against it. */
export class Precondition {
  private satisfied = false;
  constructor(private readonly ifMatch: IfMatch) {}

  /** Checks a record the change has just locked: a tag naming it must name its current version. */
  check(rec: { id: string; version: number }): void {
    if (this.ifMatch.any) {
      this.satisfied = true;
      return;
    }
    const named = this.ifMatch.tags.filter((t) => t.id === rec.id);
    if (!named.length) return;
    if (!named.some((t) => t.version === rec.version)) throw staleVersion("precondition_failed", rec, "If-Match names another version");
    this.satisfied = true;
  }

  /** After the change's work: an `If-Match` that matched no record the change locked fails it. */
  finish(): void {
    if (!this.satisfied) {
      throw new AccordError("precondition_failed", "If-Match names no current version of the record this request changes: read the record again and send its ETag.");
    }
  }
}
