import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDates, pastWeekday } from './dates.ts';
import { extract } from './index.ts';

test('a bare weekday is the latest such day on or before publication', () => {
  // 2025-11-06 is a Thursday.
  assert.equal(findDates('The meeting was held on Tuesday.', '2025-11-06')[0]?.start, '2025-11-04');
  assert.equal(findDates('They met on Thursday.', '2025-11-06')[0]?.start, '2025-11-06');
  assert.equal(findDates('He left on Friday.', '2025-11-06')[0]?.start, '2025-10-31');
  assert.equal(pastWeekday('2025-11-06', 1), '2025-11-03');
});

test('relative dates stay null without a publication date', () => {
  assert.deepEqual(findDates('The talks were held on Tuesday.', null), []);
  assert.deepEqual(findDates('It happened yesterday.', null), []);
  assert.equal(findDates('The talks were held on March 3, 2024.', null)[0]?.start, '2024-03-03');
});

test('day and month without a year take the year nearest before publication', () => {
  assert.equal(findDates('held on October 27 in Tel Aviv', '2021-10-29')[0]?.start, '2021-10-27');
  assert.equal(findDates('signed on December 30', '2024-01-02')[0]?.start, '2023-12-30');
});

test('ranges, yesterday, and vague or month-only mentions', () => {
  const range = findDates('on a visit from May 02-04, 2024', '2024-05-03')[0];
  assert.deepEqual([range?.start, range?.end], ['2024-05-02', '2024-05-04']);
  assert.equal(findDates('led the dialogue yesterday', '2022-12-06')[0]?.start, '2022-12-05');
  assert.deepEqual(findDates('to hold the next meeting in December 2025', '2025-11-10'), []);
  assert.deepEqual(findDates('convened this week later in the day', '2025-11-10'), []);
});

test('reporting dates are marked so events prefer their own dates', () => {
  const [d] = findDates('the Navy said on Thursday', '2023-06-08');
  assert.equal(d?.reporting, true);
});

test('the date line sets publication; options.published overrides it', () => {
  const text = 'date 2025-11-06\nThe 3rd meeting of the Joint Working Group was held on Tuesday in Tel Aviv.';
  const meeting = (t: string, published?: string) => extract(t, published ? { published } : {}).events.find((e) => e.type === 'meeting');
  assert.equal(meeting(text)?.type === 'meeting' && meeting(text)?.date_start, '2025-11-04');
  const overridden = meeting(text, '2025-11-13');
  assert.equal(overridden?.type === 'meeting' && overridden.date_start, '2025-11-11');
  const undated = meeting('The 3rd meeting of the Joint Working Group was held on Tuesday in Tel Aviv.');
  assert.equal(undated?.type === 'meeting' && undated.date_start, null);
  assert.equal(extract(text).source.published, '2025-11-06');
});
