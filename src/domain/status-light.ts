import type { Text } from './i18n.js';
import type { Stage, StageKind } from './stages.js';
import { addDays, DAY_MS, dateInZone, wholeDaysBetween } from './time.js';

export type LightColor = 'red' | 'yellow' | 'green';

/** Thresholds of the status light, kept in the organisation's settings. */
export interface LightSettings {
  /** No follow-up or stage change for more than this many days: red (停滞). */
  redStalledDays: number;
  /** No follow-up or stage change for this many days or more: yellow. */
  yellowStalledDays: number;
  /** Next step due within this many days: yellow. */
  yellowNextStepDueDays: number;
}

export const DEFAULT_LIGHT_SETTINGS: LightSettings = {
  redStalledDays: 7,
  yellowStalledDays: 3,
  yellowNextStepDueDays: 2,
};

export type LightReasonCode =
  | 'stalled'
  | 'next_step_overdue'
  | 'close_date_passed'
  | 'payment_overdue'
  | 'risk_flag'
  | 'no_recent_followup'
  | 'next_step_due_soon'
  | 'long_in_stage'
  | 'no_next_step';

export interface LightReason {
  code: LightReasonCode;
  level: 'red' | 'yellow';
  text: Text;
}

export interface Light {
  color: LightColor;
  reasons: LightReason[];
}

/** What the light looks at; the same columns the store filters on. */
export interface LightInput {
  stage: string;
  stageKind: StageKind;
  /** Latest follow-up or stage change (or creation when neither happened). */
  lastActivityAt: Date;
  stageEnteredAt: Date;
  nextStep: string | null;
  nextStepDue: string | null;
  expectedCloseDate: string | null;
  riskFlag: boolean;
  riskReason: string | null;
  /** Earliest due date of an instalment not yet fully received. */
  nextPaymentDue: string | null;
}

/** The instants and dates that decide each reason, shared by `dealLight` and the store's SQL filter. */
export interface LightCutoffs {
  today: string;
  /** Activity strictly before this instant is red-stalled. */
  redStalledBefore: Date;
  /** Activity at or before this instant (this many days or more ago) is yellow. */
  yellowStalledBefore: Date;
  /** Next step due on or before this date (and not overdue) is yellow. */
  nextStepDueSoonUntil: string;
  /** Per open stage with a typical duration: entered strictly before this instant is yellow. */
  longInStageBefore: Record<string, Date>;
}

export function lightCutoffs(now: Date, timeZone: string, settings: LightSettings, stages: Stage[]): LightCutoffs {
  const today = dateInZone(now, timeZone);
  const longInStageBefore: Record<string, Date> = {};
  for (const stage of stages) {
    if (stage.kind === 'open' && stage.typicalDays !== null) {
      longInStageBefore[stage.key] = new Date(now.getTime() - stage.typicalDays * DAY_MS);
    }
  }
  return {
    today,
    redStalledBefore: new Date(now.getTime() - settings.redStalledDays * DAY_MS),
    yellowStalledBefore: new Date(now.getTime() - settings.yellowStalledDays * DAY_MS),
    nextStepDueSoonUntil: addDays(today, settings.yellowNextStepDueDays),
    longInStageBefore,
  };
}

/**
 * The explainable status light (红黄绿灯) of a deal at `now`: null for lost deals; for won deals it
 * only tracks payment collection.
 */
export function dealLight(
  deal: LightInput,
  now: Date,
  cutoffs: LightCutoffs,
  settings: LightSettings,
  stages: Stage[],
): Light | null {
  if (deal.stageKind === 'lost') return null;
  const reasons: LightReason[] = [];
  const red = (code: LightReasonCode, text: Text) => reasons.push({ code, level: 'red', text });
  const yellow = (code: LightReasonCode, text: Text) => reasons.push({ code, level: 'yellow', text });

  if (deal.nextPaymentDue !== null && deal.nextPaymentDue < cutoffs.today) {
    red('payment_overdue', {
      zh: `回款逾期（应于 ${deal.nextPaymentDue} 到账）`,
      en: `Payment overdue (due ${deal.nextPaymentDue})`,
    });
  }
  if (deal.stageKind === 'open') {
    // A won deal's light tracks payment collection only, so a flag left from the open phase does not count.
    if (deal.riskFlag) {
      const why = deal.riskReason ? `：${deal.riskReason}` : '';
      red('risk_flag', {
        zh: `主管标记风险${why}`,
        en: `Flagged at risk by a manager${deal.riskReason ? `: ${deal.riskReason}` : ''}`,
      });
    }
    const idleDays = wholeDaysBetween(deal.lastActivityAt, now);
    if (deal.lastActivityAt < cutoffs.redStalledBefore) {
      red('stalled', {
        zh: `停滞超${settings.redStalledDays}天（已 ${idleDays} 天无跟进）`,
        en: `Stalled over ${settings.redStalledDays} days (no follow-up for ${idleDays} days)`,
      });
    } else if (deal.lastActivityAt <= cutoffs.yellowStalledBefore) {
      yellow('no_recent_followup', { zh: `${idleDays} 天未跟进`, en: `No follow-up for ${idleDays} days` });
    }
    if (deal.nextStepDue !== null && deal.nextStepDue < cutoffs.today) {
      red('next_step_overdue', {
        zh: `下一步已逾期（${deal.nextStepDue}）`,
        en: `Next step overdue (due ${deal.nextStepDue})`,
      });
    } else if (deal.nextStepDue !== null && deal.nextStepDue <= cutoffs.nextStepDueSoonUntil) {
      yellow('next_step_due_soon', {
        zh: `下一步即将到期（${deal.nextStepDue}）`,
        en: `Next step due soon (${deal.nextStepDue})`,
      });
    }
    if (deal.expectedCloseDate !== null && deal.expectedCloseDate < cutoffs.today) {
      red('close_date_passed', {
        zh: `已过预计成交日期（${deal.expectedCloseDate}）`,
        en: `Expected close date passed (${deal.expectedCloseDate})`,
      });
    }
    if (!deal.nextStep || deal.nextStep.trim() === '') {
      yellow('no_next_step', { zh: '没有下一步计划', en: 'No next step planned' });
    }
    const longBefore = cutoffs.longInStageBefore[deal.stage];
    if (longBefore !== undefined && deal.stageEnteredAt < longBefore) {
      const typical = stages.find((stage) => stage.key === deal.stage)?.typicalDays ?? 0;
      const days = wholeDaysBetween(deal.stageEnteredAt, now);
      yellow('long_in_stage', {
        zh: `在本阶段 ${days} 天，超过通常的 ${typical} 天`,
        en: `${days} days in this stage, longer than the usual ${typical}`,
      });
    }
  }
  // Red reasons first, then yellow: the first reason is the one worth reading.
  reasons.sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  const color: LightColor = reasons.some((r) => r.level === 'red') ? 'red' : reasons.length > 0 ? 'yellow' : 'green';
  return { color, reasons };
}
