import { ADD_IN_SHEET_MARK } from './refresh-plan';
import type { SyncRunner } from './sync-runner';

/**
 * The workbook's sheets, tables and pivots by name, read in one sync: what a refresh checks before it starts, before
 * the swap and after a failure, and what the user-table writer looks for.
 */

interface SheetState {
  name: string;
  position: number;
  /** The sheet carries the add-in's mark (refresh-plan.ts): a refresh made it. */
  addIn: boolean;
}

export interface WorkbookState {
  /** In tab order. */
  sheets: SheetState[];
  tables: Array<{ name: string; sheet: string }>;
  pivots: string[];
}

export async function readWorkbookState(runner: SyncRunner): Promise<WorkbookState> {
  const { workbook } = runner.context;
  const sheets = workbook.worksheets;
  const tables = workbook.tables;
  const pivots = workbook.pivotTables;
  sheets.load('items/name,items/position');
  tables.load('items/name,items/worksheet/name');
  pivots.load('items/name');
  await runner.read('sheets and tables');
  const marks = sheets.items.map((sheet) => sheet.names.getItemOrNullObject(ADD_IN_SHEET_MARK));
  await runner.read('the add-in sheets');
  return {
    sheets: sheets.items.map((sheet, i) => ({ name: sheet.name, position: sheet.position, addIn: !marks[i].isNullObject })).sort((a, b) => a.position - b.position),
    tables: tables.items.map((table) => ({ name: table.name, sheet: table.worksheet.name })),
    pivots: pivots.items.map((pivot) => pivot.name),
  };
}
