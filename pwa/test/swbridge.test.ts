// The update path (sw-bridge.ts) with a fake service-worker container: a new
// version is announced, applied only when it controls the page, and a forced
// update (426) is bounded and says when there is no network.
import { describe, expect, it } from 'vitest';
import { SwBridge, type UpdateState } from '../src/sw-bridge';

class FakeWorker {
  state = 'installing';
  posted: unknown[] = [];
  private fs: Array<() => void> = [];
  constructor(private onMessage: (w: FakeWorker, m: unknown) => void = () => {}) {}
  postMessage(m: unknown) {
    this.posted.push(m);
    this.onMessage(this, m);
  }
  addEventListener(_t: 'statechange', f: () => void) {
    this.fs.push(f);
  }
  set(state: string) {
    this.state = state;
    for (const f of this.fs) f();
  }
}

class FakeReg {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  updates = 0;
  private found: Array<() => void> = [];
  /** What update() does: here, nothing new on the server. */
  onUpdate: () => Promise<void> = async () => {};
  async update() {
    this.updates++;
    await this.onUpdate();
  }
  addEventListener(_t: 'updatefound', f: () => void) {
    this.found.push(f);
  }
  /** The server has a new version: it installs, then waits. */
  newVersion(c: FakeContainer, takesOver = true) {
    const w = new FakeWorker((me, m) => {
      if (takesOver && (m as { type?: string }).type === 'SKIP_WAITING')
        setTimeout(() => {
          this.waiting = null;
          me.set('activated');
          c.changeController(me);
        }, 20);
    });
    this.installing = w;
    for (const f of this.found) f();
    setTimeout(() => {
      this.installing = null;
      this.waiting = w;
      w.set('installed');
    }, 20);
    return w;
  }
}

class FakeContainer {
  controller: unknown = {};
  reg = new FakeReg();
  private fs: Array<() => void> = [];
  async register() {
    return this.reg;
  }
  addEventListener(_t: 'controllerchange', f: () => void) {
    this.fs.push(f);
  }
  changeController(w: unknown) {
    this.controller = w;
    for (const f of this.fs) f();
  }
}

function setup(opts: { online?: boolean } = {}) {
  const c = new FakeContainer();
  const states: UpdateState[] = [];
  let reloads = 0;
  let online = opts.online ?? true;
  const b = new SwBridge(c, { reload: () => reloads++, onState: (s) => states.push(s), online: () => online, waitMs: 300, pauseMs: 10, tries: 3 });
  return { c, b, states, reloads: () => reloads, setOnline: (v: boolean) => (online = v) };
}

describe('service worker bridge', () => {
  it('announces a new version once it is installed and waiting, and applies it only when asked', async () => {
    const s = setup();
    await s.b.start();
    expect(s.states).toEqual([]);
    s.c.reg.onUpdate = async () => void s.c.reg.newVersion(s.c);
    await s.b.check();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.states).toEqual(['ready']);
    expect(s.reloads()).toBe(0); // nothing swapped under the person's hands
    expect(await s.b.apply()).toBe(true);
    expect(s.reloads()).toBe(1);
  });

  it('on 426 reloads only after the new worker controls the page', async () => {
    const s = setup();
    await s.b.start();
    let w: FakeWorker | null = null;
    s.c.reg.onUpdate = async () => void (w = s.c.reg.newVersion(s.c));
    const done = s.b.updateNow();
    await new Promise((r) => setTimeout(r, 30)); // installed, asked to take over, not yet in control
    expect(w!.posted).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(s.reloads()).toBe(0);
    expect(await done).toBe('updating');
    expect(s.c.controller).toBe(w);
    expect(s.reloads()).toBe(1);
  });

  it('does not reload when the new worker never takes over', async () => {
    const s = setup();
    await s.b.start();
    s.c.reg.onUpdate = async () => {
      if (!s.c.reg.waiting) s.c.reg.newVersion(s.c, false);
    };
    expect(await s.b.updateNow()).toBe('failed');
    expect(s.reloads()).toBe(0);
  });

  it('gives up after a bounded number of tries when the server has no newer app', async () => {
    const s = setup();
    await s.b.start();
    expect(await s.b.updateNow()).toBe('failed');
    expect(s.c.reg.updates).toBe(3);
    expect(s.reloads()).toBe(0);
    expect(s.states).toEqual(['failed']);
  });

  it('says so when offline, without reloading', async () => {
    const s = setup({ online: false });
    await s.b.start();
    expect(await s.b.updateNow()).toBe('offline');
    const t = setup();
    await t.b.start();
    t.c.reg.onUpdate = async () => {
      t.setOnline(false);
      throw new TypeError('Failed to fetch');
    };
    expect(await t.b.updateNow()).toBe('offline');
    expect(s.reloads() + t.reloads()).toBe(0);
  });
});
