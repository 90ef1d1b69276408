import { TABLE_COLUMNS } from '../billing/config';
import type { WorkbookLayout } from '../workbook/layout';
import { REQUIRED_VERSIONS, type Capabilities } from './capabilities';
import { LayoutError, WorkbookWriteError, WriteCancelledError, errorMessage } from './errors';
import type { ExcelContext } from './excel-api';
import { pivotItems } from './pivots';
import { planRefresh } from './refresh-plan';
import { SwapNotBegunError, checkReplaceable, discardTemporarySheets, swapIntoPlace, temporarySheetsItem } from './refresh-swap';
import { readWorkbookState } from './workbook-state';
import { DEFAULT_MAX_REQUEST_BYTES, RequestBudget } from './request-budget';
import { sheetItems } from './sheet-writer';
import { SyncRunner, type WorkItem } from './sync-runner';
import { undoUserTables, writeUserTables, type UserTableUndo } from './user-tables';
import { validateLayout } from './validate-layout';

/**
 * Writes a workbook layout into the open workbook with office.js (a refresh).
 *
 * 1. Check the layout and read the workbook's sheets and tables (one sync).
 * 2. Build every add-in sheet, hidden, under a temporary name: rows in byte-sized blocks (row-blocks.ts), then tables,
 *    widths, frozen panes, charts, outline; then the pivots over the new tables.
 * 3. Create or append to the user's configuration tables (user-tables.ts).
 * 4. Swap: delete the previous add-in sheets and rename the new ones into place in one request (refresh-swap.ts).
 *
 * Any failure before the swap deletes the temporary sheets and undoes step 3, leaving the previous report and every
 * user sheet as they were, then rethrows with a message for the user.
 */

export type WritePhase = 'reading' | 'sheets' | 'user-tables' | 'swap';

export interface WriteOptions {
  capabilities: Capabilities;
  /** done and total in rows for 'sheets', in steps otherwise. */
  onProgress?: (phase: WritePhase, done: number, total: number) => void;
  /** The request size aimed under; Excel on the web refuses requests over 5 MB. Default 2,000,000 bytes. */
  maxRequestBytes?: number;
  signal?: AbortSignal;
}

export interface WriteResult {
  /** context.sync() calls made, reads included. */
  syncs: number;
  /** The largest write request, as estimated (request-budget.ts). */
  largestRequestBytes: number;
  /** What was skipped or simplified and why, in words for the user. */
  skipped: string[];
  /** The add-in sheets written, in tab order. */
  sheets: string[];
}

function skippedFeatures(layout: WorkbookLayout, capabilities: Capabilities): string[] {
  const skipped: string[] = [];
  const pivots = layout.sheets.flatMap((sheet) => sheet.pivots.map((pivot) => `${pivot.name} on ${sheet.name}`));
  if (pivots.length > 0 && !capabilities.pivotTables) {
    skipped.push(`pivots need Excel API ${REQUIRED_VERSIONS.pivotTables}: a static summary was written instead (${pivots.join(', ')})`);
  }
  const outlined = layout.sheets.filter((sheet) => sheet.rows.some((row) => (row.outlineLevel ?? 0) > 0)).map((sheet) => sheet.name);
  if (outlined.length > 0 && !capabilities.outlineGrouping) {
    skipped.push(`outline grouping needs Excel API ${REQUIRED_VERSIONS.outlineGrouping}: rows were written without groups (${outlined.join(', ')})`);
  }
  const views = layout.sheets.filter((sheet) => (sheet.freeze && (sheet.freeze.rows > 0 || sheet.freeze.columns > 0)) || sheet.tabColor).map((sheet) => sheet.name);
  if (views.length > 0 && !capabilities.worksheetViews) {
    skipped.push(`frozen panes and tab colours need Excel API ${REQUIRED_VERSIONS.worksheetViews} (${views.join(', ')})`);
  }
  const printed = layout.sheets.filter((sheet) => sheet.print !== undefined).map((sheet) => sheet.name);
  if (printed.length > 0 && !capabilities.printSetup) {
    skipped.push(`print setup (fit to page width, print area, page numbers, a page per customer statement) needs Excel API ${REQUIRED_VERSIONS.printSetup} (${printed.join(', ')})`);
  }
  return skipped;
}

export async function writeWorkbook(context: ExcelContext, layout: WorkbookLayout, options: WriteOptions): Promise<WriteResult> {
  const { capabilities } = options;
  if (!capabilities.baseline) {
    throw new LayoutError(`This version of Excel is too old for the add-in: it needs Excel API ${REQUIRED_VERSIONS.baseline} (Excel 2016 with current updates, Excel 2019 or later, Microsoft 365 or Excel on the web).`);
  }
  validateLayout(layout);
  const progress = options.onProgress ?? (() => undefined);
  const plan = planRefresh(layout);
  const skipped = skippedFeatures(layout, capabilities);
  const totalRows = layout.sheets.reduce((sum, sheet) => sum + sheet.rows.length + (capabilities.pivotTables ? 0 : sheet.pivots.reduce((n, pivot) => n + pivot.fallback.length, 0)), 0);
  let rowsWritten = 0;
  let phase: WritePhase = 'reading';
  const runner = new SyncRunner(context, new RequestBudget(options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES), {
    signal: options.signal,
    // Calculation is suspended per request (it resumes at each sync); the swap recalculates once at the end.
    beforeWrite: capabilities.suspendCalculation ? (ctx) => ctx.workbook.application.suspendApiCalculationUntilNextSync() : undefined,
    onWritten: (items: readonly WorkItem[]) => {
      if (phase !== 'sheets') return;
      rowsWritten += items.reduce((sum, item) => sum + (item.rows ?? 0), 0);
      progress('sheets', rowsWritten, totalRows);
    },
  });

  progress('reading', 0, 1);
  const before = await readWorkbookState(runner);
  // The contract's configuration tables are the user's even when this layout does not mention them.
  checkReplaceable(before, plan, [...Object.keys(TABLE_COLUMNS), ...layout.userTables.flatMap((table) => [table.name, table.excelName])]);
  progress('reading', 1, 1);

  const undo: UserTableUndo[] = [];
  let swapping = false;
  try {
    phase = 'sheets';
    progress('sheets', 0, totalRows);
    // One stream of items: small ones (a short sheet, a table, a pivot) share requests across sheet boundaries.
    await runner.write(
      (function* (): Generator<WorkItem> {
        yield temporarySheetsItem(before, plan);
        for (const sheet of plan.sheets) yield* sheetItems(sheet, plan, capabilities, runner.budget);
        // Pivots last: their source tables must exist (requests run in order).
        if (capabilities.pivotTables) yield* pivotItems(plan);
      })(),
    );
    phase = 'user-tables';
    progress('user-tables', 0, layout.userTables.length);
    await writeUserTables(runner, layout.userTables, undo, skipped);
    progress('user-tables', layout.userTables.length, layout.userTables.length);
    runner.checkCancelled();
    phase = 'swap';
    progress('swap', 0, 1);
    swapping = true;
    await swapIntoPlace(runner, plan, capabilities, capabilities.suspendCalculation);
    progress('swap', 1, 1);
  } catch (error) {
    // A swap that had begun was finished or reported by swapIntoPlace; anything else is undone here.
    if (swapping && !(error instanceof SwapNotBegunError)) throw error;
    const cleanup = await rollBack(runner, undo);
    if (error instanceof WriteCancelledError) throw cleanup ? new WorkbookWriteError(`${error.message} ${cleanup}`, error) : error;
    const reason = error instanceof WorkbookWriteError ? error.message : `Writing to Excel failed: ${errorMessage(error)}`;
    throw new WorkbookWriteError(`${reason}\n${cleanup ?? 'The previous report and your tables were left as they were.'}`, error);
  }
  return {
    syncs: runner.syncs,
    largestRequestBytes: runner.largestRequestBytes,
    skipped,
    sheets: plan.sheets.map((sheet) => sheet.finalName),
  };
}

/** Deletes the temporary sheets and undoes the user-table changes; returns what could not be cleaned up, if anything. */
async function rollBack(runner: SyncRunner, undo: readonly UserTableUndo[]): Promise<string | null> {
  // Cleaning up must not be stopped by the cancel that caused it.
  const cleaner = new SyncRunner(runner.context, runner.budget);
  const left: string[] = [];
  try {
    await discardTemporarySheets(cleaner);
  } catch {
    left.push('Some unfinished sheets (names starting with "~") could not be removed; the next refresh removes them.');
  }
  try {
    await undoUserTables(cleaner, undo);
  } catch {
    left.push('Rows this refresh added to your tables could not all be removed.');
  }
  runner.syncs += cleaner.syncs;
  return left.length > 0 ? left.join(' ') : null;
}
