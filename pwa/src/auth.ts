// Sessions on a shared phone: first login online, then a PIN to reopen; an
// offline session lasts at most 30 days after its last login or refresh.
import type { Session } from './api';
import type { Store } from './db';
import { sha1 } from './uuid';

export const OFFLINE_SESSION_MS = 30 * 24 * 3600 * 1000;

export interface PinRec {
  salt: string;
  hash: string;
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** 2000 rounds of sha1(h ‖ salt) from h = "salt:pin" (the buffers reused: it runs at every unlock). */
export function hashPin(pin: string, salt: string): string {
  const enc = new TextEncoder();
  const s = enc.encode(salt);
  let h: Uint8Array = enc.encode(salt + ':' + pin);
  const buf = new Uint8Array(20 + s.length);
  buf.set(s, 20);
  for (let i = 0; i < 2000; i++) {
    if (h.length === 20) buf.set(h);
    h = sha1(h.length === 20 ? buf : concat(h, s));
  }
  return hex(h);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function validPin(pin: string): boolean {
  return /^[0-9]{4,8}$/.test(pin);
}

export async function setPin(store: Store, pin: string): Promise<void> {
  const s = new Uint8Array(16);
  crypto.getRandomValues(s);
  const salt = hex(s);
  await store.setMeta('pin', { salt, hash: hashPin(pin, salt) } satisfies PinRec);
}

export async function checkPin(store: Store, pin: string): Promise<boolean> {
  const rec = await store.getMeta<PinRec>('pin');
  if (!rec) return false;
  return hashPin(pin, rec.salt) === rec.hash;
}

/** Wrong PINs allowed before the phone asks for the password (online) again. */
export const PIN_TRIES = 5;

/**
 * Counts a wrong PIN; at the fifth the PIN is forgotten (the password is
 * needed, online) and true is answered. Unsent changes stay.
 */
export async function pinFailed(store: Store): Promise<boolean> {
  const fails = ((await store.getMeta<number>('pin_fails')) ?? 0) + 1;
  if (fails < PIN_TRIES) {
    await store.setMeta('pin_fails', fails);
    return false;
  }
  await store.delMeta('pin_fails');
  await store.delMeta('pin');
  return true;
}

/** Whether a stored session may still be used offline (30 days after its last refresh). */
export function sessionUsable(s: Session | null | undefined, now: number = Date.now()): boolean {
  if (!s) return false;
  return now - s.refreshed_at <= OFFLINE_SESSION_MS && now >= s.refreshed_at - 24 * 3600 * 1000;
}

export type StartState = 'login' | 'set_pin' | 'unlock' | 'expired';

/** What the app asks for when it opens. */
export async function startState(store: Store, now: number = Date.now()): Promise<StartState> {
  const s = await store.getMeta<Session>('session');
  if (!s) return 'login';
  if (!sessionUsable(s, now)) return 'expired';
  const pin = await store.getMeta<PinRec>('pin');
  return pin ? 'unlock' : 'set_pin';
}

/** After a successful online login: a different user than before loses the previous user's pulled rows. */
export async function afterLogin(store: Store, s: Session): Promise<void> {
  const last = await store.getMeta<string>('last_user_id');
  if (last && last !== s.user.id) await store.clearPulled();
  await store.setMeta('session', s);
  await store.setMeta('last_user_id', s.user.id);
}
