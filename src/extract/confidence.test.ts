// Confidence per record and slot, and what the extractor adds for the application beyond the
// scored schema: a visit's place and the meeting of the same trip.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidenceOf } from './confidence.ts';
import { CONFIDENCE_MODEL } from './confidence-model.ts';
import { extract } from './index.ts';
import type { VisitEvent } from './types.ts';

const STORY =
  'date 2022-05-26\nNew Delhi: The 11th meeting of the India-Kenya Joint Defence Cooperation Committee was held in New Delhi on May 24, 2022. ' +
  'It was co-chaired by Joint Secretary Meera Pillai and Principal Secretary Patrick Mariru. ' +
  'The Kenyan delegation also interacted with Indian defence industries and visited Bharat Electronics Limited, Ghaziabad, to see radar production.';

test('every record and every stated slot has a confidence between 0 and 1; blank slots have none', () => {
  const x = extract(STORY);
  for (const r of [...x.events, ...x.people, ...x.organizations]) {
    const c = r.confidence;
    assert.ok(c, JSON.stringify(r));
    assert.ok(c.record > 0 && c.record < 1);
    for (const [slot, v] of Object.entries(c.slots)) {
      assert.ok(v > 0 && v < 1, `${slot} ${v}`);
      const value = (r as unknown as Record<string, unknown>)[slot];
      assert.ok(value !== null && value !== undefined && !(Array.isArray(value) && !value.length), `confidence for blank ${slot}`);
    }
    assert.equal('why' in r, false);
  }
});

test('confidence is the share of right values found the same way, smoothed; unseen sources fall back to the slot', () => {
  const cell = CONFIDENCE_MODEL.meeting?.venue?.clause;
  assert.ok(cell, 'the model has meeting venues read in their clause');
  const [right, total] = cell;
  const c = confidenceOf('meeting', { venue: 'clause' }, { venue: 'Nairobi' });
  assert.equal(c.slots.venue, Math.round(((right + 1) / (total + 2)) * 100) / 100);
  const all = Object.values(CONFIDENCE_MODEL.meeting?.venue ?? {});
  const overall = (all.reduce((a, [r]) => a + r, 0) + 1) / (all.reduce((a, [, n]) => a + n, 0) + 2);
  assert.equal(confidenceOf('meeting', { venue: 'never-seen' }, { venue: 'Nairobi' }).slots.venue, Math.round(overall * 100) / 100);
  assert.equal(confidenceOf('meeting', {}, { not_a_slot: 'x' }).slots.not_a_slot, 0.5);
});

test('with explain, each record says where its values came from', () => {
  const x = extract(STORY, { explain: true });
  const meeting = x.events.find((e) => e.type === 'meeting');
  assert.equal(meeting?.why?.venue, 'clause');
  assert.equal(meeting?.why?.co_chairs, 'co-chaired');
});

test('a visit gets the town it went to, its purpose, and the meeting of the same trip', () => {
  const x = extract(STORY);
  const visit = x.events.find((e): e is VisitEvent => e.type === 'visit');
  assert.equal(visit?.place, 'Ghaziabad');
  assert.equal(visit?.purpose, 'see radar production');
  assert.deepEqual(visit?.hosts, ['Bharat Electronics Limited']);
  const meeting = visit?.meeting;
  assert.equal(typeof meeting, 'number');
  assert.equal(x.events[meeting ?? -1]?.type, 'meeting');
  // A visit between other countries than the meeting's is no part of it.
  const other = extract(`${STORY} Separately, a Ghanaian delegation visited Garden Reach Shipbuilders & Engineers in Kolkata.`);
  const ghana = other.events.find((e): e is VisitEvent => e.type === 'visit' && e.delegation_country === 'GHA');
  assert.equal(ghana?.meeting, null);
});
