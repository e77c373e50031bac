// Steps that write several rows (a meeting and its attendance, a fee round,
// the repayments of a meeting) are saved in ONE IndexedDB transaction
// (Store.transact): a phone that dies or a page closed mid-save keeps all of
// the step or none of it. Each row is validated as save() does; the first
// invalid row aborts the whole step.
import type { Clock } from './hlc';
import type { Store } from './db';
import { uuidv7 } from './uuid';
import { normalize, validateUpsert, type FieldError, type Fields } from './validate';

export interface RowWrite {
  entity: string;
  /** null: a new row (UUID v7); otherwise the row to create or change (attendance's derived id…) */
  id: string | null;
  fields: Fields;
}

export type BatchResult = { ids: string[]; written: number } | { error: FieldError & { entity: string; index: number } };

/** Writes the rows (only the fields that differ from the phone's current row) in one transaction. */
export async function saveRows(store: Store, clock: Clock, userId: string, writes: RowWrite[]): Promise<BatchResult> {
  const st: { error: (FieldError & { entity: string; index: number }) | null } = { error: null };
  const out = await store.transact(clock, userId, async (w) => {
    const ids: string[] = [];
    const todo: Array<{ entity: string; id: string; fields: Fields }> = [];
    for (const [index, x] of writes.entries()) {
      const id = x.id ?? uuidv7(clock.now());
      ids.push(id);
      const existing = x.id ? await w.get(x.entity, x.id) : undefined;
      const cur = existing && !existing.deleted ? existing.fields : null;
      const norm = normalize(x.entity, x.fields);
      let changed = norm;
      if (cur) {
        changed = {};
        for (const [k, v] of Object.entries(norm)) if (JSON.stringify(cur[k] ?? null) !== JSON.stringify(v ?? null)) changed[k] = v;
        if (!Object.keys(changed).length) continue;
      }
      const e = validateUpsert(x.entity, id, cur, changed);
      if (e) {
        st.error = { ...e, entity: x.entity, index };
        return null;
      }
      todo.push({ entity: x.entity, id, fields: changed });
    }
    for (const x of todo) await w.write(x.entity, x.id, 'upsert', x.fields);
    return { ids, written: todo.length };
  });
  if (out) return out;
  return { error: st.error ?? { code: 'invalid_value', entity: writes[0]?.entity ?? '', index: 0 } };
}
