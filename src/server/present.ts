import { type Lang, pick } from '../domain/i18n.js';
import { findStage } from '../domain/stages.js';
import { dealLight, type LightCutoffs, lightCutoffs } from '../domain/status-light.js';
import { wholeDaysBetween } from '../domain/time.js';
import { type LightColumns, lightInputOf } from '../store/queries/deal-light.js';
import type { DealDocRow } from '../store/queries/deals.js';
import type { OrgContext } from '../store/queries/org.js';
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

export function dealPresenter(
  org: OrgContext,
  now: Date,
  lang: Lang,
  names: { users: Map<string, string>; accounts: Map<string, string> } = { users: new Map(), accounts: new Map() },
): DealPresenter {
  return { org, now, lang, cutoffs: lightCutoffs(now, org.timezone, org.settings.light, org.stages), ...names };
}

export function presentLight(row: LightColumns, p: DealPresenter) {
  const light = dealLight(lightInputOf(row, p.org.stages), p.now, p.cutoffs, p.org.settings.light, p.org.stages);
  if (!light) return null;
  return {
    color: light.color,
    reasons: light.reasons.map((r) => ({ code: r.code, level: r.level, message: pick(r.text, p.lang) })),
  };
}

/** A deal as the API answers it: always whole, always with its light. */
export function presentDeal(row: PresentedRow, p: DealPresenter, collaboratorIds: string[] = []) {
  const stage = findStage(p.org.stages, row.stage);
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_id ? (p.accounts.get(row.account_id) ?? null) : null,
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

/**
 * A ledger page as the UTF-8 bytes of its JSON, equal to `{ items: rows.map(presentDeal), … }` once parsed:
 * each deal's stored fields are the document the database wrote (DealDocRow), passed on as they are and
 * completed here with what depends on the request (stage name in the reader's language, days in stage,
 * light). Listed deals carry no collaborators.
 */
export function presentDealPage(
  page: { rows: DealDocRow[]; nextCursor: string | null; total?: number },
  p: DealPresenter,
): Buffer {
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  const last = page.rows.length - 1;
  for (let i = 0; i <= last; i++) {
    const row = page.rows[i]!;
    const stage = findStage(p.org.stages, row.stage);
    const computed = JSON.stringify({
      stageName: stage ? pick(stage.name, p.lang) : row.stage,
      daysInStage: wholeDaysBetween(new Date(row.stage_entered_at), p.now),
      collaboratorIds: [],
      light: presentLight(row, p),
    });
    // The document is a non-empty object: its closing brace gives way to the computed fields.
    parts.push(row.doc.subarray(0, row.doc.length - 1), Buffer.from(`,${computed.slice(1)}${i < last ? ',' : ''}`));
  }
  const rest = JSON.stringify({
    nextCursor: page.nextCursor,
    ...(page.total !== undefined ? { total: page.total } : {}),
  });
  parts.push(Buffer.from(`],${rest.slice(1)}`));
  return Buffer.concat(parts);
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
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    teamId: row.team_id,
    locale: row.locale,
    active: row.active === 1,
  };
}

/** Keyset cursors are opaque to clients: base64url of the last row's sort value and id. */
export function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: string | number | null; id: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[1] === 'string' &&
      (parsed[0] === null || ['string', 'number'].includes(typeof parsed[0]))
    ) {
      return { value: parsed[0] as string | number | null, id: parsed[1] };
    }
  } catch {
    // fall through: an unreadable cursor is a field error for the caller
  }
  return null;
}
