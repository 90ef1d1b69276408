/**
 * A Billing Lines-like workbook layout of any size: one sheet, a header row and `lines` rows of 23 realistic
 * columns (invoice and customer IDs, GUIDs, product names, dates, quantities, unit prices and amounts), all inside
 * one table, frozen header. Deterministic (a small LCG), so request counts are comparable between runs. Shared by the
 * request-size tests.
 */
import type { CellValue, ColumnLayout, WorkbookLayout } from '../../src/workbook/layout';

const DAY = 86_400_000;

const COLUMNS: Array<[string, ColumnLayout]> = [
  ['Invoice number', { width: 14, kind: 'id', format: '@' }],
  ['Billing date', { width: 12, kind: 'date', format: 'yyyy-mm-dd' }],
  ['Customer ID', { width: 38, kind: 'id', format: '@' }],
  ['Customer', { width: 30, kind: 'text', format: '@' }],
  ['Product ID', { width: 14, kind: 'id', format: '@' }],
  ['SKU ID', { width: 8, kind: 'id', format: '@' }],
  ['Availability ID', { width: 14, kind: 'id', format: '@' }],
  ['Product', { width: 36, kind: 'text', format: '@' }],
  ['Subscription ID', { width: 38, kind: 'id', format: '@' }],
  ['Charge type', { width: 16, kind: 'text', format: '@' }],
  ['Term', { width: 6, kind: 'text', format: '@' }],
  ['Billing plan', { width: 10, kind: 'text', format: '@' }],
  ['Charge start', { width: 12, kind: 'date', format: 'yyyy-mm-dd' }],
  ['Charge end', { width: 12, kind: 'date', format: 'yyyy-mm-dd' }],
  ['Quantity', { width: 9, kind: 'quantity', format: '#,##0.####' }],
  ['Unit cost', { width: 12, kind: 'unit-price', format: '#,##0.00##', group: 'cost' }],
  ['Cost', { width: 14, kind: 'money', format: '#,##0.00;-#,##0.00', group: 'cost' }],
  ['Unit price', { width: 12, kind: 'unit-price', format: '#,##0.00##', group: 'sales' }],
  ['Sales', { width: 14, kind: 'money', format: '#,##0.00;-#,##0.00', group: 'sales' }],
  ['Margin', { width: 14, kind: 'money', format: '#,##0.00;-#,##0.00' }],
  ['Margin %', { width: 9, kind: 'percent', format: '0.0%' }],
  ['Currency', { width: 8, kind: 'text', format: '@' }],
  ['Reseller MPN ID', { width: 14, kind: 'id', format: '@' }],
];

const PRODUCTS = [
  ['CFQ7TTC0LDPB', 'Microsoft 365 Business Basic', 6],
  ['CFQ7TTC0LCHC', 'Microsoft 365 Business Premium', 22],
  ['CFQ7TTC0LF8Q', 'Microsoft 365 E3', 36],
  ['CFQ7TTC0LFLZ', 'Exchange Online (Plan 1)', 4],
  ['DZH318Z0BQ4L', 'Azure plan', 0],
  ['CFQ7TTC0MM8R', 'Microsoft Teams Essentials', 4],
] as const;
const CHARGES = ['new', 'renew', 'cycleCharge', 'addQuantity', 'removeQuantity'];
const ORGANIZATIONS = ['Contoso Pharmaceuticals', 'Fabrikam, Inc.', 'Northwind Traders', 'Adventure Works Cycles', 'Wide World Importers', 'Tailspin Toys', 'Woodgrove Bank', 'Relecloud'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function guid(next: () => number): string {
  const hex = (digits: number) => Math.floor(next() * 16 ** digits).toString(16).padStart(digits, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(6)}${hex(6)}`;
}

export const SYNTHETIC_COLUMN_COUNT = COLUMNS.length;

export function billingLinesLayout(lines: number, seed = 1): WorkbookLayout {
  const next = random(seed);
  const customers = Array.from({ length: Math.max(1, Math.ceil(lines / 400)) }, (_, i) => ({ id: guid(next), name: `${ORGANIZATIONS[i % ORGANIZATIONS.length]} ${i + 1}` }));
  const billingDate = Date.UTC(2026, 9, 31);
  const rows: Array<{ cells: CellValue[] }> = [{ cells: COLUMNS.map(([name]) => name) }];
  for (let i = 0; i < lines; i++) {
    const customer = customers[Math.floor(next() * customers.length)];
    const [productId, product, price] = PRODUCTS[Math.floor(next() * PRODUCTS.length)];
    const quantity = 1 + Math.floor(next() * 40);
    const days = 1 + Math.floor(next() * 30);
    const unitCost = price === 0 ? Math.round(next() * 1e6) / 1e4 : price * 0.85;
    const cost = Math.round(unitCost * quantity * (days / 30) * 100) / 100;
    const sales = Math.round(cost * 1.15 * 100) / 100;
    const start = billingDate - days * DAY;
    rows.push({
      cells: [
        `G0${String(12_345_678 + (i % 3)).padStart(9, '0')}`,
        { kind: 'date', utc: billingDate },
        customer.id,
        customer.name,
        productId,
        `000${1 + Math.floor(next() * 9)}`,
        `CFQ7TTC0${Math.floor(next() * 10_000)}`,
        product,
        guid(next),
        CHARGES[Math.floor(next() * CHARGES.length)],
        next() < 0.5 ? 'P1M' : 'P1Y',
        next() < 0.8 ? 'Monthly' : 'Annual',
        { kind: 'date', utc: start },
        { kind: 'date', utc: billingDate - DAY },
        quantity,
        unitCost,
        cost,
        Math.round(unitCost * 1.15 * 10_000) / 10_000,
        sales,
        Math.round((sales - cost) * 100) / 100,
        cost === 0 ? 0 : Math.round(((sales - cost) / sales) * 1000) / 1000,
        'USD',
        String(4_000_000 + Math.floor(next() * 900_000)),
      ],
    });
  }
  return {
    sheets: [
      {
        name: 'Billing Lines',
        columns: COLUMNS.map(([, column]) => column),
        rows,
        freeze: { rows: 1, columns: 0 },
        tables: [{ name: 'BillingLines', headerRow: 0, lastRow: lines, firstColumn: 0, lastColumn: COLUMNS.length - 1, style: 'TableStyleLight9', columns: COLUMNS.map(([name]) => name) }],
        pivots: [],
        charts: [],
      },
    ],
    userTables: [],
    notes: [],
  };
}
