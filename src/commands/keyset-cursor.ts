/**
 * Keyset cursors of account, contact and product lists: base64url JSON of [sort, last value, last id].
 * The sort is inside so a cursor from another sort order is refused rather than misread.
 */
export function encodeKeysetCursor(sort: string, value: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

/** The position a cursor names, or null when it is unreadable or made for another sort. */
export function decodeKeysetCursor(cursor: string, sort: string): { value: string | number | null; id: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === sort &&
      typeof parsed[2] === 'string' &&
      (parsed[1] === null || typeof parsed[1] === 'string' || typeof parsed[1] === 'number')
    ) {
      return { value: parsed[1] as string | number | null, id: parsed[2] };
    }
  } catch {
    // fall through: an unreadable cursor is a field error for the caller
  }
  return null;
}
