import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
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
import {
  AccountCreateSchema,
  AccountDetailSchema,
  AccountListQuerySchema,
  AccountSchema,
  AccountUpdateSchema,
  ContactCreateSchema,
  ContactListQuerySchema,
  ContactSchema,
  ContactUpdateSchema,
} from '../../../contract/accounts.js';
import { namesFor } from '../../../store/queries/deals.js';
import type { AccountRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { presentAccount, presentAccountDetail, presentContact } from '../../present-accounts.js';
import { idParams, listOf, problemResponses } from '../openapi.js';

const tags = ['accounts'];

/** Presents one account whole (owner name, live contacts, visible deal count), as every account answer does. */
async function accountAnswer(ctx: CommandContext, row: AccountRow, detail?: Awaited<ReturnType<typeof accountDetail>>) {
  const names = await namesFor(ctx.db, ctx.org.id, [row.owner_id], []);
  return presentAccountDetail(detail ?? (await accountDetail(ctx, row)), names.users);
}

export async function accountRoutes(app: FastifyInstance) {
  app.get(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: "List the organisation's accounts (q searches name and USCC, zh/en), keyset paging",
        querystring: AccountListQuerySchema,
        response: { 200: listOf(AccountSchema), ...problemResponses },
      },
    },
    async (req) => {
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
    },
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account (USCC optional, unique among live accounts)',
        body: AccountCreateSchema,
        response: { 201: AccountDetailSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createAccount(ctx, req.body);
      reply.status(201);
      return accountAnswer(ctx, row);
    },
  );

  app.get(
    '/api/accounts/:id',
    {
      schema: {
        tags,
        summary: 'An account with its contacts (decision chain) and the number of its deals you may see',
        params: idParams,
        response: { 200: AccountDetailSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const detail = await getAccount(ctx, (req.params as { id: string }).id);
      return accountAnswer(ctx, detail.account, detail);
    },
  );

  app.patch(
    '/api/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Edit account fields (send the current version)',
        params: idParams,
        body: AccountUpdateSchema,
        response: { 200: AccountDetailSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const row = await updateAccount(ctx, (req.params as { id: string }).id, req.body);
      return accountAnswer(ctx, row);
    },
  );

  app.delete(
    '/api/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Soft-delete an account (restorable; its contacts are hidden with it)',
        params: idParams,
        response: { 200: AccountDetailSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const row = await setAccountDeleted(ctx, (req.params as { id: string }).id, true);
      return accountAnswer(ctx, row);
    },
  );

  app.post(
    '/api/accounts/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a deleted account',
        params: idParams,
        response: { 200: AccountDetailSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const row = await setAccountDeleted(ctx, (req.params as { id: string }).id, false);
      return accountAnswer(ctx, row);
    },
  );

  app.get(
    '/api/accounts/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: "An account's contacts with their decision-chain roles, in the order added",
        params: idParams,
        querystring: ContactListQuerySchema,
        response: { 200: listOf(ContactSchema), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const page = await listContactsPage(ctx, (req.params as { id: string }).id, req.query);
      return { items: page.rows.map(presentContact), nextCursor: page.nextCursor, total: page.total };
    },
  );

  app.post(
    '/api/accounts/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact to an account',
        params: idParams,
        body: ContactCreateSchema,
        response: { 201: ContactSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createContact(ctx, (req.params as { id: string }).id, req.body);
      reply.status(201);
      return presentContact(row);
    },
  );

  app.get(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'A contact',
        params: idParams,
        response: { 200: ContactSchema.extend({ accountName: z.string() }), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const found = await getContact(ctx, (req.params as { id: string }).id);
      return { ...presentContact(found.contact), accountName: found.account.name };
    },
  );

  app.patch(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Edit a contact (send the current version)',
        params: idParams,
        body: ContactUpdateSchema,
        response: { 200: ContactSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentContact(await updateContact(ctx, (req.params as { id: string }).id, req.body));
    },
  );

  app.delete(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Soft-delete a contact (restorable)',
        params: idParams,
        response: { 200: ContactSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentContact(await setContactDeleted(ctx, (req.params as { id: string }).id, true));
    },
  );

  app.post(
    '/api/contacts/:id/restore',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Restore a deleted contact',
        params: idParams,
        response: { 200: ContactSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentContact(await setContactDeleted(ctx, (req.params as { id: string }).id, false));
    },
  );
}
