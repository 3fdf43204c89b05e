import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Deal, type Page, type Query } from '../../../api-client';

/** Cards fetched per column and per "load more". */
export const COLUMN_PAGE = 100;

export interface BoardColumnState {
  items: Deal[];
  nextCursor: string | null;
  /** Deals in this stage matching the filters (from the list's total). */
  total: number | null;
  status: 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  error: unknown;
}

export interface BoardFilters {
  ownerId?: string;
  q?: string;
  light?: string;
}

const emptyColumn: BoardColumnState = {
  items: [],
  nextCursor: null,
  total: null,
  status: 'loading',
  loadingMore: false,
  error: null,
};

function columnQuery(stage: string, filters: BoardFilters, cursor?: string | null): Query {
  return {
    stage,
    sort: '-updatedAt',
    limit: COLUMN_PAGE,
    ownerId: filters.ownerId,
    q: filters.q,
    light: filters.light,
    cursor: cursor ?? undefined,
    count: cursor ? false : true,
  };
}

/** The board's columns: one GET /api/deals?stage=… per column, "load more" by cursor, local moves for optimism. */
export function useBoardColumns(stageKeys: string[], filters: BoardFilters) {
  const [columns, setColumns] = useState<Record<string, BoardColumnState>>({});
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const abortRef = useRef<AbortController | null>(null);
  const key = JSON.stringify([stageKeys, filters.ownerId ?? '', filters.q ?? '', filters.light ?? '']);

  const patch = useCallback((stage: string, update: (column: BoardColumnState) => BoardColumnState) => {
    setColumns((all) => ({ ...all, [stage]: update(all[stage] ?? emptyColumn) }));
  }, []);

  const loadColumn = useCallback(
    (stage: string, signal?: AbortSignal) => {
      patch(stage, (c) => ({ ...c, status: c.items.length > 0 ? c.status : 'loading', error: null }));
      return api
        .get<Page<Deal>>('/api/deals', columnQuery(stage, filtersRef.current), signal)
        .then((page) =>
          patch(stage, () => ({
            items: page.items,
            nextCursor: page.nextCursor,
            total: page.total ?? page.items.length,
            status: 'ready',
            loadingMore: false,
            error: null,
          })),
        )
        .catch((error: unknown) => {
          if ((error as Error).name === 'AbortError') return;
          patch(stage, (c) => ({ ...c, status: 'error', error }));
        });
    },
    [patch],
  );

  useEffect(() => {
    if (stageKeys.length === 0) return;
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    setColumns(Object.fromEntries(stageKeys.map((stage) => [stage, emptyColumn])));
    for (const stage of stageKeys) void loadColumn(stage, abort.signal);
    return () => abort.abort();
    // The key holds the stage keys and filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadColumn]);

  const loadMore = useCallback(
    (stage: string) => {
      const column = columnsRef.current[stage];
      if (!column?.nextCursor || column.loadingMore) return;
      patch(stage, (c) => ({ ...c, loadingMore: true }));
      api
        .get<Page<Deal>>(
          '/api/deals',
          columnQuery(stage, filtersRef.current, column.nextCursor),
          abortRef.current?.signal,
        )
        .then((page) =>
          patch(stage, (c) => {
            const seen = new Set(c.items.map((d) => d.id));
            return {
              ...c,
              items: [...c.items, ...page.items.filter((d) => !seen.has(d.id))],
              nextCursor: page.nextCursor,
              loadingMore: false,
              error: null,
            };
          }),
        )
        .catch((error: unknown) => {
          if ((error as Error).name === 'AbortError') return;
          patch(stage, (c) => ({ ...c, loadingMore: false, error }));
        });
    },
    [patch],
  );

  /** Where a card is now: its column and position. */
  const locate = useCallback((dealId: string): { stage: string; index: number } | null => {
    for (const [stage, column] of Object.entries(columnsRef.current)) {
      const index = column.items.findIndex((d) => d.id === dealId);
      if (index >= 0) return { stage, index };
    }
    return null;
  }, []);

  /** Puts `deal` into the column of `deal.stage` (at `index`, default the top), taking it out of any other. */
  const place = useCallback((deal: Deal, index = 0) => {
    setColumns((all) => {
      const next: Record<string, BoardColumnState> = {};
      for (const [stage, column] of Object.entries(all)) {
        const had = column.items.some((d) => d.id === deal.id);
        let items = had ? column.items.filter((d) => d.id !== deal.id) : column.items;
        let total = column.total;
        if (had && stage !== deal.stage && total !== null) total = Math.max(0, total - 1);
        if (stage === deal.stage) {
          items = [...items.slice(0, index), deal, ...items.slice(index)];
          if (!had && total !== null) total += 1;
        }
        next[stage] = items === column.items && total === column.total ? column : { ...column, items, total };
      }
      return next;
    });
  }, []);

  /** Takes a card off the board (it is gone or no longer visible). */
  const remove = useCallback((dealId: string) => {
    setColumns((all) =>
      Object.fromEntries(
        Object.entries(all).map(([stage, column]) => {
          if (!column.items.some((d) => d.id === dealId)) return [stage, column];
          return [
            stage,
            {
              ...column,
              items: column.items.filter((d) => d.id !== dealId),
              total: column.total !== null ? Math.max(0, column.total - 1) : null,
            },
          ];
        }),
      ),
    );
  }, []);

  /** Replaces a card in place (same column, same position) or moves it when its stage changed. */
  const replace = useCallback(
    (deal: Deal) => {
      const where = locate(deal.id);
      if (where && where.stage === deal.stage) {
        patch(where.stage, (c) => ({ ...c, items: c.items.map((d) => (d.id === deal.id ? deal : d)) }));
      } else {
        place(deal);
      }
    },
    [locate, patch, place],
  );

  /** Fetches one deal again (after a conflict or a follow-up) and shows it as it now is. */
  const reloadDeal = useCallback(
    async (dealId: string) => {
      try {
        replace(await api.get<Deal>(`/api/deals/${dealId}`));
      } catch (error) {
        if ((error as { status?: number }).status === 404) remove(dealId);
      }
    },
    [remove, replace],
  );

  return { columns, loadColumn, loadMore, locate, place, remove, replace, reloadDeal };
}
