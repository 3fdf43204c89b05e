import { findStage, type Stage } from '../../domain/stages.js';
import type { LightInput } from '../../domain/status-light.js';
import type { DealRow } from '../schema.js';

/** The columns of a stored deal the status light reads. */
export const LIGHT_COLUMNS = [
  'stage',
  'last_activity_at',
  'stage_entered_at',
  'next_step',
  'next_step_due',
  'expected_close_date',
  'risk_flag',
  'risk_reason',
  'next_payment_due',
] as const satisfies readonly (keyof DealRow)[];
export type LightColumns = Pick<DealRow, (typeof LIGHT_COLUMNS)[number]>;

/** What the status light reads from a stored deal. */
export function lightInputOf(row: LightColumns, stages: Stage[]): LightInput {
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
