import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Skeleton, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { ApiError, type Deal, type Stage } from '../../../api-client';
import { formatMoneyExact, formatMoneyShort } from '../../../format';
import { useI18n } from '../../../i18n';
import { DraggableDealCard } from './DraggableDealCard';
import type { BoardColumnState } from './useBoardColumns';

export interface ColumnSum {
  amount: number;
  /** True when the sum covers only the cards loaded so far. */
  partial: boolean;
}

interface Props {
  stage: Stage;
  stages: Stage[];
  column: BoardColumnState | undefined;
  sum: ColumnSum | null;
  currency: string;
  mayWrite: boolean;
  phone: boolean;
  height: string;
  movingId: string | null;
  onMove(deal: Deal, stageKey: string): void;
  onFollowup(deal: Deal): void;
  onLoadMore(stage: string): void;
  onRetry(stage: string): void;
}

const GAP = 8;
/** Cards before the end of the loaded ones at which the next page is fetched. */
const LOAD_AHEAD = 12;

/** One stage of the board: header with count and amount, then its cards, virtualised for long columns. */
export function BoardColumn({
  stage,
  stages,
  column,
  sum,
  currency,
  mayWrite,
  phone,
  height,
  movingId,
  onMove,
  onFollowup,
  onLoadMore,
  onRetry,
}: Props) {
  const { t, lang } = useI18n();
  const { setNodeRef, isOver, active } = useDroppable({ id: stage.key, data: { stage } });
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const items = column?.items ?? [];
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 104 + GAP,
    overscan: 6,
    getItemKey: (index) => items[index]?.id ?? index,
    // Let React batch the re-render a scroll step causes instead of forcing it synchronously per event.
    useFlushSync: false,
  });
  // Scrolling near the end of what is loaded fetches the next page (the button below stays for keyboards
  // and as the retry after a failed page).
  const rendered = virtualizer.getVirtualItems();
  const lastRendered = rendered.length > 0 ? rendered[rendered.length - 1]!.index : -1;
  const canLoadMore = Boolean(column?.nextCursor) && !column?.loadingMore && !column?.error;
  useEffect(() => {
    if (canLoadMore && lastRendered >= items.length - LOAD_AHEAD) onLoadMore(stage.key);
  }, [canLoadMore, items.length, lastRendered, onLoadMore, stage.key]);
  const name = lang === 'en' ? stage.name.en : stage.name.zh;
  const fromHere = active?.data.current?.deal ? (active.data.current.deal as Deal).stage === stage.key : false;
  const highlight = isOver && !fromHere;
  const headingId = `board-col-${stage.key}`;
  const closed = stage.kind !== 'open';

  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      style={{
        flex: phone ? '0 0 85vw' : '1 1 0',
        minWidth: phone ? undefined : 208,
        maxWidth: phone ? '85vw' : 340,
        scrollSnapAlign: 'start',
        display: 'flex',
        flexDirection: 'column',
        height,
        background: highlight ? '#e6eef8' : closed ? '#eceef1' : '#f0f2f5',
        border: `2px ${highlight ? 'solid' : 'dashed'} ${highlight ? '#1f5fa8' : active && !fromHere ? '#b8c4d3' : 'transparent'}`,
        borderRadius: 8,
        transition: 'background 120ms, border-color 120ms',
      }}
    >
      <header style={{ padding: '8px 10px 6px', borderBottom: '1px solid #dfe3e8' }}>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
          <h2
            id={headingId}
            style={{
              margin: 0,
              fontSize: 14,
              fontWeight: 600,
              color: '#1f2933',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {name}
          </h2>
          <span
            style={{
              color: '#2d3a4a',
              fontSize: 12,
              background: '#fff',
              borderRadius: 9,
              padding: '0 7px',
              lineHeight: '18px',
            }}
          >
            {column?.total ?? '…'}
          </span>
          <span style={{ flex: 1 }} />
          {stage.kind === 'open' && <span style={{ color: '#4a5563', fontSize: 12 }}>{stage.probability}%</span>}
        </div>
        <div style={{ fontSize: 12, color: '#4a5563', minHeight: 18 }}>
          {sum && (
            <Tooltip
              title={
                sum.partial
                  ? t('board.sumPartialHint', { n: items.length })
                  : formatMoneyExact(sum.amount, currency, lang)
              }
            >
              <span>
                {sum.partial
                  ? t('board.sumLoaded', { amount: formatMoneyShort(sum.amount, currency, lang) })
                  : formatMoneyShort(sum.amount, currency, lang)}
              </span>
            </Tooltip>
          )}
        </div>
      </header>
      {/* Loading, error and empty states sit outside the list: a list holds list items only. */}
      {column?.status === 'loading' && (
        <div aria-busy="true" style={{ padding: '8px 8px 0' }}>
          {[0, 1, 2].map((i) => (
            <div key={i} style={{ background: '#fff', borderRadius: 6, padding: 10, marginBottom: GAP }}>
              <Skeleton active title={{ width: '70%' }} paragraph={{ rows: 2, width: ['50%', '90%'] }} />
            </div>
          ))}
        </div>
      )}
      {column?.status === 'error' && (
        <div role="alert" style={{ padding: 8, color: '#1f2933' }}>
          <p style={{ marginTop: 0 }}>
            {column.error instanceof ApiError ? column.error.message : t('board.columnFailed')}
          </p>
          <Button size="small" onClick={() => onRetry(stage.key)}>
            {t('common.retry')}
          </Button>
        </div>
      )}
      {column?.status === 'ready' && items.length === 0 && (
        <p style={{ color: '#4a5563', fontSize: 12, textAlign: 'center', margin: '16px 4px' }}>
          {mayWrite ? t('board.emptyColumnDrop') : t('board.emptyColumn')}
        </p>
      )}
      <div
        ref={scrollRef}
        role="list"
        aria-label={t('board.columnCards', { stage: name })}
        style={{ flex: 1, overflowY: 'auto', overflowX: 'hidden', padding: '8px 8px 0', overscrollBehavior: 'contain' }}
      >
        {items.length > 0 && (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {rendered.map((row) => {
              const deal = items[row.index];
              if (!deal) return null;
              return (
                <div
                  key={row.key}
                  role="listitem"
                  data-index={row.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${row.start}px)`,
                    paddingBottom: GAP,
                  }}
                >
                  <DraggableDealCard
                    deal={deal}
                    stages={stages}
                    mayWrite={mayWrite}
                    busy={movingId === deal.id}
                    onMove={onMove}
                    onFollowup={onFollowup}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
      {column?.nextCursor && (
        <div style={{ textAlign: 'center', padding: '6px 0 8px', borderTop: '1px solid #dfe3e8' }}>
          <Button size="small" loading={column.loadingMore} onClick={() => onLoadMore(stage.key)}>
            {t('board.loadMore', { n: Math.max(0, (column.total ?? 0) - items.length) })}
          </Button>
        </div>
      )}
    </section>
  );
}
