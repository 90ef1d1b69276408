import { cellAddress } from './addresses';
import type { PlannedPivot, RefreshPlan } from './refresh-plan';
import { callBytes } from './request-budget';
import type { WorkItem } from './sync-runner';

/**
 * PivotTables (ExcelApi 1.8), created once every sheet and table exists: a pivot's source must be in the workbook,
 * and it cannot be changed after creation, so each refresh builds a new one over the new table (docs: "A PivotTable's
 * data source can't be changed"). Pivots are created through workbook.pivotTables: a destination on another sheet
 * than the one the collection belongs to can throw (office-js-docs-pr PR #251). Without 1.8, sheet-writer.ts writes
 * each pivot's static summary at its anchor instead.
 */

/**
 * The caption of a value field. Excel refuses a caption equal to a field of the source ("Sales" over a column
 * "Sales"), so such a caption gets a trailing space, the usual way to show the same word.
 */
function valueCaption(name: string, sourceColumns: readonly string[]): string {
  const taken = new Set(sourceColumns.map((column) => column.toLowerCase()));
  let caption = name;
  while (taken.has(caption.toLowerCase())) caption += ' ';
  return caption;
}

function pivotItem(pivot: PlannedPivot, plan: RefreshPlan): WorkItem {
  const layout = pivot.layout;
  const source = plan.tableByName(layout.sourceTable);
  if (source === undefined) throw new Error(`pivot ${layout.name}: no table ${layout.sourceTable} in the layout`);
  const destination = cellAddress(layout.anchor.row, layout.anchor.column);
  const fields = layout.rows.length + layout.columns.length + layout.values.length;
  return {
    label: `pivot ${layout.name} on ${pivot.sheet.finalName}`,
    bytes: callBytes(pivot.tempName, source.tempName, destination) + fields * 2 * callBytes(layout.values),
    apply(scope) {
      const created = scope.context.workbook.pivotTables.add(pivot.tempName, scope.table(source.tempName), scope.sheet(pivot.sheet.tempName).getRange(destination));
      for (const field of layout.rows) created.rowHierarchies.add(created.hierarchies.getItem(field));
      for (const field of layout.columns) created.columnHierarchies.add(created.hierarchies.getItem(field));
      for (const value of layout.values) {
        const data = created.dataHierarchies.add(created.hierarchies.getItem(value.field));
        data.summarizeBy = 'Sum';
        data.numberFormat = value.numberFormat;
        data.name = valueCaption(value.name, source.layout.columns);
      }
    },
  };
}

export function pivotItems(plan: RefreshPlan): WorkItem[] {
  return plan.pivots.map((pivot) => pivotItem(pivot, plan));
}
