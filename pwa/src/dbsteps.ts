// The IndexedDB versions of the local store (db.ts opens the database with them).
import type { IDBPTransaction } from 'idb';
import type { DB } from './db';
import type { ChangeRec } from './rows';

type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/**
 * The database's versions. STEPS[i] upgrades version i to i + 1 (STEPS[0]
 * makes a new phone's database). A phone that skipped releases runs every
 * step it missed, in order, in the one upgrade transaction. A step may add
 * stores and indexes and rewrite records; it never deletes the outbox or the
 * pulled rows. A release that needs a change adds a step at the end.
 */
export const STEPS: Array<(db: DB, tx: UpgradeTx) => Promise<void> | void> = [
  // 1: rows, outbox and meta
  (db) => {
    const rows = db.createObjectStore('rows', { keyPath: 'key' });
    rows.createIndex('entity', 'entity');
    rows.createIndex('entity_club', ['entity', 'club_id']);
    const out = db.createObjectStore('outbox', { keyPath: 'n', autoIncrement: true });
    out.createIndex('id', 'id', { unique: true });
    out.createIndex('row', ['entity', 'row_id']);
    db.createObjectStore('meta');
  },
  // 2: each unsent change keeps the schema_version it was made at (those of
  // version 1 databases were all made at 1), so that after an app update it
  // is still pushed under that version and mapped by the server.
  async (_db, tx) => {
    let cur = await tx.objectStore('outbox').openCursor();
    while (cur) {
      const c = cur.value as ChangeRec;
      if (c.schema_version === undefined) await cur.update({ ...c, schema_version: 1 });
      cur = await cur.continue();
    }
  },
];
// The upgrade test (e2e/upgrade_test.go) builds a next release with one more
// step; a normal build has none of this.
if (__NEXT_RELEASE__) {
  STEPS.push((_db, tx) => {
    tx.objectStore('outbox').createIndex('schema_version', 'schema_version');
  });
}

