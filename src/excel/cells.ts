import { alignmentOf } from '../workbook/formats';
import type { Cell, CellStyle, CellValue, ColumnLayout, HorizontalAlignment, RowLayout } from '../workbook/layout';
import { MAX_CELL_TEXT } from './addresses';
import { LayoutError } from './errors';
import { DEFAULT_DATE_FORMAT, GENERAL_FORMAT, TEXT_FORMAT, excelSerialOf, isDateFormat } from './number-formats';

/**
 * Layout cells → what office.js is sent: a raw value, a number format and, for formula cells, a formula.
 *
 * Text protection: `Range.values` parses a string like typed input, so "=HYPERLINK(...)", "+1", "-x" and "@x" would
 * become formulas, "00123" a number and "TRUE" a boolean (excel.d.ts, Range.values). Every cell that holds a string
 * therefore gets the text format "@" in the same request, queued before its value: Excel stores whatever is typed
 * into a text-formatted cell as text, verbatim, and the value read back is exactly the string written (no hidden
 * apostrophe that `Range.formulas` would drop, office-js #6687). The one character "@" does not protect is a leading
 * apostrophe, which Excel always takes as its "this is text" marker; such strings get one more so the apostrophe the
 * user should see survives.
 *
 * Numbers, booleans and formulas never keep "@": a formula in a text cell would be stored as its text.
 */

export type WrittenValue = string | number | boolean | null;

export interface ConvertedRow {
  /** One per column; null where a formula goes (null leaves a cell unchanged, the formula is written after). */
  values: WrittenValue[];
  formats: string[];
  /** Formulas by column, or null when the row has none. */
  formulas: Array<string | null> | null;
  /** Styles cells carry themselves, or null when none does. */
  cellStyles: Array<CellStyle | undefined> | null;
  rowStyle: CellStyle | undefined;
  /** Where a cell sits, where that is not its column's (alignmentOf), or null when every cell sits as its column does. */
  alignments: Array<HorizontalAlignment | undefined> | null;
}

export interface RowConversion {
  columns: readonly ColumnLayout[];
  /** Columns written for every row (rows with fewer cells are padded with empty ones). */
  width: number;
  /** Rewrites a formula's references (sheets and tables are written under temporary names first). */
  retarget?: (formula: string) => string;
  /** Where a cell is, for error messages: "Billing Lines!C7". */
  where: (column: number) => string;
}

/** The format a cell of this column normally gets: text columns hold strings, so "@"; the others their own. */
export function typicalFormat(column: ColumnLayout | undefined): string {
  if (column === undefined) return GENERAL_FORMAT;
  if (column.kind === 'text' || column.kind === 'id') return TEXT_FORMAT;
  return column.format || GENERAL_FORMAT;
}

function isCell(cell: Cell | CellValue): cell is Cell {
  return typeof cell === 'object' && cell !== null && !('kind' in cell);
}

/** A string as it must be sent so that Excel stores exactly it (see the module comment). */
export function protectedText(text: string): string {
  return text.startsWith("'") ? `'${text}` : text;
}

function nonTextFormat(format: string | undefined): string {
  return format === undefined || format === '' || format === TEXT_FORMAT ? GENERAL_FORMAT : format;
}

export function convertRow(row: RowLayout, conversion: RowConversion): ConvertedRow {
  const { columns, width } = conversion;
  const values: WrittenValue[] = new Array(width);
  const formats: string[] = new Array(width);
  let formulas: Array<string | null> | null = null;
  let cellStyles: Array<CellStyle | undefined> | null = null;
  let alignments: Array<HorizontalAlignment | undefined> | null = null;
  for (let c = 0; c < width; c++) {
    const entry = row.cells[c];
    const column = columns[c];
    let value: CellValue;
    let ownFormat: string | undefined;
    const own = entry !== undefined && isCell(entry) ? entry : undefined;
    if (own !== undefined) {
      value = own.value;
      ownFormat = own.format;
      if (own.style !== undefined) (cellStyles ??= new Array(width).fill(undefined))[c] = own.style;
    } else {
      value = (entry as CellValue | undefined) ?? null;
    }
    const align = alignmentOf(own, own?.style ?? row.style, column);
    if (align !== column?.align) (alignments ??= new Array(width).fill(undefined))[c] = align;
    const columnFormat = column?.format;
    if (typeof value === 'string') {
      if (value.length > MAX_CELL_TEXT) throw new LayoutError(`${conversion.where(c)} holds ${value.length} characters; an Excel cell holds ${MAX_CELL_TEXT}`);
      values[c] = protectedText(value);
      formats[c] = TEXT_FORMAT;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new LayoutError(`${conversion.where(c)} holds ${value}, which Excel cannot store`);
      values[c] = value;
      formats[c] = nonTextFormat(ownFormat ?? columnFormat);
    } else if (typeof value === 'boolean') {
      values[c] = value;
      formats[c] = nonTextFormat(ownFormat ?? columnFormat);
    } else if (value === null) {
      values[c] = '';
      formats[c] = ownFormat ?? (columnFormat || GENERAL_FORMAT);
    } else if (value.kind === 'date') {
      values[c] = excelSerialOf(value.utc);
      formats[c] = isDateFormat(ownFormat) ? ownFormat! : isDateFormat(columnFormat) ? columnFormat! : DEFAULT_DATE_FORMAT;
    } else {
      values[c] = null;
      formats[c] = nonTextFormat(ownFormat ?? columnFormat);
      (formulas ??= new Array(width).fill(null))[c] = conversion.retarget ? conversion.retarget(value.formula) : value.formula;
    }
  }
  return { values, formats, formulas, cellStyles, rowStyle: row.style, alignments };
}

/**
 * A value for a row appended to a user's table: the same text protection, dates as serials, a formula as its result.
 * `format` is null where the row should keep what the table gives its new rows.
 */
export function convertCandidateValue(value: CellValue, columnFormat: string | undefined): { value: string | number | boolean; format: string | null } {
  if (typeof value === 'string') return { value: protectedText(value), format: TEXT_FORMAT };
  if (typeof value === 'number' || typeof value === 'boolean') return { value, format: null };
  if (value === null) return { value: '', format: null };
  if (value.kind === 'date') return { value: excelSerialOf(value.utc), format: isDateFormat(columnFormat) ? columnFormat! : DEFAULT_DATE_FORMAT };
  return typeof value.result === 'string' ? { value: protectedText(value.result), format: TEXT_FORMAT } : { value: value.result, format: null };
}
