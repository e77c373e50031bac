// Club board screens: home, members, meetings with attendance.
import { useEffect, useState } from 'preact/hooks';
import { clubId, communeId, navigate, rows, save, store, notice, isOfficer } from '../app';
import { t, cl } from '../i18n';
import { addMonths, fmtDate, todayVN } from '../dates';
import { fmtMoney } from '../money';
import { activeOn, age, fundBalance, outstanding, overdue, isLive } from '../compute';
import { AREAS, TOPICS } from '../schema';
import { attendanceId } from '../uuid';
import { byName, Empty, EntityForm, ErrorLine, fold, Link, Page, Toggle, useData, nextId } from '../ui';
import type { FieldError } from '../validate';
import type { RowRec } from '../db';
import { ClubPlanCards } from './plan';

type F = Record<string, any>;

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
            notice.value = { kind: 'info', text: t('saved') };
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

export function MeetingEdit({ id }: { id: string | null }) {
  const cid = clubId.value;
  const d = useData(async () => {
    if (!cid) return null;
    const meeting = id ? await store.get('meeting', id) : undefined;
    const members = (await rows('member', cid)).sort(byName);
    const att = id ? (await rows('attendance', cid)).filter((a) => a.fields.meeting_id === id) : [];
    return { meeting, members, att };
  }, [cid, id]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  return <MeetingForm key={id ?? 'new'} id={id} cid={cid} meeting={d.meeting} members={d.members} att={d.att} />;
}

function MeetingForm(p: { id: string | null; cid: string; meeting?: RowRec; members: RowRec[]; att: RowRec[] }) {
  const mf = (p.meeting?.fields ?? {}) as F;
  const [heldOn, setHeldOn] = useState<string>(mf.held_on ?? todayVN());
  const [areas, setAreas] = useState<string[]>(mf.areas ?? []);
  const [topics, setTopics] = useState<string[]>(mf.topics ?? []);
  const [note, setNote] = useState<string>(mf.note ?? '');
  const initialPresent = new Map(p.att.map((a) => [String(a.fields.member_id), a.fields.present === true]));
  const [present, setPresent] = useState<Map<string, boolean>>(new Map(initialPresent));
  const [err, setErr] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const dateId = useState(() => nextId('d'))[0];
  const noteId = useState(() => nextId('n'))[0];
  useEffect(() => setPresent(new Map(initialPresent)), [p.att.length]);
  const list = p.members.filter((m) => activeOn(m.fields, heldOn) || initialPresent.has(m.id));
  const count = list.filter((m) => present.get(m.id)).length;
  const toggle = (arr: string[], v: string, on: boolean, all: string[]) => all.filter((x) => (x === v ? on : arr.includes(x)));
  return (
    <Page title={p.id ? t('meeting_of', { d: fmtDate(heldOn) }) : t('add_meeting')}>
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const fields: F = { club_id: p.cid, held_on: heldOn, areas, topics, note: note };
          const r = await save('meeting', p.id, fields);
          if (r.error) {
            setErr(r.error);
            setBusy(false);
            return;
          }
          for (const m of list) {
            const want = present.get(m.id) === true;
            if (initialPresent.get(m.id) === want && initialPresent.has(m.id)) continue;
            const aid = attendanceId(r.id, m.id);
            const e2 = await save('attendance', aid, { club_id: p.cid, meeting_id: r.id, member_id: m.id, present: want });
            if (e2.error) {
              setErr(e2.error);
              setBusy(false);
              return;
            }
          }
          setBusy(false);
          notice.value = { kind: 'info', text: t('saved') };
          navigate('/meetings');
        }}
      >
        <div class="field">
          <label for={dateId}>{t('held_on')}</label>
          <input id={dateId} type="date" required min="1900-01-01" max="2100-12-31" value={heldOn} onInput={(e) => setHeldOn((e.target as HTMLInputElement).value)} aria-invalid={err?.field === 'held_on' ? 'true' : undefined} />
        </div>
        <fieldset class="field">
          <legend>{t('areas')}</legend>
          <div class="toggles">
            {AREAS.map((a) => (
              <Toggle label={labelArea(a)} checked={areas.includes(a)} onChange={(on) => setAreas(toggle(areas, a, on, AREAS))} />
            ))}
          </div>
        </fieldset>
        <fieldset class="field">
          <legend>{t('topics')}</legend>
          <div class="toggles">
            {TOPICS.map((a) => (
              <Toggle label={labelArea(a)} checked={topics.includes(a)} onChange={(on) => setTopics(toggle(topics, a, on, TOPICS))} />
            ))}
          </div>
        </fieldset>
        <fieldset class="field">
          <legend>{t('attendance')}</legend>
          <p class="count" aria-live="polite">
            {t('present_count', { n: count, m: list.length })}
          </p>
          <button type="button" class="small" onClick={() => setPresent(new Map(list.map((m) => [m.id, true])))}>
            {t('all_present')}
          </button>
          <div class="toggles people">
            {list.map((m) => (
              <Toggle
                label={String(m.fields.full_name)}
                checked={present.get(m.id) === true}
                onChange={(on) => {
                  const n = new Map(present);
                  n.set(m.id, on);
                  setPresent(n);
                }}
              />
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for={noteId}>{t('note')}</label>
          <textarea id={noteId} rows={2} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        </div>
        <ErrorLine error={err} entity="meeting" />
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            {t('save')}
          </button>
          <button type="button" onClick={() => history.back()}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </Page>
  );
}

function labelArea(code: string): string {
  return cl('areas', code);
}
