// The read rule of SPEC 3.2 in memory: used to explain decisions to security officers and as
// the mirror of the SQL predicate in store/access.ts (tests hold the two equal).
import { ALL, LEVELS, type Marking, type Rank } from "./markings.ts";

export interface Reader {
  nationality: string;
  clearance: Rank;
  compartments: readonly string[];
  status: "active" | "locked" | "disabled";
}

/** Maps an originator's level to the level a reader's country protects it at (uneven maps). */
export type Equivalence = (originator: string, rank: Rank, readerCountry: string) => Rank | undefined;

export type DenialReason = "inactive" | "clearance" | "nationality" | "compartments" | "malformed";

export interface Decision {
  allowed: boolean;
  /** Every rule that denies, in SPEC order; empty when allowed. */
  reasons: { rule: DenialReason; detail: string }[];
  /** The level the reader's country protects this record at. */
  effectiveRank: Rank;
}

export function explainRead(
  reader: Reader,
  m: Marking,
  equivalence: Equivalence = () => undefined,
  knownCountries?: ReadonlySet<string>,
): Decision {
  const reasons: Decision["reasons"] = [];
  const malformed =
    !Number.isInteger(m.classification) ||
    m.classification < 0 ||
    m.classification > 4 ||
    (knownCountries !== undefined && !knownCountries.has(m.originator));
  if (malformed) return { allowed: false, reasons: [{ rule: "malformed", detail: "the marking is malformed; access is denied" }], effectiveRank: 4 };
  const mapped = equivalence(m.originator, m.classification, reader.nationality);
  // An equivalence may only tighten: the common scale is always the floor (SPEC 3.2 rule 1).
  const effectiveRank = Math.max(m.classification, mapped ?? 0) as Rank;
  if (reader.clearance < effectiveRank) {
    reasons.push({ rule: "clearance", detail: `clearance ${LEVELS[reader.clearance]} is below the required ${LEVELS[effectiveRank]}` });
  }
  const releasable =
    reader.nationality === m.originator || m.releasableTo === ALL || m.releasableTo.includes(reader.nationality);
  if (!releasable) {
    reasons.push({ rule: "nationality", detail: `not releasable to ${reader.nationality}` });
  }
  const missing = m.compartments.filter((c) => !reader.compartments.includes(c));
  if (missing.length) reasons.push({ rule: "compartments", detail: `lacks compartment(s) ${missing.join(", ")}` });
  if (reader.status !== "active") reasons.push({ rule: "inactive", detail: `account is ${reader.status}` });
  return { allowed: reasons.length === 0, reasons, effectiveRank };
}

export function canRead(reader: Reader, m: Marking, equivalence?: Equivalence): boolean {
  return explainRead(reader, m, equivalence).allowed;
}

/** SPEC 3.3: a user may write only at markings they could read themselves. */
export function canWriteAt(writer: Reader, m: Marking, equivalence?: Equivalence): boolean {
  return canRead(writer, m, equivalence);
}
