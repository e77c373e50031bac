// IndexedDB upgrades (db.ts STEPS): a phone that kept last month's app opens
// this one. Its version 1 database, with pulled rows, unsent and rejected
// changes and its session, is upgraded in place; nothing is lost, and old
// changes are pushed under the schema_version they were made at.
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { Api, sessionFrom } from '../src/api';
import { DB_VERSION, openStore } from '../src/db';
import { Clock } from '../src/hlc';
import { SCHEMA_VERSION } from '../src/schema';
import { SyncClient } from '../src/sync';
import { uuidv7 } from '../src/uuid';
import { FakeServer, MemHolder } from './fakeserver';

const CLUB = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a60';
const member = (name: string) => ({ club_id: CLUB, full_name: name, sex: 'female', birth_year: 1950, joined_on: '2025-01-01', poverty: 'none', board_role: 'none' });
let n = 0;

/** A database as version 1 of the app left it, holding data. */
async function versionOne(name: string, userId: string) {
  const db = await openDB(name, 1, {
    upgrade(db) {
      const rows = db.createObjectStore('rows', { keyPath: 'key' });
      rows.createIndex('entity', 'entity');
      rows.createIndex('entity_club', ['entity', 'club_id']);
      const out = db.createObjectStore('outbox', { keyPath: 'n', autoIncrement: true });
      out.createIndex('id', 'id', { unique: true });
      out.createIndex('row', ['entity', 'row_id']);
      db.createObjectStore('meta');
    },
  });
  const pulled = uuidv7(), mine = uuidv7(), bad = uuidv7();
  const hlc = (i: number) => `${Date.UTC(2026, 0, 15, 2, 0, i)}-0000-dev-a`;
  const change = (row: string, name: string, i: number, state: string) => ({
    id: uuidv7(), entity: 'member', row_id: row, op: 'upsert', fields: member(name), hlc: hlc(i), state, user_id: userId, created_at: i,
    ...(state === 'rejected' ? { error: { code: 'invalid_value', field: 'birth_year' } } : {}),
  });
  await db.put('rows', { key: 'member:' + pulled, entity: 'member', id: pulled, club_id: CLUB, fields: member('Từ máy chủ'), deleted: false, base: member('Từ máy chủ'), baseDeleted: false, updated_at: 1 });
  await db.put('rows', { key: 'member:' + mine, entity: 'member', id: mine, club_id: CLUB, fields: member('Chưa gửi'), deleted: false, base: null, baseDeleted: false, updated_at: 2 });
  const sent = [change(mine, 'Chưa gửi', 1, 'pending'), change(mine, 'Chưa gửi nữa', 2, 'pending'), change(bad, 'Bị từ chối', 3, 'rejected')];
  for (const c of sent) await db.add('outbox', c);
  await db.put('meta', 'dev-a', 'device_id');
  await db.put('meta', 'CURSOR-7', 'cursor');
  await db.put('meta', { wall: 0, counter: 0, offset: 0 }, 'hlc');
  db.close();
  return { pulled, mine, bad, sent };
}

describe('IndexedDB upgrade', () => {
  it('upgrades a version 1 database holding data: rows, outbox and meta stay; old changes go under schema_version 1', async () => {
    const srv = new FakeServer();
    const holder = new MemHolder(sessionFrom(srv.loginAnswer()));
    const uid = holder.s!.user.id;
    const name = 'upgrade' + ++n;
    const v1 = await versionOne(name, uid);

    const store = await openStore(name);
    expect(store.db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThan(1);
    expect((await store.get('member', v1.pulled))?.fields.full_name).toBe('Từ máy chủ');
    expect((await store.get('member', v1.mine))?.fields.full_name).toBe('Chưa gửi');
    expect(await store.getMeta('cursor')).toBe('CURSOR-7');
    expect(await store.getMeta('device_id')).toBe('dev-a');
    const out = await store.outbox();
    expect(out.map((c) => [c.id, c.state, c.schema_version])).toEqual(v1.sent.map((c) => [c.id, c.state, 1]));
    expect(out[2].error).toEqual({ code: 'invalid_value', field: 'birth_year' });

    // a change made after the update carries this build's version
    const clock = new Clock('dev-a', {}, () => srv.now);
    const fresh = await store.recordChange(clock, uid, 'member', uuidv7(), 'upsert', member('Sau cập nhật'));
    expect(fresh.schema_version).toBe(SCHEMA_VERSION);

    // the next sync sends every pending change exactly once, each under its version
    const versions: number[] = [];
    srv.hook = (path, body) => {
      if (path === '/api/sync/push') versions.push(body.schema_version);
      return null;
    };
    const sync = new SyncClient(store, new Api('', holder, srv.fetch), clock, () => uid);
    expect((await sync.run()).ok).toBe(true);
    const pushed = srv.pushes.flat().map((c) => c.id);
    expect(pushed).toEqual([v1.sent[0].id, v1.sent[1].id, fresh.id]);
    expect(versions.every((v) => v === 1)).toBe(true);
    expect((await store.outbox()).map((c) => c.id)).toEqual([v1.sent[2].id]); // the rejected one waits for a fix
    store.close();
  });

  it('pushes changes of an older schema version apart from newer ones, in order', async () => {
    const srv = new FakeServer();
    const holder = new MemHolder(sessionFrom(srv.loginAnswer()));
    const uid = holder.s!.user.id;
    const store = await openStore('upgrade' + ++n);
    const clock = new Clock('dev-a', {}, () => srv.now);
    const a = await store.recordChange(clock, uid, 'member', uuidv7(), 'upsert', member('A'));
    const b = await store.recordChange(clock, uid, 'member', uuidv7(), 'upsert', member('B'));
    const c = await store.recordChange(clock, uid, 'member', uuidv7(), 'upsert', member('C'));
    // a and b were made by the app before this one
    const tx = store.db.transaction('outbox', 'readwrite');
    for (const id of [a.id, b.id]) {
      const rec = await tx.store.index('id').get(id);
      await tx.store.put({ ...rec, schema_version: SCHEMA_VERSION - 1 });
    }
    await tx.done;
    const bodies: Array<{ v: number; ids: string[] }> = [];
    srv.hook = (path, body) => {
      if (path === '/api/sync/push') bodies.push({ v: body.schema_version, ids: body.changes.map((x: { id: string }) => x.id) });
      return null;
    };
    const sync = new SyncClient(store, new Api('', holder, srv.fetch), clock, () => uid);
    expect((await sync.run()).ok).toBe(true);
    expect(bodies).toEqual([{ v: SCHEMA_VERSION - 1, ids: [a.id, b.id] }, { v: SCHEMA_VERSION, ids: [c.id] }]);
    expect(await store.outbox()).toHaveLength(0);
    store.close();
  });

  it('changes of an older version that the server no longer takes (426) wait for review and block nothing', async () => {
    const srv = new FakeServer();
    const holder = new MemHolder(sessionFrom(srv.loginAnswer()));
    const uid = holder.s!.user.id;
    const store = await openStore('upgrade' + ++n);
    const clock = new Clock('dev-a', {}, () => srv.now);
    const old = await store.recordChange(clock, uid, 'member', uuidv7(), 'upsert', member('Cũ'));
    const cur = await store.recordChange(clock, uid, 'member', uuidv7(), 'upsert', member('Mới'));
    const tx = store.db.transaction('outbox', 'readwrite');
    await tx.store.put({ ...(await tx.store.index('id').get(old.id)), schema_version: SCHEMA_VERSION - 1 });
    await tx.done;
    srv.hook = (path, body) => (path === '/api/sync/push' && body.schema_version < SCHEMA_VERSION ? srv.err(426, 'client_too_old') : null);
    const sync = new SyncClient(store, new Api('', holder, srv.fetch), clock, () => uid);
    const out = await sync.run();
    expect(out.ok).toBe(true);
    expect(out.rejected).toBe(1);
    expect(srv.pushes.flat().map((c) => c.id)).toEqual([cur.id]);
    const left = await store.outbox();
    expect(left.map((c) => [c.id, c.state, c.error?.code])).toEqual([[old.id, 'rejected', 'client_too_old']]);
    // reviewed and sent again: now under this version
    await store.retry(old.id, clock);
    expect((await store.outbox())[0].schema_version).toBe(SCHEMA_VERSION);
    expect((await sync.run()).ok).toBe(true);
    expect(await store.outbox()).toHaveLength(0);
    store.close();
  });

  it('an open tab closes its connection when a newer version wants the database, and says so', async () => {
    const name = 'upgrade' + ++n;
    let closed = 0;
    const old = await openStore(name, { closed: () => closed++ });
    await old.setMeta('device_id', 'dev-a');
    // a newer app in another tab opens the next version: it is not blocked
    const newer = await openDB(name, DB_VERSION + 1);
    expect(closed).toBe(1);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(await newer.get('meta', 'device_id')).toBe('dev-a');
    newer.close();
  });

  it('waits, and says so, while an older tab keeps the database open', async () => {
    const name = 'upgrade' + ++n;
    await versionOne(name, 'u1');
    const stubborn = await openDB(name, 1); // an old app that never closes by itself
    let blocked = 0;
    const opening = openStore(name, { blocked: () => blocked++ });
    await new Promise((r) => setTimeout(r, 50));
    expect(blocked).toBe(1);
    stubborn.close(); // the person closes the old tab
    const store = await opening;
    expect(store.db.version).toBe(DB_VERSION);
    expect(await store.outbox()).toHaveLength(3);
    store.close();
  });
});
