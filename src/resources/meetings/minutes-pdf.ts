// Agreed minutes as a marked document: a pure function from the minutes to PDF bytes (no store,
// no request), so it can run wherever PDFs are rendered. Every page carries the marking top and
// bottom (SPEC 3.4), and the first names who approved the version and when.
import PDFDocument from "pdfkit";

export interface MinutesPdfInput {
  /** "17th meeting of the …" */
  title: string;
  /** The banner, with the level in the reader's national terms when it has one in Latin letters. */
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

const MARGIN = 56;

/** The standard PDF fonts carry Latin-1 only: anything else becomes "?" rather than garbage. */
const latin1 = (s: string) => s.replace(/[–—]/g, "-").replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[^\n\r\t\x20-\x7e\xa0-\xff]/g, "?");

export function minutesPdf(m: MinutesPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margins: { top: MARGIN + 14, bottom: MARGIN + 14, left: MARGIN, right: MARGIN }, info: { Title: latin1(`Minutes: ${m.title}`), Author: "Accord" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const marking = latin1(m.marking);
  const stamp = () => {
    const { width, height } = doc.page;
    // The footer lies in the bottom margin: lift the margin while writing it, or pdfkit would
    // start a new page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save().font("Helvetica-Bold").fontSize(9).fillColor("#7a0000");
    doc.text(marking, MARGIN, 24, { width: width - 2 * MARGIN, align: "center", lineBreak: false });
    doc.text(marking, MARGIN, height - 36, { width: width - 2 * MARGIN, align: "center", lineBreak: false });
    doc.restore();
    doc.page.margins.bottom = bottom;
    doc.x = MARGIN;
    doc.y = MARGIN + 14;
  };
  doc.on("pageAdded", stamp);
  stamp();

  doc.font("Helvetica-Bold").fontSize(16).fillColor("black").text(latin1(`Minutes of the ${m.title}`));
  if (m.when) doc.font("Helvetica").fontSize(10).fillColor("#333").text(latin1(m.when));
  doc.moveDown(0.5).font("Helvetica-Bold").fontSize(11).fillColor("black").text(`Agreed version ${m.version}, approved by:`);
  doc.font("Helvetica").fontSize(10);
  for (const a of m.approvals) doc.text(latin1(`•  ${a.name}, co-chair for ${a.country}, on ${a.approvedAt.slice(0, 10)} at ${a.approvedAt.slice(11, 16)} UTC`), { indent: 8 });
  doc.moveDown(0.3).fontSize(8).fillColor("#555").text(latin1(`Exported on ${m.madeOn} for ${m.madeFor}.`));
  doc.moveDown().fontSize(11).fillColor("black").text(latin1(m.text), { align: "left" });
  doc.end();
  return done;
}
