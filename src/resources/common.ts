// What every record resource's schemas share: identifiers and text, the record meta (marking,
// version, times and the policies the reader holds on it) and references that show as withheld.
// Pure zod and types: the web app reads these types too.
import { z } from "zod";
import { MarkingOutput, toOutput } from "../domain/markings.ts";
import type { Decisions, Policy } from "../domain/policy.ts";
import type { ReadRecord, Reference as Ref, Refs } from "../store/reader.ts";

export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "must be a record identifier");
export const IdParams = z.strictObject({ id: Id });
export const Text = (max: number) => z.string().trim().min(1).max(max);
export const IsoDate = z.iso.date();

/** What the reader may do with a record, by its kind's policy: the web app shows only these controls. */
export function Policies<A extends string>(policy: Policy<unknown, A> | Policy<never, A>) {
  return z.object(Object.fromEntries(policy.actions.map((a) => [a, z.boolean()])) as Record<(typeof policy.actions)[number], z.ZodBoolean>);
}

const Meta = {
  id: z.string(),
  kind: z.string(),
  marking: MarkingOutput,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
export const RecordMeta = z.object(Meta);

/** A kind's item schema: the record meta, the kind's policies, and its own fields. */
export function recordSchema<A extends string, S extends z.ZodRawShape>(policy: Policy<never, A>, shape: S) {
  return z.object({ ...Meta, policies: Policies(policy), ...shape });
}

export const Reference = z.union([
  z.object({ id: z.string(), kind: z.string(), title: z.string(), withheld: z.literal(false) }),
  z.object({ id: z.null(), withheld: z.literal(true) }),
]);
export type Reference = Ref;

/**
 * The meta of a presented record. Presenters add their fields with `Object.assign(meta(r, p), {…})`,
 * not by spreading it into a literal: spread items of one page took up to 19 hidden classes for 50
 * items, and every later reader of them (the compiled serialiser first) went slow on them
 * (list-loop at 100k, SQLite: lists 0.82–0.89× the time and 0.75–0.99× the CPU per request).
 */
export function meta<A extends string>(r: ReadRecord, policies: Decisions<A>) {
  return { id: r.id as string, kind: r.kind, marking: toOutput(r.marking), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at, policies };
}

export function refOf(refs: Refs, id: string | null | undefined): Reference | null {
  return id ? (refs.get(id) ?? { id: null, withheld: true }) : null;
}

/** Rows grouped by the record they belong to, so presenting a page stays linear in its rows. */
export function byRecord<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
