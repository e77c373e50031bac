// The periods an officer reports on. A period never runs past today
// (INDICATORS.md): one not yet over ends today and its label says "đến nay".
import { t } from '../../i18n';
import { fmtDate } from '../../dates';

export interface Period {
  key: string;
  label: string;
  from: string;
  to: string;
}

/** [from, to] clamped to today, or null when it has not begun. */
function make(key: string, name: string, from: string, to: string, today: string): Period | null {
  if (from > today) return null;
  const end = to > today ? today : to;
  return { key, label: end < to ? `${name} (${t('so_far', { d: fmtDate(today) })})` : name, from, to: end };
}

function half(y: number, second: boolean): { from: string; to: string; name: string } {
  return second
    ? { from: `${y}-07-01`, to: `${y}-12-31`, name: t('half2', { y }) }
    : { from: `${y}-01-01`, to: `${y}-06-30`, name: t('half1', { y }) };
}

/**
 * This half-year, last half-year, this year, last year, the phase, and the
 * plan's reviews: the mid-term (2026–2030) and the final (2026–2035).
 */
export function periods(today: string): Period[] {
  const y = Number(today.slice(0, 4));
  const second = today >= `${y}-07-01`;
  const now = half(y, second);
  const prev = second ? half(y, false) : half(y - 1, true);
  const phase2 = y > 2030;
  const list = [
    make('half', now.name, now.from, now.to, today),
    make('half_prev', prev.name, prev.from, prev.to, today),
    make('year', t('year', { y }), `${y}-01-01`, `${y}-12-31`, today),
    make('year_prev', t('year', { y: y - 1 }), `${y - 1}-01-01`, `${y - 1}-12-31`, today),
    // in phase 1 the phase is the mid-term review's span: offered once, as the review
    phase2 ? make('phase', t('phase', { p: '2031–2035' }), '2031-01-01', '2035-12-31', today) : null,
    make('review_mid', t('review_mid'), '2026-01-01', '2030-12-31', today),
    make('review_final', t('review_final'), '2026-01-01', '2035-12-31', today),
  ];
  return list.filter((p): p is Period => p !== null);
}

/** A chosen span, clamped to today like the others. */
export function customPeriod(from: string, to: string, today: string): Period {
  const end = to > today ? today : to;
  const name = `${fmtDate(from)} – ${fmtDate(to)}`;
  return { key: 'custom', label: end < to ? `${fmtDate(from)} – ${fmtDate(end)} (${t('so_far', { d: fmtDate(today) })})` : name, from, to: end };
}

/** Half-years of the phase of `to`, up to `to`'s half-year, the last one ending on `to`. */
export function halfYears(to: string): Array<{ from: string; to: string; label: string }> {
  const y = Number(to.slice(0, 4));
  const start = y <= 2030 ? 2026 : 2031;
  const out: Array<{ from: string; to: string; label: string }> = [];
  for (let yy = start; yy <= y; yy++) {
    out.push({ from: `${yy}-01-01`, to: `${yy}-06-30`, label: `6T/${yy}` });
    if (yy < y || to >= `${yy}-07-01`) out.push({ from: `${yy}-07-01`, to: `${yy}-12-31`, label: `12T/${yy}` });
  }
  return out.map((h) => ({ ...h, to: h.to > to ? to : h.to })).filter((h) => h.from <= h.to);
}
