// The officer's home, computed from the rows on the phone with INDICATORS.md's
// terms (live rows, members and clubs active on a day, overdue loans).
import type { RowRec } from '../../db';
import { activeOn, isLive, overdue } from '../../compute';

type F = Record<string, any>;

export interface ClubLine {
  id: string;
  name: string;
  lastMeeting: string | null;
  members: number;
  overdueLoans: number;
  /** the latest assessment's verdict (greatest year up to this year), null when none */
  standard: boolean | null;
  standardYear: number | null;
  lastSync: string | null;
}

export function clubActive(c: F, d: string): boolean {
  return typeof c.founded_on === 'string' && c.founded_on <= d && (!c.dissolved_on || c.dissolved_on > d);
}

export interface HomeRows {
  clubs: RowRec[];
  members: RowRec[];
  meetings: RowRec[];
  loans: RowRec[];
  repayments: RowRec[];
  assessments: RowRec[];
  villages: RowRec[];
}

/** One line per club of the commune active today, by name. */
export function clubLines(r: HomeRows, today: string, syncs: Record<string, string> = {}): ClubLine[] {
  const year = Number(today.slice(0, 4));
  return r.clubs
    .filter((c) => !c.deleted && clubActive(c.fields, today))
    .map((c) => {
      const mine = <T extends RowRec>(l: T[]) => l.filter((x) => isLive(x) && (x.fields as F).club_id === c.id);
      const meetings = mine(r.meetings).map((m) => String((m.fields as F).held_on)).filter((d) => d <= today);
      const repayments = r.repayments.filter(isLive);
      let best: RowRec | null = null;
      for (const a of mine(r.assessments)) {
        const y = Number((a.fields as F).year);
        if (!(y <= year)) continue;
        const by = best ? Number((best.fields as F).year) : -1;
        if (!best || y > by || (y === by && a.id > best.id)) best = a;
      }
      return {
        id: c.id,
        name: String(c.fields.name),
        lastMeeting: meetings.length ? meetings.reduce((a, b) => (a > b ? a : b)) : null,
        members: mine(r.members).filter((m) => activeOn(m.fields, today)).length,
        overdueLoans: mine(r.loans).filter((l) => overdue(l, repayments, today)).length,
        standard: best ? (best.fields as F).meets_standard === true : null,
        standardYear: best ? Number((best.fields as F).year) : null,
        lastSync: syncs[c.id] ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'vi') || (a.id < b.id ? -1 : 1));
}

/** The commune's villages without a club active today, hard areas first, then by name. */
export function villagesWithoutClub(villages: RowRec[], clubs: RowRec[], today: string): RowRec[] {
  const served = new Set(clubs.filter((c) => !c.deleted && clubActive(c.fields, today)).map((c) => (c.fields as F).village_id));
  return villages
    .filter((v) => !v.deleted && !served.has(v.id))
    .sort((a, b) => {
      const ha = a.fields.hard_area === true ? 0 : 1, hb = b.fields.hard_area === true ? 0 : 1;
      return ha - hb || String(a.fields.name).localeCompare(String(b.fields.name), 'vi') || (a.id < b.id ? -1 : 1);
    });
}
