// The app shell: status bar, navigation, router.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { clubId, dbClosed, gate, init, startUpdates, isHealth, isOfficer, lastSync, notice, online, pending, pullProgress, rejected, route, session, setClub, setLang, syncNow, syncing, rows } from './app';
import { lang, t } from './i18n';
import { fmtDate, fmtTime, todayVN } from './dates';
import { groupDigits } from './format';
import { current, NAV, navFor, type NavItem, type Who } from './nav';
import { Link, useData, byName } from './ui';
import { LoginScreen, PinScreen } from './screens/login';
import { HomeScreen, MembersScreen, MemberEdit, MemberProfile, MeetingsScreen } from './screens/club';
import { MeetingEdit } from './screens/meeting';
import { LoansScreen, LoanDetail } from './screens/money';
import { FundScreen } from './screens/fund';
import { HealthScreen, StationScreen } from './screens/health';
import { VisitsScreen, TrainingsScreen } from './screens/visits';
import { SyncScreen, ReviewScreen } from './screens/sync';
import { ClosedByUpdate, UpdateBanner } from './update';
import { watchFaults } from './faults';
import { ImportScreen } from './screens/import';
import { DashboardScreen, ReportsScreen, EntityAdmin, UsersScreen, OfficerHome } from './screens/officer';
import { planRoute } from './screens/plan';

function StatusBar() {
  const n = pending.value;
  const last = lastSync.value;
  return (
    <div class={'status' + (online.value ? '' : ' off')} role="status" aria-live="polite">
      <span class="count">{t('waiting', { n })}</span>
      <span>{last ? t('last_sync', { t: fmtTime(last).replace(' ' + fmtDate(todayVN()), '') }) : t('never_synced')}</span>
      {(syncing.value || !online.value) && <span class="net">{syncing.value ? (pullProgress.value ? pullText(pullProgress.value) : t('syncing')) : t('offline')}</span>}
      {rejected.value > 0 && (
        <Link href="/review" class="warnlink">
          {t('needs_attention', { n: rejected.value })}
        </Link>
      )}
    </div>
  );
}

const count = (n: number) => (lang.value === 'en' ? n.toLocaleString('en') : groupDigits(String(n)));
const pullText = (p: { stored: number; total: number }) => t('pull_progress', { n: count(p.stored), m: count(p.total) });

/** The bar of a long pull (a new phone's first one); the app stays usable meanwhile. */
function PullBar() {
  const p = pullProgress.value;
  if (!p) return null;
  return <progress class="pullbar" max={p.total} value={p.stored} aria-label={pullText(p)} />;
}

function ClubPicker() {
  const s = session.value!;
  const clubs = useData(async () => (await rows('club')).sort(byName), []);
  if (!clubs) return <span class="clubname">{t('app')}</span>;
  const mine = s.user.role === 'club_board' ? clubs.filter((c) => s.user.club_ids.includes(c.id)) : clubs;
  if (s.user.role === 'club_board' && mine.length <= 1) return <span class="clubname">{mine[0] ? String(mine[0].fields.name) : t('app')}</span>;
  return (
    <select aria-label={t('choose_club')} class="clubpick" value={clubId.value ?? ''} onChange={(e) => setClub((e.target as HTMLSelectElement).value || null)}>
      <option value="">{isOfficer.value ? t('whole_commune') : t('choose_club')}</option>
      {mine.map((c) => (
        <option value={c.id}>{String(c.fields.name)}</option>
      ))}
    </select>
  );
}

/** The bottom tab bar: at most five places, the last one "Thêm" (the rest of the menu and the language). */
function Nav() {
  const r = route.value;
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [r]);
  const who: Who = isOfficer.value ? 'officer' : isHealth.value ? 'health' : 'board';
  const { bar, more } = navFor(who, !!clubId.value);
  const cur = current(r, [...bar, ...more]);
  const item = (i: NavItem) => (
    <Link href={i.href} aria-current={cur === i ? 'page' : undefined}>
      {t(i.key)}
    </Link>
  );
  return (
    <>
      <div class="morepanel" id="more-menu" hidden={!open}>
        {more.map(item)}
        <button type="button" onClick={() => setLang(lang.value === 'vi' ? 'en' : 'vi')}>
          {t('language')}
        </button>
      </div>
      <nav aria-label={t('main_nav')} class="tabs">
        {bar.map(item)}
        <button type="button" class={'tab' + (more.includes(cur!) ? ' cur' : '')} aria-expanded={open} aria-controls="more-menu" onClick={() => setOpen(!open)}>
          {t('more')}
        </button>
      </nav>
    </>
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
  const reg = NAV.find((i) => i.screen && i.href === r);
  if (reg) return reg.screen!();
  if (r === '/') return isOfficer.value && !clubId.value ? <OfficerHome /> : isHealth.value ? <StationScreen /> : <HomeScreen />;
  if (r === '/members') return <MembersScreen />;
  if (r === '/members/new') return <MemberEdit id={null} />;
  if (r === '/members/import') return <ImportScreen />;
  if ((x = m(/^\/members\/([0-9a-f-]{36})$/))) return <MemberProfile id={x[1]} />;
  if ((x = m(/^\/members\/([0-9a-f-]{36})\/sua$/))) return <MemberEdit id={x[1]} />;
  if (r === '/meetings') return <MeetingsScreen />;
  if (r === '/meetings/new') return <MeetingEdit id={null} />;
  if ((x = m(/^\/meetings\/([0-9a-f-]{36})(?:\/(dong-gop|tra-no|cho-vay|tien-mat))?$/))) return <MeetingEdit key={x[1]} id={x[1]} step={x[2] ?? ''} />;
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
        <strong class="clubname">{t('app')}</strong>
        <StatusBar />
        <button type="button" class="small lang" onClick={() => setLang(lang.value === 'vi' ? 'en' : 'vi')}>
          {t('language')}
        </button>
      </div>
    </header>
  );
  if (g === 'login' || g === 'expired' || g === 'set_pin' || g === 'unlock')
    return (
      <>
        {header}
        <UpdateBanner />
        <Notice />
        <main>{g === 'login' || g === 'expired' ? <LoginScreen /> : <PinScreen mode={g} />}</main>
      </>
    );
  return (
    <>
      <header class="top">
        <div class="bar">
          <ClubPicker />
          <StatusBar />
          <button type="button" class="sync" onClick={() => void syncNow()} disabled={syncing.value}>
            {t('sync_now')}
          </button>
        </div>
        <PullBar />
      </header>
      <UpdateBanner />
      <Notice />
      <main id="main" class="withtabs">
        <Router />
      </main>
      <Nav />
    </>
  );
}

async function start() {
  watchFaults((text) => (notice.value = { kind: 'error', text }));
  await init();
  render(<App />, document.getElementById('app')!);
  if (import.meta.env.PROD) void startUpdates();
  if (gate.value === 'ready') void syncNow();
}

void start();
