/**
 * The pane's Excel calls against the fake Excel (load + sync, request limits, Excel's rules): reading the tables,
 * creating a missing table pre-filled, selecting a row (appending it first when missing), saving a setting, keeping a
 * file's billing date in the Invoices table, writing the export sheet.
 */
import { readConfig } from '../../src/billing/config';
import { billingDateOf } from '../../src/billing/report';
import { excelSerialOf } from '../../src/excel/number-formats';
import { ensureUserTable, holdsAddInSheet, hostOver, readConfiguration, saveBillingDate, saveSetting, showTable, writeReport, writeSheet, type ExcelHost } from '../../src/taskpane/excel-adapter';
import { describeError } from '../../src/taskpane/lib/errors';
import { invoiceRows } from '../../src/taskpane/lib/invoice-dates';
import { billingExportSheet, EXPORT_SHEET_NAME } from '../../src/taskpane/lib/export-sheet';
import { settingsOf, withSetting } from '../../src/taskpane/lib/settings';
import { buildWorkbookLayout } from '../../src/workbook/build-layout';
import type { UserTableLayout } from '../../src/workbook/layout';
import { FakeExcel, FakeRange, FakeWorksheet, type FakeRequestContext } from '../fake-excel/fake-excel';
import { formatRect } from '../fake-excel/a1';
import { billFiles, sampleRun } from '../helpers/workbook-layout';
import { BILLING_FIXTURES, fixtureConfig } from '../helpers/billing-fixtures';

type Selection = { kind: 'activate' | 'select'; sheet: string; address?: string };

/** office.js's activate()/select(), which the fake lacks, as queued calls that record what was selected. */
function withSelections(): Selection[] {
  const selections: Selection[] = [];
  type Queueing = { call(member: string, args: unknown[], run: () => void): void };
  const worksheet = FakeWorksheet.prototype as unknown as { activate?: () => void };
  const range = FakeRange.prototype as unknown as { select?: () => void };
  worksheet.activate = function (this: FakeWorksheet) {
    (this as unknown as Queueing).call('activate', [], () => selections.push({ kind: 'activate', sheet: this.target().name }));
  };
  range.select = function (this: FakeRange) {
    (this as unknown as Queueing).call('select', [], () => {
      const ref = this.target() as unknown as { sheet: { name: string }; rect: Parameters<typeof formatRect>[0] };
      selections.push({ kind: 'select', sheet: ref.sheet.name, address: formatRect(ref.rect) });
    });
  };
  return selections;
}

afterAll(() => {
  delete (FakeWorksheet.prototype as unknown as { activate?: unknown }).activate;
  delete (FakeRange.prototype as unknown as { select?: unknown }).select;
});

function hostOf(fake: FakeExcel): ExcelHost {
  return hostOver((batch) => fake.run((context: FakeRequestContext) => batch(context)), 'demo');
}

async function seedTable(fake: FakeExcel, sheet: string, table: string, rows: string[][]): Promise<void> {
  await fake.run(async (context) => {
    const ws = context.workbook.worksheets.add(sheet);
    const range = ws.getRange(`A1:${String.fromCharCode(64 + rows[0].length)}${rows.length}`);
    range.numberFormat = [['@']];
    range.values = rows;
    ws.tables.add(range, true).name = table;
    await context.sync();
  });
}

describe('the pane’s Excel adapter', () => {
  it('creates a missing Prices table pre-filled with the products found, then selects it', async () => {
    const fake = new FakeExcel();
    const selections = withSelections();
    const host = hostOf(fake);
    const run = await sampleRun();
    const noConfig = readConfig([]).config;
    const prices = buildWorkbookLayout(run.report, { config: noConfig, documents: run.documents }).userTables.find((t) => t.name === 'Prices')!;
    expect(await showTable(host, 'Prices')).toEqual({ found: false });
    await ensureUserTable(host, prices);
    expect(fake.sheetNames()).toEqual(['Sheet1', 'Prices']);
    const shown = await showTable(host, 'Prices');
    expect(shown).toMatchObject({ found: true, sheet: 'Prices', row: null });
    expect(selections).toEqual([
      { kind: 'activate', sheet: 'Prices' },
      { kind: 'select', sheet: 'Prices', address: `A1:${String.fromCharCode(64 + prices.columns.length)}${prices.candidates.length + 1}` },
    ]);
    // The rows read back as the configuration the engine reads.
    const tables = await readConfiguration(host);
    expect(tables.map((t) => t.name)).toEqual(['Prices']);
    expect(tables[0].rows).toHaveLength(prices.candidates.length);
    expect(readConfig(tables).problems).toEqual([]);
  });

  it('selects a customer’s row by its ID (any case); appends it first when it is missing', async () => {
    const fake = new FakeExcel();
    const selections = withSelections();
    const host = hostOf(fake);
    await seedTable(fake, 'Customers', 'Customers', [
      ['Customer ID', 'Organization', 'Markup %', 'Billable'],
      ['11111111-1111-4111-8111-111111111111', 'Northwind Traders', '', 'Yes'],
      ['22222222-2222-4222-8222-222222222222', 'Fabrikam', '10', 'Yes'],
    ]);
    const found = await showTable(host, 'Customers', { columns: ['Customer ID'], values: ['22222222-2222-4222-8222-222222222222'.toUpperCase()] });
    expect(found).toEqual({ found: true, sheet: 'Customers', address: 'A3:D3', row: 3 });
    expect(selections.pop()).toEqual({ kind: 'select', sheet: 'Customers', address: 'A3:D3' });

    const evil = '33333333-3333-4333-8333-333333333333';
    expect(await showTable(host, 'Customers', { columns: ['Customer ID'], values: [evil] })).toEqual({ found: false });
    const layout: UserTableLayout = {
      name: 'Customers',
      excelName: 'Customers',
      sheetName: 'Customers',
      columns: ['Customer ID', 'Organization', 'Markup %', 'Billable', "Customer name in Microsoft's file"],
      keyColumns: ['Customer ID'],
      formats: ['@', '@', 'General', '@', '@'],
      widths: [38, 30, 10, 10, 30],
      candidates: [[evil, '=2+5 Evil Corp', null, null, '=2+5 Evil Corp']],
    };
    await ensureUserTable(host, layout);
    const appended = await showTable(host, 'Customers', { columns: ['Customer ID'], values: [evil] });
    expect(appended).toEqual({ found: true, sheet: 'Customers', address: 'A4:D4', row: 4 });
    // Text from the file stays text in the user's table.
    expect(fake.sheet('Customers').cell('B4')).toMatchObject({ value: '=2+5 Evil Corp', formula: null });
    // Asking again appends nothing.
    await ensureUserTable(host, layout);
    expect(fake.sheet('Customers').usedAddress()).toBe('A1:D4');
  });

  it('saves a setting into the Settings table: the value cell, a new row, or a new table', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    expect(await saveSetting(host, 'Default markup %', 12.5)).toBe('no-table');
    await seedTable(fake, 'Settings', 'Settings', [
      ['Setting', 'Value'],
      ['Cycle end day', 'last'],
    ]);
    expect(await saveSetting(host, 'cycle END day', 15)).toBe('updated');
    expect(await saveSetting(host, 'Default markup %', 12.5)).toBe('appended');
    const settings = settingsOf(await readConfiguration(host));
    expect(settings.cycleEndDay).toBe(15);
    expect(settings.defaultMarkupPercent.toString()).toBe('12.5');
    expect(settings.promotions).toBe('keep');
    expect(await saveSetting(host, 'Promotions', 'Pass on')).toBe('appended');
    expect(settingsOf(await readConfiguration(host)).promotions).toBe('pass on');

    // A percent-formatted value cell holds the fraction, as Excel shows 12.5 %.
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Settings').getRange('B3').numberFormat = [['0.0%']];
      await context.sync();
    });
    expect(await saveSetting(host, 'Default markup %', 20)).toBe('updated');
    expect(fake.sheet('Settings').cell('B3').value).toBe(0.2);
    expect(settingsOf(await readConfiguration(host)).defaultMarkupPercent.toString()).toBe('20');
  });

  it('keeps a card’s billing date in the Invoices table: the Billing date cell of the invoice’s row alone, as a date the command line reads', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    const run = await billFiles(await fixtureConfig(), [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    const [document] = run.documents;
    expect(document.invoiceNumbers).toEqual(['G100000001']);
    const september30 = Date.UTC(2026, 8, 30);
    expect(await saveBillingDate(host, ['G100000001'], september30, null)).toEqual({ table: 'none', written: [], kept: [], missing: ['G100000001'], replaced: [], restored: [] });

    // As the user keeps it: every cell text-formatted, the Microsoft total typed in, a column of their own.
    await seedTable(fake, 'Invoices', 'Invoices', [
      ['Invoice number', 'Billing date', 'Microsoft total', 'Paid on'],
      ['G100000009', '10/31/2026', '10.00', 'yes'],
      ['g100000001 ', '', '293.90', 'not yet'],
    ]);
    const before = fake.sheet('Invoices').values('A1:D3');
    expect(await saveBillingDate(host, ['G100000001', 'G100000002'], september30, null)).toEqual({ table: 'found', written: ['G100000001'], kept: [], missing: ['G100000002'], replaced: [], restored: [] });
    const after = fake.sheet('Invoices').values('A1:D3');
    expect(after.map((row) => row.filter((_, c) => c !== 1))).toEqual(before.map((row) => row.filter((_, c) => c !== 1)));
    expect(after.map((row) => row[1])).toEqual(['Billing date', '10/31/2026', 46295]);
    // A date, not the text "46295" the text format would have made of it.
    expect(fake.sheet('Invoices').cell('B3')).toMatchObject({ value: 46295, format: 'yyyy-mm-dd' });
    // A reloaded pane and the command line read the workbook: the file is billed on the date set on its card.
    const { config, problems } = readConfig(await readConfiguration(host));
    expect(problems).toEqual([]);
    expect(billingDateOf({ ...document, billingDateOverridden: false }, config)).toEqual({ billingDate: september30, invoice: 'g100000001' });
    expect(config.invoices.get('g100000001')?.microsoftTotal?.toString()).toBe('293.9');

    // "Use the file's date": the date the pane wrote is taken out again; a date typed there since stays.
    expect(await saveBillingDate(host, ['G100000001'], null, september30)).toEqual({ table: 'found', written: ['G100000001'], kept: [], missing: [], replaced: [], restored: [] });
    expect(fake.sheet('Invoices').values('B3:C3')).toEqual([['', '293.90']]);
    expect(await saveBillingDate(host, ['G100000009'], null, september30)).toEqual({ table: 'found', written: [], kept: ['G100000009'], missing: [], replaced: [], restored: [] });
    expect(fake.sheet('Invoices').cell('B2').value).toBe('10/31/2026');
  });

  it('returns the date the accountant had in the Invoices table when a card’s date replaces it, and puts it back as it was', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    await seedTable(fake, 'Invoices', 'Invoices', [
      ['Invoice number', 'Billing date', 'Microsoft total'],
      ['G100000002', '2026-11-30', '293.25'],
    ]);
    const october30 = Date.UTC(2026, 9, 30);
    const october29 = Date.UTC(2026, 9, 29);
    const held = { invoice: 'G100000002', value: '2026-11-30', format: '@' };
    expect(await saveBillingDate(host, ['G100000002'], october30, null)).toMatchObject({ written: ['G100000002'], replaced: [held] });
    // Set again: the cell holds the pane's own date, nothing of the accountant's.
    expect(await saveBillingDate(host, ['G100000002'], october29, october30)).toMatchObject({ written: ['G100000002'], replaced: [] });
    expect(fake.sheet('Invoices').cell('B2')).toMatchObject({ value: excelSerialOf(october29), format: 'yyyy-mm-dd' });
    // "Use the file's date": the accountant's date, as text in a text cell, and the file billed in November again.
    expect(await saveBillingDate(host, ['G100000002'], null, october29, [held])).toMatchObject({ written: ['G100000002'], kept: [], restored: [held] });
    expect(fake.sheet('Invoices').cell('B2')).toMatchObject({ value: '2026-11-30', format: '@' });
    expect(readConfig(await readConfiguration(host)).config.invoices.get('g100000002')?.billingDate).toBe(Date.UTC(2026, 10, 30));
  });

  it('adds the rows of invoices the Invoices table lacks, or the table, as a refresh would, dated as the card says', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    const run = await billFiles(readConfig([]).config, [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    const invoices = buildWorkbookLayout(run.report, { config: readConfig([]).config, documents: run.documents }).userTables.find((t) => t.name === 'Invoices')!;
    const september30 = Date.UTC(2026, 8, 30);
    await ensureUserTable(host, { ...invoices, candidates: invoiceRows(invoices, ['G100000001'], september30) });
    const { config, problems } = readConfig(await readConfiguration(host));
    expect(problems).toEqual([]);
    expect([...config.invoices.values()].map((entry) => [entry.invoiceNumber, entry.billingDate, entry.microsoftTotal])).toEqual([['G100000001', september30, null]]);
    expect(fake.sheet('Invoices').values('D2')).toEqual([['nce-invoice-2026-10.csv']]);
    // An Invoices table without a Billing date column has nowhere to keep it: nothing is written.
    const other = new FakeExcel();
    await seedTable(other, 'Invoices', 'Invoices', [
      ['Invoice number', 'Microsoft total'],
      ['G100000001', '293.90'],
    ]);
    expect(await saveBillingDate(hostOf(other), ['G100000001'], september30, null)).toEqual({ table: 'no-billing-date-column', written: [], kept: [], missing: ['G100000001'], replaced: [], restored: [] });
    expect(other.sheet('Invoices').usedAddress()).toBe('A1:B2');
  });

  it("a card's date in an Invoices table of the accountant's with its header only: the invoice's row fills Excel's empty row", async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    await seedTable(fake, 'Invoices', 'Invoices', [['Invoice number', 'Billing date', 'Microsoft total']]);
    expect(fake.tables().find((table) => table.name === 'Invoices')!.address).toBe('A1:C2');
    // Read as no invoice: nothing to bill, nothing to warn of.
    const before = await readConfiguration(host);
    expect(before.find((table) => table.name === 'Invoices')!.rows).toEqual([]);
    expect(readConfig(before).problems).toEqual([]);
    const run = await billFiles(readConfig(before).config, [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    const invoices = buildWorkbookLayout(run.report, { config: readConfig(before).config, documents: run.documents }).userTables.find((t) => t.name === 'Invoices')!;
    const september30 = Date.UTC(2026, 8, 30);
    // As useFiles keeps a card's date.
    const saved = await saveBillingDate(host, ['G100000001'], september30, null);
    expect(saved.missing).toEqual(['G100000001']);
    await ensureUserTable(host, { ...invoices, candidates: invoiceRows(invoices, saved.missing, september30) });
    expect(fake.tables().find((table) => table.name === 'Invoices')!.address).toBe('A1:C2');
    const after = await readConfiguration(host);
    expect(after.find((table) => table.name === 'Invoices')!.rows).toEqual([['G100000001', '2026-09-30', '']]);
    expect(readConfig(after).config.invoices.get('g100000001')?.billingDate).toBe(september30);
  });

  it.each([
    ['the card first', true],
    ['the refresh first', false],
  ])('takes the pane’s writes in turn: a card’s date and a refresh at once (%s) add the invoice’s row once, dated as the card says', async (_, cardFirst) => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    await seedTable(fake, 'Invoices', 'Invoices', [
      ['Invoice number', 'Billing date', 'Microsoft total'],
      ['G100000009', '', ''],
    ]);
    const { config } = readConfig(await readConfiguration(host));
    const run = await billFiles(config, [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    const layout = buildWorkbookLayout(run.report, { config, documents: run.documents });
    const invoices = layout.userTables.find((table) => table.name === 'Invoices')!;
    const september30 = Date.UTC(2026, 8, 30);
    // As useFiles keeps a card's date and useRefresh writes the report.
    const card = async () => {
      const saved = await saveBillingDate(host, ['G100000001'], september30, null);
      if (saved.missing.length > 0) await ensureUserTable(host, { ...invoices, candidates: invoiceRows(invoices, saved.missing, september30) });
    };
    // The refresh's user tables alone: its sheets would only change when it reaches them.
    const refresh = () => writeReport(host, { ...layout, sheets: [] });
    await Promise.all(cardFirst ? [host.inTurn(card), host.inTurn(refresh)] : [host.inTurn(refresh), host.inTurn(card)]);
    const tables = await readConfiguration(host);
    expect(tables.find((table) => table.name === 'Invoices')!.rows.filter((row) => row[0] === 'G100000001')).toHaveLength(1);
    const read = readConfig(tables);
    expect(read.problems).toEqual([]);
    expect(read.config.invoices.get('g100000001')?.billingDate).toBe(september30);
  });

  it('a write that fails does not stop the next one’s turn', async () => {
    const host = hostOf(new FakeExcel());
    await expect(host.inTurn(() => Promise.reject(new Error('Excel is busy')))).rejects.toThrow('Excel is busy');
    await expect(host.inTurn(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('writes the billing export as its own sheet, replaced on the next write, with text kept as text', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    const config = await fixtureConfig();
    const run = await billFiles(config, [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    const sheet = billingExportSheet(run.report)!;
    expect(await holdsAddInSheet(host, EXPORT_SHEET_NAME)).toBe(false);
    await writeSheet(host, sheet);
    // A refresh then writes it again with the report (useRefresh).
    expect(await holdsAddInSheet(host, EXPORT_SHEET_NAME)).toBe(true);
    await writeSheet(host, sheet);
    expect(fake.sheetNames()).toEqual(['Sheet1', EXPORT_SHEET_NAME]);
    const view = fake.sheet(EXPORT_SHEET_NAME);
    expect(view.values('A1:U1')[0]).toEqual(sheet.rows[0].cells);
    expect(view.usedAddress()).toBe(`A1:U${sheet.rows.length}`);
    const names = view.values(`E2:E${sheet.rows.length}`).map((row) => row[0]);
    expect(names).toContain('=2+5 Evil Corp');
    expect(view.formulas(`E2:E${sheet.rows.length}`).flat().every((value) => typeof value !== 'string' || !value.startsWith('=') || names.includes(value))).toBe(true);
    expect(await showTable(host, 'BillingExport')).toMatchObject({ found: true, sheet: EXPORT_SHEET_NAME });
    // A sheet of the user's under that name is not the add-in's to write.
    const own = new FakeExcel();
    await seedTable(own, EXPORT_SHEET_NAME, 'MyExport', [['a'], ['b']]);
    expect(await holdsAddInSheet(hostOf(own), EXPORT_SHEET_NAME)).toBe(false);
  });

  it('leaves a sheet of the user’s named "Billing Export" alone, and says what to do for the export', async () => {
    const fake = new FakeExcel();
    await seedTable(fake, EXPORT_SHEET_NAME, 'MyExport', [
      ['Customer', 'Amount'],
      ['Contoso', '100'],
    ]);
    const before = fake.snapshot();
    const run = await billFiles(await fixtureConfig(), [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    const error = await writeSheet(hostOf(fake), billingExportSheet(run.report)!).catch((caught: unknown) => caught);
    expect(fake.snapshot()).toEqual(before);
    expect(describeError(error, 'export')).toMatchObject({
      message: 'Sheet "Billing Export" is not one the add-in made, but the add-in writes a sheet of that name.',
      next: 'Rename your sheet, then try again.',
    });
  });

  it('writes a whole report through writeWorkbook (the refresh) with requests under the pane’s budget', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    const run = await sampleRun();
    const layout = buildWorkbookLayout(run.report, { config: run.config, documents: run.documents });
    const phases = new Set<string>();
    const result = await writeReport(host, layout, { onProgress: (phase) => phases.add(phase) });
    expect([...phases]).toEqual(['reading', 'sheets', 'user-tables', 'swap']);
    expect(result.sheets).toEqual(['Billing Report', 'Customer Summary', 'Billing Lines', 'Billing Pivots', 'Reconciliation', 'Customer Statements']);
    expect(fake.stats.largestRequestBytes).toBeLessThanOrEqual(1_100_000);
  });

  it('a second refresh reads back, without problems, the tables the first one created in an empty workbook', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    const empty = readConfig(await readConfiguration(host));
    expect(empty.problems).toEqual([]);
    const run = await billFiles(empty.config, [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    await writeReport(host, buildWorkbookLayout(run.report, { config: empty.config, documents: run.documents }));
    const tables = await readConfiguration(host);
    expect(tables.map((t) => t.name).sort()).toEqual(['Customer Prices', 'Customers', 'Invoices', 'Prices', 'Settings']);
    const again = readConfig(tables);
    expect(again.problems.map(String)).toEqual([]);
    // Every tenant has a row in Customers and every product one in Prices, for the user to fill in (until then the
    // tenants stay unlinked and the products unpriced), and the second report bills the same.
    const second = await billFiles(again.config, [`${BILLING_FIXTURES}/nce-invoice-2026-10.csv`]);
    expect(second.report.reconciliation.unlinkedTenants.map((t) => t.customerId)).toEqual(run.report.reconciliation.unlinkedTenants.map((t) => t.customerId));
    for (const tenant of second.report.reconciliation.unlinkedTenants) {
      expect(await showTable(host, 'Customers', { columns: ['Customer ID'], values: [tenant.customerId] })).toMatchObject({ found: true });
    }
    for (const product of second.report.reconciliation.unpricedProducts) {
      expect(await showTable(host, 'Prices', { columns: ['Product ID', 'SKU ID'], values: [product.productId, product.skuId] })).toMatchObject({ found: true });
    }
    expect(second.report.cycles[0].sales.toString()).toBe(run.report.cycles[0].sales.toString());
  });

  it('withSetting: a setting replaced or added in the tables given to the worker', () => {
    const tables = [{ name: 'Settings' as const, header: ['Setting', 'Value'], rows: [['Cycle end day', 'last']], firstRow: 2, source: 'x' }];
    expect(withSetting(tables, 'Cycle end day', '15')[0].rows).toEqual([['Cycle end day', '15']]);
    expect(withSetting(tables, 'Default markup %', '12')[0].rows).toEqual([
      ['Cycle end day', 'last'],
      ['Default markup %', '12'],
    ]);
    expect(withSetting([], 'Default markup %', '12')).toEqual([{ name: 'Settings', header: ['Setting', 'Value'], rows: [['Default markup %', '12']], firstRow: 2, source: 'the pane' }]);
    expect(tables[0].rows).toEqual([['Cycle end day', 'last']]);
  });
});
