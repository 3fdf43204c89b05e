import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, signIn, startHarness } from './harness.js';
import { WEB_DIST } from './web-build.js';

/** One GET with the given accept-encoding, the body as sent (not decompressed). */
function rawGet(
  url: string,
  acceptEncoding: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

/** The installable shell: a valid linked manifest, icons, and a service worker that takes control. */
describe('PWA shell', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('links a valid web app manifest with its icons, served with the right content types', async () => {
    const { page } = h;
    await page.goto(h.url('/'));
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const response = await page.request.get(h.url(href!));
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = await response.json();
    expect(manifest).toMatchObject({
      name: '台账 Taizhang',
      short_name: '台账',
      start_url: '/ledger',
      display: 'standalone',
    });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
    for (const size of ['192x192', '512x512']) {
      expect(icons.some((i) => i.sizes === size && i.type === 'image/png' && i.purpose.includes('any'))).toBe(true);
      expect(icons.some((i) => i.sizes === size && i.type === 'image/png' && i.purpose.includes('maskable'))).toBe(
        true,
      );
    }
    for (const icon of icons) {
      const file = await page.request.get(h.url(icon.src));
      expect(file.status(), icon.src).toBe(200);
      expect(file.headers()['content-type'], icon.src).toContain(icon.type);
      if (icon.type === 'image/png') {
        const body = await file.body();
        expect(body.subarray(1, 4).toString('ascii')).toBe('PNG');
        const [w, hgt] = [body.readUInt32BE(16), body.readUInt32BE(20)];
        expect(`${w}x${hgt}`).toBe(icon.sizes);
      }
    }
    // The page can see it too: theme colour and apple-touch icon.
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toMatch(/^#/);
  });

  it('serves the service worker as JavaScript, never cached by HTTP, and never the build metadata', async () => {
    const sw = await h.page.request.get(h.url('/sw.js'));
    expect(sw.status()).toBe(200);
    expect(sw.headers()['content-type']).toMatch(/javascript/);
    expect(sw.headers()['cache-control']).toBe('no-cache');
    const meta = await h.page.request.get(h.url('/.vite/manifest.json'));
    expect(meta.status()).toBe(404);
  });

  it('sends the build’s brotli and gzip copies of the scripts, never those copies by their own names', async () => {
    const script = fs.readdirSync(path.join(WEB_DIST, 'assets')).find((name) => name.endsWith('.js'))!;
    const raw = fs.readFileSync(path.join(WEB_DIST, 'assets', script));
    const br = await rawGet(h.url(`/assets/${script}`), 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.equals(fs.readFileSync(path.join(WEB_DIST, 'assets', `${script}.br`)))).toBe(true);
    expect(zlib.brotliDecompressSync(br.body).equals(raw)).toBe(true);
    const gz = await rawGet(h.url(`/assets/${script}`), 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(raw)).toBe(true);
    const plain = await rawGet(h.url(`/assets/${script}`), 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(raw)).toBe(true);
    expect((await rawGet(h.url(`/assets/${script}.br`), 'br')).status).toBe(404);
  });

  it('registers the service worker, which takes control and precaches the shell (API never cached)', async () => {
    const { page } = h;
    await signIn(page, 'sales@example.com');
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, script: registration.active?.scriptURL ?? null };
    });
    expect(state.script).toBe(h.url('/sw.js'));
    expect(state.scope).toBe(h.url('/'));
    // After a reload the page is controlled by the worker.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.some((u) => u.startsWith('/api/'))).toBe(false);
  });

  it('opens the app shell from the cache when the network is gone', async () => {
    const { page, context } = h;
    await context.setOffline(true);
    try {
      await page.goto(h.url('/ledger'));
      // The shell boots from the cache (the HTML and the hashed assets).
      await page.locator('#root').waitFor();
      expect(await page.title()).toContain('台账');
    } finally {
      await context.setOffline(false);
    }
  });
});
