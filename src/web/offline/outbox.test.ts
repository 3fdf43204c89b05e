import { beforeEach, expect, it, vi } from 'vitest';

// An in-memory IndexedDB stand-in (the outbox only uses these idb-keyval calls).
const rows = new Map<string, unknown>();
vi.mock('idb-keyval', () => ({
  createStore: () => ({}),
  entries: async () => [...rows.entries()],
  set: async (key: string, value: unknown) => {
    rows.set(key, value);
  },
  del: async (key: string) => {
    rows.delete(key);
  },
}));
const posted: string[] = [];
vi.mock('../api-client', () => ({
  ApiError: class extends Error {},
  NetworkError: class extends Error {},
  api: {
    post: async (url: string) => {
      posted.push(url);
      return {};
    },
  },
}));
(globalThis as { indexedDB?: unknown }).indexedDB = {};
const { enqueueFollowup, flushOutbox, outboxItems, setOutboxUser } = await import('./outbox');

beforeEach(() => {
  rows.clear();
  posted.length = 0;
});

it('keeps follow-ups per user: the next user on a shared device neither sees nor sends them', async () => {
  setOutboxUser('u-alice');
  await enqueueFollowup('d1', 'Deal 1', { verbatim: 'x' });
  expect(await outboxItems()).toHaveLength(1);

  setOutboxUser('u-bob');
  expect(await outboxItems()).toEqual([]);
  await flushOutbox();
  expect(posted).toEqual([]);

  setOutboxUser(null);
  await flushOutbox();
  expect(posted).toEqual([]);

  setOutboxUser('u-alice');
  await flushOutbox();
  expect(posted).toEqual(['/api/deals/d1/followups']);
  expect(rows.size).toBe(0);
});
