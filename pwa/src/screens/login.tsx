import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../api';
import { validPin } from '../auth';
import { doLogin, gate, doLogout } from '../app';
import { enterPin, savePin } from '../actions';
import { unsent, unsentCounts } from '../outbox';
import { errText, t } from '../i18n';
import { ErrorLine, Page, useData } from '../ui';
import { exportUnsent } from './sync';

/** Unsent changes can be exported even when nobody can log in (account disabled, no network). */
function ExportWhenLoggedOut() {
  const n = useData(async () => (await unsent()).length, []);
  if (!n) return null;
  return (
    <div class="card">
      <p>{t('waiting', { n })}</p>
      <button type="button" onClick={() => void exportUnsent()}>
        {t('export_unsent')}
      </button>
    </div>
  );
}

export function LoginScreen() {
  const [u, setU] = useState('');
  const [p, setP] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Page title={t('login')}>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setErr(null);
          try {
            await doLogin(u, p);
          } catch (x) {
            if (x instanceof NetworkError) setErr(t('login_offline'));
            else if (x instanceof ApiError) setErr(errText(x.code));
            else setErr(String(x));
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="login-user">{t('username')}</label>
          <input id="login-user" name="username" autocomplete="username" autocapitalize="none" required value={u} onInput={(e) => setU((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="login-pass">{t('password')}</label>
          <input id="login-pass" name="password" type="password" autocomplete="current-password" required value={p} onInput={(e) => setP((e.target as HTMLInputElement).value)} />
        </div>
        <ErrorLine error={err} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            {t('login')}
          </button>
        </div>
      </form>
      <ExportWhenLoggedOut />
    </Page>
  );
}

export function PinScreen({ mode }: { mode: 'set_pin' | 'unlock' }) {
  const [pin, setPinV] = useState('');
  const [err, setErr] = useState<string | null>(null);
  return (
    <Page title={mode === 'set_pin' ? t('save_pin') : t('unlock')}>
      <p>{mode === 'set_pin' ? t('pin_intro') : t('unlock_intro')}</p>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (mode === 'set_pin') {
            if (!validPin(pin)) return setErr(t('pin_bad'));
            await savePin(pin);
          } else if ((await enterPin(pin)) === 'wrong') setErr(t('pin_wrong'));
        }}
      >
        <div class="field">
          <label for="pin">{t('pin')}</label>
          <input id="pin" type="password" inputMode="numeric" autocomplete="off" pattern="[0-9]*" maxLength={8} value={pin} onInput={(e) => setPinV((e.target as HTMLInputElement).value)} />
        </div>
        <ErrorLine error={err} />
        <div class="buttons">
          <button type="submit" class="primary">
            {mode === 'set_pin' ? t('save_pin') : t('unlock')}
          </button>
        </div>
      </form>
      {mode === 'unlock' && (
        <p>
          <button
            type="button"
            class="link"
            onClick={async () => {
              const c = await unsentCounts();
              if (c.pending + c.rejected > 0 && !confirm(t('logout_warn', { n: c.pending + c.rejected }))) return;
              await doLogout();
              gate.value = 'login';
            }}
          >
            {t('forgot_pin')}
          </button>
        </p>
      )}
    </Page>
  );
}
