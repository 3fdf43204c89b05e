import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoneyShort } from '../src/web/format.js';
import {
  btn,
  checkA11y,
  DEMO_PASSWORD,
  DESKTOP,
  dayFromToday,
  type Harness,
  msg,
  PHONE,
  pickOption,
  settle,
  shot,
  signIn,
  startHarness,
} from './harness.js';

type Call = <T = any>(method: string, pathname: string, body?: unknown) => Promise<T>;

/** A JSON API client signed in as `email`, apart from the browser's session. */
async function apiAs(base: string, email: string, password = DEMO_PASSWORD): Promise<Call> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in as ${email}: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method, pathname, body) => {
    const res = await fetch(`${base}${pathname}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
    return res.json();
  };
}

/** Tasks page, collection report and the admin's audit log, in the browser. */
describe('tasks, collection and audit pages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a task on the tasks page, completes it, and finds it under Done; an overdue one shows how late in red', async () => {
    const { page } = h;
    const sales = await apiAs(h.baseUrl, 'sales@example.com');
    const me = await sales<{ id: string }>('GET', '/api/me');
    await sales('POST', '/api/tasks', {
      title: '回访昨天的客户',
      assigneeId: me.id,
      dueAt: new Date(Date.now() - 26 * 3_600_000).toISOString(),
    });

    await signIn(page, 'sales@example.com', { path: '/tasks' });
    await page.getByRole('heading', { name: msg('zh-CN', 'tasks.title') }).waitFor();
    await settle(page);
    await checkA11y(page, 'tasks');
    await shot(page, 'tasks');

    await page.getByRole('button', { name: btn(msg('zh-CN', 'tasks.new')) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(msg('zh-CN', 'tasks.field.title')).fill('发送报价单给杭州云帆');
    await dialog.getByRole('button', { name: btn(msg('zh-CN', 'common.create')) }).click();
    await dialog.waitFor({ state: 'hidden' });
    const mine = page.getByRole('list', { name: msg('zh-CN', 'tasks.tab.mine') });
    await mine.getByText('发送报价单给杭州云帆').waitFor();

    await mine
      .getByRole('checkbox', { name: msg('zh-CN', 'tasks.complete', { title: '发送报价单给杭州云帆' }) })
      .check();
    await page.getByText(msg('zh-CN', 'tasks.completed', { title: '发送报价单给杭州云帆' })).waitFor();
    await page.getByRole('tab', { name: msg('zh-CN', 'tasks.tab.done') }).click();
    await page
      .getByRole('list', { name: msg('zh-CN', 'tasks.tab.done') })
      .getByText('发送报价单给杭州云帆')
      .waitFor();
    const done = await sales<{ items: { title: string; doneAt: string | null }[] }>(
      'GET',
      '/api/tasks?assignee=me&status=done',
    );
    expect(done.items.find((task) => task.title === '发送报价单给杭州云帆')?.doneAt).toEqual(expect.any(String));

    await page.getByRole('tab', { name: msg('zh-CN', 'tasks.tab.overdue') }).click();
    const late = page
      .getByRole('list', { name: msg('zh-CN', 'tasks.tab.overdue') })
      .locator('li', { hasText: '回访昨天的客户' });
    const overdueText = late.getByText(
      msg('zh-CN', 'tasks.overdueFor', { span: msg('zh-CN', 'tasks.span.days', { n: 1 }) }),
    );
    await overdueText.waitFor();
    expect(await overdueText.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(192, 40, 27)');
    await checkA11y(page, 'tasks-overdue');
    await page.setViewportSize(PHONE);
    await settle(page);
    await shot(page, 'tasks-phone');
    await page.setViewportSize(DESKTOP);
    expect(h.pageErrors).toEqual([]);
  });

  it('shows planned and received by month and the overdue instalment for a rep’s won deal', async () => {
    const { page } = h;
    const admin = await apiAs(h.baseUrl, 'admin@example.com');
    const rep = await admin<{ id: string }>('POST', '/api/users', {
      name: '回款测试员',
      email: 'collect@example.com',
      password: DEMO_PASSWORD,
      role: 'sales',
      teamId: null,
    });
    const repApi = await apiAs(h.baseUrl, 'collect@example.com');
    const deal = await repApi<{ id: string }>('POST', '/api/deals', {
      title: '年度维保合同',
      stage: 'won',
      amount: 300_000_00,
    });
    const finance = await apiAs(h.baseUrl, 'finance@example.com');
    const due = dayFromToday(-10);
    const instalment = await finance<{ id: string }>('POST', `/api/deals/${deal.id}/payments`, {
      dueDate: due,
      amount: 100_000_00,
    });
    await finance('POST', `/api/payments/${instalment.id}/receipts`, {
      amount: 40_000_00,
      receivedAt: dayFromToday(0),
    });

    const month = due.slice(0, 7);
    const thisMonth = dayFromToday(0).slice(0, 7);
    await signIn(page, 'finance@example.com', { path: `/collection?from=${month}&to=${thisMonth}&ownerId=${rep.id}` });
    await page.getByRole('heading', { name: msg('zh-CN', 'collection.title'), exact: true }).waitFor();
    const monthRow = page.locator(`tr[data-row-key="${month}"]`);
    await monthRow.waitFor();
    await settle(page);
    const money = (minor: number) => formatMoneyShort(minor, 'CNY', 'zh-CN');
    expect(await monthRow.locator('td').nth(1).textContent()).toBe(money(100_000_00));
    expect(await page.locator(`tr[data-row-key="${thisMonth}"] td`).nth(2).textContent()).toBe(money(40_000_00));
    const overdueRow = page.locator(`tr[data-row-key="${instalment.id}"]`);
    await overdueRow.getByRole('link', { name: '年度维保合同' }).waitFor();
    expect(await overdueRow.getByRole('link', { name: '年度维保合同' }).getAttribute('href')).toBe(
      `/deals/${deal.id}?tab=payments`,
    );
    expect(await overdueRow.locator('td').nth(6).textContent()).toBe(money(60_000_00));
    const days = overdueRow.getByText(msg('zh-CN', 'collection.days', { n: 10 }));
    await days.waitFor();
    expect(await days.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(192, 40, 27)');
    await checkA11y(page, 'collection');
    await shot(page, 'collection', { fullPage: true });

    // In English too.
    await signIn(page, 'finance@example.com', {
      path: `/collection?from=${month}&to=${thisMonth}&ownerId=${rep.id}`,
      lang: 'en',
    });
    await page.getByRole('heading', { name: msg('en', 'collection.title'), exact: true }).waitFor();
    await page.getByRole('heading', { name: msg('en', 'collection.overdueList', { n: 1 }) }).waitFor();
    await settle(page);
    await checkA11y(page, 'collection-en');
    await shot(page, 'collection-en');
    expect(h.pageErrors).toEqual([]);
  });

  it('lets the admin filter the audit log by person and download it as CSV', async () => {
    const { page } = h;
    await signIn(page, 'admin@example.com', { path: '/audit' });
    await page.getByRole('heading', { name: msg('zh-CN', 'audit.title') }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await pickOption(page, msg('zh-CN', 'audit.person'), '张伟');
    await expect.poll(() => page.url()).toContain('actorId=');
    // Only 张伟's changes once the filtered page is in (the unfiltered rows stay until then).
    await expect
      .poll(async () => [...new Set(await page.locator('.ant-table-row td:nth-child(2)').allTextContents())], {
        timeout: 10_000,
      })
      .toEqual(['张伟']);
    await settle(page);
    await checkA11y(page, 'audit');
    await shot(page, 'audit');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: btn(msg('zh-CN', 'audit.export')) }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF时间,操作人,')).toBe(true);
    // Rows start with their time (a quoted value may hold a line break of its own).
    const rows = text.split('\r\n').filter((line) => /^\d{4}-\d{2}-\d{2}T/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((line) => line.split(',')[1]))).toEqual(new Set(['张伟']));
    expect(h.pageErrors).toEqual([]);
  });
});
