// Correcting a loan (ENTITIES.md): a wrongly entered loan is voided and entered
// again; its repayments are voided with it and entered again against the new
// loan. Money is never edited in place. Everything is written in ONE IndexedDB
// transaction, each write a row and its change (Store.transact), so the phone
// never holds half a correction.
import type { Clock } from './hlc';
import type { Store, RowRec } from './db';
import { normalize, validateUpsert, type FieldError, type Fields } from './validate';
import { uuidv7 } from './uuid';

/** The loan fields a correction may change (club_id stays; voided_reason is the old loan's). */
export const LOAN_FIELDS = ['member_id', 'disbursed_on', 'principal_vnd', 'term_months', 'monthly_rate_pct', 'purpose', 'due_on'] as const;
/** The repayment fields copied to the new loan's repayments (loan_id is the new loan's). */
const REPAYMENT_FIELDS = ['club_id', 'paid_on', 'principal_vnd', 'interest_vnd'] as const;

export type CorrectionError =
  | { code: 'not_found' | 'already_voided' | 'unchanged' | 'repaid_exceeds'; field?: string }
  | (FieldError & { entity?: string });

export interface CorrectionResult {
  newLoanId: string;
  /** old repayment id → new repayment id */
  moved: Array<[string, string]>;
}

const isLive = (r: RowRec) => !r.deleted && !r.fields.voided_reason;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Voids loan `loanId` with `reason`, enters `values` as a new loan (new UUID v7),
 * and for every live repayment of the old loan voids it (same reason) and
 * enters an identical repayment against the new loan. Outbox order: the voids
 * of the old repayments, the void of the old loan, the new loan, then its
 * repayments (by payment date) — a repayment never comes before its loan.
 * Returns the new ids, or the first error (then nothing is written).
 */
export async function correctLoan(
  store: Store, clock: Clock, userId: string, loanId: string, values: Fields, reason: string,
): Promise<{ ok: CorrectionResult } | { error: CorrectionError }> {
  const st: { error: CorrectionError | null } = { error: null };
  const fail = (e: CorrectionError) => {
    st.error = e;
    return null;
  };
  const ok = await store.transact<CorrectionResult>(clock, userId, async (w) => {
    const old = await w.get('loan', loanId);
    if (!old || old.deleted) return fail({ code: 'not_found' });
    if (old.fields.voided_reason) return fail({ code: 'already_voided' });
    const clubId = String(old.fields.club_id);
    const reps = (await w.list('repayment', clubId))
      .filter((r) => r.fields.loan_id === loanId && isLive(r))
      .sort((a, b) => String(a.fields.paid_on).localeCompare(String(b.fields.paid_on)) || a.id.localeCompare(b.id));

    // the new loan: the old one's values with the user's on top
    const picked: Fields = { club_id: clubId };
    for (const k of LOAN_FIELDS) picked[k] = k in values ? values[k] : old.fields[k];
    const loan = normalize('loan', picked);
    if (LOAN_FIELDS.every((k) => same(loan[k], old.fields[k]))) return fail({ code: 'unchanged' });
    const newLoanId = uuidv7(clock.now());
    const le = validateUpsert('loan', newLoanId, null, loan);
    if (le) return fail({ ...le, entity: 'loan' });
    const repaid = reps.reduce((s, r) => s + Number(r.fields.principal_vnd ?? 0), 0);
    if (typeof loan.principal_vnd === 'number' && repaid > loan.principal_vnd) return fail({ code: 'repaid_exceeds', field: 'principal_vnd' });

    const voided = normalize('loan', { voided_reason: reason }).voided_reason;
    if (typeof voided !== 'string' || voided === '') return fail({ code: 'missing_field', field: 'voided_reason', entity: 'loan' });
    const ve = validateUpsert('loan', loanId, old.fields, { voided_reason: voided });
    if (ve) return fail({ ...ve, entity: 'loan' });

    const copies = reps.map((r) => {
      const f: Fields = {};
      for (const k of REPAYMENT_FIELDS) f[k] = r.fields[k];
      f.loan_id = newLoanId;
      return { old: r, id: uuidv7(clock.now()), fields: f };
    });
    for (const c of copies) {
      const e = validateUpsert('repayment', c.old.id, c.old.fields, { voided_reason: voided }) ?? validateUpsert('repayment', c.id, null, c.fields);
      if (e) return fail({ ...e, entity: 'repayment' });
    }

    for (const c of copies) await w.write('repayment', c.old.id, 'upsert', { voided_reason: voided });
    await w.write('loan', loanId, 'upsert', { voided_reason: voided });
    await w.write('loan', newLoanId, 'upsert', loan);
    for (const c of copies) await w.write('repayment', c.id, 'upsert', c.fields);
    return { newLoanId, moved: copies.map((c) => [c.old.id, c.id] as [string, string]) };
  });
  if (ok) return { ok };
  return { error: st.error ?? { code: 'not_found' } };
}
