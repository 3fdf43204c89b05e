import { z } from 'zod';
import { LOSS_REASONS } from '../domain/stages.js';
import {
  CalendarDateSchema,
  CurrencySchema,
  DateTimeSchema,
  IdSchema,
  MoneySchema,
  OptionalTextSchema,
  ProbabilitySchema,
  QueryInt,
  RequiredTextSchema,
  VersionSchema,
} from './common.js';

export const CHANNELS = ['visit', 'call', 'wechat', 'email', 'meeting', 'other'] as const;
export const LOSS_REASON_KEYS = Object.keys(LOSS_REASONS) as [string, ...string[]];

export const LineItemInputSchema = z.strictObject({
  productId: IdSchema.nullish(),
  description: RequiredTextSchema(200),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: MoneySchema,
  /** Discount in percent, 0–100, up to two decimals. */
  discountPct: z.number().min(0).max(100).default(0),
});
export type LineItemInput = z.output<typeof LineItemInputSchema>;

const dealFields = {
  accountId: IdSchema.nullish(),
  title: RequiredTextSchema(200),
  ownerId: IdSchema.optional(),
  amount: MoneySchema.optional(),
  currency: CurrencySchema.optional(),
  probability: ProbabilitySchema.optional(),
  expectedCloseDate: CalendarDateSchema.nullish(),
  source: OptionalTextSchema(100),
  competitors: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  nextStep: OptionalTextSchema(500),
  nextStepDue: CalendarDateSchema.nullish(),
  collaboratorIds: z.array(IdSchema).max(50).optional(),
  lineItems: z.array(LineItemInputSchema).max(200).optional(),
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
};

export const DealCreateSchema = z.strictObject({
  ...dealFields,
  stage: z.string().min(1).max(40).optional(),
  lossReason: z.enum(LOSS_REASON_KEYS).nullish(),
});
export type DealCreate = z.output<typeof DealCreateSchema>;

export const DealUpdateSchema = z.strictObject({
  ...dealFields,
  title: RequiredTextSchema(200).optional(),
  riskFlag: z.boolean().optional(),
  riskReason: OptionalTextSchema(500),
  lossReason: z.enum(LOSS_REASON_KEYS).nullish(),
  version: VersionSchema,
});
export type DealUpdate = z.output<typeof DealUpdateSchema>;

export const DealStageMoveSchema = z.strictObject({
  stage: z.string().min(1).max(40),
  version: VersionSchema,
  lossReason: z.enum(LOSS_REASON_KEYS).nullish(),
  amount: MoneySchema.optional(),
  expectedCloseDate: CalendarDateSchema.nullish(),
  nextStep: OptionalTextSchema(500),
});
export type DealStageMove = z.output<typeof DealStageMoveSchema>;

export const FollowupCreateSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  verbatim: RequiredTextSchema(5000),
  summary: OptionalTextSchema(2000),
  nextStep: OptionalTextSchema(500),
  nextStepDue: CalendarDateSchema.nullish(),
  resourcesNeeded: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
  at: DateTimeSchema.optional(),
});
export type FollowupCreate = z.output<typeof FollowupCreateSchema>;

export const DealSortSchema = z.enum([
  'updatedAt',
  '-updatedAt',
  'createdAt',
  '-createdAt',
  'amount',
  '-amount',
  'expectedCloseDate',
  '-expectedCloseDate',
  'lastFollowupAt',
  '-lastFollowupAt',
  'lastActivityAt',
  '-lastActivityAt',
]);

export const DealListQuerySchema = z
  .object({
    limit: QueryInt(1, 200).default(50),
    cursor: z.string().max(500).optional(),
    count: z.enum(['true', 'false']).default('true'),
    stage: z.string().max(400).optional(),
    ownerId: IdSchema.optional(),
    teamId: IdSchema.optional(),
    accountId: IdSchema.optional(),
    light: z.enum(['red', 'yellow', 'green']).optional(),
    stalledDays: QueryInt(0, 3650).optional(),
    q: z.string().max(200).optional(),
    closeFrom: CalendarDateSchema.optional(),
    closeTo: CalendarDateSchema.optional(),
    amountMin: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
    amountMax: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
    status: z.enum(['open', 'won', 'lost', 'closed']).optional(),
    /** Default: -updatedAt; with stalledDays, lastActivityAt (the longest-stalled deal first). */
    sort: DealSortSchema.optional(),
  })
  .refine((v) => !v.closeFrom || !v.closeTo || v.closeFrom <= v.closeTo, { message: 'range', path: ['closeTo'] })
  .refine((v) => v.amountMin === undefined || v.amountMax === undefined || v.amountMin <= v.amountMax, {
    message: 'range',
    path: ['amountMax'],
  });
export type DealListQueryInput = z.output<typeof DealListQuerySchema>;

const LightSchema = z
  .object({
    color: z.enum(['red', 'yellow', 'green']),
    reasons: z.array(z.object({ code: z.string(), level: z.enum(['red', 'yellow']), message: z.string() })),
  })
  .nullable();

export const DealSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  title: z.string(),
  stage: z.string(),
  stageName: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  probability: z.number().int(),
  expectedCloseDate: z.string().nullable(),
  closedAt: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  lossReason: z.string().nullable(),
  riskFlag: z.boolean(),
  riskReason: z.string().nullable(),
  source: z.string().nullable(),
  competitors: z.array(z.string()),
  nextStep: z.string().nullable(),
  nextStepDue: z.string().nullable(),
  lastFollowupAt: z.string().nullable(),
  lastActivityAt: z.string(),
  /** The earliest due date of an instalment not yet fully received (won deals with a payment plan). */
  nextPaymentDue: z.string().nullable(),
  stageEnteredAt: z.string(),
  daysInStage: z.number().int(),
  collaboratorIds: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set while the deal is deleted (restorable). */
  deletedAt: z.string().nullable(),
  light: LightSchema,
});

export const FollowupSchema = z.object({
  id: z.string(),
  dealId: z.string().nullable(),
  accountId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  at: z.string(),
  channel: z.string(),
  verbatim: z.string(),
  summary: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextStepDue: z.string().nullable(),
  resourcesNeeded: z.array(z.string()),
  intents: z.array(z.string()),
});

export const LineItemSchema = z.object({
  id: z.string(),
  productId: z.string().nullable(),
  description: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  discountPct: z.number(),
  total: z.number().int(),
});

export const StageChangeSchema = z.object({
  id: z.string(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
});

/** A deal read alone: with its line items and stage history. */
export const DealDetailSchema = DealSchema.extend({
  lineItems: z.array(LineItemSchema),
  stageHistory: z.array(StageChangeSchema),
});

// The answers as the client reads them (web app: `import type`).
export type Deal = z.output<typeof DealSchema>;
export type DealDetail = z.output<typeof DealDetailSchema>;
export type LineItem = z.output<typeof LineItemSchema>;
export type StageChange = z.output<typeof StageChangeSchema>;
export type Followup = z.output<typeof FollowupSchema>;
