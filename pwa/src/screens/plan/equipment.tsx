// "Trang thiết bị": the starting equipment given to clubs (plan VI.2). A
// ledger: an entry is written once and voided with a reason, never edited.
import { useState } from 'preact/hooks';
import { notice, save, voidRow } from '../../app';
import { cl, t } from '../../i18n';
import { fmtDate, todayVN } from '../../dates';
import { fmtMoney } from '../../money';
import { Empty, EntityForm, Page, useData, VoidButton } from '../../ui';
import type { RowRec } from '../../db';
import { byDateDesc, clubRows, communeData } from './common';
import './words';

/** "Máy đo huyết áp × 2 · 01/04/2026 · Ngân sách nhà nước · 1.700.000 đ" */
export function equipmentLine(r: RowRec): string {
  const f = r.fields;
  const parts = [`${cl('item', String(f.item))} × ${f.quantity}`, fmtDate(String(f.given_on)), cl('source', String(f.source))];
  if (f.value_vnd != null) parts.push(fmtMoney(Number(f.value_vnd)));
  return parts.join(' · ');
}

/** The equipment of one club, voided entries struck through with their reason. */
export function EquipmentList({ list, onVoid }: { list: RowRec[]; onVoid?: (r: RowRec, reason: string) => ReturnType<typeof voidRow> }) {
  if (!list.length) return <Empty />;
  return (
    <ul class="list rows">
      {[...list].sort(byDateDesc('given_on')).map((r) => (
        <li class={r.fields.voided_reason ? 'voided' : ''}>
          <span>
            {equipmentLine(r)}
            {r.fields.note ? <span class="muted"> · {String(r.fields.note)}</span> : null}
            {r.fields.voided_reason ? <span> ({t('equipment_voided', { r: String(r.fields.voided_reason) })})</span> : null}
          </span>
          {onVoid && !r.fields.voided_reason && <VoidButton onVoid={(reason) => onVoid(r, reason)} />}
        </li>
      ))}
    </ul>
  );
}

export function EquipmentScreen() {
  const [adding, setAdding] = useState(false);
  const d = useData(async () => {
    const cd = await communeData();
    return { ...cd, list: await clubRows('equipment', cd.clubs) };
  }, []);
  if (!d) return <Page title={t('nav_equipment')}>{null}</Page>;
  const withItems = d.clubs.filter((c) => d.list.some((r) => r.fields.club_id === c.id));
  return (
    <Page
      title={t('nav_equipment')}
      actions={
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t('add_equipment')}
          </button>
        )
      }
    >
      {adding && (
        <EntityForm
          entity="equipment"
          fields={['club_id', 'given_on', 'item', 'quantity', 'value_vnd', 'source', 'note']}
          initial={{ given_on: todayVN(), quantity: 1 }}
          options={{ club_id: d.clubs.map((c) => ({ value: c.id, label: String(c.fields.name) })) }}
          onCancel={() => setAdding(false)}
          onSubmit={async (f) => {
            const r = await save('equipment', null, f);
            if (!r.error) {
              setAdding(false);
              notice.value = { kind: 'info', text: t('saved') };
            }
            return r.error;
          }}
        />
      )}
      {!withItems.length && <Empty />}
      {withItems.map((c) => (
        <section aria-label={t('equipment_of', { c: String(c.fields.name) })}>
          <h2>{String(c.fields.name)}</h2>
          <EquipmentList list={d.list.filter((r) => r.fields.club_id === c.id)} onVoid={(r, reason) => voidRow('equipment', r.id, reason)} />
        </section>
      ))}
    </Page>
  );
}
