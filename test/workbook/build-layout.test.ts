/**
 * The workbook layout built from a report: sheets in order, totals that tie at every level as formulas whose cached
 * results are the engine's exact sums, number formats per currency, IDs as text, real dates, outline levels, the
 * Billing Lines table, pivots with their fallback, the reconciliation, statements without cost, and the rows the data
 * suggests for the user's configuration tables.
 */
import { TABLE_COLUMNS } from '../../src/billing/config';
import { Decimal } from '../../src/billing/decimal';
import type { BillingReport, ReportDetail } from '../../src/billing/report';
import { minorUnits } from '../../src/billing/currency';
import { detailLabel, statementUnitPrice } from '../../src/billing/statement-detail';
import { BILLING_LINES_COLUMNS, BILLING_LINES_TABLE, buildWorkbookLayout, REPORT_COLUMNS, SHEET_NAMES, sheetLimitProblem, sheetRowCounts, SheetTooLargeError, STATEMENT_COLUMNS, streamedWorkbookLayout, UNLINKED_STATEMENT } from '../../src/workbook/build-layout';
import { PRINT_FOOTER, STATEMENT_FOOTER, type CellValue, type DateValue, type FormulaValue, type SheetLayout, type WorkbookLayout } from '../../src/workbook/layout';
import { configOf, importedDocument, reportOf } from '../helpers/billing-config';
import { azureUsageLine, CONTOSO, FABRIKAM, M365_BUSINESS_STANDARD, NORTHWIND, nceLine } from '../helpers/billing-lines';
import { alignmentOf, isCell, valueOf } from '../../src/workbook/formats';
import { allValues, entryAt, evaluate, fixtureRun, formatAt, roundingRun, rowsLabelled, sampleRun, sheetOf, valueAt, type Run } from '../helpers/workbook-layout';

const EVIL_ID = '33333333-3333-4333-8333-333333333333';

let sample: Run;
let sampleLayout: WorkbookLayout;
let fixture: Run;
let fixtureLayout: WorkbookLayout;

beforeAll(async () => {
  sample = await sampleRun();
  sampleLayout = buildWorkbookLayout(sample.report, sample);
  fixture = await fixtureRun(['nce-invoice-2026-10.csv', 'nce-invoice-2026-11.csv']);
  fixtureLayout = buildWorkbookLayout(fixture.report, fixture);
});

const isFormula = (value: CellValue): value is FormulaValue => value !== null && typeof value === 'object' && value.kind === 'formula';
const isDate = (value: CellValue): value is DateValue => value !== null && typeof value === 'object' && value.kind === 'date';
const resultAt = (sheet: SheetLayout, row: number, column: number): number | string => {
  const value = valueAt(sheet, row, column);
  if (isFormula(value)) return value.result;
  if (typeof value === 'number') return value;
  throw new Error(`no amount at ${row},${column}: ${JSON.stringify(value)}`);
};
const C = { label: 0, chargeType: 1, quantity: 2, unitCost: 3, cost: 4, unitSales: 5, sales: 6, margin: 7, marginPercent: 8, customerId: 9, productId: 10, skuId: 11, rule: 12 };

describe('the sheets', () => {
  it('are the six the add-in owns, in tab order, and the five configuration tables', () => {
    expect(sampleLayout.sheets.map((s) => s.name)).toEqual(['Billing Report', 'Customer Summary', 'Billing Lines', 'Billing Pivots', 'Reconciliation', 'Customer Statements']);
    expect(sampleLayout.userTables.map((t) => [t.name, t.excelName, t.sheetName])).toEqual([
      ['Settings', 'Settings', 'Settings'],
      ['Customers', 'Customers', 'Customers'],
      ['Prices', 'Prices', 'Prices'],
      ['Customer Prices', 'CustomerPrices', 'Customer Prices'],
      ['Invoices', 'Invoices', 'Invoices'],
    ]);
    expect(sampleLayout.notes).toEqual([]);
  });

  it('every row has no more cells than the sheet has columns', () => {
    for (const sheet of sampleLayout.sheets) {
      for (const row of sheet.rows) expect(row.cells.length).toBeLessThanOrEqual(sheet.columns.length);
    }
  });
});

describe('Billing Report', () => {
  let sheet: SheetLayout;
  beforeAll(() => (sheet = sheetOf(sampleLayout, SHEET_NAMES.report)));

  it('has the column header frozen at the top, cost and sales columns in groups of their own, and opens collapsed to organizations', () => {
    expect(sheet.rows[2].cells).toEqual([...REPORT_COLUMNS]);
    expect(sheet.rows[2].style).toBe('header');
    expect(sheet.freeze).toEqual({ rows: 3, columns: 1 });
    expect(sheet.showOutlineLevel).toBe(1);
    expect(sheet.columns.map((c) => c.group ?? '')).toEqual(['', '', '', 'cost', 'cost', 'sales', 'sales', '', '', '', '', '', '']);
  });

  it('heads each cycle with its report date, period, currency and totals: dates as real dates, totals as formulas with the engine result', () => {
    const cycle = sample.report.cycles[0];
    const boxHeader = sheet.rows.findIndex((row) => valueAt(sheet, sheet.rows.indexOf(row), 0) === 'Report date');
    expect(sheet.rows[boxHeader].cells.map((entry) => valueOf(entry))).toEqual(['Report date', 'Period start', 'Period end', 'Currency', 'Total cost', null, 'Total sales', 'Margin', 'Margin %']);
    const row = boxHeader + 1;
    // Each label over its value: both at the left (the report date at the right of column A read as the period start
    // beside it), the amounts' headers at the right, over them.
    const alignments = (r: number) => sheet.rows[r].cells.map((entry, c) => alignmentOf(isCell(entry) ? entry : undefined, (isCell(entry) ? entry.style : undefined) ?? sheet.rows[r].style, sheet.columns[c]));
    expect(alignments(boxHeader)).toEqual(['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right']);
    expect(alignments(row).slice(0, 4)).toEqual(['left', 'left', 'left', 'left']);
    expect(sheet.rows[row].style).toBe('total');
    expect([0, 1, 2].map((c) => valueAt(sheet, row, c))).toEqual([
      { kind: 'date', utc: Date.UTC(2026, 10, 1) },
      { kind: 'date', utc: Date.UTC(2026, 9, 1) },
      { kind: 'date', utc: Date.UTC(2026, 9, 31) },
    ]);
    expect([0, 1, 2].map((c) => formatAt(sheet, row, c))).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd', 'yyyy-mm-dd']);
    expect(valueAt(sheet, row, 3)).toBe('USD');
    expect(valueAt(sheet, row, C.cost)).toEqual({ kind: 'formula', formula: `=SUBTOTAL(9,E${row + 2}:E${sheet.rows.length - 1})`, result: cycle.cost.toNumber() });
    expect(resultAt(sheet, row, C.sales)).toBe(30108.61);
    expect(resultAt(sheet, row, C.margin)).toBe(cycle.margin.toNumber());
    expect(resultAt(sheet, row, C.marginPercent)).toBeCloseTo(cycle.margin.toNumber() / 30108.61, 12);
  });

  it('sits the months of Billing Lines and the Customer Summary at the left, apart from the organization beside them, and Billing Lines’ currency centred', () => {
    const lines = sheetOf(sampleLayout, SHEET_NAMES.lines);
    expect(lines.columns.map((column) => column.align ?? '').join(',')).toBe(BILLING_LINES_COLUMNS.map((name) => ({ Cycle: 'left', Currency: 'center' })[name as string] ?? '').join(','));
    // Its header too: "Cycle" over the months, where a header over dates would sit at the right.
    expect(alignmentOf(undefined, 'header', lines.columns[0])).toBe('left');
    expect(alignmentOf(undefined, 'header', lines.columns[BILLING_LINES_COLUMNS.indexOf('Charge start')])).toBe('right');
    expect(alignmentOf(undefined, undefined, lines.columns[BILLING_LINES_COLUMNS.indexOf('Charge start')])).toBeUndefined();
    const summary = sheetOf(sampleLayout, SHEET_NAMES.summary);
    expect(summary.columns.map((column) => column.align ?? '')).toEqual(['left', ...summary.columns.slice(1).map(() => '')]);
  });

  it('recalculates every formula on the sheet to its cached result (the engine’s exact value, to the cent for sales)', () => {
    let formulas = 0;
    sheet.rows.forEach((row, r) =>
      row.cells.forEach((_, c) => {
        const value = valueAt(sheet, r, c);
        if (!isFormula(value)) return;
        formulas++;
        const again = evaluate(sheet, r, c);
        if (typeof value.result === 'string') expect(again).toBe(value.result);
        else expect(again as number).toBeCloseTo(value.result, 8);
      }),
    );
    expect(formulas).toBeGreaterThan(500);
  });

  it('lays out organization → product → detail line at outline levels 0, 1 and 2, in the engine order, each total the engine’s', () => {
    const cycle = sample.report.cycles[0];
    let r = sheet.rows.findIndex((row) => row.style === 'organization');
    for (const organization of cycle.organizations) {
      expect([valueAt(sheet, r, 0), sheet.rows[r].outlineLevel, sheet.rows[r].style, valueAt(sheet, r, C.customerId)]).toEqual([organization.name, 0, 'organization', organization.customerId]);
      expect([resultAt(sheet, r, C.cost), resultAt(sheet, r, C.sales), resultAt(sheet, r, C.margin)]).toEqual([organization.cost, organization.sales, organization.margin].map((d) => d.toNumber()));
      r++;
      for (const product of organization.products) {
        expect([valueAt(sheet, r, 0), sheet.rows[r].outlineLevel, valueAt(sheet, r, C.productId), valueAt(sheet, r, C.skuId)]).toEqual([product.name, 1, product.productId, product.skuId]);
        expect([resultAt(sheet, r, C.cost), resultAt(sheet, r, C.sales)]).toEqual([product.cost.toNumber(), product.sales.toNumber()]);
        r++;
        for (const detail of product.details) {
          expect([valueAt(sheet, r, 0), valueAt(sheet, r, C.chargeType), sheet.rows[r].outlineLevel]).toEqual([detailLabel(detail), detail.chargeType, 2]);
          expect([C.quantity, C.unitCost, C.cost, C.unitSales, C.sales].map((c) => valueAt(sheet, r, c))).toEqual(
            [detail.quantity, detail.unitCost, detail.cost, detail.unitSales, detail.sales].map((d) => d.toNumber()),
          );
          expect(valueAt(sheet, r, C.rule)).toBe(detail.rules.join('; '));
          r++;
        }
      }
    }
  });

  it('totals tie at every level: the rounded detail sales add up to each product, organization and the cycle exactly', () => {
    const cycle = sample.report.cycles[0];
    const detailSales = (rows: number[]) => Decimal.sum(rows.map((r) => Decimal.parse(String(valueAt(sheet, r, C.sales)))));
    const details = sheet.rows.flatMap((row, r) => (row.outlineLevel === 2 ? [r] : []));
    expect(detailSales(details).equals(cycle.sales)).toBe(true);
    // Each organization's SUBTOTAL range covers exactly its products and detail lines.
    sheet.rows.forEach((row, r) => {
      if (row.style !== 'organization') return;
      const formula = (valueAt(sheet, r, C.sales) as FormulaValue).formula;
      const [, from, to] = /G(\d+):G(\d+)/.exec(formula)!.map(Number);
      expect(from).toBe(r + 2);
      const next = sheet.rows[to];
      expect(next === undefined || next.cells.length === 0 || next.style === 'organization').toBe(true);
      const own = details.filter((d) => d + 1 >= from && d + 1 <= to);
      expect(detailSales(own).toNumber()).toBe(resultAt(sheet, r, C.sales));
    });
  });

  it('marks tenants not linked in the Customers table and organizations that are not billable, in words', () => {
    const report = sheetOf(fixtureLayout, SHEET_NAMES.report);
    const evil = report.rows.findIndex((row) => row.cells[0] === '=2+5 Evil Corp');
    expect(entryAt(report, evil, 1)).toEqual({ value: 'not linked in the Customers table', style: 'warning' });
    const contoso = report.rows.findIndex((row) => row.cells[0] === 'Contoso Pharmaceuticals');
    expect(entryAt(report, contoso, 1)).toEqual({ value: 'not billable: no sales', style: 'warning' });
    const northwind = report.rows.findIndex((row) => row.cells[0] === 'Northwind Traders');
    expect(valueAt(report, northwind, 1)).toBeNull();
  });

  it('keeps a refund negative, and writes amounts with the currency’s format, IDs as text and quantities as numbers', () => {
    const report = sheetOf(fixtureLayout, SHEET_NAMES.report);
    const refund = report.rows.findIndex((row) => row.cells[0] === 'refund (1-year term, billed monthly)');
    expect([valueAt(report, refund, C.cost), valueAt(report, refund, C.sales), resultAt(report, refund, C.margin)]).toEqual([-64.5, -77.4, -12.9]);
    // Margin % of the sales' size, signed like the margin: the refund gives back the margin earned on the charge.
    expect(resultAt(report, refund, C.marginPercent)).toBeCloseTo(-12.9 / 77.4, 9);
    expect(formatAt(report, refund, C.cost)).toBe('#,##0.00');
    expect(formatAt(report, refund, C.unitCost)).toBe('#,##0.00##');
    expect(formatAt(report, refund, C.marginPercent)).toBe('0.0%');
    expect([C.customerId, C.productId, C.skuId].map((c) => report.columns[c].format)).toEqual(['@', '@', '@']);
    const product = report.rows.findIndex((row) => row.cells[0] === 'Microsoft Teams Essentials');
    expect(valueAt(report, product, C.skuId)).toBe('0001');
  });

  it('shows a margin that rounds to zero as 0.00, not -0.00, keeping its exact value (QA: Tables Batch Write Operations at −0.0016)', () => {
    const report = sheetOf(sampleLayout, SHEET_NAMES.report);
    const margins = report.rows.flatMap((_, r) => {
      const margin = valueAt(report, r, C.margin);
      return isFormula(margin) && typeof margin.result === 'number' ? [{ r, margin: margin.result }] : [];
    });
    const tiny = margins.filter(({ margin }) => margin < 0 && margin > -0.005);
    expect(tiny.length).toBeGreaterThan(0);
    for (const { r } of tiny) expect(formatAt(report, r, C.margin)).toBe('#,##0.00;#,##0.00');
    // A real loss keeps its sign, as the other margins keep the column's format.
    expect(margins.some(({ margin }) => margin < -1)).toBe(true);
    expect([...new Set(margins.filter((m) => !tiny.includes(m)).map(({ r }) => formatAt(report, r, C.margin)))]).toEqual(['#,##0.00']);
    // So in Billing Lines and the Customer Summary.
    const lines = sheetOf(sampleLayout, SHEET_NAMES.lines);
    const margin = BILLING_LINES_COLUMNS.indexOf('Margin');
    const tinyLines = lines.rows.flatMap((_, r) => (r > 2 && typeof valueAt(lines, r, margin) === 'number' && (valueAt(lines, r, margin) as number) < 0 && (valueAt(lines, r, margin) as number) > -0.005 ? [r] : []));
    expect(tinyLines.length).toBeGreaterThan(0);
    for (const r of tinyLines) expect(formatAt(lines, r, margin)).toBe('#,##0.00;#,##0.00');
  });

  it('shows a margin % that rounds to zero as 0.0%, not -0.0%, and a margin of another currency in its own decimals', () => {
    const config = configOf({});
    const report = reportOf(config, [
      { document: { fileName: 'usd.csv', billingDate: Date.UTC(2026, 9, 31) }, lines: [nceLine({ cost: '100.0016', quantity: '1' })] },
      { document: { fileName: 'jpy.csv', billingDate: Date.UTC(2026, 9, 31) }, lines: [nceLine({ cost: '1000.4', quantity: '1', currency: 'JPY', invoiceNumber: 'G2' })] },
    ]);
    const sheet = sheetOf(buildWorkbookLayout(report, { config, documents: [] }), SHEET_NAMES.report);
    const details = sheet.rows.flatMap((row, r) => (row.style === 'detail' ? [r] : []));
    expect(details.map((r) => [resultAt(sheet, r, C.margin), formatAt(sheet, r, C.margin), formatAt(sheet, r, C.marginPercent)])).toEqual([
      [expect.closeTo(-0.4, 9), '#,##0;#,##0', '0.0%;0.0%'],
      [expect.closeTo(-0.0016, 9), '#,##0.00;#,##0.00', '0.0%;0.0%'],
    ]);
  });

  it('ranges only over the cycle reported: the November file is outside the selected cycles', async () => {
    const october = await fixtureRun(['nce-invoice-2026-10.csv', 'nce-invoice-2026-11.csv'], { months: new Set(['2026-10']) });
    const layout = buildWorkbookLayout(october.report, october);
    const report = sheetOf(layout, SHEET_NAMES.report);
    expect(rowsLabelled(report, 'Billing cycle 2026-10 (USD)')).toHaveLength(1);
    expect(rowsLabelled(report, 'Billing cycle 2026-11 (USD)')).toHaveLength(0);
    const total = report.rows.findIndex((row) => row.style === 'total');
    expect([resultAt(report, total, C.cost), resultAt(report, total, C.sales), resultAt(report, total, C.margin)]).toEqual([293.9, 318.88, 24.98]);
  });
});

describe('currencies', () => {
  let layout: WorkbookLayout;
  let report: BillingReport;
  beforeAll(() => {
    const config = configOf();
    report = reportOf(config, [
      { document: { fileName: 'usd.csv' }, lines: [nceLine({ cost: '12.50', invoiceNumber: 'G1' })] },
      { document: { fileName: 'jpy.csv' }, lines: [nceLine({ cost: '1875', currency: 'JPY', invoiceNumber: 'G2', customerId: FABRIKAM, customerName: 'Fabrikam' })] },
      { document: { fileName: 'kwd.csv' }, lines: [nceLine({ cost: '3.125', currency: 'KWD', invoiceNumber: 'G3', customerId: CONTOSO, customerName: 'Contoso' })] },
    ], { months: null, keepLines: true });
    layout = buildWorkbookLayout(report, { config, documents: [] });
  });

  it('makes one cycle block per currency, each amount in its currency’s minor units: JPY none, USD 2, KWD 3', () => {
    expect(report.cycles.map((c) => c.currency)).toEqual(['JPY', 'KWD', 'USD']);
    const sheet = sheetOf(layout, SHEET_NAMES.report);
    expect(sheet.columns[C.cost].format).toBe('#,##0');
    const formats = ['JPY', 'KWD', 'USD'].map((currency) => {
      const title = rowsLabelled(sheet, `Billing cycle 2026-10 (${currency})`)[0];
      const total = title + 3;
      const detail = sheet.rows.findIndex((row, r) => r > total && row.outlineLevel === 2);
      return [formatAt(sheet, total, C.cost), formatAt(sheet, total, C.sales), formatAt(sheet, detail, C.unitSales), formatAt(sheet, detail, C.margin)];
    });
    expect(formats).toEqual([
      ['#,##0', '#,##0', '#,##0', '#,##0'],
      ['#,##0.000', '#,##0.000', '#,##0.000##', '#,##0.000'],
      ['#,##0.00', '#,##0.00', '#,##0.00##', '#,##0.00'],
    ]);
    // The margin % checks the sales rounded to the currency's decimals.
    const jpyTotal = rowsLabelled(sheet, 'Billing cycle 2026-10 (JPY)')[0] + 3;
    expect((valueAt(sheet, jpyTotal, C.marginPercent) as FormulaValue).formula).toMatch(/^=IF\(ROUND\(G\d+,0\)=0/);
  });

  it('formats the Billing Lines and the statements per row currency, and never adds currencies in the pivots', () => {
    const lines = sheetOf(layout, SHEET_NAMES.lines);
    const cost = BILLING_LINES_COLUMNS.indexOf('Cost');
    const currency = BILLING_LINES_COLUMNS.indexOf('Currency');
    const byCurrency = Object.fromEntries(lines.rows.slice(3).map((_, i) => [valueAt(lines, i + 3, currency), formatAt(lines, i + 3, cost)]));
    expect(byCurrency).toEqual({ JPY: '#,##0', KWD: '#,##0.000', USD: '#,##0.00' });

    const pivots = sheetOf(layout, SHEET_NAMES.pivots);
    expect(pivots.pivots.map((p) => p.rows)).toEqual([
      ['Currency', 'Organization', 'Product'],
      ['Currency', 'Transaction type'],
    ]);
    const totals = pivots.pivots[0].fallback.filter((row) => row.style === 'total').map((row) => row.cells[1]);
    expect(totals).toEqual(['Total JPY', 'Total KWD', 'Total USD']);
    expect(layout.notes).toEqual([expect.stringMatching(/chart shows the (JPY|KWD|USD) cycles only/)]);
  });

  it('shows the pivots’ fixed figures in each currency’s decimals: yen without, as the report does (1,875, not 1,875.00)', () => {
    const pivots = sheetOf(layout, SHEET_NAMES.pivots);
    for (const pivot of pivots.pivots) {
      const formats: Record<string, Set<string>> = {};
      for (const row of pivot.fallback) {
        const currency = row.cells[0];
        if (typeof currency !== 'string' || !['JPY', 'KWD', 'USD'].includes(currency)) continue;
        for (const entry of row.cells) if (entry !== null && typeof entry === 'object' && 'format' in entry && typeof entry.value === 'number') (formats[currency] ??= new Set()).add(entry.format!);
      }
      expect(Object.fromEntries(Object.entries(formats).map(([currency, set]) => [currency, [...set]]))).toEqual({ JPY: ['#,##0'], KWD: ['#,##0.000'], USD: ['#,##0.00'] });
    }
    // A PivotTable's value field has one format: the one of most decimals, so no amount loses any.
    expect(pivots.pivots[0].values.map((v) => v.numberFormat)).toEqual(['#,##0.000', '#,##0.000', '#,##0.000']);
  });
});

describe('unit prices of a currency without decimals', () => {
  // Yen seats at 1,000 for 3 (333.333333 each), 1,001 for 4 (250.25) and 1,000 for 2 (500): three products (SKUs).
  const yenLines = [
    nceLine({ currency: 'JPY', skuId: '0001', quantity: '3', cost: '1000' }),
    nceLine({ currency: 'JPY', skuId: '0002', quantity: '4', cost: '1001', subscriptionId: 'b' }),
    nceLine({ currency: 'JPY', skuId: '0003', quantity: '2', cost: '1000', subscriptionId: 'c' }),
  ];
  /** Unit cost and unit price as [value, format] on the Billing Report's detail lines and the Billing Lines' rows of a currency. */
  const unitPrices = (documents: Parameters<typeof reportOf>[1], currency = 'JPY') => {
    const config = configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${NORTHWIND},Northwind Traders,10,Yes` });
    const layout = buildWorkbookLayout(reportOf(config, documents, { months: null, keepLines: true }), { config, documents: [] });
    const report = sheetOf(layout, SHEET_NAMES.report);
    const title = rowsLabelled(report, `Billing cycle 2026-10 (${currency})`)[0];
    const next = report.rows.findIndex((_, r) => r > title && String(valueAt(report, r, 0)).startsWith('Billing cycle'));
    const details = report.rows.flatMap((row, r) => (r > title && (next < 0 || r < next) && row.outlineLevel === 2 ? [r] : []));
    const lines = sheetOf(layout, SHEET_NAMES.lines);
    const [currencyColumn, unitCost, unitSales] = (['Currency', 'Unit cost', 'Unit price'] as const).map((name) => BILLING_LINES_COLUMNS.indexOf(name));
    const rows = lines.rows.flatMap((_, r) => (r > 2 && valueAt(lines, r, currencyColumn) === currency ? [r] : []));
    const seen = (sheet: SheetLayout, r: number, c: number) => [valueAt(sheet, r, c), formatAt(sheet, r, c)];
    return {
      report: details.map((r) => [seen(report, r, C.unitCost), seen(report, r, C.unitSales)]),
      lines: rows.map((r) => [seen(lines, r, unitCost), seen(lines, r, unitSales)]),
    };
  };
  // 10% on: 1,100 for 3 (366.666667), 1,101 for 4 (275.25), 1,100 for 2 (550). "#,##0" showed 333, 250 and 366.
  const expected = [
    [[333.333333, '#,##0.######'], [366.666667, '#,##0.######']],
    [[250.25, '#,##0.##'], [275.25, '#,##0.##']],
    [[500, '#,##0'], [550, '#,##0']],
  ];

  it('shows the decimals a yen unit cost or price has (up to six), and an integer one without a bare "."', () => {
    expect(unitPrices([{ lines: yenLines }])).toEqual({ report: expected, lines: expected });
  });

  it('does so in a yen cycle below a cycle of another currency, whose unit prices keep their look', () => {
    const documents = [{ document: { fileName: 'aud.csv' }, lines: [nceLine({ currency: 'AUD', quantity: '3', cost: '12.50', subscriptionId: 'd' })] }, { document: { fileName: 'jpy.csv' }, lines: yenLines }];
    expect(unitPrices(documents)).toEqual({ report: expected, lines: expected });
    // Dollars (the first cycle's, so the columns'): two decimals and up to two more, as before. 12.50 for 3: 4.166667.
    const dollars = [[[4.166667, '#,##0.00##'], [4.583333, '#,##0.00##']]];
    expect(unitPrices(documents, 'AUD')).toEqual({ report: dollars, lines: dollars });
  });
});

describe('Billing Lines', () => {
  let sheet: SheetLayout;
  beforeAll(() => (sheet = sheetOf(sampleLayout, SHEET_NAMES.lines)));

  it('is one named table of every kept line, with the documented columns', () => {
    const rows = sample.report.cycles.reduce((n, c) => n + c.lines.length, 0);
    expect(rows).toBeGreaterThan(100);
    expect(sheet.tables).toEqual([
      { name: BILLING_LINES_TABLE, headerRow: 2, lastRow: 2 + rows, firstColumn: 0, lastColumn: 23, style: 'TableStyleMedium2', columns: [...BILLING_LINES_COLUMNS] },
    ]);
    expect(BILLING_LINES_COLUMNS).toEqual([
      'Cycle', 'Organization', 'Customer ID', 'Subscription ID', 'Subscription', 'Product', 'Product ID', 'SKU ID', 'Charge type', 'Transaction type', 'Term', 'Charge start', 'Charge end',
      'Proration fraction', 'Price rule', 'Quantity', 'Unit cost', 'Unit price', 'Cost', 'Sales', 'Margin', 'Currency', 'Invoice number', 'Source file',
    ]);
    expect(sheet.rows[2].cells).toEqual([...BILLING_LINES_COLUMNS]);
    expect(sheet.rows).toHaveLength(3 + rows);
    expect(sheet.freeze).toEqual({ rows: 3, columns: 2 });
  });

  it('ties to the report: its sales add up to the cycle’s to the cent, its costs to the cycle’s cost', () => {
    const col = (name: (typeof BILLING_LINES_COLUMNS)[number]) => BILLING_LINES_COLUMNS.indexOf(name);
    const sum = (name: (typeof BILLING_LINES_COLUMNS)[number]) => Decimal.sum(sheet.rows.slice(3).map((_, i) => Decimal.parse(String(valueAt(sheet, i + 3, col(name))))));
    expect(sum('Sales').equals(sample.report.cycles[0].sales)).toBe(true);
    expect(sum('Cost').toNumber()).toBeCloseTo(sample.report.cycles[0].cost.toNumber(), 6);
  });

  it('totals the rows a filter shows, above the header: SUBTOTAL(109, …) of cost, sales and margin, frozen in view', () => {
    const cycle = sample.report.cycles[0];
    const last = sheet.rows.length;
    const [cost, sales, margin] = (['Cost', 'Sales', 'Margin'] as const).map((name) => BILLING_LINES_COLUMNS.indexOf(name));
    expect(valueAt(sheet, 0, cost - 2)).toBe('Total of the rows shown');
    expect([cost, sales, margin].map((c) => (valueAt(sheet, 0, c) as FormulaValue).formula)).toEqual([`=SUBTOTAL(109,S4:S${last})`, `=SUBTOTAL(109,T4:T${last})`, `=SUBTOTAL(109,U4:U${last})`]);
    // Cached as the report's totals, and what the rows add up to (Excel, unfiltered, works out the same).
    expect([cost, sales, margin].map((c) => resultAt(sheet, 0, c))).toEqual([cycle.cost, cycle.sales, cycle.margin].map((d) => d.toNumber()));
    expect(evaluate(sheet, 0, sales) as number).toBeCloseTo(cycle.sales.toNumber(), 9);
    expect(evaluate(sheet, 0, cost) as number).toBeCloseTo(cycle.cost.toNumber(), 9);
    expect(formatAt(sheet, 0, cost)).toBe('#,##0.00');
    expect(sheet.freeze!.rows).toBeGreaterThan(0);
    expect(valueAt(sheet, 0, 0)).toBe('Billing lines');
  });

  it('has no such total where the lines are in several currencies: it would add yen to dollars', () => {
    const config = configOf();
    const report = reportOf(config, [
      { document: { fileName: 'usd.csv' }, lines: [nceLine({ cost: '12.50', invoiceNumber: 'G1' })] },
      { document: { fileName: 'jpy.csv' }, lines: [nceLine({ cost: '1875', currency: 'JPY', invoiceNumber: 'G2', customerId: FABRIKAM, customerName: 'Fabrikam' })] },
    ], { months: null, keepLines: true });
    const lines = sheetOf(buildWorkbookLayout(report, { config, documents: [] }), SHEET_NAMES.lines);
    expect(lines.rows[0].cells.filter((c) => c !== null)).toEqual([{ value: 'Billing lines', style: 'title' }]);
  });

  it('writes dates as real dates at midnight, IDs and SKUs as text, and the proration fraction as a number', () => {
    const col = (name: (typeof BILLING_LINES_COLUMNS)[number]) => BILLING_LINES_COLUMNS.indexOf(name);
    const first = 3;
    expect(valueAt(sheet, first, col('Cycle'))).toEqual({ kind: 'date', utc: Date.UTC(2026, 9, 31) });
    for (let r = first; r < sheet.rows.length; r++) {
      for (const name of ['Charge start', 'Charge end'] as const) {
        const value = valueAt(sheet, r, col(name));
        expect(value === null || (isDate(value) && value.utc % 86_400_000 === 0)).toBe(true);
      }
      expect(typeof valueAt(sheet, r, col('SKU ID'))).toBe('string');
      const fraction = valueAt(sheet, r, col('Proration fraction'));
      expect(fraction === null || typeof fraction === 'number').toBe(true);
    }
    expect(['Customer ID', 'Subscription ID', 'Product ID', 'SKU ID', 'Invoice number'].map((name) => sheet.columns[col(name as never)].format)).toEqual(['@', '@', '@', '@', '@']);
    expect(['Cycle', 'Charge start', 'Charge end'].map((name) => sheet.columns[col(name as never)].format)).toEqual(['yyyy-mm', 'yyyy-mm-dd', 'yyyy-mm-dd']);
    expect(sheet.columns[col('Cost')].group).toBe('cost');
    expect(sheet.columns[col('Sales')].group).toBe('sales');
  });

  it('says so, in a note and above the table, when a cycle had more lines than a sheet holds and was summed per detail line', async () => {
    const aggregated = await sampleRun({ maxLineRows: 10 });
    expect(aggregated.report.cycles[0].linesAggregated).toBe(true);
    const layout = buildWorkbookLayout(aggregated.report, aggregated);
    expect(layout.notes).toEqual([expect.stringMatching(/^Billing Lines: cycle 2026-10 \(USD\) had more lines than a sheet holds, so its rows were summed per detail line/)]);
    const lines = sheetOf(layout, SHEET_NAMES.lines);
    expect(valueAt(lines, 1, 0)).toMatch(/more lines than a sheet holds/);
    expect(lines.tables[0].lastRow - lines.tables[0].headerRow).toBe(aggregated.report.cycles[0].lines.length);
  });

  it('falls back to one row per detail line for a report built without its lines, and says so', async () => {
    const config = configOf();
    const report = reportOf(config, [{ lines: [nceLine(), nceLine({ subscriptionId: 'other', cost: '25' })] }]);
    const layout = buildWorkbookLayout(report, { config, documents: [] });
    const lines = sheetOf(layout, SHEET_NAMES.lines);
    expect(lines.tables[0].lastRow).toBe(3);
    expect(valueAt(lines, 3, BILLING_LINES_COLUMNS.indexOf('Cost'))).toBe(37.5);
    expect(layout.notes).toEqual([expect.stringMatching(/built without its single lines/)]);
  });
});

describe('Billing Pivots', () => {
  let sheet: SheetLayout;
  beforeAll(() => (sheet = sheetOf(sampleLayout, SHEET_NAMES.pivots)));

  it('has two pivots over the BillingLines table: organization × product and transaction type × cycle, each with sales, cost and margin', () => {
    expect(sheet.pivots.map(({ name, sourceSheet, sourceTable, rows, columns, values }) => ({ name, sourceSheet, sourceTable, rows, columns, values: values.map((v) => [v.field, v.name, v.numberFormat]) }))).toEqual([
      { name: 'SalesByOrganization', sourceSheet: 'Billing Lines', sourceTable: 'BillingLines', rows: ['Organization', 'Product'], columns: [], values: [['Sales', 'Total sales', '#,##0.00'], ['Cost', 'Total cost', '#,##0.00'], ['Margin', 'Total margin', '#,##0.00']] },
      { name: 'SalesByTransactionType', sourceSheet: 'Billing Lines', sourceTable: 'BillingLines', rows: ['Transaction type'], columns: ['Cycle'], values: [['Sales', 'Total sales', '#,##0.00'], ['Cost', 'Total cost', '#,##0.00'], ['Margin', 'Total margin', '#,##0.00']] },
    ]);
    // The pivots' fields are columns of the table.
    for (const pivot of sheet.pivots) for (const field of [...pivot.rows, ...pivot.columns, ...pivot.values.map((v) => v.field)]) expect(BILLING_LINES_COLUMNS).toContain(field);
  });

  it('places the pivots side by side below everything else on the sheet, so they can grow downwards', () => {
    const [organizations, types] = sheet.pivots;
    expect(organizations.anchor.row).toBe(types.anchor.row);
    expect(organizations.anchor.row).toBe(sheet.rows.length);
    expect(types.anchor.column).toBeGreaterThanOrEqual(organizations.anchor.column + organizations.fallback[0].cells.length + 1);
    expect(sheet.columns.length).toBeGreaterThanOrEqual(types.anchor.column + types.fallback[1].cells.length);
  });

  it('has fallback rows with the same totals as the report', () => {
    const cycle = sample.report.cycles[0];
    const [organizations, types] = sheet.pivots;
    const grand = organizations.fallback[organizations.fallback.length - 1];
    expect(grand.style).toBe('total');
    expect(grand.cells.slice(2).map((cell) => (cell as { value: number }).value)).toEqual([cycle.sales, cycle.cost, cycle.margin].map((d) => d.toNumber()));
    expect(organizations.fallback.filter((row) => row.style === 'organization')).toHaveLength(cycle.organizations.length);
    const typeTotal = types.fallback[types.fallback.length - 1];
    expect(typeTotal.cells[0]).toBe('Grand total');
    expect(typeTotal.cells.slice(4).map((cell) => (cell as { value: number }).value)).toEqual([cycle.sales, cycle.cost, cycle.margin].map((d) => d.toNumber()));
    expect(types.fallback.slice(2, -1).map((row) => row.cells[0])).toEqual(['cycle fee', 'pro-rated charge', 'refund', 'credit', 'usage', 'one-time']);
    expect(types.fallback[0].cells[1]).toEqual({ value: { kind: 'date', utc: Date.UTC(2026, 9, 31) }, format: 'yyyy-mm' });
  });

  it('has a chart of the top 15 organizations by sales over a data range the sheet holds', () => {
    expect(sheet.charts).toHaveLength(1);
    const chart = sheet.charts[0];
    expect(chart.title).toBe('Top 15 organizations by sales (USD)');
    const { row, column, rows, columns } = chart.data;
    expect([column, columns]).toEqual([0, 4]);
    expect(sheet.rows[row].cells).toEqual(['Organization', 'Sales', 'Cost', 'Margin']);
    const names = Array.from({ length: rows - 1 }, (_, i) => valueAt(sheet, row + 1 + i, 0));
    const sales = Array.from({ length: rows - 1 }, (_, i) => valueAt(sheet, row + 1 + i, 1) as number);
    expect(names).toHaveLength(13);
    expect(names[0]).toBe('Woodgrove Bank N.A.');
    expect([...sales].sort((a, b) => b - a)).toEqual(sales);
    expect(chart.anchor.column).toBeGreaterThanOrEqual(column + columns);
  });

  it('shows product names whole in the fixed figures, up to a page’s width: a meter’s name is what tells Azure usage apart', () => {
    const [organizations] = sheet.pivots;
    const productColumn = organizations.anchor.column + 1;
    const names = organizations.fallback.slice(1).map((row) => row.cells[1]).filter((name): name is string => typeof name === 'string');
    expect(names).toContain('Azure App Service Basic Plan – B1 App (1 Hour)');
    const width = sheet.columns[productColumn].width;
    for (const name of names) expect(width).toBeGreaterThanOrEqual(Math.min(60, name.length + 2));
    expect(width).toBeLessThanOrEqual(60);
  });

  it('says so where the organization pivot and the chart add up several cycles: two months read as one are twice the sales', () => {
    const titleOf = (layout: WorkbookLayout) => {
      const pivots = sheetOf(layout, SHEET_NAMES.pivots);
      const row = pivots.rows[pivots.pivots[0].anchor.row - 1];
      return [pivots.charts[0].title, valueAt(pivots, pivots.charts[0].data.row - 1, pivots.charts[0].data.column), (row.cells[0] as { value: string }).value];
    };
    expect(fixture.report.cycles.map((c) => c.cycle.month)).toEqual(['2026-10', '2026-11']);
    expect(titleOf(fixtureLayout)).toEqual([
      'Top 15 organizations by sales (USD), 2026-10 to 2026-11 added up',
      'Top 15 organizations by sales (USD), 2026-10 to 2026-11 added up',
      'Sales, cost and margin by organization and product, 2026-10 to 2026-11 added up',
    ]);
    // One cycle: nothing is added up.
    expect(titleOf(sampleLayout)).toEqual(['Top 15 organizations by sales (USD)', 'Top 15 organizations by sales (USD)', 'Sales, cost and margin by organization and product']);
  });
});

describe('Reconciliation', () => {
  let sheet: SheetLayout;
  beforeAll(() => (sheet = sheetOf(sampleLayout, SHEET_NAMES.reconciliation)));

  it('checks each invoice against the Microsoft total, with a plain status styled good or warning', () => {
    const header = rowsLabelled(sheet, 'Invoice number')[0];
    expect(sheet.rows[header].cells).toEqual(['Invoice number', 'Cycle', 'Currency', 'Lines', 'Cost subtotal', 'Tax', 'Total', 'Microsoft total', 'Difference', 'Status', 'Files']);
    const ties = rowsLabelled(sheet, 'G100000001')[0];
    const differs = rowsLabelled(sheet, 'G100000002')[0];
    expect(entryAt(sheet, ties, 9)).toEqual({ value: 'ties to the Microsoft invoice', style: 'good' });
    expect(entryAt(sheet, differs, 9)).toEqual({ value: 'differs by 0.06 USD: billed from a daily usage file, which has no tax and rounds by day, not by meter', style: 'warning' });
    expect([resultAt(sheet, ties, 6), resultAt(sheet, ties, 7), resultAt(sheet, ties, 8)]).toEqual([26296.31, 26296.31, 0]);
    expect(resultAt(sheet, differs, 8)).toBe(0.06);
    expect(evaluate(sheet, differs, 8) as number).toBeCloseTo(0.06, 9);
    expect(formatAt(sheet, differs, 0)).toBe('@');
    expect(formatAt(sheet, differs, 7)).toBe('#,##0.00');
  });

  it('checks each cycle: the report cost against its invoices, and the invoices against Microsoft', () => {
    const row = rowsLabelled(sheet, '2026-10').find((r) => sheet.rows[r - 1].cells[0] === 'Cycle')!;
    expect(resultAt(sheet, row, 4)).toBe(resultAt(sheet, row, 5));
    expect(entryAt(sheet, row, 9)).toEqual({ value: 'differs from the Microsoft invoices by 0.06 USD', style: 'warning' });
  });

  it("works out each cycle's invoices' total, Microsoft total and difference on the sheet, from the invoice rows as their invoices show them", () => {
    const cycleRow = (recon: SheetLayout, currency: string) => rowsLabelled(recon, '2026-10').find((r) => r > rowsLabelled(recon, 'Cycle')[0] && valueAt(recon, r, 2) === currency)!;
    // The sample: 26,296.31 ties, the other invoice differs by 0.06.
    const row = cycleRow(sheet, 'USD');
    const first = rowsLabelled(sheet, 'G100000001')[0] + 1;
    expect([6, 7, 8].map((c) => (valueAt(sheet, row, c) as FormulaValue).formula)).toEqual([`=SUMPRODUCT(ROUND(G${first}:G${first + 1},2))`, `=SUM(H${first}:H${first + 1})`, `=ROUND(G${row + 1},2)-H${row + 1}`]);
    expect(evaluate(sheet, row, 8) as number).toBeCloseTo(0.06, 9);
    expect(resultAt(sheet, row, 8)).toBe(0.06);

    // Two invoices of 10.004 and one of 146.00, each tying as rounded: Microsoft's invoices add up to 166.00, and the
    // difference the sheet works out is the 0 the status says; the costs stay exact.
    const run = roundingRun();
    const recon = sheetOf(buildWorkbookLayout(run.report, run), SHEET_NAMES.reconciliation);
    const usd = cycleRow(recon, 'USD');
    expect([4, 5, 6, 7, 8].map((c) => resultAt(recon, usd, c))).toEqual([166.008, 166.008, 166, 166, 0]);
    for (const c of [6, 7, 8]) expect(evaluate(recon, usd, c) as number).toBeCloseTo(resultAt(recon, usd, c) as number, 9);
    expect(formatAt(recon, usd, 8)).toBe('#,##0.00');
    expect(entryAt(recon, usd, 9)).toEqual({ value: 'ties to the Microsoft invoices', style: 'good' });
    // The EUR cycle of the month sums its own invoice row only.
    const eur = cycleRow(recon, 'EUR');
    const g4 = rowsLabelled(recon, 'G4')[0] + 1;
    expect([6, 7, 8].map((c) => (valueAt(recon, eur, c) as FormulaValue).formula)).toEqual([`=ROUND(G${g4},2)`, `=SUM(H${g4})`, `=ROUND(G${eur + 1},2)-H${eur + 1}`]);
    expect([6, 7, 8].map((c) => evaluate(recon, eur, c) as number)).toEqual([8, 8, 0]);
  });

  it('says a cycle is short of an invoice the Invoices table dates in it, naming it, rather than that it ties', () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,10/31/2026,12.50\nG100000009,10/31/2026,120.00' });
    const report = reportOf(config, [{ lines: [nceLine()] }]);
    const recon = sheetOf(buildWorkbookLayout(report, { config, documents: [importedDocument()] }), SHEET_NAMES.reconciliation);
    const row = rowsLabelled(recon, '2026-10').find((r) => recon.rows[r - 1].cells[0] === 'Cycle')!;
    expect(entryAt(recon, row, 9)).toEqual({ value: 'invoice G100000009 is missing: the Invoices table dates it in this cycle, and no imported file holds it', style: 'warning' });
  });

  it('has a titled section for each kind of finding, with "none" where there is nothing', () => {
    const titles = sheet.rows.filter((row) => (row.cells[0] as { style?: string } | null)?.style === 'title').map((row) => (row.cells[0] as { value: string }).value);
    expect(titles).toEqual([
      'Reconciliation',
      'Invoices',
      'Cycles: report cost against the invoices',
      'Tenants not linked in the Customers table (no row, or no Organization in it: billed under the name in the file)',
      'Products without a price (priced at the default markup)',
      'Duplicate lines dropped (already imported from another file)',
      'Files outside the selected cycles (not billed)',
      'Rejected files (not billed)',
      'Cycles in more than one currency (reported side by side, never added)',
      'Warnings',
    ]);
    expect(valueAt(sheet, rowsLabelled(sheet, 'Customer ID')[0] + 1, 1)).toBe('Trey Research');
    expect(rowsLabelled(sheet, 'none')).toHaveLength(4);
    // The sample's SQL Database gets no partner earned credit: 5% off retail sells it below cost, and that is said.
    const warnings = rowsLabelled(sheet, 'Warnings')[0];
    expect(valueAt(sheet, warnings + 2, 0)).toMatch(/^cycle 2026-10: SQL Database .* is sold below cost by price list retail \(UnitPrice\) less 5% \(cost 30\.00, sales 28\.50 USD; Coho Winery\)/);
  });

  it('lists the file outside the selected cycles, and the rejected file', async () => {
    const run = await fixtureRun(['nce-invoice-2026-10.csv', 'nce-invoice-2026-11.csv', 'not-a-reconciliation-file.csv'], { months: new Set(['2026-10']) });
    const recon = sheetOf(buildWorkbookLayout(run.report, run), SHEET_NAMES.reconciliation);
    const outside = rowsLabelled(recon, 'nce-invoice-2026-11.csv')[0];
    expect([valueAt(recon, outside, 1), valueAt(recon, outside, 2), valueAt(recon, outside, 3), valueAt(recon, outside, 4), valueAt(recon, outside, 9)]).toEqual([
      { kind: 'date', utc: Date.UTC(2026, 10, 30) },
      'USD',
      2,
      170,
      '2026-11',
    ]);
    const rejected = recon.rows.findIndex((row) => row.cells[0] === 'Reason') + 1;
    expect(valueAt(recon, rejected, 0)).toMatch(/^not-a-reconciliation-file\.csv/);
  });

  it("dates a file outside the selected cycles as billed: the Invoices table's date, saying so, not the file's own", () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,12/5/2026,' });
    const report = reportOf(config, [{ lines: [nceLine()], document: { fileName: 'october.csv' } }, { lines: [nceLine({ invoiceNumber: 'G100000002', cost: '7' })] }], { months: new Set(['2026-10']) });
    const recon = sheetOf(buildWorkbookLayout(report, { config, documents: [importedDocument()] }), SHEET_NAMES.reconciliation);
    const outside = rowsLabelled(recon, 'october.csv')[0];
    expect(recon.rows[outside - 1].cells[10]).toBe('Billing date from');
    expect([valueAt(recon, outside, 1), valueAt(recon, outside, 9), valueAt(recon, outside, 10)]).toEqual([
      { kind: 'date', utc: Date.UTC(2026, 11, 5) },
      '2026-12',
      'the Invoices table, invoice G100000001',
    ]);
  });
});

describe('Customer Statements', () => {
  let sheet: SheetLayout;
  beforeAll(() => (sheet = sheetOf(fixtureLayout, SHEET_NAMES.statements)));

  it('shows no cost and no margin anywhere: no such word, and no number but quantities, unit prices and sales', () => {
    for (const layout of [fixtureLayout, sampleLayout]) {
      const statements = sheetOf(layout, SHEET_NAMES.statements);
      const run = layout === fixtureLayout ? fixture : sample;
      const allowed = new Set<number>();
      for (const cycle of run.report.cycles) {
        for (const organization of cycle.organizations) {
          allowed.add(organization.sales.toNumber());
          const unitPrice = (detail: ReportDetail) => statementUnitPrice(detail.sales, detail.quantity, minorUnits(cycle.currency)).value;
          for (const product of organization.products) for (const detail of product.details) [detail.quantity, unitPrice(detail), detail.sales].forEach((d) => allowed.add(d.toNumber()));
        }
      }
      for (const value of allValues(statements)) {
        if (typeof value === 'string') expect(value).not.toMatch(/cost|margin|markup|price list|rule/i);
        else if (typeof value === 'number') expect(allowed.has(value)).toBe(true);
        else if (isFormula(value)) expect(allowed.has(value.result as number)).toBe(true);
      }
      expect(statements.columns.some((c) => c.group === 'cost')).toBe(false);
    }
  });

  it('has one statement per billable organization and cycle, each ending in a total formula that is the organization’s sales', () => {
    const names = sheet.rows.filter((row) => row.style === 'organization').map((row) => row.cells[0]);
    expect(names).toEqual(['=2+5 Evil Corp', 'Fabrikam', 'Northwind Traders', 'Fabrikam', 'Northwind Traders']);
    expect(names).not.toContain('Contoso Pharmaceuticals');
    const header = sheet.rows.findIndex((row) => row.style === 'header');
    expect(sheet.rows[header].cells).toEqual([...STATEMENT_COLUMNS]);
    const totals = sheet.rows.flatMap((row, r) => (row.style === 'total' ? [r] : []));
    const billable = fixture.report.cycles.flatMap((c) => c.organizations.filter((o) => o.billable));
    expect(totals).toHaveLength(billable.length);
    totals.forEach((r, i) => {
      expect(resultAt(sheet, r, 4)).toBe(billable[i].sales.toNumber());
      expect(evaluate(sheet, r, 4) as number).toBeCloseTo(billable[i].sales.toNumber(), 9);
    });
    const period = rowsLabelled(sheet, 'Period')[0];
    expect(valueAt(sheet, period, 1)).toBe('2026-10-01 to 2026-10-31');
    expect(valueAt(sheet, rowsLabelled(sheet, 'Statement date')[0], 1)).toBe('2026-11-01');
    // Every product name fits its column on paper; a detail longer than its column (a pro-rated line's days) wraps.
    for (const row of sheet.rows.filter((row) => row.style === undefined)) expect(String(row.cells[0] ?? '').length).toBeLessThanOrEqual(sheet.columns[0].width);
    expect(sheet.columns[1].wrap).toBe(true);
    expect(sheet.rows[totals[0]].cells[0]).toBe('Total excl. tax');
  });

  it('builds the statements of a large month: 200,000 detail lines (their column widths once overflowed the call stack)', () => {
    const cycle = sample.report.cycles[0];
    const organization = cycle.organizations.find((o) => o.billable && o.products.length > 0)!;
    const product = organization.products[0];
    const details = Array.from({ length: 200_000 }, () => product.details[0]);
    const big: BillingReport = { ...sample.report, cycles: [{ ...cycle, lines: [], organizations: [{ ...organization, products: [{ ...product, details }] }] }] };
    const statements = sheetOf(buildWorkbookLayout(big, sample), SHEET_NAMES.statements);
    expect(statements.rows.length).toBeGreaterThan(200_000);
  });

  it('shows unit prices a customer can multiply back to the amount, with the decimals that takes', () => {
    const statements = sheetOf(sampleLayout, SHEET_NAMES.statements);
    let checked = 0;
    let longer = 0;
    statements.rows.forEach((row, r) => {
      const [quantity, price, amount] = [2, 3, 4].map((c) => valueAt(statements, r, c));
      if (row.style !== undefined || typeof quantity !== 'number' || typeof price !== 'number' || typeof amount !== 'number') return;
      expect(Decimal.parse(String(quantity)).times(Decimal.parse(String(price))).round(2).toNumber()).toBe(amount);
      checked++;
      if (formatAt(statements, r, 3) !== '#,##0.00##') longer++;
    });
    expect(checked).toBeGreaterThan(100);
    // Usage at fractions of a cent a unit needs more than four decimals now and then ("#,##0.00###").
    expect(longer).toBeGreaterThan(0);
  });

  it('tells two SKUs Microsoft names alike apart by their catalog ids, as the customer CSVs do', () => {
    const config = configOf({ Prices: 'Product ID,SKU ID,Sales price\nCFQ7TTC0LCHC,0001,20\nCFQ7TTC0LCHC,0002,15' });
    const twoSkus = reportOf(config, [{ lines: [nceLine({ skuId: '0001', quantity: '2', cost: '25' }), nceLine({ skuId: '0002', quantity: '3', cost: '37.5', subscriptionId: 'b' })] }]);
    const statements = sheetOf(buildWorkbookLayout(twoSkus, { config, documents: [] }), SHEET_NAMES.statements);
    const line = statements.rows.findIndex((row) => row.style === 'header') + 1;
    expect([line, line + 1].map((r) => [valueAt(statements, r, 0), valueAt(statements, r, 3)])).toEqual([
      ['Microsoft 365 Business Standard (CFQ7TTC0LCHC:0001)', 20],
      ['Microsoft 365 Business Standard (CFQ7TTC0LCHC:0002)', 15],
    ]);
  });

  it('shows a yen unit price with the decimals that multiply it back, though yen amounts have none: 3 seats for 1,000 yen at 333.33', () => {
    const config = configOf();
    const yen = reportOf(config, [{ lines: [nceLine({ currency: 'JPY', quantity: '3', cost: '1000' })] }]);
    const statements = sheetOf(buildWorkbookLayout(yen, { config, documents: [] }), SHEET_NAMES.statements);
    const line = statements.rows.findIndex((row) => row.style === 'header') + 1;
    expect([2, 3, 4].map((c) => valueAt(statements, line, c))).toEqual([3, 333.33, 1000]);
    // The yen column's own "#,##0" would show 333, and 3 × 333 is 999.
    expect(formatAt(statements, line, 3)).toBe('#,##0.##');
  });

  it("marks the statement of a tenant not linked in the Customers table as a draft, and no other", () => {
    const drafts = sheet.rows.flatMap((row, r) => (row.style === 'warning' && row.cells[0] === UNLINKED_STATEMENT ? [r] : []));
    expect(drafts.map((r) => sheet.rows[r - 1].cells[0])).toEqual(['=2+5 Evil Corp']);
  });

  it('tells two lines of one product and type apart in words (a renewal beside the recurring charge)', () => {
    const config = configOf();
    const report = reportOf(config, [{ lines: [nceLine({ chargeType: 'cycleCharge' }), nceLine({ chargeType: 'renew', cost: '30' })] }]);
    const statements = sheetOf(buildWorkbookLayout(report, { config, documents: [importedDocument()] }), SHEET_NAMES.statements);
    const header = statements.rows.findIndex((row) => row.style === 'header');
    expect(statements.rows.slice(header + 1, header + 3).map((row) => row.cells[1])).toEqual(['cycle fee (recurring charge; 1-year term, billed monthly)', 'cycle fee (renewal; 1-year term, billed monthly)']);
  });
});

describe('what a customer statement says of a pro-rated line, and of money given back', () => {
  const config = configOf();
  const statementsOf = (report: BillingReport) => sheetOf(buildWorkbookLayout(report, { config, documents: [] }), SHEET_NAMES.statements);

  it('says the days a pro-rated charge or refund covers, which its unit price is a share of, where the report kept its lines', () => {
    const lines = [
      nceLine({ quantity: '10', cost: '125' }),
      nceLine({ chargeType: 'addQuantity', quantity: '2', cost: '12.90', chargeStart: '2026-10-05', chargeEnd: '2026-11-04' }),
      nceLine({ chargeType: 'addQuantity', quantity: '1', cost: '4.03', chargeStart: '2026-10-20', chargeEnd: '2026-11-04', subscriptionId: 'other' }),
      nceLine({ chargeType: 'removeQuantity', quantity: '1', cost: '-6.45', chargeStart: '2026-10-20', chargeEnd: '2026-11-04' }),
    ];
    const statements = statementsOf(reportOf(config, [{ lines }], { months: null, keepLines: true }));
    const header = statements.rows.findIndex((row) => row.style === 'header');
    expect(statements.rows.slice(header + 1, header + 4).map((row) => row.cells[1])).toEqual([
      'cycle fee (1-year term, billed monthly)',
      // Seats added on two days are one line at one unit price: an average of two periods, said to be one.
      'pro-rated charge (1-year term, billed monthly): several periods, 5 Oct to 4 Nov 2026',
      'refund (1-year term, billed monthly): 16 days, 20 Oct to 4 Nov 2026',
    ]);
    // The detail column wraps the longer text on paper rather than cut it off.
    expect(statements.columns[1]).toMatchObject({ wrap: true });
    expect(statements.columns[1].width).toBeLessThanOrEqual(56);
  });

  it('calls a statement whose total gives money back a credit note, in its date and its total, and leaves the others statements', () => {
    const lines = [nceLine({ chargeType: 'cancelImmediate', quantity: '2', cost: '-25' }), nceLine({ customerId: FABRIKAM, customerName: 'Fabrikam' })];
    const statements = statementsOf(reportOf(config, [{ lines }]));
    const labelsOf = (name: string) => {
      const start = statements.rows.findIndex((row) => row.style === 'organization' && row.cells[0] === name);
      const end = statements.rows.findIndex((row, r) => r > start && row.style === 'total');
      return statements.rows.slice(start, end + 1).map((row) => row.cells[0]).filter((label) => typeof label === 'string' && /date|total/i.test(label));
    };
    expect(labelsOf('Northwind Traders')).toEqual(['Credit note date', 'Total credited excl. tax']);
    expect(labelsOf('Fabrikam')).toEqual(['Statement date', 'Total excl. tax']);
    const total = statements.rows.findIndex((row) => row.cells[0] === 'Total credited excl. tax');
    // Its amounts keep their signs, and the total is still the sum of the lines.
    expect(resultAt(statements, total, 4)).toBe(-25);
    expect(evaluate(statements, total, 4)).toBe(-25);
  });
});

describe("a month taller than Excel's sheet", () => {
  /** The sample's month with `count` detail lines under one product of one billable organization (the same detail, cheaply). */
  const withDetails = (count: number, organizations = 1): BillingReport => {
    const cycle = sample.report.cycles[0];
    const organization = cycle.organizations.find((o) => o.billable && o.products.length > 0)!;
    const product = organization.products[0];
    const details = Array.from({ length: count }, () => product.details[0]);
    const many = Array.from({ length: organizations }, () => ({ ...organization, products: [{ ...product, details }] }));
    return { ...sample.report, cycles: [{ ...cycle, lines: [], organizations: many }] };
  };

  it('counts the rows of the Billing Report and the Customer Statements as they are laid out', () => {
    for (const [run, layout] of [[sample, sampleLayout], [fixture, fixtureLayout]] as const) {
      const counts = sheetRowCounts(run.report);
      expect(counts.report).toBe(sheetOf(layout, SHEET_NAMES.report).rows.length);
      expect(counts.statements).toBe(sheetOf(layout, SHEET_NAMES.statements).rows.length);
    }
    const empty: BillingReport = { ...sample.report, cycles: [] };
    const layout = buildWorkbookLayout(empty, sample);
    expect(sheetRowCounts(empty)).toEqual({ report: sheetOf(layout, SHEET_NAMES.report).rows.length, statements: sheetOf(layout, SHEET_NAMES.statements).rows.length, details: 0 });
  });

  it('says, before making a row, how many rows each sheet has and how deep its outline goes, as its rows then are, made anew each time', () => {
    const config = configOf();
    const withoutLines = reportOf(config, [{ lines: [nceLine(), nceLine({ subscriptionId: 'other', cost: '25' })] }]);
    const runs: Array<[BillingReport, Run]> = [[sample.report, sample], [fixture.report, fixture], [{ ...sample.report, cycles: [] }, sample], [withDetails(3, 2), sample], [withoutLines, { ...sample, documents: [] }]];
    for (const [report, run] of runs) {
      const streamed = streamedWorkbookLayout(report, run);
      for (const sheet of streamed.sheets) {
        const rows = [...sheet.rows()];
        expect([sheet.name, sheet.rowCount, sheet.outlineLevels]).toEqual([sheet.name, rows.length, rows.reduce((max, row) => Math.max(max, row.outlineLevel ?? 0), 0)]);
        expect([...sheet.rows()]).toEqual(rows);
      }
    }
  });

  it('refuses, before laying out a row, a month whose Billing Report would run past row 1,048,576, saying what to do', () => {
    const big = withDetails(1_048_576);
    const started = Date.now();
    expect(() => buildWorkbookLayout(big, sample)).toThrow(SheetTooLargeError);
    // Laid out, a million rows take seconds and gigabytes; counted, nothing.
    expect(Date.now() - started).toBeLessThan(1000);
    const { report, statements, details } = sheetRowCounts(big);
    expect(details).toBe(1_048_576);
    const month = sample.report.cycles[0].cycle.month;
    const n = (value: number) => value.toLocaleString('en-US');
    expect(sheetLimitProblem(big)).toBe(
      `The Billing Report of ${month} would take ${n(report)} rows and the Customer Statements of ${month} would take ${n(statements)} rows, more than the 1,048,576 an Excel sheet holds (1,048,576 detail lines). ` +
        'Bill it in parts (a file of fewer customers), or use the billing CSV export, which has no such limit.',
    );
  });

  it('lays out the largest month that fits, and refuses one more detail line', () => {
    const fits = withDetails(1);
    const spare = 1_048_576 - sheetRowCounts(fits).report;
    expect(sheetLimitProblem(withDetails(1 + spare))).toBeNull();
    expect(sheetLimitProblem(withDetails(2 + spare))).toMatch(/^The Billing Report of \d{4}-\d{2} would take 1,048,577 rows.*, more than the 1,048,576 an Excel sheet holds \([\d,]+ detail lines\)\. Bill it in parts \(a file of fewer customers\), or use the billing CSV export, which has no such limit\.$/);
  });

  it('refuses Customer Statements too long for a sheet, though the Billing Report would fit', () => {
    // One detail a customer: a statement takes nine rows where the report takes three.
    const many = withDetails(1, 200_000);
    expect(sheetRowCounts(many).report).toBeLessThan(1_048_576);
    expect(sheetLimitProblem(many)).toMatch(/^The Customer Statements of \d{4}-\d{2} would take 1,800,00\d rows, more than the 1,048,576/);
  });
});

describe('printing', () => {
  it('prints the Billing Report’s amounts (through Margin %) in landscape with its three header rows on every page', () => {
    const report = sheetOf(sampleLayout, SHEET_NAMES.report);
    expect(report.print).toEqual({ orientation: 'landscape', columns: C.marginPercent + 1, firstRow: 0, titleRows: 3, pageBreaksBefore: [], footer: PRINT_FOOTER });
    expect(REPORT_COLUMNS[report.print!.columns - 1]).toBe('Margin %');
  });

  it('leaves the Billing Lines table to Excel’s defaults and prints the other sheets whole, wide ones in landscape', () => {
    expect(sheetOf(sampleLayout, SHEET_NAMES.lines).print).toBeUndefined();
    for (const name of [SHEET_NAMES.pivots, SHEET_NAMES.reconciliation]) {
      const sheet = sheetOf(sampleLayout, name);
      expect(sheet.print).toMatchObject({ orientation: 'landscape', columns: sheet.columns.length, titleRows: 1 });
    }
    const statements = sheetOf(sampleLayout, SHEET_NAMES.statements);
    expect(statements.print).toMatchObject({ orientation: 'portrait', columns: STATEMENT_COLUMNS.length, titleRows: 0 });
  });

  it('prints each customer statement on pages of its own, from the customer’s name, without the sheet’s title', () => {
    const sheet = sheetOf(fixtureLayout, SHEET_NAMES.statements);
    const starts = sheet.rows.flatMap((row, r) => (row.style === 'organization' ? [r] : []));
    expect(starts).toHaveLength(5);
    expect(sheet.print!.firstRow).toBe(starts[0]);
    expect(sheet.print!.pageBreaksBefore).toEqual(starts.slice(1));
  });

  it('prints the statements without page numbers (the whole sheet’s), and every other sheet with “Page 2 of 5”', () => {
    // Excel numbers the pages of the sheet printed: "Page 36" on a customer's one-page statement.
    expect(sheetOf(sampleLayout, SHEET_NAMES.statements).print!.footer).toEqual({ left: '', right: '' });
    expect(STATEMENT_FOOTER.right).not.toMatch(/&[PN]/);
    for (const sheet of sampleLayout.sheets.filter((s) => s.print !== undefined && s.name !== SHEET_NAMES.statements)) expect(sheet.print!.footer).toEqual({ left: '&A', right: 'Page &P of &N' });
  });

  it('prints statements one after another, and says so, when there are more than Excel’s 1,026 page breaks', () => {
    const lines = Array.from({ length: 1028 }, (_, i) => nceLine({ customerId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, customerName: `Customer ${i}` }));
    const layout = buildWorkbookLayout(reportOf(configOf(), [{ lines }]), { config: configOf(), documents: [] });
    const sheet = sheetOf(layout, SHEET_NAMES.statements);
    expect(sheet.rows.filter((row) => row.style === 'organization')).toHaveLength(1028);
    expect(sheet.print!.pageBreaksBefore).toEqual([]);
    expect(layout.notes).toContain("Customer Statements: 1,028 statements are more than Excel's 1,026 page breaks allow; printed, they follow one another without a new page each.");
  });
});

describe('the configuration tables', () => {
  const table = (layout: WorkbookLayout, name: string) => layout.userTables.find((t) => t.name === name)!;

  it('have the contract’s columns first (helpers after them), a format and a width per column', () => {
    for (const t of fixtureLayout.userTables) {
      expect(t.columns.slice(0, TABLE_COLUMNS[t.name as keyof typeof TABLE_COLUMNS].length)).toEqual([...TABLE_COLUMNS[t.name as keyof typeof TABLE_COLUMNS]]);
      expect(t.formats).toHaveLength(t.columns.length);
      expect(t.widths).toHaveLength(t.columns.length);
      for (const key of t.keyColumns) expect(t.columns).toContain(key);
      for (const row of t.candidates) expect(row).toHaveLength(t.columns.length);
    }
    expect(table(fixtureLayout, 'Customers').columns).toEqual(['Customer ID', 'Organization', 'Markup %', 'Billable', "Customer name in Microsoft's file"]);
    expect(table(fixtureLayout, 'Prices').columns.slice(10)).toEqual(['Unit cost (reference)', 'Currency (reference)', 'Note']);
    expect(table(fixtureLayout, 'Customers').formats[0]).toBe('@');
  });

  it('suggest the three settings with their current values', () => {
    expect(table(fixtureLayout, 'Settings').candidates).toEqual([
      ['Cycle end day', 'last'],
      ['Default markup %', 5],
      ['Currency', 'USD'],
    ]);
  });

  it('suggest Promotions only where the accountant chose Pass on (Keep is the default), so a table the pane creates keeps it', () => {
    const passOn = { ...fixture, config: { ...fixture.config, settings: { ...fixture.config.settings, promotions: 'pass on' as const } } };
    expect(table(buildWorkbookLayout(fixture.report, passOn), 'Settings').candidates).toEqual([
      ['Cycle end day', 'last'],
      ['Default markup %', 5],
      ['Currency', 'USD'],
      ['Promotions', 'Pass on'],
    ]);
  });

  it('suggest every tenant found: the table’s own, then the unlinked one, its Organization left for the accountant', () => {
    expect(table(fixtureLayout, 'Customers').candidates).toEqual([
      [NORTHWIND, 'Northwind Traders', null, 'Yes', null],
      [FABRIKAM, 'Fabrikam', 10, 'Yes', null],
      [CONTOSO, 'Contoso Pharmaceuticals', null, 'No', null],
      [EVIL_ID, null, null, null, '=2+5 Evil Corp'],
    ]);
  });

  it('leave a suggested tenant unlinked until its Organization is filled in, and then bill it under that name', () => {
    const line = nceLine({ customerId: EVIL_ID, customerName: 'Evil Corp (file)' });
    const suggested = configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${EVIL_ID},,12,Yes` });
    const waiting = reportOf(suggested, [{ lines: [line] }]);
    expect(waiting.reconciliation.unlinkedTenants.map((t) => t.name)).toEqual(['Evil Corp (file)']);
    expect(waiting.cycles[0].organizations[0]).toMatchObject({ name: 'Evil Corp (file)', linked: false });
    // The row's markup applies meanwhile, and the next workbook shows the file's name beside the empty Organization.
    expect(waiting.cycles[0].organizations[0].products[0].details[0].rules).toEqual(['customer markup 12%']);
    const layout = buildWorkbookLayout(waiting, { config: suggested, documents: [importedDocument()] });
    expect(layout.userTables.find((t) => t.name === 'Customers')!.candidates).toEqual([[EVIL_ID, null, 12, 'Yes', 'Evil Corp (file)']]);
    const named = reportOf(configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${EVIL_ID},Evil Corporation,12,Yes` }), [{ lines: [line] }]);
    expect(named.reconciliation.unlinkedTenants).toEqual([]);
    expect(named.cycles[0].organizations[0]).toMatchObject({ name: 'Evil Corporation', linked: true });
  });

  it('suggest every product no price covers, without a price (it stays unpriced), with its current unit cost for reference', () => {
    const prices = table(fixtureLayout, 'Prices');
    expect(prices.keyColumns).toEqual(['Product ID', 'SKU ID']);
    expect(prices.candidates).toEqual([
      ['CFQ7TTC0LCHC', '0002', 'Microsoft 365 Business Standard', 'P1Y', 'Monthly', 15, null, null, null, null, 12.5, 'USD', null],
      ['CFQ7TTC0LF8Q', null, 'Exchange Online (Plan 1)', null, null, null, 20, null, null, null, 4, 'USD', null],
      ['DZH318Z0BQ3Q', null, 'Azure plan', null, null, null, null, null, null, 5, null, null, null],
      ['CFQ7TTC0QW7C', '0001', 'Microsoft Teams Essentials', null, null, null, null, null, null, null, 8, 'USD', 'not priced yet: at the default markup until you fill in one price'],
      ['CFQ7TTC0LH18', '0001', 'Microsoft 365 Business Basic', null, null, null, null, null, null, null, 6, 'USD', 'not priced yet: at the default markup until you fill in one price'],
    ]);
  });

  it('show the reference unit cost per month, as a Sales price beside it is (per year on an Annual row): a yearly seat’s 264.00 is 22 a month', () => {
    const yearly = { term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual', chargeType: 'new', chargeStart: Date.UTC(2026, 9, 3), chargeEnd: Date.UTC(2027, 9, 2), unitPrice: Decimal.parse('264.00'), cost: Decimal.parse('264.00') };
    const config = configOf({
      Prices: ['Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %', 'CFQ7TTC0AAA1,0001,A yearly,P1Y,Annual,,,,,'].join('\n'),
    });
    const lines = [nceLine({ ...yearly, productId: 'CFQ7TTC0AAA1', skuId: '0001', productName: 'A' }), nceLine({ ...yearly, productId: 'CFQ7TTC0BBB2', skuId: '0001', productName: 'B' })];
    const report = reportOf(config, [{ lines }]);
    expect(report.cycles[0].organizations[0].products.map((p) => p.details[0].term)).toEqual(['1-year term, billed yearly', '1-year term, billed yearly']);
    const prices = table(buildWorkbookLayout(report, { config, documents: [importedDocument()] }), 'Prices').candidates;
    expect(prices.map((row) => [row[0], row[4], row[10]])).toEqual([
      ['CFQ7TTC0AAA1', 'Annual', 264],
      ['CFQ7TTC0BBB2', null, 22],
    ]);
    // A monthly-billed seat of the product says its monthly cost itself, and is preferred.
    const both = reportOf(configOf(), [{ lines: [lines[1], nceLine({ productId: 'CFQ7TTC0BBB2', skuId: '0001', productName: 'B', unitPrice: Decimal.parse('26.40'), cost: Decimal.parse('26.40') })] }]);
    expect(table(buildWorkbookLayout(both, { config: configOf(), documents: [importedDocument()] }), 'Prices').candidates.map((row) => row[10])).toEqual([26.4]);
  });

  it('show the reference unit cost per month of a 3-year term paid upfront (36 months), and not a trial’s free seats’ 0 beside paid ones', () => {
    const suggested = (lines: ReturnType<typeof nceLine>[]) => table(buildWorkbookLayout(reportOf(configOf(), [{ lines }]), { config: configOf(), documents: [importedDocument()] }), 'Prices').candidates.map((row) => [row[0], row[10]]);
    // A Sales price is per month and bills such a line 36 times: 360.00 shown as the month's cost invited 360 × 36.
    const triennial = nceLine({ productId: 'CFQ7TTC0CCC3', skuId: '0001', term: 'Three-Year commitment for triennial billing', billingFrequency: 'Triennial', chargeType: 'new', chargeEnd: Date.UTC(2029, 9, 4), unitPrice: Decimal.parse('360.00'), cost: Decimal.parse('360.00') });
    expect(suggested([triennial])).toEqual([['CFQ7TTC0CCC3', 10]]);
    // 25 trial seats at no charge beside 10 paid ones at 12.50: the paid seats say the price.
    const paid = nceLine({ productId: 'CFQ7TTC0BBB2', skuId: '0001', quantity: Decimal.parse('10'), unitPrice: Decimal.parse('12.50'), cost: Decimal.parse('125.00') });
    const trial = nceLine({ productId: 'CFQ7TTC0BBB2', skuId: '0001', quantity: Decimal.parse('25'), unitPrice: Decimal.ZERO, cost: Decimal.ZERO, subscriptionId: 'a1b2c3d4-0000-4000-8000-000000000099' });
    expect(suggested([paid, trial])).toEqual([['CFQ7TTC0BBB2', 12.5]]);
    expect(suggested([trial, paid])).toEqual([['CFQ7TTC0BBB2', 12.5]]);
  });

  it('name a usage SKU’s suggested row for the meters it prices, not after the first one seen (the Azure plan’s one SKU bills every service)', () => {
    const meter = (productName: string, meterName: string, customerId = NORTHWIND) => azureUsageLine({ productName, meter: meterName, customerId });
    const lines = [meter('Virtual Machines', 'D2 v3 (1 Hour)'), meter('Storage', 'E10 LRS Disk (1/Month)', FABRIKAM), meter('Bandwidth', 'Data Transfer Out (1 GB)'), meter('Storage', 'E10 LRS Disk (1/Month)')];
    const report = reportOf(configOf(), [{ lines }]);
    const prices = table(buildWorkbookLayout(report, { config: configOf(), documents: [importedDocument()] }), 'Prices').candidates;
    expect(prices.map((row) => [row[0], row[1], row[2]])).toEqual([['DZH318Z0BQ3Q', '0001', 'Usage of 3 meters: Bandwidth – Data Transfer Out (1 GB), Storage – E10 LRS Disk (1/Month), …']]);
    // One meter: its own name.
    const one = reportOf(configOf(), [{ lines: [lines[0]] }]);
    expect(table(buildWorkbookLayout(one, { config: configOf(), documents: [importedDocument()] }), 'Prices').candidates.map((row) => row[2])).toEqual(['Virtual Machines – D2 v3 (1 Hour)']);
  });

  it('keep every Prices row as written, those not priced yet too: with lines this month or none (the workbook is next month’s --config)', () => {
    const config = configOf({
      Prices: [
        'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %',
        `${M365_BUSINESS_STANDARD},0002,Business Standard - to price after vendor call,P1Y,Monthly,,,,,`,
        'CFQ7TTC0MM8R,0002,Copilot - to price after vendor call,,,,,,,',
        `${M365_BUSINESS_STANDARD},,Business Standard (all SKUs),,,,10,,,`,
      ].join('\n'),
    });
    const report = reportOf(config, [{ lines: [nceLine({})] }]);
    // Listed, not priced: the product-wide markup prices the line, as before.
    expect(report.cycles[0].organizations[0].products[0].details[0].rules).toEqual(['price list markup 10%']);
    const layout = buildWorkbookLayout(report, { config, documents: [importedDocument()] });
    expect(table(layout, 'Prices').candidates).toEqual([
      [M365_BUSINESS_STANDARD, '0002', 'Business Standard - to price after vendor call', 'P1Y', 'Monthly', null, null, null, null, null, 12.5, 'USD', null],
      ['CFQ7TTC0MM8R', '0002', 'Copilot - to price after vendor call', null, null, null, null, null, null, null, null, null, null],
      [M365_BUSINESS_STANDARD, null, 'Business Standard (all SKUs)', null, null, null, 10, null, null, null, 12.5, 'USD', null],
    ]);
  });

  it('suggest a product once, however many organizations have it: a product-only row covers every SKU, a product+SKU row its own SKU', () => {
    const config = configOf({
      Prices: [
        'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %',
        'cfq7ttc0aaa1,,All SKUs of A,,,,10,,,',
        'CFQ7TTC0BBB2,0001,B one,,,9,,,,',
      ].join('\n'),
    });
    const products = [
      { productId: 'CFQ7TTC0AAA1', skuId: '0001', productName: 'A one' },
      { productId: 'CFQ7TTC0AAA1', skuId: '0002', productName: 'A two' },
      { productId: 'CFQ7TTC0BBB2', skuId: '0001', productName: 'B one' },
      { productId: 'CFQ7TTC0BBB2', skuId: '0002', productName: 'B two' },
      { productId: 'CFQ7TTC0CCC3', skuId: '0001', productName: 'C one' },
    ];
    const lines = [CONTOSO, FABRIKAM, NORTHWIND].flatMap((customerId, c) =>
      products.map((product, p) => nceLine({ ...product, skuName: product.productName, customerId, customerName: `Customer ${c}`, subscriptionId: `a1b2c3d4-0000-4000-8000-${String(c * 10 + p).padStart(12, '0')}` })),
    );
    const layout = buildWorkbookLayout(reportOf(config, [{ lines }]), { config, documents: [importedDocument()] });
    const note = 'not priced yet: at the default markup until you fill in one price';
    expect(table(layout, 'Prices').candidates).toEqual([
      ['cfq7ttc0aaa1', null, 'All SKUs of A', null, null, null, 10, null, null, null, 12.5, 'USD', null],
      ['CFQ7TTC0BBB2', '0001', 'B one', null, null, 9, null, null, null, null, 12.5, 'USD', null],
      ['CFQ7TTC0BBB2', '0002', 'B two', null, null, null, null, null, null, null, 12.5, 'USD', note],
      ['CFQ7TTC0CCC3', '0001', 'C one', null, null, null, null, null, null, null, 12.5, 'USD', note],
    ]);
  });

  it('read the Prices table a bounded number of times, not once per product row of every organization', () => {
    const productIds = Array.from({ length: 100 }, (_, i) => `CFQ7TTC0P${String(i).padStart(3, '0')}`);
    const config = configOf({
      Prices: ['Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %', ...productIds.map((id, i) => `${id},${i % 2 === 0 ? '' : '0002'},P ${i},,,,10,,,`)].join('\n'),
    });
    const lines = Array.from({ length: 200 }, (_, c) =>
      nceLine({
        customerId: `00000000-0000-4000-8000-${String(c).padStart(12, '0')}`,
        customerName: `Customer ${c}`,
        productId: productIds[c % productIds.length],
        subscriptionId: `a1b2c3d4-0000-4000-8000-${String(c).padStart(12, '0')}`,
      }),
    );
    const report = reportOf(config, [{ lines }]);
    let reads = 0;
    const prices = new Proxy(config.prices, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const layout = buildWorkbookLayout(report, { config: { ...config, prices }, documents: [importedDocument()] });
    expect(table(layout, 'Prices').candidates).toHaveLength(100);
    // Every row is covered (the odd ones by their SKU 0002, the even ones product-wide): one scan per organization
    // would read the table 200 × 100 times.
    expect(reads).toBeLessThanOrEqual(10 * productIds.length);
  });

  it('suggest every invoice number found, with the billing date of its file, and never a Microsoft total', () => {
    expect(table(fixtureLayout, 'Invoices').candidates).toEqual([
      ['G100000001', null, 293.9, null],
      ['G100000002', { kind: 'date', utc: Date.UTC(2026, 10, 30) }, null, 'nce-invoice-2026-11.csv'],
    ]);
    expect(table(fixtureLayout, 'Customer Prices').candidates).toEqual([[FABRIKAM, 'CFQ7TTC0LCHC', '0002', 14, null, null]]);
  });
});

describe('text from the files', () => {
  it('stays a string wherever it appears, even a customer named =HYPERLINK("x")', () => {
    const config = configOf();
    const name = '=HYPERLINK("x")';
    const report = reportOf(config, [{ lines: [nceLine({ customerId: EVIL_ID, customerName: name })] }], { months: null, keepLines: true });
    const layout = buildWorkbookLayout(report, { config, documents: [importedDocument({ invoiceNumbers: ['G100000001'] })] });
    const places = layout.sheets.flatMap((sheet) => sheet.rows.flatMap((row) => row.cells.filter((cell) => cell === name).map(() => sheet.name)));
    expect(new Set(places)).toEqual(new Set(['Billing Report', 'Customer Summary', 'Billing Lines', 'Billing Pivots', 'Reconciliation', 'Customer Statements']));
    expect(layout.sheets.find((s) => s.name === 'Billing Pivots')!.pivots[0].fallback.some((row) => row.cells.includes(name))).toBe(true);
    expect(layout.userTables.find((t) => t.name === 'Customers')!.candidates).toEqual([[EVIL_ID, null, null, null, name]]);
  });
});
