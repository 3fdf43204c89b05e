import { Alert, Button, Empty, Flex, Select, Skeleton, Table, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../../api-client';
import { formatDateTime, relativeTime } from '../../format';
import { type MessageKey, useI18n } from '../../i18n';
import { AuditChange, type AuditItem } from './AuditChange';

const PAGE = 200;

/** The records whose field history the app shows (GET /api/audit checks the reader may read each). */
export type HistoryEntity = 'deal' | 'account' | 'contact' | 'task' | 'payment' | 'receipt';

/** Fields several records share, named when the page does not name them itself. */
const COMMON_FIELD_KEYS: Record<string, MessageKey> = {
  file: 'audit.field.file',
  notes: 'audit.field.notes',
  note: 'audit.field.note',
  dueAt: 'audit.field.dueAt',
  doneAt: 'audit.field.doneAt',
  accountId: 'audit.field.accountId',
  paymentId: 'audit.field.paymentId',
};

/**
 * 变更记录 of one record: every audited field change (field, who, from → to, when), filterable by field
 * and by person. `fieldLabels` names fields in the user's language where the page knows them.
 */
export function RecordHistory({
  entity,
  id,
  fieldLabels = {},
  formatValue,
}: {
  entity: HistoryEntity;
  id: string;
  fieldLabels?: Record<string, MessageKey>;
  /** A stored value as the reader knows it (money, dates), per field. */
  formatValue?(field: string, value: string): string;
}) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<AuditItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [field, setField] = useState<string | undefined>();
  const [person, setPerson] = useState<string | undefined>();

  const load = useCallback(
    async (after: string | null) => {
      setError(null);
      try {
        const page = await api.get<{ items: AuditItem[]; nextCursor: string | null }>('/api/audit', {
          entity,
          id,
          limit: PAGE,
          cursor: after,
        });
        setItems((list) => (after ? [...(list ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : t('common.networkError'));
      }
    },
    [entity, id, t],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const label = useCallback(
    (name: string) => {
      const key = fieldLabels[name] ?? COMMON_FIELD_KEYS[name];
      return key ? t(key) : name;
    },
    [fieldLabels, t],
  );
  const options = useMemo(() => {
    const fields = new Set<string>();
    const people = new Map<string, string>();
    for (const item of items ?? []) {
      if (item.field) fields.add(item.field);
      if (item.actorId) people.set(item.actorId, item.actorName ?? item.actorId);
    }
    return {
      fields: [...fields].map((f) => ({ value: f, label: label(f) })),
      people: [...people].map(([value, name]) => ({ value, label: name })),
    };
  }, [items, label]);

  if (!items)
    return error ? (
      <Alert
        type="error"
        showIcon
        title={error}
        action={
          <Button size="small" onClick={() => void load(null)}>
            {t('common.retry')}
          </Button>
        }
      />
    ) : (
      <Skeleton active paragraph={{ rows: 4 }} />
    );
  const shown = items.filter(
    (item) => item.field !== null && (!field || item.field === field) && (!person || item.actorId === person),
  );
  const now = new Date();
  return (
    <div>
      <Flex wrap gap={8} style={{ margin: '4px 0 8px' }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('audit.allFields')}
          aria-label={t('audit.field')}
          value={field}
          options={options.fields}
          onChange={setField}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('audit.allPeople')}
          aria-label={t('audit.person')}
          value={person}
          options={options.people}
          onChange={setPerson}
        />
      </Flex>
      {shown.length === 0 ? (
        <Empty description={t('audit.empty')} />
      ) : (
        <Table<AuditItem>
          size="small"
          rowKey="id"
          dataSource={shown}
          pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          columns={[
            { title: t('audit.field'), dataIndex: 'field', width: 130, render: (name: string) => label(name) },
            {
              title: t('audit.person'),
              dataIndex: 'actorName',
              width: 110,
              render: (name: string | null) => name ?? t('audit.system'),
            },
            {
              title: t('audit.change'),
              key: 'change',
              render: (_: unknown, item) => (
                <AuditChange
                  item={item}
                  format={formatValue && item.field ? (value) => formatValue(item.field!, value) : undefined}
                />
              ),
            },
            {
              title: t('audit.at'),
              dataIndex: 'at',
              width: 120,
              render: (at: string) => (
                <Tooltip title={formatDateTime(at, lang)}>
                  <span>{relativeTime(at, now, t)}</span>
                </Tooltip>
              ),
            },
          ]}
        />
      )}
      {cursor && (
        <Button type="link" onClick={() => void load(cursor)}>
          {t('audit.loadMore')}
        </Button>
      )}
    </div>
  );
}
