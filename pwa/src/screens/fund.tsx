// The fund screen: "Tiền mặt hiện có", a tab per fund with the balance after
// each line, a fee round shown as one line, voiding behind a row menu.
import { useState } from 'preact/hooks';
import { clubId, save, voidRow } from '../app';
import { cl, t } from '../i18n';
import { fmtDate, todayVN } from '../dates';
import { fmtMoney } from '../money';
import { cashBox, fundBalance, isLive } from '../compute';
import { compareText } from '../format';
import { Empty, EntityForm, memberOptions, Page, useData, VoidButton } from '../ui';
import { NeedClub } from './club';
import { FeeRound } from './meetingsteps';
import type { FieldError } from '../validate';
import type { RowRec } from '../db';
import { loadMoney } from './money';

type F = Record<string, any>;

export function FundScreen() {
  const cid = clubId.value;
  const [mode, setMode] = useState<'list' | 'round' | 'entry'>('list');
  const [tab, setTab] = useState<'activity' | 'income_generation'>('activity');
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
  const cash = cashBox(d.entries, d.loans, d.reps, intFund, today);
  const lines = ledger(tab, d.entries, d.loans, d.reps, intFund);
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
      <div class="card cash">
        <h2>{t('cash_in_hand')}</h2>
        <p class="big">{fmtMoney(cash.total)}</p>
        <p class="muted">{t('cash_note', { v: fmtMoney(cash.lent) })}</p>
      </div>
      <div class="fundtabs" role="tablist" aria-label={t('nav_fund')}>
        {(['activity', 'income_generation'] as const).map((k) => (
          <button type="button" role="tab" aria-selected={tab === k} aria-labelledby={'tab-' + k} aria-describedby={'bal-' + k} onClick={() => setTab(k)}>
            <span id={'tab-' + k}>{cl('fund', k)}</span>
            <strong id={'bal-' + k}>{fmtMoney(fundBalance(k, d.entries, d.loans, d.reps, intFund, today))}</strong>
          </button>
        ))}
      </div>
      {tab === 'income_generation' && <p class="muted">{t('fund_size_note')}</p>}
      {!lines.length && <Empty />}
      <ul class="list rows ledger" role="tabpanel">
        {lines.map((l) => (
          <LedgerLine l={l} names={names} />
        ))}
      </ul>
    </Page>
  );
}

interface Line {
  key: string;
  day: string;
  /** signed amount (0 for a voided row) */
  amount: number;
  balance: number;
  kind: string;
  rows: RowRec[];
  round?: boolean;
  interest?: boolean;
}

/**
 * One fund's cash book, newest first, with the balance after each line: a fee
 * round (contributions of one day and amount) is one line; loan interest
 * paid into the fund is one line a day; voided rows stay, struck out.
 */
function ledger(fund: string, entries: RowRec[], loans: RowRec[], reps: RowRec[], intFund: string | undefined): Line[] {
  const out: Line[] = [];
  const rounds = new Map<string, Line>();
  for (const e of entries) {
    const f = e.fields as F;
    if (f.fund !== fund) continue;
    const amt = isLive(e) ? (f.kind === 'expense' ? -f.amount_vnd : f.amount_vnd) : 0;
    if (f.kind === 'contribution' && f.member_id) {
      const k = `r:${f.entry_on}:${f.amount_vnd}`;
      const l = rounds.get(k);
      if (l) {
        l.amount += amt;
        l.rows.push(e);
      } else {
        const n: Line = { key: k, day: f.entry_on, amount: amt, balance: 0, kind: 'contribution', rows: [e], round: true };
        rounds.set(k, n);
        out.push(n);
      }
    } else out.push({ key: e.id, day: f.entry_on, amount: amt, balance: 0, kind: f.kind, rows: [e] });
  }
  if ((intFund === 'activity' ? 'activity' : 'income_generation') === fund) {
    const liveLoans = new Set(loans.filter(isLive).map((l) => l.id));
    const byDay = new Map<string, Line>();
    for (const r of reps.filter(isLive)) {
      const f = r.fields as F;
      if (!liveLoans.has(f.loan_id) || !f.interest_vnd) continue;
      const l: Line = byDay.get(f.paid_on) ?? { key: 'i:' + f.paid_on, day: f.paid_on, amount: 0, balance: 0, kind: 'interest', rows: [], interest: true };
      l.amount += f.interest_vnd;
      l.rows.push(r);
      if (!byDay.has(f.paid_on)) {
        byDay.set(f.paid_on, l);
        out.push(l);
      }
    }
  }
  out.sort((a, b) => a.day.localeCompare(b.day) || a.key.localeCompare(b.key));
  let bal = 0;
  for (const l of out) l.balance = bal += l.amount;
  return out.reverse();
}

function LedgerLine({ l, names }: { l: Line; names: Map<string, string> }) {
  const [menu, setMenu] = useState(false);
  const f = l.rows[0].fields as F;
  const sign = (n: number) => (n < 0 ? '−' : '+') + fmtMoney(Math.abs(n));
  if (l.round) {
    const live = l.rows.filter(isLive);
    return (
      <li>
        <details class="round">
          <summary>
            <span>
              <strong>{fmtDate(l.day)}</strong> · {t('round_line', { n: live.length, v: fmtMoney(f.amount_vnd) })} <strong>{sign(l.amount)}</strong>
              <br />
              <span class="muted">{t('balance_after', { v: fmtMoney(l.balance) })}</span>
            </span>
          </summary>
          <ul class="list rows">
            {[...l.rows]
              .sort((a, b) => compareText(names.get(String(a.fields.member_id)) ?? '', names.get(String(b.fields.member_id)) ?? ''))
              .map((r) => (
                <li class={isLive(r) ? '' : 'voided'}>
                  <span>{names.get(String(r.fields.member_id)) ?? '?'}</span>
                  {isLive(r) ? <RowMenu onVoid={(x) => voidRow('fund_entry', r.id, x)} /> : <span class="muted">{t('voided', { r: String(r.fields.voided_reason) })}</span>}
                </li>
              ))}
          </ul>
        </details>
      </li>
    );
  }
  if (l.interest)
    return (
      <li>
        <div>
          <strong>{fmtDate(l.day)}</strong> · {t('interest_line', { n: l.rows.length })} <strong>{sign(l.amount)}</strong>
          <br />
          <span class="muted">{t('balance_after', { v: fmtMoney(l.balance) })}</span>
        </div>
      </li>
    );
  const live = isLive(l.rows[0]);
  return (
    <li class={live ? '' : 'voided'}>
      <div>
        <strong>{fmtDate(l.day)}</strong> · {cl('kind', f.kind)}
        {f.member_id && <span> · {names.get(f.member_id) ?? ''}</span>} <strong class={f.kind === 'expense' ? 'bad' : ''}>{sign(f.kind === 'expense' ? -f.amount_vnd : f.amount_vnd)}</strong>
        {f.note && <span class="muted"> · {f.note}</span>}
        <br />
        {live ? <span class="muted">{t('balance_after', { v: fmtMoney(l.balance) })}</span> : <span class="muted">{t('voided', { r: f.voided_reason })}</span>}
      </div>
      {live && !menu && (
        <button type="button" class="small menu" aria-label={t('row_menu')} aria-expanded={false} onClick={() => setMenu(true)}>
          ⋮
        </button>
      )}
      {live && menu && <VoidButton onVoid={(x) => voidRow('fund_entry', l.rows[0].id, x)} />}
    </li>
  );
}

/** Voiding sits behind a row menu ("⋮"), so that a long cash book is not a column of "Hủy bút toán" buttons. */
function RowMenu(p: { onVoid: (reason: string) => Promise<FieldError | null> }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" class="small menu" aria-label={t('row_menu')} aria-expanded={false} onClick={() => setOpen(true)}>
        ⋮
      </button>
    );
  return <VoidButton onVoid={p.onVoid} />;
}
