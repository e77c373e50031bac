// Shared reads of the plan-management screens: the officer's commune and its
// clubs and villages on this phone.
import { communeId, rows } from '../../app';
export { deleteRow } from '../../actions';
import { byName } from '../../ui';
import type { RowRec } from '../../db';

export interface CommuneData {
  com: string | null;
  clubs: RowRec[];
  villages: RowRec[];
}

export async function communeData(): Promise<CommuneData> {
  const com = await communeId();
  const [clubs, villages] = await Promise.all([rows('club'), rows('village')]);
  return {
    com,
    clubs: clubs.filter((c) => c.fields.commune_id === com).sort(byName),
    villages: villages.filter((v) => v.fields.commune_id === com).sort(byName),
  };
}

/** Rows of an entity placed in the commune's clubs. */
export async function clubRows(ent: string, clubs: RowRec[]): Promise<RowRec[]> {
  const ids = new Set(clubs.map((c) => c.id));
  return (await rows(ent)).filter((r) => ids.has(String(r.fields.club_id)));
}

export const names = (list: RowRec[]) => new Map(list.map((r) => [r.id, String(r.fields.full_name ?? r.fields.name ?? '')]));

/** Newest first by a date field. */
export const byDateDesc = (f: string) => (a: RowRec, b: RowRec) => String(b.fields[f] ?? '').localeCompare(String(a.fields[f] ?? ''));

