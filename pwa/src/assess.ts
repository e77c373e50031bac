// The checklist offered on a club's yearly assessment (DOMAIN.md: no national
// scoring sheet for "đạt chuẩn" is public; the app offers one built from the
// norms). Computed from the club's rows on the phone with INDICATORS.md's
// terms (live rows, members active on the day, older = 60+, fund size). The
// suggested score is only a suggestion: `meets_standard` is the officer's.
import type { RowRec } from './db';
import { activeOn, age, fundBalance, isLive } from './compute';
import { AREAS } from './schema';
import { judgeShare, monthsDue, OLDER_WOMEN_FLOOR } from './rules';

type F = Record<string, any>;

export const FUND_FLOOR_VND = 50_000_000;

export type CheckCode = 'members' | 'women' | 'older' | 'older_women' | 'board' | 'monthly' | 'areas' | 'fund' | 'volunteers';

export interface CheckItem {
  code: CheckCode;
  ok: boolean;
  /** the figure: a count, a sum in đồng, or the numerator of a share */
  value: number;
  /** the denominator of a share or of a coverage (months, areas); absent for counts */
  of?: number;
  /** what is missing: months as YYYY-MM, or area codes */
  missing?: string[];
}

export interface Checklist {
  year: number;
  /** the days looked at: from max(1 January, founded_on) to min(31 December, today) */
  from: string;
  to: string;
  items: CheckItem[];
  met: number;
  /** share of items met × 100, rounded to a whole point */
  score: number;
}

export interface ClubData {
  club: F;
  members: RowRec[];
  meetings: RowRec[];
  entries: RowRec[];
  loans: RowRec[];
  repayments: RowRec[];
}

/** lo ≤ n/d ≤ hi in whole numbers (percentages), never true for d = 0. */
const within = (n: number, d: number, lo: number, hi: number) => d > 0 && n * 100 >= lo * d && n * 100 <= hi * d;

/** The checklist of a club for an assessed year, on the rows the phone holds. */
export function clubChecklist(d: ClubData, year: number, today: string): Checklist {
  const yearFrom = `${year}-01-01`, yearTo = `${year}-12-31`;
  const to = yearTo < today ? yearTo : today;
  const founded = typeof d.club.founded_on === 'string' ? d.club.founded_on : yearFrom;
  const from = founded > yearFrom ? founded : yearFrom;
  const members = d.members.filter((m) => !m.deleted && activeOn(m.fields, to));
  const mf = members.map((m) => m.fields as F);
  const n = mf.length;
  const women = mf.filter((m) => m.sex === 'female').length;
  const older = mf.filter((m) => age(m, to) >= 60);
  const olderWomen = older.filter((m) => m.sex === 'female').length;
  const board = mf.filter((m) => m.board_role && m.board_role !== 'none').length;
  const volunteers = mf.filter((m) => m.home_care_volunteer === true).length;

  const meetings = d.meetings.filter(isLive).map((r) => r.fields as F).filter((m) => m.held_on >= from && m.held_on <= to);
  // the months that have ended (INDICATORS.md: a month in progress is not held against the club)
  const wanted = monthsDue(from, to);
  const held = new Set(meetings.map((m) => String(m.held_on).slice(0, 7)));
  const missingMonths = wanted.filter((m) => !held.has(m));
  const covered = new Set(meetings.flatMap((m) => (Array.isArray(m.areas) ? m.areas : [])));
  const missingAreas = AREAS.filter((a) => !covered.has(a));

  const fund = fundBalance('income_generation', d.entries, d.loans, d.repayments, d.club.interest_fund, to);

  const items: CheckItem[] = [
    { code: 'members', ok: n >= 50 && n <= 70, value: n },
    { code: 'women', ok: within(women, n, 60, 70), value: women, of: n },
    { code: 'older', ok: within(older.length, n, 60, 70), value: older.length, of: n },
    // the plan's 50–60 %: only the floor decides, as on the dashboard and in the report
    { code: 'older_women', ok: judgeShare(olderWomen, older.length, OLDER_WOMEN_FLOOR) === 'met', value: olderWomen, of: older.length },
    { code: 'board', ok: board >= 5 && board <= 7, value: board },
    { code: 'monthly', ok: from <= to && missingMonths.length === 0, value: wanted.length - missingMonths.length, of: wanted.length, missing: missingMonths },
    { code: 'areas', ok: missingAreas.length === 0, value: AREAS.length - missingAreas.length, of: AREAS.length, missing: missingAreas },
    { code: 'fund', ok: fund >= FUND_FLOOR_VND, value: fund },
    { code: 'volunteers', ok: volunteers >= 5, value: volunteers },
  ];
  const met = items.filter((i) => i.ok).length;
  return { year, from, to, items, met, score: Math.round((met * 100) / items.length) };
}
