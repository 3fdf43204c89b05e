import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  btn,
  checkA11y,
  type Harness,
  LEDGER_ROW,
  msg,
  pickOption,
  settle,
  shot,
  signIn,
  startHarness,
  waitForLedger,
} from './harness.js';

const RED = 'rgb(212, 56, 13)';

/** The ledger: filters live in the URL, the status light explains itself, paging is keyset. */
describe('ledger', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await h?.close();
  });

  // The status light of each row (LightDot: role img, its label starts with the colour's name).
  const LIGHT_NAME = new RegExp(
    `^(${['red', 'yellow', 'green'].map((c) => msg('zh-CN', `light.${c}` as 'light.red')).join('|')})`,
  );
  const lightLabels = async () =>
    (
      await h.page
        .locator(`${LEDGER_ROW} [role="img"][aria-label]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
    ).filter((label) => LIGHT_NAME.test(label));

  it('filters by red; a reload restores the filter from the URL', async () => {
    const { page } = h;
    await signIn(page, 'manager@example.com');
    await waitForLedger(page);
    await pickOption(page, msg('zh-CN', 'filter.light'), msg('zh-CN', 'light.red'));
    await page.waitForURL(/[?&]light=red/);
    await settle(page);
    const labels = await lightLabels();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.filter((label) => !label.startsWith(msg('zh-CN', 'light.red')))).toEqual([]);
    await shot(page, 'ledger-red');

    await page.reload();
    await waitForLedger(page);
    await settle(page);
    expect(new URL(page.url()).searchParams.get('light')).toBe('red');
    // The select shows the filter, and only red deals are listed.
    const select = page.locator('.ant-select', { has: page.getByLabel(msg('zh-CN', 'filter.light'), { exact: true }) });
    expect(await select.innerText()).toContain(msg('zh-CN', 'light.red'));
    const after = await lightLabels();
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((label) => !label.startsWith(msg('zh-CN', 'light.red')))).toEqual([]);
    await checkA11y(page, 'ledger-filtered');
  });

  it('a stalled deal shows red, and hovering the light tells why (停滞)', async () => {
    const { page } = h;
    await page.goto(h.url('/ledger?light=red&status=open'));
    await waitForLedger(page);
    await settle(page);
    let dot = page.locator(`${LEDGER_ROW} [role="img"][aria-label*="停滞"]`).first();
    for (let i = 0; i < 5 && (await dot.count()) === 0; i++) {
      await page.getByRole('button', { name: btn(msg('zh-CN', 'ledger.next')) }).click();
      await settle(page);
      dot = page.locator(`${LEDGER_ROW} [role="img"][aria-label*="停滞"]`).first();
    }
    expect(await dot.count()).toBe(1);
    const colour = await dot
      .locator('span')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe(RED);
    await dot.hover();
    const tip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').filter({ hasText: '停滞' });
    await tip.waitFor({ state: 'visible' });
    expect(await tip.innerText()).toMatch(/停滞/);
    await shot(page, 'ledger-stalled-tooltip');

    // In English the same reason reads "Stalled" (reasons are server text: reload so the list is fetched in English).
    await page.locator('header').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: msg('en', 'ledger.title') }).waitFor();
    await page.reload();
    await waitForLedger(page);
    await settle(page);
    const enDot = page.locator(`${LEDGER_ROW} [role="img"][aria-label*="Stalled"]`).first();
    await enDot.waitFor();
    await enDot.hover();
    await page
      .locator('.ant-tooltip:not(.ant-tooltip-hidden)')
      .filter({ hasText: 'Stalled' })
      .waitFor({ state: 'visible' });
    await page.locator('header').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: msg('zh-CN', 'ledger.title') }).waitFor();
  });

  it('pages through the table with next / previous', async () => {
    const { page } = h;
    await page.goto(h.url('/ledger'));
    await waitForLedger(page);
    await settle(page);
    const firstKeys = await page
      .locator(LEDGER_ROW)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));
    expect(firstKeys.length).toBeGreaterThan(10);
    await page.getByRole('button', { name: btn(msg('zh-CN', 'ledger.next')) }).click();
    await page.waitForFunction(
      ({ selector, first }) => document.querySelector(selector)?.getAttribute('data-row-key') !== first,
      { selector: LEDGER_ROW, first: firstKeys[0] },
    );
    const secondKeys = await page
      .locator(LEDGER_ROW)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));
    expect(secondKeys.some((k) => firstKeys.includes(k))).toBe(false);
    await page.getByRole('button', { name: btn(msg('zh-CN', 'ledger.prev')) }).click();
    await page.waitForFunction(
      ({ selector, first }) => document.querySelector(selector)?.getAttribute('data-row-key') === first,
      { selector: LEDGER_ROW, first: firstKeys[0] },
    );
    expect(h.pageErrors).toEqual([]);
  });
});
