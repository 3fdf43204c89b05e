import { z } from 'zod';
import { CalendarDateSchema, IdSchema, QueryInt } from './common.js';
import { DealSchema } from './deals.js';

export const PipelineReportQuerySchema = z.object({
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
});

const Totals = z.object({ count: z.number().int(), amount: z.number().int(), weightedAmount: z.number().int() });

export const PipelineReportSchema = z.object({
  stages: z.array(Totals.extend({ stage: z.string(), label: z.string(), probability: z.number().int() })),
  total: Totals,
});

/** Most stalled deals listed; the summaries always cover all of them. */
export const STALLED_ITEMS_CAP = 500;

export const StalledReportQuerySchema = z.object({
  days: QueryInt(0, 3650).default(7),
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
});

export const StalledReportSchema = z.object({
  days: z.number().int(),
  /** Stalled deals in all (the list stops at 500). */
  total: z.number().int(),
  truncated: z.boolean(),
  items: z.array(DealSchema.extend({ daysStalled: z.number().int(), lastVerbatim: z.string().nullable() })),
  byStage: z.array(
    z.object({
      stage: z.string(),
      label: z.string(),
      count: z.number().int(),
      share: z.number(),
      avgDaysStalled: z.number(),
    }),
  ),
  byOwner: z.array(
    z.object({ ownerId: z.string(), name: z.string().nullable(), count: z.number().int(), avgDaysStalled: z.number() }),
  ),
});

/** Longest range of one update-rate request, in days. */
export const UPDATE_RATE_MAX_DAYS = 400;

export const UpdateRateQuerySchema = z.object({
  /** First day (YYYY-MM-DD, organisation time zone); default: six days before `to`. */
  from: CalendarDateSchema.optional(),
  /** Last day; default and latest: today. */
  to: CalendarDateSchema.optional(),
  granularity: z.enum(['day', 'week']).default('day'),
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
});

const RateFields = { active: z.number().int(), updated: z.number().int(), rate: z.number().nullable() };

export const UpdateRateSchema = z.object({
  from: z.string(),
  to: z.string(),
  granularity: z.enum(['day', 'week']),
  /** A deal counts as updated when touched within this many days ending the day. */
  windowDays: z.number().int(),
  workdays: z.array(z.number().int()),
  /** Over the whole range: active deal-days and updated deal-days. */
  total: z.object(RateFields),
  series: z.array(z.object({ period: z.string(), ...RateFields })),
  byOwner: z.array(
    z.object({
      ownerId: z.string(),
      name: z.string().nullable(),
      teamId: z.string().nullable(),
      ...RateFields,
      series: z.array(z.number().nullable()),
    }),
  ),
  byTeam: z.array(z.object({ teamId: z.string().nullable(), name: z.string().nullable(), ...RateFields })),
});

/** Longest range of one collection report, in months. */
export const COLLECTION_MAX_MONTHS = 36;
/** Most overdue instalments listed; the per-owner sums cover all of them. */
export const COLLECTION_OVERDUE_CAP = 500;

const YearMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const CollectionReportQuerySchema = z.object({
  /** First month (YYYY-MM, organisation time zone); default: five months before `to`. */
  from: YearMonthSchema.optional(),
  /** Last month; default: this month. */
  to: YearMonthSchema.optional(),
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
});

const CollectionSums = { planned: z.number().int(), received: z.number().int() };

export const CollectionReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Today in the organisation's time zone: instalments due before it and not fully received are overdue. */
  today: z.string(),
  /** planned: instalment amounts by due month; received: receipts by received month; gap = planned − received. */
  months: z.array(z.object({ month: z.string(), ...CollectionSums, gap: z.number().int() })),
  total: z.object({
    ...CollectionSums,
    gap: z.number().int(),
    outstanding: z.number().int(),
    overdue: z.number().int(),
  }),
  overdueCount: z.number().int(),
  overdue: z.array(
    z.object({
      paymentId: z.string(),
      dealId: z.string(),
      dealTitle: z.string(),
      currency: z.string(),
      accountId: z.string().nullable(),
      accountName: z.string().nullable(),
      ownerId: z.string(),
      ownerName: z.string().nullable(),
      dueDate: z.string(),
      amount: z.number().int(),
      received: z.number().int(),
      outstanding: z.number().int(),
      daysOverdue: z.number().int(),
    }),
  ),
  /** outstanding: of the instalments due in the range; overdue: outstanding of every overdue instalment. */
  byOwner: z.array(
    z.object({
      ownerId: z.string(),
      name: z.string().nullable(),
      ...CollectionSums,
      outstanding: z.number().int(),
      overdue: z.number().int(),
      overdueCount: z.number().int(),
    }),
  ),
});

// The answers as the client reads them (web app: `import type`).
export type PipelineReport = z.output<typeof PipelineReportSchema>;
export type StalledReport = z.output<typeof StalledReportSchema>;
export type UpdateRate = z.output<typeof UpdateRateSchema>;
export type CollectionReport = z.output<typeof CollectionReportSchema>;
