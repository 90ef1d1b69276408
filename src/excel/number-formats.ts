/**
 * Reading Excel number format codes: is a cell shown as a date, as a percentage, as text, with which currency. Only the
 * parts outside quoted text ("..."), escapes (\x) and brackets ([Red], [$-409], [h]) mean anything to the first three,
 * so those are dropped first; a currency is in those parts.
 */
import { markOf } from '../billing/currency';

export const TEXT_FORMAT = '@';
export const GENERAL_FORMAT = 'General';
/** Used for a date cell whose column does not say how to show dates: ISO reads the same in every locale. */
export const DEFAULT_DATE_FORMAT = 'yyyy-mm-dd';

/** Where a number format shows a currency: its sign or code as the format writes it, before or after the number. */
export interface FormatCurrency {
  written: string;
  after: boolean;
}

/** Signs a format code may hold bare, outside quotes: "$" is a literal there, and Excel keeps "€" typed into one. */
const BARE_SIGNS = new Set(['$', '€', '£', '¥', '₹', '₩']);
const DIGIT_PLACEHOLDERS = new Set(['0', '#', '?']);
/** ISO 4217 codes, so that quoted text of three letters ("pcs") is not taken for a currency. */
const ISO_CODES: ReadonlySet<string> | null = typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;

/**
 * The currency the first (positive) section of a number format shows, or null: a bracketed currency ([$€-x-euro2],
 * [$USD-409], [$CHF]; not [$-409], a locale alone), quoted text or escaped characters that are a sign or an ISO code
 * ("€", "US$", \€, \C\H\F), or a bare sign ($, €). Padding (_( _-) and fill (* ) characters are no text, and quoted
 * text that is no currency ("units") is passed over. A symbol no currency rule knows ([$Fr.-100C]) is null too: the
 * cell is then read as a plain number, as before formats were read.
 */
export function formatCurrency(format: string | null | undefined): FormatCurrency | null {
  if (typeof format !== 'string') return null;
  let digits = false;
  let run = '';
  let found: FormatCurrency | null = null;
  const consider = (text: string, bracketed: boolean) => {
    const written = text.trim();
    if (found !== null || written === '') return;
    const mark = markOf(written);
    if (mark === null) return;
    // A code in [$...] is a currency by the format's grammar; elsewhere three letters must be a real one.
    const code = /^[A-Za-z]{3}$/.test(written);
    if (code && !bracketed && ISO_CODES !== null && !ISO_CODES.has(written.toUpperCase())) return;
    found = { written, after: digits };
  };
  const endRun = () => {
    consider(run, false);
    run = '';
  };
  for (let i = 0; i < format.length && found === null; i++) {
    const ch = format[i];
    if (ch === ';') break;
    if (ch === '\\' || BARE_SIGNS.has(ch)) {
      // Escaped characters and bare signs side by side are one literal (\C\H\F, \U\S$); a space ends it.
      const literal = ch === '\\' ? (format[++i] ?? '') : ch;
      if (/\s/.test(literal)) endRun();
      else run += literal;
      continue;
    }
    endRun();
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      consider(format.slice(i + 1, end < 0 ? undefined : end), false);
      i = end < 0 ? format.length : end;
    } else if (ch === '[') {
      const end = format.indexOf(']', i + 1);
      const inside = format.slice(i + 1, end < 0 ? undefined : end);
      // [$symbol-locale]: the symbol runs to the first "-"; [Red], [>100], [h] and [$-409] show none.
      if (inside.startsWith('$')) consider(inside.slice(1).split('-')[0], true);
      i = end < 0 ? format.length : end;
    } else if (ch === '_' || ch === '*') {
      i++; // the width of the next character, or the next character repeated: no text
    } else if (DIGIT_PLACEHOLDERS.has(ch)) {
      digits = true;
    }
  }
  endRun();
  return found;
}

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
