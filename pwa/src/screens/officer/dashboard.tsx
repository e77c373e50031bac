// The indicator dashboard (GET /api/indicators, kept for offline reading).
import { useState } from 'preact/hooks';
import { communeId, isOfficer, session } from '../../app';
import { apiJson, keep, kept } from '../../actions';
import { NetworkError } from '../../api';
import { cl, t } from '../../i18n';
import { fmtTime } from '../../dates';
import { fmtMoney, fmtNumber } from '../../money';
import { Empty, Page, useData } from '../../ui';
import { halfYears, type Period } from './periods';
import { defaultPeriod, PeriodPicker } from './picker';
import { ReportButtons } from './reports';


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

async function fetchIndicators(from: string, to: string): Promise<{ data: IndicatorAnswer | null; at: number | null; offline: boolean }> {
  const key = `${from}|${to}`;
  const cache = (await kept<Record<string, Cached>>('indicators')) ?? {};
  const q = new URLSearchParams({ from, to });
  if (session.value?.user.role === 'admin') {
    const c = await communeId();
    if (c) q.set('commune_id', c);
  }
  try {
    const data = await apiJson<IndicatorAnswer>('GET', '/api/indicators?' + q.toString());
    cache[key] = { at: Date.now(), data };
    await keep('indicators', cache);
    return { data, at: cache[key].at, offline: false };
  } catch (e) {
    const c = cache[key];
    if (e instanceof NetworkError || !c) return { data: c?.data ?? null, at: c?.at ?? null, offline: true };
    return { data: c.data, at: c.at, offline: true };
  }
}

const MAIN = ['full_activity_share', 'fund_share', 'board_trained_share', 'older_women_share', 'transformation_share', 'loan_access_share'];

// What a figure counts, so that a reader is not misled (outreach adds up
// "lượt người" over the activities; the commune's loan access counts clubs).
const UNITS: Record<string, [string, string]> = {
  outreach_share: ['u.reached', 'u.older_pop'],
  full_activity_share: ['u.clubs', 'u.clubs'],
  transformation_share: ['u.clubs', 'u.clubs'],
  fund_share: ['u.clubs', 'u.clubs'],
  loan_access_share: ['u.clubs', 'u.clubs'],
  attendance_rate: ['u.times', 'u.times'],
};
const COUNT_TARGETS = new Set(['standard', 'new_clubs', 'new_clubs_total', 'standard_clubs']);

export function Card({ i, club }: { i: Indicator; club?: boolean }) {
  const u = UNITS[i.code] && !(club && i.code === 'loan_access_share') ? UNITS[i.code] : null;
  const frac = i.denominator !== null && i.numerator !== null
    ? u ? `${fmtNumber(i.numerator)} ${t(u[0])} / ${fmtNumber(i.denominator)} ${t(u[1])} · ` : `${fmtNumber(i.numerator)}/${fmtNumber(i.denominator)} · `
    : '';
  return (
    <div class={'card ind ' + i.status}>
      <h3>{club && i.code === 'loan_access_share' ? cl('indicator', 'loan_access_club_share') : cl('indicator', i.code)}</h3>
      <p class="big">{fmtInd(i.code, i.value ?? (i.denominator === null ? i.numerator : null))}</p>
      <p>
        {frac}
        {t('target')}: {i.target === null ? '—' : fmtInd(COUNT_TARGETS.has(i.code) ? 'n' : i.code, i.target)}
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
    const res = [];
    // the half-year under way is shown so far (to the period's end, never past today)
    for (const h of halfYears(period.to)) res.push({ label: h.label, r: await fetchIndicators(h.from, h.to) });
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
          <div class="cards">{onlyClub.indicators.map((i) => <Card i={i} club />)}</div>
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
          <div class="cards">{clubRow.indicators.map((i) => <Card i={i} club />)}</div>
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

