/**
 * Reading Excel number format codes: is a cell shown as a date, as a percentage, as text. Only the parts outside
 * quoted text ("..."), escapes (\x) and brackets ([Red], [$-409], [h]) mean anything, so those are dropped first.
 */

export const TEXT_FORMAT = '@';
export const GENERAL_FORMAT = 'General';
/** Used for a date cell whose column does not say how to show dates: ISO reads the same in every locale. */
export const DEFAULT_DATE_FORMAT = 'yyyy-mm-dd';

/** Days from Excel's day 0 (1899-12-30 in the 1900 date system) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET_DAYS = 25_569;
const DAY_MS = 86_400_000;

function meaningfulPart(format: string): string {
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '');
}

export function isPercentFormat(format: string | null | undefined): boolean {
  return typeof format === 'string' && meaningfulPart(format).includes('%');
}

/** Day, month or year codes. A bare "m" is minutes next to h or s, so a time-only format is not a date. */
export function isDateFormat(format: string | null | undefined): boolean {
  if (typeof format !== 'string' || format === '' || format === GENERAL_FORMAT || format === TEXT_FORMAT) return false;
  const part = meaningfulPart(format.split(';')[0]).toLowerCase();
  if (/[dy]/.test(part)) return true;
  return /m/.test(part) && !/[hs]/.test(part);
}

/** Midnight UTC of a day → the serial Excel stores (1900 date system; dates from 1900-03-01 on). */
export function excelSerialOf(utc: number): number {
  return utc / DAY_MS + EXCEL_EPOCH_OFFSET_DAYS;
}

/** An Excel date serial → ISO text: "2026-10-31", or "2026-10-31T08:30:00" when it holds a time of day. */
export function isoOfExcelSerial(serial: number): string {
  const utc = Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * DAY_MS / 1000) * 1000;
  const iso = new Date(utc).toISOString();
  return utc % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}
