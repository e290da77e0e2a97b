// Draws the extension icon (docs/images/icon.png, 128x128 RGBA) with nothing but Node's
// zlib: one node on the left fanning out to three on the right, the picture of a proxy
// spreading traffic over servers. Edges are smoothed by 4x4 supersampling.
//
//   node scripts/make-icon.mjs [output.png]
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SIZE = 128;
const SAMPLES = 4;
const out = process.argv[2] ?? join(new URL('..', import.meta.url).pathname, 'docs/images/icon.png');

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const BACKGROUND = hex('#16324f');
const LINK = hex('#4ea8de');
const NODE = hex('#ffffff');
const SERVER = hex('#8fd3fe');

// Signed distance functions: negative inside the shape.
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const roundedSquare = (x0, y0, x1, y1, r) => (x, y) => {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const capsule = (ax, ay, bx, by, r) => (x, y) => {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - r;
};

const hub = [38, 64];
const servers = [
  [92, 32],
  [92, 64],
  [92, 96],
];
// Painted in order; the last shape containing a sample decides its colour.
const shapes = [
  { sdf: roundedSquare(4, 4, 124, 124, 26), color: BACKGROUND },
  ...servers.map(([x, y]) => ({ sdf: capsule(hub[0], hub[1], x, y, 3.5), color: LINK })),
  ...servers.map(([x, y]) => ({ sdf: circle(x, y, 11), color: SERVER })),
  { sdf: circle(hub[0], hub[1], 16), color: NODE },
  { sdf: circle(hub[0], hub[1], 7), color: BACKGROUND },
];

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        let color = [0, 0, 0, 0];
        for (const shape of shapes) if (shape.sdf(px, py) <= 0) color = shape.color;
        // Premultiplied so transparent samples do not darken the edges.
        sum[0] += (color[0] * color[3]) / 255;
        sum[1] += (color[1] * color[3]) / 255;
        sum[2] += (color[2] * color[3]) / 255;
        sum[3] += color[3];
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3] / n;
    const i = (y * SIZE + x) * 4;
    pixels[i] = alpha ? Math.round((sum[0] / n) * (255 / alpha)) : 0;
    pixels[i + 1] = alpha ? Math.round((sum[1] / n) * (255 / alpha)) : 0;
    pixels[i + 2] = alpha ? Math.round((sum[2] / n) * (255 / alpha)) : 0;
    pixels[i + 3] = Math.round(alpha);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const rows = [];
for (let y = 0; y < SIZE; y++) {
  rows.push(Buffer.from([0]), pixels.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)); // filter: none
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${out}: ${SIZE}x${SIZE}, ${png.length} bytes`);
