import { DAY_MS, daysInMonth, endOfUtcMonth, formatIsoDate, formatIsoMonth } from './dates';
import type { BillingLine, FileFormat } from './line';

// Held here: under tsx (the command line's loader) each use of an import calls a getter, and this runs per line.
const monthEndOf = endOfUtcMonth;

/** The day each billing cycle ends: 1–28, or the last day of the month (new commerce: the calendar month). */
export type CycleEndDay = number | 'last';

/** The billing date of a cycle ending in the month holding `utc`. */
export function cycleEndInMonth(year: number, month: number, cycleEndDay: CycleEndDay): number {
  const day = cycleEndDay === 'last' ? daysInMonth(year, month) : Math.min(cycleEndDay, daysInMonth(year, month));
  return Date.UTC(year, month - 1, day);
}

/** The first cycle end on or after `utc` (its day, whatever the time of day). */
export function firstCycleEndOnOrAfter(utc: number, cycleEndDay: CycleEndDay): number {
  const date = new Date(utc);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const thisMonth = cycleEndInMonth(year, month, cycleEndDay);
  const day = Date.UTC(year, month - 1, date.getUTCDate());
  return day <= thisMonth ? thisMonth : cycleEndInMonth(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, cycleEndDay);
}

/** Collects what the billing-date rule needs while lines stream by. */
export class BillingDateEvidence {
  private readonly monthCounts = new Map<number, number>();
  private latestCycleFeeStart: number | null = null;
  private latestChargeStart: number | null = null;

  private lastStart = NaN;
  private lastMonth = NaN;

  add(line: BillingLine): void {
    const start = line.chargeStart;
    if (start === null) return;
    // Lines come in runs of the same charge start: the month is worked out once per run.
    if (start !== this.lastStart) {
      this.lastStart = start;
      this.lastMonth = monthEndOf(start);
    }
    const month = this.lastMonth;
    this.monthCounts.set(month, (this.monthCounts.get(month) ?? 0) + 1);
    if (this.latestChargeStart === null || start > this.latestChargeStart) this.latestChargeStart = start;
    if (line.transactionType === 'cycle fee' && (this.latestCycleFeeStart === null || start > this.latestCycleFeeStart)) {
      this.latestCycleFeeStart = start;
    }
  }

  /** Adds what another part of the same file showed. */
  merge(other: BillingDateEvidence): void {
    for (const [month, count] of other.monthCounts) this.monthCounts.set(month, (this.monthCounts.get(month) ?? 0) + count);
    if (other.latestChargeStart !== null && (this.latestChargeStart === null || other.latestChargeStart > this.latestChargeStart)) this.latestChargeStart = other.latestChargeStart;
    if (other.latestCycleFeeStart !== null && (this.latestCycleFeeStart === null || other.latestCycleFeeStart > this.latestCycleFeeStart)) {
      this.latestCycleFeeStart = other.latestCycleFeeStart;
    }
  }

  /**
   * New commerce bills by calendar month: the last day of the month most charges start in (ties: the later
   * month; the day after, where that last day is the cycle end day). Legacy bills on the partner's billing day: the first cycle end on or after the latest cycle-fee
   * charge start (cycle fees are billed in advance), or the latest charge start when there is no cycle fee.
   */
  infer(format: FileFormat, cycleEndDay: CycleEndDay): { billingDate: number; rule: string } | null {
    if (format === 'nce-invoice' || format === 'nce-daily-usage') {
      let best: number | null = null;
      let bestCount = 0;
      for (const [month, count] of this.monthCounts) {
        if (count > bestCount || (count === bestCount && best !== null && month > best)) {
          best = month;
          bestCount = count;
        }
      }
      if (best === null) return null;
      // Under a set cycle end day a month's last day lies in the cycle after the month's own (October 31st in the
      // cycle ending November 15th), except where it is the cycle end itself (February 28th under the 28th): the day
      // after keeps that February out of January's cycle, which would bill two months at once and none the next.
      const end = new Date(best);
      const endsCycle = cycleEndDay !== 'last' && cycleEndInMonth(end.getUTCFullYear(), end.getUTCMonth() + 1, cycleEndDay) === best;
      const rule = `new commerce: the calendar month most charges start in (${formatIsoMonth(best)})`;
      if (!endsCycle) return { billingDate: best, rule };
      return { billingDate: best + DAY_MS, rule: `${rule}, the day after it: its last day is the cycle end day, which would bill it in the previous month's cycle` };
    }
    const anchor = this.latestCycleFeeStart ?? this.latestChargeStart;
    if (anchor === null) return null;
    const what = this.latestCycleFeeStart !== null ? 'latest cycle-fee charge start' : 'latest charge start (no cycle fee in the file)';
    const dayText = cycleEndDay === 'last' ? 'the last day of the month' : `day ${cycleEndDay}`;
    return {
      billingDate: firstCycleEndOnOrAfter(anchor, cycleEndDay),
      rule: `legacy: the first billing day (${dayText}) on or after the ${what}, ${formatIsoDate(anchor)}`,
    };
  }
}
