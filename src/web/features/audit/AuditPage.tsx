import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Flex, Input, Select, Table, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, queryString, type UserSummary } from '../../api-client';
import { formatDateTime } from '../../format';
import { type MessageKey, useI18n } from '../../i18n';
import { AuditChange, type AuditItem } from './AuditChange';

const ENTITIES = [
  'deal',
  'account',
  'contact',
  'payment',
  'receipt',
  'task',
  'attachment',
  'user',
  'team',
  'organisation',
] as const;
const ACTIONS = [
  'create',
  'update',
  'stage',
  'delete',
  'restore',
  'followup',
  'task',
  'task_done',
  'task_reopen',
  'payment',
  'receipt',
  'attachment',
  'attachment_delete',
];
const FILTERS = ['entity', 'id', 'actorId', 'action', 'from', 'to'] as const;

type LogItem = AuditItem & { entity: string; entityId: string };

/** Where a record of the trail lives in the app, when it has a page. */
function recordLink(item: LogItem): string | null {
  if (item.entity === 'deal') return `/deals/${item.entityId}?tab=history`;
  if (item.entity === 'account') return `/accounts/${item.entityId}`;
  return null;
}

/** 审计 (admin): the organisation's audit log, filtered by record, person, action and days; CSV export. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(
    () =>
      Object.fromEntries(FILTERS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : []))) as Record<
        (typeof FILTERS)[number],
        string | undefined
      >,
    [params],
  );
  const [items, setItems] = useState<LogItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const seq = useRef(0);

  const load = useCallback(
    async (after: string | null) => {
      const mySeq = after ? seq.current : ++seq.current;
      setLoading(true);
      setError(null);
      try {
        const page = await api.get<{ items: LogItem[]; nextCursor: string | null }>('/api/audit/log', {
          ...filters,
          limit: 50,
          cursor: after,
        });
        if (mySeq !== seq.current) return;
        setItems((list) => (after ? [...(list ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (mySeq === seq.current) setError(err instanceof ApiError ? err.message : t('common.networkError'));
      } finally {
        if (mySeq === seq.current) setLoading(false);
      }
    },
    [filters, t],
  );
  useEffect(() => {
    void load(null);
  }, [load]);
  useEffect(() => {
    api.get<{ items: UserSummary[] }>('/api/users').then(
      (r) => setUsers(r.items),
      () => undefined,
    );
  }, []);

  const setFilter = (next: Partial<Record<(typeof FILTERS)[number], string | undefined>>) =>
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
  const entityLabel = (entity: string) =>
    ENTITIES.includes(entity as (typeof ENTITIES)[number]) ? t(`audit.entity.${entity}` as MessageKey) : entity;

  return (
    <div style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" wrap gap={12} style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={`/api/audit.csv${queryString(filters)}`} download>
          {t('audit.export')}
        </Button>
      </Flex>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('audit.entity')}
          aria-label={t('audit.entity')}
          value={filters.entity}
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))}
          onChange={(value: string | undefined) => setFilter({ entity: value })}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 150 }}
          placeholder={t('audit.person')}
          aria-label={t('audit.person')}
          value={filters.actorId}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
          onChange={(value: string | undefined) => setFilter({ actorId: value })}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('audit.action')}
          aria-label={t('audit.action')}
          value={filters.action}
          options={ACTIONS.map((a) => ({ value: a, label: a }))}
          onChange={(value: string | undefined) => setFilter({ action: value })}
        />
        <DatePicker.RangePicker
          aria-label={t('audit.dates')}
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(range) => {
            const [a, b] = (range ?? []) as [Dayjs | null, Dayjs | null];
            setFilter({ from: a?.format('YYYY-MM-DD'), to: b?.format('YYYY-MM-DD') });
          }}
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('audit.recordId')}
          aria-label={t('audit.recordId')}
          defaultValue={filters.id}
          onSearch={(value) => setFilter({ id: value.trim() || undefined })}
        />
      </Flex>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={error}
          action={
            <Button size="small" onClick={() => void load(null)}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      <Table<LogItem>
        size="small"
        rowKey="id"
        loading={loading && !items}
        dataSource={items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('audit.empty') }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at, lang) },
          {
            title: t('audit.person'),
            dataIndex: 'actorName',
            width: 110,
            render: (name: string | null) => name ?? t('audit.system'),
          },
          {
            title: t('audit.record'),
            key: 'record',
            width: 200,
            render: (_: unknown, item) => {
              const href = recordLink(item);
              const label = `${entityLabel(item.entity)} · ${item.entityId.slice(-6)}`;
              return (
                <Tooltip title={item.entityId}>{href ? <Link to={href}>{label}</Link> : <span>{label}</span>}</Tooltip>
              );
            },
          },
          { title: t('audit.action'), dataIndex: 'action', width: 100 },
          { title: t('audit.field'), dataIndex: 'field', width: 130, render: (field: string | null) => field ?? '—' },
          { title: t('audit.change'), key: 'change', render: (_: unknown, item) => <AuditChange item={item} /> },
        ]}
      />
      {cursor && (
        <Button type="link" loading={loading} onClick={() => void load(cursor)} style={{ marginTop: 8 }}>
          {t('audit.loadMore')}
        </Button>
      )}
    </div>
  );
}
