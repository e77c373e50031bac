// What the person sees of an update: the "Có phiên bản mới — Cập nhật"
// banner (hidden while a form is open, so that nothing typed is lost), and
// the screen of a tab whose database another tab upgraded.
import { applyUpdate, dbClosed, inForm, route, update } from './app';
import { t } from './i18n';

export function UpdateBanner() {
  const s = update.value;
  void route.value; // shown again when the person leaves the form
  if ((s !== 'ready' && s !== 'updating') || inForm()) return null;
  return (
    <div class="notice info update" role="status">
      <span>{t('update_ready')}</span>
      <button type="button" class="small" disabled={s === 'updating'} onClick={() => void applyUpdate()}>
        {s === 'updating' ? t('update_applying') : t('update_apply')}
      </button>
    </div>
  );
}

/** Replaces the app when another tab upgraded the database (this tab's connection is closed). */
export function ClosedByUpdate() {
  if (!dbClosed.value) return null;
  return (
    <main class="page">
      <p class="warn" role="alert">
        {t('db_closed')}
      </p>
      <button type="button" onClick={() => location.reload()}>
        {t('reload')}
      </button>
    </main>
  );
}
