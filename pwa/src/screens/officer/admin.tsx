// Commune officers' lists of clubs, villages, assessments (with the
// checklist), targets, outreach, officer trainings and the commune.
import { useState } from 'preact/hooks';
import { communeId, isOfficer, rows, save, notice } from '../../app';
import { getRow } from '../../actions';
import { cl, fl, t } from '../../i18n';
import { fmtDate, todayVN } from '../../dates';
import { fmtMoney, fmtNumber } from '../../money';
import { entity } from '../../schema';
import { Empty, EntityForm, Link, nextId, Page, byName, useData, type RefOption } from '../../ui';
import type { RowRec } from '../../db';
import { clubChecklist, FUND_FLOOR_VND, type CheckItem } from '../../assess';
import type { Fields } from '../../validate';
import { manageItems } from '../../nav';
import { fractionToPercent, isShare } from '../../percent';

type F = Record<string, any>;

const ADMIN: Record<string, { entity: string; title: string; fields: string[]; extra?: F }> = {
  clubs: { entity: 'club', title: 'nav_clubs', fields: ['name', 'village_id', 'founded_on', 'founding_decision', 'dissolved_on', 'interest_fund'] },
  villages: { entity: 'village', title: 'nav_villages', fields: ['name', 'hard_area'] },
  assessments: { entity: 'club_assessment', title: 'nav_assessments', fields: ['club_id', 'year', 'meets_standard', 'score', 'note'] },
  targets: { entity: 'target', title: 'nav_targets', fields: ['phase', 'indicator', 'value'] },
  outreach: { entity: 'outreach', title: 'nav_outreach', fields: ['held_on', 'kind', 'title', 'people_reached', 'club_id'] },
  officer_trainings: { entity: 'training', title: 'nav_officer_trainings', fields: ['trainee_name', 'held_on', 'topic'], extra: { kind: 'officer_awareness' } },
  commune: { entity: 'commune', title: 'nav_commune', fields: ['name', 'province', 'older_population', 'implementing_officers'] },
};

/** The officer's lists and the plan's screens, from the navigation's registry (nav.ts). */
export function AdminMenu() {
  if (!isOfficer.value) return null;
  return (
    <nav class="more" aria-label={t('more')}>
      {manageItems('officer').map((i) => (
        <Link href={i.href} class="button">{t(i.key)}</Link>
      ))}
    </nav>
  );
}

function summary(ent: string, r: RowRec, clubs: Map<string, string>): string {
  const f = r.fields as F;
  switch (ent) {
    case 'club_assessment':
      return `${clubs.get(f.club_id) ?? '?'} · ${f.year} · ${f.meets_standard ? fl('club_assessment', 'meets_standard') : '—'}${f.score != null ? ' · ' + f.score : ''}`;
    case 'target':
      return `${f.phase} · ${cl('indicator', f.indicator)} · ${isShare(f.indicator) ? fractionToPercent(f.value) + ' %' : f.indicator === 'fund_floor_vnd' ? fmtMoney(f.value) : fmtNumber(f.value)}`;
    case 'outreach':
      return `${fmtDate(f.held_on)} · ${f.title} · ${fmtNumber(f.people_reached)}`;
    case 'training':
      return `${fmtDate(f.held_on)} · ${f.trainee_name ?? ''}`;
    default:
      return String(f.name ?? f.title ?? r.id);
  }
}

export function EntityAdmin({ kind }: { kind: string }) {
  const cfg = ADMIN[kind];
  const [edit, setEdit] = useState<string | 'new' | null>(null);
  const d = useData(async () => {
    const com = await communeId();
    if (!cfg) return null;
    const [list, villages, clubs] = await Promise.all([rows(cfg.entity), rows('village'), rows('club')]);
    const inCom = (r: RowRec) => cfg.entity === 'commune' ? r.id === com : cfg.entity === 'club_assessment' ? clubs.some((c) => c.id === r.fields.club_id && c.fields.commune_id === com) : r.fields.commune_id === com;
    return {
      com,
      list: list.filter(inCom).filter((r) => !cfg.extra || Object.entries(cfg.extra).every(([k, v]) => r.fields[k] === v)),
      villages: villages.filter((v) => v.fields.commune_id === com).sort(byName),
      clubs: clubs.filter((c) => c.fields.commune_id === com).sort(byName),
    };
  }, [kind]);
  if (kind === 'menu')
    return (
      <Page title={t('more')}>
        <AdminMenu />
      </Page>
    );
  if (!cfg || !d) return null;
  const clubNames = new Map(d.clubs.map((c) => [c.id, String(c.fields.name)]));
  const options: Record<string, RefOption[]> = {
    village_id: d.villages.map((v) => ({ value: v.id, label: String(v.fields.name) })),
    club_id: d.clubs.map((c) => ({ value: c.id, label: String(c.fields.name) })),
  };
  const editing = edit && edit !== 'new' ? d.list.find((r) => r.id === edit) : undefined;
  const fixed: F = { ...(cfg.extra ?? {}) };
  if (cfg.entity !== 'commune' && cfg.entity !== 'club_assessment' && d.com) fixed.commune_id = d.com;
  const def = entity(cfg.entity);
  return (
    <Page
      title={t(cfg.title)}
      actions={
        cfg.entity !== 'commune' && !edit && (
          <button type="button" class="primary" onClick={() => setEdit('new')}>
            {t('add')}
          </button>
        )
      }
    >
      {edit && (
        <EntityForm
          key={edit}
          entity={cfg.entity}
          fields={cfg.fields}
          initial={editing?.fields ?? (cfg.entity === 'club_assessment' ? { year: Number(todayVN().slice(0, 4)), meets_standard: false } : {})}
          fixed={fixed}
          readOnly={editing ? def.fields.filter((f) => f.fixed).map((f) => f.name) : []}
          options={options}
          percent={cfg.entity === 'target' ? (v) => (isShare(v.indicator) ? ['value'] : []) : undefined}
          aside={cfg.entity === 'club_assessment' ? (v, set) => <AssessmentChecklist club={v.club_id} year={v.year} onAccept={(score) => set('score', score)} current={v.score} /> : undefined}
          onCancel={() => setEdit(null)}
          onSubmit={async (f) => {
            const r = await save(cfg.entity, editing ? editing.id : null, f);
            if (!r.error) {
              setEdit(null);
              notice.value = { kind: 'info', text: t('saved') };
            }
            return r.error;
          }}
        />
      )}
      {!d.list.length && <Empty />}
      <ul class="list rows">
        {d.list.map((r) => (
          <li>
            <button type="button" class="rowbtn" onClick={() => setEdit(r.id)}>
              {summary(cfg.entity, r, clubNames)}
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}

// ---------- assessment checklist ----------

function itemText(i: CheckItem): string {
  const share = i.of !== undefined && (i.code === 'women' || i.code === 'older' || i.code === 'older_women');
  if (share) return i.of ? `${fmtNumber(i.value)}/${fmtNumber(i.of)} (${fmtNumber((i.value * 100) / i.of!, 1)}%)` : '—';
  if (i.code === 'fund') return fmtMoney(i.value);
  if (i.code === 'monthly') {
    if (!i.of) return '—';
    const miss = (i.missing ?? []).map((m) => `${m.slice(5)}/${m.slice(0, 4)}`).join(', ');
    return t('chk_months', { n: i.value, m: i.of }) + (miss ? ` · ${t('chk_missing', { v: miss })}` : '');
  }
  if (i.code === 'areas') {
    const miss = (i.missing ?? []).map((a) => cl('areas', a)).join('; ');
    return `${i.value}/${i.of}` + (miss ? ` · ${t('chk_missing', { v: miss })}` : '');
  }
  return fmtNumber(i.value);
}

/**
 * The checklist of the assessed club and year, from the rows pulled to this
 * phone, with a suggested score the officer may take into `score`.
 * `meets_standard` is left to the officer.
 */
function AssessmentChecklist(p: { club: unknown; year: unknown; current: unknown; onAccept: (score: number) => void }) {
  const club = typeof p.club === 'string' && p.club ? p.club : null;
  const year = typeof p.year === 'number' && Number.isInteger(p.year) && p.year >= 2000 && p.year <= 2100 ? p.year : null;
  const d = useData(async () => {
    if (!club || year === null) return null;
    const [c, members, meetings, entries, loans, repayments] = await Promise.all([
      getRow('club', club), rows('member', club), rows('meeting', club), rows('fund_entry', club), rows('loan', club), rows('repayment', club),
    ]);
    if (!c) return null;
    return clubChecklist({ club: c.fields as Fields, members, meetings, entries, loans, repayments }, year, todayVN());
  }, [club, year]);
  const hid = useState(() => nextId('h'))[0];
  return (
    <section class="checklist" aria-labelledby={hid}>
      <h2 id={hid}>{t('chk_title')}</h2>
      {!d ? (
        <p class="muted">{t('chk_choose')}</p>
      ) : (
        <>
          <p class="muted">{t('chk_basis', { f: fmtDate(d.from), t: fmtDate(d.to) })}</p>
          <ul class="list checks">
            {d.items.map((i) => (
              <li class={i.ok ? 'ok' : 'notok'}>
                <span class="mark" aria-hidden="true">{i.ok ? '✓' : '✗'}</span>
                <div>
                  <strong>{t('chk.' + i.code, { v: fmtMoney(FUND_FLOOR_VND) })}</strong>
                  <span class="sr"> · {i.ok ? t('st.met') : t('st.not_met')}</span>
                  <div>{t('chk_actual')}: {itemText(i)}</div>
                </div>
              </li>
            ))}
          </ul>
          <p>
            {t('chk_score', { s: d.score, n: d.met, m: d.items.length })}
          </p>
          <button type="button" onClick={() => p.onAccept(d.score)} disabled={p.current === d.score}>
            {p.current === d.score ? t('chk_accepted') : t('chk_accept')}
          </button>
          <p class="muted">{t('chk_decide')}</p>
        </>
      )}
    </section>
  );
}

