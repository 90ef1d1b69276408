import {
  DateSyntaxError,
  daysInMonth,
  endOfUtcMonth,
  formatIsoDate,
  formatIsoMonth,
  parseBillingDate,
  plainUsDate,
  startOfUtcDay,
} from '../../src/billing/dates';
import fc from 'fast-check';

const utc = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0) => Date.UTC(year, month - 1, day, hour, minute, second, ms);

describe('reading Partner Center dates (always UTC, month first)', () => {
  it.each<[string, number]>([
    ['2/1/2019', utc(2019, 2, 1)],
    ['10/3/2020', utc(2020, 10, 3)],
    ['11/01/2025', utc(2025, 11, 1)],
    ['03/04/2026', utc(2026, 3, 4)],
    ['2/29/2024', utc(2024, 2, 29)],
    ['2/1/2019 0:00', utc(2019, 2, 1)],
    ['2/28/2019 23:59', utc(2019, 2, 28, 23, 59)],
    ['1/13/2018 00:00:00', utc(2018, 1, 13)],
    ['5/25/2018 12:00:00 AM', utc(2018, 5, 25)],
    ['5/25/2018 12:30 PM', utc(2018, 5, 25, 12, 30)],
    ['5/25/2018 1:05 pm', utc(2018, 5, 25, 13, 5)],
    ['5/25/2018 11:59:59PM', utc(2018, 5, 25, 23, 59, 59)],
    ['2017-05-12T00:00:00', utc(2017, 5, 12)],
    ['2021-05-20T00:00:00Z', utc(2021, 5, 20)],
    ['2026-07-01', utc(2026, 7, 1)],
    ['2026-07-01 08:30', utc(2026, 7, 1, 8, 30)],
    ['2019-02-04T09:22:40.1767993-08:00', utc(2019, 2, 4, 17, 22, 40, 176)],
    ['2026-11-01T05:30:00+05:30', utc(2026, 11, 1)],
    ['2026-11-01T01:00:00+0200', utc(2026, 10, 31, 23)],
    ["'10/1/2026", utc(2026, 10, 1)],
    ['  10/1/2026  ', utc(2026, 10, 1)],
  ])('%j is %s', (text, expected) => {
    expect(parseBillingDate(text)).toBe(expected);
  });

  it('never reads 3/4 as the 3rd of April, whatever the machine locale', () => {
    expect(formatIsoDate(parseBillingDate('3/4/2026')!)).toBe('2026-03-04');
  });

  it('reads an empty cell as no date', () => {
    expect(parseBillingDate('')).toBeNull();
    expect(parseBillingDate('   ')).toBeNull();
    expect(parseBillingDate("'")).toBeNull();
  });

  it.each([
    ['2/30/2026', 'no such day in that month'],
    ['2/29/2027', 'no such day in that month'],
    ['4/31/2026', 'no such day in that month'],
    ['10/0/2026', 'no such day in that month'],
    ['13/01/2026', 'month out of range: M/D/YYYY puts the month first; were the day and month swapped by an Excel set to day-first dates?'],
    ['13/13/2026', 'month out of range'],
    ['0/10/2026', 'month out of range'],
    ['2026-13-01', 'month out of range'],
    ['2026-02-30T00:00:00Z', 'no such day in that month'],
    ['10/1/2026 24:00', 'time out of range'],
    ['10/1/2026 23:60', 'time out of range'],
    ['10/1/2026 13:00 PM', 'hour out of range'],
    ['10/1/2026 0:00 AM', 'hour out of range'],
    ['2026-10-01T00:00:00+15:00', 'time zone offset out of range'],
    ['10/1/26', 'expected M/D/YYYY or ISO 8601'],
    ['1 Oct 2026', 'expected M/D/YYYY or ISO 8601'],
    ['01.10.2026', 'expected M/D/YYYY or ISO 8601'],
    ['10-01-2026', 'expected M/D/YYYY or ISO 8601'],
    ['46296', 'expected M/D/YYYY or ISO 8601'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(() => parseBillingDate(text)).toThrow(DateSyntaxError);
    expect(() => parseBillingDate(text)).toThrow(`"${text}" is not a date (${reason})`);
  });
});

describe('calendar helpers', () => {
  it('counts the days of each month, leap years included', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('finds the last day of the month and the start of the day, in UTC', () => {
    expect(formatIsoDate(endOfUtcMonth(utc(2024, 2, 10, 15)))).toBe('2024-02-29');
    expect(formatIsoDate(endOfUtcMonth(utc(2026, 12, 31, 23, 59)))).toBe('2026-12-31');
    expect(startOfUtcDay(utc(2019, 2, 28, 23, 59))).toBe(utc(2019, 2, 28));
  });

  it('finds the last day of the month of any instant as a Date does', () => {
    const byDate = (utc: number) => {
      const date = new Date(utc);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
    };
    const misread: number[] = [];
    for (let day = Date.UTC(1900, 0, 1); day < Date.UTC(2300, 0, 1); day += 86_400_000) {
      for (const utc of [day, day + 86_399_999]) if (endOfUtcMonth(utc) !== byDate(utc)) misread.push(utc);
    }
    expect(misread).toEqual([]);
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (utc) => {
        expect(endOfUtcMonth(utc)).toBe(byDate(utc));
      }),
      { numRuns: 20_000 },
    );
    expect(endOfUtcMonth(NaN)).toBeNaN();
  });

  it('formats dates and months as ISO text', () => {
    expect(formatIsoDate(utc(2026, 1, 5))).toBe('2026-01-05');
    expect(formatIsoMonth(utc(2026, 1, 5))).toBe('2026-01');
  });
});

describe('the plain M/D/YYYY reader (the mapper\'s fast path)', () => {
  /** What parseBillingDate makes of the text: its instant, or NaN where it has none (empty, or an error). */
  function general(text: string): number {
    try {
      return parseBillingDate(text) ?? NaN;
    } catch (error) {
      if (error instanceof DateSyntaxError) return NaN;
      throw error;
    }
  }

  it('reads every day of four centuries, in every spelling of its month and day, as parseBillingDate does', () => {
    const misread: string[] = [];
    for (let day = Date.UTC(1900, 0, 1); day < Date.UTC(2300, 0, 1); day += 86_400_000) {
      const date = new Date(day);
      const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      for (const text of [`${month}/${dayOfMonth}/${year}`, `${String(month).padStart(2, '0')}/${String(dayOfMonth).padStart(2, '0')}/${year}`]) {
        if (plainUsDate(text) !== day || general(text) !== day) misread.push(text);
      }
    }
    expect(misread).toEqual([]);
  });

  it('gives parseBillingDate\'s instant or NaN, never another instant, for any text of digits and slashes', () => {
    const piece = fc.oneof(fc.stringMatching(/^[0-9]{0,5}$/), fc.constantFrom('0', '00', '02', '12', '13', '29', '30', '31', '32', '99', '0099', '0100', '1900', '2000', '2024', '2100'));
    const text = fc.oneof(
      fc.tuple(piece, piece, piece).map(([month, day, year]) => `${month}/${day}/${year}`),
      fc.stringMatching(/^[0-9/ :'A-Z-]{0,12}$/),
    );
    fc.assert(
      fc.property(text, (text) => {
        const fast = plainUsDate(text);
        if (!Number.isNaN(fast)) expect(fast).toBe(general(text));
      }),
      { numRuns: 20_000 },
    );
    for (const text of ['2/30/2026', '13/1/2026', '0/1/2026', '1/0/2026', '1/1/0099', '1/1/26', ' 1/1/2026', "'1/1/2026", '1/1/2026 0:00', '2026-01-01', '', '1//1/2026']) {
      expect(plainUsDate(text)).toBeNaN();
    }
  });
});
