/**
 * A file's size as people read it, the same in the agent client and the website widget: bytes below
 * 1 KB, then KB, MB, GB (1024 each) with at most one decimal, numbers and units in the reader's language
 * (en "598 byte", "1.4 MB"; de "598 Byte", "1,4 MB"). Free of zod, so the widget can import it cheaply.
 */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

export function formatFileSize(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}
