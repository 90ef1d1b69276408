/**
 * The part of office.js the writer and the config reader use, as narrow interfaces. office.js's own
 * `Excel.RequestContext` satisfies them (office-context.ts only compiles while it does), and so does the fake Excel the
 * tests run against, so the writer can be tested without a host and still calls nothing the real API lacks.
 *
 * Parameter types mirror office.js's unions (`ExcelRange | string`) because method parameters are compared both ways:
 * a narrower parameter here would not be satisfied by the real signature.
 */

interface ExcelLoadable {
  /** Queues a load; the properties are readable after the next `context.sync()`, never before. */
  load(propertyNames: string | string[]): unknown;
}

export interface ExcelContext {
  readonly workbook: ExcelWorkbook;
  sync(): Promise<unknown>;
}

export interface ExcelWorkbook {
  readonly worksheets: ExcelWorksheetCollection;
  readonly tables: ExcelTableCollection;
  readonly pivotTables: ExcelPivotTableCollection;
  readonly application: ExcelApplication;
}

export interface ExcelApplication {
  /** ExcelApi 1.6. */
  suspendApiCalculationUntilNextSync(): void;
  /** ExcelApi 1.9. */
  suspendScreenUpdatingUntilNextSync(): void;
  calculate(calculationType: 'Recalculate' | 'Full' | 'FullRebuild'): void;
}

export interface ExcelWorksheetCollection extends ExcelLoadable {
  readonly items: ExcelWorksheet[];
  add(name?: string): ExcelWorksheet;
  getItem(key: string): ExcelWorksheet;
  /** ExcelApi 1.4. */
  getItemOrNullObject(key: string): ExcelWorksheet;
}

type ExcelSheetVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface ExcelWorksheet extends ExcelLoadable {
  name: string;
  position: number;
  /** Readable in 1.1, settable in 1.2. */
  visibility: ExcelSheetVisibility;
  /** ExcelApi 1.7. */
  tabColor: string;
  readonly isNullObject: boolean;
  readonly tables: ExcelTableCollection;
  readonly charts: ExcelChartCollection;
  /** ExcelApi 1.7. */
  readonly freezePanes: ExcelFreezePanes;
  /** Names scoped to the sheet. ExcelApi 1.4. */
  readonly names: ExcelNamedItemCollection;
  getRange(address?: string): ExcelRange;
  /** ExcelApi 1.4. */
  getUsedRangeOrNullObject(valuesOnly?: boolean): ExcelRange;
  /** ExcelApi 1.9. */
  readonly pageLayout: ExcelPageLayout;
  /** ExcelApi 1.9. */
  readonly horizontalPageBreaks: ExcelPageBreakCollection;
  /** ExcelApi 1.10. */
  showOutlineLevels(rowLevels: number, columnLevels: number): void;
  delete(): void;
}

export interface ExcelNamedItemCollection {
  /** ExcelApi 1.4. */
  add(name: string, reference: ExcelRange | string, comment?: string): unknown;
  /** ExcelApi 1.4. */
  getItemOrNullObject(name: string): ExcelNamedItem;
}

export interface ExcelNamedItem extends ExcelLoadable {
  readonly isNullObject: boolean;
}

export interface ExcelRange extends ExcelLoadable {
  /** Raw values; a write parses strings like typed input (see cells.ts). */
  values: unknown[][];
  formulas: unknown[][];
  numberFormat: unknown[][];
  readonly address: string;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly isNullObject: boolean;
  readonly format: ExcelRangeFormat;
  /** ExcelApi 1.10. */
  group(groupOption: 'ByRows' | 'ByColumns'): void;
  getLastRow(): ExcelRange;
  getOffsetRange(rowOffset: number, columnOffset: number): ExcelRange;
  getBoundingRect(anotherRange: ExcelRange | string): ExcelRange;
  getColumn(column: number): ExcelRange;
  /** ExcelApi 1.2. */
  getRowsBelow(count?: number): ExcelRange;
  clear(applyTo?: 'All' | 'Formats' | 'Contents'): void;
  delete(shift: 'Up' | 'Left'): void;
}

export interface ExcelRangeFormat {
  /** In points (ExcelApi 1.2). */
  columnWidth: number;
  /** ExcelApi 1.1. */
  wrapText: boolean;
  /** ExcelApi 1.1: "General", "Left", "Center", "Right" (and others office.js names, never set here). */
  horizontalAlignment: string;
  readonly font: ExcelRangeFont;
  readonly fill: ExcelRangeFill;
  autofitColumns(): void;
  /** ExcelApi 1.2. */
  autofitRows(): void;
}

export interface ExcelRangeFont {
  bold: boolean;
  italic: boolean;
  size: number;
  color: string;
}

export interface ExcelRangeFill {
  color: string;
}

export interface ExcelTableCollection extends ExcelLoadable {
  readonly items: ExcelTable[];
  /** ExcelApi 1.7; the fake Excel has none. */
  readonly onChanged?: ExcelEvent;
  add(address: ExcelRange | string, hasHeaders: boolean): ExcelTable;
  getItem(key: string): ExcelTable;
  /** ExcelApi 1.4. */
  getItemOrNullObject(key: string): ExcelTable;
}

/** office.js's EventHandlers: the handler runs after each change, until the page closes. */
interface ExcelEvent {
  add(handler: (event: unknown) => Promise<unknown>): unknown;
}

export interface ExcelTable extends ExcelLoadable {
  name: string;
  style: string;
  readonly isNullObject: boolean;
  readonly worksheet: ExcelWorksheet;
  readonly rows: ExcelTableRowCollection;
  getRange(): ExcelRange;
  getHeaderRowRange(): ExcelRange;
  getDataBodyRange(): ExcelRange;
  delete(): void;
}

export interface ExcelTableRowCollection extends ExcelLoadable {
  readonly count: number;
  /** Several rows in one call need ExcelApi 1.4. */
  add(index?: number, values?: Array<Array<boolean | string | number>>): unknown;
}

export interface ExcelChartCollection {
  add(type: 'ColumnClustered', sourceData: ExcelRange, seriesBy?: 'Auto' | 'Columns' | 'Rows'): ExcelChart;
}

export interface ExcelChart {
  name: string;
  width: number;
  height: number;
  readonly title: { text: string };
  setPosition(startCell: ExcelRange | string, endCell?: ExcelRange | string): void;
}

/** ExcelApi 1.9. */
export interface ExcelPageLayout {
  orientation: 'Portrait' | 'Landscape';
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number };
  readonly headersFooters: { readonly defaultForAllPages: { leftFooter: string; rightFooter: string } };
  setPrintArea(printArea: string): void;
  setPrintTitleRows(titleRows: string): void;
}

/** ExcelApi 1.9. */
export interface ExcelPageBreakCollection {
  /** A page break above the range's top-left cell. */
  add(pageBreakRange: string): unknown;
}

export interface ExcelFreezePanes {
  freezeRows(count?: number): void;
  freezeColumns(count?: number): void;
  freezeAt(frozenRange: ExcelRange | string): void;
}

export interface ExcelPivotTableCollection extends ExcelLoadable {
  readonly items: ExcelPivotTable[];
  getItem(name: string): ExcelPivotTable;
  /** ExcelApi 1.8. */
  add(name: string, source: ExcelRange | string | ExcelTable, destination: ExcelRange | string): ExcelPivotTable;
}

export interface ExcelPivotTable {
  name: string;
  readonly hierarchies: { getItem(name: string): ExcelPivotHierarchy };
  readonly rowHierarchies: { add(pivotHierarchy: ExcelPivotHierarchy): unknown };
  readonly columnHierarchies: { add(pivotHierarchy: ExcelPivotHierarchy): unknown };
  readonly dataHierarchies: { add(pivotHierarchy: ExcelPivotHierarchy): ExcelDataPivotHierarchy };
}

export interface ExcelPivotHierarchy {
  readonly name: string;
}

export interface ExcelDataPivotHierarchy {
  name: string;
  numberFormat: string;
  /** office.js accepts "Sum", "Count", ... (Excel.AggregationFunction). */
  summarizeBy: string;
}
