/**
 * Writes a workbook layout (src/workbook) to an .xlsx file with ExcelJS: the same sheets, cells, number formats,
 * styles, tables, outline levels and frozen panes the add-in writes into Excel.
 *
 * What ExcelJS 4.4 cannot write is replaced, as the layout allows:
 * - PivotTables: ExcelJS 4.4 has no pivot support at all, so each pivot's `fallback` rows (the same summary as fixed
 *   figures) are written at its anchor.
 * - Charts: ExcelJS cannot draw charts; the chart's data range is on the sheet (it is part of the sheet's rows), so
 *   a chart can be inserted over it by hand.
 *
 * Strings are always written as text (ExcelJS stores them as shared strings, never as formulas), so a customer named
 * "=HYPERLINK(...)" stays a name. Characters XML cannot hold (control characters from a file) are dropped.
 */
import ExcelJS from 'exceljs';
import type { Cell, CellStyle, CellValue, ColumnLayout, RowLayout, SheetLayout, TableLayout, UserTableLayout, WorkbookLayout } from '../workbook/layout';
import { isCell } from '../workbook/formats';

export interface XlsxOptions {
  /** The workbook's creation date (default: now). */
  created?: Date;
}

export function writeLayoutToXlsx(layout: WorkbookLayout, options: XlsxOptions = {}): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CSP Billing for Excel';
  workbook.created = options.created ?? new Date();
  workbook.modified = workbook.created;
  // The cached results are the engine's own values; Excel still recalculates every formula when it opens the file.
  workbook.calcProperties = { fullCalcOnLoad: true };
  const styles = new StyleCache();
  for (const sheet of layout.sheets) writeSheet(workbook, sheet, styles);
  for (const table of layout.userTables) writeUserTable(workbook, table, styles);
  return workbook;
}

/** Writes the layout to an .xlsx file. */
export async function writeLayoutToXlsxFile(layout: WorkbookLayout, path: string, options: XlsxOptions = {}): Promise<void> {
  await writeLayoutToXlsx(layout, options).xlsx.writeFile(path);
}

// ---------------------------------------------------------------------------------------------------------------
// Styles

const COLORS = {
  title: 'FF1F4E78',
  caption: 'FF595959',
  headerFill: 'FFD9E1F2',
  organizationFill: 'FFF2F2F2',
  totalFill: 'FFDDEBF7',
  costHeaderFill: 'FFFCE4D6',
  salesHeaderFill: 'FFE2EFDA',
  warningFont: 'FF9C5700',
  warningFill: 'FFFFEB9C',
  goodFont: 'FF006100',
  goodFill: 'FFC6EFCE',
  groupBorder: 'FF808080',
};

type GroupEdge = 'none' | 'start';

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** Shared ExcelJS style objects, one per combination of number format, layout style, group edge and group header. */
class StyleCache {
  private readonly styles = new Map<string, Partial<ExcelJS.Style>>();

  get(format: string | undefined, style: CellStyle | undefined, firstColumn: boolean, edge: GroupEdge, column: ColumnLayout | undefined): Partial<ExcelJS.Style> {
    const group = style === 'header' ? column?.group : undefined;
    const rightAligned = style === 'header' && column !== undefined && NUMERIC_KINDS.has(column.kind);
    const key = `${format ?? ''}\u0000${style ?? ''}\u0000${firstColumn ? 1 : 0}\u0000${edge}\u0000${group ?? ''}\u0000${rightAligned ? 1 : 0}`;
    let result = this.styles.get(key);
    if (result === undefined) {
      result = buildStyle(format, style, firstColumn, edge, group, rightAligned);
      this.styles.set(key, result);
    }
    return result;
  }
}

const NUMERIC_KINDS = new Set<ColumnLayout['kind']>(['money', 'unit-price', 'quantity', 'fraction', 'percent', 'count', 'date']);

function buildStyle(
  format: string | undefined,
  style: CellStyle | undefined,
  firstColumn: boolean,
  edge: GroupEdge,
  group: ColumnLayout['group'] | undefined,
  rightAligned: boolean,
): Partial<ExcelJS.Style> {
  const result: Partial<ExcelJS.Style> = {};
  if (format !== undefined && format !== 'General') result.numFmt = format;
  const border: Partial<ExcelJS.Borders> = {};
  switch (style) {
    case 'title':
      result.font = { bold: true, size: 13, color: { argb: COLORS.title } };
      break;
    case 'caption':
      result.font = { italic: true, color: { argb: COLORS.caption } };
      break;
    case 'header':
      result.font = { bold: true };
      result.fill = solid(group === 'cost' ? COLORS.costHeaderFill : group === 'sales' ? COLORS.salesHeaderFill : COLORS.headerFill);
      // Headers of number columns sit over their numbers.
      result.alignment = rightAligned ? { horizontal: 'right' } : {};
      border.bottom = { style: 'thin' };
      break;
    case 'organization':
      result.font = { bold: true };
      result.fill = solid(COLORS.organizationFill);
      break;
    case 'product':
      result.font = { bold: true };
      if (firstColumn) result.alignment = { indent: 1 };
      break;
    case 'detail':
      if (firstColumn) result.alignment = { indent: 2 };
      break;
    case 'total':
      result.font = { bold: true };
      result.fill = solid(COLORS.totalFill);
      border.top = { style: 'thin' };
      border.bottom = { style: 'double' };
      break;
    case 'warning':
      result.font = { color: { argb: COLORS.warningFont } };
      result.fill = solid(COLORS.warningFill);
      break;
    case 'good':
      result.font = { color: { argb: COLORS.goodFont } };
      result.fill = solid(COLORS.goodFill);
      break;
    case undefined:
      break;
  }
  // Cost and sales columns are kept visibly apart: a line down the left of each group.
  if (edge === 'start') border.left = { style: 'thin', color: { argb: COLORS.groupBorder } };
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

// Characters an XML 1.0 document cannot hold, and lone surrogates.
const XML_INVALID_SOURCE = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const XML_INVALID = new RegExp(XML_INVALID_SOURCE);
const XML_INVALID_ALL = new RegExp(XML_INVALID_SOURCE, 'g');

export function xmlText(value: string): string {
  return XML_INVALID.test(value) ? value.replace(XML_INVALID_ALL, '') : value;
}

type XlsxValue = ExcelJS.CellValue;

function toXlsxValue(value: CellValue): XlsxValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return xmlText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
  }
  if (value.kind === 'date') return new Date(value.utc);
  const result = typeof value.result === 'string' ? xmlText(value.result) : Number.isFinite(value.result) ? value.result : 0;
  return { formula: value.formula.replace(/^=/, ''), result } as ExcelJS.CellFormulaValue;
}

// ---------------------------------------------------------------------------------------------------------------
// Sheets

function writeSheet(workbook: ExcelJS.Workbook, layout: SheetLayout, styles: StyleCache): void {
  const outlined = layout.rows.some((row) => (row.outlineLevel ?? 0) > 0);
  const sheet = workbook.addWorksheet(layout.name, {
    properties: {
      tabColor: layout.tabColor === undefined ? undefined : { argb: `FF${layout.tabColor}` },
      // Organization and product rows are the summary rows above their lines.
      ...(outlined ? { outlineProperties: { summaryBelow: false, summaryRight: false } } : {}),
    } as Partial<ExcelJS.WorksheetProperties>,
    views: layout.freeze === undefined || (layout.freeze.rows === 0 && layout.freeze.columns === 0) ? [] : [frozenView(layout.freeze)],
  });
  layout.columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width;
  });

  const edges = groupEdges(layout.columns);
  const tables = layout.tables.map((table) => ({ table, rows: [] as XlsxValue[][] }));
  const tableAt = (row: number) => tables.find(({ table }) => row > table.headerRow && row <= table.lastRow);
  const headerOf = (row: number) => layout.tables.some((table) => row === table.headerRow);

  layout.rows.forEach((row, r) => {
    const inTable = tableAt(r);
    const values = writeRow(sheet, r, 0, row, layout.columns, inTable === undefined && !headerOf(r) ? edges : undefined, styles, inTable !== undefined);
    if (inTable !== undefined) {
      const { firstColumn, lastColumn } = inTable.table;
      const data: XlsxValue[] = [];
      for (let c = firstColumn; c <= lastColumn; c++) data.push(values[c] ?? null);
      inTable.rows.push(data);
    }
  });
  for (const { table, rows } of tables) addTable(sheet, table, rows);

  // ExcelJS cannot make PivotTables: the same summaries as fixed figures at each pivot's place.
  for (const pivot of layout.pivots) {
    pivot.fallback.forEach((row, i) => writeRow(sheet, pivot.anchor.row + i, pivot.anchor.column, row, layout.columns, undefined, styles, false));
  }
  setUpPrinting(sheet, layout);

  applyOutline(sheet, layout);
}

/**
 * Printed, a sheet fits the page width (landscape when it is wide) and repeats its frozen header rows on every page.
 * The Billing Lines table is left to Excel's defaults: it is data, not something to print. A sheet with an outline
 * does not get "fit to page": ExcelJS 4.4 then writes the sheet properties in an order Excel rejects as corrupt
 * (exceljs/exceljs#1348, pageSetUpPr before outlinePr).
 */
function setUpPrinting(sheet: ExcelJS.Worksheet, layout: SheetLayout): void {
  if (layout.tables.length > 0) return;
  const width = layout.columns.reduce((sum, column) => sum + column.width, 0);
  sheet.pageSetup.orientation = width > 110 ? 'landscape' : 'portrait';
  if (!layout.rows.some((row) => (row.outlineLevel ?? 0) > 0)) {
    sheet.pageSetup.fitToPage = true;
    sheet.pageSetup.fitToWidth = 1;
    sheet.pageSetup.fitToHeight = 0;
  }
  if (layout.freeze !== undefined && layout.freeze.rows > 0) sheet.pageSetup.printTitlesRow = `1:${layout.freeze.rows}`;
}

function frozenView(freeze: { rows: number; columns: number }): Partial<ExcelJS.WorksheetView> {
  const topLeft = `${columnName(freeze.columns)}${freeze.rows + 1}`;
  return { state: 'frozen', xSplit: freeze.columns, ySplit: freeze.rows, topLeftCell: topLeft, activeCell: topLeft } as Partial<ExcelJS.WorksheetView>;
}

function columnName(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Writes one layout row at sheet row `r` (0-based) from column `offset`. Returns the values written by column (cells
 * inside a table are only formatted: the table writes their values). Rows with an organization, total or header
 * style are shaded across all their cells, empty ones included.
 */
function writeRow(
  sheet: ExcelJS.Worksheet,
  r: number,
  offset: number,
  row: RowLayout,
  columns: readonly ColumnLayout[],
  edges: GroupEdge[] | undefined,
  styles: StyleCache,
  valuesByTable: boolean,
): XlsxValue[] {
  const values: XlsxValue[] = [];
  if (row.cells.length === 0) return values;
  const target = sheet.getRow(r + 1);
  const spans = row.style === 'organization' || row.style === 'total' || row.style === 'header';
  for (let i = 0; i < row.cells.length; i++) {
    const entry = row.cells[i];
    const c = offset + i;
    const value: CellValue = entry === undefined ? null : isCell(entry) ? entry.value : entry;
    const own: Cell | undefined = entry !== undefined && isCell(entry) ? entry : undefined;
    const style = own?.style ?? row.style;
    const column = columns[c];
    const edge = edges?.[c] ?? 'none';
    if (value === null && !spans && edge === 'none') continue;
    // Text is text whatever the column's number format; a number format on it would only confuse a reader.
    const format = own?.format ?? (typeof value === 'string' && column?.format !== '@' ? undefined : column?.format);
    const cell = target.getCell(c + 1);
    const converted = toXlsxValue(value);
    values[c] = converted;
    if (!valuesByTable && converted !== null) cell.value = converted;
    cell.style = styles.get(format, value === null && !spans ? undefined : style, i === 0, edge, column);
  }
  return values;
}

function addTable(sheet: ExcelJS.Worksheet, table: TableLayout, rows: XlsxValue[][]): void {
  const width = table.lastColumn - table.firstColumn + 1;
  const data = rows.length > 0 ? rows : [Array.from({ length: width }, () => null)];
  sheet.addTable({
    name: table.name,
    ref: `${columnName(table.firstColumn)}${table.headerRow + 1}`,
    headerRow: true,
    totalsRow: false,
    style: { theme: table.style as ExcelJS.TableStyleProperties['theme'], showRowStripes: true },
    columns: table.columns.map((name) => ({ name, filterButton: true })),
    rows: data,
  });
}

/**
 * Outline levels from the layout, shown collapsed to `showOutlineLevel`: deeper rows are hidden and the summary row
 * above each hidden group is marked collapsed, as Excel writes it (summary rows above their detail).
 */
function applyOutline(sheet: ExcelJS.Worksheet, layout: SheetLayout): void {
  const levels = layout.rows.map((row) => row.outlineLevel ?? 0);
  // Not Math.max(...levels): a spread of a hundred thousand rows overflows the call stack.
  const maxLevel = levels.reduce((max, level) => (level > max ? level : max), 0);
  if (maxLevel === 0) return;
  sheet.properties.outlineLevelRow = maxLevel;
  const show = layout.showOutlineLevel ?? maxLevel + 1;
  const hidden = levels.map((level) => level > 0 && level >= show);
  levels.forEach((level, r) => {
    const collapsed = r + 1 < levels.length && levels[r + 1] > level && hidden[r + 1];
    if (level === 0 && !collapsed) return;
    const row = sheet.getRow(r + 1);
    row.outlineLevel = level;
    if (hidden[r]) row.hidden = true;
    // ExcelJS derives `collapsed` from the level alone; Excel means "the group below this row is collapsed".
    Object.defineProperty(row, 'collapsed', { get: () => collapsed, configurable: true });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The user's configuration tables: a sheet each, created from the template with the candidate rows.

function writeUserTable(workbook: ExcelJS.Workbook, layout: UserTableLayout, styles: StyleCache): void {
  const sheet = workbook.addWorksheet(layout.sheetName, { views: [frozenView({ rows: 1, columns: 0 })] });
  layout.columns.forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = layout.widths[i] ?? 14;
    // The whole column keeps its format, so an ID typed in later stays text.
    const format = layout.formats[i];
    if (format !== undefined && format !== 'General') column.numFmt = format;
  });
  const rows = layout.candidates.map((candidate) => layout.columns.map((_, i) => toXlsxValue(candidate[i] ?? null)));
  sheet.addTable({
    name: layout.excelName,
    ref: 'A1',
    headerRow: true,
    totalsRow: false,
    style: { theme: 'TableStyleLight9', showRowStripes: true },
    columns: layout.columns.map((name) => ({ name, filterButton: true })),
    rows: rows.length > 0 ? rows : [layout.columns.map(() => null)],
  });
  const dataRows = Math.max(rows.length, 1);
  for (let r = 0; r < dataRows; r++) {
    const row = sheet.getRow(r + 2);
    layout.formats.forEach((format, i) => {
      row.getCell(i + 1).style = styles.get(format, undefined, false, 'none', undefined);
    });
  }
}
