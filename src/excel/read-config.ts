import { TABLE_COLUMNS, type ConfigTable, type TableName } from '../billing/config';
import { Decimal, parseDecimalText } from '../billing/decimal';
import type { ExcelContext, ExcelRange } from './excel-api';
import { formatCurrency, isDateFormat, isPercentFormat, isoOfExcelSerial } from './number-formats';
import { tableKey } from './addresses';

/**
 * The configuration tables (Settings, Customers, Prices, Customer Prices, Invoices) as the accountant keeps them in
 * the workbook: Excel tables found by name (Excel table names cannot hold spaces, so "CustomerPrices"; case and
 * spaces are ignored). Two syncs: one for the list of tables, one for their cells.
 *
 * Cells become the text the user typed, which is what readConfig parses: numbers as Excel shows them, to 15
 * significant digits (excelNumberText), a percent-formatted number times 100 exactly (0.15 shown as 15% is "15"), a
 * date-formatted number as an ISO date, booleans as TRUE/FALSE, errors as Excel shows them (#N/A). A number whose
 * format shows a currency carries it as a typed price would (configCellText): "€7.5" for 7.5 shown as €7.50, so a
 * price in another currency than the Settings one is refused whether typed or formatted. Row numbers are the sheet's,
 * so a problem names the row the user sees.
 */

const TABLE_NAMES = Object.keys(TABLE_COLUMNS) as TableName[];

/**
 * A number as Excel shows it: to 15 significant digits, then the shortest text of that. Excel keeps a formula's result
 * (and a sum typed as 0.1 + 0.2) as the binary double 0.30000000000000004 and shows 0.3; money read from the double's
 * every digit would carry that noise into exact amounts.
 *
 * A number of 16 digits or more (an 18-digit OrderId Excel took for a number) has lost its last digits: it is written
 * as Excel's CSV writes it, 5.66890604832738E+17, so an id read from it is refused as in a CSV rather than taken as
 * 566890604832738000, a wrong id that no longer matches the line's own in another file.
 */
export function excelNumberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e15) return value.toPrecision(15).toUpperCase();
  return String(Number(value.toPrecision(15)));
}

export function cellText(value: unknown, numberFormat: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    const format = typeof numberFormat === 'string' ? numberFormat : '';
    if (isDateFormat(format)) return isoOfExcelSerial(value);
    const text = excelNumberText(value);
    if (isPercentFormat(format)) {
      const exact = parseDecimalText(text);
      return exact === null ? text : exact.times(Decimal.fromInt(100)).toString();
    }
    return text;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/**
 * A configuration cell's text: cellText, and for a number whose format shows a currency, that sign or code where the
 * format shows it ("€7.5", "-€7.5", "EUR 7.5", "7.5 kr"), as splitCurrencyMark reads a typed one. `marked` says the
 * mark came from the format: the number is the cell's own, so "€1.234" is 1.234, not a thousands separator typed.
 */
export function configCellText(value: unknown, numberFormat: unknown): { text: string; marked: boolean } {
  const text = cellText(value, numberFormat);
  const format = typeof numberFormat === 'string' ? numberFormat : '';
  const currency = typeof value === 'number' && !isDateFormat(format) ? formatCurrency(format) : null;
  if (currency === null) return { text, marked: false };
  if (currency.after) return { text: `${text} ${currency.written}`, marked: true };
  const [sign, digits] = text.startsWith('-') ? ['-', text.slice(1)] : ['', text];
  return { text: `${sign}${currency.written}${/[A-Za-z]$/.test(currency.written) ? ' ' : ''}${digits}`, marked: true };
}

export async function readConfigTables(context: ExcelContext): Promise<ConfigTable[]> {
  const { tables, worksheets } = context.workbook;
  tables.load('items/name,items/worksheet/name');
  worksheets.load('items/name');
  await context.sync();

  const wanted: Array<{ name: TableName; source: string; header: ExcelRange; body: ExcelRange }> = [];
  for (const table of tables.items) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(table.name));
    if (name === undefined) continue;
    // Header and body separately: the table's range would include a totals row, which is not data.
    const header = table.getHeaderRowRange();
    const body = table.getDataBodyRange();
    header.load('values,columnIndex');
    body.load('values,numberFormat,rowIndex');
    wanted.push({ name, source: `table ${table.name} on sheet ${table.worksheet.name}`, header, body });
  }
  // A sheet named like a table that is not there (its rows never made a table, or the table was named Table1) is read
  // as the command line reads it, its first row the header: skipped, the price list would bill at the default markup
  // here and at its prices in the command line.
  const sheets: Array<{ name: TableName; sheet: string; used: ExcelRange }> = [];
  for (const sheet of worksheets.items) {
    const name = TABLE_NAMES.find((candidate) => tableKey(candidate) === tableKey(sheet.name));
    if (name === undefined || wanted.some((table) => table.name === name) || sheets.some((other) => other.name === name)) continue;
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load('values,numberFormat,rowIndex,columnIndex');
    sheets.push({ name, sheet: sheet.name, used });
  }
  if (wanted.length === 0 && sheets.length === 0) return [];
  await context.sync();

  const fromSheets = sheets.filter(({ used }) => !used.isNullObject).map(({ name, sheet, used }) => ({ name, source: `sheet ${sheet}`, header: used, body: used, bodyOffset: 1 }));
  return [...wanted.map((table) => ({ ...table, bodyOffset: 0 })), ...fromSheets].map(({ name, source, header, body, bodyOffset }) => {
    // Excel keeps an empty body row under a table with its header only: no row of the accountant's (a refresh fills it).
    const emptyRow = bodyOffset === 0 && body.values.length === 1 && body.values[0].every((cell) => cell === '' || cell === null);
    const values = emptyRow ? [] : body.values.slice(bodyOffset);
    const formats = emptyRow ? [] : body.numberFormat.slice(bodyOffset);
    const cells = values.map((row, r) => row.map((cell, c) => configCellText(cell, formats[r]?.[c])));
    return {
      name,
      header: (header.values[0] ?? []).map((cell) => cellText(cell, null).trim()),
      rows: cells.map((row) => row.map((cell) => cell.text)),
      firstRow: body.rowIndex + bodyOffset + 1,
      firstColumn: header.columnIndex + 1,
      source,
      workbook: true,
      formatMarked: cells.map((row) => row.map((cell) => cell.marked)),
      textCells: values.map((row) => row.map((cell) => typeof cell === 'string' && cell !== '')),
    };
  });
}
