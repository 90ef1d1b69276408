import { cycleEndInMonth, firstCycleEndOnOrAfter, type CycleEndDay } from './billing-date';
import { DAY_MS, formatIsoMonth } from './dates';

/**
 * One Microsoft billing cycle: the cycle for month M runs from the day after the cycle end of M−1 through the
 * cycle end of M, and its report is dated the day after the cycle end (cycle end on the 15th: report dated the
 * 16th, covering the 16th of the previous month to the 15th).
 */
export interface BillingCycle {
  /** "2026-10": the month the cycle ends in. */
  month: string;
  start: number;
  end: number;
  reportDate: number;
}

export function cycleForMonth(year: number, month: number, cycleEndDay: CycleEndDay): BillingCycle {
  const end = cycleEndInMonth(year, month, cycleEndDay);
  const previousEnd = month === 1 ? cycleEndInMonth(year - 1, 12, cycleEndDay) : cycleEndInMonth(year, month - 1, cycleEndDay);
  return { month: formatIsoMonth(end), start: previousEnd + DAY_MS, end, reportDate: end + DAY_MS };
}

/** The cycle whose days include `date` (a billing date). */
export function cycleHolding(date: number, cycleEndDay: CycleEndDay): BillingCycle {
  const end = new Date(firstCycleEndOnOrAfter(date, cycleEndDay));
  return cycleForMonth(end.getUTCFullYear(), end.getUTCMonth() + 1, cycleEndDay);
}

/** "2026-10" → [2026, 10]; null when it is not a month. */
export function parseMonth(text: string): [number, number] | null {
  const match = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? [Number(match[1]), month] : null;
}

/** The months from..to inclusive, as "YYYY-MM" keys. */
export function monthsBetween(from: [number, number], to: [number, number]): string[] {
  const months: string[] = [];
  for (let [year, month] = from; year < to[0] || (year === to[0] && month <= to[1]); month === 12 ? ((year += 1), (month = 1)) : (month += 1)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
}

/** "Last month": the latest cycle that ended before `today`. */
export function lastCompletedCycle(today: number, cycleEndDay: CycleEndDay): BillingCycle {
  const current = cycleHolding(today, cycleEndDay);
  return cycleHolding(current.start - DAY_MS, cycleEndDay);
}

export function parseCycleEndDay(text: string): CycleEndDay | null {
  const value = text.trim().toLowerCase();
  if (value === 'last' || value === 'last day' || value === 'end of month' || value === '') return 'last';
  if (!/^\d{1,2}$/.test(value)) return null;
  const day = Number(value);
  return day >= 1 && day <= 28 ? day : null;
}
