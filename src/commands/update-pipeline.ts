import { PipelineUpdateSchema } from '../contract/pipeline.js';
import { parseInput } from '../contract/validate.js';
import type { FieldError } from '../domain/problem.js';
import { Problem, staleVersion } from '../domain/problem.js';
import { pipelineProblems, type Stage } from '../domain/stages.js';
import { writeAudit } from '../store/queries/audit.js';
import { liveDealCountsByStage, loadStages, organisationVersion, replaceStages, updateOrganisationIfVersion } from '../store/queries/org.js';
import { type CommandContext, requirePermission } from './context.js';
import { throwIfErrors } from './deal-rules.js';

const STAGE_KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * Rules on single stages beyond domain/stages pipelineProblems: keys deals can be filtered by, and
 * probabilities that match the stage's kind (won is certain, lost is nothing, open is neither).
 */
function stageProblems(stages: Stage[]): FieldError[] {
  const problems: FieldError[] = [];
  stages.forEach((stage, index) => {
    if (!STAGE_KEY.test(stage.key)) {
      problems.push({ field: `stages.${index}.key`, message: { zh: '阶段标识只能用小写字母、数字、_ 和 -（以字母或数字开头）', en: 'A stage key uses lower-case letters, digits, _ and - (starting with a letter or digit)' } });
    }
    if (stage.kind === 'won' && stage.probability !== 100) {
      problems.push({ field: `stages.${index}.probability`, message: { zh: '赢单阶段的概率应为 100', en: 'The won stage has probability 100' } });
    } else if (stage.kind === 'lost' && stage.probability !== 0) {
      problems.push({ field: `stages.${index}.probability`, message: { zh: '输单阶段的概率应为 0', en: 'The lost stage has probability 0' } });
    } else if (stage.kind === 'open' && (stage.probability === 0 || stage.probability === 100)) {
      problems.push({ field: `stages.${index}.probability`, message: { zh: '进行中阶段的概率只能选 10/30/50/80', en: 'An open stage has probability 10, 30, 50 or 80' } });
    }
  });
  return problems;
}

/**
 * Admin replaces the organisation's pipeline as a whole (rename, reorder, probabilities, required fields,
 * typical days), checking the organisation's version. A stage that live deals sit in cannot be removed
 * nor change its kind (409 naming the stage and how many deals).
 */
export async function updatePipeline(ctx: CommandContext, input: unknown): Promise<{ stages: Stage[]; version: number }> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(PipelineUpdateSchema, input);
  const stages: Stage[] = data.stages.map((stage) => ({
    key: stage.key,
    name: { zh: stage.name.zh.trim(), en: stage.name.en.trim() },
    kind: stage.kind,
    probability: stage.probability as Stage['probability'],
    requiredFields: [...new Set(stage.requiredFields)],
    typicalDays: stage.typicalDays,
  }));
  throwIfErrors([...stageProblems(stages), ...pipelineProblems(stages)]);

  return ctx.db.transaction().execute(async (trx) => {
    const version = await organisationVersion(trx, org.id);
    if (version === undefined || data.version !== version) throw staleVersion(version ?? org.version);
    const before = await loadStages(trx, org.id);
    const nextByKey = new Map(stages.map((stage, index) => [stage.key, { stage, index }]));
    const removed = before.filter((stage) => !nextByKey.has(stage.key));
    const rekinded = before.filter((stage) => { const next = nextByKey.get(stage.key); return next !== undefined && next.stage.kind !== stage.kind; });
    const counts = await liveDealCountsByStage(trx, org.id, [...removed, ...rekinded].map((stage) => stage.key));
    const conflicts: FieldError[] = [];
    for (const stage of removed) {
      const n = counts.get(stage.key) ?? 0;
      if (n > 0) {
        conflicts.push({ field: 'stages', message: { zh: `阶段「${stage.name.zh}」（${stage.key}）还有 ${n} 个商机，请先把它们移到其他阶段再删除`, en: `Stage "${stage.name.en}" (${stage.key}) still holds ${n} deal(s); move them to another stage before removing it` } });
      }
    }
    for (const stage of rekinded) {
      const n = counts.get(stage.key) ?? 0;
      if (n > 0) {
        conflicts.push({ field: `stages.${nextByKey.get(stage.key)!.index}.kind`, message: { zh: `阶段「${stage.name.zh}」（${stage.key}）还有 ${n} 个商机，不能改变阶段类型`, en: `Stage "${stage.name.en}" (${stage.key}) still holds ${n} deal(s); its kind cannot change` } });
      }
    }
    if (conflicts.length > 0) {
      throw new Problem('conflict', { zh: '仍有商机处于要删除或改变类型的阶段', en: 'Deals are still in stages being removed or changing kind' }, conflicts);
    }
    if (JSON.stringify(before) === JSON.stringify(stages)) return { stages: before, version };

    // The guarded version bump first: it takes the organisation's row lock before the stages are replaced.
    if (!(await updateOrganisationIfVersion(trx, org.id, version, { updated_at: now.toISOString() }))) {
      throw staleVersion((await organisationVersion(trx, org.id)) ?? version);
    }
    await replaceStages(trx, org.id, stages);
    await writeAudit(trx, actor, now, { entity: 'organisation', entityId: org.id, action: 'update', changes: [{ field: 'pipeline', from: before, to: stages }] });
    return { stages, version: version + 1 };
  });
}
