// What the screens do with the phone's data and the server, in one place:
// screens call these (and app.ts's save, saveMany, voidRow, rows…), never
// app.ts's store, API client or clock directly.
import { api, bump, clock, gate, notice, session, store, syncSoon, unlocked } from './app';
import { checkPin, pinFailed, setPin } from './auth';
import type { RowRec } from './db';
import { t } from './i18n';
import { uuidv7 } from './uuid';

/** One row as stored on this phone (undefined when absent). */
export function getRow(ent: string, id: string): Promise<RowRec | undefined> {
  return store.get(ent, id);
}

/** A new row id (UUIDv7 from the phone's clock). */
export function newRowId(): string {
  return uuidv7(clock.now());
}

/** Deletes an lww row (a budget line entered by mistake): the change waits in the outbox like any other. */
export async function deleteRow(ent: string, id: string): Promise<void> {
  await store.recordChange(clock, session.value!.user.id, ent, id, 'delete', {});
  bump();
  syncSoon();
}

/** A value a screen keeps on the phone between visits (a draft, the last answer of the server). */
export function kept<T>(key: string): Promise<T | undefined> {
  return store.getMeta<T>(key);
}

export function keep(key: string, value: unknown): Promise<void> {
  return store.setMeta(key, value);
}

/** A JSON answer of the server (throws NetworkError offline, ApiError on an error answer). */
export function apiJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  return api.json<T>(method, path, body);
}

/** The server's raw answer (a file to download). */
export function apiRaw(method: string, path: string, body?: unknown): Promise<Response> {
  return api.raw(method, path, body);
}

/** The first PIN on this phone. */
export async function savePin(pin: string): Promise<void> {
  await setPin(store, pin);
  unlocked();
}

/** Opens the app with the PIN; after too many wrong ones the password is asked for (auth.ts). */
export async function enterPin(pin: string): Promise<'ok' | 'wrong' | 'locked'> {
  if (await checkPin(store, pin)) {
    await store.delMeta('pin_fails');
    notice.value = null;
    unlocked();
    return 'ok';
  }
  if (await pinFailed(store)) {
    notice.value = { kind: 'warn', text: t('login_needed') };
    gate.value = 'login';
    return 'locked';
  }
  return 'wrong';
}
