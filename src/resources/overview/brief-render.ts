// Draws the printable brief: data in, PDF bytes out. Everything it shows arrives already read,
// filtered and put into the reader's words (brief.ts), so this function does no I/O beyond the
// font files and can run in a worker thread. Every page carries the marking top and bottom.
import { Cursor, finishMarked, markedDocument, PAGE, paragraph, PdfText, type TextStyle } from "./pdf-text.ts";

export interface TimelineChart { type: "timeline"; today: string; todayLabel: string; meetingLabel: string; engagementLabel: string; events: { date: string; kind: "meeting" | "engagement" }[] }
export interface IcChart { type: "ic"; achievedLabel: string; belowLabel: string; minimumLabel: string; bars: { label: string; achieved: number | null; minimum: number | null; caption: string }[] }
export type BriefBlock =
  | { type: "heading"; text: string }
  | { type: "item"; text: string }
  | { type: "note"; text: string }
  | { type: "figures"; figures: { value: string; label: string }[] }
  | TimelineChart
  | IcChart;

export interface BriefData {
  title: string;
  /** The derived marking, with the level in the reader's national terms. */
  marking: string;
  rtl: boolean;
  /** "Page {n} of {of}". */
  pageLabel: string;
  blocks: BriefBlock[];
}

const MARGIN = PAGE.margin;
const INK = "#1b1b1b";
const MUTED = "#505a5f";
const MARK = "#7a0000";
const MEETING = "#1d4f91";
const ENGAGEMENT = "#00796b";
const BELOW = "#b35c00";

const BODY: TextStyle = { size: 10, color: INK };

export function renderBrief(data: BriefData): Promise<Buffer> {
  const { doc, done } = markedDocument(data.title);
  const text = new PdfText(doc, data.rtl);
  const page = new Cursor(doc);

  paragraph(text, page, data.title, { size: 20, weight: "bold", color: INK }, 0, 2);
  for (const b of data.blocks) {
    switch (b.type) {
      // A heading keeps with at least a few lines (or a chart's first row) below it.
      case "heading": page.ensure(70); page.y += 8; paragraph(text, page, b.text, { size: 13, weight: "bold", color: INK }, 0, 2); break;
      case "item": paragraph(text, page, `•  ${b.text}`, BODY, 10, 2); break;
      case "note": paragraph(text, page, b.text, { size: 9, color: MUTED }, 0, 4); break;
      case "figures": figures(doc, text, page, b.figures, data.rtl); break;
      case "timeline": timeline(doc, text, page, b, data.rtl); break;
      case "ic": icChart(doc, text, page, b, data.rtl); break;
    }
  }
  finishMarked(doc, text, data.marking, data.pageLabel);
  return done;
}

/** The key counts as a row of boxes, in reading order. */
function figures(doc: PDFKit.PDFDocument, text: PdfText, page: Cursor, items: { value: string; label: string }[], rtl: boolean) {
  const h = 54;
  const gap = 10;
  page.ensure(h + 12);
  page.y += 6;
  const w = (page.width - gap * (items.length - 1)) / items.length;
  items.forEach((f, i) => {
    const slot = rtl ? items.length - 1 - i : i;
    const x = MARGIN + slot * (w + gap);
    doc.save().roundedRect(x, page.y, w, h, 4).fillColor("#f3f2f1").fill().restore();
    text.line(f.value, x, page.y + 8, w, { size: 20, weight: "bold", color: INK, align: "center" });
    text.line(f.label, x, page.y + 35, w, { size: 9, color: MUTED, align: "center" });
  });
  page.y += h + 10;
}

const dayOf = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);

/** Meetings and engagements on a time axis with the years marked and today; mirrored in right-to-left languages. */
function timeline(doc: PDFKit.PDFDocument, text: PdfText, page: Cursor, c: TimelineChart, rtl: boolean) {
  const h = 96;
  page.ensure(h + 8);
  const top = page.y;
  const axis = top + 58;
  const now = dayOf(c.today);
  const times = c.events.map((e) => dayOf(e.date));
  const first = new Date(Math.min(now, ...times));
  const last = new Date(Math.max(now, ...times));
  const start = Date.UTC(first.getUTCFullYear(), 0, 1);
  const end = Date.UTC(last.getUTCFullYear() + 1, 0, 1);
  const pad = 8;
  const x = (ms: number) => {
    const p = pad + ((ms - start) / (end - start)) * (page.width - 2 * pad);
    return MARGIN + (rtl ? page.width - p : p);
  };
  doc.save().lineWidth(1).strokeColor(MUTED).moveTo(MARGIN, axis).lineTo(MARGIN + page.width, axis).stroke();
  for (let y = first.getUTCFullYear(); y <= last.getUTCFullYear() + 1; y++) {
    const tick = x(Date.UTC(y, 0, 1));
    doc.moveTo(tick, axis - 4).lineTo(tick, axis + 4).stroke();
    if (y <= last.getUTCFullYear()) text.line(String(y), x(Date.UTC(y, 6, 1)) - 30, axis + 8, 60, { size: 8, color: MUTED, align: "center" });
  }
  doc.restore();
  const tx = x(now);
  doc.save().lineWidth(1).dash(3, { space: 2 }).strokeColor(MARK).moveTo(tx, top + 12).lineTo(tx, axis).stroke().undash().restore();
  text.line(c.todayLabel, tx - 40, top, 80, { size: 8, color: MARK, align: "center" });
  // Events on the same day stack upwards rather than hide each other.
  const stacked = new Map<string, number>();
  for (const e of c.events) {
    const n = stacked.get(e.date) ?? 0;
    stacked.set(e.date, n + 1);
    const cx = x(dayOf(e.date));
    const cy = axis - 9 - n * 9;
    if (e.kind === "meeting") doc.save().circle(cx, cy, 4).fillColor(MEETING).fill().restore();
    else doc.save().lineWidth(1.5).circle(cx, cy, 3.5).strokeColor(ENGAGEMENT).stroke().restore();
  }
  // The legend.
  const ly = axis + 24;
  const legend = [{ label: c.meetingLabel, kind: "meeting" }, { label: c.engagementLabel, kind: "engagement" }];
  let lx = rtl ? MARGIN + page.width : MARGIN;
  for (const l of legend) {
    const tw = text.width(l.label, { size: 8 });
    const dot = rtl ? lx - 4 : lx + 4;
    if (l.kind === "meeting") doc.save().circle(dot, ly + 5, 3.5).fillColor(MEETING).fill().restore();
    else doc.save().lineWidth(1.5).circle(dot, ly + 5, 3).strokeColor(ENGAGEMENT).stroke().restore();
    text.line(l.label, rtl ? lx - 11 - tw : lx + 11, ly, tw + 1, { size: 8, color: MUTED });
    lx += (rtl ? -1 : 1) * (tw + 25);
  }
  page.y = ly + 18;
}

/** Indigenous content per programme: the share achieved as a bar (coloured by whether it meets the minimum), the minimum as a mark across it. */
function icChart(doc: PDFKit.PDFDocument, text: PdfText, page: Cursor, c: IcChart, rtl: boolean) {
  const labelW = 170;
  const row = 36;
  const barW = page.width - labelW - 10;
  const barX = rtl ? MARGIN : MARGIN + labelW + 10;
  const labelX = rtl ? MARGIN + barW + 10 : MARGIN;
  const at = (percent: number) => (rtl ? barX + barW - (percent / 100) * barW : barX + (percent / 100) * barW);
  const minimumMark = (x: number, y: number) => doc.save().lineWidth(2).strokeColor(INK).moveTo(x, y).lineTo(x, y + 16).stroke().restore();
  for (const b of c.bars) {
    page.ensure(row + 4);
    // The programme's name on up to two lines, shortened visibly if longer.
    const lines = text.wrap(b.label, labelW, { size: 9 });
    const shown = lines.length > 2 ? [lines[0]!, `${lines[1]!}…`] : lines;
    shown.forEach((l, i) => text.line(l, labelX, page.y + i * 12, labelW, { size: 9, color: INK }));
    doc.save().rect(barX, page.y + 2, barW, 10).fillColor("#e8e8e8").fill().restore();
    if (b.achieved !== null) {
      const w = (Math.min(100, Math.max(0, b.achieved)) / 100) * barW;
      const meets = b.minimum === null || b.achieved >= b.minimum;
      doc.save().rect(rtl ? barX + barW - w : barX, page.y + 2, w, 10).fillColor(meets ? ENGAGEMENT : BELOW).fill().restore();
    }
    if (b.minimum !== null) minimumMark(at(b.minimum), page.y - 1);
    text.line(b.caption, barX, page.y + 16, barW, { size: 8, color: MUTED });
    page.y += row;
  }
  // The legend: two colours of bar and the minimum's mark.
  const ly = page.y;
  let lx = rtl ? MARGIN + page.width : MARGIN;
  const key = (label: string, draw: (x: number) => void) => {
    const tw = text.width(label, { size: 8 });
    draw(rtl ? lx - 10 : lx);
    text.line(label, rtl ? lx - 14 - tw : lx + 14, ly, tw + 1, { size: 8, color: MUTED });
    lx += (rtl ? -1 : 1) * (tw + 30);
  };
  key(c.achievedLabel, (x) => doc.save().rect(x, ly + 2, 10, 7).fillColor(ENGAGEMENT).fill().restore());
  key(c.belowLabel, (x) => doc.save().rect(x, ly + 2, 10, 7).fillColor(BELOW).fill().restore());
  key(c.minimumLabel, (x) => minimumMark(x + 5, ly - 3));
  page.y = ly + 18;
}
