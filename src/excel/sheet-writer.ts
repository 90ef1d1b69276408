import { pivotWidth, rowsWithFixedFigures } from '../workbook/formats';
import { type ChartLayout, type ColumnLayout, type PivotLayout, type PrintLayout, type TableLayout } from '../workbook/layout';
import { cellAddress, columnsAddress, MAX_ROWS, rangeAddress, rowsAddress } from './addresses';
import type { Capabilities } from './capabilities';
import type { ExcelWorksheet } from './excel-api';
import { outlineItems } from './outline';
import type { PlannedSheet, RefreshPlan } from './refresh-plan';
import { callBytes, type RequestBudget } from './request-budget';
import { regionItems, type Region } from './row-blocks';
import type { BatchScope, WorkItem } from './sync-runner';

/**
 * One add-in sheet as work items, in the order Excel needs them: the rows (and, without pivots, each pivot's static
 * summary at its anchor), then what sits on the filled cells (tables, column widths, frozen panes, tab colour,
 * charts), then the outline.
 */

/**
 * Excel character units → points, the unit of `format.columnWidth` (office-js #187, answered by the docs team).
 * A column n characters wide is n maximum-digit widths plus 5 pixels of padding; with Excel's default font (Calibri
 * 11, 7-pixel digits) that is 7n + 5 pixels, and a pixel is 0.75 point.
 */
export function columnWidthPoints(characters: number): number {
  return Math.round(characters * 7 + 5) * POINTS_PER_PIXEL;
}

const POINTS_PER_PIXEL = 0.75;

export function* sheetItems(sheet: PlannedSheet, plan: RefreshPlan, capabilities: Capabilities, budget: RequestBudget): Generator<WorkItem> {
  const layout = sheet.layout;
  const base: Omit<Region, 'rows' | 'firstRow' | 'firstColumn' | 'columns'> = {
    sheetName: sheet.tempName,
    displayName: sheet.finalName,
    styleWidth: layout.columns.length,
    retarget: plan.retarget,
  };
  // Without PivotTables, their fixed figures, under the caption that says so.
  const rows = capabilities.pivotTables ? layout.rows : rowsWithFixedFigures(layout);
  yield* regionItems({ ...base, rows, firstRow: 0, firstColumn: 0, columns: layout.columns }, budget);
  if (!capabilities.pivotTables) {
    for (const pivot of layout.pivots) yield* regionItems(fallbackRegion(base, pivot, layout.columns), budget);
  }
  yield finishingItem(sheet, plan, capabilities);
  if (capabilities.outlineGrouping) yield* outlineItems(sheet.tempName, sheet.finalName, outlineLevels(sheet, capabilities), layout.showOutlineLevel);
}

function fallbackRegion(base: Omit<Region, 'rows' | 'firstRow' | 'firstColumn' | 'columns'>, pivot: PivotLayout, columns: readonly ColumnLayout[]): Region {
  // The pivot's own columns: a shaded row of it must not shade the gap and the pivot beside it.
  const width = pivotWidth(pivot);
  return { ...base, styleWidth: width, rows: pivot.fallback, firstRow: pivot.anchor.row, firstColumn: pivot.anchor.column, columns: columns.slice(pivot.anchor.column, pivot.anchor.column + width) };
}

/** Sheet row → outline level, from the sheet's rows and, when they are written, the pivots' summaries. */
function outlineLevels(sheet: PlannedSheet, capabilities: Pick<Capabilities, 'pivotTables'>): Map<number, number> {
  const levels = new Map<number, number>();
  sheet.layout.rows.forEach((row, index) => {
    if (row.outlineLevel) levels.set(index, row.outlineLevel);
  });
  if (!capabilities.pivotTables) {
    for (const pivot of sheet.layout.pivots) {
      pivot.fallback.forEach((row, index) => {
        if (row.outlineLevel) levels.set(pivot.anchor.row + index, row.outlineLevel);
      });
    }
  }
  return levels;
}

function tableAddress(table: TableLayout): string {
  return rangeAddress(table.headerRow, table.firstColumn, table.lastRow - table.headerRow + 1, table.lastColumn - table.firstColumn + 1);
}

/** Runs of neighbouring columns with the same width: one call each. */
function widthRuns(columns: readonly ColumnLayout[]): Array<{ first: number; last: number; points: number }> {
  const runs: Array<{ first: number; last: number; points: number }> = [];
  columns.forEach((column, index) => {
    if (!(column.width > 0)) return; // no width: Excel's default
    const points = columnWidthPoints(column.width);
    const previous = runs[runs.length - 1];
    if (previous && previous.last === index - 1 && previous.points === points) previous.last = index;
    else runs.push({ first: index, last: index, points });
  });
  return runs;
}

function finishingItem(sheet: PlannedSheet, plan: RefreshPlan, capabilities: Capabilities): WorkItem {
  const layout = sheet.layout;
  const tables = plan.tables.filter((table) => table.sheet === sheet);
  const widths = widthRuns(layout.columns);
  const wrapped = layout.columns.flatMap((column, index) => (column.wrap ? [index] : []));
  const freeze = capabilities.worksheetViews && layout.freeze && (layout.freeze.rows > 0 || layout.freeze.columns > 0) ? layout.freeze : undefined;
  const tabColor = capabilities.worksheetViews ? layout.tabColor : undefined;
  const print = capabilities.printSetup ? layout.print : undefined;
  let bytes = 0;
  for (const table of tables) bytes += callBytes(tableAddress(table.layout), true) + callBytes(table.tempName) + callBytes(table.layout.style);
  for (const run of widths) bytes += callBytes(columnsAddress(run.first, run.last), run.points);
  bytes += wrapped.length * callBytes(columnsAddress(0, 0), true) + (wrapped.length > 0 ? callBytes(rowsAddress(0, layout.rows.length)) : 0);
  if (freeze) bytes += callBytes(freeze);
  if (tabColor) bytes += callBytes(tabColor);
  for (const chart of layout.charts) bytes += 6 * callBytes(chart);
  if (print) bytes += 6 * callBytes(print) + print.pageBreaksBefore.length * callBytes(cellAddress(MAX_ROWS - 1, 0));
  return {
    label: `${sheet.finalName}, tables, widths, charts and print setup`,
    bytes,
    apply(scope: BatchScope) {
      const worksheet = scope.sheet(sheet.tempName);
      for (const table of tables) {
        const created = worksheet.tables.add(tableAddress(table.layout), true);
        created.name = table.tempName;
        created.style = table.layout.style;
      }
      for (const run of widths) worksheet.getRange(columnsAddress(run.first, run.last)).format.columnWidth = run.points;
      // Wrapped text makes its rows taller: Excel fits them once the text and widths are in place.
      for (const column of wrapped) worksheet.getRange(columnsAddress(column, column)).format.wrapText = true;
      if (wrapped.length > 0 && layout.rows.length > 0) worksheet.getRange(rowsAddress(0, layout.rows.length - 1)).format.autofitRows();
      if (freeze) applyFreeze(worksheet, freeze);
      if (tabColor) worksheet.tabColor = tabColor;
      for (const chart of layout.charts) addChart(worksheet, chart);
      if (print) applyPrint(worksheet, print);
    },
  };
}

function applyFreeze(worksheet: ExcelWorksheet, freeze: { rows: number; columns: number }): void {
  if (freeze.rows > 0 && freeze.columns > 0) worksheet.freezePanes.freezeAt(rangeAddress(0, 0, freeze.rows, freeze.columns));
  else if (freeze.rows > 0) worksheet.freezePanes.freezeRows(freeze.rows);
  else worksheet.freezePanes.freezeColumns(freeze.columns);
}

function applyPrint(worksheet: ExcelWorksheet, print: PrintLayout): void {
  const page = worksheet.pageLayout;
  page.orientation = print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
  // One page wide, as many tall as it takes (Excel's "Fit All Columns on One Page").
  page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  // Down to the sheet's last row: Excel prints to the last filled one, however long a pivot grows.
  page.setPrintArea(print.firstRow > 0 ? rangeAddress(print.firstRow, 0, MAX_ROWS - print.firstRow, print.columns) : columnsAddress(0, print.columns - 1));
  if (print.titleRows > 0) page.setPrintTitleRows(`$1:$${print.titleRows}`);
  page.headersFooters.defaultForAllPages.leftFooter = print.footer.left;
  page.headersFooters.defaultForAllPages.rightFooter = print.footer.right;
  for (const row of print.pageBreaksBefore) worksheet.horizontalPageBreaks.add(cellAddress(row, 0));
}

function addChart(worksheet: ExcelWorksheet, chart: ChartLayout): void {
  const data = worksheet.getRange(rangeAddress(chart.data.row, chart.data.column, chart.data.rows, chart.data.columns));
  // A series per column, as the layout means it (and the .xlsx has it): with "Auto" Excel takes the rows as the
  // series of a range wider than tall (a month of one or two organizations), each organization a series of its own.
  const created = worksheet.charts.add('ColumnClustered', data, 'Columns');
  created.name = chart.name;
  created.title.text = chart.title;
  created.setPosition(cellAddress(chart.anchor.row, chart.anchor.column));
  // The layout sizes a chart in pixels; office.js in points.
  created.width = chart.size.width * POINTS_PER_PIXEL;
  created.height = chart.size.height * POINTS_PER_PIXEL;
}
