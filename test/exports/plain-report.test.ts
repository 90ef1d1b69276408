/**
 * The plain .xlsx report, written and read back with exceljs: a sheet per cycle grouped organization → product →
 * detail line with outline levels, amounts as numbers, and the reconciliation.
 */
import ExcelJS from 'exceljs';
import { plainReportWorkbook } from '../../src/xlsx/plain-report';
import { fixtureReport } from '../helpers/billing-fixtures';

let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  const buffer = await plainReportWorkbook(await fixtureReport(['nce-invoice-2026-10.csv'])).xlsx.writeBuffer();
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as ArrayBuffer);
});

function rowValues(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  return (sheet.getRow(row).values as unknown[]).slice(1);
}

describe('the cycle sheet', () => {
  it('is named after the cycle month and currency, and headed with the report date and period', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['2026-10 USD', 'Reconciliation']);
    const sheet = workbook.getWorksheet('2026-10 USD')!;
    expect(rowValues(sheet, 1)).toEqual(['Billing report 2026-11-01', '2026-10-01 to 2026-10-31']);
  });

  it('totals the cycle in numbers: cost 293.90, sales 318.88, margin 24.98', () => {
    const sheet = workbook.getWorksheet('2026-10 USD')!;
    const [label, currency, , , , , cost, sales, margin] = rowValues(sheet, 2);
    expect([label, currency]).toEqual(['Total', 'USD']);
    expect(cost).toBeCloseTo(293.9, 9);
    expect(sales).toBeCloseTo(318.88, 9);
    expect(margin).toBeCloseTo(24.98, 9);
  });

  it('groups organization → product → detail line with outline levels 0, 1 and 2', () => {
    const sheet = workbook.getWorksheet('2026-10 USD')!;
    const outline: Array<[number, string, string]> = [];
    for (let r = 5; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      outline.push([row.outlineLevel ?? 0, String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')]);
    }
    expect(outline).toEqual([
      [0, '=2+5 Evil Corp (not linked)', '33333333-3333-4333-8333-333333333333'],
      [1, '  Microsoft Teams Essentials', 'CFQ7TTC0QW7C 0001'],
      [2, '', 'cycle fee'],
      [0, 'Contoso Pharmaceuticals (not billable)', '44444444-4444-4444-8444-444444444444'],
      [1, '  Microsoft 365 Business Basic', 'CFQ7TTC0LH18 0001'],
      [2, '', 'cycle fee'],
      [0, 'Fabrikam', '22222222-2222-4222-8222-222222222222'],
      [1, '  Exchange Online (Plan 1)', 'CFQ7TTC0LF8Q 0001'],
      [2, '', 'cycle fee'],
      [1, '  Microsoft 365 Business Standard', 'CFQ7TTC0LCHC 0002'],
      [2, '', 'cycle fee'],
      [0, 'Northwind Traders', '11111111-1111-4111-8111-111111111111'],
      [1, '  Azure plan', 'DZH318Z0BQ3Q 0001'],
      [2, '', 'usage'],
      [1, '  Microsoft 365 Business Standard', 'CFQ7TTC0LCHC 0002'],
      [2, '', 'cycle fee'],
      [2, '', 'pro-rated charge'],
      [2, '', 'refund'],
    ]);
  });

  it('writes a name starting with "=" as text, never as a formula', () => {
    const cell = workbook.getWorksheet('2026-10 USD')!.getCell('A5');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
  });

  it('keeps a refund negative and shows money to the cent', () => {
    const sheet = workbook.getWorksheet('2026-10 USD')!;
    const refund = sheet.getRow(sheet.rowCount);
    expect([refund.getCell(7).value, refund.getCell(8).value]).toEqual([-64.5, -77.4]);
    expect(refund.getCell(8).numFmt).toBe('#,##0.00;-#,##0.00');
  });
});

describe('the Reconciliation sheet', () => {
  function texts(): string[] {
    const sheet = workbook.getWorksheet('Reconciliation')!;
    const out: string[] = [];
    sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))).join('|')));
    return out;
  }

  it('shows the invoice tying to the Microsoft total', () => {
    expect(texts()).toContain('G100000001|nce-invoice-2026-10.csv|2026-10|8|293.9|0|293.9|293.9|0|ties to the Microsoft invoice');
  });

  it('lists the unlinked tenant and the unpriced product', () => {
    expect(texts()).toEqual(
      expect.arrayContaining(['33333333-3333-4333-8333-333333333333|=2+5 Evil Corp|USD|1|8', 'CFQ7TTC0QW7C|Microsoft Teams Essentials|0001|1|8|1']),
    );
  });
});
