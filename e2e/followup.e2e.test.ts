import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  btn,
  checkA11y,
  DESKTOP,
  dayFromToday,
  type Harness,
  msg,
  PHONE,
  pickDate,
  settle,
  shot,
  signIn,
  startHarness,
  waitForLedger,
} from './harness.js';

interface DealRow {
  id: string;
  title: string;
  stage: string;
}
interface FollowupRow {
  verbatim: string;
}

const L = 'zh-CN' as const;

/** Follow-ups: the field error next to the field, the timeline, the offline outbox, and phone width. */
describe('follow-ups', () => {
  let h: Harness;
  let mine: DealRow[];
  beforeAll(async () => {
    h = await startHarness({ locale: L });
    await signIn(h.page, 'sales@example.com');
    const me = await apiGet<{ id: string }>(h.page, '/api/me');
    mine = (await apiGet<{ items: DealRow[] }>(h.page, `/api/deals?ownerId=${me.id}&status=open&limit=10`)).items;
    expect(mine.length).toBeGreaterThan(3);
  });
  afterAll(async () => {
    await h?.close();
  });

  const drawer = () => h.page.getByRole('dialog').filter({ hasText: msg(L, 'followup.title') });
  const formItem = (label: string) =>
    drawer()
      .locator('.ant-form-item')
      .filter({ has: h.page.getByLabel(label, { exact: true }) });
  const timeline = () => h.page.getByRole('list', { name: msg(L, 'deal.tab.timeline') });
  const followupsOf = async (id: string) =>
    (await apiGet<{ items: FollowupRow[] }>(h.page, `/api/deals/${id}/followups`)).items.map((f) => f.verbatim);

  it('shows the error next to an empty verbatim, keeps what was typed, then saves into the timeline', async () => {
    const { page } = h;
    const deal = mine[0];
    await page.goto(h.url(`/deals/${deal.id}`));
    await page.getByRole('heading', { name: deal.title }).first().waitFor();
    await settle(page);
    await checkA11y(page, 'deal');
    await shot(page, 'deal');

    await page.getByRole('button', { name: btn(msg(L, 'deal.recordFollowup')) }).click();
    await drawer().waitFor();
    await drawer().getByLabel(msg(L, 'followup.nextStep'), { exact: true }).fill('周五前把报价单发给采购');
    await pickDate(page, drawer().getByLabel(msg(L, 'followup.nextStepDue'), { exact: true }), dayFromToday(3));
    await drawer()
      .getByRole('button', { name: btn(msg(L, 'followup.save')) })
      .click();

    const error = formItem(msg(L, 'followup.verbatim')).locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect((await error.innerText()).trim().length).toBeGreaterThan(0);
    expect(await drawer().getByLabel(msg(L, 'followup.nextStep'), { exact: true }).inputValue()).toBe(
      '周五前把报价单发给采购',
    );
    // The keyboard lands on the field to fix.
    await expect
      .poll(() =>
        drawer()
          .getByLabel(msg(L, 'followup.verbatim'), { exact: true })
          .evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
    await checkA11y(page, 'followup-error');
    await shot(page, 'followup-error');

    const words = `客户说：预算已批，下周二前给答复（e2e ${Date.now()}）`;
    await drawer().getByLabel(msg(L, 'followup.verbatim'), { exact: true }).fill(words);
    await drawer()
      .getByRole('button', { name: btn(msg(L, 'followup.save')) })
      .click();
    await drawer().waitFor({ state: 'hidden' });
    await timeline().getByText(words).waitFor();
    expect(await followupsOf(deal.id)).toContain(words);
    await shot(page, 'deal-timeline');
  });

  it('offline: the follow-up is kept on the device, then sent when the connection returns', async () => {
    const { page, context } = h;
    const deal = mine[1];
    await page.goto(h.url(`/deals/${deal.id}`));
    await page.getByRole('heading', { name: deal.title }).first().waitFor();
    await settle(page);

    const words = `离线记录：客户要求再压价 5%（e2e ${Date.now()}）`;
    await context.setOffline(true);
    try {
      await page.getByText(msg(L, 'shell.offline')).waitFor();
      await page.getByRole('button', { name: btn(msg(L, 'deal.recordFollowup')) }).click();
      await drawer().waitFor();
      await drawer().getByLabel(msg(L, 'followup.verbatim'), { exact: true }).fill(words);
      await drawer().getByLabel(msg(L, 'followup.nextStep'), { exact: true }).fill('下周一回电确认');
      await pickDate(page, drawer().getByLabel(msg(L, 'followup.nextStepDue'), { exact: true }), dayFromToday(4));
      await drawer()
        .getByRole('button', { name: btn(msg(L, 'followup.save')) })
        .click();
      await page.getByText(msg(L, 'followup.queued')).first().waitFor();
      await drawer().waitFor({ state: 'hidden' });
      // Waiting to send: counted in the shell.
      await page
        .locator(`[title="${msg(L, 'shell.pending', { count: 1 })}"]`)
        .first()
        .waitFor();
      await shot(page, 'offline-queued');
    } finally {
      await context.setOffline(false);
    }
    // Back online: the outbox sends it, the counter goes away, and the timeline has it.
    await page.waitForFunction(
      (title) => !document.querySelector(`[title="${title}"]`),
      msg(L, 'shell.pending', { count: 1 }),
      { timeout: 20_000 },
    );
    await expect.poll(() => followupsOf(deal.id), { timeout: 10_000 }).toContain(words);
    await page.reload();
    await timeline().getByText(words).waitFor();
    await shot(page, 'offline-sent');
  });

  it('works at phone width: open from the ledger card list, fill, save', async () => {
    const { page } = h;
    await page.setViewportSize(PHONE);
    try {
      await page.goto(h.url('/ledger?ownerId=me&status=open'));
      await waitForLedger(page);
      await settle(page);
      await checkA11y(page, 'ledger-phone');
      await shot(page, 'ledger-phone');
      const card = page
        .locator('main ul > li')
        .filter({ has: page.getByRole('button', { name: btn(msg(L, 'card.followup')) }) })
        .first();
      const title = (await card.getByRole('link').first().innerText()).trim();
      await card.getByRole('button', { name: btn(msg(L, 'card.followup')) }).click();
      await drawer().waitFor();
      // Full width, one column, large touch targets.
      const box = (await drawer().boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(PHONE.width - 2);
      const save = drawer().getByRole('button', { name: btn(msg(L, 'followup.save')) });
      expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);

      const words = `手机上记录：对方说月底前定（e2e ${Date.now()}）`;
      await drawer().getByLabel(msg(L, 'followup.verbatim'), { exact: true }).fill(words);
      await drawer().getByLabel(msg(L, 'followup.nextStep'), { exact: true }).fill('月底前电话确认');
      await pickDate(page, drawer().getByLabel(msg(L, 'followup.nextStepDue'), { exact: true }), dayFromToday(5));
      await checkA11y(page, 'followup-phone');
      await shot(page, 'followup-phone');
      await save.click();
      await drawer().waitFor({ state: 'hidden' });
      await page.getByText(msg(L, 'followup.saved')).first().waitFor();

      await page.getByRole('link', { name: title }).first().click();
      await page.getByRole('heading', { name: title }).first().waitFor();
      await timeline().getByText(words).waitFor();
      await shot(page, 'deal-phone');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    expect(h.pageErrors).toEqual([]);
  });
});
