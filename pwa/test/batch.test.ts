import { describe, expect, it } from 'vitest';
import { openStore } from '../src/db';
import { Clock } from '../src/hlc';
import { saveRows, type RowWrite } from '../src/batch';
import { attendanceId, uuidv7 } from '../src/uuid';

const CLUB = '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a60';
const MEMBERS = ['0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a61', '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a62', '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a63'];
let dbn = 0;

function meetingWrites(mid: string, present: boolean[]): RowWrite[] {
  return [
    { entity: 'meeting', id: mid, fields: { club_id: CLUB, held_on: '2026-11-08', areas: ['health'], topics: [] } },
    ...MEMBERS.map((m, i) => ({ entity: 'attendance', id: attendanceId(mid, m), fields: { club_id: CLUB, meeting_id: mid, member_id: m, present: present[i] } })),
  ];
}

describe('a step that writes several rows', () => {
  it('writes the meeting and every attendance row in one go; saving it again unchanged writes nothing', async () => {
    const store = await openStore('batch' + ++dbn);
    const clock = new Clock('dev-a', {});
    const mid = uuidv7();
    const r = await saveRows(store, clock, 'u1', meetingWrites(mid, [true, false, true]));
    expect(r).toEqual({ ids: [mid, ...MEMBERS.map((m) => attendanceId(mid, m))], written: 4 });
    expect((await store.counts('u1')).pending).toBe(4);
    expect((await store.list('attendance', CLUB)).filter((a) => a.fields.present === true)).toHaveLength(2);
    const again = await saveRows(store, clock, 'u1', meetingWrites(mid, [true, false, true]));
    expect(again).toMatchObject({ written: 0 });
    expect((await store.counts('u1')).pending).toBe(4);
    // one member's presence changed: one change, with only that field
    const third = await saveRows(store, clock, 'u1', meetingWrites(mid, [true, true, true]));
    expect(third).toMatchObject({ written: 1 });
    const last = (await store.outbox()).at(-1)!;
    expect(last.fields).toEqual({ present: true });
  });

  it('one invalid row: nothing of the step is written', async () => {
    const store = await openStore('batch' + ++dbn);
    const clock = new Clock('dev-a', {});
    const mid = uuidv7();
    const writes = meetingWrites(mid, [true, true, true]);
    writes[3] = { ...writes[3], fields: { ...writes[3].fields, present: 'có' } };
    const r = await saveRows(store, clock, 'u1', writes);
    expect(r).toMatchObject({ error: { code: 'invalid_value', field: 'present', entity: 'attendance', index: 3 } });
    expect((await store.counts('u1')).pending).toBe(0);
    expect(await store.get('meeting', mid)).toBeUndefined();
    expect(await store.list('attendance', CLUB)).toHaveLength(0);
  });

  it('new rows get new ids (a fee round)', async () => {
    const store = await openStore('batch' + ++dbn);
    const clock = new Clock('dev-a', {});
    const r = await saveRows(store, clock, 'u1', MEMBERS.map((m) => ({ entity: 'fund_entry', id: null, fields: { club_id: CLUB, fund: 'activity', member_id: m, entry_on: '2026-11-08', kind: 'contribution', amount_vnd: 20000 } })));
    expect('ids' in r && new Set(r.ids).size).toBe(3);
    expect(await store.list('fund_entry', CLUB)).toHaveLength(3);
  });
});
