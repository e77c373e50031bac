// INDICATORS.md's rules that the phone applies itself (the assessment
// checklist, the officer's home), checked against the server's golden answers
// in server/indicators/testdata/rules.json.

/**
 * The calendar months (YYYY-MM) from the month of `start` to the last month
 * that has ended by `to`: the month of `to` only when `to` is its last day.
 * A month in progress is never held against a club.
 */
export function monthsDue(start: string, to: string): string[] {
  if (start > to) return [];
  const next = new Date(Date.parse(to + 'T00:00:00Z') + 86400000);
  // the last ended month: the month before the day after `to`
  let ey = next.getUTCFullYear(), em = next.getUTCMonth(); // 0-based: the previous month's 1-based number
  if (em === 0) { ey--; em = 12; }
  const out: string[] = [];
  let y = Number(start.slice(0, 4)), m = Number(start.slice(5, 7));
  while (y < ey || (y === ey && m <= em)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

export type Status = 'met' | 'not_met' | 'no_data' | 'info';

/** INDICATORS.md's status of a share: no denominator → no_data; no target → info; value ≥ target → met. */
export function judgeShare(num: number, den: number, target: number | null): Status {
  if (den === 0) return 'no_data';
  if (target === null) return 'info';
  return num / den >= target ? 'met' : 'not_met';
}

/** The plan's "older women 50–60%": only the floor decides (INDICATORS.md). */
export const OLDER_WOMEN_FLOOR = 0.5;
