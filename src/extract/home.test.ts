// The publishing side and the organisations of a story, on texts of our own. The built-in
// gazetteer is left out wherever it could name the country instead of the rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Gazetteer } from './gazetteer.ts';
import { extractScored } from './testing.ts';

const bare = (text: string) => extractScored(text, { gazetteer: new Gazetteer() });
const orgs = (text: string) => bare(text).organizations.map((o) => [o.name, o.country, o.kind]);

test("a press office's own ministry is the publishing country's, not the other side's", () => {
  const text =
    'date 2024-10-16\nMinistry of Defence\nThe 18th meeting of the India-Israel Joint Working Group on Defence Cooperation was held in New Delhi on Tuesday. ' +
    "It was co-chaired by Defence Secretary Arvind Menon and the Director General of Israel's Ministry of Defence, Amos Levi.";
  const x = bare(text);
  assert.deepEqual(x.organizations.map((o) => [o.name, o.country]).sort(), [['Ministry of Defence', 'IND'], ['Ministry of Defence', 'ISR']]);
  assert.deepEqual(x.people.map((p) => [p.name, p.country]), [['Arvind Menon', 'IND'], ['Amos Levi', 'ISR']]);
});

test("a national agency's tag or a source line names the publishing side", () => {
  const agency = bare('date 2024-06-12\nSEOUL, June 12 (Yonhap) -- Defense Minister Park Jin-ho will travel to Poland this week, the ministry said. Poland wants more K2 tanks, and Poland will sign a deal.');
  assert.deepEqual(agency.people.map((p) => [p.name, p.country]), [['Park Jin-ho', 'KOR']]);
  const source = bare('date 2015-05-27\n(Source: Brazil Ministry of Defence; issued May 27, 2015)\nThe Deputy Minister of Defence of Sweden, Jan Haugen, met Secretary General Eva Moura. Sweden and Brazil discussed the Gripen.');
  assert.deepEqual(source.people.map((p) => [p.name, p.country]), [['Jan Haugen', 'SWE'], ['Eva Moura', 'BRA']]);
});

test('multilateral bodies have no country; "non-NATO" names NATO; "UN peacekeeping" names no partner', () => {
  assert.deepEqual(extractScored('Morocco is a major non-NATO ally and a partner of the European Union in UN peacekeeping operations.').organizations, [
    { name: 'NATO', country: null, kind: 'other' },
    { name: 'European Union', country: null, kind: 'other' },
  ]);
});

test('units, bases and companies named by their heads; a forum\'s own name holds no organisation', () => {
  assert.deepEqual(orgs('The ministers met at the Kenya Air Force\'s 82nd Air Wing in the city of Laikipia and signed an MoU to set up the Joint Committee on Cooperation in the Fields of Defence Industry.'), [
    ['Kenya Air Force', 'KEN', 'armed_force'],
    ['82nd Air Wing', 'KEN', 'armed_force'],
  ]);
  assert.deepEqual(orgs('He toured the historic Lanet Barracks in Nakuru, Kenya, the Colombo Dockyard and Camp Simba, and met officials of Hyundai Rotem Co.').sort(), [
    ['Camp Simba', 'KEN', 'armed_force'],
    ['Colombo Dockyard', 'LKA', 'company'],
    ['Hyundai Rotem Co', 'KEN', 'company'],
    ['Lanet Barracks', 'KEN', 'armed_force'],
  ]);
});

test('"India Army" and "Indian Army" are one army; a Guard of Honour and a hall where talks sat are no organisations', () => {
  assert.deepEqual(orgs('The Indian Army said the India Army team received a Guard of Honour, and the talks were held at the Manekshaw Centre in New Delhi.'), [['Indian Army', 'IND', 'armed_force']]);
});

test('a part of a ministry takes its country; "General Staff" and "Joint Chiefs of Staff" are organisations, "Chief of Army Staff" a post', () => {
  assert.deepEqual(orgs('General Ivan Petrov of the Main Directorate of International Cooperation of the Ministry of Defence, Russian Federation, met the Turkish General Staff.'), [
    ['Main Directorate of International Cooperation', 'RUS', 'ministry'],
    ['Ministry of Defence', 'RUS', 'ministry'],
    ['Turkish General Staff', 'TUR', 'armed_force'],
  ]);
  assert.deepEqual(orgs("Kenya's Chief of Army Staff met Ghana's Joint Chiefs of Staff Chairman."), [['Joint Chiefs of Staff', 'GHA', 'armed_force']]);
});

test('in a defence story naming no other ministry, a bare "the ministry" is the Defence Ministry of the publishing side', () => {
  assert.deepEqual(orgs('date 2024-06-12\nATHENS (ANA) - Defence Minister Nikos Pappas will visit Paris next week, the ministry said.'), [['Ministry of Defence', 'GRC', 'ministry']]);
  assert.deepEqual(orgs('date 2024-06-12\nThe Foreign Ministry said the defence minister will visit Paris, the ministry said.').map((o) => o[0]), ['Foreign Ministry']);
});
