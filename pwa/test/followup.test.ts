import { describe, expect, it } from 'vitest';
import { followUps } from '../src/followup';
import type { RowRec } from '../src/db';

const row = (entity: string, id: string, fields: Record<string, unknown>): RowRec => ({
  key: `${entity}:${id}`, entity, id, club_id: 'k', fields, deleted: false, base: fields, baseDeleted: false, updated_at: 0,
});
const member = (id: string) => row('member', id, { club_id: 'k', full_name: id, joined_on: '2020-01-01' });
let n = 0;
const check = (m: string, on: string, sys: number, dia: number, extra: Record<string, unknown> = {}) =>
  row('health_check', 'c' + ++n, { club_id: 'k', member_id: m, measured_on: on, systolic: sys, diastolic: dia, measured_by: 'club', ...extra });

describe('Cần theo dõi', () => {
  const today = '2026-12-01';
  it('a high reading 31 days ago is due for a follow-up; 30 days ago is not yet', () => {
    const ms = [member('a31'), member('b30')];
    const out = followUps(ms, [check('a31', '2026-10-31', 150, 95), check('b30', '2026-11-01', 150, 95)], today);
    expect(out.map((x) => [x.member.id, x.days])).toEqual([['a31', 31]]);
  });
  it('a later normal reading, or a later reading of any kind, takes the member off the list', () => {
    const ms = [member('a'), member('b')];
    const out = followUps(ms, [check('a', '2026-09-01', 160, 100), check('a', '2026-10-01', 120, 80), check('b', '2026-08-01', 190, 115), check('b', '2026-10-02', 150, 92)], today);
    expect(out.map((x) => [x.member.id, x.sys])).toEqual([['b', 150]]);
  });
  it('urgent first, then the longest waiting; voided readings and normal ones do not count', () => {
    const ms = [member('high-old'), member('high-new'), member('urgent'), member('normal'), member('void')];
    const out = followUps(
      ms,
      [
        check('high-old', '2026-06-01', 145, 85),
        check('high-new', '2026-10-01', 145, 85),
        check('urgent', '2026-10-15', 182, 100),
        check('normal', '2026-06-01', 120, 80),
        check('void', '2026-06-01', 170, 100, { voided_reason: 'nhầm người' }),
      ],
      today,
    );
    expect(out.map((x) => x.member.id)).toEqual(['urgent', 'high-old', 'high-new']);
    expect(out[0].level).toBe('urgent');
  });
});
