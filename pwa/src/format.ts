// How names, amounts and days read on screen (pure: shared by the screens and the unit tests).
import { DATE_RE, isValidDate } from './dates';
import { t } from './i18n';

const coll = new Intl.Collator('vi');

/**
 * Vietnamese order of people: by given name (the last word), then family name
 * (the first word), then the whole name, as club registers go.
 */
export function comparePersonNames(a: string, b: string): number {
  const pa = a.trim().split(/\s+/), pb = b.trim().split(/\s+/);
  return coll.compare(pa[pa.length - 1], pb[pb.length - 1]) || coll.compare(pa[0], pb[0]) || coll.compare(a, b);
}

export const compareText = (a: string, b: string): number => coll.compare(a, b);

/** "1000000" → "1.000.000" */
export const groupDigits = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** "Thứ Ba, 01/12/2026": the day written out beside a date field. */
export function dayLong(s: string): string {
  if (!isValidDate(s)) return '';
  const m = DATE_RE.exec(s)!;
  const wd = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return `${t('wd' + wd)}, ${m[3]}/${m[2]}/${m[1]}`;
}
