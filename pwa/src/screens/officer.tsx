// Commune officers' screens, one file each under officer/: home, indicator
// dashboard, reports, lists (clubs, villages, assessments, targets, outreach,
// officer trainings, the commune) and accounts.
export { OfficerHome } from './officer/home';
export { AdminMenu, EntityAdmin } from './officer/admin';
export { Card, DashboardScreen, fmtInd, shortName, type Indicator, type IndicatorAnswer } from './officer/dashboard';
export { ReportButtons, ReportsScreen } from './officer/reports';
export { UsersScreen } from './officer/users';
export { halfYears, periods, type Period } from './officer/periods';
export { navigate } from '../app';
