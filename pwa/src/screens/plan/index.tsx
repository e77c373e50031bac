// The plan's own management: the officer's four screens (their menu entries
// are in nav.ts), and what a club board sees of them on its home (the latest
// visit's recommendations and the club's equipment).
import type { JSX } from 'preact';
import { isOfficer, rows } from '../../app';
import { t } from '../../i18n';
import { todayVN } from '../../dates';
import { useData } from '../../ui';
import { BudgetScreen } from './budget';
import { CommendationsScreen } from './commendations';
import { EquipmentList, EquipmentScreen } from './equipment';
import { SupervisionScreen, VisitCard } from './visits';
import { byDateDesc } from './common';
import './words';

/** Path → screen (their menu entries are in nav.ts). */
export const PLAN_SCREENS: Array<{ path: string; screen: () => JSX.Element }> = [
  { path: '/plan/budget', screen: BudgetScreen },
  { path: '/plan/equipment', screen: EquipmentScreen },
  { path: '/plan/supervision', screen: SupervisionScreen },
  { path: '/plan/commendations', screen: CommendationsScreen },
];

/** The screen for a route, or null when the route is not one of these. */
export function planRoute(path: string): JSX.Element | null {
  const s = PLAN_SCREENS.find((x) => x.path === path);
  if (!s || !isOfficer.value) return null;
  const Screen = s.screen;
  return <Screen />;
}

/** On a club's home: the latest supervision visit and the club's equipment. */
export function ClubPlanCards({ club }: { club: string }) {
  const d = useData(async () => {
    const [visits, equipment] = await Promise.all([rows('supervision_visit', club), rows('equipment', club)]);
    return { last: [...visits].sort(byDateDesc('visited_on'))[0], equipment: equipment.filter((e) => !e.fields.voided_reason) };
  }, [club]);
  if (!d) return null;
  return (
    <>
      <div class="card">
        <h2>{t('last_visit')}</h2>
        {d.last ? <VisitCard r={d.last} today={todayVN()} plain /> : <p class="muted">{t('no_visit')}</p>}
      </div>
      <div class="card">
        <h2>{t('nav_equipment')}</h2>
        {d.equipment.length ? <EquipmentList list={d.equipment} /> : <p class="muted">{t('equipment_none_club')}</p>}
      </div>
    </>
  );
}
