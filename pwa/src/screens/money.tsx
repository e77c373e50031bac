// Fund and loans. Money rows are ledger rows: written once, corrected by a void with a reason.
import { useState } from 'preact/hooks';
import { clubId, correctLoan, navigate, notice, rows, save, store, voidRow, savedText } from '../app';
import { cl, fl, t } from '../i18n';
import { addMonths, fmtDate, todayVN } from '../dates';
import { fmtMoney, fmtNumber } from '../money';
import { activeOn, fundBalance, isLive, outstanding, overdue, repaidPrincipal } from '../compute';
import { byName, Empty, EntityForm, Link, memberOptions, nextId, Page, useData, VoidButton } from '../ui';
import { NeedClub } from './club';
import { FeeRound } from './meeting';
import type { FieldError, Fields } from '../validate';
import { LOAN_FIELDS } from '../correct';
import type { RowRec } from '../db';

type F = Record<string, any>;

async function loadMoney(cid: string) {
  const [club, members, entries, loans, reps] = await Promise.all([
    store.get('club', cid), rows('member', cid), rows('fund_entry', cid), rows('loan', cid), rows('repayment', cid),
  ]);
  return { club, members: members.sort(byName), entries, loans, reps };
}

export function FundScreen() {
  const cid = clubId.value;
  const [mode, setMode] = useState<'list' | 'round' | 'entry'>('list');
  const d = useData(() => (cid ? loadMoney(cid) : Promise.resolve(null)), [cid]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const today = todayVN();
  const intFund = d.club?.fields.interest_fund as string | undefined;
  const names = new Map(d.members.map((m) => [m.id, String(m.fields.full_name)]));
  if (mode === 'round')
    return (
      <Page title={t('add_round')}>
        <FeeRound cid={cid} date={null} d={d} ticked={new Set()} onDone={() => setMode('list')} skipLabel={t('cancel')} />
      </Page>
    );
  if (mode === 'entry')
    return (
      <Page title={t('add_entry')}>
        <EntityForm
          entity="fund_entry"
          fields={['kind', 'fund', 'entry_on', 'amount_vnd', 'member_id', 'note']}
          initial={{ entry_on: today, fund: 'activity', kind: 'donation' }}
          fixed={{ club_id: cid }}
          options={{ member_id: memberOptions(d.members) }}
          onCancel={() => setMode('list')}
          onSubmit={async (f) => {
            const r = await save('fund_entry', null, f);
            if (!r.error) setMode('list');
            return r.error;
          }}
        />
      </Page>
    );
  const sorted = [...d.entries].sort((a, b) => String(b.fields.entry_on).localeCompare(String(a.fields.entry_on)) || (b.updated_at - a.updated_at));
  return (
    <Page
      title={t('nav_fund')}
      actions={
        <>
          <button type="button" class="primary" onClick={() => setMode('round')}>
            {t('add_round')}
          </button>
          <button type="button" onClick={() => setMode('entry')}>
            {t('add_entry')}
          </button>
        </>
      }
    >
      <div class="cards">
        <div class="card">
          <h2>{t('fund_ig')}</h2>
          <p class="big">{fmtMoney(fundBalance('income_generation', d.entries, d.loans, d.reps, intFund, today))}</p>
          <p class="muted">{t('fund_size_note')}</p>
        </div>
        <div class="card">
          <h2>{t('fund_act')}</h2>
          <p class="big">{fmtMoney(fundBalance('activity', d.entries, d.loans, d.reps, intFund, today))}</p>
        </div>
      </div>
      <h2>{t('entries')}</h2>
      {!sorted.length && <Empty />}
      <ul class="list rows">
        {sorted.map((e) => {
          const f = e.fields as F;
          return (
            <li class={f.voided_reason ? 'voided' : ''}>
              <div>
                <strong>{fmtDate(f.entry_on)}</strong> · {cl('kind', f.kind)} · {cl('fund', f.fund)} ·{' '}
                <strong class={f.kind === 'expense' ? 'bad' : ''}>{(f.kind === 'expense' ? '−' : '+') + fmtMoney(f.amount_vnd)}</strong>
                {f.member_id && <span> · {names.get(f.member_id) ?? ''}</span>}
                {f.note && <span class="muted"> · {f.note}</span>}
                {f.voided_reason && <div class="muted">{t('voided', { r: f.voided_reason })}</div>}
              </div>
              {!f.voided_reason && <VoidButton onVoid={(r) => voidRow('fund_entry', e.id, r)} />}
            </li>
          );
        })}
      </ul>
    </Page>
  );
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
  const loans = [...d.loans].sort((a, b) => String(b.fields.disbursed_on).localeCompare(String(a.fields.disbursed_on)));
  const owes = new Map<string, number>();
  for (const l of loans.filter(isLive)) owes.set(String(l.fields.member_id), (owes.get(String(l.fields.member_id)) ?? 0) + outstanding(l, d.reps, today));
  return (
    <Page
      title={t('nav_loans')}
      actions={
        <button type="button" class="primary" onClick={() => setAdding(true)}>
          {t('add_loan')}
        </button>
      }
    >
      {!loans.length && <p class="muted">{t('no_loans')}</p>}
      <ul class="list rows">
        {loans.map((l) => {
          const f = l.fields as F;
          const od = isLive(l) && overdue(l, d.reps, today);
          return (
            <li class={f.voided_reason ? 'voided' : od ? 'bad' : ''}>
              <Link href={`/loans/${l.id}`}>
                <strong>{names.get(f.member_id) ?? '?'}</strong> · {fmtMoney(f.principal_vnd)} · {fmtDate(f.disbursed_on)} → {fmtDate(f.due_on)}
                <br />
                {t('outstanding')}: <strong>{fmtMoney(outstanding(l, d.reps, today))}</strong>
                {od && <strong> · {t('overdue')}</strong>}
                {f.voided_reason && <span class="muted"> · {t('voided', { r: f.voided_reason })}</span>}
              </Link>
            </li>
          );
        })}
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
    const loan = await store.get('loan', id);
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
        <dd class={overdue(d.loan, d.reps, today) ? 'bad' : ''}>
          <strong>{fmtMoney(outstanding(d.loan, d.reps, today))}</strong>
          {overdue(d.loan, d.reps, today) && ` (${t('overdue')})`}
        </dd>
        <dt>{fl('loan', 'purpose')}</dt>
        <dd>{cl('purpose', f.purpose)} · {t('months', { n: f.term_months })} · {t('rate_month', { r: fmtNumber(f.monthly_rate_pct, 2).replace(/,?0+$/, '') || '0' })}</dd>
      </dl>
      {f.voided_reason && <p class="bad">{t('voided', { r: f.voided_reason })}</p>}
      {!f.voided_reason && mode === 'repay' && (
        <EntityForm
          entity="repayment"
          fields={['paid_on', 'principal_vnd', 'interest_vnd']}
          initial={{ paid_on: today, interest_vnd: 0, principal_vnd: outstanding(d.loan, d.reps, today) }}
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
              for (const r of d.reps.filter(isLive)) {
                const e = await voidRow('repayment', r.id, reason);
                if (e) return e;
              }
              return voidRow('loan', id, reason);
            }}
          />
        </div>
      )}
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
