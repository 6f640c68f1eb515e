// The banner of a page is the derived marking of what it shows (SPEC 3.4): the server's own pure
// functions, imported rather than re-written, so the page and the API agree on every banner.
import { banner, deriveMarking, inherited as inheritedMarking, LEVELS, type Marking, type Rank } from "../../../src/domain/markings.ts";
import type { Country, MarkingOutput } from "../api/types.ts";

export { inheritedMarking, LEVELS };
export const rankOf = (level: string): Rank => Math.max(0, LEVELS.indexOf(level as (typeof LEVELS)[number])) as Rank;

export function fromOutput(m: MarkingOutput): Marking {
  return { classification: rankOf(m.classification), originator: m.originator, releasableTo: m.releasableTo, compartments: m.compartments };
}

/** The highest marking among those shown; UNCLASSIFIED when nothing marked is on screen. */
export function derivedOf(shown: MarkingOutput[], viewerCountry: string): Marking {
  try {
    return deriveMarking(shown.map(fromOutput), viewerCountry);
  } catch {
    // Records with no common audience cannot be on one screen for one reader; if they ever are,
    // say the most restrictive thing: the highest level, releasable to no one else.
    const level = Math.max(0, ...shown.map((m) => rankOf(m.classification))) as Rank;
    return { classification: level, originator: viewerCountry, releasableTo: [], compartments: [...new Set(shown.flatMap((m) => m.compartments))] };
  }
}

export { banner };

const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF]/u;

/**
 * The level in the viewer's own national terms, as the server names it: the originator's level
 * mapped through the equivalence table (which may only tighten), in the viewer's scheme.
 * A native name in Devanagari is shown on Hindi pages only: elsewhere the scheme's own English
 * name says it (India: "Unclassified", SPEC 3.1), and the 121 KB Devanagari font stays unloaded.
 */
export function nationalTerm(m: Marking, viewerCountry: string, countries: Country[], language = "en"): string | null {
  const origin = countries.find((c) => c.code === m.originator);
  const mapped = origin?.equivalences.find((e) => e.fromRank === m.classification && e.toCountry === viewerCountry)?.toRank;
  const rank = Math.max(m.classification, mapped ?? 0);
  const level = countries.find((c) => c.code === viewerCountry)?.levels.find((l) => l.rank === rank);
  if (!level) return null;
  const native = language !== "hi" && DEVANAGARI.test(level.nativeName) ? "" : level.nativeName;
  return native && native !== level.name ? `${level.name} (${native})` : level.name;
}

/** CSS class per level: colours follow common practice, each with AA contrast for its text. */
export const levelClass = (m: Pick<Marking, "classification">) => `level-${m.classification}`;
