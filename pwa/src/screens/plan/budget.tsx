// "Kinh phí": the commune's budget lines (plan section VI) — a table per year,
// planned and spent by source and item, with totals and the share spent.
import { useState } from 'preact/hooks';
import { notice, rows, save } from '../../app';
import { cl, t } from '../../i18n';
import { todayVN } from '../../dates';
import { fmtMoney, fmtNumber } from '../../money';
import { codes } from '../../schema';
import { Empty, EntityForm, Page, useData } from '../../ui';
import type { RowRec } from '../../db';
import { communeData, deleteRow } from './common';
import { budgetTable, share, type BudgetYear } from './figures';
import './words';

const FIELDS = ['year', 'source', 'item', 'planned_vnd', 'spent_vnd', 'note'];

export function BudgetScreen() {
  const [edit, setEdit] = useState<string | 'new' | null>(null);
  const d = useData(async () => {
    const { com } = await communeData();
    const lines = (await rows('budget')).filter((r) => r.fields.commune_id === com);
    return { com, lines };
  }, []);
  if (!d) return <Page title={t('nav_budget')}>{null}</Page>;
  const years = [...new Set(d.lines.map((l) => Number(l.fields.year)))].sort((a, b) => b - a);
  const editing = edit && edit !== 'new' ? d.lines.find((r) => r.id === edit) : undefined;
  return (
    <Page
      title={t('nav_budget')}
      actions={
        !edit && (
          <button type="button" class="primary" onClick={() => setEdit('new')}>
            {t('add_budget')}
          </button>
        )
      }
    >
      {edit && d.com && (
        <EntityForm
          key={edit}
          entity="budget"
          fields={FIELDS}
          initial={editing?.fields ?? { year: Number(todayVN().slice(0, 4)) }}
          fixed={{ commune_id: d.com }}
          onCancel={() => setEdit(null)}
          onSubmit={async (f) => {
            const r = await save('budget', editing ? editing.id : null, f);
            if (!r.error) {
              setEdit(null);
              notice.value = { kind: 'info', text: t('saved') };
            }
            return r.error;
          }}
        >
          {editing && (
            <button
              type="button"
              class="danger"
              onClick={async () => {
                await deleteRow('budget', editing.id);
                setEdit(null);
              }}
            >
              {t('delete')}
            </button>
          )}
        </EntityForm>
      )}
      {!years.length && <Empty />}
      {years.map((y) => (
        <YearTable key={y} table={budgetTable(d.lines, y, codes('budget', 'source'), codes('budget', 'item'))} lines={d.lines} onEdit={setEdit} />
      ))}
    </Page>
  );
}

function YearTable({ table, lines, onEdit }: { table: BudgetYear; lines: RowRec[]; onEdit: (id: string) => void }) {
  const y = table.year;
  const mine = lines
    .filter((l) => l.fields.year === y)
    .sort((a, b) => codes('budget', 'source').indexOf(String(a.fields.source)) - codes('budget', 'source').indexOf(String(b.fields.source)) || codes('budget', 'item').indexOf(String(a.fields.item)) - codes('budget', 'item').indexOf(String(b.fields.item)));
  return (
    <section aria-label={t('budget_year', { y })}>
      <h2>{t('budget_year', { y })}</h2>
      <div class="scroll">
        <table class="table budget">
          <caption class="muted">{t('money_unit')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('budget_item_col')}</th>
              <th scope="col" class="num">{t('budget_planned')}</th>
              <th scope="col" class="num">{t('budget_spent')}</th>
            </tr>
          </thead>
          <tbody>
            {table.sources.map((s) => (
              <>
                <tr class="sub">
                  <th scope="rowgroup">{cl('source', s.source)}</th>
                  <td class="num">{fmtNumber(s.planned)}</td>
                  <td class="num">
                    {fmtNumber(s.spent)}
                    <br />
                    <small>{share(s.spent, s.planned)}</small>
                  </td>
                </tr>
                {s.items.map((i) => (
                  <tr>
                    <th scope="row" class="item">{cl('item', i.item)}</th>
                    <td class="num">{fmtNumber(i.planned)}</td>
                    <td class="num">{fmtNumber(i.spent)}</td>
                  </tr>
                ))}
              </>
            ))}
          </tbody>
          <tfoot>
            <tr class="total">
              <th scope="row">{t('budget_total')}</th>
              <td class="num">{fmtNumber(table.planned)}</td>
              <td class="num">
                {fmtNumber(table.spent)}
                <br />
                <small>{share(table.spent, table.planned)}</small>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p>
        <strong>{t('budget_share', { p: share(table.spent, table.planned) })}</strong>
      </p>
      <details>
        <summary>{t('budget_lines', { y })}</summary>
        <ul class="list rows">
          {mine.map((l) => (
            <li>
              <button type="button" class="rowbtn" onClick={() => onEdit(l.id)}>
                {cl('source', String(l.fields.source))} · {cl('item', String(l.fields.item))} · {t('budget_planned')} {fmtMoney(Number(l.fields.planned_vnd))}
                {l.fields.spent_vnd != null && ` · ${t('budget_spent')} ${fmtMoney(Number(l.fields.spent_vnd))}`}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
