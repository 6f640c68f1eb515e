// Text in any of the platform's languages, laid out for pdfkit. pdfkit draws one font at a time,
// left to right, and knows nothing of bidirectional text; so this module
// - embeds Noto Sans (Latin), Noto Sans Devanagari and Noto Sans Hebrew from their npm packages
//   (WOFF files, which fontkit reads and subsets; fontkit shapes Devanagari through the font's
//   OpenType tables),
// - wraps a paragraph itself, in logical order, measuring each word run by run,
// - reorders each wrapped line visually with the Unicode bidirectional algorithm (bidi-js), and
// - draws the line's runs one by one, each in the font of its script.
import { createRequire } from "node:module";
import bidiFactory from "bidi-js";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const bidi = bidiFactory();

type Script = "latin" | "deva" | "hebr";
export type Weight = "regular" | "bold";

const FILES: Record<Script, Record<Weight, string>> = {
  latin: { regular: "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff", bold: "@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff" },
  deva: {
    regular: "@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-devanagari-400-normal.woff",
    bold: "@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-devanagari-700-normal.woff",
  },
  hebr: { regular: "@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff", bold: "@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff" },
};

const fontName = (s: Script, w: Weight) => `${s}-${w}`;

/** Registers the fonts with a document (pdfkit embeds only the glyphs used). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [script, weights] of Object.entries(FILES) as [Script, Record<Weight, string>][]) {
    for (const [weight, file] of Object.entries(weights) as [Weight, string][]) doc.registerFont(fontName(script, weight), require.resolve(file));
  }
}

const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u200C\u200D\u25CC]/;
const HEBREW = /[\u0590-\u05FF\uFB1D-\uFB4F]/;
const DEVANAGARI_TEXT = /[\u0900-\u097F]/;

function scriptOf(ch: string): Script {
  if (DEVANAGARI.test(ch)) return "deva";
  if (HEBREW.test(ch)) return "hebr";
  return "latin";
}

/** Consecutive characters sharing a font. */
function runsOf(text: string): { script: Script; text: string }[] {
  const runs: { script: Script; text: string }[] = [];
  for (const ch of text) {
    const script = scriptOf(ch);
    const last = runs[runs.length - 1];
    if (last && last.script === script) last.text += ch;
    else runs.push({ script, text: ch });
  }
  return runs;
}

/** Devanagari letters are small beside Latin ones at the same size (its marks take the height): enlarge them a little. */
const sizeOf = (script: Script, size: number) => (script === "deva" ? size * 1.1 : size);

export interface TextStyle { size: number; weight?: Weight; color?: string }

export class PdfText {
  constructor(private readonly doc: PDFKit.PDFDocument, readonly rtl: boolean) {}

  /** The width of a string as it will be drawn. */
  width(text: string, style: TextStyle): number {
    let w = 0;
    for (const r of runsOf(text)) w += this.doc.font(fontName(r.script, style.weight ?? "regular")).fontSize(sizeOf(r.script, style.size)).widthOfString(r.text);
    return w;
  }

  /** Splits a paragraph into lines no wider than `width`, in logical order (long words are split by character). */
  wrap(text: string, width: number, style: TextStyle): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (this.width(next, style) <= width) { line = next; continue; }
      if (line) lines.push(line);
      line = word;
      while (this.width(line, style) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && this.width(line.slice(0, cut), style) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line || !lines.length) lines.push(line);
    return lines;
  }

  /** One line put into visual order: right-to-left runs reversed, mirrored brackets swapped. */
  visual(line: string, rtl = this.rtl): string {
    const levels = bidi.getEmbeddingLevels(line, rtl ? "rtl" : "ltr");
    const chars = [...line];
    // bidi-js indexes UTF-16 code units; every character the platform writes is in the BMP.
    // (bidi-js wants the levels array itself here, not the result object.)
    for (const [i, ch] of bidi.getMirroredCharactersMap(line, levels.levels)) chars[i] = ch;
    for (const [start, end] of bidi.getReorderSegments(line, levels) as [number, number][]) {
      const flipped = chars.slice(start, end + 1).reverse();
      chars.splice(start, flipped.length, ...flipped);
    }
    return chars.join("");
  }

  /**
   * Draws one line at (x, y) within `width`: from the left edge in left-to-right documents,
   * from the right edge in right-to-left ones (or centred). Returns its drawn width.
   */
  line(text: string, x: number, y: number, width: number, style: TextStyle & { align?: "start" | "center" | "end"; rtl?: boolean }): number {
    const rtl = style.rtl ?? this.rtl;
    const shown = this.visual(text, rtl);
    const w = this.width(shown, style);
    const align = style.align ?? "start";
    const fromLeft = align === "center" ? (width - w) / 2 : (align === "start") !== rtl ? 0 : width - w;
    let at = x + fromLeft;
    this.doc.fillColor(style.color ?? "black");
    // Every run on one baseline: the fonts' ascents differ, so pdfkit's default (top of the line) would not line them up.
    const baseline = y + style.size;
    // Devanagari glyphs are shaped (conjuncts, and vowel signs drawn before their consonant), so
    // the characters cannot be read back from them: the line's text goes with them as ActualText,
    // for copying, search and screen readers. Hebrew is not given one: readers put right-to-left
    // glyphs back in logical order themselves (poppler reverses an ActualText a second time).
    const complex = DEVANAGARI_TEXT.test(text) && !HEBREW.test(text);
    if (complex) this.doc.markContent("Span", { actual: text });
    for (const r of runsOf(shown)) {
      this.doc.font(fontName(r.script, style.weight ?? "regular")).fontSize(sizeOf(r.script, style.size));
      // fontkit lays a Hebrew run out right to left itself: hand it that run in logical order.
      this.doc.text(r.script === "hebr" ? [...r.text].reverse().join("") : r.text, at, baseline, { lineBreak: false, baseline: "alphabetic" });
      at += this.doc.widthOfString(r.text);
    }
    if (complex) this.doc.endMarkedContent();
    return w;
  }
}

/** The geometry every marked A4 document shares: margins, and the bands the marking is drawn in. */
export const PAGE = { margin: 56, top: 76, bottom: 80 } as const;

/** A new marked A4 document: pages buffered (the marking and page numbers go on once all exist), fonts registered. */
export function markedDocument(title: string): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: "A4", bufferPages: true, margins: { top: PAGE.top, bottom: 0, left: PAGE.margin, right: PAGE.margin }, info: { Title: title, Author: "Accord" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on("end", () => resolve(Buffer.concat(chunks))); doc.on("error", reject); });
  registerFonts(doc);
  return { doc, done };
}

/** Where the next thing goes, starting a new page when it would not fit. */
export class Cursor {
  y: number = PAGE.top;
  constructor(private readonly doc: PDFKit.PDFDocument) {}
  get width() { return this.doc.page.width - 2 * PAGE.margin; }
  ensure(height: number) {
    if (this.y + height <= this.doc.page.height - PAGE.bottom) return;
    this.doc.addPage();
    this.y = PAGE.top;
  }
}

/** A wrapped paragraph at the cursor, from the start edge of its direction, `indent` in from it. */
export function paragraph(text: PdfText, page: Cursor, s: string, style: TextStyle & { rtl?: boolean }, indent = 0, gap = 3): void {
  const rtl = style.rtl ?? text.rtl;
  const width = page.width - indent;
  const height = style.size * 1.35;
  for (const l of text.wrap(s, width, style)) {
    page.ensure(height);
    text.line(l, rtl ? PAGE.margin : PAGE.margin + indent, page.y, width, { ...style, rtl });
    page.y += height;
  }
  page.y += gap;
}

/** Whether a paragraph reads right to left: its first strong character is Hebrew (the Unicode rule P2). */
export function readsRightToLeft(s: string): boolean {
  return bidi.getEmbeddingLevels(s).paragraphs[0]?.level === 1;
}

const MARK = "#7a0000";

/** Marks every page top and bottom and numbers it ("Page {n} of {of}"), once every page exists; then ends the document. */
export function finishMarked(doc: PDFKit.PDFDocument, text: PdfText, marking: string, pageLabel: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const band = { size: 9, weight: "bold" as const, color: MARK, align: "center" as const, rtl: false };
    // The marking is a standard form (classification // releasability) read left to right.
    text.line(marking, PAGE.margin, 26, width - 2 * PAGE.margin, band);
    text.line(marking, PAGE.margin, height - 40, width - 2 * PAGE.margin, band);
    const label = pageLabel.replace("{n}", String(i - range.start + 1)).replace("{of}", String(range.count));
    text.line(label, PAGE.margin, height - 26, width - 2 * PAGE.margin, { size: 8, color: "#505a5f", align: "end" });
  }
  doc.end();
}
