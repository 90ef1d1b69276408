/**
 * The layout written to .xlsx and read back with ExcelJS (and its XML looked at): sheets, Excel tables, totals as formulas with their cached
 * results, number formats, styles, outline levels shown collapsed, frozen panes, real dates, IDs and names as text,
 * pivots as their fixed-figure fallback, and the configuration tables, which read back as a configuration.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { readConfig } from '../../src/billing/config';
import { reportToJson } from '../../src/billing/report-json';
import { readWorkbookTables } from '../../src/cli/config-files';
import { BILLING_LINES_COLUMNS, buildWorkbookLayout, SHEET_NAMES, streamedWorkbookLayout } from '../../src/workbook/build-layout';
import type { RowLayout, StreamedSheetLayout, WorkbookLayout } from '../../src/workbook/layout';
import { layoutToXlsxBytes, writeLayoutToXlsxFile } from '../../src/xlsx/write-layout';
import { configOf, reportOf } from '../helpers/billing-config';
import { nceLine } from '../helpers/billing-lines';
import { BILLING_FIXTURES, billingFixture, configIn } from '../helpers/billing-fixtures';
import { billFiles, sampleFiles, sampleRun, type Run } from '../helpers/workbook-layout';

let sample: Run;
let layout: WorkbookLayout;
let buffer: Buffer;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  sample = await sampleRun();
  layout = buildWorkbookLayout(sample.report, sample);
  buffer = await layoutToXlsxBytes(layout);
  workbook = await readBack(buffer);
});

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

function sheetXml(xlsx: Buffer, sheetName: string, book: ExcelJS.Workbook): string {
  const index = book.worksheets.findIndex((s) => s.name === sheetName) + 1;
  return strFromU8(unzipSync(new Uint8Array(xlsx))[`xl/worksheets/sheet${index}.xml`]);
}

function tablesOf(sheet: ExcelJS.Worksheet): Array<{ name: string; tableRef: string; columns: Array<{ name: string }> }> {
  return Object.values((sheet as unknown as { tables: Record<string, { table: { name: string; tableRef: string; columns: Array<{ name: string }> } }> }).tables).map((t) => t.table);
}

/** The cached result of a formula cell (ExcelJS reads a cached 0 back as no result). */
function resultOf(cell: ExcelJS.Cell): unknown {
  const value = cell.value as ExcelJS.CellFormulaValue;
  expect(typeof value).toBe('object');
  expect(value.formula).toBeDefined();
  return value.result ?? 0;
}

describe('the .xlsx', () => {
  it('has the owned sheets in order, then a sheet per configuration table', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Billing Report',
      'Customer Summary',
      'Billing Lines',
      'Billing Pivots',
      'Reconciliation',
      'Customer Statements',
      'Settings',
      'Customers',
      'Prices',
      'Customer Prices',
      'Invoices',
    ]);
  });

  it('writes each sheet’s properties in the order Excel requires', () => {
    const files = unzipSync(new Uint8Array(buffer));
    const order = ['tabColor', 'outlinePr', 'pageSetUpPr'];
    for (const [name, bytes] of Object.entries(files)) {
      if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
      const properties = /<sheetPr>(.*?)<\/sheetPr>/.exec(strFromU8(bytes))?.[1] ?? '';
      const children = [...properties.matchAll(/<(\w+)/g)].map((m) => m[1]);
      expect(children).toEqual([...children].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }
  });

  it('prints each sheet as its layout says: area, orientation, one page wide, header rows, footer, page breaks', () => {
    const files = unzipSync(new Uint8Array(buffer));
    const sheetPart = (n: number) => strFromU8(files[`xl/worksheets/sheet${n}.xml`]);
    const report = sheetPart(1);
    expect(report).toMatch(/<sheetPr>.*<outlinePr summaryBelow="0"[^>]*\/><pageSetUpPr fitToPage="1"\/><\/sheetPr>/);
    expect(report).toContain('<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter></worksheet>');
    // Billing Lines: Excel's defaults (a data table).
    expect(sheetPart(3)).not.toMatch(/pageSetup|headerFooter/);
    const book = strFromU8(files['xl/workbook.xml']);
    expect(book).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="0">'Billing Report'!$A:$I</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">'Billing Report'!$1:$3</definedName>`);
    // The Customer Summary: its amounts without the Customer ID, landscape, the title, total and header on every page.
    expect(book).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="1">'Customer Summary'!$A:$K</definedName><definedName name="_xlnm.Print_Titles" localSheetId="1">'Customer Summary'!$1:$4</definedName>`);
    expect(sheetPart(2)).toContain('<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    expect(book).not.toMatch(/_xlnm\.\w+" localSheetId="2"/);
    // The statements: portrait, all five columns, no title rows, a page per customer.
    const statements = layout.sheets.find((sheet) => sheet.name === SHEET_NAMES.statements)!;
    const breaks = statements.print!.pageBreaksBefore;
    expect(breaks.length).toBeGreaterThan(5);
    expect(book).toContain(`<definedName name="_xlnm.Print_Area" localSheetId="5">'Customer Statements'!$A$${statements.print!.firstRow + 1}:$E$1048576</definedName>`);
    expect(statements.print!.firstRow).toBeGreaterThan(1);
    expect(book).not.toMatch(/Print_Titles" localSheetId="5"/);
    const xml = sheetPart(6);
    expect(xml).toContain('<pageSetup orientation="portrait" fitToWidth="1" fitToHeight="0"/>');
    expect(xml).toContain(`<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.map((row) => `<brk id="${row}" max="16383" man="1"/>`).join('')}</rowBreaks></worksheet>`);
  });

  it('marks each report sheet as the add-in’s, as a refresh in the task pane does, and no sheet of the user’s tables', () => {
    const book = strFromU8(unzipSync(new Uint8Array(buffer))['xl/workbook.xml']);
    const marked = [...book.matchAll(/<definedName name="CSPBilling_Sheet" comment="Made by CSP Billing for Excel: a refresh replaces this sheet\." localSheetId="(\d+)">'([^']+)'!\$A\$1<\/definedName>/g)];
    expect(marked.map(([, id, sheet]) => [Number(id), sheet])).toEqual(layout.sheets.map((sheet, i) => [i, sheet.name]));
    expect(marked.length).toBeLessThan(workbook.worksheets.length);
  });

  it('writes every table’s header row with the table’s column names (Excel repairs a file where they differ)', () => {
    let tables = 0;
    for (const sheet of workbook.worksheets) {
      for (const table of tablesOf(sheet)) {
        const [start] = table.tableRef.split(':');
        const header = sheet.getRow(Number(/\d+/.exec(start)![0]));
        const first = sheet.getCell(start).col;
        expect(table.columns.map((_, i) => header.getCell(first + i).value)).toEqual(table.columns.map((c) => c.name));
        tables++;
      }
    }
    expect(tables).toBe(7);
  });

  it('asks Excel to recalculate on open', () => {
    const xml = strFromU8(unzipSync(new Uint8Array(buffer))['xl/workbook.xml']);
    expect(xml).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });
});

describe('Billing Report in the .xlsx', () => {
  let sheet: ExcelJS.Worksheet;
  beforeAll(() => (sheet = workbook.getWorksheet(SHEET_NAMES.report)!));

  it('freezes the header row and the label column', () => {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
  });

  it('holds the cycle totals as SUBTOTAL formulas with the engine’s results, formatted as money', () => {
    const cycle = sample.report.cycles[0];
    const row = sheet.getRow(7);
    expect((row.getCell(1).value as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(row.getCell(1).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(4).value).toBe('USD');
    expect((row.getCell(5).value as ExcelJS.CellFormulaValue).formula).toBe(`SUBTOTAL(9,E8:E${sheet.rowCount})`);
    expect([resultOf(row.getCell(5)), resultOf(row.getCell(7)), resultOf(row.getCell(8))]).toEqual([cycle.cost.toNumber(), 30108.61, cycle.margin.toNumber()]);
    expect([row.getCell(5).numFmt, row.getCell(7).numFmt, row.getCell(9).numFmt]).toEqual(['#,##0.00', '#,##0.00', '0.0%']);
    expect(row.getCell(5).font?.bold).toBe(true);
    expect(row.getCell(5).border?.bottom?.style).toBe('double');
  });

  it('writes the outline: organizations at level 0, products 1, details 2, shown collapsed to organizations', () => {
    expect(sheet.properties.outlineLevelRow).toBe(2);
    expect(sheet.properties.outlineProperties).toMatchObject({ summaryBelow: false });
    const levels: Array<[number, boolean]> = [];
    sheet.eachRow((row, n) => {
      if (n > 7) levels.push([row.outlineLevel ?? 0, row.hidden]);
    });
    expect(levels.filter(([level]) => level === 0).every(([, hidden]) => !hidden)).toBe(true);
    expect(levels.filter(([level]) => level > 0).every(([, hidden]) => hidden)).toBe(true);
    expect(levels.filter(([level]) => level === 2).length).toBe(sample.report.cycles[0].organizations.flatMap((o) => o.products.flatMap((p) => p.details)).length);
    // Excel marks the summary row above a collapsed group; ExcelJS alone would mark the detail rows instead.
    const xml = sheetXml(buffer, SHEET_NAMES.report, workbook);
    const rowTag = (n: number) => new RegExp(`<row r="${n}"[^>]*>`).exec(xml)![0];
    expect(rowTag(8)).toMatch(/collapsed="1"/);
    expect(rowTag(8)).not.toMatch(/outlineLevel/);
    expect(rowTag(9)).toMatch(/outlineLevel="1"/);
    expect(rowTag(9)).toMatch(/hidden="1"/);
    expect(rowTag(9)).toMatch(/collapsed="1"/);
    expect(rowTag(10)).toMatch(/outlineLevel="2"/);
    expect(rowTag(10)).not.toMatch(/collapsed/);
  });

  it('keeps cost and sales visibly apart: tinted headers and a line down the left of each group', () => {
    const header = sheet.getRow(3);
    expect((header.getCell(4).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFCE4D6');
    expect((header.getCell(6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE2EFDA');
    expect((header.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9E1F2');
    expect(header.getCell(1).font?.bold).toBe(true);
    const detail = sheet.getRow(10);
    expect([4, 6, 8].map((c) => detail.getCell(c).border?.left?.style)).toEqual(['thin', 'thin', 'thin']);
    expect(detail.getCell(5).border?.left).toBeUndefined();
    expect(detail.getCell(1).alignment?.indent).toBe(2);
    expect((sheet.getRow(8).getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF2F2F2');
  });

  it('sits each label of a cycle’s header over its value: report date, period and currency at the left, amounts at the right', () => {
    const align = (row: number) => Array.from({ length: 9 }, (_, c) => sheet.getRow(row).getCell(c + 1).alignment?.horizontal ?? '');
    expect(sheet.getRow(6).getCell(1).value).toBe('Report date');
    expect(align(6)).toEqual(['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right']);
    expect(align(7).slice(0, 4)).toEqual(['left', 'left', 'left', 'left']);
  });

  it('writes IDs as text with the text format', () => {
    const product = sheet.getRow(9);
    expect([product.getCell(11).value, product.getCell(12).value]).toEqual(['CFQ7TTC0LH16', '0001']);
    expect(product.getCell(12).numFmt).toBe('@');
    expect(product.getCell(12).type).toBe(ExcelJS.ValueType.String);
  });
});

describe('Billing Lines in the .xlsx', () => {
  it('is an Excel table named BillingLines over the header and every line', () => {
    const sheet = workbook.getWorksheet(SHEET_NAMES.lines)!;
    const rows = sample.report.cycles[0].lines.length;
    const [table] = tablesOf(sheet);
    expect(table.name).toBe('BillingLines');
    expect(table.tableRef).toBe(`A3:X${3 + rows}`);
    expect(table.columns.map((c) => c.name)).toEqual([...BILLING_LINES_COLUMNS]);
    const first = sheet.getRow(4);
    // The cycle by its month: its end date shown as 2026-10.
    expect([first.getCell(1).value, first.getCell(1).numFmt]).toEqual([new Date(Date.UTC(2026, 9, 31)), 'yyyy-mm']);
    expect(first.getCell(8).value).toBe('0001');
    expect(first.getCell(19).numFmt).toBe('#,##0.00');
    // The month left, apart from the organization beside it ("2026-10Fabrikam" on paper); the currency centred.
    expect([sheet.getRow(3).getCell(1).alignment?.horizontal, first.getCell(1).alignment?.horizontal, first.getCell(22).alignment?.horizontal]).toEqual(['left', 'left', 'center']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
  });
});

describe('Billing Pivots in the .xlsx', () => {
  it('holds each pivot’s fixed-figure summary at its place (the file holds no PivotTables) and the chart’s data', () => {
    const sheet = workbook.getWorksheet(SHEET_NAMES.pivots)!;
    const pivots = layout.sheets.find((s) => s.name === SHEET_NAMES.pivots)!.pivots;
    for (const pivot of pivots) {
      const header = sheet.getRow(pivot.anchor.row + 1 + (pivot.columns.length > 0 ? 1 : 0));
      expect(header.getCell(pivot.anchor.column + 1).value).toBe(pivot.columns.length > 0 ? 'Transaction type' : 'Organization');
      const total = sheet.getRow(pivot.anchor.row + pivot.fallback.length);
      expect(total.getCell(pivot.anchor.column + 1).value).toBe('Grand total');
    }
    // Said plainly: figures of the run, which Refresh All does not change (QA: the caption spoke of PivotTables).
    expect(sheet.getCell('A2').value).toBe(
      "Fixed figures as of the run that made this report, not PivotTables: they do not change when Billing Lines is edited, and Refresh All leaves them as they are. For PivotTables, open this workbook in Excel (API 1.8) with the CSP Billing add-in, import the month's files and press Refresh.",
    );
    const chart = layout.sheets.find((s) => s.name === SHEET_NAMES.pivots)!.charts[0];
    expect(sheet.getRow(chart.data.row + 1).values).toEqual([undefined, 'Organization', 'Sales', 'Cost', 'Margin']);
    expect(sheet.getRow(chart.data.row + 2).getCell(1).value).toBe('Woodgrove Bank N.A.');
  });
});

describe('the chart in the .xlsx', () => {
  it('is a clustered column chart over the chart’s data, one series a column, placed at its anchor', () => {
    const files = unzipSync(new Uint8Array(buffer));
    const pivots = layout.sheets.find((s) => s.name === SHEET_NAMES.pivots)!;
    const [chart] = pivots.charts;
    const sheetNumber = layout.sheets.indexOf(pivots) + 1;
    expect(strFromU8(files[`xl/worksheets/sheet${sheetNumber}.xml`])).toMatch(/<drawing r:id="rId1"\/><\/worksheet>$/);
    expect(strFromU8(files[`xl/worksheets/_rels/sheet${sheetNumber}.xml.rels`])).toContain('Target="../drawings/drawing1.xml"');
    const drawing = strFromU8(files['xl/drawings/drawing1.xml']);
    expect(drawing).toContain(`<xdr:from><xdr:col>${chart.anchor.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.anchor.row}</xdr:row>`);
    expect(drawing).toContain(`<xdr:ext cx="${640 * 9525}" cy="${320 * 9525}"/>`);
    const xml = strFromU8(files['xl/charts/chart1.xml']);
    expect(xml).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    // Each series with its own fill (no theme in the file for a chart style to colour them).
    expect([...xml.matchAll(/<c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/>/g)].map((m) => m[1])).toEqual(['548235', 'C55A11', '2E75B6']);
    expect(xml).toContain(`<a:t>${chart.title}</a:t>`);
    // Organizations in the data's first column, sales, cost and margin in the next three, below the header row.
    expect(chart.data.column).toBe(0);
    const first = chart.data.row + 2;
    const last = chart.data.row + chart.data.rows;
    const refs = [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1]);
    expect(refs).toEqual(
      ['B', 'C', 'D'].flatMap((c) => [`'Billing Pivots'!$${c}$${first - 1}`, `'Billing Pivots'!$A$${first}:$A$${last}`, `'Billing Pivots'!$${c}$${first}:$${c}$${last}`]),
    );
    const salesCache = /<c:val><c:numRef><c:f>[^<]*<\/c:f><c:numCache>(.*?)<\/c:numCache>/.exec(xml)![1];
    const sales = pivots.rows.slice(chart.data.row + 1, chart.data.row + chart.data.rows).map((row) => (row.cells[chart.data.column + 1] as { value: number }).value);
    expect([...salesCache.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1]))).toEqual(sales);
    const types = strFromU8(files['[Content_Types].xml']);
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');
    expect(types).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
  });
});

describe('Reconciliation and Customer Statements in the .xlsx', () => {
  it('styles the statuses: green for an invoice that ties, red for one that differs (Excel’s Good and Bad)', () => {
    const sheet = workbook.getWorksheet(SHEET_NAMES.reconciliation)!;
    const statuses: Record<string, string | undefined> = {};
    sheet.eachRow((row) => {
      const status = row.getCell(10);
      if (typeof row.getCell(1).value === 'string' && /^G1000/.test(row.getCell(1).value as string)) statuses[String(status.value)] = (status.fill as ExcelJS.FillPattern)?.fgColor?.argb;
    });
    expect(statuses).toEqual({ 'ties to the Microsoft invoice': 'FFC6EFCE', 'differs by 0.06 USD: billed from a daily usage file, which has no tax and rounds by day, not by meter': 'FFFFC7CE' });
  });

  it('wraps the Status and Files columns, so the sheet prints at a size that can be read', () => {
    const sheet = workbook.getWorksheet(SHEET_NAMES.reconciliation)!;
    const invoiceRow = sheet.getRows(1, sheet.rowCount)!.find((row) => row.getCell(1).value === 'G100000001')!;
    expect([1, 10, 11].map((column) => invoiceRow.getCell(column).alignment?.wrapText === true)).toEqual([false, true, true]);
    expect([sheet.getColumn(10).width, sheet.getColumn(11).width]).toEqual([28, 28]);
    // 212 characters where they were 246: about three quarters of full size on a landscape page, not three fifths.
    const layoutSheet = layout.sheets.find((s) => s.name === SHEET_NAMES.reconciliation)!;
    expect(layoutSheet.columns.reduce((sum, column) => sum + column.width, 0)).toBe(212);
    // A row whose wrapped text takes two lines is two lines high (LibreOffice does not grow rows as it opens a file).
    const cycleRow = sheet.getRows(1, sheet.rowCount)!.find((row) => /^differs from the Microsoft invoices/.test(String(row.getCell(10).value)))!;
    expect(cycleRow.height).toBe(30);
    expect(invoiceRow.height).toBeUndefined();
  });

  it('totals each statement with a SUM formula', () => {
    const sheet = workbook.getWorksheet(SHEET_NAMES.statements)!;
    const totals: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'Total excl. tax') totals.push(resultOf(row.getCell(5)));
    });
    const billable = sample.report.cycles[0].organizations.filter((o) => o.billable);
    expect(totals).toEqual(billable.map((o) => o.sales.toNumber()));
  });
});

describe('the configuration tables in the .xlsx', () => {
  it('are Excel tables named as the contract (spaces dropped) with the candidate rows, IDs as text', () => {
    const names = workbook.worksheets.slice(6).map((sheet) => tablesOf(sheet).map((t) => [t.name, t.tableRef]));
    expect(names).toEqual([[['Settings', 'A1:B4']], [['Customers', 'A1:E14']], [['Prices', 'A1:M14']], [['CustomerPrices', 'A1:F5']], [['Invoices', 'A1:D3']]]);
    const prices = workbook.getWorksheet('Prices')!;
    expect(prices.getRow(1).values).toEqual([undefined, 'Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %', 'Unit cost (reference)', 'Currency (reference)', 'Note']);
    expect(prices.getCell('B2').value).toBe('0001');
    expect(prices.getCell('B2').numFmt).toBe('@');
    expect(prices.getColumn(1).numFmt).toBe('@');
    const invoices = workbook.getWorksheet('Invoices')!;
    expect(invoices.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 9, 31)));
  });

  it('read back as the configuration: billing the same files under them gives the same amounts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-billing-xlsx-'));
    try {
      const path = join(dir, 'report.xlsx');
      await writeLayoutToXlsxFile(layout, path);
      const { config, problems } = readConfig(await readWorkbookTables(path));
      expect(problems.map(String)).toEqual([]);
      expect(config.settings).toEqual(sample.config.settings);
      // The two products without a price are listed in the table, read back as listed, not priced yet: they price nothing.
      expect(config.prices.slice(sample.config.prices.length).map((p) => p.method)).toEqual([{ kind: 'listed' }, { kind: 'listed' }]);
      expect(config.customers.size).toBe(sample.config.customers.size + 1);
      const rebilled = await billFiles(config, sampleFiles());
      const amounts = (json: unknown) =>
        (json as { cycles: Array<{ cost: string; sales: string; organizations: Array<{ name: string; sales: string; cost: string }> }> }).cycles.map((c) => [c.cost, c.sales, c.organizations.map((o) => [o.name, o.cost, o.sales])]);
      expect(amounts(reportToJson(rebilled.report))).toEqual(amounts(reportToJson(sample.report)));
      expect(rebilled.report.reconciliation.unpricedProducts.map((p) => p.name)).toEqual(sample.report.reconciliation.unpricedProducts.map((p) => p.name));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writing the file', () => {
  const empty = (name: string): WorkbookLayout => ({
    sheets: [],
    userTables: [{ ...layout.userTables[0], name, excelName: name, sheetName: name, candidates: [] }],
    notes: [],
  });

  it('gives an empty configuration table one empty row (a table needs one)', async () => {
    const [sheet] = (await readBack(await layoutToXlsxBytes(empty('Settings')))).worksheets;
    expect(tablesOf(sheet).map((t) => t.tableRef)).toEqual(['A1:B2']);
  });

  it('leaves nothing under the file’s name when writing fails, and no partial file beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-billing-xlsx-'));
    try {
      const broken = empty('Settings');
      Object.defineProperty(broken.userTables[0], 'candidates', { get: () => { throw new Error('disk full'); } });
      await expect(writeLayoutToXlsxFile(broken, join(dir, 'report.xlsx'))).rejects.toThrow('disk full');
      expect(readdirSync(dir)).toEqual([]);
      await writeLayoutToXlsxFile(empty('Settings'), join(dir, 'report.xlsx'));
      expect(readdirSync(dir)).toEqual(['report.xlsx']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a large sheet', () => {
  it('writes 150,000 outlined rows (nothing spreads the rows into one function call)', async () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => ({ cells: [`row ${i}`], outlineLevel: i % 3 }));
    const big: WorkbookLayout = {
      sheets: [{ name: 'Big', columns: [{ width: 10, kind: 'text', format: '@' }], rows, tables: [], pivots: [], charts: [], showOutlineLevel: 1 }],
      userTables: [],
      notes: [],
    };
    const calls: Array<[number, number]> = [];
    const sheet = (await readBack(await layoutToXlsxBytes(big, { onProgress: (rows, total) => calls.push([rows, total]) }))).getWorksheet('Big')!;
    // Progress now and then, rising, ending at the total.
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.every(([rows, total], i) => total === 150_000 && rows <= total && (i === 0 || rows > calls[i - 1][0]))).toBe(true);
    expect(calls[calls.length - 1]).toEqual([150_000, 150_000]);
    expect(sheet.rowCount).toBe(150_000);
    expect(sheet.properties.outlineLevelRow).toBe(2);
    expect([sheet.getRow(1).hidden, sheet.getRow(2).hidden, sheet.getRow(150_000).hidden]).toEqual([false, true, true]);
    // Reading 150,000 rows back through ExcelJS takes a few seconds: room for a busy machine, not a speed check.
  }, 30_000);
});

describe('rows made as they are written', () => {
  /** The file's parts, but its time of writing. */
  function parts(xlsx: Buffer): Record<string, string> {
    const files = unzipSync(new Uint8Array(xlsx));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, name === 'docProps/core.xml' ? '' : strFromU8(bytes)]));
  }

  it('takes each row of a large sheet as it writes it, holding none ahead but the next (whose level says if a group is collapsed)', async () => {
    let made = 0;
    const ahead: number[] = [];
    const rows = function* (): Generator<RowLayout> {
      for (let i = 0; i < 40_000; i++) {
        made++;
        yield { cells: [`row ${i}`], outlineLevel: i % 3 };
      }
    };
    const sheet: StreamedSheetLayout = { name: 'Big', columns: [{ width: 10, kind: 'text', format: '@' }], tables: [], pivots: [], charts: [], showOutlineLevel: 1, rowCount: 40_000, outlineLevels: 2, rows };
    const streamed = await layoutToXlsxBytes({ sheets: [sheet], userTables: [], notes: [] }, { onProgress: (written) => ahead.push(made - written) });
    expect(ahead.length).toBeGreaterThan(2);
    expect(Math.max(...ahead)).toBeLessThanOrEqual(1);
    // The same file as from the rows held: levels, hidden rows and collapsed groups alike.
    const held = await layoutToXlsxBytes({ sheets: [{ ...sheet, rows: [...rows()] }], userTables: [], notes: [] });
    expect(parts(streamed)).toEqual(parts(held));
  });

  it('writes the same file from the streamed layout as from the layout held whole: the sample, and two cycles with a chart and pivots', async () => {
    const config = await configIn(BILLING_FIXTURES);
    const twoCycles = await billFiles(config, [billingFixture('nce-invoice-2026-10.csv'), billingFixture('nce-invoice-2026-11.csv')]);
    for (const run of [sample, twoCycles]) {
      const streamed = streamedWorkbookLayout(run.report, run);
      const held = buildWorkbookLayout(run.report, run);
      expect(streamed.notes).toEqual(held.notes);
      expect(parts(await layoutToXlsxBytes(streamed))).toEqual(parts(await layoutToXlsxBytes(held)));
    }
  });
});

describe('text', () => {
  it('is never a formula: a customer named =HYPERLINK("x") is stored as a string, and XML-invalid characters are dropped', async () => {
    const config = configOf();
    const report = reportOf(config, [{ lines: [nceLine({ customerName: '=HYPERLINK("x")', customerId: '33333333-3333-4333-8333-333333333333' }), nceLine({ customerName: 'Bell\u0007 Corp', customerId: '55555555-5555-4555-8555-555555555555' })] }], { months: null, keepLines: true });
    const bytes = await layoutToXlsxBytes(buildWorkbookLayout(report, { config, documents: [] }));
    const back = await readBack(bytes);
    const sheet = back.getWorksheet(SHEET_NAMES.report)!;
    const names: ExcelJS.Cell[] = [];
    sheet.eachRow((row, n) => {
      if (n > 3 && row.outlineLevel === 0 && typeof row.getCell(10).value === 'string') names.push(row.getCell(1));
    });
    expect(names.map((c) => c.value)).toEqual(['=HYPERLINK("x")', 'Bell Corp']);
    expect(names[0].type).toBe(ExcelJS.ValueType.String);
    expect(names[0].formula).toBeUndefined();
    const xml = sheetXml(bytes, SHEET_NAMES.report, back);
    expect(xml).not.toMatch(/<f>HYPERLINK/);
    expect(xml.includes(String.fromCharCode(7))).toBe(false);
    const lines = back.getWorksheet(SHEET_NAMES.lines)!;
    expect(lines.getCell('B4').value).toBe('=HYPERLINK("x")');
    expect(lines.getCell('B4').type).toBe(ExcelJS.ValueType.String);
  });
});
