import { describe, expect, it } from 'vitest';
import { clubChecklist, type ClubData } from '../src/assess';
import { AREAS } from '../src/schema';
import type { RowRec } from '../src/db';

let n = 0;
const row = (entity: string, fields: Record<string, unknown>, deleted = false): RowRec => {
  const id = `${entity}-${++n}`;
  return { key: `${entity}:${id}`, entity, id, club_id: 'C', fields, deleted, base: fields, baseDeleted: false, updated_at: 0 };
};

interface Make { sex: 'female' | 'male'; older: boolean; board?: boolean; volunteer?: boolean; left_on?: string; joined_on?: string }
const member = (m: Make) =>
  row('member', {
    club_id: 'C', full_name: 'x', sex: m.sex, birth_year: m.older ? 1955 : 1990, joined_on: m.joined_on ?? '2020-01-01', left_on: m.left_on,
    poverty: 'none', board_role: m.board ? 'board_member' : 'none', home_care_volunteer: m.volunteer ?? false,
  });

/** 60 members: 40 women (66.7%), 38 older (63.3%) of whom 20 women (52.6%); board 5; 6 volunteers. */
function goodClub(): ClubData {
  const members: RowRec[] = [];
  for (let i = 0; i < 20; i++) members.push(member({ sex: 'female', older: true, board: i < 3, volunteer: i < 6 }));
  for (let i = 0; i < 18; i++) members.push(member({ sex: 'male', older: true, board: i < 2 }));
  for (let i = 0; i < 20; i++) members.push(member({ sex: 'female', older: false }));
  for (let i = 0; i < 2; i++) members.push(member({ sex: 'male', older: false }));
  // not counted: a member who left in 2025, a deleted row, one who joins next year
  members.push(member({ sex: 'male', older: false, left_on: '2025-06-01', volunteer: true }));
  members.push(row('member', { ...member({ sex: 'male', older: true }).fields }, true));
  members.push(member({ sex: 'male', older: true, joined_on: '2027-02-01' }));
  const meetings: RowRec[] = [];
  for (let m = 1; m <= 12; m++) meetings.push(row('meeting', { club_id: 'C', held_on: `2026-${String(m).padStart(2, '0')}-15`, areas: [AREAS[(m - 1) % 8]] }));
  const entries = [
    row('fund_entry', { club_id: 'C', fund: 'income_generation', entry_on: '2026-01-01', kind: 'opening_balance', amount_vnd: 48_000_000 }),
    row('fund_entry', { club_id: 'C', fund: 'income_generation', entry_on: '2026-05-01', kind: 'donation', amount_vnd: 1_500_000 }),
    row('fund_entry', { club_id: 'C', fund: 'activity', entry_on: '2026-05-01', kind: 'donation', amount_vnd: 9_000_000 }),
  ];
  const loans = [row('loan', { club_id: 'C', member_id: 'm', disbursed_on: '2026-02-01', principal_vnd: 5_000_000, due_on: '2027-02-01' })];
  const repayments = [row('repayment', { club_id: 'C', loan_id: loans[0].id, paid_on: '2026-06-01', principal_vnd: 1_000_000, interest_vnd: 500_000 })];
  return { club: { founded_on: '2019-05-01' }, members, meetings, entries, loans, repayments };
}

const byCode = (c: ReturnType<typeof clubChecklist>) => Object.fromEntries(c.items.map((i) => [i.code, i]));

describe('club assessment checklist', () => {
  it('every norm met: score 100, with the actual figures', () => {
    const c = clubChecklist(goodClub(), 2026, '2027-03-01');
    expect(c.from).toBe('2026-01-01');
    expect(c.to).toBe('2026-12-31');
    const i = byCode(c);
    expect(c.items.map((x) => x.code)).toEqual(['members', 'women', 'older', 'older_women', 'board', 'monthly', 'areas', 'fund', 'volunteers']);
    expect(i.members).toMatchObject({ ok: true, value: 60 });
    expect(i.women).toMatchObject({ ok: true, value: 40, of: 60 });
    expect(i.older).toMatchObject({ ok: true, value: 38, of: 60 });
    expect(i.older_women).toMatchObject({ ok: true, value: 20, of: 38 });
    expect(i.board).toMatchObject({ ok: true, value: 5 });
    expect(i.monthly).toMatchObject({ ok: true, value: 12, of: 12, missing: [] });
    expect(i.areas).toMatchObject({ ok: true, value: 8, of: 8, missing: [] });
    expect(i.fund).toMatchObject({ ok: true, value: 50_000_000 }); // 48M + 1.5M + 0.5M interest; loans move money, not size
    expect(i.volunteers).toMatchObject({ ok: true, value: 6 });
    expect(c.met).toBe(9);
    expect(c.score).toBe(100);
  });

  it('items not met, with what is missing; score = share met × 100', () => {
    const d = goodClub();
    // no meeting in March or August (the only meeting with the 8th area); November still covers the 3rd
    d.meetings = d.meetings.filter((m) => !['2026-03-15', '2026-08-15'].includes(String(m.fields.held_on)));
    d.meetings.push(row('meeting', { club_id: 'C', held_on: '2026-08-20', areas: [AREAS[7]] }, true)); // deleted
    d.meetings.push(row('meeting', { club_id: 'C', held_on: '2026-03-20', areas: [AREAS[7]], voided_reason: 'nhầm' })); // not live
    d.entries.push(row('fund_entry', { club_id: 'C', fund: 'income_generation', entry_on: '2026-07-01', kind: 'expense', amount_vnd: 1 }));
    // two of the six volunteers stop: 4 left
    for (const m of d.members.filter((x) => x.fields.home_care_volunteer === true && !x.fields.left_on).slice(0, 2)) m.fields = { ...m.fields, home_care_volunteer: false };
    const c = clubChecklist(d, 2026, '2027-03-01');
    const i = byCode(c);
    expect(i.monthly).toMatchObject({ ok: false, value: 10, of: 12, missing: ['2026-03', '2026-08'] });
    expect(i.areas).toMatchObject({ ok: false, value: 7, of: 8, missing: [AREAS[7]] });
    expect(i.fund).toMatchObject({ ok: false, value: 49_999_999 });
    expect(i.volunteers).toMatchObject({ ok: false, value: 4 });
    expect(c.met).toBe(5);
    expect(c.score).toBe(56); // 5/9 = 55.6
  });

  it('bands are inclusive and judged on the last day of the year', () => {
    const d = goodClub();
    // 70 members, 49 women (70%), 42 older (60%), older women 24/42 (57%), board 9 (too many)
    const extra: Make[] = [
      ...Array.from({ length: 4 }, () => ({ sex: 'female' as const, older: true, board: true })),
      ...Array.from({ length: 5 }, () => ({ sex: 'female' as const, older: false })),
      { sex: 'male', older: false },
    ];
    d.members.push(...extra.map(member));
    const c = clubChecklist(d, 2026, '2027-03-01');
    const i = byCode(c);
    expect(i.members).toMatchObject({ ok: true, value: 70 });
    expect(i.women).toMatchObject({ ok: true, value: 49, of: 70 });
    expect(i.older).toMatchObject({ ok: true, value: 42, of: 70 });
    expect(i.older_women).toMatchObject({ ok: true, value: 24, of: 42 });
    // above the band's 60 %: still met, only the floor decides (as the dashboard and report)
    const many = goodClub();
    many.members.push(...Array.from({ length: 10 }, () => member({ sex: 'female', older: true })));
    expect(byCode(clubChecklist(many, 2026, '2027-03-01')).older_women).toMatchObject({ ok: true, value: 30, of: 48 });
    // below 50 %: not met
    const few = goodClub();
    few.members.push(...Array.from({ length: 3 }, () => member({ sex: 'male', older: true })));
    expect(byCode(clubChecklist(few, 2026, '2027-03-01')).older_women).toMatchObject({ ok: false, value: 20, of: 41 });
    expect(i.board).toMatchObject({ ok: false, value: 9 });
    d.members.push(member({ sex: 'male', older: false }));
    const j = byCode(clubChecklist(d, 2026, '2027-03-01'));
    expect(j.members).toMatchObject({ ok: false, value: 71 });
    expect(j.women.ok).toBe(true); // 49/71 = 69%
    expect(j.older.ok).toBe(false); // 42/71 = 59.2%
  });

  it('a year under way is judged to today; a club founded in the year from its founding month', () => {
    const d = goodClub();
    d.club = { founded_on: '2026-03-10' };
    d.meetings = d.meetings.filter((m) => String(m.fields.held_on) >= '2026-03-01' && String(m.fields.held_on) <= '2026-09-30');
    const c = clubChecklist(d, 2026, '2026-09-20');
    expect(c.from).toBe('2026-03-10');
    expect(c.to).toBe('2026-09-20');
    const i = byCode(c);
    // March to August: September is not over on the 20th, so it is not due yet (INDICATORS.md)
    expect(i.monthly).toMatchObject({ ok: true, value: 6, of: 6, missing: [] });
    // without the August meeting, August (ended) is missing
    const noAug = { ...d, meetings: d.meetings.filter((m) => !String(m.fields.held_on).startsWith('2026-08')) };
    expect(byCode(clubChecklist(noAug, 2026, '2026-09-20')).monthly).toMatchObject({ ok: false, value: 5, of: 6, missing: ['2026-08'] });
    // 30 September ends the month: September is due and met
    expect(byCode(clubChecklist(d, 2026, '2026-09-30')).monthly).toMatchObject({ ok: true, value: 7, of: 7 });
    // a year before the club existed: no month to meet in, not met
    const none = byCode(clubChecklist(d, 2025, '2026-09-20'));
    expect(none.monthly).toMatchObject({ ok: false, of: 0 });
    expect(none.members.value).toBe(60);
  });

  it('an empty club: nothing met, shares without a denominator not met', () => {
    const c = clubChecklist({ club: { founded_on: '2026-01-01' }, members: [], meetings: [], entries: [], loans: [], repayments: [] }, 2026, '2026-12-31');
    expect(c.met).toBe(0);
    expect(c.score).toBe(0);
    expect(byCode(c).women).toMatchObject({ ok: false, value: 0, of: 0 });
  });
});
