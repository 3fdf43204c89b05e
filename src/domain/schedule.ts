import { addDays, dateInZone, isoWeekday, zonedInstant } from './time.js';

/** A time of day in the organisation's zone, on some weekdays (1 = Monday … 7 = Sunday). */
export interface DailySchedule {
  time: string;
  weekdays: number[];
}

export interface Occurrence {
  /** The local date the occurrence belongs to. */
  date: string;
  at: Date;
}

/**
 * The latest occurrence of a daily schedule at or before `now`, looking back at most a week. A scheduler
 * that was down catches up this one occurrence only, never every one it missed.
 */
export function latestOccurrence(schedule: DailySchedule, now: Date, timeZone: string): Occurrence | null {
  const today = dateInZone(now, timeZone);
  for (let back = 0; back <= 7; back++) {
    const date = addDays(today, -back);
    if (!schedule.weekdays.includes(isoWeekday(date))) continue;
    const at = zonedInstant(date, schedule.time, timeZone);
    if (at.getTime() <= now.getTime()) return { date, at };
  }
  return null;
}
