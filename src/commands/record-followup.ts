import { FollowupCreateSchema } from '../contract/deals.js';
import { parseInput } from '../contract/validate.js';
import { deriveIntents } from '../domain/intents.js';
import type { FieldError } from '../domain/problem.js';
import { staleVersion } from '../domain/problem.js';
import { findStage } from '../domain/stages.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { updateDealIfVersion } from '../store/queries/deals.js';
import { insertFollowup } from '../store/queries/followups.js';
import type { FollowupRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import { blankToNull, loadWritableDeal, throwIfErrors } from './deal-rules.js';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Records a follow-up (跟进记录) on a deal: verbatim customer feedback is required, and while the deal is
 * open so is the next step with its due date. The deal's last follow-up, activity and next step move with it.
 */
export async function recordFollowup(ctx: CommandContext, dealId: string, input: unknown): Promise<FollowupRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const deal = await loadWritableDeal(trx, actor, dealId);
    const data = parseInput(FollowupCreateSchema, input);
    const open = findStage(org.stages, deal.stage)?.kind === 'open';
    const nextStep = blankToNull(data.nextStep);
    const errors: FieldError[] = [];
    if (open && !nextStep)
      errors.push({
        field: 'nextStep',
        message: { zh: '商机进行中，必须填写下一步计划', en: 'A next step is required while the deal is open' },
      });
    if (open && !data.nextStepDue)
      errors.push({
        field: 'nextStepDue',
        message: {
          zh: '请填写下一步的截止日期',
          en: 'A due date for the next step is required while the deal is open',
        },
      });
    const at = data.at ? new Date(data.at) : now;
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      errors.push({
        field: 'at',
        message: { zh: '跟进时间不能在未来', en: 'The follow-up time cannot be in the future' },
      });
    throwIfErrors(errors);

    const atIso = at.toISOString();
    const row: FollowupRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      deal_id: deal.id,
      account_id: deal.account_id,
      author_id: actor.userId,
      at: atIso,
      channel: data.channel,
      verbatim: data.verbatim.trim(),
      summary: blankToNull(data.summary),
      next_step: nextStep,
      next_step_due: data.nextStepDue ?? null,
      resources_needed: JSON.stringify(data.resourcesNeeded),
      intents: JSON.stringify(deriveIntents(data.verbatim, data.summary)),
      created_at: now.toISOString(),
    };
    await insertFollowup(trx, row);
    const latest = !deal.last_followup_at || atIso >= deal.last_followup_at;
    const patch = {
      last_followup_at: latest ? atIso : deal.last_followup_at,
      last_activity_at: atIso > deal.last_activity_at ? atIso : deal.last_activity_at,
      // A back-dated entry does not overwrite a newer plan.
      ...(latest ? { next_step: nextStep, next_step_due: row.next_step_due } : {}),
      updated_at: now.toISOString(),
    };
    if (!(await updateDealIfVersion(trx, deal.id, deal.version, patch))) throw staleVersion(deal.version);
    await writeAudit(trx, actor, now, {
      entity: 'deal',
      entityId: deal.id,
      action: 'followup',
      changes: [{ field: 'followup', from: null, to: row.id }],
    });
    return row;
  });
}
