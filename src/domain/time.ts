/** Calendar and clock helpers: all pure, the current instant is always passed in. */

export const DAY_MS = 86_400_000;

// Building an Intl.DateTimeFormat costs ~0.3 ms (formatting with one ~3 µs) and every deal list computes
// the light's cutoffs twice: keep one formatter per zone (there are a few hundred zones at most).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const partsFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) cache.set(timeZone, (format = make()));
  return format;
}

/** The calendar date (YYYY-MM-DD) of `instant` in the given IANA time zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  return cachedFormat(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  return shifted.toISOString().slice(0, 10);
}

/** Whole days between two instants, rounded down, never negative. */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/** Checks a YYYY-MM-DD string names a real calendar day. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The UTC instant at which a calendar date starts in the given time zone. */
export function startOfDateInZone(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // The zone's offset at the guessed instant; corrected once more for days with a DST change.
  const first = guess - zoneOffsetMs(new Date(guess), timeZone);
  const second = guess - zoneOffsetMs(new Date(first), timeZone);
  // Where a DST jump skips midnight itself (America/Santiago, Asia/Beirut) one candidate lands on the
  // previous day; the day then starts at the earliest candidate that falls on it.
  const onDate = [first, second].filter((instant) => dateInZone(new Date(instant), timeZone) === date);
  return new Date(onDate.length > 0 ? Math.min(...onDate) : second);
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = cachedFormat(
    partsFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  ).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetweenDates(from: string, to: string): number {
  const day = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return Date.UTC(y, m - 1, d) / DAY_MS;
  };
  return day(to) - day(from);
}

/** The local wall-clock "YYYY-MM-DD HH:MM" of `instant` in the zone. */
function wallClock(instant: number, timeZone: string): string {
  const parts = cachedFormat(
    partsFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  ).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The instant a local date and time (HH:MM) happens in the zone. A time repeated by a DST fall-back
 * happens at its first occurrence; a time skipped by a spring-forward jump happens as many minutes after
 * the jump as it was after the skipped start (02:30 on a 02:00→03:00 night is 03:30).
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - zoneOffsetMs(new Date(guess), timeZone);
  const second = guess - zoneOffsetMs(new Date(first), timeZone);
  const wanted = `${date} ${time}`;
  // Around a fall-back both offsets can name the wanted wall time an hour apart: take the earlier.
  const candidates = [first, second, first - 3_600_000, second - 3_600_000].filter(
    (instant) => wallClock(instant, timeZone) === wanted,
  );
  return new Date(candidates.length > 0 ? Math.min(...candidates) : Math.max(first, second));
}
