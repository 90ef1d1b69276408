/**
 * The command line's configuration files: Excel tables in a workbook (--config book.xlsx) and CSV tables
 * (--prices prices.csv, ...), read into the same configuration tables.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readConfig } from '../../src/billing/config';
import { ConfigFileError, readCsvTable, readWorkbookTables } from '../../src/cli/config-files';
import { configurationTables, FABRIKAM_ID, writeConfigurationWorkbook } from '../helpers/billing-workbook';
import { configOf, importedDocument, reportOf } from '../helpers/billing-config';
import { nceLine } from '../helpers/billing-lines';
import { buildWorkbookLayout } from '../../src/workbook/build-layout';
import { writeLayoutToXlsxFile } from '../../src/xlsx/write-layout';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'csp-billing-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a configuration workbook (--config)', () => {
  it('finds the five Excel tables by name, CustomerPrices meaning Customer Prices, wherever they sit', async () => {
    const path = join(dir, 'book.xlsx');
    await writeConfigurationWorkbook(path);
    const tables = await readWorkbookTables(path);
    expect(tables.map((t) => [t.name, t.source, t.firstRow]).sort()).toEqual([
      ['Customer Prices', 'book.xlsx, table CustomerPrices', 2],
      ['Customers', 'book.xlsx, table Customers', 4],
      ['Invoices', 'book.xlsx, table Invoices', 2],
      ['Prices', 'book.xlsx, table Prices', 2],
      ['Settings', 'book.xlsx, table Settings', 2],
    ]);
  });

  it('reads a percent-formatted Markup cell holding 0.15 as 15 %, numbers exactly, and a date cell as that date', async () => {
    const path = join(dir, 'book.xlsx');
    await writeConfigurationWorkbook(path);
    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems).toEqual([]);
    expect(config.customers.get(FABRIKAM_ID)!.markupPercent!.toString()).toBe('15');
    expect(config.settings.defaultMarkupPercent.toString()).toBe('5');
    expect(config.prices.map((p) => [p.productId, p.method.kind])).toEqual([
      ['CFQ7TTC0LCHC', 'fixed'],
      ['CFQ7TTC0LF8Q', 'markup'],
      ['DZH318Z0BQ3Q', 'retail'],
    ]);
    const invoice = config.invoices.get('g100000001')!;
    expect([invoice.billingDate, invoice.microsoftTotal!.toString()]).toEqual([Date.UTC(2026, 9, 31), '293.9']);
  });

  it('a 14.5% cell (0.145, not exact as a binary number) is 14.5, not 14.499999…', async () => {
    const path = join(dir, 'percent.xlsx');
    const tables = configurationTables();
    tables[1].rows[1][2] = 0.145;
    tables[1].formats = { 'Markup %': '0.0%' };
    await writeConfigurationWorkbook(path, tables);
    const { config } = readConfig(await readWorkbookTables(path));
    expect(config.customers.get(FABRIKAM_ID)!.markupPercent!.toString()).toBe('14.5');
  });

  it("a number cell's currency format counts like a typed sign: € refused in a USD book, $ taken, as the add-in reads them", async () => {
    const path = join(dir, 'euro-price.xlsx');
    const tables = configurationTables();
    tables[2].formats = { 'Sales price': '[$€-x-euro2] #,##0.00' };
    tables[3].formats = { 'Sales price': '$#,##0.00' };
    tables[4].formats = { 'Microsoft total': '#,##0.00\\ [$€-407]' };
    await writeConfigurationWorkbook(path, tables);
    const read = await readWorkbookTables(path);
    expect(read.find((table) => table.name === 'Customer Prices')!.rows[0][3]).toBe('$14');
    const { config, problems } = readConfig(read);
    expect(problems.map(String)).toEqual([
      'euro-price.xlsx, table Prices, row 2, column Sales price: "€15" is in EUR, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
    ]);
    expect(config.customerPrices.map((entry) => (entry.method.kind === 'fixed' ? entry.method.price.toString() : entry.method.kind))).toEqual(['14']);
    expect(config.invoices.get('g100000001')!.microsoftTotalCurrency).toEqual({ written: '€', currencies: ['EUR'] });
  });

  it("a EUR book's €-formatted prices read as plain numbers do, in a table and in a sheet named like one, 12.305 too", async () => {
    const book = async (format: string | null) => {
      const tables = configurationTables();
      tables[0].rows[2][1] = 'EUR';
      tables[2].rows[0][5] = 12.305;
      // Customer Prices as a sheet of that name, not an Excel table: read from A1.
      tables[3] = { ...tables[3], sheet: 'Customer Prices', table: 'NotConfig' };
      if (format !== null) for (const table of [tables[2], tables[3]]) table.formats = { 'Sales price': format };
      const path = join(dir, 'eur.xlsx');
      await writeConfigurationWorkbook(path, tables);
      return readConfig(await readWorkbookTables(path));
    };
    const plain = await book(null);
    expect(plain.problems.map(String)).toEqual([]);
    expect(plain.config.customerPrices).toHaveLength(1);
    for (const format of ['#,##0.00\\ [$€-407]', '[$€-x-euro2] #,##0.00']) {
      const formatted = await book(format);
      expect(formatted.problems.map(String)).toEqual([]);
      expect(formatted.config).toEqual(plain.config);
    }
  });

  it("a table's totals row is not read as a row of data", async () => {
    const path = join(dir, 'totals.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Prices').addTable({
      name: 'Prices',
      ref: 'A1',
      headerRow: true,
      totalsRow: true,
      columns: [{ name: 'Product ID', totalsRowLabel: 'Total' }, { name: 'Sales price', totalsRowFunction: 'sum' }],
      rows: [
        ['CFQ7TTC0LCHC', 15],
        ['CFQ7TTC0LF8Q', 4.9],
      ],
    });
    await workbook.xlsx.writeFile(path);
    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems).toEqual([]);
    expect(config.prices.map((p) => p.productId)).toEqual(['CFQ7TTC0LCHC', 'CFQ7TTC0LF8Q']);
  });

  it('names the workbook, the table and the sheet row of a mistake', async () => {
    const path = join(dir, 'mistake.xlsx');
    const tables = configurationTables();
    tables[1].rows[2][3] = 'Perhaps';
    await writeConfigurationWorkbook(path, tables);
    const { problems } = readConfig(await readWorkbookTables(path));
    // The Customers table's header is on sheet row 3, so its third customer is on row 6.
    expect(problems.map(String)).toEqual(['book.xlsx, table Customers, row 6, column Billable: "Perhaps" must be Yes or No'.replace('book.xlsx', 'mistake.xlsx')]);
  });

  it('a table holding a column twice is refused, naming the header row and the sheet columns', async () => {
    const path = join(dir, 'twice.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Prices').addTable({
      name: 'Prices',
      ref: 'C3',
      columns: [{ name: 'Product ID' }, { name: 'Sales price' }, { name: 'Note' }, { name: 'Sales price ' }],
      rows: [['CFQ7TTC0LCHC', 15, 'mine', 99]],
    });
    await workbook.xlsx.writeFile(path);
    expect(readConfig(await readWorkbookTables(path)).problems.map(String)).toEqual([
      'twice.xlsx, table Prices, row 3, column Sales price: the Prices table has two Sales price columns, D and F: which one holds the values cannot be told; remove or rename one',
    ]);
  });

  it('a price cell holding a sum (0.1 + 0.2, stored as the binary 0.30000000000000004) is the number Excel shows, 0.3', async () => {
    const path = join(dir, 'noise.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Prices');
    sheet.addRow(['Product ID', 'Sales price']);
    sheet.addRow(['CFQ7TTC0LCHC', 0.1 + 0.2]);
    await workbook.xlsx.writeFile(path);
    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems).toEqual([]);
    expect(config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price.toString() : p.method.kind))).toEqual(['0.3']);
  });

  it('reads text cells with a decimal comma or thousands separators (a German Excel keeps "EUR 15,90" as text), beside number cells', async () => {
    const path = join(dir, 'german.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Settings').addTable({ name: 'Settings', ref: 'A1', columns: [{ name: 'Setting' }, { name: 'Value' }], rows: [['Currency', 'EUR'], ['Default markup %', '12,5']] });
    workbook.addWorksheet('Prices').addTable({
      name: 'Prices',
      ref: 'A1',
      columns: [{ name: 'Product ID' }, { name: 'Sales price' }, { name: 'Markup %' }, { name: 'Margin %' }],
      rows: [
        ['P-1', 'EUR 15,90', '', ''],
        ['P-2', '7,50 €', '', ''],
        ['P-3', '1.234,56 €', '', ''],
        ['P-4', 1.234, '', ''],
        ['P-5', '', '12,5', ''],
        ['P-6', '', '', '25,0'],
      ],
    });
    workbook.addWorksheet('Invoices').addTable({
      name: 'Invoices',
      ref: 'A1',
      columns: [{ name: 'Invoice number' }, { name: 'Billing date' }, { name: 'Microsoft total' }],
      rows: [
        ['G1', '31-10-2026', '293,25 €'],
        ['G2', '31.10.2026', '26\u00A0296,31\u00A0€'],
      ],
    });
    await workbook.xlsx.writeFile(path);
    const tables = await readWorkbookTables(path);
    expect(tables.every((table) => table.workbook === true)).toBe(true);
    const { config, problems } = readConfig(tables);
    expect(problems.map(String)).toEqual([]);
    expect(config.settings.defaultMarkupPercent.toString()).toBe('12.5');
    expect(config.prices.map((p) => String(p.method.kind === 'fixed' ? p.method.price : p.method.kind === 'markup' || p.method.kind === 'margin' ? p.method.percent : ''))).toEqual(['15.9', '7.5', '1234.56', '1.234', '12.5', '25']);
    expect([...config.invoices.values()].map((i) => [i.billingDate, String(i.microsoftTotal)])).toEqual([
      [Date.UTC(2026, 9, 31), '293.25'],
      [Date.UTC(2026, 9, 31), '26296.31'],
    ]);
  });

  it('a text cell "1,200" reads two ways and is refused, in a sheet named like the table as in an Excel table', async () => {
    const path = join(dir, 'two-ways.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Prices');
    sheet.addRow(['Product ID', 'Sales price']);
    sheet.addRow(['CFQ7TTC0LCHC', '1,200']);
    await workbook.xlsx.writeFile(path);
    expect(readConfig(await readWorkbookTables(path)).problems.map(String)).toEqual([
      'two-ways.xlsx, sheet Prices, row 2, column Sales price: "1,200" could be read two ways (a thousands separator or a decimal mark): write 1200 if the comma separates thousands, or 1.2 if it is the decimal mark',
    ]);
  });

  it('a text cell "1.234" (a German thousand typed into a text-formatted price) is refused; the number cell 1.234 is read', async () => {
    const path = join(dir, 'text-point.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Prices').addTable({ name: 'Prices', ref: 'A1', columns: [{ name: 'Product ID' }, { name: 'Sales price' }], rows: [['P-1', '1.234'], ['P-2', 1.234], ['P-3', '1.2340']] });
    await workbook.xlsx.writeFile(path);
    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems.map(String)).toEqual([
      'text-point.xlsx, table Prices, row 2, column Sales price: "1.234" could be read two ways (a thousands separator or a decimal mark): write 1234 if the point separates thousands, or 1.2340 if it is the decimal mark',
    ]);
    expect(config.prices.map((p) => [p.productId, p.method.kind === 'fixed' ? p.method.price.toString() : p.method.kind])).toEqual([
      ['P-2', '1.234'],
      ['P-3', '1.234'],
    ]);
  });

  it('a price formula saved without its value (a workbook a script wrote) is refused, not read as no price; one with its value is that value', async () => {
    const path = join(dir, 'uncalculated.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Prices');
    sheet.addTable({ name: 'Prices', ref: 'A1', columns: [{ name: 'Product ID' }, { name: 'Product' }, { name: 'Sales price' }], rows: [['P-1', 12.5, null], ['P-2', 12.5, null]] });
    sheet.getCell('C2').value = { formula: 'B2*1.1' } as ExcelJS.CellFormulaValue;
    sheet.getCell('C3').value = { formula: 'B3*1.1', result: 13.75 };
    await workbook.xlsx.writeFile(path);
    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems.map(String)).toEqual([
      'uncalculated.xlsx, table Prices, row 2, column Sales price: "=B2*1.1" is a formula the workbook holds no value for (it was saved by a program that does not calculate): open it in Excel and save it again',
    ]);
    expect(config.prices.map((p) => [p.productId, p.method.kind === 'fixed' ? p.method.price.toString() : p.method.kind])).toEqual([['P-2', '13.75']]);
  });

  it('a text column’s formula saved without its value is refused too: a Customer ID "=A2" matched no tenant, an Organization billed as "=B2"', async () => {
    const path = join(dir, 'uncalculated-text.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Customers');
    sheet.addTable({ name: 'Customers', ref: 'A1', columns: [{ name: 'Customer ID' }, { name: 'Organization' }], rows: [['t-1', null], [null, 'Fabrikam'], ['t-3', '=Typed text']] });
    sheet.getCell('B2').value = { formula: 'UPPER(A2)' } as ExcelJS.CellFormulaValue;
    sheet.getCell('A3').value = { formula: 'LOWER(B3)' } as ExcelJS.CellFormulaValue;
    await workbook.xlsx.writeFile(path);
    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems.map(String)).toEqual([
      'uncalculated-text.xlsx, table Customers, row 2, column Organization: "=UPPER(A2)" is a formula the workbook holds no value for (it was saved by a program that does not calculate): open it in Excel and save it again',
      'uncalculated-text.xlsx, table Customers, row 3, column Customer ID: "=LOWER(B3)" is a formula the workbook holds no value for (it was saved by a program that does not calculate): open it in Excel and save it again',
    ]);
    // Text typed with an equals sign (a string cell) is the organization's name as written.
    expect([...config.customers.values()].map((c) => c.organization)).toContain('=Typed text');
  });

  it('two tables named alike but for _ (Prices_ and Prices) are refused as the add-in refuses them, not the first read alone', async () => {
    const path = join(dir, 'two-prices.xlsx');
    const workbook = new ExcelJS.Workbook();
    for (const [sheet, name, price] of [['Old', 'Prices_', 9.5], ['Prices', 'Prices', 7.5]] as const) {
      workbook.addWorksheet(sheet).addTable({ name, ref: 'A1', columns: [{ name: 'Product ID' }, { name: 'Sales price' }], rows: [['P-1', price]] });
    }
    await workbook.xlsx.writeFile(path);
    expect(readConfig(await readWorkbookTables(path)).problems.map(String)).toEqual(['two-prices.xlsx, table Prices: a second Prices table (the first is two-prices.xlsx, table Prices_)']);
  });

  it('falls back to a sheet named like the table, its first row the header', async () => {
    const path = join(dir, 'sheets.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Prices');
    sheet.addRow(['Product ID', 'SKU ID', 'Sales price']);
    sheet.addRow(['CFQ7TTC0LCHC', '0002', 15]);
    sheet.addRow(['CFQ7TTC0LF8Q', '', 'n/a']);
    await workbook.xlsx.writeFile(path);
    const tables = await readWorkbookTables(path);
    expect(tables.map((t) => [t.name, t.source])).toEqual([['Prices', 'sheets.xlsx, sheet Prices']]);
    expect(readConfig(tables).problems.map(String)).toEqual(['sheets.xlsx, sheet Prices, row 3, column Sales price: "n/a" is not a number']);
  });
});

describe('the report workbook given back as --config', () => {
  it("keeps a Microsoft total's currency sign or code: one typed in EUR for a USD invoice is still not compared next month", async () => {
    const typed = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,10/31/2026,€58.31\nG2,10/31/2026,$-58.97\nG3,10/31/2026,EUR 249.895\nG4,10/31/2026,12.50' });
    const lines = ['G1', 'G2', 'G3', 'G4'].map((invoiceNumber, i) => nceLine({ invoiceNumber, subscriptionId: `s${i}`, cost: '10.00', tax: '0', total: '10.00' }));
    const report = reportOf(typed, [{ lines }]);
    const path = join(dir, 'report.xlsx');
    await writeLayoutToXlsxFile(buildWorkbookLayout(report, { config: typed, documents: [importedDocument({ invoiceNumbers: ['G1', 'G2', 'G3', 'G4'] })] }), path);

    const { config, problems } = readConfig(await readWorkbookTables(path));
    expect(problems).toEqual([]);
    const entries = ['G1', 'G2', 'G3', 'G4'].map((n) => config.invoices.get(n.toLowerCase()) ?? config.invoices.get(n)!);
    expect(entries.map((e) => [e.microsoftTotal?.toString(), e.microsoftTotalCurrency?.written ?? null])).toEqual([
      ['58.31', '€'],
      ['-58.97', '$'],
      ['249.895', 'EUR'],
      ['12.5', null],
    ]);
    const statuses = reportOf(config, [{ lines }]).reconciliation.invoices.map((i) => [i.invoiceNumber, i.status]);
    expect(statuses).toEqual([['G1', 'cannot tie'], ['G2', 'differs'], ['G3', 'cannot tie'], ['G4', 'differs']]);
  });
});

describe('configuration CSV files', () => {
  it('names the file and the table it is read as, for messages', async () => {
    const path = join(dir, 'export.csv');
    writeFileSync(path, '\uFEFFProduct ID,Sales price\r\nP-1,abc\r\n');
    const table = await readCsvTable('Prices', path);
    expect(table).toMatchObject({ name: 'Prices', header: ['Product ID', 'Sales price'], firstRow: 2, source: 'export.csv (Prices table)' });
    expect(readConfig([table]).problems.map(String)).toEqual(['export.csv (Prices table), row 2, column Sales price: "abc" is not a number']);
  });

  it('reads a semicolon-separated file saved by a European Excel', async () => {
    const path = join(dir, 'customers.csv');
    writeFileSync(path, 'Customer ID;Organization;Markup %;Billable\r\nC-1;Fabrikam, Inc.;10;Yes\r\n');
    const table = await readCsvTable('Customers', path);
    expect(table.rows).toEqual([['C-1', 'Fabrikam, Inc.', '10', 'Yes']]);
  });

  it('reads the decimal commas of a semicolon-separated file; a comma-separated one keeps the point', async () => {
    const semicolons = join(dir, 'prices-eu.csv');
    writeFileSync(semicolons, 'Product ID;SKU ID;Sales price;Markup %\r\nP-1;0001;7,50;\r\nP-2;;;12,5 %\r\n');
    const { config, problems } = readConfig([await readCsvTable('Prices', semicolons)]);
    expect(problems).toEqual([]);
    expect(config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price.toString() : p.method.kind === 'markup' ? p.method.percent.toString() : ''))).toEqual(['7.5', '12.5']);
    const commas = join(dir, 'prices.csv');
    writeFileSync(commas, 'Product ID,SKU ID,Sales price\r\nP-1,0001,"7,50"\r\n');
    expect(readConfig([await readCsvTable('Prices', commas)]).problems.map(String)).toEqual(['prices.csv (Prices table), row 2, column Sales price: "7,50" is not a number']);
  });

  /** The problems of a Prices table saved as this file. */
  const pricesProblems = async (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return readConfig([await readCsvTable('Prices', join(dir, name))]).problems.map(String);
  };
  const twoWays = (file: string, value: string, mark = 'point') =>
    `${file} (Prices table), row 2, column Sales price: "${value}" could be read two ways (a thousands separator or a decimal mark): write 1200 if the ${mark} separates thousands, or 1,2 if it is the decimal mark`;

  it('refuses a number that reads two ways: "1.200" where a comma is the decimal mark, "1,200" in tab-separated text', async () => {
    expect(await pricesProblems('prices-thousands.csv', 'Product ID;Sales price\r\nP-1;1.200\r\nP-2;18,815\r\nP-3;7.50\r\n')).toEqual([twoWays('prices-thousands.csv', '1.200')]);
    const tabs = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Product ID\tSales price\r\nP-1\t1,200\r\nP-2\t12,5\r\n', 'utf16le')]);
    expect(await pricesProblems('prices-tabs.txt', tabs)).toEqual([twoWays('prices-tabs.txt', '1,200', 'comma')]);
  });

  it('reads the thousands separators of a European Excel\'s currency format: 1.234,56 €, 26 296,31 € with no-break spaces, in UTF-8 or Windows-1252; a Dutch date', async () => {
    const settings = join(dir, 'settings-eur.csv');
    writeFileSync(settings, 'Setting;Value\r\nCurrency;EUR\r\n');
    const prices = join(dir, 'prices-thousands-eu.csv');
    writeFileSync(prices, 'Product ID;Sales price\r\nP-1;1.234,56 €\r\nP-2;€ 1\u00A0234,56\r\nP-3;1\u202F234,56 EUR\r\n');
    // Windows-1252: the no-break space is the byte A0.
    const prices1252 = join(dir, 'prices-thousands-1252.csv');
    writeFileSync(prices1252, Buffer.from('Product ID;Sales price\r\nP-4;1\xA0234,56\xA0EUR\r\n', 'latin1'));
    const invoices = join(dir, 'invoices-thousands-eu.csv');
    writeFileSync(invoices, 'Invoice number;Billing date;Microsoft total\r\nG1;31-10-2026;26.296,31 €\r\nG2;31.10.2026;€26.296,31\r\nG3;;26.296,31\r\nG4;;26 296,31 €\r\nG5;;1\u00A0234,56\u00A0€\r\n');
    const { config, problems } = readConfig([await readCsvTable('Settings', settings), await readCsvTable('Prices', prices), await readCsvTable('Invoices', invoices)]);
    expect(problems.map(String)).toEqual([]);
    expect(config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price.toString() : ''))).toEqual(['1234.56', '1234.56', '1234.56']);
    const ansi = readConfig([await readCsvTable('Settings', settings), await readCsvTable('Prices', prices1252)]);
    expect([ansi.problems.map(String), ansi.config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price.toString() : ''))]).toEqual([[], ['1234.56']]);
    expect([...config.invoices.values()].map((i) => [String(i.microsoftTotal), i.microsoftTotalCurrency?.currencies[0] ?? null])).toEqual([
      ['26296.31', 'EUR'],
      ['26296.31', 'EUR'],
      ['26296.31', null],
      ['26296.31', 'EUR'],
      ['1234.56', 'EUR'],
    ]);
    expect(config.invoices.get('g1')!.billingDate).toBe(Date.UTC(2026, 9, 31));
  });

  it('numbers rows as the file has them, blank lines included', async () => {
    expect(await pricesProblems('prices-gaps.csv', 'Product ID,Sales price\r\nP-1,7.50\r\n\r\n,,\r\n\r\nP-2,4.9O\r\n')).toEqual([
      'prices-gaps.csv (Prices table), row 6, column Sales price: "4.9O" is not a number',
    ]);
  });

  it('refuses a quote left open and a row with more values than the header, naming the row', async () => {
    const open = join(dir, 'customers-open.csv');
    writeFileSync(open, 'Customer ID,Organization,Markup %,Billable\r\nC-1,"Fabrikam, Inc.,20,Yes\r\nC-2,Tailspin Toys,10,Yes\r\n');
    await expect(readCsvTable('Customers', open)).rejects.toThrow(new ConfigFileError('customers-open.csv (Customers table), row 2: a quote is not closed or stands inside a value; save the file again from Excel'));
    const extra = join(dir, 'customers-extra.csv');
    writeFileSync(extra, 'Customer ID,Organization,Markup %,Billable\r\nC-1,Fabrikam, Inc.,20,Yes\r\n');
    await expect(readCsvTable('Customers', extra)).rejects.toThrow(new ConfigFileError('customers-extra.csv (Customers table), row 2: 5 values where the header has 4 columns (a value holding a "," is not quoted?)'));
    // The shifted value may be the row's empty last one: refused all the same.
    const shifted = join(dir, 'prices-shifted.csv');
    writeFileSync(shifted, 'Product ID,Product,Sales price,Markup %\r\nP-1,Business Basic, monthly,7.50,\r\n');
    await expect(readCsvTable('Prices', shifted)).rejects.toThrow(new ConfigFileError('prices-shifted.csv (Prices table), row 2: 5 values where the header has 4 columns (a value holding a "," is not quoted?)'));
  });

  it("reads Excel's other CSV encodings: Windows-1252, and UTF-16 tab-separated text; a workbook is sent to --config", async () => {
    const ansi = join(dir, 'customers-1252.csv');
    // 0x80, 0x92 and 0x96 are €, ’ and – in Windows-1252 (control characters in Latin-1).
    writeFileSync(ansi, Buffer.concat([Buffer.from('Customer ID,Organization\r\nC-1,Alpine Sk\xed H\xe4us GmbH\r\nC-2,Bob', 'latin1'), Buffer.from([0x92]), Buffer.from('s Caf\xe9 ', 'latin1'), Buffer.from([0x96, 0x20, 0x80]), Buffer.from('uro\r\n')]));
    expect((await readCsvTable('Customers', ansi)).rows).toEqual([
      ['C-1', 'Alpine Skí Häus GmbH'],
      ['C-2', 'Bob’s Café – €uro'],
    ]);
    const unicode = join(dir, 'customers-utf16.txt');
    writeFileSync(unicode, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Customer ID\tOrganization\tMarkup %\r\nC-1\tFabrikam, Inc.\t12,5\r\n', 'utf16le')]));
    const table = await readCsvTable('Customers', unicode);
    expect([table.header, table.rows, table.decimalComma]).toEqual([['Customer ID', 'Organization', 'Markup %'], [['C-1', 'Fabrikam, Inc.', '12,5']], true]);
    const renamed = join(dir, 'book-renamed.csv');
    writeFileSync(renamed, Buffer.from('PK\x03\x04 rest of a zip', 'latin1'));
    await expect(readCsvTable('Customers', renamed)).rejects.toThrow(new ConfigFileError('book-renamed.csv is a workbook, not a CSV file: give it as --config'));
  });
});
