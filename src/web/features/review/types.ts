import type { Deal } from '../../api-client';

/** GET /api/reports/stalled (src/contract/reports.ts StalledReportSchema). */
export interface StalledDeal extends Deal {
  daysStalled: number;
  lastVerbatim: string | null;
}
export interface StalledReport {
  days: number;
  total: number;
  truncated: boolean;
  items: StalledDeal[];
  byStage: { stage: string; label: string; count: number; share: number; avgDaysStalled: number }[];
  byOwner: { ownerId: string; name: string | null; count: number; avgDaysStalled: number }[];
}

/** Share as a whole percentage ("percentages without decimals"). */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
