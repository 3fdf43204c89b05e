import { useCallback, useEffect, useRef, useState } from 'react';
import { type Deal, type Query, queryString } from '../../../api-client';
import { useI18n } from '../../../i18n';
import { fetchDealPage, peekPrefetchedPage, takePrefetchedPage } from './dealPages';

interface PagesState {
  key: string;
  /** Cursors of the pages visited: the last one is the current page (null = first page). */
  stack: (string | null)[];
  items: Deal[];
  nextCursor: string | null;
  total: number | undefined;
  loading: boolean;
  error: unknown;
}

// Kept across route changes so coming back from a deal shows the same page at once (then refreshes it).
let remembered: PagesState | null = null;
let rememberedScroll = 0;
let rememberedFocus = -1;

/** Where the list was when the user left it: scroll position and focused row. */
export function rememberPosition(scrollY: number, focused: number): void {
  rememberedScroll = scrollY;
  rememberedFocus = focused;
}
export function rememberedPosition(key: string): { scrollY: number; focused: number } | null {
  return remembered?.key === key ? { scrollY: rememberedScroll, focused: rememberedFocus } : null;
}

/** Keyset paging over GET /api/deals with a cursor stack for "previous"; rows may be patched in place. */
export function useDealPages(query: Query) {
  const key = queryString(query);
  // Rows already here (prefetched at start-up) render with the table's first render.
  const ready = useRef(remembered?.key !== key && peekPrefetchedPage(key)?.answer !== undefined);
  const [state, setState] = useState<PagesState>(() => {
    if (remembered?.key === key) return { ...remembered, loading: false, error: null };
    const answer = peekPrefetchedPage(key)?.answer;
    return answer
      ? {
          key,
          stack: [null],
          items: answer.items,
          nextCursor: answer.nextCursor,
          total: answer.total,
          loading: false,
          error: null,
        }
      : { key, stack: [null], items: [], nextCursor: null, total: undefined, loading: true, error: null };
  });
  const controller = useRef<AbortController | null>(null);
  const queryRef = useRef(query);
  queryRef.current = query;

  const load = useCallback(
    (stack: (string | null)[], quiet: boolean) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const cursor = stack[stack.length - 1] ?? null;
      const first = cursor === null;
      if (!quiet) setState((s) => ({ ...s, key, stack, loading: true, error: null }));
      // The first page may be on its way already (prefetched at start-up): take it instead of asking again.
      const request =
        (first ? takePrefetchedPage(key)?.page : undefined) ?? fetchDealPage(queryRef.current, cursor, abort.signal);
      request
        .then((page) => {
          if (abort.signal.aborted) return;
          setState((s) => ({
            key,
            stack,
            items: page.items,
            nextCursor: page.nextCursor,
            total: page.total ?? (s.key === key ? s.total : undefined),
            loading: false,
            error: null,
          }));
        })
        .catch((error: unknown) => {
          if ((error as Error).name === 'AbortError' || abort.signal.aborted) return;
          setState((s) => ({ ...s, key, stack, loading: false, error }));
        });
    },
    [key],
  );

  useEffect(() => {
    if (ready.current) {
      ready.current = false;
      takePrefetchedPage(key);
      return;
    }
    if (remembered?.key === key && state.key === key && state.items.length > 0) load(state.stack, true);
    else load([null], false);
    return () => controller.current?.abort();
    // Only the query decides when to (re)load from the first page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (!state.loading && !state.error) remembered = state;
  }, [state]);

  // Stage names and light reasons come from the server in the user's language: reload on a switch.
  const { lang } = useI18n();
  const shownLang = useRef(lang);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    load(state.stack, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  const next = useCallback(() => {
    if (state.nextCursor) load([...state.stack, state.nextCursor], false);
  }, [load, state.nextCursor, state.stack]);
  const previous = useCallback(() => {
    if (state.stack.length > 1) load(state.stack.slice(0, -1), false);
  }, [load, state.stack]);
  const reload = useCallback(() => load(state.stack, true), [load, state.stack]);
  const restart = useCallback(() => load([null], false), [load]);

  /** Replace one row (optimistic edits, answers from the server). */
  const replaceRow = useCallback((id: string, update: (deal: Deal) => Deal) => {
    setState((s) => ({ ...s, items: s.items.map((d) => (d.id === id ? update(d) : d)) }));
  }, []);

  return {
    items: state.items,
    total: state.total,
    loading: state.loading,
    error: state.error,
    pageNumber: state.stack.length,
    hasNext: state.nextCursor !== null,
    hasPrevious: state.stack.length > 1,
    fresh: state.key === key,
    next,
    previous,
    reload,
    restart,
    replaceRow,
  };
}
