import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Grid, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Deal, NetworkError } from '../../api-client';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { usePipeline } from './usePipeline';

interface Values {
  title?: string;
  accountId?: string | null;
  amount?: number | null;
  expectedCloseDate?: Dayjs | null;
  stage?: string;
  nextStep?: string;
  nextStepDue?: Dayjs | null;
}
interface AccountOption {
  id: string;
  name: string;
}

const FIELDS = ['title', 'accountId', 'amount', 'expectedCloseDate', 'stage', 'nextStep', 'nextStepDue'] as const;
const draftKey = (userId: string) => `tz.dealForm.draft.${userId}`;

interface Props {
  open: boolean;
  onClose(): void;
  onCreated(deal: Deal): void;
}

/** New deal: the few fields that make a useful first row; the draft survives a failed request and a page change. */
export function DealForm({ open, onClose, onCreated }: Props) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const { stages } = usePipeline();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [accounts, setAccounts] = useState<AccountOption[]>([]);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const openStages = useMemo(() => stages.filter((s) => s.kind === 'open'), [stages]);

  const search = (q: string) => {
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      api
        .get<{ items: AccountOption[] }>('/api/accounts', { q: q.trim() || undefined, limit: 20, count: false })
        .then((page) =>
          setAccounts((prev) => {
            // Keep the chosen account in the options so its name still shows.
            const chosen = prev.find((a) => a.id === form.getFieldValue('accountId'));
            return chosen && !page.items.some((a) => a.id === chosen.id) ? [chosen, ...page.items] : page.items;
          }),
        )
        .catch(() => undefined);
    }, 200);
  };

  useEffect(() => {
    if (!open) return;
    search('');
    try {
      const draft = JSON.parse(sessionStorage.getItem(draftKey(me.id)) ?? 'null') as
        | (Record<string, unknown> & { accountName?: string })
        | null;
      if (draft) {
        form.setFieldsValue({
          ...draft,
          expectedCloseDate: typeof draft.expectedCloseDate === 'string' ? dayjs(draft.expectedCloseDate) : null,
          nextStepDue: typeof draft.nextStepDue === 'string' ? dayjs(draft.nextStepDue) : null,
        } as Values);
        if (typeof draft.accountId === 'string' && draft.accountName)
          setAccounts((prev) => [{ id: draft.accountId as string, name: draft.accountName! }, ...prev]);
      }
    } catch {
      /* an unreadable draft is simply not restored */
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    if (open && !form.getFieldValue('stage') && openStages[0]) form.setFieldValue('stage', openStages[0].key);
  }, [open, openStages, form]);

  const keepDraft = (_: unknown, all: Values) => {
    const accountName = accounts.find((a) => a.id === all.accountId)?.name;
    sessionStorage.setItem(
      draftKey(me.id),
      JSON.stringify({
        ...all,
        accountName,
        expectedCloseDate: all.expectedCloseDate ? all.expectedCloseDate.format('YYYY-MM-DD') : null,
        nextStepDue: all.nextStepDue ? all.nextStepDue.format('YYYY-MM-DD') : null,
      }),
    );
  };

  const submit = async (values: Values) => {
    setSaving(true);
    setFormError(null);
    try {
      const body = {
        title: values.title ?? '',
        accountId: values.accountId ?? null,
        amount: typeof values.amount === 'number' ? Math.round(values.amount * 100) : undefined,
        expectedCloseDate: values.expectedCloseDate ? values.expectedCloseDate.format('YYYY-MM-DD') : null,
        stage: values.stage,
        nextStep: values.nextStep?.trim() ? values.nextStep.trim() : null,
        nextStepDue: values.nextStepDue ? values.nextStepDue.format('YYYY-MM-DD') : null,
      };
      const deal = await api.post<Deal>('/api/deals', body);
      sessionStorage.removeItem(draftKey(me.id));
      form.resetFields();
      message.success(t('dealForm.created'));
      onCreated(deal);
    } catch (error) {
      if (error instanceof ApiError) {
        const map = error.fieldMap();
        const known = FIELDS.filter((f) => map[f]);
        form.setFields(known.map((name) => ({ name, errors: [map[name]!] })));
        if (known.length === 0) setFormError(error.detail ?? error.title);
      } else if (error instanceof NetworkError) {
        setFormError(`${t('common.networkError')} · ${t('dealForm.draftKept')}`);
      } else {
        setFormError(t('common.failed'));
      }
    } finally {
      setSaving(false);
    }
  };

  const size = phone ? 'large' : 'middle';
  return (
    <Drawer
      rootClassName="tz-page"
      open={open}
      onClose={onClose}
      size={phone ? '100%' : 480}
      title={t('dealForm.title')}
      destroyOnHidden={false}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} size={size}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} size={size}>
            {t('dealForm.submit')}
          </Button>
        </Flex>
      }
    >
      {formError && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={formError} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={size}
        onFinish={(v) => void submit(v)}
        onValuesChange={keepDraft}
        disabled={saving}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.submit();
          }
        }}
      >
        <Form.Item
          name="title"
          label={t('dealForm.dealTitle')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} placeholder={t('dealForm.dealTitlePlaceholder')} autoFocus />
        </Form.Item>
        <Form.Item name="accountId" label={t('dealForm.account')}>
          <Select
            allowClear
            placeholder={t('dealForm.accountPlaceholder')}
            showSearch={{ filterOption: false, onSearch: search }}
            options={accounts.map((a) => ({ value: a.id, label: a.name }))}
          />
        </Form.Item>
        <Flex gap={12} vertical={phone}>
          <Form.Item name="amount" label={t('dealForm.amount')} style={{ flex: 1 }}>
            <InputNumber<number> min={0} precision={2} style={{ width: '100%' }} prefix="¥" />
          </Form.Item>
          <Form.Item name="expectedCloseDate" label={t('dealForm.expectedClose')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} />
          </Form.Item>
        </Flex>
        <Form.Item name="stage" label={t('dealForm.stage')}>
          <Select options={openStages.map((s) => ({ value: s.key, label: lang === 'en' ? s.name.en : s.name.zh }))} />
        </Form.Item>
        <Flex gap={12} vertical={phone}>
          <Form.Item name="nextStep" label={t('dealForm.nextStep')} style={{ flex: 2 }}>
            <Input maxLength={500} placeholder={t('dealForm.nextStepPlaceholder')} />
          </Form.Item>
          <Form.Item name="nextStepDue" label={t('dealForm.nextStepDue')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} />
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}
