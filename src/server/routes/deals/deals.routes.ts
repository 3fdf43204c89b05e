import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../../commands/context.js';
import { createDeal } from '../../../commands/create-deal.js';
import { setDealDeleted } from '../../../commands/delete-deal.js';
import { getDeal } from '../../../commands/get-deal.js';
import { listDealsPage } from '../../../commands/list-deals.js';
import { moveDealToStage } from '../../../commands/move-deal-to-stage.js';
import { recordFollowup } from '../../../commands/record-followup.js';
import { updateDeal } from '../../../commands/update-deal.js';
import { ListQuerySchema } from '../../../contract/common.js';
import { parseInput } from '../../../contract/validate.js';
import { invalid, notFound } from '../../../domain/problem.js';
import { dealNames, findVisibleDeal, listCollaborators, namesFor } from '../../../store/queries/deals.js';
import { listDealFollowups } from '../../../store/queries/followups.js';
import type { DealRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import {
  dealPresenter,
  decodeCursor,
  encodeCursor,
  presentDeal,
  presentDealPage,
  presentFollowup,
} from '../../present.js';
import { defineRoute } from '../define-route.js';

const tags = ['deals'];

/** Presents one deal whole (names, collaborators, light), as every deal answer does. */
async function dealAnswer(ctx: CommandContext, lang: 'zh-CN' | 'en', row: DealRow) {
  const names = await dealNames(ctx.db, ctx.org.id, row.owner_id, row.account_id);
  return presentDeal(row, dealPresenter(ctx.org, ctx.now, lang, names), await listCollaborators(ctx.db, row.id));
}

export async function dealRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/deals', async (req, reply) => {
    const ctx = await commandContext(req);
    const page = await listDealsPage(ctx, req.query);
    // Already JSON (see presentDealPage): sent as it is.
    return reply
      .type('application/json; charset=utf-8')
      .send(presentDealPage(page, dealPresenter(ctx.org, ctx.now, req.lang)));
  });

  defineRoute(app, 'POST /api/deals', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createDeal(ctx, req.body);
    return dealAnswer(ctx, req.lang, row);
  });

  defineRoute(app, 'GET /api/deals/:id', async (req) => {
    const ctx = await commandContext(req);
    const { id } = req.params;
    const detail = await getDeal(ctx, id);
    const names = await namesFor(
      ctx.db,
      ctx.org.id,
      [detail.deal.owner_id, ...detail.stageHistory.map((h) => h.actor_id)],
      detail.deal.account_id ? [detail.deal.account_id] : [],
    );
    const presenter = dealPresenter(ctx.org, ctx.now, req.lang, names);
    return {
      ...presentDeal(detail.deal, presenter, detail.collaboratorIds),
      lineItems: detail.lineItems.map((item) => ({
        id: item.id,
        productId: item.product_id,
        description: item.description,
        quantity: item.quantity,
        unitPrice: item.unit_price,
        discountPct: item.discount_bp / 100,
        total: item.total,
      })),
      stageHistory: detail.stageHistory.map((h) => ({
        id: h.id,
        fromStage: h.from_stage,
        toStage: h.to_stage,
        at: h.at,
        actorId: h.actor_id,
        actorName: names.users.get(h.actor_id) ?? null,
      })),
    };
  });

  defineRoute(app, 'PATCH /api/deals/:id', async (req) => {
    const ctx = await commandContext(req);
    const row = await updateDeal(ctx, req.params.id, req.body);
    return dealAnswer(ctx, req.lang, row);
  });

  defineRoute(app, 'DELETE /api/deals/:id', async (req) => {
    const ctx = await commandContext(req);
    const row = await setDealDeleted(ctx, req.params.id, true);
    return dealAnswer(ctx, req.lang, row);
  });

  defineRoute(app, 'POST /api/deals/:id/restore', async (req) => {
    const ctx = await commandContext(req);
    const row = await setDealDeleted(ctx, req.params.id, false);
    return dealAnswer(ctx, req.lang, row);
  });

  defineRoute(app, 'POST /api/deals/:id/stage', async (req) => {
    const ctx = await commandContext(req);
    const row = await moveDealToStage(ctx, req.params.id, req.body);
    return dealAnswer(ctx, req.lang, row);
  });

  defineRoute(app, 'GET /api/deals/:id/followups', async (req) => {
    const ctx = await commandContext(req);
    const { id } = req.params;
    if (!(await findVisibleDeal(ctx.db, ctx.actor, id))) throw notFound({ zh: '找不到该商机', en: 'Deal not found' });
    const query = parseInput(ListQuerySchema, req.query);
    const before = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !before)
      throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
    const rows = await listDealFollowups(
      ctx.db,
      id,
      query.limit + 1,
      before ? { at: String(before.value), id: before.id } : undefined,
    );
    const page = rows.slice(0, query.limit);
    const names = await namesFor(
      ctx.db,
      ctx.org.id,
      page.map((r) => r.author_id),
      [],
    );
    const last = page[page.length - 1];
    return {
      items: page.map((row) => presentFollowup(row, names.users)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
    };
  });

  defineRoute(app, 'POST /api/deals/:id/followups', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await recordFollowup(ctx, req.params.id, req.body);
    const names = await namesFor(ctx.db, ctx.org.id, [row.author_id], []);
    return presentFollowup(row, names.users);
  });
}
