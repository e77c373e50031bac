import { describe, expect, it } from 'vitest';
import { attendanceId, sha1, uuidv5, uuidv7, UUID_RE } from '../src/uuid';

describe('uuid', () => {
  it('v5 attendance id matches CONTRACT.md example', () => {
    expect(attendanceId('0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b', '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c')).toBe('e1741437-00b6-52e5-bddd-411790cb20a3');
    expect(attendanceId('0190A3C4-5B6D-7E8F-9A0B-1C2D3E4F5A6B', '0190A3C4-5B6D-7E8F-9A0B-1C2D3E4F5A6C')).toBe('e1741437-00b6-52e5-bddd-411790cb20a3');
  });
  it('v5 known vector (python uuid5(NAMESPACE_URL, "python.org"))', () => {
    expect(uuidv5('python.org')).toBe('7af94e2b-4dd9-50f0-9c9a-8a48519bdef0');
  });
  it('sha1 of "abc"', () => {
    const h = [...sha1(new TextEncoder().encode('abc'))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(h).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
  it('sha1 over two blocks and of nothing (FIPS 180 examples)', () => {
    const hex = (s: string) => [...sha1(new TextEncoder().encode(s))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    expect(hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });
  it('v7 has version, variant, time, order and uniqueness', () => {
    const t = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuidv7(t));
    for (const id of ids) {
      expect(id).toMatch(UUID_RE);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    const later = uuidv7(t + 1000);
    expect(later > ids[ids.length - 1]).toBe(true);
  });
});
