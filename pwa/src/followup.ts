// "Cần theo dõi": members whose latest reading is high (140/90 or more) and
// who have not been measured again within 30 days of it — the return visit
// the health station asks for is overdue. Urgent ones (180/110) first, then
// the longest waiting.
import type { RowRec } from './db';
import { daysBetween } from './dates';
import { latestReading, type BpLevel } from './compute';

export const FOLLOW_UP_DAYS = 30;

export interface FollowUp {
  member: RowRec;
  day: string;
  sys: number;
  dia: number;
  level: BpLevel;
  /** days since that reading */
  days: number;
}

export function followUps(members: RowRec[], checks: RowRec[], today: string): FollowUp[] {
  const byMember = new Map<string, RowRec[]>();
  for (const c of checks) {
    const m = String(c.fields.member_id);
    const l = byMember.get(m);
    if (l) l.push(c);
    else byMember.set(m, [c]);
  }
  const out: FollowUp[] = [];
  for (const m of members) {
    const lr = latestReading(m.id, byMember.get(m.id) ?? [], '1900-01-01', today);
    if (!lr || lr.level === 'normal') continue;
    const days = daysBetween(lr.day, today);
    if (days > FOLLOW_UP_DAYS) out.push({ member: m, day: lr.day, sys: lr.sys, dia: lr.dia, level: lr.level, days });
  }
  return out.sort((a, b) => (a.level === b.level ? b.days - a.days : a.level === 'urgent' ? -1 : 1));
}
