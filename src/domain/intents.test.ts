import { describe, expect, it } from 'vitest';
import { deriveIntents, INTENTS } from './intents.js';

describe('deriveIntents', () => {
  it.each([
    ['competitor_mentioned', '他们在对比友商的方案', 'They are comparing us with another competitor'],
    ['price_sensitive', '客户觉得太贵了，希望打折', 'The customer says it is too expensive'],
    ['budget_confirmed', '预算已经批了，下月可以走流程', 'Budget is approved for Q2'],
    ['decision_maker_involved', '总经理亲自参加了会议', 'The CFO joined the call'],
    ['timeline_urgent', '希望月底前上线', 'They need it ASAP'],
    ['objection', '对数据安全有顾虑', 'They have a concern about data residency'],
  ] as const)('%s from Chinese and from English', (intent, zh, en) => {
    expect(deriveIntents(zh)).toContain(intent);
    expect(deriveIntents(en)).toContain(intent);
  });

  it('finds nothing in neutral text or no text', () => {
    expect(deriveIntents('今天拜访了客户，介绍了产品功能')).toEqual([]);
    expect(deriveIntents('Introduced the product and left a brochure')).toEqual([]);
    expect(deriveIntents()).toEqual([]);
    expect(deriveIntents(null, undefined, '')).toEqual([]);
  });

  it('reads the verbatim and the summary together, in the fixed order of INTENTS', () => {
    const intents = deriveIntents('老板说价格太贵了，竞品报价低 10%', '客户希望本周给答复');
    expect(intents).toEqual(['competitor_mentioned', 'price_sensitive', 'decision_maker_involved', 'timeline_urgent']);
    expect(intents).toEqual(INTENTS.filter((i) => intents.includes(i)));
  });

  it('does not read a negated cue as the positive one', () => {
    expect(deriveIntents('客户说今年没有预算')).not.toContain('budget_confirmed');
    expect(deriveIntents('目前无预算')).not.toContain('budget_confirmed');
    expect(deriveIntents("We don't have the budget this year")).not.toContain('budget_confirmed');
    expect(deriveIntents('They do not have budget yet')).not.toContain('budget_confirmed');
    expect(deriveIntents('客户说有预算')).toContain('budget_confirmed');
    expect(deriveIntents('不急，明年再说')).not.toContain('timeline_urgent');
    expect(deriveIntents('客户不着急')).not.toContain('timeline_urgent');
    expect(deriveIntents('It is not urgent')).not.toContain('timeline_urgent');
    expect(deriveIntents('客户很着急')).toContain('timeline_urgent');
  });

  it('understands full-width Latin typed through a Chinese input method', () => {
    expect(deriveIntents('ＣＥＯ 亲自过问')).toContain('decision_maker_involved');
    expect(deriveIntents('ａｓａｐ')).toContain('timeline_urgent');
  });

  it('is case-insensitive for English', () => {
    expect(deriveIntents('URGENT: DISCOUNT NEEDED')).toEqual(['price_sensitive', 'timeline_urgent']);
  });
});
