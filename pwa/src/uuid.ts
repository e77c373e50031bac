// UUIDs: v7 for new rows and changes, v5 (SHA-1, URL namespace) for attendance
// rows. SHA-1 is computed here in plain JS: crypto.subtle is missing on plain
// http pages and is asynchronous.

export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

let lastMs = -1;
let lastSeq = 0;

/** RFC 9562 UUID v7: 48-bit Unix ms, then a 12-bit counter (monotonic within a ms), then random. */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  let ms = Math.floor(now);
  if (ms <= lastMs) {
    lastSeq++;
    if (lastSeq > 0xfff) { lastMs++; lastSeq = 0; }
    ms = lastMs;
  } else {
    lastMs = ms;
    lastSeq = b[6] & 0x07; // random start, room to count
  }
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((lastSeq >>> 8) & 0x0f);
  b[7] = lastSeq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  return hex(b);
}

export function uuidv4(): string {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return hex(b);
}

function parse(u: string): Uint8Array {
  const h = u.replace(/-/g, '');
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return b;
}

const W = new Uint32Array(80);

/** SHA-1 (FIPS 180-4), small and allocation-light: a PIN unlock runs it 2000 times. */
export function sha1(data: Uint8Array): Uint8Array {
  const len = data.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const m = new Uint8Array(total);
  m.set(data);
  m[len] = 0x80;
  const hi = Math.floor(len / 2 ** 29), lo = (len * 8) >>> 0;
  m[total - 8] = hi >>> 24; m[total - 7] = hi >>> 16; m[total - 6] = hi >>> 8; m[total - 5] = hi;
  m[total - 4] = lo >>> 24; m[total - 3] = lo >>> 16; m[total - 2] = lo >>> 8; m[total - 1] = lo;
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0, o = off; i < 16; i++, o += 4) W[i] = (m[o] << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, t: number;
    for (let i = 0; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (let i = 20; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (let i = 40; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (let i = 60; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const hs = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    out[i * 4] = hs[i] >>> 24; out[i * 4 + 1] = hs[i] >>> 16; out[i * 4 + 2] = hs[i] >>> 8; out[i * 4 + 3] = hs[i];
  }
  return out;
}

/** RFC 9562 UUID v5 of name in namespace. */
export function uuidv5(name: string, namespace: string = URL_NAMESPACE): string {
  const ns = parse(namespace);
  const nm = new TextEncoder().encode(name);
  const all = new Uint8Array(ns.length + nm.length);
  all.set(ns);
  all.set(nm, ns.length);
  const h = sha1(all).slice(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  return hex(h);
}

/** The id of the attendance row of a member at a meeting (CONTRACT.md). */
export function attendanceId(meetingId: string, memberId: string): string {
  return uuidv5(`${meetingId.toLowerCase()}/${memberId.toLowerCase()}`);
}
