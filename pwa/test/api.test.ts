import { describe, expect, it } from 'vitest';
import { Api, sessionFrom } from '../src/api';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
import { FakeServer, MemHolder } from './fakeserver';

describe('api bodies', () => {
  it('sends a file as it is, with its own type, and JSON as JSON', async () => {
    const seen: Array<{ ct: string | undefined; body: unknown }> = [];
    const holder = new MemHolder(sessionFrom(new FakeServer().loginAnswer()));
    const api = new Api('', holder, async (_u, init) => {
      seen.push({ ct: (init?.headers as Record<string, string>)['Content-Type'], body: init?.body });
      return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const file = new Blob([new Uint8Array([0x50, 0x4b, 3, 4])], { type: XLSX_TYPE });
    await api.json('POST', '/api/imports?kind=members&club_id=x', file);
    await api.json('POST', '/api/x', { a: 1 });
    expect(seen[0].ct).toBe(XLSX_TYPE);
    expect(seen[0].body).toBe(file);
    expect(seen[1]).toEqual({ ct: 'application/json', body: '{"a":1}' });
  });
});
