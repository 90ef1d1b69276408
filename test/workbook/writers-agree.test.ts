/**
 * The two writers of one layout give the accountant the same workbook: the task pane's office-js writer (src/excel,
 * here into the fake Excel) and the command line's .xlsx writer (src/xlsx, read back with ExcelJS and, where ExcelJS
 * reads nothing, the file's XML). Each writer has tests of its own against the layout; these write the same layouts
 * through both and compare what the two workbooks hold, sheet by sheet and cell by cell.
 *
 * Compared: the sheets and their order; every cell's value (numbers exactly, dates as serials, text, booleans),
 * number format and formula (the pane's as the workbook holds it after the swap, its temporary names carried to the
 * final ones), its fill, and the font (bold, italic, size, colour) and horizontal alignment of a cell that shows
 * something; tables (name,
 * sheet, range, columns, style); tab colours; frozen panes; outline levels and the rows the collapsed outline hides;
 * column widths (in points); print setup (orientation, fit, area, title rows, footer, page breaks); the names scoped
 * to each sheet; charts (name, title, data range, series by column, place and size).
 *
 * Intended differences, each allowed for in one place below and said why there:
 * - tab order: the pane writes into the accountant's workbook (here the fake's "Sheet1"), and puts a first report
 *   after the sheets already there, the configuration sheets the same refresh made among them; the file holds the
 *   report, then the configuration sheets. The order within each group is compared.
 * - PivotTables: the pane makes real ones where Excel has them (API 1.8); the file holds each pivot's summary as fixed
 *   figures. The pane is compared as it writes into an Excel without PivotTables, which writes those same figures.
 * - the format of a text cell: the pane gives every string "@" so Excel keeps it verbatim (src/excel/cells.ts); the
 *   file holds text as a shared string, which no format turns into anything else.
 * - the format and font of an empty cell: the pane formats and styles the whole rectangle it writes, the file writes
 *   no cell there (a fill, which shows on an empty cell, is compared).
 * - a formula's value: the pane's is what (the fake) Excel calculates; the file's is the engine's result stored with
 *   the formula, which Excel recalculates on opening. Equal to a billionth: doubles added in another order.
 * - the headers of cost and sales columns: tinted apart in the file, in the header colour in the pane (HEADER_FILL).
 *
 * What the fake Excel cannot hold, and is therefore not compared: borders and indents (the pane sets none: a call per
 * edge and run; the file's left alignment that only carries a detail line's indent is read as none); what a name refers to and its comment (the fake keeps a sheet's names only by name; the
 * file's CSPBilling_Sheet at $A$1 is checked in test/xlsx); row heights (Excel fits wrapped rows itself: the fake
 * records the autofit, the file holds heights); the leading apostrophe Excel keeps as a marker (the value, without
 * it, is compared); a chart's colours.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { ALL_CAPABILITIES } from '../../src/excel/capabilities';
import { excelSerialOf } from '../../src/excel/number-formats';
import { columnWidthPoints } from '../../src/excel/sheet-writer';
import { buildWorkbookLayout } from '../../src/workbook/build-layout';
import type { WorkbookLayout } from '../../src/workbook/layout';
import { layoutToXlsxBytes } from '../../src/xlsx/write-layout';
import { writeLayout } from '../excel/layouts';
import type { FakeExcel } from '../fake-excel/fake-excel';
import { configOf, reportOf } from '../helpers/billing-config';
import { CONTOSO, FABRIKAM, NORTHWIND, nceLine } from '../helpers/billing-lines';
import { BILLING_FIXTURES, configIn } from '../helpers/billing-fixtures';
import { billFiles, sampleRun } from '../helpers/workbook-layout';

type Value = string | number | boolean | null;

interface CellSeen {
  value: Value;
  formula: string | null;
  format: string;
  /** Bold, italic, size, colour (RRGGBB, '' for the default). */
  font: [boolean, boolean, number, string];
  /** Solid fill colour (RRGGBB), '' for none. */
  fill: string;
  /** Horizontal alignment ("left", "center", "right"), '' for Excel's own. */
  align: string;
}

interface PrintSeen {
  orientation: string;
  /** Pages wide and tall it is fitted to (0: as many as it takes). */
  fit: [number, number];
  area: string | null;
  titleRows: string | null;
  footer: [string, string];
  pageBreaks: number[];
}

interface ChartSeen {
  name: string;
  title: string;
  /** The data range, without its sheet ("N22:Q37"). */
  source: string;
  seriesBy: string;
  anchor: string;
  /** In pixels. */
  size: [number, number];
}

interface SheetSeen {
  name: string;
  /** RRGGBB, '' for none. */
  tabColor: string;
  cells: Map<string, CellSeen>;
  freeze: { rows: number; columns: number } | null;
  levels: Array<[number, number]>;
  hidden: number[];
  /** Points, by 0-based column. */
  widths: Array<[number, number]>;
  print: PrintSeen | null;
  names: string[];
  charts: ChartSeen[];
}

interface TableSeen {
  name: string;
  sheet: string;
  address: string;
  columns: string[];
  style: string;
}

interface BookSeen {
  sheets: SheetSeen[];
  tables: TableSeen[];
}

const EMPTY: CellSeen = { value: null, formula: null, format: 'General', font: [false, false, 11, ''], fill: '', align: '' };

/** "#d9e1f2", "FFD9E1F2" → "D9E1F2". */
const rgb = (color: string | undefined) => (color ?? '').replace(/^#/, '').slice(-6).toUpperCase();

// ---------------------------------------------------------------------------------------------------------------
// The pane's workbook, as the fake Excel holds it

function paneBook(fake: FakeExcel): BookSeen {
  const snapshot = fake.snapshot();
  const sheets = snapshot.sheets.map((sheet): SheetSeen => {
    const view = fake.sheet(sheet.name);
    const cells = new Map<string, CellSeen>();
    for (const [address, state] of sheet.cells) {
      const value = state.formula !== null ? (view.values(address)[0][0] as Value) : state.value;
      const look = state.look ?? {};
      cells.set(address, { value, formula: state.formula, format: state.format, font: [look.bold === true, look.italic === true, look.size ?? 11, rgb(look.fontColor)], fill: rgb(look.fill), align: (look.align ?? '').toLowerCase() });
    }
    const shown = sheet.shownOutline?.rows;
    const print = sheet.print;
    return {
      name: sheet.name,
      tabColor: rgb(sheet.tabColor),
      cells,
      freeze: sheet.freeze,
      levels: sheet.rowLevels,
      // showOutlineLevels(n) hides the rows at level n and deeper.
      hidden: shown === undefined ? [] : sheet.rowLevels.filter(([, level]) => level >= shown).map(([row]) => row),
      widths: sheet.columnWidths,
      // Excel's defaults until set (no print area, no footer): a sheet printed as Excel would.
      print:
        print.printArea === null && print.rightFooter === ''
          ? null
          : {
              orientation: print.orientation.toLowerCase(),
              fit: [print.zoom.horizontalFitToPages ?? -1, print.zoom.verticalFitToPages ?? -1],
              area: print.printArea,
              titleRows: print.titleRows,
              footer: [print.leftFooter, print.rightFooter],
              pageBreaks: print.pageBreaks,
            },
      names: sheet.names,
      charts: sheet.charts.map((chart) => ({
        name: chart.name,
        title: chart.title,
        source: chart.source.replace(/^.*!/, ''),
        seriesBy: chart.seriesBy,
        anchor: chart.position?.start ?? '',
        // office.js sizes a chart in points.
        size: [chart.width / 0.75, chart.height / 0.75],
      })),
    };
  });
  const tables = snapshot.tables.map((table) => ({ name: table.name, sheet: table.sheet, address: table.address, columns: table.columns, style: table.style }));
  return { sheets, tables };
}

// ---------------------------------------------------------------------------------------------------------------
// The command line's workbook, as the .xlsx holds it

function xlsxValue(cell: ExcelJS.Cell, textResults: ReadonlySet<string>): { value: Value; formula: string | null } {
  const value = cell.value;
  if (value === null || value === undefined) return { value: null, formula: null };
  if (typeof value === 'object' && 'formula' in value) {
    // ExcelJS reads a cached 0 or "" back as no result; the cell's type (t="str") tells them apart.
    return { value: (value.result ?? (textResults.has(cell.address) ? '' : 0)) as Value, formula: `=${value.formula}` };
  }
  // ExcelJS makes a Date of a number with a date format; the file holds the serial.
  if (value instanceof Date) return { value: excelSerialOf(value.getTime()), formula: null };
  if (typeof value === 'object') throw new Error(`${cell.address}: ExcelJS read ${JSON.stringify(value)}`);
  return { value, formula: null };
}

/** A part's relationships: id → target, resolved against the part's folder. */
function relationships(files: Record<string, Uint8Array>, part: string): Map<string, string> {
  const folder = part.slice(0, part.lastIndexOf('/'));
  const rels = files[`${folder}/_rels/${part.slice(folder.length + 1)}.rels`];
  if (rels === undefined) return new Map();
  const resolve = (target: string) => target.split('/').reduce((path, step) => (step === '..' ? path.slice(0, path.lastIndexOf('/')) : `${path}/${step}`), folder);
  return new Map([...strFromU8(rels).matchAll(/<Relationship Id="([^"]+)"[^>]* Target="([^"]+)"/g)].map(([, id, target]) => [id, resolve(target)]));
}

function xlsxCharts(files: Record<string, Uint8Array>, sheetPart: string): ChartSeen[] {
  const drawing = [...relationships(files, sheetPart).values()].find((target) => target.includes('/drawings/'));
  if (drawing === undefined) return [];
  const charts = relationships(files, drawing);
  return [...strFromU8(files[drawing]).matchAll(/<xdr:oneCellAnchor>(.*?)<\/xdr:oneCellAnchor>/g)].map(([, anchor]) => {
    const number = (name: string) => Number(new RegExp(`<xdr:${name}>(\\d+)</xdr:${name}>`).exec(anchor)![1]);
    const [, cx, cy] = /<xdr:ext cx="(\d+)" cy="(\d+)"/.exec(anchor)!;
    const chart = strFromU8(files[charts.get(/r:id="([^"]+)"/.exec(anchor)![1])!]);
    // The categories, the series' names and values: together the range the chart is drawn from.
    const cells = [...chart.matchAll(/<c:f>[^<]*!([^<]+)<\/c:f>/g)].flatMap(([, range]) => range.replace(/\$/g, '').split(':')).map((ref) => parseA1(ref));
    const rect = { top: Math.min(...cells.map((c) => c.row)), bottom: Math.max(...cells.map((c) => c.row)), left: Math.min(...cells.map((c) => c.column)), right: Math.max(...cells.map((c) => c.column)) };
    return {
      name: /<xdr:cNvPr id="\d+" name="([^"]*)"/.exec(anchor)![1],
      title: /<c:title>.*?<a:t>([^<]*)<\/a:t>/.exec(chart)![1],
      source: `${a1(rect.top, rect.left)}:${a1(rect.bottom, rect.right)}`,
      // One series a column of the data (write-layout.ts, chartOf).
      seriesBy: 'Columns',
      anchor: a1(number('row'), number('col')),
      size: [Number(cx) / 9525, Number(cy) / 9525],
    };
  });
}

function xlsxPrint(xml: string, names: Array<{ name: string; ref: string }>): PrintSeen | null {
  const setup = /<pageSetup ([^>]*)\/>/.exec(xml)?.[1];
  if (setup === undefined) return null;
  const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(setup)?.[1];
  const footer = /<oddFooter>([^<]*)<\/oddFooter>/.exec(xml)?.[1].replace(/&amp;/g, '&') ?? '';
  const [, left = '', right = ''] = /^&L(.*?)(?:&R(.*))?$/.exec(footer) ?? [];
  // 'Billing Report'!$A$4:$I$1048576 → A4:I1048576, as office.js gives a print area.
  const reference = (name: string) => names.find((n) => n.name === name)?.ref.replace(/^.*!/, '').replace(/\$/g, '') ?? null;
  return {
    orientation: attribute('orientation') ?? 'portrait',
    fit: [Number(attribute('fitToWidth') ?? 1), Number(attribute('fitToHeight') ?? 1)],
    area: reference('_xlnm.Print_Area'),
    titleRows: reference('_xlnm.Print_Titles'),
    footer: [left, right],
    pageBreaks: [...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1])),
  };
}

async function xlsxBook(bytes: Buffer): Promise<BookSeen> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const files = unzipSync(new Uint8Array(bytes));
  const workbookXml = strFromU8(files['xl/workbook.xml']);
  const definedNames = [...workbookXml.matchAll(/<definedName name="([^"]+)"[^>]*localSheetId="(\d+)">([^<]*)<\/definedName>/g)].map(([, name, id, ref]) => ({ name, sheet: Number(id), ref }));
  const sheets = book.worksheets.map((sheet, index): SheetSeen => {
    const part = `xl/worksheets/sheet${index + 1}.xml`;
    const xml = strFromU8(files[part]);
    const textResults = new Set([...xml.matchAll(/<c r="([A-Z]+\d+)"[^>]* t="str">/g)].map((m) => m[1]));
    const cells = new Map<string, CellSeen>();
    const levels: Array<[number, number]> = [];
    const hidden: number[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      if (row.outlineLevel) levels.push([number - 1, row.outlineLevel]);
      if (row.hidden) hidden.push(number - 1);
      // Empty cells too: the file writes a cell without a value where it shades a row.
      row.eachCell({ includeEmpty: true }, (cell) => {
        const font = cell.font ?? {};
        const fill = cell.fill?.type === 'pattern' && cell.fill.pattern === 'solid' ? rgb(cell.fill.fgColor?.argb) : '';
        // A left alignment that carries a detail line's indent alone: the indent, which the pane does not set.
        const { horizontal = '', indent = 0 } = cell.alignment ?? {};
        const align = horizontal === 'left' && indent > 0 ? '' : horizontal;
        cells.set(cell.address, { ...xlsxValue(cell, textResults), format: cell.numFmt ?? 'General', font: [font.bold === true, font.italic === true, font.size ?? 11, rgb(font.color?.argb)], fill, align });
      });
    });
    const view = sheet.views[0] as Partial<ExcelJS.WorksheetViewFrozen> | undefined;
    const own = definedNames.filter((name) => name.sheet === index);
    return {
      name: sheet.name,
      tabColor: rgb(sheet.properties.tabColor?.argb),
      cells,
      freeze: view?.state === 'frozen' ? { rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 } : null,
      levels,
      hidden,
      widths: (sheet.columns ?? []).flatMap((column, c): Array<[number, number]> => (column.width === undefined ? [] : [[c, columnWidthPoints(column.width)]])),
      print: xlsxPrint(xml, own),
      names: own.filter((name) => !name.name.startsWith('_xlnm.')).map((name) => name.name),
      charts: xlsxCharts(files, part),
    };
  });
  type ExcelJsTable = { table: { name: string; tableRef: string; columns: Array<{ name: string }>; style: { theme: string } } };
  const tables = book.worksheets
    .flatMap((sheet) =>
      Object.values((sheet as unknown as { tables: Record<string, ExcelJsTable> }).tables).map(({ table }) => ({
        name: table.name,
        sheet: sheet.name,
        address: table.tableRef,
        columns: table.columns.map((column) => column.name),
        style: table.style.theme,
      })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  return { sheets, tables };
}

function a1(row: number, column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row + 1}`;
}

function parseA1(ref: string): { row: number; column: number } {
  const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return { row: Number(digits) - 1, column: [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// The comparison

/** A formula's value: the pane's as (the fake) Excel calculates it, the file's as the engine stored it. */
function sameResult(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return a === b;
}

/**
 * The file tints the headers of cost and sales columns apart; the pane gives them the header's colour, as the rest of
 * the row (a call per column of every header row, and the Customer Statements have one per customer).
 */
const HEADER_FILL = 'D9E1F2';
const GROUP_HEADER_FILLS = ['FCE4D6', 'E2EFDA'];

/** Every difference between the two workbooks, one line each: "Billing Report!E7 format: pane …, file …". */
function differences(pane: BookSeen, file: BookSeen, layout: WorkbookLayout): string[] {
  const found: string[] = [];
  const say = (where: string, what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) found.push(`${where} ${what}: pane ${JSON.stringify(a)}, file ${JSON.stringify(b)}`);
  };
  // Tab order within the report's sheets and within the configuration sheets (the pane's workbook has others).
  const groups = [layout.sheets.map((sheet) => sheet.name), layout.userTables.map((table) => table.sheetName)];
  for (const group of groups) say('workbook', 'sheets', pane.sheets.map((s) => s.name).filter((name) => group.includes(name)), file.sheets.map((s) => s.name).filter((name) => group.includes(name)));
  say('workbook', 'sheets besides', file.sheets.map((s) => s.name).filter((name) => !groups.flat().includes(name)), []);
  say('workbook', 'tables', pane.tables, file.tables);
  for (const b of file.sheets) {
    const a = pane.sheets.find((s) => s.name === b.name);
    if (a === undefined) continue;
    say(a.name, 'tab colour', a.tabColor, b.tabColor);
    say(a.name, 'frozen panes', a.freeze, b.freeze);
    say(a.name, 'outline levels', a.levels, b.levels);
    say(a.name, 'hidden rows', a.hidden, b.hidden);
    say(a.name, 'column widths', a.widths, b.widths);
    say(a.name, 'print', a.print, b.print);
    say(a.name, 'names', a.names, b.names);
    say(a.name, 'charts', a.charts, b.charts);
    for (const address of new Set([...a.cells.keys(), ...b.cells.keys()])) {
      const x = a.cells.get(address) ?? EMPTY;
      const y = b.cells.get(address) ?? EMPTY;
      const where = `${a.name}!${address}`;
      say(where, 'formula', x.formula, y.formula);
      if (x.formula === null || y.formula === null) say(where, 'value', x.value, y.value);
      else if (!sameResult(x.value, y.value)) say(where, 'result', x.value, y.value);
      // Text: "@" in the pane, whatever format in the file. Empty: formatted in the pane, no cell in the file.
      if (!(x.fill === HEADER_FILL && GROUP_HEADER_FILLS.includes(y.fill))) say(where, 'fill', x.fill, y.fill);
      if (x.value === null && x.formula === null) continue;
      say(where, 'font', x.font, y.font);
      say(where, 'alignment', x.align, y.align);
      if (typeof x.value === 'string') continue;
      say(where, 'format', x.format, y.format);
    }
  }
  return found;
}

interface Written {
  pane: BookSeen;
  file: BookSeen;
}

async function writeBothWays(layout: WorkbookLayout): Promise<Written> {
  // Excel without PivotTables (API 1.7 has none): each pivot's summary as fixed figures at its place, as in the file.
  const { fake, result } = await writeLayout(layout, { capabilities: { ...ALL_CAPABILITIES, pivotTables: false } });
  expect(result.skipped).toEqual([expect.stringMatching(/^pivots need Excel API 1\.8/)]);
  return { pane: paneBook(fake), file: await xlsxBook(await layoutToXlsxBytes(layout)) };
}

/** That the readers saw something: a comparison of two empty readings would prove nothing. */
function compared(written: Written): Record<string, number> {
  const { file } = written;
  const count = (of: (sheet: SheetSeen) => number) => file.sheets.reduce((sum, sheet) => sum + of(sheet), 0);
  return {
    cells: count((sheet) => sheet.cells.size),
    formulas: count((sheet) => [...sheet.cells.values()].filter((cell) => cell.formula !== null).length),
    dates: count((sheet) => [...sheet.cells.values()].filter((cell) => /yy/.test(cell.format) && typeof cell.value === 'number').length),
    tables: file.tables.length,
    tabColors: file.sheets.filter((sheet) => sheet.tabColor !== '').length,
    fills: count((sheet) => [...sheet.cells.values()].filter((cell) => cell.fill !== '').length),
    alignments: count((sheet) => [...sheet.cells.values()].filter((cell) => cell.align !== '').length),
    centred: count((sheet) => [...sheet.cells.values()].filter((cell) => cell.align === 'center').length),
    leftOfNumbers: count((sheet) => [...sheet.cells.values()].filter((cell) => cell.align === 'left' && typeof cell.value === 'number').length),
    frozen: file.sheets.filter((sheet) => sheet.freeze !== null).length,
    outlined: count((sheet) => sheet.levels.length),
    hidden: count((sheet) => sheet.hidden.length),
    widths: count((sheet) => sheet.widths.length),
    printed: file.sheets.filter((sheet) => sheet.print !== null).length,
    pageBreaks: count((sheet) => sheet.print?.pageBreaks.length ?? 0),
    names: count((sheet) => sheet.names.length),
    charts: count((sheet) => sheet.charts.length),
  };
}

function expectEverythingCompared(written: Written): void {
  const counts = compared(written);
  for (const [what, n] of Object.entries(counts)) expect([what, n > 0]).toEqual([what, true]);
}

// ---------------------------------------------------------------------------------------------------------------
// The layouts

it('the bundled sample month', async () => {
  const run = await sampleRun();
  const layout = buildWorkbookLayout(run.report, run);
  const written = await writeBothWays(layout);
  expect(differences(written.pane, written.file, layout)).toEqual([]);
  expectEverythingCompared(written);
});

it('the test month’s files: two cycles, USD and EUR, a tenant not linked and one not billable, Billing Lines summed per detail line', async () => {
  const files = [join(BILLING_FIXTURES, 'nce-invoice-2026-10.csv'), join(BILLING_FIXTURES, 'nce-invoice-2026-11.csv'), join(BILLING_FIXTURES, '..', 'nce-invoice-2026-11-eur.csv')];
  const run = await billFiles(await configIn(BILLING_FIXTURES), files, { maxLineRows: 3 });
  expect(run.report.cycles.map((cycle) => `${cycle.cycle.month} ${cycle.currency} ${cycle.linesAggregated}`)).toEqual(['2026-10 USD true', '2026-11 EUR true', '2026-11 USD false']);
  const organizations = run.report.cycles.flatMap((cycle) => cycle.organizations);
  expect(organizations.some((organization) => !organization.linked)).toBe(true);
  expect(organizations.some((organization) => !organization.billable)).toBe(true);
  const layout = buildWorkbookLayout(run.report, run);
  const written = await writeBothWays(layout);
  expect(differences(written.pane, written.file, layout)).toEqual([]);
  expectEverythingCompared(written);
});

it('yen, dinars and dollars over two cycles, a yen price with decimals the amounts lack, text that looks like a formula', async () => {
  const config = configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${NORTHWIND},Northwind Traders,,Yes\n${CONTOSO},Contoso,,No` });
  const october = { billingDate: Date.UTC(2026, 9, 31) };
  const november = { billingDate: Date.UTC(2026, 10, 30) };
  const report = reportOf(
    config,
    [
      { document: { fileName: 'usd.csv', ...october }, lines: [nceLine({ cost: '12.50', invoiceNumber: 'G1' }), nceLine({ cost: '-4.10', quantity: '-1', chargeType: 'cancelImmediate', invoiceNumber: 'G1', subscriptionId: 'x' })] },
      { document: { fileName: 'jpy.csv', ...october }, lines: [nceLine({ cost: '1000', quantity: '3', currency: 'JPY', invoiceNumber: 'G2', customerId: FABRIKAM, customerName: '=2+5 Fabrikam' })] },
      { document: { fileName: 'kwd.csv', ...november }, lines: [nceLine({ cost: '3.125', currency: 'KWD', invoiceNumber: 'G3', customerId: CONTOSO, customerName: 'Contoso' })] },
      { document: { fileName: 'usd-november.csv', ...november }, lines: [nceLine({ cost: '12.50', invoiceNumber: 'G4' })] },
    ],
    { months: null, keepLines: true },
  );
  expect(report.cycles.map((cycle) => `${cycle.cycle.month} ${cycle.currency}`)).toEqual(['2026-10 JPY', '2026-10 USD', '2026-11 KWD', '2026-11 USD']);
  const layout = buildWorkbookLayout(report, { config, documents: [] });
  const written = await writeBothWays(layout);
  expect(differences(written.pane, written.file, layout)).toEqual([]);
  expectEverythingCompared(written);
  // Amounts in yen without decimals, in dinars with three; the yen unit price of 333.33 with its two on the statement,
  // the unit cost of 333.333333 with its six on the Billing Report and Billing Lines.
  const formats = new Set(written.file.sheets.flatMap((sheet) => [...sheet.cells.values()].filter((cell) => typeof cell.value === 'number').map((cell) => cell.format)));
  expect([...formats]).toEqual(expect.arrayContaining(['#,##0', '#,##0.000', '#,##0.00', '#,##0.##', '#,##0.######']));
});
