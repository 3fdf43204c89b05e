import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Empty, Flex, Skeleton, Tabs, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type Page, type Query } from '../../api-client';
import { useMe } from '../../auth';
import { formatDateTime } from '../../format';
import { type MessageKey, type Translate, useI18n } from '../../i18n';
import { HistoryButton } from '../audit/HistoryButton';
import { TaskForm } from './TaskForm';
import type { Task } from './types';
import { useOrgTimeZone } from './zone';

const TABS = ['mine', 'overdue', 'assigned', 'done'] as const;

/** Task fields as the audit trail names them. */
const TASK_FIELD_KEYS: Record<string, MessageKey> = {
  title: 'tasks.field.title',
  assigneeId: 'tasks.field.assignee',
  dealId: 'tasks.field.deal',
};
type TabKey = (typeof TABS)[number];

const QUERIES: Record<TabKey, Query> = {
  mine: { assignee: 'me', status: 'open' },
  overdue: { assignee: 'me', status: 'overdue' },
  assigned: { createdBy: 'me', assignee: 'others', status: 'open' },
  done: { assignee: 'me', status: 'done' },
};

const TIME_FIELDS = new Set(['dueAt', 'doneAt']);

/** How long ago a due time passed: minutes, hours or days. */
export function overdueSpan(dueAt: string, now: number, t: Translate): string {
  const minutes = Math.max(1, Math.floor((now - new Date(dueAt).getTime()) / 60_000));
  if (minutes < 60) return t('tasks.span.minutes', { n: minutes });
  if (minutes < 24 * 60) return t('tasks.span.hours', { n: Math.floor(minutes / 60) });
  return t('tasks.span.days', { n: Math.floor(minutes / (24 * 60)) });
}

/** One tab's tasks, page by page, with optimistic complete / reopen (rolled back, and reloaded on 409). */
function TaskList({ tab, refreshKey }: { tab: TabKey; refreshKey: number }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [items, setItems] = useState<Task[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const seq = useRef(0);
  const now = Date.now();

  const load = useCallback(
    async (after: string | null = null) => {
      const mySeq = after ? seq.current : ++seq.current;
      setError(null);
      try {
        const page = await api.get<Page<Task>>('/api/tasks', {
          ...QUERIES[tab],
          limit: 50,
          count: false,
          cursor: after,
        });
        if (mySeq !== seq.current) return;
        setItems((list) => (after ? [...(list ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (mySeq === seq.current) setError(err instanceof ApiError ? err.message : t('common.networkError'));
      }
    },
    [tab, t],
  );
  useEffect(() => {
    setItems(null);
    void load();
  }, [load, refreshKey]);

  const replace = (task: Task) => setItems((list) => list?.map((x) => (x.id === task.id ? task : x)) ?? null);
  const toggle = async (task: Task) => {
    const done = !task.doneAt;
    setBusy((s) => new Set(s).add(task.id));
    replace({ ...task, doneAt: done ? new Date().toISOString() : null, overdue: done ? false : task.overdue });
    try {
      replace(await api.post<Task>(`/api/tasks/${task.id}/${done ? 'complete' : 'reopen'}`, { version: task.version }));
      if (done) message.success(t('tasks.completed', { title: task.title }));
    } catch (err) {
      replace(task);
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t('common.conflict'));
        void load();
      } else message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setBusy((s) => {
        const next = new Set(s);
        next.delete(task.id);
        return next;
      });
    }
  };

  if (!items)
    return error ? (
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
      <Skeleton active paragraph={{ rows: 4 }} />
    );
  if (items.length === 0) return <Empty description={t(`tasks.empty.${tab}` as MessageKey)} />;
  return (
    <div>
      {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={error} />}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t(`tasks.tab.${tab}` as MessageKey)}>
        {items.map((task) => {
          const overdue = !task.doneAt && task.dueAt !== null && new Date(task.dueAt).getTime() < now;
          return (
            <li
              key={task.id}
              data-task-id={task.id}
              style={{
                display: 'flex',
                alignItems: 'flex-start',
                gap: 10,
                padding: '10px 4px',
                borderBottom: '1px solid #eef0f3',
              }}
            >
              <Checkbox
                checked={Boolean(task.doneAt)}
                disabled={busy.has(task.id)}
                onChange={() => void toggle(task)}
                style={{ marginTop: 2 }}
                aria-label={t(task.doneAt ? 'tasks.reopen' : 'tasks.complete', { title: task.title })}
              />
              <div style={{ flex: 1, minWidth: 0 }}>
                <div
                  style={{
                    color: '#1f2933',
                    textDecoration: task.doneAt ? 'line-through' : undefined,
                    overflowWrap: 'anywhere',
                  }}
                >
                  {task.title}
                </div>
                <div style={{ fontSize: 12, color: '#4a5563', display: 'flex', flexWrap: 'wrap', gap: '2px 12px' }}>
                  {task.dueAt ? (
                    <Tooltip title={formatDateTime(task.dueAt, lang)}>
                      <span style={overdue ? { color: '#c0281b', fontWeight: 600 } : undefined}>
                        {overdue
                          ? t('tasks.overdueFor', { span: overdueSpan(task.dueAt, now, t) })
                          : t('tasks.due', { date: formatDateTime(task.dueAt, lang) })}
                      </span>
                    </Tooltip>
                  ) : (
                    <span>{t('tasks.noDue')}</span>
                  )}
                  {task.doneAt && <span>{t('tasks.doneAt', { date: formatDateTime(task.doneAt, lang) })}</span>}
                  {task.assigneeId !== me.id && <span>{t('tasks.assignedTo', { name: task.assigneeName ?? '' })}</span>}
                  {task.dealId && task.dealTitle && (
                    <Link to={`/deals/${task.dealId}?tab=tasks`}>{task.dealTitle}</Link>
                  )}
                  {!task.dealId && task.accountId && task.accountName && (
                    <Link to={`/accounts/${task.accountId}`}>{task.accountName}</Link>
                  )}
                </div>
              </div>
              <HistoryButton
                name={task.title}
                sections={[
                  {
                    entity: 'task',
                    id: task.id,
                    fieldLabels: TASK_FIELD_KEYS,
                    formatValue: (field, value) => (TIME_FIELDS.has(field) ? formatDateTime(value, lang) : value),
                  },
                ]}
              />
            </li>
          );
        })}
      </ul>
      {cursor && (
        <Button type="link" onClick={() => void load(cursor)}>
          {t('tasks.loadMore')}
        </Button>
      )}
    </div>
  );
}

/** 任务: my open tasks, overdue ones, those I assigned to others, done ones; create one. */
export function TasksPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.includes(params.get('tab') as TabKey) ? (params.get('tab') as TabKey) : 'mine';
  const [formOpen, setFormOpen] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const zone = useOrgTimeZone();

  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" gap={12} style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('tasks.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)}>
          {t('tasks.new')}
        </Button>
      </Flex>
      <div style={{ background: '#fff', border: '1px solid #dfe3e8', borderRadius: 8, padding: '0 16px 12px' }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={TABS.map((key) => ({
            key,
            label: t(`tasks.tab.${key}` as MessageKey),
            children: key === tab ? <TaskList tab={key} refreshKey={refreshKey} /> : null,
          }))}
        />
      </div>
      <TaskForm
        open={formOpen}
        zone={zone}
        onClose={() => setFormOpen(false)}
        onCreated={() => {
          setFormOpen(false);
          setRefreshKey((k) => k + 1);
        }}
      />
    </div>
  );
}
