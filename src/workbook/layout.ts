/**
 * The workbook as plain data: sheets, cells, number formats, tables, outline groups, frozen panes, column widths,
 * pivots and charts. One pure function builds it from the report; the office-js writer (src/excel) and the .xlsx
 * writer (src/xlsx) both render it, so tests check the layout itself and each writer only checks that it renders.
 *
 * Coordinates are 0-based (row 0 is the sheet's first row, column 0 is A) and always relative to the sheet.
 */

/** A real Excel date (written as a date serial by the writers, shown with the cell's date format). */
export interface DateValue {
  kind: 'date';
  /** Midnight UTC of the day. */
  utc: number;
}

/**
 * A formula, in English A1 notation, starting with "=". `result` is the engine's own value: writers that cannot
 * calculate store it as the cached result, and tests compare a real spreadsheet engine's recalculation with it.
 */
export interface FormulaValue {
  kind: 'formula';
  formula: string;
  result: number | string;
}

/**
 * What a cell holds. Strings are always text, whatever they start with: writers must make sure text from files
 * (a customer named "=HYPERLINK(...)") can never become a formula. Numbers are amounts and quantities.
 */
export type CellValue = string | number | boolean | null | DateValue | FormulaValue;

export type CellStyle =
  | 'title' // the sheet's title line
  | 'caption' // a line of explanation under a title
  | 'header' // column headers
  | 'organization' // an organization's subtotal row
  | 'product' // a product's subtotal row
  | 'detail' // a detail line
  | 'total' // a grand total
  | 'warning' // a finding that needs the user's attention
  | 'good'; // a finding that is fine (an invoice that ties)

/** Where a cell's content sits across it. Without one: Excel's own (text left, numbers and dates right). */
export type HorizontalAlignment = 'left' | 'center' | 'right';

export interface Cell {
  value: CellValue;
  /** Excel number format code; overrides the column's. */
  format?: string;
  style?: CellStyle;
  /** Overrides the column's (a label and its value sitting alike, one above the other). */
  align?: HorizontalAlignment;
}

export interface RowLayout {
  /** One entry per column from column 0; a bare value is a cell without format or style of its own. */
  cells: Array<Cell | CellValue>;
  /** Style of the whole row (cells may override). */
  style?: CellStyle;
  /** Outline level for grouping: 0 none, 1 inside an organization, 2 inside a product. */
  outlineLevel?: number;
}

type ColumnKind = 'text' | 'id' | 'date' | 'money' | 'unit-price' | 'quantity' | 'fraction' | 'percent' | 'count';

export interface ColumnLayout {
  /** Width in Excel character units. */
  width: number;
  kind: ColumnKind;
  /** Number format for the column's cells (IDs: "@" so Excel never turns them into numbers). */
  format: string;
  /** Cost and sales columns are kept visibly apart. */
  group?: 'cost' | 'sales';
  /** Long text wraps within the column's width, its rows growing to fit (keeps a wide sheet readable on paper). */
  wrap?: boolean;
  /**
   * Every cell of the column sits so, its header included (alignmentOf): a month beside a name, both left, reads
   * "2026-10   Fabrikam" on paper, where Excel's own alignments run them together as "2026-10Fabrikam".
   */
  align?: HorizontalAlignment;
}

/** An Excel table over rows of the sheet: header row, then data rows through lastRow. */
export interface TableLayout {
  name: string;
  headerRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
  style: string;
  /** The table's column names, in order (the header row's cells). */
  columns: string[];
}

interface PivotValueField {
  /** A column of the source table. */
  field: string;
  /** The caption Excel shows ("Sales"). */
  name: string;
  numberFormat: string;
}

/** A PivotTable over a table of the workbook; writers that cannot make pivots write `fallback` rows instead. */
export interface PivotLayout {
  name: string;
  sourceSheet: string;
  sourceTable: string;
  /** Top-left cell of the pivot on its sheet. */
  anchor: { row: number; column: number };
  rows: string[];
  columns: string[];
  values: PivotValueField[];
  /** The same summary as static rows (computed by the engine), anchored at `anchor`. */
  fallback: RowLayout[];
}

/** A clustered column chart over a range of the same sheet. */
export interface ChartLayout {
  name: string;
  title: string;
  /** The data range: first row holds series names, first column the categories. */
  data: { row: number; column: number; rows: number; columns: number };
  anchor: { row: number; column: number };
  /** In pixels. */
  size: { width: number; height: number };
}

/**
 * How a sheet prints: its first `columns` columns (the ones worth paper) fitted to the page width, as many pages
 * tall as it takes, with page numbers in the footer.
 */
export interface PrintLayout {
  orientation: 'portrait' | 'landscape';
  /** Columns printed, from column 0. */
  columns: number;
  /** First row printed: rows above it (a sheet's title and caption) stay off paper. */
  firstRow: number;
  /** Rows repeated at the top of every page (0: none). */
  titleRows: number;
  /** Rows that start a new page (each customer's statement), ascending; at most MAX_PAGE_BREAKS. */
  pageBreaksBefore: number[];
  /** The footer's left and right text, in Excel's codes (&P page, &N pages, &A sheet name; && an ampersand). */
  footer: PrintFooter;
}

export interface PrintFooter {
  left: string;
  right: string;
}

/** Excel keeps at most 1,026 manual page breaks per sheet. */
export const MAX_PAGE_BREAKS = 1026;

/** The footer of a report sheet's printed pages: the sheet's name on the left, "Page 2 of 5" on the right. */
export const PRINT_FOOTER: PrintFooter = { left: '&A', right: 'Page &P of &N' };

/**
 * The Customer Statements' footer: none. Excel numbers the pages of the whole sheet (or of the selection printed), never
 * of one statement, and has no code for a cell's text (the customer's name): printed whole, a customer's one-page
 * statement read "Page 36" ("Page 36 of 41" before), and the sheet's name is the partner's, not the customer's.
 */
export const STATEMENT_FOOTER: PrintFooter = { left: '', right: '' };

export interface SheetLayout {
  name: string;
  columns: ColumnLayout[];
  rows: RowLayout[];
  /** Rows and columns kept in view while scrolling. */
  freeze?: { rows: number; columns: number };
  /** Printed as this says; without it, Excel's defaults (a data sheet with a table). */
  print?: PrintLayout;
  tables: TableLayout[];
  /** Outline shown collapsed to this level (1: organizations only). */
  showOutlineLevel?: number;
  pivots: PivotLayout[];
  /**
   * Where the pivots are written as their fixed figures (the .xlsx; Excel without PivotTables), the caption that says
   * so replaces the one at this row (column 0), which speaks of PivotTables: fixed figures do not refresh.
   */
  fixedFiguresCaption?: { row: number; text: string };
  charts: ChartLayout[];
  tabColor?: string;
}

/**
 * A sheet whose rows are made as they are read, in order, anew on each call of `rows()`: the .xlsx writer writes a
 * large month's Billing Report, Billing Lines and Customer Statements without ever holding all their rows (hundreds of
 * megabytes for 300,000 lines). What a writer needs before the first row is said beside them.
 */
export interface StreamedSheetLayout extends Omit<SheetLayout, 'rows'> {
  rowCount: number;
  /** The deepest outline level of the rows (0: none). */
  outlineLevels: number;
  rows(): Iterable<RowLayout>;
}

/**
 * A configuration table the user owns (Settings, Customers, Prices, Customer Prices, Invoices): created from the
 * template when missing, then only appended to: `candidates` are rows the data suggests (tenants and products found,
 * with the current unit cost for reference); a writer appends those whose key is not in the table yet.
 */
export interface UserTableLayout {
  /** The contract's table name ("Customer Prices"); Excel's name drops the space ("CustomerPrices"). */
  name: string;
  excelName: string;
  sheetName: string;
  columns: string[];
  /** Columns whose values identify a row (compared without case or surrounding spaces). */
  keyColumns: string[];
  /** Formats per column (IDs as text). */
  formats: string[];
  widths: number[];
  candidates: CellValue[][];
}

/** The look of a configuration table either writer creates (the user may restyle it: appending leaves it alone). */
export const USER_TABLE_STYLE = 'TableStyleMedium2';

export interface WorkbookLayout {
  /** Sheets the add-in owns, rebuilt on every refresh, in tab order. */
  sheets: SheetLayout[];
  /** Tables the user owns. */
  userTables: UserTableLayout[];
  /** What had to be simplified or skipped, in plain words for the user. */
  notes: string[];
}

/** The workbook with its sheets' rows made as they are written (StreamedSheetLayout). */
export interface StreamedWorkbookLayout extends Omit<WorkbookLayout, 'sheets'> {
  sheets: StreamedSheetLayout[];
}

/** A sheet whose rows are held, as one made as it is read. */
export function streamedSheet(sheet: SheetLayout): StreamedSheetLayout {
  const { rows, ...rest } = sheet;
  // A loop, not Math.max(...levels): a spread of a hundred thousand rows overflows the call stack.
  const outlineLevels = rows.reduce((max, row) => Math.max(max, row.outlineLevel ?? 0), 0);
  return { ...rest, rowCount: rows.length, outlineLevels, rows: () => rows };
}

/** A sheet's rows made and held (the task pane's writer and the tests read them as an array). */
export function heldSheet(sheet: StreamedSheetLayout): SheetLayout {
  const { rows, rowCount: _rowCount, outlineLevels: _outlineLevels, ...rest } = sheet;
  return { ...rest, rows: [...rows()] };
}
