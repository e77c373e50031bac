// The sync client: pushes the outbox in batches, then pulls pages until
// `more` is false (CONTRACT.md, Push and Pull). The screens only read the
// store and call SyncClient.run(); they never talk to /api/sync themselves.
import { Api, ApiError, NetworkError } from './api';
import type { Clock } from './hlc';
import type { Change, ChangeRec, Store } from './db';
import { SCHEMA_VERSION } from './schema';
import { t } from './i18n';
import type { Fields } from './validate';

export interface PushResult {
  id: string;
  status: 'applied' | 'duplicate' | 'superseded' | 'rejected';
  error?: { code: string; field?: string; message?: string };
}

export interface PullRow {
  entity: string;
  row_id: string;
  fields: Fields;
  deleted: boolean;
  seq: number;
}

export type SyncEvent =
  | { type: 'clock_wrong'; skewMs: number }
  | { type: 'rejected'; count: number }
  | { type: 'reset' }
  | { type: 'account_disabled' }
  | { type: 'needs_login' }
  | { type: 'client_too_old' }
  | { type: 'rate_limited'; retryAfter?: number }
  | { type: 'unavailable' }
  | { type: 'offline' }
  | { type: 'error'; code: string; message: string }
  | { type: 'pull_progress'; stored: number; total: number; more: boolean };

type PullPage = { rows: PullRow[]; cursor: string; more: boolean; server_time: string };

export interface SyncOutcome {
  ok: boolean;
  pushed: number;
  rejected: number;
  pulled: number;
  error?: string;
}

export interface SyncOptions {
  batchSize?: number;
  pageLimit?: number;
  maxRounds?: number;
}

const strip = (c: ChangeRec): Change => ({ id: c.id, entity: c.entity, row_id: c.row_id, op: c.op, fields: c.fields, hlc: c.hlc });

export class SyncClient {
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  batchSize: number;
  pageLimit: number;
  maxRounds: number;

  constructor(
    private store: Store,
    private api: Api,
    private clock: Clock,
    private userId: () => string | null,
    private onEvent: (e: SyncEvent) => void = () => {},
    opts: SyncOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.pageLimit = opts.pageLimit ?? 1000;
    this.maxRounds = opts.maxRounds ?? 1000;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs one sync (push, then pull). Concurrent calls share the run; a call during a run queues one more. */
  run(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let out: SyncOutcome;
      do {
        this.again = false;
        out = await this.once();
      } while (this.again && out.ok);
      return out;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private anchor(serverTime: unknown): number | null {
    if (typeof serverTime !== 'string') return null;
    const skew = this.clock.anchor(serverTime);
    void this.store.setMeta('hlc', this.clock.state);
    return skew;
  }

  private async once(): Promise<SyncOutcome> {
    const out: SyncOutcome = { ok: false, pushed: 0, rejected: 0, pulled: 0 };
    const uid = this.userId();
    if (!uid) return { ...out, error: 'no_session' };
    try {
      await this.push(uid, out);
      await this.pull(out);
      out.ok = true;
      await this.store.setMeta('last_sync', Date.now());
      await this.store.delMeta('sync_error');
    } catch (e) {
      out.error = await this.handle(e);
      await this.store.setMeta('sync_error', out.error);
    }
    if (out.rejected) this.onEvent({ type: 'rejected', count: out.rejected });
    return out;
  }

  private async handle(e: unknown): Promise<string> {
    if (e instanceof NetworkError) {
      this.onEvent({ type: 'offline' });
      return 'offline';
    }
    if (e instanceof ApiError) {
      switch (e.code) {
        case 'account_disabled':
          await this.store.clearPulled(); // the outbox stays, for export
          this.onEvent({ type: 'account_disabled' });
          break;
        case 'unauthorized':
          this.onEvent({ type: 'needs_login' });
          break;
        case 'forbidden':
          // the push's device is not the session's: only a new login fixes it
          this.onEvent({ type: 'needs_login' });
          break;
        case 'client_too_old':
          this.onEvent({ type: 'client_too_old' });
          break;
        case 'rate_limited':
          this.onEvent({ type: 'rate_limited', retryAfter: e.retryAfter });
          break;
        case 'unavailable':
          this.onEvent({ type: 'unavailable' });
          break;
        default:
          this.onEvent({ type: 'error', code: e.code, message: e.message });
      }
      return e.code;
    }
    this.onEvent({ type: 'error', code: 'internal', message: String(e) });
    return 'internal';
  }

  private async push(uid: string, out: SyncOutcome): Promise<void> {
    let size = this.batchSize;
    let clockRounds = 0;
    for (let round = 0; round < this.maxRounds; round++) {
      const waiting = await this.store.pending(uid, size);
      if (!waiting.length) return;
      // one push per schema_version: changes made before an app update go
      // under the version they were made at, and the server maps them
      const version = waiting[0].schema_version ?? SCHEMA_VERSION;
      const cut = waiting.findIndex((c) => (c.schema_version ?? SCHEMA_VERSION) !== version);
      const batch = cut < 0 ? waiting : waiting.slice(0, cut);
      let res: { results: PushResult[]; server_time: string };
      try {
        res = await this.api.json('POST', '/api/sync/push', {
          device_id: this.clock.deviceId,
          schema_version: version,
          changes: batch.map(strip),
        });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'too_large' && size > 1) {
          size = Math.max(1, Math.floor(size / 2));
          continue;
        }
        if (e instanceof ApiError && e.code === 'client_too_old' && version < SCHEMA_VERSION) {
          // made by an older app, past the server's window: they wait for a
          // review (sent again under this version) and block nothing else
          for (const c of batch) await this.store.reject(c.id, { code: 'client_too_old', message: t('old_version_rejected') });
          out.rejected += batch.length;
          continue;
        }
        throw e;
      }
      const skew = this.anchor(res.server_time);
      const acks: string[] = [];
      const restamp: string[] = [];
      const byId = new Map(res.results.map((r) => [r.id, r]));
      for (let i = 0; i < batch.length; i++) {
        const c = batch[i];
        const r = res.results[i]?.id === c.id ? res.results[i] : byId.get(c.id);
        if (!r) continue; // no answer for it: it stays pending and goes again
        if (r.status === 'applied' || r.status === 'duplicate' || r.status === 'superseded') {
          acks.push(c.id);
          this.clock.acknowledged(c.hlc);
        }
        else if (r.status === 'rejected') {
          if (r.error?.code === 'clock_ahead') restamp.push(c.id);
          else {
            await this.store.reject(c.id, r.error ?? { code: 'invalid_value' });
            out.rejected++;
          }
        }
      }
      await this.store.ack(acks);
      await this.store.setMeta('hlc', this.clock.state);
      out.pushed += acks.length;
      if (restamp.length) {
        this.onEvent({ type: 'clock_wrong', skewMs: skew ?? 0 });
        this.clock.rewind();
        for (const id of restamp) await this.store.restamp(id, this.clock);
        if (++clockRounds > 3) throw new ApiError(200, 'clock_ahead', 'clock still ahead after re-anchoring');
        continue; // resend at once
      }
      if (waiting.length < size && cut < 0) return;
    }
  }

  private page(cursor: string | undefined): Promise<PullPage> {
    const q = new URLSearchParams();
    if (cursor !== undefined && cursor !== null && cursor !== '') q.set('cursor', cursor);
    q.set('limit', String(this.pageLimit));
    q.set('schema_version', String(SCHEMA_VERSION));
    return this.api.json('GET', '/api/sync/pull?' + q.toString());
  }

  /**
   * Pulls pages until `more` is false. The next page is asked for while this
   * one is stored, and a page is handed to the store while the one before
   * still commits (at most two in flight). Each page's cursor is saved with
   * its rows, in the same transaction, and only after the page before was
   * stored (Store.applyPulled checks it): a pull cut off anywhere resumes
   * from the last stored page and neither loses nor repeats rows.
   *
   * A pull of more than one page tells its progress: rows stored, and an
   * estimate of the total (the answer has none: one more page while `more`).
   */
  private async pull(out: SyncOutcome): Promise<void> {
    let resets = 0;
    let stored = 0;
    let pages = 0;
    let asked: string | undefined;
    let next: Promise<PullPage> | null = null;
    let storing: { done: Promise<void>; rows: number; more: boolean } | null = null;
    const settle = async () => {
      if (!storing) return;
      const s = storing;
      storing = null;
      await s.done;
      stored += s.rows;
      out.pulled += s.rows;
      pages++;
      if (s.more || pages > 1) this.onEvent({ type: 'pull_progress', stored, total: s.more ? stored + this.pageLimit : stored, more: s.more });
    };
    for (let round = 0; round < this.maxRounds; round++) {
      let res: PullPage;
      try {
        if (!next) {
          await settle();
          asked = (await this.store.getMeta<string>('cursor')) ?? undefined;
          next = this.page(asked);
        }
        res = await next;
      } catch (e) {
        next = null;
        await settle();
        if (e instanceof ApiError && e.code === 'reset_required' && resets < 2) {
          resets++;
          stored = pages = 0;
          await this.store.clearPulled();
          this.onEvent({ type: 'reset' });
          continue;
        }
        throw e;
      }
      next = res.more ? this.page(res.cursor) : null;
      next?.catch(() => undefined); // met when awaited
      this.anchor(res.server_time);
      const done = this.store.applyPulled(res.rows, res.cursor, { cursor: asked });
      done.catch(() => undefined); // met in settle()
      await settle(); // the page before: when it failed, this one aborts itself
      storing = { done, rows: res.rows.length, more: res.more };
      asked = res.cursor;
      if (!res.more) break;
    }
    await settle();
  }
}
