import ExcelJS from 'exceljs';
import { readCsv } from './partner-center-files';

const DATE_COLUMNS = ['OrderDate', 'ChargeStartDate', 'ChargeEndDate', 'PCToBCExchangeRateDate', 'SubscriptionStartDate', 'SubscriptionEndDate'];

/** A CSV cell as Excel holds it once opened: numbers as numbers (at most 15 digits), M/D/YYYY dates as dates, the rest as text. */
export function excelValue(cell: string): string | number | Date {
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  if (date) return new Date(Date.UTC(Number(date[3]), Number(date[1]) - 1, Number(date[2])));
  return /^-?\d+(\.\d+)?$/.test(cell) && cell.replace(/\D/g, '').length <= 15 ? Number(cell) : cell;
}

/** One sheet of a workbook: its name, a header row (none for a sheet without), and rows of CSV cells or Excel values. */
export interface SheetOf {
  name: string;
  header?: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

/** A workbook of these sheets, in order, cells as Excel holds them once it opened a reconciliation CSV. */
export async function workbookOf(sheets: readonly SheetOf[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, header, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    if (header !== undefined) sheet.addRow([...header]);
    for (const row of rows) sheet.addRow(row.map((cell) => (typeof cell === 'string' ? excelValue(cell) : cell)));
    for (const column of DATE_COLUMNS) if (header?.includes(column)) sheet.getColumn(header.indexOf(column) + 1).numFmt = 'm/d/yyyy';
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * A reconciliation CSV as Excel saves it after opening it, as an .xlsx: numbers become numbers (leading zeros lost,
 * at most 15 digits), M/D/YYYY dates become dates, the rest stays text. `sheetsBefore` are other sheets in front.
 */
export async function savedByExcel(csv: string, sheetsBefore: string[] = []): Promise<Uint8Array> {
  const { header, rows } = readCsv(csv);
  return workbookOf([...sheetsBefore.map((name) => ({ name, rows: [['Notes']] })), { name: 'Reconciliation', header, rows }]);
}
