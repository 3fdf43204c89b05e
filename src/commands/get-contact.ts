import { notFound } from '../domain/problem.js';
import { findVisibleContact } from '../store/queries/contacts.js';
import { CONTACT_NOT_FOUND } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';

/** A live contact of a live account of the organisation; 404 otherwise. */
export async function getContact(ctx: CommandContext, id: string) {
  const found = await findVisibleContact(ctx.db, ctx.actor, id);
  if (!found) throw notFound(CONTACT_NOT_FOUND);
  requirePermission(ctx.actor, 'readAccounts');
  return found;
}
