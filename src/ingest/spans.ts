// Where in the source text a value is stated: the evidence kept with every extracted field.
export interface Span {
  start: number;
  end: number;
  quote: string;
}

const fold = (s: string) => s.toLowerCase().replace(/defense/g, "defence");

/** The first place the value appears (case-insensitively); else its longest word; else null. */
export function locate(text: string, value: string | number | null | undefined): Span | null {
  if (value === null || value === undefined || value === "") return null;
  const hay = fold(text);
  const needle = fold(String(value)).trim();
  let at = hay.indexOf(needle);
  let len = needle.length;
  if (at < 0) {
    const word = needle.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3).sort((a, b) => b.length - a.length)[0];
    if (!word) return null;
    at = hay.indexOf(word);
    len = word.length;
  }
  if (at < 0) return null;
  return { start: at, end: at + len, quote: text.slice(at, at + len) };
}

/** A date is stated as words ("4 November", "Tuesday"), rarely as written in ISO: find the sentence naming its day. */
export function locateDate(text: string, iso: string | null): Span | null {
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  const month = d.toLocaleString("en", { month: "long", timeZone: "UTC" });
  const candidates = [
    `${d.getUTCDate()} ${month}`, `${month} ${d.getUTCDate()}`, `${month.slice(0, 3)} ${d.getUTCDate()}`, `${d.getUTCDate()} ${month.slice(0, 3)}`,
    d.toLocaleString("en", { weekday: "long", timeZone: "UTC" }),
  ];
  for (const c of candidates) {
    const s = locate(text, c);
    if (s && fold(s.quote) === fold(c)) return s;
  }
  return null;
}
