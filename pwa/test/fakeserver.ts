// A small in-memory stand-in for the server's /api, enough for the sync client's tests.
import type { FetchFn, LoginAnswer, Session, SessionHolder } from '../src/api';

export interface FakeChange { id: string; entity: string; row_id: string; op: string; fields: Record<string, unknown>; hlc: string }

export class FakeServer {
  rows = new Map<string, { entity: string; row_id: string; fields: Record<string, unknown>; deleted: boolean; seq: number }>();
  log = new Set<string>();
  seq = 0;
  now = Date.UTC(2026, 0, 15, 3, 0, 0);
  access = 'a1';
  refreshTok = 'r1';
  /** hooks: return a Response to override the normal answer */
  hook: ((path: string, body: any) => Response | null) | null = null;
  rejectWhen: ((c: FakeChange) => { code: string; field?: string } | null) | null = null;
  pushes: FakeChange[][] = [];
  maxPush = 1000;
  resetOnce = false;
  disabled = false;
  refreshFails = false;

  json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
  }
  err(status: number, code: string): Response {
    return this.json(status, { error: { code, message: code } });
  }
  serverTime(): string {
    return new Date(this.now).toISOString();
  }

  fetch: FetchFn = async (url, init) => {
    const u = new URL(url, 'http://x');
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const h = this.hook?.(u.pathname, body);
    if (h) return h;
    const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
    if (u.pathname === '/api/auth/login') {
      if (body.password !== 'demo-2026') return this.err(401, 'unauthorized');
      return this.json(200, this.loginAnswer());
    }
    if (u.pathname === '/api/auth/refresh') {
      if (this.refreshFails || body.refresh_token !== this.refreshTok) return this.err(401, 'unauthorized');
      this.access = 'a' + Math.random();
      this.refreshTok = 'r' + Math.random();
      return this.json(200, this.loginAnswer());
    }
    if (this.disabled) return this.err(401, 'account_disabled');
    if (auth !== `Bearer ${this.access}`) return this.err(401, 'unauthorized');
    if (u.pathname === '/api/sync/push') {
      if (body.changes.length > this.maxPush) return this.err(413, 'too_large');
      this.pushes.push(body.changes);
      const results = body.changes.map((c: FakeChange) => {
        const wall = Number(c.hlc.slice(0, 13));
        if (wall > this.now + 600_000) return { id: c.id, status: 'rejected', error: { code: 'clock_ahead', field: 'hlc', message: 'clock' } };
        if (this.log.has(c.id)) return { id: c.id, status: 'duplicate' };
        const rej = this.rejectWhen?.(c);
        if (rej) return { id: c.id, status: 'rejected', error: { ...rej, message: rej.code } };
        this.log.add(c.id);
        const k = c.entity + ':' + c.row_id;
        const prev = this.rows.get(k);
        if (c.op === 'delete') {
          if (!prev || prev.deleted) return { id: c.id, status: 'superseded' };
          this.rows.set(k, { ...prev, deleted: true, fields: {}, seq: ++this.seq });
          return { id: c.id, status: 'applied' };
        }
        if (prev?.deleted) return { id: c.id, status: 'superseded' };
        this.rows.set(k, { entity: c.entity, row_id: c.row_id, fields: { ...(prev?.fields ?? {}), ...c.fields }, deleted: false, seq: ++this.seq });
        return { id: c.id, status: 'applied' };
      });
      return this.json(200, { results, server_time: this.serverTime() });
    }
    if (u.pathname === '/api/sync/pull') {
      if (this.resetOnce && u.searchParams.get('cursor')) {
        this.resetOnce = false;
        return this.err(409, 'reset_required');
      }
      const cur = Number(u.searchParams.get('cursor') ?? '0');
      const limit = Number(u.searchParams.get('limit') ?? '500');
      const all = [...this.rows.values()].filter((r) => r.seq > cur).sort((a, b) => a.seq - b.seq);
      const page = all.slice(0, limit);
      return this.json(200, {
        rows: page.map((r) => ({ entity: r.entity, row_id: r.row_id, fields: r.fields, deleted: r.deleted, seq: r.seq })),
        cursor: String(page.length ? page[page.length - 1].seq : cur),
        more: all.length > limit,
        server_time: this.serverTime(),
      });
    }
    return this.err(404, 'not_found');
  };

  loginAnswer(): LoginAnswer {
    return {
      access_token: this.access,
      refresh_token: this.refreshTok,
      expires_in: 900,
      user: { id: 'u1', username: 'bcn1', full_name: 'BCN 1', role: 'club_board' as const, commune_id: 'c1', club_ids: ['k1'] },
    };
  }
}

export class MemHolder implements SessionHolder {
  lostCode: string | null = null;
  constructor(public s: Session | null) {}
  get() { return this.s; }
  async save(s: Session) { this.s = s; }
  async lost(code: string) { this.lostCode = code; }
}
