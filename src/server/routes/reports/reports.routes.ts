import type { FastifyInstance } from 'fastify';
import { exportStalledWorkbook } from '../../../commands/export-stalled-workbook.js';
import { reportCollection } from '../../../commands/report-collection.js';
import { reportPipeline } from '../../../commands/report-pipeline.js';
import { reportStalled } from '../../../commands/report-stalled.js';
import { reportUpdateRate } from '../../../commands/report-update-rate.js';
import {
  CollectionReportQuerySchema,
  CollectionReportSchema,
  PipelineReportQuerySchema,
  PipelineReportSchema,
  StalledReportQuerySchema,
  StalledReportSchema,
  UpdateRateQuerySchema,
  UpdateRateSchema,
} from '../../../contract/reports.js';
import { pick } from '../../../domain/i18n.js';
import { namesFor } from '../../../store/queries/deals.js';
import { listTeams } from '../../../store/queries/users.js';
import { commandContext } from '../../context.js';
import { dealPresenter, presentDeal } from '../../present.js';
import { problemResponses } from '../openapi.js';

const tags = ['reports'];

export async function reportRoutes(app: FastifyInstance) {
  app.get(
    '/api/reports/collection',
    {
      schema: {
        tags,
        summary:
          'Payment collection (回款) by month: planned (instalments by due month) vs received (receipts by received month), overdue instalments, per-owner totals',
        querystring: CollectionReportQuerySchema,
        response: { 200: CollectionReportSchema, ...problemResponses },
      },
    },
    async (req) => reportCollection(await commandContext(req), req.query),
  );

  app.get(
    '/api/reports/pipeline',
    {
      schema: {
        tags,
        summary: 'Open deals you may see, per stage: count, amount, weighted amount (Σ amount × probability / 100)',
        querystring: PipelineReportQuerySchema,
        response: { 200: PipelineReportSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const report = await reportPipeline(ctx, req.query);
      return {
        stages: report.stages.map((s) => ({
          stage: s.stage.key,
          label: pick(s.stage.name, req.lang),
          probability: s.stage.probability,
          count: s.count,
          amount: s.amount,
          weightedAmount: s.weightedAmount,
        })),
        total: report.total,
      };
    },
  );

  app.get(
    '/api/reports/stalled',
    {
      schema: {
        tags,
        summary:
          'Weekly review: open deals without activity for more than `days` days (longest first, at most 500), grouped by stage and owner',
        querystring: StalledReportQuerySchema,
        response: { 200: StalledReportSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const report = await reportStalled(ctx, req.query);
      const deals = report.items.map((item) => item.deal);
      const names = await namesFor(
        ctx.db,
        ctx.org.id,
        [...deals.map((d) => d.owner_id), ...report.byOwner.map((o) => o.ownerId)],
        deals.flatMap((d) => (d.account_id ? [d.account_id] : [])),
      );
      const presenter = dealPresenter(ctx.org, ctx.now, req.lang, names);
      return {
        days: report.days,
        total: report.total,
        truncated: report.truncated,
        items: report.items.map((item) => ({
          ...presentDeal(item.deal, presenter),
          daysStalled: item.daysStalled,
          lastVerbatim: item.lastVerbatim,
        })),
        byStage: report.byStage.map((s) => ({
          stage: s.stage.key,
          label: pick(s.stage.name, req.lang),
          count: s.count,
          share: s.share,
          avgDaysStalled: s.avgDaysStalled,
        })),
        byOwner: report.byOwner.map((o) => ({
          ownerId: o.ownerId,
          name: names.users.get(o.ownerId) ?? null,
          count: o.count,
          avgDaysStalled: o.avgDaysStalled,
        })),
      };
    },
  );

  app.get(
    '/api/reports/stalled.xlsx',
    {
      schema: {
        tags,
        summary:
          "The weekly review as an Excel workbook (same data and visibility as /api/reports/stalled; headers in the request's language)",
        querystring: StalledReportQuerySchema,
        response: { ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const workbook = await exportStalledWorkbook(ctx, req.query, req.lang);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${workbook.fileName}"; filename*=UTF-8''${encodeURIComponent(workbook.localFileName)}`,
        )
        .header('cache-control', 'no-store')
        .send(workbook.content);
    },
  );

  app.get(
    '/api/reports/update-rate',
    {
      schema: {
        tags,
        summary:
          'Update rate (台账更新率): share of active deals touched within the expected window, per day or week, per rep and team',
        querystring: UpdateRateQuerySchema,
        response: { 200: UpdateRateSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const report = await reportUpdateRate(ctx, req.query);
      const teams = new Map((await listTeams(ctx.db, ctx.org.id)).map((team) => [team.id, team.name]));
      return {
        ...report,
        byTeam: report.byTeam.map((team) => ({ ...team, name: team.teamId ? (teams.get(team.teamId) ?? null) : null })),
      };
    },
  );
}
