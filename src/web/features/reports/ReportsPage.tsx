import { Alert, Card, Flex, Skeleton, Table, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { api } from '../../api-client';
import { formatMoneyExact, formatMoneyShort, todayIso } from '../../format';
import { useI18n } from '../../i18n';
import type { ChartOption } from './EChart';
import { Sparkline } from './Sparkline';
import { type PipelineReport, ratePercent, type UpdateRate } from './types';

// echarts is a chunk of its own, fetched with this page's data, never with the shell.
const loadChart = () => import('./EChart');
const LazyChart = lazy(() => loadChart().then((m) => ({ default: m.EChart })));

function EChart(props: Parameters<typeof LazyChart>[0]) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 240 }} />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

const QUARTER_DAYS = 91;
const NEUTRAL = ['#1f5fa8', '#8aa4c2'];

interface Data {
  week: UpdateRate;
  quarter: UpdateRate;
  pipeline: PipelineReport;
  currency: string;
}

function daysBefore(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - days);
  return at.toISOString().slice(0, 10);
}

/** Reports (报表): the update rate over a week (daily) and a quarter (weekly), per rep and team; the pipeline per stage. */
export function ReportsPage() {
  const { t, lang } = useI18n();
  const [data, setData] = useState<Data | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const today = todayIso();
    void loadChart();
    Promise.all([
      api.get<UpdateRate>('/api/reports/update-rate', { granularity: 'day' }, signal),
      api.get<UpdateRate>(
        '/api/reports/update-rate',
        { granularity: 'week', from: daysBefore(today, QUARTER_DAYS - 1) },
        signal,
      ),
      api.get<PipelineReport>('/api/reports/pipeline', undefined, signal),
      api.get<{ currency: string }>('/api/settings', undefined, signal),
    ])
      .then(([week, quarter, pipeline, settings]) => setData({ week, quarter, pipeline, currency: settings.currency }))
      .catch((error: Error) => {
        if (error.name !== 'AbortError') setFailed(true);
      });
    return () => controller.abort();
  }, []);

  const periodLabel = (period: string, granularity: 'day' | 'week') =>
    granularity === 'week' ? t('reports.weekOf', { date: period.slice(5) }) : period.slice(5);
  const rateChart = (report: UpdateRate, kind: 'bar' | 'line'): ChartOption => ({
    grid: { left: 44, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? `${value}%` : '–') },
    xAxis: { type: 'category', data: report.series.map((p) => periodLabel(p.period, report.granularity)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      kind === 'bar'
        ? {
            type: 'bar',
            name: t('reports.rate'),
            data: report.series.map((p) => (p.rate === null ? null : Math.round(p.rate * 100))),
            itemStyle: { color: NEUTRAL[0] },
            barMaxWidth: 32,
          }
        : {
            type: 'line',
            name: t('reports.rate'),
            data: report.series.map((p) => (p.rate === null ? null : Math.round(p.rate * 100))),
            itemStyle: { color: NEUTRAL[0] },
            connectNulls: false,
          },
    ],
  });
  const summary = (title: string, report: UpdateRate) =>
    t('reports.chartSummary', {
      title,
      points: report.series
        .map((p) => `${periodLabel(p.period, report.granularity)} ${ratePercent(p.rate)}`)
        .join('，'),
    });

  const charts = useMemo(
    () =>
      data && {
        week: rateChart(data.week, 'bar'),
        quarter: rateChart(data.quarter, 'line'),
        pipeline: {
          grid: { left: 72, right: 16, top: 36, bottom: 28 },
          legend: { top: 0 },
          tooltip: {
            trigger: 'axis',
            valueFormatter: (value) =>
              typeof value === 'number' ? formatMoneyShort(value * 100, data.currency, lang) : '–',
          },
          xAxis: { type: 'category', data: data.pipeline.stages.map((s) => `${s.label} (${s.count})`) },
          yAxis: {
            type: 'value',
            axisLabel: { formatter: (value: number) => formatMoneyShort(value * 100, data.currency, lang) },
          },
          series: [
            {
              type: 'bar',
              name: t('reports.amount'),
              data: data.pipeline.stages.map((s) => s.amount / 100),
              itemStyle: { color: NEUTRAL[0] },
              barMaxWidth: 40,
            },
            {
              type: 'bar',
              name: t('reports.weighted'),
              data: data.pipeline.stages.map((s) => s.weightedAmount / 100),
              itemStyle: { color: NEUTRAL[1] },
              barMaxWidth: 40,
            },
          ],
        } satisfies ChartOption,
        // eslint-disable-next-line react-hooks/exhaustive-deps
      },
    [data, t, lang],
  );

  if (failed) return <Alert type="error" showIcon title={t('reports.loadFailed')} />;
  if (!data || !charts) return <Skeleton active />;

  const money = (minor: number) => (
    <span title={formatMoneyExact(minor, data.currency, lang)}>{formatMoneyShort(minor, data.currency, lang)}</span>
  );
  const weekByOwner = new Map(data.week.byOwner.map((o) => [o.ownerId, o]));
  const weekByTeam = new Map(data.week.byTeam.map((team) => [team.teamId ?? '', team]));
  const reps = [...data.quarter.byOwner].sort(
    (a, b) =>
      (weekByOwner.get(a.ownerId)?.rate ?? a.rate ?? 2) - (weekByOwner.get(b.ownerId)?.rate ?? b.rate ?? 2) ||
      (a.rate ?? 2) - (b.rate ?? 2),
  );
  const periodTable = (report: UpdateRate, caption: string) => (
    <Table
      size="small"
      pagination={false}
      rowKey="period"
      aria-label={caption}
      style={{ flex: '1 1 260px', minWidth: 0 }}
      dataSource={report.series}
      columns={[
        { key: 'period', title: t('reports.period'), render: (_, p) => periodLabel(p.period, report.granularity) },
        { key: 'rate', title: t('reports.rate'), align: 'right', render: (_, p) => ratePercent(p.rate) },
        {
          key: 'count',
          title: `${t('reports.updated')} / ${t('reports.active')}`,
          align: 'right',
          render: (_, p) => `${p.updated} / ${p.active}`,
        },
      ]}
    />
  );
  const rateSection = (title: string, report: UpdateRate, option: ChartOption) => (
    <section aria-label={title} style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {title} · {ratePercent(report.total.rate)}
      </Typography.Title>
      <Flex wrap gap={16} align="flex-start">
        <div style={{ flex: '2 1 420px', minWidth: 0 }}>
          <EChart option={option} label={summary(title, report)} />
        </div>
        {periodTable(report, title)}
      </Flex>
    </section>
  );

  return (
    <div className="tz-page" style={{ maxWidth: 1400, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 12px' }}>
        {t('reports.title')}
      </Typography.Title>

      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('reports.updateRate')}</h2>}
        size="small"
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph type="secondary">
          {data.week.windowDays === 1
            ? t('reports.updateRateHintToday')
            : t('reports.updateRateHint', { days: data.week.windowDays })}
        </Typography.Paragraph>
        {rateSection(t('reports.week'), data.week, charts.week)}
        {rateSection(t('reports.quarter'), data.quarter, charts.quarter)}

        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('reports.byRep')}
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="ownerId"
          aria-label={t('reports.byRep')}
          style={{ marginBottom: 16 }}
          dataSource={reps}
          scroll={{ x: 560 }}
          columns={[
            { key: 'name', title: t('reports.rep'), render: (_, o) => o.name ?? '' },
            {
              key: 'week',
              title: t('reports.rateWeek'),
              align: 'right',
              render: (_, o) => ratePercent(weekByOwner.get(o.ownerId)?.rate ?? null),
            },
            {
              key: 'quarter',
              title: t('reports.rateQuarter'),
              align: 'right',
              render: (_, o) => `${ratePercent(o.rate)} (${o.updated} / ${o.active})`,
            },
            {
              key: 'trend',
              title: t('reports.trend'),
              render: (_, o) => (
                <Sparkline
                  values={o.series}
                  label={t('reports.trendLabel', { name: o.name ?? '', points: o.series.map(ratePercent).join('，') })}
                />
              ),
            },
          ]}
        />

        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('reports.byTeam')}
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(team) => team.teamId ?? 'none'}
          aria-label={t('reports.byTeam')}
          dataSource={data.quarter.byTeam}
          columns={[
            { key: 'name', title: t('reports.team'), render: (_, team) => team.name ?? t('reports.noTeam') },
            {
              key: 'week',
              title: t('reports.rateWeek'),
              align: 'right',
              render: (_, team) => ratePercent(weekByTeam.get(team.teamId ?? '')?.rate ?? null),
            },
            {
              key: 'quarter',
              title: t('reports.rateQuarter'),
              align: 'right',
              render: (_, team) => `${ratePercent(team.rate)} (${team.updated} / ${team.active})`,
            },
          ]}
        />
      </Card>

      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('reports.pipeline')}</h2>} size="small">
        <Typography.Paragraph type="secondary">{t('reports.pipelineHint')}</Typography.Paragraph>
        <Flex wrap gap={16} align="flex-start">
          <div style={{ flex: '2 1 420px', minWidth: 0 }}>
            <EChart
              option={charts.pipeline}
              height={280}
              label={t('reports.chartSummary', {
                title: t('reports.pipeline'),
                points: data.pipeline.stages
                  .map((s) =>
                    t('reports.pipelinePoint', {
                      stage: s.label,
                      count: s.count,
                      amount: formatMoneyShort(s.amount, data.currency, lang),
                      weighted: formatMoneyShort(s.weightedAmount, data.currency, lang),
                    }),
                  )
                  .join('，'),
              })}
            />
          </div>
          <Table
            size="small"
            pagination={false}
            rowKey="stage"
            aria-label={t('reports.pipeline')}
            style={{ flex: '1 1 320px', minWidth: 0 }}
            dataSource={data.pipeline.stages}
            columns={[
              { key: 'stage', title: t('reports.stage'), render: (_, s) => s.label },
              { key: 'count', title: t('reports.count'), align: 'right', render: (_, s) => s.count },
              { key: 'amount', title: t('reports.amount'), align: 'right', render: (_, s) => money(s.amount) },
              {
                key: 'weighted',
                title: t('reports.weighted'),
                align: 'right',
                render: (_, s) => money(s.weightedAmount),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('reports.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {data.pipeline.total.count}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {money(data.pipeline.total.amount)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {money(data.pipeline.total.weightedAmount)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Flex>
      </Card>
    </div>
  );
}
