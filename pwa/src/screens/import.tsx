// "Nhập từ Excel": template, file, preview (valid rows and rows with errors),
// then import of the valid rows.
import { useState } from 'preact/hooks';
import { clubId, navigate, online, syncNow } from '../app';
import { ApiError, NetworkError } from '../api';
import { commit, preview, saveFile, templateFile, type ImportPreview } from '../imports';
import { errText, t } from '../i18n';
import { NeedClub } from './club';
import { Page } from '../ui';

type Step = { kind: 'choose' } | { kind: 'busy'; text: string } | { kind: 'preview'; p: ImportPreview } | { kind: 'done'; n: number };

function problem(e: unknown): string {
  if (e instanceof NetworkError) return t('import_offline');
  if (e instanceof ApiError) return e.message || errText(e.code, e.field);
  return String(e);
}

export function ImportScreen() {
  const cid = clubId.value;
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  if (!cid) return <NeedClub />;
  const run = async (text: string, work: () => Promise<Step>) => {
    setError(null);
    setStep({ kind: 'busy', text });
    try {
      setStep(await work());
    } catch (e) {
      setError(problem(e));
      setStep({ kind: 'choose' });
    }
  };
  const template = async () => {
    setError(null);
    try {
      saveFile(await templateFile(), 'mau-nhap-thanh-vien.xlsx');
    } catch (e) {
      setError(problem(e));
    }
  };
  const choose = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void run(t('import_reading'), async () => ({ kind: 'preview', p: await preview(cid, file) }));
  };
  const doImport = (p: ImportPreview) =>
    run(t('import_saving'), async () => {
      const res = await commit(p.import_id);
      void syncNow();
      return { kind: 'done', n: res.filter((r) => r.status === 'applied' || r.status === 'superseded').length };
    });
  return (
    <Page title={t('import_title')}>
      <p>{t('import_intro')}</p>
      {!online.value && <p class="notice warn">{t('import_offline')}</p>}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {step.kind === 'busy' && <p role="status">{step.text}</p>}
      {(step.kind === 'choose' || step.kind === 'busy') && (
        <div class="buttons">
          <button type="button" onClick={() => void template()} disabled={step.kind === 'busy'}>
            {t('import_template')}
          </button>
          <label class="button primary file-pick">
            {t('import_choose')}
            <input
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={step.kind === 'busy'}
              onChange={(e) => choose(e.currentTarget)}
            />
          </label>
        </div>
      )}
      {step.kind === 'preview' && <PreviewView p={step.p} onImport={() => void doImport(step.p)} onAgain={() => setStep({ kind: 'choose' })} />}
      {step.kind === 'done' && (
        <div role="status">
          <p class="notice info">{t('import_done', { n: step.n })}</p>
          <div class="buttons">
            <button type="button" class="primary" onClick={() => navigate('/members')}>
              {t('nav_members')}
            </button>
          </div>
        </div>
      )}
    </Page>
  );
}

function PreviewView({ p, onImport, onAgain }: { p: ImportPreview; onImport: () => void; onAgain: () => void }) {
  const bad = p.rows.filter((r) => r.errors.length > 0);
  const good = p.rows.filter((r) => r.errors.length === 0);
  return (
    <div>
      <p role="status">
        <strong>{t('import_valid', { n: p.valid })}</strong>
        {p.invalid > 0 && <> · {t('import_invalid', { n: p.invalid })}</>}
      </p>
      {p.ignored_columns.length > 0 && <p class="muted">{t('import_ignored', { cols: p.ignored_columns.join(', ') })}</p>}
      {bad.length > 0 && (
        <>
          <h2>{t('import_errors')}</h2>
          <ul class="list rows import-errors">
            {bad.map((r) => (
              <li>
                <strong>{String(r.fields.full_name ?? t('import_line', { n: r.line }))}</strong>
                {r.errors.map((e) => (
                  <div class="error">{e.message}</div>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="buttons">
        {p.valid > 0 && (
          <button type="button" class="primary" onClick={onImport}>
            {t('import_go', { n: p.valid })}
          </button>
        )}
        <button type="button" onClick={onAgain}>
          {t('import_other')}
        </button>
      </div>
      {good.length > 0 && (
        <details>
          <summary>{t('import_valid_list', { n: good.length })}</summary>
          <ol class="list">
            {good.map((r) => (
              <li>
                {String(r.fields.full_name)} · {String(r.fields.birth_year)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
