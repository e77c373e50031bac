// Commune officers: home, indicator dashboard, reports, clubs/villages/
// assessments/targets/outreach/officer trainings, users.
import { useState } from 'preact/hooks';
import { api, communeId, isOfficer, navigate, rows, save, session, setClub, store, notice } from '../app';
import { ApiError, NetworkError, type User } from '../api';
import { cl, errText, fl, t } from '../i18n';
import { fmtDate, fmtTime, todayVN } from '../dates';
import { fmtMoney, fmtNumber } from '../money';
import { entity } from '../schema';
import { byName, Empty, EntityForm, ErrorLine, Link, nextId, Page, PeriodFields, useData, type RefOption } from '../ui';
import type { RowRec } from '../db';
import { clubChecklist, FUND_FLOOR_VND, type CheckItem } from '../assess';
import type { Fields } from '../validate';
import { PlanMenu } from './plan';

type F = Record<string, any>;

export function OfficerHome() {
  const clubs = useData(async () => (await rows('club')).sort(byName), []);
  return (
    <Page title={t('nav_home')}>
      <div class="actions col">
        <Link href="/dashboard" class="button primary">{t('nav_dashboard')}</Link>
        <Link href="/reports" class="button">{t('nav_reports')}</Link>
      </div>
      <h2>{t('nav_clubs')}</h2>
      <ul class="list rows">
        {clubs?.map((c) => (
          <li>
            <button type="button" class="rowbtn" onClick={() => setClub(c.id)}>
              <strong>{String(c.fields.name)}</strong>
              {c.fields.dissolved_on ? <span class="muted"> · {fl('club', 'dissolved_on')} {fmtDate(String(c.fields.dissolved_on))}</span> : null}
            </button>
          </li>
        ))}
      </ul>
      <AdminMenu />
    </Page>
  );
}

const ADMIN: Record<string, { entity: string; title: string; fields: string[]; extra?: F }> = {
  clubs: { entity: 'club', title: 'nav_clubs', fields: ['name', 'village_id', 'founded_on', 'founding_decision', 'dissolved_on', 'interest_fund'] },
  villages: { entity: 'village', title: 'nav_villages', fields: ['name', 'hard_area'] },
  assessments: { entity: 'club_assessment', title: 'nav_assessments', fields: ['club_id', 'year', 'meets_standard', 'score', 'note'] },
  targets: { entity: 'target', title: 'nav_targets', fields: ['phase', 'indicator', 'value'] },
  outreach: { entity: 'outreach', title: 'nav_outreach', fields: ['held_on', 'kind', 'title', 'people_reached', 'club_id'] },
  officer_trainings: { entity: 'training', title: 'nav_officer_trainings', fields: ['trainee_name', 'held_on', 'topic'], extra: { kind: 'officer_awareness' } },
  commune: { entity: 'commune', title: 'nav_commune', fields: ['name', 'province', 'older_population', 'implementing_officers'] },
};

function AdminMenu() {
  if (!isOfficer.value) return null;
  return (
    <nav class="more" aria-label={t('more')}>
      {Object.entries(ADMIN).map(([k, v]) => (
        <Link href={`/admin/${k}`} class="button">{t(v.title)}</Link>
      ))}
      <Link href="/users" class="button">{t('nav_users')}</Link>
      <PlanMenu />
    </nav>
  );
}

function summary(ent: string, r: RowRec, clubs: Map<string, string>): string {
  const f = r.fields as F;
  switch (ent) {
    case 'club_assessment':
      return `${clubs.get(f.club_id) ?? '?'} · ${f.year} · ${f.meets_standard ? fl('club_assessment', 'meets_standard') : '—'}${f.score != null ? ' · ' + f.score : ''}`;
    case 'target':
      return `${f.phase} · ${cl('indicator', f.indicator)} · ${f.value}`;
    case 'outreach':
      return `${fmtDate(f.held_on)} · ${f.title} · ${fmtNumber(f.people_reached)}`;
    case 'training':
      return `${fmtDate(f.held_on)} · ${f.trainee_name ?? ''}`;
    default:
      return String(f.name ?? f.title ?? r.id);
  }
}

export function EntityAdmin({ kind }: { kind: string }) {
  const cfg = ADMIN[kind];
  const [edit, setEdit] = useState<string | 'new' | null>(null);
  const d = useData(async () => {
    const com = await communeId();
    if (!cfg) return null;
    const [list, villages, clubs] = await Promise.all([rows(cfg.entity), rows('village'), rows('club')]);
    const inCom = (r: RowRec) => cfg.entity === 'commune' ? r.id === com : cfg.entity === 'club_assessment' ? clubs.some((c) => c.id === r.fields.club_id && c.fields.commune_id === com) : r.fields.commune_id === com;
    return {
      com,
      list: list.filter(inCom).filter((r) => !cfg.extra || Object.entries(cfg.extra).every(([k, v]) => r.fields[k] === v)),
      villages: villages.filter((v) => v.fields.commune_id === com).sort(byName),
      clubs: clubs.filter((c) => c.fields.commune_id === com).sort(byName),
    };
  }, [kind]);
  if (kind === 'menu')
    return (
      <Page title={t('more')}>
        <AdminMenu />
      </Page>
    );
  if (!cfg || !d) return null;
  const clubNames = new Map(d.clubs.map((c) => [c.id, String(c.fields.name)]));
  const options: Record<string, RefOption[]> = {
    village_id: d.villages.map((v) => ({ value: v.id, label: String(v.fields.name) })),
    club_id: d.clubs.map((c) => ({ value: c.id, label: String(c.fields.name) })),
  };
  const editing = edit && edit !== 'new' ? d.list.find((r) => r.id === edit) : undefined;
  const fixed: F = { ...(cfg.extra ?? {}) };
  if (cfg.entity !== 'commune' && cfg.entity !== 'club_assessment' && d.com) fixed.commune_id = d.com;
  const def = entity(cfg.entity);
  return (
    <Page
      title={t(cfg.title)}
      actions={
        cfg.entity !== 'commune' && !edit && (
          <button type="button" class="primary" onClick={() => setEdit('new')}>
            {t('add')}
          </button>
        )
      }
    >
      {edit && (
        <EntityForm
          key={edit}
          entity={cfg.entity}
          fields={cfg.fields}
          initial={editing?.fields ?? (cfg.entity === 'club_assessment' ? { year: Number(todayVN().slice(0, 4)), meets_standard: false } : {})}
          fixed={fixed}
          readOnly={editing ? def.fields.filter((f) => f.fixed).map((f) => f.name) : []}
          options={options}
          aside={cfg.entity === 'club_assessment' ? (v, set) => <AssessmentChecklist club={v.club_id} year={v.year} onAccept={(score) => set('score', score)} current={v.score} /> : undefined}
          onCancel={() => setEdit(null)}
          onSubmit={async (f) => {
            const r = await save(cfg.entity, editing ? editing.id : null, f);
            if (!r.error) {
              setEdit(null);
              notice.value = { kind: 'info', text: t('saved') };
            }
            return r.error;
          }}
        />
      )}
      {!d.list.length && <Empty />}
      <ul class="list rows">
        {d.list.map((r) => (
          <li>
            <button type="button" class="rowbtn" onClick={() => setEdit(r.id)}>
              {summary(cfg.entity, r, clubNames)}
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}

// ---------- assessment checklist ----------

function itemText(i: CheckItem): string {
  const share = i.of !== undefined && (i.code === 'women' || i.code === 'older' || i.code === 'older_women');
  if (share) return i.of ? `${fmtNumber(i.value)}/${fmtNumber(i.of)} (${fmtNumber((i.value * 100) / i.of!, 1)}%)` : '—';
  if (i.code === 'fund') return fmtMoney(i.value);
  if (i.code === 'monthly') {
    if (!i.of) return '—';
    const miss = (i.missing ?? []).map((m) => `${m.slice(5)}/${m.slice(0, 4)}`).join(', ');
    return t('chk_months', { n: i.value, m: i.of }) + (miss ? ` · ${t('chk_missing', { v: miss })}` : '');
  }
  if (i.code === 'areas') {
    const miss = (i.missing ?? []).map((a) => cl('areas', a)).join('; ');
    return `${i.value}/${i.of}` + (miss ? ` · ${t('chk_missing', { v: miss })}` : '');
  }
  return fmtNumber(i.value);
}

/**
 * The checklist of the assessed club and year, from the rows pulled to this
 * phone, with a suggested score the officer may take into `score`.
 * `meets_standard` is left to the officer.
 */
function AssessmentChecklist(p: { club: unknown; year: unknown; current: unknown; onAccept: (score: number) => void }) {
  const club = typeof p.club === 'string' && p.club ? p.club : null;
  const year = typeof p.year === 'number' && Number.isInteger(p.year) && p.year >= 2000 && p.year <= 2100 ? p.year : null;
  const d = useData(async () => {
    if (!club || year === null) return null;
    const [c, members, meetings, entries, loans, repayments] = await Promise.all([
      store.get('club', club), rows('member', club), rows('meeting', club), rows('fund_entry', club), rows('loan', club), rows('repayment', club),
    ]);
    if (!c) return null;
    return clubChecklist({ club: c.fields as Fields, members, meetings, entries, loans, repayments }, year, todayVN());
  }, [club, year]);
  const hid = useState(() => nextId('h'))[0];
  return (
    <section class="checklist" aria-labelledby={hid}>
      <h2 id={hid}>{t('chk_title')}</h2>
      {!d ? (
        <p class="muted">{t('chk_choose')}</p>
      ) : (
        <>
          <p class="muted">{t('chk_basis', { f: fmtDate(d.from), t: fmtDate(d.to) })}</p>
          <ul class="list checks">
            {d.items.map((i) => (
              <li class={i.ok ? 'ok' : 'notok'}>
                <span class="mark" aria-hidden="true">{i.ok ? '✓' : '✗'}</span>
                <div>
                  <strong>{t('chk.' + i.code, { v: fmtMoney(FUND_FLOOR_VND) })}</strong>
                  <span class="sr"> · {i.ok ? t('st.met') : t('st.not_met')}</span>
                  <div>{t('chk_actual')}: {itemText(i)}</div>
                </div>
              </li>
            ))}
          </ul>
          <p>
            {t('chk_score', { s: d.score, n: d.met, m: d.items.length })}
          </p>
          <button type="button" onClick={() => p.onAccept(d.score)} disabled={p.current === d.score}>
            {p.current === d.score ? t('chk_accepted') : t('chk_accept')}
          </button>
          <p class="muted">{t('chk_decide')}</p>
        </>
      )}
    </section>
  );
}

// ---------- dashboard ----------

export interface Indicator {
  code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: 'met' | 'not_met' | 'no_data' | 'info';
}
export interface IndicatorAnswer {
  from: string;
  to: string;
  phase: string;
  commune: { id: string; name: string; indicators: Indicator[] } | null;
  clubs: Array<{ club_id: string; name: string; indicators: Indicator[] }>;
}
interface Cached {
  at: number;
  data: IndicatorAnswer;
}

export function fmtInd(code: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (code.endsWith('_share') || code === 'attendance_rate') return fmtNumber(v * 100, 1) + '%';
  if (code.endsWith('_vnd')) return fmtMoney(v);
  return fmtNumber(v, Number.isInteger(v) ? 0 : 2);
}

export interface Period {
  key: string;
  label: string;
  from: string;
  to: string;
}

export function periods(today: string): Period[] {
  const y = Number(today.slice(0, 4));
  const out: Period[] = [];
  for (let yy = y; yy >= Math.min(2026, y); yy--) {
    if (`${yy}-07-01` <= today) out.push({ key: `h2-${yy}`, label: t('half2', { y: yy }), from: `${yy}-07-01`, to: `${yy}-12-31` });
    out.push({ key: `h1-${yy}`, label: t('half1', { y: yy }), from: `${yy}-01-01`, to: `${yy}-06-30` });
    out.push({ key: `y-${yy}`, label: t('year', { y: yy }), from: `${yy}-01-01`, to: `${yy}-12-31` });
  }
  out.push({ key: 'p1', label: t('phase', { p: '2026-2030' }), from: '2026-01-01', to: '2030-12-31' });
  out.push({ key: 'p2', label: t('phase', { p: '2031-2035' }), from: '2031-01-01', to: '2035-12-31' });
  return out;
}

/** Half-years of the phase of `to`, up to `to`'s half-year. */
export function halfYears(to: string): Array<{ from: string; to: string; label: string }> {
  const y = Number(to.slice(0, 4));
  const start = y <= 2030 ? 2026 : 2031;
  const out: Array<{ from: string; to: string; label: string }> = [];
  for (let yy = start; yy <= y; yy++) {
    out.push({ from: `${yy}-01-01`, to: `${yy}-06-30`, label: `6T/${yy}` });
    if (yy < y || to >= `${yy}-07-01`) out.push({ from: `${yy}-07-01`, to: `${yy}-12-31`, label: `12T/${yy}` });
  }
  return out;
}

async function fetchIndicators(from: string, to: string): Promise<{ data: IndicatorAnswer | null; at: number | null; offline: boolean }> {
  const key = `${from}|${to}`;
  const cache = (await store.getMeta<Record<string, Cached>>('indicators')) ?? {};
  const q = new URLSearchParams({ from, to });
  if (session.value?.user.role === 'admin') {
    const c = await communeId();
    if (c) q.set('commune_id', c);
  }
  try {
    const data = await api.json<IndicatorAnswer>('GET', '/api/indicators?' + q.toString());
    cache[key] = { at: Date.now(), data };
    await store.setMeta('indicators', cache);
    return { data, at: cache[key].at, offline: false };
  } catch (e) {
    const c = cache[key];
    if (e instanceof NetworkError || !c) return { data: c?.data ?? null, at: c?.at ?? null, offline: true };
    return { data: c.data, at: c.at, offline: true };
  }
}

function PeriodPicker(p: { value: Period; onChange: (v: Period) => void }) {
  const list = periods(todayVN());
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState(p.value.from);
  const [to, setTo] = useState(p.value.to);
  const ids = { s: useState(() => nextId())[0] };
  return (
    <div class="period">
      <div class="field">
        <label for={ids.s}>{t('period')}</label>
        <select
          id={ids.s}
          value={custom ? 'custom' : p.value.key}
          onChange={(e) => {
            const k = (e.target as HTMLSelectElement).value;
            if (k === 'custom') return setCustom(true);
            setCustom(false);
            const found = list.find((x) => x.key === k);
            if (found) p.onChange(found);
          }}
        >
          {p.value.key === 'now' && <option value="now">{p.value.label}</option>}
          {list.map((x) => (
            <option value={x.key}>{x.label}</option>
          ))}
          <option value="custom">{t('custom')}</option>
        </select>
      </div>
      {custom && (
        <PeriodFields from={from} to={to} onFrom={setFrom} onTo={setTo}>
          <button type="button" onClick={() => from && to && from <= to && p.onChange({ key: 'custom', label: `${fmtDate(from)}–${fmtDate(to)}`, from, to })}>
            {t('show')}
          </button>
        </PeriodFields>
      )}
    </div>
  );
}

/** The current half-year so far (its `to` is today), the dashboard's first view. */
function defaultPeriod(): Period {
  const today = todayVN();
  const list = periods(today);
  const half = list.find((p) => p.from <= today && today <= p.to && p.key.startsWith('h')) ?? list[0];
  return { key: 'now', label: `${half.label} (${t('period_to').toLowerCase()} ${fmtDate(today)})`, from: half.from, to: today };
}

const MAIN = ['full_activity_share', 'fund_share', 'board_trained_share', 'older_women_share', 'transformation_share', 'loan_access_share'];

function Card({ i }: { i: Indicator }) {
  return (
    <div class={'card ind ' + i.status}>
      <h3>{cl('indicator', i.code)}</h3>
      <p class="big">{fmtInd(i.code, i.value ?? (i.denominator === null ? i.numerator : null))}</p>
      <p>
        {i.denominator !== null && i.numerator !== null ? `${fmtNumber(i.numerator)}/${fmtNumber(i.denominator)} · ` : ''}
        {t('target')}: {i.target === null ? '—' : fmtInd(i.code === 'standard' || i.code === 'new_clubs' || i.code === 'new_clubs_total' || i.code === 'standard_clubs' ? 'n' : i.code, i.target)}
      </p>
      <p class="st">{t('st.' + i.status)}</p>
    </div>
  );
}

function Chart({ code, points }: { code: string; points: Array<{ label: string; ind?: Indicator }> }) {
  const W = 320, H = 150, pad = 28;
  const vals = points.map((p) => p.ind?.value ?? null);
  const target = points.map((p) => p.ind?.target).find((x) => x !== null && x !== undefined) ?? null;
  const max = Math.max(1, ...vals.map((v) => v ?? 0), target ?? 0);
  const bw = (W - pad) / Math.max(points.length, 1);
  const y = (v: number) => H - 20 - (v / max) * (H - 40);
  return (
    <figure class="chart">
      <figcaption>{cl('indicator', code)}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${cl('indicator', code)}: ${points.map((p, i) => `${p.label} ${fmtInd(code, vals[i])}`).join(', ')}`}>
        <line x1={pad} y1={H - 20} x2={W} y2={H - 20} stroke="#333" />
        {points.map((p, i) => {
          const v = vals[i];
          const x = pad + i * bw + bw * 0.15;
          return (
            <g>
              {v !== null && <rect x={x} y={y(v)} width={bw * 0.7} height={H - 20 - y(v)} fill={p.ind?.status === 'met' ? '#1b7f3b' : p.ind?.status === 'not_met' ? '#c0392b' : '#5a6b7b'} />}
              <text x={x + bw * 0.35} y={H - 5} font-size="14" text-anchor="middle">
                {p.label}
              </text>
              {v !== null && (
                <text x={x + bw * 0.35} y={y(v) - 3} font-size="14" text-anchor="middle">
                  {fmtInd(code, v)}
                </text>
              )}
            </g>
          );
        })}
        {target !== null && <line x1={pad} x2={W} y1={y(target)} y2={y(target)} stroke="#0b5d3b" stroke-dasharray="6 4" stroke-width="2" />}
        <text x="0" y={14} font-size="14">
          {fmtInd(code, max)}
        </text>
      </svg>
    </figure>
  );
}

export function DashboardScreen() {
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const [club, setClubSel] = useState<string | null>(null);
  const d = useData(() => fetchIndicators(period.from, period.to), [period.key, period.from, period.to]);
  const series = useData(async () => {
    const today = todayVN();
    const hs = halfYears(period.to > today ? today : period.to);
    const res = [];
    // the half-year under way is shown so far (to today)
    for (const h of hs) res.push({ label: h.label, r: await fetchIndicators(h.from, h.to > today ? today : h.to) });
    return res;
  }, [period.to]);
  if (!isOfficer.value && session.value?.user.role !== 'club_board') return <Empty />;
  const data = d?.data;
  const commune = data?.commune;
  const clubRow = club ? data?.clubs.find((c) => c.club_id === club) : null;
  const codes = data?.clubs[0]?.indicators.map((i) => i.code) ?? [];
  // a club board sees its own club (commune null, one club)
  const onlyClub = !commune && data?.clubs.length === 1 ? data.clubs[0] : null;
  return (
    <Page title={t('dashboard')}>
      <PeriodPicker value={period} onChange={setPeriod} />
      {d && d.at && <p class={d.offline ? 'warn' : 'muted'}>{d.offline ? t('figures_offline', { t: fmtTime(d.at) }) : t('figures_from', { t: fmtTime(d.at) })}</p>}
      {d && !data && <p class="warn">{t('no_figures')}</p>}
      <ReportButtons from={period.from} to={period.to} />
      {onlyClub && !clubRow && (
        <>
          <h2>{onlyClub.name}</h2>
          <div class="cards">{onlyClub.indicators.map((i) => <Card i={i} />)}</div>
        </>
      )}
      {onlyClub ? null : clubRow ? (
        <>
          <h2>
            {t('club_detail')}: {clubRow.name}
          </h2>
          <button type="button" onClick={() => setClubSel(null)}>
            {t('back')}
          </button>
          <div class="cards">{clubRow.indicators.map((i) => <Card i={i} />)}</div>
        </>
      ) : (
        <>
          {commune && (
            <>
              <h2>{commune.name}</h2>
              <div class="cards">{commune.indicators.map((i) => <Card i={i} />)}</div>
            </>
          )}
          {data && data.clubs.length > 0 && (
            <>
              <h2>{t('clubs_table')}</h2>
              <div class="scroll">
                <table class="table grid">
                  <thead>
                    <tr>
                      <th scope="col">{t('club')}</th>
                      {codes.map((c) => (
                        <th scope="col">{cl('indicator', c)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.clubs.map((c) => (
                      <tr>
                        <th scope="row">
                          <button type="button" class="link" onClick={() => setClubSel(c.club_id)}>
                            {shortName(c.name)}
                          </button>
                        </th>
                        {c.indicators.map((i) => (
                          <td class={'num ' + i.status}>{fmtInd(i.code, i.value ?? (i.denominator === null ? i.numerator : null))}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
      {series && series.some((s) => s.r.data) && (
        <>
          <h2>{t('charts')}</h2>
          <div class="charts">
            {MAIN.map((code) => (
              <Chart
                code={code}
                points={series.map((s) => ({
                  label: s.label,
                  ind: (clubRow ? s.r.data?.clubs.find((c) => c.club_id === club)?.indicators : s.r.data?.commune?.indicators ?? s.r.data?.clubs[0]?.indicators)?.find((i) => i.code === code),
                }))}
              />
            ))}
          </div>
        </>
      )}
    </Page>
  );
}

/** "CLB Liên thế hệ tự giúp nhau thôn Lạc Sơn" → "thôn Lạc Sơn" for narrow tables. */
export function shortName(name: string): string {
  const s = name.replace(/^(CLB|Câu lạc bộ)\s+Liên thế hệ(\s+tự giúp nhau)?\s*/iu, '');
  return s || name;
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const m = /filename="?([^";]+)"?/i.exec(cd);
  return m ? m[1] : fallback;
}

export function ReportButtons({ from, to }: { from: string; to: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  if (!isOfficer.value) return null;
  const get = async (format: 'xlsx' | 'html') => {
    setBusy(format);
    setErr(null);
    try {
      const q = new URLSearchParams({ from, to, format });
      if (session.value?.user.role === 'admin') {
        const c = await communeId();
        if (c) q.set('commune_id', c);
      }
      const res = await api.raw('GET', '/api/reports?' + q.toString());
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = filenameOf(res, `bao-cao-${from}-${to}.${format}`);
      document.body.appendChild(a);
      a.click();
      setTimeout(() => {
        URL.revokeObjectURL(a.href);
        a.remove();
      }, 2000);
    } catch (e) {
      setErr(e instanceof NetworkError ? t('need_online') : e instanceof ApiError ? errText(e.code) : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="actions">
      <button type="button" onClick={() => get('xlsx')} disabled={busy !== null}>
        {busy === 'xlsx' ? t('downloading') : t('download_xlsx')}
      </button>
      <button type="button" onClick={() => get('html')} disabled={busy !== null}>
        {busy === 'html' ? t('downloading') : t('download_html')}
      </button>
      <ErrorLine error={err} />
    </div>
  );
}

export function ReportsScreen() {
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  return (
    <Page title={t('nav_reports')}>
      <PeriodPicker value={period} onChange={setPeriod} />
      <p>
        {t('report_period')}: <strong>{fmtDate(period.from)} – {fmtDate(period.to)}</strong>
      </p>
      <ReportButtons from={period.from} to={period.to} />
    </Page>
  );
}

// ---------- users ----------

export function UsersScreen() {
  const [ver, setVer] = useState(0);
  const [adding, setAdding] = useState(false);
  const d = useData(async () => {
    try {
      const [u, clubs] = await Promise.all([api.json<{ users: Array<User & { disabled: boolean }> }>('GET', '/api/users'), rows('club')]);
      return { users: u.users, clubs: clubs.sort(byName), err: null as string | null };
    } catch (e) {
      return { users: [], clubs: [], err: e instanceof NetworkError ? t('need_online') : e instanceof ApiError ? errText(e.code) : String(e) };
    }
  }, [ver]);
  if (!d) return null;
  const clubNames = new Map(d.clubs.map((c) => [c.id, String(c.fields.name)]));
  return (
    <Page
      title={t('nav_users')}
      actions={
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t('add_user')}
          </button>
        )
      }
    >
      <p>{t('users_intro')}</p>
      <ErrorLine error={d.err} />
      {adding && <UserForm clubs={d.clubs} done={() => { setAdding(false); setVer(ver + 1); }} />}
      <ul class="list rows">
        {d.users.map((u) => (
          <li class={u.disabled ? 'voided' : ''}>
            <div>
              <strong>{u.full_name}</strong> ({u.username}) · {t('role.' + u.role)}
              {u.club_ids.length > 0 && <div class="muted">{u.club_ids.map((c) => clubNames.get(c) ?? c).join(', ')}</div>}
              {u.disabled && <div class="bad">{t('disabled')}</div>}
            </div>
            {!u.disabled && u.id !== session.value?.user.id && (u.role === 'club_board' || u.role === 'health_worker') && (
              <button
                type="button"
                class="small danger"
                onClick={async () => {
                  if (!confirm(`${t('disable')}: ${u.username}?`)) return;
                  try {
                    await api.raw('DELETE', `/api/users/${u.id}`);
                  } catch (e) {
                    notice.value = { kind: 'error', text: e instanceof ApiError ? errText(e.code) : t('need_online') };
                  }
                  setVer(ver + 1);
                }}
              >
                {t('disable')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function UserForm(p: { clubs: RowRec[]; done: () => void }) {
  const [v, setV] = useState({ username: '', password: '', full_name: '', role: 'club_board' });
  const [clubs, setClubs] = useState<string[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const ids = useState(() => ({ u: nextId(), p: nextId(), n: nextId(), r: nextId() }))[0];
  return (
    <form
      class="form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const com = await communeId();
          await api.json('POST', '/api/users', { ...v, commune_id: com, club_ids: v.role === 'club_board' ? clubs : [] });
          p.done();
        } catch (x) {
          setErr(x instanceof ApiError ? errText(x.code, x.field) : t('need_online'));
        }
      }}
    >
      <div class="field">
        <label for={ids.u}>{t('username')}</label>
        <input id={ids.u} autocapitalize="none" value={v.username} onInput={(e) => setV({ ...v, username: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for={ids.p}>{t('password')}</label>
        <input id={ids.p} type="password" autocomplete="new-password" value={v.password} onInput={(e) => setV({ ...v, password: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for={ids.n}>{t('f.full_name')}</label>
        <input id={ids.n} value={v.full_name} onInput={(e) => setV({ ...v, full_name: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for={ids.r}>{t('role')}</label>
        <select id={ids.r} value={v.role} onChange={(e) => setV({ ...v, role: (e.target as HTMLSelectElement).value })}>
          <option value="club_board">{t('role.club_board')}</option>
          <option value="health_worker">{t('role.health_worker')}</option>
        </select>
      </div>
      {v.role === 'club_board' && (
        <fieldset class="field">
          <legend>{t('clubs_of_user')}</legend>
          {p.clubs.map((c) => (
            <div class="field check">
              <input
                type="checkbox"
                id={'uc' + c.id}
                checked={clubs.includes(c.id)}
                onChange={(e) => setClubs((e.target as HTMLInputElement).checked ? [...clubs, c.id] : clubs.filter((x) => x !== c.id))}
              />
              <label for={'uc' + c.id}>{String(c.fields.name)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <ErrorLine error={err} />
      <div class="buttons">
        <button type="submit" class="primary">
          {t('save')}
        </button>
        <button type="button" onClick={p.done}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export { navigate };
