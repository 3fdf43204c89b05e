/**
 * Browser-test harness: a REAL server (buildApp, as `taizhang serve` builds it) on 127.0.0.1 with a fresh
 * SQLite database seeded with the demo organisation, and Debian's chromium driven by playwright-core.
 * One server + one browser per spec file; specs sign in as different demo users in turn.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD, type DemoUser, seedDemo } from '../src/commands/seed-demo.js';
import { searchTokens } from '../src/domain/search-tokens.js';
import { createNotifiers, sendNotification } from '../src/jobs/notifiers/index.js';
import { buildApp } from '../src/server/app.js';
import { createDb, type Db } from '../src/store/db.js';
import { newId } from '../src/store/ids.js';
import { migrate } from '../src/store/migrate.js';
import { loadStages } from '../src/store/queries/org.js';
import type { DealRow } from '../src/store/schema.js';
import { catalogue, type Lang, type MessageKey } from '../src/web/i18n/catalogue.js';
import { ensureWebBuilt, ROOT, WEB_DIST } from './web-build.js';

export { DEMO_PASSWORD };
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOT_DIR = path.join(ROOT, 'e2e/screenshots');
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const TIMEZONE = 'Asia/Shanghai';

/** A message of the web app's catalogue, as the page shows it. */
export function msg(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  let text: string = catalogue[lang][key] ?? key;
  if (vars) for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/**
 * A button's accessible name: antd puts a space between the two characters of a two-character Chinese
 * label (登录 → 登 录), so match the characters with optional spaces between them.
 */
export function btn(text: string): RegExp {
  // An icon inside the button lends its name first ("plus 新建客户"): allow one leading word.
  return new RegExp(
    `^(?:\\S+\\s+)?${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')}\\s*$`,
  );
}

/** Escapes text for use inside a RegExp (for partial label matches). */
export function re(text: string, flags = ''): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
}

export interface ServerHandle {
  baseUrl: string;
  db: Db;
  orgId: string;
  users: DemoUser[];
  dataDir: string;
  close(): Promise<void>;
}

/** The app on a random port of 127.0.0.1 with its own SQLite file, seeded with the demo organisation (now = real now). */
export async function startServer(options: { seed?: boolean } = {}): Promise<ServerHandle> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-e2e-'));
  const db = await createDb(`sqlite:${path.join(dataDir, 'e2e.db')}`);
  await migrate(db);
  let orgId = '';
  let users: DemoUser[] = [];
  if (options.seed !== false) {
    const result = await seedDemo(db.kysely, { now: new Date(), timezone: TIMEZONE });
    orgId = result.orgId;
    users = result.users;
  }
  // Channels send for real, as `taizhang serve` sets them up (a spec points them at a local receiver).
  const notifiers = createNotifiers();
  const app = await buildApp({
    db,
    dataDir,
    webRoot: WEB_DIST,
    channelSender: (channel, message, now) => sendNotification(notifiers, channel, { ...message }, now),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    orgId,
    users,
    dataDir,
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SeededDeal {
  id: string;
  title: string;
  stage: string;
  amount: number;
}

/**
 * Many open deals at once, straight into the server's database (multi-row inserts in one transaction, not
 * one HTTP call each): the demo's own deals are deleted first, so the organisation holds exactly these.
 * `perStage` maps a stage key to how many deals it gets; owners rotate over the sales reps. Within a stage
 * the deals are returned newest first (updated_at falls by a minute per deal), as the board lists them.
 */
export async function seedOpenDeals(server: ServerHandle, perStage: Record<string, number>): Promise<SeededDeal[]> {
  const db = server.db.kysely;
  const now = Date.now();
  const stages = await loadStages(db, server.orgId);
  const reps = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', server.orgId)
    .where('role', '=', 'sales')
    .orderBy('email')
    .execute();
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows: DealRow[] = [];
  for (const [key, count] of Object.entries(perStage)) {
    const stage = stages.find((s) => s.key === key);
    if (!stage || stage.kind !== 'open') throw new Error(`seedOpenDeals: ${key} is not an open stage`);
    for (let i = 0; i < count; i++) {
      const n = rows.length;
      const title = `批量商机 ${key} ${String(i + 1).padStart(4, '0')}`;
      rows.push({
        id: newId(now),
        org_id: server.orgId,
        account_id: null,
        title,
        owner_id: reps[n % reps.length]!.id,
        stage: key,
        // Whole yuan from 1,000 to 500,000, varied but reproducible.
        amount: (((n * 7919) % 500) + 1) * 1000_00,
        currency: 'CNY',
        probability: stage.probability,
        expected_close_date: iso(now + (30 + (n % 90)) * 86_400_000).slice(0, 10),
        closed_at: null,
        loss_reason: null,
        risk_flag: 0,
        risk_reason: null,
        source: null,
        competitors: '[]',
        custom: '{}',
        next_step: '电话回访',
        next_step_due: iso(now + 5 * 86_400_000).slice(0, 10),
        last_followup_at: iso(now - 3_600_000),
        last_activity_at: iso(now - 3_600_000),
        next_payment_due: null,
        stage_entered_at: iso(now - 86_400_000),
        search_tokens: searchTokens(title),
        version: 1,
        created_at: iso(now - 86_400_000),
        updated_at: iso(now - (n + 1) * 60_000),
        deleted_at: null,
      });
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('deals')
      .set({ deleted_at: iso(now) })
      .where('org_id', '=', server.orgId)
      .where('deleted_at', 'is', null)
      .execute();
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('deals')
        .values(rows.slice(i, i + 200))
        .execute();
  });
  return rows.map((row) => ({ id: row.id, title: row.title, stage: row.stage, amount: row.amount }));
}

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  locale?: Lang;
}

/** Debian's chromium, one persistent profile in a temp folder (service workers, IndexedDB and localStorage work as in a real browser). */
export async function launchBrowser(
  options: BrowserOptions = {},
): Promise<{ context: BrowserContext; profileDir: string }> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'zh-CN',
    timezoneId: TIMEZONE,
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return { context, profileDir };
}

export interface Harness extends ServerHandle {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the pages (a spec may assert there are none). */
  pageErrors: string[];
  url(pathname: string): string;
  close(): Promise<void>;
}

let current: Harness | null = null;

/** The harness of the running spec file (each file runs in its own process), if one is open. */
export function currentHarness(): Harness | null {
  return current;
}
const inflight = new WeakMap<Page, { inflight: number; lastChange: number }>();

/** Server + browser for one spec file; call close() in afterAll. */
export async function startHarness(options: BrowserOptions & { seed?: boolean } = {}): Promise<Harness> {
  const server = await startServer(options);
  const { context, profileDir } = await launchBrowser(options);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (error) => pageErrors.push(`${p.url()}: ${error.message}`));
    // Requests in flight, for settle(): client-side navigation never resets the load state.
    const track = { inflight: 0, lastChange: Date.now() };
    inflight.set(p, track);
    const done = () => {
      track.inflight = Math.max(0, track.inflight - 1);
      track.lastChange = Date.now();
    };
    p.on('request', () => {
      track.inflight += 1;
      track.lastChange = Date.now();
    });
    p.on('requestfinished', done);
    p.on('requestfailed', done);
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const harness: Harness = {
    ...server,
    context,
    page,
    pageErrors,
    url: (pathname) => new URL(pathname, server.baseUrl).toString(),
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profileDir, { recursive: true, force: true });
      await server.close();
      if (current === harness) current = null;
    },
  };
  current = harness;
  return harness;
}

function baseUrlOf(page: Page): string {
  if (current) return current.baseUrl;
  return new URL(page.url()).origin;
}

/** The signed-in shell is on screen (its header with the app's home link). */
export async function waitForShell(page: Page): Promise<void> {
  await page.locator('header a[href="/ledger"]').first().waitFor({ state: 'visible' });
}

/**
 * Signs in as a demo user the quick way (the login API, sharing the browser's cookies), then opens
 * `path` (default /ledger) and waits for the shell. The sign-in form itself is covered by sign-in.e2e.
 */
export async function signIn(
  page: Page,
  email: string,
  options: { password?: string; path?: string; lang?: Lang } = {},
): Promise<void> {
  const base = baseUrlOf(page);
  await page.context().clearCookies();
  // Each test starts in a known language (the choice lives in localStorage, like a real browser's).
  if (!page.url().startsWith(base)) await page.goto(`${base}/api/health`);
  await page.evaluate((lang) => localStorage.setItem('tz.lang', lang), options.lang ?? 'zh-CN');
  const response = await page.request.post(`${base}/api/auth/login`, {
    data: { email, password: options.password ?? DEMO_PASSWORD },
    headers: { 'content-type': 'application/json' },
  });
  if (response.status() !== 200) throw new Error(`sign-in as ${email}: ${response.status()} ${await response.text()}`);
  await page.goto(`${base}${options.path ?? '/ledger'}`);
  await waitForShell(page);
}

/** Signs in through the form on screen (the page must show the sign-in form). */
export async function signInWithForm(page: Page, lang: Lang, email: string, password: string): Promise<void> {
  await page.getByLabel(msg(lang, 'login.email')).fill(email);
  await page.getByLabel(msg(lang, 'login.password')).fill(password);
  await page.getByRole('button', { name: btn(msg(lang, 'login.submit')) }).click();
}

/** Saves a screenshot to e2e/screenshots/<name>.png (git-ignored). */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let axeSource: string | null = null;

async function runAxe(page: Page): Promise<AxeViolation[]> {
  try {
    // Legacy mode runs axe in the page itself (no extra blank page per scan): ~5× faster, same results
    // for a page without cross-origin frames; only violations come back (passes are thousands of nodes).
    const results = await new AxeBuilder({ page })
      .withTags(AXE_TAGS)
      .setLegacyMode(true)
      .options({ resultTypes: ['violations'] })
      .analyze();
    return results.violations as AxeViolation[];
  } catch (error) {
    // Fallback: inject axe-core itself and run it in the page.
    if (process.env.TAIZHANG_E2E_DEBUG) console.warn('[e2e] AxeBuilder failed, injecting axe-core:', error);
    axeSource ??= fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(async (tags) => {
      const axe = (
        window as unknown as {
          axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> };
        }
      ).axe;
      return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }))
        .violations;
    }, AXE_TAGS);
  }
}

/** Readable list of serious/critical violations (empty when there are none). */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map(
          (n) =>
            `    - ${n.target.map(String).join(' ')}\n      ${n.html.slice(0, 160).replace(/\s+/g, ' ')}\n      ${(n.failureSummary ?? '').split('\n').slice(0, 3).join(' | ')}`,
        )
        .join('\n');
      const more = v.nodes.length > 6 ? `\n    … and ${v.nodes.length - 6} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/** Runs axe-core on the page; fails on any serious or critical violation, with a readable list. */
export async function checkA11y(page: Page, name: string): Promise<void> {
  // The page as it settles, not mid-animation: a dialog fading in has not reached its colours yet (axe then
  // measures a placeholder against a half-drawn background). Endless ones (spinners) are not waited for.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  const violations = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (violations.length > 0) {
    await shot(page, `a11y-${name}`).catch(() => undefined);
    // Local triage only (never in CI): list the violations and carry on with the flow.
    if (process.env.TAIZHANG_A11Y_REPORT_ONLY === '1') {
      const line = `[a11y] ${name}: ${violations.length} serious/critical\n${formatViolations(violations)}\n`;
      fs.appendFileSync(path.join(SCREENSHOT_DIR, 'a11y-report.txt'), line);
      return;
    }
    throw new Error(
      `Accessibility (axe) on "${name}" (${page.url()}): ${violations.length} serious/critical violation(s)\n${formatViolations(violations)}`,
    );
  }
}

/** Waits until the page has settled: no request for a moment and no skeleton or busy region on screen. */
export async function settle(page: Page, quietMs = 250): Promise<void> {
  const track = inflight.get(page);
  const started = Date.now();
  const deadline = started + 15_000;
  // Quiet for quietMs since the later of the last request event and this call (a click's request may not have started yet).
  while (
    track &&
    Date.now() < deadline &&
    (track.inflight > 0 || Date.now() - Math.max(track.lastChange, started) < quietMs)
  )
    await page.waitForTimeout(50);
  await page.waitForFunction(
    () => !document.querySelector('main .ant-skeleton, main [aria-busy="true"], main .ant-spin-spinning'),
    undefined,
    { timeout: 15_000 },
  );
}

export const LEDGER_ROW = '.tz-ledger tr.ant-table-row[data-row-key]';

/** The ledger's rows (table at desktop width, cards at phone width) are on screen. */
export async function waitForLedger(page: Page): Promise<void> {
  await page
    .locator(`${LEDGER_ROW}, main ul[aria-label] > li .ant-card`)
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
}

/** Picks an option of an antd Select found by its accessible label. */
export async function pickOption(
  page: Page,
  label: string | RegExp,
  option: string | RegExp,
  scope?: ReturnType<Page['locator']>,
): Promise<void> {
  const root = scope ?? page.locator('body');
  await root
    .getByLabel(label, { exact: typeof label === 'string' })
    .first()
    .click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.waitFor({ state: 'visible' });
  // Not while the list is still sliding in: the option moves under the click.
  await page.waitForFunction(
    (el) => !/-(?:enter|appear)\b/.test((el as HTMLElement).className),
    await dropdown.elementHandle(),
  );
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
}

/** Picks a day in an antd DatePicker (typing is not possible on phones: the calendar is used). */
export async function pickDate(page: Page, input: ReturnType<Page['locator']>, iso: string): Promise<void> {
  await input.click();
  const panel = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').last();
  await panel.waitFor({ state: 'visible' });
  const cell = panel.locator(`td[title="${iso}"].ant-picker-cell-in-view`);
  for (let i = 0; i < 3 && !(await cell.isVisible()); i++)
    await panel.locator('.ant-picker-header-next-btn').first().click();
  await cell.click();
  // The picked day is in the field and the popup has finished closing (its leave animation can still cover
  // the buttons below it, and the layout can move as it goes) before the next click.
  await page.waitForFunction(
    ([el, day]) =>
      (el as HTMLInputElement).value === day &&
      !document.querySelector(
        '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden), .ant-picker-dropdown[class*="-leave"]',
      ),
    [await input.elementHandle(), iso] as const,
  );
}

/** A calendar day `days` from today in the app's time zone (YYYY-MM-DD). */
export function dayFromToday(days: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
}

/** A JSON API call with the browser's session (and its CSRF token for writes). */
export async function apiGet<T = any>(page: Page, pathname: string): Promise<T> {
  const base = baseUrlOf(page);
  const response = await page.request.get(`${base}${pathname}`, { headers: { accept: 'application/json' } });
  if (!response.ok()) throw new Error(`GET ${pathname}: ${response.status()} ${await response.text()}`);
  return response.json() as Promise<T>;
}
