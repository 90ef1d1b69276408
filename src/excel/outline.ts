import { rowsAddress } from './addresses';
import { callBytes } from './request-budget';
import type { WorkItem } from './sync-runner';

/**
 * Row outline (ExcelApi 1.10): rows with outline level L sit inside L nested groups. Excel nests groups when the
 * outer range is grouped first and the inner ranges after (docs/excel/excel-add-ins-ranges-group.md), so groups are
 * produced level by level. A group covers the rows that collapse, not the subtotal row above them.
 */

interface OutlineGroup {
  firstRow: number;
  lastRow: number;
  level: number;
}

/** Excel's outline has 8 levels; the top one holds the ungrouped rows. */
export const MAX_OUTLINE_LEVEL = 7;

/** Groups for rows' levels (sheet row → level; rows not listed are level 0), outer levels first. */
export function outlineGroups(levels: ReadonlyMap<number, number>): OutlineGroup[] {
  const rows = [...levels.entries()].filter(([, level]) => level > 0).sort((a, b) => a[0] - b[0]);
  const deepest = rows.reduce((max, [, level]) => Math.max(max, level), 0);
  const groups: OutlineGroup[] = [];
  for (let level = 1; level <= deepest; level++) {
    let start = -1;
    let previous = -2;
    for (const [row, rowLevel] of rows) {
      if (rowLevel < level) continue;
      if (row !== previous + 1) {
        if (start >= 0) groups.push({ firstRow: start, lastRow: previous, level });
        start = row;
      }
      previous = row;
    }
    if (start >= 0) groups.push({ firstRow: start, lastRow: previous, level });
  }
  return groups;
}

/** One small item per group (the runner packs them), then the level shown. */
export function* outlineItems(sheetName: string, displayName: string, levels: ReadonlyMap<number, number>, showLevel: number | undefined): Generator<WorkItem> {
  const groups = outlineGroups(levels);
  for (const group of groups) {
    const address = rowsAddress(group.firstRow, group.lastRow);
    yield {
      label: `${displayName}, outline rows ${address}`,
      bytes: callBytes(address, 'ByRows'),
      apply: (scope) => scope.sheet(sheetName).getRange(address).group('ByRows'),
    };
  }
  if (showLevel !== undefined && groups.length > 0) {
    yield {
      label: `${displayName}, outline level`,
      bytes: callBytes(showLevel, 0),
      apply: (scope) => scope.sheet(sheetName).showOutlineLevels(showLevel, 0),
    };
  }
}
