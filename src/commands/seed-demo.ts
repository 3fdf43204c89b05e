import type { Insertable } from 'kysely';
import { normaliseCompanyName } from '../domain/dedup-keys.js';
import { deriveIntents } from '../domain/intents.js';
import { lineItemTotal } from '../domain/money.js';
import { type Random, seededRandom } from '../domain/random.js';
import { searchTokens } from '../domain/search-tokens.js';
import { DEFAULT_STAGES, LOSS_REASONS } from '../domain/stages.js';
import { addDays, DAY_MS, dateInZone } from '../domain/time.js';
import type { Q } from '../store/dialect.js';
import { newId } from '../store/ids.js';
import type { Database } from '../store/schema.js';
import { accountSearchTokens, contactSearchTokens } from './account-rules.js';
import { createOrganisation } from './create-organisation.js';
import { hashPassword } from './security.js';
import {
  ACCOUNT_PARTS,
  CONTACT_TITLES,
  GIVEN_NAMES,
  NEXT_STEPS,
  PRODUCTS,
  RESOURCES,
  SUMMARIES,
  SURNAMES,
  VERBATIMS,
} from './seed-demo-names.js';

export const DEMO_PASSWORD = 'taizhang-demo';

export interface DemoUser {
  role: string;
  name: string;
  email: string;
}

export interface DemoResult {
  orgId: string;
  users: DemoUser[];
  counts: { accounts: number; contacts: number; deals: number; followups: number };
}

interface SeedOptions {
  now: Date;
  timezone: string;
  /** Use this admin instead of the demo admin (TAIZHANG_ADMIN_EMAIL / _PASSWORD). */
  admin?: { email: string; password: string };
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

const OPEN_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'];

/**
 * Seeds a demo organisation: a user per role in two teams, ~60 accounts with decision chains, ~300 deals
 * over the last 12 months with line items, follow-ups, stage history and payments — including stalled
 * deals, overdue next steps and overdue instalments, so every light colour appears.
 */
export async function seedDemo(db: Q, options: SeedOptions): Promise<DemoResult> {
  const rng = seededRandom(options.seed ?? 20261127);
  const { now } = options;
  const today = dateInZone(now, options.timezone);
  const adminEmail = options.admin?.email ?? 'admin@example.com';
  const { orgId, adminId } = await createOrganisation(
    db,
    {
      name: '示例科技（演示）',
      timezone: options.timezone,
      currency: 'CNY',
      admin: { name: '系统管理员', email: adminEmail, password: options.admin?.password ?? DEMO_PASSWORD },
    },
    new Date(now.getTime() - 400 * DAY_MS),
  );
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const iso = (ms: number) => new Date(ms).toISOString();
  const startMs = now.getTime() - 365 * DAY_MS;
  const people: { id: string; role: string; name: string; email: string; team: number | null }[] = [
    { id: adminId, role: 'admin', name: '系统管理员', email: adminEmail, team: null },
  ];
  const specs: [string, string, string, number | null][] = [
    ['manager', '王建国', 'manager@example.com', 0],
    ['sales', '张伟', 'sales@example.com', 0],
    ['sales', '李娜', 'sales2@example.com', 0],
    ['sales', '刘洋', 'sales3@example.com', 0],
    ['manager', '陈静', 'manager2@example.com', 1],
    ['sales', '赵磊', 'sales4@example.com', 1],
    ['sales', '黄敏', 'sales5@example.com', 1],
    ['finance', '周芳', 'finance@example.com', null],
    ['marketing', '吴涛', 'marketing@example.com', null],
    ['viewer', '孙明', 'viewer@example.com', null],
  ];
  return db.transaction().execute(async (trx) => {
    const created = iso(startMs - 30 * DAY_MS);
    const teamIds = [newId(), newId()];
    await trx
      .insertInto('teams')
      .values([
        {
          id: teamIds[0],
          org_id: orgId,
          name: '华东销售一组',
          manager_id: null,
          created_at: created,
          updated_at: created,
          version: 1,
        },
        {
          id: teamIds[1],
          org_id: orgId,
          name: '华南销售二组',
          manager_id: null,
          created_at: created,
          updated_at: created,
          version: 1,
        },
      ])
      .execute();
    for (const [role, name, email, team] of specs) {
      const id = newId();
      people.push({ id, role, name, email, team });
      await trx
        .insertInto('users')
        .values({
          id,
          org_id: orgId,
          name,
          email,
          password_hash: passwordHash,
          role: role as 'sales',
          team_id: team === null ? null : teamIds[team],
          locale: null,
          active: 1,
          created_at: created,
          updated_at: created,
          version: 1,
        })
        .execute();
      if (role === 'manager')
        await trx.updateTable('teams').set({ manager_id: id }).where('id', '=', teamIds[team!]).execute();
    }
    const reps = people.filter((p) => p.role === 'sales');
    const managers = people.filter((p) => p.role === 'manager');
    const finance = people.find((p) => p.role === 'finance')!;
    const audit: Insertable<Database['audit_log']>[] = [];
    const auditRow = (
      at: string,
      actor: string | null,
      entity: string,
      entityId: string,
      action: string,
      field: string | null = null,
      from: string | null = null,
      to: string | null = null,
    ) =>
      audit.push({
        id: newId(),
        org_id: orgId,
        at,
        actor_id: actor,
        entity,
        entity_id: entityId,
        action,
        field,
        from_value: from,
        to_value: to,
      });

    const productIds = PRODUCTS.map(() => newId());
    await trx
      .insertInto('products')
      .values(
        PRODUCTS.map((p, i) => ({
          id: productIds[i],
          org_id: orgId,
          name: p.name,
          sku: p.sku,
          unit_price: p.price,
          currency: 'CNY',
          active: 1,
          created_at: created,
          updated_at: created,
        })),
      )
      .execute();

    // Accounts with their decision chains.
    const accounts: { id: string; name: string; owner: string }[] = [];
    const usedNames = new Set<string>();
    let contactCount = 0;
    while (accounts.length < 60) {
      const [city, word, [suffix, industry]] = [
        rng.pick(ACCOUNT_PARTS.cities),
        rng.pick(ACCOUNT_PARTS.words),
        rng.pick(ACCOUNT_PARTS.industries),
      ];
      const name = `${city}${word}${suffix}有限公司`;
      if (usedNames.has(name)) continue;
      usedNames.add(name);
      const owner = rng.pick(reps);
      const at = iso(startMs + rng.int(0, 200) * DAY_MS);
      const id = newId();
      const uscc = rng.chance(0.6) ? usccFor(rng) : null;
      accounts.push({ id, name, owner: owner.id });
      await trx
        .insertInto('accounts')
        .values({
          id,
          org_id: orgId,
          name,
          name_key: normaliseCompanyName(name),
          uscc,
          industry,
          size: rng.pick(['20-99人', '100-499人', '500-999人', '1000人以上']),
          region: city,
          source: rng.pick(['展会', '官网', '老客户介绍', '电话开发', '合作伙伴']),
          budget_range: rng.pick(['10万以内', '10-50万', '50-100万', '100万以上']),
          pain_points: rng.pick([
            '销售过程靠Excel和微信群，数据经常滞后',
            '管理层看不到真实的销售漏斗',
            '回款跟踪混乱，逾期发现太晚',
            '新人上手慢，客户信息散落在个人手里',
          ]),
          owner_id: owner.id,
          tier: rng.pick(['A', 'B', 'B', 'C']),
          tags: JSON.stringify(rng.chance(0.3) ? ['重点客户'] : []),
          custom: '{}',
          search_tokens: accountSearchTokens({ name, uscc }),
          version: 1,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
        .execute();
      auditRow(at, owner.id, 'account', id, 'create');
      const roles = ['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'blocker'] as const;
      const n = rng.int(2, 4);
      for (let i = 0; i < n; i++) {
        const role = i === 0 ? 'decision_maker' : rng.pick(roles);
        const cname = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES) + (rng.chance(0.3) ? rng.pick(GIVEN_NAMES) : '');
        const title = rng.pick(CONTACT_TITLES[role]);
        const cid = newId();
        const phone = `13${rng.int(100000000, 999999999)}`;
        contactCount++;
        await trx
          .insertInto('contacts')
          .values({
            id: cid,
            org_id: orgId,
            account_id: id,
            name: cname,
            title,
            phone,
            email: null,
            wechat: rng.chance(0.7) ? `wx_${rng.int(10000, 99999)}` : null,
            decision_role: role,
            attitude:
              role === 'blocker'
                ? 'opposed'
                : role === 'champion'
                  ? 'supportive'
                  : rng.pick(['supportive', 'neutral', 'neutral', 'opposed']),
            preferences: rng.pick([null, '喜欢看数据和案例', '重视售后服务', '关注价格', '偏好微信沟通']),
            search_tokens: contactSearchTokens({ name: cname, title, phone, email: null }),
            version: 1,
            created_at: at,
            updated_at: at,
            deleted_at: null,
          })
          .execute();
      }
    }

    // Deals, each lived through from creation to today.
    let followupCount = 0;
    const DEALS = 300;
    for (let d = 0; d < DEALS; d++) {
      options.onProgress?.(d, DEALS);
      const account = rng.pick(accounts);
      const owner = rng.chance(0.8) ? reps.find((r) => r.id === account.owner)! : rng.pick(reps);
      const createdMs = startMs + rng.int(0, 360) * DAY_MS + rng.int(1, 10) * 3_600_000;
      const fate = rng.next();
      const finalKind = fate < 0.33 ? 'won' : fate < 0.55 ? 'lost' : 'open';
      const targetOpenIndex = finalKind === 'open' ? rng.int(0, 3) : rng.int(1, 3);
      // Line items and amount.
      const items = Array.from({ length: rng.int(1, 3) }, (_, i) => {
        const p = rng.int(0, PRODUCTS.length - 1);
        const quantity = PRODUCTS[p].unit === 'user' ? rng.int(5, 80) : rng.int(1, 20);
        const discountBp = rng.pick([0, 0, 500, 1000, 1500]);
        return {
          id: newId(),
          product: p,
          quantity,
          discountBp,
          total: lineItemTotal(quantity, PRODUCTS[p].price, discountBp),
          position: i,
        };
      });
      const amount = items.reduce((s, i) => s + i.total, 0);
      const title = `${account.name.replace(/有限公司$/, '')} ${rng.pick(['销售台账系统', 'CRM 升级', '回款管理模块', '渠道管理项目', '移动端扩容', '年度续费'])}`;
      const dealId = newId();
      const history: { from: string | null; to: string; ms: number }[] = [{ from: null, to: 'lead', ms: createdMs }];
      let stageIndex = 0;
      let ms = createdMs;
      let closedMs: number | null = null;
      while (stageIndex < targetOpenIndex) {
        const next = ms + rng.int(3, 25) * DAY_MS;
        if (next > now.getTime() - DAY_MS) break;
        // Some deals skip a stage: real and allowed.
        const step = rng.chance(0.1) && stageIndex + 2 <= targetOpenIndex ? 2 : 1;
        history.push({ from: OPEN_STAGES[stageIndex], to: OPEN_STAGES[stageIndex + step], ms: next });
        stageIndex += step;
        ms = next;
      }
      let stage = OPEN_STAGES[stageIndex];
      if (finalKind !== 'open' && stageIndex === targetOpenIndex) {
        const closeMs = ms + rng.int(5, 30) * DAY_MS;
        if (closeMs < now.getTime() - DAY_MS) {
          stage = finalKind;
          history.push({ from: OPEN_STAGES[stageIndex], to: stage, ms: closeMs });
          ms = closeMs;
          closedMs = closeMs;
        }
      }
      const isOpen = closedMs === null;
      // Follow-ups through the deal's active life; open deals get a freshness profile.
      const endMs = isOpen ? now.getTime() : closedMs!;
      let lastFollowupMs: number | null = null;
      let lastActivityMs = history[history.length - 1].ms;
      let cutoffMs = endMs;
      if (isOpen) {
        const profile = rng.next();
        const idleDays = profile < 0.55 ? rng.int(0, 1) : profile < 0.75 ? rng.int(3, 6) : rng.int(8, 45);
        cutoffMs = now.getTime() - idleDays * DAY_MS - rng.int(1, 6) * 3_600_000;
      }
      const followups: Insertable<Database['followups']>[] = [];
      let t = createdMs + rng.int(1, 4) * DAY_MS;
      // Open deals end their history with a contact at the profile's cutoff, so idle time is what we chose.
      const stops: number[] = [];
      while (t <= cutoffMs) {
        stops.push(t);
        t += rng.int(3, 12) * DAY_MS;
      }
      if (isOpen && cutoffMs > createdMs && (stops.length === 0 || stops[stops.length - 1] < cutoffMs - DAY_MS))
        stops.push(cutoffMs);
      for (const at of stops) {
        t = at;
        const verbatim = rng.pick(VERBATIMS);
        const summary = rng.chance(0.6) ? rng.pick(SUMMARIES) : null;
        const nextStep = rng.pick(NEXT_STEPS);
        followups.push({
          id: newId(),
          org_id: orgId,
          deal_id: dealId,
          account_id: account.id,
          author_id: owner.id,
          at: iso(t),
          channel: rng.pick(['visit', 'call', 'call', 'wechat', 'wechat', 'email', 'meeting']),
          verbatim,
          summary,
          next_step: nextStep,
          next_step_due: dateInZone(new Date(t + rng.int(2, 7) * DAY_MS), options.timezone),
          resources_needed: JSON.stringify(rng.chance(0.3) ? [rng.pick(RESOURCES)] : []),
          intents: JSON.stringify(deriveIntents(verbatim, summary)),
          created_at: iso(t),
        });
        lastFollowupMs = t;
      }
      if (lastFollowupMs !== null && lastFollowupMs > lastActivityMs) lastActivityMs = lastFollowupMs;
      if (isOpen && lastActivityMs > cutoffMs)
        lastActivityMs = Math.max(history[history.length - 1].ms, Math.min(lastActivityMs, cutoffMs));
      const lastFollowup = followups[followups.length - 1];
      let nextStep: string | null = lastFollowup?.next_step ?? null;
      let nextStepDue: string | null = lastFollowup?.next_step_due ?? null;
      if (isOpen) {
        const r = rng.next();
        nextStep = nextStep ?? rng.pick(NEXT_STEPS);
        nextStepDue =
          r < 0.15
            ? addDays(today, -rng.int(1, 10))
            : r < 0.3
              ? addDays(today, rng.int(0, 2))
              : addDays(today, rng.int(3, 14));
        if (lastFollowup) {
          lastFollowup.next_step = nextStep;
          lastFollowup.next_step_due = nextStepDue;
        }
      } else {
        nextStep = null;
        nextStepDue = null;
      }
      const expectedClose = isOpen
        ? rng.chance(0.1)
          ? addDays(today, -rng.int(1, 20))
          : addDays(today, rng.int(10, 120))
        : dateInZone(new Date(closedMs!), options.timezone);
      const stageDef = DEFAULT_STAGES.find((s) => s.key === stage)!;
      const lastStageMs = history[history.length - 1].ms;
      const riskFlag = isOpen && rng.chance(0.04);
      await trx
        .insertInto('deals')
        .values({
          id: dealId,
          org_id: orgId,
          account_id: account.id,
          title,
          owner_id: owner.id,
          stage,
          amount: stage === 'lead' && rng.chance(0.5) ? 0 : amount,
          currency: 'CNY',
          probability: stageDef.probability,
          expected_close_date: expectedClose,
          closed_at: closedMs ? iso(closedMs) : null,
          loss_reason: stage === 'lost' ? rng.pick(Object.keys(LOSS_REASONS)) : null,
          risk_flag: riskFlag ? 1 : 0,
          risk_reason: riskFlag ? '客户决策人变动，预算可能被砍' : null,
          source: rng.pick(['展会', '官网', '老客户介绍', '电话开发', '合作伙伴']),
          competitors: JSON.stringify(rng.chance(0.4) ? [rng.pick(['销售易', '纷享销客', 'Salesforce', '用友'])] : []),
          custom: '{}',
          next_step: nextStep,
          next_step_due: nextStepDue,
          last_followup_at: lastFollowupMs ? iso(lastFollowupMs) : null,
          last_activity_at: iso(lastActivityMs),
          next_payment_due: null,
          stage_entered_at: iso(lastStageMs),
          search_tokens: searchTokens(title, account.name),
          version: 1 + history.length - 1 + followups.length,
          created_at: iso(createdMs),
          updated_at: iso(Math.max(lastActivityMs, lastStageMs)),
          deleted_at: null,
        })
        .execute();
      auditRow(iso(createdMs), owner.id, 'deal', dealId, 'create');
      if (riskFlag)
        auditRow(
          iso(now.getTime() - DAY_MS),
          rng.pick(managers).id,
          'deal',
          dealId,
          'risk',
          'riskFlag',
          'false',
          'true',
        );
      await trx
        .insertInto('deal_line_items')
        .values(
          items.map((i) => ({
            id: i.id,
            org_id: orgId,
            deal_id: dealId,
            product_id: productIds[i.product],
            description: PRODUCTS[i.product].name,
            quantity: i.quantity,
            unit_price: PRODUCTS[i.product].price,
            discount_bp: i.discountBp,
            total: i.total,
            position: i.position,
          })),
        )
        .execute();
      await trx
        .insertInto('stage_history')
        .values(
          history.map((h) => ({
            id: newId(),
            org_id: orgId,
            deal_id: dealId,
            from_stage: h.from,
            to_stage: h.to,
            at: iso(h.ms),
            actor_id: owner.id,
          })),
        )
        .execute();
      for (const h of history.slice(1)) auditRow(iso(h.ms), owner.id, 'deal', dealId, 'stage', 'stage', h.from, h.to);
      if (followups.length > 0) await trx.insertInto('followups').values(followups).execute();
      followupCount += followups.length;
      if (rng.chance(0.15) && isOpen) {
        await trx
          .insertInto('deal_collaborators')
          .values({
            org_id: orgId,
            deal_id: dealId,
            user_id: rng.pick(reps.filter((r) => r.id !== owner.id)).id,
            created_at: iso(createdMs),
          })
          .execute();
      }
      if (stage === 'won')
        await seedPayments(trx, rng, orgId, dealId, amount, closedMs!, now, options.timezone, finance.id, auditRow);
      if (isOpen && rng.chance(0.2)) {
        const due = now.getTime() + rng.int(-3, 7) * DAY_MS;
        await trx
          .insertInto('tasks')
          .values({
            id: newId(),
            org_id: orgId,
            title: rng.pick(['准备技术方案', '申请报价审批', '安排客户参观', '整理竞品对比']),
            notes: null,
            assignee_id: owner.id,
            created_by: rng.pick(managers).id,
            due_at: iso(due),
            deal_id: dealId,
            account_id: account.id,
            done_at: null,
            version: 1,
            created_at: iso(now.getTime() - 5 * DAY_MS),
            updated_at: iso(now.getTime() - 5 * DAY_MS),
            deleted_at: null,
          })
          .execute();
      }
    }
    for (let i = 0; i < audit.length; i += 500)
      await trx
        .insertInto('audit_log')
        .values(audit.slice(i, i + 500))
        .execute();
    options.onProgress?.(DEALS, DEALS);
    return {
      orgId,
      users: people
        .filter((p, i, all) => all.findIndex((q) => q.role === p.role) === i)
        .map((p) => ({ role: p.role, name: p.name, email: p.email })),
      counts: { accounts: accounts.length, contacts: contactCount, deals: DEALS, followups: followupCount },
    };
  });
}

async function seedPayments(
  trx: Q,
  rng: Random,
  orgId: string,
  dealId: string,
  amount: number,
  closedMs: number,
  now: Date,
  timezone: string,
  financeId: string,
  auditRow: (at: string, actor: string | null, entity: string, entityId: string, action: string) => void,
): Promise<void> {
  const today = dateInZone(now, timezone);
  const parts = rng.pick([1, 2, 3]);
  const closeDate = dateInZone(new Date(closedMs), timezone);
  let nextDue: string | null = null;
  let remaining = amount;
  for (let i = 0; i < parts; i++) {
    const portion = i === parts - 1 ? remaining : Math.round(amount / parts);
    remaining -= portion;
    const dueDate = addDays(closeDate, 15 + i * 45);
    const paid = dueDate < today && rng.chance(0.8);
    const received = paid ? portion : dueDate < today && rng.chance(0.3) ? Math.round(portion / 2) : 0;
    const id = newId();
    const at = new Date(closedMs + DAY_MS).toISOString();
    await trx
      .insertInto('payments')
      .values({
        id,
        org_id: orgId,
        deal_id: dealId,
        due_date: dueDate,
        amount: portion,
        condition: ['合同签订后', '上线验收后', '质保期满'][i] ?? null,
        received_amount: received,
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      })
      .execute();
    auditRow(at, financeId, 'payment', id, 'create');
    if (received > 0) {
      await trx
        .insertInto('receipts')
        .values({
          id: newId(),
          org_id: orgId,
          payment_id: id,
          amount: received,
          received_at: addDays(dueDate, rng.int(-5, 10)),
          note: null,
          recorded_by: financeId,
          created_at: at,
        })
        .execute();
    }
    if (received < portion && (nextDue === null || dueDate < nextDue)) nextDue = dueDate;
  }
  if (nextDue) await trx.updateTable('deals').set({ next_payment_due: nextDue }).where('id', '=', dealId).execute();
}

/** A syntactically valid-looking USCC (18 characters, digits and capitals) for demo accounts. */
function usccFor(rng: Random): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let out = '91';
  while (out.length < 18) out += chars[rng.int(0, chars.length - 1)];
  return out;
}
