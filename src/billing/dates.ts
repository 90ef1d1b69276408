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
  const date = new Date(utc);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
}
