// The changes waiting on this phone, as the screens handle them: count,
// export to a file, import from one, send again after a fix, or discard.
import { bump, clock, session, store, syncSoon } from './app';
import type { Change, ChangeRec } from './db';
import { EXPORT_FORMAT } from './exportfile';
import type { Fields } from './validate';

/** Every change not yet accepted by the server (waiting or rejected). */
export function unsent(): Promise<ChangeRec[]> {
  return store.outbox();
}

/** How many changes wait, are rejected, or belong to another user of this phone. */
export function unsentCounts(userId?: string): ReturnType<typeof store.counts> {
  return store.counts(userId);
}

/** The export file's content: every unsent change, with who and which phone. */
export async function exportBody(): Promise<object> {
  const all = await store.outbox();
  const s = session.value;
  return {
    format: EXPORT_FORMAT,
    version: 1,
    warning: 'Tệp chứa dữ liệu cá nhân và dữ liệu sức khỏe. Không chia sẻ công khai. / Contains personal and health data.',
    exported_at: new Date().toISOString(),
    device_id: clock.deviceId,
    user: s ? { id: s.user.id, username: s.user.username } : null,
    changes: all.map((c): Change => ({ id: c.id, entity: c.entity, row_id: c.row_id, op: c.op, fields: c.fields, hlc: c.hlc })),
  };
}

/** Takes exported changes into this phone's outbox; how many were new. */
export async function importUnsent(changes: Change[]): Promise<number> {
  const n = await store.importChanges(changes, session.value!.user.id);
  bump();
  syncSoon(100);
  return n;
}

/** Sends a rejected change again (with the fixed values of an upsert). */
export async function retryChange(id: string, fields?: Fields): Promise<void> {
  await store.retry(id, clock, fields);
  bump();
  syncSoon(100);
}

export async function discardChange(id: string): Promise<void> {
  await store.discard(id);
  bump();
}
