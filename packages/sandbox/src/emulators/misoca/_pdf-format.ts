/** How numbers, money and dates read on a Japanese business document. */

/** Digits grouped by thousands, decimals kept as given (`"1234.5"` → `1,234.5`, `"300000.0"` → `300,000`). */
export function groupDigits(value: string | number): string {
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  const [whole = '0', fraction] = String(Math.abs(number)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${number < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A yen amount as printed on an invoice: `¥291,500` (yen have no minor unit, so it is rounded). */
export function yen(value: string | number): string {
  const rounded = Math.round(Number(value));
  if (!Number.isFinite(rounded)) return `¥${String(value)}`;
  return `${rounded < 0 ? '-' : ''}¥${groupDigits(Math.abs(rounded))}`;
}

/** `2025-01-06` → `2025年1月6日`; an empty or odd value is printed as it is. */
export function japaneseDate(value: unknown): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof value === 'string' ? value : '');
  if (!match) return typeof value === 'string' ? value : '';
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** A tax rate as a label: `0.1` → `10%`. */
export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
