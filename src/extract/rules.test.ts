// General rules of English defence news, each on sentences of our own (not from the corpus),
// with the case that must not fire beside the one that must.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extract } from './index.ts';
import { Gazetteer } from './gazetteer.ts';
import { extractScored } from './testing.ts';
import type { AgreementEvent, CallOnEvent, ExtractedEvent, MeetingEvent, VisitEvent } from './types.ts';

const ofType = <T extends ExtractedEvent>(events: ExtractedEvent[], type: T['type']) => events.filter((e): e is T => e.type === type);
const events = (text: string) => extractScored(text).events;
// Without the built-in gazetteer, so that the rule and not a known name does the work.
const bare = (text: string) => extractScored(text, { gazetteer: new Gazetteer() });

test('meetings: side leaders ("the Indian delegation was led by X, while the Kenyan side was headed by Y") chair it and take its countries', () => {
  const x = bare(
    'date 2024-06-20\nThe 3rd India-Kenya Joint Defence Cooperation Committee meeting took place in Nairobi on June 18, 2024. ' +
      'The Indian delegation was led by Joint Secretary Meera Pillai, while the Kenyan side was headed by Principal Secretary Patrick Mariru.',
  );
  const [m] = ofType<MeetingEvent>(x.events, 'meeting');
  assert.deepEqual(m?.co_chairs, ['Meera Pillai', 'Patrick Mariru']);
  assert.deepEqual(x.people.map((p) => [p.name, p.country]), [['Meera Pillai', 'IND'], ['Patrick Mariru', 'KEN']]);
});

test('meetings: "A and B represented India, while C and D led the British side"', () => {
  const [m] = ofType<MeetingEvent>(
    events(
      'date 2024-10-25\nIndia and the United Kingdom held their first 2+2 Ministerial Dialogue in London on Thursday. ' +
        'Foreign Minister Vikram Rao and Defence Minister Asha Menon represented India, while Foreign Secretary Tom Hale and Defence Secretary Ruth Ayles led the British side.',
    ),
    'meeting',
  );
  assert.deepEqual(m?.co_chairs, ['Vikram Rao', 'Asha Menon', 'Tom Hale', 'Ruth Ayles']);
  assert.equal(m?.sequence, 1);
});

test('meetings: an ordinal meeting without a forum name is a meeting of the forum named before it', () => {
  const [m] = ofType<MeetingEvent>(
    events(
      'date 2024-04-11\nBoth sides signed an MoU to establish the Joint Ghanaian-Indian Committee on Defence Industry. ' +
        'Minister Osei and Minister Rao presided over the inaugural meeting in Accra on Wednesday.',
    ),
    'meeting',
  );
  assert.equal(m?.forum, 'Joint Committee on Defence Industry');
  assert.equal(m?.sequence, 1);
  assert.equal(m?.date_start, '2024-04-10');
  assert.equal(m?.venue, 'Accra');
});

test('meetings: a working group of a commission is named with its parent, without the country pair', () => {
  const [m] = ofType<MeetingEvent>(
    events('date 2024-07-19\nThe 2nd meeting of the Sub-Group on Naval Cooperation of the Indian-Kenyan Joint Commission on Defence was held in Mombasa on Thursday.'),
    'meeting',
  );
  assert.equal(m?.forum, 'Sub-Group on Naval Cooperation of the Joint Commission on Defence');
  assert.deepEqual(m?.countries, ['IND', 'KEN']);
});

test('meetings: a stated length gives the end ("initiated the two-day 4th round ... on Monday"), two named days a span', () => {
  const [m] = ofType<MeetingEvent>(events('date 2024-03-05\nGhana and India on Monday initiated the two-day 4th round of the Defence Policy Dialogue.'), 'meeting');
  assert.deepEqual([m?.date_start, m?.date_end], ['2024-03-04', '2024-03-05']);
  const [n] = ofType<MeetingEvent>(events('date 2024-03-08\nThe 6th Defence Policy Dialogue between Ghana and India was held in Accra on Tuesday and Wednesday.'), 'meeting');
  assert.deepEqual([n?.date_start, n?.date_end], ['2024-03-05', '2024-03-06']);
});

test('meetings: "A hosted B for the 5th meeting of X" makes both its leaders', () => {
  const [m] = ofType<MeetingEvent>(
    bare('date 2024-03-08\nDefence Secretary Arvind Menon hosted his Kenyan counterpart, Principal Secretary Patrick Mariru, for the 5th meeting of the India-Kenya Joint Working Group in New Delhi on Thursday.').events,
    'meeting',
  );
  assert.deepEqual(m?.co_chairs, ['Arvind Menon', 'Patrick Mariru']);
});

test('agreements: each instrument keeps the areas of its own part of the sentence, and its own clause\'s place', () => {
  const agreements = ofType<AgreementEvent>(
    events('date 2024-05-02\nIndia and Kenya on Wednesday signed an MoU on hydrography and a Protocol covering training, logistics and military medicine, and agreed to meet in Mombasa next year.'),
    'agreement',
  );
  assert.deepEqual(agreements.map((a) => [a.kind, a.areas, a.venue]), [
    ['MoU', ['hydrography'], null],
    ['Protocol', ['training', 'logistics', 'military medicine'], null],
  ]);
});

test('agreements: a later sentence about "the MoU" adds to the MoU, not to another instrument', () => {
  const agreements = ofType<AgreementEvent>(
    events('date 2024-05-02\nGhana and India signed a Protocol on hydrography in Accra on Tuesday. The MoU covers training and logistics.'),
    'agreement',
  );
  assert.deepEqual(agreements.map((a) => [a.kind, a.areas]), [['Protocol', ['hydrography']]]);
});

test('agreements: "X, or MoU," is one instrument; a formal name is its title; a described one has none', () => {
  const [a, ...rest] = ofType<AgreementEvent>(events('date 2024-05-02\nThe two ministers signed a memorandum of understanding, or MoU, to set up a joint committee.'), 'agreement');
  assert.deepEqual([a?.kind, a?.title, rest.length], ['MoU', null, 0]);
  const [b] = ofType<AgreementEvent>(events('date 2024-05-02\nGhana and Kenya have signed a new Defence Cooperation Agreement in Accra.'), 'agreement');
  assert.equal(b?.title, 'Defence Cooperation Agreement');
  const [c] = ofType<AgreementEvent>(events('date 2024-05-02\nGhana and Kenya signed a defence cooperation road map in Accra.'), 'agreement');
  assert.deepEqual([c?.kind, c?.title], ['Roadmap', null]);
});

test('agreements: exchanged Terms of Reference count, as kind Other titled by their type; each with its own complement is another', () => {
  const agreements = ofType<AgreementEvent>(
    events(
      'date 2024-05-02\nThe two sides exchanged the finalised Terms of Reference on the establishment of a Maritime Working Group. ' +
        'They also exchanged the finalised ToR on the establishment of a Cyber Forum.',
    ),
    'agreement',
  );
  assert.deepEqual(agreements.map((a) => [a.kind, a.areas]), [['Other', []], ['Other', []]]);
  assert.match(agreements[1]?.title ?? '', /Cyber Forum/);
});

test('agreements: undated signings take the story\'s day and place, but not from a byline date', () => {
  const [a] = ofType<AgreementEvent>(
    events('date 2024-11-07\nThe defence ministers of Ghana and Kenya met in Accra on Wednesday. Both sides signed a memorandum of understanding on peacekeeping.'),
    'agreement',
  );
  assert.deepEqual([a?.date, a?.venue], ['2024-11-06', 'Accra']);
  const [b] = ofType<AgreementEvent>(events('date 2024-11-07\nNov. 7, 2024 | BY Jim Hollis, Defence News\nGhana and Kenya signed the defence road map in Accra.'), 'agreement');
  assert.equal(b?.date, null);
});

test('visits: "the visit on Thursday by X ... to the shipyards of Y in Z" gives visitor, day, hosts and countries', () => {
  const [v] = ofType<VisitEvent>(
    events('date 2024-01-20\nThe ministry released photos of the visit on Thursday by Greek Defence Minister Nikos Pappas to the shipyards of Naval Group in Lorient, France.'),
    'visit',
  );
  assert.deepEqual(v, {
    type: 'visit', date_start: '2024-01-18', date_end: null, visitor: 'Nikos Pappas', delegation_country: 'GRC', host_country: 'FRA', hosts: ['Naval Group'], purpose: null,
  });
});

test('visits: an arrival day and a length give start and end; a length alone gives no day', () => {
  const [v] = ofType<VisitEvent>(events('date 2024-04-05\nDefence Secretary Arvind Menon arrived in Nairobi on Wednesday on a two-day visit to Kenya.'), 'visit');
  assert.deepEqual([v?.date_start, v?.date_end], ['2024-04-03', '2024-04-04']);
  const [w] = ofType<VisitEvent>(events('date 2024-04-05\nAccra, April 5 (ANI): General Kofi Boateng is on a four-day visit to India, the army said on Friday.'), 'visit');
  assert.deepEqual([w?.date_start, w?.date_end], [null, null]);
});

test('visits: memorials, religious sites and "at the invitation of" are not hosts; a named base is', () => {
  const [v] = ofType<VisitEvent>(
    events(
      'date 2024-04-05\nMinister Amara Osei visited Kenya at the invitation of the Kenya Defence Forces Commander. ' +
        'The delegation visited the Moi Air Base and the Uhuru Memorial, and the Holy Family Cathedral.',
    ),
    'visit',
  );
  assert.deepEqual(v?.hosts, ['Moi Air Base']);
});

test('visits: "concluded his visit ... later in the day" ends it on the story\'s day', () => {
  const [v] = ofType<VisitEvent>(
    events('date 2024-08-30\nMinister Amara Osei signed a memorandum on training with his Kenyan counterpart in Nairobi on Tuesday. Osei concluded his visit to Kenya later in the day.'),
    'visit',
  );
  assert.deepEqual([v?.date_start, v?.date_end], [null, '2024-08-27']);
});

test('visits: a purpose is kept when stated ("with an aim to", "to assess")', () => {
  const [v] = ofType<VisitEvent>(events('date 2024-09-08\nA delegation from Ghana visited Bharat Dynamics Limited on Thursday to assess the Akash missile system.'), 'visit');
  assert.equal(v?.purpose, 'assess the Akash missile system');
  const [w] = ofType<VisitEvent>(events('date 2024-09-08\nThe Kenyan delegation visited Goa Shipyard Limited with an aim to strengthen naval ties.'), 'visit');
  assert.equal(w?.purpose, 'strengthen naval ties');
});

test('call-ons: "called on A and B" gives two; "Meanwhile" takes the report\'s date; one per pair', () => {
  const calls = ofType<CallOnEvent>(
    events(
      'date 2024-11-21\nThe 2nd Joint Defence Cooperation Committee was held in Accra on Monday. ' +
        'Meanwhile, Lt Gen Marco Bellini called on the Chief of Defence Staff General Anil Chauhan and the Chief of the Army Staff General Upendra Dwivedi. ' +
        'General Bellini called on General Chauhan to discuss training.',
    ),
    'call_on',
  );
  assert.deepEqual(calls.map((c) => [c.visitor, c.host, c.date]), [
    ['Marco Bellini', 'Anil Chauhan', '2024-11-21'],
    ['Marco Bellini', 'Upendra Dwivedi', '2024-11-21'],
  ]);
});

test('call-ons: a span ("on a visit from May 4 to 8") lends no date; "later" takes the day before', () => {
  const [a] = ofType<CallOnEvent>(
    events('date 2024-05-09\nGeneral Kofi Boateng is on an official visit to India from May 4 to 8. He also called on Defence Secretary Arvind Menon.'),
    'call_on',
  );
  assert.equal(a?.date, null);
  const [b] = ofType<CallOnEvent>(
    events('date 2024-05-09\nGhana and India held their first Defence Policy Dialogue in Accra on Tuesday. Secretary Menon later had a call-on with President Kwame Boadu.'),
    'call_on',
  );
  assert.equal(b?.date, '2024-05-07');
});

test('a headline and the body report one signing; a PIB release is India\'s', () => {
  const x = extractScored(
    'Ministry of Defence\nIndia, Vietnam hold 14th Defence Policy Dialogue in New Delhi; sign MoU on hydrography\nPosted On: 15 JUN 2023 6:45PM by PIB Delhi\n' +
      'Defence Secretary Vikram Menon and Deputy Minister of National Defence of Vietnam Senior Lieutenant General Tran Van Nam co-chaired the 14th India-Vietnam Defence Policy Dialogue in New Delhi on June 15, 2023. ' +
      'During the dialogue, the two sides signed an MoU on Hydrography Cooperation.',
    { gazetteer: new Gazetteer() },
  );
  assert.deepEqual(ofType<AgreementEvent>(x.events, 'agreement').map((a) => [a.title, a.date, a.areas]), [['MoU on Hydrography Cooperation', '2023-06-15', ['hydrography cooperation']]]);
  assert.deepEqual(ofType<MeetingEvent>(x.events, 'meeting').length, 1);
  assert.deepEqual(x.organizations, [{ name: 'Ministry of Defence', country: 'IND', kind: 'ministry' }]);
  assert.deepEqual(x.people.map((p) => [p.name, p.country]), [['Vikram Menon', 'IND'], ['Tran Van Nam', 'VNM']]);
});
