import { Alert, Button, DatePicker, Empty, Form, Input, InputNumber, Modal, Skeleton, Table, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type Deal } from '../../../api-client';
import { formatMoneyExact, formatMoneyShort, todayIso } from '../../../format';
import { type MessageKey, useI18n } from '../../../i18n';
import { HistoryButton, type HistorySection } from '../../audit/HistoryButton';

interface Receipt {
  id: string;
  amount: number;
  receivedAt: string;
}
interface Instalment {
  id: string;
  dueDate: string;
  amount: number;
  condition: string | null;
  receivedAmount: number;
  outstanding: number;
  status: 'planned' | 'partial' | 'received' | 'overdue';
  version: number;
  receipts: Receipt[];
}
interface Plan {
  currency: string;
  dealAmount: number;
  items: Instalment[];
  planned: number;
  received: number;
  outstanding: number;
  overdue: number;
  nextPaymentDue: string | null;
}

const STATUS_KEYS: Record<Instalment['status'], MessageKey> = {
  planned: 'deal.pay.status.planned',
  partial: 'deal.pay.status.partial',
  received: 'deal.pay.status.received',
  overdue: 'deal.pay.status.overdue',
};

/** Instalment and receipt fields as the audit trail names them. */
const PAYMENT_FIELD_KEYS: Record<string, MessageKey> = {
  dueDate: 'deal.pay.dueDate',
  amount: 'deal.pay.amount',
  condition: 'deal.pay.condition',
  receivedAmount: 'deal.pay.receivedCol',
  receivedAt: 'deal.pay.receivedAt',
};
const MONEY_FIELDS = new Set(['amount', 'receivedAmount']);

type Dialog = { kind: 'receipt'; instalment: Instalment } | { kind: 'instalment' } | null;

/** The payment plan (回款): instalments with received and outstanding; finance records receipts here. */
export function DealPayments({ deal, mayEdit, won }: { deal: Deal; mayEdit: boolean; won: boolean }) {
  const { t, lang } = useI18n();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ amountYuan: number; date: Dayjs; condition?: string }>();

  const load = useCallback(() => {
    setError(null);
    api.get<Plan>(`/api/deals/${deal.id}/payments`).then(setPlan).catch(setError);
  }, [deal.id]);
  useEffect(load, [load]);

  // Audit values are minor units as text.
  const formatValue = (field: string, value: string) =>
    MONEY_FIELDS.has(field) && /^-?\d+$/.test(value) ? formatMoneyExact(Number(value), deal.currency, lang) : value;
  const historyOf = (row: Instalment): HistorySection[] => [
    { entity: 'payment', id: row.id, heading: t('audit.entity.payment'), fieldLabels: PAYMENT_FIELD_KEYS, formatValue },
    ...(row.receipts ?? []).map((r) => ({
      entity: 'receipt' as const,
      id: r.id,
      fieldLabels: PAYMENT_FIELD_KEYS,
      formatValue,
      heading: t('audit.receiptOf', { date: r.receivedAt, amount: formatMoneyExact(r.amount, deal.currency, lang) }),
    })),
  ];
  const money = (minor: number) => (
    <Tooltip title={formatMoneyExact(minor, deal.currency, lang)}>
      <span>{formatMoneyShort(minor, deal.currency, lang)}</span>
    </Tooltip>
  );

  const submit = async (values: { amountYuan: number; date: Dayjs; condition?: string }) => {
    if (!dialog) return;
    setSaving(true);
    try {
      const amount = Math.round(values.amountYuan * 100);
      if (dialog.kind === 'receipt') {
        await api.post(`/api/payments/${dialog.instalment.id}/receipts`, {
          amount,
          receivedAt: values.date.format('YYYY-MM-DD'),
          version: dialog.instalment.version,
        });
      } else {
        await api.post(`/api/deals/${deal.id}/payments`, {
          amount,
          dueDate: values.date.format('YYYY-MM-DD'),
          condition: values.condition?.trim() || null,
        });
      }
      setDialog(null);
      load();
    } catch (err) {
      if (err instanceof ApiError) {
        const rename: Record<string, string> = { amount: 'amountYuan', receivedAt: 'date', dueDate: 'date' };
        const fields = Object.entries(err.fieldMap()).map(([name, message]) => ({
          name: (rename[name] ?? name) as 'amountYuan',
          errors: [message],
        }));
        if (fields.length > 0) form.setFields(fields);
        else Modal.error({ title: err.status === 409 ? t('common.conflict') : err.message });
        if (err.status === 409) {
          setDialog(null);
          load();
        }
      } else Modal.error({ title: t('common.networkError') });
    } finally {
      setSaving(false);
    }
  };

  const open = (next: Dialog) => {
    setDialog(next);
    form.resetFields();
    if (next?.kind === 'receipt')
      form.setFieldsValue({ amountYuan: next.instalment.outstanding / 100, date: dayjs(todayIso()) });
  };

  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.message : t('common.networkError')}
        action={
          <Button size="small" onClick={load}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!plan) return <Skeleton active paragraph={{ rows: 3 }} />;

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, marginBottom: 10, alignItems: 'center' }}>
        <span>
          {t('deal.pay.planned')}
          {t('deal.colon')}
          <strong>{money(plan.planned)}</strong>
        </span>
        <span>
          {t('deal.pay.received')}
          {t('deal.colon')}
          <strong>{money(plan.received)}</strong>
        </span>
        <span>
          {t('deal.pay.outstanding')}
          {t('deal.colon')}
          <strong>{money(plan.outstanding)}</strong>
        </span>
        {plan.overdue > 0 && (
          <span>
            {t('deal.pay.overdue')}
            {t('deal.colon')}
            <strong>{money(plan.overdue)}</strong>
          </span>
        )}
        <span style={{ flex: 1 }} />
        {mayEdit && won && <Button onClick={() => open({ kind: 'instalment' })}>{t('deal.pay.addInstalment')}</Button>}
      </div>
      {plan.items.length === 0 ? (
        <Empty description={won ? t('deal.pay.empty') : t('deal.pay.notWon')} />
      ) : (
        <Table<Instalment>
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={plan.items}
          columns={[
            { title: t('deal.pay.dueDate'), dataIndex: 'dueDate', width: 110 },
            { title: t('deal.pay.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => money(v) },
            {
              title: t('deal.pay.receivedCol'),
              dataIndex: 'receivedAmount',
              align: 'right',
              render: (v: number) => money(v),
            },
            {
              title: t('deal.pay.status'),
              dataIndex: 'status',
              render: (s: Instalment['status']) => (
                <span style={{ fontWeight: s === 'overdue' ? 600 : undefined }}>{t(STATUS_KEYS[s])}</span>
              ),
            },
            { title: t('deal.pay.condition'), dataIndex: 'condition', render: (c: string | null) => c ?? '' },
            {
              title: t('deal.pay.actions'),
              key: 'actions',
              render: (_: unknown, row: Instalment) => (
                <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
                  {mayEdit && row.outstanding > 0 && (
                    <Button size="small" onClick={() => open({ kind: 'receipt', instalment: row })}>
                      {t('deal.pay.recordReceipt')}
                    </Button>
                  )}
                  <HistoryButton name={`${t('audit.entity.payment')} ${row.dueDate}`} sections={historyOf(row)} />
                </span>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'receipt' ? t('deal.pay.recordReceipt') : t('deal.pay.addInstalment')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setDialog(null)}
        okButtonProps={{ loading: saving }}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="amountYuan"
            label={t('deal.pay.amountYuan')}
            rules={[{ required: true, message: t('deal.move.amountRequired') }]}
          >
            <InputNumber<number> min={0.01} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="date"
            label={dialog?.kind === 'receipt' ? t('deal.pay.receivedAt') : t('deal.pay.dueDate')}
            rules={[{ required: true, message: t('deal.move.dateRequired') }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          {dialog?.kind === 'instalment' && (
            <Form.Item name="condition" label={t('deal.pay.condition')}>
              <Input maxLength={500} placeholder={t('deal.pay.conditionPlaceholder')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
