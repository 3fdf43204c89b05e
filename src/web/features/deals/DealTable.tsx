import { EditOutlined } from '@ant-design/icons';
import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import {
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate } from 'react-router';
import type { Deal, Stage } from '../../api-client';
import { HoverTooltip } from '../../components/HoverTooltip';
import { formatDateTime, formatMoneyExact, formatMoneyShort, relativeTime } from '../../format';
import { type Lang, type Translate, useI18n } from '../../i18n';
import { useStableCallback } from '../../useStableCallback';
import { LightDot } from './LightDot';
import type { ColumnKey } from './ledger/columns';
import type { SortKey } from './ledger/filters';
import { CloseDateCell, type InlinePatch, NextStepCell, ProbabilityCell } from './ledger/InlineEditors';
import { StageProgress } from './StageProgress';
import './ledger/ledger.css';

interface Props {
  deals: Deal[];
  stages: Stage[];
  loading: boolean;
  sort: SortKey;
  onSort(sort: SortKey | null): void;
  hidden: ColumnKey[];
  canWrite: boolean;
  focused: number;
  onFocusRow(index: number): void;
  onOpen(deal: Deal): void;
  onFollowup(deal: Deal): void;
  onPatch(deal: Deal, patch: InlinePatch): void;
}

const SORTABLE: Partial<Record<string, 'amount' | 'expectedCloseDate' | 'lastFollowupAt'>> = {
  amount: 'amount',
  expectedClose: 'expectedCloseDate',
  lastFollowup: 'lastFollowupAt',
};

/** Whether a key press belongs to a field (typing, pickers), not to row navigation. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    el.isContentEditable ||
    !!el.closest('.ant-select, .ant-picker, .ant-picker-dropdown')
  );
}

type Column = ColumnsType<Deal>[number] & { key: string };

interface ColumnOptions {
  t: Translate;
  lang: Lang;
  stages: Stage[];
  sort: SortKey;
  canWrite: boolean;
  onPatch(deal: Deal, patch: InlinePatch): void;
  onFollowup(deal: Deal): void;
}

/** The ledger's columns; built once per language, pipeline, sort and permission, not per render. */
function buildColumns({ t, lang, stages, sort, canWrite, onPatch, onFollowup }: ColumnOptions): Column[] {
  const sortOrderFor = (key: string) => {
    const field = SORTABLE[key];
    if (!field) return undefined;
    if (sort === field) return 'ascend' as const;
    if (sort === `-${field}`) return 'descend' as const;
    return null;
  };
  return [
    { key: 'light', title: t('col.light'), width: 64, align: 'center', render: (_, d) => <LightDot light={d.light} /> },
    {
      key: 'title',
      title: t('col.title'),
      width: 220,
      ellipsis: true,
      render: (_, d) => (
        <a href={`/deals/${d.id}`} data-route tabIndex={-1} style={{ fontWeight: 500 }} title={d.title}>
          {d.title}
        </a>
      ),
    },
    {
      key: 'account',
      title: t('col.account'),
      width: 170,
      ellipsis: true,
      render: (_, d) =>
        d.accountId ? (
          <a
            href={`/accounts/${d.accountId}`}
            data-route
            tabIndex={-1}
            style={{ color: '#1f2933' }}
            title={d.accountName ?? ''}
          >
            {d.accountName}
          </a>
        ) : (
          '–'
        ),
    },
    {
      key: 'stage',
      title: t('col.stage'),
      width: 110,
      render: (_, d) => <StageProgress stage={d.stage} stages={stages} />,
    },
    {
      key: 'amount',
      title: t('col.amount'),
      width: 110,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderFor('amount'),
      render: (_, d) => (
        <HoverTooltip title={() => formatMoneyExact(d.amount, d.currency, lang)}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoneyShort(d.amount, d.currency, lang)}</span>
        </HoverTooltip>
      ),
    },
    {
      key: 'probability',
      title: t('col.probability'),
      width: 104,
      align: 'right',
      render: (_, d) => <ProbabilityCell deal={d} canEdit={canWrite} onSave={onPatch} />,
    },
    {
      key: 'expectedClose',
      title: t('col.expectedClose'),
      width: 148,
      sorter: true,
      sortOrder: sortOrderFor('expectedClose'),
      render: (_, d) => <CloseDateCell deal={d} canEdit={canWrite} onSave={onPatch} />,
    },
    { key: 'owner', title: t('col.owner'), width: 96, ellipsis: true, render: (_, d) => d.ownerName ?? '–' },
    {
      key: 'lastFollowup',
      title: t('col.lastFollowup'),
      width: 140,
      sorter: true,
      sortOrder: sortOrderFor('lastFollowup'),
      // A cell renders when its row's deal changes, so "now" is the time the rows arrived.
      render: (_, { lastFollowupAt: at }) =>
        at ? (
          <HoverTooltip title={() => formatDateTime(at, lang)}>
            <span>{relativeTime(at, new Date(), t)}</span>
          </HoverTooltip>
        ) : (
          <span className="tz-muted">{t('col.never')}</span>
        ),
    },
    {
      key: 'nextStep',
      title: t('col.nextStep'),
      width: 220,
      render: (_, d) => <NextStepCell deal={d} canEdit={canWrite} onSave={onPatch} />,
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: <span>{t('col.actions')}</span>,
            width: 80,
            align: 'center' as const,
            render: (_: unknown, d: Deal) => (
              <HoverTooltip title={t('followup.record')}>
                <button
                  type="button"
                  className="tz-row-action"
                  aria-label={`${t('followup.record')}：${d.title}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onFollowup(d);
                  }}
                >
                  <EditOutlined />
                </button>
              </HoverTooltip>
            ),
          },
        ]
      : []),
  ];
}

/**
 * The ledger table: dense, sortable by header, rows reachable by arrow keys (Enter opens, n follows up).
 * Memoised with its columns: a page of new rows renders those rows, a state change elsewhere on the page
 * (a drawer, the focused row, "loading") re-renders no cell.
 */
export const DealTable = memo(function DealTable({
  deals: allDeals,
  stages,
  loading,
  sort,
  onSort,
  hidden,
  canWrite,
  focused,
  onFocusRow,
  onOpen,
  onFollowup,
  onPatch,
}: Props) {
  const { t, lang } = useI18n();
  const deals = useFirstRowsFirst(allDeals);
  const wrapper = useRef<HTMLDivElement>(null);
  const openDeal = useStableCallback(onOpen);
  const followup = useStableCallback(onFollowup);
  const patch = useStableCallback(onPatch);
  const focusRowIndex = useStableCallback(onFocusRow);
  const sortBy = useStableCallback(onSort);

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(deals.length - 1, index));
    onFocusRow(clamped);
    const row = wrapper.current?.querySelector<HTMLElement>(`tr[data-row-index="${clamped}"]`);
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: 'nearest' });
  };

  // Arrow keys with nothing focused start at the remembered (or first) row.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || document.activeElement !== document.body) return;
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      if (deals.length === 0) return;
      event.preventDefault();
      focusRow(focused >= 0 ? focused : 0);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The title and account links are plain anchors (a router Link per cell costs render time on every
  // page of rows); one handler here gives them the Link's behaviour: in-app navigation on a plain click,
  // the browser's own for a middle or modified click (new tab, new window).
  const navigate = useNavigate();
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-route]');
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.altKey ||
      event.ctrlKey ||
      event.shiftKey
    )
      return;
    event.preventDefault();
    navigate(link.getAttribute('href')!);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (typingIn(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('tr[data-row-index]');
    const index = rowEl ? Number(rowEl.dataset.rowIndex) : focused;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(index - 1);
    } else if (event.key === 'Enter' && event.target === rowEl && deals[index]) {
      event.preventDefault();
      onOpen(deals[index]);
    } else if ((event.key === 'n' || event.key === 'N') && canWrite && deals[index]) {
      event.preventDefault();
      onFollowup(deals[index]);
    }
  };

  const all = useMemo(
    () => buildColumns({ t, lang, stages, sort, canWrite, onPatch: patch, onFollowup: followup }),
    [t, lang, stages, sort, canWrite, patch, followup],
  );
  const columns = useMemo(() => all.filter((c) => !hidden.includes(c.key as ColumnKey)), [all, hidden]);
  const onChange = useCallback(
    (_p: unknown, _f: unknown, sorter: SorterResult<Deal> | SorterResult<Deal>[]) => {
      const s = sorter as SorterResult<Deal>;
      const field = SORTABLE[String(s.columnKey)];
      if (!field || !s.order) sortBy(null);
      else sortBy((s.order === 'descend' ? `-${field}` : field) as SortKey);
    },
    [sortBy],
  );
  const onRow = useCallback(
    (d: Deal, index = 0) =>
      ({
        tabIndex: index === (focused >= 0 ? focused : 0) ? 0 : -1,
        'data-row-index': index,
        className: index === focused ? 'tz-focused' : undefined,
        onFocus: (e) => {
          if (e.target === e.currentTarget) focusRowIndex(index);
        },
        onClick: () => focusRowIndex(index),
        onDoubleClick: () => openDeal(d),
      }) as HTMLAttributes<HTMLElement>,
    [focused, focusRowIndex, openDeal],
  );

  // The rows stay while the next page loads; the spinner (and its blur over the rows) shows only when the
  // answer takes longer than a blink. A quick page change then never re-renders the table for "loading".
  const slow = useDelayedFlag(loading && deals.length > 0, 200);
  const label = t('ledger.tableLabel');
  // The same element while nothing the table shows changed: React then skips antd's Table altogether
  // (a state change elsewhere on the page, e.g. "loading", would otherwise re-render every row).
  const table = useMemo(
    () => (
      <Table<Deal>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={deals}
        loading={slow}
        pagination={false}
        tableLayout="fixed"
        styles={TABLE_STYLES}
        showSorterTooltip={false}
        aria-label={label}
        onChange={onChange}
        onRow={onRow}
      />
    ),
    [columns, deals, slow, label, onChange, onRow],
  );

  return (
    // While rows are still coming in, the table keeps the room they will take, so what is below it stays put.
    <div
      ref={wrapper}
      className="tz-ledger"
      onKeyDown={onKeyDown}
      onClick={onClick}
      style={deals.length < allDeals.length ? { minHeight: TABLE_HEAD_PX + allDeals.length * ROW_PX } : undefined}
    >
      {table}
    </div>
  );
});

/** The first rows drawn (about what a laptop screen shows under the page's header and filters), then per frame. */
const FIRST_ROWS = 10;
const MORE_ROWS = 5;
/** The small table's header and row heights (px), for the room the coming rows keep. */
const TABLE_HEAD_PX = 40;
const ROW_PX = 37;

/**
 * The table's first rows, then the rest a few at a time, each batch after the browser has drawn the last:
 * styling and laying out a page of 50 rows took one 450 ms block of the main thread on first load, with
 * the page unresponsive until all were done. Only the table's first page of rows is shown this way; later
 * pages (and sorts and filters) replace the rows at once, so nothing under the pointer moves twice.
 */
function useFirstRowsFirst<T>(rows: T[]): T[] {
  const [limit, setLimit] = useState(FIRST_ROWS);
  const done = limit === Infinity;
  useEffect(() => {
    if (done || rows.length === 0) return;
    if (limit >= rows.length) {
      setLimit(Infinity);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLimit((shown) => shown + MORE_ROWS), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [done, limit, rows.length]);
  return useMemo(() => (limit >= rows.length ? rows : rows.slice(0, limit)), [rows, limit]);
}

/** `flag`, but true only once it has stayed true for `delayMs` (false at once). */
function useDelayedFlag(flag: boolean, delayMs: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) {
      setLate(false);
      return;
    }
    const timer = setTimeout(() => setLate(true), delayMs);
    return () => clearTimeout(timer);
  }, [flag, delayMs]);
  return flag && late;
}

// Wider than the page on small screens: the table scrolls sideways in its own box. Set as a style, not
// as antd's `scroll.x`, which also measures every column after each render for fixed columns and a fixed
// header, neither of which this table has (a forced layout and a second render per page of rows).
const TABLE_STYLES = { content: { overflowX: 'auto', overflowY: 'hidden' } } as const;
