import { EditOutlined } from '@ant-design/icons';
import { Button, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import { type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import type { Deal, Stage } from '../../api-client';
import { formatDateTime, formatMoneyExact, formatMoneyShort, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import { LightDot } from './LightDot';
import { StageProgress } from './StageProgress';
import type { ColumnKey } from './ledger/columns';
import type { SortKey } from './ledger/filters';
import { CloseDateCell, type InlinePatch, NextStepCell, ProbabilityCell } from './ledger/InlineEditors';
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
  amount: 'amount', expectedClose: 'expectedCloseDate', lastFollowup: 'lastFollowupAt',
};

/** Whether a key press belongs to a field (typing, pickers), not to row navigation. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable || !!el.closest('.ant-select, .ant-picker, .ant-picker-dropdown');
}

/** The ledger table: dense, sortable by header, rows reachable by arrow keys (Enter opens, n follows up). */
export function DealTable({ deals, stages, loading, sort, onSort, hidden, canWrite, focused, onFocusRow, onOpen, onFollowup, onPatch }: Props) {
  const { t, lang } = useI18n();
  const wrapper = useRef<HTMLDivElement>(null);
  const now = useMemo(() => new Date(), [deals]);

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

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (typingIn(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('tr[data-row-index]');
    const index = rowEl ? Number(rowEl.dataset.rowIndex) : focused;
    if (event.key === 'ArrowDown') { event.preventDefault(); focusRow(index + 1); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); focusRow(index - 1); }
    else if (event.key === 'Enter' && event.target === rowEl && deals[index]) { event.preventDefault(); onOpen(deals[index]); }
    else if ((event.key === 'n' || event.key === 'N') && canWrite && deals[index]) { event.preventDefault(); onFollowup(deals[index]); }
  };

  const sortOrderFor = (key: string) => {
    const field = SORTABLE[key];
    if (!field) return undefined;
    if (sort === field) return 'ascend' as const;
    if (sort === `-${field}`) return 'descend' as const;
    return null;
  };

  const all: (ColumnsType<Deal>[number] & { key: string })[] = [
    { key: 'light', title: t('col.light'), width: 64, align: 'center', render: (_, d) => <LightDot light={d.light} /> },
    {
      key: 'title', title: t('col.title'), width: 220, ellipsis: true,
      render: (_, d) => <Link to={`/deals/${d.id}`} tabIndex={-1} style={{ fontWeight: 500 }} title={d.title}>{d.title}</Link>,
    },
    {
      key: 'account', title: t('col.account'), width: 170, ellipsis: true,
      render: (_, d) => (d.accountId ? <Link to={`/accounts/${d.accountId}`} tabIndex={-1} style={{ color: '#1f2933' }} title={d.accountName ?? ''}>{d.accountName}</Link> : '–'),
    },
    { key: 'stage', title: t('col.stage'), width: 110, render: (_, d) => <StageProgress stage={d.stage} stages={stages} /> },
    {
      key: 'amount', title: t('col.amount'), width: 110, align: 'right', sorter: true, sortOrder: sortOrderFor('amount'),
      render: (_, d) => <Tooltip title={formatMoneyExact(d.amount, d.currency, lang)}><span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoneyShort(d.amount, d.currency, lang)}</span></Tooltip>,
    },
    { key: 'probability', title: t('col.probability'), width: 104, align: 'right', render: (_, d) => <ProbabilityCell deal={d} canEdit={canWrite} onSave={onPatch} /> },
    {
      key: 'expectedClose', title: t('col.expectedClose'), width: 148, sorter: true, sortOrder: sortOrderFor('expectedClose'),
      render: (_, d) => <CloseDateCell deal={d} canEdit={canWrite} onSave={onPatch} />,
    },
    { key: 'owner', title: t('col.owner'), width: 96, ellipsis: true, render: (_, d) => d.ownerName ?? '–' },
    {
      key: 'lastFollowup', title: t('col.lastFollowup'), width: 140, sorter: true, sortOrder: sortOrderFor('lastFollowup'),
      render: (_, d) => (d.lastFollowupAt
        ? <Tooltip title={formatDateTime(d.lastFollowupAt, lang)}><span>{relativeTime(d.lastFollowupAt, now, t)}</span></Tooltip>
        : <span className="tz-muted">{t('col.never')}</span>),
    },
    { key: 'nextStep', title: t('col.nextStep'), width: 220, render: (_, d) => <NextStepCell deal={d} canEdit={canWrite} onSave={onPatch} /> },
    ...(canWrite ? [{
      key: 'actions', title: <span>{t('col.actions')}</span>, width: 80, align: 'center' as const,
      render: (_: unknown, d: Deal) => (
        <Tooltip title={t('followup.record')}>
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={`${t('followup.record')}：${d.title}`} onClick={(e) => { e.stopPropagation(); onFollowup(d); }} />
        </Tooltip>
      ),
    }] : []),
  ];
  const columns = all.filter((c) => !hidden.includes(c.key as ColumnKey));

  return (
    <div ref={wrapper} className="tz-ledger" onKeyDown={onKeyDown}>
      <Table<Deal>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={deals}
        loading={loading && deals.length > 0}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 1240 }}
        showSorterTooltip={false}
        aria-label={t('ledger.tableLabel')}
        onChange={(_p, _f, sorter) => {
          const s = sorter as SorterResult<Deal>;
          const field = SORTABLE[String(s.columnKey)];
          if (!field || !s.order) onSort(null);
          else onSort((s.order === 'descend' ? `-${field}` : field) as SortKey);
        }}
        onRow={(d, index = 0) => ({
          tabIndex: index === (focused >= 0 ? focused : 0) ? 0 : -1,
          'data-row-index': index,
          className: index === focused ? 'tz-focused' : undefined,
          onFocus: (e) => { if (e.target === e.currentTarget) onFocusRow(index); },
          onClick: () => onFocusRow(index),
          onDoubleClick: () => onOpen(d),
        }) as React.HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
