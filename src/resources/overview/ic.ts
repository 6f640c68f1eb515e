// Indigenous content target vs achieved, for the programmes of the overview (already filtered to
// what the caller may read), computed by the programmes' own presenter.
import type { Scope } from "../../store/access.ts";
import type { Conn } from "../../store/db.ts";
import { readableRecords } from "../../store/records.ts";
import { programmesById } from "../programmes/repo.ts";
import { withMarkings } from "../common.ts";

export async function overviewIndigenousContent(conn: Conn, scope: Scope, programmeIds: string[]) {
  if (!programmeIds.length) return [];
  const records = await withMarkings(conn, await readableRecords(conn, scope, "programme").selectAll("r").where("r.id", "in", programmeIds).execute());
  const programmes = await programmesById(conn, scope, records);
  return programmes
    .filter((p) => p.indigenousContent.category !== null || p.indigenousContent.icPercent !== null)
    .map((p) => ({
      id: p.id, title: p.title, category: p.indigenousContent.category, tableVersion: p.indigenousContent.tableVersion,
      targetPercent: p.indigenousContent.minimumPercent, achievedPercent: p.indigenousContent.icPercent, compliant: p.indigenousContent.compliant,
    }));
}
