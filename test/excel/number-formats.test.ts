/**
 * The currency a number format shows in its first (positive) section: bracketed, quoted, escaped or bare; before or
 * after the number. Locales, colours, conditions, padding, dates and text that is no currency show none.
 */
import { formatCurrency } from '../../src/excel/number-formats';

describe('formatCurrency', () => {
  it.each([
    ['[$€-x-euro2] #,##0.00', '€'],
    ['[$€-407]#,##0.00', '€'],
    ['[$EUR] #,##0.00', 'EUR'],
    ['[$USD-409] #,##0.00', 'USD'],
    ['[$kr-41D] #,##0', 'kr'],
    ['[$$-409]#,##0.00', '$'],
    ['[$CHF] 0.00', 'CHF'],
    ['"€"#,##0.00', '€'],
    ['\\€#,##0.00', '€'],
    ['€#,##0.00', '€'],
    ['£#,##0.00', '£'],
    ['¥#,##0', '¥'],
    ['$#,##0.00', '$'],
    ['"US$"#,##0.00', 'US$'],
    ['"CHF "#,##0.00', 'CHF'],
    ['\\C\\H\\F\\ 0.00', 'CHF'],
    ['_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)', '$'],
    ['"units "0;[Red]"€"0', null],
  ])('%s shows %s before the number', (format, written) => {
    expect(formatCurrency(format)).toEqual(written === null ? null : { written, after: false });
  });

  it.each([
    ['#,##0.00 "€"', '€'],
    ['#,##0.00\\ [$€-1]', '€'],
    ['#,##0.00\\ [$€-407];\\-#,##0.00\\ [$€-407]', '€'],
    ['_-* #,##0.00\\ [$€-407]_-;\\-* #,##0.00\\ [$€-407]_-;_-* "-"??\\ [$€-407]_-;_-@_-', '€'],
    ['#,##0.00\\ "kr"', 'kr'],
    ['#,##0.00 [$EUR]', 'EUR'],
  ])('%s shows %s after the number', (format, written) => {
    expect(formatCurrency(format)).toEqual({ written, after: true });
  });

  it.each([
    '[$-409]#,##0.00',
    '[$-409]mmmm d, yyyy',
    '[Red]#,##0.00',
    '[>100]0.00;0.0',
    'General',
    '0.00',
    '#,##0.00;[Red]-#,##0.00',
    '0%',
    '0.0%',
    'yyyy-mm-dd',
    'm/d/yyyy',
    '@',
    '_-* #,##0.00_-;\\-* #,##0.00_-;_-* "-"??_-;_-@_-',
    '_(* #,##0.00_);_(* (#,##0.00)',
    '0 "units"',
    '"pcs "0',
    '"Day "0',
    '[$Fr.-100C] 0.00',
    '',
  ])('%s shows no currency', (format) => {
    expect(formatCurrency(format)).toBeNull();
  });

  it('reads only the first (positive) section, and nothing that is not a format', () => {
    expect(formatCurrency('0.00;"€"0.00')).toBeNull();
    expect(formatCurrency('"$"0.00;"€"0.00')).toEqual({ written: '$', after: false });
    expect(formatCurrency(null)).toBeNull();
    expect(formatCurrency(undefined)).toBeNull();
  });
});
