import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Deal, Stage } from '../../api-client';
import { type MessageKey, useI18n } from '../../i18n';

/** Loss reasons the API accepts (src/domain/stages.ts LOSS_REASONS), in the order the list shows them. */
export const LOSS_REASON_KEYS = [
  'price',
  'competitor',
  'no_budget',
  'no_decision',
  'timing',
  'product_fit',
  'contract_terms',
  'relationship',
  'other',
] as const;

/** Fields a stage may require (src/domain/stages.ts REQUIRABLE_FIELDS). */
export type RequiredField = 'amount' | 'expectedCloseDate' | 'accountId' | 'lossReason' | 'nextStep';

export const FIELD_LABEL_KEYS: Record<RequiredField, MessageKey> = {
  amount: 'deal.field.amount',
  expectedCloseDate: 'deal.field.expectedCloseDate',
  accountId: 'deal.field.account',
  lossReason: 'deal.field.lossReason',
  nextStep: 'deal.field.nextStep',
};

/** Which of the target stage's required fields the deal does not have yet (presentation only: the API decides). */
export function missingFieldsFor(deal: Deal, target: Stage): RequiredField[] {
  return (target.requiredFields as RequiredField[]).filter((field) => {
    switch (field) {
      case 'amount':
        return !(deal.amount > 0);
      case 'expectedCloseDate':
        return !deal.expectedCloseDate;
      case 'accountId':
        return !deal.accountId;
      case 'lossReason':
        return !(deal.stage === target.key && deal.lossReason);
      case 'nextStep':
        return !deal.nextStep?.trim();
      default:
        return false;
    }
  });
}

/** What the modal adds to the move request. */
export interface StageMoveExtra {
  amount?: number;
  expectedCloseDate?: string;
  lossReason?: string;
  nextStep?: string;
}

interface FormValues {
  amountYuan?: number;
  expectedCloseDate?: Dayjs;
  lossReason?: string;
  nextStep?: string;
}

interface Props {
  open: boolean;
  deal: Deal | null;
  target: Stage | null;
  missing: RequiredField[];
  /** Field errors from a refused move, shown next to the fields. */
  errors?: Record<string, string>;
  /** Values typed before a refused move, so nothing is lost. */
  initial?: StageMoveExtra;
  submitting?: boolean;
  onSubmit(extra: StageMoveExtra): void;
  onCancel(): void;
}

/** Asks for the target stage's missing required fields before a deal moves (board and deal page). */
export function StageMoveModal({
  open,
  deal,
  target,
  missing,
  errors,
  initial,
  submitting,
  onSubmit,
  onCancel,
}: Props) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const needsAccount = missing.includes('accountId');
  const fields = missing.filter((f) => f !== 'accountId');

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      amountYuan: initial?.amount !== undefined ? initial.amount / 100 : undefined,
      expectedCloseDate: initial?.expectedCloseDate ? dayjs(initial.expectedCloseDate) : undefined,
      lossReason: initial?.lossReason,
      nextStep: initial?.nextStep ?? deal?.nextStep ?? undefined,
    });
    const fieldErrors = Object.entries(errors ?? {})
      .map(([field, message]) => ({
        name: (field === 'amount' ? 'amountYuan' : field) as keyof FormValues,
        errors: [message],
      }))
      .filter((entry) => ['amountYuan', 'expectedCloseDate', 'lossReason', 'nextStep'].includes(entry.name));
    if (fieldErrors.length > 0) form.setFields(fieldErrors);
  }, [open, deal, errors, initial, form]);

  const finish = (values: FormValues) => {
    const extra: StageMoveExtra = {};
    if (fields.includes('amount') && values.amountYuan !== undefined)
      extra.amount = Math.round(values.amountYuan * 100);
    if (fields.includes('expectedCloseDate') && values.expectedCloseDate)
      extra.expectedCloseDate = values.expectedCloseDate.format('YYYY-MM-DD');
    if (fields.includes('lossReason') && values.lossReason) extra.lossReason = values.lossReason;
    if (fields.includes('nextStep') && values.nextStep) extra.nextStep = values.nextStep.trim();
    onSubmit(extra);
  };

  const stageLabel = target ? (lang === 'en' ? target.name.en : target.name.zh) : '';
  return (
    <Modal
      open={open}
      title={t('deal.move.title', { stage: stageLabel })}
      okText={t('deal.move.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      okButtonProps={{ disabled: needsAccount, loading: submitting }}
      destroyOnHidden
      width={440}
    >
      {deal && <p style={{ marginTop: 0, color: '#1f2933' }}>{t('deal.move.intro', { title: deal.title })}</p>}
      {needsAccount && deal && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('deal.move.needsAccount')}
          description={
            <Link to={`/deals/${deal.id}`} style={{ color: '#1f5fa8' }}>
              {t('deal.move.openDeal')}
            </Link>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={finish} requiredMark={false}>
        {fields.includes('amount') && (
          <Form.Item
            name="amountYuan"
            label={t('deal.move.amountYuan')}
            rules={[
              { required: true, message: t('deal.move.amountRequired') },
              { type: 'number', min: 0.01, message: t('deal.move.amountRequired') },
            ]}
          >
            <InputNumber<number>
              style={{ width: '100%' }}
              min={0}
              precision={2}
              step={1000}
              autoFocus
              inputMode="decimal"
            />
          </Form.Item>
        )}
        {fields.includes('expectedCloseDate') && (
          <Form.Item
            name="expectedCloseDate"
            label={t('deal.field.expectedCloseDate')}
            rules={[{ required: true, message: t('deal.move.dateRequired') }]}
          >
            <DatePicker style={{ width: '100%' }} autoFocus={!fields.includes('amount')} />
          </Form.Item>
        )}
        {fields.includes('lossReason') && (
          <Form.Item
            name="lossReason"
            label={t('deal.field.lossReason')}
            rules={[{ required: true, message: t('deal.move.lossRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('deal.move.lossPlaceholder')}
              styles={{ placeholder: { color: '#5b6573' } }}
              autoFocus
              options={LOSS_REASON_KEYS.map((key) => ({ value: key, label: t(`deal.loss.${key}`) }))}
            />
          </Form.Item>
        )}
        {fields.includes('nextStep') && (
          <Form.Item
            name="nextStep"
            label={t('deal.field.nextStep')}
            rules={[{ required: true, whitespace: true, message: t('deal.move.nextStepRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
