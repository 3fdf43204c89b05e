import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type UserSummary } from '../../api-client';
import { useMe } from '../../auth';
import { formatMoneyExact, formatMoneyShort } from '../../format';
import { useI18n } from '../../i18n';

/** GET /api/reports/collection (src/contract/reports.ts). */
interface CollectionReport {
  from: string;
  to: string;
  today: string;
  months: { month: string; planned: number; received: number; gap: number }[];
  total: { planned: number; received: number; gap: number; outstanding: number; overdue: number };
  overdueCount: number;
  overdue: {
    paymentId: string;
    dealId: string;
    dealTitle: string;
    currency: string;
    accountId: string | null;
    accountName: string | null;
    ownerId: string;
    ownerName: string | null;
    dueDate: string;
    amount: number;
    received: number;
    outstanding: number;
    daysOverdue: number;
  }[];
  byOwner: {
    ownerId: string;
    name: string | null;
    planned: number;
    received: number;
    outstanding: number;
    overdue: number;
    overdueCount: number;
  }[];
}

const CURRENCY = 'CNY';
const MONTH = /^\d{4}-\d{2}$/;

/** 回款: planned against received by month, what is overdue (oldest first) and who it belongs to. */
export function CollectionPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const from = MONTH.test(params.get('from') ?? '')
    ? params.get('from')!
    : dayjs().subtract(5, 'month').format('YYYY-MM');
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : dayjs().format('YYYY-MM');
  const ownerId = params.get('ownerId') ?? undefined;
  const [report, setReport] = useState<CollectionReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const mayPickOwner = me.role !== 'sales';

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setError(null);
      try {
        setReport(await api.get<CollectionReport>('/api/reports/collection', { from, to, ownerId }, signal));
      } catch (err) {
        if ((err as Error).name !== 'AbortError')
          setError(err instanceof ApiError ? err.message : t('common.networkError'));
      }
    },
    [from, to, ownerId, t],
  );
  useEffect(() => {
    const c = new AbortController();
    void load(c.signal);
    return () => c.abort();
  }, [load]);
  useEffect(() => {
    if (mayPickOwner)
      api.get<{ items: UserSummary[] }>('/api/users').then(
        (r) => setUsers(r.items),
        () => undefined,
      );
  }, [mayPickOwner]);

  const money = (minor: number) => (
    <Tooltip title={formatMoneyExact(minor, CURRENCY, lang)}>
      <span>{formatMoneyShort(minor, CURRENCY, lang)}</span>
    </Tooltip>
  );
  const setQuery = (next: Record<string, string | undefined>) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        for (const [key, value] of Object.entries(next)) {
          if (value) q.set(key, value);
          else q.delete(key);
        }
        return q;
      },
      { replace: true },
    );

  const filters = (
    <Flex wrap gap={8} align="center">
      <DatePicker.RangePicker
        picker="month"
        allowClear={false}
        aria-label={t('collection.range')}
        value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
        onChange={(range) => {
          const [a, b] = (range ?? []) as [Dayjs | null, Dayjs | null];
          if (a && b) setQuery({ from: a.format('YYYY-MM'), to: b.format('YYYY-MM') });
        }}
      />
      {mayPickOwner && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          placeholder={t('collection.owner')}
          aria-label={t('collection.owner')}
          value={ownerId}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
          onChange={(value: string | undefined) => setQuery({ ownerId: value })}
        />
      )}
    </Flex>
  );

  let body;
  if (!report) {
    body = error ? (
      <Alert
        type="error"
        showIcon
        title={error}
        action={
          <Button size="small" onClick={() => void load()}>
            {t('common.retry')}
          </Button>
        }
      />
    ) : (
      <Skeleton active paragraph={{ rows: 8 }} />
    );
  } else {
    const max = Math.max(1, ...report.months.flatMap((m) => [m.planned, m.received]));
    const bar = (value: number, colour: string) => (
      <div
        aria-hidden
        style={{
          height: 6,
          width: `${(value / max) * 100}%`,
          background: colour,
          borderRadius: 3,
          minWidth: value > 0 ? 2 : 0,
        }}
      />
    );
    const pct = report.total.planned > 0 ? Math.round((report.total.received / report.total.planned) * 100) : null;
    body = (
      <Flex vertical gap={16}>
        {error && <Alert type="error" showIcon title={error} />}
        <Flex wrap gap={12}>
          {(
            [
              ['collection.planned', report.total.planned],
              ['collection.received', report.total.received],
              ['collection.gap', report.total.gap],
              ['collection.overdue', report.total.overdue],
            ] as const
          ).map(([key, value]) => (
            <Card key={key} size="small" style={{ minWidth: 150, flex: '1 1 150px' }}>
              <Statistic
                title={t(key)}
                value={value}
                formatter={() => money(value)}
                valueStyle={key === 'collection.overdue' && value > 0 ? { color: '#c0281b' } : undefined}
              />
            </Card>
          ))}
        </Flex>
        {pct !== null && <Typography.Text type="secondary">{t('collection.ratio', { pct })}</Typography.Text>}
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('collection.byMonth')}</h2>}>
          {report.total.planned === 0 && report.total.received === 0 ? (
            <Empty description={t('collection.empty')} />
          ) : (
            <Table
              size="small"
              rowKey="month"
              pagination={false}
              dataSource={report.months}
              columns={[
                { title: t('collection.month'), dataIndex: 'month', width: 100 },
                { title: t('collection.planned'), dataIndex: 'planned', align: 'right', width: 110, render: money },
                { title: t('collection.received'), dataIndex: 'received', align: 'right', width: 110, render: money },
                { title: t('collection.gap'), dataIndex: 'gap', align: 'right', width: 110, render: money },
                {
                  title: '',
                  key: 'bars',
                  render: (_: unknown, m: CollectionReport['months'][number]) => (
                    <Flex vertical gap={3} style={{ minWidth: 120 }}>
                      {bar(m.planned, '#9db4d3')}
                      {bar(m.received, '#1f5fa8')}
                    </Flex>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <Card
          size="small"
          title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('collection.overdueList', { n: report.overdueCount })}</h2>}
        >
          {report.overdue.length < report.overdueCount && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('collection.truncated', { shown: report.overdue.length, total: report.overdueCount })}
            />
          )}
          <Table
            size="small"
            rowKey="paymentId"
            dataSource={report.overdue}
            pagination={report.overdue.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            scroll={{ x: 820 }}
            locale={{ emptyText: t('collection.overdueEmpty') }}
            columns={[
              {
                title: t('collection.deal'),
                dataIndex: 'dealTitle',
                render: (title: string, row) => <Link to={`/deals/${row.dealId}?tab=payments`}>{title}</Link>,
              },
              {
                title: t('collection.account'),
                dataIndex: 'accountName',
                render: (name: string | null, row) =>
                  name && row.accountId ? <Link to={`/accounts/${row.accountId}`}>{name}</Link> : '—',
              },
              { title: t('collection.owner'), dataIndex: 'ownerName', width: 100 },
              { title: t('collection.dueDate'), dataIndex: 'dueDate', width: 110 },
              { title: t('collection.amount'), dataIndex: 'amount', align: 'right', width: 100, render: money },
              { title: t('collection.received'), dataIndex: 'received', align: 'right', width: 100, render: money },
              {
                title: t('collection.outstanding'),
                dataIndex: 'outstanding',
                align: 'right',
                width: 100,
                render: money,
              },
              {
                title: t('collection.daysOverdue'),
                dataIndex: 'daysOverdue',
                align: 'right',
                width: 100,
                render: (n: number) => (
                  <span style={{ color: '#c0281b', fontWeight: 600 }}>{t('collection.days', { n })}</span>
                ),
              },
            ]}
          />
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('collection.byOwner')}</h2>}>
          <Table
            size="small"
            rowKey="ownerId"
            dataSource={report.byOwner}
            pagination={false}
            columns={[
              {
                title: t('collection.owner'),
                dataIndex: 'name',
                render: (name: string | null, row) =>
                  mayPickOwner ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => setQuery({ ownerId: row.ownerId })}
                    >
                      {name ?? row.ownerId}
                    </Button>
                  ) : (
                    name
                  ),
              },
              { title: t('collection.planned'), dataIndex: 'planned', align: 'right', render: money },
              { title: t('collection.received'), dataIndex: 'received', align: 'right', render: money },
              { title: t('collection.outstanding'), dataIndex: 'outstanding', align: 'right', render: money },
              {
                title: t('collection.overdue'),
                dataIndex: 'overdue',
                align: 'right',
                render: (v: number) => <span style={v > 0 ? { color: '#c0281b' } : undefined}>{money(v)}</span>,
              },
            ]}
          />
        </Card>
      </Flex>
    );
  }

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" wrap gap={12} style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('collection.title')}
        </Typography.Title>
        {filters}
      </Flex>
      {body}
    </div>
  );
}
