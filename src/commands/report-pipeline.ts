import { PipelineReportQuerySchema } from '../contract/reports.js';
import { parseInput } from '../contract/validate.js';
import type { Stage } from '../domain/stages.js';
import { pipelineTotalsByStage } from '../store/queries/reports.js';
import { type CommandContext, requirePermission } from './context.js';

export interface PipelineReport {
  stages: { stage: Stage; count: number; amount: number; weightedAmount: number }[];
  total: { count: number; amount: number; weightedAmount: number };
}

/**
 * Open, live deals the actor may see, per open stage in pipeline order: count, amount and weighted amount
 * (Σ amount × the deal's probability / 100, rounded once per stage; the total adds the stage figures up).
 */
export async function reportPipeline(ctx: CommandContext, query: unknown): Promise<PipelineReport> {
  requirePermission(ctx.actor, 'readDeals');
  const data = parseInput(PipelineReportQuerySchema, query);
  const open = ctx.org.stages.filter((stage) => stage.kind === 'open');
  const rows = await pipelineTotalsByStage(ctx.db, {
    actor: ctx.actor,
    openStages: open.map((stage) => stage.key),
    ownerId: data.ownerId,
    teamId: data.teamId,
  });
  const byStage = new Map(rows.map((row) => [row.stage, row]));
  const stages = open.map((stage) => {
    const row = byStage.get(stage.key);
    return {
      stage,
      count: row?.count ?? 0,
      amount: row?.amount ?? 0,
      weightedAmount: row ? Math.round(row.weightedTimes100 / 100) : 0,
    };
  });
  const total = stages.reduce(
    (sum, s) => ({
      count: sum.count + s.count,
      amount: sum.amount + s.amount,
      weightedAmount: sum.weightedAmount + s.weightedAmount,
    }),
    { count: 0, amount: 0, weightedAmount: 0 },
  );
  return { stages, total };
}
