import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../../commands/context.js';
import { createAccount } from '../../../commands/create-account.js';
import { createContact } from '../../../commands/create-contact.js';
import { accountDetail, getAccount } from '../../../commands/get-account.js';
import { getContact } from '../../../commands/get-contact.js';
import { listAccountsPage } from '../../../commands/list-accounts.js';
import { listContactsPage } from '../../../commands/list-contacts.js';
import { setAccountDeleted } from '../../../commands/set-account-deleted.js';
import { setContactDeleted } from '../../../commands/set-contact-deleted.js';
import { updateAccount } from '../../../commands/update-account.js';
import { updateContact } from '../../../commands/update-contact.js';
import { namesFor } from '../../../store/queries/deals.js';
import type { AccountRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { presentAccount, presentAccountDetail, presentContact } from '../../present-accounts.js';
import { defineRoute } from '../define-route.js';

const tags = ['accounts'];

/** Presents one account whole (owner name, live contacts, visible deal count), as every account answer does. */
async function accountAnswer(ctx: CommandContext, row: AccountRow, detail?: Awaited<ReturnType<typeof accountDetail>>) {
  const names = await namesFor(ctx.db, ctx.org.id, [row.owner_id], []);
  return presentAccountDetail(detail ?? (await accountDetail(ctx, row)), names.users);
}

export async function accountRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/accounts', async (req) => {
    const ctx = await commandContext(req);
    const page = await listAccountsPage(ctx, req.query);
    const names = await namesFor(
      ctx.db,
      ctx.org.id,
      page.rows.map((r) => r.owner_id),
      [],
    );
    return {
      items: page.rows.map((row) => presentAccount(row, names.users)),
      nextCursor: page.nextCursor,
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  });

  defineRoute(app, 'POST /api/accounts', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createAccount(ctx, req.body);
    return accountAnswer(ctx, row);
  });

  defineRoute(app, 'GET /api/accounts/:id', async (req) => {
    const ctx = await commandContext(req);
    const detail = await getAccount(ctx, req.params.id);
    return accountAnswer(ctx, detail.account, detail);
  });

  defineRoute(app, 'PATCH /api/accounts/:id', async (req) => {
    const ctx = await commandContext(req);
    const row = await updateAccount(ctx, req.params.id, req.body);
    return accountAnswer(ctx, row);
  });

  defineRoute(app, 'DELETE /api/accounts/:id', async (req) => {
    const ctx = await commandContext(req);
    const row = await setAccountDeleted(ctx, req.params.id, true);
    return accountAnswer(ctx, row);
  });

  defineRoute(app, 'POST /api/accounts/:id/restore', async (req) => {
    const ctx = await commandContext(req);
    const row = await setAccountDeleted(ctx, req.params.id, false);
    return accountAnswer(ctx, row);
  });

  defineRoute(app, 'GET /api/accounts/:id/contacts', async (req) => {
    const ctx = await commandContext(req);
    const page = await listContactsPage(ctx, req.params.id, req.query);
    return { items: page.rows.map(presentContact), nextCursor: page.nextCursor, total: page.total };
  });

  defineRoute(app, 'POST /api/accounts/:id/contacts', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createContact(ctx, req.params.id, req.body);
    return presentContact(row);
  });

  defineRoute(app, 'GET /api/contacts/:id', async (req) => {
    const ctx = await commandContext(req);
    const found = await getContact(ctx, req.params.id);
    return { ...presentContact(found.contact), accountName: found.account.name };
  });

  defineRoute(app, 'PATCH /api/contacts/:id', async (req) => {
    const ctx = await commandContext(req);
    return presentContact(await updateContact(ctx, req.params.id, req.body));
  });

  defineRoute(app, 'DELETE /api/contacts/:id', async (req) => {
    const ctx = await commandContext(req);
    return presentContact(await setContactDeleted(ctx, req.params.id, true));
  });

  defineRoute(app, 'POST /api/contacts/:id/restore', async (req) => {
    const ctx = await commandContext(req);
    return presentContact(await setContactDeleted(ctx, req.params.id, false));
  });
}
