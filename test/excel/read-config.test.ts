/**
 * Reading the configuration tables back from the workbook: found by table name, cells as the text the user typed
 * (percentages in percent exactly, dates as ISO), row numbers as the sheet shows them, two syncs, and a round trip:
 * tables the writer created, edited by the user, read back, parse without a problem.
 */
import { readConfig } from '../../src/billing/config';
import { cellText, configCellText, readConfigTables } from '../../src/excel/read-config';
import { FakeExcel } from '../fake-excel/fake-excel';
import { FABRIKAM, NORTHWIND, smallLayout, writeLayout } from './layouts';

describe('cell text', () => {
  it('numbers as Excel shows them, to 15 significant digits: a sum stored as 0.30000000000000004 is 0.3, not money with noise', () => {
    expect(cellText(0.1 + 0.2, 'General')).toBe('0.3');
    expect(cellText(24026.340000000004, '#,##0.00')).toBe('24026.34');
    expect(cellText(-(0.1 + 0.7), 'General')).toBe('-0.8');
    expect(cellText((0.1 + 0.2) / 100, '0%')).toBe('0.3');
    expect(cellText(123456789012345, 'General')).toBe('123456789012345');
  });

  it('numbers as String() gives them; percentages times 100 exactly; dates as ISO; booleans as Excel shows them', () => {
    expect(cellText(26296.31, 'General')).toBe('26296.31');
    expect(cellText(7.10833e-5, '0.00')).toBe('0.0000710833');
    expect(cellText(0.07, '0%')).toBe('7');
    expect(cellText(0.15, '0.0%')).toBe('15');
    expect(cellText(0.125, '0.0%')).toBe('12.5');
    expect(cellText(1e-7, '0%')).toBe('0.00001');
    expect(cellText(46326, 'm/d/yyyy')).toBe('2026-10-31');
    expect(cellText(46326.5, 'yyyy-mm-dd hh:mm')).toBe('2026-10-31T12:00:00');
    expect(cellText(12, '"Day "0')).toBe('12');
    expect(cellText(0.5, '[Red]0.00')).toBe('0.5');
    expect(cellText(true, 'General')).toBe('TRUE');
    expect(cellText('#N/A', 'General')).toBe('#N/A');
    expect(cellText('', '@')).toBe('');
  });
});

describe('configuration cell text', () => {
  it('a number whose format shows a currency carries it where the format shows it, as a typed price would', () => {
    expect(configCellText(7.5, '[$€-x-euro2] #,##0.00')).toEqual({ text: '€7.5', marked: true });
    expect(configCellText(-7.5, '[$€-x-euro2] #,##0.00')).toEqual({ text: '-€7.5', marked: true });
    expect(configCellText(7.5, '[$EUR] #,##0.00')).toEqual({ text: 'EUR 7.5', marked: true });
    expect(configCellText(7.5, '#,##0.00\\ [$€-407]')).toEqual({ text: '7.5 €', marked: true });
    expect(configCellText(1234.5, '_($* #,##0.00_)')).toEqual({ text: '$1234.5', marked: true });
  });

  it('any other cell is its cellText: a plain number, a date, text typed with a sign', () => {
    expect(configCellText(7.5, '#,##0.00')).toEqual({ text: '7.5', marked: false });
    expect(configCellText(46326, '[$-409]m/d/yyyy')).toEqual({ text: '2026-10-31', marked: false });
    expect(configCellText('€7.50', '[$€-x-euro2] #,##0.00')).toEqual({ text: '€7.50', marked: false });
    expect(configCellText('', '[$€-x-euro2] #,##0.00')).toEqual({ text: '', marked: false });
    expect(configCellText(7.5, 'General')).toEqual({ text: '7.5', marked: false });
  });
});

describe('readConfigTables', () => {
  async function configuredWorkbook(): Promise<FakeExcel> {
    // The writer creates Customers and Prices; the accountant edits them and adds Settings, Invoices, CustomerPrices.
    const { fake } = await writeLayout(smallLayout());
    await fake.run(async (context) => {
      const { worksheets, tables } = context.workbook;
      const customers = tables.getItem('Customers').getDataBodyRange();
      customers.getCell(1, 2).values = [[0.15]];
      customers.getCell(0, 3).values = [['No']];

      const settings = worksheets.add('Settings');
      settings.getRange('A1:B4').values = [['Setting', 'Value'], ['Cycle end day', 15], ['Default markup %', 0.125], ['Currency', 'usd']];
      settings.getRange('B3').numberFormat = [['0.0%']];
      settings.tables.add('A1:B4', true).name = 'Settings';

      const invoices = worksheets.add('Invoices');
      invoices.getRange('B2').values = [['Microsoft invoices']];
      invoices.getRange('C4').numberFormat = [['m/d/yyyy']];
      invoices.getRange('B3:D4').values = [['Invoice number', 'Billing date', 'Microsoft total'], ['G100000001', 46326, 26296.31]];
      invoices.tables.add('B3:D4', true).name = 'Invoices';

      const special = worksheets.add('Special prices');
      special.getRange('A1:F2').numberFormat = [['@']];
      special.getRange('A1:F2').values = [['Customer ID', 'Product ID', 'SKU ID', 'Sales price', 'Markup %', 'Margin %'], [FABRIKAM.toUpperCase(), 'CFQ7TTC0LF8Q', '0001', '', '', '']];
      special.getRange('D2').numberFormat = [['#,##0.00']];
      special.getRange('D2').values = [[31.5]];
      special.tables.add('A1:F2', true).name = 'customer_prices';

      worksheets.getItem('Sheet1').tables.add('H1:I2', true).name = 'NotConfiguration';
    });
    return fake;
  }

  it('finds the tables by name, in two syncs, with the rows where the sheet shows them', async () => {
    const fake = await configuredWorkbook();
    const before = fake.stats.syncs;
    const tables = await readConfigTables(fake.context());
    expect(fake.stats.syncs - before).toBe(2);
    expect(tables.map((table) => [table.name, table.firstRow, table.source]).sort()).toEqual([
      ['Customer Prices', 2, 'table customer_prices on sheet Special prices'],
      ['Customers', 2, 'table Customers on sheet Customers'],
      ['Invoices', 4, 'table Invoices on sheet Invoices'],
      ['Prices', 2, 'table Prices on sheet Prices'],
      ['Settings', 2, 'table Settings on sheet Settings'],
    ]);
    const byName = new Map(tables.map((table) => [table.name, table]));
    expect(byName.get('Settings')!.rows).toEqual([
      ['Cycle end day', '15'],
      ['Default markup %', '12.5'],
      ['Currency', 'usd'],
    ]);
    expect(byName.get('Invoices')!.rows).toEqual([['G100000001', '2026-10-31', '26296.31']]);
    expect(byName.get('Customers')!.rows).toEqual([
      [NORTHWIND, 'Northwind Traders', '', 'No'],
      [FABRIKAM, 'Fabrikam', '15', 'Yes'],
    ]);
    expect(byName.get('Prices')!.rows[0]).toEqual(['CFQ7TTC0LF8Q', '0001', 'Microsoft 365 E3', 'P1M', 'Monthly', '', '15', '', '', '']);
  });

  it('round trip: the tables read back make a configuration without a single problem', async () => {
    const fake = await configuredWorkbook();
    const { config, problems } = readConfig(await readConfigTables(fake.context()));
    expect(problems.map(String)).toEqual([]);
    expect(config.settings.cycleEndDay).toBe(15);
    expect(config.settings.defaultMarkupPercent.toString()).toBe('12.5');
    expect(config.settings.currency).toBe('USD');
    expect(config.customers.get(FABRIKAM)!.markupPercent!.toString()).toBe('15');
    expect(config.customers.get(NORTHWIND)!.billable).toBe(false);
    expect(config.prices.map((price) => [price.productId, price.method.kind, price.method.kind === 'markup' ? price.method.percent.toString() : null])).toEqual([
      ['CFQ7TTC0LF8Q', 'markup', '15'],
      ['CFQ7TTC0LDPB', 'markup', '10'],
    ]);
    expect(config.customerPrices.map((entry) => [entry.customerId, entry.method.kind === 'fixed' ? entry.method.price.toString() : null])).toEqual([[FABRIKAM.toUpperCase(), '31.5']]);
    expect(config.invoices.get('g100000001')!.billingDate).toBe(Date.UTC(2026, 9, 31));
    expect(config.invoices.get('g100000001')!.microsoftTotal!.toString()).toBe('26296.31');
  });

  it('text cells with a decimal comma or thousands separators, as a German Excel keeps them, are read beside number cells', async () => {
    const fake = await configuredWorkbook();
    await fake.run(async (context) => {
      const { tables } = context.workbook;
      tables.getItem('Settings').getDataBodyRange().getCell(2, 1).values = [['EUR']];
      const prices = tables.getItem('Prices').getDataBodyRange();
      prices.getCell(0, 5).values = [['EUR 15,90']];
      prices.getCell(0, 6).values = [['']];
      prices.getCell(1, 6).values = [['12,5']];
      const invoices = tables.getItem('Invoices').getDataBodyRange();
      invoices.getCell(0, 1).numberFormat = [['@']];
      invoices.getCell(0, 1).values = [['31-10-2026']];
      invoices.getCell(0, 2).values = [['26.296,31 €']];
      tables.getItem('customer_prices').getDataBodyRange().getCell(0, 3).values = [[1.234]];
    });
    const tables = await readConfigTables(fake.context());
    expect(tables.every((table) => table.workbook === true)).toBe(true);
    const { config, problems } = readConfig(tables);
    expect(problems.map(String)).toEqual([]);
    expect(config.prices.map((price) => String(price.method.kind === 'fixed' ? price.method.price : price.method.kind === 'markup' ? price.method.percent : ''))).toEqual(['15.9', '12.5']);
    expect(config.customerPrices.map((entry) => String(entry.method.kind === 'fixed' ? entry.method.price : ''))).toEqual(['1.234']);
    expect([config.invoices.get('g100000001')!.billingDate, String(config.invoices.get('g100000001')!.microsoftTotal)]).toEqual([Date.UTC(2026, 9, 31), '26296.31']);
  });

  it("a USD workbook's €-formatted price is refused naming table, row and column; a $-formatted one passes; a % cell takes none", async () => {
    const fake = await configuredWorkbook();
    await fake.run(async (context) => {
      const { tables } = context.workbook;
      const prices = tables.getItem('Prices').getDataBodyRange();
      for (const [row, format] of [[0, '[$€-x-euro2] #,##0.00'], [1, '$#,##0.00']] as const) {
        prices.getCell(row, 5).numberFormat = [[format]];
        prices.getCell(row, 5).values = [[7.5]];
        prices.getCell(row, 6).values = [['']];
      }
      const customers = tables.getItem('Customers').getDataBodyRange();
      customers.getCell(1, 2).numberFormat = [['[$€-407] 0.00']];
      const invoices = tables.getItem('Invoices').getDataBodyRange();
      invoices.getCell(0, 2).numberFormat = [['#,##0.00\\ [$€-407]']];
    });
    const tables = await readConfigTables(fake.context());
    expect(tables.find((table) => table.name === 'Prices')!.rows.map((row) => row[5])).toEqual(['€7.5', '$7.5']);
    const { config, problems } = readConfig(tables);
    expect(problems.map(String)).toEqual([
      'table Customers on sheet Customers, row 3, column Markup %: "€0.15" is a percentage, which takes no currency: write 15 or 15% for fifteen percent',
      'table Prices on sheet Prices, row 2, column Sales price: "€7.5" is in EUR, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
    ]);
    expect(config.prices.map((price) => [price.productId, price.method.kind === 'fixed' ? price.method.price.toString() : price.method.kind])).toEqual([['CFQ7TTC0LDPB', '7.5']]);
    expect(config.invoices.get('g100000001')!.microsoftTotalCurrency).toEqual({ written: '€', currencies: ['EUR'] });
  });

  it("a EUR workbook's €-formatted prices read as the plain numbers do, 12.305 too (a number cell, no thousands separator)", async () => {
    const read = async (format: string) => {
      const fake = await configuredWorkbook();
      await fake.run(async (context) => {
        const { tables } = context.workbook;
        tables.getItem('Settings').getDataBodyRange().getCell(2, 1).values = [['EUR']];
        const prices = tables.getItem('Prices').getDataBodyRange();
        prices.getCell(0, 5).numberFormat = [[format]];
        prices.getCell(0, 5).values = [[12.305]];
        prices.getCell(0, 6).values = [['']];
        tables.getItem('customer_prices').getDataBodyRange().getCell(0, 3).numberFormat = [[format]];
      });
      return readConfig(await readConfigTables(fake.context()));
    };
    const plain = await read('#,##0.00');
    expect(plain.problems.map(String)).toEqual([]);
    for (const format of ['#,##0.00\\ [$€-407]', '[$€-x-euro2] #,##0.00', '"EUR "#,##0.00']) {
      const formatted = await read(format);
      expect(formatted.problems.map(String)).toEqual([]);
      expect(formatted.config).toEqual(plain.config);
    }
    const method = plain.config.prices[0].method;
    expect(method.kind === 'fixed' ? method.price.toString() : method.kind).toBe('12.305');
  });

  it('a text cell "1.234" (a German thousand in a text-formatted price) is refused, as a number cell\'s 1.234 is not', async () => {
    const fake = await configuredWorkbook();
    await fake.run(async (context) => {
      const prices = context.workbook.tables.getItem('Prices').getDataBodyRange();
      prices.getCell(0, 5).numberFormat = [['@']];
      prices.getCell(0, 5).values = [['1.234']];
      prices.getCell(0, 6).values = [['']];
    });
    const { problems } = readConfig(await readConfigTables(fake.context()));
    expect(problems.map(String)).toEqual([
      'table Prices on sheet Prices, row 2, column Sales price: "1.234" could be read two ways (a thousands separator or a decimal mark): write 1234 if the point separates thousands, or 1.2340 if it is the decimal mark',
    ]);
  });

  it('a sheet named like a table that is not there (its range never made a table, or a table named Table1) is read as the command line reads it', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const { worksheets } = context.workbook;
      const prices = worksheets.add('Prices');
      prices.getRange('A1:C3').values = [['Product ID', 'SKU ID', 'Sales price'], ['CFQ7TTC0LF8Q', '0001', 7.5], ['CFQ7TTC0LDPB', '0001', 'n/a']];
      const customers = worksheets.add('customers');
      customers.getRange('A1:D2').values = [['Customer ID', 'Organization', 'Markup %', 'Billable'], [FABRIKAM, 'Fabrikam', '', 'No']];
      customers.tables.add('A1:D2', true).name = 'Table1';
    });
    const before = fake.stats.syncs;
    const tables = await readConfigTables(fake.context());
    expect(fake.stats.syncs - before).toBe(2);
    expect(tables.map((table) => [table.name, table.source, table.firstRow])).toEqual([
      ['Prices', 'sheet Prices', 2],
      ['Customers', 'sheet customers', 2],
    ]);
    const { config, problems } = readConfig(tables);
    expect(problems.map(String)).toEqual(['sheet Prices, row 3, column Sales price: "n/a" is not a number']);
    expect(config.customers.get(FABRIKAM)!.billable).toBe(false);
  });

  it('a problem names the row the user sees', async () => {
    const fake = await configuredWorkbook();
    await fake.run(async (context) => {
      context.workbook.tables.getItem('Invoices').getDataBodyRange().getCell(0, 2).values = [['about 26k']];
    });
    const { problems } = readConfig(await readConfigTables(fake.context()));
    expect(problems.map(String)).toEqual(['table Invoices on sheet Invoices, row 4, column Microsoft total: "about 26k" is not a number']);
  });

  it('a column held twice (Excel keeps table column names apart only by case) names the sheet columns of the header', async () => {
    const fake = await configuredWorkbook();
    await fake.run(async (context) => {
      const invoices = context.workbook.worksheets.getItem('Invoices');
      invoices.getRange('E3:E4').values = [['Microsoft  total'], [99]];
      context.workbook.tables.getItem('Invoices').resize('B3:E4');
    });
    const { problems } = readConfig(await readConfigTables(fake.context()));
    expect(problems.map(String)).toEqual([
      'table Invoices on sheet Invoices, row 3, column Microsoft total: the Invoices table has two Microsoft total columns, D and E: which one holds the values cannot be told; remove or rename one',
    ]);
  });

  it('a workbook without configuration tables reads in one sync', async () => {
    const fake = new FakeExcel();
    expect(await readConfigTables(fake.context())).toEqual([]);
    expect(fake.stats.syncs).toBe(1);
  });
});
