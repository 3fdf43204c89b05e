import { Card, Flex, Skeleton, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type KeyboardEvent, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { formatDateTime, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import type { Account } from './types';

interface Props {
  accounts: Account[];
  loading: boolean;
  phone: boolean;
  onOpen(account: Account): void;
}

const MUTED = '#5c6673';

/** The account list: a dense table (arrow keys move, Enter opens) or, at phone width, one card per account. */
export function AccountTable({ accounts, loading, phone, onOpen }: Props) {
  const { t, lang } = useI18n();
  const wrapper = useRef<HTMLDivElement>(null);
  const now = useMemo(() => new Date(), [accounts]);

  const updated = (a: Account) => (
    <Tooltip title={formatDateTime(a.updatedAt, lang)}>
      <span style={{ color: MUTED }}>{relativeTime(a.updatedAt, now, t)}</span>
    </Tooltip>
  );

  if (loading && accounts.length === 0) return <Skeleton active paragraph={{ rows: 8 }} />;

  if (phone) {
    return (
      <Flex
        vertical
        gap={8}
        component="ul"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
        aria-label={t('accounts.title')}
      >
        {accounts.map((a) => (
          <li key={a.id}>
            <Card size="small" styles={{ body: { padding: 12 } }}>
              <Flex justify="space-between" gap={8} align="flex-start">
                <Link
                  to={`/accounts/${a.id}`}
                  style={{ fontWeight: 600, fontSize: 15, minHeight: 28, display: 'block' }}
                >
                  {a.name}
                </Link>
                {a.tier && <Tag style={{ marginInlineEnd: 0 }}>{a.tier}</Tag>}
              </Flex>
              <div style={{ color: MUTED, fontSize: 13, marginTop: 4 }}>
                {[a.industry, a.region, a.ownerName].filter(Boolean).join(' · ') || '–'}
              </div>
              <div style={{ fontSize: 12, marginTop: 4 }}>
                {t('accounts.updated')} {updated(a)}
              </div>
            </Card>
          </li>
        ))}
      </Flex>
    );
  }

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(accounts.length - 1, index));
    wrapper.current?.querySelector<HTMLElement>(`tr[data-row-index="${clamped}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-row-index]');
    if (!row || event.target !== row) return;
    const index = Number(row.dataset.rowIndex);
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(index - 1);
    } else if (event.key === 'Enter' && accounts[index]) {
      event.preventDefault();
      onOpen(accounts[index]);
    }
  };

  const columns: ColumnsType<Account> = [
    {
      key: 'name',
      title: t('accounts.name'),
      render: (_, a) => (
        <Link to={`/accounts/${a.id}`} style={{ fontWeight: 500 }} tabIndex={-1}>
          {a.name}
        </Link>
      ),
    },
    { key: 'industry', title: t('accounts.industry'), width: 120, render: (_, a) => a.industry ?? '–' },
    { key: 'tier', title: t('accounts.tier'), width: 90, render: (_, a) => (a.tier ? <Tag>{a.tier}</Tag> : '–') },
    { key: 'region', title: t('accounts.region'), width: 110, render: (_, a) => a.region ?? '–' },
    {
      key: 'tags',
      title: t('accounts.tags'),
      width: 160,
      render: (_, a) => a.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    { key: 'owner', title: t('accounts.owner'), width: 110, render: (_, a) => a.ownerName ?? '–' },
    { key: 'updated', title: t('accounts.updated'), width: 120, render: (_, a) => updated(a) },
  ];
  return (
    <div ref={wrapper} onKeyDown={onKeyDown}>
      <Table<Account>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={accounts}
        pagination={false}
        loading={loading && accounts.length > 0}
        aria-label={t('accounts.title')}
        onRow={(a, index) =>
          ({
            tabIndex: 0,
            'data-row-index': index,
            'aria-label': a.name,
            onDoubleClick: () => onOpen(a),
            style: { cursor: 'default' },
          }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}
