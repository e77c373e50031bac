// The steps of a meeting session after the attendance: contributions (a fee
// round, ticked from the attendance), repayments due, new loans, the cash box.
import { useState } from 'preact/hooks';
import { navigate, notice, saveMany, savedText } from '../app';
import { cl, fl, t } from '../i18n';
import { fmtDate, todayVN } from '../dates';
import { fmtMoney } from '../money';
import { activeOn, cashBox, isLive } from '../compute';
import { openLoans } from '../loans';
import { DateField, ErrorLine, Link, MoneyInput, nextId, Toggle } from '../ui';
import type { RowWrite } from '../batch';
import type { FieldError } from '../validate';
import type { RowRec } from '../db';
import { NewLoan } from './money';
import type { ClubData } from './meeting';


/**
 * A fee round: one contribution per member who paid, all in one transaction.
 * At a meeting the day is the meeting's and the members present are ticked;
 * from the fund screen the day is chosen. Members who already paid into that
 * fund that day are not offered again.
 */
export function FeeRound(p: { cid: string; date: string | null; d: Pick<ClubData, 'members' | 'entries'>; ticked: Set<string>; onDone: () => void; skipLabel?: string }) {
  const last = p.d.entries
    .filter((e) => isLive(e) && e.fields.kind === 'contribution')
    .sort((a, b) => String(b.fields.entry_on).localeCompare(String(a.fields.entry_on)))[0];
  const [date, setDate] = useState(p.date ?? todayVN());
  const [fund, setFund] = useState<string>(String(last?.fields.fund ?? 'activity'));
  const [amount, setAmount] = useState<number | null>(last ? Number(last.fields.amount_vnd) : null);
  const [err, setErr] = useState<FieldError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = useState(() => ({ f: nextId(), a: nextId() }))[0];
  const already = new Set(
    p.d.entries.filter((e) => isLive(e) && e.fields.kind === 'contribution' && e.fields.entry_on === date && e.fields.fund === fund).map((e) => String(e.fields.member_id)),
  );
  const members = p.d.members.filter((m) => activeOn(m.fields, date) && !already.has(m.id));
  const [paid, setPaid] = useState<Set<string>>(() => new Set([...p.ticked].filter((x) => !already.has(x))));
  const count = members.filter((m) => paid.has(m.id)).length;
  return (
    <form
      class="form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!amount || amount <= 0) return setErr({ code: 'invalid_value', field: 'amount_vnd' });
        setBusy(true);
        const writes: RowWrite[] = members
          .filter((m) => paid.has(m.id))
          .map((m) => ({ entity: 'fund_entry', id: null, fields: { club_id: p.cid, fund, member_id: m.id, entry_on: date, kind: 'contribution', amount_vnd: amount } }));
        const r = await saveMany(writes);
        setBusy(false);
        if ('error' in r) return setErr(r.error);
        notice.value = { kind: 'info', text: savedText() };
        p.onDone();
      }}
    >
      <h2>{t('add_round')}</h2>
      {p.date === null && <DateField label={t('date')} value={date} onChange={setDate} />}
      <div class="field">
        <label for={ids.f}>{fl('fund_entry', 'fund')}</label>
        <select id={ids.f} value={fund} onChange={(e) => setFund((e.target as HTMLSelectElement).value)}>
          <option value="activity">{cl('fund', 'activity')}</option>
          <option value="income_generation">{cl('fund', 'income_generation')}</option>
        </select>
      </div>
      <div class="field">
        <label for={ids.a}>{t('amount_each')}</label>
        <MoneyInput id={ids.a} value={amount} onChange={setAmount} aria-invalid={err && typeof err !== 'string' && err.field === 'amount_vnd' ? 'true' : undefined} />
      </div>
      <fieldset class="field">
        <legend>{t('paid_members')}</legend>
        {already.size > 0 && <p class="muted">{t('paid_already', { n: already.size })}</p>}
        <button type="button" class="small" onClick={() => setPaid(new Set(members.map((m) => m.id)))}>
          {t('all_paid')}
        </button>
        <div class="toggles people">
          {members.map((m) => (
            <Toggle
              label={String(m.fields.full_name)}
              checked={paid.has(m.id)}
              onChange={(on) => {
                const n = new Set(paid);
                if (on) n.add(m.id);
                else n.delete(m.id);
                setPaid(n);
              }}
            />
          ))}
        </div>
      </fieldset>
      <ErrorLine error={err} entity="fund_entry" />
      <div class="stickybar">
        <span class="count" aria-live="polite">
          {count}/{members.length} · {t('round_total', { v: fmtMoney((amount ?? 0) * count) })}
        </span>
        <button type="submit" class="primary" disabled={busy}>
          {t('save')}
        </button>
        {p.skipLabel && (
          <button type="button" onClick={p.onDone}>
            {p.skipLabel}
          </button>
        )}
      </div>
    </form>
  );
}

/** The repayments due at the meeting: tick who paid; each pays the instalment due and its interest unless changed. */
export function RepayStep(p: { cid: string; day: string; d: ClubData; onDone: () => void }) {
  const names = new Map(p.d.members.map((m) => [m.id, String(m.fields.full_name)]));
  const paidToday = new Set(p.d.reps.filter((r) => isLive(r) && r.fields.paid_on === p.day).map((r) => String(r.fields.loan_id)));
  const open = openLoans(p.d.loans, p.d.reps, p.day).filter((x) => !paidToday.has(x.loan.id));
  const [sel, setSel] = useState<Map<string, { principal: number | null; interest: number | null }>>(new Map());
  const [editing, setEditing] = useState<string | null>(null);
  const [err, setErr] = useState<FieldError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const total = [...sel.values()].reduce((s, v) => s + (v.principal ?? 0) + (v.interest ?? 0), 0);
  return (
    <form
      class="form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const writes: RowWrite[] = [...sel.entries()].map(([loanId, v]) => ({
          entity: 'repayment',
          id: null,
          fields: { club_id: p.cid, loan_id: loanId, paid_on: p.day, principal_vnd: v.principal ?? 0, interest_vnd: v.interest ?? 0 },
        }));
        const r = await saveMany(writes);
        setBusy(false);
        if ('error' in r) return setErr(r.error);
        if (writes.length) notice.value = { kind: 'info', text: savedText() };
        p.onDone();
      }}
    >
      <h2>{t('repay_due')}</h2>
      {paidToday.size > 0 && <p class="muted">{t('repaid_already', { n: paidToday.size })}</p>}
      {!open.length && <p class="muted">{t('no_repay_due')}</p>}
      <ul class="list rows loans">
        {open.map(({ loan, due }) => {
          const v = sel.get(loan.id);
          const name = names.get(String(loan.fields.member_id)) ?? '?';
          return (
            <li class={due.daysOverdue > 0 ? 'late' : ''}>
              <Toggle
                label={name}
                checked={!!v}
                onChange={(on) => {
                  const n = new Map(sel);
                  if (on) n.set(loan.id, { principal: due.principal, interest: due.interest });
                  else n.delete(loan.id);
                  setSel(n);
                }}
              />
              <p>
                {t('rep_line', { p: fmtMoney(v ? v.principal : due.principal), i: fmtMoney(v ? v.interest : due.interest) })}
                <span class="muted"> · {t('outstanding')}: {fmtMoney(due.outstanding)}</span>
                {due.daysOverdue > 0 && <strong class="bad"> · {t('days_overdue', { n: due.daysOverdue })}</strong>}
              </p>
              {v && editing !== loan.id && (
                <button type="button" class="small" onClick={() => setEditing(loan.id)}>
                  {t('change_amount')}
                </button>
              )}
              {v && editing === loan.id && (
                <AmountPair
                  v={v}
                  onChange={(x) => {
                    const n = new Map(sel);
                    n.set(loan.id, x);
                    setSel(n);
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
      <ErrorLine error={err} entity="repayment" />
      <div class="stickybar">
        <span class="count">{t('repay_total', { n: sel.size, v: fmtMoney(total) })}</span>
        <button type="submit" class="primary" disabled={busy}>
          {sel.size ? t('save') : t('next')}
        </button>
      </div>
    </form>
  );
}

function AmountPair(p: { v: { principal: number | null; interest: number | null }; onChange: (v: { principal: number | null; interest: number | null }) => void }) {
  const ids = useState(() => ({ p: nextId(), i: nextId() }))[0];
  return (
    <div class="grid2">
      <div class="field">
        <label for={ids.p}>{fl('repayment', 'principal_vnd')}</label>
        <MoneyInput id={ids.p} value={p.v.principal} onChange={(x) => p.onChange({ ...p.v, principal: x })} />
      </div>
      <div class="field">
        <label for={ids.i}>{fl('repayment', 'interest_vnd')}</label>
        <MoneyInput id={ids.i} value={p.v.interest} onChange={(x) => p.onChange({ ...p.v, interest: x })} />
      </div>
    </div>
  );
}

/** New loans at the meeting: the loans given that day, and "Cho vay mới". */
export function LoansStep(p: { cid: string; day: string; d: ClubData; onDone: () => void }) {
  const [adding, setAdding] = useState(false);
  const names = new Map(p.d.members.map((m) => [m.id, String(m.fields.full_name)]));
  const given = p.d.loans.filter((l) => isLive(l) && l.fields.disbursed_on === p.day);
  if (adding) return <NewLoan cid={p.cid} date={p.day} members={p.d.members.filter((m) => activeOn(m.fields, p.day))} done={() => setAdding(false)} />;
  return (
    <div class="form">
      <h2>{t('loans_today')}</h2>
      {!given.length && <p class="muted">{t('no_loans_today')}</p>}
      <ul class="list rows">
        {given.map((l) => (
          <li>
            <Link href={`/loans/${l.id}`}>
              <strong>{names.get(String(l.fields.member_id)) ?? '?'}</strong>&nbsp;· {fmtMoney(Number(l.fields.principal_vnd))} · {t('months', { n: Number(l.fields.term_months) })}
            </Link>
          </li>
        ))}
      </ul>
      <div class="stickybar">
        <button type="button" onClick={() => setAdding(true)}>
          {t('add_loan')}
        </button>
        <button type="button" class="primary" onClick={p.onDone}>
          {t('next')}
        </button>
      </div>
    </div>
  );
}

/** The cash box at the end of the meeting: what came in and went out that day, and the cash there should be. */
export function CashStep(p: { day: string; d: ClubData }) {
  const intFund = p.d.club?.fields.interest_fund as string | undefined;
  const cash = cashBox(p.d.entries, p.d.loans, p.d.reps, intFund, p.day);
  const liveLoans = new Set(p.d.loans.filter(isLive).map((l) => l.id));
  const today = p.d.entries.filter((e) => isLive(e) && e.fields.entry_on === p.day);
  const sum = (xs: RowRec[], f: (r: RowRec) => number) => xs.reduce((s, r) => s + f(r), 0);
  const fees = sum(today.filter((e) => e.fields.kind === 'contribution'), (e) => Number(e.fields.amount_vnd));
  const otherIn = sum(today.filter((e) => e.fields.kind !== 'contribution' && e.fields.kind !== 'expense'), (e) => Number(e.fields.amount_vnd));
  const spent = sum(today.filter((e) => e.fields.kind === 'expense'), (e) => Number(e.fields.amount_vnd));
  const reps = p.d.reps.filter((r) => isLive(r) && r.fields.paid_on === p.day && liveLoans.has(String(r.fields.loan_id)));
  const lent = sum(p.d.loans.filter((l) => isLive(l) && l.fields.disbursed_on === p.day), (l) => Number(l.fields.principal_vnd));
  return (
    <div>
      <div class="card cash">
        <h2>{t('cash_in_hand')}</h2>
        <p class="big">{fmtMoney(cash.total)}</p>
        <p>
          {cl('fund', 'income_generation')}: {fmtMoney(cash.income_generation)}
          <br />
          {cl('fund', 'activity')}: {fmtMoney(cash.activity)}
          <br />
          <span class="muted">{t('lent_out', { v: fmtMoney(cash.lent) })}</span>
        </p>
      </div>
      <h2>{t('cash_day', { d: fmtDate(p.day) })}</h2>
      <table class="table">
        <tbody>
          <tr><th scope="row">{t('cash_fees')}</th><td class="num">+{fmtMoney(fees)}</td></tr>
          <tr><th scope="row">{t('cash_principal')}</th><td class="num">+{fmtMoney(sum(reps, (r) => Number(r.fields.principal_vnd)))}</td></tr>
          <tr><th scope="row">{t('cash_interest')}</th><td class="num">+{fmtMoney(sum(reps, (r) => Number(r.fields.interest_vnd)))}</td></tr>
          {otherIn > 0 && <tr><th scope="row">{t('cash_other')}</th><td class="num">+{fmtMoney(otherIn)}</td></tr>}
          <tr><th scope="row">{t('cash_lent')}</th><td class="num">−{fmtMoney(lent)}</td></tr>
          {spent > 0 && <tr><th scope="row">{cl('kind', 'expense')}</th><td class="num">−{fmtMoney(spent)}</td></tr>}
        </tbody>
      </table>
      <div class="stickybar">
        <button type="button" class="primary" onClick={() => navigate('/meetings')}>
          {t('done')}
        </button>
      </div>
    </div>
  );
}
