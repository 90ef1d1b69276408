/**
 * Number formats and cell helpers shared by the sheets of the layout. Formats are Excel codes in English (the
 * writers pass them on unchanged); money shows the currency's minor units (2; 0 for JPY; 3 for KWD).
 */
import { minorUnits } from '../billing/currency';
import { startOfUtcDay } from '../billing/dates';
import type { Decimal } from '../billing/decimal';
import type { Cell, CellStyle, CellValue, ColumnLayout, DateValue, FormulaValue, HorizontalAlignment, PivotLayout, RowLayout, SheetLayout } from './layout';

export const DATE_FORMAT = 'yyyy-mm-dd';
/** A billing cycle by its month, held as the cycle's end date. */
export const CYCLE_FORMAT = 'yyyy-mm';
export const ID_FORMAT = '@';
export const TEXT_FORMAT = '@';
export const GENERAL_FORMAT = 'General';
export const QUANTITY_FORMAT = 'General';
export const PERCENT_FORMAT = '0.0%';
export const FRACTION_FORMAT = '0.0000';
export const COUNT_FORMAT = '#,##0';

/** A sheet holds this many rows in Excel (and in LibreOffice since 7.x). */
export const SHEET_ROWS = 1_048_576;
/** Excel's limit on the characters of one cell. */
const CELL_TEXT_LIMIT = 32_767;

/** Amounts: thousands separators and exactly the currency's decimals ("#,##0.00"; JPY "#,##0"; KWD "#,##0.000"). */
export function moneyFormat(currency: string): string {
  const decimals = minorUnits(currency);
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

/** Unit prices: the currency's decimals and up to two more where a price has them ("#,##0.00##"). */
export function unitPriceFormat(currency: string): string {
  const decimals = minorUnits(currency);
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}##`;
}

/**
 * The format that shows every decimal a unit price has, so quantity × price on the sheet gives the amount again (as
 * statementUnitPrice chose it): unitPriceFormat where that shows them all, else one with more places (0.07628:
 * "#,##0.00###"; a yen price of 333.33 for 1,000 yen over 3 seats: "#,##0.##", where "#,##0" would show 333).
 */
export function unitPriceFormatShowing(currency: string, price: Decimal): string {
  const decimals = minorUnits(currency);
  const text = price.toString();
  const places = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  const shown = decimals === 0 ? 0 : decimals + 2;
  return places <= shown ? unitPriceFormat(currency) : `#,##0.${'0'.repeat(decimals)}${'#'.repeat(places - decimals)}`;
}

/** The decimals a unit cost or price has at most on the Billing Report and Billing Lines (the report's per-unit scale). */
const REPORT_UNIT_PLACES = 6;

/**
 * A unit cost or price on the accountant's sheets (Billing Report, Billing Lines): unitPriceFormat, except that a
 * currency without decimals shows those the price has, up to six (a unit cost of 6.465425 yen, which "#,##0" shows as
 * 6). Chosen per price: "#,##0.##" would show an integer price as "6.".
 */
export function reportUnitPriceFormat(currency: string, price: Decimal): string {
  return minorUnits(currency) === 0 ? unitPriceFormatShowing(currency, price.round(REPORT_UNIT_PLACES)) : unitPriceFormat(currency);
}

/**
 * The format for an amount that shows "-0.00" in `format` (a margin of −0.0016: Microsoft's cost of a fraction of a
 * cent beside sales rounded to 0.00), or undefined for any other. Excel picks a format's negative section by the value
 * before rounding it for display, so such a cell gets the format whose negative section is its positive one: 0.00,
 * while the cell keeps its exact value for the sums over it. (A section for tiny negatives, "[<-0.005]…", is shown with
 * its sign by LibreOffice and without by Excel.) `decimals` are the value's places shown: 2 for 0.00, 3 for 0.0%.
 */
export function unsignedZeroFormat(value: number, format: string, decimals: number): string | undefined {
  return value < 0 && value * 10 ** decimals > -0.5 ? `${format};${format}` : undefined;
}

/**
 * A margin % as the Billing Report gives it: the margin over the sales' size, signed like the margin (a credit passed
 * on larger than Microsoft's, −110 for −100, is a loss); null without sales.
 */
export function marginPercentOf(totals: { sales: Decimal; margin: Decimal }): number | null {
  return totals.sales.isZero() ? null : amount(totals.margin.dividedBy(totals.sales.abs(), 12));
}

/** The margin % over a row's sales and margin cells (A1 addresses): blank where the sales round to nothing. */
export function marginPercentFormula(sales: string, margin: string, decimals: number, totals: { sales: Decimal; margin: Decimal }): FormulaValue {
  return formula(`IF(ROUND(${sales},${decimals})=0,"",${margin}/ABS(${sales}))`, marginPercentOf(totals) ?? '');
}

/** The sum of the rows a table's filter shows, in a column (SUBTOTAL(109, …) leaves out the rows filtered away). */
export function shownRowsTotal(column: number, first: number, last: number, value: Decimal): FormulaValue {
  return formula(`SUBTOTAL(109,${columnRange(column, first, last)})`, amount(value));
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A1 address of a 0-based row and column. */
export function a1(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** A1 range of one column from row `first` to row `last` (0-based, inclusive). */
export function columnRange(column: number, first: number, last: number): string {
  return `${a1(first, column)}:${a1(last, column)}`;
}

export function dateValue(utc: number): DateValue {
  return { kind: 'date', utc: startOfUtcDay(utc) };
}

export function optionalDate(utc: number | null): DateValue | null {
  return utc === null ? null : dateValue(utc);
}

export function formula(text: string, result: number | string): FormulaValue {
  return { kind: 'formula', formula: text.startsWith('=') ? text : `=${text}`, result };
}

/** Amounts become numbers only here, at the edge of the workbook (a cell holds a double). */
export function amount(value: Decimal): number {
  return value.toNumber();
}

/** Text as a cell can hold it: at most 32,767 characters. */
export function text(value: string): string {
  return value.length > CELL_TEXT_LIMIT ? `${value.slice(0, CELL_TEXT_LIMIT - 1)}…` : value;
}

/** A cell with its own format and/or style; a bare value when it has neither. */
export function cell(value: CellValue, format?: string, style?: CellStyle): Cell | CellValue {
  if (format === undefined && style === undefined) return value;
  const result: Cell = { value };
  if (format !== undefined) result.format = format;
  if (style !== undefined) result.style = style;
  return result;
}

export function isCell(value: Cell | CellValue): value is Cell {
  return value !== null && typeof value === 'object' && 'value' in value;
}

export function valueOf(entry: Cell | CellValue | undefined): CellValue {
  if (entry === undefined) return null;
  return isCell(entry) ? entry.value : entry;
}

/** The columns a pivot's fixed figures take from its anchor: its widest row's (a shaded row is shaded that wide). */
export function pivotWidth(pivot: PivotLayout): number {
  return pivot.fallback.reduce((widest, row) => Math.max(widest, row.cells.length), 0);
}

/** The sheet's rows as written with its pivots' fixed figures: the caption that says they are fixed in place of the PivotTables' one. */
export function rowsWithFixedFigures(sheet: SheetLayout): RowLayout[] {
  const caption = sheet.fixedFiguresCaption;
  if (caption === undefined) return sheet.rows;
  const rows = [...sheet.rows];
  rows[caption.row] = withCaption(rows[caption.row], caption.text);
  return rows;
}

/** The caption's row with the fixed figures' caption in place of the PivotTables' one (rowsWithFixedFigures). */
export function withCaption(row: RowLayout, text: string): RowLayout {
  const first = row.cells[0];
  return { ...row, cells: [isCell(first) ? { ...first, value: text } : text, ...row.cells.slice(1)] };
}

const NUMERIC_KINDS = new Set<ColumnLayout['kind']>(['money', 'unit-price', 'quantity', 'fraction', 'percent', 'count', 'date']);

/**
 * Where a cell sits, as both writers align it: its own alignment, else its column's, else a header over a column of
 * numbers or dates at the right, over them; undefined leaves Excel's own. `style` is the cell's (its own or its row's).
 */
export function alignmentOf(own: Cell | undefined, style: CellStyle | undefined, column: ColumnLayout | undefined): HorizontalAlignment | undefined {
  if (own?.align !== undefined) return own.align;
  if (column?.align !== undefined) return column.align;
  return style === 'header' && column !== undefined && NUMERIC_KINDS.has(column.kind) ? 'right' : undefined;
}
