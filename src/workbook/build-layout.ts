/**
 * The billing report as a workbook layout: the sheets the add-in owns (Billing Report, Customer Summary, Billing Lines,
 * Billing Pivots, Reconciliation, Customer Statements) and the configuration tables the user owns, with the rows the data suggests
 * for them. Pure: no Excel, no file system; the office-js writer and the .xlsx writer render the same layout.
 *
 * Amounts stay exact decimals until a cell needs a number (Decimal.toNumber() here and nowhere earlier). Every total
 * on the Billing Report is a formula over the lines below it whose cached result is the engine's own exact sum, so
 * the workbook recalculates and can be audited, and a real spreadsheet engine must arrive at the same totals.
 */
import { idKey, TABLE_COLUMNS, type BillingConfig, type InvoiceEntry, type PriceEntry, type TableName } from '../billing/config';
import { minorUnits } from '../billing/currency';
import { formatIsoDate } from '../billing/dates';
import { Decimal } from '../billing/decimal';
import { TRANSACTION_TYPES, type TransactionType } from '../billing/line';
import { monthsOfTermWords } from '../billing/pricing';
import type { BillingLineRow, BillingReport, ReportCycle, ReportOrganization, ReportProduct } from '../billing/report';
import { detailLabel, statementDetails, statementKind, statementProductNames, statementUnitPrice, statementUnits } from '../billing/statement-detail';
import type { ImportedDocument } from '../import/import-file';
import { CUSTOMER_SUMMARY_SHEET, customerSummarySheet } from './customer-summary';
import {
  a1,
  amount,
  cell,
  columnRange,
  COUNT_FORMAT,
  CYCLE_FORMAT,
  DATE_FORMAT,
  dateValue,
  formula,
  FRACTION_FORMAT,
  GENERAL_FORMAT,
  ID_FORMAT,
  marginPercentFormula,
  marginPercentOf,
  moneyFormat,
  optionalDate,
  PERCENT_FORMAT,
  QUANTITY_FORMAT,
  reportUnitPriceFormat,
  SHEET_ROWS,
  shownRowsTotal,
  text,
  TEXT_FORMAT,
  unitPriceFormat,
  unitPriceFormatShowing,
  unsignedZeroFormat,
} from './formats';
import { heldSheet, MAX_PAGE_BREAKS, PRINT_FOOTER, STATEMENT_FOOTER, streamedSheet, type Cell, type CellValue, type ChartLayout, type ColumnLayout, type PivotLayout, type PrintLayout, type RowLayout, type SheetLayout, type StreamedSheetLayout, type StreamedWorkbookLayout, type TableLayout, type UserTableLayout, type WorkbookLayout } from './layout';

export const SHEET_NAMES = {
  report: 'Billing Report',
  summary: CUSTOMER_SUMMARY_SHEET,
  lines: 'Billing Lines',
  pivots: 'Billing Pivots',
  reconciliation: 'Reconciliation',
  statements: 'Customer Statements',
} as const;

export const BILLING_LINES_TABLE = 'BillingLines';

export const BILLING_LINES_COLUMNS = [
  'Cycle',
  'Organization',
  'Customer ID',
  'Subscription ID',
  'Subscription',
  'Product',
  'Product ID',
  'SKU ID',
  'Charge type',
  'Transaction type',
  'Term',
  'Charge start',
  'Charge end',
  'Proration fraction',
  'Price rule',
  'Quantity',
  'Unit cost',
  'Unit price',
  'Cost',
  'Sales',
  'Margin',
  'Currency',
  'Invoice number',
  'Source file',
] as const;

/** The Billing Report's columns, in order; cost (D, E) and sales (F, G) are kept apart. */
export const REPORT_COLUMNS = [
  'Organization / product / detail',
  'Charge type',
  'Quantity',
  'Unit cost',
  'Total cost',
  'Unit price',
  'Total sales',
  'Margin',
  'Margin %',
  'Customer ID',
  'Product ID',
  'SKU ID',
  'Price rule',
] as const;

export const STATEMENT_COLUMNS = ['Product', 'Detail', 'Quantity', 'Unit price', 'Amount'] as const;
export const UNLINKED_STATEMENT = 'Draft: this tenant is not linked in the Customers table. Check who the customer is before sending.';

/** How many organizations the chart on Billing Pivots shows. */
const TOP_ORGANIZATIONS = 15;

export interface LayoutInput {
  config: BillingConfig;
  documents: ImportedDocument[];
}

export function buildWorkbookLayout(report: BillingReport, input: LayoutInput): WorkbookLayout {
  const layout = workbookLayout(report, input, true);
  return { ...layout, sheets: layout.sheets.map(heldSheet) };
}

/**
 * The layout with the rows of the large sheets (Billing Report, Billing Lines, Customer Statements) made as they are
 * written, not held: the command line's .xlsx. Its notes, and every sheet's size, are known before a row is written.
 */
export function streamedWorkbookLayout(report: BillingReport, input: LayoutInput): StreamedWorkbookLayout {
  return workbookLayout(report, input, false);
}

/** `held`: the rows will be held anyway, so the Customer Statements' are made once, not again as they are read. */
function workbookLayout(report: BillingReport, input: LayoutInput, held: boolean): StreamedWorkbookLayout {
  // Refused before the rows are made: a month too large for a sheet must not take minutes (or the memory) to find out.
  const tooLarge = sheetLimitProblem(report);
  if (tooLarge !== null) throw new SheetTooLargeError(tooLarge);
  const notes: string[] = [];
  const sheets = [
    reportSheet(report),
    streamedSheet(customerSummarySheet(report)),
    linesSheet(report, notes),
    streamedSheet(pivotsSheet(report, notes)),
    streamedSheet(reconciliationSheet(report)),
    statementsSheet(report, notes, held),
  ];
  return { sheets, userTables: userTables(report, input), notes };
}

// ---------------------------------------------------------------------------------------------------------------
// The sheet's limit

/** A report whose Billing Report or Customer Statements would run past the last row of a sheet: nothing is laid out. */
export class SheetTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetTooLargeError';
  }
}

/**
 * The rows the Billing Report and the Customer Statements would take, counted from the report as reportSheet and
 * statementsSheet lay them out (kept in step with them by a test), without making a row.
 */
export function sheetRowCounts(report: BillingReport): { report: number; statements: number; details: number } {
  let rows = 3 + (report.cycles.length === 0 ? 1 : 0);
  let statements = 2;
  let details = 0;
  for (const cycle of report.cycles) {
    // Title, files, header, total, then the organizations, and a blank row.
    rows += 5;
    for (const organization of cycle.organizations) {
      let own = 0;
      for (const product of organization.products) own += product.details.length;
      rows += 1 + organization.products.length + own;
      details += own;
      // Blank, name, (draft), customer ID, date, period, currency, header, the details, total.
      if (organization.billable) statements += 8 + (organization.linked ? 0 : 1) + own;
    }
  }
  if (statements === 2) statements += 2;
  return { report: rows, statements, details };
}

/**
 * Why the report cannot be laid out on Excel's sheets, in the accountant's words, or null. `csvExport` names the
 * export without the limit as the caller offers it ("the billing CSV export", "--csv").
 */
export function sheetLimitProblem(report: BillingReport, csvExport = 'the billing CSV export', sheetRows = SHEET_ROWS): string | null {
  const counts = sheetRowCounts(report);
  const months = [...new Set(report.cycles.map((cycle) => cycle.cycle.month))].sort();
  const of = months.length === 1 ? months[0] : `${months[0]} to ${months[months.length - 1]}`;
  const over = ([[SHEET_NAMES.report, counts.report], [SHEET_NAMES.statements, counts.statements]] as const).filter(([, rows]) => rows > sheetRows);
  if (over.length === 0) return null;
  const n = (value: number) => value.toLocaleString('en-US');
  const sheets = over.map(([name, rows]) => `the ${name} of ${of} would take ${n(rows)} rows`).join(' and ');
  return (
    `${sheets[0].toUpperCase()}${sheets.slice(1)}, more than the ${n(sheetRows)} an Excel sheet holds (${n(counts.details)} detail lines). ` +
    `Bill it in parts (a file of fewer customers), or use ${csvExport}, which has no such limit.`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Billing Report

const R = { label: 0, chargeType: 1, quantity: 2, unitCost: 3, cost: 4, unitSales: 5, sales: 6, margin: 7, marginPercent: 8, customerId: 9, productId: 10, skuId: 11, rule: 12 };

/** Formats of a cycle's amounts: set on a cell only where they differ from the column's (another currency). */
export interface CycleFormats {
  money: string | undefined;
  /** A unit cost's or price's: a currency without decimals shows those of each price (reportUnitPriceFormat). */
  unit: (price: Decimal) => string | undefined;
  /** A customer's unit price, every decimal it has shown, so quantity × price gives the amount (unitPriceFormatShowing). */
  shown: (price: Decimal) => string | undefined;
  /** A margin's: money, but one that rounds to zero shows 0.00, not -0.00 (unsignedZeroFormat). */
  margin: (value: number) => string | undefined;
  decimals: number;
}

export function cycleFormats(currency: string, base: string): CycleFormats {
  const money = moneyFormat(currency);
  const column = unitPriceFormat(base);
  const orColumn = (format: string) => (format === column ? undefined : format);
  const fixed = orColumn(unitPriceFormat(currency));
  const decimals = minorUnits(currency);
  // Other currencies' unit format is one per cycle: no format made per cell.
  const unit = decimals === 0 ? (price: Decimal) => orColumn(reportUnitPriceFormat(currency, price)) : () => fixed;
  const ownMoney = money === moneyFormat(base) ? undefined : money;
  return { money: ownMoney, unit, shown: (price) => orColumn(unitPriceFormatShowing(currency, price)), margin: (value) => unsignedZeroFormat(value, money, decimals) ?? ownMoney, decimals };
}

function reportSheet(report: BillingReport): StreamedSheetLayout {
  const base = report.cycles[0]?.currency ?? 'USD';
  const columns: ColumnLayout[] = [
    { width: 46, kind: 'text', format: TEXT_FORMAT },
    { width: 22, kind: 'text', format: TEXT_FORMAT },
    { width: 11, kind: 'quantity', format: QUANTITY_FORMAT },
    { width: 12, kind: 'unit-price', format: unitPriceFormat(base), group: 'cost' },
    { width: 15, kind: 'money', format: moneyFormat(base), group: 'cost' },
    { width: 12, kind: 'unit-price', format: unitPriceFormat(base), group: 'sales' },
    { width: 15, kind: 'money', format: moneyFormat(base), group: 'sales' },
    { width: 15, kind: 'money', format: moneyFormat(base) },
    { width: 10, kind: 'percent', format: PERCENT_FORMAT },
    { width: 38, kind: 'id', format: ID_FORMAT },
    { width: 16, kind: 'id', format: ID_FORMAT },
    { width: 8, kind: 'id', format: ID_FORMAT },
    { width: 34, kind: 'text', format: TEXT_FORMAT },
  ];
  // On paper, the amounts without the ID and rule columns: all of them fitted to a page would print at half size.
  const print = printOf(columns, R.marginPercent + 1, 3);
  const sheet = { name: SHEET_NAMES.report, columns, freeze: { rows: 3, columns: 1 }, print, tables: [], showOutlineLevel: 1, pivots: [], charts: [], tabColor: '1F4E78' };
  return { ...sheet, rowCount: sheetRowCounts(report).report, outlineLevels: reportOutlineLevels(report), rows: () => reportRows(report, base) };
}

/** Organizations 0, products 1, details 2: the deepest the report's rows go. */
function reportOutlineLevels(report: BillingReport): number {
  let levels = 0;
  for (const cycle of report.cycles) for (const organization of cycle.organizations) for (const product of organization.products) levels = Math.max(levels, product.details.length > 0 ? 2 : 1);
  return levels;
}

/**
 * The Billing Report's rows, made one by one. A subtotal row comes before the rows it sums, so where those end is
 * counted from the report (rowsOf), not found by laying them out first.
 */
function* reportRows(report: BillingReport, base: string): Generator<RowLayout> {
  const heading: RowLayout[] = [
    { cells: [{ value: 'Billing report', style: 'title' }] },
    {
      cells: [
        {
          // Short enough to print whole across the report's columns.
          value: "Per billing cycle: organizations, products and detail lines (the buttons 1 2 3 at the left). Costs are Microsoft's; sales are rounded per detail line; totals are formulas.",
          style: 'caption',
        },
      ],
    },
    { style: 'header', cells: [...REPORT_COLUMNS] },
  ];
  if (report.cycles.length === 0) heading.push({ cells: ['No billing lines in the selected cycles.'] });
  yield* heading;
  let row = heading.length;

  for (const cycle of report.cycles) {
    const formats = cycleFormats(cycle.currency, base);
    yield { cells: [{ value: `Billing cycle ${cycle.cycle.month} (${cycle.currency})`, style: 'title' }] };
    yield { cells: [{ value: text(`Files: ${cycle.documents.join(', ') || 'none'}`), style: 'caption' }] };
    // Each label over its value, both at the left: a date at the right of the wide column A read as the period start
    // beside it (QA), and "Currency" sat at the right of D over its code at the left.
    const left = (value: CellValue, format?: string): Cell => (format === undefined ? { value, align: 'left' } : { value, format, align: 'left' });
    yield { style: 'header', cells: [...['Report date', 'Period start', 'Period end', 'Currency'].map((label) => left(label)), 'Total cost', null, 'Total sales', 'Margin', 'Margin %'] };
    const totalRow = row + 3;
    const first = totalRow + 1;
    const last = cycle.organizations.reduce((end, organization) => end + rowsOf(organization), totalRow);
    yield {
      style: 'total',
      cells: [
        left(dateValue(cycle.cycle.reportDate), DATE_FORMAT),
        left(dateValue(cycle.cycle.start), DATE_FORMAT),
        left(dateValue(cycle.cycle.end), DATE_FORMAT),
        left(cycle.currency),
        ...amountCells(totalRow, first, last, cycle, formats),
      ],
    };
    row = first;
    for (const organization of cycle.organizations) {
      yield* organizationRows(row, organization, formats);
      row += rowsOf(organization);
    }
    yield { cells: [] };
    row++;
  }
}

/** The rows an organization takes on the Billing Report: its own, and each product's with its details. */
function rowsOf(organization: ReportOrganization): number {
  return organization.products.reduce((rows, product) => rows + 1 + product.details.length, 1);
}

/**
 * Total cost (E), total sales (G), margin (H) and margin % (I) of a subtotal row: SUBTOTAL(9, …) over the rows below
 * it, which skips the nested product subtotals, so an organization's total sums its detail lines once.
 */
function amountCells(row: number, first: number, last: number, totals: { cost: Decimal; sales: Decimal; margin: Decimal }, formats: CycleFormats): Array<Cell | CellValue> {
  const sum = (column: number, value: Decimal) =>
    last < first ? cell(amount(value), formats.money) : cell(formula(`SUBTOTAL(9,${columnRange(column, first, last)})`, amount(value)), formats.money);
  return [sum(R.cost, totals.cost), null, sum(R.sales, totals.sales), ...marginCells(row, totals, formats)];
}

/** Margin = sales − cost, margin % = margin / sales (blank without sales), as formulas on every row. */
function marginCells(row: number, totals: { sales: Decimal; margin: Decimal }, formats: CycleFormats): Array<Cell | CellValue> {
  const sales = a1(row, R.sales);
  const percent = marginPercentOf(totals);
  const ofPercent = percent === null ? undefined : unsignedZeroFormat(percent, PERCENT_FORMAT, 3);
  return [
    cell(formula(`${sales}-${a1(row, R.cost)}`, amount(totals.margin)), formats.margin(amount(totals.margin))),
    cell(marginPercentFormula(sales, a1(row, R.margin), formats.decimals, totals), ofPercent),
  ];
}

function organizationNote(organization: ReportOrganization): string | null {
  const notes: string[] = [];
  if (!organization.linked) notes.push('not linked in the Customers table');
  if (!organization.billable) notes.push('not billable: no sales');
  return notes.length === 0 ? null : notes.join('; ');
}

/** An organization's rows from row `at`: its subtotal, then each product's subtotal and detail lines. */
function* organizationRows(at: number, organization: ReportOrganization, formats: CycleFormats): Generator<RowLayout> {
  const note = organizationNote(organization);
  yield {
    style: 'organization',
    outlineLevel: 0,
    cells: [
      text(organization.name),
      note === null ? null : cell(note, undefined, 'warning'),
      null,
      null,
      ...amountCells(at, at + 1, at + rowsOf(organization) - 1, organization, formats),
      organization.customerId,
    ],
  };
  let row = at + 1;
  for (const product of organization.products) {
    yield* productRows(row, organization, product, formats);
    row += 1 + product.details.length;
  }
}

function* productRows(at: number, organization: ReportOrganization, product: ReportProduct, formats: CycleFormats): Generator<RowLayout> {
  yield {
    style: 'product',
    outlineLevel: 1,
    cells: [text(product.name), null, null, null, ...amountCells(at, at + 1, at + product.details.length, product, formats), organization.customerId, product.productId, product.skuId],
  };
  let row = at;
  for (const detail of product.details) {
    row++;
    yield {
      style: 'detail',
      outlineLevel: 2,
      cells: [
        detailLabel(detail),
        text(detail.chargeType),
        amount(detail.quantity),
        cell(amount(detail.unitCost), formats.unit(detail.unitCost)),
        cell(amount(detail.cost), formats.money),
        cell(amount(detail.unitSales), formats.unit(detail.unitSales)),
        cell(amount(detail.sales), formats.money),
        ...marginCells(row, detail, formats),
        null,
        null,
        null,
        text(detail.rules.join('; ')),
      ],
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Billing Lines

const LINES_TOP_ROWS = 3;

function linesSheet(report: BillingReport, notes: string[]): StreamedSheetLayout {
  const base = report.cycles[0]?.currency ?? 'USD';
  const kinds: Array<[ColumnLayout['kind'], number, ColumnLayout['group']?]> = [
    ['date', 12],
    ['text', 30],
    ['id', 38],
    ['id', 38],
    ['text', 30],
    ['text', 36],
    ['id', 15],
    ['id', 8],
    ['text', 18],
    ['text', 16],
    ['text', 24],
    ['date', 12],
    ['date', 12],
    ['fraction', 10],
    ['text', 26],
    ['quantity', 10],
    ['unit-price', 12, 'cost'],
    ['unit-price', 12, 'sales'],
    ['money', 14, 'cost'],
    ['money', 14, 'sales'],
    ['money', 14],
    ['text', 9],
    ['id', 14],
    ['text', 30],
  ];
  const columns: ColumnLayout[] = kinds.map(([kind, width, group], i) => {
    // The cycle is its month ("2026-10"), held as its end date: its report date (the 1st of the next month) read as November.
    const format = i === 0 ? CYCLE_FORMAT : formatOfKind(kind, base);
    return group === undefined ? { width, kind, format } : { width, kind, format, group };
  });
  // On paper, without gridlines, a value at a column's right edge runs into text at the next one's left: the month,
  // left, apart from the organization ("2026-10Fabrikam"); the currency code centred between the margin and the invoice.
  columns[LINES_CYCLE].align = 'left';
  columns[LINES_CURRENCY].align = 'center';

  const capacity = SHEET_ROWS - LINES_TOP_ROWS;
  const kept = report.cycles.reduce((n, c) => n + c.lines.length, 0);
  const details = report.cycles.reduce((n, c) => n + detailCount(c), 0);
  let perDetail = false;
  let caption = 'Priced lines, one row per subscription, charge type, charge period and price rule: the source of the pivots. Sales of a detail line are shared over its rows so they add up to the Billing Report to the cent.';
  for (const cycle of report.cycles.filter((c) => c.linesAggregated)) {
    notes.push(`Billing Lines: cycle ${cycle.cycle.month} (${cycle.currency}) had more lines than a sheet holds, so its rows were summed per detail line (organization, product and charge type).`);
  }
  if (report.cycles.some((c) => c.linesAggregated)) {
    caption = 'There were more lines than a sheet holds: the rows of some cycles are summed per detail line (organization, product and charge type); subscription, dates and files are blank where they differ.';
  }
  if (details > 0 && (kept === 0 || kept > capacity)) {
    perDetail = true;
    caption = 'One row per detail line of the Billing Report (organization, product and charge type): ' + (kept === 0 ? 'the report was built without its single lines.' : 'there were more lines than a sheet holds.');
    notes.push(`Billing Lines: ${kept === 0 ? 'the report was built without its single lines' : `${kept.toLocaleString('en-US')} lines are more than a sheet holds`}, so the table has one row per detail line.`);
  }

  // A row per line (or detail line) as far as the sheet goes, counted before any is made.
  const lines = perDetail ? details : kept;
  const truncated = Math.max(0, LINES_TOP_ROWS + lines - SHEET_ROWS);
  if (truncated > 0) notes.push(`Billing Lines: ${truncated.toLocaleString('en-US')} rows did not fit on the sheet and were left out; the Billing Report has every amount.`);
  // A table needs a data row, even an empty one.
  const rowCount = LINES_TOP_ROWS + Math.max(1, lines - truncated);
  const title: RowLayout = { cells: [{ value: 'Billing lines', style: 'title' }] };
  if (lines > 0) linesTotals(report, title, rowCount - 1);
  const heading: RowLayout[] = [title, { cells: [{ value: caption, style: 'caption' }] }, { style: 'header', cells: [...BILLING_LINES_COLUMNS] }];
  const table: TableLayout = {
    name: BILLING_LINES_TABLE,
    headerRow: LINES_TOP_ROWS - 1,
    lastRow: rowCount - 1,
    firstColumn: 0,
    lastColumn: BILLING_LINES_COLUMNS.length - 1,
    style: 'TableStyleMedium2',
    columns: [...BILLING_LINES_COLUMNS],
  };
  const sheet = { name: SHEET_NAMES.lines, columns, freeze: { rows: LINES_TOP_ROWS, columns: 2 }, tables: [table], pivots: [], charts: [], tabColor: '2E75B6' };
  return { ...sheet, rowCount, outlineLevels: 0, rows: () => linesRows(report, heading, perDetail, rowCount - LINES_TOP_ROWS) };
}

/** Billing Lines' rows, made one by one: the heading, then a row per line (or detail line) of each cycle, `room` at most. */
function* linesRows(report: BillingReport, heading: RowLayout[], perDetail: boolean, room: number): Generator<RowLayout> {
  yield* heading;
  const base = report.cycles[0]?.currency ?? 'USD';
  let made = 0;
  for (const cycle of report.cycles) {
    const formats = cycleFormats(cycle.currency, base);
    for (const line of perDetail ? detailLines(cycle) : cycle.lines) {
      if (made === room) return;
      made++;
      yield { cells: lineCells(cycle, line, formats) };
    }
  }
  if (made === 0) yield { cells: [] };
}

const LINES_COST = BILLING_LINES_COLUMNS.indexOf('Cost');
const LINES_CYCLE = BILLING_LINES_COLUMNS.indexOf('Cycle');
const LINES_CURRENCY = BILLING_LINES_COLUMNS.indexOf('Currency');

/**
 * Cost, sales and margin of the rows the table's filter shows, on the title row (frozen with the header): filtered to
 * the Azure plan's Product ID and one organization, they are its Azure month. SUBTOTAL(109, …) leaves out the rows
 * filtered away. Not in a report of several currencies, whose sum would add yen to dollars.
 */
function linesTotals(report: BillingReport, titleRow: RowLayout, lastRow: number): void {
  if (new Set(report.cycles.map((c) => c.currency)).size !== 1) return;
  const money = moneyFormat(report.cycles[0].currency);
  const total = (column: number, value: Decimal): Cell => ({ value: shownRowsTotal(column, LINES_TOP_ROWS, lastRow, value), format: money, style: 'total' });
  const sum = (of: (cycle: ReportCycle) => Decimal) => Decimal.sum(report.cycles.map(of));
  const cells: Array<Cell | CellValue> = Array.from({ length: LINES_COST + 3 }, (_, i) => titleRow.cells[i] ?? null);
  cells[LINES_COST - 2] = { value: 'Total of the rows shown', style: 'total' };
  cells[LINES_COST] = total(LINES_COST, sum((c) => c.cost));
  cells[LINES_COST + 1] = total(LINES_COST + 1, sum((c) => c.sales));
  cells[LINES_COST + 2] = total(LINES_COST + 2, sum((c) => c.margin));
  titleRow.cells = cells;
}

function formatOfKind(kind: ColumnLayout['kind'], currency: string): string {
  switch (kind) {
    case 'date':
      return DATE_FORMAT;
    case 'id':
      return ID_FORMAT;
    case 'text':
      return TEXT_FORMAT;
    case 'money':
      return moneyFormat(currency);
    case 'unit-price':
      return unitPriceFormat(currency);
    case 'quantity':
      return QUANTITY_FORMAT;
    case 'fraction':
      return FRACTION_FORMAT;
    case 'percent':
      return PERCENT_FORMAT;
    case 'count':
      return COUNT_FORMAT;
  }
}

function detailCount(cycle: ReportCycle): number {
  let n = 0;
  for (const organization of cycle.organizations) for (const product of organization.products) n += product.details.length;
  return n;
}

/** One Billing Lines row per detail line, for a report built without its lines or with too many of them. */
function* detailLines(cycle: ReportCycle): Generator<BillingLineRow> {
  const sourceFile = cycle.documents.length === 1 ? cycle.documents[0] : '';
  for (const organization of cycle.organizations) {
    for (const product of organization.products) {
      for (const detail of product.details) {
        yield {
          customerId: organization.customerId,
          organization: organization.name,
          subscriptionId: '',
          subscriptionDescription: '',
          productId: product.productId,
          skuId: product.skuId,
          productName: product.name,
          chargeType: detail.chargeType,
          transactionType: detail.transactionType,
          term: detail.term,
          chargeStart: null,
          chargeEnd: null,
          fraction: null,
          rule: detail.rules.length === 1 ? detail.rules[0] : detail.rules.length === 0 ? '' : 'several',
          invoiceNumber: '',
          sourceFile,
          lines: detail.lines,
          quantity: detail.quantity,
          unitCost: detail.unitCost,
          unitSales: detail.unitSales,
          cost: detail.cost,
          sales: detail.sales,
          margin: detail.margin,
        };
      }
    }
  }
}

function lineCells(cycle: ReportCycle, line: BillingLineRow, { money, unit, margin }: CycleFormats): Array<Cell | CellValue> {
  return [
    dateValue(cycle.cycle.end),
    text(line.organization),
    line.customerId,
    line.subscriptionId,
    text(line.subscriptionDescription),
    text(line.productName),
    line.productId,
    line.skuId,
    text(line.chargeType),
    line.transactionType,
    line.term,
    optionalDate(line.chargeStart),
    optionalDate(line.chargeEnd),
    line.fraction === null ? null : amount(line.fraction),
    text(line.rule),
    amount(line.quantity),
    cell(amount(line.unitCost), unit(line.unitCost)),
    cell(amount(line.unitSales), unit(line.unitSales)),
    cell(amount(line.cost), money),
    cell(amount(line.sales), money),
    cell(amount(line.margin), margin(amount(line.margin))),
    cycle.currency,
    line.invoiceNumber,
    text(line.sourceFile),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Billing Pivots

interface Amounts {
  sales: Decimal;
  cost: Decimal;
}

function addTo(into: Amounts, detail: Amounts): void {
  into.sales = into.sales.plus(detail.sales);
  into.cost = into.cost.plus(detail.cost);
}

function zero(): Amounts {
  return { sales: Decimal.ZERO, cost: Decimal.ZERO };
}

function valueCells(totals: Amounts, format: string): Cell[] {
  return [
    { value: amount(totals.sales), format },
    { value: amount(totals.cost), format },
    { value: amount(totals.sales.minus(totals.cost)), format },
  ];
}

const PIVOT_VALUE_NAMES = ['Total sales', 'Total cost', 'Total margin'];

function pivotsSheet(report: BillingReport, notes: string[]): SheetLayout {
  const currencies = [...new Set(report.cycles.map((c) => c.currency))];
  const mixed = currencies.length > 1;
  // A PivotTable's value field has one format: of several currencies, that of the one with most decimals. The fixed
  // figures below are per currency, so they show each its own (yen without decimals).
  const valueFormat = mixed ? moneyFormat(currencies.reduce((a, b) => (minorUnits(b) > minorUnits(a) ? b : a))) : moneyFormat(currencies[0] ?? 'USD');
  const values = [
    { field: 'Sales', name: PIVOT_VALUE_NAMES[0], numberFormat: valueFormat },
    { field: 'Cost', name: PIVOT_VALUE_NAMES[1], numberFormat: valueFormat },
    { field: 'Margin', name: PIVOT_VALUE_NAMES[2], numberFormat: valueFormat },
  ];
  // Columns: [currency,] organization, product, three values, a gap, [currency,] transaction type, values per cycle.
  const cycleCount = new Set(report.cycles.map((c) => c.cycle.reportDate)).size;
  const prefixWidth = mixed ? [9] : [];
  // Product names whole in the fixed figures ("Azure App Service Basic Plan – B1 App (1 Hour)" lost its meter at 34),
  // within what a page holds. A PivotTable fits its columns itself.
  let widestProduct = 0;
  for (const cycle of report.cycles) for (const organization of cycle.organizations) for (const product of organization.products) widestProduct = Math.max(widestProduct, product.name.length);
  const productWidth = Math.min(60, Math.max(34, widestProduct + 2));
  const columns: ColumnLayout[] = [
    ...[...prefixWidth, 36, productWidth].map((width): ColumnLayout => ({ width, kind: 'text', format: GENERAL_FORMAT })),
    ...[15, 15, 15].map((width): ColumnLayout => ({ width, kind: 'money', format: valueFormat })),
    { width: 3, kind: 'text', format: GENERAL_FORMAT },
    ...[...prefixWidth, 20].map((width): ColumnLayout => ({ width, kind: 'text', format: GENERAL_FORMAT })),
    ...Array.from({ length: 3 * (cycleCount + 1) }, (): ColumnLayout => ({ width: 14, kind: 'money', format: valueFormat })),
  ];
  const organizationColumn = 0;
  const cycleColumn = prefixWidth.length + 6;
  const chartColumn = prefixWidth.length;

  const split = mixed ? ' Amounts of different currencies are never added: the summaries are split by currency.' : '';
  const rows: RowLayout[] = [
    { cells: [{ value: 'Billing pivots', style: 'title' }] },
    { cells: [{ value: `PivotTables over the ${BILLING_LINES_TABLE} table (sheet ${SHEET_NAMES.lines}).${split}`, style: 'caption' }] },
    { cells: [] },
  ];
  // The .xlsx (and an Excel without PivotTables) holds the summaries as figures: Refresh All after an edit of the
  // lines changes nothing, which a caption naming PivotTables would leave the accountant to find out.
  const fixedFiguresCaption = {
    row: 1,
    text:
      `Fixed figures as of the run that made this report, not PivotTables: they do not change when ${SHEET_NAMES.lines} is edited, and Refresh All leaves them as they are. ` +
      `For PivotTables, open this workbook in Excel (API 1.8) with the CSP Billing add-in, import the month's files and press Refresh.${split}`,
  };

  // The chart's data: the top organizations by sales in one currency.
  const chartCurrency = chartCurrencyOf(report);
  if (mixed) notes.push(`Billing Pivots: the chart shows the ${chartCurrency} cycles only; the report has several currencies.`);
  const byOrganization = new Map<string, Amounts & { name: string }>();
  for (const cycle of report.cycles.filter((c) => c.currency === chartCurrency)) {
    for (const organization of cycle.organizations) {
      const key = idKey(organization.customerId);
      let into = byOrganization.get(key);
      if (into === undefined) byOrganization.set(key, (into = { name: organization.name, ...zero() }));
      addTo(into, organization);
    }
  }
  const top = [...byOrganization.values()].sort((a, b) => b.sales.compare(a.sales) || a.name.localeCompare(b.name)).slice(0, TOP_ORGANIZATIONS);
  const chartTitle = `Top ${TOP_ORGANIZATIONS} organizations by sales (${chartCurrency})${cyclesAddedUp(report.cycles.filter((c) => c.currency === chartCurrency))}`;
  const pad: null[] = Array.from({ length: chartColumn }, () => null);
  rows.push({ cells: [...pad, { value: chartTitle, style: 'title' }] });
  const dataRow = rows.length;
  const chartFormat = moneyFormat(chartCurrency);
  rows.push({ style: 'header', cells: [...pad, 'Organization', 'Sales', 'Cost', 'Margin'] });
  for (const organization of top) {
    rows.push({ cells: [...pad, text(organization.name), { value: amount(organization.sales), format: chartFormat }, { value: amount(organization.cost), format: chartFormat }, { value: amount(organization.sales.minus(organization.cost)), format: chartFormat }] });
  }
  if (top.length === 0) rows.push({ cells: [...pad, 'none'] });
  const charts: ChartLayout[] =
    top.length === 0
      ? []
      : [{ name: 'TopOrganizations', title: chartTitle, data: { row: dataRow, column: chartColumn, rows: top.length + 1, columns: 4 }, anchor: { row: dataRow - 1, column: chartColumn + 5 }, size: { width: 640, height: 320 } }];

  // The pivots sit below the chart (about 16 rows of 20 px), side by side, so each can grow downwards.
  const chartBottom = dataRow - 1 + Math.ceil(320 / 20);
  const titleRow = Math.max(rows.length, chartBottom) + 1;
  while (rows.length < titleRow) rows.push({ cells: [] });
  const titles: Array<Cell | CellValue> = [];
  titles[organizationColumn] = { value: `Sales, cost and margin by organization and product${cyclesAddedUp(report.cycles)}`, style: 'title' };
  titles[cycleColumn] = { value: 'Sales, cost and margin by transaction type and cycle', style: 'title' };
  rows.push({ cells: Array.from({ length: titles.length }, (_, i) => titles[i] ?? null) });
  const anchorRow = rows.length;

  const prefix = mixed ? ['Currency'] : [];
  const pivots: PivotLayout[] = [
    {
      name: 'SalesByOrganization',
      sourceSheet: SHEET_NAMES.lines,
      sourceTable: BILLING_LINES_TABLE,
      anchor: { row: anchorRow, column: organizationColumn },
      rows: [...prefix, 'Organization', 'Product'],
      columns: [],
      values,
      fallback: organizationPivotRows(report, mixed),
    },
    {
      name: 'SalesByTransactionType',
      sourceSheet: SHEET_NAMES.lines,
      sourceTable: BILLING_LINES_TABLE,
      anchor: { row: anchorRow, column: cycleColumn },
      rows: [...prefix, 'Transaction type'],
      columns: ['Cycle'],
      values,
      fallback: transactionTypePivotRows(report, mixed),
    },
  ];
  return { name: SHEET_NAMES.pivots, columns, rows, freeze: { rows: 1, columns: 0 }, print: printOf(columns, columns.length, 1), tables: [], pivots, fixedFiguresCaption, charts, tabColor: '548235' };
}

/**
 * Where a summary adds up several cycles, the words that say so (", 2026-10 to 2026-11 added up"): read as a month, the
 * sum of two is twice a customer's sales.
 */
function cyclesAddedUp(cycles: readonly ReportCycle[]): string {
  const months = [...new Set(cycles.map((c) => c.cycle.month))].sort();
  return months.length < 2 ? '' : `, ${months[0]} to ${months[months.length - 1]} added up`;
}

function chartCurrencyOf(report: BillingReport): string {
  const counts = new Map<string, number>();
  for (const cycle of report.cycles) counts.set(cycle.currency, (counts.get(cycle.currency) ?? 0) + cycle.organizations.length);
  let best = report.cycles[0]?.currency ?? 'USD';
  for (const [currency, count] of counts) if (count > (counts.get(best) ?? 0)) best = currency;
  return best;
}

/** Organization → product, summed over the cycles (per currency), as a tabular pivot with organization subtotals. */
function organizationPivotRows(report: BillingReport, mixed: boolean): RowLayout[] {
  const rows: RowLayout[] = [{ style: 'header', cells: [...(mixed ? ['Currency'] : []), 'Organization', 'Product', ...PIVOT_VALUE_NAMES] }];
  const blank = mixed ? [null] : [];
  for (const currency of [...new Set(report.cycles.map((c) => c.currency))].sort()) {
    const format = moneyFormat(currency);
    const organizations = new Map<string, Amounts & { products: Map<string, Amounts> }>();
    const total = zero();
    for (const cycle of report.cycles.filter((c) => c.currency === currency)) {
      for (const organization of cycle.organizations) {
        let into = organizations.get(organization.name);
        if (into === undefined) organizations.set(organization.name, (into = { ...zero(), products: new Map() }));
        for (const product of organization.products) {
          let productInto = into.products.get(product.name);
          if (productInto === undefined) into.products.set(product.name, (productInto = zero()));
          addTo(productInto, product);
          addTo(into, product);
          addTo(total, product);
        }
      }
    }
    const currencyCell = mixed ? [currency] : [];
    for (const [name, organization] of [...organizations].sort((a, b) => a[0].localeCompare(b[0]))) {
      rows.push({ style: 'organization', cells: [...currencyCell, text(name), null, ...valueCells(organization, format)] });
      for (const [product, amounts] of [...organization.products].sort((a, b) => a[0].localeCompare(b[0]))) {
        rows.push({ cells: [...blank, null, text(product), ...valueCells(amounts, format)] });
      }
    }
    rows.push({ style: 'total', cells: [...currencyCell, mixed ? `Total ${currency}` : 'Grand total', null, ...valueCells(total, format)] });
  }
  return rows;
}

/** Transaction type down, cycle (its month, as Billing Lines holds it) across, with a grand total column. */
function transactionTypePivotRows(report: BillingReport, mixed: boolean): RowLayout[] {
  const cycleDates = [...new Set(report.cycles.map((c) => c.cycle.end))].sort((a, b) => a - b);
  const blank = mixed ? [null] : [];
  const rows: RowLayout[] = [
    { style: 'header', cells: [...blank, null, ...cycleDates.flatMap((date): Array<Cell | CellValue> => [{ value: dateValue(date), format: CYCLE_FORMAT }, null, null]), 'Grand total', null, null] },
    { style: 'header', cells: [...(mixed ? ['Currency'] : []), 'Transaction type', ...[...cycleDates, 0].flatMap(() => PIVOT_VALUE_NAMES)] },
  ];
  for (const currency of [...new Set(report.cycles.map((c) => c.currency))].sort()) {
    const format = moneyFormat(currency);
    const byType = new Map<TransactionType, Map<number, Amounts>>();
    const totalByCycle = new Map<number, Amounts>();
    for (const cycle of report.cycles.filter((c) => c.currency === currency)) {
      const date = cycle.cycle.end;
      for (const organization of cycle.organizations) {
        for (const product of organization.products) {
          for (const detail of product.details) {
            let perCycle = byType.get(detail.transactionType);
            if (perCycle === undefined) byType.set(detail.transactionType, (perCycle = new Map()));
            let into = perCycle.get(date);
            if (into === undefined) perCycle.set(date, (into = zero()));
            addTo(into, detail);
            let total = totalByCycle.get(date);
            if (total === undefined) totalByCycle.set(date, (total = zero()));
            addTo(total, detail);
          }
        }
      }
    }
    const line = (perCycle: Map<number, Amounts>): Array<Cell | CellValue> => {
      const all = zero();
      const cells: Array<Cell | CellValue> = [];
      for (const date of cycleDates) {
        const amounts = perCycle.get(date);
        if (amounts === undefined) cells.push(null, null, null);
        else {
          cells.push(...valueCells(amounts, format));
          addTo(all, amounts);
        }
      }
      return [...cells, ...valueCells(all, format)];
    };
    const currencyCell = mixed ? [currency] : [];
    for (const type of TRANSACTION_TYPES) {
      const perCycle = byType.get(type);
      if (perCycle !== undefined) rows.push({ cells: [...currencyCell, type, ...line(perCycle)] });
    }
    rows.push({ style: 'total', cells: [...currencyCell, mixed ? `Total ${currency}` : 'Grand total', ...line(totalByCycle)] });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Reconciliation

/** Row numbers, ascending, as blocks of consecutive rows: [first, last]. */
function rowBlocks(rowNumbers: readonly number[]): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  for (const row of rowNumbers) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last[1] === row - 1) last[1] = row;
    else blocks.push([row, row]);
  }
  return blocks;
}

function reconciliationSheet(report: BillingReport): SheetLayout {
  const r = report.reconciliation;
  const columns: ColumnLayout[] = [
    { width: 42, kind: 'text', format: GENERAL_FORMAT },
    { width: 16, kind: 'text', format: GENERAL_FORMAT },
    { width: 10, kind: 'text', format: GENERAL_FORMAT },
    { width: 10, kind: 'count', format: COUNT_FORMAT },
    { width: 16, kind: 'money', format: GENERAL_FORMAT },
    { width: 16, kind: 'money', format: GENERAL_FORMAT },
    { width: 16, kind: 'money', format: GENERAL_FORMAT },
    { width: 16, kind: 'money', format: GENERAL_FORMAT },
    { width: 14, kind: 'money', format: GENERAL_FORMAT },
    // Status and Files hold sentences and lists: wrapped, so the sheet prints at a size that can be read.
    { width: 28, kind: 'text', format: GENERAL_FORMAT, wrap: true },
    { width: 28, kind: 'text', format: GENERAL_FORMAT, wrap: true },
  ];
  const rows: RowLayout[] = [
    { cells: [{ value: 'Reconciliation', style: 'title' }] },
    { cells: [{ value: "Does the cost billed tie to Microsoft's invoices, and what needs attention before the invoices go out.", style: 'caption' }] },
  ];
  const id = (value: string): Cell => ({ value, format: ID_FORMAT });
  const money = (value: Decimal | null, currency: string): Cell | CellValue => (value === null ? null : { value: amount(value), format: moneyFormat(currency) });
  const section = (title: string, header: Array<string | null>, body: Array<RowLayout>) => {
    rows.push({ cells: [] });
    rows.push({ cells: [{ value: title, style: 'title' }] });
    rows.push({ style: 'header', cells: header });
    if (body.length === 0) rows.push({ cells: ['none'] });
    else for (const row of body) rows.push(row);
  };

  // Invoices: the lines' cost subtotal, tax and total against the total typed in from Microsoft's invoice.
  // The section's blank, title and header rows come first.
  const firstInvoiceRow = rows.length + 3;
  const invoiceRows: RowLayout[] = r.invoices.map((invoice, i) => {
    const row = firstInvoiceRow + i;
    const decimals = minorUnits(invoice.currency);
    const difference =
      invoice.microsoftTotal === null || invoice.difference === null
        ? null
        : cell(formula(`ROUND(${a1(row, 6)},${decimals})-${a1(row, 7)}`, amount(invoice.difference)), moneyFormat(invoice.currency));
    return {
      cells: [
        id(invoice.invoiceNumber || '(no invoice number)'),
        invoice.cycleMonth,
        invoice.currency,
        invoice.lines,
        money(invoice.cost, invoice.currency),
        money(invoice.tax, invoice.currency),
        money(invoice.total, invoice.currency),
        money(invoice.microsoftTotal, invoice.currency),
        difference,
        { value: invoice.statusText, style: invoice.status === 'ties' ? 'good' : 'warning' },
        text(invoice.files.join(', ')),
      ],
    };
  });
  section('Invoices', ['Invoice number', 'Cycle', 'Currency', 'Lines', 'Cost subtotal', 'Tax', 'Total', 'Microsoft total', 'Difference', 'Status', 'Files'], invoiceRows);

  // Cycles: the report's cost against its invoices' cost, and the invoices against Microsoft's totals. The invoices'
  // total, the Microsoft total and the difference are formulas over the invoice rows above, so the sheet shows how
  // they are made: each invoice's total rounded as its invoice shows it, summed; the Microsoft totals summed; and the
  // difference as on an invoice row. The costs stay exact.
  const firstCycleRow = rows.length + 3;
  const cycleRows: RowLayout[] = r.cycles.map((check, c) => {
    const row = firstCycleRow + c;
    const indexes = r.invoices.flatMap((i, n) => (i.cycleMonth === check.cycleMonth && i.currency === check.currency ? [n] : []));
    const own = indexes.map((n) => r.invoices[n]);
    const invoicesCost = Decimal.sum(own.map((i) => i.cost));
    const decimals = minorUnits(check.currency);
    const blocks = rowBlocks(indexes.map((n) => firstInvoiceRow + n));
    const sumOf = (column: number, value: Decimal | null, sum: (blocks: string[]) => string): Cell | CellValue => {
      if (value === null) return null;
      if (blocks.length === 0) return money(value, check.currency);
      return cell(formula(sum(blocks.map(([first, last]) => (first === last ? a1(first, column) : columnRange(column, first, last)))), amount(value)), moneyFormat(check.currency));
    };
    // SUMPRODUCT takes ROUND over a range without an array formula, in every Excel.
    const invoicesTotal = sumOf(6, check.invoicesTotal, (ranges) => ranges.map((range) => (range.includes(':') ? `SUMPRODUCT(ROUND(${range},${decimals}))` : `ROUND(${range},${decimals})`)).join('+'));
    const microsoftTotal = sumOf(7, check.microsoftTotal, (ranges) => `SUM(${ranges.join(',')})`);
    const difference =
      check.difference === null
        ? null
        : blocks.length === 0
          ? money(check.difference, check.currency)
          : cell(formula(`ROUND(${a1(row, 6)},${decimals})-${a1(row, 7)}`, amount(check.difference)), moneyFormat(check.currency));
    const status = invoicesCost.equals(check.cost)
      ? { text: check.statusText, good: check.status === 'ties' }
      : { text: `report cost differs from the invoices' cost by ${check.cost.minus(invoicesCost).toFixed(decimals)} ${check.currency}`, good: false };
    return {
      cells: [
        check.cycleMonth,
        { value: own.length, format: COUNT_FORMAT },
        check.currency,
        null,
        money(check.cost, check.currency),
        money(invoicesCost, check.currency),
        invoicesTotal,
        microsoftTotal,
        difference,
        { value: status.text, style: status.good ? 'good' : 'warning' },
      ],
    };
  });
  section('Cycles: report cost against the invoices', ['Cycle', 'Invoices', 'Currency', null, 'Report cost', "Invoices' cost", "Invoices' total", 'Microsoft total', 'Difference', 'Status'], cycleRows);

  section(
    'Tenants not linked in the Customers table (no row, or no Organization in it: billed under the name in the file)',
    ['Customer ID', 'Name in the file', 'Currency', 'Lines', 'Cost'],
    r.unlinkedTenants.map((t) => ({ cells: [id(t.customerId), text(t.name), t.currency, t.lines, money(t.cost, t.currency)] })),
  );
  section(
    'Products without a price (priced at the default markup)',
    ['Product', 'Product ID', 'SKU ID', 'Lines', 'Cost', 'Customers', null, null, null, 'Currency'],
    r.unpricedProducts.map((p) => ({ cells: [text(p.name), id(p.productId), id(p.skuId), p.lines, money(p.cost, p.currency), p.customers, null, null, null, p.currency] })),
  );
  section(
    'Duplicate lines dropped (already imported from another file)',
    ['File', 'Currency', null, 'Lines', 'Cost', null, null, null, null, 'Already in', 'Whole file skipped'],
    r.duplicates.flatMap((d) => {
      const costs = Object.entries(d.cost);
      return (costs.length === 0 ? [['', Decimal.ZERO] as [string, Decimal]] : costs).map(([currency, cost]) => ({
        cells: [text(d.file), currency, null, d.lines, currency === '' ? null : money(cost, currency), null, null, null, null, text(d.duplicateOf.join(', ')), d.wholeFile ? 'yes' : 'no'],
      }));
    }),
  );
  section(
    'Files outside the selected cycles (not billed)',
    ['File', 'Billing date', 'Currency', 'Lines', 'Cost', null, null, null, null, 'Cycle', 'Billing date from'],
    r.outsideRange.flatMap((o) => {
      const costs = Object.entries(o.cost);
      const dateFrom = o.billingDateFromInvoice === null ? null : text(`the Invoices table, invoice ${o.billingDateFromInvoice}`);
      return (costs.length === 0 ? [['', Decimal.ZERO] as [string, Decimal]] : costs).map(([currency, cost]) => ({
        cells: [text(o.file), o.billingDate === null ? null : { value: dateValue(o.billingDate), format: DATE_FORMAT }, currency, o.lines, currency === '' ? null : money(cost, currency), null, null, null, null, o.cycleMonth ?? 'no billing date', dateFrom],
      }));
    }),
  );
  section(
    'Rejected files (not billed)',
    ['Reason'],
    r.failedFiles.map((problem) => ({ cells: [{ value: text(problem), style: 'warning' }] })),
  );
  section(
    'Cycles in more than one currency (reported side by side, never added)',
    ['Cycle', 'Currencies'],
    r.mixedCurrencies.map((m) => ({ cells: [m.cycleMonth, m.currencies.join(', ')] })),
  );
  section(
    'Warnings',
    ['Warning'],
    r.warnings.map((warning) => ({ cells: [{ value: text(warning), style: 'warning' }] })),
  );
  return { name: SHEET_NAMES.reconciliation, columns, rows, freeze: { rows: 1, columns: 0 }, print: printOf(columns, columns.length, 1), tables: [], pivots: [], charts: [], tabColor: 'C55A11' };
}

// ---------------------------------------------------------------------------------------------------------------
// Customer Statements: what the customer sees. No cost and no margin anywhere on this sheet.

function statementsSheet(report: BillingReport, notes: string[], held: boolean): StreamedSheetLayout {
  const base = report.cycles[0]?.currency ?? 'USD';
  const columns: ColumnLayout[] = [
    { width: 44, kind: 'text', format: TEXT_FORMAT },
    // A pro-rated line's detail names its days ("...: 15 days, 5 Oct to 19 Oct 2026"): wrapped, it stays whole on paper.
    { width: 44, kind: 'text', format: TEXT_FORMAT, wrap: true },
    { width: 10, kind: 'quantity', format: QUANTITY_FORMAT },
    { width: 12, kind: 'unit-price', format: unitPriceFormat(base) },
    { width: 14, kind: 'money', format: moneyFormat(base) },
  ];
  // The rows are made once here to learn what the sheet needs before its first row (the widths of its columns, where
  // each statement starts), and again as they are written, so that they are never all held (unless they will be).
  const made = held ? [...statementRows(report, base)] : undefined;
  const rows = made === undefined ? () => statementRows(report, base) : () => made;
  // Printed, each statement starts a page (so one customer's pages can be printed or saved as PDF on their own).
  const starts: number[] = [];
  // Product and detail names whole on paper ("Microsoft Teams Essentials – Microsoft Teams Essentials (AAD identity)"
  // ran into its detail), within what a page can hold: a longer detail wraps.
  const widest = [0, 0];
  let rowCount = 0;
  for (const row of rows()) {
    if (row.style === 'organization') starts.push(rowCount);
    if (row.style === undefined) for (const column of [0, 1]) widest[column] = Math.max(widest[column], String(row.cells[column] ?? '').length);
    rowCount++;
  }
  columns[0].width = Math.min(72, Math.max(columns[0].width, widest[0] + 2));
  columns[1].width = Math.min(56, Math.max(30, widest[1] + 2));
  const breaks = starts.slice(1);
  if (breaks.length > MAX_PAGE_BREAKS) {
    notes.push(`${SHEET_NAMES.statements}: ${starts.length.toLocaleString('en-US')} statements are more than Excel's ${MAX_PAGE_BREAKS.toLocaleString('en-US')} page breaks allow; printed, they follow one another without a new page each.`);
  }
  // On paper each statement is a customer's own: the sheet's title and caption (for the accountant) are left off.
  // A statement is a letter: portrait, a little smaller, rather than turned on its side. Its footer counts no pages:
  // Excel counts those of the sheet (or of what is printed), and "Page 3 of 15" on a customer's first page is wrong.
  const print: PrintLayout = { ...printOf(columns, columns.length, 0, breaks.length > MAX_PAGE_BREAKS ? [] : breaks, starts[0] ?? 0), orientation: 'portrait', footer: STATEMENT_FOOTER };
  return { name: SHEET_NAMES.statements, columns, freeze: { rows: 1, columns: 0 }, print, tables: [], pivots: [], charts: [], tabColor: '7030A0', rowCount, outlineLevels: 0, rows };
}

/** The Customer Statements' rows, made one by one: a statement per billable customer and cycle. */
function* statementRows(report: BillingReport, base: string): Generator<RowLayout> {
  yield { cells: [{ value: 'Customer statements', style: 'title' }] };
  yield {
    cells: [
      {
        value: "What each billable customer is invoiced per billing cycle, at the sales price only. Each customer's statement prints on pages of its own: send each customer only theirs.",
        style: 'caption',
      },
    ],
  };
  let row = 2;
  for (const cycle of report.cycles) {
    const formats = cycleFormats(cycle.currency, base);
    for (const organization of cycle.organizations) {
      if (!organization.billable) continue;
      const heading: RowLayout[] = [{ cells: [] }, { style: 'organization', cells: [text(organization.name), null, null, null, null] }];
      // A tenant nobody has named in the Customers table yet: its statement is a draft until someone has.
      if (!organization.linked) heading.push({ style: 'warning', cells: [UNLINKED_STATEMENT, null, null, null, null] });
      heading.push({ cells: ['Customer ID', { value: organization.customerId, format: ID_FORMAT }] });
      // Text, as the Period beside it: a date cell sits at the far right of the wide column on the printed letter.
      const kind = statementKind(organization.sales);
      heading.push({ cells: [`${kind.name} date`, formatIsoDate(cycle.cycle.reportDate)] });
      heading.push({ cells: ['Period', `${formatIsoDate(cycle.cycle.start)} to ${formatIsoDate(cycle.cycle.end)}`] });
      heading.push({ cells: ['Currency', cycle.currency] });
      heading.push({ style: 'header', cells: [...STATEMENT_COLUMNS] });
      yield* heading;
      const first = row + heading.length;
      row = first;
      const productNames = statementProductNames(organization.products);
      for (const [p, product] of organization.products.entries()) {
        const labels = statementDetails(product.details);
        for (const [i, detail] of product.details.entries()) {
          const { quantity } = statementUnits(detail);
          yield { cells: [text(productNames[p]), labels[i], amount(quantity), statementPriceCell(detail.sales, quantity, formats), cell(amount(detail.sales), formats.money)] };
          row++;
        }
      }
      yield { style: 'total', cells: [kind.total, null, null, null, cell(formula(`SUM(${columnRange(4, first, row - 1)})`, amount(organization.sales)), formats.money)] };
      row++;
    }
  }
  if (row === 2) yield* [{ cells: [] }, { cells: ['No billable customers in the selected cycles.'] }];
}

/** The unit price as the customer can multiply it back to the amount, shown with the decimals that takes. */
export function statementPriceCell(sales: Decimal, quantity: Decimal, formats: CycleFormats): Cell | CellValue {
  const price = statementUnitPrice(sales, quantity, formats.decimals).value;
  return cell(amount(price), formats.shown(price));
}

/** Wider than a portrait page holds at a readable size (in characters), the printed columns go landscape. */
const PORTRAIT_CHARACTERS = 110;

function printOf(columns: readonly ColumnLayout[], printed: number, titleRows: number, pageBreaksBefore: number[] = [], firstRow = 0): PrintLayout {
  const width = columns.slice(0, printed).reduce((sum, column) => sum + column.width, 0);
  return { orientation: width > PORTRAIT_CHARACTERS ? 'landscape' : 'portrait', columns: printed, firstRow, titleRows, pageBreaksBefore, footer: PRINT_FOOTER };
}

// ---------------------------------------------------------------------------------------------------------------
// The user's configuration tables, with the rows the data suggests

interface UserTableSpec {
  name: TableName;
  helpers: string[];
  keyColumns: string[];
  formats: string[];
  widths: number[];
}

/** The configuration tables a refresh adds rows to, with the rows the report suggests. */
export function userTables(report: BillingReport, input: LayoutInput): UserTableLayout[] {
  const { config } = input;
  const dataCurrency = report.cycles[0]?.currency ?? '';
  const currency = config.settings.currency || dataCurrency;
  const money = moneyFormat(currency || 'USD');
  const percent = (value: Decimal | null) => (value === null ? null : amount(value));
  const table = (spec: UserTableSpec, candidates: CellValue[][]): UserTableLayout => ({
    name: spec.name,
    excelName: spec.name.replace(/\s+/g, ''),
    sheetName: spec.name,
    columns: [...TABLE_COLUMNS[spec.name], ...spec.helpers],
    keyColumns: spec.keyColumns,
    formats: spec.formats,
    widths: spec.widths,
    // An empty text is an empty cell.
    candidates: candidates.map((row) => row.map((value) => (value === '' ? null : value))),
  });

  // Settings: the settings with their current values (no empty Currency: it would not read back).
  const settings: CellValue[][] = [
    ['Cycle end day', config.settings.cycleEndDay === 'last' ? 'last' : config.settings.cycleEndDay],
    ['Default markup %', amount(config.settings.defaultMarkupPercent)],
  ];
  if (currency !== '') settings.push(['Currency', currency]);
  // Keep is the default, written where the accountant chose Pass on (a table the pane creates keeps it).
  if (config.settings.promotions === 'pass on') settings.push(['Promotions', 'Pass on']);

  // Customers: the table's own rows, then every tenant found that is not in it, with the name in Microsoft's file
  // beside an empty Organization: the tenant stays on the unlinked list until the accountant names its organization.
  const fileNames = new Map<string, string>();
  for (const tenant of report.reconciliation.unlinkedTenants) if (!fileNames.has(idKey(tenant.customerId))) fileNames.set(idKey(tenant.customerId), tenant.name);
  const customers: CellValue[][] = [...config.customers.values()].map((c) => {
    const fileName = c.organization === '' ? fileNames.get(idKey(c.customerId)) : undefined;
    return [c.customerId, c.organization, percent(c.markupPercent), c.billable ? 'Yes' : 'No', fileName === undefined ? null : text(fileName)];
  });
  const seenTenants = new Set(config.customers.keys());
  for (const cycle of report.cycles) {
    for (const organization of cycle.organizations) {
      const key = idKey(organization.customerId);
      if (seenTenants.has(key)) continue;
      seenTenants.add(key);
      const name = fileNames.get(key) ?? organization.name;
      customers.push([organization.customerId, null, null, null, text(name)]);
    }
  }

  // Prices: the table's own rows (those listed but not priced yet too, as written), then every product no row names,
  // with its current unit cost for reference and no price: it stays at the default markup, and on the unpriced list,
  // until the accountant fills one in.
  const unitCosts = referenceUnitCosts(report);
  const firstUnitCosts = firstUnitCostsByProduct(unitCosts);
  const prices: CellValue[][] = config.prices.map((entry) => {
    const reference = unitCosts.get(`${idKey(entry.productId)}\u0000${idKey(entry.skuId)}`) ?? (entry.skuId === '' ? firstUnitCosts.get(idKey(entry.productId)) : undefined);
    return [entry.productId, entry.skuId, entry.product, entry.term, planText(entry.billingPlan), ...methodCells(entry.method), ...referenceCells(reference, entry.billingPlan), null];
  });
  // Each product once, whether or not a row covers it (a month has one product row per organization: 50,000
  // organizations would scan the Prices table 150,000 times).
  const covered = priceCoverage(config.prices);
  const seenProducts = new Set<string>();
  // A usage SKU bills many meters (the Azure plan's one SKU bills every service): its one row prices them all, so it
  // is named for them all, not after the first meter seen.
  const meterNames = new Map<string, { row: CellValue[]; names: Set<string> }>();
  for (const cycle of report.cycles) {
    for (const organization of cycle.organizations) {
      for (const product of organization.products) {
        const key = `${idKey(product.productId)}\u0000${idKey(product.skuId)}`;
        if (product.meter !== '') meterNames.get(key)?.names.add(product.name);
        if (seenProducts.has(key)) continue;
        seenProducts.add(key);
        if (covered(product)) continue;
        const reference = unitCosts.get(key);
        const row: CellValue[] = [
          product.productId,
          product.skuId,
          text(product.name),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          ...referenceCells(reference),
          'not priced yet: at the default markup until you fill in one price',
        ];
        prices.push(row);
        if (product.meter !== '') meterNames.set(key, { row, names: new Set([product.name]) });
      }
    }
  }
  for (const { row, names } of meterNames.values()) if (names.size > 1) row[2] = text(meterRowName([...names]));

  const customerPrices: CellValue[][] = config.customerPrices.map((entry) => [entry.customerId, entry.productId, entry.skuId, ...methodCells(entry.method).slice(0, 3)]);

  // Invoices: the table's own rows, then every invoice number found, with the billing date its file was billed on.
  // The Microsoft total stays empty: it is typed in from Microsoft's invoice, or the check proves nothing.
  const invoices: CellValue[][] = [...config.invoices.values()].map((entry) => [
    entry.invoiceNumber,
    entry.billingDate === null ? null : dateValue(entry.billingDate),
    microsoftTotalCell(entry),
    null,
  ]);
  const seenInvoices = new Set(config.invoices.keys());
  for (const document of input.documents) {
    if (document.status !== 'imported') continue;
    for (const invoiceNumber of document.invoiceNumbers) {
      const key = idKey(invoiceNumber);
      if (invoiceNumber === '' || seenInvoices.has(key)) continue;
      seenInvoices.add(key);
      const files = input.documents.filter((d) => d.status === 'imported' && d.invoiceNumbers.some((n) => idKey(n) === key)).map((d) => d.fileName);
      invoices.push([invoiceNumber, document.billingDate === null ? null : dateValue(document.billingDate), null, text(files.join(', '))]);
    }
  }

  return [
    table({ name: 'Settings', helpers: [], keyColumns: ['Setting'], formats: [TEXT_FORMAT, GENERAL_FORMAT], widths: [22, 16] }, settings),
    table(
      {
        name: 'Customers',
        helpers: ["Customer name in Microsoft's file"],
        keyColumns: ['Customer ID'],
        formats: [ID_FORMAT, TEXT_FORMAT, GENERAL_FORMAT, TEXT_FORMAT, TEXT_FORMAT],
        widths: [38, 34, 11, 10, 34],
      },
      customers,
    ),
    table(
      {
        name: 'Prices',
        helpers: ['Unit cost (reference)', 'Currency (reference)', 'Note'],
        keyColumns: ['Product ID', 'SKU ID'],
        formats: [ID_FORMAT, ID_FORMAT, TEXT_FORMAT, TEXT_FORMAT, TEXT_FORMAT, money, GENERAL_FORMAT, GENERAL_FORMAT, money, GENERAL_FORMAT, unitPriceFormat(currency || 'USD'), TEXT_FORMAT, TEXT_FORMAT],
        widths: [16, 9, 40, 8, 12, 12, 10, 10, 12, 11, 14, 12, 50],
      },
      prices,
    ),
    table(
      {
        name: 'Customer Prices',
        helpers: [],
        keyColumns: ['Customer ID', 'Product ID', 'SKU ID'],
        formats: [ID_FORMAT, ID_FORMAT, ID_FORMAT, money, GENERAL_FORMAT, GENERAL_FORMAT],
        widths: [38, 16, 9, 12, 10, 10],
      },
      customerPrices,
    ),
    table({ name: 'Invoices', helpers: ['Files (reference)'], keyColumns: ['Invoice number'], formats: [ID_FORMAT, DATE_FORMAT, money, TEXT_FORMAT], widths: [16, 13, 16, 50] }, invoices),
  ];
}

/**
 * The Microsoft total as a number; one typed with a currency's sign or code ("€58.31") as that text, since the report
 * checks the mark against the invoice's currency, and a bare number read back next month would be compared as if in
 * it. Three decimals get a fourth: a workbook's "€249.895" is text a German user may mean as 249895, and is refused.
 */
function microsoftTotalCell(entry: InvoiceEntry): CellValue {
  if (entry.microsoftTotal === null) return null;
  const mark = entry.microsoftTotalCurrency;
  if (mark === null) return amount(entry.microsoftTotal);
  const digits = entry.microsoftTotal.toString();
  const decimals = digits.split('.')[1]?.length ?? 0;
  const number = decimals === 3 ? `${digits}0` : digits;
  return /[A-Za-z]$/.test(mark.written) ? `${mark.written} ${number}` : `${mark.written}${number}`;
}

function planText(plan: string): string {
  return plan === 'monthly' ? 'Monthly' : plan === 'annual' ? 'Annual' : '';
}

/** Sales price, Markup %, Margin %, Retail price, Discount %: the one way a price entry is given (none yet, if listed). */
function methodCells(method: PriceEntry['method']): CellValue[] {
  switch (method.kind) {
    case 'listed':
      return [null, null, null, null, null];
    case 'fixed':
      return [amount(method.price), null, null, null, null];
    case 'markup':
      return [null, amount(method.percent), null, null, null];
    case 'margin':
      return [null, null, amount(method.percent), null, null];
    case 'retail':
      return [null, null, null, method.retailPrice === null ? null : amount(method.retailPrice), method.retailPrice !== null && method.discountPercent.isZero() ? null : amount(method.discountPercent)];
  }
}

/**
 * Whether a row of the Prices table names a product: a row of its product and SKU, or a row of its product alone (an
 * empty SKU ID covers every SKU). The rows are indexed once.
 */
function priceCoverage(prices: readonly PriceEntry[]): (product: ReportProduct) => boolean {
  const wholeProducts = new Set<string>();
  const productSkus = new Set<string>();
  for (const entry of prices) {
    if (entry.skuId === '') wholeProducts.add(idKey(entry.productId));
    else productSkus.add(`${idKey(entry.productId)}\u0000${idKey(entry.skuId)}`);
  }
  return (product) => wholeProducts.has(idKey(product.productId)) || productSkus.has(`${idKey(product.productId)}\u0000${idKey(product.skuId)}`);
}

/** "Usage of 12 meters: Storage – E10 LRS Disk, Virtual Machines – D2 v3, …": the meters one usage price row prices. */
export function meterRowName(names: readonly string[]): string {
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  const shown = sorted.slice(0, 2).join(', ');
  return `Usage of ${sorted.length} meters: ${shown}${sorted.length > 2 ? ', …' : ''}`;
}

/** A product's unit cost per month, for reference beside its price, and the currency it is in. */
interface ReferenceCost {
  unitCost: Decimal;
  currency: string;
}

/**
 * What a product costs per unit and month now: the latest cycle's cycle fee (a full period; one billed monthly rather
 * than a yearly one over twelve or one paid for three years over thirty-six), else a one-time purchase; usage has no
 * single unit cost, and seats Microsoft charged nothing for (a trial beside paid ones) say nothing of the price.
 */
function referenceUnitCosts(report: BillingReport): Map<string, ReferenceCost> {
  const costs = new Map<string, ReferenceCost & { rank: number }>();
  for (const cycle of report.cycles) {
    for (const organization of cycle.organizations) {
      for (const product of organization.products) {
        for (const detail of product.details) {
          // Per month, as the Sales price beside it is: a yearly-billed seat's 264.00 shown there was typed in, marked
          // up, as a monthly price, and billed twelve times over (a 3-year term paid upfront, thirty-six).
          const months = detail.transactionType === 'cycle fee' ? monthsOfTermWords(detail.term) : 1;
          const rank = detail.transactionType === 'cycle fee' ? (months > 1 ? 2 : 3) : detail.transactionType === 'one-time' ? 1 : 0;
          // A trial's free seats (cost 0) would show a unit cost of 0 beside the paid seats' price.
          if (rank === 0 || detail.quantity.isZero() || detail.cost.isZero()) continue;
          const key = `${idKey(product.productId)}\u0000${idKey(product.skuId)}`;
          const known = costs.get(key);
          const unitCost = months > 1 ? detail.unitCost.dividedBy(Decimal.fromInt(months), 6) : detail.unitCost;
          // Cycles come in date order: a later cycle's price replaces an earlier one of the same rank.
          if (known === undefined || rank >= known.rank) costs.set(key, { unitCost, currency: cycle.currency, rank });
        }
      }
    }
  }
  return costs;
}

const MONTHS_A_YEAR = Decimal.fromInt(12);

/** The reference unit cost in the terms of a Sales price beside it: per year on a row whose Billing plan is Annual. */
function referenceCells(reference: ReferenceCost | undefined, billingPlan = ''): CellValue[] {
  if (reference === undefined) return [null, null];
  return [amount(billingPlan === 'annual' ? reference.unitCost.times(MONTHS_A_YEAR) : reference.unitCost), reference.currency];
}

function firstUnitCostsByProduct(costs: Map<string, ReferenceCost>): Map<string, ReferenceCost> {
  const first = new Map<string, ReferenceCost>();
  for (const [key, value] of costs) {
    const product = key.slice(0, key.indexOf('\u0000'));
    if (!first.has(product)) first.set(product, value);
  }
  return first;
}
