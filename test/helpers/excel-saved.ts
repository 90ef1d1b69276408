import ExcelJS from 'exceljs';
import { readCsv } from './partner-center-files';

const DATE_COLUMNS = ['OrderDate', 'ChargeStartDate', 'ChargeEndDate', 'PCToBCExchangeRateDate', 'SubscriptionStartDate', 'SubscriptionEndDate'];

/**
 * A reconciliation CSV as Excel saves it after opening it, as an .xlsx: numbers become numbers (leading zeros lost,
 * at most 15 digits), M/D/YYYY dates become dates, the rest stays text. `sheetsBefore` are other sheets in front.
 */
export async function savedByExcel(csv: string, sheetsBefore: string[] = []): Promise<Uint8Array> {
  const { header, rows } = readCsv(csv);
  const workbook = new ExcelJS.Workbook();
  for (const name of sheetsBefore) workbook.addWorksheet(name).addRow(['Notes']);
  const sheet = workbook.addWorksheet('Reconciliation');
  sheet.addRow(header);
  for (const row of rows) {
    sheet.addRow(
      row.map((cell) => {
        const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
        if (date) return new Date(Date.UTC(Number(date[3]), Number(date[1]) - 1, Number(date[2])));
        return /^-?\d+(\.\d+)?$/.test(cell) && cell.replace(/\D/g, '').length <= 15 ? Number(cell) : cell;
      }),
    );
  }
  for (const column of DATE_COLUMNS) if (header.includes(column)) sheet.getColumn(header.indexOf(column) + 1).numFmt = 'm/d/yyyy';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
