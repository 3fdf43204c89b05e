import { describe, expect, it } from 'vitest';
import { addDays, DAY_MS, dateInZone, isCalendarDate, startOfDateInZone, wholeDaysBetween } from './time.js';

describe('dateInZone', () => {
  it('gives the calendar date of the zone, not of UTC, around midnight', () => {
    const lateUtc = new Date('2026-03-02T16:30:00.000Z');
    expect(dateInZone(lateUtc, 'UTC')).toBe('2026-03-02');
    expect(dateInZone(lateUtc, 'Asia/Shanghai')).toBe('2026-03-03');
    expect(dateInZone(new Date('2026-03-02T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(dateInZone(new Date('2026-03-02T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-03-03');
    expect(dateInZone(new Date('2026-03-02T03:00:00.000Z'), 'America/New_York')).toBe('2026-03-01');
  });

  it('crosses years', () => {
    expect(dateInZone(new Date('2025-12-31T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-01-01');
  });
});

describe('addDays', () => {
  it('moves across months, years and leap days, both ways', () => {
    expect(addDays('2026-03-02', 2)).toBe('2026-03-04');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-02', 0)).toBe('2026-03-02');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('is not thrown by DST (it works on calendar dates)', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
  });
});

describe('wholeDaysBetween', () => {
  const from = new Date('2026-03-01T00:00:00.000Z');
  it('rounds down', () => {
    expect(wholeDaysBetween(from, new Date(from.getTime() + DAY_MS - 1))).toBe(0);
    expect(wholeDaysBetween(from, new Date(from.getTime() + DAY_MS))).toBe(1);
    expect(wholeDaysBetween(from, new Date(from.getTime() + 7.9 * DAY_MS))).toBe(7);
  });
  it('is never negative', () => {
    expect(wholeDaysBetween(from, new Date(from.getTime() - 3 * DAY_MS))).toBe(0);
  });
});

describe('isCalendarDate', () => {
  it('accepts real YYYY-MM-DD days only', () => {
    for (const ok of ['2026-03-02', '2028-02-29', '2026-12-31', '2000-02-29'])
      expect(isCalendarDate(ok), ok).toBe(true);
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-3-2',
      '2026/03/02',
      ' 2026-03-02',
      '2026-03-02T00:00:00Z',
      '',
      '２０２６-03-02',
    ]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
  });
});

describe('startOfDateInZone', () => {
  /** The instant starts the day: it is on the date, and a millisecond earlier is the day before. */
  function expectStartOfDay(date: string, zone: string, iso: string) {
    const start = startOfDateInZone(date, zone);
    expect(start.toISOString(), `${date} ${zone}`).toBe(iso);
    expect(dateInZone(start, zone)).toBe(date);
    expect(dateInZone(new Date(start.getTime() - 1), zone)).toBe(addDays(date, -1));
  }

  it('Asia/Shanghai (no DST) starts the day at 16:00 UTC the day before', () => {
    expectStartOfDay('2026-03-02', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z');
    expectStartOfDay('2026-01-01', 'Asia/Shanghai', '2025-12-31T16:00:00.000Z');
  });

  it('UTC is midnight UTC', () => {
    expectStartOfDay('2026-03-02', 'UTC', '2026-03-02T00:00:00.000Z');
  });

  it('America/New_York across both DST changes (23- and 25-hour days)', () => {
    expectStartOfDay('2026-03-07', 'America/New_York', '2026-03-07T05:00:00.000Z'); // EST
    expectStartOfDay('2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'); // clocks spring forward at 02:00
    expectStartOfDay('2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'); // EDT
    expect(
      startOfDateInZone('2026-03-09', 'America/New_York').getTime() -
        startOfDateInZone('2026-03-08', 'America/New_York').getTime(),
    ).toBe(23 * 3_600_000);
    expectStartOfDay('2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'); // clocks fall back at 02:00
    expectStartOfDay('2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z');
    expect(
      startOfDateInZone('2026-11-02', 'America/New_York').getTime() -
        startOfDateInZone('2026-11-01', 'America/New_York').getTime(),
    ).toBe(25 * 3_600_000);
  });

  it('Europe/London on its DST days', () => {
    expectStartOfDay('2026-03-29', 'Europe/London', '2026-03-29T00:00:00.000Z');
    expectStartOfDay('2026-03-30', 'Europe/London', '2026-03-29T23:00:00.000Z');
    expectStartOfDay('2026-10-25', 'Europe/London', '2026-10-24T23:00:00.000Z');
  });

  it('zones whose DST jump skips midnight itself start the day when the clock resumes', () => {
    // Santiago springs from 00:00 to 01:00 (-04 → -03): the day begins at 01:00 local = 04:00 UTC.
    expectStartOfDay('2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z');
    expectStartOfDay('2026-04-05', 'America/Santiago', '2026-04-05T04:00:00.000Z');
    // Beirut springs from 00:00 to 01:00 (+02 → +03).
    expectStartOfDay('2026-03-29', 'Asia/Beirut', '2026-03-28T22:00:00.000Z');
  });

  it('half-hour DST (Australia/Lord_Howe)', () => {
    expectStartOfDay('2026-10-04', 'Australia/Lord_Howe', '2026-10-03T13:30:00.000Z');
    expectStartOfDay('2026-10-05', 'Australia/Lord_Howe', '2026-10-04T13:00:00.000Z');
  });
});
