import { afterEach } from 'vitest';
import { currentHarness, shot } from './harness.js';

// When a browser test fails, keep what the page looked like: a screenshot (e2e/screenshots/failed-*.png)
// and, for a run whose files are gone afterwards, a line on the console with the page's state.
afterEach(async (context) => {
  const harness = currentHarness();
  if (context.task.result?.state !== 'fail' || !harness) return;
  const page = harness.page;
  const name = `failed-${context.task.name.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60)}`;
  await shot(page, name).catch(() => undefined);
  const state = await page
    .evaluate(() => ({
      url: location.href,
      focused: document.activeElement?.outerHTML.slice(0, 200),
      dialogs: [...document.querySelectorAll('[role="dialog"]')].map((d) => (d.textContent ?? '').slice(0, 80)),
      popups: [...document.querySelectorAll('.ant-picker-dropdown, .ant-select-dropdown')].map((d) => d.className),
      errors: [...document.querySelectorAll('.ant-form-item-explain-error, [role="alert"]')].map((d) =>
        (d.textContent ?? '').slice(0, 120),
      ),
    }))
    .catch((error: unknown) => ({ unavailable: String(error) }));
  console.error(
    `[e2e] ${context.task.name}: page state at failure ${JSON.stringify(state)}; page errors ${JSON.stringify(harness.pageErrors)}`,
  );
});
