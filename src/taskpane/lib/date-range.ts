/**
 * The date range of a refresh: "Last month" (the latest billing cycle that has ended) or a custom range of cycle
 * months. The report has one section per cycle in the range.
 *
 * Days are the accountant's: "today" is the local calendar date of their computer, held as the engine holds a day
 * (that date's midnight in UTC), so a cycle has ended once its last day is over where they are. They are written as
 * the pane's locale writes them (day-text.ts: 10/31/2026, 31.10.2026).
 */
import type { CycleEndDay } from '../../billing/billing-date';
import { cycleForMonth, lastCompletedCycle, monthsBetween, parseMonth } from '../../billing/cycles';
import { formatIsoDate, startOfUtcDay } from '../../billing/dates';
import { dayText } from './day-text';

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

/**
 * The calendar day at `instant` where the clock is `minutesBehindUtc` behind UTC (what Date#getTimezoneOffset says
 * there: -660 in Sydney's summer), as that date's UTC midnight.
 */
export function calendarDay(instant: number, minutesBehindUtc: number): number {
  return startOfUtcDay(instant - minutesBehindUtc * 60_000);
}

/** Today on the accountant's computer: at 09:30 on December 1 in Sydney it is still November 30 in UTC. */
export function localToday(now: Date): number {
  return calendarDay(now.getTime(), now.getTimezoneOffset());
}

/** Milliseconds from `now` to the next local midnight, when "today", and so "Last month", may change. */
export function untilNextLocalMidnight(now: Date): number {
  // The local date constructor finds midnight across a change to or from summer time.
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime();
}

/** The cycle billed as a month ("2026-10") under the cycle end day. */
function cycleOf(month: string, cycleEndDay: CycleEndDay) {
  const [year, number] = parseMonth(month)!;
  return cycleForMonth(year, number, cycleEndDay);
}

/** A cycle has ended once its last day is over: on its last day it is still open. */
export function cycleHasEnded(month: string, today: number, cycleEndDay: CycleEndDay): boolean {
  return cycleOf(month, cycleEndDay).end < startOfUtcDay(today);
}

/** An engine's day (its UTC midnight) as the pane's locale writes it: "10/31/2026". */
const shownDay = (day: number) => dayText(formatIsoDate(day));

/** "October 2026 (10/01/2026 to 10/31/2026)" */
function monthWithDays(month: string, cycleEndDay: CycleEndDay): string {
  const cycle = cycleOf(month, cycleEndDay);
  return `${monthName(month)} (${shownDay(cycle.start)} to ${shownDay(cycle.end)})`;
}

const listed = (months: readonly string[]) => months.map(monthName).join(', ');

/** The cycle months a range stands for on `today` (see localToday), with a label saying which. */
export function rangeMonths(range: DateRange, today: number, cycleEndDay: CycleEndDay): RangeMonths {
  if (range.kind === 'last-month') {
    const cycle = lastCompletedCycle(today, cycleEndDay);
    return { ok: true, months: [cycle.month], label: `${monthName(cycle.month)}: ${shownDay(cycle.start)} to ${shownDay(cycle.end)}` };
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
export function rangeCovering(months: readonly string[]): Extract<DateRange, { kind: 'custom' }> | null {
  const sorted = [...months].filter((month) => parseMonth(month) !== null).sort();
  if (sorted.length === 0) return null;
  return { kind: 'custom', from: sorted[0], to: sorted[sorted.length - 1] };
}

/** What to say, and which range to offer, when the chosen range holds none of the files. */
export interface NothingToBillAdvice {
  text: string;
  /** The cycles of the files that have ended; null when none has (a cycle still open is not offered). */
  offer: { range: DateRange; label: string } | null;
}

/** `kept`: the range of the report the workbook still holds from this session (the pane no longer shows it), or null. */
export function nothingToBillAdvice(cyclesInData: readonly string[], today: number, cycleEndDay: CycleEndDay, kept: string | null = null): NothingToBillAdvice {
  const unchanged = kept === null ? 'The workbook was not changed.' : `The workbook was not changed: its report is still the one of ${kept}.`;
  const months = [...cyclesInData].filter((month) => parseMonth(month) !== null).sort();
  if (months.length === 0) return { text: `None of the imported files could be billed. ${unchanged}`, offer: null };
  const ended = months.filter((month) => cycleHasEnded(month, today, cycleEndDay));
  const open = months.filter((month) => !ended.includes(month));
  const sentences = [`The imported files belong to ${listed(months)}.`];
  if (open.length > 0) {
    const which = open.map((month) => monthWithDays(month, cycleEndDay)).join(', ');
    sentences.push(`${which} ${open.length === 1 ? 'has' : 'have'} not ended yet: bill ${open.length === 1 ? 'it' : 'them'} once ended, or choose Custom months to see ${open.length === 1 ? 'it' : 'them'} so far.`);
  }
  if (ended.length > 0) sentences.push(`Choose a date range that includes ${open.length > 0 ? listed(ended) : ended.length === 1 ? 'it' : 'them'}.`);
  sentences.push(unchanged);
  const range = rangeCovering(ended);
  if (range === null) return { text: sentences.join(' '), offer: null };
  return { text: sentences.join(' '), offer: { range, label: range.from === range.to ? monthName(range.from) : `${monthName(range.from)} to ${monthName(range.to)}` } };
}

/** The cycles of a range that the report has no section for: none of the imported files bills in them. */
export function cyclesWithNothingToBill(months: readonly string[], billed: readonly string[]): string[] {
  return months.filter((month) => !billed.includes(month));
}

/** Said under a report of several cycles, so an empty one is not taken for one forgotten. */
export function nothingToBillInText(months: readonly string[], cycleEndDay: CycleEndDay): string | null {
  if (months.length === 0) return null;
  const which = months.map((month) => monthWithDays(month, cycleEndDay)).join(', ');
  return `Nothing to bill in ${which}: none of the imported files bills in ${months.length === 1 ? 'that cycle' : 'those cycles'}.`;
}

/** Said of a range holding cycles not yet ended: their reports are what the files hold so far. */
export function stillOpenText(months: readonly string[], today: number, cycleEndDay: CycleEndDay): string | null {
  const open = months.filter((month) => parseMonth(month) !== null && !cycleHasEnded(month, today, cycleEndDay));
  if (open.length === 0) return null;
  const which = open.map((month) => `${monthName(month)} has not ended yet (it ends on ${shownDay(cycleOf(month, cycleEndDay).end)})`).join('; ');
  return `${which}: ${open.length === 1 ? 'its report holds' : 'their reports hold'} only what the files bill so far.`;
}

/** What to say under a report of the range's months, of which `billed` have a section: the empty ones, the open ones. */
export function rangeNotes(months: readonly string[], billed: readonly string[], today: number, cycleEndDay: CycleEndDay): string[] {
  const empty = cyclesWithNothingToBill(months, billed);
  const notes = [nothingToBillInText(empty, cycleEndDay), stillOpenText(months.filter((month) => !empty.includes(month)), today, cycleEndDay)];
  return notes.filter((note): note is string => note !== null);
}
