/**
 * A configuration workbook as an accountant keeps it: Excel tables named Settings, Customers, Prices,
 * CustomerPrices and Invoices (table names cannot hold spaces), on sheets of their own and not always at A1, with a
 * percent-formatted Markup cell holding 0.15 (15 %) and a real date cell.
 */
import ExcelJS from 'exceljs';

type Cell = string | number | Date | null;

export interface WorkbookTable {
  sheet: string;
  table: string;
  /** Top-left cell of the table's header row. */
  at: string;
  columns: string[];
  rows: Cell[][];
  /** Number formats by column name, e.g. { 'Markup %': '0%' }. */
  formats?: Record<string, string>;
}

export const NORTHWIND_ID = '11111111-1111-4111-8111-111111111111';
export const FABRIKAM_ID = '22222222-2222-4222-8222-222222222222';
export const CONTOSO_ID = '44444444-4444-4444-8444-444444444444';

/** The test month's configuration (as in test/fixtures/billing/*.csv), except that Fabrikam's markup is 15 %. */
export function configurationTables(): WorkbookTable[] {
  return [
    { sheet: 'Settings', table: 'Settings', at: 'A1', columns: ['Setting', 'Value'], rows: [['Cycle end day', 'last'], ['Default markup %', 5], ['Currency', 'USD']] },
    {
      sheet: 'Customers',
      table: 'Customers',
      at: 'B3',
      columns: ['Customer ID', 'Organization', 'Markup %', 'Billable'],
      rows: [
        [NORTHWIND_ID, 'Northwind Traders', null, 'Yes'],
        [FABRIKAM_ID, 'Fabrikam', 0.15, 'Yes'],
        [CONTOSO_ID, 'Contoso Pharmaceuticals', null, 'No'],
      ],
      formats: { 'Markup %': '0%' },
    },
    {
      sheet: 'Price list',
      table: 'Prices',
      at: 'A1',
      columns: ['Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'],
      rows: [
        ['CFQ7TTC0LCHC', '0002', 'Microsoft 365 Business Standard', 'P1Y', 'Monthly', 15, null, null, null, null],
        ['CFQ7TTC0LF8Q', null, 'Exchange Online (Plan 1)', null, null, null, 20, null, null, null],
        ['DZH318Z0BQ3Q', null, 'Azure plan', null, null, null, null, null, null, 5],
      ],
    },
    { sheet: 'Customer prices', table: 'CustomerPrices', at: 'A1', columns: ['Customer ID', 'Product ID', 'SKU ID', 'Sales price', 'Markup %', 'Margin %'], rows: [[FABRIKAM_ID, 'CFQ7TTC0LCHC', '0002', 14, null, null]] },
    { sheet: 'Invoices', table: 'Invoices', at: 'A1', columns: ['Invoice number', 'Billing date', 'Microsoft total'], rows: [['G100000001', new Date(Date.UTC(2026, 9, 31)), 293.9]] },
  ];
}

/** Writes the tables as Excel tables into a new workbook at `path`. */
export async function writeConfigurationWorkbook(path: string, tables: WorkbookTable[] = configurationTables()): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of tables) {
    const sheet = workbook.getWorksheet(spec.sheet) ?? workbook.addWorksheet(spec.sheet);
    sheet.addTable({
      name: spec.table,
      ref: spec.at,
      headerRow: true,
      columns: spec.columns.map((name) => ({ name })),
      rows: spec.rows.map((row) => row.map((cell) => cell ?? '')),
    });
    const origin = sheet.getCell(spec.at);
    for (const [column, numFmt] of Object.entries(spec.formats ?? {})) {
      const offset = spec.columns.indexOf(column);
      for (let r = 1; r <= spec.rows.length; r++) sheet.getCell(Number(origin.row) + r, Number(origin.col) + offset).numFmt = numFmt;
    }
  }
  await workbook.xlsx.writeFile(path);
}
