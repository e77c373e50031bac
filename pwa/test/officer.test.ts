// The officer's periods (never past today, "đến nay" in the label) and home
// (club lines, villages without a club).
import { describe, expect, it } from 'vitest';
import { customPeriod, halfYears, periods } from '../src/screens/officer/periods';
import { clubLines, villagesWithoutClub } from '../src/screens/officer/homedata';
import type { RowRec } from '../src/db';

let n = 0;
const row = (entity: string, fields: Record<string, unknown>, extra: Partial<RowRec> = {}): RowRec => {
  const id = extra.id ?? `${entity}-${++n}`;
  return { key: `${entity}:${id}`, entity, id, club_id: (fields.club_id as string) ?? null, fields, deleted: false, base: fields, baseDeleted: false, updated_at: 0, ...extra } as RowRec;
};

describe('periods', () => {
  it('on 1 December 2026: this half-year so far, last half-year, this year so far, last year, the reviews so far', () => {
    const p = periods('2026-12-01');
    expect(p.map((x) => [x.key, x.from, x.to])).toEqual([
      ['half', '2026-07-01', '2026-12-01'],
      ['half_prev', '2026-01-01', '2026-06-30'],
      ['year', '2026-01-01', '2026-12-01'],
      ['year_prev', '2025-01-01', '2025-12-31'],
      ['review_mid', '2026-01-01', '2026-12-01'],
      ['review_final', '2026-01-01', '2026-12-01'],
    ]);
    expect(p[0].label).toBe('6 tháng cuối năm 2026 (đến nay, 01/12/2026)');
    expect(p[1].label).toBe('6 tháng đầu năm 2026');
    expect(p[4].label).toBe('Sơ kết giai đoạn 2026–2030 (đến nay, 01/12/2026)');
    expect(p[5].label).toBe('Tổng kết 2026–2035 (đến nay, 01/12/2026)');
    for (const x of p) expect(x.to <= '2026-12-01').toBe(true);
  });

  it('on the last day of a half-year the period is whole (no "đến nay")', () => {
    const p = periods('2026-06-30');
    expect(p[0]).toMatchObject({ key: 'half', from: '2026-01-01', to: '2026-06-30', label: '6 tháng đầu năm 2026' });
    expect(p[1]).toMatchObject({ key: 'half_prev', from: '2025-07-01', to: '2025-12-31' });
  });

  it('in phase 2 the phase is offered too, and the mid-term review is whole', () => {
    const p = periods('2032-03-10');
    const by = Object.fromEntries(p.map((x) => [x.key, x]));
    expect(by.phase).toMatchObject({ from: '2031-01-01', to: '2032-03-10' });
    expect(by.phase.label).toContain('đến nay, 10/03/2032');
    expect(by.review_mid).toMatchObject({ from: '2026-01-01', to: '2030-12-31', label: 'Sơ kết giai đoạn 2026–2030' });
    expect(by.review_final).toMatchObject({ to: '2032-03-10' });
  });

  it('a chosen span is clamped to today', () => {
    expect(customPeriod('2026-01-01', '2027-06-30', '2026-12-01')).toMatchObject({ from: '2026-01-01', to: '2026-12-01' });
    expect(customPeriod('2026-01-01', '2026-03-31', '2026-12-01')).toMatchObject({ to: '2026-03-31', label: '01/01/2026 – 31/03/2026' });
  });

  it('half-years of the chart end on the period end', () => {
    expect(halfYears('2026-12-01')).toEqual([
      { from: '2026-01-01', to: '2026-06-30', label: '6T/2026' },
      { from: '2026-07-01', to: '2026-12-01', label: '12T/2026' },
    ]);
  });
});

describe('officer home', () => {
  const today = '2026-12-01';
  const clubs = [
    row('club', { name: 'CLB Bình', village_id: 'v1', founded_on: '2020-01-01', commune_id: 'c' }, { id: 'B' }),
    row('club', { name: 'CLB An', village_id: 'v2', founded_on: '2020-01-01', commune_id: 'c' }, { id: 'A' }),
    row('club', { name: 'CLB Cũ', village_id: 'v3', founded_on: '2010-01-01', dissolved_on: '2025-01-01', commune_id: 'c' }, { id: 'C' }),
    row('club', { name: 'CLB Mới', village_id: 'v4', founded_on: '2027-01-01', commune_id: 'c' }, { id: 'D' }),
  ];
  const m = (club: string, f: Record<string, unknown> = {}) => row('member', { club_id: club, joined_on: '2020-01-01', ...f });
  const data = {
    clubs,
    members: [m('A'), m('A'), m('A', { left_on: '2026-06-01' }), m('A', { joined_on: '2027-01-01' }), m('B'), row('member', { club_id: 'B', joined_on: '2020-01-01' }, { deleted: true })],
    meetings: [
      row('meeting', { club_id: 'A', held_on: '2026-10-15' }),
      row('meeting', { club_id: 'A', held_on: '2026-11-20' }),
      row('meeting', { club_id: 'A', held_on: '2026-11-25' }, { deleted: true }),
      row('meeting', { club_id: 'A', held_on: '2026-12-20' }), // planned, not held yet
    ],
    loans: [
      row('loan', { club_id: 'A', disbursed_on: '2026-01-01', due_on: '2026-11-30', principal_vnd: 1_000_000 }, { id: 'L1' }),
      row('loan', { club_id: 'A', disbursed_on: '2026-01-01', due_on: '2026-11-30', principal_vnd: 1_000_000 }, { id: 'L2' }), // repaid
      row('loan', { club_id: 'A', disbursed_on: '2026-01-01', due_on: '2026-12-01', principal_vnd: 1_000_000 }, { id: 'L3' }), // due today: not overdue
      row('loan', { club_id: 'A', disbursed_on: '2026-01-01', due_on: '2026-01-30', principal_vnd: 1_000_000, voided_reason: 'nhầm' }, { id: 'L4' }),
    ],
    repayments: [row('repayment', { club_id: 'A', loan_id: 'L2', paid_on: '2026-11-01', principal_vnd: 1_000_000, interest_vnd: 0 })],
    assessments: [
      row('club_assessment', { club_id: 'A', year: 2025, meets_standard: false }),
      row('club_assessment', { club_id: 'A', year: 2026, meets_standard: true }),
      row('club_assessment', { club_id: 'A', year: 2027, meets_standard: false }),
    ],
    villages: [],
  };

  it('one line per club active today, by name, with its state', () => {
    const lines = clubLines(data, today, { A: '2026-11-30T03:00:00.000Z' });
    expect(lines.map((l) => l.id)).toEqual(['A', 'B']);
    expect(lines[0]).toEqual({ id: 'A', name: 'CLB An', lastMeeting: '2026-11-20', members: 2, overdueLoans: 1, standard: true, standardYear: 2026, lastSync: '2026-11-30T03:00:00.000Z' });
    expect(lines[1]).toMatchObject({ lastMeeting: null, members: 1, overdueLoans: 0, standard: null, lastSync: null });
  });

  it('villages without a club active today, hard areas first', () => {
    const villages = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'].map((id, i) =>
      row('village', { name: ['Thôn Một', 'Thôn Hai', 'Thôn Ba', 'Thôn Bốn', 'Thôn Năm', 'Thôn Sáu'][i], hard_area: id === 'v4' || id === 'v6' }, { id }),
    );
    villages.push(row('village', { name: 'Thôn Đã Xóa', hard_area: true }, { id: 'v7', deleted: true }));
    const names = villagesWithoutClub(villages, clubs, today).map((v) => v.fields.name);
    // v3's club was dissolved, v4's is not founded yet
    expect(names).toEqual(['Thôn Bốn', 'Thôn Sáu', 'Thôn Ba', 'Thôn Năm']);
  });
});
