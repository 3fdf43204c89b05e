import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/store/ids.js';
import {
  apiGet,
  btn,
  checkA11y,
  DESKTOP,
  type Harness,
  msg,
  PHONE,
  pickOption,
  settle,
  shot,
  signIn,
  startHarness,
} from './harness.js';

interface Received {
  path: string;
  body: { title?: string; text?: string };
}

/** A webhook receiver on 127.0.0.1 that records what it gets. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => {
      data += String(chunk);
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(data || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Settings → Notifications (a sales rep's own channels, test sends) and the bell's inbox. */
describe('notifications', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    [h, receiver] = await Promise.all([startHarness({ locale: 'zh-CN' }), startReceiver()]);
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  const zh = (key: Parameters<typeof msg>[1], vars?: Record<string, string | number>) => msg('zh-CN', key, vars);

  const addWebhook = async (name: string, url: string) => {
    const { page } = h;
    await page.getByRole('button', { name: zh('channels.add') }).click();
    const dialog = page.getByRole('dialog', { name: zh('channels.newTitle') });
    await dialog.waitFor();
    await pickOption(page, zh('channels.kind'), zh('channels.kind.webhook'), dialog);
    await dialog.getByLabel(zh('channels.name')).fill(name);
    await dialog.getByLabel(zh('channels.url')).fill(url);
    return dialog;
  };

  it('a rep adds a webhook channel, sees the API’s error next to the field, sends a test message the receiver gets', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: '/settings?tab=notifications' });
    // A rep sees the notifications tab only: no organisation tabs.
    await page.getByRole('heading', { name: zh('channels.mine') }).waitFor();
    await settle(page);
    expect(await page.getByRole('tab').allTextContents()).toEqual([zh('settings.tabNotifications')]);
    await checkA11y(page, 'settings-notifications-empty');

    // The server refuses a non-http address: its message shows under the field and the typing stays.
    const dialog = await addWebhook('本地接收', 'ftp://127.0.0.1/hook');
    await dialog.getByRole('button', { name: btn(zh('common.save')) }).click();
    await dialog.getByText('应为 http:// 或 https:// 开头的完整网址，不含用户名和密码').waitFor();
    expect(await dialog.getByLabel(zh('channels.name')).inputValue()).toBe('本地接收');
    await dialog.getByLabel(zh('channels.url')).fill(`${receiver.url}/hook`);
    await dialog.getByLabel(zh('channels.webhookSecret')).fill('a-shared-secret-0123456789');
    await dialog.getByRole('button', { name: btn(zh('common.save')) }).click();
    await dialog.waitFor({ state: 'hidden' });

    const list = page.getByRole('list', { name: zh('channels.mine') });
    await list.getByText('本地接收').waitFor();
    await list.getByText(zh('channels.signed')).waitFor();
    await list.getByText(`127.0.0.1:${new URL(receiver.url).port}/hook`).waitFor();
    await list.getByRole('button', { name: btn(zh('channels.test')) }).click();
    await page
      .getByRole('status')
      .filter({ hasText: zh('channels.testOk', { name: '本地接收' }) })
      .waitFor();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ path: '/hook', body: { title: '台账测试消息' } });
    await list.getByText(/上次成功/).waitFor();
    await checkA11y(page, 'settings-notifications');
    await shot(page, 'settings-notifications');
  });

  it('a channel pointing at a closed port shows why the test failed, and is marked failing', async () => {
    const { page } = h;
    const port = await closedPort();
    const dialog = await addWebhook('无人接收', `http://127.0.0.1:${port}/hook`);
    await dialog.getByRole('button', { name: btn(zh('common.save')) }).click();
    await dialog.waitFor({ state: 'hidden' });
    const item = page.getByRole('listitem').filter({ hasText: '无人接收' });
    await item.getByRole('button', { name: btn(zh('channels.test')) }).click();
    const alert = item.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('测试消息未送达：');
    expect(text!.length).toBeGreaterThan('测试消息未送达：'.length + 2);
    await item.getByText(zh('channels.failing'), { exact: true }).waitFor();
    expect(receiver.received).toHaveLength(1);
    await checkA11y(page, 'settings-notifications-failing');
  });

  it('an inbox item shows in the bell with a badge; opening it leads to its deal and clears the badge', async () => {
    const { page } = h;
    const rep = h.users.find((u) => u.email === 'sales@example.com')!;
    const repId = (
      await h.db.kysely.selectFrom('users').select('id').where('email', '=', rep.email).executeTakeFirstOrThrow()
    ).id;
    const deal = await h.db.kysely
      .selectFrom('deals')
      .select(['id', 'title'])
      .where('owner_id', '=', repId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const now = new Date();
    await h.db.kysely
      .insertInto('notifications')
      .values({
        id: newId(now.getTime()),
        org_id: h.orgId,
        recipient_id: repId,
        kind: 'task_due',
        key: `e2e-task-${deal.id}`,
        params: JSON.stringify({
          taskId: 't1',
          title: '寄送合同',
          dueAt: now.toISOString(),
          dueLocal: '今天 17:00',
          deal: { id: deal.id, title: deal.title, accountName: null },
          assignedBy: null,
        }),
        created_at: now.toISOString(),
        read_at: null,
      })
      .execute();

    await page.goto(h.url('/ledger'));
    const bell = page.locator('header').getByRole('button', { name: zh('inbox.openUnread', { count: 1 }) });
    await bell.waitFor();
    await page.locator('header .ant-badge-count').filter({ hasText: '1' }).waitFor();
    await bell.click();
    const drawer = page.getByRole('dialog', { name: zh('inbox.title') });
    const item = drawer.getByRole('button', { name: /任务到期：寄送合同/ });
    await item.waitFor();
    await settle(page);
    await checkA11y(page, 'inbox-open');
    await shot(page, 'inbox-open');

    await item.click();
    await page.waitForURL(`**/deals/${deal.id}`);
    await page
      .locator('header')
      .getByRole('button', { name: zh('inbox.open'), exact: true })
      .waitFor();
    // The badge's count leaves with an animation.
    await expect.poll(() => page.locator('header .ant-badge-count').count(), { timeout: 5000 }).toBe(0);
    const stored = await h.db.kysely
      .selectFrom('notifications')
      .select('read_at')
      .where('recipient_id', '=', repId)
      .executeTakeFirstOrThrow();
    expect(stored.read_at).not.toBeNull();
  });

  it('an admin sets the organisation’s rhythm and a team’s own reminder time', async () => {
    const { page } = h;
    await signIn(page, 'admin@example.com', { path: '/settings?tab=org' });
    await page.getByLabel(zh('org.digestTime')).waitFor();
    await settle(page);
    await page.getByLabel(zh('org.digestTime')).fill('19:30');
    await page.getByRole('checkbox', { name: zh('weekday.6') }).check();
    await checkA11y(page, 'settings-org-rhythm');
    await page.getByRole('button', { name: btn(zh('common.save')) }).click();
    await page.getByText(zh('org.saved')).first().waitFor();
    const org = await apiGet<{ digestTime: string; workdays: number[] }>(page, '/api/settings');
    expect(org).toMatchObject({ digestTime: '19:30', workdays: [1, 2, 3, 4, 5, 6] });

    await page.getByRole('tab', { name: zh('settings.tabUsers') }).click();
    const [team] = (await apiGet<{ items: { id: string; name: string }[] }>(page, '/api/teams')).items;
    await page.getByRole('button', { name: `${zh('teams.edit')} ${team!.name}` }).click();
    const dialog = page.getByRole('dialog', { name: zh('teams.edit') });
    await dialog.getByLabel(zh('teams.reminderTime')).fill('16:45');
    await dialog.getByRole('button', { name: btn(zh('common.save')) }).click();
    await dialog.waitFor({ state: 'hidden' });
    const saved = (
      await apiGet<{ items: { id: string; reminderTime: string | null; digestTime: string | null }[] }>(
        page,
        '/api/teams',
      )
    ).items.find((x) => x.id === team!.id);
    expect(saved).toMatchObject({ reminderTime: '16:45', digestTime: null });
    // The admin also manages every team's group-chat channels.
    await page.getByRole('tab', { name: zh('settings.tabNotifications') }).click();
    await page.getByRole('heading', { name: zh('channels.teamOf', { name: team!.name }) }).waitFor();
  });

  it('speaks English after a switch', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: '/settings?tab=notifications' });
    await page.locator('header').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: msg('en', 'channels.mine') }).waitFor();
    await page
      .getByRole('button', { name: btn(msg('en', 'channels.test')) })
      .first()
      .waitFor();
    await page
      .locator('header')
      .getByRole('button', { name: msg('en', 'inbox.open'), exact: true })
      .waitFor();

    // Phone width: the channel rows wrap, nothing scrolls sideways, the bell stays in the header.
    await page.setViewportSize(PHONE);
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page
      .locator('header')
      .getByRole('button', { name: msg('en', 'inbox.open'), exact: true })
      .click();
    await page
      .getByRole('dialog', { name: msg('en', 'inbox.title') })
      .getByRole('button', { name: btn(msg('en', 'inbox.markAll')) })
      .waitFor();
    await shot(page, 'inbox-phone-en');
    await page.keyboard.press('Escape');
    await shot(page, 'settings-notifications-phone-en', { fullPage: true });
    await page.setViewportSize(DESKTOP);
    expect(h.pageErrors).toEqual([]);
  });
});
