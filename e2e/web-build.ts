import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_SRC = path.join(ROOT, 'src/web');
export const WEB_DIST = path.join(ROOT, 'dist/web');
const BUILD_INPUTS = [WEB_SRC, path.join(ROOT, 'vite.config.ts')];

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** Why dist/web must be (re)built, or null when it is up to date. */
export function webBuildReason(): string | null {
  const index = path.join(WEB_DIST, 'index.html');
  const manifest = path.join(WEB_DIST, '.vite/manifest.json');
  if (!fs.existsSync(index) || !fs.existsSync(manifest)) return 'dist/web is missing';
  const built = Math.min(fs.statSync(index).mtimeMs, fs.statSync(manifest).mtimeMs);
  const sources = Math.max(...BUILD_INPUTS.map(newestMtime));
  return sources > built ? 'src/web changed since the last build' : null;
}

/** Builds the web app (vite build via its JS API) when dist/web is missing or older than src/web. */
export function ensureWebBuilt(log: (line: string) => void = console.log): void {
  if (process.env.TAIZHANG_E2E_SKIP_BUILD === '1' && fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const reason = webBuildReason();
  if (!reason) return;
  log(`[e2e] building the web app (${reason})…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, 'e2e/build-web.mjs')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  log(`[e2e] web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
