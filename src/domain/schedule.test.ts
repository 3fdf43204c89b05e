import { describe, expect, it } from 'vitest';
import { latestOccurrence } from './schedule.js';
import { daysBetweenDates, isoWeekday, zonedInstant } from './time.js';

const WORKDAYS = [1, 2, 3, 4, 5];

describe('zonedInstant', () => {
  it('places a local time in a zone without DST', () => {
    expect(zonedInstant('2026-11-27', '17:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(zonedInstant('2026-11-27', '00:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-26T16:00:00.000Z');
  });

  it('follows the offset on either side of a DST change', () => {
    expect(zonedInstant('2026-03-07', '17:00', 'America/New_York').toISOString()).toBe('2026-03-07T22:00:00.000Z');
    expect(zonedInstant('2026-03-09', '17:00', 'America/New_York').toISOString()).toBe('2026-03-09T21:00:00.000Z');
    expect(zonedInstant('2026-10-24', '17:00', 'Europe/Berlin').toISOString()).toBe('2026-10-24T15:00:00.000Z');
    expect(zonedInstant('2026-10-26', '17:00', 'Europe/Berlin').toISOString()).toBe('2026-10-26T16:00:00.000Z');
  });

  it('moves a time skipped by spring-forward past the jump, and takes the first of a repeated time', () => {
    // New York skips 02:00–03:00 on 2026-03-08: 02:30 becomes 03:30 EDT.
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 2026-11-01: first in EDT.
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('counts weekdays and days between dates', () => {
    expect(isoWeekday('2026-11-27')).toBe(5);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(daysBetweenDates('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetweenDates('2026-03-02', '2026-02-27')).toBe(-3);
  });
});

describe('latestOccurrence', () => {
  const schedule = { time: '17:00', weekdays: WORKDAYS };

  it('is today once the time has passed, the previous workday before', () => {
    // Friday 2026-11-27 17:00 in Shanghai is 09:00Z.
    expect(latestOccurrence(schedule, new Date('2026-11-27T09:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-11-27',
      at: new Date('2026-11-27T09:00:00Z'),
    });
    expect(latestOccurrence(schedule, new Date('2026-11-27T08:59:59Z'), 'Asia/Shanghai')?.date).toBe('2026-11-26');
  });

  it('skips days off: on Monday morning the latest is Friday', () => {
    expect(latestOccurrence(schedule, new Date('2026-11-30T01:00:00Z'), 'Asia/Shanghai')?.date).toBe('2026-11-27');
  });

  it('is null when no weekday is chosen', () => {
    expect(
      latestOccurrence({ time: '17:00', weekdays: [] }, new Date('2026-11-30T01:00:00Z'), 'Asia/Shanghai'),
    ).toBeNull();
  });

  it('keeps the local time across a DST change', () => {
    const ny = latestOccurrence(schedule, new Date('2026-03-09T21:30:00Z'), 'America/New_York');
    expect(ny).toEqual({ date: '2026-03-09', at: new Date('2026-03-09T21:00:00Z') });
  });
});
