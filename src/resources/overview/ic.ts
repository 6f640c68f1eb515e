// Indigenous content target vs achieved, for the programmes of the overview (already read),
// computed by the programmes' own presenter.
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { presentProgrammes } from "../programmes/present.ts";

export async function overviewIndigenousContent(reader: Reader, records: ReadRecord[]) {
  const programmes = await presentProgrammes(reader, records);
  return programmes
    .filter((p) => p.indigenousContent.category !== null || p.indigenousContent.icPercent !== null)
    .map((p) => ({
      id: p.id, title: p.title, category: p.indigenousContent.category, tableVersion: p.indigenousContent.tableVersion,
      targetPercent: p.indigenousContent.minimumPercent, achievedPercent: p.indigenousContent.icPercent, compliant: p.indigenousContent.compliant,
    }));
}
