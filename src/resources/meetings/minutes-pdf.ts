// Agreed minutes as a marked document: a pure function from the minutes to PDF bytes (no store,
// no request), rendered in the worker pool like the brief. Every page carries the marking top and
// bottom (SPEC 3.4) and its number; the first names who approved the version and when. The text is
// drawn in Noto Sans with the bidirectional algorithm (overview/pdf-text.ts), so Hindi and Hebrew
// minutes, names and national level terms print as written; each paragraph keeps its own direction.
import { Cursor, finishMarked, markedDocument, paragraph, PdfText, readsRightToLeft } from "../overview/pdf-text.ts";

export interface MinutesPdfInput {
  /** "17th meeting of the …" */
  title: string;
  /** The banner, with the level in the reader's national terms when it has one. */
  marking: string;
  version: number;
  /** "4–5 November 2025, Tel Aviv, ISR" or the like; null when not known. */
  when: string | null;
  approvals: { country: string; name: string; approvedAt: string }[];
  text: string;
  /** When the document was made (ISO date), and for whom. */
  madeOn: string;
  madeFor: string;
}

const INK = "#1b1b1b";
const MUTED = "#505a5f";

export function minutesPdf(m: MinutesPdfInput): Promise<Buffer> {
  const { doc, done } = markedDocument(`Minutes: ${m.title}`);
  const text = new PdfText(doc, false);
  const page = new Cursor(doc);
  const para = (s: string, style: { size: number; weight?: "bold"; color: string }, indent = 0, gap = 3) =>
    paragraph(text, page, s, { ...style, rtl: readsRightToLeft(s) }, indent, gap);

  para(`Minutes of the ${m.title}`, { size: 16, weight: "bold", color: INK }, 0, 2);
  if (m.when) para(m.when, { size: 10, color: MUTED });
  page.y += 6;
  para(`Agreed version ${m.version}, approved by:`, { size: 11, weight: "bold", color: INK }, 0, 2);
  for (const a of m.approvals) para(`•  ${a.name}, co-chair for ${a.country}, on ${a.approvedAt.slice(0, 10)} at ${a.approvedAt.slice(11, 16)} UTC`, { size: 10, color: INK }, 8, 1);
  page.y += 4;
  para(`Exported on ${m.madeOn} for ${m.madeFor}.`, { size: 8, color: MUTED }, 0, 10);
  // Paragraphs as the secretariat wrote them: blank lines separate, single line breaks are kept.
  for (const block of m.text.split(/\n\s*\n/)) {
    for (const line of block.split("\n")) if (line.trim()) para(line.trim(), { size: 11, color: INK }, 0, 1);
    page.y += 6;
  }
  finishMarked(doc, text, m.marking, "Page {n} of {of}");
  return done;
}
