// Text read back from a PDF (pdf-parse), put in a form that can be compared with what was written.
import { inflateSync } from "node:zlib";
/**
 * Text as a reader would compare it. A PDF keeps glyphs in the order they are drawn, so text read
 * back from it is in visual order: Devanagari's pre-base vowel signs come before their consonant
 * ("िलए" for "लिए"), and a right-to-left line comes back with its words from left to right. So
 * Devanagari is compared by its letters without signs, and a line with Hebrew in it is read with
 * its words in reverse (only whole-Hebrew phrases are looked for that way); punctuation is dropped.
 */
export function comparable(s: string, drawn = true): string {
  return s.normalize("NFC").split("\n").map((line) => {
    const words = line.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
    return (drawn && /[\u0590-\u05FF]/.test(line) ? words.reverse() : words).join(" ");
  }).join("\n").replace(/[\u0900-\u0903\u093A-\u094F\u0962\u0963]/g, "");
}
/** A phrase as written (logical order), in the same form. */
export const phrase = (s: string) => comparable(s, false).replace(/\n/g, " ");


/** The bytes of a PDF literal string's body (between its outer parentheses), its escapes undone. */
function literalBytes(body: string): Buffer {
  const out: number[] = [];
  const named: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") { out.push(c.charCodeAt(0)); continue; }
    const e = body[++i]!;
    const octal = /^[0-7]{1,3}/.exec(body.slice(i));
    if (octal) { out.push(parseInt(octal[0], 8)); i += octal[0].length - 1; } else if (e in named) out.push(named[e]!);
    else if (e !== "\n" && e !== "\r") out.push(e.charCodeAt(0));
  }
  return Buffer.from(out);
}

/**
 * The ActualText of every marked-content span in a PDF, in order: the content streams are inflated
 * (zlib) and each `/Span << /ActualText (…) >> BDC` is read as a literal string in UTF-16BE.
 */
export function actualTexts(pdf: Buffer): string[] {
  const texts: string[] = [];
  const latin = pdf.toString("latin1");
  for (const m of latin.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, latin.indexOf("endstream", start))).toString("latin1");
    } catch {
      continue; // not a Flate stream (an image, a font): no text in it
    }
    for (const s of content.matchAll(/\/ActualText \(((?:\\[\s\S]|[^\\)])*)\)/g)) {
      const bytes = literalBytes(s[1]!);
      const body = bytes.subarray(bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0);
      texts.push(Buffer.from(body).swap16().toString("utf16le"));
    }
  }
  return texts;
}
