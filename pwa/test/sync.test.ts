import { beforeEach, describe, expect, it } from 'vitest';
import { Api, sessionFrom } from '../src/api';
import { openStore, type Store } from '../src/db';
import { Clock } from '../src/hlc';
import { SyncClient, type SyncEvent } from '../src/sync';
import { attendanceId, uuidv7 } from '../src/uuid';
import { FakeServer, MemHolder } from './fakeserver';

const CLUB = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a60';
let dbn = 0;

async function setup(opts: { batchSize?: number; pageLimit?: number; localNow?: () => number } = {}) {
  const srv = new FakeServer();
  const store = await openStore('t' + ++dbn);
  const holder = new MemHolder(sessionFrom(srv.loginAnswer()));
  const api = new Api('', holder, srv.fetch);
  const clock = new Clock('dev-a', {}, opts.localNow ?? (() => srv.now));
  const events: SyncEvent[] = [];
  const sync = new SyncClient(store, api, clock, () => holder.s?.user.id ?? null, (e) => events.push(e), opts);
  return { srv, store, holder, api, clock, events, sync };
}

function member(name: string) {
  return { club_id: CLUB, full_name: name, sex: 'female', birth_year: 1950, joined_on: '2025-01-01', poverty: 'none', board_role: 'none' };
}

describe('outbox', () => {
  it('writes the row and its change in one transaction and survives reopening', async () => {
    const { store, clock } = await setup();
    const id = uuidv7();
    const c = await store.recordChange(clock, 'u1', 'member', id, 'upsert', member('Bà Ba'));
    expect(c.hlc).toMatch(/^[0-9]{13}-[0-9a-f]{4}-dev-a$/);
    const name = store.db.name;
    store.close();
    const again = await openStore(name);
    expect((await again.get('member', id))?.fields.full_name).toBe('Bà Ba');
    const out = await again.outbox();
    expect(out).toHaveLength(1);
    expect(out[0].id).toBe(c.id);
    expect(await again.getMeta('hlc')).toEqual(clock.state);
  });
  it('a failed transaction writes neither row nor change', async () => {
    const { store, clock } = await setup();
    const id = uuidv7();
    const bad = { x: () => 1 } as unknown as Record<string, unknown>; // not cloneable
    await expect(store.recordChange(clock, 'u1', 'member', id, 'upsert', bad)).rejects.toBeTruthy();
    expect(await store.get('member', id)).toBeUndefined();
    expect(await store.outbox()).toHaveLength(0);
  });
  it('keeps unsent local edits on top of pulled rows', async () => {
    const { store, clock } = await setup();
    const id = uuidv7();
    await store.applyPulled([{ entity: 'member', row_id: id, fields: member('Cũ'), deleted: false }], '1');
    await store.recordChange(clock, 'u1', 'member', id, 'upsert', { full_name: 'Mới' });
    await store.applyPulled([{ entity: 'member', row_id: id, fields: { ...member('Cũ'), phone: '0912345678' }, deleted: false }], '2');
    const r = await store.get('member', id);
    expect(r?.fields.full_name).toBe('Mới');
    expect(r?.fields.phone).toBe('0912345678');
    const c = (await store.outbox())[0];
    await store.discard(c.id);
    expect((await store.get('member', id))?.fields.full_name).toBe('Cũ');
  });
  it('clearPulled keeps the outbox and the rows it creates', async () => {
    const { store, clock } = await setup();
    const pulled = uuidv7(), local = uuidv7();
    await store.applyPulled([{ entity: 'member', row_id: pulled, fields: member('Pulled'), deleted: false }], '5');
    await store.recordChange(clock, 'u1', 'member', local, 'upsert', member('Local'));
    await store.clearPulled();
    expect(await store.get('member', pulled)).toBeUndefined();
    expect((await store.get('member', local))?.fields.full_name).toBe('Local');
    expect(await store.getMeta('cursor')).toBeUndefined();
    expect(await store.outbox()).toHaveLength(1);
  });
});

describe('sync client', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup({ batchSize: 3, pageLimit: 2 });
  });

  it('pushes in batches, clears applied, pulls every page', async () => {
    for (let i = 0; i < 7; i++) await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('M' + i));
    const out = await s.sync.run();
    expect(out.ok).toBe(true);
    expect(out.pushed).toBe(7);
    expect(s.srv.pushes.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(await s.store.outbox()).toHaveLength(0);
    expect(out.pulled).toBe(7);
    expect(await s.store.getMeta('cursor')).toBe('7');
    expect(await s.store.getMeta('last_sync')).toBeTypeOf('number');
  });

  it('duplicate and superseded clear the change too', async () => {
    const id = uuidv7();
    const c = await s.store.recordChange(s.clock, 'u1', 'member', id, 'upsert', member('A'));
    s.srv.log.add(c.id); // server already has it (its answer was lost)
    const d = uuidv7();
    await s.store.recordChange(s.clock, 'u1', 'member', d, 'delete', {}); // delete of an unknown row: superseded in the fake
    const out = await s.sync.run();
    expect(out.ok).toBe(true);
    expect(await s.store.outbox()).toHaveLength(0);
  });

  it('rejected goes to needs-attention and does not block the others', async () => {
    const bad = uuidv7();
    s.srv.rejectWhen = (c) => (c.row_id === bad ? { code: 'out_of_scope' } : null);
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    await s.store.recordChange(s.clock, 'u1', 'member', bad, 'upsert', member('B'));
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('C'));
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('D'));
    const out = await s.sync.run();
    expect(out.ok).toBe(true);
    expect(out.rejected).toBe(1);
    const left = await s.store.outbox();
    expect(left).toHaveLength(1);
    expect(left[0].state).toBe('rejected');
    expect(left[0].error?.code).toBe('out_of_scope');
    expect(s.srv.rows.size).toBe(3);
    expect(s.events.some((e) => e.type === 'rejected')).toBe(true);
    // fixed and resent
    s.srv.rejectWhen = null;
    await s.store.retry(left[0].id, s.clock, { ...member('B'), full_name: 'B sửa' });
    await s.sync.run();
    expect(await s.store.outbox()).toHaveLength(0);
    expect(s.srv.rows.get('member:' + bad)?.fields.full_name).toBe('B sửa');
  });

  it('clock_ahead re-anchors, re-stamps with the same id and resends at once', async () => {
    let phone = Date.UTC(2027, 5, 1); // phone clock 1.5 years ahead
    const t = await setup({ localNow: () => phone });
    const c = await t.store.recordChange(t.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    expect(Number(c.hlc.slice(0, 13))).toBe(phone);
    const out = await t.sync.run();
    expect(out.ok).toBe(true);
    expect(t.srv.pushes).toHaveLength(2);
    expect(t.srv.pushes[1][0].id).toBe(c.id);
    expect(Number(t.srv.pushes[1][0].hlc.slice(0, 13))).toBeLessThanOrEqual(t.srv.now + 600_000);
    expect(t.srv.pushes[1][0].hlc > c.hlc).toBe(false); // re-stamped on server time
    expect(t.events.find((e) => e.type === 'clock_wrong')).toBeTruthy();
    expect(await t.store.outbox()).toHaveLength(0);
    phone += 1000;
    const c2 = await t.store.recordChange(t.clock, 'u1', 'member', uuidv7(), 'upsert', member('B'));
    // stamped on the server's time (1 s later), not on the phone's clock 1.5 years ahead
    expect(Math.abs(Number(c2.hlc.slice(0, 13)) - t.srv.now)).toBeLessThan(5 * 60_000);
  });

  it('re-anchors the clock on every server_time', async () => {
    s.srv.now = Date.UTC(2026, 2, 1);
    await s.sync.run();
    expect(s.clock.state.offset).toBe(0);
    const t = await setup({ localNow: () => Date.UTC(2020, 0, 1) });
    await t.sync.run();
    expect(t.clock.now()).toBe(t.srv.now);
  });

  it('reset_required deletes pulled rows, keeps the outbox, pulls from 0', async () => {
    const srvRow = uuidv7();
    s.srv.rows.set('member:' + srvRow, { entity: 'member', row_id: srvRow, fields: member('S'), deleted: false, seq: ++s.srv.seq });
    await s.sync.run();
    expect(await s.store.get('member', srvRow)).toBeTruthy();
    const stale = uuidv7();
    await s.store.applyPulled([{ entity: 'member', row_id: stale, fields: member('Gone'), deleted: false }], '1');
    s.srv.rejectWhen = () => ({ code: 'out_of_scope' });
    const local = uuidv7();
    await s.store.recordChange(s.clock, 'u1', 'member', local, 'upsert', member('L'));
    s.srv.rejectWhen = null;
    s.srv.resetOnce = true;
    s.srv.hook = (p) => (p === '/api/sync/push' ? s.srv.json(503, { error: { code: 'unavailable', message: '' } }) : null);
    let out = await s.sync.run();
    expect(out.error).toBe('unavailable');
    s.srv.hook = null;
    // push works now; the pull answers reset_required once
    out = await s.sync.run();
    expect(out.ok).toBe(true);
    expect(s.events.some((e) => e.type === 'reset')).toBe(true);
    expect(await s.store.get('member', stale)).toBeUndefined();
    expect(await s.store.get('member', srvRow)).toBeTruthy();
    expect(await s.store.get('member', local)).toBeTruthy();
  });

  it('401 refreshes the token and retries', async () => {
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    s.srv.access = 'new-access'; // the phone's token no longer works
    s.srv.refreshTok = s.holder.s!.refresh_token;
    const out = await s.sync.run();
    expect(out.ok).toBe(true);
    expect(s.holder.s!.access_token).not.toBe('a1');
    expect(await s.store.outbox()).toHaveLength(0);
  });

  it('a failed refresh asks to log in again and keeps every unsent change', async () => {
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    s.srv.access = 'other';
    s.srv.refreshFails = true;
    const out = await s.sync.run();
    expect(out.ok).toBe(false);
    expect(s.holder.lostCode).toBe('unauthorized');
    expect(s.events.some((e) => e.type === 'needs_login')).toBe(true);
    expect(await s.store.outbox()).toHaveLength(1);
  });

  it('account_disabled removes pulled data and keeps the outbox', async () => {
    const r = uuidv7();
    await s.store.applyPulled([{ entity: 'member', row_id: r, fields: member('P'), deleted: false }], '3');
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    s.srv.disabled = true;
    const out = await s.sync.run();
    expect(out.error).toBe('account_disabled');
    expect(await s.store.get('member', r)).toBeUndefined();
    expect(await s.store.outbox()).toHaveLength(1);
    expect(s.events.some((e) => e.type === 'account_disabled')).toBe(true);
  });

  it('client_too_old asks for an update and keeps the outbox', async () => {
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    s.srv.hook = (p) => (p === '/api/sync/push' ? s.srv.err(426, 'client_too_old') : null);
    const out = await s.sync.run();
    expect(out.error).toBe('client_too_old');
    expect(s.events.some((e) => e.type === 'client_too_old')).toBe(true);
    expect(await s.store.outbox()).toHaveLength(1);
  });

  it('too_large halves the batch', async () => {
    s.srv.maxPush = 1;
    for (let i = 0; i < 3; i++) await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('M' + i));
    const out = await s.sync.run();
    expect(out.ok).toBe(true);
    expect(s.srv.pushes.every((p) => p.length === 1)).toBe(true);
  });

  it('rate_limited, offline and forbidden keep everything', async () => {
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    s.srv.hook = (p) => (p === '/api/sync/push' ? s.srv.json(429, { error: { code: 'rate_limited', message: '' } }, { 'Retry-After': '30' }) : null);
    expect((await s.sync.run()).error).toBe('rate_limited');
    expect(s.events.find((e) => e.type === 'rate_limited')).toEqual({ type: 'rate_limited', retryAfter: 30 });
    s.srv.hook = () => {
      throw new TypeError('Failed to fetch');
    };
    expect((await s.sync.run()).error).toBe('offline');
    s.srv.hook = (p) => (p === '/api/sync/push' ? s.srv.err(403, 'forbidden') : null);
    expect((await s.sync.run()).error).toBe('forbidden');
    s.srv.hook = (p) => (p === '/api/sync/push' ? s.srv.err(400, 'invalid_json') : null);
    expect((await s.sync.run()).error).toBe('invalid_json');
    expect(await s.store.outbox()).toHaveLength(1);
    s.srv.hook = null;
    expect((await s.sync.run()).ok).toBe(true);
    expect(await s.store.outbox()).toHaveLength(0);
  });

  it('a sync cut off after the server applied the push neither loses nor duplicates', async () => {
    const ids = [uuidv7(), uuidv7()];
    for (const id of ids) await s.store.recordChange(s.clock, 'u1', 'member', id, 'upsert', member(id));
    // the answer is lost: the server applied, the phone never heard
    let cut = true;
    const real = s.srv.fetch;
    s.srv.hook = null;
    const api = new Api('', s.holder, async (u, i) => {
      const r = await real(u, i);
      if (cut && u.endsWith('/api/sync/push')) {
        cut = false;
        throw new TypeError('connection reset');
      }
      return r;
    });
    const sync = new SyncClient(s.store, api, s.clock, () => 'u1');
    expect((await sync.run()).error).toBe('offline');
    expect(await s.store.outbox()).toHaveLength(2);
    expect((await sync.run()).ok).toBe(true);
    expect(await s.store.outbox()).toHaveLength(0);
    expect(s.srv.rows.size).toBe(2);
    expect(s.srv.log.size).toBe(2);
  });

  it('attendance rows use the derived id', async () => {
    const meeting = uuidv7(), mem = uuidv7();
    const id = attendanceId(meeting, mem);
    await s.store.recordChange(s.clock, 'u1', 'attendance', id, 'upsert', { club_id: CLUB, meeting_id: meeting, member_id: mem, present: true });
    await s.sync.run();
    expect(s.srv.rows.has('attendance:' + id)).toBe(true);
  });

  it('only pushes the logged-in user\'s changes', async () => {
    await s.store.recordChange(s.clock, 'other-user', 'member', uuidv7(), 'upsert', member('X'));
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('Y'));
    await s.sync.run();
    expect(await s.store.counts('u1')).toEqual({ pending: 0, rejected: 0, other: 1 });
  });

  it('concurrent run() calls share one sync', async () => {
    await s.store.recordChange(s.clock, 'u1', 'member', uuidv7(), 'upsert', member('A'));
    const [a, b] = await Promise.all([s.sync.run(), s.sync.run()]);
    expect(a.ok && b.ok).toBe(true);
    expect(s.srv.pushes).toHaveLength(1);
  });

  it('imports exported changes keeping ids and HLCs', async () => {
    const c = { id: uuidv7(), entity: 'member', row_id: uuidv7(), op: 'upsert' as const, fields: member('Imp'), hlc: '1767225600000-0000-other-dev' };
    expect(await s.store.importChanges([c, c], 'u1')).toBe(1);
    await s.sync.run();
    expect(s.srv.pushes[0][0]).toEqual(c);
  });
});
