import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, btn, checkA11y, type Harness, msg, settle, shot, signIn, startHarness } from './harness.js';

interface Stage {
  key: string;
  kind: 'open' | 'won' | 'lost';
  name: { zh: string; en: string };
}

/** The board: drag a deal to Lost, give the reason, and the card lands there. */
describe('board', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('drags a deal to Lost and records the loss reason in the modal', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com', { path: '/board' });
    await page.getByRole('heading', { name: msg('zh-CN', 'board.title') }).waitFor();
    await settle(page);
    await checkA11y(page, 'board');
    await shot(page, 'board');

    const pipeline = await apiGet<{ stages: Stage[] } | Stage[]>(page, '/api/pipeline');
    const stages = Array.isArray(pipeline) ? pipeline : pipeline.stages;
    const lost = stages.find((s) => s.kind === 'lost')!;
    const firstOpen = stages.find((s) => s.kind === 'open')!;
    const sourceList = page.getByRole('list', {
      name: msg('zh-CN', 'board.columnCards', { stage: firstOpen.name.zh }),
    });
    const lostList = page.getByRole('list', { name: msg('zh-CN', 'board.columnCards', { stage: lost.name.zh }) });
    const card = sourceList.locator('[data-deal-id]').first();
    await card.waitFor();
    const dealId = (await card.getAttribute('data-deal-id'))!;
    const handle = card.getByRole('button', { name: /^拖动商机：/ });

    // dnd-kit's pointer sensor: press, move past the activation distance, travel in steps, release.
    const from = (await handle.boundingBox())!;
    const to = (await lostList.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 4, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + Math.min(120, to.height / 2), { steps: 25 });
    await page.mouse.up();

    const modal = page
      .getByRole('dialog')
      .filter({ hasText: msg('zh-CN', 'deal.move.title', { stage: lost.name.zh }) });
    await modal.waitFor();
    await checkA11y(page, 'board-loss-modal');
    await shot(page, 'board-loss-modal');
    // Confirming without a reason is refused next to the field.
    await modal.getByRole('button', { name: btn(msg('zh-CN', 'deal.move.confirm')) }).click();
    await modal.getByText(msg('zh-CN', 'deal.move.lossRequired')).waitFor();
    await modal.getByLabel(msg('zh-CN', 'deal.field.lossReason')).click();
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    await dropdown.locator('.ant-select-item-option').first().click();
    await modal.getByRole('button', { name: btn(msg('zh-CN', 'deal.move.confirm')) }).click();
    await modal.waitFor({ state: 'hidden' });

    await lostList.locator(`[data-deal-id="${dealId}"]`).waitFor();
    expect(await sourceList.locator(`[data-deal-id="${dealId}"]`).count()).toBe(0);
    const saved = await apiGet<{ stage: string; lossReason: string | null }>(page, `/api/deals/${dealId}`);
    expect(saved.stage).toBe(lost.key);
    expect(saved.lossReason).toBeTruthy();
    await shot(page, 'board-after-lost');
    expect(h.pageErrors).toEqual([]);
  });
});
