// Faults of the phone itself that no screen can prevent: a full storage.
// A write to IndexedDB that the browser refuses rejects with
// QuotaExceededError; without this, the form would simply stay open and the
// user would not know why "Lưu" did nothing.
import { t } from './i18n';

/** Whether an error means the phone has no room left for the app's data. */
export function isQuotaError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const name = (e as { name?: unknown }).name;
  if (name === 'QuotaExceededError') return true;
  // an aborted transaction carries the cause in `error` (idb's tx.done), or `cause`
  const inner = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
  return inner !== e && isQuotaError(inner);
}

/** Shows "storage full" (through show) for any write the browser refused for want of room. */
export function watchFaults(show: (text: string) => void, target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('unhandledrejection', (ev: PromiseRejectionEvent) => {
    if (!isQuotaError(ev.reason)) return;
    show(t('storage_full'));
    ev.preventDefault();
  });
}
