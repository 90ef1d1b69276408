import { dayPattern, dayText, parseDayText, setDayLocale, withLocalDays } from '../../src/taskpane/lib/day-text';

describe('days as the accountant’s Excel writes them', () => {
  afterEach(() => setDayLocale('en-US'));

  it('shows an ISO day in the locale’s short date, the one style of the card’s box and words (QA: 10/31/2026 above "2026-10")', () => {
    expect(dayText('2026-10-31')).toBe('10/31/2026');
    expect(dayPattern()).toBe('MM/DD/YYYY');
    setDayLocale('de-DE');
    expect(dayText('2026-10-31')).toBe('31.10.2026');
    expect(dayPattern()).toBe('DD.MM.YYYY');
    setDayLocale('en-GB');
    expect(dayText('2026-10-31')).toBe('31/10/2026');
    setDayLocale('ja-JP');
    expect(dayText('2026-10-31')).toBe('2026/10/31');
    // A locale Intl does not know leaves the days as they were; text that is no ISO day is left alone.
    setDayLocale('not a locale!');
    expect(dayText('2026-10-31')).toBe('2026/10/31');
    expect(dayText('October')).toBe('October');
  });

  it('reads a day typed in the locale’s order (any marks, a two-digit year) or as ISO; a day not in the calendar is none', () => {
    expect(parseDayText('10/31/2026')).toBe('2026-10-31');
    expect(parseDayText(' 1/5/26 ')).toBe('2026-01-05');
    expect(parseDayText('2026-10-31')).toBe('2026-10-31');
    expect(parseDayText('31/10/2026')).toBeNull();
    expect(parseDayText('02/30/2026')).toBeNull();
    expect(parseDayText('10/31')).toBeNull();
    expect(parseDayText('10/31/202')).toBeNull();
    expect(parseDayText('')).toBeNull();
    setDayLocale('de-DE');
    expect(parseDayText('31.10.2026')).toBe('2026-10-31');
    expect(parseDayText('5.1.2026')).toBe('2026-01-05');
    expect(parseDayText('2026-10-31')).toBe('2026-10-31');
    expect(parseDayText('10/31/2026')).toBeNull();
  });

  it('puts the pane’s days into the engine’s words', () => {
    setDayLocale('de-DE');
    expect(withLocalDays('its billing period (2026-10-01 to 2026-10-31)')).toBe('its billing period (01.10.2026 to 31.10.2026)');
  });
});
