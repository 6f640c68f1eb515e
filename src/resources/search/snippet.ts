// The highlighted excerpt of a search hit: up to `size` words around the first match, matches in
// [[ ]], cut ends marked with '…'. Computed on the hits shown only: asking the full-text index for
// snippets makes it revisit every match of the query.
const WORD = /[\p{L}\p{N}]+/gu;
// An ASCII word is its own NFKD form, with no marks to drop.
export const fold = (w: string) => (/^[\x00-\x7f]*$/.test(w) ? w.toLowerCase() : w.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase());

/** `words` as the query gave them; the last one matches as a prefix, as in the search itself. */
export function snippet(body: string, words: readonly string[], size = 16): string {
  const wanted = words.map(fold);
  const isHit = (w: string) => {
    const f = fold(w);
    return wanted.some((q, i) => f === q || (i === wanted.length - 1 && f.startsWith(q)));
  };
  const tokens = [...body.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, hit: isHit(m[0]) }));
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
