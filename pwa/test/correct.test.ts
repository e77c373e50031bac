import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/db';
import { Clock } from '../src/hlc';
import { correctLoan } from '../src/correct';
import { fundBalance, isLive, outstanding } from '../src/compute';
import { UUID_RE, uuidv7 } from '../src/uuid';
import { validateUpsert } from '../src/validate';

const CLUB = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a60';
const ANH = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a61';
const BINH = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a62';
const DAY = '2026-09-30';
let dbn = 0;

const loanFields = (member: string, principal: number) => ({
  club_id: CLUB, member_id: member, disbursed_on: '2026-01-10', principal_vnd: principal, term_months: 12,
  monthly_rate_pct: 0.5, purpose: 'livestock', due_on: '2027-01-10',
});
const rep = (loan: string, paid_on: string, principal_vnd: number, interest_vnd: number, voided_reason?: string) => ({
  club_id: CLUB, loan_id: loan, paid_on, principal_vnd, interest_vnd, ...(voided_reason ? { voided_reason } : {}),
});

/** A club as pulled from the server: two loans, repayments (one already voided); empty outbox. */
async function setup() {
  const store = await openStore('correct' + ++dbn);
  const clock = new Clock('dev-a', {});
  const L = uuidv7(), other = uuidv7();
  const r1 = uuidv7(), r2 = uuidv7(), r3 = uuidv7(), rv = uuidv7(), ro = uuidv7();
  const pulled = [
    { entity: 'loan', row_id: L, fields: loanFields(ANH, 6_000_000) },
    { entity: 'loan', row_id: other, fields: loanFields(BINH, 5_000_000) },
    { entity: 'repayment', row_id: r2, fields: rep(L, '2026-03-10', 500_000, 30_000) },
    { entity: 'repayment', row_id: r1, fields: rep(L, '2026-02-10', 500_000, 30_000) },
    { entity: 'repayment', row_id: r3, fields: rep(L, '2026-04-10', 0, 25_000) },
    { entity: 'repayment', row_id: rv, fields: rep(L, '2026-04-11', 700_000, 0, 'ghi trùng') },
    { entity: 'repayment', row_id: ro, fields: rep(other, '2026-02-10', 1_000_000, 0) },
    { entity: 'fund_entry', row_id: uuidv7(), fields: { club_id: CLUB, fund: 'income_generation', entry_on: '2026-01-01', kind: 'opening_balance', amount_vnd: 20_000_000 } },
  ].map((r) => ({ ...r, deleted: false }));
  await store.applyPulled(pulled, '1');
  return { store, clock, L, other, r1, r2, r3, rv, ro };
}

async function figures(store: Store) {
  const [loans, reps, entries] = await Promise.all([store.list('loan', CLUB), store.list('repayment', CLUB), store.list('fund_entry', CLUB)]);
  const owes = new Map<string, number>();
  for (const l of loans.filter(isLive)) owes.set(String(l.fields.member_id), (owes.get(String(l.fields.member_id)) ?? 0) + outstanding(l, reps, DAY));
  const total = loans.reduce((s, l) => s + outstanding(l, reps, DAY), 0);
  const fund = fundBalance('income_generation', entries, loans, reps, undefined, DAY);
  const interest = reps.filter(isLive).reduce((s, r) => s + Number(r.fields.interest_vnd), 0);
  return { owes: Object.fromEntries(owes), total, fund, interest, liveLoans: loans.filter(isLive).length };
}

describe('correcting a loan (void and enter again)', () => {
  it('voids the loan and its live repayments and enters them again, in one transaction with a valid outbox order', async () => {
    const { store, clock, L, other, r1, r2, r3, rv, ro } = await setup();
    const before = await figures(store);
    expect(before.owes).toEqual({ [ANH]: 5_000_000, [BINH]: 4_000_000 });

    const res = await correctLoan(store, clock, 'u1', L, { purpose: 'crops', disbursed_on: '2026-01-05', due_on: '2027-01-05' }, '  Nhập sai mục đích vay  ');
    if (!('ok' in res)) throw new Error(JSON.stringify(res.error));
    const N = res.ok.newLoanId;
    expect(N).toMatch(UUID_RE);
    expect(N[14]).toBe('7'); // UUID v7
    expect(N).not.toBe(L);

    const out = await store.outbox();
    // exactly: 3 repayment voids, the loan void, the new loan, 3 new repayments
    expect(out).toHaveLength(8);
    expect(out.every((c) => c.op === 'upsert' && c.state === 'pending' && c.user_id === 'u1')).toBe(true);
    expect(out.map((c) => `${c.entity}:${c.row_id}`).slice(0, 5)).toEqual([`repayment:${r1}`, `repayment:${r2}`, `repayment:${r3}`, `loan:${L}`, `loan:${N}`]);
    for (const c of out.slice(0, 4)) expect(c.fields).toEqual({ voided_reason: 'Nhập sai mục đích vay' });
    // the already voided repayment and the other loan's are untouched
    expect(out.some((c) => c.row_id === rv || c.row_id === ro || c.row_id === other)).toBe(false);
    // the new loan: the old values with the corrections
    expect(out[4].fields).toEqual({ ...loanFields(ANH, 6_000_000), purpose: 'crops', disbursed_on: '2026-01-05', due_on: '2027-01-05' });
    // new loan before its repayments; identical repayments against the new loan
    const newReps = out.slice(5);
    const idx = (id: string) => out.findIndex((c) => c.row_id === id);
    for (const c of newReps) {
      expect(c.entity).toBe('repayment');
      expect(c.fields.loan_id).toBe(N);
      expect(idx(N)).toBeLessThan(idx(c.row_id));
      expect(c.row_id[14]).toBe('7');
      expect(validateUpsert('repayment', c.row_id, null, c.fields)).toBeNull();
    }
    expect(newReps.map((c) => c.fields)).toEqual([rep(N, '2026-02-10', 500_000, 30_000), rep(N, '2026-03-10', 500_000, 30_000), rep(N, '2026-04-10', 0, 25_000)]);
    expect(res.ok.moved.map(([o]) => o)).toEqual([r1, r2, r3]);
    // HLCs and change ids increase in outbox order
    for (let i = 1; i < out.length; i++) {
      expect(out[i].hlc > out[i - 1].hlc).toBe(true);
      expect((out[i].n ?? 0) > (out[i - 1].n ?? 0)).toBe(true);
    }
    expect(await store.getMeta('hlc')).toEqual(clock.state);

    // the rows the screens show
    expect((await store.get('loan', L))?.fields.voided_reason).toBe('Nhập sai mục đích vay');
    expect((await store.get('loan', N))?.fields.purpose).toBe('crops');
    expect((await store.get('repayment', r1))?.fields.voided_reason).toBe('Nhập sai mục đích vay');
    expect((await store.get('repayment', rv))?.fields.voided_reason).toBe('ghi trùng');

    // totals owed, per member and in all, the fund and the interest are unchanged
    const after = await figures(store);
    expect(after).toEqual(before);
  });

  it('a loan entered for the wrong member moves to the right one; the club total is unchanged', async () => {
    const { store, clock, L } = await setup();
    const before = await figures(store);
    const res = await correctLoan(store, clock, 'u1', L, { member_id: BINH }, 'Nhầm người vay');
    expect('ok' in res).toBe(true);
    const after = await figures(store);
    expect(after.total).toBe(before.total);
    expect(after.fund).toBe(before.fund);
    expect(after.owes).toEqual({ [BINH]: 9_000_000 });
  });

  it('writes nothing when the correction is refused', async () => {
    const { store, clock, L } = await setup();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ purpose: 'crops' }, '   ', 'missing_field'],
      [{}, 'lý do', 'unchanged'],
      [{ due_on: '2025-12-01' }, 'lý do', 'invalid_value'],
      [{ principal_vnd: 900_000 }, 'lý do', 'repaid_exceeds'],
      [{ monthly_rate_pct: 3 }, 'lý do', 'invalid_value'],
    ];
    for (const [values, reason, code] of cases) {
      const res = await correctLoan(store, clock, 'u1', L, values, reason);
      expect('error' in res && res.error.code).toBe(code);
    }
    expect(await store.outbox()).toHaveLength(0);
    expect((await store.get('loan', L))?.fields.voided_reason).toBeUndefined();
    // a voided loan is not corrected again
    await correctLoan(store, clock, 'u1', L, { purpose: 'crops' }, 'sai');
    const again = await correctLoan(store, clock, 'u1', L, { purpose: 'trade' }, 'sai');
    expect('error' in again && again.error.code).toBe('already_voided');
  });

  it('a failure inside the transaction rolls every write back', async () => {
    const { store, clock, L } = await setup();
    const bad = { toJSON: () => 1, f: () => 1 } as unknown as string; // not cloneable: the last write throws
    await expect(
      store.transact(clock, 'u1', async (w) => {
        await w.write('loan', L, 'upsert', { voided_reason: 'x' });
        await w.write('loan', uuidv7(), 'upsert', { purpose: bad });
        return true;
      }),
    ).rejects.toBeTruthy();
    expect(await store.outbox()).toHaveLength(0);
    expect((await store.get('loan', L))?.fields.voided_reason).toBeUndefined();
  });
});
