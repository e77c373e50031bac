import { describe, expect, it } from 'vitest';
import { dueOn, openLoans, schedule } from '../src/loans';
import type { RowRec } from '../src/db';

const row = (entity: string, id: string, fields: Record<string, unknown>): RowRec => ({
  key: `${entity}:${id}`, entity, id, club_id: 'k', fields, deleted: false, base: fields, baseDeleted: false, updated_at: 0,
});
const loan = (id: string, f: Record<string, unknown> = {}) =>
  row('loan', id, { club_id: 'k', member_id: 'm', disbursed_on: '2026-01-10', principal_vnd: 6000000, term_months: 6, monthly_rate_pct: 0.5, purpose: 'livestock', due_on: '2026-07-10', ...f });
const rep = (id: string, loanId: string, p: number, i: number, on = '2026-02-10', f: Record<string, unknown> = {}) =>
  row('repayment', id, { club_id: 'k', loan_id: loanId, paid_on: on, principal_vnd: p, interest_vnd: i, ...f });

describe('loan schedule', () => {
  it('equal principal, interest on what is still owed', () => {
    const s = schedule(loan('a').fields);
    expect(s.map((k) => k.principal)).toEqual([1000000, 1000000, 1000000, 1000000, 1000000, 1000000]);
    expect(s.map((k) => k.interest)).toEqual([30000, 25000, 20000, 15000, 10000, 5000]);
    expect(s.map((k) => k.due_on)).toEqual(['2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10', '2026-07-10']);
  });
  it('rounds instalments down to 1.000 đ, the last one takes the rest', () => {
    const s = schedule(loan('a', { principal_vnd: 3070000, term_months: 12 }).fields);
    expect(s[0].principal).toBe(255000);
    expect(s[11].principal).toBe(3070000 - 11 * 255000);
    expect(s.reduce((x, k) => x + k.principal, 0)).toBe(3070000);
  });
});

describe('what is due at a meeting', () => {
  it('the first instalment and its interest, never the whole balance with no interest', () => {
    const d = dueOn(loan('a'), [], '2026-02-10');
    expect(d).toMatchObject({ principal: 1000000, interest: 30000, outstanding: 6000000, daysOverdue: 0 });
  });
  it('before the first due date: the next instalment', () => {
    expect(dueOn(loan('a'), [], '2026-01-20')).toMatchObject({ principal: 1000000, interest: 30000, daysOverdue: 0 });
  });
  it('two instalments missed: both, with their interest, and the days overdue', () => {
    const d = dueOn(loan('a'), [], '2026-03-20');
    expect(d).toMatchObject({ principal: 2000000, interest: 55000, daysOverdue: 38 });
  });
  it('after the first instalment was paid: the second', () => {
    const d = dueOn(loan('a'), [rep('r1', 'a', 1000000, 30000)], '2026-03-10');
    expect(d).toMatchObject({ principal: 1000000, interest: 25000, outstanding: 5000000, daysOverdue: 0 });
  });
  it('a day after a missed due date counts one day overdue; on the day, none', () => {
    expect(dueOn(loan('a'), [], '2026-02-11').daysOverdue).toBe(1);
    expect(dueOn(loan('a'), [], '2026-02-10').daysOverdue).toBe(0);
  });
  it('voided repayments do not count; a repaid loan owes nothing', () => {
    expect(dueOn(loan('a'), [rep('r1', 'a', 1000000, 30000, '2026-02-10', { voided_reason: 'sai' })], '2026-02-10').principal).toBe(1000000);
    expect(dueOn(loan('a'), [rep('r1', 'a', 6000000, 0)], '2026-03-10')).toMatchObject({ principal: 0, interest: 0, outstanding: 0 });
  });
  it('no interest on a 0 % loan', () => {
    expect(dueOn(loan('a', { monthly_rate_pct: 0 }), [], '2026-02-10')).toMatchObject({ principal: 1000000, interest: 0 });
  });
  it('open loans: overdue first, longest first', () => {
    const list = openLoans([loan('new', { disbursed_on: '2026-03-01', due_on: '2026-09-01' }), loan('late'), loan('later', { disbursed_on: '2025-12-10', due_on: '2026-06-10' }), loan('paid')], [rep('r', 'paid', 6000000, 0)], '2026-03-20');
    expect(list.map((x) => x.loan.id)).toEqual(['later', 'late', 'new']);
  });
});

describe('cash in hand', () => {
  it('is the funds less the principal lent out and not yet repaid', async () => {
    const { cashBox } = await import('../src/compute');
    const entries = [
      row('fund_entry', 'e1', { club_id: 'k', fund: 'income_generation', entry_on: '2026-01-01', kind: 'opening_balance', amount_vnd: 20000000 }),
      row('fund_entry', 'e2', { club_id: 'k', fund: 'activity', entry_on: '2026-01-05', kind: 'contribution', amount_vnd: 50000 }),
      row('fund_entry', 'e3', { club_id: 'k', fund: 'activity', entry_on: '2026-01-06', kind: 'expense', amount_vnd: 20000 }),
    ];
    const reps = [rep('r1', 'a', 1000000, 30000)];
    const c = cashBox(entries, [loan('a')], reps, null, '2026-02-10');
    // 20.000.000 + 30.000 interest − (6.000.000 − 1.000.000) lent out; activity 50.000 − 20.000
    expect(c).toEqual({ income_generation: 15030000, activity: 30000, lent: 5000000, total: 15060000 });
    expect(cashBox(entries, [loan('a')], reps, null, '2026-01-09').lent).toBe(0);
  });
});
