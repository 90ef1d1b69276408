/**
 * The messages between the task pane (main thread) and its import worker. Everything here crosses a postMessage,
 * so it is plain data: no class instances (a Decimal would arrive without its methods), amounts as decimal strings,
 * dates as ISO days. The worker holds the engine's objects (the import session, the report collectors, the last
 * report); the pane holds only what it shows and the layout it writes.
 *
 * Every request carries an id; the worker answers it with exactly one `result` or `error` of that id, after any
 * number of `progress`, `file` and `layout-*` messages of the same id. `cancel` names the request to stop.
 */
import type { ConfigProblem, ConfigTable } from '../billing/config';
import { minorUnits } from '../billing/currency';
import { formatIsoDate } from '../billing/dates';
import type { Decimal } from '../billing/decimal';
import type { RowLayout, SheetLayout, UserTableLayout } from '../workbook/layout';
import type { DocumentStatus, ImportedDocument } from './import-file';

/** An amount: exact (Microsoft's amounts summed, as many decimals as they have) and rounded to the currency's unit. */
interface AmountView {
  exact: string;
  /** Rounded half away from zero to the currency's minor unit, as an invoice shows it. */
  rounded: string;
  currency: string;
}

export function amountView(value: Decimal, currency: string): AmountView {
  return { exact: value.toString(), rounded: value.toFixed(minorUnits(currency)), currency };
}

/** One imported file as the pane lists it. */
export interface FileView {
  id: string;
  fileName: string;
  size: number;
  status: DocumentStatus;
  formatLabel: string;
  compressed: boolean;
  invoiceNumbers: string[];
  currencies: string[];
  rowCount: number;
  lineCount: number;
  duplicateLines: number;
  /** The file's own cost total per currency (duplicates included: it ties to the file). */
  costTotals: AmountView[];
  /** ISO day (YYYY-MM-DD) or null. */
  billingDate: string | null;
  inferredBillingDate: string | null;
  billingDateRule: string;
  billingDateOverridden: boolean;
  /** The invoice whose row in the Invoices table gives the billing date, where it is not the file's own; or null. */
  billingDateFromInvoice: string | null;
  /** Where the billing date bills the file in another cycle than its charges point to: where it lies, and a question. */
  billingDateDoubt: string | null;
  /** A daily usage file's Azure usage the last refresh left out, billed by meter from invoice files (all of it, or some invoices'). */
  usageLeftOut: { billedIn: string[]; invoices: string[]; wholeFile: boolean } | null;
  /** An unbilled file of estimates the last refresh left out whole: the billed files named bill each of its customers. */
  unbilledLeftOut: { billedIn: string[] } | null;
  /** The billing cycle ("2026-10") the file is billed in, under the workbook's tables as the pane last sent them. */
  cycleMonth: string | null;
  duplicateOf: string[];
  warnings: string[];
  /** Set when the file was rejected: file, row, column and reason in one line. */
  problem: string;
  moreProblems: number;
}

const isoOrNull = (utc: number | null): string | null => (utc === null ? null : formatIsoDate(utc));

/** How the report bills a file: its cycle, the Invoices table's date for its invoice (used instead of the file's), and the rest. */
interface FileBilling {
  cycleMonth: string | null;
  fromInvoices?: { billingDate: number; invoice: string } | null;
  billingDateDoubt?: string | null;
  usageLeftOut?: FileView['usageLeftOut'];
  unbilledLeftOut?: FileView['unbilledLeftOut'];
}

export function fileView(id: string, size: number, document: ImportedDocument, { cycleMonth, fromInvoices = null, billingDateDoubt = null, usageLeftOut = null, unbilledLeftOut = null }: FileBilling): FileView {
  // A row the refresh added with the file's own date says nothing the file does not.
  const tableDate = fromInvoices !== null && fromInvoices.billingDate !== document.billingDate ? fromInvoices : null;
  return {
    id,
    fileName: document.fileName,
    size,
    status: document.status,
    formatLabel: document.formatLabel,
    compressed: document.compressed,
    invoiceNumbers: [...document.invoiceNumbers],
    currencies: [...document.currencies],
    rowCount: document.rowCount,
    lineCount: document.lineCount,
    duplicateLines: document.duplicateLines,
    costTotals: Object.entries(document.costTotal)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, cost]) => amountView(cost, currency)),
    billingDate: isoOrNull(tableDate?.billingDate ?? document.billingDate),
    inferredBillingDate: isoOrNull(document.inferredBillingDate),
    billingDateRule: document.billingDateRule,
    billingDateOverridden: document.billingDateOverridden,
    billingDateFromInvoice: tableDate?.invoice ?? null,
    billingDateDoubt,
    usageLeftOut,
    unbilledLeftOut,
    cycleMonth,
    duplicateOf: [...document.duplicateOf],
    warnings: [...document.warnings],
    problem: document.problem,
    moreProblems: document.moreProblems,
  };
}

/** A problem in a configuration table: where (table, row, column) and why. */
export interface ConfigProblemView {
  source: string;
  row: number | null;
  column: string | null;
  reason: string;
  /** The engine's one-line message ("table Prices on sheet Prices, row 3, column Sales price: ..."). */
  text: string;
}

export function configProblemView(problem: ConfigProblem): ConfigProblemView {
  return { source: problem.source, row: problem.row, column: problem.column, reason: problem.reason, text: problem.toString() };
}

type ReconciliationStatus = 'ties' | 'differs' | 'no Microsoft total' | 'invoice missing' | 'cannot tie';

interface InvoiceSummary {
  invoiceNumber: string;
  files: string[];
  currency: string;
  lines: number;
  total: AmountView;
  microsoftTotal: string | null;
  difference: string | null;
  status: ReconciliationStatus;
  /** The engine's words for the status ("differs by 0.03 USD", "cannot be tied: it is billed in EUR and USD, ..."). */
  statusText: string;
}

/** One billing cycle (in one currency) of a refresh. */
export interface CycleSummary {
  month: string;
  /** ISO days. */
  start: string;
  end: string;
  reportDate: string;
  currency: string;
  documents: string[];
  organizations: number;
  cost: AmountView;
  sales: AmountView;
  margin: AmountView;
  /** Margin over sales in percent, one decimal ("23.4"); null without sales. */
  marginPercent: string | null;
  /** The cycle's invoices against the Microsoft totals entered in the Invoices table. */
  reconciliation: {
    status: ReconciliationStatus;
    /** Our invoices' total (tax included), rounded. */
    invoicesTotal: AmountView;
    microsoftTotal: string | null;
    /** Ours less Microsoft's, at the currency's unit; null while a Microsoft total is missing. */
    difference: string | null;
    /** Invoices the Invoices table dates in the cycle that no imported file holds. */
    missingInvoices: string[];
  };
  invoices: InvoiceSummary[];
}

export interface UnlinkedCustomer {
  customerId: string;
  name: string;
  lines: number;
  cost: AmountView;
}

export interface UnpricedProduct {
  productId: string;
  skuId: string;
  name: string;
  lines: number;
  customers: number;
  cost: AmountView;
}

export interface ReportSummary {
  cycles: CycleSummary[];
  unlinkedCustomers: UnlinkedCustomer[];
  unpricedProducts: UnpricedProduct[];
  /** Files imported but billed in cycles outside the chosen range. */
  outsideRange: Array<{ file: string; cycleMonth: string | null }>;
  failedFiles: string[];
  duplicates: Array<{ file: string; lines: number; wholeFile: boolean; duplicateOf: string[] }>;
  warnings: string[];
}

/** Progress of reading files (importing, or reading them again because the prices changed or a file was removed). */
export interface ImportProgress {
  phase: 'importing' | 'rereading';
  /** Why the files are read again, in words; '' while importing. */
  reason: string;
  fileName: string;
  /** 0-based index of the file being read, of `fileCount`. */
  fileIndex: number;
  fileCount: number;
  /** Bytes read of all the files of this request, and their total size (the bar). */
  bytes: number;
  totalBytes: number;
  /** Bytes read of the file named, and its size (the words beside its name). */
  fileBytes: number;
  fileSize: number;
  /** Rows read of the file named. */
  rows: number;
}

export type RefreshPhase = 'repricing' | 'report' | 'layout';

// ---------------------------------------------------------------------------------------------------------------
// Requests

export interface ImportRequest {
  type: 'import';
  id: number;
  /** The name travels apart: a File's name does not survive every structured clone (Node's turns it into a Blob). */
  files: Array<{ id: string; name: string; file: Blob }>;
  /** The workbook's configuration tables: lines are priced as they stream by. */
  tables: ConfigTable[];
}

export interface SetBillingDateRequest {
  type: 'set-billing-date';
  id: number;
  fileId: string;
  /** ISO day, or null to go back to the inferred date. */
  billingDate: string | null;
}

export interface RemoveFileRequest {
  type: 'remove';
  id: number;
  fileId: string;
  tables: ConfigTable[];
}

export interface RefreshRequest {
  type: 'refresh';
  id: number;
  tables: ConfigTable[];
  /** Cycle months to report ("2026-10"); null for every cycle in the data. */
  months: string[] | null;
  /** Rows per layout-rows message (default 2,000). */
  rowsPerMessage?: number;
  /** The workbook holds the billing export as a sheet: written again with the report, so it never shows an older one. */
  exportSheet?: boolean;
}

export type ExportKind = 'billing-csv' | 'customer-csvs' | 'billing-sheet';

export interface ExportRequest {
  type: 'export';
  id: number;
  kind: ExportKind;
  /** ';' and decimal commas, for a European Excel. */
  semicolon: boolean;
}

export interface UserTableRequest {
  type: 'user-table';
  id: number;
  table: 'Settings' | 'Customers' | 'Prices' | 'Invoices';
  tables: ConfigTable[];
}

interface CancelRequest {
  type: 'cancel';
  id: number;
  /** The request to stop. */
  target: number;
}

/** The workbook's tables as last read (a setting saved): the files are listed under them, nothing is read again. */
export interface TablesRequest {
  type: 'tables';
  id: number;
  tables: ConfigTable[];
}

export type WorkerRequest = ImportRequest | SetBillingDateRequest | RemoveFileRequest | RefreshRequest | ExportRequest | UserTableRequest | TablesRequest | CancelRequest;

// ---------------------------------------------------------------------------------------------------------------
// Results

export interface ImportResult {
  /** Every file held, in import order, the new ones included. */
  files: FileView[];
  /** The request was cancelled: the file being read and those after it were not imported. */
  cancelled: boolean;
  /** Files not imported because of the cancel. */
  skipped: string[];
}

export interface FilesResult {
  files: FileView[];
}

export type RefreshResult =
  | { kind: 'problems'; problems: ConfigProblemView[] }
  | { kind: 'no-files' }
  | { kind: 'cancelled' }
  /** Nothing to bill in the chosen range; the summary tells where the files belong. */
  | { kind: 'empty'; summary: ReportSummary; cyclesInData: string[] }
  /**
   * The report is too large for Excel's sheets (`problem` says so, in words): nothing was laid out, and the exports
   * are of this report.
   */
  | { kind: 'too-large'; problem: string; files: FileView[] }
  /** The layout came in layout-sheet/layout-rows messages before this; `files` are those the report bills, as listed. */
  | { kind: 'report'; summary: ReportSummary; userTables: UserTableLayout[]; notes: string[]; sheetCount: number; files: FileView[] };

interface ExportFile {
  fileName: string;
  content: string;
  organization?: string;
}

export type ExportResult =
  | { kind: 'files'; files: ExportFile[]; zip: Uint8Array | null; zipName: string | null }
  | { kind: 'sheet'; sheet: SheetLayout }
  | { kind: 'nothing'; reason: string };

export interface UserTableResult {
  table: UserTableLayout;
}

export interface ResultOf {
  import: ImportResult;
  'set-billing-date': FilesResult;
  remove: FilesResult;
  refresh: RefreshResult;
  export: ExportResult;
  'user-table': UserTableResult;
  tables: FilesResult;
  cancel: { cancelled: boolean };
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

export type WorkerResponse =
  | { type: 'progress'; id: number; progress: ImportProgress }
  | { type: 'phase'; id: number; phase: RefreshPhase }
  | { type: 'file'; id: number; file: FileView }
  /** The whole list changed (the files were read again). */
  | { type: 'files'; id: number; files: FileView[] }
  /** A sheet of the layout with its rows (and its pivots' summary rows) still to come. */
  | { type: 'layout-sheet'; id: number; index: number; sheet: SheetLayout; rowCount: number; pivotRowCounts: number[] }
  /** Rows of sheet `index`, or of its pivot `pivot`'s summary (the static fallback can be tens of thousands of rows). */
  | { type: 'layout-rows'; id: number; index: number; pivot?: number; rows: RowLayout[] }
  | { type: 'result'; id: number; result: ResultOf[keyof ResultOf] }
  | { type: 'error'; id: number; message: string; detail: string };

// ---------------------------------------------------------------------------------------------------------------
// Helpers both sides use

/** A sheet cut into a shell (no rows, no pivot summary rows) and row chunks, to be posted one chunk per message. */
export function sheetChunks(sheet: SheetLayout, rowsPerChunk: number): { shell: SheetLayout; chunks: Array<{ pivot?: number; rows: RowLayout[] }>; pivotRowCounts: number[] } {
  const size = Math.max(1, Math.floor(rowsPerChunk));
  const chunks: Array<{ pivot?: number; rows: RowLayout[] }> = [];
  for (let start = 0; start < sheet.rows.length; start += size) chunks.push({ rows: sheet.rows.slice(start, start + size) });
  sheet.pivots.forEach((pivot, index) => {
    for (let start = 0; start < pivot.fallback.length; start += size) chunks.push({ pivot: index, rows: pivot.fallback.slice(start, start + size) });
  });
  return {
    shell: { ...sheet, rows: [], pivots: sheet.pivots.map((pivot) => ({ ...pivot, fallback: [] })) },
    chunks,
    pivotRowCounts: sheet.pivots.map((pivot) => pivot.fallback.length),
  };
}

/** Puts a layout back together from layout-sheet / layout-rows messages (rows of a sheet arrive in order). */
export class LayoutAssembler {
  private readonly sheets: SheetLayout[] = [];
  private readonly expected: Array<{ rows: number; pivots: number[] }> = [];

  add(message: Extract<WorkerResponse, { type: 'layout-sheet' | 'layout-rows' }>): void {
    if (message.type === 'layout-sheet') {
      this.sheets[message.index] = message.sheet;
      this.expected[message.index] = { rows: message.rowCount, pivots: message.pivotRowCounts };
      return;
    }
    const sheet = this.sheets[message.index];
    if (sheet === undefined) throw new Error(`rows for sheet ${message.index} arrived before the sheet`);
    const target = message.pivot === undefined ? sheet.rows : sheet.pivots[message.pivot]?.fallback;
    if (target === undefined) throw new Error(`rows for pivot ${message.pivot} of sheet ${sheet.name}, which has no such pivot`);
    for (const row of message.rows) target.push(row);
  }

  /** The sheets, once every row announced has arrived. */
  finish(sheetCount: number): SheetLayout[] {
    if (this.sheets.length !== sheetCount || this.sheets.some((sheet) => sheet === undefined)) {
      throw new Error(`the layout arrived incomplete: ${this.sheets.filter(Boolean).length} of ${sheetCount} sheets`);
    }
    this.sheets.forEach((sheet, index) => {
      const expected = this.expected[index];
      if (sheet.rows.length !== expected.rows) throw new Error(`sheet ${sheet.name} arrived with ${sheet.rows.length} of ${expected.rows} rows`);
      sheet.pivots.forEach((pivot, p) => {
        if (pivot.fallback.length !== expected.pivots[p]) throw new Error(`pivot ${pivot.name} arrived with ${pivot.fallback.length} of ${expected.pivots[p]} rows`);
      });
    });
    return this.sheets;
  }
}

/** "1.5 MB", "820 KB": file sizes for the list (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Structured-clone check for tests: true when a value survives postMessage unchanged in shape (no functions, no class instances). */
export function isPlainData(value: unknown, seen = new Set<unknown>()): boolean {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return true;
  if (typeof value !== 'object') return false;
  if (seen.has(value)) return true;
  seen.add(value);
  if (value instanceof Uint8Array) return true;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return true;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, seen));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value as Record<string, unknown>).every((item) => isPlainData(item, seen));
}
