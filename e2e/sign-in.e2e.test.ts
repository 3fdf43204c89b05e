import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  btn,
  checkA11y,
  DEMO_PASSWORD,
  type Harness,
  msg,
  settle,
  shot,
  signIn,
  signInWithForm,
  startHarness,
  waitForLedger,
  waitForShell,
} from './harness.js';

/** Signing in, the two languages, and what a role may open. */
describe('sign-in, language and visibility', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a wrong password shows the error; the right one lands on the ledger', async () => {
    const { page } = h;
    await page.goto(h.url('/'));
    await page.getByRole('heading', { name: msg('zh-CN', 'login.title') }).waitFor();
    await checkA11y(page, 'sign-in');
    await shot(page, 'sign-in');

    await signInWithForm(page, 'zh-CN', 'sales@example.com', 'not-the-password');
    const alert = page.locator('.ant-alert-error[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('邮箱或密码不正确');
    // What was typed stays (the e-mail), so only the password needs retyping.
    expect(await page.getByLabel(msg('zh-CN', 'login.email')).inputValue()).toBe('sales@example.com');
    await checkA11y(page, 'sign-in-error');
    await shot(page, 'sign-in-error');

    await page.getByLabel(msg('zh-CN', 'login.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: btn(msg('zh-CN', 'login.submit')) }).click();
    await waitForShell(page);
    await page.waitForURL(/\/ledger$/);
    await page.getByRole('heading', { name: msg('zh-CN', 'ledger.title') }).waitFor();
    await waitForLedger(page);
    await settle(page);
    await checkA11y(page, 'ledger');
    await shot(page, 'ledger-zh');
  });

  it('switches zh ↔ en: labels change and the choice survives a reload', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com');
    await page.getByRole('heading', { name: msg('zh-CN', 'ledger.title') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.locator('header').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: msg('en', 'ledger.title') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(
      await page
        .locator('header')
        .getByRole('link', { name: msg('en', 'nav.board') })
        .count(),
    ).toBe(1);
    expect(
      await page
        .locator('header')
        .getByRole('link', { name: msg('zh-CN', 'nav.board') })
        .count(),
    ).toBe(0);
    await waitForLedger(page);
    await settle(page);
    await checkA11y(page, 'ledger-en');
    await shot(page, 'ledger-en');

    await page.reload();
    await page.getByRole('heading', { name: msg('en', 'ledger.title') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The API answers in the chosen language too (status-light reasons are server text).
    const reasons = await page
      .locator('.tz-ledger [role="img"][aria-label]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(reasons.join(' ')).not.toMatch(/[红黄绿]灯/);

    await page.locator('header').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: msg('zh-CN', 'ledger.title') }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: msg('zh-CN', 'ledger.title') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it("a sales rep cannot open another rep's deal by URL: not found, nothing leaked", async () => {
    const { page, db } = h;
    const sales = await db.kysely
      .selectFrom('users')
      .select(['id'])
      .where('email', '=', 'sales@example.com')
      .executeTakeFirstOrThrow();
    const other = await db.kysely
      .selectFrom('users')
      .select(['id'])
      .where('email', '=', 'sales4@example.com')
      .executeTakeFirstOrThrow();
    const deal = await db.kysely
      .selectFrom('deals')
      .select(['id', 'title', 'amount'])
      .where('owner_id', '=', other.id)
      .where('deleted_at', 'is', null)
      .where(
        'id',
        'not in',
        db.kysely.selectFrom('deal_collaborators').select('deal_id').where('user_id', '=', sales.id),
      )
      .orderBy('amount', 'desc')
      .executeTakeFirstOrThrow();

    await signIn(page, 'sales@example.com');
    const answer = page.waitForResponse(
      (r) => r.url().includes(`/api/deals/${deal.id}`) && r.request().method() === 'GET',
    );
    await page.goto(h.url(`/deals/${deal.id}`));
    expect((await answer).status()).toBe(404);
    await page.getByText(msg('zh-CN', 'deal.notFoundTitle')).waitFor();
    await page.getByText(msg('zh-CN', 'common.notFound')).waitFor();
    const text = await page.getByRole('main').first().innerText();
    expect(text).not.toContain(deal.title);
    await checkA11y(page, 'deal-not-found');
    await shot(page, 'deal-not-found');

    // The same URL opens for the deal's owner.
    await signIn(page, 'sales4@example.com', { path: `/deals/${deal.id}` });
    await page.getByRole('heading', { name: deal.title }).first().waitFor();
    // The ledger of the first rep never lists it either.
    await signIn(page, 'sales@example.com');
    const listed = await apiGet<{ items: { id: string }[] }>(
      page,
      `/api/deals?q=${encodeURIComponent(deal.title)}&limit=100`,
    );
    expect(listed.items.some((d) => d.id === deal.id)).toBe(false);
  });

  it('admin settings, today and every role-less page pass the accessibility scan', async () => {
    const { page } = h;
    await signIn(page, 'admin@example.com', { path: '/settings' });
    await settle(page);
    expect(page.url()).toContain('/settings');
    await checkA11y(page, 'settings');
    await shot(page, 'settings');

    await signIn(page, 'sales@example.com', { path: '/today' });
    await page
      .getByRole('heading', { name: msg('zh-CN', 'today.title') })
      .first()
      .waitFor();
    await settle(page);
    await checkA11y(page, 'today');
    await shot(page, 'today');
    expect(h.pageErrors).toEqual([]);
  });
});
