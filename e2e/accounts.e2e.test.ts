import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  btn,
  checkA11y,
  type Harness,
  LEDGER_ROW,
  msg,
  settle,
  shot,
  signIn,
  startHarness,
  waitForLedger,
} from './harness.js';

const L = 'zh-CN' as const;

/** From nothing to a deal: an account, a contact on its decision chain, and a deal for it in the ledger. */
describe('accounts, contacts and deals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: L });
  });
  afterAll(async () => {
    await h?.close();
  });

  const stamp = Date.now().toString(36).slice(-5);
  const accountName = `杭州云栖测试科技有限公司${stamp}`;
  const dealTitle = `云栖 仓储系统一期 ${stamp}`;
  const dialog = (title: string) => h.page.getByRole('dialog').filter({ hasText: title });

  it('creates an account from the accounts page and opens it', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: '/accounts' });
    await page.getByRole('heading', { name: msg(L, 'accounts.title'), exact: true }).waitFor();
    await settle(page);
    await checkA11y(page, 'accounts');
    await shot(page, 'accounts');

    await page
      .getByRole('button', { name: btn(msg(L, 'accounts.new')) })
      .first()
      .click();
    const form = dialog(msg(L, 'accounts.formTitleNew'));
    await form.waitFor();
    await form.getByLabel(msg(L, 'accounts.name'), { exact: true }).fill(accountName);
    await form.getByLabel(msg(L, 'accounts.region'), { exact: true }).fill('浙江杭州');
    await checkA11y(page, 'account-form');
    await form.getByRole('button', { name: btn(msg(L, 'common.save')) }).click();
    await page.waitForURL(/\/accounts\/[^/?]+/);
    await page.getByRole('heading', { name: accountName }).waitFor();
    await settle(page);
    await checkA11y(page, 'account');
    await shot(page, 'account');
  });

  it('adds a contact to the account', async () => {
    const { page } = h;
    await page
      .getByRole('button', { name: btn(msg(L, 'contact.new')) })
      .first()
      .click();
    const form = dialog(msg(L, 'contact.new'));
    await form.waitFor();
    await form.getByLabel(msg(L, 'contact.name'), { exact: true }).fill('王晓明');
    await form.getByLabel(msg(L, 'contact.title'), { exact: true }).fill('采购经理');
    await form.getByRole('button', { name: btn(msg(L, 'common.save')) }).click();
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('main').first().getByText('王晓明').first().waitFor();
    const accountId = new URL(page.url()).pathname.split('/').pop()!;
    const account = await apiGet<{ contacts: { name: string; title: string | null }[] }>(
      page,
      `/api/accounts/${accountId}`,
    );
    expect(account.contacts.map((c) => c.name)).toContain('王晓明');
    await shot(page, 'account-with-contact');
  });

  it('creates a deal for the account from the ledger', async () => {
    const { page } = h;
    const accountUrl = page.url();
    await page.goto(h.url('/ledger'));
    await waitForLedger(page);
    await page
      .getByRole('button', { name: btn(msg(L, 'ledger.new')) })
      .first()
      .click();
    const form = dialog(msg(L, 'dealForm.title'));
    await form.waitFor();
    await form.getByLabel(msg(L, 'dealForm.dealTitle'), { exact: true }).fill(dealTitle);
    const account = form.getByLabel(msg(L, 'dealForm.account'), { exact: true });
    await account.click();
    await account.fill(accountName.slice(0, 6));
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: accountName,
    });
    await option.first().click();
    await form.getByLabel(msg(L, 'dealForm.amount'), { exact: true }).fill('125000');
    // The form as the user sees it: the account's option list has closed (axe would judge its leftover hidden list).
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
    await checkA11y(page, 'deal-form');
    await shot(page, 'deal-form');
    await form.getByRole('button', { name: btn(msg(L, 'dealForm.submit')) }).click();
    await form.waitFor({ state: 'hidden' });

    // Newest first: the deal is in the ledger, with its account and the amount in short form.
    const row = page.locator(LEDGER_ROW, { hasText: dealTitle });
    await row.waitFor();
    expect(await row.innerText()).toContain(accountName.slice(0, 8));
    expect(await row.innerText()).toContain('¥12.5万');
    await shot(page, 'ledger-new-deal');

    // And on the account page.
    await page.goto(accountUrl);
    await page.getByRole('link', { name: dealTitle }).waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});
