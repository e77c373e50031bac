// Local data in IndexedDB (idb). Three stores:
// - rows: every row the phone knows, keyed "entity:id"; `fields` is what the
//   screens show (the server's state with the phone's unsent changes on top),
//   `base` what the server last sent (null for a row only this phone has).
// - outbox: the changes not yet acknowledged, in the order they were made.
// - meta: device id, clock, session, pull cursor, last sync, cached figures.
// Every edit writes its row and its change in ONE transaction (recordChange).
import { openDB, unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Clock } from './hlc';
import { SCHEMA_VERSION } from './schema';
import { uuidv7 } from './uuid';
import type { Fields } from './validate';
import { applyChange, clubOf, pendingByRow, pulledRecords, rowKey, viewRecord, type Change, type ChangeError, type ChangeRec, type PulledRow, type RowRec } from './rows';
import { STEPS } from './dbsteps';

export { rowKey, type Change, type ChangeError, type ChangeRec, type PulledRow, type RowRec };

export type DB = IDBPDatabase<unknown>;
type Tx = IDBPTransaction<unknown, string[], 'readwrite'>;

export const DB_NAME = 'clb-lien-the-he';

/** The database version of this build. */
export const DB_VERSION = STEPS.length;

/** What the app is told when another tab holds or wants the database. */
export interface OpenHooks {
  /** This tab waits: an older tab still has the database open. */
  blocked?: () => void;
  /** A newer tab wants to upgrade: this tab's connection has been closed. */
  closed?: () => void;
}

export async function openStore(name: string = DB_NAME, hooks: OpenHooks = {}, version: number = DB_VERSION): Promise<Store> {
  let store: Store | null = null;
  const db = await openDB(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) await STEPS[v](db, tx);
    },
    blocked: () => hooks.blocked?.(),
    blocking: () => {
      // close at once so the newer tab can upgrade; this tab says so and stops
      if (store) store.close();
      else db.close();
      hooks.closed?.();
    },
    terminated: () => hooks.closed?.(),
  });
  store = new Store(db);
  return store;
}

/** What a function given to Store.transact may do inside the transaction. */
export interface Writer {
  get(entity: string, id: string): Promise<RowRec | undefined>;
  /** Live (not deleted) rows of an entity in one club. */
  list(entity: string, clubId: string): Promise<RowRec[]>;
  /** Writes the row and queues its change (same transaction). */
  write(entity: string, rowId: string, op: 'upsert' | 'delete', fields: Fields): Promise<ChangeRec>;
}

/** A pulled page that was not stored because the page before it was not. */
export class PullOutOfOrder extends Error {
  constructor() { super('pull_out_of_order'); }
}

function abort(tx: Tx): void {
  try {
    tx.abort();
  } catch {
    /* already finished */
  }
}

/** The row and its change, inside the caller's transaction (the outbox helper). */
async function writeChange(tx: Tx, clock: Clock, userId: string, entity: string, rowId: string, op: 'upsert' | 'delete', fields: Fields): Promise<ChangeRec> {
  const key = rowKey(entity, rowId);
  const prev = (await tx.objectStore('rows').get(key)) as RowRec | undefined;
  const change: ChangeRec = {
    id: uuidv7(clock.now()),
    entity,
    row_id: rowId,
    op,
    fields,
    hlc: clock.next(),
    schema_version: SCHEMA_VERSION,
    state: 'pending',
    user_id: userId,
    created_at: Date.now(),
  };
  const view = { fields: prev ? prev.fields : {}, deleted: prev ? prev.deleted : false };
  applyChange(view, change);
  const rec: RowRec = {
    key, entity, id: rowId,
    club_id: clubOf(entity, rowId, view.fields),
    fields: view.fields,
    deleted: view.deleted,
    base: prev ? prev.base : null,
    baseDeleted: prev ? prev.baseDeleted : false,
    updated_at: Date.now(),
  };
  await tx.objectStore('rows').put(rec);
  const n = await tx.objectStore('outbox').add(change);
  change.n = n as number;
  return change;
}

export class Store {
  constructor(public readonly db: DB) {}

  close(): void { this.db.close(); }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', value, key);
  }

  async delMeta(key: string): Promise<void> {
    await this.db.delete('meta', key);
  }

  async get(entity: string, id: string): Promise<RowRec | undefined> {
    return (await this.db.get('rows', rowKey(entity, id))) as RowRec | undefined;
  }

  /** Live rows of an entity (of one club when clubId is given). */
  async list(entity: string, clubId?: string): Promise<RowRec[]> {
    const all = (clubId
      ? await this.db.getAllFromIndex('rows', 'entity_club', [entity, clubId])
      : await this.db.getAllFromIndex('rows', 'entity', entity)) as RowRec[];
    return all.filter((r) => !r.deleted);
  }

  async countRows(): Promise<number> {
    return this.db.count('rows');
  }

  /**
   * Writes a row and its change in one transaction: the row is updated for
   * the screens and the change queued for the server. The HLC is issued and
   * the clock saved in the same transaction.
   */
  async recordChange(clock: Clock, userId: string, entity: string, rowId: string, op: 'upsert' | 'delete', fields: Fields): Promise<ChangeRec> {
    const out = await this.transact(clock, userId, (w) => w.write(entity, rowId, op, fields));
    return out!;
  }

  /**
   * Several writes in ONE transaction (a correction that voids rows and enters
   * them again): each write is a row and its change, as in recordChange, and
   * the changes keep the order of the writes. `fn` may read rows of the same
   * transaction; it must await only IndexedDB (through `w`). When it returns
   * null or throws, the transaction is aborted and nothing is written.
   */
  async transact<T>(clock: Clock, userId: string, fn: (w: Writer) => Promise<T | null>): Promise<T | null> {
    const tx = this.db.transaction(['rows', 'outbox', 'meta'], 'readwrite') as unknown as Tx;
    const w: Writer = {
      get: async (entity, id) => (await tx.objectStore('rows').get(rowKey(entity, id))) as RowRec | undefined,
      list: async (entity, clubId) =>
        ((await tx.objectStore('rows').index('entity_club').getAll([entity, clubId])) as RowRec[]).filter((r) => !r.deleted),
      write: (entity, rowId, op, fields) => writeChange(tx, clock, userId, entity, rowId, op, fields),
    };
    let out: T | null;
    try {
      out = await fn(w);
    } catch (e) {
      abort(tx);
      await tx.done.catch(() => undefined);
      throw e;
    }
    if (out === null) {
      abort(tx);
      await tx.done.catch(() => undefined);
      return null;
    }
    await tx.objectStore('meta').put(clock.state, 'hlc');
    await tx.done;
    return out;
  }

  /** Adds changes made elsewhere (an imported file), keeping their ids and HLCs. Returns how many were new. */
  async importChanges(changes: Change[], userId: string): Promise<number> {
    const tx = this.db.transaction(['rows', 'outbox'], 'readwrite') as unknown as Tx;
    let added = 0;
    for (const c of changes) {
      if (await tx.objectStore('outbox').index('id').get(c.id)) continue;
      const rec: ChangeRec = { id: c.id, entity: c.entity, row_id: c.row_id, op: c.op, fields: c.fields, hlc: c.hlc, schema_version: SCHEMA_VERSION, state: 'pending', user_id: userId, created_at: Date.now() };
      await tx.objectStore('outbox').add(rec);
      await this.rebuildRow(tx, c.entity, c.row_id);
      added++;
    }
    await tx.done;
    return added;
  }

  /** Changes waiting to be sent by this user, oldest first. */
  async pending(userId: string, limit = Infinity): Promise<ChangeRec[]> {
    const out: ChangeRec[] = [];
    let cur = await this.db.transaction('outbox').store.openCursor();
    while (cur && out.length < limit) {
      const c = cur.value as ChangeRec;
      if (c.state === 'pending' && c.user_id === userId) out.push(c);
      cur = await cur.continue();
    }
    return out;
  }

  async outbox(): Promise<ChangeRec[]> {
    return (await this.db.getAll('outbox')) as ChangeRec[];
  }

  async counts(userId?: string): Promise<{ pending: number; rejected: number; other: number }> {
    const all = await this.outbox();
    let pending = 0, rejected = 0, other = 0;
    for (const c of all) {
      if (userId !== undefined && c.user_id !== userId) other++;
      else if (c.state === 'pending') pending++;
      else rejected++;
    }
    return { pending, rejected, other };
  }

  /** Removes acknowledged changes (applied, duplicate, superseded). */
  async ack(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const tx = this.db.transaction('outbox', 'readwrite');
    const idx = tx.store.index('id');
    for (const id of ids) {
      const k = await idx.getKey(id);
      if (k !== undefined) await tx.store.delete(k);
    }
    await tx.done;
  }

  /** Moves a change to "needs attention". */
  async reject(id: string, error: ChangeError): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const c = (await tx.store.index('id').get(id)) as ChangeRec | undefined;
    if (c) {
      c.state = 'rejected';
      c.error = error;
      await tx.store.put(c);
    }
    await tx.done;
  }

  /** New HLC for a change (same change id), after the clock was re-anchored. */
  async restamp(id: string, clock: Clock): Promise<ChangeRec | undefined> {
    const tx = this.db.transaction(['outbox', 'meta'], 'readwrite');
    const store = tx.objectStore('outbox');
    const c = (await store.index('id').get(id)) as ChangeRec | undefined;
    if (c) {
      c.hlc = clock.next();
      await store.put(c);
      await tx.objectStore('meta').put(clock.state, 'hlc');
    }
    await tx.done;
    return c;
  }

  /** Resends a fixed (or unchanged) rejected change: back to pending, with new fields when given. */
  async retry(id: string, clock: Clock, fields?: Fields): Promise<void> {
    const tx = this.db.transaction(['rows', 'outbox', 'meta'], 'readwrite') as unknown as Tx;
    const store = tx.objectStore('outbox');
    const c = (await store.index('id').get(id)) as ChangeRec | undefined;
    if (c) {
      if (fields) c.fields = fields;
      c.state = 'pending';
      c.schema_version = SCHEMA_VERSION; // reviewed in this version of the app
      delete c.error;
      c.hlc = clock.next();
      await store.put(c);
      await tx.objectStore('meta').put(clock.state, 'hlc');
      await this.rebuildRow(tx, c.entity, c.row_id);
    }
    await tx.done;
  }

  /** Discards a change explicitly; the row goes back to the server's state plus the other unsent changes. */
  async discard(id: string): Promise<void> {
    const tx = this.db.transaction(['rows', 'outbox'], 'readwrite') as unknown as Tx;
    const store = tx.objectStore('outbox');
    const k = await store.index('id').getKey(id);
    const c = k !== undefined ? ((await store.get(k)) as ChangeRec) : undefined;
    if (c && k !== undefined) {
      await store.delete(k);
      await this.rebuildRow(tx, c.entity, c.row_id);
    }
    await tx.done;
  }

  /** Recomputes a row's view from its base and its pending changes. */
  private async rebuildRow(tx: Tx, entity: string, id: string): Promise<void> {
    const rows = tx.objectStore('rows');
    const key = rowKey(entity, id);
    const prev = (await rows.get(key)) as RowRec | undefined;
    const changes = (await tx.objectStore('outbox').index('row').getAll([entity, id])) as ChangeRec[];
    const live = pendingByRow(changes).get(key) ?? [];
    const base = prev?.base ?? null;
    if (!base && !live.length) {
      if (prev) await rows.delete(key);
      return;
    }
    const rec = viewRecord(entity, id, base ?? {}, prev?.baseDeleted ?? false, live, Date.now());
    await rows.put({ ...rec, base } satisfies RowRec);
  }

  /**
   * Stores one pulled page and its cursor in ONE transaction: the cursor is
   * never saved without its rows. The records are put at once, before the
   * transaction starts, so that the browser copies this page while the page
   * before still commits. The transaction's first requests read what the
   * page found (the stored cursor, the outbox, its deleted rows); then the
   * rows with unsent changes are put again with those changes on top, and
   * deleted rows with their last base (rows.ts, pulledRecords): a pulled row
   * never hides an unsent change.
   *
   * With `after`, the stored cursor must still be the one this page was
   * asked from (the page before it was stored); otherwise nothing is written
   * and the promise fails with PullOutOfOrder.
   */
  applyPulled(rows: readonly PulledRow[], cursor: string, after?: { cursor: string | undefined }): Promise<void> {
    // pulled rows are the server's: a crash may lose the last pages (with their cursor), so no flush to disk is awaited
    const tx = this.db.transaction(['rows', 'outbox', 'meta'], 'readwrite', { durability: 'relaxed' }) as unknown as Tx;
    const store = tx.objectStore('rows');
    const gone = rows.filter((r) => r.deleted).map((r) => rowKey(r.entity, r.row_id));
    const reads = Promise.all([
      tx.objectStore('meta').get('cursor') as Promise<string | undefined>,
      tx.objectStore('outbox').getAll() as Promise<ChangeRec[]>,
      Promise.all(gone.map((k) => store.get(k) as Promise<RowRec | undefined>)),
    ]);
    const raw = unwrap(store) as IDBObjectStore;
    const now = Date.now();
    try {
      for (const rec of pulledRecords(rows, new Map(), new Map(), now)) raw.put(rec);
      (unwrap(tx.objectStore('meta')) as IDBObjectStore).put(cursor, 'cursor');
    } catch (e) {
      abort(tx); // a row that cannot be stored: none of the page is
      reads.catch(() => undefined);
      tx.done.catch(() => undefined);
      return Promise.reject(e);
    }
    return (async () => {
      const [stored, outbox, prev] = await reads;
      if (after && stored !== after.cursor) {
        abort(tx);
        await tx.done.catch(() => undefined);
        throw new PullOutOfOrder();
      }
      const pending = pendingByRow(outbox);
      const prevBase = new Map(gone.map((k, i) => [k, prev[i]?.base]));
      const again = rows.filter((r) => r.deleted || pending.has(rowKey(r.entity, r.row_id)));
      for (const rec of pulledRecords(again, prevBase, pending, now)) raw.put(rec);
      await tx.done;
    })();
  }

  /**
   * Deletes every pulled row and the cursor, keeping the outbox; rows that
   * unsent changes create or change are rebuilt from the outbox alone.
   */
  async clearPulled(): Promise<void> {
    const tx = this.db.transaction(['rows', 'outbox', 'meta'], 'readwrite') as unknown as Tx;
    await tx.objectStore('rows').clear();
    await tx.objectStore('meta').delete('cursor');
    await tx.objectStore('meta').delete('indicators');
    const changes = (await tx.objectStore('outbox').getAll()) as ChangeRec[];
    const seen = new Set<string>();
    for (const c of changes) {
      const k = rowKey(c.entity, c.row_id);
      if (seen.has(k)) continue;
      seen.add(k);
      await this.rebuildRow(tx, c.entity, c.row_id);
    }
    await tx.done;
  }

  /** Removes everything but the device id and the outbox (logout). */
  async wipeForLogout(keepOutbox: boolean): Promise<void> {
    await this.clearPulled();
    const tx = this.db.transaction(['meta', 'outbox', 'rows'], 'readwrite');
    for (const k of ['session', 'pin', 'last_sync', 'cursor', 'indicators', 'club', 'sync_error'] as const) await tx.objectStore('meta').delete(k);
    if (!keepOutbox) {
      await tx.objectStore('outbox').clear();
      await tx.objectStore('rows').clear();
    }
    await tx.done;
  }
}
