import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoneyExact } from '../src/web/format.js';
import {
  btn,
  checkA11y,
  DEMO_PASSWORD,
  dayFromToday,
  type Harness,
  msg,
  pickOption,
  settle,
  shot,
  signIn,
  startHarness,
} from './harness.js';

type Call = <T = any>(method: string, pathname: string, body?: unknown) => Promise<T>;
interface ApiUser {
  call: Call;
  upload(entity: 'deal' | 'account', entityId: string, name: string): Promise<{ id: string; downloadUrl: string }>;
}

/** A JSON API client signed in as `email` (apart from the browser's session), which also uploads files. */
async function apiAs(base: string, email: string): Promise<ApiUser> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in as ${email}: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const send = async (
    method: string,
    pathname: string,
    body: BodyInit | undefined,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${pathname}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...headers },
      body,
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    call: (method, pathname, body) =>
      send(
        method,
        pathname,
        body === undefined ? undefined : JSON.stringify(body),
        body === undefined ? {} : { 'content-type': 'application/json' },
      ),
    upload: (entity, entityId, name) => {
      const form = new FormData();
      form.append('entity', entity);
      form.append('entityId', entityId);
      form.append('file', new Blob([`content of ${name}`]), name);
      return send('POST', '/api/attachments', form);
    },
  };
}

/**
 * The field history of contacts, tasks and the payment plan in drawers (who, field, from → to, filterable),
 * and uploads on the deal's timeline and the account's history with the uploader and a download link.
 */
describe('record history and uploads on the timeline', () => {
  let h: Harness;
  let dealId: string;
  let accountId: string;
  let instalmentDue: string;

  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
    const sales = await apiAs(h.baseUrl, 'sales@example.com');
    const manager = await apiAs(h.baseUrl, 'manager@example.com');
    const finance = await apiAs(h.baseUrl, 'finance@example.com');
    const marketing = await apiAs(h.baseUrl, 'marketing@example.com');
    const me = await sales.call<{ id: string }>('GET', '/api/me');

    accountId = (await sales.call<{ id: string }>('POST', '/api/accounts', { name: '宁波海天精工有限公司' })).id;
    const contact = await sales.call<{ id: string; version: number }>('POST', `/api/accounts/${accountId}/contacts`, {
      name: '钱工',
      phone: '13811112222',
    });
    await manager.call('PATCH', `/api/contacts/${contact.id}`, { phone: '13933334444', version: contact.version });
    await marketing.upload('account', accountId, '机床行业分析报告.pdf');

    dealId = (
      await sales.call<{ id: string }>('POST', '/api/deals', {
        title: '海天五轴产线',
        accountId,
        stage: 'won',
        amount: 800_000_00,
      })
    ).id;
    await sales.upload('deal', dealId, '技术方案 v3.docx');
    const task = await sales.call<{ id: string; version: number }>('POST', '/api/tasks', {
      title: '约技术交流',
      assigneeId: me.id,
      dealId,
    });
    await sales.call('PATCH', `/api/tasks/${task.id}`, { title: '约技术交流（带样件）', version: task.version });

    instalmentDue = dayFromToday(30);
    const instalment = await finance.call<{ id: string; version: number }>('POST', `/api/deals/${dealId}/payments`, {
      dueDate: instalmentDue,
      amount: 300_000_00,
    });
    const updated = await finance.call<{ id: string; version: number }>('PATCH', `/api/payments/${instalment.id}`, {
      amount: 320_000_00,
      version: instalment.version,
    });
    await finance.call('POST', `/api/payments/${instalment.id}/receipts`, {
      amount: 100_000_00,
      receivedAt: dayFromToday(0),
      version: updated.version,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the upload on the deal’s timeline with the uploader and a link, and the instalment’s and receipt’s changes in a drawer', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: `/deals/${dealId}?tab=timeline` });
    const timeline = page.getByRole('list', { name: msg('zh-CN', 'deal.tab.timeline') });
    const upload = timeline.locator('li', { hasText: msg('zh-CN', 'deal.timeline.uploaded', { who: '张伟' }) });
    const link = upload.getByRole('link', { name: '技术方案 v3.docx' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/attachments\/[^/]+\/download$/);
    expect((await page.request.get(h.url(href!))).status()).toBe(200);
    await settle(page);
    // The deal's tasks, instalments and receipts read as sentences, never as stored snapshots.
    const text = await timeline.innerText();
    expect(text).toContain(msg('zh-CN', 'deal.timeline.taskCreated', { title: '约技术交流' }));
    expect(text).toContain(msg('zh-CN', 'deal.timeline.instalmentAdded', { due: instalmentDue, amount: '¥30万' }));
    expect(text).toContain(
      msg('zh-CN', 'deal.timeline.instalmentChanged', { due: instalmentDue, changes: '金额 ¥30万 → ¥32万' }),
    );
    expect(text).toContain(msg('zh-CN', 'deal.timeline.receiptRecorded', { amount: '¥10万', date: dayFromToday(0) }));
    expect(text).not.toContain('{"');
    await checkA11y(page, 'deal-timeline-upload');
    await shot(page, 'deal-timeline-upload');

    await page.getByRole('tab', { name: msg('zh-CN', 'deal.tab.payments') }).click();
    const name = `${msg('zh-CN', 'audit.entity.payment')} ${instalmentDue}`;
    await page.getByRole('button', { name: msg('zh-CN', 'audit.openOf', { name }) }).click();
    const drawer = page.getByRole('dialog', { name: msg('zh-CN', 'audit.drawerTitle', { name }) });
    await drawer.waitFor();
    const amount = drawer.locator('tr', { hasText: formatMoneyExact(320_000_00, 'CNY', 'zh-CN') }).first();
    await amount.waitFor();
    await expect(amount.textContent()).resolves.toContain(formatMoneyExact(300_000_00, 'CNY', 'zh-CN'));
    await expect(amount.textContent()).resolves.toContain('周芳');
    await drawer
      .getByRole('heading', {
        name: msg('zh-CN', 'audit.receiptOf', {
          date: dayFromToday(0),
          amount: formatMoneyExact(100_000_00, 'CNY', 'zh-CN'),
        }),
      })
      .waitFor();
    await settle(page);
    await checkA11y(page, 'payment-history');
    await shot(page, 'payment-history');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(h.pageErrors).toEqual([]);
  });

  it('shows a contact’s changes (who, from → to) filterable by field, and marketing’s upload in the account’s history', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: `/accounts/${accountId}` });
    const history = page.locator('.ant-card', { has: page.getByText(msg('zh-CN', 'audit.history'), { exact: true }) });
    const file = history.getByRole('link', {
      name: msg('zh-CN', 'audit.downloadFile', { name: '机床行业分析报告.pdf' }),
    });
    await file.waitFor();
    await expect(
      history
        .locator('tr', {
          has: page.getByRole('link', { name: msg('zh-CN', 'audit.downloadFile', { name: '机床行业分析报告.pdf' }) }),
        })
        .textContent(),
    ).resolves.toContain('吴涛');
    expect((await page.request.get(h.url((await file.getAttribute('href'))!))).status()).toBe(200);

    await page.getByRole('button', { name: msg('zh-CN', 'audit.openOf', { name: '钱工' }) }).click();
    const drawer = page.getByRole('dialog', { name: msg('zh-CN', 'audit.drawerTitle', { name: '钱工' }) });
    const phone = drawer.locator('tr', { hasText: '13933334444' });
    await phone.waitFor();
    await expect(phone.textContent()).resolves.toMatch(/王建国.*13811112222.*13933334444/);
    await pickOption(page, msg('zh-CN', 'audit.field'), msg('zh-CN', 'contact.phone'), drawer);
    await expect.poll(async () => drawer.locator('tbody tr.ant-table-row').count()).toBe(2);
    await settle(page);
    await checkA11y(page, 'contact-history');
    await shot(page, 'contact-history');
    await page.keyboard.press('Escape');
    expect(h.pageErrors).toEqual([]);
  });

  it('shows a task’s changes from its row on the tasks page', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: '/tasks' });
    const title = '约技术交流（带样件）';
    await page.getByRole('button', { name: msg('zh-CN', 'audit.openOf', { name: title }) }).click();
    const drawer = page.getByRole('dialog', { name: msg('zh-CN', 'audit.drawerTitle', { name: title }) });
    const row = drawer
      .locator('tr', { hasText: msg('zh-CN', 'tasks.field.title') })
      .filter({ hasText: '约技术交流' })
      .first();
    await row.waitFor();
    await expect(drawer.getByRole('button', { name: btn(msg('zh-CN', 'audit.loadMore')) }).count()).resolves.toBe(0);
    await expect(drawer.locator('tbody').textContent()).resolves.toContain(`约技术交流 → ${title}`);
    await settle(page);
    await checkA11y(page, 'task-history');
    expect(h.pageErrors).toEqual([]);
  });
});
