import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { TABLE_COLUMNS, type ConfigTable, type TableName } from '../billing/config';
import { Decimal, parseDecimalText } from '../billing/decimal';

const TABLE_NAMES = Object.keys(TABLE_COLUMNS) as TableName[];

/** "Customer Prices", "CustomerPrices", "customer_prices" all name the same table. */
function tableKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

export async function readCsvTable(name: TableName, path: string): Promise<ConfigTable> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = parsed.data;
  // The file name alone does not say which table it is meant to be ("--prices export.csv"): name both.
  return { name, header, rows, firstRow: 2, source: `${basename(path)} (${name} table)` };
}

/**
 * The configuration tables of a workbook: Excel tables named like the contract (spaces dropped, since Excel table
 * names cannot hold them), else sheets with those names whose first row is the header.
 */
export async function readWorkbookTables(path: string): Promise<ConfigTable[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const file = basename(path);
  const found = new Map<TableName, ConfigTable>();
  for (const sheet of workbook.worksheets) {
    type TableModel = { tableRef?: string; ref?: string; name: string; headerRow?: boolean; totalsRow?: boolean };
    for (const table of Object.values((sheet as unknown as { tables: Record<string, { table: TableModel }> }).tables ?? {})) {
      const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(table.table.name));
      if (name === undefined || found.has(name)) continue;
      // A table read from a file has its range in tableRef (ref is only set on tables built in memory); the range
      // includes the totals row, which is not data.
      const ref = table.table.tableRef ?? table.table.ref;
      if (ref === undefined) continue;
      const range = decodeRange(ref);
      const rows = readRange(sheet, range.top, range.left, table.table.totalsRow ? range.bottom - 1 : range.bottom, range.right);
      found.set(name, { name, header: rows[0] ?? [], rows: rows.slice(1), firstRow: range.top + 1, source: `${file}, table ${table.table.name}` });
    }
  }
  for (const sheet of workbook.worksheets) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(sheet.name));
    if (name === undefined || found.has(name) || sheet.rowCount === 0) continue;
    const rows = readRange(sheet, 1, 1, sheet.rowCount, sheet.columnCount);
    found.set(name, { name, header: rows[0] ?? [], rows: rows.slice(1), firstRow: 2, source: `${file}, sheet ${sheet.name}` });
  }
  return [...found.values()];
}

function decodeRange(ref: string): { top: number; left: number; bottom: number; right: number } {
  const [from, to = from] = ref.replace(/\$/g, '').split(':');
  const cell = (address: string) => {
    const match = /^([A-Z]+)(\d+)$/i.exec(address)!;
    const column = [...match[1].toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
    return { row: Number(match[2]), column };
  };
  const a = cell(from);
  const b = cell(to);
  return { top: a.row, left: a.column, bottom: b.row, right: b.column };
}

function readRange(sheet: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number): string[][] {
  const rows: string[][] = [];
  for (let r = top; r <= bottom; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = left; c <= right; c++) cells.push(cellText(row.getCell(c)));
    rows.push(cells);
  }
  return rows;
}

/** A workbook cell as the text a user typed: numbers exactly as Excel shows them, percentages in percent. */
function cellText(cell: ExcelJS.Cell): string {
  let value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && 'result' in (value as object)) value = (value as { result: unknown }).result;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    const text = String(value);
    if (cell.numFmt?.includes('%')) return (parseDecimalText(text) ?? Decimal.ZERO).times(Decimal.fromInt(100)).toString();
    return text;
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in (value as object)) return (value as { richText: Array<{ text: string }> }).richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'text' in (value as object)) return String((value as { text: unknown }).text);
  if (typeof value === 'object' && 'error' in (value as object)) return String((value as { error: unknown }).error);
  return String(value);
}
