import { App, DatePicker, Form, Input, Modal, Select, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type Deal, NetworkError, type Page, type UserSummary } from '../../api-client';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import type { Task } from './types';
import { zonedIso } from './zone';

interface Values {
  title: string;
  assigneeId: string;
  dueDate?: Dayjs | null;
  dueTime?: Dayjs | null;
  dealId?: string;
}

/** New task: what, who, when (in the organisation's zone), on which deal (searched as you type). */
export function TaskForm({
  open,
  zone,
  onClose,
  onCreated,
}: {
  open: boolean;
  zone: string;
  onClose(): void;
  onCreated(task: Task): void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [deals, setDeals] = useState<{ value: string; label: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const searchSeq = useRef(0);

  useEffect(() => {
    if (!open || users.length > 0) return;
    api.get<{ items: UserSummary[] }>('/api/users').then(
      (r) => setUsers(r.items.filter((u) => u.active)),
      () => setUsers([]),
    );
  }, [open, users.length]);

  const searchDeals = (q: string) => {
    const seq = ++searchSeq.current;
    if (!q.trim() || me.role === 'marketing') {
      setDeals([]);
      return;
    }
    api.get<Page<Deal>>('/api/deals', { q: q.trim(), limit: 10, count: false }).then(
      (page) => {
        if (seq === searchSeq.current)
          setDeals(
            page.items.map((d) => ({ value: d.id, label: d.accountName ? `${d.title} · ${d.accountName}` : d.title })),
          );
      },
      () => undefined,
    );
  };

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const dueAt = values.dueDate
        ? zonedIso(values.dueDate.format('YYYY-MM-DD'), values.dueTime ? values.dueTime.format('HH:mm') : '18:00', zone)
        : null;
      const task = await api.post<Task>('/api/tasks', {
        title: values.title.trim(),
        assigneeId: values.assigneeId,
        dueAt,
        dealId: values.dealId ?? null,
      });
      message.success(t('tasks.created'));
      form.resetFields();
      onCreated(task);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        form.setFields(
          Object.entries(err.fieldMap()).map(([name, errors]) => ({
            name: (name === 'dueAt' ? 'dueDate' : name) as keyof Values,
            errors: [errors],
          })),
        );
      } else
        message.error(
          err instanceof NetworkError ? t('common.networkError') : err instanceof Error ? err.message : String(err),
        );
    } finally {
      setSaving(false);
    }
  };

  const assignees =
    users.length > 0
      ? users.map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name}（${t('deal.tasks.me')}）` : u.name }))
      : [{ value: me.id, label: me.name }];
  return (
    <Modal
      open={open}
      title={t('tasks.new')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ assigneeId: me.id }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="title"
          label={t('tasks.field.title')}
          rules={[{ required: true, whitespace: true, message: t('tasks.titleRequired') }]}
        >
          <Input maxLength={200} placeholder={t('tasks.field.titlePlaceholder')} autoFocus />
        </Form.Item>
        <Form.Item
          name="assigneeId"
          label={t('tasks.field.assignee')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={assignees} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item
            name="dueDate"
            label={t('tasks.field.dueDate')}
            extra={t('tasks.field.zone', { zone })}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="dueTime" label={t('tasks.field.dueTime')} style={{ width: 140 }}>
            <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} placeholder="18:00" />
          </Form.Item>
        </div>
        <Form.Item name="dealId" label={t('tasks.field.deal')}>
          <Select
            showSearch={{ filterOption: false, onSearch: searchDeals }}
            allowClear
            options={deals}
            placeholder={t('tasks.field.dealPlaceholder')}
            notFoundContent={null}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
