/**
 * Web speed bench (`npm run bench:web [-- --json] [--deals 100000] [--runs 5] [--no-lighthouse | --lighthouse-only]`):
 *  (a) the JavaScript the ledger page loads first, gzip-compressed (target ≤ 350 kB);
 *  (b) on the large benchmark database (bench/seed.ts, reused when already seeded), with Debian's chromium:
 *      ledger interactive (navigation start → first table rows on screen; target < 1.5 s) and a page change in
 *      the table (click "next page" → new rows on screen; target < 200 ms);
 *  (c) Lighthouse (desktop preset) on the signed-in ledger: performance / accessibility / best practices
 *      (targets ≥ 0.9 / ≥ 0.95 / ≥ 0.95).
 * Prints a table (or JSON with --json); exits 1 when a target is missed.
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureWebBuilt, WEB_DIST } from '../e2e/web-build.js';
import { ledger as ledgerMessages } from '../src/web/i18n/messages/ledger.js';
import { BASE_NOW } from './data-gen.js';
import { ADMIN_EMAIL, benchTarget, ensureSeeded, PASSWORD } from './seed.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROW = '.tz-ledger tr.ant-table-row[data-row-key]';
const TARGETS = {
  initialJsGzipKb: 350,
  ledgerInteractiveMs: 1500,
  pageChangeMs: 200,
  performance: 0.9,
  accessibility: 0.95,
  bestPractices: 0.95,
};

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const numberArg = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const DEALS = numberArg('--deals', 100_000);
const RUNS = numberArg('--runs', 5);
const withLighthouse = !args.includes('--no-lighthouse');
/** Lighthouse alone (no browser timings), for trying a change quickly. */
const lighthouseOnly = args.includes('--lighthouse-only');
const log = (line: string) => {
  if (!asJson) console.log(line);
  else process.stderr.write(`${line}\n`);
};

// ------------------------------------------------------------------------------------------------ (a)

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

interface SizeReport {
  files: { file: string; rawKb: number; gzipKb: number }[];
  jsRawKb: number;
  jsGzipKb: number;
  cssGzipKb: number;
}

/** The entry (index.html) and the ledger page chunk, with every chunk they import statically. */
function initialLedgerBundle(): SizeReport {
  const manifest = JSON.parse(fs.readFileSync(path.join(WEB_DIST, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const fromHtml = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  );
  const ledgerKey = Object.keys(manifest).find((key) => key.endsWith('features/deals/DealLedgerPage.tsx'));
  if (!ledgerKey) throw new Error('the Vite manifest has no DealLedgerPage chunk');
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const files = new Set<string>(fromHtml);
  const visit = (key: string, seen = new Set<string>()) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    files.add(manifest[key].file);
    for (const css of manifest[key].css ?? []) files.add(css);
    for (const child of manifest[key].imports ?? []) visit(child, seen);
  };
  if (entryKey) visit(entryKey);
  visit(ledgerKey);
  const report: SizeReport = { files: [], jsRawKb: 0, jsGzipKb: 0, cssGzipKb: 0 };
  for (const file of files) {
    const raw = fs.readFileSync(path.join(WEB_DIST, file));
    const gzip = zlib.gzipSync(raw, { level: 9 }).length / 1024;
    report.files.push({ file, rawKb: raw.length / 1024, gzipKb: gzip });
    if (file.endsWith('.js')) {
      report.jsRawKb += raw.length / 1024;
      report.jsGzipKb += gzip;
    } else report.cssGzipKb += gzip;
  }
  report.files.sort((a, b) => b.gzipKb - a.gzipKb);
  return report;
}

// ------------------------------------------------------------------------------------------------ (b)

class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** bench/server.ts, forked: the app as `taizhang serve` builds it, with the benchmark's clock. */
  static start(url: string): Promise<ServerProcess> {
    const child = fork(
      path.join(BENCH_DIR, 'server.ts'),
      [JSON.stringify({ url, baseNow: BASE_NOW, logLevel: 'warn' })],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      child.on('message', (message: { type: string; port: number }) => {
        if (message.type === 'ready') resolve(new ServerProcess(child, message.port));
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' });
      setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
    });
  }
}

/** Signs in over HTTP; the session token (the benchmark clock is in the past, so the browser gets it as a session cookie). */
async function sessionToken(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tz_session='));
  if (!cookie) throw new Error('sign-in set no tz_session cookie');
  return cookie.split(';')[0].slice('tz_session='.length);
}

// Records, in the page, when the first ledger rows appear (navigation start = 0) and any mark the app sets.
const OBSERVE_ROWS = `(() => {
  const selector = ${JSON.stringify(ROW)};
  const done = () => { if (window.__tzRowsAt === undefined && document.querySelector(selector)) { window.__tzRowsAt = performance.now(); return true; } return false; };
  const observer = new MutationObserver(() => { if (done()) observer.disconnect(); });
  const start = () => { if (!done()) observer.observe(document, { childList: true, subtree: true }); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();`;

async function ledgerInteractive(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/ledger`, { waitUntil: 'commit' });
  await page.waitForSelector(ROW, { timeout: 30_000 });
  await page.waitForFunction(() => (window as unknown as { __tzRowsAt?: number }).__tzRowsAt !== undefined);
  return page.evaluate(() => {
    // A mark the ledger page may set when its rows are rendered wins over the observer's time.
    const mark = performance
      .getEntriesByType('mark')
      .find((m) => /ledger/i.test(m.name) && /row|ready|interactive/i.test(m.name));
    return mark ? mark.startTime : (window as unknown as { __tzRowsAt: number }).__tzRowsAt;
  });
}

/** Clicks "next page" and returns the time until a frame shows different rows. */
async function pageChange(page: Page, nextLabel: string): Promise<{ totalMs: number; apiMs: number }> {
  await page.waitForSelector(ROW);
  const button = page.getByRole('button', { name: nextLabel, exact: true });
  await button.waitFor();
  await page.waitForFunction(
    (label) =>
      [...document.querySelectorAll('button')].some((b) => b.textContent?.replace(/\s/g, '') === label && !b.disabled),
    nextLabel.replace(/\s/g, ''),
  );
  // A string, not a function: tsx would wrap inner functions with a helper the page does not have.
  return page.evaluate(`new Promise((resolve, reject) => {
    const selector = ${JSON.stringify(ROW)};
    const label = ${JSON.stringify(nextLabel.replace(/\s/g, ''))};
    const firstKey = () => { const row = document.querySelector(selector); return row ? row.getAttribute('data-row-key') : null; };
    const before = firstKey();
    const button = [...document.querySelectorAll('button')].find((b) => (b.textContent || '').replace(/\\s/g, '') === label);
    if (!button) { reject(new Error('no next-page button')); return; }
    const started = performance.now();
    button.click();
    const give = setTimeout(() => reject(new Error('no new rows within 10 s')), 10000);
    const check = () => {
      const key = firstKey();
      if (key !== null && key !== before) {
        clearTimeout(give);
        const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/deals?') && e.startTime >= started - 1).pop();
        resolve({ totalMs: performance.now() - started, apiMs: api ? api.duration : NaN });
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface BrowserReport {
  ledgerColdMs: number;
  ledgerWarmMs: number[];
  ledgerWarmMedianMs: number;
  pageChangeMs: number[];
  pageChangeMedianMs: number;
  pageChangeApiMs: number[];
  total?: string;
}

async function browserTimings(base: string, token: string): Promise<BrowserReport> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-webbench-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    await context.addCookies([{ name: 'tz_session', value: token, url: base, httpOnly: true, sameSite: 'Lax' }]);
    await context.addInitScript(OBSERVE_ROWS);
    const page = context.pages()[0] ?? (await context.newPage());
    const ledgerColdMs = await ledgerInteractive(page, base);
    // Let the service worker install and cache the shell, as on a second visit.
    await page.evaluate(() => navigator.serviceWorker?.ready.then(() => true)).catch(() => undefined);
    const ledgerWarmMs: number[] = [];
    for (let i = 0; i < RUNS; i++) ledgerWarmMs.push(await ledgerInteractive(page, base));
    const total =
      (await page
        .locator('[aria-live="polite"]')
        .first()
        .textContent()
        .catch(() => undefined)) ?? undefined;
    const nextLabel = ledgerMessages['zh-CN']['ledger.next'];
    const pageChangeMs: number[] = [];
    const pageChangeApiMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { totalMs, apiMs } = await pageChange(page, nextLabel);
      pageChangeMs.push(totalMs);
      pageChangeApiMs.push(apiMs);
    }
    return {
      ledgerColdMs,
      ledgerWarmMs,
      ledgerWarmMedianMs: median(ledgerWarmMs),
      pageChangeMs,
      pageChangeMedianMs: median(pageChangeMs),
      pageChangeApiMs,
      total,
    };
  } finally {
    await context?.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------ (c)

interface LighthouseReport {
  performance: number;
  accessibility: number;
  bestPractices: number;
  metrics: Record<string, number>;
  failing: string[];
  /** What blocks the main thread: the long tasks (start and duration, ms, with their script) and time per kind of work. */
  longTasks: { startMs: number; durationMs: number; url: string }[];
  mainThreadMs: Record<string, number>;
}

async function runLighthouse(base: string, token: string): Promise<LighthouseReport> {
  process.env.CHROME_PATH = CHROMIUM_PATH;
  const [{ default: lighthouse, desktopConfig }, chromeLauncher] = await Promise.all([
    import('lighthouse'),
    import('chrome-launcher'),
  ]);
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: [...CHROMIUM_ARGS.filter((f) => f !== '--headless'), '--headless=new', '--lang=zh-CN'],
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(
      `${base}/ledger`,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        extraHeaders: { Cookie: `tz_session=${token}` },
      },
      desktopConfig,
    );
    if (!result) throw new Error('lighthouse returned nothing');
    const { categories, audits } = result.lhr;
    const numeric = (id: string) => audits[id]?.numericValue ?? NaN;
    const failing = Object.values(categories).flatMap((category) =>
      category.auditRefs
        .filter(
          (ref) =>
            ref.weight > 0 && audits[ref.id] && audits[ref.id].score !== null && (audits[ref.id].score as number) < 0.9,
        )
        .map((ref) =>
          `${category.id}: ${ref.id} (${audits[ref.id].score}) ${audits[ref.id].displayValue ?? ''}`.trim(),
        ),
    );
    return {
      performance: categories.performance?.score ?? NaN,
      accessibility: categories.accessibility?.score ?? NaN,
      bestPractices: categories['best-practices']?.score ?? NaN,
      metrics: {
        fcpMs: numeric('first-contentful-paint'),
        lcpMs: numeric('largest-contentful-paint'),
        tbtMs: numeric('total-blocking-time'),
        cls: numeric('cumulative-layout-shift'),
        speedIndexMs: numeric('speed-index'),
      },
      failing,
      longTasks: (
        (
          audits['long-tasks']?.details as
            | { items?: { url: string; startTime: number; duration: number }[] }
            | undefined
        )?.items ?? []
      ).map((item) => ({
        startMs: Math.round(item.startTime),
        durationMs: Math.round(item.duration),
        url: item.url.replace(base, ''),
      })),
      mainThreadMs: Object.fromEntries(
        (
          (
            audits['mainthread-work-breakdown']?.details as
              | { items?: { groupLabel: string; duration: number }[] }
              | undefined
          )?.items ?? []
        ).map((item) => [item.groupLabel, Math.round(item.duration)]),
      ),
    };
  } finally {
    chrome.kill();
  }
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  ensureWebBuilt(log);
  const size = initialLedgerBundle();
  log(
    `(a) initial JS of the ledger page: ${size.jsGzipKb.toFixed(1)} kB gzip (${size.jsRawKb.toFixed(0)} kB raw, ${size.files.length} files)`,
  );

  const target = benchTarget('sqlite', DEALS);
  log(
    `(b) benchmark database: ${path.relative(process.cwd(), target.file!)} (${DEALS.toLocaleString('en-US')} deals)…`,
  );
  const { meta, reused } = await ensureSeeded(target);
  log(
    `    ${reused ? 'reused' : 'seeded'}: ${meta.deals.toLocaleString('en-US')} deals, ${meta.accounts.toLocaleString('en-US')} accounts`,
  );
  const server = await ServerProcess.start(target.url);
  const base = `http://127.0.0.1:${server.port}`;
  let browser: BrowserReport;
  let lh: LighthouseReport | null = null;
  try {
    const token = await sessionToken(base);
    browser = lighthouseOnly
      ? {
          ledgerColdMs: NaN,
          ledgerWarmMs: [],
          ledgerWarmMedianMs: NaN,
          pageChangeMs: [],
          pageChangeMedianMs: NaN,
          pageChangeApiMs: [],
        }
      : await browserTimings(base, token);
    log(
      `    ledger interactive: cold ${browser.ledgerColdMs.toFixed(0)} ms, warm median ${browser.ledgerWarmMedianMs.toFixed(0)} ms; page change median ${browser.pageChangeMedianMs.toFixed(0)} ms`,
    );
    if (withLighthouse) {
      log('(c) lighthouse (desktop preset)…');
      lh = await runLighthouse(base, await sessionToken(base));
    }
  } finally {
    await server.stop();
  }

  const rows: [string, string, string, boolean][] = [
    [
      'initial JS (ledger), gzip',
      `${size.jsGzipKb.toFixed(1)} kB`,
      `≤ ${TARGETS.initialJsGzipKb} kB`,
      size.jsGzipKb <= TARGETS.initialJsGzipKb,
    ],
    [
      'ledger interactive, first visit',
      `${browser.ledgerColdMs.toFixed(0)} ms`,
      `< ${TARGETS.ledgerInteractiveMs} ms`,
      browser.ledgerColdMs < TARGETS.ledgerInteractiveMs,
    ],
    [
      `ledger interactive, repeat (median of ${RUNS})`,
      `${browser.ledgerWarmMedianMs.toFixed(0)} ms`,
      `< ${TARGETS.ledgerInteractiveMs} ms`,
      browser.ledgerWarmMedianMs < TARGETS.ledgerInteractiveMs,
    ],
    [
      `page change (median of ${RUNS})`,
      `${browser.pageChangeMedianMs.toFixed(0)} ms`,
      `< ${TARGETS.pageChangeMs} ms`,
      browser.pageChangeMedianMs < TARGETS.pageChangeMs,
    ],
  ];
  if (lh) {
    rows.push(
      [
        'lighthouse performance',
        lh.performance.toFixed(2),
        `≥ ${TARGETS.performance}`,
        lh.performance >= TARGETS.performance,
      ],
      [
        'lighthouse accessibility',
        lh.accessibility.toFixed(2),
        `≥ ${TARGETS.accessibility}`,
        lh.accessibility >= TARGETS.accessibility,
      ],
      [
        'lighthouse best practices',
        lh.bestPractices.toFixed(2),
        `≥ ${TARGETS.bestPractices}`,
        lh.bestPractices >= TARGETS.bestPractices,
      ],
    );
  }
  const pass = rows.every((row) => row[3]);
  if (asJson) {
    console.log(JSON.stringify({ deals: meta.deals, size, browser, lighthouse: lh, targets: TARGETS, pass }, null, 2));
  } else {
    const width = [
      Math.max(...rows.map((r) => r[0].length)),
      Math.max(...rows.map((r) => r[1].length)),
      Math.max(...rows.map((r) => r[2].length)),
    ];
    console.log('');
    console.log(
      `Web bench — ${meta.deals.toLocaleString('en-US')} deals, chromium ${CHROMIUM_PATH}, ${os.cpus().length} cores`,
    );
    console.log(`${'measure'.padEnd(width[0])}  ${'result'.padStart(width[1])}  ${'target'.padEnd(width[2])}  ok`);
    for (const [name, value, goal, ok] of rows)
      console.log(
        `${name.padEnd(width[0])}  ${value.padStart(width[1])}  ${goal.padEnd(width[2])}  ${ok ? 'yes' : 'NO'}`,
      );
    console.log('');
    console.log(
      `largest initial files (gzip): ${size.files
        .slice(0, 4)
        .map((f) => `${f.file} ${f.gzipKb.toFixed(1)} kB`)
        .join(', ')}`,
    );
    console.log(
      `ledger warm runs: ${browser.ledgerWarmMs.map((v) => v.toFixed(0)).join(', ')} ms; page changes: ${browser.pageChangeMs.map((v) => v.toFixed(0)).join(', ')} ms (of which the /api/deals request: ${browser.pageChangeApiMs.map((v) => v.toFixed(0)).join(', ')} ms)`,
    );
    if (lh) {
      console.log(
        `lighthouse metrics: FCP ${lh.metrics.fcpMs.toFixed(0)} ms, LCP ${lh.metrics.lcpMs.toFixed(0)} ms, TBT ${lh.metrics.tbtMs.toFixed(0)} ms, CLS ${lh.metrics.cls.toFixed(3)}, SI ${lh.metrics.speedIndexMs.toFixed(0)} ms`,
      );
      if (lh.failing.length) console.log(`lighthouse audits below 0.9:\n  ${lh.failing.join('\n  ')}`);
      console.log(
        `lighthouse long tasks: ${lh.longTasks.map((task) => `${task.durationMs} ms at ${task.startMs} (${task.url || 'page'})`).join(', ') || 'none'}`,
      );
      console.log(
        `lighthouse main thread: ${Object.entries(lh.mainThreadMs)
          .map(([kind, ms]) => `${kind} ${ms} ms`)
          .join(', ')}`,
      );
    }
  }
  process.exitCode = pass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
