import { Alert, Button, Checkbox, DatePicker, Empty, Form, Input, Select, Skeleton, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type Deal, NetworkError, type Page } from '../../../api-client';
import { useMe } from '../../../auth';
import { formatDateTime } from '../../../format';
import { useI18n } from '../../../i18n';

/** GET/POST /api/tasks?dealId=… (src/contract/tasks.ts). */
interface Task {
  id: string;
  title: string;
  dueAt: string | null;
  assigneeId: string;
  assigneeName: string | null;
  doneAt: string | null;
  dealId: string | null;
  overdue?: boolean;
  version?: number;
}

interface Props {
  deal: Deal;
  mayWrite: boolean;
}

/** The deal's tasks: open first; add one, tick it done. */
export function DealTasks({ deal, mayWrite }: Props) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [form] = Form.useForm<{ title: string; dueAt?: Dayjs; assigneeId: string }>();
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    setError(null);
    api
      .get<Page<Task>>('/api/tasks', { dealId: deal.id, limit: 100 })
      .then((page) => setTasks(page.items))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) {
          setUnavailable(true);
          setTasks([]);
        } else setError(err instanceof ApiError ? err.message : t('common.networkError'));
      });
  }, [deal.id, t]);
  useEffect(load, [load]);

  const toggle = async (task: Task) => {
    setBusy(task.id);
    const done = !task.doneAt;
    setTasks(
      (list) =>
        list?.map((x) => (x.id === task.id ? { ...x, doneAt: done ? new Date().toISOString() : null } : x)) ?? null,
    );
    try {
      const saved = await api.post<Task>(`/api/tasks/${task.id}/${done ? 'complete' : 'reopen'}`, {
        version: task.version ?? 1,
      });
      setTasks((list) => list?.map((x) => (x.id === task.id ? saved : x)) ?? null);
    } catch (err) {
      setTasks((list) => list?.map((x) => (x.id === task.id ? task : x)) ?? null);
      setError(
        err instanceof ApiError ? (err.status === 409 ? t('common.conflict') : err.message) : t('common.networkError'),
      );
      if (err instanceof ApiError && err.status === 409) load();
    } finally {
      setBusy(null);
    }
  };

  const add = async (values: { title: string; dueAt?: Dayjs; assigneeId: string }) => {
    setSaving(true);
    try {
      const created = await api.post<Task>('/api/tasks', {
        title: values.title.trim(),
        dueAt: values.dueAt ? values.dueAt.format() : null,
        assigneeId: values.assigneeId,
        dealId: deal.id,
      });
      setTasks((list) => [...(list ?? []), created]);
      form.resetFields(['title', 'dueAt']);
    } catch (err) {
      if (err instanceof ApiError) {
        form.setFields(
          Object.entries(err.fieldMap()).map(([name, message]) => ({ name: name as 'title', errors: [message] })),
        );
        if (err.errors.length === 0) setError(err.message);
      } else setError(err instanceof NetworkError ? t('common.networkError') : String(err));
    } finally {
      setSaving(false);
    }
  };

  if (unavailable) return <Empty description={t('deal.tasks.unavailable')} />;
  if (!tasks)
    return error ? (
      <Alert
        type="error"
        showIcon
        title={error}
        action={
          <Button size="small" onClick={load}>
            {t('common.retry')}
          </Button>
        }
      />
    ) : (
      <Skeleton active paragraph={{ rows: 3 }} />
    );

  const sorted = [...tasks].sort(
    (a, b) => Number(Boolean(a.doneAt)) - Number(Boolean(b.doneAt)) || (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'),
  );
  const assignees = [
    { value: me.id, label: t('deal.tasks.me') },
    ...(deal.ownerId !== me.id ? [{ value: deal.ownerId, label: deal.ownerName ?? deal.ownerId }] : []),
  ];
  return (
    <div>
      {error && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setError(null) }}
          style={{ marginBottom: 8 }}
          title={error}
        />
      )}
      {sorted.length === 0 ? (
        <Empty description={t('deal.tasks.empty')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {sorted.map((task) => (
            <li
              key={task.id}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 10,
                padding: '8px 0',
                borderBottom: '1px solid #eef0f3',
              }}
            >
              <Checkbox
                checked={Boolean(task.doneAt)}
                disabled={busy === task.id || !mayWrite}
                onChange={() => void toggle(task)}
                aria-label={t(task.doneAt ? 'deal.tasks.reopen' : 'deal.tasks.complete', { title: task.title })}
              />
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ color: '#1f2933', textDecoration: task.doneAt ? 'line-through' : undefined }}>
                  {task.title}
                </div>
                <div style={{ fontSize: 12, color: '#4a5563' }}>
                  {task.assigneeName ?? ''}
                  {task.dueAt && (
                    <>
                      {' '}
                      ·{' '}
                      <Tooltip title={formatDateTime(task.dueAt, lang)}>
                        <span style={{ fontWeight: task.overdue && !task.doneAt ? 600 : undefined }}>
                          {task.overdue && !task.doneAt
                            ? t('deal.tasks.overdue', { date: formatDateTime(task.dueAt, lang) })
                            : t('deal.tasks.due', { date: formatDateTime(task.dueAt, lang) })}
                        </span>
                      </Tooltip>
                    </>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <Form
          form={form}
          layout="inline"
          onFinish={(v) => void add(v)}
          initialValues={{ assigneeId: me.id }}
          style={{ marginTop: 12, rowGap: 8 }}
        >
          <Form.Item
            name="title"
            label={t('deal.tasks.title')}
            rules={[{ required: true, whitespace: true, message: t('deal.tasks.titleRequired') }]}
            style={{ minWidth: 220, flex: 1 }}
          >
            <Input maxLength={200} placeholder={t('deal.tasks.titlePlaceholder')} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('deal.tasks.dueAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="assigneeId" label={t('deal.tasks.assignee')}>
            <Select options={assignees} style={{ minWidth: 120 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={saving}>
              {t('deal.tasks.add')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </div>
  );
}
