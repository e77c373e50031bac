// Hybrid logical clock, CONTRACT.md: `<13-digit ms>-<4 hex counter>-<device id>`,
// compared as strings. The wall part follows the server's clock: every answer's
// server_time re-anchors the offset, so a phone with a wrong clock still stamps
// sensible times.

export const HLC_RE = /^[0-9]{13}-[0-9a-f]{4}-[0-9a-z-]{1,64}$/;

export interface HlcState {
  wall: number; // last issued wall time (ms)
  counter: number; // last issued counter
  offset: number; // server time - local time, ms
  acked?: string; // greatest HLC of this device that the server acknowledged
}

export class Clock {
  state: HlcState;
  constructor(public readonly deviceId: string, state?: Partial<HlcState>, private readonly localNow: () => number = Date.now) {
    if (!/^[0-9a-z-]{1,64}$/.test(deviceId)) throw new Error('bad device id for HLC');
    this.state = { wall: 0, counter: 0, offset: 0, ...state };
  }

  /** Server-corrected current time in ms. */
  now(): number {
    return this.localNow() + this.state.offset;
  }

  /** Issues a new HLC, strictly greater than every one issued before by this clock. */
  next(): string {
    const pt = Math.floor(this.now());
    const s = this.state;
    if (pt > s.wall) {
      s.wall = pt;
      s.counter = 0;
    } else {
      s.counter++;
      if (s.counter > 0xffff) {
        s.wall++;
        s.counter = 0;
      }
    }
    return format(s.wall, s.counter, this.deviceId);
  }

  /** Re-anchors on a server_time (`2026-01-01T00:00:00.000Z`). Returns the skew in ms (server - phone). */
  anchor(serverTime: string): number | null {
    const t = Date.parse(serverTime);
    if (Number.isNaN(t)) return null;
    this.state.offset = t - this.localNow();
    return this.state.offset;
  }

  /**
   * After a clock_ahead answer: HLCs issued while the phone's clock ran ahead
   * were refused and are re-stamped, so the wall time may come back to the
   * server's time (later HLCs would otherwise stay in the future forever).
   */
  rewind(): void {
    const now = Math.floor(this.now());
    if (this.state.wall > now + 60_000) {
      // never below an HLC the server already holds from this device, so a
      // later edit still wins over an earlier one
      const a = this.state.acked ? parseHlc(this.state.acked) : null;
      if (a && a.wall >= now) {
        this.state.wall = a.wall;
        this.state.counter = a.counter;
      } else {
        this.state.wall = now;
        this.state.counter = 0;
      }
    }
  }

  /** Remembers an HLC of this device that the server acknowledged. */
  acknowledged(hlc: string): void {
    if (hlc.endsWith('-' + this.deviceId) && (!this.state.acked || hlc > this.state.acked)) this.state.acked = hlc;
  }

  /** Takes a remote HLC into account so later local HLCs sort after it. */
  observe(hlc: string): void {
    const p = parseHlc(hlc);
    if (!p) return;
    // only follow remote times that are not far ahead of our corrected clock
    if (p.wall > this.state.wall && p.wall <= this.now() + 60_000) {
      this.state.wall = p.wall;
      this.state.counter = p.counter;
    }
  }
}

export function format(wall: number, counter: number, device: string): string {
  return `${String(wall).padStart(13, '0')}-${counter.toString(16).padStart(4, '0')}-${device}`;
}

export function parseHlc(h: string): { wall: number; counter: number; device: string } | null {
  if (!HLC_RE.test(h)) return null;
  return { wall: Number(h.slice(0, 13)), counter: parseInt(h.slice(14, 18), 16), device: h.slice(19) };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a change stamped (hlc, id) wins a field last written by `b`: the
 * greater HLC, and between equal HLCs the greater change id (the server's
 * rule, sync/hlc.go; golden cases in sync/testdata/hlc.json).
 */
export function stampWins(a: { hlc: string; id: string }, b: { hlc: string; id: string }): boolean {
  const cmp = compareHlc(a.hlc, b.hlc);
  return cmp > 0 || (cmp === 0 && a.id > b.id);
}
