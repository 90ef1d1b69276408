/**
 * The office-js writer against the fake Excel: every feature of a small layout, the fallbacks for older Excel,
 * text that looks like a formula, refreshing twice, failures at every step, and the user's own tables.
 */
import { readConfig } from '../../src/billing/config';
import { ALL_CAPABILITIES, detectCapabilities } from '../../src/excel/capabilities';
import { LayoutError, WorkbookWriteError } from '../../src/excel/errors';
import { ADD_IN_SHEET_MARK, ADD_IN_SHEET_NOTE } from '../../src/excel/refresh-plan';
import { columnWidthPoints } from '../../src/excel/sheet-writer';
import { readConfigTables } from '../../src/excel/read-config';
import { writeWorkbook } from '../../src/excel/write-workbook';
import type { WorkbookLayout } from '../../src/workbook/layout';
import { FakeExcel, type CellState } from '../fake-excel/fake-excel';
import { FABRIKAM, HOSTILE_NAME, NORTHWIND, smallLayout, writeLayout } from './layouts';

const MONEY = '#,##0.00;-#,##0.00';
const CONTOSO = '33333333-3333-4333-8333-333333333333';

/** Every formula cell of every sheet: [sheet, address, formula]. */
function formulaCells(fake: FakeExcel): Array<[string, string, string]> {
  return fake.snapshot().sheets.flatMap((sheet) => sheet.cells.filter(([, state]) => state.formula !== null).map(([address, state]) => [sheet.name, address, state.formula!] as [string, string, string]));
}

function allCells(fake: FakeExcel): Array<[string, string, CellState]> {
  return fake.snapshot().sheets.flatMap((sheet) => sheet.cells.map(([address, state]) => [sheet.name, address, state] as [string, string, CellState]));
}

describe('wrapped columns', () => {
  it('wrap their text and have Excel fit the rows to it, the other columns left as they are', async () => {
    const layout = smallLayout();
    const report = layout.sheets[0];
    report.columns = report.columns.map((column, index) => (index === 0 ? { ...column, wrap: true } : column));
    const { fake } = await writeLayout(layout);
    const sheet = fake.sheet('Billing Report');
    expect(report.columns.map((_, index) => sheet.wrapped(index))).toEqual(report.columns.map((_, index) => index === 0));
    expect(sheet.autofittedRows()).toEqual([`A1:XFD${report.rows.length}`]);
    expect(fake.sheet('Billing Lines').autofittedRows()).toEqual([]);
  });
});

describe('writing a small layout with every feature', () => {
  let fake: FakeExcel;
  let skipped: string[];
  let syncs: number;

  beforeAll(async () => {
    const run = await writeLayout(smallLayout());
    fake = run.fake;
    skipped = run.result.skipped;
    syncs = run.result.syncs;
  });

  it('puts the add-in sheets after the user’s, visible, under their own names, with nothing temporary left', () => {
    expect(fake.sheetNames()).toEqual(['Sheet1', 'Customers', 'Prices', 'Billing Report', 'Billing Lines', 'Summary']);
    expect(fake.visibleSheetNames()).toEqual(fake.sheetNames());
    expect(skipped).toEqual([]);
    expect(syncs).toBe(fake.stats.syncs);
  });

  it('values, number formats, dates as serials with a date format, formulas', () => {
    const report = fake.sheet('Billing Report');
    expect(report.values('A4:G4')).toEqual([['Organization / product', 'ID', 'Date', 'Quantity', 'Cost', 'Sales', 'Margin']]);
    expect(report.formulas('A7:G8')).toEqual([
      ['', '00123', 46296, 3, 100, 115, '=F7-E7'],
      ['', '-5', 46310, -1, 50, 57.5, '=F8-E8'],
    ]);
    expect(report.formats('C7:G8')).toEqual([
      ['yyyy-mm-dd', '#,##0', MONEY, MONEY, MONEY],
      ['yyyy-mm-dd', '#,##0', '0.00', MONEY, MONEY],
    ]);
    expect(report.formulas('E9:G9')).toEqual([['=SUBTOTAL(9,E5:E8)', '=SUBTOTAL(9,F5:F8)', '=F9-E9']]);
    // IDs are text, formatted as text.
    expect(report.cell('B7')).toMatchObject({ value: '00123', format: '@', formula: null });
  });

  it('styles: title, header, subtotal rows, totals, warnings', () => {
    const report = fake.sheet('Billing Report');
    expect(report.cell('A1').look).toEqual({ bold: true, size: 13, fontColor: '#1F4E78' });
    // A header over numbers sits over them, at the right, as in the .xlsx.
    expect(report.cell('G4').look).toEqual({ bold: true, fill: '#D9E1F2', align: 'Right' });
    expect(report.cell('A5').look).toEqual({ bold: true, fill: '#F2F2F2' });
    expect(report.cell('A7').look).toBeNull();
    expect(report.cell('G9').look).toEqual({ bold: true, fill: '#DDEBF7' });
    expect(report.cell('B10').look).toEqual({ bold: false, fontColor: '#9C0006', fill: '#FFC7CE' });
  });

  it('outline groups nested by level, shown at the layout’s level; frozen panes; tab colour; column widths', () => {
    const report = fake.sheet('Billing Report');
    expect(report.rowLevels()).toEqual([
      [5, 1],
      [6, 2],
      [7, 2],
    ]);
    expect(report.shownOutline).toEqual({ rows: 2, columns: 0 });
    expect(report.freeze).toEqual({ rows: 4, columns: 1 });
    expect(report.tabColor).toBe('#1F4E78');
    expect(report.columnWidth(0)).toBe(columnWidthPoints(40));
    expect(columnWidthPoints(8.43)).toBe(48);
  });

  it('print setup: the layout’s columns one page wide, its orientation, title rows, page breaks and page numbers', () => {
    expect(fake.sheet('Billing Report').print).toEqual({
      orientation: 'Landscape',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printArea: 'A:G',
      titleRows: '1:4',
      leftFooter: '&A',
      rightFooter: 'Page &P of &N',
      pageBreaks: [7],
    });
    // A sheet without print setup keeps Excel's defaults.
    expect(fake.sheet('Billing Lines').print).toMatchObject({ orientation: 'Portrait', zoom: { scale: 100 }, printArea: null, pageBreaks: [] });
  });

  it('a table over the filled range, and a pivot over it with Sum and number formats', () => {
    expect(fake.tables().find((table) => table.name === 'BillingLines')).toEqual({
      name: 'BillingLines',
      sheet: 'Billing Lines',
      address: 'A1:F5',
      style: 'TableStyleMedium2',
      columns: ['Customer ID', 'Customer', 'Product ID', 'Charge start', 'Cost', 'Sales'],
    });
    expect(fake.sheet('Billing Lines').cell('C5')).toMatchObject({ value: '0042', format: '@' });
    expect(fake.pivots()).toEqual([
      {
        name: 'Sales by customer',
        sheet: 'Summary',
        anchor: 'A4',
        source: 'BillingLines',
        rows: ['Customer'],
        columns: [],
        data: [
          { field: 'Cost', name: 'Total cost', summarizeBy: 'Sum', numberFormat: MONEY },
          // Excel refuses a caption equal to a source field: "Sales" gets a trailing space.
          { field: 'Sales', name: 'Sales ', summarizeBy: 'Sum', numberFormat: MONEY },
        ],
      },
    ]);
    // The pivot occupies the anchor: no static summary there.
    expect(fake.sheet('Summary').values('A4:C5')).toEqual([
      ['', '', ''],
      ['', '', ''],
    ]);
  });

  it('a chart placed at its anchor', () => {
    expect(fake.sheet('Summary').charts).toEqual([
      { name: 'Cost and sales', type: 'ColumnClustered', source: 'Summary!A4:C6', seriesBy: 'Columns', title: 'Cost and sales by customer', position: { start: 'H4', end: undefined }, width: 360, height: 216 },
    ]);
  });

  it('formulas across sheets and into tables point at the new sheets, not at temporary names', () => {
    expect(fake.sheet('Summary').formulas('F1:F2')).toEqual([["='Billing Report'!E9"], ['=SUM(BillingLines[Cost])']]);
    expect(formulaCells(fake).filter(([, , text]) => /~|__new|#REF/.test(text))).toEqual([]);
  });

  it('creates the missing user tables from the template and the candidates', () => {
    expect(fake.tables().filter((table) => table.name !== 'BillingLines')).toEqual([
      { name: 'Customers', sheet: 'Customers', address: 'A1:D3', style: 'TableStyleMedium2', columns: ['Customer ID', 'Organization', 'Markup %', 'Billable'] },
      {
        name: 'Prices',
        sheet: 'Prices',
        address: 'A1:J3',
        style: 'TableStyleMedium2',
        columns: ['Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'],
      },
    ]);
    expect(fake.sheet('Customers').values('A2:D3')).toEqual([
      [NORTHWIND, 'Northwind Traders', '', 'Yes'],
      [FABRIKAM, 'Fabrikam', '', 'Yes'],
    ]);
    expect(fake.sheet('Prices').cell('G2')).toMatchObject({ value: 0.15, format: '0%' });
  });

  it('suspends calculation for every write, screen updating for the swap, and recalculates once at the end', () => {
    const { application } = fake.model;
    expect(application.suspendCalculation).toBeGreaterThan(0);
    expect(application.suspendScreenUpdating).toBe(1);
    expect(application.calculations).toEqual(['Recalculate']);
  });
});

describe('older Excel: features checked at run time, with a note for the user', () => {
  async function writeOn(apiVersion: string) {
    const fake = new FakeExcel({ apiVersion });
    const { result } = await writeLayout(smallLayout(), { fake, capabilities: detectCapabilities(fake.isSetSupported) });
    return { fake, result };
  }

  it('without ExcelApi 1.8, each pivot becomes its static summary at the anchor', async () => {
    // The fake fails any call newer than its version: this also proves the writer made none.
    const { fake, result } = await writeOn('1.7');
    expect(fake.pivots()).toEqual([]);
    expect(fake.sheet('Summary').values('A4:C7')).toEqual([
      ['Customer', 'Total cost', 'Sales'],
      ['Northwind Traders', 150, 172.5],
      ['Fabrikam', 42.25, 48.59],
      ['Grand total', 192.25, 221.09],
    ]);
    expect(fake.sheet('Summary').cell('A4').look).toEqual({ bold: true, fill: '#D9E1F2' });
    expect(result.skipped).toContain('pivots need Excel API 1.8: a static summary was written instead (Sales by customer on Summary)');
    expect(result.skipped).toContain('outline grouping needs Excel API 1.10: rows were written without groups (Billing Report)');
    expect(fake.model.application.suspendScreenUpdating).toBe(0);
  });

  it('without ExcelApi 1.10, no outline (and a note); pivots still made', async () => {
    const { fake, result } = await writeOn('1.9');
    expect(fake.sheet('Billing Report').rowLevels()).toEqual([]);
    expect(fake.sheet('Billing Report').shownOutline).toBeNull();
    expect(fake.pivots()).toHaveLength(1);
    expect(result.skipped).toEqual(['outline grouping needs Excel API 1.10: rows were written without groups (Billing Report)']);
  });

  it('without ExcelApi 1.9, Excel’s default print setup (and a note)', async () => {
    const { fake, result } = await writeOn('1.8');
    expect(fake.sheet('Billing Report').print).toMatchObject({ orientation: 'Portrait', printArea: null, titleRows: null, rightFooter: '', pageBreaks: [] });
    expect(result.skipped).toContain('print setup (fit to page width, print area, page numbers, a page per customer statement) needs Excel API 1.9 (Billing Report)');
  });

  it('without ExcelApi 1.7, no frozen panes or tab colour (and a note)', async () => {
    const { fake, result } = await writeOn('1.6');
    expect(fake.sheet('Billing Report').freeze).toBeNull();
    expect(fake.sheet('Billing Report').tabColor).toBe('');
    expect(result.skipped).toContain('frozen panes and tab colours need Excel API 1.7 (Billing Report, Billing Lines)');
  });

  it('below ExcelApi 1.4 nothing is written and the user is told why', async () => {
    const fake = new FakeExcel({ apiVersion: '1.3' });
    await expect(writeWorkbook(fake.context(), smallLayout(), { capabilities: detectCapabilities(fake.isSetSupported) })).rejects.toThrow(/needs Excel API 1.4/);
    expect(fake.stats.syncs).toBe(0);
  });

  it('asks with the version as a string', () => {
    const asked: unknown[] = [];
    detectCapabilities((name, version) => {
      asked.push(version);
      return name === 'ExcelApi' && version !== '1.10';
    });
    expect(asked).toEqual(['1.4', '1.6', '1.7', '1.7', '1.8', '1.9', '1.9', '1.10']);
  });
});

describe('text that looks like a formula stays text', () => {
  it('in report cells, table cells and user-table rows, created or appended', async () => {
    const hostile = [HOSTILE_NAME, '+SUM(1,2)', '-2+3', '@SUM(A1)', '=1+1', "'=still text", '00123', 'TRUE', '2026-10-31'];
    const layout = (prefix: string) => {
      const written = smallLayout({ customerName: HOSTILE_NAME, extraCandidates: hostile.map((text, i) => [`${prefix}-${i}`, text, null, 'Yes']) });
      written.sheets[0].rows.push(...hostile.map((text) => ({ cells: [text, text] })));
      return written;
    };
    const { fake } = await writeLayout(layout('id'));
    // Appending to the existing table goes through the other path.
    await writeLayout(layout('new'), { fake });

    expect(formulaCells(fake).filter(([sheet, , text]) => !/SUBTOTAL|^=F\d+-E\d+$|Billing Report'!E9|BillingLines\[Cost\]/.test(text) || sheet === 'Customers')).toEqual([]);
    const report = fake.sheet('Billing Report');
    expect(report.values('A11:A19').map(([value]) => value)).toEqual(hostile);
    expect(report.cell('A5')).toMatchObject({ value: HOSTILE_NAME, formula: null, format: '@' });
    expect(fake.sheet('Billing Lines').cell('B2')).toMatchObject({ value: HOSTILE_NAME, formula: null });
    const customers = fake.sheet('Customers').values(fake.tables().find((table) => table.name === 'Customers')!.address);
    expect(customers.filter((row) => String(row[0]).startsWith('id-')).map((row) => row[1])).toEqual(hostile);
    expect(customers.filter((row) => String(row[0]).startsWith('new-')).map((row) => row[1])).toEqual(hostile);
  });
});

describe('refreshing', () => {
  it('twice gives the same workbook', async () => {
    const { fake } = await writeLayout(smallLayout());
    const first = fake.snapshot();
    await writeLayout(smallLayout(), { fake });
    expect(fake.snapshot()).toEqual(first);
    await writeLayout(smallLayout(), { fake });
    expect(fake.snapshot()).toEqual(first);
  });

  it('replaces the previous report where it was, keeps the user’s sheets and their order', async () => {
    const fake = new FakeExcel();
    await writeLayout(smallLayout(), { fake });
    await fake.run(async (context) => {
      const notes = context.workbook.worksheets.add('Notes');
      notes.getRange('A1:B1').formulas = [['My notes', '=1+1']];
      notes.position = 0;
    });
    await writeLayout(smallLayout({ customerName: 'Northwind (renamed)' }), { fake });
    expect(fake.sheetNames()).toEqual(['Notes', 'Sheet1', 'Customers', 'Prices', 'Billing Report', 'Billing Lines', 'Summary']);
    expect(fake.sheet('Notes').formulas('A1:B1')).toEqual([['My notes', '=1+1']]);
    expect(fake.sheet('Billing Report').values('A5')).toEqual([['Northwind (renamed)']]);
  });

  it('removes the temporary sheets an interrupted refresh left behind (they carry its mark), never a sheet of the user’s named alike', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const leftover = context.workbook.worksheets.add('~1~Billing Report');
      leftover.getRange('A1').values = [['half written']];
      leftover.names.add(ADD_IN_SHEET_MARK, leftover.getRange('A1'), ADD_IN_SHEET_NOTE);
      const scratch = context.workbook.worksheets.add('~1~ scratch');
      scratch.getRange('A1:B2').values = [['my scratch notes', 'n'], ['Contoso', 3]];
      scratch.tables.add('A1:B2', true).name = 'Scratch';
    });
    const scratch = fake.sheet('~1~ scratch').formulas('A1:B2');
    await writeLayout(smallLayout(), { fake });
    expect(fake.sheetNames().filter((name) => name.startsWith('~'))).toEqual(['~1~ scratch']);
    // A refresh after a report, and one that fails, leave it too.
    await writeLayout(smallLayout({ customerName: 'Renamed' }), { fake });
    fake.failSync({ member: 'pivotTables.add' });
    await expect(writeLayout(smallLayout(), { fake })).rejects.toThrow(WorkbookWriteError);
    expect(fake.sheetNames().filter((name) => name.startsWith('~'))).toEqual(['~1~ scratch']);
    expect(fake.sheet('~1~ scratch').formulas('A1:B2')).toEqual(scratch);
  });

  it('never takes a sheet of the user’s named like a temporary one for its own, before touching anything', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      context.workbook.worksheets.add('~2~Billing Lines').getRange('A1').values = [['mine']];
    });
    const before = fake.snapshot();
    await expect(writeLayout(smallLayout(), { fake })).rejects.toThrow('Sheet "~2~Billing Lines" is not one the add-in made');
    expect(fake.snapshot()).toEqual(before);
  });

  it('marks every sheet it makes as the add-in’s (a name scoped to the sheet)', async () => {
    const fake = new FakeExcel();
    await writeLayout(smallLayout(), { fake });
    const names = new Map(fake.snapshot().sheets.map((sheet) => [sheet.name, sheet.names]));
    for (const sheet of smallLayout().sheets) expect(names.get(sheet.name)).toEqual([ADD_IN_SHEET_MARK]);
    expect(names.get('Sheet1')).toEqual([]);
  });

  it('never replaces a sheet of the user’s that has a report sheet’s name, before touching anything', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add('Summary');
      sheet.getRange('A1:B2').values = [['My own', 'summary'], ['of last year', 2025]];
    });
    const before = fake.snapshot();
    await expect(writeLayout(smallLayout(), { fake })).rejects.toThrow(LayoutError);
    await expect(writeLayout(smallLayout(), { fake })).rejects.toThrow('Sheet "Summary" is not one the add-in made, but the add-in writes a sheet of that name.\nRename your sheet, then try again.');
    expect(fake.snapshot()).toEqual(before);
  });

  it('refuses to replace its own sheet when the user put a configuration table on it, before touching anything', async () => {
    const fake = new FakeExcel();
    await writeLayout(smallLayout(), { fake });
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Summary');
      sheet.getRange('H1:I2').values = [['Setting', 'Value'], ['Currency', 'USD']];
      sheet.tables.add('H1:I2', true).name = 'Settings';
    });
    const before = fake.snapshot();
    await expect(writeLayout(smallLayout(), { fake })).rejects.toThrow(/Sheet "Summary" holds your table "Settings"/);
    expect(fake.snapshot()).toEqual(before);
  });

  it('never takes unmarked sheets for a previous report, even one holding a report table (copied from the command line’s report.xlsx)', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const summary = context.workbook.worksheets.add('Summary');
      summary.getRange('A1:B2').values = [['My reconciliation', 'Amount'], ['Bank statement', 26296.31]];
      const lines = context.workbook.worksheets.add('Billing Lines');
      lines.getRange('A1:B2').values = [['Cycle', 'Sales'], ['2026-09', 100]];
      lines.tables.add('A1:B2', true).name = 'BillingLines';
    });
    const before = fake.snapshot();
    await expect(writeLayout(smallLayout(), { fake })).rejects.toThrow('is not one the add-in made');
    expect(fake.snapshot()).toEqual(before);
  });

  it('can be cancelled; the workbook stays as it was', async () => {
    const fake = new FakeExcel();
    await writeLayout(smallLayout(), { fake });
    const before = fake.snapshot();
    const controller = new AbortController();
    let writes = 0;
    fake.beforeSync = () => {
      if (++writes === 3) controller.abort();
    };
    await expect(writeLayout(smallLayout({ customerName: 'Changed' }), { fake, signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('a refresh that fails midway', () => {
  const next = () => smallLayout({ customerName: 'Northwind Traders Ltd', extraCandidates: [[CONTOSO, 'Contoso', null, 'Yes']] });

  async function previousReport(): Promise<FakeExcel> {
    const { fake } = await writeLayout(smallLayout());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').values = [['user data', 42]];
    });
    return fake;
  }

  it('at any of its requests leaves the previous report and every user sheet exactly as they were', async () => {
    const reference = await previousReport();
    const base = reference.stats.syncs;
    await writeLayout(next(), { fake: reference });
    const requests = reference.stats.syncs - base;
    expect(requests).toBeGreaterThan(5);
    // The last request is the swap; a failure there is covered below.
    for (let n = 1; n < requests; n++) {
      const fake = await previousReport();
      const before = fake.snapshot();
      fake.failSync({ nth: fake.stats.syncs + n, message: `injected at request ${n}` });
      const error = await writeLayout(next(), { fake }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WorkbookWriteError);
      expect((error as Error).message).toMatch(/injected at request/);
      expect({ n, snapshot: fake.snapshot() }).toEqual({ n, snapshot: before });
    }
  });

  it.each([
    ['the pivot', { member: 'pivotTables.add' }],
    ['the user-table rows (after the rows were added)', { member: 'values', touching: 'tables.getItem("Customers")' }],
    ['a block of the Summary sheet, halfway through it', { member: 'values', touching: 'Summary' }],
    ['the swap, before it deleted anything', { member: 'delete', touching: '"Billing Report"' }],
  ])('when %s fails, with the calls before it applied', async (_, failure) => {
    const fake = await previousReport();
    const before = fake.snapshot();
    fake.failSync(failure);
    await expect(writeLayout(next(), { fake })).rejects.toThrow(/The previous report and your tables were left as they were/);
    expect(fake.snapshot()).toEqual(before);
  });

  it('a swap interrupted after it began is finished: the new report is in place', async () => {
    const expected = await previousReport();
    await writeLayout(next(), { fake: expected });
    const fake = await previousReport();
    // Fails at renaming the second new sheet: the previous sheets are deleted, the first new one renamed.
    fake.failSync({ member: 'name', path: 'worksheets.getItem("~2~Billing Lines")' });
    await writeLayout(next(), { fake });
    expect(fake.snapshot()).toEqual(expected.snapshot());
  });
});

describe('the user’s tables', () => {
  const priceRow = (productId: string, product: string, markup: number | null): WorkbookLayout['userTables'][number]['candidates'][number] => [
    productId,
    '0001',
    product,
    'P1M',
    'Monthly',
    null,
    markup,
    null,
    null,
    null,
  ];

  it('keep every edit; a refresh appends only the candidates whose key is missing', async () => {
    const { fake } = await writeLayout(smallLayout());
    // The accountant edits a price and its format, colours a row, and adds a product of their own.
    await fake.run(async (context) => {
      const prices = context.workbook.tables.getItem('Prices');
      const body = prices.getDataBodyRange();
      body.getCell(0, 5).numberFormat = [['0.000']];
      body.getCell(0, 5).values = [[19.99]];
      body.getCell(0, 6).values = [['']];
      body.getRow(1).format.fill.color = '#FFFF00';
      prices.rows.add(undefined, [['CFQ7TTC0MM8R', '0001', 'Teams Essentials (mine)', 'P1Y', 'Annual', 3.5, '', '', '', '']]);
    });
    const edited = fake.sheet('Prices').formulas('A1:J4');
    const editedLooks = fake.sheet('Prices').cell('A3').look;

    const layout = smallLayout({ extraCandidates: [[CONTOSO, 'Contoso', null, 'Yes']] });
    layout.userTables[1].candidates = [
      priceRow('cfq7ttc0lf8q', 'Microsoft 365 E3', 0.15), // already there (IDs compare without case)
      priceRow('CFQ7TTC0MM8R', 'Teams Essentials', 0.1), // the user's own row
      priceRow('CFQ7TTC0LFLZ', 'Exchange Online (Plan 1)', 0.12), // new
      priceRow('CFQ7TTC0LFLZ', 'Exchange Online (Plan 1)', 0.12), // twice in the data: once in the table
    ];
    await writeLayout(layout, { fake });

    expect(fake.tables().find((table) => table.name === 'Prices')!.address).toBe('A1:J5');
    expect(fake.sheet('Prices').formulas('A1:J4')).toEqual(edited);
    expect(fake.sheet('Prices').cell('F2')).toMatchObject({ value: 19.99, format: '0.000' });
    expect(fake.sheet('Prices').cell('A3').look).toEqual(editedLooks);
    expect(fake.sheet('Prices').values('A5:G5')).toEqual([['CFQ7TTC0LFLZ', '0001', 'Exchange Online (Plan 1)', 'P1M', 'Monthly', '', 0.12]]);
    expect(fake.sheet('Customers').values('A4:D4')).toEqual([[CONTOSO, 'Contoso', '', 'Yes']]);
    expect(fake.tables().find((table) => table.name === 'Customers')!.address).toBe('A1:D4');
  });

  it('found by name without case or spaces, on any sheet, with their own column order', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add('My config');
      sheet.getRange('B3:E4').values = [['Billable', 'Customer ID', 'Note', 'Organization'], ['No', NORTHWIND, 'keep me', 'Northwind']];
      sheet.tables.add('B3:E4', true).name = 'customers';
    });
    await writeLayout(smallLayout(), { fake });
    expect(fake.sheetNames()).not.toContain('Customers');
    expect(fake.sheet('My config').values('B3:E5')).toEqual([
      ['Billable', 'Customer ID', 'Note', 'Organization'],
      ['No', NORTHWIND, 'keep me', 'Northwind'],
      ['Yes', FABRIKAM, '', 'Fabrikam'],
    ]);
  });

  it("leave a suggested customer's Organization empty where the user's table has no helper column: a person names it, then it is linked", async () => {
    const withHelper = (fake: FakeExcel) => writeLayout(suggesting(), { fake });
    const suggesting = () => {
      const layout = smallLayout();
      const customers = layout.userTables[0];
      customers.columns = [...customers.columns, "Customer name in Microsoft's file"];
      customers.formats = [...customers.formats, '@'];
      customers.candidates = [[CONTOSO, null, null, null, 'Contoso (file)']];
      return layout;
    };
    const own = new FakeExcel();
    await own.run(async (context) => {
      const sheet = context.workbook.worksheets.add('Customers');
      sheet.getRange('A1:D2').values = [['Customer ID', 'Organization', 'Markup %', 'Billable'], [NORTHWIND, 'Northwind', '', 'Yes']];
      sheet.tables.add('A1:D2', true).name = 'Customers';
    });
    await withHelper(own);
    expect(own.sheet('Customers').values('A3:D3')).toEqual([[CONTOSO, '', '', '']]);
    const made = new FakeExcel();
    await withHelper(made);
    expect(made.sheet('Customers').values('A1:E2')).toEqual([
      ['Customer ID', 'Organization', 'Markup %', 'Billable', "Customer name in Microsoft's file"],
      [CONTOSO, '', '', '', 'Contoso (file)'],
    ]);
  });

  it('a missing table goes beside what is already on its sheet, never over it', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add('Prices');
      sheet.getRange('A1:C2').values = [['my old list', '', 'x'], ['keep', 'this', 'too']];
    });
    const before = fake.sheet('Prices').formulas('A1:C2');
    await writeLayout(smallLayout(), { fake });
    expect(fake.sheet('Prices').formulas('A1:C2')).toEqual(before);
    expect(fake.tables().find((table) => table.name === 'Prices')!.address).toBe('E1:N3');
    // The columns of the user's own sheet keep their widths.
    expect(fake.sheet('Prices').columnWidth(4)).toBeUndefined();
  });

  it("fill the empty row Excel keeps under a table with its header only, read as no row; a failed refresh empties it again", async () => {
    const headerOnly = async (): Promise<FakeExcel> => {
      const fake = new FakeExcel();
      await fake.run(async (context) => {
        const sheet = context.workbook.worksheets.add('Customers');
        sheet.getRange('A1:D1').values = [['Customer ID', 'Organization', 'Markup %', 'Billable']];
        sheet.tables.add('A1:D1', true).name = 'Customers';
      });
      return fake;
    };
    const fake = await headerOnly();
    expect(fake.tables().find((table) => table.name === 'Customers')!.address).toBe('A1:D2');
    // Excel's empty row is no row of the accountant's: no blank customer, no problem.
    const read = await readConfigTables(fake.context());
    expect(read.find((table) => table.name === 'Customers')!.rows).toEqual([]);
    expect(readConfig(read).problems).toEqual([]);

    await writeLayout(smallLayout(), { fake });
    expect(fake.tables().find((table) => table.name === 'Customers')!.address).toBe('A1:D3');
    expect(fake.sheet('Customers').values('A2:D3')).toEqual([
      [NORTHWIND, 'Northwind Traders', '', 'Yes'],
      [FABRIKAM, 'Fabrikam', '', 'Yes'],
    ]);
    // One new row: it takes the empty row, and no row is added.
    const one = await headerOnly();
    const layout = smallLayout();
    layout.userTables[0].candidates = [[FABRIKAM, 'Fabrikam', null, 'Yes']];
    await writeLayout(layout, { fake: one });
    expect(one.tables().find((table) => table.name === 'Customers')!.address).toBe('A1:D2');
    expect(one.sheet('Customers').values('A2:B2')).toEqual([[FABRIKAM, 'Fabrikam']]);

    // A refresh that fails at any request leaves the table as it was: its header and the empty row.
    const reference = await headerOnly();
    const base = reference.stats.syncs;
    await writeLayout(smallLayout(), { fake: reference });
    const requests = reference.stats.syncs - base;
    for (let n = 1; n < requests; n++) {
      const failing = await headerOnly();
      const before = failing.sheet('Customers').values('A1:D3');
      failing.failSync({ nth: failing.stats.syncs + n, message: `injected at request ${n}` });
      await expect(writeLayout(smallLayout(), { fake: failing })).rejects.toThrow(/injected at request/);
      expect({ n, table: failing.tables().find((table) => table.name === 'Customers')!.address, cells: failing.sheet('Customers').values('A1:D3') }).toEqual({ n, table: 'A1:D2', cells: before });
    }
  });

  it('a table without a key column gets nothing appended, and the user is told', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add('Customers');
      sheet.getRange('A1:B2').values = [['Client', 'Organization'], ['x', 'y']];
      sheet.tables.add('A1:B2', true).name = 'Customers';
    });
    const { result } = await writeLayout(smallLayout(), { fake });
    expect(result.skipped).toEqual(['table Customers has no "Customer ID" column: no rows were added to it']);
    expect(fake.tables().find((table) => table.name === 'Customers')!.address).toBe('A1:B2');
  });
});

describe('the writer’s requests', () => {
  it('never call one table row at a time', async () => {
    const calls: string[] = [];
    const fake = new FakeExcel();
    await writeLayout(smallLayout(), { fake });
    fake.beforeSync = (info) => calls.push(...info.calls.map((call) => call.member));
    const layout = smallLayout({ extraCandidates: Array.from({ length: 50 }, (_, i) => [`new-${i}`, `Customer ${i}`, null, 'Yes']) });
    await writeLayout(layout, { fake });
    expect(calls.filter((member) => member === 'rows.add')).toHaveLength(1);
  });

  it('report progress by rows', async () => {
    const seen: Array<[string, number, number]> = [];
    await writeLayout(smallLayout(), { onProgress: (phase, done, total) => seen.push([phase, done, total]) });
    const sheets = seen.filter(([phase]) => phase === 'sheets');
    expect(sheets[sheets.length - 1]).toEqual(['sheets', 17, 17]);
    expect(seen.map(([phase]) => phase).filter((phase, i, all) => phase !== all[i - 1])).toEqual(['reading', 'sheets', 'user-tables', 'swap']);
  });

  it('leave every text cell text-formatted and no number, date or formula cell text-formatted', async () => {
    const { fake } = await writeLayout(smallLayout(), { capabilities: { ...ALL_CAPABILITIES } });
    const cells = allCells(fake);
    expect(cells.length).toBeGreaterThan(100);
    for (const [sheet, address, state] of cells) {
      if (typeof state.value === 'string') expect([sheet, address, state.format]).toEqual([sheet, address, '@']);
      else if (state.value !== null || state.formula !== null) expect([sheet, address, state.format]).not.toEqual([sheet, address, '@']);
    }
  });
});
