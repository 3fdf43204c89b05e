import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, transformWithOxc } from 'vite';
import { THEME } from './src/web/theme.ts';

const MESSAGES_DIR = fileURLToPath(new URL('./src/web/i18n/messages', import.meta.url));
const MESSAGES_PREFIX = 'virtual:tz-messages/';
type Part = Record<string, Record<string, string>>;

/** The message files' exports (each `{ 'zh-CN': {...}, en: {...} }`), evaluated as the plain data they are. */
async function messageParts(watch: (file: string) => void): Promise<Part[]> {
  const files = fs
    .readdirSync(MESSAGES_DIR)
    .filter((name) => /^[\w-]+\.ts$/.test(name) && !name.endsWith('.test.ts'))
    .sort();
  const parts: Part[] = [];
  for (const name of files) {
    const file = path.join(MESSAGES_DIR, name);
    watch(file);
    const { code } = await transformWithOxc(fs.readFileSync(file, 'utf8'), file, { lang: 'ts' });
    const exports = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<
      string,
      unknown
    >;
    for (const value of Object.values(exports))
      if (value && typeof value === 'object' && 'zh-CN' in value) parts.push(value as Part);
  }
  return parts;
}

/**
 * `virtual:tz-messages/<lang>`: one language's message catalogue as its own module, so the browser loads
 * only the language on screen. Built from the feature message files (src/web/i18n/messages, both
 * languages side by side, as src/web/i18n/catalogue.ts assembles them); a key without an English text
 * falls back to the Chinese one, as before.
 */
function messageCatalogues(): Plugin {
  return {
    name: 'taizhang-message-catalogues',
    resolveId(id) {
      return id.startsWith(MESSAGES_PREFIX) ? `\0${id}` : undefined;
    },
    async load(id) {
      if (!id.startsWith(`\0${MESSAGES_PREFIX}`)) return undefined;
      const lang = id.slice(MESSAGES_PREFIX.length + 1);
      const messages: Record<string, string> = {};
      const definedIn = new Map<string, number>();
      const parts = await messageParts((file) => this.addWatchFile(file));
      parts.forEach((part, index) => {
        if (!part[lang]) throw new Error(`a message file has no "${lang}" messages`);
        for (const key of Object.keys(part['zh-CN'])) {
          // The files are merged in one object: a key in two files would silently hide one of them.
          if (definedIn.has(key) && definedIn.get(key) !== index)
            throw new Error(`message key "${key}" is defined in two message files`);
          definedIn.set(key, index);
        }
        Object.assign(messages, part['zh-CN'], part[lang]);
      });
      // JSON.parse of a string literal parses faster than the same object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(messages))});`;
    },
  };
}

const ANTD_STYLES = 'virtual:antd-styles.css';

/**
 * antd's styles for what the first screen shows (the shell and the ledger), rendered once at build time
 * into a stylesheet. antd otherwise writes them in the browser on each first visit (style objects turned
 * into CSS, dozens of <style> tags inserted, every one restyling the page) — the largest part of the first
 * render. The stylesheet ends with antd's own map of the styles it holds, so the browser skips making
 * those; anything else (other pages' components) is still made on demand as before.
 */
function antdFirstScreenStyles(): Plugin {
  return {
    name: 'taizhang-antd-first-screen-styles',
    resolveId(id) {
      return id === ANTD_STYLES ? `\0${ANTD_STYLES}` : undefined;
    },
    load(id) {
      return id === `\0${ANTD_STYLES}` ? renderAntdStyles() : undefined;
    },
  };
}

/** Server-renders the first screen's antd components (CommonJS builds, as on a server) and extracts their CSS. */
function renderAntdStyles(): string {
  const require = createRequire(import.meta.url);
  const React = require('react') as typeof import('react');
  const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
  const { createCache, extractStyle, StyleProvider } =
    require('@ant-design/cssinjs') as typeof import('@ant-design/cssinjs');
  const antd = require('antd') as typeof import('antd');
  const h = React.createElement;
  const cache = createCache();
  const options = [{ value: 'a', label: 'a' }];
  const firstScreen = [
    h(antd.Layout, null, h(antd.Layout.Header), h(antd.Layout.Content)),
    h(antd.Menu, { mode: 'horizontal', items: [{ key: 'a', label: 'a' }] }),
    h(antd.Button, { type: 'primary' }, 'a'),
    h(antd.Button, { type: 'text' }, 'a'),
    h(antd.Dropdown, { menu: { items: [] } }, h('span')),
    h(antd.Badge, { count: 1 }, h('span')),
    h(antd.Segmented, { options: ['a', 'b'] }),
    h(antd.AutoComplete, { options }, h(antd.Input)),
    h(antd.Input.Search),
    h(antd.Select, { options }),
    h(antd.Select, { mode: 'multiple', maxTagCount: 'responsive', options }),
    h(antd.Flex),
    h(antd.Space, null, 'a'),
    h(antd.Skeleton, { active: true }),
    h(antd.Alert, { title: 'a' }),
    h(antd.Empty),
    h(antd.Popover, { content: 'a' }, h('span')),
    h(antd.Tooltip, { title: 'a' }, h('span')),
    h(antd.Spin),
    h(antd.Table, {
      size: 'small',
      columns: [{ key: 'a', title: 'a', sorter: true }],
      dataSource: [{ key: 'a' }],
      loading: true,
    }),
  ];
  renderToString(
    h(StyleProvider, { cache }, h(antd.ConfigProvider, { theme: THEME }, h(antd.App, null, ...firstScreen))),
  );
  return extractStyle(cache, { plain: true, types: ['style'] });
}

/** Text files the server sends compressed (src/server/plugins/web.ts reads these next to each file). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;

/**
 * Brotli (best quality) and gzip copies of every text file of the build, written beside it: the server
 * sends them as they are instead of compressing on a visitor's first request, and quality 11 — too slow to
 * run per request — makes the first visit's download ~10% smaller than the quality the server can afford.
 */
function precompressed(): Plugin {
  let outDir = '';
  return {
    name: 'taizhang-precompressed',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!entry.name.startsWith('.')) walk(full);
          } else if (COMPRESSIBLE.test(entry.name)) files.push(full);
        }
      };
      walk(outDir);
      const brotli = promisify(zlib.brotliCompress);
      const gzip = promisify(zlib.gzip);
      await Promise.all(
        files.map(async (file) => {
          const raw = fs.readFileSync(file);
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gzip(raw, { level: 9 }),
          ]);
          fs.writeFileSync(`${file}.br`, br);
          fs.writeFileSync(`${file}.gz`, gz);
        }),
      );
    },
  };
}

// Libraries the shell needs on every page, in chunks of their own: they change far less often than the
// app's code, so a release keeps them cached. Page-specific antd components stay with their pages.
const REACT = /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/;
const ANTD = /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|@babel[\\/]runtime|clsx|stylis)[\\/]/;

// The web app lives in src/web and is built into dist/web, which the server serves at `/`.
export default defineConfig({
  root: 'src/web',
  plugins: [react(), messageCatalogues(), antdFirstScreenStyles(), precompressed()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // dist/web/.vite/manifest.json: which chunks a page loads (bench/web-bench.ts measures the ledger's).
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: REACT, priority: 2 },
            // Only what the entry imports statically: components used by one page load with that page.
            { name: 'antd', test: ANTD, tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
