// The file of unsent changes ("Xuất dữ liệu chưa gửi"): the same user or a
// commune officer imports it on another phone, which pushes the changes with
// their own ids and HLCs (so a change already sent is a harmless duplicate).
import type { Change } from './db';
import { HLC_RE } from './hlc';
import { hasEntity } from './schema';
import { UUID_RE } from './uuid';

export const EXPORT_FORMAT = 'clb-lien-the-he/changes';

/** The changes of an exported file, or null when it is not one. */
export function parseExport(text: string): Change[] | null {
  try {
    const j = JSON.parse(text);
    if (!j || j.format !== EXPORT_FORMAT || !Array.isArray(j.changes)) return null;
    const out: Change[] = [];
    for (const c of j.changes) {
      if (
        !c ||
        !UUID_RE.test(c.id) ||
        !hasEntity(c.entity) ||
        !UUID_RE.test(c.row_id) ||
        (c.op !== 'upsert' && c.op !== 'delete') ||
        typeof c.hlc !== 'string' ||
        !HLC_RE.test(c.hlc) ||
        typeof c.fields !== 'object' ||
        c.fields === null ||
        Array.isArray(c.fields)
      )
        return null;
      out.push({ id: c.id, entity: c.entity, row_id: c.row_id, op: c.op, fields: c.fields, hlc: c.hlc });
    }
    return out;
  } catch {
    return null;
  }
}
