// SPEC 3.3: a record made inside another (an action or outcome of a meeting, a meeting of a
// forum, a document attached to a record) starts with its parent's marking. Marking it lower is
// allowed only as an explicit choice, and the write's audit event records that it was made.
import { banner, inherited, isRelease, markingKey, type Marking, type MarkingParsed } from "../domain/markings.ts";
import { invalid } from "../domain/errors.ts";
import { resolveMarking } from "../store/markings.ts";
import type { ReadRecord, Writer } from "../store/reader.ts";

/**
 * The marking of a record made inside `parent`: the one given, or the parent's. `compartments`
 * are need-to-know groups the parent keeps its papers in without carrying them itself (a forum's
 * compartment): what is made inside it starts in them too, and leaving them out is a lowering.
 */
export async function markingWithin(w: Writer, given: MarkingParsed | undefined, parent: ReadRecord | null, compartments: readonly string[] = []): Promise<Marking> {
  const floor = parent && within(inherited(parent.marking, w.viewer.nationality), compartments);
  if (!given) {
    if (!floor) throw invalid("marking", "required", "is required when there is no parent record to take it from");
    return floor;
  }
  const m = await resolveMarking(w.tx, given, w.viewer.nationality);
  if (parent && floor && markingKey(m) !== markingKey(floor) && isRelease(floor, m)) {
    w.note({ markedBelowParent: { parent: parent.id, parentMarking: banner(floor), marking: banner(m) } });
  }
  return m;
}

const within = (m: Marking, compartments: readonly string[]): Marking =>
  compartments.length ? { ...m, compartments: [...new Set([...m.compartments, ...compartments])].sort() } : m;
