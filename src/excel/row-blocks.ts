import type { CellStyle, ColumnLayout, HorizontalAlignment, RowLayout } from '../workbook/layout';
import { rangeAddress } from './addresses';
import { convertRow, typicalFormat, type ConvertedRow, type RowConversion, type WrittenValue } from './cells';
import type { ExcelRange } from './excel-api';
import { CALL_OVERHEAD_BYTES, jsonBytes, utf8Length, type RequestBudget } from './request-budget';
import { applyStyle, isPlainStyle, styleCallCount } from './styles';
import type { WorkItem } from './sync-runner';

/**
 * Rows of a sheet → blocks of calls, each block sized by the bytes it sends, never by a row count: a block of short
 * numeric rows holds many more rows than a block of long text rows.
 *
 * Within a block, in this order: number formats (a 1×1 format per run of columns where a column is uniform, then the
 * cells that differ; or the column's full array when that is smaller), values (one 2-D array), formulas (the
 * cheapest of row runs, column runs or one array with nulls), styles. Formats go first so that text arrives in cells
 * already formatted as text (see cells.ts) and Excel does not re-render numbers twice.
 */

/** Rows written at one place on a sheet: the sheet's own rows, or a pivot's static summary at its anchor. */
export interface Region {
  /** The sheet written to (its temporary name during a refresh). */
  sheetName: string;
  /** The sheet's name as the user knows it, for messages. */
  displayName: string;
  rows: readonly RowLayout[];
  firstRow: number;
  firstColumn: number;
  /** Column layouts, from firstColumn. */
  columns: readonly ColumnLayout[];
  /** Columns a row's style spans (at least the written width). */
  styleWidth: number;
  retarget?: (formula: string) => string;
}

type BlockOp =
  | { kind: 'numberFormat'; address: string; formats: string[][] }
  | { kind: 'values'; address: string; values: WrittenValue[][] }
  | { kind: 'formulas'; address: string; formulas: Array<Array<string | null>> }
  | { kind: 'style'; address: string; style: CellStyle }
  | { kind: 'align'; address: string; align: HorizontalAlignment };

const EXCEL_ALIGNMENT = { left: 'Left', center: 'Center', right: 'Right' } as const;

/** Left free in a request cut to the budget, for the calls every request carries besides the block. */
const REQUEST_RESERVE_BYTES = 2 * CALL_OVERHEAD_BYTES;
const BLOCKS_PER_REQUEST = 4;
/** An address is at most "XFD1048576:XFD1048576" plus its JSON quotes. */
const ADDRESS_BYTES = 24;

function regionWidth(region: Region): number {
  let width = region.columns.length;
  for (const row of region.rows) if (row.cells.length > width) width = row.cells.length;
  return Math.max(width, 1);
}

function opBytes(op: BlockOp): number {
  const address = utf8Length(op.address) + 2;
  switch (op.kind) {
    case 'numberFormat':
      return CALL_OVERHEAD_BYTES + address + jsonBytes(op.formats);
    case 'values':
      return CALL_OVERHEAD_BYTES + address + jsonBytes(op.values);
    case 'formulas':
      return CALL_OVERHEAD_BYTES + address + jsonBytes(op.formulas);
    case 'style':
      return CALL_OVERHEAD_BYTES * styleCallCount(op.style) + address;
    case 'align':
      return CALL_OVERHEAD_BYTES + address;
  }
}

function applyOp(sheet: { getRange(address: string): ExcelRange }, op: BlockOp): void {
  const range = sheet.getRange(op.address);
  switch (op.kind) {
    case 'numberFormat':
      range.numberFormat = op.formats;
      break;
    case 'values':
      range.values = op.values;
      break;
    case 'formulas':
      range.formulas = op.formulas;
      break;
    case 'style':
      applyStyle(range, op.style);
      break;
    case 'align':
      range.format.horizontalAlignment = EXCEL_ALIGNMENT[op.align];
      break;
  }
}

/** Calls for rows [0, rows.length) of a block whose first row is `top` (sheet row) and first column `left`. */
export function planBlock(rows: readonly ConvertedRow[], top: number, left: number, width: number, styleWidth: number, columns: readonly ColumnLayout[] = []): BlockOp[] {
  const ops: BlockOp[] = [];
  planFormats(rows, top, left, width, ops);
  ops.push({ kind: 'values', address: rangeAddress(top, left, rows.length, width), values: rows.map((row) => row.values) });
  planFormulas(rows, top, left, width, ops);
  planStyles(rows, top, left, width, styleWidth, ops);
  planAlignments(rows, top, left, width, columns, ops);
  return ops;
}

/** A column's alignment over the block's rows in one call, then runs of a row's cells that sit otherwise (a header over numbers). */
function planAlignments(rows: readonly ConvertedRow[], top: number, left: number, width: number, columns: readonly ColumnLayout[], ops: BlockOp[]): void {
  for (let c = 0; c < width; c++) {
    const align = columns[c]?.align;
    if (align !== undefined) ops.push({ kind: 'align', address: rangeAddress(top, left + c, rows.length, 1), align });
  }
  for (let r = 0; r < rows.length; r++) {
    const alignments = rows[r].alignments;
    if (alignments === null) continue;
    equalRuns(alignments, width, (align, c, count) => {
      if (align !== undefined) ops.push({ kind: 'align', address: rangeAddress(top + r, left + c, 1, count), align });
    });
  }
}

/** The runs of equal values among a row's first `width` cells: each with its first column and its length. */
function equalRuns<T>(values: readonly T[], width: number, each: (value: T, first: number, count: number) => void): void {
  for (let c = 0; c < width; ) {
    let end = c + 1;
    while (end < width && values[end] === values[c]) end++;
    each(values[c], c, end - c);
    c = end;
  }
}

function planFormats(rows: readonly ConvertedRow[], top: number, left: number, width: number, ops: BlockOp[]): void {
  const n = rows.length;
  const bases: Array<string | null> = [];
  const overrides: BlockOp[] = [];
  const fullColumns: BlockOp[] = [];
  for (let c = 0; c < width; c++) {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.formats[c], (counts.get(row.formats[c]) ?? 0) + 1);
    let base = rows[0].formats[c];
    for (const [format, count] of counts) if (count > counts.get(base)!) base = format;
    const runs: BlockOp[] = [];
    let runBytes = 0;
    for (let r = 0; r < n; ) {
      const format = rows[r].formats[c];
      let end = r + 1;
      while (end < n && rows[end].formats[c] === format) end++;
      if (format !== base) {
        const op: BlockOp = { kind: 'numberFormat', address: rangeAddress(top + r, left + c, end - r, 1), formats: [[format]] };
        runs.push(op);
        runBytes += opBytes(op);
      }
      r = end;
    }
    const full: BlockOp = { kind: 'numberFormat', address: rangeAddress(top, left + c, n, 1), formats: rows.map((row) => [row.formats[c]]) };
    const broadcastBytes = CALL_OVERHEAD_BYTES + ADDRESS_BYTES + jsonBytes(base) + runBytes;
    if (runs.length > 0 && opBytes(full) < broadcastBytes) {
      bases.push(null);
      fullColumns.push(full);
    } else {
      bases.push(base);
      overrides.push(...runs);
    }
  }
  // Neighbouring columns with the same base format share one broadcast.
  equalRuns(bases, width, (base, c, count) => {
    if (base !== null) ops.push({ kind: 'numberFormat', address: rangeAddress(top, left + c, n, count), formats: [[base]] });
  });
  ops.push(...fullColumns, ...overrides);
}

function planFormulas(rows: readonly ConvertedRow[], top: number, left: number, width: number, ops: BlockOp[]): void {
  if (!rows.some((row) => row.formulas !== null)) return;
  const formulaAt = (r: number, c: number) => rows[r].formulas?.[c] ?? null;
  const byRow: BlockOp[] = [];
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].formulas === null) continue;
    for (let c = 0; c < width; ) {
      if (formulaAt(r, c) === null) {
        c++;
        continue;
      }
      let end = c + 1;
      while (end < width && formulaAt(r, end) !== null) end++;
      byRow.push({ kind: 'formulas', address: rangeAddress(top + r, left + c, 1, end - c), formulas: [rows[r].formulas!.slice(c, end)] });
      c = end;
    }
  }
  const byColumn: BlockOp[] = [];
  for (let c = 0; c < width; c++) {
    for (let r = 0; r < rows.length; ) {
      if (formulaAt(r, c) === null) {
        r++;
        continue;
      }
      let end = r + 1;
      while (end < rows.length && formulaAt(end, c) !== null) end++;
      const column: Array<Array<string | null>> = [];
      for (let i = r; i < end; i++) column.push([formulaAt(i, c)]);
      byColumn.push({ kind: 'formulas', address: rangeAddress(top + r, left + c, end - r, 1), formulas: column });
      r = end;
    }
  }
  const grid: BlockOp = {
    kind: 'formulas',
    address: rangeAddress(top, left, rows.length, width),
    formulas: rows.map((row) => row.formulas ?? new Array<string | null>(width).fill(null)),
  };
  const total = (list: BlockOp[]) => list.reduce((sum, op) => sum + opBytes(op), 0);
  const options: BlockOp[][] = [byRow, byColumn, [grid]];
  let best = options[0];
  for (const option of options) if (total(option) < total(best)) best = option;
  ops.push(...best);
}

function planStyles(rows: readonly ConvertedRow[], top: number, left: number, width: number, styleWidth: number, ops: BlockOp[]): void {
  const spanned = Math.max(width, styleWidth);
  for (let r = 0; r < rows.length; ) {
    const style = rows[r].rowStyle;
    let end = r + 1;
    while (end < rows.length && rows[end].rowStyle === style) end++;
    if (!isPlainStyle(style)) ops.push({ kind: 'style', address: rangeAddress(top + r, left, end - r, spanned), style: style! });
    r = end;
  }
  for (let r = 0; r < rows.length; r++) {
    const styles = rows[r].cellStyles;
    if (styles === null) continue;
    equalRuns(styles, width, (style, c, count) => {
      if (!isPlainStyle(style)) ops.push({ kind: 'style', address: rangeAddress(top + r, left + c, 1, count), style: style! });
    });
  }
}

/**
 * An upper bound of what a row adds to a block: its values, every format that differs from the column's usual one as
 * a call of its own, every formula as a call, its styles. Merging runs only makes the real block smaller, so a block
 * filled up to the budget by these estimates stays under it.
 */
function rowBytesBound(row: ConvertedRow, typical: readonly string[]): number {
  let bytes = jsonBytes(row.values) + 1;
  for (let c = 0; c < row.formats.length; c++) {
    if (row.formats[c] !== typical[c]) bytes += CALL_OVERHEAD_BYTES + ADDRESS_BYTES + jsonBytes(row.formats[c]) + 8;
    const formula = row.formulas?.[c];
    if (formula != null) bytes += CALL_OVERHEAD_BYTES + ADDRESS_BYTES + jsonBytes(formula) + 8;
    const style = row.cellStyles?.[c];
    if (!isPlainStyle(style)) bytes += CALL_OVERHEAD_BYTES * styleCallCount(style!) + ADDRESS_BYTES;
  }
  if (!isPlainStyle(row.rowStyle)) bytes += CALL_OVERHEAD_BYTES * styleCallCount(row.rowStyle!) + ADDRESS_BYTES;
  if (row.alignments !== null) for (const align of row.alignments) if (align !== undefined) bytes += CALL_OVERHEAD_BYTES + ADDRESS_BYTES;
  return bytes;
}

/**
 * The region's rows as work items of about the budget each (read when each block is cut, so after Excel refused a
 * request the following blocks are cut smaller). Rows are converted as the blocks are cut: only one block's
 * converted rows live at a time.
 */
export function* regionItems(region: Region, budget: RequestBudget): Generator<WorkItem> {
  if (region.rows.length === 0) return;
  const width = regionWidth(region);
  const typical = Array.from({ length: width }, (_, c) => typicalFormat(region.columns[c]));
  const maxFormat = typical.reduce((most, format) => Math.max(most, jsonBytes(format)), 16);
  const aligned = region.columns.filter((column) => column.align !== undefined).length;
  const fixedBytes = (width + aligned) * (CALL_OVERHEAD_BYTES + ADDRESS_BYTES + maxFormat) + CALL_OVERHEAD_BYTES + ADDRESS_BYTES + 16;
  let converting = 0;
  const conversion: RowConversion = {
    columns: region.columns,
    width,
    retarget: region.retarget,
    where: (column) => `${region.displayName}!${rangeAddress(region.firstRow + converting, region.firstColumn + column, 1, 1)}`,
  };
  type Converted = { row: ConvertedRow; bytes: number };
  let carried: Converted | null = null;
  let start = 0;
  while (start < region.rows.length) {
    // Room for the calls every request carries besides the block (suspending calculation).
    // A quarter of a request at a time: converting rows is the page's work, and the runner lets the page in between
    // items while it packs them back into full requests.
    const limit = (budget.maxBytes - REQUEST_RESERVE_BYTES) / BLOCKS_PER_REQUEST;
    const block: ConvertedRow[] = [];
    let bytes = fixedBytes;
    let next = start;
    while (next < region.rows.length) {
      let entry: Converted | null = carried;
      carried = null;
      if (entry === null) {
        converting = next;
        const row = convertRow(region.rows[next], conversion);
        entry = { row, bytes: rowBytesBound(row, typical) };
      }
      if (block.length > 0 && bytes + entry.bytes > limit) {
        carried = entry;
        break;
      }
      block.push(entry.row);
      bytes += entry.bytes;
      next++;
    }
    yield blockItem(region, start, block, width);
    start = next;
  }
}

function blockItem(region: Region, start: number, rows: readonly ConvertedRow[], width: number): WorkItem {
  const top = region.firstRow + start;
  const ops = planBlock(rows, top, region.firstColumn, width, region.styleWidth, region.columns);
  const bytes = ops.reduce((sum, op) => sum + opBytes(op), 0);
  return {
    label: `${region.displayName}, rows ${(top + 1).toLocaleString('en-US')} to ${(top + rows.length).toLocaleString('en-US')}`,
    bytes,
    rows: rows.length,
    apply(scope) {
      const sheet = scope.sheet(region.sheetName);
      for (const op of ops) applyOp(sheet, op);
    },
    split() {
      if (rows.length < 2) return null;
      const half = rows.length >> 1;
      return [blockItem(region, start, rows.slice(0, half), width), blockItem(region, start + half, rows.slice(half), width)];
    },
  };
}
