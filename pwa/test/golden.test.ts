// The shared golden cases of sync/testdata (also run by the Go engine tests),
// so that the phone and the server cannot drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateUpsert } from '../src/validate';
import { stampWins } from '../src/hlc';
import { cashInHand, fundBalance, outstanding } from '../src/compute';
import type { RowRec } from '../src/db';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../sync/testdata/${name}`, import.meta.url), 'utf8'));

describe('golden validation cases (sync/testdata/validation.json)', () => {
  const v = load('validation.json');
  for (const c of v.cases) {
    it(c.name, () => {
      const rowId = c.row_id ?? '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a99';
      const got = validateUpsert(c.entity, rowId, null, c.fields);
      if (c.want === 'ok') expect(got).toBeNull();
      else expect(got).toEqual({ code: c.want.code, field: c.want.field });
    });
  }
});

describe('golden HLC order (sync/testdata/hlc.json)', () => {
  const h = load('hlc.json');
  for (const c of h.cases) {
    it(`${c.hlc_a} vs ${c.hlc_b}`, () => {
      expect(stampWins({ hlc: c.hlc_a, id: c.id_a }, { hlc: c.hlc_b, id: c.id_b })).toBe(c.a_wins);
    });
  }
});

describe('golden money cases (sync/testdata/money.json)', () => {
  const m = load('money.json');
  const rec = (entity: string) => (f: Record<string, unknown>): RowRec => {
    const { id, ...fields } = f;
    return { key: `${entity}:${id}`, entity, id: String(id), club_id: 'club-1', fields: { club_id: 'club-1', ...fields } as RowRec['fields'],
      deleted: false, base: null, baseDeleted: false, updated_at: 0 };
  };
  for (const c of m.cases) {
    it(c.name, () => {
      const entries = c.fund_entries.map(rec('fund_entry'));
      const loans = c.loans.map(rec('loan'));
      const reps = c.repayments.map(rec('repayment'));
      expect(fundBalance('income_generation', entries, loans, reps, c.interest_fund, c.on)).toBe(c.want.fund_size_vnd);
      expect(cashInHand(entries, loans, reps, c.interest_fund, c.on)).toBe(c.want.cash_in_hand_vnd);
      for (const [id, want] of Object.entries(c.want.outstanding_vnd)) {
        const loan = loans.find((l: RowRec) => l.id === id)!;
        expect(outstanding(loan, reps, c.on)).toBe(want);
      }
    });
  }
});
