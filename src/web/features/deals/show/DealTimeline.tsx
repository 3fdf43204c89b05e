import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Skeleton, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type DealDetail, type Followup, type Page, type Stage } from '../../../api-client';
import { formatDateTime, formatMoneyShort, relativeTime } from '../../../format';
import type { Lang } from '../../../i18n';
import { type Translate, useI18n } from '../../../i18n';
import { stageName } from '../usePipeline';
import { AUDIT_FIELD_KEYS, CHANNEL_KEYS, INTENT_KEYS } from './labels';

interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  field: string | null;
  from: string | null;
  to: string | null;
  /** An upload whose file is still there. */
  attachment?: { id: string; fileName: string; downloadUrl: string };
}
interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}

interface Source<T> {
  items: T[];
  nextCursor: string | null;
}

type Entry =
  | { kind: 'followup'; at: string; key: string; followup: Followup }
  | { kind: 'stage'; at: string; key: string; from: string | null; to: string; actor: string | null }
  | { kind: 'change'; at: string; key: string; actor: string | null; action: string; changes: AuditItem[] }
  | { kind: 'file'; at: string; key: string; actor: string | null; item: AuditItem };

const PAGE = 20;
// Stage moves are shown from the stage history; their audit rows would repeat them.
const STAGE_FIELDS = new Set(['stage', 'probability', 'closedAt']);

interface Props {
  deal: DealDetail;
  stages: Stage[];
  /** Changes when something new was recorded (a follow-up, an edit): the timeline reloads. */
  refreshKey: number;
}

/** Follow-ups, stage moves and field changes merged, newest first, with "load more". */
export function DealTimeline({ deal, stages, refreshKey }: Props) {
  const { t, lang } = useI18n();
  const [followups, setFollowups] = useState<Source<Followup> | null>(null);
  const [audit, setAudit] = useState<Source<AuditItem> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const now = useMemo(() => new Date(), [followups, audit]); // eslint-disable-line react-hooks/exhaustive-deps
  const dealId = deal.id;
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const loadFirst = useCallback(async () => {
    setError(null);
    try {
      const [f, a] = await Promise.all([
        api.get<Page<Followup>>(`/api/deals/${dealId}/followups`, { limit: PAGE, count: false }),
        api.get<AuditPage>('/api/audit', { entity: 'deal', id: dealId, limit: 50 }),
      ]);
      if (!alive.current) return;
      setFollowups({ items: f.items, nextCursor: f.nextCursor });
      setAudit({ items: a.items, nextCursor: a.nextCursor });
    } catch (err) {
      if (alive.current) setError(err);
    }
  }, [dealId]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst, refreshKey]);

  const loadMore = async () => {
    if (!followups || !audit) return;
    setLoadingMore(true);
    try {
      const [f, a] = await Promise.all([
        followups.nextCursor
          ? api.get<Page<Followup>>(`/api/deals/${dealId}/followups`, {
              limit: PAGE,
              cursor: followups.nextCursor,
              count: false,
            })
          : null,
        audit.nextCursor
          ? api.get<AuditPage>('/api/audit', { entity: 'deal', id: dealId, limit: 50, cursor: audit.nextCursor })
          : null,
      ]);
      if (f) setFollowups((s) => ({ items: [...(s?.items ?? []), ...f.items], nextCursor: f.nextCursor }));
      if (a) setAudit((s) => ({ items: [...(s?.items ?? []), ...a.items], nextCursor: a.nextCursor }));
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const { entries, more } = useMemo(() => {
    if (!followups || !audit) return { entries: [] as Entry[], more: false };
    const list: Entry[] = [];
    for (const f of followups.items) list.push({ kind: 'followup', at: f.at, key: `f-${f.id}`, followup: f });
    for (const h of deal.stageHistory)
      list.push({ kind: 'stage', at: h.at, key: `s-${h.id}`, from: h.fromStage, to: h.toStage, actor: h.actorName });
    // One entry per save: rows written together (same time, same person, same action) read as one change.
    const groups = new Map<string, Entry & { kind: 'change' }>();
    for (const item of audit.items) {
      if (item.action === 'create') continue;
      if (item.action === 'stage' && (!item.field || STAGE_FIELDS.has(item.field))) continue;
      // Files uploaded or removed: an entry of their own, with the uploader and the file.
      if ((item.action === 'attachment' || item.action === 'attachment_delete') && item.field === 'file') {
        list.push({ kind: 'file', at: item.at, key: `a-${item.id}`, actor: item.actorName, item });
        continue;
      }
      const groupKey = `${item.at}|${item.actorId ?? ''}|${item.action}`;
      const group = groups.get(groupKey);
      if (group) group.changes.push(item);
      else {
        const entry = {
          kind: 'change' as const,
          at: item.at,
          key: `a-${item.id}`,
          actor: item.actorName,
          action: item.action,
          changes: [item],
        };
        groups.set(groupKey, entry);
        list.push(entry);
      }
    }
    // Only show what is certainly in order: nothing older than the oldest loaded item of a source with more pages.
    const cutoffs = [
      followups.nextCursor ? followups.items[followups.items.length - 1]?.at : undefined,
      audit.nextCursor ? audit.items[audit.items.length - 1]?.at : undefined,
    ].filter((v): v is string => Boolean(v));
    const cutoff = cutoffs.length > 0 ? cutoffs.reduce((a, b) => (a > b ? a : b)) : null;
    const sorted = list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return { entries: cutoff ? sorted.filter((e) => e.at >= cutoff) : sorted, more: cutoff !== null };
  }, [audit, deal.stageHistory, followups]);

  if (error && !followups) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('deal.timeline.failed')}
        action={
          <Button size="small" onClick={() => void loadFirst()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!followups || !audit) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (entries.length === 0) return <Empty description={t('deal.timeline.empty')} />;

  const when = (at: string) => (
    <Tooltip title={formatDateTime(at, lang)}>
      <time dateTime={at} style={{ color: '#4a5563', fontSize: 12, whiteSpace: 'nowrap' }}>
        {relativeTime(at, now, t)}
      </time>
    </Tooltip>
  );

  return (
    <div>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('deal.tab.timeline')}>
        {entries.map((entry) => (
          <li
            key={entry.key}
            style={{ display: 'flex', gap: 10, padding: '10px 0', borderBottom: '1px solid #eef0f3' }}
          >
            <span
              aria-hidden
              style={{
                width: 8,
                height: 8,
                marginTop: 7,
                borderRadius: '50%',
                flex: 'none',
                background: entry.kind === 'followup' ? '#1f5fa8' : '#8a96a3',
              }}
            />
            <div style={{ flex: 1, minWidth: 0 }}>
              {entry.kind === 'followup' && <FollowupEntry followup={entry.followup} when={when(entry.at)} t={t} />}
              {entry.kind === 'stage' && (
                <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
                  <span>
                    {entry.from
                      ? t('deal.timeline.stageMoved', {
                          who: entry.actor ?? t('deal.timeline.system'),
                          from: stageName(stages, entry.from, lang),
                          to: stageName(stages, entry.to, lang),
                        })
                      : t('deal.timeline.created', {
                          who: entry.actor ?? t('deal.timeline.system'),
                          to: stageName(stages, entry.to, lang),
                        })}
                  </span>
                  {when(entry.at)}
                </div>
              )}
              {entry.kind === 'file' && (
                <FileEntry
                  item={entry.item}
                  who={entry.actor ?? t('deal.timeline.system')}
                  when={when(entry.at)}
                  t={t}
                />
              )}
              {entry.kind === 'change' && (
                <div>
                  <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
                    <span>
                      {t(entry.action === 'risk' ? 'deal.timeline.riskChanged' : 'deal.timeline.changed', {
                        who: entry.actor ?? t('deal.timeline.system'),
                      })}
                    </span>
                    {when(entry.at)}
                  </div>
                  <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, color: '#2d3a4a', fontSize: 13 }}>
                    {entry.changes.map((c) => {
                      const sentence = subRecordLine(c, t, lang, deal.currency);
                      return (
                        <li key={c.id}>
                          {sentence ?? (
                            <>
                              {c.field
                                ? t(AUDIT_FIELD_KEYS[c.field] ?? 'deal.field.other', { field: c.field })
                                : c.action}
                              {c.field !== 'lineItems' && c.field !== 'collaboratorIds' && c.field !== 'custom' && (
                                <>
                                  {t('deal.colon')}
                                  {auditValue(c.field, c.from, t, lang, deal.currency, stages)} →{' '}
                                  {auditValue(c.field, c.to, t, lang, deal.currency, stages)}
                                </>
                              )}
                            </>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              )}
            </div>
          </li>
        ))}
      </ol>
      {more && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void loadMore()} loading={loadingMore}>
            {t('deal.timeline.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** "Someone uploaded a file" with the file's name (a download link while it is there), or "removed the file". */
function FileEntry({ item, who, when, t }: { item: AuditItem; who: string; when: React.ReactNode; t: Translate }) {
  if (item.action === 'attachment_delete') {
    return (
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <span>{t('deal.timeline.removedFile', { who, name: item.from ?? '' })}</span>
        {when}
      </div>
    );
  }
  const name = item.to ?? '';
  return (
    <div>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <span>{t('deal.timeline.uploaded', { who })}</span>
        {when}
      </div>
      <div
        style={{ display: 'flex', gap: 6, alignItems: 'center', marginTop: 4, fontSize: 13, overflowWrap: 'anywhere' }}
      >
        <PaperClipOutlined aria-hidden style={{ color: '#4a5563' }} />
        {item.attachment ? (
          <a href={item.attachment.downloadUrl} download={item.attachment.fileName} style={{ color: '#1f5fa8' }}>
            {item.attachment.fileName}
          </a>
        ) : (
          <span style={{ color: '#4a5563' }}>{t('deal.timeline.fileGone', { name })}</span>
        )}
      </div>
    </div>
  );
}

function FollowupEntry({ followup, when, t }: { followup: Followup; when: React.ReactNode; t: Translate }) {
  return (
    <article>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline', marginBottom: 4 }}>
        <strong style={{ color: '#1f2933' }}>{followup.authorName ?? ''}</strong>
        <span style={{ color: '#2d3a4a' }}>{t(CHANNEL_KEYS[followup.channel] ?? 'channel.other')}</span>
        {when}
      </div>
      <blockquote
        style={{
          margin: '4px 0 6px',
          padding: '6px 12px',
          borderInlineStart: '3px solid #1f5fa8',
          background: '#f3f6fa',
          fontSize: 15,
          lineHeight: 1.6,
          color: '#1f2933',
          whiteSpace: 'pre-wrap',
        }}
      >
        “{followup.verbatim}”
      </blockquote>
      {followup.summary && (
        <div style={{ color: '#2d3a4a', fontSize: 13 }}>
          <span style={{ color: '#4a5563' }}>
            {t('deal.timeline.summary')}
            {t('deal.colon')}
          </span>
          {followup.summary}
        </div>
      )}
      {followup.nextStep && (
        <div style={{ color: '#2d3a4a', fontSize: 13 }}>
          <span style={{ color: '#4a5563' }}>
            {t('deal.field.nextStep')}
            {t('deal.colon')}
          </span>
          {followup.nextStep}
          {followup.nextStepDue && (
            <span style={{ color: '#4a5563' }}>{t('deal.dueParen', { date: followup.nextStepDue })}</span>
          )}
        </div>
      )}
      {(followup.intents.length > 0 || followup.resourcesNeeded.length > 0) && (
        <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {followup.intents.map((intent) => (
            <Tag key={intent} style={{ marginInlineEnd: 0, color: '#2d3a4a' }}>
              {INTENT_KEYS[intent] ? t(INTENT_KEYS[intent]) : intent}
            </Tag>
          ))}
          {followup.resourcesNeeded.map((r) => (
            <Tag
              key={`r-${r}`}
              variant="outlined"
              style={{ marginInlineEnd: 0, color: '#2d3a4a', borderStyle: 'dashed' }}
            >
              {t('deal.timeline.needs', { what: r })}
            </Tag>
          ))}
        </div>
      )}
    </article>
  );
}

interface InstalmentSnapshot {
  dueDate: string;
  amount: number;
  condition: string | null;
}
interface ReceiptSnapshot {
  amount: number;
  receivedAt: string;
}

function parsed<T>(value: string | null): T | null {
  if (value === null) return null;
  try {
    const data = JSON.parse(value) as unknown;
    return data && typeof data === 'object' ? (data as T) : null;
  } catch {
    return null;
  }
}

/**
 * The deal's tasks, instalments and receipts as sentences ("New task: …", "Instalment added: ¥30万 due
 * 2026-12-28"), not the stored snapshots; null for an ordinary field change.
 */
function subRecordLine(c: AuditItem, t: Translate, lang: Lang, currency: string): string | null {
  const money = (minor: number) => formatMoneyShort(minor, currency, lang);
  if (c.field === 'task' && c.to !== null) {
    const key =
      c.action === 'task_done'
        ? 'deal.timeline.taskDone'
        : c.action === 'task_reopen'
          ? 'deal.timeline.taskReopened'
          : 'deal.timeline.taskCreated';
    return t(key, { title: c.to });
  }
  if (c.field === 'payment') {
    const before = parsed<InstalmentSnapshot>(c.from);
    const after = parsed<InstalmentSnapshot>(c.to);
    const withCondition = (text: string, i: InstalmentSnapshot) =>
      i.condition
        ? `${text}${lang === 'zh-CN' ? '，' : ', '}${t('deal.timeline.condition', { text: i.condition })}`
        : text;
    if (!before && after)
      return withCondition(
        t('deal.timeline.instalmentAdded', { due: after.dueDate, amount: money(after.amount) }),
        after,
      );
    if (before && !after)
      return t('deal.timeline.instalmentRemoved', { due: before.dueDate, amount: money(before.amount) });
    if (before && after) {
      const changes = [
        ...(before.dueDate !== after.dueDate ? [`${t('deal.pay.dueDate')} ${before.dueDate} → ${after.dueDate}`] : []),
        ...(before.amount !== after.amount
          ? [`${t('deal.field.amount')} ${money(before.amount)} → ${money(after.amount)}`]
          : []),
        ...(before.condition !== after.condition
          ? [
              `${t('deal.pay.condition')} ${before.condition ?? t('deal.empty')} → ${after.condition ?? t('deal.empty')}`,
            ]
          : []),
      ];
      return t('deal.timeline.instalmentChanged', {
        due: before.dueDate,
        changes: changes.join(lang === 'zh-CN' ? '；' : '; '),
      });
    }
  }
  if (c.field === 'receipt') {
    const added = parsed<ReceiptSnapshot>(c.to);
    const removed = parsed<ReceiptSnapshot>(c.from);
    if (added)
      return t('deal.timeline.receiptRecorded', { amount: money(added.amount), date: added.receivedAt.slice(0, 10) });
    if (removed)
      return t('deal.timeline.receiptRemoved', {
        amount: money(removed.amount),
        date: removed.receivedAt.slice(0, 10),
      });
  }
  return null;
}

/** An audit value as the reader knows it: money short, stages by name, booleans as yes/no, blanks as "none". */
function auditValue(
  field: string | null,
  value: string | null,
  t: Translate,
  lang: Lang,
  currency: string,
  stages: Stage[],
): string {
  if (value === null || value === '' || value === 'null') return t('deal.empty');
  if (field === 'amount' && /^\d+$/.test(value)) return formatMoneyShort(Number(value), currency, lang);
  if (field === 'probability') return `${value}%`;
  if (field === 'stage') return stageName(stages, value, lang);
  if (field === 'riskFlag') return value === '1' || value === 'true' ? t('common.yes') : t('common.no');
  if (field === 'lossReason') return t(`deal.loss.${value}` as 'deal.loss.other');
  if (field === 'competitors') {
    try {
      return (JSON.parse(value) as string[]).join('、') || t('deal.empty');
    } catch {
      return value;
    }
  }
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
