/**
 * A1 addresses for the fake Excel: parsing "B5:W4000", "A:C", "5:9", "$A$1", "'Sheet name'!A1" into 0-based
 * rectangles, and back. Written separately from src/excel/addresses.ts on purpose: the fake must not share the
 * writer's mistakes.
 */

export const SHEET_ROWS = 1_048_576;
export const SHEET_COLUMNS = 16_384;

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
  /** "A:C": whole columns. */
  entireColumns?: boolean;
  /** "5:9": whole rows. */
  entireRows?: boolean;
}

export class AddressError extends Error {}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function part(text: string): { row?: number; column?: number } {
  const match = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) throw new AddressError(`"${text}" is not an address`);
  const column = match[1] === undefined ? undefined : columnIndex(match[1]);
  const row = match[2] === undefined ? undefined : Number(match[2]) - 1;
  if (row !== undefined && (row < 0 || row >= SHEET_ROWS)) throw new AddressError(`row ${match[2]} is outside the sheet (${SHEET_ROWS} rows)`);
  if (column !== undefined && column >= SHEET_COLUMNS) throw new AddressError(`column ${match[1]} is outside the sheet`);
  return { row, column };
}

/** An address without a sheet: "A1", "A1:C3", "A:C", "5:9". */
export function parseAddress(address: string): Rect {
  const [fromText, toText = fromText] = address.split(':');
  const from = part(fromText);
  const to = part(toText);
  if (from.row === undefined && to.row === undefined && from.column !== undefined && to.column !== undefined) {
    return { top: 0, bottom: SHEET_ROWS - 1, left: Math.min(from.column, to.column), right: Math.max(from.column, to.column), entireColumns: true };
  }
  if (from.column === undefined && to.column === undefined && from.row !== undefined && to.row !== undefined) {
    return { top: Math.min(from.row, to.row), bottom: Math.max(from.row, to.row), left: 0, right: SHEET_COLUMNS - 1, entireRows: true };
  }
  if (from.row === undefined || from.column === undefined || to.row === undefined || to.column === undefined) throw new AddressError(`"${address}" is not an address`);
  return { top: Math.min(from.row, to.row), bottom: Math.max(from.row, to.row), left: Math.min(from.column, to.column), right: Math.max(from.column, to.column) };
}

/** "Sheet!A1" or "'My sheet'!A1:B2" → sheet name and address. */
export function splitSheetAddress(text: string): { sheet?: string; address: string } {
  const quoted = /^'((?:[^']|'')+)'!(.+)$/.exec(text);
  if (quoted) return { sheet: quoted[1].replace(/''/g, "'"), address: quoted[2] };
  const bare = /^([^!]+)!(.+)$/.exec(text);
  if (bare) return { sheet: bare[1], address: bare[2] };
  return { address: text };
}

export function formatRect(rect: Rect): string {
  const from = `${columnName(rect.left)}${rect.top + 1}`;
  const to = `${columnName(rect.right)}${rect.bottom + 1}`;
  return from === to ? from : `${from}:${to}`;
}

export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}
