// Dates are YYYY-MM-DD meant in Asia/Ho_Chi_Minh (UTC+7, no DST).
const VN_OFFSET_MS = 7 * 3600 * 1000;

let nowFn: () => number = Date.now;
/** The app's clock (server-corrected once the sync client knows the offset). */
export function setNow(f: () => number): void { nowFn = f; }

export function todayVN(ms: number = nowFn()): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function currentYearVN(ms: number = nowFn()): number {
  return Number(todayVN(ms).slice(0, 4));
}

export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= dim;
}

/** dd/mm/yyyy for display. */
export function fmtDate(s: string | null | undefined): string {
  if (!s) return '';
  const m = DATE_RE.exec(s);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : s;
}

export function addDays(s: string, n: number): string {
  const t = Date.parse(s + 'T00:00:00Z') + n * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

export function addMonths(s: string, n: number): string {
  const [y, m, d] = s.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12), nm = (total % 12) + 1;
  const dim = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`;
}

/** "12:05 28/11/2026" for a timestamp, in Vietnam time. */
export function fmtTime(ms: number | null | undefined): string {
  if (!ms) return '';
  const iso = new Date(ms + VN_OFFSET_MS).toISOString();
  return `${iso.slice(11, 16)} ${fmtDate(iso.slice(0, 10))}`;
}
