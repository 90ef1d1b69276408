/**
 * The billing-platform export as a sheet of the workbook (worker side), for when a download does not work in the
 * Office webview: the same columns and rows as billingCsv (src/exports), with amounts as numbers and dates as dates.
 */
import type { BillingReport } from '../../billing/report';
import { statementUnits } from '../../billing/statement-detail';
import { BILLING_EXPORT_COLUMNS } from '../../exports/billing-exports';
import { cycleFormats, statementPriceCell } from '../../workbook/build-layout';
import { amount, cell, dateValue, moneyFormat, text, unitPriceFormat } from '../../workbook/formats';
import type { Cell, CellValue, ColumnLayout, RowLayout, SheetLayout } from '../../workbook/layout';

export const EXPORT_SHEET_NAME = 'Billing Export';
export const EXPORT_TABLE_NAME = 'BillingExport';

/** billingCsv's columns, in its order. */
const EXPORT_COLUMNS = BILLING_EXPORT_COLUMNS;

const DATE = 'yyyy-mm-dd';
const ID = '@';

export function billingExportSheet(report: BillingReport): SheetLayout | null {
  const base = report.cycles[0]?.currency ?? 'USD';
  const money = moneyFormat(base);
  const unit = unitPriceFormat(base);
  const column = (width: number, kind: ColumnLayout['kind'], format: string, group?: 'cost' | 'sales'): ColumnLayout => (group ? { width, kind, format, group } : { width, kind, format });
  const columns: ColumnLayout[] = [
    column(11, 'date', DATE),
    column(11, 'date', DATE),
    column(11, 'date', DATE),
    column(38, 'id', ID),
    column(30, 'text', 'General'),
    column(7, 'text', 'General'),
    column(8, 'text', 'General'),
    column(16, 'id', ID),
    column(8, 'id', ID),
    column(36, 'text', 'General'),
    column(16, 'text', 'General'),
    column(18, 'text', 'General'),
    column(24, 'text', 'General'),
    column(10, 'quantity', 'General'),
    column(11, 'unit-price', unit, 'cost'),
    column(11, 'unit-price', unit, 'sales'),
    column(13, 'money', money, 'cost'),
    column(13, 'money', money, 'sales'),
    column(13, 'money', money),
    column(8, 'text', 'General'),
    column(30, 'text', 'General'),
  ];
  const rows: RowLayout[] = [{ cells: [...EXPORT_COLUMNS], style: 'header' }];
  for (const cycle of report.cycles) {
    const formats = cycleFormats(cycle.currency, base);
    const moneyCell = (value: number): Cell | CellValue => cell(value, formats.money);
    for (const organization of cycle.organizations) {
      for (const product of organization.products) {
        for (const detail of product.details) {
          const units = statementUnits(detail);
          rows.push({
            cells: [
              dateValue(cycle.cycle.reportDate),
              dateValue(cycle.cycle.start),
              dateValue(cycle.cycle.end),
              organization.customerId,
              text(organization.name),
              organization.linked ? 'Yes' : 'No',
              organization.billable ? 'Yes' : 'No',
              product.productId,
              product.skuId,
              text(product.name),
              detail.transactionType,
              text(detail.chargeType),
              detail.term,
              amount(units.quantity),
              cell(amount(units.unitCost), formats.unit(units.unitCost)),
              // Every decimal of the price shown, as the billing CSV writes it: a platform fed the sheet (or Excel's CSV
              // of it, which writes what the cells show) multiplies it back to the amount (744 × 0.07628, not 0.0763).
              statementPriceCell(detail.sales, units.quantity, formats),
              moneyCell(amount(detail.cost)),
              moneyCell(amount(detail.sales.round(formats.decimals))),
              moneyCell(amount(detail.margin)),
              cycle.currency,
              text(detail.rules.join('; ')),
            ],
          });
        }
      }
    }
  }
  if (rows.length === 1) return null;
  return {
    name: EXPORT_SHEET_NAME,
    columns,
    rows,
    freeze: { rows: 1, columns: 0 },
    tables: [{ name: EXPORT_TABLE_NAME, headerRow: 0, lastRow: rows.length - 1, firstColumn: 0, lastColumn: EXPORT_COLUMNS.length - 1, style: 'TableStyleLight9', columns: [...EXPORT_COLUMNS] }],
    pivots: [],
    charts: [],
  };
}
