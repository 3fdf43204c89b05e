import { createStore, del, entries, set } from 'idb-keyval';
import { useEffect, useState } from 'react';
import { ApiError, api, NetworkError } from '../api-client';

/**
 * Follow-ups typed without signal wait here (IndexedDB, so a closed tab keeps them) and are sent when the
 * connection returns. A follow-up the server refuses is kept with the reason ("conflict"), never dropped.
 */
export interface OutboxItem {
  id: string;
  /** Who typed it: only they send it (a shared device must not post it under the next user's name). */
  userId?: string;
  dealId: string;
  dealTitle: string;
  body: Record<string, unknown>;
  createdAt: string;
  status: 'waiting' | 'conflict';
  error?: string;
}

const store = typeof indexedDB === 'undefined' ? undefined : createStore('taizhang-outbox', 'followups');
const listeners = new Set<() => void>();
let currentUserId: string | null = null;

/** The signed-in user (null when signed out): the outbox shows and sends only their follow-ups. */
export function setOutboxUser(userId: string | null): void {
  if (userId === currentUserId) return;
  currentUserId = userId;
  changed();
}

function changed(): void {
  for (const listener of listeners) listener();
}

export async function outboxItems(): Promise<OutboxItem[]> {
  if (!store || !currentUserId) return [];
  const all = await entries<string, OutboxItem>(store);
  return all
    .map(([, item]) => item)
    .filter((item) => item.userId === currentUserId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function enqueueFollowup(
  dealId: string,
  dealTitle: string,
  body: Record<string, unknown>,
): Promise<OutboxItem> {
  const item: OutboxItem = {
    id: crypto.randomUUID(),
    userId: currentUserId ?? undefined,
    dealId,
    dealTitle,
    body: { ...body, at: body.at ?? new Date().toISOString() },
    createdAt: new Date().toISOString(),
    status: 'waiting',
  };
  if (store) await set(item.id, item, store);
  changed();
  return item;
}

export async function discard(id: string): Promise<void> {
  if (store) await del(id, store);
  changed();
}

let flushing = false;

/** Sends every waiting follow-up; stops at the first network failure (still offline). */
export async function flushOutbox(): Promise<void> {
  if (!store || flushing) return;
  flushing = true;
  try {
    for (const item of await outboxItems()) {
      if (item.status !== 'waiting') continue;
      try {
        await api.post(`/api/deals/${item.dealId}/followups`, item.body);
        await del(item.id, store);
      } catch (error) {
        if (error instanceof NetworkError) break;
        const reason =
          error instanceof ApiError
            ? [error.detail ?? error.title, ...error.errors.map((e) => `${e.field}: ${e.message}`)].join(' · ')
            : String(error);
        await set(item.id, { ...item, status: 'conflict', error: reason }, store);
      }
      changed();
    }
  } finally {
    flushing = false;
    changed();
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void flushOutbox());
}

/** The follow-ups on this device (waiting or in conflict), kept current. */
export function useOutbox(): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    const load = () => void outboxItems().then(setItems);
    listeners.add(load);
    load();
    return () => {
      listeners.delete(load);
    };
  }, []);
  return items;
}
