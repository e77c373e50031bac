import { describe, expect, it } from 'vitest';
import { manageItems, NAV, navFor } from '../src/nav';

const hrefs = (l: { href: string }[]) => l.map((i) => i.href);

describe('the navigation registry', () => {
  it('gives officers the commune-wide tabs before a club is chosen, the club tabs after', () => {
    const none = navFor('officer', false), club = navFor('officer', true);
    expect(hrefs(none.bar)).toEqual(['/', '/dashboard', '/reports', '/sync']);
    expect(hrefs(club.bar)).toEqual(['/', '/members', '/meetings', '/fund']);
    expect(hrefs(none.more)).not.toContain('/members');
  });
  it('keeps the bar at four places (the fifth is "Thêm") for everyone', () => {
    for (const who of ['board', 'health', 'officer'] as const) for (const c of [false, true]) expect(navFor(who, c).bar.length).toBeLessThanOrEqual(4);
  });
  it("holds the officer's lists and the plan's screens, behind \"Thêm\" with or without a club", () => {
    const want = ['/admin/clubs', '/admin/villages', '/admin/assessments', '/admin/targets', '/admin/outreach', '/admin/officer_trainings', '/admin/commune', '/users', '/plan/budget', '/plan/equipment', '/plan/supervision', '/plan/commendations'];
    expect(hrefs(manageItems('officer'))).toEqual(want);
    for (const c of [false, true]) expect(hrefs(navFor('officer', c).more)).toEqual(expect.arrayContaining(want));
    expect(manageItems('board')).toEqual([]);
    expect(hrefs(navFor('board', true).more).some((h) => h.startsWith('/admin') || h.startsWith('/plan') || h === '/users')).toBe(false);
  });
  it('names every item once per place', () => {
    const seen = new Set<string>();
    for (const i of NAV.filter((x) => x.manage)) {
      expect(seen.has(i.href)).toBe(false);
      seen.add(i.href);
    }
  });
});
