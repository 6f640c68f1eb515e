// The CPU-heavy work that runs in the worker pool (pool.ts), off the server's event loop: extracting
// a statement against a registry, and rendering a brief or agreed minutes as PDF. Inputs and results are plain data.
import { extendGazetteer, extract, ExtractionInputError, type Extraction, type GazetteerRecords } from "../extract/index.ts";
import { minutesPdf, type MinutesPdfInput } from "../resources/meetings/minutes-pdf.ts";
import { renderBrief, type BriefData } from "../resources/overview/brief-render.ts";

export type Task =
  | { kind: "extract"; text: string; published?: string | undefined; registry: GazetteerRecords }
  | { kind: "brief"; input: BriefData }
  | { kind: "minutes"; input: MinutesPdfInput };

export type TaskResult =
  | { kind: "extract"; extraction: Extraction }
  | { kind: "extract"; inputError: string }
  | { kind: "brief" | "minutes"; pdf: Uint8Array };

export async function runTask(task: Task): Promise<TaskResult> {
  if (task.kind === "brief") return { kind: "brief", pdf: await renderBrief(task.input) };
  if (task.kind === "minutes") return { kind: "minutes", pdf: await minutesPdf(task.input) };
  try {
    const gazetteer = extendGazetteer(task.registry);
    return { kind: "extract", extraction: extract(task.text, { ...(task.published ? { published: task.published } : {}), gazetteer }) };
  } catch (err) {
    // Errors cross the thread boundary as plain objects: the input's fault is named as such.
    if (err instanceof ExtractionInputError) return { kind: "extract", inputError: err.message };
    throw err;
  }
}
