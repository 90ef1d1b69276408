import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { TABLE_COLUMNS, type ConfigTable, type TableName } from '../billing/config';
import { tableKey } from '../excel/addresses';
import { utf16Encoding } from '../import/decode';
import { openXlsx, WorkbookFileError } from '../xlsx/read-workbook';

const TABLE_NAMES = Object.keys(TABLE_COLUMNS) as TableName[];

/** A configuration CSV that cannot be read as a table: its file and row, in one line. */
export class ConfigFileError extends Error {}

export async function readCsvTable(name: TableName, path: string): Promise<ConfigTable> {
  const file = basename(path);
  const text = decodeConfigText(await readConfigFile(path, `--${name.toLowerCase().replace(' ', '-')}`), file);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const count = (character: string) => firstLine.split(character).length - 1;
  // A European Excel saves CSV with semicolons and decimal commas, as the reconciliation files it re-saves; its
  // "Unicode text" is tab-separated.
  const delimiter = [';', '\t'].find((d) => count(d) > count(',') && count(d) >= count(d === ';' ? '\t' : ';')) ?? ',';
  // Blank lines are kept (the table skips empty rows), so row numbers stay those the accountant sees.
  const parsed = Papa.parse<string[]>(text.replace(/[\r\n]+$/, ''), { delimiter });
  const quote = parsed.errors.find((error) => error.type === 'Quotes');
  if (quote !== undefined) throw new ConfigFileError(`${file} (${name} table), row ${(quote.row ?? 0) + 1}: a quote is not closed or stands inside a value; save the file again from Excel`);
  const [header = [], ...rows] = parsed.data;
  // Values are read by column: a row with more values than the header reads them from the wrong columns, even where
  // the extra one is empty (an unquoted comma in a name, the row's last cell empty). Excel writes every row as wide.
  rows.forEach((row, i) => {
    if (row.length > header.length && row.some((cell) => cell.trim() !== '')) {
      throw new ConfigFileError(`${file} (${name} table), row ${i + 2}: ${row.length} values where the header has ${header.length} columns (a value holding a "${delimiter === '\t' ? 'tab' : delimiter}" is not quoted?)`);
    }
  });
  // The file name alone does not say which table it is meant to be ("--prices export.csv"): name both.
  return { name, header, rows, firstRow: 2, source: `${file} (${name} table)`, decimalComma: delimiter !== ',', decimalMarkUnsure: delimiter === '\t' };
}

/** A configuration file's bytes; a folder given by mistake is said in words, with its option. */
async function readConfigFile(path: string, option: string): Promise<Uint8Array> {
  return readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EISDIR') throw new ConfigFileError(`${option}: ${path} is a folder, not a file`);
    throw error;
  });
}

/** UTF-8 (BOM or not), UTF-16 with its BOM (Excel's "Unicode text"), else Windows-1252 (Excel's "CSV (Comma delimited)"). */
function decodeConfigText(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) throw new ConfigFileError(`${file} is a workbook, not a CSV file: give it as --config`);
  const utf16 = utf16Encoding(bytes);
  if (utf16 !== null) return new TextDecoder(utf16).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Streamed: Node 20's one-call decode reads Windows-1252 as Latin-1, turning € (0x80), ’ and – into control
    // characters (nodejs/node#56542); the streaming decoder maps them right.
    const decoder = new TextDecoder('windows-1252');
    return decoder.decode(bytes, { stream: true }) + decoder.decode();
  }
}

/**
 * The configuration tables of a workbook: Excel tables named like the contract (spaces dropped, since Excel table
 * names cannot hold them), else sheets with those names whose first row is the header. Only those sheets are read
 * (read-workbook.ts): last month's report workbook works as --config however many Billing Lines it holds.
 */
export async function readWorkbookTables(path: string): Promise<ConfigTable[]> {
  const file = basename(path);
  const workbook = openXlsx(await readConfigFile(path, '--config'), file, { currencyMarks: true });
  const found: ConfigTable[] = [];
  const has = (name: TableName) => found.some((table) => table.name === name);
  for (const table of workbook.tables) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(table.name));
    // Two tables of one name but for case, spaces, _ or - (Prices and Prices_) are both read, as the add-in reads
    // them: readConfig refuses the second rather than this taking whichever comes first.
    if (name === undefined) continue;
    const rows = workbook.cells(table.sheet, table);
    const body = { ...table, top: table.top + 1 };
    const [formatMarked, textCells] = [workbook.formatMarked(table.sheet, body), workbook.textCells(table.sheet, body)];
    found.push({ name, header: rows[0] ?? [], rows: rows.slice(1), firstRow: table.top + 1, firstColumn: table.left, source: `${file}, table ${table.name}`, workbook: true, formatMarked, textCells });
  }
  for (const sheet of workbook.sheets) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(sheet));
    if (name === undefined || has(name)) continue;
    const rows = workbook.usedCells(sheet);
    if (rows.length === 0) continue;
    const body = { top: 2, left: 1, bottom: rows.length, right: rows[0].length };
    const [formatMarked, textCells] = [workbook.formatMarked(sheet, body), workbook.textCells(sheet, body)];
    found.push({ name, header: rows[0], rows: rows.slice(1), firstRow: 2, source: `${file}, sheet ${sheet}`, workbook: true, formatMarked, textCells });
  }
  // Another workbook given by mistake would bill every line at cost: no price list is not the same as an empty one.
  if (found.length === 0) throw new WorkbookFileError(`${file} holds none of the configuration tables (${TABLE_NAMES.join(', ')}): is it the right workbook?`);
  return found;
}
