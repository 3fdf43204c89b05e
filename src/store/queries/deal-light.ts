import { findStage, type Stage } from '../../domain/stages.js';
import type { LightInput } from '../../domain/status-light.js';
import type { DealRow } from '../schema.js';

/** What the status light reads from a stored deal. */
export function lightInputOf(row: Omit<DealRow, 'search_tokens'>, stages: Stage[]): LightInput {
  return {
    stage: row.stage,
    stageKind: findStage(stages, row.stage)?.kind ?? 'open',
    lastActivityAt: new Date(row.last_activity_at),
    stageEnteredAt: new Date(row.stage_entered_at),
    nextStep: row.next_step,
    nextStepDue: row.next_step_due,
    expectedCloseDate: row.expected_close_date,
    riskFlag: row.risk_flag === 1,
    riskReason: row.risk_reason,
    nextPaymentDue: row.next_payment_due,
  };
}
