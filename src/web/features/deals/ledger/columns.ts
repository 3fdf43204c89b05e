/** The ledger's optional columns; the title column is always shown. */
export const COLUMN_KEYS = [
  'account',
  'stage',
  'amount',
  'probability',
  'expectedClose',
  'owner',
  'lastFollowup',
  'nextStep',
  'light',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

const key = (userId: string) => `tz.ledger.hiddenColumns.${userId}`;

export function loadHiddenColumns(userId: string): ColumnKey[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((c): c is ColumnKey => (COLUMN_KEYS as readonly string[]).includes(c))
      : [];
  } catch {
    return [];
  }
}

export function storeHiddenColumns(userId: string, hidden: ColumnKey[]): void {
  localStorage.setItem(key(userId), JSON.stringify(hidden));
}
