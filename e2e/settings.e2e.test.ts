import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  btn,
  checkA11y,
  type Harness,
  msg,
  pickOption,
  settle,
  shot,
  signIn,
  startHarness,
} from './harness.js';

interface Stage {
  key: string;
  kind: 'open' | 'won' | 'lost';
  name: { zh: string; en: string };
}
interface Pipeline {
  stages: Stage[];
  version: number;
}

/** Settings → pipeline stages: add, reorder by keyboard, remove (deals must go somewhere), stale version. */
describe('pipeline settings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const openSettings = async () => {
    await signIn(h.page, 'admin@example.com', { path: '/settings?tab=pipeline' });
    await h.page.getByRole('button', { name: btn(msg('zh-CN', 'pipeline.add')) }).waitFor();
    await settle(h.page);
  };
  const saveButton = () => h.page.getByRole('button', { name: btn(msg('zh-CN', 'pipeline.save')) });

  it('adds a stage, moves it up with the keyboard, saves, and the board shows it as a column', async () => {
    const { page } = h;
    await openSettings();
    await checkA11y(page, 'settings-pipeline');

    await page.getByRole('button', { name: btn(msg('zh-CN', 'pipeline.add')) }).click();
    // The new row's Chinese name has focus.
    await page.keyboard.type('方案演示');
    await page.getByLabel(`${msg('zh-CN', 'pipeline.nameEn')} ${msg('zh-CN', 'pipeline.newStage')}`).fill('Demo');
    await pickOption(page, `${msg('zh-CN', 'pipeline.probability')} 方案演示`, '50%');

    // Up once with the move-up button (Enter on the focused button), once with the drag handle (Space, ↑, Space).
    await page.getByRole('button', { name: msg('zh-CN', 'pipeline.moveUp', { name: '方案演示' }) }).focus();
    await page.keyboard.press('Enter');
    const handle = page.getByRole('button', { name: msg('zh-CN', 'pipeline.drag', { name: '方案演示' }) });
    await handle.focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(150);
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(250);
    await page.keyboard.press('Space');
    const names = () =>
      page
        .locator('.ant-table-tbody tr[data-row-key]')
        .evaluateAll((rows) =>
          rows.map(
            (row) =>
              (row.querySelector('td:nth-child(3) input') as HTMLInputElement | null)?.value ??
              row.querySelector('td:nth-child(3)')?.textContent ??
              '',
          ),
        );
    await expect.poll(names).toEqual(['潜在客户', '需求确认', '方案演示', '方案报价', '谈判签约', '赢单', '输单']);
    await checkA11y(page, 'settings-pipeline-added');
    await shot(page, 'settings-pipeline-added');

    await saveButton().click();
    await page.getByText(msg('zh-CN', 'pipeline.saved')).first().waitFor();
    const saved = await apiGet<Pipeline>(page, '/api/pipeline');
    expect(saved.stages.map((s) => s.key)).toEqual([
      'lead',
      'qualified',
      'demo',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    expect(saved.stages[2]).toMatchObject({ name: { zh: '方案演示', en: 'Demo' }, kind: 'open', probability: 50 });
    await page.locator('tr[data-row-key="demo"] code', { hasText: 'demo' }).waitFor();

    // Through the menu (no reload): the board must not keep the stages it cached before.
    await page
      .locator('header')
      .getByRole('link', { name: msg('zh-CN', 'nav.board') })
      .first()
      .click();
    await page.getByRole('heading', { name: msg('zh-CN', 'board.title') }).waitFor();
    await page.getByRole('list', { name: msg('zh-CN', 'board.columnCards', { stage: '方案演示' }) }).waitFor();
    const columns = await page.locator('main section[aria-labelledby] h2').allTextContents();
    expect(columns).toEqual(['潜在客户', '需求确认', '方案演示', '方案报价', '谈判签约', '赢单', '输单']);
    expect(h.pageErrors).toEqual([]);
  });

  it('refuses to remove a stage deals have moved into meanwhile, naming it and the count, keeps the edits, then moves the deals', async () => {
    const { page } = h;
    await openSettings();
    // The page read "方案演示" as empty; then two deals are moved into it (by someone else).
    const moved = await h.db.kysely
      .selectFrom('deals')
      .select('id')
      .where('stage', '=', 'lead')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(2)
      .execute();
    await h.db.kysely
      .updateTable('deals')
      .set({ stage: 'demo' })
      .where(
        'id',
        'in',
        moved.map((d) => d.id),
      )
      .execute();

    const qualifiedEn = page.getByLabel(`${msg('zh-CN', 'pipeline.nameEn')} qualified`);
    await qualifiedEn.fill('Qualified (BANT)');
    await page.getByRole('button', { name: msg('zh-CN', 'pipeline.remove', { name: '方案演示' }) }).click();
    await page.locator('tr[data-row-key="demo"]').getByText(msg('zh-CN', 'pipeline.noDeals')).waitFor();
    await saveButton().click();

    const refusal = '阶段「方案演示」（demo）还有 2 个商机：请选择把它们移到哪个阶段，再删除';
    await page.locator('tr[data-row-key="demo"]').getByText(refusal).waitFor();
    await page.getByRole('alert').filter({ hasText: '仍有商机处于要删除或改变类型的阶段' }).waitFor();
    expect(await qualifiedEn.inputValue()).toBe('Qualified (BANT)');
    expect((await apiGet<Pipeline>(page, '/api/pipeline')).stages.map((s) => s.key)).toContain('demo');
    await checkA11y(page, 'settings-pipeline-refused');
    await shot(page, 'settings-pipeline-refused');

    await pickOption(page, msg('zh-CN', 'pipeline.moveToLabel', { name: '方案演示' }), '需求确认');
    await saveButton().click();
    await page
      .getByText(msg('zh-CN', 'pipeline.savedMoved', { n: 2 }))
      .first()
      .waitFor();
    const saved = await apiGet<Pipeline>(page, '/api/pipeline');
    expect(saved.stages.map((s) => s.key)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
    expect(saved.stages[1]!.name.en).toBe('Qualified (BANT)');
    for (const { id } of moved)
      expect((await apiGet<{ stage: string }>(page, `/api/deals/${id}`)).stage).toBe('qualified');
    expect(h.pageErrors).toEqual([]);
  });

  it('keeps what was typed when another admin saved first, in English too', async () => {
    const { page } = h;
    await signIn(page, 'admin@example.com', { path: '/settings?tab=pipeline', lang: 'en' });
    await page.getByRole('button', { name: btn(msg('en', 'pipeline.add')) }).waitFor();
    await settle(page);
    const leadEn = page.getByLabel(`${msg('en', 'pipeline.nameEn')} lead`);
    await leadEn.fill('Prospect');
    await page.getByRole('button', { name: btn(msg('en', 'pipeline.add')) }).click();
    await page.keyboard.type('   ');
    await page.getByRole('button', { name: btn(msg('en', 'pipeline.save')) }).click();
    // A blank name is refused next to the field, before anything is sent.
    await page.getByText(msg('en', 'common.required')).first().waitFor();
    await page
      .getByRole('button', { name: msg('en', 'pipeline.remove', { name: msg('en', 'pipeline.newStage') }) })
      .click();

    await h.db.kysely
      .updateTable('organisations')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .execute();
    await page.getByRole('button', { name: btn(msg('en', 'pipeline.save')) }).click();
    await page.getByText(msg('en', 'pipeline.conflict')).waitFor();
    expect(await leadEn.inputValue()).toBe('Prospect');
    await checkA11y(page, 'settings-pipeline-conflict-en');
    await shot(page, 'settings-pipeline-conflict-en');
    await page.getByRole('button', { name: btn(msg('en', 'pipeline.save')) }).click();
    await page.getByText(msg('en', 'pipeline.saved')).first().waitFor();
    expect((await apiGet<Pipeline>(page, '/api/pipeline')).stages[0]!.name.en).toBe('Prospect');
    expect(h.pageErrors).toEqual([]);
  });
});
