// Press-release extractor: meetings, agreements, visits and call-ons, with the people and
// organisations involved, from one English news article about defence cooperation.
import { assignCountries, markedOther, nameTokenMask, unmarkedCountry } from './affiliation.ts';
import { extractAgreements } from './agreements.ts';
import { extractCallOns } from './callons.ts';
import { counterpartPairs } from './counterparts.ts';
import { buildDoc } from './doc.ts';
import { finishVisits, settleCountries, toEvents } from './events.ts';
import { defaultGazetteer, type Gazetteer } from './gazetteer.ts';
import { countryStats, homeCountry } from './geo.ts';
import { publisherCountry, speakingMinistry } from './sources.ts';
import { ExtractionInputError, checkInput, looksEnglish, readHeader } from './input.ts';
import { extractMeetings } from './meetings.ts';
import { buildOrganizations, resolveOrgCountries } from './organizations.ts';
import { findOrgMentions } from './orgs.ts';
import { buildPeople } from './people.ts';
import { roleFinder } from './roles.ts';
import { findSides } from './sides.ts';
import { storySetting } from './places.ts';
import { confidenceOf } from './confidence.ts';
import { normalise } from './text.ts';
import { emptyExtraction, type Extraction } from './types.ts';
import { completeVisits, extractVisits } from './visits.ts';

export { ExtractionInputError } from './input.ts';
export { Gazetteer, defaultGazetteer, extendGazetteer } from './gazetteer.ts';
export type { GazetteerRecords, OrgRecord, PersonRecord, ForumRecord, OrgKind } from './gazetteer.ts';
export type * from './types.ts';

export interface ExtractOptions {
  /** Publication date YYYY-MM-DD; overrides a "date" first line. */
  published?: string;
  gazetteer?: Gazetteer;
  /** Add each record's sources (`why`), as the calibration reads them. */
  explain?: boolean;
}

export function extract(text: string, options: ExtractOptions = {}): Extraction {
  checkInput(text);
  const header = readHeader(normalise(text));
  const published = options.published === undefined ? header.published : checkedDate(options.published);
  const source = { title: header.title, publisher: header.publisher, url: null, published };
  if (!header.body.trim() || !looksEnglish(header.body)) return emptyExtraction(source);

  const doc = buildDoc(header.body, published, options.gazetteer ?? defaultGazetteer());
  const people = buildPeople(doc);
  const mask = nameTokenMask(doc, people);
  const orgMentions = findOrgMentions(doc, mask);
  const stats = countryStats(doc, orgMentions);
  assignCountries(doc, people, mask);
  // The publishing side: its press office, the ministry that speaks for the story, its officials
  // known or left unmarked; else where the story was filed and whom it names first or most.
  const publisher = publisherCountry(doc, header);
  const home = homeCountry([publisher, speakingMinistry(doc, orgMentions), unmarkedCountry(people), markedOther(people, stats.ranked), stats.home], stats.ranked, publisher);
  // The two sides: the home country and the most written-about other one.
  const pair = [...new Set([...(home ? [home] : []), ...stats.ranked])].slice(0, 2);
  const roles = roleFinder(doc, people);
  const sides = findSides(doc, roles);
  for (const side of sides) for (const p of side.leaders) if (p.countrySource !== 'title' && p.countrySource !== 'known') [p.country, p.countrySource] = [side.country, 'structure'];
  const setting = storySetting(doc);
  const meetings = extractMeetings(doc, roles, people, sides, setting);
  const agreements = extractAgreements(doc, meetings, roles, pair, setting);
  const visits = completeVisits(doc, extractVisits(doc, roles, orgMentions, people, setting), people, orgMentions, home);
  const callOns = extractCallOns(doc, roles, meetings, visits, setting);
  const drafts = { meetings, agreements, visits, callOns };
  settleCountries(drafts, pair, counterpartPairs(doc, roles));
  for (const p of people.list) if (!p.country && home) [p.country, p.countrySource] = [home, 'home'];
  resolveOrgCountries(doc, orgMentions, people, home, mask);
  finishVisits(drafts);
  const result: Extraction = {
    source,
    events: toEvents(drafts),
    people: people.list.map((p) => {
      const person = { name: p.name, title: p.title, country: p.country };
      const why = { record: p.record ? 'known' : p.mentions.some((m) => m.rank || m.title) ? 'titled' : 'named', title: p.titleSource ?? '', country: p.countrySource ?? '' };
      return { ...person, confidence: confidenceOf('person', why, person), why };
    }),
    organizations: buildOrganizations(orgMentions),
  };
  if (!options.explain) for (const list of [result.events, result.people, result.organizations]) for (const r of list as { why?: unknown }[]) delete r.why;
  return result;
}

function checkedDate(s: string): string {
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || !d.toISOString().startsWith(s)) {
    throw new ExtractionInputError(`published must be a date YYYY-MM-DD, got ${JSON.stringify(s)}`);
  }
  return s;
}
