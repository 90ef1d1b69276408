/**
 * Billing dates. Partner Center dates are UTC; they are kept as milliseconds since the epoch (UTC) and parsed from
 * text by hand so no locale ever reads 3/4 as the 3rd of April.
 */

export const DAY_MS = 86_400_000;

export class DateSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`"${text}" is not a date (${reason})`);
  }
}

/** The reason given for text in none of the forms parseBillingDate reads (not for an impossible day). */
/** Why 25/10/2026 is no date: said to the accountant whose Excel wrote it. */
const SWAPPED = 'M/D/YYYY puts the month first; were the day and month swapped by an Excel set to day-first dates?';

export const NO_DATE_FORM = 'expected M/D/YYYY or ISO 8601';

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])[Mm])?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Accepts M/D/YYYY and MM/DD/YYYY (month first, as Microsoft writes them), optionally followed by H:MM[:SS] and
 * AM/PM, and ISO 8601 (a date, or a date-time with optional Z or offset, converted to UTC).
 * Returns null for empty text; throws DateSyntaxError for anything else or for an impossible date.
 */
export function parseBillingDate(text: string): number | null {
  const trimmed = text.trim().replace(/^'/, '');
  if (trimmed === '') return null;
  let match = US_DATE.exec(trimmed);
  if (match) {
    let hour = match[4] === undefined ? 0 : Number(match[4]);
    const ampm = match[7]?.toLowerCase();
    if (ampm !== undefined) {
      if (hour < 1 || hour > 12) throw new DateSyntaxError(text, 'hour out of range');
      hour = (hour % 12) + (ampm === 'p' ? 12 : 0);
    }
    // 25/10/2026: an Excel set to day-first dates saved the file (month first is Microsoft's order).
    if (Number(match[1]) > 12 && Number(match[2]) <= 12) throw new DateSyntaxError(text, `month out of range: ${SWAPPED}`);
    return checkedUtc(text, Number(match[3]), Number(match[1]), Number(match[2]), hour, Number(match[5] ?? 0), Number(match[6] ?? 0), 0);
  }
  match = ISO_DATE.exec(trimmed);
  if (match) {
    const millis = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
    const utc = checkedUtc(text, Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0), millis);
    const zone = match[8];
    if (zone === undefined || zone === 'Z') return utc;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    if (offsetMinutes > 14 * 60) throw new DateSyntaxError(text, 'time zone offset out of range');
    return utc - sign * offsetMinutes * 60_000;
  }
  throw new DateSyntaxError(text, NO_DATE_FORM);
}

const CH_SLASH = 47;

/**
 * parseBillingDate of a date alone as Microsoft writes it (10/31/2026), read without a regular expression or a Date:
 * a line has five dates, most of them different from the line before. NaN for any other text, an impossible date or a
 * year below 100 (which Date.UTC takes as 19xx): parseBillingDate reads those, or says why it cannot.
 */
export function plainUsDate(text: string): number {
  const length = text.length;
  if (length < 8 || length > 10) return NaN;
  const monthEnd = text.charCodeAt(1) === CH_SLASH ? 1 : 2;
  const dayEnd = text.charCodeAt(monthEnd + 2) === CH_SLASH ? monthEnd + 2 : monthEnd + 3;
  if (text.charCodeAt(monthEnd) !== CH_SLASH || text.charCodeAt(dayEnd) !== CH_SLASH || dayEnd + 5 !== length) return NaN;
  const month = digitsIn(text, 0, monthEnd);
  const day = digitsIn(text, monthEnd + 1, dayEnd);
  const year = digitsIn(text, dayEnd + 1, length);
  if (!(month >= 1 && month <= 12 && day >= 1 && year >= 100) || day > monthDays(year, month)) return NaN;
  return daysFromCivil(year, month, day) * DAY_MS;
}

/** The number the decimal digits of text[start, end) write; NaN if anything else is there. */
function digitsIn(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return NaN;
    n = n * 10 + digit;
  }
  return n;
}

/** daysInMonth by arithmetic, for years from 100 on. */
function monthDays(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return 30 + ((month + (month >> 3)) & 1);
}

/** Days since 1970-01-01 of a date of the proleptic Gregorian calendar, as Date.UTC counts them (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The instant of a date and time read from `text`, or DateSyntaxError naming what is out of range. */
export function checkedUtc(text: string, year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (month < 1 || month > 12) throw new DateSyntaxError(text, 'month out of range');
  if (day < 1 || day > daysInMonth(year, month)) throw new DateSyntaxError(text, 'no such day in that month');
  if (hour > 23 || minute > 59 || second > 59) throw new DateSyntaxError(text, 'time out of range');
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days a charge covers, both ends counted (an end at 23:59 counts its day once). */
export function chargedDays(chargeStart: number, chargeEnd: number): number {
  return Math.floor((chargeEnd - chargeStart) / DAY_MS) + 1;
}

/** The UTC calendar day holding an instant, as midnight UTC. */
export function startOfUtcDay(utc: number): number {
  return Math.floor(utc / DAY_MS) * DAY_MS;
}

/** "2026-10-31" */
export function formatIsoDate(utc: number): string {
  return new Date(utc).toISOString().slice(0, 10);
}

/** "2026-10" */
export function formatIsoMonth(utc: number): string {
  return new Date(utc).toISOString().slice(0, 7);
}

/** The last day of the UTC month holding `utc`, at midnight UTC. */
export function endOfUtcMonth(utc: number): number {
  // A file's charges start in a month or two: the last month found answers most calls at once.
  if (utc >= lastMonth.from && utc < lastMonth.to) return lastMonth.end;
  // By arithmetic; a Date for years of other than four digits (Date.UTC takes 0-99 as 19xx, and has an end) and
  // anything not a date.
  const days = Math.floor(utc / DAY_MS);
  const { year, month, day } = civilFromDays(days);
  if (!(year >= 100 && year <= 9999)) {
    const date = new Date(utc);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
  }
  const end = (days - day + monthDays(year, month)) * DAY_MS;
  lastMonth = { from: (days - day + 1) * DAY_MS, to: end + DAY_MS, end };
  return end;
}

/** The instants of the month endOfUtcMonth found last ([from, to)), and its last day. */
let lastMonth = { from: NaN, to: NaN, end: NaN };

/** The date of a count of days since 1970-01-01, proleptic Gregorian (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1 };
}
