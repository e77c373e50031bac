// Health readings (boards and the health station) and the health-station
// view (home visits and trainings are in visits.tsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import { clubId, isHealth, notice, rows, save, voidRow, role, savedText } from '../app';
import { cl, fl, t } from '../i18n';
import { addDays, fmtDate, todayVN } from '../dates';
import { activeOn, bmi, bpLevel, isLive, latestReading } from '../compute';
import { followUps } from '../followup';
import { BpBadge, bpAdvice, FollowUpCard } from './followup';
import { byName, DateField, Empty, fold, ErrorLine, nextId, Page, PeriodFields, useData, VoidButton, parseInput } from '../ui';
import { field } from '../schema';
import { NeedClub } from './club';
import type { FieldError } from '../validate';
import type { RowRec } from '../db';

type F = Record<string, any>;

/**
 * Blood pressure at the meeting, Simple-style: search, "Chưa đo" and
 * "Huyết áp cao" filters, and after "Lưu" the next member of the list is on
 * screen with the focus in "Huyết áp tâm thu" (two taps a reading).
 */
export function HealthScreen() {
  const cid = clubId.value;
  const [sel, setSel] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [notYet, setNotYet] = useState(false);
  const [high, setHigh] = useState(false);
  const [date, setDate] = useState(todayVN());
  const [focusNext, setFocusNext] = useState(false);
  const d = useData(async () => {
    if (!cid) return null;
    const [members, checks] = await Promise.all([rows('member', cid), rows('health_check', cid)]);
    return { members: members.filter((m) => activeOn(m.fields, todayVN())).sort(byName), checks };
  }, [cid]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const month = date.slice(0, 7) + '-01';
  const fq = fold(q.trim());
  const latest = new Map(d.members.map((m) => [m.id, latestReading(m.id, d.checks)]));
  const measured = (id: string) => d.checks.some((c) => isLive(c) && c.fields.member_id === id && String(c.fields.measured_on) >= month && String(c.fields.measured_on) <= date);
  const list = d.members.filter(
    (m) => (!fq || fold(String(m.fields.full_name)).includes(fq)) && (!notYet || !measured(m.id) || m.id === sel) && (!high || (latest.get(m.id)?.level ?? 'normal') !== 'normal' || m.id === sel),
  );
  const idx = list.findIndex((m) => m.id === sel);
  const member = idx >= 0 ? list[idx] : null;
  const follow = followUps(d.members, d.checks, todayVN());
  return (
    <Page title={t('nav_health')}>
      {follow.length > 0 && <FollowUpCard list={follow} loaded folded />}
      <div class="field">
        <label for="hsearch">{t('find_member')}</label>
        <input id="hsearch" type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </div>
      <div class="filters">
        <button type="button" aria-pressed={notYet} onClick={() => setNotYet(!notYet)}>
          {t('no_reading')}
        </button>
        <button type="button" aria-pressed={high} onClick={() => setHigh(!high)}>
          {t('filter_high')}
        </button>
      </div>
      {member && (
        <ReadingForm
          key={member.id}
          cid={cid}
          member={member}
          date={date}
          setDate={setDate}
          focus={focusNext}
          checks={d.checks.filter((c) => c.fields.member_id === member.id)}
          onSaved={() => {
            // the next member of the list as it was before this reading
            const next = list[idx + 1];
            notice.value = { kind: 'info', text: next ? t('next_member') : savedText() };
            setFocusNext(true);
            setSel(next ? next.id : null);
          }}
          onClose={() => setSel(null)}
        />
      )}
      <p class="muted">{t('shown_of', { n: list.length, m: d.members.length })}</p>
      <ul class="list rows">
        {list.map((m) => {
          const lr = latest.get(m.id);
          return (
            <li class={m.id === sel ? 'selected' : ''}>
              <button
                type="button"
                class="rowbtn"
                onClick={() => {
                  setFocusNext(false);
                  setSel(m.id);
                }}
              >
                <strong>{String(m.fields.full_name)}</strong>
                <span>
                  {lr ? (
                    <>
                      {' '}
                      <BpBadge sys={lr.sys} dia={lr.dia} /> <span class="muted">{fmtDate(lr.day)}</span>
                    </>
                  ) : (
                    <span class="muted"> · {t('no_reading')}</span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {!list.length && <Empty />}
    </Page>
  );
}

const NUM_FIELDS = ['systolic', 'diastolic', 'pulse', 'weight_kg', 'height_cm', 'glucose_mmol'] as const;

function ReadingForm(p: { cid: string; member: RowRec; checks: RowRec[]; date: string; setDate: (d: string) => void; focus: boolean; onSaved: () => void; onClose: () => void }) {
  const [v, setV] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [err, setErr] = useState<FieldError | null>(null);
  const ids = useState(() => Object.fromEntries([...NUM_FIELDS, 'date', 'note'].map((k) => [k, nextId('h')])))[0];
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // the member's name in view, and the focus where the next number goes
    formRef.current?.scrollIntoView({ block: 'start' });
    if (p.focus) (document.getElementById(ids.systolic) as HTMLInputElement | null)?.focus({ preventScroll: true });
  }, []);
  const measuredBy = isHealth.value ? 'health_station' : 'club';
  const num = (k: string) => parseInput(field('health_check', k), v[k] ?? '') as number | null;
  const sys = num('systolic'), dia = num('diastolic');
  const level = typeof sys === 'number' && typeof dia === 'number' ? bpLevel(sys, dia) : null;
  const b = bmi(num('weight_kg'), num('height_cm'));
  const lastH = latestReading(p.member.id, p.checks);
  const numField = (k: string) => (
    <div class="field">
      <label for={ids[k]}>{fl('health_check', k)}</label>
      <input
        id={ids[k]}
        inputMode={k === 'weight_kg' || k === 'glucose_mmol' ? 'decimal' : 'numeric'}
        value={v[k] ?? ''}
        aria-invalid={err?.field === k ? 'true' : undefined}
        onInput={(e) => setV({ ...v, [k]: (e.target as HTMLInputElement).value })}
      />
    </div>
  );
  return (
    <form
      ref={formRef}
      class="form reading"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const f: F = { club_id: p.cid, member_id: p.member.id, measured_on: p.date, measured_by: measuredBy, note };
        for (const k of NUM_FIELDS) {
          const x = num(k);
          if (x !== null) f[k] = x;
        }
        const r = await save('health_check', null, f);
        setErr(r.error);
        if (!r.error) p.onSaved();
      }}
    >
      <h2>{String(p.member.fields.full_name)}</h2>
      {lastH && (
        <p class="muted">
          {t('latest')}: <BpBadge sys={lastH.sys} dia={lastH.dia} /> {fmtDate(lastH.day)}
        </p>
      )}
      <div class="grid2">
        {numField('systolic')}
        {numField('diastolic')}
      </div>
      {level && <p class={'bpmsg ' + level}>{bpAdvice(level)}</p>}
      <ErrorLine error={err} entity="health_check" />
      <div class="buttons">
        <button type="submit" class="primary">
          {t('save')}
        </button>
        <button type="button" onClick={p.onClose}>
          {t('close')}
        </button>
      </div>
      <DateField id={ids.date} label={t('f.measured_on')} value={p.date} onChange={p.setDate} />
      <div class="grid2">
        {numField('weight_kg')}
        {numField('height_cm')}
        {numField('pulse')}
        {numField('glucose_mmol')}
      </div>
      {b && <p>{t('bmi', { v: String(b.value).replace('.', ','), b: t('bmi.' + b.band) })}</p>}
      <div class="field">
        <label for={ids.note}>{t('note')}</label>
        <input id={ids.note} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </div>
      {p.checks.length > 0 && (
        <details>
          <summary>{t('readings')}</summary>
          <ul class="list rows">
            {[...p.checks]
              .sort((a, b2) => String(b2.fields.measured_on).localeCompare(String(a.fields.measured_on)))
              .map((c) => {
                const g = c.fields as F;
                const mayVoid = !g.voided_reason && (role.value === 'commune_officer' || role.value === 'admin' || g.measured_by === measuredBy);
                return (
                  <li class={g.voided_reason ? 'voided' : ''}>
                    <div>
                      {fmtDate(g.measured_on)} <BpBadge sys={g.systolic} dia={g.diastolic} /> {g.weight_kg ? `${String(g.weight_kg).replace('.', ',')} kg` : ''} · {cl('measured_by', g.measured_by)}
                      {g.voided_reason && <div class="muted">{t('voided', { r: g.voided_reason })}</div>}
                    </div>
                    {mayVoid && <VoidButton onVoid={(r) => voidRow('health_check', c.id, r)} />}
                  </li>
                );
              })}
          </ul>
        </details>
      )}
    </form>
  );
}

/** Health station: per club, members measured in the period, high and urgent latest readings. */
export function StationScreen() {
  const [from, setFrom] = useState(addDays(todayVN(), -182));
  const [to, setTo] = useState(todayVN());
  const d = useData(async () => {
    const [clubs, members, checks] = await Promise.all([rows('club'), rows('member'), rows('health_check')]);
    return { clubs: clubs.sort(byName), members, checks };
  }, []);
  const today = todayVN();
  const clubName = new Map(d?.clubs.map((c) => [c.id, String(c.fields.name)]) ?? []);
  const follow = d ? followUps(d.members.filter((m) => activeOn(m.fields, today)), d.checks, today) : [];
  return (
    <Page title={t('nav_station')}>
      <FollowUpCard list={follow} clubName={clubName} loaded={!!d} />
      <PeriodFields from={from} to={to} onFrom={setFrom} onTo={setTo} />
      {d?.clubs.map((c) => {
        const ms = d.members.filter((m) => m.fields.club_id === c.id && activeOn(m.fields, to)).sort(byName);
        const lrs = ms.map((m) => ({ m, lr: latestReading(m.id, d.checks, from, to) })).filter((x) => x.lr);
        const high = lrs.filter((x) => x.lr!.level !== 'normal');
        const urgent = lrs.filter((x) => x.lr!.level === 'urgent');
        return (
          <section class="card">
            <h2>{String(c.fields.name)}</h2>
            <p>
              {t('measured_in_period')}: <strong>{lrs.length}</strong>/{ms.length}
            </p>
            {urgent.length > 0 && (
              <>
                <h3 class="bad">{t('urgent_list')}</h3>
                <ul class="list">
                  {urgent.map(({ m, lr }) => (
                    <li>
                      {String(m.fields.full_name)} <BpBadge sys={lr!.sys} dia={lr!.dia} /> {fmtDate(lr!.day)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3>{t('high_list')}</h3>
            {high.length ? (
              <ul class="list">
                {high.map(({ m, lr }) => (
                  <li>
                    {String(m.fields.full_name)} <BpBadge sys={lr!.sys} dia={lr!.dia} /> {fmtDate(lr!.day)}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty />
            )}
          </section>
        );
      })}
    </Page>
  );
}
