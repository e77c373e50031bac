// Sync status, export/import of unsent changes, logout, and "Cần xem lại".
import { useState } from 'preact/hooks';
import { doLogout, lastSync, notice, online, otherUser, pending, persisted, rejected, session, savedText } from '../app';
import { apiJson, getRow } from '../actions';
import { discardChange, exportBody, importUnsent, retryChange, unsent, unsentCounts } from '../outbox';
import { errText, lang, t } from '../i18n';
import { fmtDate, fmtTime, todayVN } from '../dates';
import { entity } from '../schema';
import { ErrorLine, Page, SchemaField, useData } from '../ui';
import { parseExport } from '../exportfile';
import type { ChangeRec } from '../db';
export { parseExport };
import { validateUpsert, type FieldError, type Fields } from '../validate';

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

export async function exportUnsent(): Promise<void> {
  if (!confirm(t('export_warning'))) return;
  const body = await exportBody();
  download(`thay-doi-chua-gui-${todayVN()}.json`, new Blob([JSON.stringify(body, null, 1)], { type: 'application/json' }));
}

export function SyncScreen() {
  const [msg, setMsg] = useState<string | null>(null);
  const s = session.value;
  return (
    <Page title={t('nav_sync')}>
      <div class="card">
        <p class="big">{t('waiting', { n: pending.value })}</p>
        <p>{lastSync.value ? t('last_sync', { t: fmtTime(lastSync.value) }) : t('never_synced')}</p>
        <p>{online.value ? t('online') : t('offline')}</p>
        {rejected.value > 0 && <p class="bad">{t('needs_attention', { n: rejected.value })}</p>}
        {otherUser.value > 0 && <p class="muted">{t('other_user_changes', { n: otherUser.value })}</p>}
        {persisted.value !== null && <p class={persisted.value ? 'muted' : 'warn'}>{persisted.value ? t('storage_kept') : t('storage_not_kept')}</p>}
      </div>
      <div class="actions col">
        <button type="button" onClick={() => void exportUnsent()}>
          {t('export_unsent')}
        </button>
        {(
          <label class="button filebtn">
            {t('import_changes')}
            <input
              type="file"
              accept="application/json,.json"
              onChange={async (e) => {
                const f = (e.target as HTMLInputElement).files?.[0];
                if (!f) return;
                const ch = parseExport(await f.text());
                if (!ch) return setMsg(t('import_bad'));
                const n = await importUnsent(ch);
                setMsg(t('imported', { n }));
              }}
            />
          </label>
        )}
        <ErrorLine error={msg} />
        <button
          type="button"
          class="danger"
          onClick={async () => {
            const c = await unsentCounts(s?.user.id);
            if (c.pending + c.rejected > 0) {
              if (!confirm(t('logout_warn', { n: c.pending + c.rejected }))) return;
            } else if (!confirm(t('logout_confirm'))) return;
            await doLogout();
          }}
        >
          {t('logout')}
        </button>
      </div>
      <p class="muted">
        {s?.user.full_name} ({s?.user.username}) · {t('role.' + s?.user.role)}
      </p>
    </Page>
  );
}

interface ReviewItem {
  kind: string;
  club_id: string;
  detected_at: string;
  message: string;
  rows: Array<{ entity: string; row_id: string }>;
}

export function ReviewScreen() {
  const uid = session.value?.user.id;
  const list = useData(async () => (await unsent()).filter((c) => c.state === 'rejected' && c.user_id === uid), [uid]);
  const server = useData(async () => {
    if (!navigator.onLine) return null;
    try {
      return (await apiJson<{ items: ReviewItem[] }>('GET', '/api/review')).items;
    } catch {
      return null;
    }
  }, []);
  return (
    <Page title={t('nav_review')}>
      <p>{t('review_intro')}</p>
      {list && !list.length && <p class="muted">{t('review_none')}</p>}
      {list?.map((c) => <RejectedChange key={c.id} c={c} />)}
      {server && server.length > 0 && (
        <>
          <h2>{t('server_review')}</h2>
          <ul class="list rows">
            {server.map((i) => (
              <li>
                <div>
                  <strong>{i.kind}</strong> · {fmtDate(i.detected_at.slice(0, 10))}
                  <br />
                  {i.message}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

function RejectedChange({ c }: { c: ChangeRec }) {
  const def = entity(c.entity);
  const [vals, setVals] = useState<Fields>({ ...c.fields });
  const [err, setErr] = useState<FieldError | null>(null);
  const shown = def.fields.filter((f) => f.name in c.fields || f.name === c.error?.field);
  return (
    <section class="card review">
      <h2>
        {lang.value === 'en' ? def.label.en : def.label.vi} · {String(c.fields.full_name ?? c.fields.name ?? c.fields.title ?? (c.op === 'delete' ? t('delete') : c.row_id.slice(0, 8)))}
      </h2>
      <p class="bad">{errText(c.error?.code ?? 'invalid_value', c.error?.field, c.entity)}</p>
      {c.error?.message && <p class="muted">{c.error.message}</p>}
      {c.op === 'upsert' &&
        shown.map((f) => (
          <SchemaField entity={c.entity} def={f} value={vals[f.name]} invalid={c.error?.field === f.name} onChange={(v) => setVals({ ...vals, [f.name]: v })} />
        ))}
      <ErrorLine error={err} entity={c.entity} />
      <div class="buttons">
        <button
          type="button"
          class="primary"
          onClick={async () => {
            const existing = await getRow(c.entity, c.row_id);
            const base = existing?.base ?? null;
            if (c.op === 'upsert') {
              const e = validateUpsert(c.entity, c.row_id, base, vals);
              if (e) return setErr(e);
            }
            await retryChange(c.id, c.op === 'upsert' ? vals : undefined);
            notice.value = { kind: 'info', text: savedText() };
          }}
        >
          {t('resend')}
        </button>
        <button
          type="button"
          class="danger"
          onClick={async () => {
            if (!confirm(t('discard_confirm'))) return;
            await discardChange(c.id);
          }}
        >
          {t('discard')}
        </button>
      </div>
    </section>
  );
}

