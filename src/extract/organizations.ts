// Organisation records: mentions merged by identity (gazetteer entry, or name and country),
// each with a country from its own words, the person whose title names it, or context.
import type { Doc } from './doc.ts';
import { nameKey } from './gazetteer.ts';
import type { OrgMention } from './orgs.ts';
import type { People } from './people.ts';
import type { ExtractedOrganization } from './types.ts';
import { cueCountry } from './geo.ts';
import { confidenceOf } from './confidence.ts';
import { note, type Why } from './evidence.ts';
import { countryCode } from './countries.ts';

export function resolveOrgCountries(doc: Doc, mentions: OrgMention[], people: People, home: string | null, mask: boolean[][]): void {
  let prev: OrgMention | null = null;
  for (const m of mentions) {
    // Multilateral bodies (NATO, the EU, the UN) belong to no country.
    if (m.record && m.record.country === null) {
      m.why.country = 'international';
      continue;
    }
    if (m.country) m.why.country = m.record ? 'known' : 'stated';
    if (!m.country) {
      m.country = holderCountry(m, people);
      m.explicit = !!m.country;
      note(m.why, 'country', 'holder', m.country);
    }
    const s = doc.sentences[m.sent];
    // "the Main Directorate ... of the Ministry of Defence, Russian Federation": a part takes its parent's country.
    if (!m.country && s) {
      const of = s.tokens[m.to]?.lower === 'of' ? (s.tokens[m.to + 1]?.lower === 'the' ? m.to + 2 : m.to + 1) : -1;
      const parent = of > 0 ? mentions.find((x) => x.sent === m.sent && x.from === of && x.country) : undefined;
      if (parent) m.country = parent.country;
      note(m.why, 'country', 'parent', m.country);
    }
    if (!m.country && !m.generic && s) {
      m.country = cueCountry(s, m.from, mask[m.sent] ?? [], 6);
      // A list of offices after a cue shares it ("their German counterparts in the A, the B, and C").
      if (!m.country && prev && prev.sent === m.sent && prev.to <= m.from && m.from - prev.to <= 3) m.country = prev.country;
      note(m.why, 'country', 'cue', m.country);
      // "The Indian contingent is represented by a battalion of the Parachute Regiment": the one
      // country its sentence names.
      // (a country word inside another organisation's name or a person's title is theirs)
      const elsewhere = (c: { from: number }) => mentions.some((x) => x !== m && x.sent === m.sent && c.from >= x.from && c.from < x.to) || (people.bySentence[m.sent] ?? []).some(({ mention: p }) => p.titleFrom >= 0 && c.from >= p.titleFrom && c.from < p.titleTo);
      const named = new Set(s.countries.filter((c) => c.kind !== 'city' && !elsewhere(c)).map((c) => c.code));
      if (!m.country && named.size === 1 && m.kind !== 'ministry') m.country = [...named][0] ?? null;
      note(m.why, 'country', 'sentence', m.country);
    }
    m.country ??= home;
    note(m.why, 'country', 'home', m.country);
    prev = m;
  }
  // A name seen once with its country keeps it when repeated bare ("Force Development Authority").
  for (const m of mentions) {
    if (m.explicit || m.kind === 'ministry') continue;
    const twin = mentions.find((x) => x.explicit && nameKey(x.name) === nameKey(m.name));
    if (twin) [m.country, m.why.country] = [twin.country, 'twin'];
  }
}

/** An organisation inside a person's title belongs to that person's country. */
function holderCountry(m: OrgMention, people: People): string | null {
  for (const { mention, person } of people.bySentence[m.sent] ?? []) {
    if (mention.titleFrom >= 0 && m.from >= mention.titleFrom && m.to <= mention.titleTo) return person.country;
  }
  return null;
}

export function buildOrganizations(mentions: OrgMention[]): ExtractedOrganization[] {
  const groups: { key: string; record: unknown; country: string | null; names: string[]; kind: ExtractedOrganization['kind']; why: Why }[] = [];
  for (const m of mentions) {
    // "India Army" and "Indian Army" name one army: country words compare as their country.
    const key = nameKey(m.name.split(' ').map((w) => countryCode(w) ?? w).join(' ')).replace(/\b(?:ltd|limited|the)\b/g, '').trim();
    const g = groups.find(
      (x) => x.country === m.country && ((m.record && x.record === m.record) || x.key === key || contains(x.key, key)),
    );
    if (g) {
      g.names.push(m.name);
      g.record ??= m.record;
      // The strongest evidence among the mentions stands for the record.
      if (m.why.country === 'stated' || m.why.country === 'known') g.why.country = m.why.country;
      if (m.record) g.why.record = g.why.kind = 'known';
    } else groups.push({ key, record: m.record, country: m.country, names: [m.name], kind: m.kind, why: { ...m.why } });
  }
  return groups.map((g) => {
    const org = { name: longest(g.names), country: g.country, kind: g.kind };
    return { ...org, confidence: confidenceOf('organization', g.why, org), why: g.why };
  });
}

function contains(a: string, b: string): boolean {
  const ta = a.split(' ');
  const tb = b.split(' ');
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  return short.length >= 2 && short.every((w) => long.includes(w));
}

function longest(names: string[]): string {
  return names.reduce((a, b) => (b.length > a.length ? b : a));
}
