// The app's navigation as data: one line per screen in the menu. The bottom
// tab bar shows the first items a person may use (at most five, the last of
// them "Thêm"); the rest open from "Thêm". A screen added to the app adds one
// line here (and its route in main.tsx's Router, or `screen` below).
import type { JSX } from 'preact';

/** Who sees an item: club boards, the health station, commune officers (and admins). */
export type Who = 'board' | 'health' | 'officer';

export interface NavItem {
  href: string;
  /** i18n key of the item's name (the fixed words of DESIGN.md for the main items) */
  key: string;
  who: Who[];
  /** only when a club is chosen (officers and the health station choose one in the header) */
  club?: boolean;
  /** only when NO club is chosen (officers' commune-wide screens) */
  noClub?: boolean;
  /** never in the bar, only behind "Thêm" */
  moreOnly?: boolean;
  /** the commune's own lists and the plan's management: also listed on the officer's home */
  manage?: boolean;
  /** an exact-path screen, for items whose route is not in main.tsx's Router */
  screen?: () => JSX.Element;
}

export const NAV: NavItem[] = [
  { href: '/', key: 'nav_home', who: ['board', 'health', 'officer'] },
  { href: '/dashboard', key: 'nav_dashboard', who: ['officer'], noClub: true },
  { href: '/reports', key: 'nav_reports', who: ['officer'], noClub: true },
  { href: '/members', key: 'nav_members', who: ['board', 'officer'], club: true },
  { href: '/meetings', key: 'nav_meetings', who: ['board', 'officer'], club: true },
  { href: '/fund', key: 'nav_fund', who: ['board', 'officer'], club: true },
  { href: '/loans', key: 'nav_loans', who: ['board', 'officer'], club: true },
  { href: '/health', key: 'nav_health', who: ['board', 'health', 'officer'], club: true },
  { href: '/sync', key: 'nav_sync', who: ['board', 'health', 'officer'] },
  { href: '/visits', key: 'nav_visits', who: ['board', 'officer'], club: true },
  { href: '/trainings', key: 'nav_trainings', who: ['board', 'officer'], club: true },
  { href: '/dashboard', key: 'nav_dashboard', who: ['board', 'officer'], club: true },
  { href: '/reports', key: 'nav_reports', who: ['officer'], club: true },
  { href: '/review', key: 'nav_review', who: ['board', 'health', 'officer'], moreOnly: true },
  // officers: the commune's lists (screens/officer/admin.tsx), accounts, and
  // the plan's management (screens/plan), with or without a chosen club
  ...(
    [
      ['/admin/clubs', 'nav_clubs'],
      ['/admin/villages', 'nav_villages'],
      ['/admin/assessments', 'nav_assessments'],
      ['/admin/targets', 'nav_targets'],
      ['/admin/outreach', 'nav_outreach'],
      ['/admin/officer_trainings', 'nav_officer_trainings'],
      ['/admin/commune', 'nav_commune'],
      ['/users', 'nav_users'],
      ['/plan/budget', 'nav_budget'],
      ['/plan/equipment', 'nav_equipment'],
      ['/plan/supervision', 'nav_supervision'],
      ['/plan/commendations', 'nav_commendations'],
    ] as const
  ).map(([href, key]): NavItem => ({ href, key, who: ['officer'], moreOnly: true, manage: true })),
];

/** Adds an item (from a screen's own file): `addNav({ href: '/x', key: 'nav_x', who: ['officer'], screen: () => <X /> })`. */
export function addNav(item: NavItem): void {
  NAV.push(item);
}

/**
 * The items a person sees now, in order: at most four in the bar (the fifth
 * place is "Thêm", which also holds the language switch), the rest behind "Thêm".
 */
export function navFor(who: Who, hasClub: boolean): { bar: NavItem[]; more: NavItem[] } {
  const seen = new Set<string>();
  const items = NAV.filter((i) => {
    if (!i.who.includes(who) || (i.club && !hasClub) || (i.noClub && hasClub) || seen.has(i.href)) return false;
    seen.add(i.href);
    return true;
  });
  const bar = items.filter((i) => !i.moreOnly).slice(0, 4);
  return { bar, more: items.filter((i) => !bar.includes(i)) };
}

/** The commune's lists and the plan's screens a person may open (the officer's home lists them). */
export function manageItems(who: Who): NavItem[] {
  return NAV.filter((i) => i.manage && i.who.includes(who));
}

/** The item whose route is `path` (for the current tab), longest prefix first. */
export function current(path: string, items: NavItem[]): NavItem | undefined {
  if (path === '/') return items.find((i) => i.href === '/');
  return items.filter((i) => i.href !== '/' && (path === i.href || path.startsWith(i.href + '/'))).sort((a, b) => b.href.length - a.href.length)[0];
}
