/**
 * The demo outside Office: the bundled sample month (sample/) against an in-memory workbook, the same fake Excel the
 * writer's tests run against (test/fake-excel: load + sync, request size limit, Excel's rules, and the report's
 * formulas worked out as Excel would, so its totals show). Loaded only when the user asks for the demo (its own
 * chunk); the sample files are assets of the add-in, fetched from its own origin.
 */
import Papa from 'papaparse';
import { FakeExcel, type FakeRequestContext } from '../../../test/fake-excel/fake-excel';
import { rangeAddress } from '../../excel/addresses';
import { isDateFormat, isoOfExcelSerial } from '../../excel/number-formats';
import type { ExcelContext } from '../../excel/excel-api';
import { hostOver, type ExcelHost } from '../excel-adapter';

const CONFIG: Array<{ name: string; excelName: string; url: URL }> = [
  { name: 'Settings', excelName: 'Settings', url: new URL('../../../sample/config/settings.csv', import.meta.url) },
  { name: 'Customers', excelName: 'Customers', url: new URL('../../../sample/config/customers.csv', import.meta.url) },
  { name: 'Prices', excelName: 'Prices', url: new URL('../../../sample/config/prices.csv', import.meta.url) },
  { name: 'Customer Prices', excelName: 'CustomerPrices', url: new URL('../../../sample/config/customer-prices.csv', import.meta.url) },
  { name: 'Invoices', excelName: 'Invoices', url: new URL('../../../sample/config/invoices.csv', import.meta.url) },
];

const FILES: Array<{ name: string; url: URL }> = [
  { name: 'nce-invoice-G100000001.csv', url: new URL('../../../sample/2026-10/nce-invoice-G100000001.csv', import.meta.url) },
  { name: 'daily-usage-G100000002.csv', url: new URL('../../../sample/2026-10/daily-usage-G100000002.csv', import.meta.url) },
];

/** The next task (not a microtask): what a round trip to Excel costs the page, so it can paint between requests. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Excel.run over the fake, with every sync a task of its own as it is in Office. */
function runOver(fake: FakeExcel) {
  return async <T>(batch: (context: ExcelContext) => Promise<T>): Promise<T> => {
    const context: FakeRequestContext = fake.context();
    const send = context.sync.bind(context);
    context.sync = async () => {
      await nextTask();
      await send();
    };
    const result = await batch(context);
    await context.sync();
    return result;
  };
}

interface DemoSheet {
  name: string;
  rows: number;
}

export interface DemoWorkbook {
  host: ExcelHost;
  /** The sample month's files, ready to import. */
  files: File[];
  sheets(): DemoSheet[];
  /** The first rows and columns of a sheet as text. */
  preview(sheet: string, rows: number, columns: number): string[][];
}

async function fetchText(url: URL): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: ${response.status} ${response.statusText}`);
  return response.text();
}

export async function openDemoWorkbook(): Promise<DemoWorkbook> {
  const fake = new FakeExcel();
  const run = runOver(fake);
  const configs = await Promise.all(CONFIG.map(async (table) => ({ ...table, rows: Papa.parse<string[]>((await fetchText(table.url)).replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data })));
  await run(async (context) => {
    const first = context.workbook.worksheets.getItem('Sheet1');
    for (const table of configs) {
      const width = table.rows.reduce((most, row) => Math.max(most, row.length), 0);
      const grid = table.rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
      const sheet = context.workbook.worksheets.add(table.name);
      const range = sheet.getRange(rangeAddress(0, 0, grid.length, width));
      // Everything as text, as typed: IDs keep their leading zeros, the engine reads numbers from text anyway.
      range.numberFormat = [['@']];
      range.values = grid;
      sheet.tables.add(range, true).name = table.excelName;
    }
    first.delete();
    await context.sync();
  });
  const files = await Promise.all(FILES.map(async (file) => new File([await fetchText(file.url)], file.name, { type: 'text/csv' })));
  return {
    host: hostOver(run, 'demo'),
    files,
    sheets: () =>
      fake.sheetNames().map((name) => {
        const used = fake.sheet(name).usedAddress();
        const last = used === null ? 0 : Number(/(\d+)$/.exec(used)?.[1] ?? 0);
        return { name, rows: last };
      }),
    preview: (name, rows, columns) => {
      const view = fake.sheet(name);
      const address = rangeAddress(0, 0, rows, columns);
      const formats = view.formats(address);
      // Dates as dates (the sheet holds serials); other numbers to the 15 significant digits Excel shows (a total
      // summed in doubles reads 30108.61, not 30108.610000000004).
      const shown = (value: unknown, format: string) =>
        typeof value !== 'number' ? String(value) : isDateFormat(format) ? isoOfExcelSerial(value) : String(Number(value.toPrecision(15)));
      return view.values(address).map((row, r) => row.map((value, c) => shown(value, formats[r][c])));
    },
  };
}
