import { api, type Deal, type Me, type Page, type Query, queryString } from '../../../api-client';
import { loadPipeline } from '../usePipeline';
import { apiQuery } from './filters';

/** One page of GET /api/deals (null cursor: the first page, which also counts the total). */
export function fetchDealPage(query: Query, cursor: string | null, signal?: AbortSignal): Promise<Page<Deal>> {
  return api.get<Page<Deal>>('/api/deals', { ...query, cursor, count: cursor === null }, signal);
}

interface Prefetched {
  key: string;
  page: Promise<Page<Deal>>;
  answer?: Page<Deal>;
}

let prefetched: Prefetched | null = null;

/** Whether the ledger's URL filters on the signed-in user ("mine"): its query needs to know who that is. */
export function mentionsMe(search: string): boolean {
  return new URLSearchParams(search).get('ownerId') === 'me';
}

/**
 * Starts loading what the ledger at `search` shows first (its first page of deals and the pipeline) while
 * the app's code is still downloading: the table then renders with its rows instead of asking for them
 * after it mounted. `me` is needed only when the URL filters on "mine". (A user who may not see the ledger
 * gets a refusal, which nothing reads.)
 */
export function prefetchLedger(search: string, me?: Me): void {
  const query = apiQuery(new URLSearchParams(search), me?.id ?? '');
  const entry: Prefetched = { key: queryString(query), page: fetchDealPage(query, null) };
  // Refused (signed out, a role without the ledger) or failed: forget it, the ledger asks again itself.
  entry.page.then(
    (answer) => {
      entry.answer = answer;
    },
    () => {
      if (prefetched === entry) prefetched = null;
    },
  );
  prefetched = entry;
  loadPipeline().catch(() => undefined);
}

/** The prefetched first page for the query `key`, if there is one (its `answer` once it arrived). */
export function peekPrefetchedPage(key: string): Prefetched | null {
  return prefetched?.key === key ? prefetched : null;
}

/** Takes the prefetched first page for `key` out: it serves one visit, a later one loads afresh. */
export function takePrefetchedPage(key: string): Prefetched | null {
  const entry = peekPrefetchedPage(key);
  if (entry) prefetched = null;
  return entry;
}
