import type { Lang } from '../domain/i18n.js';
import type { NotificationKind, NotificationParamsByKind } from '../domain/notification-messages.js';
import type { Q } from '../store/dialect.js';
import { newId } from '../store/ids.js';
import { insertDelivery, insertNotification, listChannels } from '../store/queries/notifications.js';

/** A person a notification goes to, with the language their messages are written in. */
export interface Recipient {
  id: string;
  lang: Lang;
}

export function langOf(locale: string | null | undefined, fallback: Lang): Lang {
  if (!locale) return fallback;
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * Puts a notification in each recipient's inbox and queues it for each of their own channels, once per
 * key: a repeated call (a retried job, a second instance) adds nothing. Returns how many inbox items
 * were added. Runs inside the caller's transaction, so the inbox item and its deliveries land together.
 */
export async function notifyPeople<K extends NotificationKind>(
  db: Q,
  input: {
    orgId: string;
    now: Date;
    kind: K;
    key: string;
    params: NotificationParamsByKind[K];
    recipients: Recipient[];
  },
): Promise<number> {
  const at = input.now.toISOString();
  const params = JSON.stringify(input.params);
  let added = 0;
  const channels = await listChannels(db, input.orgId, { scope: 'user', scopeIds: input.recipients.map((r) => r.id) });
  for (const recipient of input.recipients) {
    const key = `${input.key}:${recipient.id}`;
    const inserted = await insertNotification(db, {
      id: newId(input.now.getTime()),
      org_id: input.orgId,
      recipient_id: recipient.id,
      kind: input.kind,
      key,
      params,
      created_at: at,
      read_at: null,
    });
    if (!inserted) continue;
    added++;
    for (const channel of channels.filter((c) => c.scope_id === recipient.id && c.enabled === 1)) {
      await queueDelivery(db, {
        orgId: input.orgId,
        channelId: channel.id,
        key,
        kind: input.kind,
        params,
        lang: recipient.lang,
        now: input.now,
      });
    }
  }
  return added;
}

/** Queues a message for a team's group-chat channels (no inbox item: the team is not a person). */
export async function notifyTeamChannels<K extends NotificationKind>(
  db: Q,
  input: {
    orgId: string;
    teamId: string;
    now: Date;
    kind: K;
    key: string;
    params: NotificationParamsByKind[K];
    lang: Lang;
  },
): Promise<number> {
  const channels = await listChannels(db, input.orgId, { scope: 'team', scopeIds: [input.teamId] });
  let queued = 0;
  for (const channel of channels.filter((c) => c.enabled === 1)) {
    if (
      await queueDelivery(db, {
        orgId: input.orgId,
        channelId: channel.id,
        key: input.key,
        kind: input.kind,
        params: JSON.stringify(input.params),
        lang: input.lang,
        now: input.now,
      })
    )
      queued++;
  }
  return queued;
}

export function queueDelivery(
  db: Q,
  input: { orgId: string; channelId: string; key: string; kind: string; params: string; lang: Lang; now: Date },
): Promise<boolean> {
  const at = input.now.toISOString();
  return insertDelivery(db, {
    id: newId(input.now.getTime()),
    org_id: input.orgId,
    channel_id: input.channelId,
    key: input.key,
    kind: input.kind,
    params: input.params,
    lang: input.lang,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    sent_at: null,
    created_at: at,
  });
}
