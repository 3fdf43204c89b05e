import { DatePicker, Input, InputNumber, Select, Switch, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { Deal } from '../../../api-client';
import { formatMoneyExact, formatMoneyShort } from '../../../format';
import { useI18n } from '../../../i18n';
import { LOSS_REASON_KEYS } from '../StageMoveModal';
import { InlineField } from './InlineField';

/** The PATCH body fields edited here (version is added by the caller). */
export interface DealPatch {
  title?: string;
  amount?: number;
  probability?: number;
  expectedCloseDate?: string | null;
  nextStep?: string | null;
  nextStepDue?: string | null;
  source?: string | null;
  competitors?: string[];
  riskFlag?: boolean;
  riskReason?: string | null;
  lossReason?: string | null;
}

interface Props {
  deal: Deal;
  mayWrite: boolean;
  mayFlagRisk: boolean;
  /** The deal is in the lost stage (its loss reason is then shown and editable). */
  lost: boolean;
  /** Sends one edit; throws FieldSaveError with the message to show next to the field. */
  patch(fields: DealPatch, field: string): Promise<void>;
}

const PROBABILITIES = [10, 30, 50, 80, 100];
const none = (text: string) => <span style={{ color: '#4a5563' }}>{text}</span>;

/** Key fields of a deal, each editable in place (PATCH with version; errors next to the field). */
export function DealFields({ deal, mayWrite, mayFlagRisk, lost, patch }: Props) {
  const { t, lang } = useI18n();
  const empty = none(t('deal.empty'));
  const draft = (field: string) => `tz.draft.deal.${deal.id}.${field}`;
  const closed = deal.closedAt !== null;

  return (
    <div>
      <InlineField<string>
        label={t('deal.field.title')}
        value={deal.title}
        display={deal.title}
        editable={mayWrite}
        draftKey={draft('title')}
        editor={(value, set, id, save) => (
          <Input
            id={id}
            value={value}
            maxLength={200}
            onChange={(e) => set(e.target.value)}
            onPressEnter={save}
            autoFocus
          />
        )}
        onSave={(value) => patch({ title: value.trim() }, 'title')}
      />
      <InlineField<number | null>
        label={t('deal.field.amountYuan')}
        value={deal.amount / 100}
        display={
          <Tooltip title={formatMoneyExact(deal.amount, deal.currency, lang)}>
            <span style={{ fontWeight: 600 }}>{formatMoneyShort(deal.amount, deal.currency, lang)}</span>
          </Tooltip>
        }
        editable={mayWrite}
        draftKey={draft('amount')}
        editor={(value, set, id, save) => (
          <InputNumber<number>
            id={id}
            value={value ?? undefined}
            min={0}
            precision={2}
            step={1000}
            style={{ width: '100%' }}
            onChange={(v) => set(v ?? null)}
            onPressEnter={save}
            autoFocus
            inputMode="decimal"
          />
        )}
        onSave={(value) => patch({ amount: Math.round((value ?? 0) * 100) }, 'amount')}
      />
      <InlineField<number>
        label={t('deal.field.probability')}
        value={deal.probability}
        display={`${deal.probability}%`}
        editable={mayWrite && !closed}
        editor={(value, set, id) => (
          <Select
            id={id}
            value={value}
            onChange={set}
            style={{ width: '100%' }}
            options={PROBABILITIES.map((p) => ({ value: p, label: `${p}%` }))}
            autoFocus
            defaultOpen
          />
        )}
        onSave={(value) => patch({ probability: value }, 'probability')}
      />
      <InlineField<string | null>
        label={t('deal.field.expectedCloseDate')}
        value={deal.expectedCloseDate}
        display={deal.expectedCloseDate ?? empty}
        editable={mayWrite}
        editor={(value, set, id) => (
          <DatePicker
            id={id}
            value={value ? dayjs(value) : null}
            onChange={(d) => set(d ? d.format('YYYY-MM-DD') : null)}
            style={{ width: '100%' }}
            autoFocus
          />
        )}
        onSave={(value) => patch({ expectedCloseDate: value }, 'expectedCloseDate')}
      />
      <InlineField<{ text: string; due: string | null }>
        label={t('deal.field.nextStep')}
        value={{ text: deal.nextStep ?? '', due: deal.nextStepDue }}
        display={
          deal.nextStep ? (
            <span>
              {deal.nextStep}
              {deal.nextStepDue && (
                <span style={{ color: '#4a5563', marginInlineStart: 6, whiteSpace: 'nowrap' }}>
                  {t('deal.dueOn', { date: deal.nextStepDue })}
                </span>
              )}
            </span>
          ) : (
            empty
          )
        }
        editable={mayWrite}
        draftKey={draft('nextStep')}
        editor={(value, set, id) => (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            <Input.TextArea
              id={id}
              value={value.text}
              maxLength={500}
              autoSize={{ minRows: 2, maxRows: 5 }}
              onChange={(e) => set({ ...value, text: e.target.value })}
              autoFocus
            />
            <DatePicker
              aria-label={t('deal.field.nextStepDue')}
              placeholder={t('deal.field.nextStepDue')}
              value={value.due ? dayjs(value.due) : null}
              onChange={(d) => set({ ...value, due: d ? d.format('YYYY-MM-DD') : null })}
              style={{ width: '100%' }}
            />
          </div>
        )}
        onSave={(value) => patch({ nextStep: value.text.trim() || null, nextStepDue: value.due }, 'nextStep')}
      />
      <InlineField<string>
        label={t('deal.field.source')}
        value={deal.source ?? ''}
        display={deal.source ?? empty}
        editable={mayWrite}
        draftKey={draft('source')}
        editor={(value, set, id, save) => (
          <Input
            id={id}
            value={value}
            maxLength={100}
            onChange={(e) => set(e.target.value)}
            onPressEnter={save}
            autoFocus
          />
        )}
        onSave={(value) => patch({ source: value.trim() || null }, 'source')}
      />
      <InlineField<string[]>
        label={t('deal.field.competitors')}
        value={deal.competitors}
        display={deal.competitors.length > 0 ? deal.competitors.join('、') : empty}
        editable={mayWrite}
        draftKey={draft('competitors')}
        editor={(value, set, id) => (
          <Select
            id={id}
            mode="tags"
            value={value}
            onChange={set}
            style={{ width: '100%' }}
            tokenSeparators={[',', '，', '、']}
            placeholder={t('deal.competitorsPlaceholder')}
            styles={{ placeholder: { color: '#5b6573' } }}
            autoFocus
            open={false}
            suffixIcon={null}
          />
        )}
        onSave={(value) => patch({ competitors: value }, 'competitors')}
      />
      {lost || deal.lossReason ? (
        <InlineField<string | null>
          label={t('deal.field.lossReason')}
          value={deal.lossReason}
          display={deal.lossReason ? t(`deal.loss.${deal.lossReason}` as 'deal.loss.other') : empty}
          editable={mayWrite}
          editor={(value, set, id) => (
            <Select
              id={id}
              value={value ?? undefined}
              onChange={set}
              style={{ width: '100%' }}
              options={LOSS_REASON_KEYS.map((key) => ({ value: key, label: t(`deal.loss.${key}`) }))}
              autoFocus
            />
          )}
          onSave={(value) => patch({ lossReason: value }, 'lossReason')}
        />
      ) : null}
      {(mayFlagRisk || deal.riskFlag) && (
        <InlineField<{ flag: boolean; reason: string }>
          label={t('deal.field.risk')}
          value={{ flag: deal.riskFlag, reason: deal.riskReason ?? '' }}
          display={
            deal.riskFlag ? (
              <span>
                <strong>{t('deal.riskOn')}</strong>
                {deal.riskReason ? `${t('deal.colon')}${deal.riskReason}` : ''}
              </span>
            ) : (
              empty
            )
          }
          editable={mayFlagRisk}
          draftKey={draft('risk')}
          editor={(value, set, id) => (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
                <Switch id={id} checked={value.flag} onChange={(flag) => set({ ...value, flag })} />
                <span>{value.flag ? t('deal.riskOn') : t('deal.riskOff')}</span>
              </span>
              {value.flag && (
                <Input.TextArea
                  aria-label={t('deal.field.riskReason')}
                  placeholder={t('deal.field.riskReason')}
                  value={value.reason}
                  maxLength={500}
                  autoSize={{ minRows: 2, maxRows: 4 }}
                  onChange={(e) => set({ ...value, reason: e.target.value })}
                />
              )}
            </div>
          )}
          onSave={(value) =>
            patch(
              value.flag ? { riskFlag: true, riskReason: value.reason.trim() || null } : { riskFlag: false },
              'riskFlag',
            )
          }
        />
      )}
    </div>
  );
}
