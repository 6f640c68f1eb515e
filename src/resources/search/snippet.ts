// The highlighted excerpt of a search hit: up to `size` words around the first match, matches in
// [[ ]], cut ends marked with '…'. Computed on the hits shown only: asking the full-text index for
// snippets makes it revisit every match of the query.
const WORD = /[\p{L}\p{N}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
// An ASCII word is its own NFKD form, with no marks to drop.
export const fold = (w: string) => (ASCII.test(w) ? w.toLowerCase() : w.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase());

/** `words` as the query gave them; the last one matches as a prefix, as in the search itself. */
export function snippet(body: string, words: readonly string[], size = 16): string {
  const wanted = words.map(fold);
  // ASCII text (most of it): its words are runs of ASCII letters and digits, each folded by
  // lower-casing, so the text is lower-cased once and scanned in place, each word compared where
  // it starts; matching every word of the text as a string of its own cost a narrow reader's
  // search ~4 µs per hit shown.
  return ASCII.test(body) ? asciiSnippet(body, wanted, size) : generalSnippet(body, wanted, size);
}

/** `snippet` of any text (`wanted`: the query's words, folded): each word of it found by the Unicode word pattern, folded and compared as a string of its own. */
export function generalSnippet(body: string, wanted: readonly string[], size: number): string {
  const tokens = [...body.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, hit: isHit(fold(m[0]), wanted) }));
  if (!tokens.length) return body.slice(0, 200);
  const first = Math.max(0, tokens.findIndex((t) => t.hit));
  const from = Math.max(0, Math.min(first - Math.floor(size / 4), tokens.length - size));
  const to = Math.min(tokens.length, from + size);
  let out = from > 0 ? "…" : "";
  let at = from > 0 ? tokens[from]!.start : 0;
  for (const t of tokens.slice(from, to)) {
    out += body.slice(at, t.start) + (t.hit ? `[[${body.slice(t.start, t.end)}]]` : body.slice(t.start, t.end));
    at = t.end;
  }
  return to < tokens.length ? `${out}…` : out + body.slice(at);
}

/** A folded word is one of `wanted`, or starts with the last of them. */
function isHit(f: string, wanted: readonly string[]): boolean {
  for (let i = 0; i < wanted.length; i++) if (f === wanted[i] || (i === wanted.length - 1 && f.startsWith(wanted[i]!))) return true;
  return false;
}

/** `snippet` of ASCII text, its words found and compared in its lower-cased copy (`lower`), none copied out. */
function asciiSnippet(body: string, wanted: readonly string[], size: number): string {
  const lower = body.toLowerCase();
  const starts: number[] = [];
  const ends: number[] = [];
  let first = -1;
  for (let at = 0; at < lower.length;) {
    if (!isAlnum(lower.charCodeAt(at))) { at++; continue; }
    let end = at + 1;
    while (end < lower.length && isAlnum(lower.charCodeAt(end))) end++;
    if (first < 0 && hitAt(lower, at, end, wanted)) first = starts.length;
    starts.push(at);
    ends.push(end);
    at = end;
  }
  const n = starts.length;
  if (!n) return body.slice(0, 200);
  const from = Math.max(0, Math.min(Math.max(0, first) - Math.floor(size / 4), n - size));
  const to = Math.min(n, from + size);
  let out = from > 0 ? "…" : "";
  let at = from > 0 ? starts[from]! : 0;
  for (let t = from; t < to; t++) {
    const s = starts[t]!, e = ends[t]!;
    out += body.slice(at, s) + (hitAt(lower, s, e, wanted) ? `[[${body.slice(s, e)}]]` : body.slice(s, e));
    at = e;
  }
  return to < n ? `${out}…` : out + body.slice(at);
}

/** The word of `lower` from `start` to `end` is one of `wanted`, or starts with the last of them. */
function hitAt(lower: string, start: number, end: number, wanted: readonly string[]): boolean {
  const len = end - start;
  for (let i = 0; i < wanted.length; i++) {
    const q = wanted[i]!;
    if ((len === q.length || (i === wanted.length - 1 && len > q.length)) && lower.startsWith(q, start)) return true;
  }
  return false;
}

/** An ASCII lower-case letter or digit. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
