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
  byStage: z.array(z.object({ stage: z.string(), label: z.string(), count: z.number().int(), share: z.number(), avgDaysStalled: z.number() })),
  byOwner: z.array(z.object({ ownerId: z.string(), name: z.string().nullable(), count: z.number().int(), avgDaysStalled: z.number() })),
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
  byOwner: z.array(z.object({ ownerId: z.string(), name: z.string().nullable(), teamId: z.string().nullable(), ...RateFields, series: z.array(z.number().nullable()) })),
  byTeam: z.array(z.object({ teamId: z.string().nullable(), name: z.string().nullable(), ...RateFields })),
});
