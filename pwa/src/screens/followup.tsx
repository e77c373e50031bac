// Blood-pressure words shared by the health screens: the reading's badge, the
// advice for whoever reads it, and the list "Cần theo dõi" (followup.ts).
import { isHealth } from '../app';
import { t } from '../i18n';
import { fmtDate } from '../dates';
import { bpLevel } from '../compute';
import type { FollowUp } from '../followup';
import { Empty } from '../ui';

/** Advice for whoever reads it: the board refers to the health station; the station itself is told what to do. */
export function bpAdvice(level: 'normal' | 'high' | 'urgent'): string {
  if (level === 'normal') return t('bp_normal');
  return t((level === 'urgent' ? 'bp_urgent' : 'bp_high') + (isHealth.value ? '_station' : ''));
}

export function BpBadge({ sys, dia }: { sys: number; dia: number }) {
  const l = bpLevel(sys, dia);
  return (
    <span class={'bp ' + l}>
      {sys}/{dia}
    </span>
  );
}

/**
 * "Cần theo dõi": high latest readings not measured again within 30 days,
 * urgent ones first, each with its phone. The note says what to do to the
 * one who reads it: the station calls them in; a board reminds them to go.
 * `clubName` (the station's whole commune) adds each member's club; `folded`
 * shows it as one line "Cần theo dõi (N)" that opens.
 */
export function FollowUpCard({ list, clubName, loaded, folded }: { list: FollowUp[]; clubName?: Map<string, string>; loaded: boolean; folded?: boolean }) {
  const body = (
    <>
      <p class="muted">{t(isHealth.value ? 'follow_up_note' : 'follow_up_note_board')}</p>
      {loaded && !list.length && <Empty />}
      <ul class="list rows">
        {list.map((x) => (
          <li class={x.level}>
            <div>
              <strong>{String(x.member.fields.full_name)}</strong> <BpBadge sys={x.sys} dia={x.dia} />
              <br />
              <span class="muted">
                {clubName ? (clubName.get(String(x.member.fields.club_id)) ?? '') + ' · ' : ''}
                {t('days_since', { d: fmtDate(x.day), n: x.days })}
              </span>
            </div>
            {x.member.fields.phone ? (
              <a class="button small" href={'tel:' + String(x.member.fields.phone)}>
                {String(x.member.fields.phone)}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
  // on a club's quick entry the list opens from one line, so the members to
  // measure stay near the top
  if (folded)
    return (
      <details class="card follow">
        <summary>
          {t('bp_follow_up')} ({list.length})
        </summary>
        {body}
      </details>
    );
  return (
    <section class="card follow">
      <h2>{t('bp_follow_up')}</h2>
      {body}
    </section>
  );
}
