// The page's side of the service worker (as squoosh's sw-bridge), following
// vite-plugin-pwa's "prompt for update" pattern: a new version installs and
// waits; the app shows it as ready and applies it when the person agrees (or
// when the server answered 426 client_too_old), at a moment the app chooses.
// Applying = ask the waiting worker to take over, wait until it controls the
// page, then reload: reloading earlier would bring the old app back.

export interface WorkerLike {
  state: string;
  postMessage(m: unknown): void;
  addEventListener(type: 'statechange', f: () => void): void;
}

export interface RegistrationLike {
  installing: WorkerLike | null;
  waiting: WorkerLike | null;
  update(): Promise<unknown>;
  addEventListener(type: 'updatefound', f: () => void): void;
}

export interface ContainerLike {
  controller: unknown;
  register(url: string, opts: { scope: string }): Promise<RegistrationLike>;
  addEventListener(type: 'controllerchange', f: () => void): void;
}

/** ready: a new version waits; offline / failed: a forced update could not be fetched. */
export type UpdateState = 'idle' | 'ready' | 'updating' | 'offline' | 'failed';

export interface BridgeOptions {
  reload: () => void;
  onState: (s: UpdateState) => void;
  online?: () => boolean;
  /** How long to wait for a new worker to install, then to take over (each try). */
  waitMs?: number;
  /** Tries of a forced update (after 426), with pauses of pauseMs × try between them. */
  tries?: number;
  pauseMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SwBridge {
  reg: RegistrationLike | null = null;
  private waitMs: number;
  private tries: number;
  private pauseMs: number;
  private online: () => boolean;
  private controllerChanged: Array<() => void> = [];

  constructor(private c: ContainerLike | undefined, private o: BridgeOptions) {
    this.waitMs = o.waitMs ?? 30_000;
    this.tries = o.tries ?? 3;
    this.pauseMs = o.pauseMs ?? 5_000;
    this.online = o.online ?? (() => navigator.onLine);
  }

  /** Registers the worker and reports a version that is (or becomes) ready. */
  async start(url = '/sw.js'): Promise<void> {
    if (!this.c) return;
    this.c.addEventListener('controllerchange', () => {
      for (const f of this.controllerChanged.splice(0)) f();
    });
    const reg = await this.c.register(url, { scope: '/' });
    this.reg = reg;
    // with no controller a worker's install is the first: nothing to announce
    const watch = (w: WorkerLike | null) =>
      w?.addEventListener('statechange', () => {
        if (w.state === 'installed' && this.c?.controller) this.o.onState('ready');
      });
    if (reg.waiting && this.c.controller) this.o.onState('ready');
    watch(reg.installing); // found by the page's own navigation
    reg.addEventListener('updatefound', () => watch(reg.installing));
  }

  /** Looks for a new version (the periodic check); no network is not an error. */
  async check(): Promise<void> {
    try {
      await this.reg?.update();
    } catch {
      /* offline: the next check */
    }
  }

  /** A worker that finished installing and waits, within waitMs. */
  private async waiting(): Promise<WorkerLike | null> {
    const reg = this.reg;
    if (!reg) return null;
    if (reg.waiting) return reg.waiting;
    const w = reg.installing;
    if (!w) return null;
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(reg.waiting), this.waitMs);
      w.addEventListener('statechange', () => {
        if (w.state === 'installed' || w.state === 'redundant') {
          clearTimeout(t);
          resolve(reg.waiting);
        }
      });
    });
  }

  /**
   * Applies the waiting version: it takes over, and only once it controls
   * the page does the page reload. False when there is none or it did not
   * take over within waitMs (the page then stays as it is).
   */
  async apply(): Promise<boolean> {
    const w = await this.waiting();
    if (!w) return false;
    const took = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), this.waitMs);
      this.controllerChanged.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
    this.o.onState('updating');
    w.postMessage({ type: 'SKIP_WAITING' });
    if (!(await took)) return false;
    this.o.reload();
    return true;
  }

  /**
   * The server needs a newer app (426): fetch the new version and apply it,
   * a bounded number of times. Answers 'updating' (the page reloads),
   * 'offline' (no network: try again when online) or 'failed'.
   */
  async updateNow(): Promise<UpdateState> {
    if (!this.reg) {
      this.o.onState('failed');
      return 'failed';
    }
    for (let i = 0; i < this.tries; i++) {
      if (i > 0) await sleep(this.pauseMs * i);
      if (!this.online()) {
        this.o.onState('offline');
        return 'offline';
      }
      try {
        await this.reg.update();
      } catch {
        if (!this.online()) {
          this.o.onState('offline');
          return 'offline';
        }
        continue;
      }
      if (await this.apply()) return 'updating';
    }
    this.o.onState('failed');
    return 'failed';
  }
}
