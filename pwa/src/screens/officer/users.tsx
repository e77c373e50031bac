// Accounts of club boards and health workers (online).
import { useState } from 'preact/hooks';
import { communeId, notice, rows, session } from '../../app';
import { apiJson, apiRaw } from '../../actions';
import { ApiError, NetworkError, type User } from '../../api';
import { errText, t } from '../../i18n';
import { byName, ErrorLine, nextId, Page, useData } from '../../ui';
import type { RowRec } from '../../db';


export function UsersScreen() {
  const [ver, setVer] = useState(0);
  const [adding, setAdding] = useState(false);
  const d = useData(async () => {
    try {
      const [u, clubs] = await Promise.all([apiJson<{ users: Array<User & { disabled: boolean }> }>('GET', '/api/users'), rows('club')]);
      return { users: u.users, clubs: clubs.sort(byName), err: null as string | null };
    } catch (e) {
      return { users: [], clubs: [], err: e instanceof NetworkError ? t('need_online') : e instanceof ApiError ? errText(e.code) : String(e) };
    }
  }, [ver]);
  if (!d) return null;
  const clubNames = new Map(d.clubs.map((c) => [c.id, String(c.fields.name)]));
  return (
    <Page
      title={t('nav_users')}
      actions={
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t('add_user')}
          </button>
        )
      }
    >
      <p>{t('users_intro')}</p>
      <ErrorLine error={d.err} />
      {adding && <UserForm clubs={d.clubs} done={() => { setAdding(false); setVer(ver + 1); }} />}
      <ul class="list rows">
        {d.users.map((u) => (
          <li class={u.disabled ? 'voided' : ''}>
            <div>
              <strong>{u.full_name}</strong> ({u.username}) · {t('role.' + u.role)}
              {u.club_ids.length > 0 && <div class="muted">{u.club_ids.map((c) => clubNames.get(c) ?? c).join(', ')}</div>}
              {u.disabled && <div class="bad">{t('disabled')}</div>}
            </div>
            {!u.disabled && u.id !== session.value?.user.id && (u.role === 'club_board' || u.role === 'health_worker') && (
              <button
                type="button"
                class="small danger"
                onClick={async () => {
                  if (!confirm(`${t('disable')}: ${u.username}?`)) return;
                  try {
                    await apiRaw('DELETE', `/api/users/${u.id}`);
                  } catch (e) {
                    notice.value = { kind: 'error', text: e instanceof ApiError ? errText(e.code) : t('need_online') };
                  }
                  setVer(ver + 1);
                }}
              >
                {t('disable')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function UserForm(p: { clubs: RowRec[]; done: () => void }) {
  const [v, setV] = useState({ username: '', password: '', full_name: '', role: 'club_board' });
  const [clubs, setClubs] = useState<string[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const ids = useState(() => ({ u: nextId(), p: nextId(), n: nextId(), r: nextId() }))[0];
  return (
    <form
      class="form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const com = await communeId();
          await apiJson('POST', '/api/users', { ...v, commune_id: com, club_ids: v.role === 'club_board' ? clubs : [] });
          p.done();
        } catch (x) {
          setErr(x instanceof ApiError ? errText(x.code, x.field) : t('need_online'));
        }
      }}
    >
      <div class="field">
        <label for={ids.u}>{t('username')}</label>
        <input id={ids.u} autocapitalize="none" value={v.username} onInput={(e) => setV({ ...v, username: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for={ids.p}>{t('password')}</label>
        <input id={ids.p} type="password" autocomplete="new-password" value={v.password} onInput={(e) => setV({ ...v, password: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for={ids.n}>{t('f.full_name')}</label>
        <input id={ids.n} value={v.full_name} onInput={(e) => setV({ ...v, full_name: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="field">
        <label for={ids.r}>{t('role')}</label>
        <select id={ids.r} value={v.role} onChange={(e) => setV({ ...v, role: (e.target as HTMLSelectElement).value })}>
          <option value="club_board">{t('role.club_board')}</option>
          <option value="health_worker">{t('role.health_worker')}</option>
        </select>
      </div>
      {v.role === 'club_board' && (
        <fieldset class="field">
          <legend>{t('clubs_of_user')}</legend>
          {p.clubs.map((c) => (
            <div class="field check">
              <input
                type="checkbox"
                id={'uc' + c.id}
                checked={clubs.includes(c.id)}
                onChange={(e) => setClubs((e.target as HTMLInputElement).checked ? [...clubs, c.id] : clubs.filter((x) => x !== c.id))}
              />
              <label for={'uc' + c.id}>{String(c.fields.name)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <ErrorLine error={err} />
      <div class="buttons">
        <button type="submit" class="primary">
          {t('save')}
        </button>
        <button type="button" onClick={p.done}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

