#!/usr/bin/env node
// Draws the app icons (PNG, 192 and 512, plain and maskable) with nothing but node:zlib, so the
// icons can be regenerated without an image tool: `node scripts/make-icons.mjs`.
// The picture: a ledger — three rows, each a status light (red, yellow, green) and a white line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/web/public');
const BG = [0x1f, 0x3a, 0x5f];
const WHITE = [0xff, 0xff, 0xff];
const LIGHTS = [
  [0xe5, 0x48, 0x4d],
  [0xf5, 0xa6, 0x23],
  [0x30, 0xa4, 0x6c],
];
const ROWS = [0.3, 0.5, 0.7];

/** Signed-distance helpers in unit coordinates (0..1). */
const roundedRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r));
  const cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return Math.hypot(x - cx, y - cy) <= r;
};

/** The colour at (x, y) or null (transparent); `maskable` fills the square and shrinks the drawing into the safe zone. */
function sample(x, y, maskable) {
  let u = x;
  let v = y;
  if (maskable) {
    // Safe zone: a centred circle of radius 0.4; draw the content at 70 % around the centre.
    u = (x - 0.5) / 0.7 + 0.5;
    v = (y - 0.5) / 0.7 + 0.5;
  } else if (!roundedRect(x, y, 0, 0, 1, 1, 0.2)) {
    return null;
  }
  for (let i = 0; i < ROWS.length; i++) {
    const cy = ROWS[i];
    if (Math.hypot(u - 0.3, v - cy) <= 0.062) return LIGHTS[i];
    if (roundedRect(u, v, 0.42, cy - 0.038, 0.76, cy + 0.038, 0.038)) return WHITE;
  }
  return BG;
}

function render(size, maskable) {
  const SS = 4; // supersampling per axis for smooth edges
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const colour = sample((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size, maskable);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return png(size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const hex = (c) => `#${c.map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  const rows = ROWS.map((cy, i) =>
    [
      `  <circle cx="${0.3 * 512}" cy="${cy * 512}" r="${0.062 * 512}" fill="${hex(LIGHTS[i])}"/>`,
      `  <rect x="${0.42 * 512}" y="${(cy - 0.038) * 512}" width="${0.34 * 512}" height="${0.076 * 512}" rx="${0.038 * 512}" fill="#ffffff"/>`,
    ].join('\n'),
  ).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img" aria-label="台账 Taizhang">
  <rect width="512" height="512" rx="${0.2 * 512}" fill="${hex(BG)}"/>
${rows}
</svg>
`;
}

fs.mkdirSync(OUT, { recursive: true });
for (const size of [192, 512]) {
  fs.writeFileSync(path.join(OUT, `icon-${size}.png`), render(size, false));
  fs.writeFileSync(path.join(OUT, `icon-maskable-${size}.png`), render(size, true));
}
fs.writeFileSync(path.join(OUT, 'icon.svg'), svg());
console.log(`Icons written to ${path.relative(process.cwd(), OUT)}`);
