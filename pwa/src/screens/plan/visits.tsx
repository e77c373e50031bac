// "Kiểm tra, giám sát": the commune's supervision visits to clubs (plan
// VII.1.1): findings, recommendations and the follow-up date. Visits whose
// follow-up date has passed come first.
import { useState } from 'preact/hooks';
import { notice, save } from '../../app';
import { t } from '../../i18n';
import { fmtDate, todayVN } from '../../dates';
import { Empty, EntityForm, Page, useData } from '../../ui';
import type { RowRec } from '../../db';
import { clubRows, communeData, names } from './common';
import { followUpPassed, visitOrder } from './figures';
import './words';

/** One visit: day, visitor, findings, recommendations, follow-up. */
export function VisitCard({ r, club, today, onEdit, plain }: { r: RowRec; club?: string; today: string; onEdit?: () => void; plain?: boolean }) {
  const f = r.fields;
  const passed = followUpPassed(r, today);
  return (
    <article class={(plain ? '' : 'card ') + 'visit' + (passed ? ' due' : '')}>
      <h3>
        {club ? `${club} · ` : ''}
        {fmtDate(String(f.visited_on))}
      </h3>
      <p class="muted">{t('visit_by', { n: String(f.visitor_name) })}</p>
      <p>
        <strong>{t('findings_h')}:</strong> {String(f.findings)}
      </p>
      {f.recommendations ? (
        <p>
          <strong>{t('recommendations_h')}:</strong> {String(f.recommendations)}
        </p>
      ) : null}
      {f.follow_up_on ? (
        <p class={passed ? 'bad' : ''}>
          <strong>{passed ? t('follow_up_due', { d: fmtDate(String(f.follow_up_on)) }) : t('follow_up', { d: fmtDate(String(f.follow_up_on)) })}</strong>
        </p>
      ) : null}
      {onEdit && (
        <button type="button" class="small" onClick={onEdit}>
          {t('edit')}
        </button>
      )}
    </article>
  );
}

export function SupervisionScreen() {
  const [edit, setEdit] = useState<string | 'new' | null>(null);
  const d = useData(async () => {
    const cd = await communeData();
    return { ...cd, list: await clubRows('supervision_visit', cd.clubs) };
  }, []);
  if (!d) return <Page title={t('nav_supervision')}>{null}</Page>;
  const today = todayVN();
  const clubNames = names(d.clubs);
  const editing = edit && edit !== 'new' ? d.list.find((r) => r.id === edit) : undefined;
  return (
    <Page
      title={t('nav_supervision')}
      actions={
        !edit && (
          <button type="button" class="primary" onClick={() => setEdit('new')}>
            {t('add_supervision')}
          </button>
        )
      }
    >
      {edit && (
        <EntityForm
          key={edit}
          entity="supervision_visit"
          fields={['club_id', 'visited_on', 'visitor_name', 'findings', 'recommendations', 'follow_up_on']}
          initial={editing?.fields ?? { visited_on: today }}
          readOnly={editing ? ['club_id'] : []}
          options={{ club_id: d.clubs.map((c) => ({ value: c.id, label: String(c.fields.name) })) }}
          onCancel={() => setEdit(null)}
          onSubmit={async (f) => {
            const r = await save('supervision_visit', editing ? editing.id : null, f);
            if (!r.error) {
              setEdit(null);
              notice.value = { kind: 'info', text: t('saved') };
            }
            return r.error;
          }}
        />
      )}
      {!d.list.length && <Empty />}
      {visitOrder(d.list, today).map((r) => (
        <VisitCard r={r} club={clubNames.get(String(r.fields.club_id))} today={today} onEdit={() => setEdit(r.id)} />
      ))}
    </Page>
  );
}
