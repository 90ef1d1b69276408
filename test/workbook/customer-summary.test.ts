/**
 * The Customer Summary sheet: one table row per cycle and organization (and currency), sorted by cycle then
 * organization, whose figures tie to the Billing Report's organization rows to the cent (those worked out again from
 * its lines, not its cached results) and whose usage ties to the Billing Lines' usage rows; a total of the rows shown
 * (per currency where there are several); amounts in each currency's format; nothing of it on the customers' sheet.
 */
import { join } from 'node:path';
import { minorUnits } from '../../src/billing/currency';
import { formatIsoDate } from '../../src/billing/dates';
import { buildWorkbookLayout, SHEET_NAMES, sheetRowCounts } from '../../src/workbook/build-layout';
import { CUSTOMER_SUMMARY_COLUMNS, CUSTOMER_SUMMARY_TABLE } from '../../src/workbook/customer-summary';
import type { CellValue, SheetLayout, WorkbookLayout } from '../../src/workbook/layout';
import { configOf, reportOf } from '../helpers/billing-config';
import { BILLING_FIXTURES, configIn } from '../helpers/billing-fixtures';
import { CONTOSO, FABRIKAM, NORTHWIND, azureUsageLine, nceLine } from '../helpers/billing-lines';
import { allValues, evaluate, formatAt, billFiles, sampleRun, sheetOf, valueAt, type Run } from '../helpers/workbook-layout';

const COLUMN = Object.fromEntries(CUSTOMER_SUMMARY_COLUMNS.map((name, i) => [name, i])) as Record<(typeof CUSTOMER_SUMMARY_COLUMNS)[number], number>;

let sample: Run;
let sampleLayout: WorkbookLayout;
/** Two cycles, USD and EUR (November in both), a tenant not linked and one not billable. */
let two: Run;
let twoLayout: WorkbookLayout;

beforeAll(async () => {
  sample = await sampleRun();
  sampleLayout = buildWorkbookLayout(sample.report, sample);
  const files = [join(BILLING_FIXTURES, 'nce-invoice-2026-10.csv'), join(BILLING_FIXTURES, 'nce-invoice-2026-11.csv'), join(BILLING_FIXTURES, '..', 'nce-invoice-2026-11-eur.csv')];
  two = await billFiles(await configIn(BILLING_FIXTURES), files);
  twoLayout = buildWorkbookLayout(two.report, two);
});

const month = (value: CellValue) => {
  if (value === null || typeof value !== 'object' || value.kind !== 'date') throw new Error(`no date: ${JSON.stringify(value)}`);
  return formatIsoDate(value.utc).slice(0, 7);
};

/** The table's header row and its data rows. */
function tableOf(sheet: SheetLayout) {
  const table = sheet.tables.find((t) => t.name === CUSTOMER_SUMMARY_TABLE)!;
  const rows = Array.from({ length: table.lastRow - table.headerRow }, (_, i) => table.headerRow + 1 + i);
  return { table, rows };
}

/** "2026-10 USD <customer id>" → cost, sales, margin of each organization row of the Billing Report, worked out from its lines. */
function reportOrganizations(layout: WorkbookLayout): Map<string, number[]> {
  const report = sheetOf(layout, SHEET_NAMES.report);
  const found = new Map<string, number[]>();
  let cycle = '';
  report.rows.forEach((row, r) => {
    const label = valueAt(report, r, 0);
    const heading = typeof label === 'string' ? /^Billing cycle (\d{4}-\d{2}) \((\w{3})\)$/.exec(label) : null;
    if (heading) cycle = `${heading[1]} ${heading[2]}`;
    if (row.style === 'organization') found.set(`${cycle} ${String(valueAt(report, r, 9))}`, [4, 6, 7].map((c) => evaluate(report, r, c) as number));
  });
  return found;
}

function expectTiesToTheReport(layout: WorkbookLayout, run: Run): void {
  const summary = sheetOf(layout, SHEET_NAMES.summary);
  const organizations = reportOrganizations(layout);
  const { rows } = tableOf(summary);
  expect(rows.length).toBe(organizations.size);
  for (const r of rows) {
    const currency = String(valueAt(summary, r, COLUMN.Currency));
    const key = `${month(valueAt(summary, r, COLUMN.Cycle))} ${currency} ${String(valueAt(summary, r, COLUMN['Customer ID']))}`;
    const expected = organizations.get(key);
    expect([key, expected !== undefined]).toEqual([key, true]);
    const cents = (n: number) => n.toFixed(minorUnits(currency));
    const got = [COLUMN.Cost, COLUMN.Sales, COLUMN.Margin].map((c) => valueAt(summary, r, c) as number);
    expect([key, ...got.map(cents)]).toEqual([key, ...expected!.map(cents)]);
    // The same doubles: the summary holds what the report's subtotals come to.
    got.forEach((value, i) => expect(value).toBeCloseTo(expected![i], 9));
  }
  // Usage against the Billing Lines rows of transaction type usage, per cycle and organization.
  const lines = sheetOf(layout, SHEET_NAMES.lines);
  const usage = new Map<string, [number, number]>();
  lines.rows.forEach((row, r) => {
    if (r < 3 || valueAt(lines, r, 9) !== 'usage') return;
    const key = `${month(valueAt(lines, r, 0))} ${String(valueAt(lines, r, 21))} ${String(valueAt(lines, r, 2))}`;
    const into = usage.get(key) ?? [0, 0];
    usage.set(key, [into[0] + (valueAt(lines, r, 18) as number), into[1] + (valueAt(lines, r, 19) as number)]);
  });
  for (const r of rows) {
    const key = `${month(valueAt(summary, r, COLUMN.Cycle))} ${String(valueAt(summary, r, COLUMN.Currency))} ${String(valueAt(summary, r, COLUMN['Customer ID']))}`;
    const [cost, sales] = usage.get(key) ?? [0, 0];
    expect([key, (valueAt(summary, r, COLUMN['Usage cost']) as number).toFixed(2), (valueAt(summary, r, COLUMN['Usage sales']) as number).toFixed(2)]).toEqual([key, cost.toFixed(2), sales.toFixed(2)]);
  }
  expect(run.report.cycles.length).toBeGreaterThan(0);
}

describe('Customer Summary', () => {
  it('is the second sheet, one Excel table with its header frozen, the cycle and organization in view', () => {
    expect(sampleLayout.sheets.map((s) => s.name)).toEqual(['Billing Report', 'Customer Summary', 'Billing Lines', 'Billing Pivots', 'Reconciliation', 'Customer Statements']);
    const summary = sheetOf(sampleLayout, SHEET_NAMES.summary);
    const { table, rows } = tableOf(summary);
    expect(table).toMatchObject({ name: 'CustomerSummary', firstColumn: 0, lastColumn: CUSTOMER_SUMMARY_COLUMNS.length - 1, columns: [...CUSTOMER_SUMMARY_COLUMNS] });
    expect(summary.rows[table.headerRow].cells).toEqual([...CUSTOMER_SUMMARY_COLUMNS]);
    expect(summary.freeze).toEqual({ rows: table.headerRow + 1, columns: 2 });
    expect(rows.length).toBe(13);
    expect(table.lastRow).toBe(summary.rows.length - 1);
  });

  it('ties to the Billing Report to the cent, and its usage to the Billing Lines: the sample month', () => {
    expectTiesToTheReport(sampleLayout, sample);
    const summary = sheetOf(sampleLayout, SHEET_NAMES.summary);
    const row = tableOf(summary).rows.find((r) => valueAt(summary, r, COLUMN.Organization) === 'Tailspin Toys Ltd')!;
    expect([COLUMN.Cost, COLUMN.Sales, COLUMN.Margin, COLUMN['Usage cost'], COLUMN['Usage sales']].map((c) => (valueAt(summary, row, c) as number).toFixed(2))).toEqual(['864.46', '950.91', '86.45', '187.66', '206.43']);
    expect((valueAt(summary, row, COLUMN['Margin %']) as number).toFixed(3)).toBe('0.091');
  });

  it('ties to the Billing Report to the cent over two cycles and two currencies, sorted by cycle, then organization, then currency', () => {
    expectTiesToTheReport(twoLayout, two);
    const summary = sheetOf(twoLayout, SHEET_NAMES.summary);
    const { rows } = tableOf(summary);
    const keys = rows.map((r) => [month(valueAt(summary, r, COLUMN.Cycle)), String(valueAt(summary, r, COLUMN.Organization)), String(valueAt(summary, r, COLUMN.Currency))]);
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || collator.compare(a[1], b[1]) || a[2].localeCompare(b[2]));
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((k) => k[0]))).toEqual(new Set(['2026-10', '2026-11']));
    expect(new Set(keys.map((k) => k[2]))).toEqual(new Set(['EUR', 'USD']));
    // The not linked and the not billable say so in columns that filter.
    const of = (id: string) => rows.filter((r) => valueAt(summary, r, COLUMN['Customer ID']) === id).map((r) => [valueAt(summary, r, COLUMN.Billable), valueAt(summary, r, COLUMN.Linked)]);
    const organizations = two.report.cycles.flatMap((c) => c.organizations);
    const unlinked = organizations.find((o) => !o.linked)!;
    const notBillable = organizations.find((o) => !o.billable)!;
    expect(of(unlinked.customerId)[0]).toEqual([unlinked.billable ? 'Yes' : 'No', 'No']);
    expect(of(notBillable.customerId)[0]).toEqual(['No', notBillable.linked ? 'Yes' : 'No']);
    // Sales of nothing have no margin %: an empty cell, not a text that sorts among the numbers.
    for (const r of rows.filter((r) => valueAt(summary, r, COLUMN.Sales) === 0)) expect(valueAt(summary, r, COLUMN['Margin %'])).toBeNull();
  });

  it('totals the rows a filter shows above the table: SUBTOTAL(109, …) of every amount, the margin % of the total', () => {
    const summary = sheetOf(sampleLayout, SHEET_NAMES.summary);
    const { table } = tableOf(summary);
    const totalRow = table.headerRow - 1;
    expect(valueAt(summary, totalRow, COLUMN.Organization)).toBe('Total of the rows shown');
    const range = (c: number) => `${String.fromCharCode(65 + c)}${table.headerRow + 2}:${String.fromCharCode(65 + c)}${table.lastRow + 1}`;
    for (const name of ['Cost', 'Sales', 'Margin', 'Usage cost', 'Usage sales'] as const) {
      expect(valueAt(summary, totalRow, COLUMN[name])).toMatchObject({ kind: 'formula', formula: `=SUBTOTAL(109,${range(COLUMN[name])})` });
    }
    const cycle = sample.report.cycles[0];
    expect((evaluate(summary, totalRow, COLUMN.Sales) as number).toFixed(2)).toBe(cycle.sales.toFixed(2));
    expect(evaluate(summary, totalRow, COLUMN.Cost)).toBeCloseTo(cycle.cost.toNumber(), 8);
    expect(evaluate(summary, totalRow, COLUMN.Margin)).toBeCloseTo(cycle.margin.toNumber(), 8);
    expect(evaluate(summary, totalRow, COLUMN['Margin %'])).toBeCloseTo(cycle.margin.toNumber() / cycle.sales.toNumber(), 9);
    // Each formula's cached result is what it works out to.
    for (const c of [COLUMN.Cost, COLUMN.Sales, COLUMN.Margin, COLUMN['Margin %'], COLUMN['Usage cost'], COLUMN['Usage sales']]) {
      const value = valueAt(summary, totalRow, c) as { result: number };
      expect(value.result).toBeCloseTo(evaluate(summary, totalRow, c) as number, 8);
    }
  });

  it('totals each currency apart where there are several, never adding them, and shows yen without decimals', () => {
    const config = configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${NORTHWIND},Northwind Traders,,Yes\n${CONTOSO},Contoso,,No` });
    const report = reportOf(
      config,
      [
        { document: { fileName: 'usd.csv' }, lines: [nceLine({ cost: '12.50', invoiceNumber: 'G1' }), azureUsageLine({ cost: '3.25', invoiceNumber: 'G1' })] },
        { document: { fileName: 'jpy.csv' }, lines: [nceLine({ cost: '1000', quantity: '3', currency: 'JPY', invoiceNumber: 'G2', customerId: FABRIKAM, customerName: 'Fabrikam' })] },
      ],
      { months: null, keepLines: true },
    );
    const layout = buildWorkbookLayout(report, { config, documents: [] });
    const summary = sheetOf(layout, SHEET_NAMES.summary);
    const { table, rows } = tableOf(summary);
    const totals = Array.from({ length: table.headerRow - 2 }, (_, i) => i + 2);
    expect(totals.map((r) => [valueAt(summary, r, COLUMN.Organization), valueAt(summary, r, COLUMN.Currency), valueAt(summary, r, COLUMN.Cost), formatAt(summary, r, COLUMN.Cost)])).toEqual([
      ['Total JPY, every row', 'JPY', 1000, '#,##0'],
      ['Total USD, every row', 'USD', 15.75, '#,##0.00'],
    ]);
    expect(valueAt(summary, totals[1], COLUMN['Usage cost'])).toBe(3.25);
    const yen = rows.find((r) => valueAt(summary, r, COLUMN.Currency) === 'JPY')!;
    const dollars = rows.find((r) => valueAt(summary, r, COLUMN.Currency) === 'USD')!;
    for (const name of ['Cost', 'Sales', 'Margin', 'Usage cost', 'Usage sales'] as const) {
      expect(formatAt(summary, yen, COLUMN[name])).toBe('#,##0');
      expect(formatAt(summary, dollars, COLUMN[name])).toBe('#,##0.00');
    }
    expect(formatAt(summary, yen, COLUMN['Margin %'])).toBe('0.0%');
    expect(formatAt(summary, yen, COLUMN.Cycle)).toBe('yyyy-mm');
  });

  it('keeps cost and margin off the customers’ sheet, and has fewer rows than the Billing Report the sheet limit counts', () => {
    const statements = allValues(sheetOf(twoLayout, SHEET_NAMES.statements));
    expect(statements).not.toContain('Cost');
    expect(statements).not.toContain('Margin');
    expect(statements).not.toContain('Usage cost');
    for (const layout of [sampleLayout, twoLayout]) {
      const { report } = sheetRowCounts(layout === sampleLayout ? sample.report : two.report);
      expect(sheetOf(layout, SHEET_NAMES.summary).rows.length).toBeLessThan(report);
    }
  });

  it('has a table with an empty row where there is nothing to bill', () => {
    const config = configOf();
    const layout = buildWorkbookLayout(reportOf(config, [], { months: null, keepLines: true }), { config, documents: [] });
    const summary = sheetOf(layout, SHEET_NAMES.summary);
    const { table } = tableOf(summary);
    expect(table.lastRow).toBe(table.headerRow + 1);
    expect(summary.rows[table.lastRow].cells).toEqual([]);
  });
});
