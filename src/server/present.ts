import { type Lang, pick } from '../domain/i18n.js';
import { dealLight, type LightCutoffs, lightCutoffs } from '../domain/status-light.js';
import { findStage } from '../domain/stages.js';
import { wholeDaysBetween } from '../domain/time.js';
import { lightInputOf } from '../store/queries/deal-light.js';
import type { OrgContext } from '../store/queries/org.js';
import type { ListedDealRow } from '../store/queries/deals.js';
import type { DealRow, FollowupRow, UserRow } from '../store/schema.js';

/** What presenting a deal reads of its stored row (the search tokens stay in the store). */
type PresentedRow = Omit<DealRow, 'search_tokens'>;

/** Per-request facts needed to present deals: the light's cutoffs are computed once per request. */
export interface DealPresenter {
  org: OrgContext;
  now: Date;
  lang: Lang;
  cutoffs: LightCutoffs;
  users: Map<string, string>;
  accounts: Map<string, string>;
}

export function dealPresenter(org: OrgContext, now: Date, lang: Lang, names: { users: Map<string, string>; accounts: Map<string, string> } = { users: new Map(), accounts: new Map() }): DealPresenter {
  return { org, now, lang, cutoffs: lightCutoffs(now, org.timezone, org.settings.light, org.stages), ...names };
}

/** The owner and account names a page of listed deals carries, as the presenter's lookups. */
export function listedNames(rows: ListedDealRow[]): { users: Map<string, string>; accounts: Map<string, string> } {
  const users = new Map<string, string>();
  const accounts = new Map<string, string>();
  for (const row of rows) {
    if (row.owner_name !== null) users.set(row.owner_id, row.owner_name);
    if (row.account_id && row.account_name !== null) accounts.set(row.account_id, row.account_name);
  }
  return { users, accounts };
}

export function presentLight(row: PresentedRow, p: DealPresenter) {
  const light = dealLight(lightInputOf(row, p.org.stages), p.now, p.cutoffs, p.org.settings.light, p.org.stages);
  if (!light) return null;
  return { color: light.color, reasons: light.reasons.map((r) => ({ code: r.code, level: r.level, message: pick(r.text, p.lang) })) };
}

/** A deal as the API answers it: always whole, always with its light. */
export function presentDeal(row: PresentedRow, p: DealPresenter, collaboratorIds: string[] = []) {
  const stage = findStage(p.org.stages, row.stage);
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_id ? p.accounts.get(row.account_id) ?? null : null,
    title: row.title,
    stage: row.stage,
    stageName: stage ? pick(stage.name, p.lang) : row.stage,
    amount: row.amount,
    currency: row.currency,
    probability: row.probability,
    expectedCloseDate: row.expected_close_date,
    closedAt: row.closed_at,
    ownerId: row.owner_id,
    ownerName: p.users.get(row.owner_id) ?? null,
    lossReason: row.loss_reason,
    riskFlag: row.risk_flag === 1,
    riskReason: row.risk_reason,
    source: row.source,
    competitors: JSON.parse(row.competitors) as string[],
    nextStep: row.next_step,
    nextStepDue: row.next_step_due,
    lastFollowupAt: row.last_followup_at,
    lastActivityAt: row.last_activity_at,
    nextPaymentDue: row.next_payment_due,
    stageEnteredAt: row.stage_entered_at,
    daysInStage: wholeDaysBetween(new Date(row.stage_entered_at), p.now),
    collaboratorIds,
    custom: JSON.parse(row.custom) as Record<string, unknown>,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    light: presentLight(row, p),
  };
}

export function presentFollowup(row: FollowupRow, users: Map<string, string> = new Map()) {
  return {
    id: row.id,
    dealId: row.deal_id,
    accountId: row.account_id,
    authorId: row.author_id,
    authorName: users.get(row.author_id) ?? null,
    at: row.at,
    channel: row.channel,
    verbatim: row.verbatim,
    summary: row.summary,
    nextStep: row.next_step,
    nextStepDue: row.next_step_due,
    resourcesNeeded: JSON.parse(row.resources_needed) as string[],
    intents: JSON.parse(row.intents) as string[],
  };
}

export function presentUser(row: UserRow) {
  return { id: row.id, name: row.name, email: row.email, role: row.role, teamId: row.team_id, locale: row.locale, active: row.active === 1 };
}

/** Keyset cursors are opaque to clients: base64url of the last row's sort value and id. */
export function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: string | number | null; id: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string' && (parsed[0] === null || ['string', 'number'].includes(typeof parsed[0]))) {
      return { value: parsed[0] as string | number | null, id: parsed[1] };
    }
  } catch {
    // fall through: an unreadable cursor is a field error for the caller
  }
  return null;
}
