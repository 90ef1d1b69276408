import { tableKey } from './addresses';
import type { Capabilities } from './capabilities';
import { LayoutError, WorkbookWriteError } from './errors';
import { ADD_IN_SHEET_MARK, ADD_IN_SHEET_NOTE, TEMPORARY_SHEET, type RefreshPlan } from './refresh-plan';
import { callBytes } from './request-budget';
import type { SyncRunner, WorkItem } from './sync-runner';
import { readWorkbookState, type WorkbookState } from './workbook-state';

/**
 * Refresh safety. The new report is built on hidden sheets under temporary names while the previous report stays as
 * it was; then one request makes the new sheets visible, deletes the previous add-in sheets and renames the new
 * sheets, tables and pivots into place. A failure before that request leaves the previous report untouched and the
 * temporary sheets are deleted. office.js does not undo a failed request (operations before the failing one stay
 * applied), so a failed swap is looked at again: if it had begun, it is finished from the state it left.
 */

const lower = (name: string) => name.toLowerCase();

/**
 * The add-in sheets of the previous refresh: sheets named like the layout's (sheet names ignore case) that carry the
 * add-in's mark (the command line's report.xlsx gives its report sheets the mark too). Nothing else is ever replaced,
 * not even a sheet holding a report table.
 */
function previousSheets(state: WorkbookState, plan: RefreshPlan): string[] {
  return state.sheets.filter((sheet) => sheet.addIn && plan.sheetByName(sheet.name) !== undefined).map((sheet) => sheet.name);
}

/** What an interrupted refresh left: temporary names on sheets carrying the mark (a user's "~1~ notes" has none). */
function leftoverSheets(state: WorkbookState): string[] {
  return state.sheets.filter((sheet) => sheet.addIn && TEMPORARY_SHEET.test(sheet.name)).map((sheet) => sheet.name);
}

/**
 * Refuses to start a write (a refresh, or the export's sheet) that could not finish or would delete what is not the
 * add-in's: one of the user's configuration tables on a sheet named like an add-in sheet, or a table elsewhere holding
 * a name the new sheets' tables need. (Other tables on a previous add-in sheet are the previous report's and go with
 * it.) Each message's second line is what to do, in words that fit both.
 */
export function checkReplaceable(state: WorkbookState, plan: RefreshPlan, userTableNames: readonly string[]): void {
  const replaced = new Set(previousSheets(state, plan).map(lower));
  const leftovers = new Set(leftoverSheets(state).map(lower));
  for (const sheet of state.sheets) {
    // A temporary name too: the new report is built under it.
    const needed = plan.sheetByName(sheet.name) !== undefined || plan.sheets.some((planned) => lower(planned.tempName) === lower(sheet.name));
    if (needed && !replaced.has(lower(sheet.name)) && !leftovers.has(lower(sheet.name))) {
      throw new LayoutError(`Sheet "${sheet.name}" is not one the add-in made, but the add-in writes a sheet of that name.\nRename your sheet, then try again.`);
    }
  }
  const userTables = new Set(userTableNames.map(tableKey));
  for (const table of state.tables) {
    if (leftovers.has(lower(table.sheet))) continue;
    if (replaced.has(lower(table.sheet)) && userTables.has(tableKey(table.name))) {
      throw new LayoutError(`Sheet "${table.sheet}" holds your table "${table.name}", but the add-in replaces that sheet.\nMove the table to another sheet or rename the sheet, then try again.`);
    }
    if (!replaced.has(lower(table.sheet)) && plan.tableByName(table.name) !== undefined) {
      throw new LayoutError(`The add-in needs the table name "${table.name}", which a table on sheet "${table.sheet}" already has.\nRename that table, then try again.`);
    }
  }
}

/** Removes what an interrupted refresh left, then adds the new sheets, hidden until the swap. */
export function temporarySheetsItem(state: WorkbookState, plan: RefreshPlan): WorkItem {
  const leftovers = leftoverSheets(state);
  return {
    label: 'new sheets',
    bytes: (leftovers.length + 2 * plan.sheets.length) * callBytes('~00~' + 'x'.repeat(31)) + plan.sheets.length * callBytes(ADD_IN_SHEET_MARK, 'A1', ADD_IN_SHEET_NOTE),
    apply(scope) {
      for (const name of leftovers) scope.deleteSheet(name);
      for (const sheet of plan.sheets) {
        const created = scope.addSheet(sheet.tempName);
        // Hidden: the user sees the previous report, not half of the new one, and cannot type into it meanwhile.
        created.visibility = 'Hidden';
        // Marked as the add-in's: the next refresh replaces it, and never a sheet of the user's with the same name.
        created.names.add(ADD_IN_SHEET_MARK, created.getRange('A1'), ADD_IN_SHEET_NOTE);
      }
    },
  };
}

/**
 * Moves that turn `current` (sheet names in tab order) into `desired`, as [name, position] pairs: each sheet in turn
 * is moved to its final index, skipping those already there, so only the sheets out of place are touched.
 */
export function sheetMoves(current: readonly string[], desired: readonly string[]): Array<[string, number]> {
  const order = [...current];
  const moves: Array<[string, number]> = [];
  desired.forEach((name, index) => {
    if (order[index] === name) return;
    order.splice(order.indexOf(name), 1);
    order.splice(index, 0, name);
    moves.push([name, index]);
  });
  return moves;
}

/**
 * The swap as calls against the state the workbook is in now, so that it can also finish a swap that stopped
 * halfway. A swap deletes before it renames, so once any new sheet has its final name every previous sheet is gone:
 * `deletePrevious` is then false, and the sheets with layout names are the new ones.
 */
function swapItem(state: WorkbookState, plan: RefreshPlan, capabilities: Capabilities, recalculate: boolean, deletePrevious: boolean): WorkItem {
  const present = new Set(state.sheets.map((sheet) => lower(sheet.name)));
  const tables = new Set(state.tables.map((table) => lower(table.name)));
  const pivots = new Set(state.pivots.map(lower));
  const temporary = plan.sheets.filter((sheet) => present.has(lower(sheet.tempName)));
  const previous = deletePrevious ? previousSheets(state, plan) : [];
  const previousNames = new Set(previous.map(lower));
  const temporaryNames = new Set(temporary.map((sheet) => lower(sheet.tempName)));
  const renamedTables = plan.tables.filter((table) => tables.has(lower(table.tempName)));
  const renamedPivots = plan.pivots.filter((pivot) => pivots.has(lower(pivot.tempName)));
  // The new sheets take the place of the previous ones (where the first of them was); on a first refresh they go last.
  const remaining = state.sheets.filter((sheet) => !previousNames.has(lower(sheet.name)));
  const kept = remaining.filter((sheet) => !temporaryNames.has(lower(sheet.name)));
  const firstPrevious = state.sheets.find((sheet) => previousNames.has(lower(sheet.name)));
  const at = firstPrevious === undefined ? kept.length : kept.filter((sheet) => sheet.position < firstPrevious.position).length;
  const desired = [...kept.slice(0, at).map((sheet) => sheet.name), ...temporary.map((sheet) => sheet.tempName), ...kept.slice(at).map((sheet) => sheet.name)];
  const moves = sheetMoves(
    remaining.map((sheet) => sheet.name),
    desired,
  );
  return {
    label: 'putting the new report in place',
    bytes: (3 * temporary.length + previous.length + renamedTables.length + renamedPivots.length + moves.length + 2) * callBytes('~00~' + 'x'.repeat(31), 'x'.repeat(64)),
    apply(scope) {
      const { application } = scope.context.workbook;
      if (capabilities.suspendScreenUpdating) application.suspendScreenUpdatingUntilNextSync();
      // Visible first: Excel refuses to delete the last visible sheet, and the previous report may be all there is.
      for (const sheet of temporary) scope.sheet(sheet.tempName).visibility = 'Visible';
      for (const name of previous) scope.deleteSheet(name);
      // Proxies keep referring to their sheet after a rename within the request, so moves below use the old names.
      for (const sheet of temporary) scope.sheet(sheet.tempName).name = sheet.finalName;
      for (const table of renamedTables) scope.table(table.tempName).name = table.finalName;
      for (const pivot of renamedPivots) scope.context.workbook.pivotTables.getItem(pivot.tempName).name = pivot.finalName;
      for (const [name, position] of moves) scope.sheet(name).position = position;
      // Calculation was suspended for each write request; formulas written meanwhile are calculated now.
      if (recalculate) application.calculate('Recalculate');
    },
  };
}

/** True once a swap request has changed something: from then on the new report must be finished, not discarded. */
function swapBegun(before: WorkbookState, after: WorkbookState, plan: RefreshPlan): boolean {
  const names = (state: WorkbookState) => new Set(state.sheets.map((sheet) => lower(sheet.name)));
  const was = names(before);
  const is = names(after);
  const previousGone = previousSheets(before, plan).some((name) => !is.has(lower(name)));
  const renamed = plan.sheets.some((sheet) => was.has(lower(sheet.tempName)) && !is.has(lower(sheet.tempName)));
  return previousGone || renamed;
}

/** Thrown when the swap failed before changing anything: the caller discards the new sheets as for any failure. */
export class SwapNotBegunError extends WorkbookWriteError {}

export async function swapIntoPlace(runner: SyncRunner, plan: RefreshPlan, capabilities: Capabilities, recalculate: boolean): Promise<void> {
  let before: WorkbookState;
  try {
    before = await readWorkbookState(runner);
  } catch (error) {
    throw new SwapNotBegunError((error as Error).message, error);
  }
  try {
    await runner.write([swapItem(before, plan, capabilities, recalculate, true)]);
    return;
  } catch (error) {
    let after: WorkbookState;
    try {
      after = await readWorkbookState(runner);
    } catch {
      // Whether the swap began is unknown: deleting the new sheets now could leave no report at all.
      throw new WorkbookWriteError(`${(error as Error).message}\nExcel stopped answering while the new report was put in place. Refresh again to finish; your own sheets and tables were not changed.`, error);
    }
    if (!swapBegun(before, after, plan)) throw new SwapNotBegunError((error as Error).message, error);
    const renamedAny = plan.sheets.some((sheet) => !after.sheets.some((candidate) => lower(candidate.name) === lower(sheet.tempName)));
    try {
      await runner.write([swapItem(after, plan, capabilities, recalculate, !renamedAny)]);
    } catch (second) {
      throw new WorkbookWriteError(
        'The new report was written but could not be put in place; some of its sheets may still have names starting with "~". Refresh again to finish.',
        second,
      );
    }
  }
}

/** Deletes the add-in's temporary sheets (with their tables and pivots); the previous report and user sheets stay as they were. */
export async function discardTemporarySheets(runner: SyncRunner): Promise<void> {
  const leftovers = leftoverSheets(await readWorkbookState(runner));
  if (leftovers.length === 0) return;
  await runner.write([
    {
      label: 'removing the unfinished report',
      bytes: leftovers.length * callBytes('~00~' + 'x'.repeat(31)),
      apply: (scope) => leftovers.forEach((name) => scope.deleteSheet(name)),
    },
  ]);
}
