/** Display helpers shared by the pages. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** A byte count in decimal units, as the Hub shows it: `1.5 MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

/** A parameter count: `7.24B params`, `110M params`. */
export function formatParameters(count: number): string {
  if (count >= 1e9) {
    return `${(count / 1e9).toFixed(2).replace(/\.?0+$/, '')}B params`;
  }
  if (count >= 1e6) {
    return `${Math.round(count / 1e6)}M params`;
  }
  if (count >= 1e3) {
    return `${Math.round(count / 1e3)}k params`;
  }
  return `${count} params`;
}

/** A date as the reader's locale writes it; the raw value when it does not parse. */
export function formatDate(value: string | undefined | null): string {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A compact count: 1234 → `1.2k`. */
export function formatCount(value: number | undefined): string {
  if (value === undefined) {
    return '0';
  }
  if (value >= 1e6) {
    return `${(value / 1e6).toFixed(1)}M`;
  }
  if (value >= 1e3) {
    return `${(value / 1e3).toFixed(1)}k`;
  }
  return String(value);
}
