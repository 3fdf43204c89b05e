import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Grid, Progress, Skeleton, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, type Deal, type Page } from '../../api-client';
import { useMe } from '../../auth';
import { formatDateTime, formatMoneyExact, formatMoneyShort, relativeTime, todayIso } from '../../format';
import { useI18n } from '../../i18n';
import { useOutbox } from '../../offline/outbox';
import { OpenTaskCount } from '../tasks/OpenTaskCount';
import { FollowupDrawer } from './FollowupDrawer';
import { LightDot } from './LightDot';
import { OutboxList } from './OutboxList';
import { StageProgress } from './StageProgress';
import { usePipeline } from './usePipeline';
import './ledger/ledger.css';

const MAX_DEALS = 500;
const LIGHT_ORDER = { red: 0, yellow: 1, green: 2 } as const;

function startOfToday(): Date {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  return start;
}

/** Follow-ups still to write today: my open deals with no follow-up since midnight, red first. */
export function TodayPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { stages } = usePipeline();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [deals, setDeals] = useState<Deal[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [truncated, setTruncated] = useState(false);
  const [followupDeal, setFollowupDeal] = useState<Deal | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setError(null);
      try {
        const all: Deal[] = [];
        let cursor: string | null = null;
        do {
          const page: Page<Deal> = await api.get<Page<Deal>>(
            '/api/deals',
            { status: 'open', ownerId: me.id, sort: 'lastFollowupAt', limit: 200, count: false, cursor },
            signal,
          );
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && all.length < MAX_DEALS);
        setTruncated(cursor !== null);
        setDeals(all.slice(0, MAX_DEALS));
      } catch (err) {
        if ((err as Error).name !== 'AbortError') setError(err);
      }
    },
    [me.id],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // A queued follow-up that went out updates a deal: reload so it leaves the list.
  const outbox = useOutbox();
  const outboxCount = useRef(outbox.length);
  useEffect(() => {
    if (outbox.length < outboxCount.current) void load();
    outboxCount.current = outbox.length;
  }, [outbox.length, load]);

  const today = startOfToday();
  const pending = useMemo(
    () =>
      (deals ?? [])
        .filter((d) => !d.lastFollowupAt || new Date(d.lastFollowupAt) < today)
        .sort((a, b) => {
          const light = LIGHT_ORDER[a.light?.color ?? 'green'] - LIGHT_ORDER[b.light?.color ?? 'green'];
          if (light !== 0) return light;
          return (a.lastFollowupAt ?? '').localeCompare(b.lastFollowupAt ?? '');
        }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deals, today.getTime()],
  );
  const total = deals?.length ?? 0;
  const done = total - pending.length;
  const now = new Date();
  const isoToday = todayIso();

  const refresh = async (dealId: string) => {
    try {
      const fresh = await api.get<Deal>(`/api/deals/${dealId}`);
      setDeals((list) => (list ?? []).map((d) => (d.id === dealId ? fresh : d)));
    } catch {
      void load();
    }
  };

  return (
    <div className="tz-page" style={{ maxWidth: 960, margin: '0 auto' }}>
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('today.title')}
        </Typography.Title>
        <Typography.Text style={{ color: '#3d4754' }}>{t('today.subtitle')}</Typography.Text>
        <OpenTaskCount />
      </Flex>

      <Flex vertical gap={16}>
        <OutboxList />
        {error !== null && (
          <Alert
            type="error"
            showIcon
            message={t('today.loadFailed')}
            action={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
          />
        )}
        {deals === null && error === null ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          deals !== null && (
            <>
              <Card size="small">
                <Flex align="center" gap={16} wrap>
                  <strong style={{ fontSize: 16 }} aria-live="polite">
                    {t('today.progress', { x: done, y: total })}
                  </strong>
                  <Progress
                    percent={total === 0 ? 0 : Math.round((done / total) * 100)}
                    status="normal"
                    strokeColor="#1f5fa8"
                    showInfo={false}
                    style={{ flex: 1, minWidth: 160, margin: 0 }}
                    aria-label={t('today.progress', { x: done, y: total })}
                  />
                </Flex>
                {truncated && (
                  <div className="tz-muted" style={{ marginTop: 4 }}>
                    {t('today.truncated', { n: MAX_DEALS })}
                  </div>
                )}
              </Card>
              {total === 0 ? (
                <Empty description={t('today.noDeals')} />
              ) : pending.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('today.allDone')} />
              ) : (
                <Flex
                  vertical
                  gap={8}
                  component="ul"
                  aria-label={t('today.listLabel')}
                  style={{ listStyle: 'none', margin: 0, padding: 0 }}
                >
                  {pending.map((d) => (
                    <li key={d.id}>
                      <Card size="small" styles={{ body: { padding: 12 } }}>
                        <Flex gap={12} align={phone ? 'stretch' : 'center'} vertical={phone}>
                          <Flex gap={10} align="flex-start" style={{ flex: 1, minWidth: 0 }}>
                            <span style={{ paddingTop: 4 }}>
                              <LightDot light={d.light} />
                            </span>
                            <div style={{ minWidth: 0, flex: 1 }}>
                              <Link to={`/deals/${d.id}`} style={{ fontWeight: 600, fontSize: 15 }}>
                                {d.title}
                              </Link>
                              <div style={{ color: '#5c6673', fontSize: 13 }}>
                                {d.accountName ?? '–'} ·{' '}
                                <Tooltip title={formatMoneyExact(d.amount, d.currency, lang)}>
                                  <span>{formatMoneyShort(d.amount, d.currency, lang)}</span>
                                </Tooltip>
                                {' · '}
                                {d.lastFollowupAt ? (
                                  <Tooltip title={formatDateTime(d.lastFollowupAt, lang)}>
                                    <span>
                                      {t('today.lastFollowup', { when: relativeTime(d.lastFollowupAt, now, t) })}
                                    </span>
                                  </Tooltip>
                                ) : (
                                  t('today.neverFollowed')
                                )}
                              </div>
                              <div style={{ fontSize: 13, marginTop: 2 }}>
                                <span style={{ color: '#5c6673' }}>
                                  {t('col.nextStep')}
                                  {lang === 'en' ? ': ' : '：'}
                                </span>
                                {d.nextStep ?? '–'}
                                {d.nextStepDue && (
                                  <span className={d.nextStepDue < isoToday ? 'tz-overdue' : 'tz-muted'}>
                                    {' '}
                                    · {t('col.due', { date: d.nextStepDue })}
                                  </span>
                                )}
                              </div>
                            </div>
                            {!phone && <StageProgress stage={d.stage} stages={stages} />}
                          </Flex>
                          <Button
                            icon={<EditOutlined />}
                            onClick={() => setFollowupDeal(d)}
                            block={phone}
                            style={phone ? { height: 44 } : undefined}
                            aria-label={`${t('followup.record')}：${d.title}`}
                          >
                            {t('followup.record')}
                          </Button>
                        </Flex>
                      </Card>
                    </li>
                  ))}
                </Flex>
              )}
            </>
          )
        )}
      </Flex>

      <FollowupDrawer
        deal={followupDeal}
        open={followupDeal !== null}
        onClose={() => setFollowupDeal(null)}
        onSaved={(f) => {
          if (f.dealId) void refresh(f.dealId);
        }}
      />
    </div>
  );
}
