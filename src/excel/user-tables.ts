import { normalizeColumn } from '../billing/config';
import { USER_TABLE_STYLE, type CellValue, type ColumnLayout, type UserTableLayout } from '../workbook/layout';
import { MAX_COLUMNS, columnsAddress, rangeAddress, tableKey } from './addresses';
import { convertCandidateValue } from './cells';
import { LayoutError } from './errors';
import type { ExcelRange } from './excel-api';
import { excelSerialOf } from './number-formats';
import { readWorkbookState } from './workbook-state';
import { CALL_OVERHEAD_BYTES, callBytes, jsonBytes, type RequestBudget } from './request-budget';
import { regionItems } from './row-blocks';
import { columnWidthPoints } from './sheet-writer';
import type { SyncRunner, WorkItem } from './sync-runner';

/**
 * The user's configuration tables (Settings, Customers, Prices, Customer Prices, Invoices). They are the
 * accountant's: a missing one is created from the template with the rows the data suggests; an existing one only
 * ever gets rows appended for candidates whose key it lacks. Existing rows, their values and their formatting are
 * never written to, but for the empty row Excel keeps under a table with its header only: the first new row fills it.
 *
 * Appending adds the rows with one `table.rows.add` per block (never one call per row, office-js performance
 * guidance), blank, then formats the new rows' text cells as text and writes their values in the same request: the
 * values then arrive in cells that keep text as text (cells.ts), which `rows.add(values)` alone could not promise.
 * The new rows are addressed from the table's end when the request runs, so a row the user added meanwhile is not
 * overwritten.
 */

/** How to undo what was done to a user's table if the refresh fails later (recorded before each request). */
export type UserTableUndo =
  | { kind: 'sheet'; sheetName: string }
  | { kind: 'table'; tableName: string; sheetName: string; address: string }
  | { kind: 'rows'; tableName: string; sheetName: string; rowsBefore: number }
  /** Excel's empty row under a header-only table, filled: emptied again. */
  | { kind: 'empty row'; sheetName: string; address: string };

/** A cell as a key part: IDs compare without case or surrounding spaces (config.ts's idKey). */
function keyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim().toLowerCase();
  if (typeof value === 'object') {
    const cell = value as Exclude<CellValue, string | number | boolean | null>;
    if (cell.kind === 'date') return String(excelSerialOf(cell.utc));
    return keyText(cell.result);
  }
  return String(value);
}

function columnsOf(layout: UserTableLayout): ColumnLayout[] {
  return layout.columns.map((_, index) => {
    const format = layout.formats[index] ?? 'General';
    return { width: layout.widths[index] ?? 0, kind: format === '@' ? 'id' : 'quantity', format };
  });
}

interface Found {
  layout: UserTableLayout;
  /** The existing table (its name as the workbook spells it) and its sheet. */
  existing?: { name: string; sheet: string; header: ExcelRange; body: ExcelRange };
  /** The sheet named for the table exists (then the table goes beside what is on it). */
  sheetExists: boolean;
  used?: ExcelRange;
}

export async function writeUserTables(runner: SyncRunner, tables: readonly UserTableLayout[], undo: UserTableUndo[], skipped: string[]): Promise<void> {
  if (tables.length === 0) return;
  const { workbook } = runner.context;
  const state = await readWorkbookState(runner);
  const found: Found[] = tables.map((layout) => {
    const table = state.tables.find((candidate) => [layout.excelName, layout.name].some((name) => tableKey(candidate.name) === tableKey(name)));
    const sheetExists = state.sheets.some((sheet) => sheet.name.toLowerCase() === layout.sheetName.toLowerCase());
    if (table !== undefined) {
      const excelTable = workbook.tables.getItem(table.name);
      const header = excelTable.getHeaderRowRange();
      const body = excelTable.getDataBodyRange();
      header.load('values');
      body.load('values,rowCount,rowIndex,columnIndex,columnCount');
      return { layout, sheetExists, existing: { name: table.name, sheet: table.sheet, header, body } };
    }
    if (!sheetExists) return { layout, sheetExists };
    const used = workbook.worksheets.getItem(layout.sheetName).getUsedRangeOrNullObject();
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    return { layout, sheetExists, used };
  });
  if (found.some((entry) => entry.existing || entry.used)) await runner.read('your tables');

  const items: WorkItem[] = [];
  // Sheets this refresh creates, with the first free column: two tables named for one new sheet sit side by side.
  const created = new Map<string, number>();
  for (const entry of found) {
    if (entry.existing) items.push(...appendItems(entry, entry.existing, runner.budget, undo, skipped));
    else items.push(...createItems(entry, runner.budget, undo, created));
  }
  await runner.write(items);
}

function createItems(entry: Found, budget: RequestBudget, undo: UserTableUndo[], created: Map<string, number>): WorkItem[] {
  const { layout } = entry;
  const columns = columnsOf(layout);
  const sheetKey = layout.sheetName.toLowerCase();
  const newSheet = !entry.sheetExists;
  let top = 0;
  let left = 0;
  const items: WorkItem[] = [];
  if (newSheet && created.has(sheetKey)) {
    left = created.get(sheetKey)!;
  } else if (newSheet) {
    undo.push({ kind: 'sheet', sheetName: layout.sheetName });
    items.push({ label: `sheet ${layout.sheetName}`, bytes: callBytes(layout.sheetName), apply: (scope) => void scope.addSheet(layout.sheetName) });
  } else if (entry.used && !entry.used.isNullObject) {
    // Beside what is on the sheet, one empty column between: no user cell is written over.
    top = entry.used.rowIndex;
    left = entry.used.columnIndex + entry.used.columnCount + 1;
  }
  if (left + columns.length > MAX_COLUMNS) throw new LayoutError(`There is no room on sheet "${layout.sheetName}" for the ${layout.name} table.`);
  if (newSheet) created.set(sheetKey, left + columns.length + 1);
  // A table needs a row under its header; Excel adds an empty one when there are no candidates.
  const rowCount = 1 + Math.max(layout.candidates.length, 1);
  const address = rangeAddress(top, left, 1 + layout.candidates.length, columns.length);
  if (entry.sheetExists) undo.push({ kind: 'table', tableName: layout.excelName, sheetName: layout.sheetName, address: rangeAddress(top, left, rowCount, columns.length) });
  const rows = [{ cells: [...layout.columns] }, ...layout.candidates.map((candidate) => ({ cells: candidate }))];
  items.push(...regionItems({ sheetName: layout.sheetName, displayName: layout.sheetName, rows, firstRow: top, firstColumn: left, columns, styleWidth: 0 }, budget));
  const widths = !newSheet ? [] : columns.map((column, index) => ({ index, points: columnWidthPoints(column.width) })).filter((_, index) => columns[index].width > 0);
  items.push({
    label: `table ${layout.excelName}`,
    bytes: callBytes(address, true) + callBytes(layout.excelName) + callBytes(USER_TABLE_STYLE) + widths.length * callBytes('A:A', 100),
    apply(scope) {
      const sheet = scope.sheet(layout.sheetName);
      const table = sheet.tables.add(address, true);
      table.name = layout.excelName;
      table.style = USER_TABLE_STYLE;
      // Widths only on a sheet the add-in created: the columns of the user's own sheet keep theirs.
      for (const { index, points } of widths) sheet.getRange(columnsAddress(left + index, left + index)).format.columnWidth = points;
    },
  });
  return items;
}

function appendItems(entry: Found, existing: NonNullable<Found['existing']>, budget: RequestBudget, undo: UserTableUndo[], skipped: string[]): WorkItem[] {
  const { layout } = entry;
  const header = (existing.header.values[0] ?? []).map((cell) => String(cell ?? ''));
  const position = new Map<string, number>();
  header.forEach((name, index) => {
    const key = normalizeColumn(name);
    if (key !== '' && !position.has(key)) position.set(key, index);
  });
  const missingKeys = layout.keyColumns.filter((column) => !position.has(normalizeColumn(column)));
  if (missingKeys.length > 0) {
    skipped.push(`table ${existing.name} has no ${missingKeys.map((column) => `"${column}"`).join(' or ')} column: no rows were added to it`);
    return [];
  }
  const keyInTable = layout.keyColumns.map((column) => position.get(normalizeColumn(column))!);
  const keyInLayout = layout.keyColumns.map((column) => layout.columns.findIndex((name) => normalizeColumn(name) === normalizeColumn(column)));
  const keys = new Set(existing.body.values.map((row) => keyInTable.map((index) => keyText(row[index])).join('\u0001')));
  const target = layout.columns.map((column) => position.get(normalizeColumn(column)));
  const width = header.length;
  const rows: Array<{ values: Array<string | number | boolean>; formats: Array<string | null> }> = [];
  for (const candidate of layout.candidates) {
    const parts = keyInLayout.map((index) => (index < 0 ? '' : keyText(candidate[index])));
    const key = parts.join('\u0001');
    if (parts.every((part) => part === '') || keys.has(key)) continue;
    keys.add(key);
    const values: Array<string | number | boolean> = new Array(width).fill('');
    const formats: Array<string | null> = new Array(width).fill(null);
    candidate.forEach((value, index) => {
      const column = target[index];
      if (column === undefined) return;
      const converted = convertCandidateValue(value, layout.formats[index]);
      values[column] = converted.value;
      formats[column] = converted.format;
    });
    rows.push({ values, formats });
  }
  if (rows.length === 0) return [];
  // A table with its header only still has a body row in Excel, empty: the first new row goes there, not under it.
  const { body } = existing;
  const emptyRow = body.rowCount === 1 && (body.values[0] ?? []).every((cell) => cell === '' || cell === null);
  undo.push({ kind: 'rows', tableName: existing.name, sheetName: existing.sheet, rowsBefore: body.rowCount });
  if (emptyRow) undo.push({ kind: 'empty row', sheetName: existing.sheet, address: rangeAddress(body.rowIndex, body.columnIndex, 1, body.columnCount) });
  // Blocks by bytes, as for the report's rows.
  const items: WorkItem[] = [];
  let block: typeof rows = [];
  let bytes = 0;
  for (const row of rows) {
    const rowBytes = 2 * jsonBytes(row.values) + jsonBytes(row.formats) + 3;
    if (block.length > 0 && bytes + rowBytes > budget.maxBytes - 4 * CALL_OVERHEAD_BYTES) {
      items.push(appendItem(existing.name, block, emptyRow && items.length === 0));
      block = [];
      bytes = 0;
    }
    block.push(row);
    bytes += rowBytes;
  }
  items.push(appendItem(existing.name, block, emptyRow && items.length === 0));
  return items;
}

/** `intoEmptyRow`: the table's empty body row takes the first of `rows` (the table has its header only). */
function appendItem(tableName: string, rows: ReadonlyArray<{ values: Array<string | number | boolean>; formats: Array<string | null> }>, intoEmptyRow = false): WorkItem {
  const values = rows.map((row) => row.values);
  const blank = values.slice(intoEmptyRow ? 1 : 0).map((row) => row.map(() => ''));
  const formatted = rows.some((row) => row.formats.some((format) => format !== null));
  const formats = rows.map((row) => row.formats);
  return {
    label: `${rows.length} new rows in table ${tableName}`,
    bytes: callBytes(null, blank) + (formatted ? callBytes(formats) : 0) + callBytes(values) + 3 * CALL_OVERHEAD_BYTES,
    apply(scope) {
      const table = scope.table(tableName);
      if (blank.length > 0) table.rows.add(undefined, blank);
      const last = table.getDataBodyRange().getLastRow();
      const added = rows.length === 1 ? last : last.getOffsetRange(-(rows.length - 1), 0).getBoundingRect(last);
      if (formatted) added.numberFormat = formats;
      added.values = values;
    },
    split() {
      if (rows.length < 2) return null;
      const half = rows.length >> 1;
      return [appendItem(tableName, rows.slice(0, half), intoEmptyRow), appendItem(tableName, rows.slice(half))];
    },
  };
}

/** Puts the user's tables back as they were before this refresh touched them (newest change first). */
export async function undoUserTables(runner: SyncRunner, undo: readonly UserTableUndo[]): Promise<void> {
  if (undo.length === 0) return;
  const state = await readWorkbookState(runner);
  const sheetExists = (name: string) => state.sheets.some((sheet) => sheet.name.toLowerCase() === name.toLowerCase());
  const tableExists = (name: string) => state.tables.some((table) => table.name.toLowerCase() === name.toLowerCase());
  const bodies = new Map<UserTableUndo, ExcelRange>();
  for (const step of undo) {
    if (step.kind !== 'rows' || !tableExists(step.tableName)) continue;
    const body = runner.context.workbook.tables.getItem(step.tableName).getDataBodyRange();
    body.load('rowIndex,columnIndex,rowCount,columnCount');
    bodies.set(step, body);
  }
  if (bodies.size > 0) await runner.read('your tables');
  const steps = [...undo].reverse();
  await runner.write([
    {
      label: 'restoring your tables',
      bytes: steps.length * callBytes('x'.repeat(64), 'x'.repeat(32)) * 2,
      apply(scope) {
        for (const step of steps) {
          if (step.kind === 'rows') {
            const body = bodies.get(step);
            if (body === undefined || body.rowCount <= step.rowsBefore) continue;
            const added = rangeAddress(body.rowIndex + step.rowsBefore, body.columnIndex, body.rowCount - step.rowsBefore, body.columnCount);
            scope.sheet(step.sheetName).getRange(added).delete('Up');
          } else if (step.kind === 'empty row') {
            if (sheetExists(step.sheetName)) scope.sheet(step.sheetName).getRange(step.address).clear('Contents');
          } else if (step.kind === 'table') {
            if (tableExists(step.tableName)) scope.table(step.tableName).delete();
            if (sheetExists(step.sheetName)) scope.sheet(step.sheetName).getRange(step.address).clear('All');
          } else if (sheetExists(step.sheetName)) {
            scope.deleteSheet(step.sheetName);
          }
        }
      },
    },
  ]);
}
