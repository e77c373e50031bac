// Reports: download from the dashboard, write and send the commune's report
// (number and four written sections, POST /api/reports), and the list of
// reports already sent to download any of them again.
import { useState } from 'preact/hooks';
import { communeId, isOfficer, session } from '../../app';
import { apiJson, apiRaw, keep, kept } from '../../actions';
import { ApiError, NetworkError } from '../../api';
import { errText, t } from '../../i18n';
import { fmtDate, fmtTime } from '../../dates';
import { fmtNumber } from '../../money';
import { ErrorLine, nextId, Page, useData } from '../../ui';
import type { Period } from './periods';
import { defaultPeriod, PeriodPicker } from './picker';

type Format = 'xlsx' | 'html';
export const SECTIONS = ['results', 'shortcomings', 'causes', 'proposals'] as const;
export type Sections = Record<(typeof SECTIONS)[number], string>;
export const MAX_SECTION = 20000;

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const m = /filename="?([^";]+)"?/i.exec(cd);
  return m ? m[1] : fallback;
}

async function download(res: Response, fallback: string): Promise<void> {
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filenameOf(res, fallback);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 2000);
}

const failure = (e: unknown) => (e instanceof NetworkError ? t('need_online') : e instanceof ApiError ? errText(e.code, e.field) : String(e));

async function adminCommune(): Promise<string | null> {
  return session.value?.user.role === 'admin' ? await communeId() : null;
}

/** The dashboard's download buttons: the report of the period, without written parts. */
export function ReportButtons({ from, to }: { from: string; to: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  if (!isOfficer.value) return null;
  const get = async (format: Format) => {
    setBusy(format);
    setErr(null);
    try {
      const q = new URLSearchParams({ from, to, format });
      const c = await adminCommune();
      if (c) q.set('commune_id', c);
      await download(await apiRaw('GET', '/api/reports?' + q.toString()), `bao-cao-${from}-${to}.${format}`);
    } catch (e) {
      setErr(failure(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="actions">
      <button type="button" onClick={() => get('xlsx')} disabled={busy !== null}>
        {busy === 'xlsx' ? t('downloading') : t('download_xlsx')}
      </button>
      <button type="button" onClick={() => get('html')} disabled={busy !== null}>
        {busy === 'html' ? t('downloading') : t('download_html')}
      </button>
      <ErrorLine error={err} />
    </div>
  );
}

interface Draft {
  number: string;
  sections: Sections;
}
const EMPTY: Draft = { number: '', sections: { results: '', shortcomings: '', causes: '', proposals: '' } };
const DRAFT_KEY = 'report_draft';

interface Sent {
  id: string;
  from: string;
  to: string;
  format: Format;
  file_name: string;
  number: string;
  created_by: string;
  created_at: string;
}

export function ReportsScreen() {
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<Format | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [ver, setVer] = useState(0);
  const ids = useState(() => ({ n: nextId(), s: SECTIONS.map(() => nextId()) }))[0];
  // the officer's text is kept on the phone until it is sent
  const saved = useData(async () => (await kept<Draft>(DRAFT_KEY)) ?? EMPTY, []);
  const d = draft ?? saved ?? EMPTY;
  const setDraft = (x: Draft) => {
    setDraftState(x);
    void keep(DRAFT_KEY, x);
  };
  const sent = useData(async () => {
    try {
      const c = await adminCommune();
      const a = await apiJson<{ reports: Sent[] }>('GET', '/api/reports/history' + (c ? '?commune_id=' + encodeURIComponent(c) : ''));
      return { list: a.reports, err: null as string | null };
    } catch (e) {
      return { list: [] as Sent[], err: failure(e) };
    }
  }, [ver]);
  if (!isOfficer.value) return null;
  const tooLong = SECTIONS.find((s) => [...d.sections[s]].length > MAX_SECTION);
  const send = async (format: Format) => {
    setBusy(format);
    setErr(null);
    try {
      const c = await adminCommune();
      const body = { from: period.from, to: period.to, format, number: d.number.trim(), sections: d.sections, ...(c ? { commune_id: c } : {}) };
      await download(await apiRaw('POST', '/api/reports', body), `bao-cao-${period.from}-${period.to}.${format}`);
      setVer(ver + 1);
    } catch (e) {
      setErr(failure(e));
    } finally {
      setBusy(null);
    }
  };
  const again = async (r: Sent) => {
    setErr(null);
    try {
      await download(await apiRaw('GET', `/api/reports/${r.id}?format=${r.format}`), r.file_name);
    } catch (e) {
      setErr(failure(e));
    }
  };
  return (
    <Page title={t('nav_reports')}>
      <PeriodPicker value={period} onChange={setPeriod} />
      <form class="form" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={ids.n}>{t('report_number')}</label>
          <input id={ids.n} value={d.number} maxLength={50} onInput={(e) => setDraft({ ...d, number: (e.target as HTMLInputElement).value })} />
          <p class="muted">{t('report_number_hint')}</p>
        </div>
        {SECTIONS.map((s, i) => {
          const n = [...d.sections[s]].length;
          return (
            <div class="field">
              <label for={ids.s[i]}>{t('sec.' + s)}</label>
              <textarea id={ids.s[i]} rows={5} value={d.sections[s]} onInput={(e) => setDraft({ ...d, sections: { ...d.sections, [s]: (e.target as HTMLTextAreaElement).value } })} />
              <p class={n > MAX_SECTION ? 'bad' : 'muted'}>{t('chars', { n: fmtNumber(n), m: fmtNumber(MAX_SECTION) })}</p>
            </div>
          );
        })}
        <div class="actions">
          <button type="button" class="primary" disabled={busy !== null || !!tooLong} onClick={() => send('xlsx')}>
            {busy === 'xlsx' ? t('downloading') : t('send_xlsx')}
          </button>
          <button type="button" disabled={busy !== null || !!tooLong} onClick={() => send('html')}>
            {busy === 'html' ? t('downloading') : t('send_html')}
          </button>
        </div>
        <ErrorLine error={err} />
      </form>
      <h2>{t('reports_sent')}</h2>
      {sent?.err && <p class="warn">{sent.err}</p>}
      {sent && !sent.err && !sent.list.length && <p class="muted">{t('reports_none')}</p>}
      <ul class="list rows">
        {sent?.list.map((r) => (
          <li>
            <button type="button" class="rowbtn" onClick={() => again(r)}>
              <strong>
                {r.number ? `${t('report_no')} ${r.number} · ` : ''}
                {fmtDate(r.from)} – {fmtDate(r.to)} · {r.format.toUpperCase()}
              </strong>
              <span class="muted"> · {t('report_made', { t: fmtTime(Date.parse(r.created_at)) })}</span>
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}
