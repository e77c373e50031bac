// Club board screens: home, members, meetings with attendance.
import { useState } from 'preact/hooks';
import { clubId, communeId, navigate, rows, save, store, notice, isOfficer, savedText } from '../app';
import { t, cl } from '../i18n';
import { addMonths, fmtDate, todayVN } from '../dates';
import { fmtMoney } from '../money';
import { activeOn, age, fundBalance, outstanding, overdue, isLive } from '../compute';
import { byName, Empty, EntityForm, fold, Link, Page, Toggle, useData } from '../ui';

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
      store.get('club', cid), rows('member', cid), rows('meeting', cid), rows('fund_entry', cid), rows('loan', cid), rows('repayment', cid),
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
        <button type="button" class="primary" onClick={() => navigate('/members/new')}>
          {t('add_member')}
        </button>
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

const MEMBER_FIELDS = ['full_name', 'birth_year', 'sex', 'joined_on', 'poverty', 'board_role', 'board_since', 'phone', 'village_id', 'ethnic_minority', 'disability', 'loan_need', 'livelihood_group', 'home_care_volunteer', 'consent_on', 'left_on'];

export function MemberEdit({ id }: { id: string | null }) {
  const cid = clubId.value;
  const d = useData(async () => {
    const row = id ? await store.get('member', id) : undefined;
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
            navigate('/members');
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
