import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, type Stage } from './stages.js';
import {
  DEFAULT_LIGHT_SETTINGS,
  dealLight,
  type LightInput,
  type LightSettings,
  lightCutoffs,
} from './status-light.js';
import { DAY_MS } from './time.js';

const ZONE = 'Asia/Shanghai';
// 10:00 in Shanghai on Monday 2026-03-02.
const NOW = new Date('2026-03-02T02:00:00.000Z');
const HOUR = 3_600_000;

function ago(ms: number, from = NOW): Date {
  return new Date(from.getTime() - ms);
}

/** A healthy open deal: every test changes one thing. */
function deal(overrides: Partial<LightInput> = {}): LightInput {
  return {
    stage: 'qualified',
    stageKind: 'open',
    lastActivityAt: ago(HOUR),
    stageEnteredAt: ago(DAY_MS),
    nextStep: '约技术交流',
    nextStepDue: '2026-03-10',
    expectedCloseDate: '2026-04-30',
    riskFlag: false,
    riskReason: null,
    nextPaymentDue: null,
    ...overrides,
  };
}

function light(
  input: LightInput,
  options: { now?: Date; zone?: string; settings?: LightSettings; stages?: Stage[] } = {},
) {
  const now = options.now ?? NOW;
  const settings = options.settings ?? DEFAULT_LIGHT_SETTINGS;
  const stages = options.stages ?? DEFAULT_STAGES;
  return dealLight(input, now, lightCutoffs(now, options.zone ?? ZONE, settings, stages), settings, stages);
}

const codes = (input: LightInput, options?: Parameters<typeof light>[1]) =>
  light(input, options)!.reasons.map((r) => r.code);

describe('dealLight', () => {
  it('is green with no reasons for a healthy open deal', () => {
    expect(light(deal())).toEqual({ color: 'green', reasons: [] });
  });

  describe('stalled (停滞)', () => {
    it('is red with the zh/en text after more than 7 days without activity', () => {
      const result = light(deal({ lastActivityAt: ago(8 * DAY_MS + HOUR) }));
      expect(result).toEqual({
        color: 'red',
        reasons: [
          {
            code: 'stalled',
            level: 'red',
            text: { zh: '停滞超7天（已 8 天无跟进）', en: 'Stalled over 7 days (no follow-up for 8 days)' },
          },
        ],
      });
    });

    it('turns red one millisecond past 7 days, not at exactly 7 days (then it is yellow)', () => {
      expect(light(deal({ lastActivityAt: ago(7 * DAY_MS + 1) }))!.reasons[0]).toMatchObject({
        code: 'stalled',
        level: 'red',
      });
      const atSeven = light(deal({ lastActivityAt: ago(7 * DAY_MS) }))!;
      expect(atSeven.color).toBe('yellow');
      expect(atSeven.reasons).toEqual([
        { code: 'no_recent_followup', level: 'yellow', text: { zh: '7 天未跟进', en: 'No follow-up for 7 days' } },
      ]);
    });

    it('is yellow from 3 days without activity (3+ days), green just before', () => {
      expect(light(deal({ lastActivityAt: ago(3 * DAY_MS) }))).toEqual({
        color: 'yellow',
        reasons: [
          { code: 'no_recent_followup', level: 'yellow', text: { zh: '3 天未跟进', en: 'No follow-up for 3 days' } },
        ],
      });
      expect(light(deal({ lastActivityAt: ago(5 * DAY_MS) }))!.reasons[0].text.zh).toBe('5 天未跟进');
      expect(light(deal({ lastActivityAt: ago(3 * DAY_MS - 1) }))!.color).toBe('green');
    });
  });

  describe('next step', () => {
    it('is red when the due date is before today', () => {
      expect(light(deal({ nextStepDue: '2026-03-01' }))).toEqual({
        color: 'red',
        reasons: [
          {
            code: 'next_step_overdue',
            level: 'red',
            text: { zh: '下一步已逾期（2026-03-01）', en: 'Next step overdue (due 2026-03-01)' },
          },
        ],
      });
    });

    it('is yellow when due today or within 2 days, green from the third day', () => {
      for (const due of ['2026-03-02', '2026-03-03', '2026-03-04']) {
        expect(light(deal({ nextStepDue: due }))).toEqual({
          color: 'yellow',
          reasons: [
            {
              code: 'next_step_due_soon',
              level: 'yellow',
              text: { zh: `下一步即将到期（${due}）`, en: `Next step due soon (${due})` },
            },
          ],
        });
      }
      expect(light(deal({ nextStepDue: '2026-03-05' }))!.color).toBe('green');
    });

    it('is yellow when there is no next step (null, empty or blank)', () => {
      for (const nextStep of [null, '', '   ']) {
        expect(light(deal({ nextStep, nextStepDue: null }))).toEqual({
          color: 'yellow',
          reasons: [
            { code: 'no_next_step', level: 'yellow', text: { zh: '没有下一步计划', en: 'No next step planned' } },
          ],
        });
      }
    });

    it('a next step without a due date is fine', () => {
      expect(light(deal({ nextStepDue: null }))!.color).toBe('green');
    });
  });

  it('is red once the expected close date has passed (not on the day itself)', () => {
    expect(light(deal({ expectedCloseDate: '2026-03-01' }))).toEqual({
      color: 'red',
      reasons: [
        {
          code: 'close_date_passed',
          level: 'red',
          text: { zh: '已过预计成交日期（2026-03-01）', en: 'Expected close date passed (2026-03-01)' },
        },
      ],
    });
    expect(light(deal({ expectedCloseDate: '2026-03-02' }))!.color).toBe('green');
    expect(light(deal({ expectedCloseDate: null }))!.color).toBe('green');
  });

  it('is red when a manager flagged the deal, with the reason when given', () => {
    expect(light(deal({ riskFlag: true, riskReason: '客户换了 CIO' }))).toEqual({
      color: 'red',
      reasons: [
        {
          code: 'risk_flag',
          level: 'red',
          text: { zh: '主管标记风险：客户换了 CIO', en: 'Flagged at risk by a manager: 客户换了 CIO' },
        },
      ],
    });
    expect(light(deal({ riskFlag: true }))!.reasons[0].text).toEqual({
      zh: '主管标记风险',
      en: 'Flagged at risk by a manager',
    });
  });

  it('is red when an instalment is overdue (due before today)', () => {
    expect(light(deal({ nextPaymentDue: '2026-02-28' }))).toEqual({
      color: 'red',
      reasons: [
        {
          code: 'payment_overdue',
          level: 'red',
          text: { zh: '回款逾期（应于 2026-02-28 到账）', en: 'Payment overdue (due 2026-02-28)' },
        },
      ],
    });
    expect(light(deal({ nextPaymentDue: '2026-03-02' }))!.color).toBe('green');
  });

  it('is yellow when the deal sat in its stage longer than the stage typically takes', () => {
    // qualified: typically 21 days.
    expect(light(deal({ stageEnteredAt: ago(22 * DAY_MS) }))).toEqual({
      color: 'yellow',
      reasons: [
        {
          code: 'long_in_stage',
          level: 'yellow',
          text: { zh: '在本阶段 22 天，超过通常的 21 天', en: '22 days in this stage, longer than the usual 21' },
        },
      ],
    });
    expect(light(deal({ stageEnteredAt: ago(21 * DAY_MS) }))!.color).toBe('green');
    // negotiation: typically 30 days.
    expect(light(deal({ stage: 'negotiation', stageEnteredAt: ago(25 * DAY_MS) }))!.color).toBe('green');
    expect(codes(deal({ stage: 'negotiation', stageEnteredAt: ago(31 * DAY_MS) }))).toEqual(['long_in_stage']);
  });

  it('never flags a stage without a typical duration as long', () => {
    const stages = DEFAULT_STAGES.map((s) => (s.key === 'qualified' ? { ...s, typicalDays: null } : s));
    expect(light(deal({ stageEnteredAt: ago(400 * DAY_MS) }), { stages })!.color).toBe('green');
  });

  it('lists every reason, red ones first', () => {
    const result = light(
      deal({
        lastActivityAt: ago(4 * DAY_MS),
        nextStep: null,
        nextStepDue: '2026-02-27',
        expectedCloseDate: '2026-02-01',
        riskFlag: true,
        nextPaymentDue: '2026-02-20',
        stageEnteredAt: ago(40 * DAY_MS),
      }),
    )!;
    expect(result.color).toBe('red');
    expect(result.reasons.map((r) => [r.code, r.level])).toEqual([
      ['payment_overdue', 'red'],
      ['risk_flag', 'red'],
      ['next_step_overdue', 'red'],
      ['close_date_passed', 'red'],
      ['no_recent_followup', 'yellow'],
      ['no_next_step', 'yellow'],
      ['long_in_stage', 'yellow'],
    ]);
  });

  describe('won deals: the light only tracks payment collection', () => {
    const won = (overrides: Partial<LightInput> = {}) =>
      deal({
        stage: 'won',
        stageKind: 'won',
        lastActivityAt: ago(90 * DAY_MS),
        stageEnteredAt: ago(90 * DAY_MS),
        nextStep: null,
        nextStepDue: '2026-01-01',
        expectedCloseDate: '2025-12-01',
        ...overrides,
      });
    it('is green however old its activity, next step and close date are', () => {
      expect(light(won())).toEqual({ color: 'green', reasons: [] });
    });
    it('is red only for an overdue instalment', () => {
      expect(codes(won({ nextPaymentDue: '2026-03-01' }))).toEqual(['payment_overdue']);
      expect(light(won({ nextPaymentDue: '2026-03-01' }))!.color).toBe('red');
      expect(light(won({ nextPaymentDue: '2026-03-09' }))!.color).toBe('green');
    });
    it('ignores a risk flag left over from the open phase', () => {
      expect(light(won({ riskFlag: true, riskReason: '价格战' }))).toEqual({ color: 'green', reasons: [] });
    });
  });

  it('is null for lost deals, whatever else is true', () => {
    expect(
      light(
        deal({
          stage: 'lost',
          stageKind: 'lost',
          lastActivityAt: ago(100 * DAY_MS),
          riskFlag: true,
          nextPaymentDue: '2026-01-01',
          nextStep: null,
        }),
      ),
    ).toBeNull();
  });

  describe('thresholds come from the settings', () => {
    const settings: LightSettings = { redStalledDays: 14, yellowStalledDays: 5, yellowNextStepDueDays: 0 };
    it('stalled thresholds', () => {
      expect(light(deal({ lastActivityAt: ago(4 * DAY_MS) }), { settings })!.color).toBe('green');
      expect(light(deal({ lastActivityAt: ago(8 * DAY_MS) }), { settings })!.reasons).toEqual([
        { code: 'no_recent_followup', level: 'yellow', text: { zh: '8 天未跟进', en: 'No follow-up for 8 days' } },
      ]);
      expect(light(deal({ lastActivityAt: ago(15 * DAY_MS) }), { settings })!.reasons).toEqual([
        {
          code: 'stalled',
          level: 'red',
          text: { zh: '停滞超14天（已 15 天无跟进）', en: 'Stalled over 14 days (no follow-up for 15 days)' },
        },
      ]);
    });
    it('next step due-soon window', () => {
      expect(codes(deal({ nextStepDue: '2026-03-02' }), { settings })).toEqual(['next_step_due_soon']);
      expect(codes(deal({ nextStepDue: '2026-03-03' }), { settings })).toEqual([]);
      const wide = { ...DEFAULT_LIGHT_SETTINGS, yellowNextStepDueDays: 7 };
      expect(codes(deal({ nextStepDue: '2026-03-09' }), { settings: wide })).toEqual(['next_step_due_soon']);
      expect(codes(deal({ nextStepDue: '2026-03-10' }), { settings: wide })).toEqual([]);
    });
  });

  describe('"today" is the organisation\'s day, not the server\'s', () => {
    // 00:30 on 2026-03-03 in Shanghai, still 16:30 on 2026-03-02 in UTC.
    const lateUtc = new Date('2026-03-02T16:30:00.000Z');
    const fresh = { lastActivityAt: ago(HOUR, lateUtc), stageEnteredAt: ago(DAY_MS, lateUtc) };

    it('computes today in the zone', () => {
      expect(lightCutoffs(lateUtc, 'Asia/Shanghai', DEFAULT_LIGHT_SETTINGS, DEFAULT_STAGES).today).toBe('2026-03-03');
      expect(lightCutoffs(lateUtc, 'UTC', DEFAULT_LIGHT_SETTINGS, DEFAULT_STAGES).today).toBe('2026-03-02');
      expect(lightCutoffs(lateUtc, 'Asia/Shanghai', DEFAULT_LIGHT_SETTINGS, DEFAULT_STAGES).nextStepDueSoonUntil).toBe(
        '2026-03-05',
      );
    });

    it('a next step due on 03-02 is overdue in Shanghai after its midnight but only due soon in UTC', () => {
      const input = deal({ ...fresh, nextStepDue: '2026-03-02' });
      expect(codes(input, { now: lateUtc, zone: 'Asia/Shanghai' })).toEqual(['next_step_overdue']);
      expect(codes(input, { now: lateUtc, zone: 'UTC' })).toEqual(['next_step_due_soon']);
    });

    it('one millisecond before Shanghai midnight it is not yet overdue', () => {
      const justBefore = new Date('2026-03-02T15:59:59.999Z');
      const input = deal({
        lastActivityAt: ago(HOUR, justBefore),
        stageEnteredAt: ago(DAY_MS, justBefore),
        nextStepDue: '2026-03-02',
      });
      expect(codes(input, { now: justBefore, zone: 'Asia/Shanghai' })).toEqual(['next_step_due_soon']);
    });

    it('close dates and instalments follow the same day', () => {
      const input = deal({ ...fresh, expectedCloseDate: '2026-03-02', nextPaymentDue: '2026-03-02' });
      expect(codes(input, { now: lateUtc, zone: 'Asia/Shanghai' })).toEqual(['payment_overdue', 'close_date_passed']);
      expect(codes(input, { now: lateUtc, zone: 'UTC' })).toEqual([]);
    });

    it('a zone west of UTC is still on the previous day', () => {
      // 2026-03-02T02:00Z is 21:00 on 03-01 in New York.
      expect(codes(deal({ nextStepDue: '2026-03-01' }), { zone: 'America/New_York' })).toEqual(['next_step_due_soon']);
    });
  });
});

describe('lightCutoffs', () => {
  it('derives every instant and date from now, the zone, the settings and the stages', () => {
    const cutoffs = lightCutoffs(NOW, ZONE, DEFAULT_LIGHT_SETTINGS, DEFAULT_STAGES);
    expect(cutoffs.today).toBe('2026-03-02');
    expect(cutoffs.redStalledBefore.toISOString()).toBe('2026-02-23T02:00:00.000Z');
    expect(cutoffs.yellowStalledBefore.toISOString()).toBe('2026-02-27T02:00:00.000Z');
    expect(cutoffs.nextStepDueSoonUntil).toBe('2026-03-04');
    expect(Object.keys(cutoffs.longInStageBefore).sort()).toEqual(['lead', 'negotiation', 'proposal', 'qualified']);
    expect(cutoffs.longInStageBefore.lead.toISOString()).toBe('2026-02-16T02:00:00.000Z');
  });
});
