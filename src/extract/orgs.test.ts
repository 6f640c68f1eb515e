import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extendGazetteer } from './gazetteer.ts';
// Records as the scorer reads them: confidence and visit links are tested in confidence.test.ts.
import { extractScored as extract } from './testing.ts';

test('aliases of one organisation merge into one record', () => {
  const text =
    'The delegation visited Israel Aerospace Industries in Lod. IAI showcased drones. ' +
    'Scientists from the Defence Research and Development Organisation (DRDO) joined; DRDO later hosted them.';
  const orgs = extract(text).organizations;
  assert.deepEqual(orgs, [
    { name: 'Israel Aerospace Industries', country: 'ISR', kind: 'company' },
    { name: 'Defence Research and Development Organisation', country: 'IND', kind: 'research' },
  ]);
});

test('ministries are named without their country and one per country', () => {
  const text =
    "The JWG is the apex body between the Defence Ministries of India and Kenya. Israel's Ministry of Defence sent observers.";
  const orgs = extract(text).organizations;
  assert.deepEqual(
    orgs.map((o) => [o.name, o.country, o.kind]),
    [
      ['Ministry of Defence', 'IND', 'ministry'],
      ['Ministry of Defence', 'KEN', 'ministry'],
      ['Ministry of Defence', 'ISR', 'ministry'],
    ],
  );
});

test('unknown organisations are found by their head noun', () => {
  const orgs = extract('Officials of the Naval Shipbuilding Authority of Kenya and the Eastern Fleet Command of Ghana met.').organizations;
  assert.deepEqual(orgs, [
    { name: 'Naval Shipbuilding Authority', country: 'KEN', kind: 'agency' },
    { name: 'Eastern Fleet Command', country: 'GHA', kind: 'armed_force' },
  ]);
});

test('the gazetteer grows with records passed at run time', () => {
  const gazetteer = extendGazetteer({
    organizations: [{ name: 'Zorya Spetsmash', aliases: ['ZS'], country: 'UKR', kind: 'company' }],
    people: [{ name: 'Olena Marchenko', title: 'Deputy Minister', country: 'UKR' }],
  });
  const text = 'Olena Marchenko said ZS will supply drones; Zorya Spetsmash confirmed.';
  const r = extract(text, { gazetteer });
  assert.deepEqual(r.organizations, [{ name: 'Zorya Spetsmash', country: 'UKR', kind: 'company' }]);
  assert.deepEqual(r.people, [{ name: 'Olena Marchenko', title: null, country: 'UKR' }]);
  // The built-in gazetteer is unchanged.
  assert.deepEqual(extract(text).organizations, []);
});
