import { describe, expect, it } from 'vitest';
import {
  attemptsExhausted,
  DEFAULT_RETRY_POLICY,
  nextAttemptAt,
  type RetryPolicy,
  retrySpread,
} from './retry-backoff.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const MINUTE = 60_000;

const waitAfter = (failedAttempts: number, options?: Parameters<typeof nextAttemptAt>[2]) => {
  const at = nextAttemptAt(failedAttempts, NOW, options);
  return at === null ? null : at.getTime() - NOW.getTime();
};

describe('nextAttemptAt', () => {
  it('doubles the wait from one minute up to the one-hour cap', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => waitAfter(n));
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60].map((m) => m * MINUTE));
  });

  it('gives up after the maximum number of attempts', () => {
    expect(waitAfter(DEFAULT_RETRY_POLICY.maxAttempts - 1)).not.toBeNull();
    expect(waitAfter(DEFAULT_RETRY_POLICY.maxAttempts)).toBeNull();
    expect(waitAfter(DEFAULT_RETRY_POLICY.maxAttempts + 5)).toBeNull();
    expect(attemptsExhausted(DEFAULT_RETRY_POLICY.maxAttempts - 1)).toBe(false);
    expect(attemptsExhausted(DEFAULT_RETRY_POLICY.maxAttempts)).toBe(true);
  });

  it('follows a custom policy, and stays finite for any attempt count', () => {
    const policy: RetryPolicy = { firstDelayMs: 1000, factor: 3, maxDelayMs: 20_000, maxAttempts: 10_000 };
    expect([1, 2, 3, 4].map((n) => waitAfter(n, { policy }))).toEqual([1000, 3000, 9000, 20_000]);
    expect(waitAfter(5000, { policy })).toBe(20_000);
  });

  it('adds up to a fifth of the wait by spread, never beyond the cap', () => {
    expect(waitAfter(1, { spread: 0.5 })).toBe(1.1 * MINUTE);
    expect(waitAfter(2, { spread: 0.999 })).toBeLessThan(2.4 * MINUTE);
    expect(waitAfter(7, { spread: 0.9 })).toBe(60 * MINUTE);
    // Out-of-range spreads are clamped rather than trusted.
    expect(waitAfter(1, { spread: -3 })).toBe(MINUTE);
    expect(waitAfter(1, { spread: 7 })).toBe(1.2 * MINUTE);
  });

  it('waits at least as long as the server asked, up to the cap', () => {
    expect(waitAfter(1, { retryAfterMs: 5 * MINUTE })).toBe(5 * MINUTE);
    expect(waitAfter(3, { retryAfterMs: 30_000 })).toBe(4 * MINUTE);
    expect(waitAfter(1, { retryAfterMs: 24 * 60 * MINUTE })).toBe(60 * MINUTE);
    expect(waitAfter(1, { retryAfterMs: null })).toBe(MINUTE);
  });

  it('refuses attempt numbers that are not whole and positive', () => {
    expect(() => nextAttemptAt(0, NOW)).toThrow(RangeError);
    expect(() => nextAttemptAt(1.5, NOW)).toThrow(RangeError);
  });
});

describe('retrySpread', () => {
  it('is stable per key, within [0, 1), and differs between keys', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `daily_update_reminder:user-${i}:2026-03-02`);
    const spreads = keys.map(retrySpread);
    expect(spreads.every((s) => s >= 0 && s < 1)).toBe(true);
    expect(retrySpread(keys[0])).toBe(spreads[0]);
    expect(new Set(spreads).size).toBe(keys.length);
    // Spread across the range rather than bunched: some in each quarter.
    for (let quarter = 0; quarter < 4; quarter += 1) {
      expect(spreads.some((s) => s >= quarter / 4 && s < (quarter + 1) / 4)).toBe(true);
    }
    expect(retrySpread('')).toBeCloseTo(0x811c9dc5 / 4294967296);
  });
});
