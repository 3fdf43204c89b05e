import { z } from 'zod';
import { CalendarDateSchema, IdSchema, MoneySchema, OptionalTextSchema, VersionSchema } from './common.js';

export const PAYMENT_STATUSES = ['planned', 'partial', 'received', 'overdue'] as const;

export const PaymentCreateSchema = z.strictObject({
  dueDate: CalendarDateSchema,
  /** Instalment amount in minor units (分/cents), more than zero. */
  amount: MoneySchema.pipe(z.number().min(1)),
  /** Payment condition, e.g. 验收后 30 天 / 30 days after acceptance. */
  condition: OptionalTextSchema(500),
});
export type PaymentCreate = z.output<typeof PaymentCreateSchema>;

export const PaymentUpdateSchema = z.strictObject({
  dueDate: CalendarDateSchema.optional(),
  amount: MoneySchema.pipe(z.number().min(1)).optional(),
  condition: OptionalTextSchema(500),
  version: VersionSchema,
});
export type PaymentUpdate = z.output<typeof PaymentUpdateSchema>;

/** DELETE carries the version in the query string (`?version=3`) or, for clients that prefer, in a JSON body. */
export const PaymentDeleteSchema = z.object({ version: z.coerce.number().int().min(1) });

export const ReceiptCreateSchema = z.strictObject({
  amount: MoneySchema.pipe(z.number().min(1)),
  /** The day the money arrived (organisation calendar); not in the future. */
  receivedAt: CalendarDateSchema,
  note: OptionalTextSchema(500),
  /** Optional: the instalment's version as you saw it; a stale one answers 409. */
  version: VersionSchema.optional(),
});
export type ReceiptCreate = z.output<typeof ReceiptCreateSchema>;

export const ReceiptSchema = z.object({
  id: z.string(),
  paymentId: z.string(),
  amount: z.number().int(),
  receivedAt: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});

export const PaymentSchema = z.object({
  id: z.string(),
  dealId: z.string(),
  dueDate: z.string(),
  amount: z.number().int(),
  condition: z.string().nullable(),
  receivedAmount: z.number().int(),
  outstanding: z.number().int(),
  status: z.enum(PAYMENT_STATUSES),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  receipts: z.array(ReceiptSchema),
});

export const PaymentPlanSchema = z.object({
  dealId: IdSchema,
  currency: z.string(),
  dealAmount: z.number().int(),
  items: z.array(PaymentSchema),
  planned: z.number().int(),
  received: z.number().int(),
  outstanding: z.number().int(),
  /** The outstanding part of overdue instalments. */
  overdue: z.number().int(),
  nextPaymentDue: z.string().nullable(),
});

export const ReceiptAnswerSchema = ReceiptSchema.extend({ payment: PaymentSchema });

// The answers as the client reads them (web app: `import type`).
export type Receipt = z.output<typeof ReceiptSchema>;
export type Payment = z.output<typeof PaymentSchema>;
export type PaymentPlan = z.output<typeof PaymentPlanSchema>;
