// Draws the app icons (run once; the PNGs are committed in public/icons).
// Two figures, a tall one and a small one, on the theme green: the generations together.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pad, rounded) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const bg = [0x0b, 0x5d, 0x3b], fg = [0xff, 0xff, 0xff], acc = [0xf5, 0xc2, 0x42];
  const s = (v) => v * size;
  const inCircle = (x, y, cx, cy, r) => (x - s(cx)) ** 2 + (y - s(cy)) ** 2 <= s(r) ** 2;
  const inBody = (x, y, cx, top, w, bottom) => {
    const half = s(w) / 2; if (y < s(top) || y > s(bottom)) return false;
    if (y < s(top) + half) return inCircle(x, y, cx, top + w / 2, w / 2);
    return Math.abs(x - s(cx)) <= half;
  };
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let c = bg, a = 255;
      if (rounded) {
        const r = size * 0.18, cx = Math.min(Math.max(x, r), size - r), cy = Math.min(Math.max(y, r), size - r);
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) a = 0;
      }
      const k = pad; // content scale for maskable safe zone
      const u = (x / size - 0.5) / k + 0.5, v = (y / size - 0.5) / k + 0.5;
      const X = u * size, Y = v * size;
      if (inCircle(X, Y, 0.38, 0.30, 0.10) || inBody(X, Y, 0.38, 0.44, 0.22, 0.80)) c = fg;
      if (inCircle(X, Y, 0.66, 0.45, 0.075) || inBody(X, Y, 0.66, 0.56, 0.16, 0.80)) c = acc;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = c[0]; raw[o + 1] = c[1]; raw[o + 2] = c[2]; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
writeFileSync('public/icons/icon-192.png', png(192, 1, true));
writeFileSync('public/icons/icon-512.png', png(512, 1, true));
writeFileSync('public/icons/maskable-512.png', png(512, 0.75, false));
writeFileSync('public/icons/apple-touch-icon.png', png(180, 0.85, false));
