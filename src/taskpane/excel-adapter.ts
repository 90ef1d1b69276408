/**
 * Every Excel call the task pane makes, in one place, over the same narrow interface as the writer
 * (src/excel/excel-api.ts): inside Office it runs through Excel.run, in the demo against the in-memory workbook,
 * and in tests against the fake Excel.
 *
 * Tables are found by name (Excel's names drop spaces: "CustomerPrices"), rows by their key cells compared without
 * case or surrounding spaces, as the engine compares IDs.
 */
import { normalizeColumn, type ConfigTable } from '../billing/config';
import { cellAddress, rangeAddress, tableKey } from '../excel/addresses';
import { ALL_CAPABILITIES, detectCapabilities, type Capabilities } from '../excel/capabilities';
import type { ExcelContext, ExcelRange, ExcelTable, ExcelWorksheet } from '../excel/excel-api';
import { DEFAULT_DATE_FORMAT, excelSerialOf, isDateFormat, isPercentFormat } from '../excel/number-formats';
import { excelContextOf } from '../excel/office-context';
import { excelNumberText, readConfigTables } from '../excel/read-config';
import { ADD_IN_SHEET_MARK } from '../excel/refresh-plan';
import { writeWorkbook, type WritePhase, type WriteResult } from '../excel/write-workbook';
import type { SheetLayout, UserTableLayout, WorkbookLayout } from '../workbook/layout';
import { whyNotEmpty, type WorkbookContents } from './lib/sample-month';
import { typedCells, typedCurrency } from './lib/typed-cells';

export interface ExcelHost {
  kind: 'excel' | 'demo';
  /** Excel.run: a batch against a fresh request context. */
  run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  /**
   * Runs the pane's writes to the workbook one after another, each whole (reads and writes). A write reads a table,
   * then adds the rows it lacks: two at once (a card's billing date committed as Refresh is pressed) would both add
   * the invoice's row.
   */
  inTurn<T>(write: () => Promise<T>): Promise<T>;
  capabilities: Capabilities;
}

function turns(): ExcelHost['inTurn'] {
  let last: Promise<unknown> = Promise.resolve();
  return (write) => {
    const turn = last.then(write);
    last = turn.catch(() => undefined);
    return turn;
  };
}

/**
 * Requests smaller than the writer's default (2 MB): each sync is a round trip in which the pane waits, and a
 * smaller request keeps the page's own work per request (building the block's arrays) short.
 */
const PANE_MAX_REQUEST_BYTES = 500_000;

/** Excel inside Office (call after Office.onReady said the host is Excel). */
export function officeHost(): ExcelHost {
  return {
    kind: 'excel',
    run: (batch) => Excel.run((context) => batch(excelContextOf(context))),
    inTurn: turns(),
    capabilities: detectCapabilities(),
  };
}

/** A host over any Excel.run-like function (the demo's in-memory workbook, tests). */
export function hostOver(run: ExcelHost['run'], kind: ExcelHost['kind'], capabilities: Capabilities = ALL_CAPABILITIES): ExcelHost {
  return { kind, run, inTurn: turns(), capabilities };
}

export function readConfiguration(host: ExcelHost): Promise<ConfigTable[]> {
  return host.run((context) => readConfigTables(context));
}

interface WriteCallbacks {
  onProgress?(phase: WritePhase, done: number, total: number): void;
  signal?: AbortSignal;
}

export function writeReport(host: ExcelHost, layout: WorkbookLayout, callbacks: WriteCallbacks = {}): Promise<WriteResult> {
  return host.run((context) =>
    writeWorkbook(context, layout, { capabilities: host.capabilities, onProgress: callbacks.onProgress, signal: callbacks.signal, maxRequestBytes: PANE_MAX_REQUEST_BYTES }),
  );
}

/** One sheet of the add-in's own (the billing export): replaced, like the report's sheets, on every write. */
export function writeSheet(host: ExcelHost, sheet: SheetLayout): Promise<WriteResult> {
  return writeReport(host, { sheets: [sheet], userTables: [], notes: [] });
}

/** Creates the user's table when it is missing (with the rows it suggests), or appends the suggested rows it lacks. */
export function ensureUserTable(host: ExcelHost, table: UserTableLayout): Promise<WriteResult> {
  return writeReport(host, { sheets: [], userTables: [table], notes: [] });
}

/** office.js has these since ExcelApi 1.1; the fake Excel does not, and then nothing is selected. */
function activate(sheet: ExcelWorksheet): void {
  const target = sheet as ExcelWorksheet & { activate?: () => void };
  if (typeof target.activate === 'function') target.activate();
}

function select(range: ExcelRange): void {
  const target = range as ExcelRange & { select?: () => void };
  if (typeof target.select === 'function') target.select();
}

/** A key cell as the engine read it (a number as Excel shows it), to find the row a report names. */
const keyText = (value: unknown): string => (value === null || value === undefined ? '' : (typeof value === 'number' ? excelNumberText(value) : String(value)).trim().toLowerCase());

/** The workbook's table of that name (any case and spacing), or null. */
async function findTable(context: ExcelContext, tableName: string): Promise<ExcelTable | null> {
  const tables = context.workbook.tables;
  tables.load('items/name');
  await context.sync();
  const match = tables.items.find((table) => tableKey(table.name) === tableKey(tableName));
  return match === undefined ? null : context.workbook.tables.getItem(match.name);
}

/** A loaded header row's column names, normalized as the engine compares them. */
const columnNames = (header: ExcelRange): string[] => (header.values[0] ?? []).map((cell) => normalizeColumn(String(cell ?? '')));

/** A table's column names and its body loaded with `properties`, in one sync. */
async function tableContents(context: ExcelContext, table: ExcelTable, properties: string): Promise<{ names: string[]; body: ExcelRange }> {
  const header = table.getHeaderRowRange();
  const body = table.getDataBodyRange();
  header.load('values');
  body.load(properties);
  await context.sync();
  return { names: columnNames(header), body };
}

export interface TableRowKey {
  /** Column names as in the contract ("Customer ID"). */
  columns: string[];
  values: string[];
}

type ShowResult = { found: false } | { found: true; sheet: string; address: string; row: number | null };

/**
 * Activates the table's sheet and selects the table, or the row whose key cells match `key`. `found: false` when
 * there is no such table (or, with a key, no such row).
 */
export function showTable(host: ExcelHost, tableName: string, key?: TableRowKey): Promise<ShowResult> {
  return host.run(async (context) => {
    const table = await findTable(context, tableName);
    if (table === null) return { found: false };
    const sheet = table.worksheet;
    sheet.load('name');
    if (key === undefined) {
      const range = table.getRange();
      range.load('address');
      await context.sync();
      activate(sheet);
      select(range);
      await context.sync();
      return { found: true, sheet: sheet.name, address: range.address, row: null };
    }
    const { names, body } = await tableContents(context, table, 'values,rowIndex,columnIndex,columnCount');
    const positions = key.columns.map((column) => names.indexOf(normalizeColumn(column)));
    if (positions.some((position) => position < 0)) return { found: false };
    const wanted = key.values.map(keyText);
    const index = body.values.findIndex((row) => positions.every((position, k) => keyText(row[position]) === wanted[k]));
    if (index < 0) return { found: false };
    const address = rangeAddress(body.rowIndex + index, body.columnIndex, 1, body.columnCount);
    activate(sheet);
    select(sheet.getRange(address));
    await context.sync();
    return { found: true, sheet: sheet.name, address, row: body.rowIndex + index + 1 };
  });
}

type SaveSettingResult = 'updated' | 'appended' | 'no-table';

/**
 * Writes one setting into the Settings table: the Value cell of its row, or a new row when the table has none for
 * it. A percent-formatted Value cell gets the fraction (15 → 0.15), as Excel shows 15 %.
 */
export function saveSetting(host: ExcelHost, setting: string, value: string | number): Promise<SaveSettingResult> {
  return host.run(async (context) => {
    const table = await findTable(context, 'Settings');
    if (table === null) return 'no-table';
    const { names, body } = await tableContents(context, table, 'values,numberFormat,rowIndex,columnIndex');
    const settingColumn = names.indexOf('setting');
    const valueColumn = names.indexOf('value');
    if (settingColumn < 0 || valueColumn < 0) return 'no-table';
    const index = body.values.findIndex((row) => normalizeColumn(String(row[settingColumn] ?? '')) === normalizeColumn(setting));
    if (index >= 0) {
      const format = body.numberFormat[index]?.[valueColumn];
      const written = typeof value === 'number' && isPercentFormat(typeof format === 'string' ? format : '') ? value / 100 : value;
      table.worksheet.getRange(cellAddress(body.rowIndex + index, body.columnIndex + valueColumn)).values = [[written]];
      await context.sync();
      return 'updated';
    }
    const row: Array<string | number> = names.map(() => '');
    row[settingColumn] = setting;
    row[valueColumn] = value;
    table.rows.add(undefined, [row]);
    await context.sync();
    return 'appended';
  });
}

/** A Billing date cell as it was before the pane wrote a card's date into it, for "Use the file's date" to put back. */
export interface BillingDateCell {
  invoice: string;
  value: string | number | boolean;
  format: string;
}

export interface SaveBillingDateResult {
  table: 'found' | 'none' | 'no-billing-date-column';
  written: string[];
  kept: string[];
  missing: string[];
  replaced: BillingDateCell[];
  restored: BillingDateCell[];
}

/**
 * Writes a file's billing date into the Invoices table: the Billing date cell of each of its invoices' rows, and
 * nothing else (the Microsoft total and any other cell stay as the user left them). A cell not shown as a date gets
 * the date format first: a date written into a General cell reads as a number, into a text cell as text. A date the
 * cell held that is not `previous` (the card's date the pane wrote before) is `replaced`: the caller keeps it.
 *
 * `date` null takes the date back out: a cell still holding `previous` gets what `restore` says it held (value and
 * format), or is emptied; one holding anything else was typed there since, and is `kept`. Invoices without a row are
 * `missing`, for the caller to add.
 */
export function saveBillingDate(host: ExcelHost, invoiceNumbers: readonly string[], date: number | null, previous: number | null, restore: readonly BillingDateCell[] = []): Promise<SaveBillingDateResult> {
  return host.run(async (context) => {
    const nowhere = (table: SaveBillingDateResult['table']): SaveBillingDateResult => ({ table, written: [], kept: [], missing: [...invoiceNumbers], replaced: [], restored: [] });
    const table = await findTable(context, 'Invoices');
    if (table === null) return nowhere('none');
    const { names, body } = await tableContents(context, table, 'values,numberFormat,rowIndex,columnIndex');
    const invoiceColumn = names.indexOf(normalizeColumn('Invoice number'));
    const dateColumn = names.indexOf(normalizeColumn('Billing date'));
    if (invoiceColumn < 0 || dateColumn < 0) return nowhere('no-billing-date-column');
    const result: SaveBillingDateResult = { ...nowhere('found'), missing: [] };
    for (const invoice of invoiceNumbers) {
      const index = body.values.findIndex((row) => keyText(row[invoiceColumn]) === keyText(invoice));
      if (index < 0) {
        result.missing.push(invoice);
        continue;
      }
      const cell = table.worksheet.getRange(cellAddress(body.rowIndex + index, body.columnIndex + dateColumn));
      const current = body.values[index][dateColumn];
      const format = String(body.numberFormat[index]?.[dateColumn] ?? '');
      const empty = current === '' || current === null;
      const ours = previous !== null && current === excelSerialOf(previous);
      if (date === null) {
        if (empty) continue;
        if (!ours) {
          result.kept.push(invoice);
          continue;
        }
        const before = restore.find((held) => held.invoice === invoice);
        if (before === undefined) {
          cell.values = [['']];
        } else {
          // The format first: text goes back into a text cell as text.
          cell.numberFormat = [[before.format]];
          cell.values = [[before.value]];
          result.restored.push(before);
        }
      } else {
        if (!empty && !ours) result.replaced.push({ invoice, value: current as BillingDateCell['value'], format });
        if (!isDateFormat(format)) cell.numberFormat = [[DEFAULT_DATE_FORMAT]];
        cell.values = [[excelSerialOf(date)]];
      }
      result.written.push(invoice);
    }
    await context.sync();
    return result;
  });
}

/** Whether the workbook holds a sheet of that name that the add-in made (carrying its mark, refresh-plan.ts). */
export function holdsAddInSheet(host: ExcelHost, name: string): Promise<boolean> {
  return host.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(name);
    await context.sync();
    if (sheet.isNullObject) return false;
    const mark = sheet.names.getItemOrNullObject(ADD_IN_SHEET_MARK);
    await context.sync();
    return !mark.isNullObject;
  });
}

/**
 * Calls `onChange` after cells of any table changed, the user's edits and the add-in's own writes alike (ExcelApi
 * 1.7; where Excel cannot tell, never). Returns what stops the calls: Excel removes a handler only through the request
 * context that added it, so it stays registered, silent, until the pane closes.
 */
export function watchTables(host: ExcelHost, onChange: () => void): () => void {
  let active = true;
  if (host.capabilities.tableEvents) {
    host
      .run(async (context) => {
        context.workbook.tables.onChanged?.add(async () => {
          if (active) onChange();
        });
        await context.sync();
      })
      // Unheard edits are still caught: the tables are read again before an export.
      .catch(() => undefined);
  }
  return () => {
    active = false;
  };
}

/** The workbook's tables, and its sheets with whether any cell holds a value or a format. */
async function workbookContents(context: ExcelContext): Promise<WorkbookContents> {
  const tables = context.workbook.tables;
  const worksheets = context.workbook.worksheets;
  tables.load('items/name');
  worksheets.load('items/name');
  await context.sync();
  const used = worksheets.items.map((sheet) => {
    const range = sheet.getUsedRangeOrNullObject(false);
    range.load('address');
    return { name: sheet.name, range };
  });
  await context.sync();
  return { tables: tables.items.map((table) => table.name), sheets: used.map(({ name, range }) => ({ name, used: !range.isNullObject })) };
}

/** Why the workbook is not empty (lib/sample-month.ts), or null when it is. */
export function whyWorkbookNotEmpty(host: ExcelHost): Promise<string | null> {
  return host.run(async (context) => whyNotEmpty(await workbookContents(context)));
}

/** A table as typed: its sheet's name, Excel's name for it ("CustomerPrices"), and its rows, the header first. */
export interface TypedTable {
  sheet: string;
  table: string;
  rows: string[][];
}

/**
 * Adds each table on a new sheet of its name, as an accountant types it (lib/typed-cells.ts): ids as text (they keep
 * their leading zeros), numbers as numbers, days as dates. Formats go first, so text arrives in text cells.
 */
export async function addTypedTables(context: ExcelContext, tables: readonly TypedTable[]): Promise<void> {
  const currency = typedCurrency(tables);
  for (const table of tables) {
    const width = table.rows.reduce((most, row) => Math.max(most, row.length), 0);
    const grid = table.rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
    const { values, formats } = typedCells(grid, currency);
    const sheet = context.workbook.worksheets.add(table.sheet);
    const range = sheet.getRange(rangeAddress(0, 0, grid.length, width));
    range.numberFormat = formats;
    range.values = values;
    sheet.tables.add(range, true).name = table.table;
  }
  await context.sync();
}

/**
 * Writes the sample month's tables into an empty workbook, looked at again in the same batch: a workbook that holds
 * anything by now gets nothing, and the reason is returned.
 */
export function writeSampleTables(host: ExcelHost, tables: readonly TypedTable[]): Promise<{ written: true } | { written: false; reason: string }> {
  return host.run(async (context) => {
    const reason = whyNotEmpty(await workbookContents(context));
    if (reason !== null) return { written: false, reason };
    await addTypedTables(context, tables);
    return { written: true };
  });
}
