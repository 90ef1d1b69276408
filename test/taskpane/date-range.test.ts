import { LAST_MONTH, monthName, rangeCovering, rangeMonths, MAX_RANGE_MONTHS } from '../../src/taskpane/lib/date-range';

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

describe('the date range of a refresh, as cycle months', () => {
  it('"Last month" is the latest cycle that has ended: the calendar month before for new commerce', () => {
    expect(rangeMonths(LAST_MONTH, day('2026-11-15'), 'last')).toEqual({ ok: true, months: ['2026-10'], label: 'October 2026: 2026-10-01 to 2026-10-31' });
    expect(rangeMonths(LAST_MONTH, day('2026-11-01'), 'last')).toMatchObject({ months: ['2026-10'] });
    expect(rangeMonths(LAST_MONTH, day('2027-01-03'), 'last')).toMatchObject({ months: ['2026-12'] });
  });

  it('"Last month" with a cycle end day: the cycle ending on that day before today', () => {
    // Cycle end 15: on 2026-11-20 the cycle 2026-10-16 to 2026-11-15 has ended.
    expect(rangeMonths(LAST_MONTH, day('2026-11-20'), 15)).toEqual({ ok: true, months: ['2026-11'], label: 'November 2026: 2026-10-16 to 2026-11-15' });
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
