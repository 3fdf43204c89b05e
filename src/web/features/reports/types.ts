/** GET /api/reports/update-rate (src/contract/reports.ts UpdateRateSchema). */
export interface RateCount {
  active: number;
  updated: number;
  rate: number | null;
}
export interface UpdateRate extends RateCount {
  from: string;
  to: string;
  granularity: 'day' | 'week';
  windowDays: number;
  workdays: number[];
  total: RateCount;
  series: (RateCount & { period: string })[];
  byOwner: (RateCount & { ownerId: string; name: string | null; teamId: string | null; series: (number | null)[] })[];
  byTeam: (RateCount & { teamId: string | null; name: string | null })[];
}

/** GET /api/reports/pipeline. */
export interface PipelineTotals {
  count: number;
  amount: number;
  weightedAmount: number;
}
export interface PipelineReport {
  stages: (PipelineTotals & { stage: string; label: string; probability: number })[];
  total: PipelineTotals;
}

/** A rate as a whole percentage; "–" without active deals. */
export function ratePercent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}
