import type { Attitude, DecisionRole } from '../contract/accounts.js';
import type { ProductRow } from '../store/queries/products.js';
import type { AccountRow, ContactRow } from '../store/schema.js';

/** An account as the API answers it (list items; the detail adds contacts and dealCount). */
export function presentAccount(row: AccountRow, users: Map<string, string> = new Map()) {
  return {
    id: row.id,
    name: row.name,
    uscc: row.uscc,
    industry: row.industry,
    size: row.size,
    region: row.region,
    source: row.source,
    budgetRange: row.budget_range,
    painPoints: row.pain_points,
    ownerId: row.owner_id,
    ownerName: users.get(row.owner_id) ?? null,
    tier: row.tier,
    tags: JSON.parse(row.tags) as string[],
    custom: JSON.parse(row.custom) as Record<string, unknown>,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** The whole account: every account answer (GET and writes) carries it this way. */
export function presentAccountDetail(
  detail: { account: AccountRow; contacts: ContactRow[]; dealCount: number },
  users: Map<string, string> = new Map(),
) {
  return {
    ...presentAccount(detail.account, users),
    contacts: detail.contacts.map(presentContact),
    dealCount: detail.dealCount,
  };
}

/** A contact as the API answers it (decision-chain role and attitude as their keys). */
export function presentContact(row: ContactRow) {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    title: row.title,
    phone: row.phone,
    email: row.email,
    wechat: row.wechat,
    decisionRole: row.decision_role as DecisionRole | null,
    attitude: row.attitude as Attitude | null,
    preferences: row.preferences,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** A catalogue product; the unit price in minor units. */
export function presentProduct(row: ProductRow) {
  return {
    id: row.id,
    name: row.name,
    sku: row.sku,
    unitPrice: Number(row.unit_price),
    currency: row.currency,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
