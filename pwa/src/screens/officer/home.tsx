// The officer's home: one line per club (last meeting, members, overdue
// loans, last sync of its phones, đạt chuẩn) and the villages that still
// have no club (the plan's V.1: hard areas first).
import { communeId, rows, session, setClub } from '../../app';
import { apiJson, keep, kept as keptValue } from '../../actions';
import { t } from '../../i18n';
import { fmtDate, fmtTime, todayVN } from '../../dates';
import { fmtNumber } from '../../money';
import { Link, Page, useData } from '../../ui';
import { AdminMenu } from './admin';
import { clubLines, villagesWithoutClub } from './homedata';

const SYNC_KEY = 'club_last_sync';

/** When each club's phones last sent a change (GET /api/clubs/last-sync), kept for offline. */
async function lastSyncs(): Promise<Record<string, string>> {
  const kept = (await keptValue<Record<string, string>>(SYNC_KEY)) ?? {};
  try {
    const c = session.value?.user.role === 'admin' ? await communeId() : null;
    const a = await apiJson<{ clubs: Array<{ club_id: string; last_sync_at: string }> }>('GET', '/api/clubs/last-sync' + (c ? '?commune_id=' + encodeURIComponent(c) : ''));
    const out = Object.fromEntries(a.clubs.map((x) => [x.club_id, x.last_sync_at]));
    await keep(SYNC_KEY, out);
    return out;
  } catch {
    return kept;
  }
}

export function OfficerHome() {
  const d = useData(async () => {
    const today = todayVN();
    const com = await communeId();
    const [clubs, members, meetings, loans, repayments, assessments, villages] = await Promise.all(
      ['club', 'member', 'meeting', 'loan', 'repayment', 'club_assessment', 'village'].map((e) => rows(e)),
    );
    const own = clubs.filter((c) => !com || c.fields.commune_id === com);
    const syncs = await lastSyncs();
    return {
      today,
      lines: clubLines({ clubs: own, members, meetings, loans, repayments, assessments, villages }, today, syncs),
      noClub: villagesWithoutClub(villages.filter((v) => !com || v.fields.commune_id === com), own, today),
    };
  }, []);
  return (
    <Page title={t('nav_home')}>
      <div class="actions col">
        <Link href="/dashboard" class="button primary">{t('nav_dashboard')}</Link>
        <Link href="/reports" class="button">{t('nav_reports')}</Link>
      </div>
      <h2>{t('nav_clubs')}</h2>
      <ul class="list rows clubs-home">
        {d?.lines.map((c) => (
          <li>
            <button type="button" class="rowbtn" onClick={() => setClub(c.id)}>
              <strong>{c.name}</strong>
              <span class="line">
                {t('home_last_meeting')}: {c.lastMeeting ? fmtDate(c.lastMeeting) : t('home_never')} · {t('home_members', { n: fmtNumber(c.members) })}
              </span>
              <span class={c.overdueLoans ? 'line bad' : 'line'}>{t('home_overdue', { n: fmtNumber(c.overdueLoans) })}</span>
              <span class="line">
                {t('home_last_sync')}: {c.lastSync ? fmtTime(Date.parse(c.lastSync)) : t('home_never')}
              </span>
              <span class={c.standard ? 'line ok' : 'line'}>
                {c.standard === null ? t('home_not_assessed') : c.standard ? t('home_standard', { y: c.standardYear ?? '' }) : t('home_not_standard', { y: c.standardYear ?? '' })}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('villages_no_club')}</h2>
      {d && !d.noClub.length && <p class="muted">{t('villages_all_served')}</p>}
      <ul class="list rows">
        {d?.noClub.map((v) => (
          <li>
            <span>
              <strong>{String(v.fields.name)}</strong>
              {v.fields.hard_area === true && <span class="bad"> · {t('hard_area')}</span>}
            </span>
          </li>
        ))}
      </ul>
      <AdminMenu />
    </Page>
  );
}
