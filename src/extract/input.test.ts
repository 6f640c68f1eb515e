import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExtractionInputError, extract } from './index.ts';

const EMPTY = { source: { title: null, publisher: null, url: null, published: null }, events: [], people: [], organizations: [] };

test('empty and whitespace-only text give an empty result', () => {
  assert.deepEqual(extract(''), EMPTY);
  assert.deepEqual(extract('  \n\t\n'), EMPTY);
  assert.deepEqual(extract('date 2024-01-01\n').events, []);
});

test('binary content is rejected with a clear error', () => {
  assert.throws(() => extract('PK\u0003\u0004\u0000\u0000binary'), (e: unknown) => e instanceof ExtractionInputError && /binary/.test(e.message));
  const mojibake = '\uFFFD'.repeat(50) + 'some text';
  assert.throws(() => extract(mojibake), ExtractionInputError);
});

test('text over 10 MB is rejected', () => {
  const big = 'India and Israel held talks. '.repeat(Math.ceil((10 * 1024 * 1024 + 10) / 29));
  assert.throws(() => extract(big), (e: unknown) => e instanceof ExtractionInputError && /10 MB/.test(e.message));
});

test('non-English text gives an empty result, never a crash', () => {
  const samples = [
    'שר הביטחון ישראל כ"ץ נפגש עם מזכיר ההגנה של הודו בתל אביב ביום שלישי.',
    'रक्षा सचिव राजेश कुमार सिंह ने मंगलवार को तेल अवीव में इज़राइली रक्षा मंत्री से मुलाकात की।',
    "Le ministre de la Défense et son homologue indien ont signé un protocole d'accord à Paris pour la coopération.",
  ];
  for (const text of samples) {
    const r = extract(text);
    assert.deepEqual([r.events, r.people, r.organizations], [[], [], []]);
  }
});

test('odd but valid input does not crash', () => {
  for (const text of ['date 2024-13-45\nHello.', '((((', 'Mr. Dr. Gen. Lt.', '"', 'The 1st 2nd 3rd meeting of the of the', 'A'.repeat(5000)]) {
    assert.doesNotThrow(() => extract(text), text.slice(0, 20));
  }
});
