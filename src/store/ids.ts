import { randomBytes } from 'node:crypto';

/** Crockford base32, lower case: the characters of every id. */
export const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastMs = -1;
let sequence = 0;

/** `value` as `length` base32 characters, most significant first. */
export function base32(value: number, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

/**
 * A new opaque id: 10 characters of time, 3 of a per-millisecond sequence, 9 random (Crockford base32,
 * lower case). Ids made by one process sort in creation order, so keyset pages and "newest first" ties
 * stay stable even when many rows share one timestamp.
 */
export function newId(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    sequence = randomBytes(2).readUInt16BE(0) % 1024;
  } else {
    sequence++;
    if (sequence >= 32 ** 3) {
      lastMs++;
      sequence = 0;
    }
  }
  const bytes = randomBytes(9);
  let random = '';
  for (const byte of bytes) random += ALPHABET[byte % 32];
  return base32(lastMs, 10) + base32(sequence, 3) + random;
}
