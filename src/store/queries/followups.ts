import type { Q } from '../dialect.js';
import type { FollowupRow } from '../schema.js';

export async function insertFollowup(db: Q, row: FollowupRow): Promise<void> {
  await db.insertInto('followups').values(row).execute();
}

/** A deal's follow-ups, newest first (keyset by time then id). */
export async function listDealFollowups(db: Q, dealId: string, limit: number, before?: { at: string; id: string }) {
  let q = db.selectFrom('followups').selectAll().where('deal_id', '=', dealId);
  if (before)
    q = q.where((eb) =>
      eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
    );
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
