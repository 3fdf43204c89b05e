import { describe, expect, it } from 'vitest';
import { dailyUpdateRates, foldPeriods, type RateDeal, rateOf, weekStart } from './update-rate.js';

const TZ = 'Asia/Shanghai';
// Local dates in Shanghai: 2026-11-23 is a Monday. 16:00Z is midnight of the next local day.
const deal = (
  id: string,
  ownerId: string,
  createdAt: string,
  closedAt: string | null = null,
  deletedAt: string | null = null,
): RateDeal => ({ id, ownerId, createdAt, closedAt, deletedAt });

describe('dailyUpdateRates', () => {
  const deals = [
    deal('a', 'rep1', '2026-11-01T02:00:00Z'),
    deal('b', 'rep1', '2026-11-01T02:00:00Z'),
    deal('c', 'rep2', '2026-11-24T03:00:00Z'), // created Tuesday: counts as touched that day
    deal('d', 'rep2', '2026-11-01T02:00:00Z', '2026-11-24T05:00:00Z'), // won on Tuesday
  ];
  const touches = new Map([
    ['a', ['2026-11-23T09:00:00Z', '2026-11-25T15:59:00Z']], // Monday; Wednesday 23:59 local
    ['b', ['2026-11-22T16:30:00Z']], // Monday 00:30 local (Sunday in UTC)
    ['d', ['2026-11-24T05:00:00Z']],
  ]);

  it('counts the deals active each day and those touched that day (window 1)', () => {
    const days = dailyUpdateRates(deals, touches, '2026-11-23', '2026-11-26', 1, TZ);
    expect(days.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    // Monday: a, b, d active (c not yet created); a and b touched.
    expect(days[0].total).toEqual(rateOf(3, 2));
    expect(days[0].byOwner.get('rep1')).toEqual({ active: 2, updated: 2, rate: 1 });
    expect(days[0].byOwner.get('rep2')).toEqual({ active: 1, updated: 0, rate: 0 });
    // Tuesday: d is closed that day (still counted, its closing is the update) and c is created.
    expect(days[1].byOwner.get('rep2')).toEqual({ active: 2, updated: 2, rate: 1 });
    expect(days[1].byOwner.get('rep1')).toEqual({ active: 2, updated: 0, rate: 0 });
    // Wednesday: d is gone; a touched at 23:59 local.
    expect(days[2].total).toEqual(rateOf(3, 1));
    expect(days[3].total).toEqual({ active: 3, updated: 0, rate: 0 });
  });

  it('widens to the expected window: with 3 days, Monday’s touch still counts on Wednesday', () => {
    const days = dailyUpdateRates(deals, touches, '2026-11-25', '2026-11-26', 3, TZ);
    expect(days[0].byOwner.get('rep1')).toEqual({ active: 2, updated: 2, rate: 1 });
    // Thursday: b's Monday touch is out of the window (Tue–Thu), a's Wednesday one is in.
    expect(days[1].byOwner.get('rep1')).toEqual({ active: 2, updated: 1, rate: 0.5 });
  });

  it('leaves out deleted deals from the day after their deletion', () => {
    const days = dailyUpdateRates(
      [deal('x', 'rep1', '2026-11-01T00:00:00Z', null, '2026-11-23T10:00:00Z')],
      new Map(),
      '2026-11-23',
      '2026-11-24',
      1,
      TZ,
    );
    expect(days[0].total.active).toBe(1);
    expect(days[1].total).toEqual({ active: 0, updated: 0, rate: null });
  });
});

describe('foldPeriods', () => {
  it('weighs a week by deal-days and skips days off', () => {
    const deals = [deal('a', 'rep1', '2026-11-01T00:00:00Z')];
    const touches = new Map([['a', ['2026-11-23T02:00:00Z', '2026-11-29T02:00:00Z']]]);
    const days = dailyUpdateRates(deals, touches, '2026-11-23', '2026-11-30', 1, TZ);
    const weeks = foldPeriods(days, 'week', [1, 2, 3, 4, 5]);
    expect(weeks.map((w) => w.period)).toEqual(['2026-11-23', '2026-11-30']);
    // Mon–Fri of the first week: 5 deal-days, touched on Monday only (the Sunday touch is a day off).
    expect(weeks[0].total).toEqual({ active: 5, updated: 1, rate: 0.2 });
    expect(weeks[0].byOwner.get('rep1')).toEqual({ active: 5, updated: 1, rate: 0.2 });
    expect(foldPeriods(days, 'day', [1, 2, 3, 4, 5])).toHaveLength(6);
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
  });
});
