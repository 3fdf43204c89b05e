import { Alert, Button, Grid, Input, Select, Skeleton } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type UserSummary } from '../../api-client';
import { mayWriteDeals, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import type { ColumnSum } from './board/BoardColumn';
import { type BoardFilters, useBoardColumns } from './board/useBoardColumns';
import { DealBoard } from './DealBoard';
import { usePipeline } from './usePipeline';

interface PipelineReport {
  stages: { stage: string; count: number; amount: number; weightedAmount: number }[];
}

const LIGHTS = ['red', 'yellow', 'green'] as const;

/** 看板 / Board: filters kept in the URL (owner, q, light), one column per stage. */
export function DealBoardPage() {
  const { t } = useI18n();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const filters: BoardFilters = useMemo(
    () => ({
      ownerId: params.get('owner') ?? undefined,
      q: params.get('q') ?? undefined,
      light: LIGHTS.includes(params.get('light') as (typeof LIGHTS)[number]) ? params.get('light')! : undefined,
    }),
    [params],
  );
  const [qText, setQText] = useState(filters.q ?? '');
  useEffect(() => setQText(filters.q ?? ''), [filters.q]);

  const { stages, loading: stagesLoading, error: stagesError } = usePipeline();
  const stageKeys = useMemo(() => stages.map((s) => s.key), [stages]);
  const board = useBoardColumns(stageKeys, filters);

  const [users, setUsers] = useState<UserSummary[]>([]);
  useEffect(() => {
    api
      .get<{ items: UserSummary[] }>('/api/users')
      .then((answer) => setUsers(answer.items))
      .catch(() => setUsers([]));
  }, []);

  // Open stages' amounts come from the pipeline report (all matching deals, not just the loaded cards).
  const [report, setReport] = useState<PipelineReport | null>(null);
  const loadReport = useCallback(() => {
    api
      .get<PipelineReport>('/api/reports/pipeline', { ownerId: filters.ownerId })
      .then(setReport)
      .catch(() => setReport(null));
  }, [filters.ownerId]);
  useEffect(loadReport, [loadReport]);

  const sums = useMemo(() => {
    const result: Record<string, ColumnSum | null> = {};
    const reportCovers = !filters.q && !filters.light;
    for (const stage of stages) {
      const column = board.columns[stage.key];
      const fromReport = report?.stages.find((s) => s.stage === stage.key);
      if (stage.kind === 'open' && reportCovers && fromReport)
        result[stage.key] = { amount: fromReport.amount, partial: false };
      else if (column?.status === 'ready')
        result[stage.key] = {
          amount: column.items.reduce((sum, d) => sum + d.amount, 0),
          partial: column.nextCursor !== null,
        };
      else result[stage.key] = null;
    }
    return result;
  }, [board.columns, filters.light, filters.q, report, stages]);

  const setFilter = (name: 'owner' | 'q' | 'light', value: string | undefined) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  const owners = useMemo(
    () => users.filter((u) => u.active && ['admin', 'manager', 'sales'].includes(u.role)),
    [users],
  );
  const filtered = Boolean(filters.ownerId || filters.q || filters.light);

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 10 }}>
        <h1 style={{ margin: 0, fontSize: 18, fontWeight: 600, color: '#1f2933', marginInlineEnd: 8 }}>
          {t('board.title')}
        </h1>
        <Input.Search
          allowClear
          value={qText}
          onChange={(e) => {
            setQText(e.target.value);
            if (!e.target.value) setFilter('q', undefined);
          }}
          onSearch={(value) => setFilter('q', value.trim() || undefined)}
          placeholder={t('board.search')}
          aria-label={t('board.search')}
          style={{ width: phone ? '100%' : 240 }}
        />
        {me.role !== 'sales' && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.ownerId}
            onChange={(value?: string) => setFilter('owner', value)}
            placeholder={t('board.owner')}
            styles={{ placeholder: { color: '#5b6573' } }}
            aria-label={t('board.owner')}
            style={{ width: phone ? 'calc(50% - 4px)' : 160 }}
            options={[
              { value: me.id, label: t('board.ownerMe') },
              ...owners.filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: u.name })),
            ]}
          />
        )}
        <Select
          allowClear
          value={filters.light}
          onChange={(value?: string) => setFilter('light', value)}
          placeholder={t('board.light')}
          styles={{ placeholder: { color: '#5b6573' } }}
          aria-label={t('board.light')}
          style={{ width: phone ? 'calc(50% - 4px)' : 130 }}
          options={LIGHTS.map((light) => ({ value: light, label: t(`light.${light}`) }))}
        />
        {filtered && (
          <Button
            type="link"
            style={{ color: '#1f5fa8' }}
            onClick={() => setParams(new URLSearchParams(), { replace: true })}
          >
            {t('board.clearFilters')}
          </Button>
        )}
        {!phone && (
          <span style={{ marginInlineStart: 'auto', color: '#4a5563', fontSize: 12 }}>
            {mayWriteDeals(me.role) ? t('board.hint') : t('board.readOnly')}
          </span>
        )}
      </div>
      {stagesError ? (
        <Alert
          type="error"
          showIcon
          title={t('board.pipelineFailed')}
          action={
            <Button size="small" onClick={() => window.location.reload()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : stagesLoading ? (
        <div style={{ display: 'flex', gap: 10 }}>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} style={{ flex: 1, background: '#f0f2f5', borderRadius: 8, padding: 10 }}>
              <Skeleton active />
            </div>
          ))}
        </div>
      ) : (
        <DealBoard
          stages={stages}
          board={board}
          sums={sums}
          currency="CNY"
          mayWrite={mayWriteDeals(me.role)}
          phone={phone}
          onChanged={loadReport}
        />
      )}
    </div>
  );
}
