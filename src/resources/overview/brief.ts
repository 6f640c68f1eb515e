// The printable brief (SPEC 1: a senior official's one-page picture before a visit). Every page
// carries the derived marking top and bottom (SPEC 3.4), with the level in the reader's national
// terms; producing it is an audited export.
import { banner } from "../../domain/markings.ts";
import type { Reader } from "../../store/reader.ts";
import { overviewFor } from "./compute.ts";
import type { WorkerPool } from "../../workers/pool.ts";

/** The standard PDF fonts speak Latin only: keep the transliterated part of a national term. */
const latin = (s: string) => (s.match(/[A-Za-z][A-Za-z ()-]*[A-Za-z)]/g) ?? []).join(" ").trim();

/** The brief for this reader: gathered here through the Reader, drawn in the worker pool (pdfkit is CPU work). */
export async function briefPdf(reader: Reader, pool: WorkerPool, country: string): Promise<{ pdf: Buffer; banner: string }> {
  const viewer = reader.viewer;
  const o = await overviewFor(reader, country);
  const line = banner(o.derived);
  const national = latin(await reader.nationalTerm(o.derived, viewer.nationality));
  const marking = national ? `${line}  (${viewer.nationality}: ${national})` : line;
  const pdf = await pool.brief({ overview: o, marking, preparedFor: viewer.displayName });
  await reader.audit({
    action: "overview.brief", target: null, marking: line, outcome: "success",
    details: { country, agreements: o.agreements.total, actions: o.actions.open, programmes: o.programmes.total },
  });
  return { pdf, banner: line };
}
