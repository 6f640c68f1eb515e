// People: names, styles and titles as news writes them, on sentences of our own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gazetteer } from './gazetteer.ts';
import { extractScored } from './testing.ts';

const people = (text: string) => extractScored(text, { gazetteer: new Gazetteer() }).people;
const names = (text: string) => people(text).map((p) => p.name);

test('a month word is a given name before a surname, and a date word elsewhere', () => {
  assert.deepEqual(names('The Deputy Minister of Defence of Norway, Jan Haugen, met officials on Wednesday.'), ['Jan Haugen']);
  assert.deepEqual(names('ACCRA Jan 25 (GNA): Defence Minister Kofi Adjei met the delegation.'), ['Kofi Adjei']);
});

test('styles of several words, Syed and post-nominal letters are not part of a name', () => {
  assert.deepEqual(names("General Tan Sri Datuk Hashim Bin Rahman met the delegation in the capital. Prime Minister Dato' Seri Aziz Ismail welcomed it at the palace."), ['Hashim Bin Rahman', 'Aziz Ismail']);
  assert.deepEqual(names('Secretary Defence Syed Kamal ul Haq Shah led the delegation, with Admiral Peter Walsh AC RAN.'), ['Kamal ul Haq Shah', 'Peter Walsh']);
});

test('capitalised runs after an article, before an organisation noun, or inside a post are not people', () => {
  const found = names(
    'Mr. Ken Sato, Deputy Director-General, North American Affairs Bureau, met Ms. Anne Ford, Deputy Assistant Secretary for the Bureau of Arms Control, Deterrence, and Stability. ' +
      'Lt. Gen Pavel Orlov, Deputy Chief of the Main Operational Directorate of the General Staff, also attended.',
  );
  assert.deepEqual(found, ['Ken Sato', 'Anne Ford', 'Pavel Orlov']);
  const ford = people('Ms. Anne Ford, Deputy Assistant Secretary for the Bureau of Arms Control, Deterrence, and Stability, Department of State, attended.')[0];
  assert.equal(ford?.title, 'Deputy Assistant Secretary for the Bureau of Arms Control, Deterrence, and Stability, Department of State');
});

test('an OCR "l" for "I" still starts a name, kept as printed', () => {
  assert.deepEqual(names('The delegation was headed by Chief of Defence Force General lbrahim Nasir.'), ['lbrahim Nasir']);
});

test('a counterpart holds the post of the person it is the counterpart of', () => {
  const found = people('Chief of Defence Staff of Kenya General Robert Kibochi called on his Indian counterpart General Anand Rao.');
  assert.deepEqual(found.map((p) => [p.name, p.title, p.country]), [
    ['Robert Kibochi', 'Chief of Defence Staff', 'KEN'],
    ['Anand Rao', 'Chief of Defence Staff', 'IND'],
  ]);
});

test('one slip in a long name word is the same person, under the longer spelling', () => {
  const found = people('Defence Minister Khawaja Mohammad Asghar met the delegation. Later, Khwaja Asghar thanked the visitors.');
  assert.deepEqual(found.map((p) => p.name), ['Khawaja Mohammad Asghar']);
  assert.deepEqual(names('Defence Minister Nikos Papadopulos spoke at the port. Papadopoulos said the talks went well.'), ['Nikos Papadopoulos']);
});

test('a rank that is also a post heads the phrase before it; a title runs on over "of the ..."', () => {
  const found = people('Minister Jonas Berg received Brazilian Air Force Commander Carlos Moura and the Commander of the Royal Thai Army, General Somsak Chai.');
  assert.deepEqual(found.map((p) => [p.name, p.title]), [
    ['Jonas Berg', 'Minister'],
    ['Carlos Moura', 'Air Force Commander'],
    ['Somsak Chai', 'Commander of the Royal Army'],
  ]);
});

test('a hard line break inside a sentence is joined; a backtick is an apostrophe', () => {
  const found = people('Meanwhile, General Umar Farooq called on Defence Minister\n\nKhalid Mahmood and discussed training.\nThe Director General of Israel`s Defence Ministry, Avi Cohen, attended.');
  assert.deepEqual(found.map((p) => [p.name, p.title]), [
    ['Umar Farooq', null],
    ['Khalid Mahmood', 'Defence Minister'],
    ['Avi Cohen', 'Director General, Ministry of Defence'],
  ]);
});

test('"said X, a defence analyst" is a person with that post', () => {
  assert.deepEqual(people('"Both sides must move on," said Rohan Mehta, a defence analyst.').map((p) => [p.name, p.title]), [['Rohan Mehta', 'defence analyst']]);
});
