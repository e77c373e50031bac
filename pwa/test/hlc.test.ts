import { describe, expect, it } from 'vitest';
import { Clock, HLC_RE, parseHlc } from '../src/hlc';

describe('hlc', () => {
  it('formats as CONTRACT.md says and increases strictly', () => {
    let t = 1767225600000;
    const c = new Clock('dev-1', {}, () => t);
    const a = c.next(), b = c.next();
    expect(a).toBe('1767225600000-0000-dev-1');
    expect(b).toBe('1767225600000-0001-dev-1');
    t += 5;
    const d = c.next();
    expect(d).toBe('1767225600005-0000-dev-1');
    t -= 1000; // clock goes backwards
    const e = c.next();
    expect(e > d).toBe(true);
    for (const h of [a, b, d, e]) expect(h).toMatch(HLC_RE);
  });
  it('zero-pads early times', () => {
    const c = new Clock('x', {}, () => 42);
    expect(c.next()).toBe('0000000000042-0000-x');
  });
  it('re-anchors on server_time', () => {
    const local = Date.UTC(2030, 0, 1); // phone 4 years ahead
    const c = new Clock('p', {}, () => local);
    const skew = c.anchor('2026-01-01T00:00:00.000Z')!;
    expect(skew).toBe(Date.UTC(2026, 0, 1) - local);
    expect(c.now()).toBe(Date.UTC(2026, 0, 1));
  });
  it('keeps order after re-anchoring backwards (no equal HLCs)', () => {
    let t = 2_000_000_000_000;
    const c = new Clock('p', {}, () => t);
    const first = c.next();
    c.anchor(new Date(t - 3_600_000).toISOString());
    const second = c.next();
    expect(second > first).toBe(true);
    t += 1;
    expect(c.next() > second).toBe(true);
  });
  it('rolls the counter over into the wall time', () => {
    const c = new Clock('p', { wall: 100, counter: 0xffff }, () => 50);
    const h = c.next();
    expect(parseHlc(h)).toEqual({ wall: 101, counter: 0, device: 'p' });
  });
  it('keeps its state when restored', () => {
    const c1 = new Clock('p', {}, () => 1000);
    c1.next();
    c1.next();
    const c2 = new Clock('p', { ...c1.state }, () => 1000);
    expect(c2.next()).toBe('0000000001000-0002-p');
  });
  it('rejects a bad device id', () => {
    expect(() => new Clock('Bad_Device')).toThrow();
  });
});

describe('hlc rewind after clock_ahead', () => {
  it('comes back to server time when the wall ran ahead', () => {
    let t = Date.UTC(2027, 0, 1);
    const c = new Clock('p', {}, () => t);
    c.next();
    c.anchor('2026-01-01T00:00:00.000Z');
    c.rewind();
    const h = c.next();
    expect(Number(h.slice(0, 13))).toBe(Date.UTC(2026, 0, 1));
    t += 0;
  });
});

describe('hlc rewind keeps this device\'s own order', () => {
  it('does not go below an HLC the server already acknowledged', () => {
    const server = Date.UTC(2026, 0, 1);
    let phone = server + 5 * 60_000; // 5 minutes ahead: accepted
    const c = new Clock('p', {}, () => phone);
    const first = c.next();
    c.acknowledged(first);
    phone = server + 30 * 60_000; // later 30 minutes ahead: refused
    c.next();
    c.anchor(new Date(server + 1000).toISOString()); // phone time is now corrected
    c.rewind();
    const again = c.next();
    expect(again > first).toBe(true);
    expect(Number(again.slice(0, 13))).toBeLessThanOrEqual(server + 10 * 60_000);
  });
});
