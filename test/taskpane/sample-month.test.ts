/**
 * The sample month in the accountant's own Excel: offered and written only in an empty workbook (nothing of theirs
 * overwritten or mixed with a fictional partner's data), its tables read back as `npm run report` reads sample/config.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { readConfig } from '../../src/billing/config';
import { readCsvTable } from '../../src/cli/config-files';
import { hostOver, readConfiguration, whyWorkbookNotEmpty, writeSampleTables, type ExcelHost, type TypedTable } from '../../src/taskpane/excel-adapter';
import { LAST_MONTH, rangeMonths } from '../../src/taskpane/lib/date-range';
import { notEmptyText, SAMPLE_MONTH, sampleRange, whyNotEmpty } from '../../src/taskpane/lib/sample-month';
import { parseBillingDate } from '../../src/billing/dates';
import { FakeExcel, type FakeRequestContext } from '../fake-excel/fake-excel';
import { billFiles, sampleFiles } from '../helpers/workbook-layout';

const CONFIG = join(__dirname, '..', '..', 'sample', 'config');
const TABLES: Array<{ sheet: string; table: string; file: string }> = [
  { sheet: 'Settings', table: 'Settings', file: 'settings.csv' },
  { sheet: 'Customers', table: 'Customers', file: 'customers.csv' },
  { sheet: 'Prices', table: 'Prices', file: 'prices.csv' },
  { sheet: 'Customer Prices', table: 'CustomerPrices', file: 'customer-prices.csv' },
  { sheet: 'Invoices', table: 'Invoices', file: 'invoices.csv' },
];

/** The sample's tables as the pane fetches them (demo/sample-files.ts parses the same CSVs with papaparse). */
const sampleTables = (): TypedTable[] =>
  TABLES.map(({ sheet, table, file }) => ({ sheet, table, rows: Papa.parse<string[]>(readFileSync(join(CONFIG, file), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data }));

function hostOf(fake: FakeExcel): ExcelHost {
  return hostOver((batch) => fake.run((context: FakeRequestContext) => batch(context)), 'excel');
}

describe('whyNotEmpty', () => {
  const blank = { tables: [], sheets: [{ name: 'Sheet1', used: false }] };

  it('takes a new workbook (one blank sheet, whatever its name) and one with only blank sheets', () => {
    expect(whyNotEmpty(blank)).toBeNull();
    expect(whyNotEmpty({ tables: [], sheets: [{ name: 'Tabelle1', used: false }, { name: 'Tabelle2', used: false }] })).toBeNull();
  });

  it('refuses a workbook with any table, any cell used, or a sheet named like one the sample adds', () => {
    expect(whyNotEmpty({ ...blank, tables: ['Table1'] })).toBe('it holds the table "Table1"');
    expect(whyNotEmpty({ tables: [], sheets: [{ name: 'Sheet1', used: false }, { name: 'My prices', used: true }] })).toBe('the sheet "My prices" holds cells');
    expect(whyNotEmpty({ tables: [], sheets: [{ name: 'Sheet1', used: true }, { name: 'Sheet2', used: true }] })).toBe('the sheets "Sheet1", "Sheet2" hold cells');
    expect(whyNotEmpty({ tables: [], sheets: [{ name: 'customer prices', used: false }] })).toBe('it has a sheet named "customer prices"');
  });
});

describe('sampleRange', () => {
  it('keeps "Last month" where it is the sample’s cycle, and bills that cycle alone otherwise', () => {
    const november = parseBillingDate('2026-11-15')!;
    expect(sampleRange(LAST_MONTH, rangeMonths(LAST_MONTH, november, 'last'))).toBe(LAST_MONTH);
    const later = parseBillingDate('2027-03-02')!;
    expect(sampleRange(LAST_MONTH, rangeMonths(LAST_MONTH, later, 'last'))).toEqual({ kind: 'custom', from: SAMPLE_MONTH, to: SAMPLE_MONTH });
    const wide = { kind: 'custom', from: '2026-09', to: '2026-12' } as const;
    expect(sampleRange(wide, rangeMonths(wide, later, 'last'))).toBe(wide);
    const broken = { kind: 'custom', from: '2026-13', to: '2026-12' } as const;
    expect(sampleRange(broken, rangeMonths(broken, later, 'last'))).toEqual({ kind: 'custom', from: SAMPLE_MONTH, to: SAMPLE_MONTH });
  });
});

describe('writeSampleTables', () => {
  it('writes the sample’s five tables into a new workbook, read back as the command line reads sample/config', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    expect(await whyWorkbookNotEmpty(host)).toBeNull();
    expect(await writeSampleTables(host, sampleTables())).toEqual({ written: true });
    expect(fake.sheetNames()).toEqual(['Sheet1', 'Settings', 'Customers', 'Prices', 'Customer Prices', 'Invoices']);
    const read = await readConfiguration(host);
    expect(read.map((table) => table.name)).toEqual(['Settings', 'Customers', 'Prices', 'Customer Prices', 'Invoices']);
    const cli = await Promise.all(TABLES.map(({ file }, index) => readCsvTable(read[index].name, join(CONFIG, file))));
    // As the CSVs say, but for a number's trailing zeros: 7.50 is the number 7.5, shown 7.50.
    const number = (cell: string) => (/^-?\d+\.\d+$/.test(cell) ? String(Number(cell)) : cell);
    expect(read.map((table) => [table.header, table.rows])).toEqual(cli.map((table) => [table.header, table.rows.map((row) => row.map(number))]));
    const { config, problems } = readConfig(read);
    expect(problems).toEqual([]);
    // The report is the sample's: 30,108.61 USD of sales.
    const { report } = await billFiles(config, sampleFiles());
    expect(report.cycles.map((cycle) => [cycle.cycle.month, cycle.currency, cycle.sales.toFixed(2)])).toEqual([['2026-10', 'USD', '30108.61']]);

    // Typed as an accountant types them: ids as text, numbers as numbers (no "number stored as text" marks), days as dates.
    expect([fake.sheet('Customers').values('A2:C3'), fake.sheet('Customers').formats('A2:C3')]).toEqual([
      [
        ['c195ab62-1f18-42e7-a42c-1e8c9b3f9003', 'Northwind Traders B.V.', ''],
        ['c1bfacc9-f659-48e1-a45d-c365f4073b98', 'Fabrikam, Inc.', 20],
      ],
      [
        ['@', '@', 'General'],
        ['@', '@', 'General'],
      ],
    ]);
    expect([fake.sheet('Prices').values('A4:F4'), fake.sheet('Prices').formats('A4:F4')]).toEqual([
      [['CFQ7TTC0LCHC', '0002', 'Microsoft 365 Business Premium', 'P1M', 'Monthly', 31.7]],
      [['@', '@', '@', '@', '@', '#,##0.00']],
    ]);
    expect([fake.sheet('Invoices').values('A2:C2'), fake.sheet('Invoices').formats('A2:C2')]).toEqual([[['G100000001', 46326, 26296.31]], [['@', 'yyyy-mm-dd', '#,##0.00']]]);
    expect([fake.sheet('Settings').values('B2:B4'), fake.sheet('Settings').formats('B2:B4')]).toEqual([[['last'], [15], ['USD']], [['@'], ['General'], ['@']]]);
    // Now it holds tables: never offered, never written again.
    expect(await whyWorkbookNotEmpty(host)).toBe('it holds the tables "Settings", "Customers", "Prices", "CustomerPrices", "Invoices"');
    expect(await writeSampleTables(host, sampleTables())).toEqual({ written: false, reason: expect.stringContaining('it holds the tables') });
  });

  it('writes nothing where a sheet holds a cell of the accountant’s, and says why', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('C7').values = [['my note']];
      await context.sync();
    });
    const result = await writeSampleTables(hostOf(fake), sampleTables());
    expect(result).toEqual({ written: false, reason: 'the sheet "Sheet1" holds cells' });
    expect(fake.sheetNames()).toEqual(['Sheet1']);
    expect(fake.sheet('Sheet1').values('C7')).toEqual([['my note']]);
    expect(notEmptyText('the sheet "Sheet1" holds cells')).toMatch(/^The sample month was not added: this workbook is no longer empty \(the sheet "Sheet1" holds cells\)/);
  });

  it('writes nothing where a cell only has a format of the accountant’s', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('B2').numberFormat = [['0.00%']];
      await context.sync();
    });
    expect(await writeSampleTables(hostOf(fake), sampleTables())).toEqual({ written: false, reason: 'the sheet "Sheet1" holds cells' });
  });
});
