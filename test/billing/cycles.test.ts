/**
 * Billing cycles: the cycle for month M runs from the day after the cycle end of M−1 through the cycle end of M, its
 * report is dated the day after the cycle end, and each imported file belongs to the cycle holding its billing date.
 */
import { readFileSync } from 'node:fs';
import type { CycleEndDay } from '../../src/billing/billing-date';
import { cycleForMonth, cycleHolding, lastCompletedCycle, monthsBetween, parseCycleEndDay, parseMonth, type BillingCycle } from '../../src/billing/cycles';
import { DAY_MS, formatIsoDate } from '../../src/billing/dates';
import { ReportBuilder } from '../../src/billing/report';
import { ImportSession } from '../../src/import/session';
import { configOf, reportOf } from '../helpers/billing-config';
import { billingFixture, byteSource } from '../helpers/billing-fixtures';
import { legacyLine, nceLine } from '../helpers/billing-lines';


/** A cycle as the accountant reads it: first day, last day, report date. */
function dates(cycle: BillingCycle): { month: string; start: string; end: string; reportDate: string } {
  return { month: cycle.month, start: formatIsoDate(cycle.start), end: formatIsoDate(cycle.end), reportDate: formatIsoDate(cycle.reportDate) };
}

describe('billing day on the 15th (legacy partners)', () => {
  it('the March cycle runs from February 16 through March 15, and its report is dated March 16', () => {
    expect(dates(cycleForMonth(2026, 3, 15))).toEqual({ month: '2026-03', start: '2026-02-16', end: '2026-03-15', reportDate: '2026-03-16' });
  });

  it('the January cycle starts on December 16 of the year before', () => {
    expect(dates(cycleForMonth(2018, 1, 15))).toEqual({ month: '2018-01', start: '2017-12-16', end: '2018-01-15', reportDate: '2018-01-16' });
  });

  it('a billing date of the 15th, even at 23:59, is in the cycle ending that day; the 16th starts the next cycle', () => {
    expect(cycleHolding(Date.UTC(2026, 2, 15, 23, 59), 15).month).toBe('2026-03');
    expect(cycleHolding(Date.UTC(2026, 2, 16), 15).month).toBe('2026-04');
    expect(cycleHolding(Date.UTC(2026, 1, 16), 15).month).toBe('2026-03');
  });

  it('a billing date of December 20 belongs to the January cycle of the next year', () => {
    expect(dates(cycleHolding(Date.UTC(2026, 11, 20), 15))).toEqual({ month: '2027-01', start: '2026-12-16', end: '2027-01-15', reportDate: '2027-01-16' });
  });
});

describe('calendar month (new commerce)', () => {
  it('October runs from October 1 through October 31 and its report is dated November 1', () => {
    expect(dates(cycleForMonth(2026, 10, 'last'))).toEqual({ month: '2026-10', start: '2026-10-01', end: '2026-10-31', reportDate: '2026-11-01' });
  });

  it('a 30-day month ends on the 30th', () => {
    expect(dates(cycleForMonth(2026, 4, 'last'))).toEqual({ month: '2026-04', start: '2026-04-01', end: '2026-04-30', reportDate: '2026-05-01' });
  });

  it('the December cycle is reported on January 1 of the next year', () => {
    expect(dates(cycleForMonth(2026, 12, 'last'))).toEqual({ month: '2026-12', start: '2026-12-01', end: '2026-12-31', reportDate: '2027-01-01' });
  });

  it('every day of a month, first to last, belongs to that month', () => {
    expect(cycleHolding(Date.UTC(2026, 9, 1), 'last').month).toBe('2026-10');
    expect(cycleHolding(Date.UTC(2026, 9, 31, 23, 59, 59), 'last').month).toBe('2026-10');
    expect(cycleHolding(Date.UTC(2026, 10, 1), 'last').month).toBe('2026-11');
  });
});

describe('leap years', () => {
  it('February 2024 ends on the 29th and is reported on March 1', () => {
    expect(dates(cycleForMonth(2024, 2, 'last'))).toEqual({ month: '2024-02', start: '2024-02-01', end: '2024-02-29', reportDate: '2024-03-01' });
    expect(dates(cycleForMonth(2024, 3, 'last')).start).toBe('2024-03-01');
  });

  it('February 2023 ends on the 28th and is reported on March 1', () => {
    expect(dates(cycleForMonth(2023, 2, 'last'))).toEqual({ month: '2023-02', start: '2023-02-01', end: '2023-02-28', reportDate: '2023-03-01' });
  });

  it('with the billing day on the 28th, February 29, 2024 starts the March cycle and is the February report date', () => {
    expect(dates(cycleForMonth(2024, 2, 28))).toEqual({ month: '2024-02', start: '2024-01-29', end: '2024-02-28', reportDate: '2024-02-29' });
    expect(dates(cycleForMonth(2024, 3, 28))).toEqual({ month: '2024-03', start: '2024-02-29', end: '2024-03-28', reportDate: '2024-03-29' });
    expect(cycleHolding(Date.UTC(2024, 1, 29), 28).month).toBe('2024-03');
  });

  it('cycles tile the calendar from 2023 through 2025: every day is in exactly one cycle, with no gap and no overlap', () => {
    const endDays: CycleEndDay[] = [1, 15, 28, 'last'];
    const wrong: string[] = [];
    for (const endDay of endDays) {
      for (let day = Date.UTC(2023, 0, 1); day <= Date.UTC(2025, 11, 31); day += DAY_MS) {
        const cycle = cycleHolding(day, endDay);
        const next = cycleHolding(day + DAY_MS, endDay);
        if (cycle.start > day || day > cycle.end) wrong.push(`${formatIsoDate(day)} (end day ${endDay}) is outside its cycle ${cycle.month}`);
        if (day === cycle.end && next.start !== day + DAY_MS) wrong.push(`the cycle after ${cycle.month} (end day ${endDay}) does not start the next day`);
        if (day !== cycle.end && next.month !== cycle.month) wrong.push(`${formatIsoDate(day)} (end day ${endDay}) is not its cycle's end, yet the next day is in another cycle`);
        if (cycle.reportDate !== cycle.end + DAY_MS) wrong.push(`the ${cycle.month} report (end day ${endDay}) is not dated the day after the cycle end`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the cycle end day setting', () => {
  it.each([
    ['15', 15],
    ['1', 1],
    ['28', 28],
    ['last', 'last'],
    ['Last day', 'last'],
    ['end of month', 'last'],
    ['', 'last'],
  ])('"%s" means %s', (text, day) => {
    expect(parseCycleEndDay(text)).toBe(day);
  });

  it.each(['0', '29', '31', 'fifteenth', '15th', '-1'])('"%s" is not a cycle end day (1 to 28, or last)', (text) => {
    expect(parseCycleEndDay(text)).toBeNull();
  });
});

describe('month ranges (--from / --to)', () => {
  it('reads YYYY-MM months and rejects anything else', () => {
    expect(parseMonth('2026-10')).toEqual([2026, 10]);
    expect(parseMonth(' 2026-3 ')).toEqual([2026, 3]);
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('2026-00')).toBeNull();
    expect(parseMonth('10/2026')).toBeNull();
  });

  it('lists every month from the first to the last, across a year end', () => {
    expect(monthsBetween([2025, 11], [2026, 2])).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween([2026, 10], [2026, 10])).toEqual(['2026-10']);
  });

  it('is empty when the range is backwards', () => {
    expect(monthsBetween([2026, 11], [2026, 10])).toEqual([]);
  });
});

describe('last month', () => {
  it('on November 5 the last completed calendar-month cycle is October', () => {
    expect(lastCompletedCycle(Date.UTC(2026, 10, 5), 'last').month).toBe('2026-10');
  });

  it('on November 5 with the billing day on the 15th it is the cycle that ended October 15', () => {
    expect(dates(lastCompletedCycle(Date.UTC(2026, 10, 5), 15))).toEqual({ month: '2026-10', start: '2026-09-16', end: '2026-10-15', reportDate: '2026-10-16' });
  });
});

describe('which cycle an imported file is billed in', () => {
  it('a new commerce file billed October 31 is in the October cycle, reported November 1', () => {
    const report = reportOf(configOf(), [{ lines: [nceLine()], document: { billingDate: Date.UTC(2026, 9, 31) } }]);
    expect(report.cycles.map((c) => dates(c.cycle))).toEqual([{ month: '2026-10', start: '2026-10-01', end: '2026-10-31', reportDate: '2026-11-01' }]);
  });

  it('files of the same cycle make one report; files of different cycles make one report each', () => {
    const report = reportOf(configOf(), [
      { lines: [nceLine({ invoiceNumber: 'G1' })], document: { fileName: 'october-a.csv', billingDate: Date.UTC(2026, 9, 31) } },
      { lines: [nceLine({ invoiceNumber: 'G2', customerId: 'other' })], document: { fileName: 'october-b.csv', billingDate: Date.UTC(2026, 9, 31) } },
      { lines: [nceLine({ invoiceNumber: 'G3' })], document: { fileName: 'november.csv', billingDate: Date.UTC(2026, 10, 30) } },
    ]);
    expect(report.cycles.map((c) => [c.cycle.month, c.documents])).toEqual([
      ['2026-10', ['october-a.csv', 'october-b.csv']],
      ['2026-11', ['november.csv']],
    ]);
  });

  it("the billing date entered in the Invoices table for the file's invoice moves the file to that cycle", () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,11/30/2026,' });
    const report = reportOf(config, [{ lines: [nceLine({ invoiceNumber: 'G100000001' })], document: { invoiceNumbers: ['G100000001'] } }]);
    expect(report.cycles.map((c) => c.cycle.month)).toEqual(['2026-11']);
  });

  it('a billing date the user set on the file itself wins over the Invoices table', () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,11/30/2026,' });
    const report = reportOf(config, [
      { lines: [nceLine({ invoiceNumber: 'G100000001' })], document: { invoiceNumbers: ['G100000001'], billingDate: Date.UTC(2026, 11, 31), billingDateOverridden: true } },
    ]);
    expect(report.cycles.map((c) => c.cycle.month)).toEqual(['2026-12']);
  });

  it('legacy files with the billing day on the 15th: the January 15 and February 15, 2018 files are two cycles, reported January 16 and February 16', async () => {
    const config = configOf({ Settings: 'Setting,Value\nCycle end day,15' });
    const session = new ImportSession();
    const builder = new ReportBuilder(config);
    for (const file of ['legacy-license-2018-01-15-purchase.csv', 'legacy-license-2018-02-15-seat-change.csv']) {
      const lines = builder.startDocument();
      const document = await session.importFile(file, byteSource(readFileSync(billingFixture(file))), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay });
      expect(document.status).toBe('imported');
      builder.addDocument(document, lines);
    }
    const report = builder.build();
    expect(report.cycles.map((c) => ({ ...dates(c.cycle), documents: c.documents }))).toEqual([
      { month: '2018-01', start: '2017-12-16', end: '2018-01-15', reportDate: '2018-01-16', documents: ['legacy-license-2018-01-15-purchase.csv'] },
      { month: '2018-02', start: '2018-01-16', end: '2018-02-15', reportDate: '2018-02-16', documents: ['legacy-license-2018-02-15-seat-change.csv'] },
    ]);
  });

  it('a legacy file is billed in its cycle even though its charges run into the next month', () => {
    const report = reportOf(configOf({ Settings: 'Setting,Value\nCycle end day,15' }), [
      { lines: [legacyLine()], document: { format: 'legacy-license', billingDate: Date.UTC(2018, 0, 15) } },
    ]);
    expect(report.cycles.map((c) => dates(c.cycle))).toEqual([{ month: '2018-01', start: '2017-12-16', end: '2018-01-15', reportDate: '2018-01-16' }]);
  });
});

describe('a range of months (--from/--to)', () => {
  const documents = [
    { lines: [nceLine({ invoiceNumber: 'G-SEP' })], document: { fileName: 'september.csv', billingDate: Date.UTC(2026, 8, 30) } },
    { lines: [nceLine({ invoiceNumber: 'G-OCT' })], document: { fileName: 'october.csv', billingDate: Date.UTC(2026, 9, 31) } },
    { lines: [nceLine({ invoiceNumber: 'G-NOV' })], document: { fileName: 'november.csv', billingDate: Date.UTC(2026, 10, 30) } },
  ];

  it('reports only the cycles ending in the selected months, and lists the other files as outside the range', () => {
    const report = reportOf(configOf(), documents, { months: new Set(['2026-10', '2026-11']) });
    expect(report.cycles.map((c) => c.cycle.month)).toEqual(['2026-10', '2026-11']);
    expect(report.reconciliation.outsideRange.map((o) => [o.file, o.cycleMonth])).toEqual([['september.csv', '2026-09']]);
    expect(report.reconciliation.invoices.map((i) => i.invoiceNumber)).toEqual(['G-OCT', 'G-NOV']);
  });

  it('without a range every cycle in the data is reported', () => {
    expect(reportOf(configOf(), documents).cycles.map((c) => c.cycle.month)).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('a file without a billing date is in no cycle: it is listed outside the range with a warning', () => {
    const report = reportOf(configOf(), [{ lines: [nceLine()], document: { fileName: 'undated.csv', billingDate: null } }]);
    expect(report.cycles).toEqual([]);
    expect(report.reconciliation.outsideRange).toEqual([expect.objectContaining({ file: 'undated.csv', cycleMonth: null, billingDate: null })]);
    expect(report.reconciliation.warnings).toContain('undated.csv: no billing date could be inferred; enter one for its invoice');
  });
});
