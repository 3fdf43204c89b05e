import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, btn, checkA11y, type Harness, msg, re, settle, shot, signIn, startHarness } from './harness.js';

interface StalledItem {
  id: string;
  title: string;
  riskFlag: boolean;
  ownerId: string;
  ownerName: string;
}
interface Stalled {
  total: number;
  items: StalledItem[];
}

/** Weekly review (周复盘): stalled deals of the demo, flag at risk, assign a task, export; reports page charts. */
describe('weekly review and reports', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const openReview = async () => {
    await signIn(h.page, 'manager@example.com', { path: '/review' });
    await h.page.getByRole('heading', { level: 1, name: msg('zh-CN', 'review.title') }).waitFor();
    await h.page.locator('.ant-table-row').first().waitFor();
    await settle(h.page);
  };

  it('lists the demo’s stalled deals, flags one at risk with a reason and shows it red', async () => {
    const { page } = h;
    await openReview();
    const report = await apiGet<Stalled>(page, '/api/reports/stalled?days=7');
    expect(report.total).toBeGreaterThan(0);
    expect(await page.getByTestId('stalled-total').textContent()).toBe(String(report.total));
    const target = report.items.find((item) => !item.riskFlag)!;
    const row = page.locator(`tr[data-row-key="${target.id}"]`);
    await row.waitFor();
    await checkA11y(page, 'review');
    await shot(page, 'review');

    await row.getByRole('button', { name: msg('zh-CN', 'review.flagFor', { title: target.title }) }).click();
    const dialog = page
      .getByRole('dialog')
      .filter({ hasText: msg('zh-CN', 'review.flagFor', { title: target.title }) });
    // An empty reason is refused next to the field.
    await dialog.getByRole('button', { name: btn(msg('zh-CN', 'review.flagSave')) }).click();
    await dialog.getByText(msg('zh-CN', 'review.flagReasonRequired')).waitFor();
    await dialog.getByLabel(msg('zh-CN', 'review.flagReason')).fill('客户预算冻结，决策人离职');
    await page.mouse.move(0, 0);
    await checkA11y(page, 'review-flag');
    await dialog.getByRole('button', { name: btn(msg('zh-CN', 'review.flagSave')) }).click();
    await dialog.waitFor({ state: 'hidden' });

    await row.getByText(`${msg('zh-CN', 'review.flagged')}：客户预算冻结，决策人离职`).waitFor();
    await expect
      .poll(() => row.getByRole('img').first().getAttribute('aria-label'))
      .toMatch(new RegExp(`^${msg('zh-CN', 'light.red')}.*客户预算冻结`));
    const deal = await apiGet<{ riskFlag: boolean; riskReason: string; light: { color: string } }>(
      page,
      `/api/deals/${target.id}`,
    );
    expect(deal).toMatchObject({ riskFlag: true, riskReason: '客户预算冻结，决策人离职', light: { color: 'red' } });
    await shot(page, 'review-flagged');
    expect(h.pageErrors).toEqual([]);
  });

  it('assigns a task from a row, groups by owner and downloads the Excel workbook', async () => {
    const { page } = h;
    await openReview();
    const report = await apiGet<Stalled>(page, '/api/reports/stalled?days=7');
    const target = report.items[0]!;
    const row = page.locator(`tr[data-row-key="${target.id}"]`);
    await row.getByRole('button', { name: msg('zh-CN', 'review.assignFor', { title: target.title }) }).click();
    const dialog = page
      .getByRole('dialog')
      .filter({ hasText: msg('zh-CN', 'review.assignFor', { title: target.title }) });
    const title = dialog.getByLabel(msg('zh-CN', 'review.taskTitle'));
    expect(await title.inputValue()).toContain(target.title);
    await title.fill('周五前约客户复盘');
    await checkA11y(page, 'review-assign');
    await dialog.getByRole('button', { name: btn(msg('zh-CN', 'review.assignSave')) }).click();
    await page.getByText(msg('zh-CN', 'review.assignDone', { name: target.ownerName })).waitFor();
    const tasks = await apiGet<{
      items: { title: string; assigneeId: string; dealId: string; dueAt: string | null }[];
    }>(page, `/api/tasks?dealId=${target.id}`);
    expect(tasks.items.find((task) => task.title === '周五前约客户复盘')).toMatchObject({
      assigneeId: target.ownerId,
      dealId: target.id,
    });

    await page.getByText(msg('zh-CN', 'review.groupOwner'), { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: re(`${target.ownerName} · `) }).waitFor();
    expect(new URL(page.url()).searchParams.get('group')).toBe('owner');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: btn(msg('zh-CN', 'review.export')) }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^周复盘-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(h.pageErrors).toEqual([]);
  });

  it('shows the reports page in English: update-rate charts, per-rep and per-team tables, pipeline', async () => {
    const { page } = h;
    await signIn(page, 'manager@example.com', { path: '/reports' });
    await page.locator('.tz-chart svg').first().waitFor();
    await settle(page);
    await checkA11y(page, 'reports');
    await shot(page, 'reports', { fullPage: true });

    await signIn(page, 'manager@example.com', { path: '/reports', lang: 'en' });
    await page.getByRole('heading', { level: 1, name: msg('en', 'reports.title') }).waitFor();
    await page.locator('.tz-chart svg').first().waitFor();
    await settle(page);
    expect(await page.locator('.tz-chart').count()).toBe(3);
    const weekChart = page.getByRole('img', { name: re(`${msg('en', 'reports.week')}:`) });
    expect(await weekChart.getAttribute('aria-label')).toMatch(/\d+%|–/);
    const reps = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: msg('en', 'reports.rep') }) });
    await reps.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await reps.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.getByRole('columnheader', { name: msg('en', 'reports.weighted') }).waitFor();
    await shot(page, 'reports-en', { fullPage: true });
    expect(h.pageErrors).toEqual([]);
  });
});
