// One meeting session, as savings-group apps run it: the day, the areas and
// the attendance → the members' contributions (ticked from the attendance) →
// the repayments due → new loans → the cash box. Each step is saved on its
// own, all its rows in one transaction (saveMany); leaving half-way keeps
// every step already saved.
import { useState } from 'preact/hooks';
import { clubId, navigate, notice, rows, saveMany, savedText } from '../app';
import { getRow, newRowId } from '../actions';
import { cl, errText, t } from '../i18n';
import { fmtDate, todayVN } from '../dates';
import { activeOn } from '../compute';
import { AREAS, TOPICS } from '../schema';
import { attendanceId } from '../uuid';
import { byName, DateField, Empty, ErrorLine, Link, nextId, Page, Toggle, useData } from '../ui';
import { NeedClub } from './club';
import { CashStep, FeeRound, LoansStep, RepayStep } from './meetingsteps';
import type { RowWrite } from '../batch';
import type { FieldError } from '../validate';
import type { RowRec } from '../db';

type F = Record<string, any>;

/** The steps after the attendance, by their path segment. */
export const STEPS = ['', 'dong-gop', 'tra-no', 'cho-vay', 'tien-mat'] as const;
const STEP_KEYS = ['step_attendance', 'step_contrib', 'step_repay', 'step_loans', 'step_cash'];

async function loadClub(cid: string) {
  const [club, members, meetings, att, entries, loans, reps] = await Promise.all([
    getRow('club', cid), rows('member', cid), rows('meeting', cid), rows('attendance', cid), rows('fund_entry', cid), rows('loan', cid), rows('repayment', cid),
  ]);
  return { club, members: members.sort(byName), meetings, att, entries, loans, reps };
}
export type ClubData = Awaited<ReturnType<typeof loadClub>>;

export function MeetingEdit({ id, step = '' }: { id: string | null; step?: string }) {
  const cid = clubId.value;
  const d = useData(() => (cid ? loadClub(cid) : Promise.resolve(null)), [cid, id]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const meeting = id ? d.meetings.find((m) => m.id === id) : undefined;
  if (id && !meeting) return <Page title={t('nav_meetings')}><Empty /></Page>;
  const att = id ? d.att.filter((a) => a.fields.meeting_id === id) : [];
  if (!meeting || step === '') return <MeetingForm key={id ?? 'new'} id={id} cid={cid} meeting={meeting} d={d} att={att} />;
  const day = String(meeting.fields.held_on);
  const title = t('meeting_of', { d: fmtDate(day) });
  const next = (s: string) => navigate(`/meetings/${meeting.id}/${s}`);
  const body =
    step === 'dong-gop' ? (
      <FeeRound
        key={meeting.id}
        cid={cid}
        date={day}
        d={d}
        ticked={new Set(att.filter((a) => a.fields.present === true).map((a) => String(a.fields.member_id)))}
        onDone={() => next('tra-no')}
        skipLabel={t('skip')}
      />
    ) : step === 'tra-no' ? (
      <RepayStep cid={cid} day={day} d={d} onDone={() => next('cho-vay')} />
    ) : step === 'cho-vay' ? (
      <LoansStep cid={cid} day={day} d={d} onDone={() => next('tien-mat')} />
    ) : (
      <CashStep day={day} d={d} />
    );
  return (
    <Page title={title}>
      <StepBar id={meeting.id} cur={step} />
      {body}
    </Page>
  );
}

function StepBar({ id, cur }: { id: string; cur: string }) {
  return (
    <nav class="steps" aria-label={t('steps')}>
      {STEPS.map((s, i) => (
        <Link href={`/meetings/${id}${s ? '/' + s : ''}`} aria-current={s === cur ? 'step' : undefined}>
          {`${i + 1}. ${t(STEP_KEYS[i])}`}
        </Link>
      ))}
    </nav>
  );
}

function MeetingForm(p: { id: string | null; cid: string; meeting?: RowRec; d: ClubData; att: RowRec[] }) {
  const mf = (p.meeting?.fields ?? {}) as F;
  const [heldOn, setHeldOn] = useState<string>(mf.held_on ?? todayVN());
  const [areas, setAreas] = useState<string[]>(mf.areas ?? []);
  const [topics, setTopics] = useState<string[]>(mf.topics ?? []);
  const [note, setNote] = useState<string>(mf.note ?? '');
  const initialPresent = new Map(p.att.map((a) => [String(a.fields.member_id), a.fields.present === true]));
  const [present, setPresent] = useState<Map<string, boolean>>(() => new Map(initialPresent));
  const [err, setErr] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = useState(() => nextId('n'))[0];
  const list = p.d.members.filter((m) => activeOn(m.fields, heldOn) || initialPresent.has(m.id));
  const count = list.filter((m) => present.get(m.id)).length;
  const sameDay = p.d.meetings.filter((m) => m.id !== p.id && m.fields.held_on === heldOn);
  const toggle = (arr: string[], v: string, on: boolean, all: string[]) => all.filter((x) => (x === v ? on : arr.includes(x)));
  return (
    <Page title={p.id ? t('meeting_of', { d: fmtDate(heldOn) }) : t('add_meeting')}>
      {p.id && <StepBar id={p.id} cur="" />}
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const mid = p.id ?? newRowId();
          const writes: RowWrite[] = [{ entity: 'meeting', id: mid, fields: { club_id: p.cid, held_on: heldOn, areas, topics, note } }];
          for (const m of list) {
            const want = present.get(m.id) === true;
            if (initialPresent.has(m.id) && initialPresent.get(m.id) === want) continue;
            writes.push({ entity: 'attendance', id: attendanceId(mid, m.id), fields: { club_id: p.cid, meeting_id: mid, member_id: m.id, present: want } });
          }
          const r = await saveMany(writes);
          setBusy(false);
          if ('error' in r) return setErr(r.error);
          notice.value = { kind: 'info', text: savedText() };
          navigate(`/meetings/${mid}/dong-gop`, !p.id);
        }}
      >
        <DateField label={t('held_on')} required value={heldOn} onChange={setHeldOn} invalid={err?.field === 'held_on'}>
          {sameDay.length > 0 && (
            <p class="warn" role="alert">
              {t('same_day', { d: fmtDate(heldOn) })} <Link href={`/meetings/${sameDay[0].id}`}>{t('open_it')}</Link>
            </p>
          )}
        </DateField>
        <fieldset class="field">
          <legend>{t('areas')}</legend>
          <button type="button" class="small" onClick={() => setAreas([...AREAS])}>
            {t('all_areas')}
          </button>
          <div class="toggles">
            {AREAS.map((a) => (
              <Toggle label={cl('areas', a)} checked={areas.includes(a)} onChange={(on) => setAreas(toggle(areas, a, on, AREAS))} />
            ))}
          </div>
        </fieldset>
        <fieldset class="field">
          <legend>{t('topics')}</legend>
          <div class="toggles">
            {TOPICS.map((a) => (
              <Toggle label={cl('areas', a)} checked={topics.includes(a)} onChange={(on) => setTopics(toggle(topics, a, on, TOPICS))} />
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for={noteId}>{t('note')}</label>
          <textarea id={noteId} rows={2} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        </div>
        <fieldset class="field">
          <legend>{t('attendance')}</legend>
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
        <ErrorLine error={err && errText(err.code, err.field, 'meeting')} />
        <div class="stickybar">
          <span class="count" aria-live="polite">
            {t('present_count', { n: count, m: list.length })}
          </span>
          <button type="submit" class="primary" disabled={busy}>
            {t('save')}
          </button>
        </div>
      </form>
    </Page>
  );
}
