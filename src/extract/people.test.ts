import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryCode } from './countries.ts';
// Records as the scorer reads them: confidence and visit links are tested in confidence.test.ts.
import { extractScored as extract } from './testing.ts';

const person = (text: string, name: string) => extract(text).people.find((p) => p.name === name);

test('ranks and honorifics are stripped from names', () => {
  const text =
    'The talks were co-chaired by Air Chief Marshal (Retd) Vikram Desai and Lt Gen Tomas Berg. ' +
    'Shri Anand Rao, Dr. Lena Fischer and Brig. Gen. (Res.) Noam Levy also attended, as did Mr Paul Grant, ' +
    'Capt (IN) Ravi Iyer, Smt. Kavita Joshi and Shri P. K. Nair.';
  const names = extract(text).people.map((p) => p.name);
  for (const n of ['Vikram Desai', 'Tomas Berg', 'Anand Rao', 'Lena Fischer', 'Noam Levy', 'Paul Grant', 'Ravi Iyer', 'Kavita Joshi', 'P K Nair']) {
    assert.ok(names.includes(n), `${n} in ${names}`);
  }
  assert.ok(!names.some((n) => /\b(?:Lt|Gen|Shri|Dr|Mr|Retd|Res)\b/.test(n)), names.join(', '));
});

test('titles lose the country they name and keep the post', () => {
  const text =
    'Major General (Res) Yossi Dagan, Director General of Israel\'s Ministry of Defence, met Kenyan Defence Minister Aden Duale. ' +
    'He also met Ministry of Defence of Ghana\'s Chief Director Kofi Mensah.';
  assert.deepEqual(person(text, 'Yossi Dagan'), { name: 'Yossi Dagan', title: 'Director General, Ministry of Defence', country: 'ISR' });
  assert.deepEqual(person(text, 'Aden Duale'), { name: 'Aden Duale', title: 'Defence Minister', country: 'KEN' });
  assert.deepEqual(person(text, 'Kofi Mensah'), { name: 'Kofi Mensah', title: 'Chief Director, Ministry of Defence', country: 'GHA' });
});

test('the same person named twice differently is one person', () => {
  const text =
    'Defence Secretary Arun Kumar Mehta visited Paris. Mehta also called on French Armed Forces Minister Claire Dubois. ' +
    'Secretary Mehta thanked Ms Dubois.';
  const people = extract(text).people;
  assert.deepEqual(
    people.map((p) => p.name),
    ['Arun Kumar Mehta', 'Claire Dubois'],
  );
  const callOn = extract(text).events.find((e) => e.type === 'call_on');
  assert.deepEqual(callOn, { type: 'call_on', date: null, visitor: 'Arun Kumar Mehta', host: 'Claire Dubois' });
});

test('demonyms and country names resolve to ISO alpha-3', () => {
  const cases: [string, string][] = [
    ['Israeli', 'ISR'], ['Indian', 'IND'], ['Emirati', 'ARE'], ['UAE', 'ARE'], ['US', 'USA'], ['American', 'USA'],
    ['British', 'GBR'], ['German', 'DEU'], ['Vietnamese', 'VNM'], ['Saudi Arabia', 'SAU'], ['Hellenic', 'GRC'],
    ['South Korean', 'KOR'], ['Filipino', 'PHL'], ['Bruneian', 'BRN'], ['Omani', 'OMN'], ['Brazilian', 'BRA'],
  ];
  for (const [form, code] of cases) assert.equal(countryCode(form), code, form);
  assert.equal(countryCode('Tel Aviv'), 'ISR');
  assert.equal(countryCode('Narnia'), null);
});

test('a country word inside a name is part of the name', () => {
  const text = 'Israeli Defence Minister Israel Katz received Chief of Staff to the Defence Minister Maayan Israeli.';
  const names = extract(text).people.map((p) => p.name);
  assert.deepEqual(names, ['Israel Katz', 'Maayan Israeli']);
});

test('officials listed after a national cue share its country', () => {
  const text =
    'The minister met senior officials in the Japanese government including Chief Cabinet Secretary SATO Kenji, ' +
    'National Security Advisor KATO Hiroshi, and Minister of Foreign Affairs Aiko Tanaka.';
  const people = extract(text).people;
  assert.deepEqual(people.map((p) => [p.name, p.country]), [['Sato Kenji', 'JPN'], ['Kato Hiroshi', 'JPN'], ['Aiko Tanaka', 'JPN']]);
});
