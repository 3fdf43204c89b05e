import type { FastifyInstance } from 'fastify';
import { searchEverything } from '../../../commands/search-everything.js';
import { namesFor } from '../../../store/queries/deals.js';
import { commandContext } from '../../context.js';
import { dealPresenter, presentDeal } from '../../present.js';
import { presentAccount, presentContact } from '../../present-accounts.js';
import { defineRoute } from '../define-route.js';

export async function searchRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/search', async (req) => {
    const ctx = await commandContext(req);
    const found = await searchEverything(ctx, req.query);
    const names = await namesFor(
      ctx.db,
      ctx.org.id,
      [...found.accounts.map((a) => a.owner_id), ...found.deals.map((d) => d.owner_id)],
      found.deals.flatMap((d) => (d.account_id ? [d.account_id] : [])),
    );
    const presenter = dealPresenter(ctx.org, ctx.now, req.lang, names);
    return {
      accounts: found.accounts.map((row) => presentAccount(row, names.users)),
      contacts: found.contacts.map((row) => ({ ...presentContact(row), accountName: row.account_name })),
      deals: found.deals.map((row) => presentDeal(row, presenter)),
    };
  });
}
