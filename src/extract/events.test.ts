import assert from 'node:assert/strict';
import { test } from 'node:test';
// Records as the scorer reads them: confidence and visit links are tested in confidence.test.ts.
import { extractScored as extract } from './testing.ts';
import { splitList } from './lists.ts';
import type { AgreementEvent, ExtractedEvent, MeetingEvent, VisitEvent } from './types.ts';

const ofType = <T extends ExtractedEvent>(events: ExtractedEvent[], type: T['type']) => events.filter((e): e is T => e.type === type);

test('a meeting: forum, ordinal, date, venue, countries and "co-chaired by X and Y"', () => {
  const text =
    'date 2024-09-20\nIndia and Kenya held the 4th meeting of the Joint Defence Cooperation Committee (JDCC) in Nairobi on September 18, 2024. ' +
    'The meeting was co-chaired by Joint Secretary Shri Vivek Anand and Principal Secretary for Defence Patrick Mariru.';
  const [m] = ofType<MeetingEvent>(extract(text).events, 'meeting');
  assert.deepEqual(m, {
    type: 'meeting',
    forum: 'Joint Defence Cooperation Committee',
    sequence: 4,
    date_start: '2024-09-18',
    date_end: null,
    venue: 'Nairobi',
    countries: ['IND', 'KEN'],
    co_chairs: ['Vivek Anand', 'Patrick Mariru'],
  });
});

test('co-chairs as subject, with "with", and an inaugural edition', () => {
  const text =
    'date 2023-02-10\nDefence Secretary Meera Nair co-chaired the inaugural India-Egypt Defence Policy Dialogue with ' +
    'Egyptian Assistant Minister of Defence Major General Ahmed Fathy in Cairo on Wednesday.';
  const [m] = ofType<MeetingEvent>(extract(text).events, 'meeting');
  assert.equal(m?.sequence, 1);
  assert.equal(m?.date_start, '2023-02-08');
  assert.deepEqual(m?.co_chairs, ['Meera Nair', 'Ahmed Fathy']);
  assert.deepEqual(m?.countries, ['EGY', 'IND']);
});

test('area lists: "and", Oxford commas, "such as" and shared nouns', () => {
  assert.deepEqual(splitList('strategic dialogue, joint training, and advanced technologies such as Artificial Intelligence, Cyber Security, and Research and Development'), [
    'strategic dialogue',
    'joint training',
    'artificial intelligence',
    'cyber security',
    'research and development',
  ]);
  assert.deepEqual(splitList('intelligence, industrial collaboration, military training and more'), ['intelligence', 'industrial collaboration', 'military training']);
  assert.deepEqual(splitList('naval, strategic and technological exchanges'), ['naval exchanges', 'strategic exchanges', 'technological exchanges']);
  assert.deepEqual(splitList('maritime security and disaster relief'), ['maritime security', 'disaster relief']);
});

test('an MoU with its areas, date, venue and parties', () => {
  const text =
    'date 2024-06-14\nGreece and India on Thursday signed a Memorandum of Understanding (MoU) in Athens. ' +
    'The MoU provides for cooperation in areas such as maritime security, military medicine and defence industrial cooperation.';
  const [a] = ofType<AgreementEvent>(extract(text).events, 'agreement');
  assert.deepEqual(a, {
    type: 'agreement',
    kind: 'MoU',
    title: null,
    date: '2024-06-13',
    venue: 'Athens',
    countries: ['GRC', 'IND'],
    areas: ['maritime security', 'military medicine', 'defence industrial cooperation'],
  });
});

test('named instruments: titles and kinds', () => {
  const text =
    'date 2024-02-01\nThe two sides signed a Letter of Intent on Defence Industry Cooperation and a Protocol on Hydrography Cooperation in Hanoi on Tuesday.';
  const agreements = ofType<AgreementEvent>(extract(text).events, 'agreement');
  assert.deepEqual(agreements.map((a) => [a.kind, a.title]), [
    ['Letter of Intent', 'Letter of Intent on Defence Industry Cooperation'],
    ['Protocol', 'Protocol on Hydrography Cooperation'],
  ]);
});

test('agreements signed long ago are background, not events', () => {
  const text = 'date 2023-06-08\nSince India and Germany signed an agreement on defence cooperation in 2006, ties have grown.';
  assert.deepEqual(ofType(extract(text).events, 'agreement'), []);
});

test('a visit to several companies, with purpose and host country', () => {
  const text =
    'date 2025-03-07\nA Brazilian delegation led by Defence Minister José Múcio visited Hindustan Aeronautics Limited (HAL), ' +
    'Bharat Electronics Limited and Larsen & Toubro in Bengaluru on Wednesday to explore opportunities for co-production of helicopters.';
  const [v] = ofType<VisitEvent>(extract(text).events, 'visit');
  assert.deepEqual(v, {
    type: 'visit',
    date_start: '2025-03-05',
    date_end: null,
    visitor: 'José Múcio',
    delegation_country: 'BRA',
    host_country: 'IND',
    hosts: ['Hindustan Aeronautics Limited', 'Bharat Electronics Limited', 'Larsen & Toubro'],
    purpose: 'co-production of helicopters',
  });
});

test('a call-on refers back to the visitor by title or pronoun', () => {
  const text =
    'date 2022-05-26\nDeputy Minister of Defence Lt Gen Karim Haddad of Jordan is on a visit to India. ' +
    'The Deputy Minister called on Chief of Defence Staff General Anil Chauhan in New Delhi on May 25, 2022.';
  const events = extract(text).events;
  assert.deepEqual(ofType(events, 'call_on'), [{ type: 'call_on', date: '2022-05-25', visitor: 'Karim Haddad', host: 'Anil Chauhan' }]);
  const [v] = ofType<VisitEvent>(events, 'visit');
  assert.equal(v?.host_country, 'IND');
  assert.equal(v?.visitor, 'Karim Haddad');
});

test('counted instruments each get their topic; a later "the two MoUs" repeats them', () => {
  const text =
    'date 2019-07-29\nAfter the talks, two Memoranda of Understanding - on white shipping information and on hydrography - were signed in Maputo today. ' +
    'The signing of the two MoUs will strengthen India-Mozambique ties.';
  const agreements = ofType<AgreementEvent>(extract(text).events, 'agreement');
  assert.deepEqual(agreements.map((a) => [a.kind, a.date, a.venue, a.areas]), [
    ['MoU', '2019-07-29', 'Maputo', ['white shipping information']],
    ['MoU', '2019-07-29', 'Maputo', ['hydrography']],
  ]);
});

test('"here" is the dateline place; a post named like a committee is no meeting', () => {
  const text =
    'date 2025-12-09\nNEW DELHI, Dec 9 (PTI) The inaugural meeting of the India-Brunei Joint Working Group on Defence Cooperation took place here on Tuesday. ' +
    'Chairman Chiefs of Staff Committee General Ravi Menon attended a meeting on Monday.';
  const meetings = ofType<MeetingEvent>(extract(text).events, 'meeting');
  assert.deepEqual(meetings.map((m) => [m.forum, m.sequence, m.venue, m.date_start]), [['Joint Working Group on Defence Cooperation', 1, 'New Delhi', '2025-12-09']]);
});

test('future meetings and signings are not events', () => {
  const text =
    'date 2024-11-07\nThe next meeting of the Joint Defence Cooperation Committee will be held in Yerevan. ' +
    'The two sides are expected to sign a Memorandum of Understanding on training.';
  assert.deepEqual(extract(text).events, []);
});
