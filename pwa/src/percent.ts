// Shares (targets "…_share") are stored as fractions 0–1 (ENTITIES.md) but
// entered and shown as percentages with a decimal comma: "62,5" ↔ 0.625.

/**
 * A percentage as typed ("60", "62,5", "62.5", "60 %") turned into the stored
 * fraction (0.6, 0.625); null when empty; the text itself when it is not a
 * number, so that validation reports it (as it reports a value over 100 %).
 */
export function percentToFraction(raw: string): number | null | string {
  const s = raw.trim().replace(/\s*%$/, '');
  if (s === '') return null;
  if (!/^-?\d+([.,]\d+)?$/.test(s)) return raw.trim();
  // rounded to 4 decimals of a percent: "33,3" is 0.333, not 0.33299999999999996
  return Math.round(Number(s.replace(',', '.')) * 1e4) / 1e6;
}

/** A stored fraction written as a percentage with a decimal comma: 0.625 → "62,5". */
export function fractionToPercent(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v === null || v === undefined ? '' : String(v);
  return String(Math.round(v * 1e6) / 1e4).replace('.', ',');
}

/** Whether a target indicator is a share (entered as a percentage). */
export const isShare = (indicator: unknown): boolean => typeof indicator === 'string' && indicator.endsWith('_share');
