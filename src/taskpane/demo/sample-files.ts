/**
 * The bundled sample month (sample/): its configuration tables and its two Partner Center files, assets of the
 * add-in fetched from its own origin. The demo opens them in an in-memory workbook; in Excel, an empty workbook may
 * take them (lib/sample-month.ts). Its own chunk: loaded only when asked for.
 */
import Papa from 'papaparse';
import type { TypedTable } from '../excel-adapter';

const CONFIG: Array<{ sheet: string; table: string; url: URL }> = [
  { sheet: 'Settings', table: 'Settings', url: new URL('../../../sample/config/settings.csv', import.meta.url) },
  { sheet: 'Customers', table: 'Customers', url: new URL('../../../sample/config/customers.csv', import.meta.url) },
  { sheet: 'Prices', table: 'Prices', url: new URL('../../../sample/config/prices.csv', import.meta.url) },
  { sheet: 'Customer Prices', table: 'CustomerPrices', url: new URL('../../../sample/config/customer-prices.csv', import.meta.url) },
  { sheet: 'Invoices', table: 'Invoices', url: new URL('../../../sample/config/invoices.csv', import.meta.url) },
];

const FILES: Array<{ name: string; url: URL }> = [
  { name: 'nce-invoice-G100000001.csv', url: new URL('../../../sample/2026-10/nce-invoice-G100000001.csv', import.meta.url) },
  { name: 'daily-usage-G100000002.csv', url: new URL('../../../sample/2026-10/daily-usage-G100000002.csv', import.meta.url) },
];

export interface SampleMonth {
  /** Settings, Customers, Prices, Customer Prices and Invoices, as `npm run report` reads them. */
  tables: TypedTable[];
  /** The month's files, ready to import. */
  files: File[];
}

async function fetchText(url: URL): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: ${response.status} ${response.statusText}`);
  return response.text();
}

export async function fetchSampleMonth(): Promise<SampleMonth> {
  const [tables, files] = await Promise.all([
    Promise.all(CONFIG.map(async ({ sheet, table, url }) => ({ sheet, table, rows: Papa.parse<string[]>((await fetchText(url)).replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data }))),
    Promise.all(FILES.map(async ({ name, url }) => new File([await fetchText(url)], name, { type: 'text/csv' }))),
  ]);
  return { tables, files };
}
