// Drawing the printable brief as PDF (pdfkit): plain data in, bytes out, so it runs in the worker
// pool (src/workers) and never holds the server's event loop.
import PDFDocument from "pdfkit";
import type { Overview } from "./compute.ts";

const MARGIN = 56;

/** What the brief shows: the reader's overview, the marking line and whom it was prepared for. */
export interface BriefInput { overview: Overview; marking: string; preparedFor: string }

export function renderBrief({ overview: o, marking, preparedFor }: BriefInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margins: { top: MARGIN + 14, bottom: MARGIN + 14, left: MARGIN, right: MARGIN }, info: { Title: `Relationship brief: ${o.country}`, Author: "Accord" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const stamp = () => {
    const { width, height } = doc.page;
    // The footer lies in the bottom margin: lift the margin while writing it, or pdfkit would
    // start a new page for it (whose footer would start another).
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

  doc.font("Helvetica-Bold").fontSize(18).fillColor("black").text(`Relationship brief: ${o.country}`);
  doc.font("Helvetica").fontSize(9).fillColor("#444").text(`Prepared for ${preparedFor} on ${new Date().toISOString().slice(0, 10)}, from the records this reader may see.`).moveDown();
  const heading = (t: string) => doc.moveDown(0.6).font("Helvetica-Bold").fontSize(12).fillColor("black").text(t).font("Helvetica").fontSize(10);
  const item = (t: string) => doc.text(`•  ${t}`, { indent: 8 });

  heading(`Agreements (${o.agreements.total})`);
  if (o.agreements.byStatus.length) item(o.agreements.byStatus.map((s) => `${s.value}: ${s.count}`).join(", "));
  if (o.agreements.byArea.length) item(`Areas: ${o.agreements.byArea.map((a) => `${a.value} (${a.count})`).join(", ")}`);
  for (const a of o.agreements.recent.slice(0, 6)) item(`${a.title}${a.signedOn ? `, signed ${a.signedOn}` : ""} [${a.status}]`);

  heading("Last meeting");
  if (o.lastMeeting) {
    item(`${o.lastMeeting.title}${o.lastMeeting.date ? `, ${o.lastMeeting.date}` : ""}`);
    for (const t of o.lastMeeting.outcomes) item(t);
  } else item("None recorded.");

  heading(`Actions: ${o.actions.open} open, ${o.actions.overdue} overdue`);
  for (const a of o.actions.mostOverdue) item(`${a.title} (due ${a.dueDate}, ${a.status})`);

  heading(`Programmes (${o.programmes.total})`);
  if (o.programmes.byStage.length) item(o.programmes.byStage.map((s) => `${s.value}: ${s.count}`).join(", "));
  for (const p of o.indigenousContent) {
    item(`${p.title}: indigenous content ${p.achievedPercent ?? "not computed"}% against ${p.targetPercent ?? "no"}% minimum${p.compliant === null ? "" : p.compliant ? " (compliant)" : " (below the minimum)"}`);
  }

  heading("Recent meetings and engagements");
  for (const t of o.timeline.slice(0, 8)) item(`${t.date ?? "undated"}  ${t.title}`);
  doc.end();
  return done;
}
