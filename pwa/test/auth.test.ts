import { describe, expect, it } from 'vitest';
import { afterLogin, checkPin, OFFLINE_SESSION_MS, pinFailed, PIN_TRIES, sessionUsable, setPin, startState } from '../src/auth';
import { Api, sessionFrom } from '../src/api';
import { openStore } from '../src/db';
import { FakeServer, MemHolder } from './fakeserver';

let n = 0;

describe('offline login', () => {
  it('first login online, then PIN, then unlock offline', async () => {
    const store = await openStore('auth' + ++n);
    expect(await startState(store)).toBe('login');
    const srv = new FakeServer();
    const api = new Api('', new MemHolder(null), srv.fetch);
    await expect(api.login('bcn1', 'wrong', 'dev', 'phone')).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    const s = await api.login('bcn1', 'demo-2026', 'dev', 'phone');
    await afterLogin(store, s);
    expect(await startState(store)).toBe('set_pin');
    await setPin(store, '2468');
    expect(await startState(store)).toBe('unlock');
    expect(await checkPin(store, '2468')).toBe(true);
    expect(await checkPin(store, '1111')).toBe(false);
    // offline 29 days later: still opens with the PIN; 31 days later: must log in online
    expect(await startState(store, s.refreshed_at + 29 * 86400000)).toBe('unlock');
    expect(await startState(store, s.refreshed_at + OFFLINE_SESSION_MS + 1)).toBe('expired');
  });
  it('the fifth wrong PIN forgets the PIN (the password is asked for); the fourth does not', async () => {
    const store = await openStore('auth' + ++n);
    await setPin(store, '2468');
    for (let i = 1; i < PIN_TRIES; i++) expect(await pinFailed(store)).toBe(false);
    expect(await store.getMeta('pin')).toBeTruthy();
    expect(await pinFailed(store)).toBe(true);
    expect(await store.getMeta('pin')).toBeUndefined();
    expect(await store.getMeta('pin_fails')).toBeUndefined();
    expect(PIN_TRIES).toBe(5);
  });
  it('sessionUsable bounds', () => {
    const s = sessionFrom(new FakeServer().loginAnswer());
    expect(sessionUsable(s, s.refreshed_at)).toBe(true);
    expect(sessionUsable(s, s.refreshed_at + OFFLINE_SESSION_MS)).toBe(true);
    expect(sessionUsable(s, s.refreshed_at + OFFLINE_SESSION_MS + 1)).toBe(false);
    expect(sessionUsable(null)).toBe(false);
  });
  it('a refresh extends the offline session', async () => {
    const srv = new FakeServer();
    const holder = new MemHolder(sessionFrom(srv.loginAnswer()));
    holder.s!.refreshed_at -= 20 * 86400000;
    const api = new Api('', holder, srv.fetch);
    expect(await api.refresh()).toBe(true);
    expect(Date.now() - holder.s!.refreshed_at).toBeLessThan(1000);
  });
  it('another user on the same phone does not see the previous user\'s rows', async () => {
    const store = await openStore('auth' + ++n);
    const srv = new FakeServer();
    const s1 = sessionFrom(srv.loginAnswer());
    await afterLogin(store, s1);
    await store.applyPulled([{ entity: 'village', row_id: 'v', fields: { name: 'x' }, deleted: false }], '1');
    const s2 = { ...s1, user: { ...s1.user, id: 'u2' } };
    await afterLogin(store, s2);
    expect(await store.countRows()).toBe(0);
  });
  it('logout removes pulled data and tokens', async () => {
    const store = await openStore('auth' + ++n);
    const srv = new FakeServer();
    await afterLogin(store, sessionFrom(srv.loginAnswer()));
    await setPin(store, '1234');
    await store.applyPulled([{ entity: 'village', row_id: 'v', fields: { name: 'x' }, deleted: false }], '1');
    await store.wipeForLogout(false);
    expect(await store.countRows()).toBe(0);
    expect(await store.getMeta('session')).toBeUndefined();
    expect(await store.getMeta('pin')).toBeUndefined();
    expect(await startState(store)).toBe('login');
  });
});
