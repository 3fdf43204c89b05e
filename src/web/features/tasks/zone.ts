import { useEffect, useState } from 'react';
import { api } from '../../api-client';

let cachedZone: Promise<string> | null = null;

/** The organisation's time zone (GET /api/settings, asked once per page load); the browser's until it is known. */
export function useOrgTimeZone(): string {
  const [zone, setZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  useEffect(() => {
    let alive = true;
    cachedZone ??= api.get<{ timezone: string }>('/api/settings').then(
      (s) => s.timezone,
      () => {
        cachedZone = null;
        return Intl.DateTimeFormat().resolvedOptions().timeZone;
      },
    );
    void cachedZone.then((z) => {
      if (alive) setZone(z);
    });
    return () => {
      alive = false;
    };
  }, []);
  return zone;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** The instant (ISO, UTC) a wall-clock date (YYYY-MM-DD) and time (HH:mm) happens in a zone. */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMinutes(guess, timeZone) * 60_000;
  return new Date(guess - offsetMinutes(first, timeZone) * 60_000).toISOString();
}
