import { PipelineUpdateSchema } from '../contract/pipeline.js';
import { parseInput } from '../contract/validate.js';
import type { FieldChange } from '../domain/audit.js';
import type { FieldError } from '../domain/problem.js';
import { Problem, staleVersion } from '../domain/problem.js';
import { newStageKey, pipelineProblems, type Stage } from '../domain/stages.js';
import type { Q } from '../store/dialect.js';
import { newId } from '../store/ids.js';
import { type AuditEntry, writeAudit, writeAuditBatch } from '../store/queries/audit.js';
import { moveLiveDealsToStage } from '../store/queries/deals.js';
import {
  liveDealCountsByStage,
  loadStages,
  organisationVersion,
  replaceStages,
  stageKeysEverUsed,
  updateOrganisationIfVersion,
} from '../store/queries/org.js';
import { type CommandContext, requirePermission } from './context.js';
import { throwIfErrors } from './deal-rules.js';

const STAGE_KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** A stage as sent: a new stage has no key until the server gives it one. */
type StageDraft = Omit<Stage, 'key'> & { key: string | undefined };

/**
 * Rules on single stages beyond domain/stages pipelineProblems: keys deals can be filtered by, and
 * probabilities that match the stage's kind (won is certain, lost is nothing, open is neither).
 */
function stageProblems(stages: StageDraft[]): FieldError[] {
  const problems: FieldError[] = [];
  stages.forEach((stage, index) => {
    if (stage.key !== undefined && !STAGE_KEY.test(stage.key)) {
      problems.push({
        field: `stages.${index}.key`,
        message: {
          zh: '阶段标识只能用小写字母、数字、_ 和 -（以字母或数字开头）',
          en: 'A stage key uses lower-case letters, digits, _ and - (starting with a letter or digit)',
        },
      });
    }
    if (stage.kind === 'won' && stage.probability !== 100) {
      problems.push({
        field: `stages.${index}.probability`,
        message: { zh: '赢单阶段的概率应为 100', en: 'The won stage has probability 100' },
      });
    } else if (stage.kind === 'lost' && stage.probability !== 0) {
      problems.push({
        field: `stages.${index}.probability`,
        message: { zh: '输单阶段的概率应为 0', en: 'The lost stage has probability 0' },
      });
    } else if (stage.kind === 'open' && (stage.probability === 0 || stage.probability === 100)) {
      problems.push({
        field: `stages.${index}.probability`,
        message: { zh: '进行中阶段的概率只能选 10/30/50/80', en: 'An open stage has probability 10, 30, 50 or 80' },
      });
    }
  });
  return problems;
}

/**
 * Gives each new stage its key (from the English name, see newStageKey): never a key of the pipeline
 * before or after, nor one any deal was ever in, so old stage history never reads as the new stage.
 */
async function withKeys(trx: Q, orgId: string, drafts: StageDraft[], before: Stage[]): Promise<Stage[]> {
  const taken = new Set([
    ...before.map((stage) => stage.key),
    ...drafts.flatMap((stage) => (stage.key ? [stage.key] : [])),
  ]);
  const stages: Stage[] = [];
  for (const draft of drafts) {
    let key = draft.key;
    while (key === undefined) {
      const candidate = newStageKey(draft.name, taken);
      taken.add(candidate);
      if (!(await stageKeysEverUsed(trx, orgId, [candidate])).has(candidate)) key = candidate;
    }
    stages.push({ ...draft, key });
  }
  return stages;
}

/** Where the deals of removed stages go: each source must be a removed stage, each target a kept stage of the same kind. */
function moveProblems(moveDealsTo: Record<string, string>, before: Stage[], after: Stage[]): FieldError[] {
  const problems: FieldError[] = [];
  for (const [from, to] of Object.entries(moveDealsTo)) {
    const field = `moveDealsTo.${from}`;
    const source = before.find((stage) => stage.key === from);
    const target = after.find((stage) => stage.key === to);
    if (!source || after.some((stage) => stage.key === from)) {
      problems.push({
        field,
        message: { zh: `「${from}」不是要删除的阶段`, en: `"${from}" is not a stage being removed` },
      });
    } else if (!target) {
      problems.push({
        field,
        message: {
          zh: `目标阶段「${to}」不在新的阶段列表里`,
          en: `The target stage "${to}" is not in the new pipeline`,
        },
      });
    } else if (target.kind !== source.kind) {
      problems.push({
        field,
        message: {
          zh: `「${source.name.zh}」的商机只能移到同类型的阶段`,
          en: `Deals of "${source.name.en}" can only move to a stage of the same kind`,
        },
      });
    }
  }
  return problems;
}

export interface PipelineUpdateResult {
  stages: Stage[];
  version: number;
  /** Live deals moved out of removed stages. */
  movedDeals: number;
}

/**
 * Admin replaces the organisation's pipeline as a whole (rename, reorder, add, remove, probabilities,
 * required fields, typical days), checking the organisation's version. New stages get a generated key;
 * existing keys never change. A removed stage's live deals move to the stage named in `moveDealsTo`
 * (stage history and audit per deal, no required-field check: the admin is restructuring, not selling);
 * without one, a stage that still holds deals cannot be removed (409 naming the stage and how many deals),
 * and a stage holding deals cannot change its kind.
 */
export async function updatePipeline(ctx: CommandContext, input: unknown): Promise<PipelineUpdateResult> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(PipelineUpdateSchema, input);
  const drafts: StageDraft[] = data.stages.map((stage) => ({
    key: stage.key,
    name: { zh: stage.name.zh.trim(), en: stage.name.en.trim() },
    kind: stage.kind,
    probability: stage.probability as Stage['probability'],
    requiredFields: [...new Set(stage.requiredFields)],
    typicalDays: stage.typicalDays,
  }));
  // Stand-in keys for new stages (never a valid key, never equal): the whole-pipeline rules need one each.
  const provisional = drafts.map((stage, index) => ({ ...stage, key: stage.key ?? `#new-${index}` }));
  throwIfErrors([...stageProblems(drafts), ...pipelineProblems(provisional)]);

  return ctx.db.transaction().execute(async (trx) => {
    const version = await organisationVersion(trx, org.id);
    if (version === undefined || data.version !== version) throw staleVersion(version ?? org.version);
    const before = await loadStages(trx, org.id);
    const stages = await withKeys(trx, org.id, drafts, before);
    throwIfErrors(moveProblems(data.moveDealsTo, before, stages));

    const nextByKey = new Map(stages.map((stage, index) => [stage.key, { stage, index }]));
    const removed = before.filter((stage) => !nextByKey.has(stage.key));
    const rekinded = before.filter((stage) => {
      const next = nextByKey.get(stage.key);
      return next !== undefined && next.stage.kind !== stage.kind;
    });
    const counts = await liveDealCountsByStage(
      trx,
      org.id,
      [...removed, ...rekinded].map((stage) => stage.key),
    );
    const conflicts: FieldError[] = [];
    for (const stage of removed) {
      const n = counts.get(stage.key) ?? 0;
      if (n > 0 && data.moveDealsTo[stage.key] === undefined) {
        conflicts.push({
          field: `moveDealsTo.${stage.key}`,
          message: {
            zh: `阶段「${stage.name.zh}」（${stage.key}）还有 ${n} 个商机：请选择把它们移到哪个阶段，再删除`,
            en: `Stage "${stage.name.en}" (${stage.key}) still holds ${n} deal(s): choose the stage they move to before removing it`,
          },
        });
      }
    }
    for (const stage of rekinded) {
      const n = counts.get(stage.key) ?? 0;
      if (n > 0) {
        conflicts.push({
          field: `stages.${nextByKey.get(stage.key)!.index}.kind`,
          message: {
            zh: `阶段「${stage.name.zh}」（${stage.key}）还有 ${n} 个商机，不能改变阶段类型`,
            en: `Stage "${stage.name.en}" (${stage.key}) still holds ${n} deal(s); its kind cannot change`,
          },
        });
      }
    }
    if (conflicts.length > 0) {
      throw new Problem(
        'conflict',
        { zh: '仍有商机处于要删除或改变类型的阶段', en: 'Deals are still in stages being removed or changing kind' },
        conflicts,
      );
    }
    if (JSON.stringify(before) === JSON.stringify(stages)) return { stages: before, version, movedDeals: 0 };

    // The guarded version bump first: it takes the organisation's row lock before the stages are replaced.
    if (!(await updateOrganisationIfVersion(trx, org.id, version, { updated_at: now.toISOString() }))) {
      throw staleVersion((await organisationVersion(trx, org.id)) ?? version);
    }
    await replaceStages(trx, org.id, stages);

    const at = now.toISOString();
    const moves: Record<string, { to: string; deals: number }> = {};
    const dealAudit: AuditEntry[] = [];
    for (const stage of removed) {
      const target = data.moveDealsTo[stage.key];
      if (target === undefined) continue;
      const to = nextByKey.get(target)!.stage;
      const moved = await moveLiveDealsToStage(trx, {
        orgId: org.id,
        from: stage.key,
        to,
        at,
        actorId: actor.userId,
        newId: () => newId(now.getTime()),
      });
      moves[stage.key] = { to: to.key, deals: moved.length };
      for (const deal of moved) {
        const changes: FieldChange[] = [{ field: 'stage', from: stage.key, to: to.key }];
        if (deal.probability !== to.probability)
          changes.push({ field: 'probability', from: deal.probability, to: to.probability });
        dealAudit.push({ entity: 'deal', entityId: deal.id, action: 'stage', changes });
      }
    }
    await writeAuditBatch(trx, actor, now, dealAudit);
    const orgChanges: FieldChange[] = [{ field: 'pipeline', from: before, to: stages }];
    if (Object.keys(moves).length > 0) orgChanges.push({ field: 'moveDealsTo', from: null, to: moves });
    await writeAudit(trx, actor, now, {
      entity: 'organisation',
      entityId: org.id,
      action: 'update',
      changes: orgChanges,
    });
    return { stages, version: version + 1, movedDeals: dealAudit.length };
  });
}
