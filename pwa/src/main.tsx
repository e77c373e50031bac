// The app shell: status bar, navigation, router.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './styles.css';
import { clubId, dbClosed, gate, init, startUpdates, isHealth, isOfficer, lastSync, notice, online, pending, rejected, route, session, setClub, setLang, syncNow, syncing, rows } from './app';
import { lang, t } from './i18n';
import { fmtTime } from './dates';
import { Link, useData, byName } from './ui';
import { LoginScreen, PinScreen } from './screens/login';
import { HomeScreen, MembersScreen, MemberEdit, MeetingsScreen, MeetingEdit } from './screens/club';
import { FundScreen, LoansScreen, LoanDetail } from './screens/money';
import { HealthScreen, StationScreen, VisitsScreen, TrainingsScreen } from './screens/health';
import { SyncScreen, ReviewScreen } from './screens/sync';
import { ClosedByUpdate, UpdateBanner } from './update';
import { ImportScreen } from './screens/import';
import { DashboardScreen, ReportsScreen, EntityAdmin, UsersScreen, OfficerHome } from './screens/officer';
import { planRoute } from './screens/plan';

function StatusBar() {
  const n = pending.value;
  return (
    <div class={'status' + (online.value ? '' : ' off')} role="status" aria-live="polite">
      <span class="count">{t('waiting', { n })}</span>
      <span>{lastSync.value ? t('last_sync', { t: fmtTime(lastSync.value) }) : t('never_synced')}</span>
      <span class="net">{syncing.value ? t('syncing') : online.value ? t('online') : t('offline')}</span>
      {rejected.value > 0 && (
        <Link href="/review" class="warnlink">
          {t('needs_attention', { n: rejected.value })}
        </Link>
      )}
    </div>
  );
}

function ClubPicker() {
  const s = session.value!;
  const clubs = useData(async () => (await rows('club')).sort(byName), []);
  if (!clubs) return <span class="clubname">{t('app')}</span>;
  const mine = s.user.role === 'club_board' ? clubs.filter((c) => s.user.club_ids.includes(c.id)) : clubs;
  if (s.user.role === 'club_board' && mine.length <= 1) return <span class="clubname">{mine[0] ? String(mine[0].fields.name) : t('app')}</span>;
  return (
    <select aria-label={t('choose_club')} class="clubpick" value={clubId.value ?? ''} onChange={(e) => setClub((e.target as HTMLSelectElement).value || null)}>
      <option value="">{t('choose_club')}</option>
      {mine.map((c) => (
        <option value={c.id}>{String(c.fields.name)}</option>
      ))}
    </select>
  );
}

function Nav() {
  const r = route.value;
  const items: Array<[string, string]> = isHealth.value
    ? [['/', 'nav_home'], ['/health', 'nav_health'], ['/sync', 'nav_sync']]
    : [['/', 'nav_home'], ['/members', 'nav_members'], ['/meetings', 'nav_meetings'], ['/fund', 'nav_fund'], ['/loans', 'nav_loans'], ['/health', 'nav_health'], ['/sync', 'nav_sync']];
  if (isOfficer.value) items.splice(1, 0, ['/dashboard', 'nav_dashboard'], ['/reports', 'nav_reports']);
  return (
    <nav aria-label={t('main_nav')} class="nav">
      {items.map(([href, key]) => (
        <Link href={href} aria-current={(href === '/' ? r === '/' : r.startsWith(href)) ? 'page' : undefined}>
          {t(key)}
        </Link>
      ))}
    </nav>
  );
}

function Notice() {
  const n = notice.value;
  if (!n) return null;
  return (
    <div class={'notice ' + n.kind} role="alert">
      <span>{n.text}</span>
      <button type="button" class="small" onClick={() => (notice.value = null)}>
        {t('close')}
      </button>
    </div>
  );
}

function Router() {
  const r = route.value;
  const m = (re: RegExp) => re.exec(r);
  let x: RegExpExecArray | null;
  if (r === '/') return isOfficer.value && !clubId.value ? <OfficerHome /> : isHealth.value ? <StationScreen /> : <HomeScreen />;
  if (r === '/members') return <MembersScreen />;
  if (r === '/members/new') return <MemberEdit id={null} />;
  if (r === '/members/import') return <ImportScreen />;
  if ((x = m(/^\/members\/([0-9a-f-]{36})$/))) return <MemberEdit id={x[1]} />;
  if (r === '/meetings') return <MeetingsScreen />;
  if (r === '/meetings/new') return <MeetingEdit id={null} />;
  if ((x = m(/^\/meetings\/([0-9a-f-]{36})$/))) return <MeetingEdit id={x[1]} />;
  if (r === '/fund') return <FundScreen />;
  if (r === '/loans') return <LoansScreen />;
  if ((x = m(/^\/loans\/([0-9a-f-]{36})$/))) return <LoanDetail id={x[1]} />;
  if (r === '/health') return <HealthScreen />;
  if (r === '/station') return <StationScreen />;
  if (r === '/visits') return <VisitsScreen />;
  if (r === '/trainings') return <TrainingsScreen />;
  if (r === '/sync') return <SyncScreen />;
  if (r === '/review') return <ReviewScreen />;
  if (r === '/dashboard') return <DashboardScreen />;
  if (r === '/reports') return <ReportsScreen />;
  if (r === '/users') return <UsersScreen />;
  if (r.startsWith('/plan/')) return planRoute(r) ?? <HomeScreen />;
  if ((x = m(/^\/admin\/([a-z_]+)$/))) return <EntityAdmin kind={x[1]} />;
  return isHealth.value ? <StationScreen /> : <HomeScreen />;
}

function App() {
  useEffect(() => {
    document.documentElement.lang = lang.value;
  }, [lang.value]);
  const g = gate.value;
  if (dbClosed.value) return <ClosedByUpdate />;
  if (g === 'loading') return <main class="page" aria-busy="true" />;
  const header = (
    <header class="top">
      <div class="bar">
        <strong class="brand">{t('app')}</strong>
        <button type="button" class="small lang" onClick={() => setLang(lang.value === 'vi' ? 'en' : 'vi')}>
          {t('language')}
        </button>
      </div>
      <StatusBar />
    </header>
  );
  if (g === 'login' || g === 'expired')
    return (
      <>
        {header}
        <UpdateBanner />
        <Notice />
        <main>
          <LoginScreen />
        </main>
      </>
    );
  if (g === 'set_pin' || g === 'unlock')
    return (
      <>
        {header}
        <UpdateBanner />
        <Notice />
        <main>
          <PinScreen mode={g} />
        </main>
      </>
    );
  return (
    <>
      <header class="top">
        <div class="bar">
          <ClubPicker />
          <button type="button" class="small lang" onClick={() => setLang(lang.value === 'vi' ? 'en' : 'vi')}>
            {t('language')}
          </button>
        </div>
        <div class="statusrow">
          <StatusBar />
          <button type="button" class="sync" onClick={() => void syncNow()} disabled={syncing.value}>
            {t('sync_now')}
          </button>
        </div>
        <Nav />
      </header>
      <UpdateBanner />
      <Notice />
      <main id="main">
        <Router />
      </main>
    </>
  );
}

async function start() {
  await init();
  render(<App />, document.getElementById('app')!);
  if (import.meta.env.PROD) void startUpdates();
  if (gate.value === 'ready') void syncNow();
}

void start();
