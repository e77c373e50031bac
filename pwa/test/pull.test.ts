import { describe, expect, it } from 'vitest';
import { Api, sessionFrom } from '../src/api';
import { openStore, PullOutOfOrder } from '../src/db';
import { Clock } from '../src/hlc';
import { pendingByRow, pulledRecords, type ChangeRec } from '../src/rows';
import { SyncClient, type SyncEvent } from '../src/sync';
import { uuidv7 } from '../src/uuid';
import { FakeServer, MemHolder } from './fakeserver';

const CLUB = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a60';
const member = (name: string) => ({ club_id: CLUB, full_name: name, sex: 'female', birth_year: 1950, joined_on: '2025-01-01', poverty: 'none', board_role: 'none' });
const change = (n: number, row: string, fields: Record<string, unknown>, extra: Partial<ChangeRec> = {}): ChangeRec => ({
  n, id: 'c' + n, entity: 'member', row_id: row, op: 'upsert', fields, hlc: String(n), state: 'pending', user_id: 'u1', created_at: 0, ...extra,
});

describe('pulled records (rows.ts)', () => {
  it('a row without unsent changes is the server state, one object for fields and base', () => {
    const [r] = pulledRecords([{ entity: 'member', row_id: 'm1', fields: member('A'), deleted: false }], new Map(), new Map(), 7);
    expect(r).toMatchObject({ key: 'member:m1', club_id: CLUB, deleted: false, baseDeleted: false, updated_at: 7 });
    expect(r.fields).toBe(r.base);
    const [club] = pulledRecords([{ entity: 'club', row_id: 'k1', fields: { name: 'CLB' }, deleted: false }], new Map(), new Map(), 0);
    expect(club.club_id).toBe('k1');
  });
  it('unsent changes stay on top of the new base, oldest first; rejected ones do not', () => {
    const pending = pendingByRow([
      change(3, 'm1', { full_name: 'Ba' }),
      change(1, 'm1', { full_name: 'Một', phone: '0912' }),
      change(2, 'm1', { full_name: 'Sai' }, { state: 'rejected' }),
    ]);
    expect(pending.get('member:m1')!.map((c) => c.n)).toEqual([1, 3]);
    const [r] = pulledRecords([{ entity: 'member', row_id: 'm1', fields: { ...member('Server'), note: 'x' }, deleted: false }], new Map(), pending, 0);
    expect(r.fields).toMatchObject({ full_name: 'Ba', phone: '0912', note: 'x' });
    expect(r.base).toMatchObject({ full_name: 'Server' });
    expect(r.fields).not.toBe(r.base);
  });
  it('a deleted row keeps its last base and stays deleted under an unsent edit', () => {
    const prev = new Map([['member:m1', member('Cũ')]]);
    const [r] = pulledRecords([{ entity: 'member', row_id: 'm1', fields: {}, deleted: true }], prev, pendingByRow([change(1, 'm1', { full_name: 'Mới' })]), 0);
    expect(r).toMatchObject({ deleted: true, baseDeleted: true, club_id: CLUB });
    expect(r.base).toMatchObject({ full_name: 'Cũ' });
    const [none] = pulledRecords([{ entity: 'member', row_id: 'm2', fields: {}, deleted: true }], new Map(), new Map(), 0);
    expect(none).toMatchObject({ deleted: true, base: {}, fields: {} });
  });
});

let dbn = 0;
async function setup() {
  const srv = new FakeServer();
  const store = await openStore('pull' + ++dbn);
  const holder = new MemHolder(sessionFrom(srv.loginAnswer()));
  const api = new Api('', holder, srv.fetch);
  const clock = new Clock('dev-a', {}, () => srv.now);
  const events: SyncEvent[] = [];
  const sync = new SyncClient(store, api, clock, () => holder.s?.user.id ?? null, (e) => events.push(e), { pageLimit: 3 });
  for (let i = 0; i < 10; i++) {
    const id = uuidv7();
    srv.rows.set('member:' + id, { entity: 'member', row_id: id, fields: member('M' + i), deleted: false, seq: ++srv.seq });
  }
  return { srv, store, sync, events, clock };
}

describe('pull in pages', () => {
  it('a page asked from another cursor than the stored one writes nothing', async () => {
    const { store } = await setup();
    await store.applyPulled([{ entity: 'member', row_id: 'a', fields: member('A'), deleted: false }], '1', { cursor: undefined });
    await expect(store.applyPulled([{ entity: 'member', row_id: 'b', fields: member('B'), deleted: false }], '9', { cursor: '5' })).rejects.toBeInstanceOf(PullOutOfOrder);
    expect(await store.get('member', 'b')).toBeUndefined();
    expect(await store.getMeta('cursor')).toBe('1');
    await store.applyPulled([{ entity: 'member', row_id: 'b', fields: member('B'), deleted: false }], '2', { cursor: '1' });
    expect(await store.get('member', 'b')).toBeTruthy();
  });

  it('tells its progress and ends with every row', async () => {
    const { store, sync, events } = await setup();
    const out = await sync.run();
    expect(out).toMatchObject({ ok: true, pulled: 10 });
    const prog = events.filter((e) => e.type === 'pull_progress');
    expect(prog.map((e) => e.type === 'pull_progress' && [e.stored, e.total, e.more])).toEqual([
      [3, 6, true], [6, 9, true], [9, 12, true], [10, 10, false],
    ]);
    expect(await store.countRows()).toBe(10);
  });

  it('one page says nothing of progress', async () => {
    const { srv, sync, events } = await setup();
    srv.rows.clear();
    const id = uuidv7();
    srv.rows.set('member:' + id, { entity: 'member', row_id: id, fields: member('X'), deleted: false, seq: ++srv.seq });
    expect((await sync.run()).ok).toBe(true);
    expect(events.filter((e) => e.type === 'pull_progress')).toHaveLength(0);
  });

  it('cut off after some pages, resumes from the last stored page: nothing lost, nothing twice', async () => {
    const { srv, store } = await setup();
    let asked = 0;
    const cursors: Array<string | null> = [];
    srv.hook = (p) => {
      if (p !== '/api/sync/pull') return null;
      if (++asked === 3) throw new TypeError('Failed to fetch'); // the network drops on the third page
      return null;
    };
    const fetch0 = srv.fetch;
    srv.fetch = async (url, init) => {
      if (String(url).includes('/api/sync/pull')) cursors.push(new URL(String(url), 'http://x').searchParams.get('cursor'));
      return fetch0(url, init);
    };
    const api = new Api('', new MemHolder(sessionFrom(srv.loginAnswer())), srv.fetch);
    const cut = new SyncClient(store, api, new Clock('dev-a', {}, () => srv.now), () => 'u1', () => {}, { pageLimit: 3 });
    const first = await cut.run();
    expect(first).toMatchObject({ ok: false, error: 'offline', pulled: 6 });
    expect(await store.getMeta('cursor')).toBe('6');
    expect(await store.countRows()).toBe(6);
    srv.hook = null;
    const again = await cut.run();
    expect(again).toMatchObject({ ok: true, pulled: 4 });
    expect(cursors).toEqual([null, '3', '6', '6', '9']);
    expect(await store.countRows()).toBe(10);
  });

  it('a page that cannot be stored stops the pull, and the page after it is not stored either', async () => {
    const { store, sync } = await setup();
    const orig = store.applyPulled.bind(store);
    let broken = true;
    store.applyPulled = (rows, cursor, after) =>
      orig(broken && cursor === '6' ? rows.map((r) => ({ ...r, fields: { ...r.fields, bad: () => 1 } })) : rows, cursor, after);
    const out = await sync.run();
    expect(out.ok).toBe(false);
    expect(await store.getMeta('cursor')).toBe('3');
    expect(await store.countRows()).toBe(3);
    broken = false;
    expect(await sync.run()).toMatchObject({ ok: true, pulled: 7 });
    expect(await store.countRows()).toBe(10);
  });

  it('an edit made while the pull runs stays on top of the pulled row', async () => {
    const { srv, store, sync, clock } = await setup();
    const target = [...srv.rows.values()][7];
    let asked = 0;
    srv.hook = (p) => {
      // while page 3 is asked for, page 2 is being stored
      if (p === '/api/sync/pull' && ++asked === 3) void store.recordChange(clock, 'u1', 'member', target.row_id, 'upsert', { full_name: 'Sửa trên máy' });
      return null;
    };
    expect((await sync.run()).ok).toBe(true);
    const r = await store.get('member', target.row_id);
    expect(r?.fields.full_name).toBe('Sửa trên máy');
    expect(r?.base?.full_name).toBe('M7');
  });
});
