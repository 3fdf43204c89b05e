import { z } from 'zod';
import { isUscc, normaliseUscc } from '../domain/dedup-keys.js';
import {
  CurrencySchema,
  IdSchema,
  MoneySchema,
  OptionalTextSchema,
  QueryInt,
  RequiredTextSchema,
  VersionSchema,
} from './common.js';
import { DealSchema } from './deals.js';

/** 决策链 roles of a contact. */
export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'blocker'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];
export const ATTITUDES = ['supportive', 'neutral', 'opposed'] as const;
export type Attitude = (typeof ATTITUDES)[number];

/**
 * USCC (统一社会信用代码): optional; full-width digits, spaces and lower case are folded first, then it
 * must be 18 digits/capitals. Blank means "none" (null).
 */
export const UsccSchema = z
  .string()
  .max(40)
  .transform((value) => normaliseUscc(value))
  .refine((value) => value === '' || isUscc(value), 'uscc')
  .nullish();

const TagsSchema = z.array(z.string().trim().min(1).max(40)).max(30);
const CustomSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const accountFields = {
  name: RequiredTextSchema(200),
  uscc: UsccSchema,
  industry: OptionalTextSchema(100),
  size: OptionalTextSchema(50),
  region: OptionalTextSchema(100),
  source: OptionalTextSchema(100),
  budgetRange: OptionalTextSchema(100),
  painPoints: OptionalTextSchema(2000),
  ownerId: IdSchema.optional(),
  tier: OptionalTextSchema(20),
  tags: TagsSchema.optional(),
  custom: CustomSchema.optional(),
};

export const AccountCreateSchema = z.strictObject(accountFields);
export type AccountCreate = z.output<typeof AccountCreateSchema>;

export const AccountUpdateSchema = z.strictObject({
  ...accountFields,
  name: RequiredTextSchema(200).optional(),
  version: VersionSchema,
});
export type AccountUpdate = z.output<typeof AccountUpdateSchema>;

export const AccountSortSchema = z.enum(['-updatedAt', 'updatedAt', 'name', '-name']);
export type AccountSort = z.output<typeof AccountSortSchema>;

export const AccountListQuerySchema = z.object({
  limit: QueryInt(1, 200).default(50),
  cursor: z.string().max(500).optional(),
  count: z.enum(['true', 'false']).default('true'),
  q: z.string().max(200).optional(),
  ownerId: IdSchema.optional(),
  industry: z.string().max(100).optional(),
  tier: z.string().max(20).optional(),
  sort: AccountSortSchema.default('-updatedAt'),
});
export type AccountListQueryInput = z.output<typeof AccountListQuerySchema>;

const contactFields = {
  name: RequiredTextSchema(100),
  title: OptionalTextSchema(100),
  phone: OptionalTextSchema(40),
  email: z.email().max(200).nullish(),
  wechat: OptionalTextSchema(100),
  decisionRole: z.enum(DECISION_ROLES).nullish(),
  attitude: z.enum(ATTITUDES).nullish(),
  preferences: OptionalTextSchema(1000),
};

export const ContactCreateSchema = z.strictObject(contactFields);
export type ContactCreate = z.output<typeof ContactCreateSchema>;

export const ContactUpdateSchema = z.strictObject({
  ...contactFields,
  name: RequiredTextSchema(100).optional(),
  version: VersionSchema,
});
export type ContactUpdate = z.output<typeof ContactUpdateSchema>;

export const ContactListQuerySchema = z.object({
  limit: QueryInt(1, 200).default(100),
  cursor: z.string().max(500).optional(),
});

export const ProductCreateSchema = z.strictObject({
  name: RequiredTextSchema(200),
  sku: OptionalTextSchema(60),
  /** Unit price in minor units (分/cents). */
  unitPrice: MoneySchema,
  currency: CurrencySchema.optional(),
  active: z.boolean().optional(),
});
export type ProductCreate = z.output<typeof ProductCreateSchema>;

export const ProductListQuerySchema = z.object({
  limit: QueryInt(1, 200).default(50),
  cursor: z.string().max(500).optional(),
  count: z.enum(['true', 'false']).default('true'),
  q: z.string().max(200).optional(),
  /** Inactive products are hidden unless asked for (line items may still name them). */
  includeInactive: z.enum(['true', 'false']).default('false'),
});

export const SearchQuerySchema = z.object({
  q: z
    .string()
    .max(200)
    .refine((v) => v.trim().length > 0, 'blank'),
});

export const ContactSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  decisionRole: z.enum(DECISION_ROLES).nullable(),
  attitude: z.enum(ATTITUDES).nullable(),
  preferences: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});

export const AccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  region: z.string().nullable(),
  source: z.string().nullable(),
  budgetRange: z.string().nullable(),
  painPoints: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  tier: z.string().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});

/** `GET /api/accounts/:id` (and every write answer): the account with its live contacts and visible deal count. */
export const AccountDetailSchema = AccountSchema.extend({
  contacts: z.array(ContactSchema),
  /** Live deals of this account that the caller may see. */
  dealCount: z.number().int(),
});

export const ProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string().nullable(),
  unitPrice: z.number().int(),
  currency: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const SearchResultSchema = z.object({
  accounts: z.array(AccountSchema),
  contacts: z.array(ContactSchema.extend({ accountName: z.string() })),
  deals: z.array(DealSchema),
});

/** A contact read alone, with the name of its account. */
export const ContactDetailSchema = ContactSchema.extend({ accountName: z.string() });

// The answers as the client reads them (web app: `import type`).
export type Contact = z.output<typeof ContactSchema>;
export type Account = z.output<typeof AccountSchema>;
export type AccountDetail = z.output<typeof AccountDetailSchema>;
export type Product = z.output<typeof ProductSchema>;
export type SearchResult = z.output<typeof SearchResultSchema>;
export type ContactDetail = z.output<typeof ContactDetailSchema>;
