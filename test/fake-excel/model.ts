/**
 * The fake Excel's workbook: sheets of cells, tables, pivots, charts, outline, and the rules Excel applies when they
 * change (what typing a string does, name rules, the last visible sheet, formulas following renames). No office.js
 * proxy logic here: fake-excel.ts queues calls and runs them against this model at sync.
 */
import { AddressError, SHEET_COLUMNS, SHEET_ROWS, formatRect, intersects, type Rect } from './a1';
import { quoteForFormula, rewriteReferences } from './formula-refs';

export type Scalar = string | number | boolean;

export interface CellLook {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  fontColor?: string;
  fill?: string;
  /** Excel's horizontal alignment ("Left", "Center", "Right"). */
  align?: string;
}

/** An error as office.js raises it: OfficeExtension.Error has a string code and debugInfo. */
export class FakeExcelError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };

  constructor(
    readonly code: string,
    message: string,
    errorLocation?: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
    this.debugInfo = { code, message, errorLocation };
  }
}

export const GENERAL = 'General';
const DAY_MS = 86_400_000;
const EPOCH_DAYS = 25_569;

/** Cells of one row, as parallel arrays (a 100,000-row sheet must not cost an object per cell). */
class RowCells {
  values: Array<Scalar | undefined> = [];
  formulas?: Array<string | undefined>;
  formats?: Array<string | undefined>;
  quoted?: Array<boolean | undefined>;
  looks?: Array<CellLook | undefined>;

  isEmpty(valuesOnly: boolean): boolean {
    const any = (list?: unknown[]) => list !== undefined && list.some((entry) => entry !== undefined);
    return !any(this.values) && !any(this.formulas) && (valuesOnly || (!any(this.formats) && !any(this.looks)));
  }
}

export interface CellState {
  value: Scalar | null;
  formula: string | null;
  format: string;
  quotePrefix: boolean;
  look: CellLook | null;
}

/**
 * What typing `text` into a General cell gives in en-US Excel: a number ("00123" → 123, "1e5", "12%", "1,234"), a
 * boolean, a date ("2026-10-31", "10/31/2026"), a formula ("=x"; "+x", "-x", "@x" as "=+x"...), or text.
 */
export function parseTyped(text: string): { value?: Scalar; formula?: string; format?: string } {
  if (text.startsWith('=') && text.length > 1) return { formula: text };
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { value: Number(text) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)%$/.test(text)) return { value: Number(text.slice(0, -1)) / 100, format: '0%' };
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return { value: Number(text.replace(/,/g, '')) };
  if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) return { value: Date.UTC(+match[1], +match[2] - 1, +match[3]) / DAY_MS + EPOCH_DAYS, format: 'yyyy-mm-dd' };
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (match) return { value: Date.UTC(+match[3], +match[1] - 1, +match[2]) / DAY_MS + EPOCH_DAYS, format: 'm/d/yyyy' };
  if (/^[+\-@]./.test(text)) return { formula: `=${text}` };
  return { value: text };
}

export interface ChartInfo {
  name: string;
  type: string;
  source: string;
  seriesBy: string;
  title: string;
  position: { start: string; end?: string } | null;
  width: number;
  height: number;
}

export class ChartModel {
  title = '';
  position: { start: string; end?: string } | null = null;
  width = 360;
  height = 216;

  constructor(
    public name: string,
    readonly type: string,
    /** The data range: a chart's series follow their sheet when it is renamed. */
    readonly sourceSheet: SheetModel,
    readonly sourceRect: Rect,
    readonly seriesBy: string,
  ) {}

  info(): ChartInfo {
    const source = `${quoteForFormula(this.sourceSheet.name)}!${formatRect(this.sourceRect)}`;
    return { name: this.name, type: this.type, source, seriesBy: this.seriesBy, title: this.title, position: this.position, width: this.width, height: this.height };
  }
}

export interface PrintModel {
  orientation: 'Portrait' | 'Landscape';
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  /** "A1:I20" or "A:I". */
  printArea: string | null;
  /** "1:3". */
  titleRows: string | null;
  leftFooter: string;
  rightFooter: string;
  /** 0-based rows a manual page break sits above, ascending. */
  pageBreaks: number[];
}

export class SheetModel {
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  tabColor = '';
  freeze: { rows: number; columns: number } | null = null;
  shownOutline: { rows: number; columns: number } | null = null;
  /** Page setup (ExcelApi 1.9); Excel's defaults until set. */
  readonly print: PrintModel = { orientation: 'Portrait', zoom: { scale: 100 }, printArea: null, titleRows: null, leftFooter: '', rightFooter: '', pageBreaks: [] };
  readonly rowLevels = new Map<number, number>();
  readonly columnLevels = new Map<number, number>();
  readonly columnWidths = new Map<number, number>();
  /** Columns whose cells wrap their text. */
  readonly wrappedColumns = new Set<number>();
  /** Rows autofitted to their content, as ranges asked for. */
  readonly autofittedRows: string[] = [];
  readonly charts: ChartModel[] = [];
  /** Names scoped to the sheet (lower case → the name as given): they go wherever the sheet goes. */
  readonly names = new Map<string, string>();
  deleted = false;
  private readonly rows: Array<RowCells | undefined> = [];

  constructor(
    readonly id: number,
    public name: string,
  ) {}

  private row(r: number, create: true): RowCells;
  private row(r: number, create: false): RowCells | undefined;
  private row(r: number, create: boolean): RowCells | undefined {
    if (r < 0 || r >= SHEET_ROWS) throw new FakeExcelError('InvalidArgument', `row ${r + 1} is outside the sheet`);
    let row = this.rows[r];
    if (row === undefined && create) row = this.rows[r] = new RowCells();
    return row;
  }

  get lastRow(): number {
    for (let r = this.rows.length - 1; r >= 0; r--) if (this.rows[r] !== undefined && !this.rows[r]!.isEmpty(false)) return r;
    return -1;
  }

  cell(r: number, c: number): CellState {
    const row = this.rows[r];
    const formula = row?.formulas?.[c];
    return {
      value: formula !== undefined ? null : (row?.values[c] ?? null),
      formula: formula ?? null,
      format: row?.formats?.[c] ?? GENERAL,
      quotePrefix: row?.quoted?.[c] ?? false,
      look: row?.looks?.[c] ?? null,
    };
  }

  format(r: number, c: number): string {
    return this.rows[r]?.formats?.[c] ?? GENERAL;
  }

  setFormat(r: number, c: number, format: string): void {
    const row = this.row(r, true);
    (row.formats ??= [])[c] = format === '' || format === GENERAL ? undefined : format;
  }

  setLook(r: number, c: number, change: CellLook): void {
    const row = this.row(r, true);
    const looks = (row.looks ??= []);
    looks[c] = { ...looks[c], ...change };
  }

  private put(r: number, c: number, value: Scalar | undefined, formula: string | undefined, quoted: boolean): void {
    const row = this.row(r, true);
    row.values[c] = value;
    if (formula !== undefined || row.formulas) (row.formulas ??= [])[c] = formula;
    if (quoted || row.quoted) (row.quoted ??= [])[c] = quoted || undefined;
  }

  /** Text stored as is (what Excel does to a table's header cells). */
  setText(r: number, c: number, text: string): void {
    this.put(r, c, text, undefined, false);
  }

  /**
   * A value written through Range.values, as Excel takes typed input: null leaves the cell as it is, "" clears it,
   * a leading apostrophe marks text (and is not part of it), a text-formatted cell ("@") keeps any string verbatim,
   * and otherwise a string is parsed (parseTyped): "=..." becomes a formula.
   */
  input(r: number, c: number, input: unknown): void {
    if (input === null || input === undefined) return;
    if (typeof input === 'number') {
      if (!Number.isFinite(input)) throw new FakeExcelError('InvalidArgument', `${input} is not a value Excel can store`);
      return this.put(r, c, input, undefined, false);
    }
    if (typeof input === 'boolean') return this.put(r, c, input, undefined, false);
    if (typeof input !== 'string') throw new FakeExcelError('InvalidArgument', `a cell cannot hold ${JSON.stringify(input)}`);
    if (input.length > 32_767) throw new FakeExcelError('InvalidArgument', 'a cell holds at most 32,767 characters');
    if (input === '') return this.put(r, c, undefined, undefined, false);
    if (input.startsWith("'")) return this.put(r, c, input.slice(1), undefined, true);
    if (this.format(r, c) === '@') return this.put(r, c, input, undefined, false);
    const typed = parseTyped(input);
    if (typed.formula !== undefined) return this.put(r, c, undefined, typed.formula, false);
    this.put(r, c, typed.value, undefined, false);
    if (typed.format !== undefined && this.format(r, c) === GENERAL) this.setFormat(r, c, typed.format);
  }

  /** Range.formulas: a formula, unless the cell is text-formatted, where Excel stores the formula's text. */
  inputFormula(r: number, c: number, input: unknown): void {
    if (typeof input === 'string' && input.startsWith('=') && input.length > 1 && this.format(r, c) !== '@') return this.put(r, c, undefined, input, false);
    this.input(r, c, input);
  }

  clear(rect: Rect, what: 'All' | 'Formats' | 'Contents'): void {
    for (let r = rect.top; r <= Math.min(rect.bottom, this.rows.length - 1); r++) {
      const row = this.rows[r];
      if (row === undefined) continue;
      for (let c = rect.left; c <= rect.right; c++) {
        if (what !== 'Formats') {
          row.values[c] = undefined;
          if (row.formulas) row.formulas[c] = undefined;
          if (row.quoted) row.quoted[c] = undefined;
        }
        if (what !== 'Contents') {
          if (row.formats) row.formats[c] = undefined;
          if (row.looks) row.looks[c] = undefined;
        }
      }
    }
  }

  /** Moves the cells of columns [left, right] below `row` down by `count` (a table growing). */
  shiftDown(row: number, left: number, right: number, count: number): void {
    const last = this.lastRow;
    if (last > row && last + count >= SHEET_ROWS) throw new FakeExcelError('InvalidOperation', 'cells would be pushed off the sheet');
    for (let r = last; r > row; r--) for (let c = left; c <= right; c++) this.moveCell(r, c, r + count);
  }

  /** Deletes rows [top, bottom] of columns [left, right], moving the cells below up. */
  shiftUp(top: number, bottom: number, left: number, right: number): void {
    const count = bottom - top + 1;
    const last = Math.max(this.lastRow, bottom);
    for (let r = top; r <= last; r++) for (let c = left; c <= right; c++) this.moveCell(r + count, c, r);
  }

  private moveCell(from: number, c: number, to: number): void {
    const source = this.rows[from];
    const target = this.row(to, true);
    const move = <K extends 'values' | 'formulas' | 'formats' | 'quoted' | 'looks'>(key: K) => {
      const list = source?.[key] as unknown[] | undefined;
      const value = list?.[c];
      if (value !== undefined || target[key]) ((target[key] ??= [] as never) as unknown[])[c] = value;
      if (list) list[c] = undefined;
    };
    move('values');
    move('formulas');
    move('formats');
    move('quoted');
    move('looks');
  }

  usedRect(valuesOnly: boolean): Rect | null {
    let top = -1;
    let bottom = -1;
    let left = SHEET_COLUMNS;
    let right = -1;
    this.rows.forEach((row, r) => {
      if (row === undefined || row.isEmpty(valuesOnly)) return;
      if (top < 0) top = r;
      bottom = r;
      const lists: Array<unknown[] | undefined> = valuesOnly ? [row.values, row.formulas] : [row.values, row.formulas, row.formats, row.looks];
      for (const list of lists) {
        list?.forEach((entry, c) => {
          if (entry === undefined) return;
          left = Math.min(left, c);
          right = Math.max(right, c);
        });
      }
    });
    return top < 0 ? null : { top, bottom, left, right };
  }

  /** Every formula on the sheet, rewritten (references following a rename, or turning into #REF!). */
  rewriteFormulas(rewrite: (formula: string) => string): void {
    for (const row of this.rows) {
      row?.formulas?.forEach((formula, c) => {
        if (formula !== undefined) row.formulas![c] = rewrite(formula);
      });
    }
  }

  /** Cells that hold something, for snapshots: [row, column, state]. */
  *filledCells(): Generator<[number, number, CellState]> {
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r];
      if (row === undefined) continue;
      const width = Math.max(row.values.length, row.formulas?.length ?? 0, row.formats?.length ?? 0, row.looks?.length ?? 0);
      for (let c = 0; c < width; c++) {
        const state = this.cell(r, c);
        if (state.value !== null || state.formula !== null || state.format !== GENERAL || state.look !== null) yield [r, c, state];
      }
    }
  }
}

export class TableModel {
  style = 'TableStyleMedium2';
  deleted = false;

  constructor(
    readonly id: number,
    public name: string,
    readonly sheet: SheetModel,
    public rect: Rect,
  ) {}

  get header(): Rect {
    return { ...this.rect, bottom: this.rect.top };
  }

  get body(): Rect {
    return { ...this.rect, top: this.rect.top + 1 };
  }

  columns(): string[] {
    const names: string[] = [];
    for (let c = this.rect.left; c <= this.rect.right; c++) names.push(String(this.sheet.cell(this.rect.top, c).value ?? ''));
    return names;
  }
}

export interface DataFieldModel {
  field: string;
  name: string;
  summarizeBy: string;
  numberFormat: string;
}

export class PivotModel {
  rows: string[] = [];
  columns: string[] = [];
  data: DataFieldModel[] = [];
  deleted = false;

  constructor(
    readonly id: number,
    public name: string,
    readonly sheet: SheetModel,
    readonly anchor: { row: number; column: number },
    public source: TableModel | null,
  ) {}

  fieldNames(): string[] {
    return this.source?.columns() ?? [];
  }
}

const SHEET_NAME_INVALID = /[:\\/?*[\]]/;

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly pivots: PivotModel[] = [];
  readonly application = { calculationMode: 'Automatic', suspendCalculation: 0, suspendScreenUpdating: 0, calculations: [] as string[] };
  private nextId = 1;

  constructor() {
    this.addSheet('Sheet1');
  }

  sheet(name: string): SheetModel | undefined {
    return this.sheets.find((sheet) => sheet.name.toLowerCase() === name.toLowerCase());
  }

  table(name: string): TableModel | undefined {
    return this.tables.find((table) => table.name.toLowerCase() === name.toLowerCase());
  }

  private checkSheetName(name: string, except?: SheetModel): void {
    if (name.length === 0 || name.length > 31) throw new FakeExcelError('InvalidArgument', `sheet name "${name}" must have 1 to 31 characters`);
    if (SHEET_NAME_INVALID.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
      throw new FakeExcelError('InvalidArgument', `"${name}" is not a valid sheet name`);
    }
    const other = this.sheet(name);
    if (other !== undefined && other !== except) throw new FakeExcelError('ItemAlreadyExists', `A resource with the same name or identifier already exists: sheet "${name}".`);
  }

  addSheet(name?: string): SheetModel {
    let chosen = name;
    if (chosen === undefined) {
      let n = this.sheets.length + 1;
      while (this.sheet(`Sheet${n}`)) n++;
      chosen = `Sheet${n}`;
    }
    this.checkSheetName(chosen);
    const sheet = new SheetModel(this.nextId++, chosen);
    this.sheets.push(sheet);
    return sheet;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    if (sheet.name === name) return;
    this.checkSheetName(name, sheet);
    const old = sheet.name.toLowerCase();
    sheet.name = name;
    this.rewriteAll((kind, ref) => (kind === 'sheet' && ref.toLowerCase() === old ? quoteForFormula(name) : null));
  }

  private visibleCount(): number {
    return this.sheets.filter((sheet) => sheet.visibility === 'Visible').length;
  }

  setVisibility(sheet: SheetModel, visibility: SheetModel['visibility']): void {
    if (visibility !== 'Visible' && sheet.visibility === 'Visible' && this.visibleCount() === 1) {
      throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    }
    sheet.visibility = visibility;
  }

  moveSheet(sheet: SheetModel, position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length) throw new FakeExcelError('InvalidArgument', `position ${position} is outside 0 to ${this.sheets.length - 1}`);
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(position, 0, sheet);
  }

  deleteSheet(sheet: SheetModel): void {
    if (sheet.visibility === 'Visible' && this.visibleCount() === 1) throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    sheet.deleted = true;
    for (const table of this.tables.filter((candidate) => candidate.sheet === sheet)) this.removeTable(table);
    for (const pivot of this.pivots.filter((candidate) => candidate.sheet === sheet)) this.removePivot(pivot);
    const old = sheet.name.toLowerCase();
    // ='Old'!A1 becomes =#REF!A1, as in Excel.
    this.rewriteAll((kind, ref) => (kind === 'sheet' && ref.toLowerCase() === old ? '#REF' : null));
  }

  private rewriteAll(rewrite: (kind: 'sheet' | 'table', name: string) => string | null): void {
    for (const sheet of this.sheets) {
      sheet.rewriteFormulas((formula) => rewriteReferences(formula, rewrite));
    }
  }

  addSheetName(sheet: SheetModel, name: string): void {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) || name.length > 255 || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name)) {
      throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: name "${name}".`);
    }
    if (sheet.names.has(name.toLowerCase())) throw new FakeExcelError('ItemAlreadyExists', `A resource with the same name or identifier already exists: name "${name}".`);
    sheet.names.set(name.toLowerCase(), name);
  }

  private checkTableName(name: string, except?: TableModel): void {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) || name.length > 255 || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name)) {
      throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: table name "${name}".`);
    }
    const other = this.table(name);
    if (other !== undefined && other !== except) throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: table name "${name}" is taken.`);
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    if (!hasHeaders) throw new FakeExcelError('NotImplemented', 'the fake only makes tables over a header row');
    if (rect.entireColumns || rect.entireRows) throw new FakeExcelError('InvalidArgument', 'a table cannot span whole rows or columns');
    const area = rect.bottom === rect.top ? { ...rect, bottom: rect.top + 1 } : { ...rect };
    if (area.bottom >= SHEET_ROWS) throw new FakeExcelError('InvalidArgument', 'the table runs past the last row');
    for (const other of this.tables) {
      if (other.sheet === sheet && intersects(other.rect, area)) throw new FakeExcelError('InvalidOperation', `the range overlaps table ${other.name}`);
    }
    for (const pivot of this.pivots) {
      if (pivot.sheet === sheet && intersects({ top: pivot.anchor.row, bottom: pivot.anchor.row + 2, left: pivot.anchor.column, right: pivot.anchor.column + 2 }, area)) {
        throw new FakeExcelError('InvalidOperation', `the range overlaps pivot ${pivot.name}`);
      }
    }
    // Excel turns the header row into unique text: blanks become Column1..., repeats get 2, 3...
    const seen = new Set<string>();
    for (let c = area.left; c <= area.right; c++) {
      const state = sheet.cell(area.top, c);
      let name = state.formula !== null ? '' : String(state.value ?? '');
      if (name.trim() === '') name = `Column${c - area.left + 1}`;
      let unique = name;
      for (let n = 2; seen.has(unique.toLowerCase()); n++) unique = `${name}${n}`;
      seen.add(unique.toLowerCase());
      sheet.clear({ top: area.top, bottom: area.top, left: c, right: c }, 'Contents');
      sheet.setText(area.top, c, unique);
    }
    let n = this.tables.length + 1;
    while (this.table(`Table${n}`)) n++;
    const table = new TableModel(this.nextId++, `Table${n}`, sheet, area);
    this.tables.push(table);
    return table;
  }

  renameTable(table: TableModel, name: string): void {
    if (table.name === name) return;
    this.checkTableName(name, table);
    const old = table.name.toLowerCase();
    table.name = name;
    this.rewriteAll((kind, ref) => (kind === 'table' && ref.toLowerCase() === old ? name : null));
  }

  private removeTable(table: TableModel): void {
    this.tables.splice(this.tables.indexOf(table), 1);
    table.deleted = true;
    for (const pivot of this.pivots) if (pivot.source === table) pivot.source = null;
  }

  /** Table.delete(): the fake assumes the worst, that the table's cells go with it. */
  deleteTable(table: TableModel): void {
    table.sheet.clear(table.rect, 'All');
    this.removeTable(table);
  }

  /** TableRowCollection.add at the end: cells under the table move down, the new rows take the last row's formats. */
  addTableRows(table: TableModel, values: unknown[][] | undefined): void {
    const width = table.rect.right - table.rect.left + 1;
    const rows = values ?? [new Array(width).fill(null)];
    if (rows.length === 0) throw new FakeExcelError('InvalidArgument', 'no rows to add');
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== width) throw new FakeExcelError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${width} columns).`);
    }
    const { sheet } = table;
    const last = table.rect.bottom;
    if (last + rows.length >= SHEET_ROWS) throw new FakeExcelError('InvalidOperation', 'the table would run past the last row of the sheet');
    sheet.shiftDown(last, table.rect.left, table.rect.right, rows.length);
    for (const other of this.tables) {
      if (other !== table && other.sheet === sheet && other.rect.top > last && other.rect.left <= table.rect.right && table.rect.left <= other.rect.right) {
        other.rect = { ...other.rect, top: other.rect.top + rows.length, bottom: other.rect.bottom + rows.length };
      }
    }
    table.rect = { ...table.rect, bottom: last + rows.length };
    rows.forEach((row, i) => {
      const r = last + 1 + i;
      for (let c = table.rect.left; c <= table.rect.right; c++) {
        if (last > table.rect.top) sheet.setFormat(r, c, sheet.format(last, c));
        sheet.input(r, c, row[c - table.rect.left]);
      }
    });
  }

  /** Range.delete('Up'): whole table rows shrink their table; a part of a table cannot be deleted. */
  deleteUp(sheet: SheetModel, rect: Rect): void {
    for (const table of this.tables) {
      if (table.sheet !== sheet || !intersects(table.rect, rect)) continue;
      const wholeRows = rect.left === table.rect.left && rect.right === table.rect.right && rect.top > table.rect.top && rect.bottom <= table.rect.bottom;
      if (!wholeRows) throw new FakeExcelError('InvalidOperation', `This operation is not allowed: it would move cells in table ${table.name}.`);
      const count = rect.bottom - rect.top + 1;
      table.rect = { ...table.rect, bottom: table.rect.bottom - count };
      if (table.rect.bottom === table.rect.top) {
        // A table keeps one body row.
        table.rect = { ...table.rect, bottom: table.rect.top + 1 };
      }
    }
    sheet.shiftUp(rect.top, rect.bottom, rect.left, rect.right);
  }

  addPivot(name: string, source: TableModel, sheet: SheetModel, anchor: { row: number; column: number }): PivotModel {
    this.checkPivotName(name, sheet);
    for (const table of this.tables) {
      if (table.sheet === sheet && intersects(table.rect, { top: anchor.row, bottom: anchor.row, left: anchor.column, right: anchor.column })) {
        throw new FakeExcelError('InvalidOperation', `The PivotTable cannot overlap table ${table.name}.`);
      }
    }
    const pivot = new PivotModel(this.nextId++, name, sheet, anchor, source);
    this.pivots.push(pivot);
    return pivot;
  }

  /** Pivot names are kept unique per sheet (Excel's rule is not documented; per sheet is what the UI allows). */
  checkPivotName(name: string, sheet: SheetModel, except?: PivotModel): void {
    if (name.trim() === '') throw new FakeExcelError('InvalidArgument', 'a PivotTable needs a name');
    const other = this.pivots.find((pivot) => pivot.sheet === sheet && pivot.name.toLowerCase() === name.toLowerCase());
    if (other !== undefined && other !== except) throw new FakeExcelError('ItemAlreadyExists', `A PivotTable named "${name}" already exists on ${sheet.name}.`);
  }

  removePivot(pivot: PivotModel): void {
    this.pivots.splice(this.pivots.indexOf(pivot), 1);
    pivot.deleted = true;
  }

}

export function checkRect(rect: Rect): Rect {
  if (rect.top < 0 || rect.left < 0 || rect.bottom >= SHEET_ROWS || rect.right >= SHEET_COLUMNS || rect.top > rect.bottom || rect.left > rect.right) {
    throw new AddressError(`the range ${rect.top},${rect.left}:${rect.bottom},${rect.right} is outside the sheet`);
  }
  return rect;
}
