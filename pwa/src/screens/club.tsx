// Club board screens: home, members, meetings with attendance.
import { useState } from 'preact/hooks';
import { clubId, communeId, navigate, rows, save, notice, isOfficer, savedText } from '../app';
import { getRow } from '../actions';
import { t, cl, fl } from '../i18n';
import { addMonths, fmtDate, todayVN } from '../dates';
import { fmtMoney } from '../money';
import { activeOn, age, bpLevel, fundBalance, outstanding, overdue, isLive } from '../compute';
import { dueOn } from '../loans';
import type { RowRec } from '../db';
import { byName, Empty, EntityForm, fold, Link, Page, Toggle, useData } from '../ui';
import { ClubPlanCards } from './plan';

export function NeedClub() {
  return (
    <Page title={t('choose_club')}>
      <p>{t('choose_club')}</p>
    </Page>
  );
}

export function HomeScreen() {
  const cid = clubId.value;
  const d = useData(async () => {
    if (!cid) return null;
    const [club, members, meetings, entries, loans, reps] = await Promise.all([
      getRow('club', cid), rows('member', cid), rows('meeting', cid), rows('fund_entry', cid), rows('loan', cid), rows('repayment', cid),
    ]);
    return { club, members, meetings, entries, loans, reps };
  }, [cid]);
  if (!cid) return <NeedClub />;
  if (!d) return <Page title={t('nav_home')}>{null}</Page>;
  const today = todayVN();
  const active = d.members.filter((m) => activeOn(m.fields, today));
  const last = [...d.meetings].sort((a, b) => String(b.fields.held_on).localeCompare(String(a.fields.held_on)))[0];
  const intFund = d.club?.fields.interest_fund as string | undefined;
  const ig = fundBalance('income_generation', d.entries, d.loans, d.reps, intFund, today);
  const act = fundBalance('activity', d.entries, d.loans, d.reps, intFund, today);
  const soon = addMonths(today, 1);
  const names = new Map(d.members.map((m) => [m.id, String(m.fields.full_name)]));
  const due = d.loans
    .filter(isLive)
    .filter((l) => outstanding(l, d.reps, today) > 0 && String(l.fields.due_on) <= soon)
    .sort((a, b) => String(a.fields.due_on).localeCompare(String(b.fields.due_on)));
  return (
    <Page title={String(d.club?.fields.name ?? t('nav_home'))}>
      <div class="cards">
        <div class="card">
          <h2>{t('next_meeting')}</h2>
          {last ? (
            <p>
              <Link href={`/meetings/${last.id}`}>{fmtDate(String(last.fields.held_on))}</Link>
              <br />
              <span class="muted">{t('next_expected', { d: fmtDate(addMonths(String(last.fields.held_on), 1)) })}</span>
            </p>
          ) : (
            <p class="muted">{t('no_meeting')}</p>
          )}
          <Link href="/meetings/new" class="button">
            {t('add_meeting')}
          </Link>
        </div>
        <div class="card">
          <h2>{t('members_count')}</h2>
          <p class="big">{active.length}</p>
          <p>
            {t('women')}: {active.filter((m) => m.fields.sex === 'female').length} · {t('older_55')}: {active.filter((m) => age(m.fields, today) >= 55).length} · {t('older_60')}:{' '}
            {active.filter((m) => age(m.fields, today) >= 60).length}
          </p>
        </div>
        <div class="card">
          <h2>{t('nav_fund')}</h2>
          <p>
            {t('fund_ig')}: <strong>{fmtMoney(ig)}</strong>
            <br />
            {t('fund_act')}: <strong>{fmtMoney(act)}</strong>
          </p>
        </div>
        <div class="card">
          <h2>{t('loans_due')}</h2>
          {due.length ? (
            <ul class="list">
              {due.slice(0, 6).map((l) => (
                <li class={overdue(l, d.reps, today) ? 'bad' : ''}>
                  <Link href={`/loans/${l.id}`}>
                    {names.get(String(l.fields.member_id)) ?? '?'} — {fmtMoney(outstanding(l, d.reps, today))} — {fmtDate(String(l.fields.due_on))}
                    {overdue(l, d.reps, today) && <strong> ({t('overdue')})</strong>}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <Empty />
          )}
        </div>
        <ClubPlanCards club={cid} />
      </div>
      <nav class="more" aria-label={t('more')}>
        <Link href="/visits" class="button">{t('nav_visits')}</Link>
        <Link href="/trainings" class="button">{t('nav_trainings')}</Link>
        <Link href="/review" class="button">{t('nav_review')}</Link>
        {!isOfficer.value && <Link href="/dashboard" class="button">{t('nav_dashboard')}</Link>}
        {isOfficer.value && <Link href="/admin/menu" class="button">{t('more')}</Link>}
      </nav>
    </Page>
  );
}

export function MembersScreen() {
  const cid = clubId.value;
  const [q, setQ] = useState('');
  const [showLeft, setShowLeft] = useState(false);
  const members = useData(async () => (cid ? (await rows('member', cid)).sort(byName) : []), [cid]);
  if (!cid) return <NeedClub />;
  const today = todayVN();
  const fq = fold(q.trim());
  const list = (members ?? []).filter((m) => (showLeft || activeOn(m.fields, today) || String(m.fields.joined_on) > today) && (!fq || fold(String(m.fields.full_name)).includes(fq)));
  return (
    <Page
      title={t('nav_members')}
      actions={
        <>
          <button type="button" class="primary" onClick={() => navigate('/members/new')}>
            {t('add_member')}
          </button>
          <Link href="/members/import" class="button">{t('import_open')}</Link>
        </>
      }
    >
      <div class="field">
        <label for="msearch">{t('member_search')}</label>
        <input id="msearch" type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </div>
      <Toggle label={t('show_left')} checked={showLeft} onChange={setShowLeft} />
      <p class="muted">{list.length}</p>
      <ul class="list rows">
        {list.map((m) => (
          <li>
            <Link href={`/members/${m.id}`}>
              <strong>{String(m.fields.full_name)}</strong>
              <span class="muted">
                {' '}
                · {cl('sex', String(m.fields.sex))} · {t('age', { n: age(m.fields, today) })}
                {m.fields.left_on ? ` · ${t('member_left')} ${fmtDate(String(m.fields.left_on))}` : ''}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** "Hồ sơ thành viên": who the member is, and their meetings, fees, loans and readings; editing from here. */
export function MemberProfile({ id }: { id: string }) {
  const cid = clubId.value;
  const d = useData(async () => {
    const m = await getRow('member', id);
    if (!m) return null;
    const club = String(m.fields.club_id);
    const [meetings, att, entries, loans, reps, checks] = await Promise.all([
      rows('meeting', club), rows('attendance', club), rows('fund_entry', club), rows('loan', club), rows('repayment', club), rows('health_check', club),
    ]);
    return { m, meetings, att: att.filter((a) => a.fields.member_id === id), entries: entries.filter((e) => e.fields.member_id === id && isLive(e)), loans: loans.filter((l) => l.fields.member_id === id), reps, checks: checks.filter((c) => c.fields.member_id === id && isLive(c)) };
  }, [id]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const today = todayVN();
  const f = d.m.fields as Record<string, any>;
  const yearAgo = addMonths(today, -12);
  const since = f.joined_on > yearAgo ? f.joined_on : yearAgo;
  const held = d.meetings.filter((x) => String(x.fields.held_on) >= since && String(x.fields.held_on) <= today).sort((a, b) => String(b.fields.held_on).localeCompare(String(a.fields.held_on)));
  const here = new Set(d.att.filter((a) => a.fields.present === true).map((a) => String(a.fields.meeting_id)));
  const year = today.slice(0, 4);
  const fees = d.entries.filter((e) => e.fields.kind === 'contribution').sort((a, b) => String(b.fields.entry_on).localeCompare(String(a.fields.entry_on)));
  const feesYear = fees.filter((e) => String(e.fields.entry_on).startsWith(year)).reduce((s, e) => s + Number(e.fields.amount_vnd), 0);
  const readings = [...d.checks].sort((a, b) => String(a.fields.measured_on).localeCompare(String(b.fields.measured_on)));
  return (
    <Page title={t('member_profile')}>
      <h2>{String(f.full_name)}</h2>
      <p>
        {cl('sex', String(f.sex))} · {t('age', { n: age(f, today) })}
        {f.board_role && f.board_role !== 'none' ? ` · ${cl('board_role', String(f.board_role))}` : ''}
        <br />
        {fl('member', 'joined_on')}: {fmtDate(f.joined_on)}
        {f.left_on ? ` · ${t('member_left')} ${fmtDate(f.left_on)}` : ''}
      </p>
      <div class="actions">
        <Link href={`/members/${id}/sua`} class="button primary">
          {t('edit_member')}
        </Link>
        {f.phone && (
          <a class="button" href={'tel:' + String(f.phone)}>
            {String(f.phone)}
          </a>
        )}
      </div>
      <section class="card">
        <h3>{t('attendance')}</h3>
        <p>{t('attended', { n: held.filter((x) => here.has(x.id)).length, m: held.length })}</p>
        <p class="dots" aria-label={t('last_meetings')}>
          {held.slice(0, 12).map((x) => (
            <span class={here.has(x.id) ? 'yes' : 'no'} title={fmtDate(String(x.fields.held_on))}>
              {fmtDate(String(x.fields.held_on)).slice(0, 5)} {here.has(x.id) ? '✓' : '✗'}
            </span>
          ))}
        </p>
      </section>
      <section class="card">
        <h3>{t('contributions')}</h3>
        <p>{t('fees_year', { y: year, v: fmtMoney(feesYear) })}</p>
        <ul class="list">
          {fees.slice(0, 4).map((e) => (
            <li>
              {fmtDate(String(e.fields.entry_on))} · {cl('fund', String(e.fields.fund))} · {fmtMoney(Number(e.fields.amount_vnd))}
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <h3>{t('nav_loans')}</h3>
        {!d.loans.length && <Empty />}
        <ul class="list">
          {d.loans.map((l) => {
            const due = dueOn(l, d.reps, today);
            return (
              <li class={!isLive(l) ? 'voided' : due.daysOverdue > 0 ? 'bad' : ''}>
                <Link href={`/loans/${l.id}`}>
                  {fmtDate(String(l.fields.disbursed_on))} · {fmtMoney(Number(l.fields.principal_vnd))} · {t('outstanding')}: {fmtMoney(due.outstanding)}
                  {due.daysOverdue > 0 && ` · ${t('days_overdue', { n: due.daysOverdue })}`}
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
      <section class="card">
        <h3>{t('readings')}</h3>
        {!readings.length && <p class="muted">{t('no_reading')}</p>}
        {readings.length > 1 && <BpTrend readings={readings.slice(-12)} />}
        <ul class="list">
          {[...readings].reverse().slice(0, 5).map((c) => {
            const g = c.fields as Record<string, any>;
            return (
              <li>
                {fmtDate(g.measured_on)} · <span class={'bp ' + bpLevel(g.systolic, g.diastolic)}>{g.systolic}/{g.diastolic}</span>
                {g.weight_kg ? ` · ${String(g.weight_kg).replace('.', ',')} kg` : ''}
              </li>
            );
          })}
        </ul>
      </section>
    </Page>
  );
}

/** Systolic and diastolic over the latest readings, with the 140/90 lines. */
function BpTrend({ readings }: { readings: RowRec[] }) {
  const W = 320, H = 140, lo = 50, hi = 200;
  const x = (i: number) => 20 + (i * (W - 30)) / Math.max(1, readings.length - 1);
  const y = (v: number) => H - 10 - ((Math.min(hi, Math.max(lo, v)) - lo) * (H - 20)) / (hi - lo);
  const line = (k: string) => readings.map((r, i) => `${x(i).toFixed(0)},${y(Number(r.fields[k])).toFixed(0)}`).join(' ');
  const last = readings[readings.length - 1].fields;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('bp_trend', { n: readings.length, s: String(last.systolic), d: String(last.diastolic) })}>
        <line x1="10" x2={W} y1={y(140)} y2={y(140)} stroke="#e0a030" stroke-dasharray="4 3" />
        <line x1="10" x2={W} y1={y(90)} y2={y(90)} stroke="#e0a030" stroke-dasharray="4 3" />
        <polyline points={line('systolic')} fill="none" stroke="#a61b1b" stroke-width="3" />
        <polyline points={line('diastolic')} fill="none" stroke="#0b5d3b" stroke-width="3" />
      </svg>
      <figcaption class="muted">{t('bp_trend_caption')}</figcaption>
    </figure>
  );
}

const MEMBER_FIELDS = ['full_name', 'birth_year', 'sex', 'joined_on', 'poverty', 'board_role', 'board_since', 'phone', 'village_id', 'ethnic_minority', 'disability', 'loan_need', 'livelihood_group', 'home_care_volunteer', 'consent_on', 'left_on'];

export function MemberEdit({ id }: { id: string | null }) {
  const cid = clubId.value;
  const d = useData(async () => {
    const row = id ? await getRow('member', id) : undefined;
    const com = await communeId();
    const villages = (await rows('village')).filter((v) => !com || v.fields.commune_id === com).sort(byName);
    return { row, villages };
  }, [id]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const initial = d.row ? d.row.fields : { poverty: 'none', board_role: 'none', joined_on: todayVN() };
  return (
    <Page title={id ? String(d.row?.fields.full_name ?? '') : t('add_member')}>
      <EntityForm
        key={id ?? 'new'}
        entity="member"
        fields={MEMBER_FIELDS}
        initial={initial}
        fixed={{ club_id: (d.row?.fields.club_id as string) ?? cid }}
        options={{ village_id: d.villages.map((v) => ({ value: v.id, label: String(v.fields.name) })) }}
        onCancel={() => history.back()}
        onSubmit={async (f) => {
          const r = await save('member', id, f);
          if (!r.error) {
            notice.value = { kind: 'info', text: savedText() };
            navigate(id ? `/members/${id}` : '/members');
          }
          return r.error;
        }}
      />
    </Page>
  );
}

export function MeetingsScreen() {
  const cid = clubId.value;
  const d = useData(async () => {
    if (!cid) return null;
    const [meetings, att] = await Promise.all([rows('meeting', cid), rows('attendance', cid)]);
    return { meetings: meetings.sort((a, b) => String(b.fields.held_on).localeCompare(String(a.fields.held_on))), att };
  }, [cid]);
  if (!cid) return <NeedClub />;
  return (
    <Page
      title={t('nav_meetings')}
      actions={
        <button type="button" class="primary" onClick={() => navigate('/meetings/new')}>
          {t('add_meeting')}
        </button>
      }
    >
      {d && !d.meetings.length && <Empty />}
      <ul class="list rows">
        {d?.meetings.map((m) => {
          const present = d.att.filter((a) => a.fields.meeting_id === m.id && a.fields.present === true).length;
          return (
            <li>
              <Link href={`/meetings/${m.id}`}>
                <strong>{fmtDate(String(m.fields.held_on))}</strong>
                <span class="muted">
                  {' '}
                  · {(m.fields.areas as string[]).length}/8 · {t('present_count', { n: present, m: d.att.filter((a) => a.fields.meeting_id === m.id).length })}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </Page>
  );
}
