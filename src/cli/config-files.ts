import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { TABLE_COLUMNS, type ConfigTable, type TableName } from '../billing/config';
import { tableKey } from '../excel/addresses';
import { openXlsx, WorkbookFileError } from '../xlsx/read-workbook';

const TABLE_NAMES = Object.keys(TABLE_COLUMNS) as TableName[];

export async function readCsvTable(name: TableName, path: string): Promise<ConfigTable> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = parsed.data;
  // The file name alone does not say which table it is meant to be ("--prices export.csv"): name both.
  // A European Excel saves CSV with semicolons and decimal commas, as the reconciliation files it re-saves.
  return { name, header, rows, firstRow: 2, source: `${basename(path)} (${name} table)`, decimalComma: delimiter === ';' };
}

/**
 * The configuration tables of a workbook: Excel tables named like the contract (spaces dropped, since Excel table
 * names cannot hold them), else sheets with those names whose first row is the header. Only those sheets are read
 * (read-workbook.ts): last month's report workbook works as --config however many Billing Lines it holds.
 */
export async function readWorkbookTables(path: string): Promise<ConfigTable[]> {
  const file = basename(path);
  const workbook = openXlsx(await readFile(path), file);
  const found = new Map<TableName, ConfigTable>();
  for (const table of workbook.tables) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(table.name));
    if (name === undefined || found.has(name)) continue;
    const rows = workbook.cells(table.sheet, table);
    found.set(name, { name, header: rows[0] ?? [], rows: rows.slice(1), firstRow: table.top + 1, source: `${file}, table ${table.name}` });
  }
  for (const sheet of workbook.sheets) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(sheet));
    if (name === undefined || found.has(name)) continue;
    const rows = workbook.usedCells(sheet);
    if (rows.length === 0) continue;
    found.set(name, { name, header: rows[0], rows: rows.slice(1), firstRow: 2, source: `${file}, sheet ${sheet}` });
  }
  // Another workbook given by mistake would bill every line at cost: no price list is not the same as an empty one.
  if (found.size === 0) throw new WorkbookFileError(`${file} holds none of the configuration tables (${TABLE_NAMES.join(', ')}): is it the right workbook?`);
  return [...found.values()];
}
