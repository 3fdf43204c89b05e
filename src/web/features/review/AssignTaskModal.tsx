import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, api, type Deal, type UserSummary } from '../../api-client';
import { useI18n } from '../../i18n';

interface Props {
  deal: Deal;
  users: UserSummary[];
  onClose(): void;
}

interface Values {
  title: string;
  assigneeId: string;
  due: Dayjs | null;
}

/** A task for a stalled deal, from its row: who, by when, what (prefilled from the deal). */
export function AssignTaskModal({ deal, users, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      // Due at the end of the chosen working day.
      const dueAt = values.due ? values.due.hour(18).minute(0).second(0).millisecond(0).toISOString() : null;
      await api.post('/api/tasks', {
        title: values.title.trim(),
        assigneeId: values.assigneeId,
        dueAt,
        dealId: deal.id,
      });
      message.success(t('review.assignDone', { name: users.find((u) => u.id === values.assigneeId)?.name ?? '' }));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        const fields: Record<string, keyof Values> = { title: 'title', assigneeId: 'assigneeId', dueAt: 'due' };
        form.setFields(error.errors.map((e) => ({ name: fields[e.field] ?? 'title', errors: [e.message] })));
      } else {
        message.error(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const initial: Values = {
    title: t('review.taskTitleDefault', {
      title: deal.nextStep ? `${deal.title} · ${deal.nextStep}` : deal.title,
    }).slice(0, 200),
    assigneeId: deal.ownerId,
    due: dayjs().add(2, 'day'),
  };
  return (
    <Modal
      open
      title={t('review.assignFor', { title: deal.title })}
      okText={t('review.assignSave')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(values) => void submit(values)}>
        <Form.Item
          name="title"
          label={t('review.taskTitle')}
          rules={[{ required: true, whitespace: true, message: t('review.taskTitleRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="assigneeId"
          label={t('review.assignee')}
          rules={[{ required: true, message: t('review.assigneeRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="due" label={t('review.dueAt')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
