import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `vite build` puts the web app: dist/web under the package root (from src/ or dist/ alike). */
export function defaultWebRoot(): string {
  return path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'dist/web');
}

/** Content types the PWA depends on, whatever the mime table of the static server says. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

interface Compressed {
  etag: string;
  type: string;
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
}

const PRECOMPRESSED = /\.(?:br|gz)$/;

function cacheControl(pathname: string): string {
  // Hashed assets never change; everything else (index.html, sw.js, the manifest, icons) is revalidated.
  return pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the built web app at `/`: hashed assets cached for a year, index.html for every other
 * non-API path (client-side routes), never cached so a new release is picked up at once. The service
 * worker (/sw.js) and the manifest are revalidated too, so a release replaces them at once. Text files
 * (JS, CSS, HTML, SVG, manifest) go out brotli- or gzip-compressed, as the browser accepts, from the copies
 * the build wrote beside them (compressed here once when there are none), kept in memory; build metadata
 * (dot folders such as .vite/) and the compressed copies themselves are not served by their own names.
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<boolean> {
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webRoot,
    serve: false,
    index: false,
    dotfiles: 'deny',
    setHeaders(reply, filePath) {
      const type = CONTENT_TYPES[path.extname(filePath)];
      if (type) reply.header('content-type', type);
      reply.header('cache-control', cacheControl('/' + path.relative(webRoot, filePath).split(path.sep).join('/')));
    },
  });
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // The build's compressed copies (x.js.br, x.js.gz) are sent in place of x.js, never by their own names.
      else if (!PRECOMPRESSED.test(entry.name)) files.add('/' + path.relative(webRoot, full).split(path.sep).join('/'));
    }
  };
  walk(webRoot);

  const compressed = new Map<string, Compressed>();
  const load = (pathname: string): Compressed => {
    let entry = compressed.get(pathname);
    if (!entry) {
      const file = path.join(webRoot, pathname.slice(1));
      const raw = fs.readFileSync(file);
      // The build writes brotli (quality 11) and gzip copies beside each file; compress here only without them.
      const copy = (suffix: string) => (fs.existsSync(file + suffix) ? fs.readFileSync(file + suffix) : undefined);
      entry = {
        raw,
        etag: `"${createHash('sha1').update(raw).digest('base64url').slice(0, 20)}"`,
        type: CONTENT_TYPES[path.extname(pathname)],
        gzip: copy('.gz') ?? zlib.gzipSync(raw, { level: 9 }),
        // Quality 6: ~40 ms for the largest chunk on first request, within a few % of quality 11 (which takes seconds).
        br:
          copy('.br') ??
          zlib.brotliCompressSync(raw, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          }),
      };
      compressed.set(pathname, entry);
    }
    return entry;
  };
  const sendText = (req: FastifyRequest, reply: FastifyReply, pathname: string) => {
    const entry = load(pathname);
    reply
      .header('content-type', entry.type)
      .header('cache-control', cacheControl(pathname))
      .header('vary', 'accept-encoding')
      .header('etag', entry.etag);
    if (pathname === '/sw.js') reply.header('service-worker-allowed', '/');
    if (req.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    const accepted = String(req.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(entry.br);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(entry.gzip);
    return reply.send(entry.raw);
  };

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(req.url.split('?')[0]);
    } catch {
      return reply.callNotFound();
    }
    if (pathname.startsWith('/api/')) return reply.callNotFound();
    if (pathname === '/index.html') return sendText(req, reply, '/index.html');
    if (files.has(pathname)) {
      return CONTENT_TYPES[path.extname(pathname)] ? sendText(req, reply, pathname) : reply.sendFile(pathname.slice(1));
    }
    if (path.extname(pathname) && pathname !== '/') return reply.callNotFound();
    return sendText(req, reply, '/index.html');
  });
  return true;
}
