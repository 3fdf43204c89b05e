import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, InputNumber, Segmented, Select, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Deal, type Team, type UserSummary } from '../../api-client';
import { mayWriteDeals, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { downloadStalledWorkbook } from './exportWorkbook';
import { StageBars } from './StageBars';
import { StalledTable } from './StalledTable';
import { percent, type StalledDeal, type StalledReport } from './types';

// The row actions' forms load when first used.
const RiskFlagModal = lazy(() => import('./RiskFlagModal').then((m) => ({ default: m.RiskFlagModal })));
const AssignTaskModal = lazy(() => import('./AssignTaskModal').then((m) => ({ default: m.AssignTaskModal })));
const FollowupDrawer = lazy(() => import('../deals/FollowupDrawer').then((m) => ({ default: m.FollowupDrawer })));

const DEFAULT_DAYS = 7;
type Grouping = 'stage' | 'owner';

/**
 * The weekly review (周复盘): deals stalled more than N days (N in the URL), where the stalls concentrate,
 * then per deal: flag it at risk, assign a task, record a follow-up; the whole list exported for the meeting.
 */
export function ReviewPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const days = Math.max(0, Math.min(3650, Number(params.get('days') ?? DEFAULT_DAYS) || 0));
  const ownerId = params.get('ownerId') ?? undefined;
  const teamId = params.get('teamId') ?? undefined;
  const grouping: Grouping = params.get('group') === 'owner' ? 'owner' : 'stage';
  const manages = me.role === 'admin' || me.role === 'manager';
  const query = useMemo(() => ({ days, ownerId, teamId }), [days, ownerId, teamId]);

  const [report, setReport] = useState<StalledReport | null>(null);
  const [failed, setFailed] = useState(false);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [flagging, setFlagging] = useState<StalledDeal | null>(null);
  const [assigning, setAssigning] = useState<StalledDeal | null>(null);
  const [followingUp, setFollowingUp] = useState<StalledDeal | null>(null);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setFailed(false);
      try {
        setReport(await api.get<StalledReport>('/api/reports/stalled', query, signal));
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setFailed(true);
      }
    },
    [query],
  );
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);
  useEffect(() => {
    void api
      .get<{ items: UserSummary[] }>('/api/users')
      .then((r) => setUsers(r.items))
      .catch(() => undefined);
    if (manages)
      void api
        .get<{ items: Team[] }>('/api/teams')
        .then((r) => setTeams(r.items))
        .catch(() => undefined);
  }, [manages]);

  const setParam = (key: string, value: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };
  const replaceDeal = (deal: Deal) =>
    setReport(
      (current) =>
        current && {
          ...current,
          items: current.items.map((item) => (item.id === deal.id ? { ...item, ...deal } : item)),
        },
    );
  const exportWorkbook = async () => {
    setExporting(true);
    try {
      await downloadStalledWorkbook(query, lang);
    } catch {
      message.error(t('review.exportFailed'));
    } finally {
      setExporting(false);
    }
  };

  const groups = useMemo(() => {
    if (!report) return [];
    if (grouping === 'stage') {
      return report.byStage
        .filter((s) => s.count > 0)
        .map((s) => ({
          key: s.stage,
          name: s.label,
          count: s.count,
          deals: report.items.filter((d) => d.stage === s.stage),
        }));
    }
    return report.byOwner.map((o) => ({
      key: o.ownerId,
      name: o.name ?? '',
      count: o.count,
      deals: report.items.filter((d) => d.ownerId === o.ownerId),
    }));
  }, [report, grouping]);
  const top =
    report?.byStage.reduce<StalledReport['byStage'][number] | null>(
      (best, s) => (s.count > 0 && (!best || s.share > best.share) ? s : best),
      null,
    ) ?? null;
  const topOwner = report?.byOwner[0] ?? null;

  return (
    <div className="tz-page" style={{ maxWidth: 1400, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" wrap gap={12} style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('review.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('review.subtitle', { days })}</Typography.Text>
        </div>
        <Button type="primary" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportWorkbook()}>
          {t('review.export')}
        </Button>
      </Flex>

      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <label htmlFor="review-days">{t('review.days')}</label>
        <InputNumber
          id="review-days"
          min={0}
          max={3650}
          value={days}
          style={{ width: 90 }}
          suffix={t('review.daysSuffix')}
          onChange={(value) => setParam('days', value === null || value === DEFAULT_DAYS ? null : value)}
        />
        {manages && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('review.owner')}
            placeholder={t('review.owner')}
            style={{ width: 160 }}
            value={ownerId}
            onChange={(value?: string) => setParam('ownerId', value)}
            options={users
              .filter((u) => u.active && mayWriteDeals(u.role))
              .map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
        {manages && teams.length > 0 && (
          <Select
            allowClear
            aria-label={t('review.team')}
            placeholder={t('review.team')}
            style={{ width: 140 }}
            value={teamId}
            onChange={(value?: string) => setParam('teamId', value)}
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
          />
        )}
      </Flex>

      {failed && (
        <Alert
          type="error"
          showIcon
          title={t('review.loadFailed')}
          action={
            <Button size="small" onClick={() => void load()}>
              {t('review.retry')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {!report && !failed && <Skeleton active />}
      {report && (
        <>
          <Flex wrap gap={12} style={{ marginBottom: 16 }}>
            <Card size="small" style={{ flex: '1 1 200px' }}>
              <div style={{ color: '#5b6573' }}>{t('review.stalledCount')}</div>
              <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="stalled-total">
                {report.total}
              </div>
              {report.truncated && (
                <div style={{ fontSize: 12, color: '#5b6573' }}>
                  {t('review.truncated', { shown: report.items.length })}
                </div>
              )}
            </Card>
            <Card size="small" style={{ flex: '2 1 320px' }}>
              <div style={{ color: '#5b6573' }}>{t('review.concentration')}</div>
              <div style={{ fontSize: 16, fontWeight: 600, marginBottom: 8 }}>
                {top
                  ? t('review.concentrationValue', {
                      stage: top.label,
                      share: percent(top.share),
                      days: top.avgDaysStalled,
                    })
                  : t('review.none')}
              </div>
              <StageBars stages={report.byStage} />
            </Card>
            <Card size="small" style={{ flex: '1 1 220px' }}>
              <div style={{ color: '#5b6573' }}>{t('review.topOwner')}</div>
              <div style={{ fontSize: 16, fontWeight: 600 }}>
                {topOwner
                  ? t('review.topOwnerValue', {
                      name: topOwner.name ?? '',
                      count: topOwner.count,
                      days: topOwner.avgDaysStalled,
                    })
                  : '–'}
              </div>
            </Card>
          </Flex>

          <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
            <span id="review-group-label">{t('review.groupBy')}</span>
            <Segmented<Grouping>
              aria-labelledby="review-group-label"
              value={grouping}
              onChange={(value) => setParam('group', value === 'stage' ? null : value)}
              options={[
                { value: 'stage', label: t('review.groupStage') },
                { value: 'owner', label: t('review.groupOwner') },
              ]}
            />
          </Flex>

          {report.total === 0 && (
            <Empty
              description={
                <>
                  <div>{t('review.none')}</div>
                  <div style={{ color: '#5b6573' }}>{t('review.noneHint', { days })}</div>
                </>
              }
            />
          )}
          {groups.map((group) => (
            <section key={group.key} aria-labelledby={`review-group-${group.key}`} style={{ marginBottom: 20 }}>
              <Typography.Title level={2} id={`review-group-${group.key}`} style={{ fontSize: 16, margin: '0 0 8px' }}>
                {t('review.groupHeading', { name: group.name, count: group.count })}
              </Typography.Title>
              <StalledTable
                deals={group.deals}
                groupedBy={grouping}
                mayFlag={manages}
                mayAssign={me.role !== 'viewer'}
                mayFollowUp={mayWriteDeals(me.role)}
                onFlag={setFlagging}
                onAssign={setAssigning}
                onFollowUp={setFollowingUp}
              />
            </section>
          ))}
        </>
      )}

      <Suspense fallback={null}>
        {flagging && (
          <RiskFlagModal
            deal={flagging}
            onClose={() => setFlagging(null)}
            onFlagged={(deal) => {
              replaceDeal(deal);
              setFlagging(null);
            }}
          />
        )}
        {assigning && <AssignTaskModal deal={assigning} users={users} onClose={() => setAssigning(null)} />}
        {followingUp && (
          <FollowupDrawer deal={followingUp} open onClose={() => setFollowingUp(null)} onSaved={() => void load()} />
        )}
      </Suspense>
    </div>
  );
}
