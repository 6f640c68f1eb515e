// SPEC 3.3: a record made inside another (an action or outcome of a meeting, a meeting of a
// forum, a document attached to a record) starts with its parent's marking. Marking it lower is
// allowed only as an explicit choice, and the write's audit event records that it was made.
import { banner, inherited, isRelease, markingKey, type Marking, type MarkingParsed } from "../domain/markings.ts";
import { invalid } from "../domain/errors.ts";
import { resolveMarking } from "../store/markings.ts";
import type { ReadRecord, Writer } from "../store/reader.ts";

export async function markingWithin(w: Writer, given: MarkingParsed | undefined, parent: ReadRecord | null): Promise<Marking> {
  if (!given) {
    if (!parent) throw invalid("marking", "required", "is required when there is no parent record to take it from");
    return inherited(parent.marking, w.viewer.nationality);
  }
  const m = await resolveMarking(w.tx, given, w.viewer.nationality);
  const floor = parent && inherited(parent.marking, w.viewer.nationality);
  if (parent && floor && markingKey(m) !== markingKey(floor) && isRelease(floor, m)) {
    w.note({ markedBelowParent: { parent: parent.id, parentMarking: banner(parent.marking), marking: banner(m) } });
  }
  return m;
}
