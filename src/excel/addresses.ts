/**
 * A1 addresses from 0-based coordinates. The writer addresses ranges with `worksheet.getRange("B5:W4000")` (ExcelApi
 * 1.1) rather than getRangeByIndexes (1.7), so nothing but the features that need newer sets depends on the version.
 */

import { a1, columnLetter } from '../workbook/formats';

/** A1 address of a 0-based cell: "B5". */
export { a1 as cellAddress };

/** Excel's grid (Microsoft support, "Excel specifications and limits"). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
export const MAX_CELL_TEXT = 32_767;
export const MAX_SHEET_NAME = 31;

/** "B5:W4000", or "B5" for one cell. */
export function rangeAddress(row: number, column: number, rowCount: number, columnCount: number): string {
  const first = a1(row, column);
  if (rowCount === 1 && columnCount === 1) return first;
  return `${first}:${a1(row + rowCount - 1, column + columnCount - 1)}`;
}

/** Whole rows: "5:9". */
export function rowsAddress(firstRow: number, lastRow: number): string {
  return `${firstRow + 1}:${lastRow + 1}`;
}

/** Whole columns: "B:D". */
export function columnsAddress(firstColumn: number, lastColumn: number): string {
  return `${columnLetter(firstColumn)}:${columnLetter(lastColumn)}`;
}

/** What Excel refuses as a sheet name, or null when the name is fine. */
export function sheetNameProblem(name: string): string | null {
  if (name.length === 0) return 'a sheet name cannot be empty';
  if (name.length > MAX_SHEET_NAME) return `"${name}" is longer than ${MAX_SHEET_NAME} characters`;
  if (/[:\\/?*[\]]/.test(name)) return `"${name}" contains one of : \\ / ? * [ ]`;
  if (name.startsWith("'") || name.endsWith("'")) return `"${name}" starts or ends with an apostrophe`;
  if (name.toLowerCase() === 'history') return '"History" is reserved by Excel';
  return null;
}

/** What Excel refuses as a table name, or null when the name is fine. */
export function tableNameProblem(name: string): string | null {
  if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name)) return `table name "${name}" must start with a letter or _ and hold only letters, digits, _ and .`;
  if (name.length > 255) return `table name "${name}" is longer than 255 characters`;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name)) return `table name "${name}" looks like a cell reference`;
  return null;
}

/** Table names as the configuration tables are matched: "Customer Prices", "CustomerPrices", "customer_prices". */
export function tableKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}
