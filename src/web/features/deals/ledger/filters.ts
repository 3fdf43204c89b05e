import type { Query } from '../../../api-client';

/** The ledger's filters as they live in the URL (amounts in yuan there; minor units go to the API). */
export const FILTER_KEYS = [
  'q',
  'stage',
  'ownerId',
  'teamId',
  'light',
  'status',
  'stalledDays',
  'closeFrom',
  'closeTo',
  'amountMin',
  'amountMax',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const SORTS = [
  'amount',
  '-amount',
  'expectedCloseDate',
  '-expectedCloseDate',
  'lastFollowupAt',
  '-lastFollowupAt',
  'updatedAt',
  '-updatedAt',
] as const;
export type SortKey = (typeof SORTS)[number];
export const DEFAULT_SORT: SortKey = '-updatedAt';

export const PAGE_SIZE = 50;

export function readSort(params: URLSearchParams): SortKey {
  const sort = params.get('sort');
  return (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : DEFAULT_SORT;
}

/** Only the filter part of the URL, in a stable order (to compare views and key caches). */
export function filterString(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) out.set(key, value);
  }
  return out.toString();
}

export function hasFilters(params: URLSearchParams): boolean {
  return filterString(params) !== '';
}

const yuanToMinor = (text: string | null): number | undefined => {
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : undefined;
};

/** The GET /api/deals query for the URL's filters (`ownerId=me` becomes the signed-in user). */
export function apiQuery(params: URLSearchParams, meId: string): Query {
  const query: Query = { sort: readSort(params), limit: PAGE_SIZE };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (!value) continue;
    if (key === 'amountMin' || key === 'amountMax') query[key] = yuanToMinor(value);
    else if (key === 'ownerId' && value === 'me') query.ownerId = meId;
    else query[key] = value;
  }
  return query;
}

/** The current calendar quarter as YYYY-MM-DD bounds (browser time). */
export function quarterRange(now: Date = new Date()): { from: string; to: string } {
  const year = now.getFullYear();
  const first = Math.floor(now.getMonth() / 3) * 3;
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(year, first + 3, 0).getDate();
  return { from: `${year}-${pad(first + 1)}-01`, to: `${year}-${pad(first + 3)}-${pad(lastDay)}` };
}
