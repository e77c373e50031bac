// Loans (the fund screen is in fund.tsx). Money rows are ledger rows: written
// once, corrected by a void with a reason.
import { useState } from 'preact/hooks';
import { clubId, correctLoan, navigate, saveMany, notice, rows, save, voidRow, savedText } from '../app';
import { getRow } from '../actions';
import { cl, fl, t } from '../i18n';
import { addMonths, fmtDate, todayVN } from '../dates';
import { fmtMoney, fmtNumber } from '../money';
import { activeOn, isLive, outstanding, repaidPrincipal } from '../compute';
import { byName, Empty, EntityForm, Link, memberOptions, nextId, Page, useData, VoidButton } from '../ui';
import { NeedClub } from './club';
import type { FieldError, Fields } from '../validate';
import { LOAN_FIELDS } from '../correct';
import { dueOn, openLoans, schedule, type Due } from '../loans';
import type { RowRec } from '../db';

type F = Record<string, any>;

export async function loadMoney(cid: string) {
  const [club, members, entries, loans, reps] = await Promise.all([
    getRow('club', cid), rows('member', cid), rows('fund_entry', cid), rows('loan', cid), rows('repayment', cid),
  ]);
  return { club, members: members.sort(byName), entries, loans, reps };
}

export function LoansScreen() {
  const cid = clubId.value;
  const [adding, setAdding] = useState(false);
  const d = useData(() => (cid ? loadMoney(cid) : Promise.resolve(null)), [cid]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const today = todayVN();
  const names = new Map(d.members.map((m) => [m.id, String(m.fields.full_name)]));
  if (adding) return <NewLoan cid={cid} members={d.members.filter((m) => activeOn(m.fields, today))} done={() => setAdding(false)} />;
  // open loans first, overdue ones first (longest first); then the repaid and voided ones, newest first
  const open = openLoans(d.loans, d.reps, today);
  const openIds = new Set(open.map((x) => x.loan.id));
  const closed = d.loans.filter((l) => !openIds.has(l.id)).sort((a, b) => String(b.fields.disbursed_on).localeCompare(String(a.fields.disbursed_on)));
  const owes = new Map<string, number>();
  for (const { loan, due } of open) owes.set(String(loan.fields.member_id), (owes.get(String(loan.fields.member_id)) ?? 0) + due.outstanding);
  const line = (l: RowRec, due: Due | null) => {
    const f = l.fields as F;
    return (
      <li class={f.voided_reason ? 'voided' : due && due.daysOverdue > 0 ? 'bad' : ''}>
        <Link href={`/loans/${l.id}`}>
          <strong>{names.get(f.member_id) ?? '?'}</strong>&nbsp;· {fmtMoney(f.principal_vnd)} · {fmtDate(f.disbursed_on)}
          <br />
          {t('outstanding')}: <strong>{fmtMoney(due ? due.outstanding : outstanding(l, d.reps, today))}</strong>
          {due && due.daysOverdue > 0 && <strong> · {t('days_overdue', { n: due.daysOverdue })}</strong>}
          {due && due.daysOverdue === 0 && due.next && <span class="muted"> · {t('next_due', { d: fmtDate(due.next.due_on) })}</span>}
          {f.voided_reason && <span class="muted"> · {t('voided', { r: f.voided_reason })}</span>}
        </Link>
      </li>
    );
  };
  return (
    <Page
      title={t('nav_loans')}
      actions={
        <button type="button" class="primary" onClick={() => setAdding(true)}>
          {t('add_loan')}
        </button>
      }
    >
      {!d.loans.length && <p class="muted">{t('no_loans')}</p>}
      <ul class="list rows">
        {open.map((x) => line(x.loan, x.due))}
        {closed.map((l) => line(l, null))}
      </ul>
      <h2>{t('owes')}</h2>
      <table class="table">
        <tbody>
          {[...owes.entries()]
            .filter(([, v]) => v > 0)
            .map(([m, v]) => (
              <tr>
                <th scope="row">{names.get(m) ?? '?'}</th>
                <td class="num">{fmtMoney(v)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </Page>
  );
}

export function NewLoan(p: { cid: string; members: RowRec[]; done: () => void; date?: string }) {
  const today = p.date ?? todayVN();
  return (
    <Page title={t('add_loan')}>
      <EntityForm
        entity="loan"
        fields={['member_id', 'disbursed_on', 'principal_vnd', 'term_months', 'monthly_rate_pct', 'purpose', 'due_on']}
        initial={{ disbursed_on: today, term_months: 12, monthly_rate_pct: 0 }}
        labels={{ due_on: t('due_auto') }}
        fixed={{ club_id: p.cid }}
        options={{ member_id: memberOptions(p.members) }}
        aside={(v) => {
          const k = typeof v.principal_vnd === 'number' && typeof v.term_months === 'number' && typeof v.disbursed_on === 'string' ? schedule(v)[0] : null;
          return k ? <p class="muted">{t('first_instalment', { d: fmtDate(k.due_on), p: fmtMoney(k.principal), i: fmtMoney(k.interest) })}</p> : null;
        }}
        onCancel={p.done}
        onSubmit={async (f) => {
          if (!f.due_on && typeof f.disbursed_on === 'string' && typeof f.term_months === 'number') f.due_on = addMonths(f.disbursed_on, f.term_months);
          const r = await save('loan', null, f);
          if (!r.error) {
            notice.value = { kind: 'info', text: savedText() };
            p.done();
          }
          return r.error;
        }}
      />
    </Page>
  );
}

export function LoanDetail({ id }: { id: string }) {
  const cid = clubId.value;
  const [mode, setMode] = useState<'view' | 'repay' | 'correct'>('view');
  const d = useData(async () => {
    const loan = await getRow('loan', id);
    if (!loan) return null;
    const club = String(loan.fields.club_id);
    const [reps, members] = await Promise.all([rows('repayment', club), rows('member', club)]);
    const member = members.find((m) => m.id === loan.fields.member_id);
    return { loan, reps: reps.filter((r) => r.fields.loan_id === id), member, members: members.sort(byName), club };
  }, [id]);
  if (!cid) return <NeedClub />;
  if (!d) return <Empty />;
  const f = d.loan.fields as F;
  const today = todayVN();
  const due = dueOn(d.loan, d.reps, today);
  return (
    <Page title={t('loan_of', { n: String(d.member?.fields.full_name ?? '?') })}>
      <dl class="facts">
        <dt>{t('date')}</dt>
        <dd>{fmtDate(f.disbursed_on)}</dd>
        <dt>{t('due_on_l')}</dt>
        <dd>{fmtDate(f.due_on)}</dd>
        <dt>{fl('loan', 'principal_vnd')}</dt>
        <dd>{fmtMoney(f.principal_vnd)}</dd>
        <dt>{t('paid_total')}</dt>
        <dd>{fmtMoney(repaidPrincipal(id, d.reps, today))}</dd>
        <dt>{t('outstanding')}</dt>
        <dd class={due.daysOverdue > 0 ? 'bad' : ''}>
          <strong>{fmtMoney(outstanding(d.loan, d.reps, today))}</strong>
          {due.daysOverdue > 0 && ` (${t('days_overdue', { n: due.daysOverdue })})`}
        </dd>
        {due.outstanding > 0 && (
          <>
            <dt>{t('due_now')}</dt>
            <dd>{t('rep_line', { p: fmtMoney(due.principal), i: fmtMoney(due.interest) })}</dd>
          </>
        )}
        <dt>{fl('loan', 'purpose')}</dt>
        <dd>{cl('purpose', f.purpose)} · {t('months', { n: f.term_months })} · {t('rate_month', { r: fmtNumber(f.monthly_rate_pct, 2).replace(/,?0+$/, '') || '0' })}</dd>
      </dl>
      {f.voided_reason && <p class="bad">{t('voided', { r: f.voided_reason })}</p>}
      {!f.voided_reason && mode === 'repay' && (
        <EntityForm
          entity="repayment"
          fields={['paid_on', 'principal_vnd', 'interest_vnd']}
          initial={{ paid_on: today, principal_vnd: due.principal, interest_vnd: due.interest }}
          fixed={{ club_id: d.club, loan_id: id }}
          onCancel={() => setMode('view')}
          onSubmit={async (v) => {
            const r = await save('repayment', null, v);
            if (!r.error) setMode('view');
            return r.error;
          }}
        />
      )}
      {!f.voided_reason && mode === 'correct' && (
        <CorrectLoan loan={d.loan} members={d.members.filter((m) => m.id === f.member_id || activeOn(m.fields, today))} live={d.reps.filter(isLive).length} done={() => setMode('view')} />
      )}
      {!f.voided_reason && mode === 'view' && (
        <div class="actions">
          <button type="button" class="primary" onClick={() => setMode('repay')}>
            {t('add_repayment')}
          </button>
          <button type="button" onClick={() => setMode('correct')}>
            {t('correct_loan')}
          </button>
          <VoidButton
            note={t('void_loan_note')}
            onVoid={async (reason) => {
              // the loan and its repayments are voided together, in one transaction
              const r = await saveMany([...d.reps.filter(isLive).map((x) => ({ entity: 'repayment', id: x.id, fields: { voided_reason: reason } })), { entity: 'loan', id, fields: { voided_reason: reason } }]);
              return 'error' in r ? r.error : null;
            }}
          />
        </div>
      )}
      <details>
        <summary>{t('schedule')}</summary>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('due_on_l')}</th>
              <th scope="col" class="num">{t('principal_short')}</th>
              <th scope="col" class="num">{t('interest_short')}</th>
            </tr>
          </thead>
          <tbody>
            {schedule(f).map((k) => (
              <tr class={k.due_on < today && due.next && k.n >= due.next.n ? 'bad' : ''}>
                <td>{fmtDate(k.due_on)}</td>
                <td class="num">{fmtMoney(k.principal)}</td>
                <td class="num">{fmtMoney(k.interest)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <h2>{t('repayments')}</h2>
      {!d.reps.length && <Empty />}
      <ul class="list rows">
        {d.reps
          .sort((a, b) => String(a.fields.paid_on).localeCompare(String(b.fields.paid_on)))
          .map((r) => {
            const g = r.fields as F;
            return (
              <li class={g.voided_reason ? 'voided' : ''}>
                <div>
                  {fmtDate(g.paid_on)} · {t('rep_line', { p: fmtMoney(g.principal_vnd), i: fmtMoney(g.interest_vnd) })}
                  {g.voided_reason && <div class="muted">{t('voided', { r: g.voided_reason })}</div>}
                </div>
                {!g.voided_reason && <VoidButton onVoid={(x) => voidRow('repayment', r.id, x)} />}
              </li>
            );
          })}
      </ul>
      <button type="button" onClick={() => navigate('/loans')}>
        {t('back')}
      </button>
    </Page>
  );
}

/**
 * "Sửa khoản vay (hủy và nhập lại)": the loan's values in a form; saving voids
 * the old loan and its repayments and enters them again (correct.ts), in one
 * transaction. Money is never edited in place.
 */
function CorrectLoan(p: { loan: RowRec; members: RowRec[]; live: number; done: () => void }) {
  const old = p.loan.fields as F;
  const [reason, setReason] = useState('');
  const rid = useState(() => nextId('r'))[0];
  const initial: Fields = {};
  for (const k of LOAN_FIELDS) initial[k] = old[k];
  return (
    <section class="correct" aria-labelledby={rid + 'h'}>
      <h2 id={rid + 'h'}>{t('correct_loan')}</h2>
      <p>{t('correct_loan_note', { n: p.live })}</p>
      <EntityForm
        entity="loan"
        fields={[...LOAN_FIELDS]}
        initial={initial}
        labels={{ due_on: t('due_auto') }}
        fixed={{ club_id: old.club_id }}
        options={{ member_id: memberOptions(p.members) }}
        submitLabel={t('correct_save')}
        onCancel={p.done}
        onSubmit={async (v) => {
          const next = { ...v };
          const disb = next.disbursed_on, term = next.term_months;
          if (typeof disb === 'string' && typeof term === 'number') {
            // an empty due date, or the old one that followed from the old term, follows the new dates
            const wasAuto = old.due_on === addMonths(old.disbursed_on, old.term_months);
            if (!next.due_on || (wasAuto && next.due_on === old.due_on)) next.due_on = addMonths(disb, term);
          }
          const r = await correctLoan(p.loan.id, next, reason);
          if ('ok' in r) {
            notice.value = { kind: 'info', text: t('loan_corrected') };
            p.done();
            navigate(`/loans/${r.ok.newLoanId}`);
            return null;
          }
          return r.error as FieldError;
        }}
      >
        <div class="field">
          <label for={rid}>{t('correct_reason')}</label>
          <input id={rid} type="text" maxLength={2000} required value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        </div>
      </EntityForm>
    </section>
  );
}
