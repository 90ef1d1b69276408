import {
  calendarDay,
  cycleHasEnded,
  cyclesWithNothingToBill,
  LAST_MONTH,
  localToday,
  MAX_RANGE_MONTHS,
  monthName,
  nothingToBillAdvice,
  nothingToBillInText,
  rangeCovering,
  rangeMonths,
  rangeNotes,
  stillOpenText,
  untilNextLocalMidnight,
} from '../../src/taskpane/lib/date-range';
import { setDayLocale } from '../../src/taskpane/lib/day-text';

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

describe('the date range of a refresh, as cycle months', () => {
  it('"Last month" is the latest cycle that has ended: the calendar month before for new commerce', () => {
    expect(rangeMonths(LAST_MONTH, day('2026-11-15'), 'last')).toEqual({ ok: true, months: ['2026-10'], label: 'October 2026: 10/01/2026 to 10/31/2026' });
    expect(rangeMonths(LAST_MONTH, day('2026-11-01'), 'last')).toMatchObject({ months: ['2026-10'] });
    expect(rangeMonths(LAST_MONTH, day('2027-01-03'), 'last')).toMatchObject({ months: ['2026-12'] });
  });

  it("writes the cycle's days as the pane's locale does, as the file cards do", () => {
    setDayLocale('de-DE');
    try {
      expect(rangeMonths(LAST_MONTH, day('2026-11-15'), 'last')).toMatchObject({ label: 'October 2026: 01.10.2026 to 31.10.2026' });
      expect(nothingToBillInText(['2026-11'], 15)).toBe('Nothing to bill in November 2026 (16.10.2026 to 15.11.2026): none of the imported files bills in that cycle.');
      expect(stillOpenText(['2026-12'], day('2026-12-02'), 15)).toMatch(/\(it ends on 15\.12\.2026\)/);
    } finally {
      setDayLocale('en-US');
    }
  });

  it('"Last month" with a cycle end day: the cycle ending on that day before today', () => {
    // Cycle end 15: on 2026-11-20 the cycle 2026-10-16 to 2026-11-15 has ended.
    expect(rangeMonths(LAST_MONTH, day('2026-11-20'), 15)).toEqual({ ok: true, months: ['2026-11'], label: 'November 2026: 10/16/2026 to 11/15/2026' });
    // On the 10th the November cycle is still running: the last one ended on October 15.
    expect(rangeMonths(LAST_MONTH, day('2026-11-10'), 15)).toMatchObject({ months: ['2026-10'] });
  });

  it('a custom range is every month from the first to the last, across years', () => {
    expect(rangeMonths({ kind: 'custom', from: '2026-11', to: '2027-02' }, day('2027-03-01'), 'last')).toEqual({
      ok: true,
      months: ['2026-11', '2026-12', '2027-01', '2027-02'],
      label: 'November 2026 to February 2027 (4 cycles)',
    });
    expect(rangeMonths({ kind: 'custom', from: '2026-10', to: '2026-10' }, 0, 'last')).toEqual({ ok: true, months: ['2026-10'], label: 'October 2026' });
  });

  it('says plainly what is wrong with a custom range', () => {
    expect(rangeMonths({ kind: 'custom', from: '', to: '2026-10' }, 0, 'last')).toEqual({ ok: false, error: 'Enter the first month as YYYY-MM, for example 2026-10.' });
    expect(rangeMonths({ kind: 'custom', from: '2026-10', to: '2026-13' }, 0, 'last')).toEqual({ ok: false, error: 'Enter the last month as YYYY-MM, for example 2026-10.' });
    expect(rangeMonths({ kind: 'custom', from: '2026-11', to: '2026-10' }, 0, 'last')).toEqual({ ok: false, error: 'The first month is after the last month.' });
    expect(rangeMonths({ kind: 'custom', from: '2020-01', to: '2026-10' }, 0, 'last')).toEqual({ ok: false, error: `That is 82 months; choose at most ${MAX_RANGE_MONTHS}.` });
  });

  it('names months and offers a range covering the cycles found in the files', () => {
    expect(monthName('2026-10')).toBe('October 2026');
    expect(monthName('not a month')).toBe('not a month');
    expect(rangeCovering(['2026-11', '2026-09', '2026-10'])).toEqual({ kind: 'custom', from: '2026-09', to: '2026-11' });
    expect(rangeCovering([])).toBeNull();
  });
});

describe('"today" is the accountant\'s calendar day, not UTC\'s', () => {
  const at = (iso: string) => Date.parse(iso);
  it('east of UTC the month changes hours before UTC\'s: Sydney, December 1 at 09:30 is November 30 22:30 UTC', () => {
    const today = calendarDay(at('2026-11-30T22:30:00Z'), -660);
    expect(today).toBe(Date.UTC(2026, 11, 1));
    expect(rangeMonths(LAST_MONTH, today, 'last')).toMatchObject({ months: ['2026-11'] });
    // Until 11:00 there, UTC still says November 30: October would be "last month".
    expect(rangeMonths(LAST_MONTH, calendarDay(at('2026-11-30T22:30:00Z'), 0), 'last')).toMatchObject({ months: ['2026-10'] });
  });

  it('west of UTC it changes hours after: Los Angeles, November 30 at 19:00 is December 1 03:00 UTC, and November has not ended', () => {
    const today = calendarDay(at('2026-12-01T03:00:00Z'), 480);
    expect(rangeMonths(LAST_MONTH, today, 'last')).toMatchObject({ months: ['2026-10'] });
    expect(cycleHasEnded('2026-11', today, 'last')).toBe(false);
    expect(cycleHasEnded('2026-11', calendarDay(at('2026-12-01T08:00:00Z'), 480), 'last')).toBe(true);
  });

  it('localToday reads the date of the machine\'s own clock and zone', () => {
    const now = new Date(2026, 11, 1, 0, 10); // December 1 at 00:10, wherever the tests run
    expect(localToday(now)).toBe(Date.UTC(2026, 11, 1));
    expect(localToday(new Date(2026, 10, 30, 23, 50))).toBe(Date.UTC(2026, 10, 30));
  });

  it('the next local midnight is where the day changes, summer time or not', () => {
    for (const now of [new Date(2026, 10, 30, 23, 50), new Date(2026, 2, 28, 12), new Date(2026, 9, 24, 23, 59, 59, 999), new Date(2026, 0, 1)]) {
      const wait = untilNextLocalMidnight(now);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(25 * 3_600_000);
      expect(localToday(new Date(now.getTime() + wait - 1))).toBe(localToday(now));
      expect(localToday(new Date(now.getTime() + wait))).toBe(localToday(now) + 86_400_000);
    }
    expect(untilNextLocalMidnight(new Date(2026, 10, 30, 23, 50))).toBe(10 * 60_000);
  });
});

describe('cycles not ended, and cycles with nothing to bill', () => {
  it('a cycle is open through its last day, and ended the day after', () => {
    expect(cycleHasEnded('2026-12', day('2026-12-02'), 15)).toBe(false);
    expect(cycleHasEnded('2026-12', day('2026-12-15'), 15)).toBe(false);
    expect(cycleHasEnded('2026-12', day('2026-12-16'), 15)).toBe(true);
    expect(cycleHasEnded('2026-11', day('2026-12-01'), 'last')).toBe(true);
  });

  it('when the range holds none of the files, offers the cycles of the files that have ended', () => {
    expect(nothingToBillAdvice(['2026-11'], day('2026-12-02'), 'last')).toEqual({
      text: 'The imported files belong to November 2026. Choose a date range that includes it. The workbook was not changed.',
      offer: { range: { kind: 'custom', from: '2026-11', to: '2026-11' }, label: 'November 2026' },
    });
    expect(nothingToBillAdvice(['2026-10', '2026-09'], day('2026-12-02'), 'last').offer).toEqual({ range: { kind: 'custom', from: '2026-09', to: '2026-10' }, label: 'September 2026 to October 2026' });
    expect(nothingToBillAdvice([], day('2026-12-02'), 'last')).toEqual({ text: 'None of the imported files could be billed. The workbook was not changed.', offer: null });
  });

  it('names the report the workbook still holds, which the pane no longer shows', () => {
    const kept = 'November 2026: 11/01/2026 to 11/30/2026';
    expect(nothingToBillAdvice(['2026-12'], day('2026-12-05'), 15, kept).text).toBe(
      'The imported files belong to December 2026. December 2026 (11/16/2026 to 12/15/2026) has not ended yet: bill it once ended, or choose Custom months to see it so far. The workbook was not changed: its report is still the one of November 2026: 11/01/2026 to 11/30/2026.',
    );
    expect(nothingToBillAdvice([], day('2026-12-05'), 'last', kept).text).toBe('None of the imported files could be billed. The workbook was not changed: its report is still the one of November 2026: 11/01/2026 to 11/30/2026.');
  });

  it('does not offer a cycle that has not ended, and says it is still open (cycle end 15 on December 2)', () => {
    expect(nothingToBillAdvice(['2026-12'], day('2026-12-02'), 15)).toEqual({
      text: 'The imported files belong to December 2026. December 2026 (11/16/2026 to 12/15/2026) has not ended yet: bill it once ended, or choose Custom months to see it so far. The workbook was not changed.',
      offer: null,
    });
    // With one ended beside it: only that one is offered.
    const both = nothingToBillAdvice(['2026-12', '2026-11'], day('2026-12-02'), 15);
    expect(both.offer).toEqual({ range: { kind: 'custom', from: '2026-11', to: '2026-11' }, label: 'November 2026' });
    expect(both.text).toBe(
      'The imported files belong to November 2026, December 2026. December 2026 (11/16/2026 to 12/15/2026) has not ended yet: bill it once ended, or choose Custom months to see it so far. Choose a date range that includes November 2026. The workbook was not changed.',
    );
  });

  it('names the cycles of a range the report has nothing for, with their days', () => {
    expect(cyclesWithNothingToBill(['2026-11', '2026-12'], ['2026-12', '2026-12'])).toEqual(['2026-11']);
    expect(nothingToBillInText(['2026-11'], 15)).toBe('Nothing to bill in November 2026 (10/16/2026 to 11/15/2026): none of the imported files bills in that cycle.');
    expect(nothingToBillInText(['2026-09', '2026-10'], 'last')).toBe(
      'Nothing to bill in September 2026 (09/01/2026 to 09/30/2026), October 2026 (10/01/2026 to 10/31/2026): none of the imported files bills in those cycles.',
    );
    expect(nothingToBillInText([], 'last')).toBeNull();
  });

  it('says which cycles of a range have not ended yet', () => {
    expect(stillOpenText(['2026-11', '2026-12'], day('2026-12-02'), 15)).toBe('December 2026 has not ended yet (it ends on 12/15/2026): its report holds only what the files bill so far.');
    expect(stillOpenText(['2026-10', '2026-11'], day('2026-12-01'), 'last')).toBeNull();
  });

  it('under a report of a range: its empty cycles, then its open ones (an empty open cycle said once)', () => {
    expect(rangeNotes(['2026-11', '2026-12'], ['2026-12'], day('2026-12-02'), 15)).toEqual([
      'Nothing to bill in November 2026 (10/16/2026 to 11/15/2026): none of the imported files bills in that cycle.',
      'December 2026 has not ended yet (it ends on 12/15/2026): its report holds only what the files bill so far.',
    ]);
    expect(rangeNotes(['2026-11', '2026-12'], ['2026-11'], day('2026-12-02'), 15)).toEqual([
      'Nothing to bill in December 2026 (11/16/2026 to 12/15/2026): none of the imported files bills in that cycle.',
    ]);
    expect(rangeNotes(['2026-10'], ['2026-10'], day('2026-11-01'), 'last')).toEqual([]);
  });
});
