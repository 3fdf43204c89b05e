import { SearchQuerySchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { can } from '../domain/actor.js';
import { queryTerms } from '../domain/search-tokens.js';
import { lightCutoffs } from '../domain/status-light.js';
import { searchAccounts } from '../store/queries/accounts.js';
import { searchContacts } from '../store/queries/contacts.js';
import { listDeals } from '../store/queries/deals.js';
import { type CommandContext, requirePermission } from './context.js';

/** How many hits of each kind the global search answers with. */
export const SEARCH_LIMIT = 8;

/**
 * The global search box: up to eight each of accounts, contacts and deals matching every term of `q`,
 * only among what the actor may read (deals by the same visibility rule as the ledger; none for marketing).
 */
export async function searchEverything(ctx: CommandContext, query: unknown) {
  requirePermission(ctx.actor, 'readAccounts');
  const data = parseInput(SearchQuerySchema, query);
  const terms = queryTerms(data.q);
  if (terms.length === 0) return { accounts: [], contacts: [], deals: [] };
  const { actor, org, now } = ctx;
  const [accounts, contacts, deals] = await Promise.all([
    searchAccounts(ctx.db, actor, terms, SEARCH_LIMIT),
    searchContacts(ctx.db, actor, terms, SEARCH_LIMIT),
    can(actor, 'readDeals')
      ? listDeals(
          ctx.db,
          actor,
          { filters: { terms }, sort: 'updatedAt', descending: true, limit: SEARCH_LIMIT, count: false },
          {
            cutoffs: lightCutoffs(now, org.timezone, org.settings.light, org.stages),
            stages: org.stages,
            now,
          },
        ).then((result) => result.rows)
      : Promise.resolve([]),
  ]);
  return { accounts, contacts, deals };
}
