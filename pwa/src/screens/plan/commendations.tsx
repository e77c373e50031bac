// "Khen thưởng": commendations of clubs, villages, members, people and
// organisations (plan VII.1.2: yearly, the 2030 mid-term and 2035 final
// reviews). Who, level, occasion.
import { useState } from 'preact/hooks';
import { notice, rows, save } from '../../app';
import { cl, fl, t } from '../../i18n';
import { fmtDate, todayVN } from '../../dates';
import { codes } from '../../schema';
import { byName, Empty, EntityForm, nextId, Page, useData } from '../../ui';
import { byDateDesc, clubRows, communeData, names } from './common';
import './words';

/** The fields a recipient kind asks for (ENTITIES.md); a member's club comes from the member. */
const WHO: Record<string, string[]> = {
  club: ['club_id'],
  village: ['village_id'],
  member: ['member_id'],
  person: ['recipient_name'],
  organisation: ['recipient_name'],
};

/** Who was commended, by name. */
export function recipient(f: Record<string, unknown>, n: Map<string, string>): string {
  const id = f.recipient_kind === 'club' ? f.club_id : f.recipient_kind === 'village' ? f.village_id : f.recipient_kind === 'member' ? f.member_id : null;
  if (id) return n.get(String(id)) ?? t('unknown_recipient');
  return String(f.recipient_name ?? t('unknown_recipient'));
}

export function CommendationsScreen() {
  const [edit, setEdit] = useState<string | 'new' | null>(null);
  const [kind, setKind] = useState<string>('club');
  const kindId = useState(() => nextId('k'))[0];
  const d = useData(async () => {
    const cd = await communeData();
    const list = (await rows('commendation')).filter((r) => r.fields.commune_id === cd.com);
    const members = (await clubRows('member', cd.clubs)).sort(byName);
    return { ...cd, list, members };
  }, []);
  if (!d) return <Page title={t('nav_commendations')}>{null}</Page>;
  const n = new Map([...names(d.clubs), ...names(d.villages), ...names(d.members)]);
  const editing = edit && edit !== 'new' ? d.list.find((r) => r.id === edit) : undefined;
  const k = editing ? String(editing.fields.recipient_kind) : kind;
  const clubOf = new Map(d.members.map((m) => [m.id, String(m.fields.club_id)]));
  return (
    <Page
      title={t('nav_commendations')}
      actions={
        !edit && (
          <button type="button" class="primary" onClick={() => setEdit('new')}>
            {t('add_commendation')}
          </button>
        )
      }
    >
      {edit && d.com && (
        <>
          <div class="field">
            <label for={kindId}>{fl('commendation', 'recipient_kind')}</label>
            <select id={kindId} value={k} disabled={!!editing} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
              {codes('commendation', 'recipient_kind').map((c) => (
                <option value={c}>{cl('recipient_kind', c)}</option>
              ))}
            </select>
          </div>
          <EntityForm
            key={`${edit}/${k}`}
            entity="commendation"
            fields={[...WHO[k], 'awarded_on', 'level', 'occasion', 'reason']}
            initial={editing?.fields ?? { awarded_on: todayVN() }}
            fixed={{ commune_id: d.com, recipient_kind: k }}
            readOnly={editing ? ['club_id'] : []}
            options={{
              club_id: d.clubs.map((c) => ({ value: c.id, label: String(c.fields.name) })),
              village_id: d.villages.map((v) => ({ value: v.id, label: String(v.fields.name) })),
              member_id: d.members.map((m) => ({ value: m.id, label: `${m.fields.full_name} (${n.get(String(m.fields.club_id)) ?? ''})` })),
            }}
            onCancel={() => setEdit(null)}
            onSubmit={async (f) => {
              const out = { ...f };
              if (k === 'member' && typeof f.member_id === 'string' && !editing) out.club_id = clubOf.get(f.member_id) ?? null;
              const r = await save('commendation', editing ? editing.id : null, out);
              if (!r.error) {
                setEdit(null);
                notice.value = { kind: 'info', text: t('saved') };
              }
              return r.error;
            }}
          />
        </>
      )}
      {!d.list.length && <Empty />}
      <ul class="list rows">
        {[...d.list].sort(byDateDesc('awarded_on')).map((r) => (
          <li>
            <button type="button" class="rowbtn" onClick={() => setEdit(r.id)}>
              <strong>{recipient(r.fields, n)}</strong> ({cl('recipient_kind', String(r.fields.recipient_kind))})
              <br />
              {cl('level', String(r.fields.level))}
              {r.fields.occasion ? ` · ${cl('occasion', String(r.fields.occasion))}` : ''} · {fmtDate(String(r.fields.awarded_on))}
              {r.fields.reason ? <span class="muted"> · {String(r.fields.reason)}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}
