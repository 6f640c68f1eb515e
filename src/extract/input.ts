// Input checks and the article header (publication date line, dateline, headline).

export class ExtractionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractionInputError';
  }
}

export const MAX_BYTES = 10 * 1024 * 1024;

/** Rejects input that is too large or not text; returns nothing when the text is usable. */
export function checkInput(text: string): void {
  if (typeof text !== 'string') throw new ExtractionInputError('input must be a string of text');
  // UTF-16 length is a lower bound on the UTF-8 byte length, so check it before encoding.
  if (text.length > MAX_BYTES || Buffer.byteLength(text, 'utf8') > MAX_BYTES) {
    throw new ExtractionInputError(`input is larger than ${MAX_BYTES / (1024 * 1024)} MB`);
  }
  if (text.includes('\u0000')) throw new ExtractionInputError('input looks binary (it contains NUL bytes)');
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    // U+FFFD marks bytes that were not valid UTF-8; C0 controls other than whitespace are binary.
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) bad++;
  }
  if (sample.length > 0 && bad / sample.length > 0.01) {
    throw new ExtractionInputError('input looks binary (invalid UTF-8 or control characters)');
  }
}

const EN_WORDS = new Set('the of and to in a is on for with by was that as at from has have were said between'.split(' '));
const FOREIGN_WORDS = new Set(
  'le la les des du et est une un dans pour avec sur der die das und ist mit von den el los las del y en por con que da na em os'.split(' '),
);

/** True when the text reads as English: mostly Latin letters and English function words. */
export function looksEnglish(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return false;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  if (latin / letters < 0.8) return false;
  let en = 0;
  let foreign = 0;
  const words = text.toLowerCase().match(/[a-zà-ÿ]+/g) ?? [];
  for (const w of words) {
    if (EN_WORDS.has(w)) en++;
    else if (FOREIGN_WORDS.has(w)) foreign++;
  }
  // A headline may have no function words at all; only longer text must show English ones.
  return en >= foreign && (en > 0 || words.length < 15);
}

export interface Header {
  published: string | null;
  publisher: string | null;
  title: string | null;
  body: string;
}

const DATE_LINE = /^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*/;

/** Splits the optional "date YYYY-MM-DD" first line off and reads dateline and headline. */
export function readHeader(text: string): Header {
  let body = text;
  let published: string | null = null;
  const m = DATE_LINE.exec(body);
  if (m && validDate(m[1] ?? '')) {
    published = m[1] ?? null;
    body = body.slice(m[0].length);
  }
  return { published, publisher: findPublisher(body), title: findTitle(body), body };
}

function validDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Wire agency in a dateline ("Tel Aviv, Nov 6 (IANS)") or a closing credit ("--IANS"). */
function findPublisher(body: string): string | null {
  const dateline = /^[^\n]{0,60}?\(([A-Z][A-Za-z]{1,10})\)/.exec(body);
  if (dateline?.[1]) return dateline[1];
  const credit = /\n\s*[-–—]{1,3}\s*([A-Z][A-Za-z]{1,12})\s*$/.exec(body);
  return credit?.[1] ?? null;
}

/** A short first line without a final full stop reads as the headline. */
function findTitle(body: string): string | null {
  const first = body.split('\n').find((l) => l.trim())?.trim() ?? '';
  const words = first.split(/\s+/).length;
  if (words < 4 || words > 20 || /[.:;,)]$/.test(first) || /^by\s/i.test(first) || /[\d|]/.test(first)) return null;
  if (!/^\p{Lu}/u.test(first) || /\b(?:said|says)\b/.test(first)) return null;
  return first;
}
