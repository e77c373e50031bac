import { describe, expect, it } from 'vitest';
import { comparePersonNames, dayLong, groupDigits } from '../src/format';

describe('Vietnamese name order', () => {
  it('sorts by given name, then family name, then the whole name (Â after A)', () => {
    const names = ['Trần Văn Bình', 'Nguyễn Thị An', 'Lê Thị Ánh', 'Nguyễn Văn Bình', 'Đỗ Thị Yến', 'Phạm Thị Ân', 'Bùi An'];
    expect([...names].sort(comparePersonNames)).toEqual(['Bùi An', 'Nguyễn Thị An', 'Lê Thị Ánh', 'Phạm Thị Ân', 'Nguyễn Văn Bình', 'Trần Văn Bình', 'Đỗ Thị Yến']);
  });
  it('puts Đ after D, as the Vietnamese alphabet does', () => {
    expect(['Lê Đức', 'Lê Dũng'].sort(comparePersonNames)).toEqual(['Lê Dũng', 'Lê Đức']);
  });
});

describe('amounts and days', () => {
  it('groups digits with dots', () => {
    expect(groupDigits('1000000')).toBe('1.000.000');
    expect(groupDigits('999')).toBe('999');
    expect(groupDigits('1000')).toBe('1.000');
  });
  it('writes the day out as "Thứ Ba, 01/12/2026"', () => {
    expect(dayLong('2026-12-01')).toBe('Thứ Ba, 01/12/2026');
    expect(dayLong('2026-11-29')).toBe('Chủ nhật, 29/11/2026');
    expect(dayLong('2026-02-30')).toBe('');
  });
});
