// A loan's repayment schedule and what is due at a meeting. The clubs lend
// for 6–12 months and are repaid monthly at the meeting (DOMAIN.md): equal
// principal instalments, each month's interest on the principal still
// outstanding at the start of that month. Rows are the phone's RowRecs.
import type { RowRec } from './db';
import { addMonths, daysBetween } from './dates';

type F = Record<string, any>;
const live = (r: RowRec) => !r.deleted && !(r.fields as F).voided_reason;

export interface Instalment {
  n: number;
  due_on: string;
  principal: number;
  interest: number;
  /** principal outstanding at the start of the month */
  balance: number;
}

/**
 * Equal principal instalments, rounded down to 1.000 đ (the last one takes
 * what is left), plus interest on the outstanding principal (whole đồng).
 */
export function schedule(loan: F): Instalment[] {
  const P = Number(loan.principal_vnd), n = Math.max(1, Number(loan.term_months)), rate = Number(loan.monthly_rate_pct ?? 0) / 100;
  if (!(P > 0)) return [];
  let each = Math.floor(P / n / 1000) * 1000;
  if (each === 0) each = Math.floor(P / n);
  const out: Instalment[] = [];
  let bal = P;
  for (let k = 1; k <= n; k++) {
    const principal = k === n ? bal : Math.min(each, bal);
    out.push({ n: k, due_on: addMonths(String(loan.disbursed_on), k), principal, interest: Math.round(bal * rate), balance: bal });
    bal -= principal;
  }
  return out;
}

export interface Due {
  /** principal and interest to ask for now: the instalments due by the day, or else the next one */
  principal: number;
  interest: number;
  /** principal not yet repaid */
  outstanding: number;
  /** days since the oldest instalment that is due and not repaid (0: none) */
  daysOverdue: number;
  /** the oldest instalment not yet repaid in full */
  next: Instalment | null;
}

/** What a member owes on a loan on day d, from its schedule and its live repayments. */
export function dueOn(loan: RowRec, repayments: RowRec[], d: string): Due {
  const f = loan.fields as F;
  const paid = repayments.filter((r) => live(r) && (r.fields as F).loan_id === loan.id);
  const pp = paid.reduce((s, r) => s + Number((r.fields as F).principal_vnd ?? 0), 0);
  const pi = paid.reduce((s, r) => s + Number((r.fields as F).interest_vnd ?? 0), 0);
  const outstanding = live(loan) ? Math.max(0, Number(f.principal_vnd) - pp) : 0;
  const none: Due = { principal: 0, interest: 0, outstanding, daysOverdue: 0, next: null };
  if (!live(loan) || outstanding === 0) return none;
  const sched = schedule(f);
  let cumP = 0, cumI = 0, dueP = 0, dueI = 0;
  let next: Instalment | null = null, nextP = 0, nextI = 0;
  for (const k of sched) {
    cumP += k.principal;
    cumI += k.interest;
    if (k.due_on <= d) {
      dueP = cumP;
      dueI = cumI;
    }
    if (!next && cumP > pp) {
      next = k;
      nextP = cumP;
      nextI = cumI;
    }
  }
  let principal = Math.max(0, dueP - pp), interest = Math.max(0, dueI - pi);
  if (principal === 0 && interest === 0 && next) {
    principal = nextP - pp;
    interest = Math.max(0, nextI - pi);
  }
  principal = Math.min(principal, outstanding);
  const daysOverdue = next && next.due_on < d ? daysBetween(next.due_on, d) : 0;
  return { principal, interest, outstanding, daysOverdue, next };
}

/** Live loans with principal outstanding on day d, overdue first (longest first), then by next due date. */
export function openLoans(loans: RowRec[], repayments: RowRec[], d: string): Array<{ loan: RowRec; due: Due }> {
  return loans
    .filter((l) => live(l) && String((l.fields as F).disbursed_on) <= d)
    .map((loan) => ({ loan, due: dueOn(loan, repayments, d) }))
    .filter((x) => x.due.outstanding > 0)
    .sort((a, b) => b.due.daysOverdue - a.due.daysOverdue || String(a.due.next?.due_on).localeCompare(String(b.due.next?.due_on)));
}
