// What counts as an event of the story: only what the article reports as having happened, per
// clause. Sentences are our own, not from the corpus.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractScored as extract } from './testing.ts';
import type { ExtractedEvent } from './types.ts';

const types = (text: string) => extract(text).events.map((e: ExtractedEvent) => e.type);

test('a fully dated background signing is no event, nor one "already" signed or signed "since"', () => {
  assert.deepEqual(types('date 2024-05-10\nIndia and Kenya signed a Memorandum of Understanding on maritime security in Nairobi on 12 March 2019.'), []);
  assert.deepEqual(types('date 2024-05-10\nIn 2019, Ghana and India had signed a defence cooperation agreement.'), []);
  assert.deepEqual(types('date 2024-05-10\nThe agreement already signed with the Kenyan Navy covers hydrography.'), []);
  assert.deepEqual(
    types('The two countries signed the Lakeside Agreement on Defence Cooperation on 2 May 2023. Since we signed the agreement, our navies have trained together.'),
    [],
  );
  // The same signing reported as news is one.
  assert.deepEqual(types('date 2024-05-10\nIndia and Kenya signed a Memorandum of Understanding on maritime security in Nairobi on Thursday.'), ['agreement']);
});

test('a future meeting, signing, visit or call-on is no event', () => {
  assert.deepEqual(types('date 2024-06-01\nThe 5th meeting of the India-Kenya Joint Defence Cooperation Committee will be held in Nairobi next month.'), []);
  assert.deepEqual(types('date 2024-06-01\nIt was agreed to hold the next meeting of the Joint Working Group in Accra in 2025.'), []);
  assert.deepEqual(types('date 2024-06-01\nThe two ministers are expected to sign a letter of intent on naval training during the visit.'), []);
  assert.deepEqual(types('date 2024-06-01\nMinister Amara Osei will travel to New Delhi on Monday for a three-day visit, and will call on the Chief of Defence Staff.'), []);
  // Later mentions of a planned trip are that planned trip.
  assert.deepEqual(types('date 2024-06-01\nMinister Amara Osei will depart for India on Monday for a three-day visit. As part of the visit, he will tour a shipyard.'), []);
});

test('a negated or possible signing is no event', () => {
  assert.deepEqual(types('date 2024-06-01\nNo agreement was signed, but both sides said a memorandum on training could follow.'), []);
  assert.deepEqual(types('date 2024-06-01\nA draft framework agreement might be signed when the minister visits Accra.'), []);
});

test('a reception, a ceremony or "received" is neither a call-on nor a meeting', () => {
  const text =
    'date 2024-07-03\nDefence Secretary Arvind Menon received Ghana\'s Chief of Defence Staff, Vice Admiral Seth Amoama, in New Delhi on Tuesday. ' +
    'The Ghanaian High Commissioner later hosted a reception in honour of the visiting delegation.';
  assert.deepEqual(types(text), []);
  // The same encounter written as a call-on is one.
  const callOn = 'date 2024-07-03\nGhana\'s Chief of Defence Staff, Vice Admiral Seth Amoama, called on Defence Secretary Arvind Menon in New Delhi on Tuesday.';
  assert.deepEqual(extract(callOn).events, [{ type: 'call_on', date: '2024-07-02', visitor: 'Seth Amoama', host: 'Arvind Menon' }]);
});

test('ad-hoc bilateral talks are no meeting; a named mechanism is', () => {
  assert.deepEqual(types('date 2024-07-03\nDefence Minister Amara Osei held bilateral talks with his Indian counterpart in Accra on Monday.'), []);
  assert.deepEqual(types('date 2024-07-03\nThe inaugural India-Ghana Defence Policy Dialogue was held in Accra on Monday.'), ['meeting']);
});

test('an opinion piece with no event gives no events and no byline person', () => {
  const text =
    'date 2024-02-20\nOpinion: Africa needs a defence-industrial partner\nBy Kofi Mensah-Larbi\n' +
    'Ghana and India should deepen their defence partnership. The two countries could sign a roadmap on shipbuilding and train together more often. ' +
    'If both governments act, the next decade will see joint production of patrol vessels.';
  const x = extract(text);
  assert.deepEqual(x.events, []);
  assert.deepEqual(x.people, []);
});

test('a byline names no person of the story, whatever its form', () => {
  for (const byline of ['By Priya Raman', 'BY Jim Hollis , Defence News', 'Written by Priya Raman']) {
    const x = extract(`date 2024-02-20\n${byline}\nDefence Secretary Arvind Menon called on Kenya's Defence Minister Soipan Tuya in Nairobi on Monday.`);
    assert.deepEqual(x.people.map((p) => p.name).sort(), ['Arvind Menon', 'Soipan Tuya'], byline);
  }
});

test('a place named only in the dateline is not a venue', () => {
  const [m] = extract('date 2024-03-06\nNAIROBI, March 6 (ANI): The 4th meeting of the India-Kenya Joint Defence Cooperation Committee was held on Tuesday.').events;
  assert.equal(m?.type, 'meeting');
  assert.equal(m?.type === 'meeting' ? m.venue : undefined, null);
  // Stated in the text, it is.
  const [n] = extract('date 2024-03-06\nNAIROBI: The 4th meeting of the India-Kenya Joint Defence Cooperation Committee was held in Mombasa on Tuesday.').events;
  assert.equal(n?.type === 'meeting' ? n.venue : undefined, 'Mombasa');
});

test('dates belong to their clause: a visit "and he laid a wreath earlier today" has no day of its own', () => {
  const text = 'date 2024-03-06\nGeneral Kofi Boateng is on a three-day visit to India and he laid a wreath at the National War Memorial earlier today.';
  const visit = extract(text).events.find((e) => e.type === 'visit');
  assert.equal(visit?.type === 'visit' ? visit.date_start : undefined, null);
});
