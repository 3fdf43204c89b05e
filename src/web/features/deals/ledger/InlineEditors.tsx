import { Input, Select } from 'antd';
import { Suspense, useState } from 'react';
import type { Deal } from '../../../api-client';
import { todayIso } from '../../../format';
import { useI18n } from '../../../i18n';
import { lazyNamed } from '../../../lazy';

// The date picker is the heaviest editor and the least used: it loads on the first edit.
const CloseDatePicker = lazyNamed(() => import('./CloseDatePicker'), 'CloseDatePicker');

/** The fields the ledger edits in place (the rest goes through the deal page). */
export interface InlinePatch {
  probability?: number;
  nextStep?: string | null;
  expectedCloseDate?: string | null;
}

interface EditorProps {
  deal: Deal;
  canEdit: boolean;
  onSave(deal: Deal, patch: InlinePatch): void;
}

export const PROBABILITIES = [10, 30, 50, 80, 100] as const;

/** Probability from the fixed list; a click turns the text into a select. */
export function ProbabilityCell({ deal, canEdit, onSave }: EditorProps) {
  const { t, lang } = useI18n();
  const sep = lang === 'en' ? ', ' : '，';
  const [editing, setEditing] = useState(false);
  const label = t('inline.editProbability', { title: deal.title });
  if (!canEdit) return <span>{deal.probability}%</span>;
  if (!editing) {
    return (
      <button type="button" className="tz-cell-edit" onClick={() => setEditing(true)}>
        {deal.probability}%
        <span className="tz-sr">
          {sep}
          {label}
        </span>
      </button>
    );
  }
  return (
    <Select
      size="small"
      autoFocus
      defaultOpen
      aria-label={label}
      value={deal.probability}
      style={{ width: 76 }}
      options={PROBABILITIES.map((p) => ({ value: p, label: `${p}%` }))}
      onChange={(value: number) => {
        setEditing(false);
        if (value !== deal.probability) onSave(deal, { probability: value });
      }}
      onBlur={() => setEditing(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          setEditing(false);
        }
      }}
    />
  );
}

/** Next step text (with its due date under it): click, type, Enter or leave the field to save; Esc cancels. */
export function NextStepCell({ deal, canEdit, onSave }: EditorProps) {
  const { t, lang } = useI18n();
  const sep = lang === 'en' ? ', ' : '，';
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(deal.nextStep ?? '');
  const overdue = deal.nextStepDue !== null && deal.nextStepDue < todayIso();
  const due = deal.nextStepDue ? (
    <span className={overdue ? 'tz-overdue' : 'tz-muted'}>{t('col.due', { date: deal.nextStepDue })}</span>
  ) : null;
  const label = t('inline.editNextStep', { title: deal.title });
  if (!canEdit) {
    return (
      <span>
        <span className="tz-ellipsis" title={deal.nextStep ?? ''}>
          {deal.nextStep ?? '–'}
        </span>
        {due}
      </span>
    );
  }
  if (editing) {
    const commit = () => {
      setEditing(false);
      const next = text.trim();
      if (next !== (deal.nextStep ?? '')) onSave(deal, { nextStep: next || null });
    };
    return (
      <Input
        size="small"
        autoFocus
        aria-label={label}
        value={text}
        maxLength={500}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(deal.nextStep ?? '');
            setEditing(false);
          }
        }}
      />
    );
  }
  return (
    <span style={{ display: 'block', minWidth: 0 }}>
      <button
        type="button"
        className="tz-cell-edit tz-ellipsis"
        title={deal.nextStep ?? ''}
        onClick={() => {
          setText(deal.nextStep ?? '');
          setEditing(true);
        }}
        style={{ width: '100%' }}
      >
        {deal.nextStep ?? <span className="tz-placeholder">{t('inline.placeholder')}</span>}
        <span className="tz-sr">
          {sep}
          {label}
        </span>
      </button>
      {due}
    </span>
  );
}

/** Expected close date: click to pick; clearing removes it. */
export function CloseDateCell({ deal, canEdit, onSave }: EditorProps) {
  const { t, lang } = useI18n();
  const sep = lang === 'en' ? ', ' : '，';
  const [editing, setEditing] = useState(false);
  const label = t('inline.editClose', { title: deal.title });
  const overdue = deal.expectedCloseDate !== null && deal.expectedCloseDate < todayIso() && deal.closedAt === null;
  const text = deal.expectedCloseDate ?? '–';
  if (!canEdit) return <span>{text}</span>;
  if (!editing) {
    return (
      <button
        type="button"
        className="tz-cell-edit"
        onClick={() => setEditing(true)}
        onPointerEnter={CloseDatePicker.preload}
        onFocus={CloseDatePicker.preload}
        style={overdue ? { color: '#b42318' } : undefined}
      >
        {deal.expectedCloseDate ?? <span className="tz-placeholder">{t('inline.placeholder')}</span>}
        <span className="tz-sr">
          {sep}
          {label}
        </span>
      </button>
    );
  }
  return (
    <Suspense fallback={<span>{text}</span>}>
      <CloseDatePicker
        label={label}
        value={deal.expectedCloseDate}
        onDone={(next) => {
          setEditing(false);
          if (next !== undefined && next !== deal.expectedCloseDate) onSave(deal, { expectedCloseDate: next });
        }}
      />
    </Suspense>
  );
}
