// The app's state and services, shared by the screens: store, clock, API,
// sync client, session, counters. Screens call save()/voidRow() and read rows.
import { computed, signal } from '@preact/signals';
import { Api, type Session, type SessionHolder } from './api';
import { afterLogin, startState, type StartState } from './auth';
import { openStore, type Store, type RowRec } from './db';
import { Clock, type HlcState } from './hlc';
import { setNow } from './dates';
import { SyncClient, type SyncEvent } from './sync';
import { uuidv4, uuidv7 } from './uuid';
import { normalize, validateUpsert, type FieldError, type Fields } from './validate';
import { lang, t, type Lang } from './i18n';
import { correctLoan as correctLoanTx } from './correct';
import { saveRows, type RowWrite } from './batch';
import { SwBridge, type ContainerLike, type UpdateState } from './sw-bridge';

export let store: Store;
export let clock: Clock;
export let api: Api;
export let sync: SyncClient;

export const session = signal<Session | null>(null);
export const gate = signal<StartState | 'ready' | 'loading'>('loading');
export const route = signal<string>(location.pathname);
export const dataVersion = signal(0);
export const pending = signal(0);
export const rejected = signal(0);
export const otherUser = signal(0);
export const lastSync = signal<number | null>(null);
export const online = signal<boolean>(typeof navigator === 'undefined' ? true : navigator.onLine);
export const syncing = signal(false);
/** A pull of several pages under way: rows stored and the estimated total. */
export const pullProgress = signal<{ stored: number; total: number } | null>(null);
export const notice = signal<{ kind: 'info' | 'warn' | 'error'; text: string } | null>(null);
// information notices go away by themselves; warnings and errors stay until closed
let noticeTimer: ReturnType<typeof setTimeout> | null = null;
notice.subscribe((n) => {
  if (noticeTimer) clearTimeout(noticeTimer);
  if (n && n.kind === 'info') noticeTimer = setTimeout(() => (notice.value = null), 5000);
});
export const clubId = signal<string | null>(null);
export const persisted = signal<boolean | null>(null);

export const role = computed(() => session.value?.user.role ?? null);
export const isOfficer = computed(() => role.value === 'commune_officer' || role.value === 'admin');
export const isHealth = computed(() => role.value === 'health_worker');

export function navigate(path: string, replace = false): void {
  if (path === route.value) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route.value = path;
  window.scrollTo(0, 0);
}

/** "Đã lưu." online; offline, that it waits on the phone. */
export function savedText(): string {
  return online.value ? t('saved_online') : t('saved');
}

export function bump(): void {
  dataVersion.value++;
  void refreshCounts();
}

export async function refreshCounts(): Promise<void> {
  const uid = session.value?.user.id;
  const c = await store.counts(uid);
  pending.value = c.pending;
  rejected.value = c.rejected;
  otherUser.value = c.other;
  lastSync.value = (await store.getMeta<number>('last_sync')) ?? null;
}

const holder: SessionHolder = {
  get: () => session.value,
  async save(s) {
    session.value = s;
    await store.setMeta('session', s);
  },
  async lost(code) {
    if (code === 'account_disabled') {
      notice.value = { kind: 'error', text: t('account_disabled') };
    } else {
      notice.value = { kind: 'warn', text: t('login_needed') };
    }
    gate.value = 'login';
  },
};

function onSyncEvent(e: SyncEvent): void {
  switch (e.type) {
    case 'clock_wrong':
      notice.value = { kind: 'warn', text: t('clock_wrong') };
      break;
    case 'account_disabled':
      notice.value = { kind: 'error', text: t('account_disabled') };
      gate.value = 'login';
      break;
    case 'needs_login':
      notice.value = { kind: 'warn', text: t('login_needed') };
      gate.value = 'login';
      break;
    case 'client_too_old':
      notice.value = { kind: 'warn', text: t('client_too_old') };
      void updateApp();
      break;
    case 'rate_limited':
      notice.value = { kind: 'warn', text: t('rate_limited') };
      break;
    case 'unavailable':
      notice.value = { kind: 'warn', text: t('unavailable') };
      break;
    case 'reset':
      notice.value = { kind: 'info', text: t('reset_done') };
      break;
    case 'rejected':
      notice.value = { kind: 'warn', text: t('needs_attention', { n: e.count }) };
      break;
    case 'pull_progress':
      pullProgress.value = e.more ? { stored: e.stored, total: e.total } : null;
      break;
    case 'offline':
      break;
    case 'error':
      notice.value = { kind: 'error', text: t('sync_failed', { e: t('err.' + e.code) }) };
      break;
  }
}

// ---------- updates (sw-bridge.ts) ----------

/** A new version: 'ready' shows the banner; see UpdateState. */
export const update = signal<UpdateState>('idle');
/** Another tab upgraded the database: this one closed its connection. */
export const dbClosed = signal(false);
let bridge: SwBridge | null = null;

/** A form is open (new or edit screen): no reload may happen now. */
export const inForm = (): boolean => /\/(new|[0-9a-f-]{36})$/.test(route.value);

/** Waits until no sync runs and no form is open (checked every second). */
async function safeMoment(maxMs = Infinity): Promise<boolean> {
  const end = Date.now() + maxMs;
  while (syncing.value || inForm()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return true;
}

/** The person pressed "Cập nhật": apply the waiting version once nothing is under way. */
export async function applyUpdate(): Promise<void> {
  if (!bridge || !(await safeMoment(60_000))) return;
  if (!(await bridge.apply())) {
    update.value = 'idle';
    notice.value = { kind: 'error', text: t('update_failed') };
  }
}

let forcing = false;
/** After 426 client_too_old: fetch the new version and switch to it (bounded; see SwBridge.updateNow). */
async function updateApp(): Promise<void> {
  if (forcing || !bridge) return;
  forcing = true;
  try {
    await safeMoment();
    const r = await bridge.updateNow();
    if (r === 'offline') {
      notice.value = { kind: 'warn', text: t('update_offline') };
      window.addEventListener('online', () => void updateApp(), { once: true });
    } else if (r === 'failed') {
      notice.value = { kind: 'error', text: t('update_failed') };
    }
  } finally {
    forcing = false;
  }
}

/** Registers the service worker and checks for a new version while the app is open. */
export async function startUpdates(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  bridge = new SwBridge(navigator.serviceWorker as unknown as ContainerLike, {
    reload: () => location.reload(),
    onState: (s) => (update.value = s),
  });
  try {
    await bridge.start();
  } catch {
    return; // no service worker here (private mode): the app still works online
  }
  const check = () => void bridge?.check();
  setInterval(check, 30 * 60 * 1000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  window.addEventListener('online', check);
}

let syncTimer: ReturnType<typeof setTimeout> | null = null;

/** Runs a sync now (when logged in and online). */
export async function syncNow(): Promise<void> {
  if (gate.value !== 'ready' || !session.value || dbClosed.value) return;
  syncing.value = true;
  try {
    const out = await sync.run();
    if (out.ok) online.value = true;
    else if (out.error === 'offline') online.value = false;
  } finally {
    syncing.value = false;
    pullProgress.value = null;
    bump();
  }
}

/** A sync shortly after a save (several quick saves make one sync). */
export function syncSoon(ms = 1500): void {
  if (syncTimer) clearTimeout(syncTimer);
  syncTimer = setTimeout(() => {
    syncTimer = null;
    void syncNow();
  }, ms);
}

/** Saves an upsert of a row: validates against the schema, writes row + change in one transaction. */
export async function save(ent: string, id: string | null, fields: Fields): Promise<{ id: string; error: FieldError | null }> {
  const rowId = id ?? uuidv7(clock.now());
  const existing = id ? await store.get(ent, id) : undefined;
  const norm = normalize(ent, fields);
  let changed = norm;
  if (existing && !existing.deleted) {
    changed = {};
    for (const [k, v] of Object.entries(norm)) if (JSON.stringify(existing.fields[k] ?? null) !== JSON.stringify(v ?? null)) changed[k] = v;
    if (!Object.keys(changed).length) return { id: rowId, error: null };
  }
  const error = validateUpsert(ent, rowId, existing && !existing.deleted ? existing.fields : null, changed);
  if (error) return { id: rowId, error };
  await store.recordChange(clock, session.value!.user.id, ent, rowId, 'upsert', changed);
  bump();
  syncSoon();
  return { id: rowId, error: null };
}

/** Saves several rows as one step, in one transaction (batch.ts): all of them or none. */
export async function saveMany(writes: RowWrite[]): ReturnType<typeof saveRows> {
  const r = await saveRows(store, clock, session.value!.user.id, writes);
  if ('ids' in r && r.written > 0) {
    bump();
    syncSoon();
  }
  return r;
}

/** Voids a ledger row with a reason. */
export async function voidRow(ent: string, id: string, reason: string): Promise<FieldError | null> {
  return (await save(ent, id, { voided_reason: reason })).error;
}

/** Voids a loan and its live repayments and enters them again (one transaction): see correct.ts. */
export async function correctLoan(loanId: string, values: Fields, reason: string): ReturnType<typeof correctLoanTx> {
  const r = await correctLoanTx(store, clock, session.value!.user.id, loanId, values, reason);
  if ('ok' in r) {
    bump();
    syncSoon();
  }
  return r;
}

export async function rows(ent: string, club?: string | null): Promise<RowRec[]> {
  return store.list(ent, club ?? undefined);
}

export function setLang(l: Lang): void {
  lang.value = l;
  document.documentElement.lang = l;
  void store.setMeta('lang', l);
}

export async function doLogin(username: string, password: string): Promise<void> {
  const deviceName = (navigator.userAgent.match(/\(([^)]+)\)/)?.[1] ?? 'browser').slice(0, 100);
  const s = await api.login(username.trim().toLowerCase(), password, clock.deviceId, deviceName);
  const prevUser = session.value?.user.id ?? (await store.getMeta<string>('last_user_id'));
  await afterLogin(store, s);
  session.value = s;
  if (prevUser && prevUser !== s.user.id) await store.delMeta('pin');
  await chooseDefaultClub();
  const hasPin = await store.getMeta('pin');
  gate.value = hasPin ? 'ready' : 'set_pin';
  notice.value = null;
  bump();
  if (gate.value === 'ready') void syncNow();
}

export async function doLogout(): Promise<void> {
  await api.logout();
  await store.wipeForLogout(true); // unsent changes stay (pushed at this user's next login, or exported)
  session.value = null;
  clubId.value = null;
  gate.value = 'login';
  navigate('/', true);
  bump();
}

export async function chooseDefaultClub(): Promise<void> {
  const saved = await store.getMeta<string>('club');
  const s = session.value;
  if (!s) return;
  if (s.user.role === 'club_board') {
    clubId.value = saved && s.user.club_ids.includes(saved) ? saved : s.user.club_ids[0] ?? null;
  } else clubId.value = saved ?? null;
}

export function setClub(id: string | null): void {
  clubId.value = id;
  void store.setMeta('club', id);
  bump();
}

/** The user's commune id (from the session, or the selected club for admins). */
export async function communeId(): Promise<string | null> {
  const s = session.value;
  if (s?.user.commune_id) return s.user.commune_id;
  if (clubId.value) {
    const c = await store.get('club', clubId.value);
    return (c?.fields.commune_id as string) ?? null;
  }
  const cs = await store.list('commune');
  return cs[0]?.id ?? null;
}

export async function init(): Promise<void> {
  store = await openStore(undefined, {
    blocked: () => (notice.value = { kind: 'warn', text: t('db_blocked') }),
    closed: () => (dbClosed.value = true),
  });
  notice.value = null;
  let deviceId = await store.getMeta<string>('device_id');
  if (!deviceId) {
    deviceId = uuidv4();
    await store.setMeta('device_id', deviceId);
  }
  clock = new Clock(deviceId, (await store.getMeta<HlcState>('hlc')) ?? {});
  setNow(() => clock.now());
  const l = await store.getMeta<Lang>('lang');
  if (l) {
    lang.value = l;
    document.documentElement.lang = l;
  }
  api = new Api('', holder);
  sync = new SyncClient(store, api, clock, () => session.value?.user.id ?? null, onSyncEvent);
  session.value = (await store.getMeta<Session>('session')) ?? null;
  const st = await startState(store);
  gate.value = st;
  if (st === 'expired') notice.value = { kind: 'warn', text: t('session_expired') };
  await chooseDefaultClub();
  await refreshCounts();

  window.addEventListener('popstate', () => (route.value = location.pathname));
  window.addEventListener('online', () => {
    online.value = true;
    void syncNow();
  });
  window.addEventListener('offline', () => (online.value = false));
  setInterval(() => void syncNow(), 3 * 60 * 1000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  try {
    if (navigator.storage?.persist) persisted.value = await navigator.storage.persist();
  } catch {
    persisted.value = false;
  }
}

/** After the PIN was set or entered. */
export function unlocked(): void {
  gate.value = 'ready';
  bump();
  void syncNow();
}
