/** How a failed notification is tried again: waits that double up to a cap, for a limited number of attempts. */
export interface RetryPolicy {
  /** Wait after the first failed attempt. */
  firstDelayMs: number;
  /** Each further failure multiplies the wait by this. */
  factor: number;
  /** No wait is longer than this, not even one a server asked for with Retry-After. */
  maxDelayMs: number;
  /** After this many failed attempts the notification is given up and its channel counts as failing. */
  maxAttempts: number;
}

// 1, 2, 4, 8, 16, 32, 60 minutes: the eighth failure, about two hours after the first send, gives up,
// because a reminder that arrives later than that has lost its point.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 60_000,
  factor: 2,
  maxDelayMs: 3_600_000,
  maxAttempts: 8,
};

/** Up to this share of the wait is added by `spread`, so failures that happened together retry apart. */
const SPREAD_SHARE = 0.2;

export interface NextAttemptOptions {
  policy?: RetryPolicy;
  /** The wait the receiving server asked for (HTTP Retry-After), if any. */
  retryAfterMs?: number | null;
  /** A number in [0, 1) that is stable per notification (`retrySpread(key)`); 0 adds nothing. */
  spread?: number;
}

/** True once `failedAttempts` failures mean the notification is given up and its channel is failing. */
export function attemptsExhausted(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  return failedAttempts >= policy.maxAttempts;
}

/** When to try again after `failedAttempts` failures (1 = the first send failed), or null once they are used up. */
export function nextAttemptAt(failedAttempts: number, now: Date, options: NextAttemptOptions = {}): Date | null {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1)
    throw new RangeError(`failedAttempts must be a whole number ≥ 1, got ${failedAttempts}`);
  if (attemptsExhausted(failedAttempts, policy)) return null;
  // Math.min before multiplying by a huge power keeps the number finite for any attempt count.
  const exponent = Math.min(failedAttempts - 1, 64);
  const backoff = Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** exponent);
  const spread = Math.min(Math.max(options.spread ?? 0, 0), 1);
  const spreadBackoff = Math.min(policy.maxDelayMs, backoff * (1 + SPREAD_SHARE * spread));
  const asked = Math.min(Math.max(options.retryAfterMs ?? 0, 0), policy.maxDelayMs);
  return new Date(now.getTime() + Math.round(Math.max(spreadBackoff, asked)));
}

/** A stable number in [0, 1) for a notification key (FNV-1a), to pass as `spread`. */
export function retrySpread(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 4294967296;
}
