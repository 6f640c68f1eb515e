// Text preparation: normalisation, sentence splitting and tokenisation.

export interface Token {
  text: string;
  lower: string;
  start: number; // offset within the sentence
  end: number;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Two or more letters, all upper case (acronyms, some surnames). */
  upper: boolean;
  isWord: boolean;
  /** An abbreviation dot followed this token ("Gen."). */
  dot: boolean;
}

export interface Sentence {
  index: number;
  paragraph: number;
  text: string;
  tokens: Token[];
}

/** Typographic quotes and spaces to ASCII so patterns stay simple. */
export function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019\u201B\u2032`\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u00A0\u2002-\u200B\u202F]/g, ' ')
    .replace(/\u2011/g, '-')
    // Malay styles written with an apostrophe ("Dato' Seri") read as one honorific word.
    .replace(/\b(Dato|Datuk|Datin)'(?=\s)/g, '$1');
}

// Words after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set(
  ('mr mrs ms dr prof gen maj lt col brig adm capt cdr cmdr sr jr st no nos res ret retd vs ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept govt hon rt bg mg ' +
    'lieut sgt fig approx est hq smt shri sri cmde sqn ldr wg flt surg gp vadm radm cmdr hon').split(' '),
);

function endsSentence(before: string, after: string): boolean {
  const word = /([\p{L}.]+)\.$/u.exec(before)?.[1] ?? '';
  const last = word.split('.').filter(Boolean).pop() ?? '';
  if (ABBREVIATIONS.has(last.toLowerCase())) return false;
  // Initials ("R. Hari Kumar", "M.D.S.") are not sentence ends unless a new sentence clearly starts.
  if (/^\p{Lu}$/u.test(last)) return /^(?:The|A|An|In|On|It|He|She|They|During|Both)\b/.test(after);
  return true;
}

// A line ending in one of these words stops mid-sentence: a hard line break, not a paragraph end.
const OPEN_END = /(?:^|\s)(?:the|of|and|or|to|for|with|a|an|on|in|by|at|from|as|his|her|their|its|Minister|Secretary|Chief|General|Director|Ambassador|Commander|Admiral|President|Shri|Dr|Mr|Ms|Mrs)\s*$|,\s*$/;

/** Paragraphs of the text, with hard line breaks inside a sentence joined back. */
export function paragraphsOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    if (!line.trim()) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && (OPEN_END.test(prev) || /^\s*[a-z]/.test(line))) out[out.length - 1] = `${prev.trimEnd()} ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

export function splitSentences(text: string): { text: string; paragraph: number }[] {
  const out: { text: string; paragraph: number }[] = [];
  const paragraphs = paragraphsOf(text);
  paragraphs.forEach((para, paragraph) => {
    let startAt = 0;
    const re = /[.!?]["')\]]*\s+(?=["'(]?[\p{Lu}\p{N}])/gu;
    for (const m of para.matchAll(re)) {
      const cut = (m.index ?? 0) + m[0].length;
      const before = para.slice(startAt, (m.index ?? 0) + 1);
      if (!endsSentence(before, para.slice(cut, cut + 10))) continue;
      push(para.slice(startAt, cut));
      startAt = cut;
    }
    push(para.slice(startAt));
    function push(s: string) {
      // Run-on text without full stops is cut into pieces so per-sentence work stays linear.
      for (const piece of chunk(s.trim())) if (piece) out.push({ text: piece, paragraph });
    }
  });
  return out;
}

const MAX_SENTENCE = 2000;

function chunk(s: string): string[] {
  if (s.length <= MAX_SENTENCE) return [s];
  const out: string[] = [];
  let rest = s;
  while (rest.length > MAX_SENTENCE) {
    const cut = Math.max(rest.lastIndexOf(', ', MAX_SENTENCE), rest.lastIndexOf(' ', MAX_SENTENCE));
    const at = cut > MAX_SENTENCE / 2 ? cut + 1 : MAX_SENTENCE;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at);
  }
  out.push(rest.trim());
  return out;
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:[&'\-][\p{L}\p{N}]+)*|[^\s]/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    let t = m[0];
    if (t === '.') {
      const prev = out[out.length - 1];
      if (prev && prev.end === start) prev.dot = true;
      continue;
    }
    // Possessive "Israel's" → "Israel" + "'s" so the country word stands alone.
    if (/^[\p{L}\p{N}\-&]+'s$/u.test(t) && t.length > 2) {
      t = t.slice(0, -2);
      out.push(makeToken(t, start));
      out.push(makeToken("'s", start + t.length));
      continue;
    }
    out.push(makeToken(t, start));
  }
  return out;
}

function makeToken(text: string, start: number): Token {
  const isWord = /^[\p{L}\p{N}]/u.test(text);
  const letters = text.replace(/[^\p{L}]/gu, '');
  return {
    text,
    lower: text.toLowerCase(),
    start,
    end: start + text.length,
    cap: /^\p{Lu}/u.test(text),
    upper: letters.length >= 2 && letters === letters.toUpperCase(),
    isWord,
    dot: false,
  };
}

export function buildSentences(body: string): Sentence[] {
  return splitSentences(body).map((s, index) => ({ index, paragraph: s.paragraph, text: s.text, tokens: tokenize(s.text) }));
}
