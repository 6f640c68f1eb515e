// Gazetteer: known organisations, people and forums. A built-in default is extended with
// records supplied at run time (the application's analyst-confirmed registry); later
// records win over earlier ones with the same name or alias.
import { DEFAULT_FORUMS, DEFAULT_ORGANIZATIONS, DEFAULT_PEOPLE } from './gazetteer-data.ts';

export type OrgKind = 'ministry' | 'armed_force' | 'agency' | 'company' | 'research' | 'other';

export interface OrgRecord {
  name: string;
  aliases?: string[];
  country: string | null;
  kind: OrgKind;
}

export interface PersonRecord {
  name: string;
  aliases?: string[];
  title?: string | null;
  country: string | null;
}

export interface ForumRecord {
  name: string;
  aliases?: string[];
}

export interface GazetteerRecords {
  organizations?: OrgRecord[];
  people?: PersonRecord[];
  forums?: ForumRecord[];
}

export interface Match<T> {
  record: T;
  text: string;
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regex source for a name that tolerates British/American spelling and spacing variants. */
function variantPattern(name: string): string {
  return escape(name)
    .replace(/Defen[cs]e/g, 'Defen[cs]e')
    .replace(/defen[cs]e/g, 'defen[cs]e')
    .replace(/([Oo])rgani[sz]ation/g, '$1rgani[sz]ation')
    .replace(/([Cc])ent(?:re|er)/g, '$1ent(?:re|er)')
    .replace(/ /g, '\\s+');
}

/** Key used to merge spelling variants of one name. */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/defense/g, 'defence')
    .replace(/organization/g, 'organisation')
    .replace(/center/g, 'centre')
    .replace(/[^a-z0-9&]+/g, ' ')
    .trim();
}

export class Index<T extends { name: string; aliases?: string[] }> {
  readonly records: T[];
  private byKey = new Map<string, T>();
  private re: RegExp | null = null;

  constructor(records: T[]) {
    this.records = records;
    for (const r of records) for (const a of [r.name, ...(r.aliases ?? [])]) this.byKey.set(nameKey(a), r);
  }

  get(name: string): T | undefined {
    return this.byKey.get(nameKey(name));
  }

  /** All occurrences in text, longest alias first, without overlaps. */
  find(text: string): Match<T>[] {
    this.re ??= this.compile();
    const out: Match<T>[] = [];
    for (const m of text.matchAll(this.re)) {
      const record = this.get(m[0]) ?? this.get(m[0].replace(/\s+(?:Ltd|Limited|Pvt\.? Ltd)\.?$/, ''));
      if (record) out.push({ record, text: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    }
    return out;
  }

  private compile(): RegExp {
    const names = new Set<string>();
    for (const r of this.records) for (const a of [r.name, ...(r.aliases ?? [])]) if (a) names.add(a);
    const sorted = [...names].sort((a, b) => b.length - a.length).map(variantPattern);
    // Case-sensitive: acronyms like "HAL" or "IDF" must not match ordinary words.
    // A trailing "Ltd"/"Limited" belongs to the written name ("Mazagon Dock Shipbuilders Ltd").
    // Not inside a hyphenated word either ("POL-MIL" holds no "MIL").
    return new RegExp(`(?<![\\p{L}\\p{N}&-])(?:${sorted.join('|') || '(?!)'})(?:\\s+(?:Ltd|Limited|Pvt\\.? Ltd)\\b\\.?)?(?![\\p{L}\\p{N}&]|-[\\p{L}])`, 'gu');
  }
}

export class Gazetteer {
  readonly organizations: Index<OrgRecord>;
  readonly people: Index<PersonRecord>;
  readonly forums: Index<ForumRecord>;

  constructor(records: GazetteerRecords = {}) {
    this.organizations = new Index(records.organizations ?? []);
    this.people = new Index(records.people ?? []);
    this.forums = new Index(records.forums ?? []);
  }

  /** A new gazetteer holding these records plus the given ones (which take precedence). */
  extend(records: GazetteerRecords): Gazetteer {
    return new Gazetteer({
      organizations: [...this.organizations.records, ...(records.organizations ?? [])],
      people: [...this.people.records, ...(records.people ?? [])],
      forums: [...this.forums.records, ...(records.forums ?? [])],
    });
  }
}

let builtIn: Gazetteer | null = null;

/** The built-in gazetteer, compiled once and shared. */
export function defaultGazetteer(): Gazetteer {
  builtIn ??= new Gazetteer({ organizations: DEFAULT_ORGANIZATIONS, people: DEFAULT_PEOPLE, forums: DEFAULT_FORUMS });
  return builtIn;
}

/** The built-in gazetteer extended with run-time records (e.g. an analyst registry). */
export function extendGazetteer(records: GazetteerRecords, base: Gazetteer = defaultGazetteer()): Gazetteer {
  return base.extend(records);
}
