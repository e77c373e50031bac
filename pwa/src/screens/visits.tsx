// Home visits and board trainings of a club.
import { useState } from 'preact/hooks';
import { clubId, rows, save, voidRow, communeId } from '../app';
import { getRow } from '../actions';
import { cl, t } from '../i18n';
import { fmtDate, todayVN } from '../dates';
import { activeOn, isLive } from '../compute';
import { byName, Empty, EntityForm, ErrorLine, memberOptions, Page, useData, VoidButton } from '../ui';
import { NeedClub } from './club';

type F = Record<string, any>;

export function VisitsScreen() {
  const cid = clubId.value;
  const [adding, setAdding] = useState(false);
  const d = useData(async () => {
    if (!cid) return null;
    const [members, visits] = await Promise.all([rows('member', cid), rows('home_visit', cid)]);
    return { members: members.sort(byName), visits: visits.sort((a, b) => String(b.fields.visited_on).localeCompare(String(a.fields.visited_on))) };
  }, [cid]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const names = new Map(d.members.map((m) => [m.id, String(m.fields.full_name)]));
  const today = todayVN();
  const act = d.members.filter((m) => activeOn(m.fields, today));
  return (
    <Page
      title={t('nav_visits')}
      actions={
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t('add_visit')}
          </button>
        )
      }
    >
      {adding && (
        <EntityForm
          entity="home_visit"
          fields={['volunteer_id', 'recipient_id', 'recipient_name', 'visited_on', 'services', 'note']}
          labels={{ recipient_id: t('recipient_member'), recipient_name: t('recipient_other') }}
          initial={{ visited_on: today, services: [] }}
          fixed={{ club_id: cid }}
          options={{
            volunteer_id: memberOptions(act.filter((m) => m.fields.home_care_volunteer === true).length ? act.filter((m) => m.fields.home_care_volunteer === true) : act),
            recipient_id: memberOptions(act),
          }}
          onCancel={() => setAdding(false)}
          onSubmit={async (f) => {
            const r = await save('home_visit', null, f);
            if (!r.error) setAdding(false);
            return r.error;
          }}
        />
      )}
      {!d.visits.length && <Empty />}
      <ul class="list rows">
        {d.visits.map((v) => {
          const f = v.fields as F;
          return (
            <li class={f.voided_reason ? 'voided' : ''}>
              <div>
                <strong>{fmtDate(f.visited_on)}</strong> · {names.get(f.volunteer_id) ?? '?'} → {f.recipient_id ? names.get(f.recipient_id) ?? '?' : f.recipient_name}
                <br />
                <span class="muted">{(f.services as string[]).map((s) => cl('services', s)).join(', ')}</span>
                {f.voided_reason && <div class="muted">{t('voided', { r: f.voided_reason })}</div>}
              </div>
              {!f.voided_reason && <VoidButton onVoid={(r) => voidRow('home_visit', v.id, r)} />}
            </li>
          );
        })}
      </ul>
    </Page>
  );
}

export function TrainingsScreen() {
  const cid = clubId.value;
  const [adding, setAdding] = useState(false);
  const [err] = useState<string | null>(null);
  const d = useData(async () => {
    if (!cid) return null;
    const [members, trainings, com] = await Promise.all([rows('member', cid), rows('training'), communeId()]);
    const club = await getRow('club', cid);
    return {
      members: members.sort(byName),
      trainings: trainings.filter((x) => x.fields.club_id === cid).sort((a, b) => String(b.fields.held_on).localeCompare(String(a.fields.held_on))),
      commune: (club?.fields.commune_id as string) ?? com,
    };
  }, [cid]);
  if (!cid) return <NeedClub />;
  if (!d) return null;
  const names = new Map(d.members.map((m) => [m.id, String(m.fields.full_name)]));
  const board = d.members.filter((m) => m.fields.board_role && m.fields.board_role !== 'none' && activeOn(m.fields, todayVN()));
  return (
    <Page
      title={t('nav_trainings')}
      actions={
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t('add_training')}
          </button>
        )
      }
    >
      <ErrorLine error={err} />
      {adding && d.commune && (
        <EntityForm
          entity="training"
          fields={['member_id', 'kind', 'held_on', 'topic']}
          initial={{ held_on: todayVN(), kind: 'refresher' }}
          fixed={{ commune_id: d.commune, club_id: cid }}
          options={{ member_id: memberOptions(board.length ? board : d.members) }}
          onCancel={() => setAdding(false)}
          onSubmit={async (f) => {
            if (f.kind === 'officer_awareness') return { code: 'invalid_value', field: 'kind' };
            const r = await save('training', null, f);
            if (!r.error) setAdding(false);
            return r.error;
          }}
        />
      )}
      {!d.trainings.length && <Empty />}
      <ul class="list rows">
        {d.trainings.filter(isLive).map((x) => {
          const f = x.fields as F;
          return (
            <li>
              <div>
                <strong>{fmtDate(f.held_on)}</strong> · {names.get(f.member_id) ?? f.trainee_name ?? ''} · {cl('kind', f.kind)}
                {f.topic && <span class="muted"> · {f.topic}</span>}
              </div>
            </li>
          );
        })}
      </ul>
    </Page>
  );
}
