import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Grid, Select, Steps, Tabs, Tooltip } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type Deal, type DealDetail, NetworkError, type Stage } from '../../api-client';
import { mayWriteDeals, useMe } from '../../auth';
import { formatMoneyExact, formatMoneyShort } from '../../format';
import { useI18n } from '../../i18n';
import { RecordHistory } from '../audit/RecordHistory';
import { FollowupDrawer } from './FollowupDrawer';
import { LIGHT_COLORS, LightDot } from './LightDot';
import { StageProgress } from './StageProgress';
import { DealAttachments } from './show/DealAttachments';
import { DealContacts } from './show/DealContacts';
import { DealFields, type DealPatch } from './show/DealFields';
import { DealLineItems } from './show/DealLineItems';
import { DealPayments } from './show/DealPayments';
import { DealTasks } from './show/DealTasks';
import { DealTimeline } from './show/DealTimeline';
import { FieldSaveError } from './show/InlineField';
import { AUDIT_FIELD_KEYS } from './show/labels';
import { describeError, useStageMove } from './useStageMove';

interface Props {
  deal: DealDetail;
  stages: Stage[];
  /** Show a new state of the deal at once (optimistic edits, answers). */
  onReplace(deal: DealDetail): void;
  /** Fetch the deal again (after a conflict, a move, a follow-up). */
  reload(): Promise<void>;
}

/** Links in the primary blue (antd's default link blue is below 4.5:1 on the grey page). */
const LINK = '#1f5fa8';

const TABS = ['timeline', 'items', 'contacts', 'tasks', 'payments', 'files', 'history'] as const;
type TabKey = (typeof TABS)[number];

/** One deal: header, stage steps, the light and its reasons, key fields editable in place, and the tabs. */
export function DealShow({ deal, stages, onReplace, reload }: Props) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.includes(params.get('tab') as TabKey) ? (params.get('tab') as TabKey) : 'timeline';
  const [followupOpen, setFollowupOpen] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const dealRef = useRef(deal);
  dealRef.current = deal;

  const mayWrite = mayWriteDeals(me.role);
  const mayFlagRisk = me.role === 'admin' || me.role === 'manager';
  const mayEditPayments = me.role === 'admin' || me.role === 'finance';
  const current = stages.find((s) => s.key === deal.stage);
  const stageLabel = (s: Stage) => (lang === 'en' ? s.name.en : s.name.zh);

  const { requestMove, modal, movingId } = useStageMove(stages, {
    onOptimistic: (moving, target) =>
      onReplace({ ...dealRef.current, stage: target.key, stageName: stageLabel(target) }),
    onMoved: () => {
      void reload();
      setRefreshKey((k) => k + 1);
    },
    onRollback: (previous) => onReplace({ ...dealRef.current, ...previous }),
    onConflict: () => {
      void reload();
    },
  });

  // `n` records a follow-up on this deal (as on a focused row of the ledger).
  useEffect(() => {
    if (!mayWrite) return undefined;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== 'n' || event.metaKey || event.ctrlKey || event.altKey) return;
      if (target && target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      event.preventDefault();
      setFollowupOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mayWrite]);

  const patch = useCallback(
    async (fields: DealPatch, field: string) => {
      const previous = dealRef.current;
      onReplace({ ...previous, ...fields } as DealDetail);
      try {
        const updated = await api.patch<Deal>(`/api/deals/${previous.id}`, { ...fields, version: previous.version });
        onReplace({ ...dealRef.current, ...updated });
        setRefreshKey((k) => k + 1);
        void message.success(t('common.saved'));
      } catch (error) {
        onReplace({ ...dealRef.current, ...pick(previous, Object.keys(fields)), version: dealRef.current.version });
        if (error instanceof ApiError && error.status === 409) {
          void message.warning(t('common.conflict'));
          await reload();
          throw new FieldSaveError(t('deal.conflictRetry'));
        }
        if (error instanceof ApiError) {
          const map = error.fieldMap();
          throw new FieldSaveError(map[field] ?? Object.values(map)[0] ?? describeError(error, t));
        }
        throw new FieldSaveError(error instanceof NetworkError ? t('common.networkError') : String(error));
      }
    },
    [message, onReplace, reload, t],
  );

  const saveLineItems = useCallback(
    async (lineItems: unknown[]) => {
      try {
        await api.patch<Deal>(`/api/deals/${dealRef.current.id}`, { lineItems, version: dealRef.current.version });
        await reload();
        setRefreshKey((k) => k + 1);
        void message.success(t('common.saved'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          void message.warning(t('common.conflict'));
          await reload();
        }
        throw error;
      }
    },
    [message, reload, t],
  );

  const stageIndex = stages.findIndex((s) => s.key === deal.stage);
  // On a phone six steps do not fit: the stage with its progress bar, and a list to move it.
  const steps = phone ? (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
      <StageProgress stage={deal.stage} stages={stages} />
      {mayWrite && (
        <Select
          aria-label={t('deal.moveToStage')}
          placeholder={t('deal.moveToStage')}
          styles={{ placeholder: { color: '#5b6573' } }}
          value={null}
          size="large"
          disabled={Boolean(movingId)}
          style={{ flex: 1, minWidth: 0 }}
          options={stages.filter((s) => s.key !== deal.stage).map((s) => ({ value: s.key, label: stageLabel(s) }))}
          onChange={(key: string) => requestMove(dealRef.current, key)}
        />
      )}
    </div>
  ) : (
    <div>
      <Steps
        size="small"
        type="navigation"
        responsive={false}
        styles={{ itemTitle: { color: '#1f2933' } }}
        current={stageIndex}
        onChange={
          mayWrite && !movingId
            ? (index) => {
                const s = stages[index];
                if (s) requestMove(dealRef.current, s.key);
              }
            : undefined
        }
        items={stages.map((s, index) => ({
          key: s.key,
          title: stageLabel(s),
          status:
            index === stageIndex
              ? 'process'
              : current?.kind === 'lost' || s.kind === 'lost'
                ? 'wait'
                : index < stageIndex
                  ? 'finish'
                  : 'wait',
          disabled: !mayWrite || index === stageIndex,
        }))}
      />
    </div>
  );

  const lightPanel = (
    <section
      aria-labelledby="deal-light"
      style={{ background: '#fff', border: '1px solid #dfe3e8', borderRadius: 8, padding: 12 }}
    >
      <h2
        id="deal-light"
        style={{ fontSize: 14, margin: '0 0 6px', color: '#1f2933', display: 'flex', alignItems: 'center', gap: 8 }}
      >
        {t('deal.light')} <LightDot light={deal.light} showLabel />
      </h2>
      {!deal.light ? (
        <p style={{ margin: 0, color: '#4a5563' }}>{t('deal.lightNone')}</p>
      ) : deal.light.reasons.length === 0 ? (
        <p style={{ margin: 0, color: '#2d3a4a' }}>{t('deal.lightAllGood')}</p>
      ) : (
        <ul style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
          {deal.light.reasons.map((r) => (
            <li
              key={r.code}
              style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0', color: '#1f2933' }}
            >
              <span
                role="img"
                aria-label={t(`light.${r.level}`)}
                style={{
                  width: 8,
                  height: 8,
                  borderRadius: '50%',
                  background: LIGHT_COLORS[r.level],
                  flex: 'none',
                  display: 'inline-block',
                }}
              />
              <span>{r.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );

  const fieldsPanel = (
    <section
      aria-labelledby="deal-fields"
      style={{ background: '#fff', border: '1px solid #dfe3e8', borderRadius: 8, padding: '8px 12px' }}
    >
      <h2 id="deal-fields" style={{ fontSize: 14, margin: '4px 0', color: '#1f2933' }}>
        {t('deal.fields')}
      </h2>
      <DealFields
        deal={deal}
        mayWrite={mayWrite}
        mayFlagRisk={mayFlagRisk}
        lost={current?.kind === 'lost'}
        patch={patch}
      />
    </section>
  );

  const tabs = (
    <Tabs
      activeKey={tab}
      onChange={(key) =>
        setParams(
          (p) => {
            const next = new URLSearchParams(p);
            next.set('tab', key);
            return next;
          },
          { replace: true },
        )
      }
      items={[
        {
          key: 'timeline',
          label: t('deal.tab.timeline'),
          children: <DealTimeline deal={deal} stages={stages} refreshKey={refreshKey} />,
        },
        {
          key: 'items',
          label: t('deal.tab.lineItems'),
          children: <DealLineItems deal={deal} mayWrite={mayWrite} save={saveLineItems} />,
        },
        { key: 'contacts', label: t('deal.tab.contacts'), children: <DealContacts accountId={deal.accountId} /> },
        {
          key: 'tasks',
          label: t('deal.tab.tasks'),
          children: <DealTasks deal={deal} mayWrite={me.role !== 'viewer'} />,
        },
        {
          key: 'payments',
          label: t('deal.tab.payments'),
          children: <DealPayments deal={deal} mayEdit={mayEditPayments} won={current?.kind === 'won'} />,
        },
        {
          key: 'history',
          label: t('audit.history'),
          children:
            tab === 'history' ? <RecordHistory entity="deal" id={deal.id} fieldLabels={AUDIT_FIELD_KEYS} /> : null,
        },
        {
          key: 'files',
          label: t('deal.tab.files'),
          children: (
            <DealAttachments
              dealId={deal.id}
              mayUpload={me.role !== 'viewer' && me.role !== 'finance'}
              onUploaded={() => setRefreshKey((k) => k + 1)}
            />
          ),
        },
      ]}
    />
  );

  return (
    <div style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Link to="/ledger" style={{ color: LINK, display: 'inline-flex', alignItems: 'center', gap: 4, marginBottom: 8 }}>
        <ArrowLeftOutlined aria-hidden /> {t('deal.backToLedger')}
      </Link>
      <header
        style={{
          background: '#fff',
          border: '1px solid #dfe3e8',
          borderRadius: 8,
          padding: phone ? 12 : '14px 18px',
          marginBottom: 12,
        }}
      >
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 12, flexWrap: 'wrap' }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <h1
              style={{
                margin: 0,
                fontSize: phone ? 18 : 22,
                lineHeight: 1.35,
                color: '#1f2933',
                wordBreak: 'break-word',
              }}
            >
              <span style={{ marginInlineEnd: 10, verticalAlign: 'middle', display: 'inline-flex' }}>
                <LightDot light={deal.light} size={12} />
              </span>
              {deal.title}
            </h1>
            <div
              style={{
                display: 'flex',
                flexWrap: 'wrap',
                gap: '4px 14px',
                marginTop: 6,
                color: '#2d3a4a',
                alignItems: 'baseline',
              }}
            >
              {deal.accountId && deal.accountName ? (
                <Link to={`/accounts/${deal.accountId}`} style={{ color: LINK }}>
                  {deal.accountName}
                </Link>
              ) : (
                <span style={{ color: '#4a5563' }}>{t('deal.noAccount')}</span>
              )}
              <Tooltip title={formatMoneyExact(deal.amount, deal.currency, lang)}>
                <span style={{ fontWeight: 600, fontSize: 16, color: '#1f2933' }}>
                  {formatMoneyShort(deal.amount, deal.currency, lang)}
                </span>
              </Tooltip>
              <span>{t('deal.owner', { name: deal.ownerName ?? '' })}</span>
              <span>{t('deal.probabilityShort', { n: deal.probability })}</span>
              {current?.kind === 'open' && <span>{t('deal.inStage', { n: deal.daysInStage })}</span>}
              {deal.riskFlag && <strong style={{ color: '#1f2933' }}>{t('deal.riskOn')}</strong>}
            </div>
          </div>
          {mayWrite && (
            <Button
              type="primary"
              size={phone ? 'large' : 'middle'}
              icon={<EditOutlined />}
              onClick={() => setFollowupOpen(true)}
              style={phone ? { width: '100%' } : undefined}
            >
              {t('deal.recordFollowup')}
            </Button>
          )}
        </div>
        <div style={{ marginTop: 12 }}>{steps}</div>
      </header>

      {phone ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          {lightPanel}
          {fieldsPanel}
          <div style={{ background: '#fff', border: '1px solid #dfe3e8', borderRadius: 8, padding: '0 12px 12px' }}>
            {tabs}
          </div>
        </div>
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 340px', gap: 12, alignItems: 'start' }}>
          <div style={{ background: '#fff', border: '1px solid #dfe3e8', borderRadius: 8, padding: '0 16px 16px' }}>
            {tabs}
          </div>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            {lightPanel}
            {fieldsPanel}
          </div>
        </div>
      )}
      {modal}
      <FollowupDrawer
        deal={followupOpen ? deal : null}
        open={followupOpen}
        onClose={() => setFollowupOpen(false)}
        onSaved={() => {
          void reload();
          setRefreshKey((k) => k + 1);
        }}
      />
    </div>
  );
}

function pick<T extends object>(source: T, keys: string[]): Partial<T> {
  return Object.fromEntries(keys.map((key) => [key, (source as Record<string, unknown>)[key]])) as Partial<T>;
}
