/**
 * A fake Excel that behaves like Excel where it matters to the writer, for jest and (no Node imports) for a browser
 * bundle later.
 *
 * - office.js's proxy model: property writes and method calls are queued and take effect at `context.sync()`;
 *   properties are readable only after `load()` and a sync (reading earlier throws PropertyNotLoaded); a proxy binds
 *   to its object when first used and keeps it across renames.
 * - Each sync is a request whose size is measured (UTF-8 JSON of every queued call's object path, member and
 *   arguments); one over the limit (default 5,000,000 bytes, Excel on the web's 5 MB) is rejected with
 *   RequestPayloadSizeLimitExceeded and nothing of it applies. Any other failure stops the request at the failing
 *   call, with the calls before it applied: office.js does not roll a request back.
 * - Excel's rules: 1,048,576 rows, sheet names of 1-31 characters and unique, table names unique, the last visible
 *   sheet cannot be hidden or deleted, strings written through `values` are parsed like typed input ("=x" becomes a
 *   formula unless the cell is text-formatted "@"), formulas follow sheet and table renames.
 * - Requirement sets: a call newer than `apiVersion` fails with ApiNotFound, like an older Excel.
 * - Formula cells read what Excel would calculate (formulas.ts: the grammar the workbook layout writes; anything
 *   else reads "#NAME?"), worked out on each read, whatever the calculation mode (Excel in manual mode would show
 *   stale results).
 * - Failure injection (`failSync`), counters (`stats`) and an inspection API (`sheet()`, `tables()`, `pivots()`,
 *   `snapshot()`).
 */
import type {
  ExcelApplication,
  ExcelChart,
  ExcelChartCollection,
  ExcelContext,
  ExcelDataPivotHierarchy,
  ExcelFreezePanes,
  ExcelPivotHierarchy,
  ExcelPivotTable,
  ExcelPivotTableCollection,
  ExcelRange,
  ExcelRangeFill,
  ExcelRangeFont,
  ExcelRangeFormat,
  ExcelTable,
  ExcelTableCollection,
  ExcelTableRowCollection,
  ExcelWorkbook,
  ExcelWorksheet,
  ExcelWorksheetCollection,
  ExcelNamedItem,
  ExcelNamedItemCollection,
  ExcelPageBreakCollection,
  ExcelPageLayout,
} from '../../src/excel/excel-api';
import { AddressError, SHEET_COLUMNS, SHEET_ROWS, columnName, formatRect, parseAddress, quoteSheetName, splitSheetAddress, type Rect } from './a1';
import { calculate, type FormulaCell } from './formulas';
import { ChartModel, FakeExcelError, GENERAL, PivotModel, SheetModel, TableModel, WorkbookModel, checkRect, type CellLook, type CellState, type ChartInfo, type DataFieldModel, type PrintModel, type Scalar } from './model';

export { FakeExcelError } from './model';
export type { CellLook, CellState, ChartInfo, Scalar } from './model';
export { calculate, type FormulaCell } from './formulas';

export const DEFAULT_REQUEST_LIMIT_BYTES = 5_000_000;
/** The newest ExcelApi the fake claims by default. */
export const DEFAULT_API_VERSION = '1.17';

export interface FakeExcelOptions {
  requestLimitBytes?: number;
  apiVersion?: string;
  /**
   * What `values` reads from a formula cell. Default: what Excel would calculate, for the grammar the workbook layout
   * writes (formulas.ts; anything else reads "#NAME?").
   */
  formulaValue?: (formula: string, cell: FormulaCell) => Scalar;
}

export interface SyncFailure {
  /** The nth sync of this fake (1-based, every sync counted). */
  nth?: number;
  /** The first sync with a call whose object path or arguments contain this text (a sheet or table name). */
  touching?: string;
  /** The first sync with a call to this member ("delete", "add", "name", "values", "pivotTables.add"...). */
  member?: string;
  /** The first sync with a call on exactly this object path ('worksheets.getItem("Sheet1")'). */
  path?: string;
  code?: string;
  message?: string;
  /**
   * Calls of the request applied before the error. Default: for `touching`/`member`, the calls before the first
   * matching one (as Excel, which stops at the failing call); for `nth`, none.
   */
  applied?: number;
}

export interface SyncInfo {
  sync: number;
  bytes: number;
  calls: ReadonlyArray<{ path: string; member: string }>;
}

interface QueuedCall {
  path: string;
  member: string;
  args: unknown[];
  since: string;
  run(): void;
}

function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : (an ?? 0) - (bn ?? 0);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function wire(value: unknown): unknown {
  return value instanceof FakeObject ? { object: value.path } : value;
}

const js = (value: unknown) => JSON.stringify(value);

function toError(error: unknown): Error {
  if (error instanceof FakeExcelError) return error;
  if (error instanceof AddressError) return new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

export class FakeExcel {
  readonly model = new WorkbookModel();
  readonly stats = {
    /** Every context.sync(), rejected and failed ones included. */
    syncs: 0,
    rejected: 0,
    failed: 0,
    /** Largest request sent (rejected ones included). */
    largestRequestBytes: 0,
    totalRequestBytes: 0,
    requestBytes: [] as number[],
  };
  requestLimitBytes: number;
  apiVersion: string;
  readonly formulaValue: (formula: string, cell: FormulaCell) => Scalar;
  /** Called before each request is checked and applied (to simulate a user typing during a refresh, say). */
  beforeSync?: (info: SyncInfo) => void;
  private readonly failures: SyncFailure[] = [];

  constructor(options: FakeExcelOptions = {}) {
    this.requestLimitBytes = options.requestLimitBytes ?? DEFAULT_REQUEST_LIMIT_BYTES;
    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    this.formulaValue = options.formulaValue ?? calculate;
  }

  /** Office.context.requirements.isSetSupported for this fake's version (the version as a string). */
  readonly isSetSupported = (name: string, minVersion: string): boolean => name === 'ExcelApi' && compareVersions(this.apiVersion, minVersion) >= 0;

  context(): FakeRequestContext {
    return new FakeRequestContext(this);
  }

  /** Like Excel.run: a fresh context, the batch, then a last sync of whatever is still queued. */
  async run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
    const context = this.context();
    const result = await batch(context);
    await context.sync();
    return result;
  }

  failSync(failure: SyncFailure): void {
    this.failures.push(failure);
  }

  /** Runs one request against the model (called by FakeRequestContext.sync). */
  async execute(calls: QueuedCall[]): Promise<void> {
    await Promise.resolve();
    const sync = ++this.stats.syncs;
    const bytes = calls.reduce((sum, call) => sum + utf8Length(js([call.path, call.member, call.args])) + 1, 2);
    this.stats.requestBytes.push(bytes);
    this.stats.totalRequestBytes += bytes;
    this.stats.largestRequestBytes = Math.max(this.stats.largestRequestBytes, bytes);
    this.beforeSync?.({ sync, bytes, calls: calls.map(({ path, member }) => ({ path, member })) });
    if (bytes > this.requestLimitBytes) {
      this.stats.rejected++;
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `The request payload size has exceeded the limit (${bytes} bytes > ${this.requestLimitBytes}).`);
    }
    const failure = this.matchFailure(sync, calls);
    const applied = failure ? failure.applied : calls.length;
    for (let i = 0; i < applied; i++) {
      const call = calls[i];
      try {
        if (compareVersions(this.apiVersion, call.since) < 0) {
          throw new FakeExcelError('ApiNotFound', `The API you are trying to use could not be found (${call.member} needs ExcelApi ${call.since}).`);
        }
        call.run();
      } catch (error) {
        this.stats.failed++;
        const failed = toError(error);
        if (failed instanceof FakeExcelError) failed.debugInfo.errorLocation = `${call.path}.${call.member}`;
        throw failed;
      }
    }
    if (failure) {
      this.stats.failed++;
      throw failure.error;
    }
  }

  private matchFailure(sync: number, calls: QueuedCall[]): { applied: number; error: FakeExcelError } | null {
    for (let f = 0; f < this.failures.length; f++) {
      const rule = this.failures[f];
      let at = -1;
      if (rule.nth !== undefined) {
        if (rule.nth !== sync) continue;
        at = 0;
      } else {
        at = calls.findIndex(
          (call) =>
            (rule.member === undefined || call.member === rule.member) &&
            (rule.path === undefined || call.path === rule.path) &&
            (rule.touching === undefined || call.path.includes(rule.touching) || js(call.args).includes(rule.touching)),
        );
        if (at < 0) continue;
      }
      this.failures.splice(f, 1);
      const applied = Math.min(rule.applied ?? at, calls.length);
      return { applied, error: new FakeExcelError(rule.code ?? 'GeneralException', rule.message ?? `Injected failure in sync ${sync}.`) };
    }
    return null;
  }

  // ---- inspection ----

  sheetNames(): string[] {
    return this.model.sheets.map((sheet) => sheet.name);
  }

  visibleSheetNames(): string[] {
    return this.model.sheets.filter((sheet) => sheet.visibility === 'Visible').map((sheet) => sheet.name);
  }

  sheet(name: string): FakeSheetView {
    const sheet = this.model.sheet(name);
    if (sheet === undefined) throw new Error(`no sheet "${name}" (sheets: ${this.sheetNames().join(', ')})`);
    return new FakeSheetView(this.model, sheet, this.formulaValue);
  }

  /** By name (a workbook's tables have no order a user sees). */
  tables(): TableInfo[] {
    return this.model.tables
      .map((table) => ({ name: table.name, sheet: table.sheet.name, address: formatRect(table.rect), style: table.style, columns: table.columns() }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** By sheet and name. */
  pivots(): PivotInfo[] {
    const sorted = [...this.model.pivots].sort((a, b) => a.sheet.name.localeCompare(b.sheet.name) || a.name.localeCompare(b.name));
    return sorted.map((pivot) => ({
      name: pivot.name,
      sheet: pivot.sheet.name,
      anchor: formatRect({ top: pivot.anchor.row, bottom: pivot.anchor.row, left: pivot.anchor.column, right: pivot.anchor.column }),
      source: pivot.source?.name ?? null,
      rows: [...pivot.rows],
      columns: [...pivot.columns],
      data: pivot.data.map((field) => ({ ...field })),
    }));
  }

  /** Everything a user could see, as plain data: two workbooks are the same when their snapshots are equal. */
  snapshot(): WorkbookSnapshot {
    return {
      sheets: this.model.sheets.map((sheet) => {
        const view = new FakeSheetView(this.model, sheet, this.formulaValue);
        return {
          name: sheet.name,
          visibility: sheet.visibility,
          tabColor: sheet.tabColor,
          freeze: sheet.freeze,
          shownOutline: sheet.shownOutline,
          rowLevels: view.rowLevels(),
          columnWidths: [...sheet.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
          wrappedColumns: [...sheet.wrappedColumns].sort((a, b) => a - b),
          charts: view.charts,
          names: [...sheet.names.values()],
          print: { ...sheet.print, zoom: { ...sheet.print.zoom }, pageBreaks: [...sheet.print.pageBreaks] },
          cells: [...sheet.filledCells()].map(([r, c, state]) => [formatRect({ top: r, bottom: r, left: c, right: c }), state] as [string, CellState]),
        };
      }),
      tables: this.tables(),
      pivots: this.pivots(),
    };
  }
}

export interface TableInfo {
  name: string;
  sheet: string;
  address: string;
  style: string;
  columns: string[];
}

export interface PivotInfo {
  name: string;
  sheet: string;
  anchor: string;
  source: string | null;
  rows: string[];
  columns: string[];
  data: DataFieldModel[];
}

export interface WorkbookSnapshot {
  sheets: Array<{
    name: string;
    visibility: string;
    tabColor: string;
    freeze: { rows: number; columns: number } | null;
    shownOutline: { rows: number; columns: number } | null;
    rowLevels: Array<[number, number]>;
    columnWidths: Array<[number, number]>;
    wrappedColumns: number[];
    charts: ChartInfo[];
    /** Names scoped to the sheet. */
    names: string[];
    print: PrintModel;
    cells: Array<[string, CellState]>;
  }>;
  tables: TableInfo[];
  pivots: PivotInfo[];
}

/** One sheet, for assertions. Addresses are A1 ("B2:D4"). */
export class FakeSheetView {
  constructor(
    private readonly workbook: WorkbookModel,
    private readonly sheet: SheetModel,
    private readonly formulaValue: (formula: string, cell: FormulaCell) => Scalar,
  ) {}

  get name(): string {
    return this.sheet.name;
  }

  get visibility(): string {
    return this.sheet.visibility;
  }

  get tabColor(): string {
    return this.sheet.tabColor;
  }

  get print(): PrintModel {
    return this.sheet.print;
  }

  get freeze(): { rows: number; columns: number } | null {
    return this.sheet.freeze;
  }

  get shownOutline(): { rows: number; columns: number } | null {
    return this.sheet.shownOutline;
  }

  get charts(): ChartInfo[] {
    return this.sheet.charts.map((chart) => chart.info());
  }

  /** Rows with an outline level: [0-based row, level], in row order. */
  rowLevels(): Array<[number, number]> {
    return [...this.sheet.rowLevels.entries()].filter(([, level]) => level > 0).sort((a, b) => a[0] - b[0]);
  }

  wrapped(column: number): boolean {
    return this.sheet.wrappedColumns.has(column);
  }

  autofittedRows(): string[] {
    return [...this.sheet.autofittedRows];
  }

  columnWidth(column: number): number | undefined {
    return this.sheet.columnWidths.get(column);
  }

  cell(address: string): CellState {
    const rect = parseAddress(address);
    return this.sheet.cell(rect.top, rect.left);
  }

  private grid<T>(address: string, read: (state: CellState, r: number, c: number) => T): T[][] {
    const rect = parseAddress(address);
    const rows: T[][] = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row: T[] = [];
      for (let c = rect.left; c <= rect.right; c++) row.push(read(this.sheet.cell(r, c), r, c));
      rows.push(row);
    }
    return rows;
  }

  /** What `Range.values` would read ("" for empty cells). */
  values(address: string): Scalar[][] {
    const { workbook, sheet } = this;
    return this.grid(address, (state, row, column) => (state.formula !== null ? this.formulaValue(state.formula, { workbook, sheet, row, column }) : (state.value ?? '')));
  }

  formulas(address: string): Scalar[][] {
    return this.grid(address, (state) => state.formula ?? state.value ?? '');
  }

  formats(address: string): string[][] {
    return this.grid(address, (state) => state.format);
  }

  usedAddress(valuesOnly = true): string | null {
    const rect = this.sheet.usedRect(valuesOnly);
    return rect === null ? null : formatRect(rect);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The office.js surface

export class FakeRequestContext implements ExcelContext {
  readonly workbook: FakeWorkbook;
  private queue: QueuedCall[] = [];

  constructor(readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
  }

  enqueue(call: QueuedCall): void {
    this.queue.push(call);
  }

  /** Sends everything queued since the last sync; the queue is emptied whether the request succeeds or not. */
  async sync(): Promise<void> {
    const calls = this.queue;
    this.queue = [];
    await this.excel.execute(calls);
  }
}

function propertyNotLoaded(property: string, path: string): FakeExcelError {
  return new FakeExcelError(
    'PropertyNotLoaded',
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context. (${path})`,
  );
}

function loadPaths(names: string | string[] | undefined): string[] {
  const list = names === undefined ? [] : Array.isArray(names) ? names : names.split(',');
  return list.map((name) => name.trim()).filter(Boolean);
}

abstract class FakeObject<T> {
  private bound: T | null | undefined = undefined;
  protected readonly loaded = new Map<string, unknown>();

  constructor(
    readonly context: FakeRequestContext,
    readonly path: string,
    private readonly resolver: () => T | null,
    private readonly nullable = false,
    private readonly since = '1.1',
  ) {
    // An *OrNullObject proxy learns whether its object exists at the next sync, loaded or not (office.js docs).
    if (nullable) this.call('resolve', [], () => this.loaded.set('isNullObject', this.bind() === null));
  }

  protected get model(): WorkbookModel {
    return this.context.excel.model;
  }

  /** The object, found the first time the proxy is used in a request and kept from then on. */
  bind(): T | null {
    if (this.bound === undefined) {
      if (compareVersions(this.context.excel.apiVersion, this.since) < 0) throw new FakeExcelError('ApiNotFound', `${this.path} needs ExcelApi ${this.since}`);
      this.bound = this.resolver();
    }
    return this.bound;
  }

  target(): T {
    const target = this.bind();
    if (target === null) throw new FakeExcelError('ItemNotFound', `The requested resource doesn't exist: ${this.path}`);
    if ((target as { deleted?: boolean }).deleted) throw new FakeExcelError('InvalidObjectPath', `The object at ${this.path} was deleted.`);
    return target;
  }

  protected call(member: string, args: unknown[], run: () => void, since = '1.1'): void {
    this.context.enqueue({ path: this.path, member, args: args.map(wire), since, run });
  }

  protected read<V>(property: string): V {
    if (!this.loaded.has(property)) throw propertyNotLoaded(property, this.path);
    return this.loaded.get(property) as V;
  }

  load(names?: string | string[]): this {
    const paths = loadPaths(names);
    this.call('load', [paths.join(',')], () => this.fulfil(paths));
    return this;
  }

  /** Fills the loaded properties, at sync. */
  fulfil(paths: string[]): void {
    const target = this.bind();
    if (target === null && this.nullable) {
      this.loaded.set('isNullObject', true);
      return;
    }
    this.target();
    this.loaded.set('isNullObject', false);
    const nested = new Map<string, string[]>();
    for (const path of paths.length > 0 ? paths : this.defaultLoad()) {
      const [head, ...rest] = path.split('/');
      if (rest.length > 0) nested.set(head, [...(nested.get(head) ?? []), rest.join('/')]);
      else this.loaded.set(head, this.snapshot(head));
    }
    for (const [head, rest] of nested) this.navigate(head).fulfil(rest);
  }

  protected defaultLoad(): string[] {
    return [];
  }

  protected snapshot(property: string): unknown {
    throw new FakeExcelError('InvalidArgument', `the fake cannot load '${property}' on ${this.path}`);
  }

  protected navigate(property: string): { fulfil(paths: string[]): void } {
    throw new FakeExcelError('InvalidArgument', `the fake cannot load '${property}/...' on ${this.path}`);
  }

  get isNullObject(): boolean {
    return this.read('isNullObject');
  }

  toJSON(): unknown {
    return { object: this.path };
  }
}

/** A collection: `load('items/name')` (or `load('name')`) gives `items`, proxies bound to the objects loaded. */
abstract class FakeCollection<T, P extends { fulfil(paths: string[]): void }> extends FakeObject<T[]> {
  constructor(context: FakeRequestContext, path: string) {
    super(context, path, () => this.members());
  }

  /** The collection's objects now (at sync). */
  protected abstract members(): T[];

  protected abstract itemProxy(item: T, index: number): P;

  override fulfil(paths: string[]): void {
    const list = this.members();
    const itemPaths: string[] = [];
    for (const path of paths) {
      if (path === 'count') this.loaded.set('count', list.length);
      else if (path === 'items') continue;
      else itemPaths.push(path.startsWith('items/') ? path.slice('items/'.length) : path);
    }
    const items = list.map((item, index) => this.itemProxy(item, index));
    for (const item of items) item.fulfil(itemPaths);
    this.loaded.set('items', items);
  }

  get items(): P[] {
    return this.read('items');
  }

  get count(): number {
    return this.read('count');
  }
}

export class FakeWorkbook implements ExcelWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly pivotTables: FakePivotTableCollection;
  readonly application: FakeApplication;

  constructor(readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.tables = new FakeTableCollection(context, 'tables', null);
    this.pivotTables = new FakePivotTableCollection(context);
    this.application = new FakeApplication(context);
  }
}

export class FakeApplication extends FakeObject<WorkbookModel['application']> implements ExcelApplication {
  constructor(context: FakeRequestContext) {
    super(context, 'application', () => context.excel.model.application);
  }

  suspendApiCalculationUntilNextSync(): void {
    this.call('suspendApiCalculationUntilNextSync', [], () => this.target().suspendCalculation++, '1.6');
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this.call('suspendScreenUpdatingUntilNextSync', [], () => this.target().suspendScreenUpdating++, '1.9');
  }

  calculate(calculationType: 'Recalculate' | 'Full' | 'FullRebuild'): void {
    this.call('calculate', [calculationType], () => this.target().calculations.push(calculationType));
  }

  get calculationMode(): string {
    return this.read('calculationMode');
  }

  set calculationMode(mode: string) {
    this.call('calculationMode', [mode], () => (this.target().calculationMode = mode), '1.8');
  }

  protected override snapshot(property: string): unknown {
    if (property === 'calculationMode') return this.target().calculationMode;
    return super.snapshot(property);
  }
}

export class FakeWorksheetCollection extends FakeCollection<SheetModel, FakeWorksheet> implements ExcelWorksheetCollection {
  constructor(context: FakeRequestContext) {
    super(context, 'worksheets');
  }

  protected members(): SheetModel[] {
    return [...this.model.sheets];
  }

  protected itemProxy(sheet: SheetModel): FakeWorksheet {
    return new FakeWorksheet(this.context, `worksheets.getItem(${js(sheet.name)})`, () => sheet);
  }

  add(name?: string): FakeWorksheet {
    let created: SheetModel | null = null;
    this.call('add', [name ?? null], () => (created = this.model.addSheet(name)));
    return new FakeWorksheet(this.context, `worksheets.add(${js(name ?? null)})`, () => created);
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, `worksheets.getItem(${js(key)})`, () => this.model.sheet(key) ?? null);
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, `worksheets.getItemOrNullObject(${js(key)})`, () => this.model.sheet(key) ?? null, true, '1.4');
  }
}

/** A sheet's names: enough of NamedItemCollection to add one and to ask whether one is there. */
export class FakeSheetNames implements ExcelNamedItemCollection {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly path: string,
    private readonly sheet: FakeWorksheet,
  ) {}

  add(name: string, reference: ExcelRange | string, comment?: string): void {
    this.context.enqueue({ path: this.path, member: 'add', args: [name, typeof reference === 'string' ? reference : { object: 'range' }, comment ?? null], since: '1.4', run: () => this.context.excel.model.addSheetName(this.sheet.target(), name) });
  }

  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(this.context, `${this.path}.getItemOrNullObject(${js(name)})`, () => (this.sheet.target().names.has(name.toLowerCase()) ? { name } : null));
  }
}

export class FakeNamedItem extends FakeObject<{ name: string }> implements ExcelNamedItem {
  constructor(context: FakeRequestContext, path: string, resolver: () => { name: string } | null) {
    super(context, path, resolver, true, '1.4');
  }

  protected override snapshot(property: string): unknown {
    if (property === 'name') return this.target().name;
    return super.snapshot(property);
  }
}

interface RangeRef {
  sheet: SheetModel;
  rect: Rect;
}

export class FakeWorksheet extends FakeObject<SheetModel> implements ExcelWorksheet {
  private tablesProxy?: FakeTableCollection;
  private chartsProxy?: FakeChartCollection;
  private freezeProxy?: FakeFreezePanes;
  private namesProxy?: FakeSheetNames;
  private pageLayoutProxy?: FakePageLayout;
  private pageBreaksProxy?: FakePageBreaks;

  get name(): string {
    return this.read('name');
  }

  set name(name: string) {
    this.call('name', [name], () => this.model.renameSheet(this.target(), name));
  }

  get position(): number {
    return this.read('position');
  }

  set position(position: number) {
    this.call('position', [position], () => this.model.moveSheet(this.target(), position));
  }

  get visibility(): 'Visible' | 'Hidden' | 'VeryHidden' {
    return this.read('visibility');
  }

  set visibility(visibility: 'Visible' | 'Hidden' | 'VeryHidden') {
    this.call('visibility', [visibility], () => this.model.setVisibility(this.target(), visibility), '1.2');
  }

  get tabColor(): string {
    return this.read('tabColor');
  }

  set tabColor(color: string) {
    this.call('tabColor', [color], () => (this.target().tabColor = color), '1.7');
  }

  get tables(): FakeTableCollection {
    return (this.tablesProxy ??= new FakeTableCollection(this.context, `${this.path}.tables`, this));
  }

  get charts(): FakeChartCollection {
    return (this.chartsProxy ??= new FakeChartCollection(this.context, `${this.path}.charts`, this));
  }

  get freezePanes(): FakeFreezePanes {
    return (this.freezeProxy ??= new FakeFreezePanes(this.context, `${this.path}.freezePanes`, this));
  }

  get names(): FakeSheetNames {
    return (this.namesProxy ??= new FakeSheetNames(this.context, `${this.path}.names`, this));
  }

  get pageLayout(): FakePageLayout {
    return (this.pageLayoutProxy ??= new FakePageLayout(this.context, `${this.path}.pageLayout`, this));
  }

  get horizontalPageBreaks(): FakePageBreaks {
    return (this.pageBreaksProxy ??= new FakePageBreaks(this.context, `${this.path}.horizontalPageBreaks`, this));
  }

  protected override snapshot(property: string): unknown {
    const sheet = this.target();
    switch (property) {
      case 'name':
        return sheet.name;
      case 'position':
        return this.model.sheets.indexOf(sheet);
      case 'visibility':
        return sheet.visibility;
      case 'tabColor':
        return sheet.tabColor;
      case 'id':
        return String(sheet.id);
    }
    return super.snapshot(property);
  }

  protected override defaultLoad(): string[] {
    return ['name', 'position', 'visibility', 'tabColor'];
  }

  private range(path: string, rect: () => Rect, since = '1.1'): FakeRange {
    return new FakeRange(this.context, `${this.path}.${path}`, () => ({ sheet: this.target(), rect: checkRect(rect()) }), false, since);
  }

  getRange(address?: string): FakeRange {
    return this.range(`getRange(${js(address ?? null)})`, () => {
      if (address === undefined) return { top: 0, left: 0, bottom: SHEET_ROWS - 1, right: SHEET_COLUMNS - 1, entireRows: true, entireColumns: true };
      if (address.includes('!')) throw new FakeExcelError('InvalidArgument', `worksheet.getRange takes an address without a sheet: "${address}"`);
      return parseAddress(address);
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return this.range(
      `getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`,
      () => ({ top: startRow, left: startColumn, bottom: startRow + rowCount - 1, right: startColumn + columnCount - 1 }),
      '1.7',
    );
  }

  getUsedRange(valuesOnly = false): FakeRange {
    return this.range(`getUsedRange(${valuesOnly})`, () => this.target().usedRect(valuesOnly) ?? { top: 0, left: 0, bottom: 0, right: 0 });
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.context,
      `${this.path}.getUsedRangeOrNullObject(${valuesOnly})`,
      () => {
        const rect = this.target().usedRect(valuesOnly);
        return rect === null ? null : { sheet: this.target(), rect };
      },
      true,
      '1.4',
    );
  }

  showOutlineLevels(rowLevels: number, columnLevels: number): void {
    this.call(
      'showOutlineLevels',
      [rowLevels, columnLevels],
      () => {
        if (rowLevels < 0 || rowLevels > 8 || columnLevels < 0 || columnLevels > 8) throw new FakeExcelError('InvalidArgument', 'outline levels are 0 to 8');
        this.target().shownOutline = { rows: rowLevels, columns: columnLevels };
      },
      '1.10',
    );
  }

  delete(): void {
    this.call('delete', [], () => this.model.deleteSheet(this.target()));
  }
}

export class FakeRange extends FakeObject<RangeRef> implements ExcelRange {
  private formatProxy?: FakeRangeFormat;

  private derived(path: string, rect: (base: RangeRef) => Rect, since = '1.1'): FakeRange {
    return new FakeRange(
      this.context,
      `${this.path}.${path}`,
      () => {
        const base = this.target();
        return { sheet: base.sheet, rect: checkRect(rect(base)) };
      },
      false,
      since,
    );
  }

  override target(): RangeRef {
    const ref = super.target();
    if (ref.sheet.deleted) throw new FakeExcelError('InvalidObjectPath', `the sheet of ${this.path} was deleted`);
    return ref;
  }

  get values(): unknown[][] {
    return this.read('values');
  }

  set values(values: unknown[][]) {
    this.call('values', [values], () => this.write(values, 'values'));
  }

  get formulas(): unknown[][] {
    return this.read('formulas');
  }

  set formulas(formulas: unknown[][]) {
    this.call('formulas', [formulas], () => this.write(formulas, 'formulas'));
  }

  get numberFormat(): unknown[][] {
    return this.read('numberFormat');
  }

  set numberFormat(formats: unknown[][]) {
    this.call('numberFormat', [formats], () => this.write(formats, 'numberFormat'));
  }

  get address(): string {
    return this.read('address');
  }

  get rowIndex(): number {
    return this.read('rowIndex');
  }

  get columnIndex(): number {
    return this.read('columnIndex');
  }

  get rowCount(): number {
    return this.read('rowCount');
  }

  get columnCount(): number {
    return this.read('columnCount');
  }

  get text(): string[][] {
    return this.read('text');
  }

  get format(): FakeRangeFormat {
    return (this.formatProxy ??= new FakeRangeFormat(this.context, `${this.path}.format`, () => this.target()));
  }

  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, `${this.path}.worksheet`, () => this.target().sheet);
  }

  protected override navigate(property: string): { fulfil(paths: string[]): void } {
    if (property === 'worksheet') return this.worksheet;
    if (property === 'format') return this.format;
    return super.navigate(property);
  }

  /** Rows of a read: whole columns stop at the last used row, as Excel's used-range reads would. */
  private cells<V>(read: (sheet: SheetModel, r: number, c: number) => V): V[][] {
    const { sheet, rect } = this.target();
    const bottom = rect.entireColumns ? Math.max(sheet.lastRow, rect.top) : rect.bottom;
    const rows: V[][] = [];
    for (let r = rect.top; r <= bottom; r++) {
      const row: V[] = [];
      for (let c = rect.left; c <= rect.right; c++) row.push(read(sheet, r, c));
      rows.push(row);
    }
    return rows;
  }

  protected override snapshot(property: string): unknown {
    const { sheet, rect } = this.target();
    const { excel } = this.context;
    const value = (s: SheetModel, row: number, column: number) => {
      const state = s.cell(row, column);
      return state.formula !== null ? excel.formulaValue(state.formula, { workbook: excel.model, sheet: s, row, column }) : (state.value ?? '');
    };
    switch (property) {
      case 'values':
        return this.cells(value);
      case 'formulas':
        return this.cells((s, r, c) => {
          const state = s.cell(r, c);
          return state.formula ?? state.value ?? '';
        });
      case 'numberFormat':
        return this.cells((s, r, c) => s.format(r, c));
      case 'text':
        return this.cells((s, r, c) => String(value(s, r, c)));
      case 'address':
        return `${quoteSheetName(sheet.name)}!${formatRect(rect)}`;
      case 'rowIndex':
        return rect.top;
      case 'columnIndex':
        return rect.left;
      case 'rowCount':
        return rect.bottom - rect.top + 1;
      case 'columnCount':
        return rect.right - rect.left + 1;
    }
    return super.snapshot(property);
  }

  private write(grid: unknown[][], kind: 'values' | 'formulas' | 'numberFormat'): void {
    const { sheet, rect } = this.target();
    const rows = rect.bottom - rect.top + 1;
    const columns = rect.right - rect.left + 1;
    if (!Array.isArray(grid) || grid.some((row) => !Array.isArray(row))) throw new FakeExcelError('InvalidArgument', `${kind} must be a 2-D array`);
    // A single format is applied to every cell (docs: "If the argument is a single value, it will be applied to
    // all cells"); values and formulas must match the range.
    const broadcast = kind === 'numberFormat' && grid.length === 1 && grid[0].length === 1;
    if (!broadcast && (grid.length !== rows || grid.some((row) => row.length !== columns))) {
      throw new FakeExcelError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${kind}: ${grid.length} rows for ${rows}).`);
    }
    const bottom = broadcast && rect.entireColumns ? Math.min(rect.bottom, Math.max(sheet.lastRow, rect.top)) : rect.bottom;
    for (let r = rect.top; r <= bottom; r++) {
      const row = broadcast ? grid[0] : grid[r - rect.top];
      for (let c = rect.left; c <= rect.right; c++) {
        const input = broadcast ? row[0] : row[c - rect.left];
        if (kind === 'values') sheet.input(r, c, input);
        else if (kind === 'formulas') sheet.inputFormula(r, c, input);
        else if (input !== null && input !== undefined) {
          if (typeof input !== 'string') throw new FakeExcelError('InvalidArgument', 'a number format is text');
          sheet.setFormat(r, c, input);
        }
      }
    }
  }

  group(groupOption: 'ByRows' | 'ByColumns'): void {
    this.call(
      'group',
      [groupOption],
      () => {
        const { sheet, rect } = this.target();
        if (groupOption === 'ByRows') {
          if (rect.entireColumns && !rect.entireRows) throw new FakeExcelError('InvalidArgument', 'cannot group whole columns by rows');
          for (let r = rect.top; r <= rect.bottom; r++) {
            const level = (sheet.rowLevels.get(r) ?? 0) + 1;
            if (level > 7) throw new FakeExcelError('InvalidOperation', 'Excel has 8 outline levels');
            sheet.rowLevels.set(r, level);
          }
        } else {
          if (rect.entireRows && !rect.entireColumns) throw new FakeExcelError('InvalidArgument', 'cannot group whole rows by columns');
          for (let c = rect.left; c <= rect.right; c++) sheet.columnLevels.set(c, (sheet.columnLevels.get(c) ?? 0) + 1);
        }
      },
      '1.10',
    );
  }

  getLastRow(): FakeRange {
    return this.derived('getLastRow()', ({ rect }) => ({ ...rect, top: rect.bottom, entireRows: false, entireColumns: false }));
  }

  getRow(row: number): FakeRange {
    return this.derived(`getRow(${row})`, ({ rect }) => ({ top: rect.top + row, bottom: rect.top + row, left: rect.left, right: rect.right }));
  }

  getColumn(column: number): FakeRange {
    return this.derived(`getColumn(${column})`, ({ rect }) => ({ top: rect.top, bottom: rect.bottom, left: rect.left + column, right: rect.left + column }));
  }

  getCell(row: number, column: number): FakeRange {
    return this.derived(`getCell(${row},${column})`, ({ rect }) => ({ top: rect.top + row, bottom: rect.top + row, left: rect.left + column, right: rect.left + column }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derived(`getOffsetRange(${rowOffset},${columnOffset})`, ({ rect }) => ({
      top: rect.top + rowOffset,
      bottom: rect.bottom + rowOffset,
      left: rect.left + columnOffset,
      right: rect.right + columnOffset,
    }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived(`getResizedRange(${deltaRows},${deltaColumns})`, ({ rect }) => ({ ...rect, bottom: rect.bottom + deltaRows, right: rect.right + deltaColumns }), '1.2');
  }

  getRowsBelow(count = 1): FakeRange {
    return this.derived(`getRowsBelow(${count})`, ({ rect }) => ({ top: rect.bottom + 1, bottom: rect.bottom + count, left: rect.left, right: rect.right }), '1.2');
  }

  getBoundingRect(anotherRange: ExcelRange | string): FakeRange {
    return this.derived(`getBoundingRect(${typeof anotherRange === 'string' ? js(anotherRange) : (anotherRange as FakeRange).path})`, ({ sheet, rect }) => {
      let other: Rect;
      if (typeof anotherRange === 'string') other = parseAddress(anotherRange);
      else {
        const ref = (anotherRange as FakeRange).target();
        if (ref.sheet !== sheet) throw new FakeExcelError('InvalidArgument', 'the ranges are on different sheets');
        other = ref.rect;
      }
      return { top: Math.min(rect.top, other.top), bottom: Math.max(rect.bottom, other.bottom), left: Math.min(rect.left, other.left), right: Math.max(rect.right, other.right) };
    });
  }

  clear(applyTo: 'All' | 'Formats' | 'Contents' = 'All'): void {
    this.call('clear', [applyTo], () => {
      const { sheet, rect } = this.target();
      sheet.clear(rect, applyTo);
    });
  }

  delete(shift: 'Up' | 'Left'): void {
    this.call('delete', [shift], () => {
      const { sheet, rect } = this.target();
      if (shift !== 'Up') throw new FakeExcelError('NotImplemented', 'the fake deletes cells upwards only');
      this.model.deleteUp(sheet, rect);
    });
  }
}

export class FakeRangeFormat extends FakeObject<RangeRef> implements ExcelRangeFormat {
  readonly font: FakeRangeFont;
  readonly fill: FakeRangeFill;

  constructor(context: FakeRequestContext, path: string, resolver: () => RangeRef) {
    super(context, path, resolver);
    this.font = new FakeRangeFont(context, `${path}.font`, () => this.target());
    this.fill = new FakeRangeFill(context, `${path}.fill`, () => this.target());
  }

  get columnWidth(): number {
    return this.read('columnWidth');
  }

  set columnWidth(points: number) {
    this.call(
      'columnWidth',
      [points],
      () => {
        const { sheet, rect } = this.target();
        if (!(points >= 0)) throw new FakeExcelError('InvalidArgument', 'a column width is 0 or more points');
        for (let c = rect.left; c <= rect.right; c++) sheet.columnWidths.set(c, points);
      },
      '1.2',
    );
  }

  get wrapText(): boolean {
    return this.read('wrapText');
  }

  set wrapText(wrap: boolean) {
    this.call(
      'wrapText',
      [wrap],
      () => {
        const { sheet, rect } = this.target();
        if (!rect.entireColumns) throw new Error('the fake Excel wraps whole columns only');
        for (let c = rect.left; c <= rect.right; c++) {
          if (wrap) sheet.wrappedColumns.add(c);
          else sheet.wrappedColumns.delete(c);
        }
      },
      '1.1',
    );
  }

  get horizontalAlignment(): string {
    return this.read('horizontalAlignment');
  }

  set horizontalAlignment(align: string) {
    this.call(
      'horizontalAlignment',
      [align],
      () => {
        if (!['General', 'Left', 'Center', 'Right'].includes(align)) throw new FakeExcelError('InvalidArgument', `the fake Excel does not align "${align}"`);
        applyLook(this.target(), { align: align === 'General' ? undefined : align });
      },
      '1.1',
    );
  }

  autofitRows(): void {
    this.call('autofitRows', [], () => {
      const { sheet, rect } = this.target();
      sheet.autofittedRows.push(formatRect(rect));
    }, '1.2');
  }

  autofitColumns(): void {
    this.call(
      'autofitColumns',
      [],
      () => {
        const { sheet, rect } = this.target();
        const bottom = Math.min(rect.bottom, sheet.lastRow);
        for (let c = rect.left; c <= rect.right; c++) {
          let longest = 0;
          for (let r = rect.top; r <= bottom; r++) longest = Math.max(longest, String(sheet.cell(r, c).value ?? '').length);
          sheet.columnWidths.set(c, Math.round(longest * 7 + 5) * 0.75);
        }
      },
      '1.2',
    );
  }

  protected override snapshot(property: string): unknown {
    if (property === 'columnWidth') {
      const { sheet, rect } = this.target();
      const widths = new Set<number | undefined>();
      for (let c = rect.left; c <= rect.right; c++) widths.add(sheet.columnWidths.get(c) ?? 48);
      return widths.size === 1 ? [...widths][0] : null;
    }
    return super.snapshot(property);
  }
}

function applyLook(ref: RangeRef, change: CellLook): void {
  const { sheet, rect } = ref;
  const bottom = rect.entireColumns ? Math.min(rect.bottom, Math.max(sheet.lastRow, rect.top)) : rect.bottom;
  for (let r = rect.top; r <= bottom; r++) for (let c = rect.left; c <= rect.right; c++) sheet.setLook(r, c, change);
}

export class FakeRangeFont extends FakeObject<RangeRef> implements ExcelRangeFont {
  get bold(): boolean {
    return this.read('bold');
  }

  set bold(bold: boolean) {
    this.call('bold', [bold], () => applyLook(this.target(), { bold }));
  }

  get italic(): boolean {
    return this.read('italic');
  }

  set italic(italic: boolean) {
    this.call('italic', [italic], () => applyLook(this.target(), { italic }));
  }

  get size(): number {
    return this.read('size');
  }

  set size(size: number) {
    this.call('size', [size], () => applyLook(this.target(), { size }));
  }

  get color(): string {
    return this.read('color');
  }

  set color(color: string) {
    this.call('color', [color], () => applyLook(this.target(), { fontColor: color }));
  }
}

export class FakeRangeFill extends FakeObject<RangeRef> implements ExcelRangeFill {
  get color(): string {
    return this.read('color');
  }

  set color(color: string) {
    this.call('color', [color], () => applyLook(this.target(), { fill: color }));
  }
}

export class FakeFreezePanes extends FakeObject<SheetModel> implements ExcelFreezePanes {
  constructor(context: FakeRequestContext, path: string, sheet: FakeWorksheet) {
    super(context, path, () => sheet.target());
  }

  freezeRows(count = 1): void {
    this.call('freezeRows', [count], () => (this.target().freeze = { rows: count, columns: 0 }), '1.7');
  }

  freezeColumns(count = 1): void {
    this.call('freezeColumns', [count], () => (this.target().freeze = { rows: 0, columns: count }), '1.7');
  }

  freezeAt(frozenRange: ExcelRange | string): void {
    this.call(
      'freezeAt',
      [frozenRange],
      () => {
        const rect = typeof frozenRange === 'string' ? parseAddress(frozenRange) : (frozenRange as FakeRange).target().rect;
        this.target().freeze = { rows: rect.bottom + 1, columns: rect.right + 1 };
      },
      '1.7',
    );
  }

  unfreeze(): void {
    this.call('unfreeze', [], () => (this.target().freeze = null), '1.7');
  }
}

/** Excel's limits on page setup (Microsoft support, "Excel specifications and limits"; the page setup dialog). */
const MAX_PAGE_BREAKS = 1026;
const MAX_HEADER_FOOTER = 255;

/** worksheet.pageLayout: what a refresh sets. Values are checked as Excel checks them. */
export class FakePageLayout extends FakeObject<SheetModel> implements ExcelPageLayout {
  readonly headersFooters: { readonly defaultForAllPages: { leftFooter: string; rightFooter: string } };

  constructor(context: FakeRequestContext, path: string, sheet: FakeWorksheet) {
    super(context, path, () => sheet.target(), false, '1.9');
    const footer = (member: 'leftFooter' | 'rightFooter', text: string) =>
      context.enqueue({
        path: `${path}.headersFooters.defaultForAllPages`,
        member,
        args: [text],
        since: '1.9',
        run: () => {
          if (text.length > MAX_HEADER_FOOTER) throw new FakeExcelError('InvalidArgument', `a footer holds at most ${MAX_HEADER_FOOTER} characters`);
          this.target().print[member] = text;
        },
      });
    const print = () => this.target().print;
    this.headersFooters = {
      defaultForAllPages: {
        get leftFooter() {
          return print().leftFooter;
        },
        set leftFooter(text: string) {
          footer('leftFooter', text);
        },
        get rightFooter() {
          return print().rightFooter;
        },
        set rightFooter(text: string) {
          footer('rightFooter', text);
        },
      },
    };
  }

  get orientation(): 'Portrait' | 'Landscape' {
    return this.read('orientation');
  }

  set orientation(orientation: 'Portrait' | 'Landscape') {
    this.call(
      'orientation',
      [orientation],
      () => {
        if (orientation !== 'Portrait' && orientation !== 'Landscape') throw new FakeExcelError('InvalidArgument', `"${String(orientation)}" is not a page orientation`);
        this.target().print.orientation = orientation;
      },
      '1.9',
    );
  }

  get zoom(): PrintModel['zoom'] {
    return this.read('zoom');
  }

  set zoom(zoom: PrintModel['zoom']) {
    this.call(
      'zoom',
      [zoom],
      () => {
        const { scale, horizontalFitToPages: wide, verticalFitToPages: tall } = zoom;
        if (scale !== undefined && (wide !== undefined || tall !== undefined)) throw new FakeExcelError('InvalidArgument', 'a zoom is a scale or pages to fit, not both');
        if (scale !== undefined && !(Number.isInteger(scale) && scale >= 10 && scale <= 400)) throw new FakeExcelError('InvalidArgument', `scale ${scale} is not 10 to 400`);
        for (const pages of [wide, tall]) {
          if (pages !== undefined && !(Number.isInteger(pages) && pages >= 0 && pages <= 32767)) throw new FakeExcelError('InvalidArgument', `${pages} is not a number of pages`);
        }
        this.target().print.zoom = { ...zoom };
      },
      '1.9',
    );
  }

  setPrintArea(printArea: string): void {
    this.call('setPrintArea', [printArea], () => (this.target().print.printArea = formatArea(parseAddress(printArea))), '1.9');
  }

  setPrintTitleRows(titleRows: string): void {
    this.call(
      'setPrintTitleRows',
      [titleRows],
      () => {
        const rect = parseAddress(titleRows);
        if (!rect.entireRows) throw new FakeExcelError('InvalidArgument', `print titles are whole rows, not "${titleRows}"`);
        this.target().print.titleRows = `${rect.top + 1}:${rect.bottom + 1}`;
      },
      '1.9',
    );
  }

  protected override snapshot(property: string): unknown {
    const print = this.target().print;
    if (property === 'orientation') return print.orientation;
    if (property === 'zoom') return { ...print.zoom };
    return super.snapshot(property);
  }
}

/** worksheet.horizontalPageBreaks: add only. */
export class FakePageBreaks implements ExcelPageBreakCollection {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly path: string,
    private readonly sheet: FakeWorksheet,
  ) {}

  add(pageBreakRange: string): void {
    this.context.enqueue({
      path: this.path,
      member: 'add',
      args: [pageBreakRange],
      since: '1.9',
      run: () => {
        const row = parseAddress(pageBreakRange).top;
        const breaks = this.sheet.target().print.pageBreaks;
        if (row === 0) throw new FakeExcelError('InvalidArgument', 'a page break cannot sit above the first row');
        if (breaks.includes(row)) return;
        if (breaks.length >= MAX_PAGE_BREAKS) throw new FakeExcelError('InvalidOperation', `a sheet holds at most ${MAX_PAGE_BREAKS} page breaks`);
        breaks.push(row);
        breaks.sort((a, b) => a - b);
      },
    });
  }
}

/** "A:I" for whole columns, "3:5" for whole rows, "A1:I20" otherwise. */
function formatArea(rect: Rect): string {
  if (rect.entireColumns) return `${columnName(rect.left)}:${columnName(rect.right)}`;
  if (rect.entireRows) return `${rect.top + 1}:${rect.bottom + 1}`;
  return formatRect(rect);
}

/** workbook.tables (sheet null) or worksheet.tables. */
export class FakeTableCollection extends FakeCollection<TableModel, FakeTable> implements ExcelTableCollection {
  constructor(
    context: FakeRequestContext,
    path: string,
    private readonly sheet: FakeWorksheet | null,
  ) {
    super(context, path);
  }

  protected members(): TableModel[] {
    const sheet = this.sheet?.target();
    return this.model.tables.filter((table) => sheet === undefined || table.sheet === sheet);
  }

  protected itemProxy(table: TableModel): FakeTable {
    return new FakeTable(this.context, `tables.getItem(${js(table.name)})`, () => table);
  }

  private find(key: string): TableModel | null {
    const sheet = this.sheet?.target();
    return this.model.tables.find((table) => table.name.toLowerCase() === key.toLowerCase() && (sheet === undefined || table.sheet === sheet)) ?? null;
  }

  add(address: ExcelRange | string, hasHeaders: boolean): FakeTable {
    let created: TableModel | null = null;
    this.call('add', [address, hasHeaders], () => {
      let sheet: SheetModel;
      let rect: Rect;
      if (typeof address === 'string') {
        const split = splitSheetAddress(address);
        const named = split.sheet === undefined ? undefined : this.model.sheet(split.sheet);
        if (split.sheet !== undefined && named === undefined) throw new FakeExcelError('ItemNotFound', `no sheet ${split.sheet}`);
        const own = this.sheet?.target();
        if (own !== undefined && named !== undefined && named !== own) throw new FakeExcelError('InvalidArgument', 'the address is on another sheet');
        const chosen = named ?? own;
        if (chosen === undefined) throw new FakeExcelError('InvalidArgument', 'workbook.tables.add needs a sheet in the address');
        sheet = chosen;
        rect = parseAddress(split.address);
      } else {
        ({ sheet, rect } = (address as FakeRange).target());
      }
      created = this.model.addTable(sheet, rect, hasHeaders);
    });
    return new FakeTable(this.context, `${this.path}.add(${typeof address === 'string' ? js(address) : (address as FakeRange).path})`, () => created);
  }

  getItem(key: string): FakeTable {
    return new FakeTable(this.context, `${this.path}.getItem(${js(key)})`, () => this.find(key));
  }

  getItemOrNullObject(key: string): FakeTable {
    return new FakeTable(this.context, `${this.path}.getItemOrNullObject(${js(key)})`, () => this.find(key), true, '1.4');
  }
}

export class FakeTable extends FakeObject<TableModel> implements ExcelTable {
  private rowsProxy?: FakeTableRowCollection;
  private columnsProxy?: FakeTableColumnCollection;
  private worksheetProxy?: FakeWorksheet;

  get name(): string {
    return this.read('name');
  }

  set name(name: string) {
    this.call('name', [name], () => this.model.renameTable(this.target(), name));
  }

  get style(): string {
    return this.read('style');
  }

  set style(style: string) {
    this.call('style', [style], () => (this.target().style = style));
  }

  get worksheet(): FakeWorksheet {
    return (this.worksheetProxy ??= new FakeWorksheet(this.context, `${this.path}.worksheet`, () => this.target().sheet));
  }

  get rows(): FakeTableRowCollection {
    return (this.rowsProxy ??= new FakeTableRowCollection(this.context, `${this.path}.rows`, this));
  }

  get columns(): FakeTableColumnCollection {
    return (this.columnsProxy ??= new FakeTableColumnCollection(this.context, `${this.path}.columns`, this));
  }

  protected override snapshot(property: string): unknown {
    const table = this.target();
    if (property === 'name') return table.name;
    if (property === 'style') return table.style;
    if (property === 'id') return String(table.id);
    return super.snapshot(property);
  }

  protected override defaultLoad(): string[] {
    return ['name', 'style'];
  }

  protected override navigate(property: string): { fulfil(paths: string[]): void } {
    if (property === 'worksheet') return this.worksheet;
    return super.navigate(property);
  }

  private part(path: string, rect: (table: TableModel) => Rect): FakeRange {
    return new FakeRange(this.context, `${this.path}.${path}`, () => {
      const table = this.target();
      return { sheet: table.sheet, rect: rect(table) };
    });
  }

  getRange(): FakeRange {
    return this.part('getRange()', (table) => table.rect);
  }

  getHeaderRowRange(): FakeRange {
    return this.part('getHeaderRowRange()', (table) => table.header);
  }

  getDataBodyRange(): FakeRange {
    return this.part('getDataBodyRange()', (table) => table.body);
  }

  resize(newRange: ExcelRange | string): void {
    this.call(
      'resize',
      [newRange],
      () => {
        const table = this.target();
        const rect = typeof newRange === 'string' ? parseAddress(splitSheetAddress(newRange).address) : (newRange as FakeRange).target().rect;
        if (rect.top !== table.rect.top || rect.left !== table.rect.left) throw new FakeExcelError('InvalidArgument', 'a resized table keeps its header row where it is');
        table.rect = rect;
      },
      '1.13',
    );
  }

  delete(): void {
    this.call('delete', [], () => this.model.deleteTable(this.target()));
  }
}

export class FakeTableRowCollection extends FakeObject<TableModel> implements ExcelTableRowCollection {
  constructor(context: FakeRequestContext, path: string, table: FakeTable) {
    super(context, path, () => table.target());
  }

  get count(): number {
    return this.read('count');
  }

  protected override snapshot(property: string): unknown {
    if (property === 'count') {
      const table = this.target();
      return table.rect.bottom - table.rect.top;
    }
    return super.snapshot(property);
  }

  add(index?: number | null, values?: Array<Array<boolean | string | number>>, alwaysInsert?: boolean): unknown {
    const rows = values?.length ?? 1;
    this.call(
      'rows.add',
      [index ?? null, values ?? null, alwaysInsert ?? null],
      () => {
        if (index !== undefined && index !== null && index !== -1) throw new FakeExcelError('NotImplemented', 'the fake adds table rows at the end only');
        this.model.addTableRows(this.target(), values);
      },
      rows > 1 ? '1.4' : '1.1',
    );
    return undefined;
  }
}

export class FakeTableColumnCollection extends FakeCollection<string, FakeTableColumn> {
  constructor(
    context: FakeRequestContext,
    path: string,
    private readonly table: FakeTable,
  ) {
    super(context, path);
  }

  protected members(): string[] {
    return this.table.target().columns();
  }

  protected itemProxy(name: string, index: number): FakeTableColumn {
    return new FakeTableColumn(this.context, `${this.path}.getItemAt(${index})`, () => ({ table: this.table.target(), index }));
  }

  getItem(name: string): FakeTableColumn {
    return new FakeTableColumn(this.context, `${this.path}.getItem(${js(name)})`, () => {
      const table = this.table.target();
      const index = table.columns().findIndex((column) => column.toLowerCase() === name.toLowerCase());
      return index < 0 ? null : { table, index };
    });
  }
}

export class FakeTableColumn extends FakeObject<{ table: TableModel; index: number }> {
  get name(): string {
    return this.read('name');
  }

  protected override snapshot(property: string): unknown {
    const { table, index } = this.target();
    if (property === 'name') return table.columns()[index];
    return super.snapshot(property);
  }

  getDataBodyRange(): FakeRange {
    return new FakeRange(this.context, `${this.path}.getDataBodyRange()`, () => {
      const { table, index } = this.target();
      return { sheet: table.sheet, rect: { ...table.body, left: table.rect.left + index, right: table.rect.left + index } };
    });
  }
}

export class FakeChartCollection extends FakeObject<SheetModel> implements ExcelChartCollection {
  constructor(context: FakeRequestContext, path: string, sheet: FakeWorksheet) {
    super(context, path, () => sheet.target());
  }

  add(type: 'ColumnClustered', sourceData: ExcelRange, seriesBy: 'Auto' | 'Columns' | 'Rows' = 'Auto'): FakeChart {
    let created: ChartModel | null = null;
    this.call('add', [type, sourceData, seriesBy], () => {
      const sheet = this.target();
      const source = (sourceData as FakeRange).target();
      let n = sheet.charts.length + 1;
      while (sheet.charts.some((chart) => chart.name === `Chart ${n}`)) n++;
      created = new ChartModel(`Chart ${n}`, type, source.sheet, source.rect, seriesBy);
      sheet.charts.push(created);
    });
    return new FakeChart(this.context, `${this.path}.add(${js(type)})`, () => created);
  }
}

export class FakeChart extends FakeObject<ChartModel> implements ExcelChart {
  readonly title: { text: string };

  constructor(context: FakeRequestContext, path: string, resolver: () => ChartModel | null) {
    super(context, path, resolver);
    const setTitle = (text: string) => this.call('title.text', [text], () => (this.target().title = text));
    this.title = {
      get text(): string {
        throw propertyNotLoaded('text', `${path}.title`);
      },
      set text(text: string) {
        setTitle(text);
      },
    };
  }

  get name(): string {
    return this.read('name');
  }

  set name(name: string) {
    this.call('name', [name], () => (this.target().name = name));
  }

  get width(): number {
    return this.read('width');
  }

  set width(width: number) {
    this.call('width', [width], () => (this.target().width = width));
  }

  get height(): number {
    return this.read('height');
  }

  set height(height: number) {
    this.call('height', [height], () => (this.target().height = height));
  }

  setPosition(startCell: ExcelRange | string, endCell?: ExcelRange | string): void {
    const address = (cell: ExcelRange | string) => (typeof cell === 'string' ? formatRect(parseAddress(cell)) : formatRect((cell as FakeRange).target().rect));
    this.call('setPosition', [startCell, endCell ?? null], () => (this.target().position = { start: address(startCell), end: endCell === undefined ? undefined : address(endCell) }));
  }

  protected override snapshot(property: string): unknown {
    const chart = this.target();
    if (property === 'name') return chart.name;
    if (property === 'width') return chart.width;
    if (property === 'height') return chart.height;
    return super.snapshot(property);
  }
}

export class FakePivotTableCollection extends FakeCollection<PivotModel, FakePivotTable> implements ExcelPivotTableCollection {
  constructor(context: FakeRequestContext) {
    super(context, 'pivotTables');
  }

  protected members(): PivotModel[] {
    return [...this.model.pivots];
  }

  protected itemProxy(pivot: PivotModel, index: number): FakePivotTable {
    return new FakePivotTable(this.context, `pivotTables.items[${index}]`, () => pivot);
  }

  add(name: string, source: ExcelRange | string | ExcelTable, destination: ExcelRange | string): FakePivotTable {
    let created: PivotModel | null = null;
    this.call(
      'pivotTables.add',
      [name, source, destination],
      () => {
        if (!(source instanceof FakeTable)) throw new FakeExcelError('NotImplemented', 'the fake makes pivots over tables only');
        const table = source.target();
        let sheet: SheetModel;
        let rect: Rect;
        if (typeof destination === 'string') {
          const split = splitSheetAddress(destination);
          const named = split.sheet === undefined ? undefined : this.model.sheet(split.sheet);
          if (named === undefined) throw new FakeExcelError('InvalidArgument', `destination "${destination}" needs an existing sheet`);
          sheet = named;
          rect = parseAddress(split.address);
        } else {
          ({ sheet, rect } = (destination as FakeRange).target());
        }
        created = this.model.addPivot(name, table, sheet, { row: rect.top, column: rect.left });
      },
      '1.8',
    );
    return new FakePivotTable(this.context, `pivotTables.add(${js(name)})`, () => created);
  }

  getItem(name: string): FakePivotTable {
    return new FakePivotTable(this.context, `pivotTables.getItem(${js(name)})`, () => this.model.pivots.find((pivot) => pivot.name.toLowerCase() === name.toLowerCase()) ?? null, false, '1.3');
  }
}

export class FakePivotTable extends FakeObject<PivotModel> implements ExcelPivotTable {
  readonly hierarchies: { getItem(name: string): FakePivotHierarchy };
  readonly rowHierarchies: { add(pivotHierarchy: ExcelPivotHierarchy): unknown };
  readonly columnHierarchies: { add(pivotHierarchy: ExcelPivotHierarchy): unknown };
  readonly dataHierarchies: { add(pivotHierarchy: ExcelPivotHierarchy): FakeDataPivotHierarchy };

  constructor(context: FakeRequestContext, path: string, resolver: () => PivotModel | null, nullable = false, since = '1.3') {
    super(context, path, resolver, nullable, since);
    this.hierarchies = {
      getItem: (name) =>
        new FakePivotHierarchy(
          context,
          `${path}.hierarchies.getItem(${js(name)})`,
          () => {
            const field = this.target().fieldNames().find((candidate) => candidate.toLowerCase() === name.toLowerCase());
            return field === undefined ? null : field;
          },
          '1.8',
        ),
    };
    const category = (key: 'rows' | 'columns') => ({
      add: (hierarchy: ExcelPivotHierarchy) =>
        this.call(
          `${key === 'rows' ? 'row' : 'column'}Hierarchies.add`,
          [hierarchy],
          () => {
            const pivot = this.target();
            const field = (hierarchy as FakePivotHierarchy).target();
            // A hierarchy sits in one category only: adding it here takes it out of the other.
            pivot.rows = pivot.rows.filter((name) => name !== field);
            pivot.columns = pivot.columns.filter((name) => name !== field);
            pivot[key].push(field);
          },
          '1.8',
        ),
    });
    this.rowHierarchies = category('rows');
    this.columnHierarchies = category('columns');
    this.dataHierarchies = {
      add: (hierarchy) => {
        let created: DataFieldModel | null = null;
        this.call(
          'dataHierarchies.add',
          [hierarchy],
          () => {
            const field = (hierarchy as FakePivotHierarchy).target();
            created = { field, name: `Sum of ${field}`, summarizeBy: 'Automatic', numberFormat: GENERAL };
            this.target().data.push(created);
          },
          '1.8',
        );
        return new FakeDataPivotHierarchy(context, `${path}.dataHierarchies.add()`, () => created, this);
      },
    };
  }

  get name(): string {
    return this.read('name');
  }

  set name(name: string) {
    this.call('name', [name], () => {
      const pivot = this.target();
      this.model.checkPivotName(name, pivot.sheet, pivot);
      pivot.name = name;
    });
  }

  protected override snapshot(property: string): unknown {
    if (property === 'name') return this.target().name;
    return super.snapshot(property);
  }

  delete(): void {
    this.call('delete', [], () => this.model.removePivot(this.target()), '1.8');
  }
}

export class FakePivotHierarchy extends FakeObject<string> implements ExcelPivotHierarchy {
  constructor(context: FakeRequestContext, path: string, resolver: () => string | null, since: string) {
    super(context, path, resolver, false, since);
  }

  get name(): string {
    return this.read('name');
  }

  protected override snapshot(property: string): unknown {
    if (property === 'name') return this.target();
    return super.snapshot(property);
  }
}

export class FakeDataPivotHierarchy extends FakeObject<DataFieldModel> implements ExcelDataPivotHierarchy {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolver: () => DataFieldModel | null,
    private readonly pivot: FakePivotTable,
  ) {
    super(context, path, resolver);
  }

  get name(): string {
    return this.read('name');
  }

  set name(name: string) {
    this.call(
      'name',
      [name],
      () => {
        const field = this.target();
        const pivot = this.pivot.target();
        // Excel refuses a value caption equal to a source field's name ("PivotTable field name already exists").
        if (pivot.fieldNames().some((column) => column.toLowerCase() === name.toLowerCase())) {
          throw new FakeExcelError('InvalidArgument', `PivotTable field name "${name}" already exists.`);
        }
        field.name = name;
      },
      '1.8',
    );
  }

  get numberFormat(): string {
    return this.read('numberFormat');
  }

  set numberFormat(format: string) {
    this.call('numberFormat', [format], () => (this.target().numberFormat = format), '1.8');
  }

  get summarizeBy(): string {
    return this.read('summarizeBy');
  }

  set summarizeBy(how: string) {
    this.call('summarizeBy', [how], () => (this.target().summarizeBy = how), '1.8');
  }
}
