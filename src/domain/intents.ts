/** Intent tags derived from a follow-up's words, never typed by hand. */
export const INTENTS = [
  'competitor_mentioned',
  'price_sensitive',
  'budget_confirmed',
  'decision_maker_involved',
  'timeline_urgent',
  'objection',
] as const;
export type Intent = (typeof INTENTS)[number];

const CUES: Record<Intent, RegExp[]> = {
  competitor_mentioned: [
    /竞品|竞争对手|友商|对手|别家|其他家|另一家|同行报价/u,
    /\bcompetitor|\bvs\.?\b|\bversus\b|other vendor|alternative vendor/i,
  ],
  price_sensitive: [
    /太贵|价格高|贵了|便宜|降价|打折|折扣|优惠|预算不够|价格|报价高/u,
    /too expensive|pricey|discount|cheaper|lower (the )?price|price is high|over budget/i,
  ],
  // "没有预算" / "don't have the budget" contain the positive cue: the negated forms are excluded.
  budget_confirmed: [
    /预算(已|已经)?(批|确认|落实|到位|审批通过)|(?<![没无])有预算|预算充足|批了预算/u,
    /budget (is )?(approved|confirmed|secured|allocated)|(?<!(n't|not|no longer) )have (the )?budget/i,
  ],
  decision_maker_involved: [
    /老板|总经理|董事长|总裁|CEO|CTO|CFO|一把手|拍板|决策人|决策层|副总/u,
    /\b(ceo|cto|cfo|coo|owner|director|vp)\b|decision[- ]maker|sign[- ]off/i,
  ],
  timeline_urgent: [
    /尽快|马上|(?<!不|不着|别)急|月底前|本周|下周|这周|年底前|季度末|立即/u,
    /\basap\b|(?<!not )urgent|this week|next week|by (the )?end of|deadline|right away/i,
  ],
  objection: [
    /担心|顾虑|不满意|不行|不需要|不考虑|犹豫|疑虑|反对|拒绝|暂缓|再看看/u,
    /concern|worried|not convinced|hesitant|not interested|object|reject|push back|on hold/i,
  ],
};

/** Tags that the verbatim feedback and summary of a follow-up suggest, in a stable order. */
export function deriveIntents(...texts: (string | null | undefined)[]): Intent[] {
  // NFKC folds full-width Latin typed through a Chinese IME (ＣＥＯ, ａｓａｐ) to the forms the cues expect.
  const text = texts.filter(Boolean).join('\n').normalize('NFKC');
  if (!text) return [];
  return INTENTS.filter((intent) => CUES[intent].some((cue) => cue.test(text)));
}
