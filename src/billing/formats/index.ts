import { normalizeHeader, type FormatSpec } from './format';
import { legacyLicense } from './legacy-license';
import { legacyUsage } from './legacy-usage';
import { nceDailyUsage } from './nce-daily-usage';
import { nceInvoice } from './nce-invoice';

export { normalizeHeader, type FormatSpec } from './format';

export const FORMATS: readonly FormatSpec[] = [nceInvoice, nceDailyUsage, legacyLicense, legacyUsage];

/** The format whose signature columns the header has, by name only (never the file name, never positions). */
export function detectFormat(headers: readonly string[]): FormatSpec | null {
  const names = new Set(headers.map(normalizeHeader));
  return FORMATS.find((format) => format.signature.every((column) => names.has(column))) ?? null;
}
