/**
 * Writes a workbook layout (src/workbook) to an .xlsx file: the same sheets, cells, number formats, styles, tables,
 * outline levels and frozen panes the add-in writes into Excel. Rows stream into the file (xlsx-package.ts) as the
 * layout makes them (StreamedWorkbookLayout), each let go once written, so a large month's rows are never all held.
 *
 * What the file does not hold, as the layout allows: PivotTables. Each pivot's `fallback` rows (the same summary as
 * fixed figures) are written at its anchor (a pivot needs a pivot cache of the source table, which only Excel itself
 * builds reliably). Charts are written as column charts over their data range, one series a column.
 *
 * Strings are always written as text (shared strings, never formulas), so a customer named "=HYPERLINK(...)" stays
 * a name. Characters XML cannot hold (control characters from a file) are dropped.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { ADD_IN_SHEET_MARK, ADD_IN_SHEET_NOTE } from '../excel/refresh-plan';
import { streamedSheet, USER_TABLE_STYLE, type Cell, type CellStyle, type CellValue, type ChartLayout, type ColumnLayout, type HorizontalAlignment, type RowLayout, type SheetLayout, type StreamedSheetLayout, type StreamedWorkbookLayout, type UserTableLayout, type WorkbookLayout } from '../workbook/layout';
import { excelSerialOf } from '../excel/number-formats';
import { alignmentOf, columnLetter, isCell, pivotWidth, valueOf, withCaption } from '../workbook/formats';
import { XlsxPackage, type ByteSink, type CellFormat, type ChartOptions, type XlsxCellValue } from './xlsx-package';
import { sheetReference } from './xml';

interface XlsxOptions {
  /** Called now and then with the rows written of all sheets' rows (for a progress bar). */
  onProgress?(rows: number, total: number): void;
}

/** Rows between two progress calls. */
const PROGRESS_ROWS = 16_384;

/** A layout whose rows are made as they are written, or held (the task pane's, the tests'). */
type Layout = WorkbookLayout | StreamedWorkbookLayout;

function sheetsOf(layout: Layout): StreamedSheetLayout[] {
  return layout.sheets.map((sheet) => (isStreamed(sheet) ? sheet : streamedSheet(sheet)));
}

function isStreamed(sheet: SheetLayout | StreamedSheetLayout): sheet is StreamedSheetLayout {
  return typeof sheet.rows === 'function';
}

/** Writes the layout as .xlsx bytes to `sink`, in order. */
async function writeLayoutToXlsx(layout: Layout, sink: ByteSink, options: XlsxOptions = {}): Promise<void> {
  const sheets = sheetsOf(layout);
  const book = new XlsxPackage(sink, { creator: 'CSP Billing for Excel' });
  const styles = new StyleCache(book);
  const total = sheets.reduce((sum, sheet) => sum + rowCount(sheet), 0) + layout.userTables.reduce((sum, table) => sum + table.candidates.length + 1, 0);
  let written = 0;
  const progress = (rows: number) => {
    const before = written;
    written += rows;
    if (options.onProgress !== undefined && Math.floor(before / PROGRESS_ROWS) !== Math.floor(written / PROGRESS_ROWS)) options.onProgress(written, total);
  };
  for (const sheet of sheets) await writeSheet(book, sheet, styles, progress);
  for (const table of layout.userTables) {
    await writeUserTable(book, table, styles);
    progress(table.candidates.length + 1);
  }
  await book.finish();
  options.onProgress?.(total, total);
}

/** The layout as .xlsx bytes in memory (tests, small workbooks). */
export async function layoutToXlsxBytes(layout: Layout, options: XlsxOptions = {}): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await writeLayoutToXlsx(layout, (chunk) => chunks.push(chunk), options);
  return Buffer.concat(chunks);
}

/**
 * Writes the layout to an .xlsx file. The file appears under its name only once complete: it is written beside it
 * under a temporary name first, so a failure never leaves a partial workbook that looks like a report.
 */
export async function writeLayoutToXlsxFile(layout: Layout, path: string, options: XlsxOptions = {}): Promise<void> {
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    await writeLayoutToXlsx(layout, (chunk) => void writeSync(fd, chunk), options);
    closeSync(fd);
    renameSync(partial, path);
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Styles

/** The fonts and fills of the layout's styles are the add-in's (src/excel/styles.ts): test/workbook/writers-agree holds them together. */
const COLORS = {
  title: 'FF1F4E78',
  caption: 'FF595959',
  headerFill: 'FFD9E1F2',
  organizationFill: 'FFF2F2F2',
  totalFill: 'FFDDEBF7',
  costHeaderFill: 'FFFCE4D6',
  salesHeaderFill: 'FFE2EFDA',
  warningFont: 'FF9C0006',
  warningFill: 'FFFFC7CE',
  goodFont: 'FF006100',
  goodFill: 'FFC6EFCE',
  groupBorder: 'FF808080',
};

type GroupEdge = 'none' | 'start';

const STYLE_CODES: Record<CellStyle, number> = { title: 1, caption: 2, header: 3, organization: 4, product: 5, detail: 6, total: 7, warning: 8, good: 9 };

/** Style numbers, one per combination of number format, layout style, group edge and group header. */
class StyleCache {
  /** By number format, by a small number for the rest (asked for every cell: no key text is built). */
  private readonly styles = new Map<string, Map<number, number>>();

  constructor(private readonly book: XlsxPackage) {}

  get(format: string | undefined, style: CellStyle | undefined, firstColumn: boolean, edge: GroupEdge, column: ColumnLayout | undefined, align?: HorizontalAlignment): number {
    const group = style === 'header' ? column?.group : undefined;
    const wrap = column?.wrap === true;
    const code =
      (((((style === undefined ? 0 : STYLE_CODES[style]) * 2 + (firstColumn ? 1 : 0)) * 2 + (edge === 'start' ? 1 : 0)) * 3 + (group === 'cost' ? 1 : group === 'sales' ? 2 : 0)) * 4 + ALIGN_CODES[align ?? 'none']) * 2 +
      (wrap ? 1 : 0);
    let byCode = this.styles.get(format ?? '');
    if (byCode === undefined) this.styles.set(format ?? '', (byCode = new Map()));
    let result = byCode.get(code);
    if (result === undefined) {
      result = this.book.style(buildStyle(format, style, firstColumn, edge, group, align, wrap));
      byCode.set(code, result);
    }
    return result;
  }
}

const ALIGN_CODES: Record<HorizontalAlignment | 'none', number> = { none: 0, left: 1, center: 2, right: 3 };

function buildStyle(
  format: string | undefined,
  style: CellStyle | undefined,
  firstColumn: boolean,
  edge: GroupEdge,
  group: ColumnLayout['group'] | undefined,
  align: HorizontalAlignment | undefined,
  wrap: boolean,
): CellFormat {
  const result: CellFormat = {};
  if (format !== undefined && format !== 'General') result.numFmt = format;
  const border: NonNullable<CellFormat['border']> = {};
  switch (style) {
    case 'title':
      result.font = { bold: true, size: 13, color: COLORS.title };
      break;
    case 'caption':
      result.font = { italic: true, color: COLORS.caption };
      break;
    case 'header':
      result.font = { bold: true };
      result.fill = group === 'cost' ? COLORS.costHeaderFill : group === 'sales' ? COLORS.salesHeaderFill : COLORS.headerFill;
      border.bottom = { style: 'thin' };
      break;
    case 'organization':
      result.font = { bold: true };
      result.fill = COLORS.organizationFill;
      break;
    case 'product':
      result.font = { bold: true };
      if (firstColumn) result.alignment = { horizontal: 'left', indent: 1 };
      break;
    case 'detail':
      if (firstColumn) result.alignment = { horizontal: 'left', indent: 2 };
      break;
    case 'total':
      result.font = { bold: true };
      result.fill = COLORS.totalFill;
      border.top = { style: 'thin' };
      border.bottom = { style: 'double' };
      break;
    case 'warning':
      result.font = { color: COLORS.warningFont };
      result.fill = COLORS.warningFill;
      break;
    case 'good':
      result.font = { color: COLORS.goodFont };
      result.fill = COLORS.goodFill;
      break;
    case undefined:
      break;
  }
  // The layout's alignment (alignmentOf): a header over its numbers, a label over its value.
  // (An indent, a detail line's, goes only with left.)
  if (align !== undefined) result.alignment = align === 'left' ? { ...result.alignment, horizontal: align } : { horizontal: align };
  if (wrap) result.alignment = { ...result.alignment, wrapText: true };
  // Cost and sales columns are kept visibly apart: a line down the left of each group.
  if (edge === 'start') border.left = { style: 'thin', color: COLORS.groupBorder };
  if (Object.keys(border).length > 0) result.border = border;
  return result;
}

/** Columns that start a cost or sales group, or end one (the next column), get a line on their left. */
function groupEdges(columns: readonly ColumnLayout[]): GroupEdge[] {
  return columns.map((column, i) => {
    const previous = i === 0 ? undefined : columns[i - 1].group;
    return column.group !== previous && (column.group !== undefined || previous !== undefined) ? 'start' : 'none';
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Values

function toXlsxValue(value: CellValue): XlsxCellValue {
  if (value === null || typeof value !== 'object') return value;
  if (value.kind === 'date') return excelSerialOf(value.utc);
  return { formula: value.formula.replace(/^=/, ''), result: value.result };
}

// ---------------------------------------------------------------------------------------------------------------
// Sheets

type Cells = Array<{ value: XlsxCellValue; style: number } | undefined>;

/** The sheet's rows, pivots' fixed figures included. */
function rowCount(layout: StreamedSheetLayout): number {
  return layout.pivots.reduce((last, pivot) => Math.max(last, pivot.anchor.row + pivot.fallback.length), layout.rowCount);
}

async function writeSheet(book: XlsxPackage, layout: StreamedSheetLayout, styles: StyleCache, progress: (rows: number) => void): Promise<void> {
  const maxLevel = layout.outlineLevels;
  const sheet = book.sheet({
    name: layout.name,
    columns: layout.columns.map((column) => ({ width: column.width })),
    tabColor: layout.tabColor === undefined ? undefined : `FF${layout.tabColor}`,
    // Organization and product rows are the summary rows above their lines.
    summaryAbove: maxLevel > 0,
    outlineLevels: maxLevel,
    freeze: layout.freeze,
    print: layout.print,
    // The add-in's mark, as the task pane's refresh gives its sheets: opened in Excel, this report is refreshed in place.
    names: [{ name: ADD_IN_SHEET_MARK, cell: '$A$1', comment: ADD_IN_SHEET_NOTE }],
  });

  const edges = groupEdges(layout.columns);
  const inTable = (row: number) => layout.tables.some((table) => row > table.headerRow && row <= table.lastRow);
  const isHeader = (row: number) => layout.tables.some((table) => row === table.headerRow);
  // Outline shown collapsed to `showOutlineLevel`: deeper rows are hidden and the summary row above each hidden group
  // is marked collapsed, as Excel writes it (summary rows above their detail).
  const show = layout.showOutlineLevel ?? maxLevel + 1;
  const hidden = (level: number) => level > 0 && level >= show;

  // Pivots as the same summaries in fixed figures at each pivot's place, merged into the rows they fall on.
  const pivotRows = new Map<number, Array<{ column: number; row: RowLayout; width: number }>>();
  for (const pivot of layout.pivots) {
    const width = pivotWidth(pivot);
    pivot.fallback.forEach((row, i) => {
      const at = pivot.anchor.row + i;
      pivotRows.set(at, [...(pivotRows.get(at) ?? []), { column: pivot.anchor.column, row, width }]);
    });
  }
  // The rows the charts draw, kept as they pass: the charts are written after the rows.
  const charted = new Map<number, RowLayout>();
  const inChart = (r: number) => layout.charts.some((chart) => r >= chart.data.row && r < chart.data.row + chart.data.rows);
  const lastRow = rowCount(layout);
  // Each row is taken from the layout as it is written, with the next one in hand (its level says whether this row's
  // group is collapsed), and let go once written.
  const rows = layout.rows()[Symbol.iterator]();
  let next = rows.next();
  for (let r = 0; r < lastRow; r++) {
    progress(1);
    const taken = next.done === true ? undefined : next.value;
    if (taken !== undefined) next = rows.next();
    // No PivotTables here: the pivots' fixed figures, under the caption that says so.
    const caption = layout.fixedFiguresCaption;
    const row = taken !== undefined && caption?.row === r ? withCaption(taken, caption.text) : taken;
    if (row !== undefined && inChart(r)) charted.set(r, row);
    const cells: Cells = [];
    if (row !== undefined) cellsOf(cells, 0, row, layout.columns.length, layout.columns, inTable(r) || isHeader(r) ? undefined : edges, styles);
    for (const pivot of pivotRows.get(r) ?? []) cellsOf(cells, pivot.column, pivot.row, pivot.width, layout.columns, undefined, styles);
    const level = row?.outlineLevel ?? 0;
    const nextLevel = next.done === true ? undefined : (next.value.outlineLevel ?? 0);
    const collapsed = nextLevel !== undefined && nextLevel > level && hidden(nextLevel);
    if (cells.length === 0 && level === 0 && !collapsed) continue;
    sheet.row(r, cells, { outlineLevel: level, hidden: hidden(level), collapsed, height: row === undefined ? undefined : wrappedHeight(row, layout.columns) });
    if (sheet.backlog) await sheet.drain();
  }
  for (const chart of layout.charts) sheet.chart(chartOf(layout.name, charted, chart));
  for (const table of layout.tables) {
    sheet.table({ name: table.name, firstRow: table.headerRow, lastRow: table.lastRow, firstColumn: table.firstColumn, columns: table.columns, style: table.style });
  }
  await sheet.finish();
}

/** A chart over its data range: the first row names the series (one a column), the first column holds the categories. */
function chartOf(sheetName: string, charted: ReadonlyMap<number, RowLayout>, chart: ChartLayout): ChartOptions {
  const { row, column, rows, columns } = chart.data;
  const valueAt = (r: number, c: number) => valueOf(charted.get(r)?.cells[c]);
  const sheet = sheetReference(sheetName);
  const cell = (r: number, c: number) => `$${columnLetter(c)}$${r + 1}`;
  const range = (c: number) => `${sheet}${cell(row + 1, c)}:${cell(row + rows - 1, c)}`;
  const lines = Array.from({ length: rows - 1 }, (_, i) => row + 1 + i);
  return {
    name: chart.name,
    title: chart.title,
    anchor: chart.anchor,
    size: chart.size,
    categories: { ref: range(column), texts: lines.map((r) => String(valueAt(r, column) ?? '')) },
    series: Array.from({ length: columns - 1 }, (_, k) => {
      const c = column + 1 + k;
      const value = (r: number) => valueAt(r, c);
      return {
        name: { ref: `${sheet}${cell(row, c)}`, text: String(value(row) ?? '') },
        values: { ref: range(c), numbers: lines.map((r) => (typeof value(r) === 'number' ? (value(r) as number) : null)) },
      };
    }),
  };
}

/** Points per line of 11-point text: Excel's default row height. */
const LINE_POINTS = 15;

/**
 * The height a row needs for the text of its wrapped columns, or undefined for one line. Excel grows such rows as it
 * opens the file, but LibreOffice does not, and its wrapped lines would print over the rows below.
 */
function wrappedHeight(row: RowLayout, columns: readonly ColumnLayout[]): number | undefined {
  let lines = 1;
  row.cells.forEach((entry, c) => {
    const column = columns[c];
    const value = valueOf(entry);
    if (column?.wrap !== true || typeof value !== 'string') return;
    // A column's width counts digits; text runs about a fifth narrower. Words are not split, so a little is kept spare.
    const perLine = Math.max(1, Math.floor(column.width * 1.2) - 1);
    const wrapped = value.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
    lines = Math.max(lines, wrapped);
  });
  return lines > 1 ? lines * LINE_POINTS : undefined;
}

/**
 * The cells of one layout row from column `offset`. Rows with an organization, total, header or warning style are
 * shaded across `width` columns (the sheet's; a pivot's own), empty cells included.
 */
function cellsOf(cells: Cells, offset: number, row: RowLayout, width: number, columns: readonly ColumnLayout[], edges: GroupEdge[] | undefined, styles: StyleCache): void {
  const spans = row.style === 'organization' || row.style === 'total' || row.style === 'header' || row.style === 'warning';
  const length = spans ? Math.max(row.cells.length, width) : row.cells.length;
  for (let i = 0; i < length; i++) {
    const entry = row.cells[i];
    const c = offset + i;
    const value = valueOf(entry);
    const own: Cell | undefined = entry !== undefined && isCell(entry) ? entry : undefined;
    const style = own?.style ?? row.style;
    const column = columns[c];
    const edge = edges?.[c] ?? 'none';
    if (value === null && !spans && edge === 'none') continue;
    // Text is text whatever the column's number format; a number format on it would only confuse a reader.
    const format = own?.format ?? (typeof value === 'string' && column?.format !== '@' ? undefined : column?.format);
    cells[c] = { value: toXlsxValue(value), style: styles.get(format, value === null && !spans ? undefined : style, i === 0, edge, column, alignmentOf(own, style, column)) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The user's configuration tables: a sheet each, created from the template with the candidate rows.

async function writeUserTable(book: XlsxPackage, layout: UserTableLayout, styles: StyleCache): Promise<void> {
  const formatOf = (i: number) => styles.get(layout.formats[i], undefined, false, 'none', undefined);
  const sheet = book.sheet({
    name: layout.sheetName,
    // The whole column keeps its format, so an ID typed in later stays text.
    columns: layout.columns.map((_, i) => ({ width: layout.widths[i] ?? 14, format: layout.formats[i] === undefined || layout.formats[i] === 'General' ? undefined : { numFmt: layout.formats[i] } })),
  });
  sheet.row(0, layout.columns.map((name) => ({ value: name, style: 0 })));
  const rows = layout.candidates.length > 0 ? layout.candidates : [[]];
  rows.forEach((candidate, r) => {
    sheet.row(r + 1, layout.columns.map((_, i) => ({ value: toXlsxValue(candidate[i] ?? null), style: formatOf(i) })));
  });
  sheet.table({ name: layout.excelName, firstRow: 0, lastRow: rows.length, firstColumn: 0, columns: layout.columns, style: USER_TABLE_STYLE });
  await sheet.finish();
}
