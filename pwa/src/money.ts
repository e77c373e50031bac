/** "1.500.000 đ" */
export function fmtMoney(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  const neg = n < 0;
  const s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${s} đ`;
}

/** Reads "1.500.000", "1500000", "1 500 000 đ" as 1500000; null when not a whole number. */
export function parseMoney(s: string): number | null {
  const t = s.replace(/[\s.,đ]/g, '');
  if (!/^\d+$/.test(t)) return null;
  return Number(t);
}

export function fmtNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  const [i, f] = n.toFixed(digits).split('.');
  const neg = i.startsWith('-');
  const body = (neg ? i.slice(1) : i).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '-' : '') + body + (f ? ',' + f : '');
}
