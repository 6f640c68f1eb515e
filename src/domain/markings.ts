// Markings (SPEC 3.1): the value every record carries, and the pure functions over it.
// The in-memory predicates here mirror the SQL form in store/access.ts; the two are
// tested against each other and against a reference implementation.
import { z } from "zod";
import { constant } from "./constants.ts";

export const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const;
export type LevelName = (typeof LEVELS)[number];
export type Rank = 0 | 1 | 2 | 3 | 4;

export const ALL = "ALL" as const;

export interface Marking {
  classification: Rank;
  originator: string;
  /** Countries other than the originator whose nationals may read; "ALL" = every platform country. */
  releasableTo: readonly string[] | typeof ALL;
  compartments: readonly string[];
}

export const countryCode = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code in capitals");
export const compartmentCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, "must be 1-40 capitals, digits, '-' or '_'");

/** The marking as the API speaks it: levels by name. */
export const MarkingInput = z.strictObject({
  classification: z.enum(LEVELS),
  originator: countryCode.optional().describe("defaults to the author's nationality"),
  releasableTo: z.union([z.literal(ALL), z.array(countryCode).max(300)]),
  compartments: z.array(compartmentCode).max(50).default([]),
});
export type MarkingInput = z.input<typeof MarkingInput>;
/** A marking input after validation (defaults applied). */
export type MarkingParsed = z.output<typeof MarkingInput>;

export const MarkingOutput = z.object({
  classification: z.enum(LEVELS),
  originator: z.string(),
  releasableTo: z.union([z.literal(ALL), z.array(z.string())]),
  compartments: z.array(z.string()),
  banner: z.string(),
});
export type MarkingOutput = z.infer<typeof MarkingOutput>;

export function rankOf(name: LevelName): Rank {
  return LEVELS.indexOf(name) as Rank;
}

export function isRank(n: unknown): n is Rank {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 4;
}

/** Sorted, de-duplicated, originator removed from its own releasability list. */
export function normalise(m: Marking): Marking {
  const rel =
    m.releasableTo === ALL ? ALL : [...new Set(m.releasableTo)].filter((c) => c !== m.originator).sort();
  return {
    classification: m.classification,
    originator: m.originator,
    releasableTo: rel,
    compartments: [...new Set(m.compartments)].sort(),
  };
}

/** A stable text key: equal markings have equal keys (used to intern markings in the store). */
export function markingKey(m: Marking): string {
  const n = normalise(m);
  const rel = n.releasableTo === ALL ? ALL : n.releasableTo.join(",");
  return `${n.classification}|${n.originator}|${rel}|${n.compartments.join(",")}`;
}

/** SPEC 3.1 banner: `SECRET // REL TO IND, ISR // BARAK8`. */
export function banner(m: Marking): string {
  // A frozen marking (every one loaded from the store) has its banner kept, like its output form:
  // a list's audit event names each record's banner, and a page shares a few markings.
  if (!Object.isFrozen(m)) return bannerOfNormal(normalise(m));
  return toOutput(m).banner;
}

/** The banner of a marking already normalised. */
function bannerOfNormal(n: Marking): string {
  const parts: string[] = [LEVELS[n.classification]];
  if (n.releasableTo === ALL) {
    if (n.classification > 0 || n.compartments.length) parts.push("REL TO ALL");
  } else if (n.releasableTo.length === 0) {
    parts.push(`${n.originator} ONLY`);
  } else {
    parts.push(`REL TO ${[n.originator, ...n.releasableTo].join(", ")}`);
  }
  if (n.compartments.length) parts.push(n.compartments.join(", "));
  return parts.join(" // ");
}

/**
 * Output forms by marking object: markings loaded from the store are shared, immutable objects
 * (store/markings.ts keeps them by id), so a page of records sharing a few markings builds each
 * output once in the process, not once per row. Frozen, since every response shares them.
 */
const outputs = new WeakMap<Marking, MarkingOutput>();

export function toOutput(m: Marking): MarkingOutput {
  const known = outputs.get(m);
  if (known) return known;
  const n = normalise(m);
  // A constant (deeply frozen): the response serialisers write its JSON once and reuse it.
  const out: MarkingOutput = constant(Object.freeze({
    classification: LEVELS[n.classification],
    originator: n.originator,
    releasableTo: n.releasableTo === ALL ? ALL : Object.freeze([...n.releasableTo]) as string[],
    compartments: Object.freeze([...n.compartments]) as string[],
    banner: bannerOfNormal(n),
  }));
  outputs.set(m, out);
  return out;
}

/** The set of nationalities that may read, or ALL. */
export function audience(m: Marking): ReadonlySet<string> | typeof ALL {
  if (m.releasableTo === ALL) return ALL;
  return new Set([m.originator, ...m.releasableTo]);
}

/**
 * Compares two markings. A change from `from` to `to` that widens who may read in any way
 * (lower level, more countries, fewer compartments, another originator) is a release.
 */
export function isRelease(from: Marking, to: Marking): boolean {
  if (to.originator !== from.originator) return true;
  if (to.classification < from.classification) return true;
  const fromAud = audience(from);
  const toAud = audience(to);
  if (toAud === ALL && fromAud !== ALL) return true;
  if (toAud !== ALL && fromAud !== ALL && [...toAud].some((c) => !fromAud.has(c))) return true;
  return from.compartments.some((c) => !to.compartments.includes(c));
}

/**
 * SPEC 3.4: whatever gathers records carries the highest level, the intersection of their
 * audiences and the union of their compartments. Nothing gathered yields UNCLASSIFIED // ALL.
 */
export function deriveMarking(markings: readonly Marking[], preferredOriginator?: string): Marking {
  if (markings.length === 0) return { classification: 0, originator: preferredOriginator ?? "IND", releasableTo: ALL, compartments: [] };
  let level: Rank = 0;
  let aud = ALL as Set<string> | typeof ALL;
  const comps = new Set<string>();
  for (const m of markings) {
    if (m.classification > level) level = m.classification;
    const a = audience(m);
    if (a !== ALL) aud = aud === ALL ? new Set(a) : new Set([...aud].filter((c) => a.has(c)));
    for (const c of m.compartments) comps.add(c);
  }
  const top = markings.filter((m) => m.classification === level).map((m) => m.originator).sort();
  if (aud === ALL) {
    const originator = top[0] ?? preferredOriginator ?? "IND";
    return normalise({ classification: level, originator, releasableTo: ALL, compartments: [...comps] });
  }
  const members = [...aud].sort();
  if (members.length === 0) throw new Error("gathered records have no common audience");
  const originator = top.find((c) => members.includes(c)) ?? members[0]!;
  return normalise({ classification: level, originator, releasableTo: members, compartments: [...comps] });
}

/**
 * SPEC 3.3: a record made inside another starts with its parent's marking, originated by the
 * writer's own country: the same level, compartments and readers (the writer is one of them).
 */
export function inherited(parent: Marking, nationality: string): Marking {
  if (parent.originator === nationality) return parent;
  const readers = parent.releasableTo === ALL ? ALL : [parent.originator, ...parent.releasableTo].filter((c) => c !== nationality).sort();
  return { ...parent, originator: nationality, releasableTo: readers };
}
