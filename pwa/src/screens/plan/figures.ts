// The plan screens' figures, without the app (unit-tested on their own).
import type { RowRec } from '../../db';

/** "95,0 %" of spent over planned; "—" when nothing is planned. */
export function share(spent: number, planned: number): string {
  if (!planned) return '—';
  const p = Math.round((spent * 1000) / planned) / 10;
  return `${String(p.toFixed(1)).replace('.', ',')} %`;
}

export interface BudgetCell {
  planned: number;
  spent: number;
}
export interface BudgetSource extends BudgetCell {
  source: string;
  items: Array<BudgetCell & { item: string }>;
}
export interface BudgetYear extends BudgetCell {
  year: number;
  sources: BudgetSource[];
}

/**
 * One year's budget lines summed by source and item, in the schema's code
 * order; an empty spent_vnd counts as nothing spent yet.
 */
export function budgetTable(lines: RowRec[], year: number, sources: string[], items: string[]): BudgetYear {
  const out: BudgetYear = { year, planned: 0, spent: 0, sources: [] };
  for (const s of sources) {
    const of = lines.filter((l) => l.fields.year === year && l.fields.source === s);
    if (!of.length) continue;
    const src: BudgetSource = { source: s, planned: 0, spent: 0, items: [] };
    for (const it of items) {
      const cell = { item: it, planned: 0, spent: 0 };
      const ls = of.filter((l) => l.fields.item === it);
      if (!ls.length) continue;
      for (const l of ls) {
        cell.planned += Number(l.fields.planned_vnd ?? 0);
        cell.spent += Number(l.fields.spent_vnd ?? 0);
      }
      src.items.push(cell);
      src.planned += cell.planned;
      src.spent += cell.spent;
    }
    out.sources.push(src);
    out.planned += src.planned;
    out.spent += src.spent;
  }
  return out;
}

/** A follow-up date before today. */
export const followUpPassed = (r: RowRec, today: string) => !!r.fields.follow_up_on && String(r.fields.follow_up_on) < today;

/** Passed follow-ups first (the oldest first), then the newest visits first. */
export function visitOrder(list: RowRec[], today: string): RowRec[] {
  const passed = list.filter((r) => followUpPassed(r, today)).sort((a, b) => String(a.fields.follow_up_on).localeCompare(String(b.fields.follow_up_on)));
  const rest = list.filter((r) => !followUpPassed(r, today)).sort((a, b) => String(b.fields.visited_on).localeCompare(String(a.fields.visited_on)) || a.id.localeCompare(b.id));
  return [...passed, ...rest];
}
