import ExcelJS from 'exceljs';
import { minorUnits } from '../billing/currency';
import { formatIsoDate } from '../billing/dates';
import type { Decimal } from '../billing/decimal';
import type { BillingReport } from '../billing/report';

/**
 * A plain .xlsx of the report: a sheet per cycle grouped organization → product → detail line with outline levels,
 * and a Reconciliation sheet. The full workbook layout (data table, pivots, statements) replaces it later.
 */
export function plainReportWorkbook(report: BillingReport): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CSP Billing for Excel';
  for (const cycle of report.cycles) {
    const decimals = minorUnits(cycle.currency);
    const fraction = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
    const money = `#,##0${fraction};-#,##0${fraction}`;
    const sheet = workbook.addWorksheet(`${cycle.cycle.month} ${cycle.currency}`.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 4 }],
      properties: { outlineProperties: { summaryBelow: false, summaryRight: false } },
    });
    sheet.columns = [
      { key: 'name', width: 46 },
      { key: 'detail', width: 22 },
      { key: 'chargeType', width: 20 },
      { key: 'quantity', width: 10 },
      { key: 'unitCost', width: 12 },
      { key: 'unitSales', width: 12 },
      { key: 'cost', width: 14 },
      { key: 'sales', width: 14 },
      { key: 'margin', width: 14 },
    ];
    sheet.addRow([`Billing report ${formatIsoDate(cycle.cycle.reportDate)}`, `${formatIsoDate(cycle.cycle.start)} to ${formatIsoDate(cycle.cycle.end)}`]).font = { bold: true, size: 14 };
    sheet.addRow(['Total', cycle.currency, '', '', '', '', num(cycle.cost), num(cycle.sales), num(cycle.margin)]).font = { bold: true };
    sheet.addRow([]);
    const header = sheet.addRow(['Organization / product', 'Detail', 'Charge type', 'Quantity', 'Unit cost', 'Unit price', 'Total cost', 'Total sales', 'Margin']);
    header.font = { bold: true };
    for (const organization of cycle.organizations) {
      const label = `${organization.name}${organization.linked ? '' : ' (not linked)'}${organization.billable ? '' : ' (not billable)'}`;
      const orgRow = sheet.addRow([label, organization.customerId, '', '', '', '', num(organization.cost), num(organization.sales), num(organization.margin)]);
      orgRow.font = { bold: true };
      for (const product of organization.products) {
        const productRow = sheet.addRow([`  ${product.name}`, product.skuId ? `${product.productId} ${product.skuId}` : product.productId, '', '', '', '', num(product.cost), num(product.sales), num(product.margin)]);
        productRow.outlineLevel = 1;
        for (const detail of product.details) {
          const row = sheet.addRow(['', detail.transactionType, detail.chargeType, num(detail.quantity), num(detail.unitCost), num(detail.unitSales), num(detail.cost), num(detail.sales), num(detail.margin)]);
          row.outlineLevel = 2;
        }
      }
    }
    for (const key of ['unitCost', 'unitSales']) sheet.getColumn(key).numFmt = '#,##0.00##';
    for (const key of ['cost', 'sales', 'margin']) sheet.getColumn(key).numFmt = money;
  }
  addReconciliation(workbook, report);
  return workbook;
}

/** Spreadsheet cells hold doubles: amounts are exact until here, and shown to the cent by the number format. */
function num(value: Decimal): number {
  return value.toNumber();
}

function addReconciliation(workbook: ExcelJS.Workbook, report: BillingReport): void {
  const r = report.reconciliation;
  const sheet = workbook.addWorksheet('Reconciliation');
  sheet.columns = [{ width: 26 }, { width: 30 }, { width: 12 }, { width: 10 }, { width: 16 }, { width: 14 }, { width: 16 }, { width: 16 }, { width: 14 }, { width: 34 }];
  const title = (text: string) => {
    sheet.addRow([]);
    sheet.addRow([text]).font = { bold: true, size: 12 };
  };
  title('Invoices');
  sheet.addRow(['Invoice', 'Files', 'Cycle', 'Lines', 'Cost subtotal', 'Tax', 'Total', 'Microsoft total', 'Difference', 'Status']).font = { bold: true };
  for (const i of r.invoices) {
    sheet.addRow([i.invoiceNumber || '(none)', i.files.join(', '), i.cycleMonth, i.lines, num(i.cost), num(i.tax), num(i.total), i.microsoftTotal && num(i.microsoftTotal), i.difference && num(i.difference), i.statusText]);
  }
  title('Unlinked tenants');
  sheet.addRow(['Customer ID', 'Name in the file', 'Currency', 'Lines', 'Cost']).font = { bold: true };
  for (const t of r.unlinkedTenants) sheet.addRow([t.customerId, t.name, t.currency, t.lines, num(t.cost)]);
  title('Unpriced products (priced at the default markup)');
  sheet.addRow(['Product ID', 'Product', 'SKU ID', 'Lines', 'Cost', 'Customers']).font = { bold: true };
  for (const p of r.unpricedProducts) sheet.addRow([p.productId, p.name, p.skuId, p.lines, num(p.cost), p.customers]);
  title('Duplicate lines dropped');
  for (const d of r.duplicates) sheet.addRow([d.file, `${d.lines} lines already in ${d.duplicateOf.join(', ')}`]);
  title('Files outside the selected range');
  for (const o of r.outsideRange) sheet.addRow([o.file, o.cycleMonth ?? 'no billing date', '', o.lines]);
  title('Warnings');
  for (const w of [...r.failedFiles, ...r.warnings]) sheet.addRow([w]);
}
