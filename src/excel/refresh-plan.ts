import type { PivotLayout, SheetLayout, TableLayout, WorkbookLayout } from '../workbook/layout';
import { MAX_SHEET_NAME } from './addresses';
import { renameMap, retargetFormula, type ReferenceRenames } from './formula-references';

/**
 * Names during a refresh. Every add-in sheet is built under a temporary name ("~1~Billing Report") next to the
 * previous report, and every table under a temporary name ("BillingLines__new"), because table names are unique in
 * the whole workbook and the previous report's tables still hold theirs. Pivots too: whether Excel wants their names
 * unique per sheet or per workbook is not documented, and a temporary name is right either way. Only when everything
 * is written are the previous sheets deleted and the new ones renamed (refresh-swap.ts).
 */

/** A name scoped to each sheet the add-in makes: what a refresh replaces is the sheets carrying it. */
export const ADD_IN_SHEET_MARK = 'CSPBilling_Sheet';
export const ADD_IN_SHEET_NOTE = 'Made by CSP Billing for Excel: a refresh replaces this sheet.';

/** Temporary sheet names. Those an interrupted refresh left (the browser closed mid-write), with its mark, go with the next one. */
export const TEMPORARY_SHEET = /^~\d+~/;
const TEMPORARY_TABLE_SUFFIX = '__new';

function temporarySheetName(index: number, name: string): string {
  return `~${index + 1}~${name}`.slice(0, MAX_SHEET_NAME);
}

/** Tables and pivots. */
function temporaryTableName(name: string): string {
  return `${name}${TEMPORARY_TABLE_SUFFIX}`;
}

export interface PlannedSheet {
  layout: SheetLayout;
  finalName: string;
  tempName: string;
}

interface PlannedTable {
  layout: TableLayout;
  sheet: PlannedSheet;
  finalName: string;
  tempName: string;
}

export interface PlannedPivot {
  layout: PivotLayout;
  sheet: PlannedSheet;
  finalName: string;
  tempName: string;
}

export interface RefreshPlan {
  sheets: PlannedSheet[];
  tables: PlannedTable[];
  pivots: PlannedPivot[];
  /** A layout formula written against the temporary names. */
  retarget(formula: string): string;
  sheetByName(name: string): PlannedSheet | undefined;
  tableByName(name: string): PlannedTable | undefined;
}

export function planRefresh(layout: WorkbookLayout): RefreshPlan {
  const sheets = layout.sheets.map((sheet, index) => ({ layout: sheet, finalName: sheet.name, tempName: temporarySheetName(index, sheet.name) }));
  const tables = sheets.flatMap((sheet) => sheet.layout.tables.map((table) => ({ layout: table, sheet, finalName: table.name, tempName: temporaryTableName(table.name) })));
  const pivots = sheets.flatMap((sheet) => sheet.layout.pivots.map((pivot) => ({ layout: pivot, sheet, finalName: pivot.name, tempName: temporaryTableName(pivot.name) })));
  const renames: ReferenceRenames = {
    sheets: renameMap(sheets.map((sheet) => [sheet.finalName, sheet.tempName])),
    tables: renameMap(tables.map((table) => [table.finalName, table.tempName])),
  };
  const sheetsByName = new Map(sheets.map((sheet) => [sheet.finalName.toLowerCase(), sheet]));
  const tablesByName = new Map(tables.map((table) => [table.finalName.toLowerCase(), table]));
  return {
    sheets,
    tables,
    pivots,
    retarget: (formula) => retargetFormula(formula, renames),
    sheetByName: (name) => sheetsByName.get(name.toLowerCase()),
    tableByName: (name) => tablesByName.get(name.toLowerCase()),
  };
}
