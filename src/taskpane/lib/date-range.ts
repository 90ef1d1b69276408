/**
 * The date range of a refresh: "Last month" (the latest billing cycle that has ended) or a custom range of cycle
 * months. The report has one section per cycle in the range.
 */
import type { CycleEndDay } from '../../billing/billing-date';
import { lastCompletedCycle, monthsBetween, parseMonth } from '../../billing/cycles';
import { formatIsoDate } from '../../billing/dates';

export type DateRange = { kind: 'last-month' } | { kind: 'custom'; from: string; to: string };

export const LAST_MONTH: DateRange = { kind: 'last-month' };

/** More cycles than this in one refresh is almost certainly a typo in a year. */
export const MAX_RANGE_MONTHS = 36;

export type RangeMonths = { ok: true; months: string[]; label: string } | { ok: false; error: string };

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-10" → "October 2026"; anything else as it is. */
export function monthName(month: string): string {
  const parsed = parseMonth(month);
  return parsed === null ? month : `${MONTH_NAMES[parsed[1] - 1]} ${parsed[0]}`;
}

/** The cycle months a range stands for on `today` (UTC ms), with a label saying which. */
export function rangeMonths(range: DateRange, today: number, cycleEndDay: CycleEndDay): RangeMonths {
  if (range.kind === 'last-month') {
    const cycle = lastCompletedCycle(today, cycleEndDay);
    return { ok: true, months: [cycle.month], label: `${monthName(cycle.month)}: ${formatIsoDate(cycle.start)} to ${formatIsoDate(cycle.end)}` };
  }
  const from = parseMonth(range.from);
  const to = parseMonth(range.to);
  if (from === null) return { ok: false, error: 'Enter the first month as YYYY-MM, for example 2026-10.' };
  if (to === null) return { ok: false, error: 'Enter the last month as YYYY-MM, for example 2026-10.' };
  if (from[0] * 12 + from[1] > to[0] * 12 + to[1]) return { ok: false, error: 'The first month is after the last month.' };
  const months = monthsBetween(from, to);
  if (months.length > MAX_RANGE_MONTHS) return { ok: false, error: `That is ${months.length} months; choose at most ${MAX_RANGE_MONTHS}.` };
  const label = months.length === 1 ? monthName(months[0]) : `${monthName(months[0])} to ${monthName(months[months.length - 1])} (${months.length} cycles)`;
  return { ok: true, months, label };
}

/** A custom range covering the given cycle months (to offer when the chosen range holds none of the files). */
export function rangeCovering(months: readonly string[]): DateRange | null {
  const sorted = [...months].filter((month) => parseMonth(month) !== null).sort();
  if (sorted.length === 0) return null;
  return { kind: 'custom', from: sorted[0], to: sorted[sorted.length - 1] };
}
