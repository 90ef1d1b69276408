/**
 * CSV for billing systems and for Excel: RFC 4180, UTF-8 with a BOM, CRLF, and no cell that a spreadsheet would run
 * as a formula; amounts stay numbers, negative ones included.
 */
import Papa from 'papaparse';
import { amount, csvBlocks, neutralizeFormula, toCsv, type CsvValue } from '../../src/exports/csv';

function parse(csv: string, delimiter = ','): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter, newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('RFC 4180 with a BOM', () => {
  const csv = toCsv(['Organization', 'Note', 'Amount'], [
    ['Fabrikam, Inc.', 'the "blue" plan', amount('12.50')],
    ['Tailspin Spielwaren Köln', 'line one\nline two', amount('-64.5')],
    ['Northwind', '', null],
  ]);

  it('starts with the UTF-8 byte order mark, so Excel reads accents', () => {
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('ends every record, the last one too, with CRLF', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\r')).toBe(false);
  });

  it('quotes fields holding the delimiter, a quote or a line break, doubling the quotes', () => {
    expect(csv).toContain('"Fabrikam, Inc.","the ""blue"" plan",12.50\r\n');
    expect(csv).toContain('Tailspin Spielwaren Köln,"line one\nline two",-64.5\r\n');
  });

  it('reads back to the same values', () => {
    expect(parse(csv)).toEqual([
      ['Organization', 'Note', 'Amount'],
      ['Fabrikam, Inc.', 'the "blue" plan', '12.50'],
      ['Tailspin Spielwaren Köln', 'line one\nline two', '-64.5'],
      ['Northwind', '', ''],
    ]);
  });

  it('writes Yes and No for true and false', () => {
    expect(parse(toCsv(['Linked', 'Billable'], [[true, false]]))[1]).toEqual(['Yes', 'No']);
  });
});

describe('no formula injection', () => {
  it.each(['=2+5 Evil Corp', '+31 20 123 4567', '-Contoso', '@SUM(A1:A9)', '\tTabbed', '\rCarriage', '\nNew line'])('text starting like a formula (%j) gets a leading apostrophe', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
    expect(parse(toCsv(['Organization'], [[text]]))[1]).toEqual([`'${text}`]);
  });

  it('ordinary text is left alone', () => {
    expect(neutralizeFormula('Northwind = best')).toBe('Northwind = best');
  });

  it('a negative amount stays a number: no apostrophe', () => {
    expect(parse(toCsv(['Sales'], [[amount('-77.40')]]))[1]).toEqual(['-77.40']);
  });

  it('header text is neutralised too', () => {
    expect(parse(toCsv(['=cmd'], []))[0]).toEqual(["'=cmd"]);
  });
});

describe('European Excel (--semicolon)', () => {
  const csv = toCsv(['Organization', 'Amount', 'Quantity'], [['Fabrikam, Inc.', amount('-1234.56'), 2.5], ['A;B', amount('7'), null]], { delimiter: ';' });

  it('separates with semicolons and writes decimal commas in amounts', () => {
    expect(csv).toContain('Fabrikam, Inc.;-1234,56;2,5\r\n');
  });

  it('quotes text holding a semicolon', () => {
    expect(parse(csv, ';')[2]).toEqual(['A;B', '7', '']);
  });
});

describe('a large export in blocks', () => {
  // 30,000 rows, some 2.4 MB: the billing CSV of a big partner's month is 50 MB, and the command line writes it as
  // it is made rather than hold its rows and its text whole.
  const rows = function* (): Generator<CsvValue[]> {
    for (let i = 0; i < 30_000; i++) yield [`Tenant ${i}, Ltd.`, 'Microsoft 365 Business Standard – annual', amount(`${i}.50`), i % 7 === 0];
  };
  const header = ['Organization', 'Product', 'Sales', 'Billable'];

  it('makes toCsv\'s text in blocks of about a megabyte, taking the rows as they come', () => {
    const blocks = [...csvBlocks(header, rows())];
    expect(blocks.length).toBeGreaterThan(2);
    for (const block of blocks) expect(block.length).toBeLessThan((1 << 20) + 200);
    expect(blocks.join('')).toBe(toCsv(header, [...rows()]));
    // Every block ends a record: a block written on its own never splits a row.
    for (const block of blocks) expect(block.endsWith('\r\n')).toBe(true);
  });
});
