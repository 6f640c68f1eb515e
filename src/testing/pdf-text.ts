// Text read back from a PDF (pdf-parse), put in a form that can be compared with what was written.
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

