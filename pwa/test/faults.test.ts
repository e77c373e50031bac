// The browser side is not driven end to end: headless Debian Chromium ignored
// CDP's Storage.overrideQuotaForOrigin here (the quota stayed at its default and
// writes went through), and a real full disk needs a mount the CI runner lacks.
import { describe, expect, it } from 'vitest';
import { isQuotaError, watchFaults } from '../src/faults';

describe('isQuotaError', () => {
  it.each([
    ['a QuotaExceededError', new DOMException('full', 'QuotaExceededError'), true],
    ['an aborted transaction caused by it', { name: 'AbortError', error: new DOMException('full', 'QuotaExceededError') }, true],
    ['an error whose cause is it', new Error('write failed', { cause: new DOMException('full', 'QuotaExceededError') }), true],
    ['another DOMException', new DOMException('gone', 'NotFoundError'), false],
    ['an aborted transaction for another reason', { name: 'AbortError', error: new DOMException('c', 'ConstraintError') }, false],
    ['a string', 'QuotaExceededError', false],
    ['nothing', undefined, false],
  ])('%s', (_, e, want) => {
    expect(isQuotaError(e)).toBe(want);
  });
});

describe('watchFaults', () => {
  let shown: string | null = null;
  function fire(reason: unknown) {
    const listeners: ((ev: PromiseRejectionEvent) => void)[] = [];
    watchFaults((text) => (shown = text), { addEventListener: ((_: string, f: (ev: PromiseRejectionEvent) => void) => listeners.push(f)) as Window['addEventListener'] });
    let prevented = false;
    const ev = { reason, preventDefault: () => (prevented = true) } as unknown as PromiseRejectionEvent;
    for (const f of listeners) f(ev);
    return prevented;
  }
  it('says the storage is full when a write is refused for room', () => {
    shown = null;
    expect(fire(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(shown).toContain('Bộ nhớ của máy đã đầy');
  });
  it('leaves other failures alone', () => {
    shown = null;
    expect(fire(new Error('boom'))).toBe(false);
    expect(shown).toBeNull();
  });
});
