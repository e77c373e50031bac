// Figures the club screens show, computed from local rows with the rules of
// INDICATORS.md (fund size, outstanding principal, overdue, blood pressure).
import type { RowRec } from './db';

type F = Record<string, any>;
const live = (r: RowRec) => !r.deleted && !(r.fields as F).voided_reason;

export function activeOn(m: F, d: string): boolean {
  return m.joined_on <= d && (!m.left_on || m.left_on > d);
}

export function age(m: F, d: string): number {
  return Number(d.slice(0, 4)) - Number(m.birth_year);
}

/** Balance of a fund on day d: entries in minus expenses, plus loan interest when it goes to that fund. */
export function fundBalance(fund: 'income_generation' | 'activity', entries: RowRec[], loans: RowRec[], repayments: RowRec[], interestFund: string | null | undefined, d: string): number {
  let sum = 0;
  for (const e of entries.filter(live)) {
    const f = e.fields as F;
    if (f.fund !== fund || f.entry_on > d) continue;
    sum += f.kind === 'expense' ? -f.amount_vnd : f.amount_vnd;
  }
  const target = interestFund === 'activity' ? 'activity' : 'income_generation';
  if (fund === target) {
    const liveLoans = new Set(loans.filter(live).map((l) => l.id));
    for (const r of repayments.filter(live)) {
      const f = r.fields as F;
      if (liveLoans.has(f.loan_id) && f.paid_on <= d) sum += f.interest_vnd;
    }
  }
  return sum;
}

export function repaidPrincipal(loanId: string, repayments: RowRec[], d: string): number {
  return repayments
    .filter(live)
    .filter((r) => (r.fields as F).loan_id === loanId && (r.fields as F).paid_on <= d)
    .reduce((s, r) => s + (r.fields as F).principal_vnd, 0);
}

export function outstanding(loan: RowRec, repayments: RowRec[], d: string): number {
  const f = loan.fields as F;
  if (!live(loan) || f.disbursed_on > d) return 0;
  return Math.max(0, f.principal_vnd - repaidPrincipal(loan.id, repayments, d));
}

/** Cash in hand on day d (the fund screen's "Tiền mặt hiện có"): the income-generation fund less the principal lent out and not yet repaid. */
export function cashInHand(entries: RowRec[], loans: RowRec[], repayments: RowRec[], interestFund: string | null | undefined, d: string): number {
  const lent = loans.reduce((s, l) => s + outstanding(l, repayments, d), 0);
  return fundBalance('income_generation', entries, loans, repayments, interestFund, d) - lent;
}

export function overdue(loan: RowRec, repayments: RowRec[], d: string): boolean {
  return (loan.fields as F).due_on < d && outstanding(loan, repayments, d) > 0;
}

export type BpLevel = 'normal' | 'high' | 'urgent';

export function bpLevel(sys: number, dia: number): BpLevel {
  if (sys >= 180 || dia >= 110) return 'urgent';
  if (sys >= 140 || dia >= 90) return 'high';
  return 'normal';
}

export function bmi(weightKg: number | null | undefined, heightCm: number | null | undefined): { value: number; band: 'under' | 'normal' | 'over' | 'obese' } | null {
  if (!weightKg || !heightCm) return null;
  const v = weightKg / (heightCm / 100) ** 2;
  const band = v < 18.5 ? 'under' : v < 23 ? 'normal' : v < 25 ? 'over' : 'obese';
  return { value: Math.round(v * 10) / 10, band };
}

/** A member's latest readings in [from, to]: every reading on their latest day; level = worst of them. */
export function latestReading(memberId: string, checks: RowRec[], from = '1900-01-01', to = '2100-12-31'): { day: string; sys: number; dia: number; level: BpLevel; row: RowRec } | null {
  const mine = checks.filter(live).filter((c) => (c.fields as F).member_id === memberId && (c.fields as F).measured_on >= from && (c.fields as F).measured_on <= to);
  if (!mine.length) return null;
  const day = mine.reduce((m, c) => ((c.fields as F).measured_on > m ? (c.fields as F).measured_on : m), '');
  const sameDay = mine.filter((c) => (c.fields as F).measured_on === day);
  const rank = { normal: 0, high: 1, urgent: 2 };
  let best = sameDay[0];
  let lvl: BpLevel = 'normal';
  for (const c of sameDay) {
    const l = bpLevel((c.fields as F).systolic, (c.fields as F).diastolic);
    if (rank[l] >= rank[lvl]) {
      lvl = l;
      best = c;
    }
  }
  return { day, sys: (best.fields as F).systolic, dia: (best.fields as F).diastolic, level: lvl, row: best };
}

export { live as isLive };
