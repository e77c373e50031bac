// The plan-management screens' figures: the budget table per year, the share
// spent, the order of supervision visits, and their words.
import { describe, expect, it } from 'vitest';
import { budgetTable, share, visitOrder } from '../src/screens/plan/figures';
import { planWords } from '../src/screens/plan/words';
import { cl, fl } from '../src/i18n';
import { codes } from '../src/schema';
import type { RowRec } from '../src/db';

const row = (entity: string, id: string, fields: Record<string, unknown>): RowRec => ({
  key: `${entity}:${id}`, entity, id, club_id: String(fields.club_id ?? ''), fields, deleted: false, base: fields, baseDeleted: false, updated_at: 0,
});

describe('budget table', () => {
  const b = (id: string, year: number, source: string, item: string, planned: number, spent: number | null) =>
    row('budget', id, { commune_id: 'c', year, source, item, planned_vnd: planned, spent_vnd: spent });
  const lines = [
    b('1', 2026, 'state', 'equipment', 30_000_000, 28_500_000),
    b('2', 2026, 'state', 'equipment', 5_000_000, null),
    b('3', 2026, 'social', 'initial_fund', 20_000_000, 20_000_000),
    b('4', 2026, 'state', 'communication', 4_000_000, 1_000_000),
    b('5', 2027, 'state', 'training', 9_000_000, null),
  ];
  it('sums by source and item in code order, per year', () => {
    const t = budgetTable(lines, 2026, codes('budget', 'source'), codes('budget', 'item'));
    expect(t.planned).toBe(59_000_000);
    expect(t.spent).toBe(49_500_000);
    expect(t.sources.map((s) => s.source)).toEqual(['state', 'social']);
    expect(t.sources[0]).toEqual({
      source: 'state', planned: 39_000_000, spent: 29_500_000,
      items: [{ item: 'communication', planned: 4_000_000, spent: 1_000_000 }, { item: 'equipment', planned: 35_000_000, spent: 28_500_000 }],
    });
    const t27 = budgetTable(lines, 2027, codes('budget', 'source'), codes('budget', 'item'));
    expect([t27.planned, t27.spent]).toEqual([9_000_000, 0]);
    expect(budgetTable(lines, 2025, codes('budget', 'source'), codes('budget', 'item')).sources).toEqual([]);
  });
  it('share spent with a decimal comma', () => {
    expect(share(49_500_000, 59_000_000)).toBe('83,9 %');
    expect(share(0, 9_000_000)).toBe('0,0 %');
    expect(share(5, 0)).toBe('—');
    expect(share(30, 20)).toBe('150,0 %');
  });
});

describe('supervision visits', () => {
  const v = (id: string, visited: string, follow: string | null) => row('supervision_visit', id, { club_id: 'k', visited_on: visited, follow_up_on: follow });
  it('passed follow-ups first (oldest first), then newest visits', () => {
    const today = '2026-06-15';
    const list = [v('a', '2026-01-10', null), v('b', '2026-03-01', '2026-06-01'), v('c', '2026-06-10', '2026-09-01'), v('d', '2026-02-01', '2026-05-01'), v('e', '2026-06-01', '2026-06-15')];
    expect(visitOrder(list, today).map((r) => r.id)).toEqual(['d', 'b', 'c', 'e', 'a']);
  });
});

describe('words', () => {
  it('are NFC and name every code', () => {
    for (const d of Object.values(planWords)) for (const s of Object.values(d)) expect(s).toBe(s.normalize('NFC'));
    for (const [ent, f] of [['budget', 'source'], ['budget', 'item'], ['equipment', 'item'], ['commendation', 'recipient_kind'], ['commendation', 'level'], ['commendation', 'occasion']]) {
      for (const c of codes(ent, f)) expect(planWords.codesVi[`${f}.${c}` as keyof typeof planWords.codesVi], `${ent}.${f}.${c}`).toBeTruthy();
    }
    expect(cl('source', 'elderly_fund')).toBe('Quỹ chăm sóc và phát huy vai trò người cao tuổi');
    expect(cl('level', 'commune')).toBe('Cấp xã');
    expect(fl('supervision_visit', 'follow_up_on')).toBe('Ngày kiểm tra lại');
  });
});
