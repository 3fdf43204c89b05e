import type { FastifyInstance } from 'fastify';
import { exportStalledWorkbook } from '../../../commands/export-stalled-workbook.js';
import { reportCollection } from '../../../commands/report-collection.js';
import { reportPipeline } from '../../../commands/report-pipeline.js';
import { reportStalled } from '../../../commands/report-stalled.js';
import { reportUpdateRate } from '../../../commands/report-update-rate.js';
import { pick } from '../../../domain/i18n.js';
import { namesFor } from '../../../store/queries/deals.js';
import { listTeams } from '../../../store/queries/users.js';
import { commandContext } from '../../context.js';
import { dealPresenter, presentDeal } from '../../present.js';
import { defineRoute } from '../define-route.js';

const tags = ['reports'];

export async function reportRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/reports/collection', async (req) =>
    reportCollection(await commandContext(req), req.query),
  );

  defineRoute(app, 'GET /api/reports/pipeline', async (req) => {
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
  });

  defineRoute(app, 'GET /api/reports/stalled', async (req) => {
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
  });

  defineRoute(app, 'GET /api/reports/stalled.xlsx', async (req, reply) => {
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
  });

  defineRoute(app, 'GET /api/reports/update-rate', async (req) => {
    const ctx = await commandContext(req);
    const report = await reportUpdateRate(ctx, req.query);
    const teams = new Map((await listTeams(ctx.db, ctx.org.id)).map((team) => [team.id, team.name]));
    return {
      ...report,
      byTeam: report.byTeam.map((team) => ({ ...team, name: team.teamId ? (teams.get(team.teamId) ?? null) : null })),
    };
  });
}
