/**
 * The Customer Summary sheet: one table row per billing cycle and organization (and currency), the organization rows of
 * the Billing Report as plain figures the accountant can sort and filter ("which customer made the least margin this
 * month?", "what did Azure cost us per customer?"). The Billing Report's organizations are an outline and cannot be
 * sorted; a pivot's fixed figures have subtotal rows between their products.
 *
 * The figures are the engine's own, those the Billing Report's organization rows hold, so they tie to it to the cent.
 * An accountant's sheet: cost and margin, never on a customer's. It has a row per organization and cycle, fewer than
 * the Billing Report's (a row for each of them and more), so the report's row limit (sheetLimitProblem) covers it.
 */
import { minorUnits } from '../billing/currency';
import { Decimal } from '../billing/decimal';
import { byName, type BillingReport, type ReportCycle, type ReportOrganization } from '../billing/report';
import { a1, amount, cell, CYCLE_FORMAT, dateValue, ID_FORMAT, marginPercentFormula, marginPercentOf, moneyFormat, PERCENT_FORMAT, shownRowsTotal, text, TEXT_FORMAT, unsignedZeroFormat } from './formats';
import { PRINT_FOOTER, type Cell, type CellValue, type ColumnLayout, type RowLayout, type SheetLayout, type TableLayout } from './layout';

export const CUSTOMER_SUMMARY_SHEET = 'Customer Summary';
export const CUSTOMER_SUMMARY_TABLE = 'CustomerSummary';

export const CUSTOMER_SUMMARY_COLUMNS = [
  'Cycle',
  'Organization',
  'Billable',
  'Linked',
  'Currency',
  'Cost',
  'Sales',
  'Margin',
  'Margin %',
  'Usage cost',
  'Usage sales',
  'Customer ID',
] as const;

const S = { cycle: 0, organization: 1, currency: 4, cost: 5, sales: 6, margin: 7, marginPercent: 8, usageCost: 9, usageSales: 10, customerId: 11 };

interface Figures {
  cost: Decimal;
  sales: Decimal;
  margin: Decimal;
  usageCost: Decimal;
  usageSales: Decimal;
}

/** An organization's figures: its Billing Report row's, and those of its usage (Azure and other metered services). */
function figuresOf(organization: ReportOrganization): Figures {
  const usage = organization.products.flatMap((product) => product.details.filter((detail) => detail.transactionType === 'usage'));
  return {
    cost: organization.cost,
    sales: organization.sales,
    margin: organization.margin,
    usageCost: Decimal.sum(usage.map((detail) => detail.cost)),
    usageSales: Decimal.sum(usage.map((detail) => detail.sales)),
  };
}

/** A margin %, one that rounds to zero shown 0.0%, not -0.0% (unsignedZeroFormat). */
function percentCell(percent: number | null): Cell | CellValue {
  return cell(percent, percent === null ? undefined : unsignedZeroFormat(percent, PERCENT_FORMAT, 3));
}

/** The rows in the table's order: by cycle, then organization (as the report sorts them), then currency. */
function summaryOrder(report: BillingReport): Array<{ cycle: ReportCycle; organization: ReportOrganization }> {
  const rows = report.cycles.flatMap((cycle) => cycle.organizations.map((organization) => ({ cycle, organization })));
  return rows.sort(
    (a, b) =>
      a.cycle.cycle.end - b.cycle.cycle.end ||
      byName(a.organization.name, b.organization.name) ||
      byName(a.organization.customerId, b.organization.customerId) ||
      a.cycle.currency.localeCompare(b.cycle.currency),
  );
}

export function customerSummarySheet(report: BillingReport): SheetLayout {
  const currencies = [...new Set(report.cycles.map((cycle) => cycle.currency))].sort();
  const base = report.cycles[0]?.currency ?? 'USD';
  const baseMoney = moneyFormat(base);
  const ordered = summaryOrder(report);
  let widestName = 0;
  for (const { organization } of ordered) widestName = Math.max(widestName, organization.name.length);
  const money = (width: number, group?: 'cost' | 'sales'): ColumnLayout => (group === undefined ? { width, kind: 'money', format: baseMoney } : { width, kind: 'money', format: baseMoney, group });
  const columns: ColumnLayout[] = [
    // Left, apart from the organization beside it: "2026-10Fabrikam" on paper at the right (QA).
    { width: 10, kind: 'date', format: CYCLE_FORMAT, align: 'left' },
    { width: Math.min(50, Math.max(30, widestName + 2)), kind: 'text', format: TEXT_FORMAT },
    { width: 9, kind: 'text', format: TEXT_FORMAT },
    { width: 8, kind: 'text', format: TEXT_FORMAT },
    { width: 9, kind: 'text', format: TEXT_FORMAT },
    money(15, 'cost'),
    money(15, 'sales'),
    money(15),
    { width: 10, kind: 'percent', format: PERCENT_FORMAT },
    money(14, 'cost'),
    money(14, 'sales'),
    { width: 38, kind: 'id', format: ID_FORMAT },
  ];

  const mixed = currencies.length > 1;
  const rows: RowLayout[] = [
    { cells: [{ value: 'Customer summary', style: 'title' }] },
    {
      cells: [
        {
          // Short enough to print whole across the printed columns.
          value:
            'The Billing Report per cycle and organization, to sort and filter. Usage: Azure and other meters. ' +
            (mixed ? 'Currencies are never added: a total per currency, of every row.' : 'The total is of the rows shown.'),
          style: 'caption',
        },
      ],
    },
  ];
  // Totals above the table, frozen in view with its header: below it they would sit 4,000 rows down. The data rows
  // start after these and the header; a formula needs their place.
  const totalRows = mixed ? currencies.length : currencies.length === 1 ? 1 : 0;
  const headerRow = rows.length + totalRows;
  const firstRow = headerRow + 1;
  const lastRow = headerRow + Math.max(1, ordered.length);

  const sums = (cycles: readonly ReportCycle[]): Figures => {
    const all = cycles.flatMap((cycle) => cycle.organizations.map(figuresOf));
    const sum = (of: (figures: Figures) => Decimal) => Decimal.sum(all.map(of));
    return { cost: sum((f) => f.cost), sales: sum((f) => f.sales), margin: sum((f) => f.margin), usageCost: sum((f) => f.usageCost), usageSales: sum((f) => f.usageSales) };
  };
  if (mixed) {
    // SUBTOTAL would add yen to dollars; the engine's sums per currency instead, as fixed figures.
    for (const currency of currencies) {
      const totals = sums(report.cycles.filter((cycle) => cycle.currency === currency));
      const format = moneyFormat(currency);
      const fixed = (value: Decimal): Cell => ({ value: amount(value), format });
      const cells: Array<Cell | CellValue> = [null, `Total ${currency}, every row`, null, null, currency];
      cells[S.cost] = fixed(totals.cost);
      cells[S.sales] = fixed(totals.sales);
      cells[S.margin] = fixed(totals.margin);
      cells[S.marginPercent] = marginPercentOf(totals);
      cells[S.usageCost] = fixed(totals.usageCost);
      cells[S.usageSales] = fixed(totals.usageSales);
      rows.push({ style: 'total', cells });
    }
  } else if (currencies.length === 1) {
    // SUBTOTAL(109, …): the rows a filter shows, so filtered to a cycle it is that month, to a customer theirs.
    const totals = sums(report.cycles);
    const at = rows.length;
    const total = (column: number, value: Decimal) => shownRowsTotal(column, firstRow, lastRow, value);
    const cells: Array<Cell | CellValue> = [null, 'Total of the rows shown', null, null, base];
    cells[S.cost] = total(S.cost, totals.cost);
    cells[S.sales] = total(S.sales, totals.sales);
    cells[S.margin] = total(S.margin, totals.margin);
    cells[S.marginPercent] = marginPercentFormula(a1(at, S.sales), a1(at, S.margin), minorUnits(base), totals);
    cells[S.usageCost] = total(S.usageCost, totals.usageCost);
    cells[S.usageSales] = total(S.usageSales, totals.usageSales);
    rows.push({ style: 'total', cells });
  }
  rows.push({ style: 'header', cells: [...CUSTOMER_SUMMARY_COLUMNS] });

  for (const { cycle, organization } of ordered) {
    const figures = figuresOf(organization);
    const format = moneyFormat(cycle.currency);
    const own = format === baseMoney ? undefined : format;
    rows.push({
      cells: [
        dateValue(cycle.cycle.end),
        text(organization.name),
        organization.billable ? 'Yes' : 'No',
        organization.linked ? 'Yes' : 'No',
        cycle.currency,
        cell(amount(figures.cost), own),
        cell(amount(figures.sales), own),
        cell(amount(figures.margin), unsignedZeroFormat(amount(figures.margin), format, minorUnits(cycle.currency)) ?? own),
        // Empty without sales: an empty cell sorts last.
        percentCell(marginPercentOf(figures)),
        cell(amount(figures.usageCost), own),
        cell(amount(figures.usageSales), own),
        organization.customerId,
      ],
    });
  }
  // A table needs a data row, even an empty one.
  if (ordered.length === 0) rows.push({ cells: [] });

  const table: TableLayout = {
    name: CUSTOMER_SUMMARY_TABLE,
    headerRow,
    lastRow,
    firstColumn: 0,
    lastColumn: CUSTOMER_SUMMARY_COLUMNS.length - 1,
    style: 'TableStyleMedium2',
    columns: [...CUSTOMER_SUMMARY_COLUMNS],
  };
  // On paper, through Usage sales (the Customer ID would shrink the page), landscape, the header on every page.
  const printed = S.usageSales + 1;
  const print = { orientation: 'landscape' as const, columns: printed, firstRow: 0, titleRows: firstRow, pageBreaksBefore: [], footer: PRINT_FOOTER };
  return { name: CUSTOMER_SUMMARY_SHEET, columns, rows, freeze: { rows: firstRow, columns: 2 }, print, tables: [table], pivots: [], charts: [], tabColor: '2F5597' };
}
