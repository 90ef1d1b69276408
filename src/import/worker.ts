/**
 * The task pane's import worker: the engine off the UI thread. It reads the files the user picks (papaparse runs
 * here, inside the engine, never on the page), keeps what Refresh needs (the import session for duplicates and, per
 * file, the report collectors its lines were priced into), builds the report, its summary and the workbook layout,
 * and makes the exports. The page gets plain data only (worker-protocol.ts).
 *
 * Refresh reuses the collectors and reads no file again as long as the configuration they were priced under is
 * unchanged (pricing-key.ts). When the prices, customers or default markup changed since, or a file was removed (its
 * lines may have been counted as duplicates in later files), the files are read again, in the order they were
 * added, from the File objects the worker keeps; the pane shows that as progress.
 *
 * A billing date is re-assigned, not re-imported: it decides only which cycle a file goes to
 * (ReportBuilder.addDocument), not how its lines are priced. An edited one is set as the import would have set it
 * with options.billingDate; an inferred one is worked out again whenever the pane sends the workbook's tables (a
 * legacy file's follows the cycle end day), so the cards always show the dates and cycles a refresh would bill.
 */
import { strToU8, zipSync } from 'fflate';
import { idKey, readConfig, type BillingConfig, type ConfigTable } from '../billing/config';
import { cycleHolding } from '../billing/cycles';
import { parseBillingDate } from '../billing/dates';
import { billingDateDoubt } from '../billing/reconcile';
import { billingDateOf, ReportBuilder, type BillingReport, type DocumentLines } from '../billing/report';
import { UNBILLED_FILE_WARNING } from '../billing/unbilled-beside-billed';
import { billingCsv, customerCsvs } from '../exports/billing-exports';
import type { CsvOptions } from '../exports/csv';
import { billingExportSheet } from '../taskpane/lib/export-sheet';
import { pricingKey } from '../taskpane/lib/pricing-key';
import { summarizeReport } from '../taskpane/lib/report-summary';
import { buildWorkbookLayout, sheetLimitProblem, SheetTooLargeError, userTables } from '../workbook/build-layout';
import type { ByteSource } from './decode';
import { dateDocument } from './document-tally';
import type { ImportedDocument } from './import-file';
import { ImportSession } from './session';
import {
  configProblemView,
  fileView,
  sheetChunks,
  type ExportRequest,
  type ExportResult,
  type FilesResult,
  type FileView,
  type ImportProgress,
  type ImportRequest,
  type ImportResult,
  type RefreshRequest,
  type RefreshResult,
  type RemoveFileRequest,
  type ResultOf,
  type SetBillingDateRequest,
  type TablesRequest,
  type UserTableRequest,
  type UserTableResult,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol';

/** Reads a File (or any Blob) in slices: each await lets a Cancel message in. */
export async function* blobSource(blob: Blob, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < blob.size; offset += chunkBytes) {
    yield new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
  }
}

interface HeldFile {
  id: string;
  file: Blob;
  name: string;
  size: number;
  /** The user's billing date (UTC midnight), or null for the inferred one. */
  billingDate: number | null;
  document: ImportedDocument;
  /** The file's report collectors; null when it did not import (failed, empty, duplicate). */
  lines: DocumentLines | null;
  /** pricingKey of the configuration its lines were priced under. */
  key: string;
}

interface EngineOptions {
  /** Bytes per read of a file (default 1 MiB). */
  chunkBytes?: number;
  /** Least time between progress messages (default 100 ms). */
  progressIntervalMs?: number;
  /** Rows of a sheet (Excel's 1,048,576 by default): tests make a short one, as CSP_BILLING_TEST_SHEET_ROWS does for the command line. */
  readonly sheetRows?: number;
}

type Post = (message: WorkerResponse, transfer?: Transferable[]) => void;

class Cancelled extends Error {}

/** The configuration to price lines under while importing: the workbook's, or the defaults while it has problems. */
function pricingConfig({ config, problems }: ReturnType<typeof readConfig>): { config: BillingConfig; key: string } {
  if (problems.length === 0) return { config, key: pricingKey(config) };
  // Refresh reports the problems; until they are fixed the files are priced under the defaults and marked stale.
  return { config: readConfig([]).config, key: `invalid ${problems.join('\n')}` };
}

export class ImportWorkerEngine {
  private files: HeldFile[] = [];
  private session = new ImportSession();
  /** A file was removed or a re-read was cancelled: the duplicate register must be rebuilt before it is trusted. */
  private needsRebuild = false;
  private last: BillingReport | null = null;
  /** The workbook's configuration as the pane last sent it: the files' billing dates and cycles are shown under it. */
  private shownUnder: BillingConfig = readConfig([]).config;
  private readonly controllers = new Map<number, AbortController>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly post: Post,
    private readonly options: EngineOptions = {},
  ) {}

  /** Handles one message from the page. Requests run one after another; a cancel acts at once. */
  receive(request: WorkerRequest): Promise<void> {
    if (request.type === 'cancel') {
      const controller = this.controllers.get(request.target);
      controller?.abort();
      this.reply(request.id, { cancelled: controller !== undefined });
      return Promise.resolve();
    }
    const controller = new AbortController();
    this.controllers.set(request.id, controller);
    this.queue = this.queue.then(() => this.run(request, controller.signal));
    return this.queue;
  }

  private reply<K extends keyof ResultOf>(id: number, result: ResultOf[K], transfer?: Transferable[]): void {
    this.post({ type: 'result', id, result }, transfer);
  }

  private async run(request: Exclude<WorkerRequest, { type: 'cancel' }>, signal: AbortSignal): Promise<void> {
    try {
      switch (request.type) {
        case 'import':
          this.reply(request.id, await this.importFiles(request, signal));
          break;
        case 'set-billing-date':
          this.reply(request.id, this.setBillingDate(request));
          break;
        case 'remove':
          this.reply(request.id, await this.remove(request, signal));
          break;
        case 'refresh':
          this.reply(request.id, await this.refresh(request, signal));
          break;
        case 'export': {
          const result = this.export(request);
          this.reply(request.id, result, result.kind === 'files' && result.zip ? [result.zip.buffer as ArrayBuffer] : undefined);
          break;
        }
        case 'user-table':
          this.reply(request.id, this.userTable(request));
          break;
        case 'tables':
          this.reply(request.id, this.listUnder(request));
          break;
      }
    } catch (error) {
      const message = error instanceof UserError || error instanceof SheetTooLargeError ? error.message : 'Something went wrong while working on the files. Try again; if it happens again, send the details to your administrator.';
      this.post({ type: 'error', id: request.id, message, detail: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
    } finally {
      this.controllers.delete(request.id);
    }
  }

  private views(): FileView[] {
    return this.files.map((held) => this.view(held));
  }

  private view(held: HeldFile): FileView {
    const { document } = held;
    const config = this.shownUnder;
    // As the report will bill it: the Invoices table's date for the file's invoice may move it to another cycle.
    const { billingDate, invoice } = billingDateOf(document, config);
    const billed = billingDate === null || document.status === 'failed' ? null : billingDate;
    const cycle = billed === null ? null : cycleHolding(billed, config.settings.cycleEndDay).month;
    const doubt = billed === null ? null : billingDateDoubt(document, billed, config.settings.cycleEndDay);
    const leftOut = this.last?.reconciliation.usageLeftOut.find((entry) => entry.file === document.fileName);
    const unbilled = this.last?.reconciliation.unbilledLeftOut.find((entry) => entry.file === document.fileName);
    // Left out, it is not "billed as it is", as its import warned: the card says what became of it instead.
    const shown = unbilled === undefined ? document : { ...document, warnings: document.warnings.filter((warning) => warning !== UNBILLED_FILE_WARNING) };
    return fileView(held.id, held.size, shown, {
      cycleMonth: cycle,
      fromInvoices: invoice === null ? null : { billingDate: billingDate!, invoice },
      billingDateDoubt: doubt,
      usageLeftOut: leftOut === undefined ? null : { billedIn: [...leftOut.billedIn], invoices: [...leftOut.invoices], wholeFile: leftOut.wholeFile },
      unbilledLeftOut: unbilled === undefined ? null : { billedIn: [...unbilled.billedIn] },
    });
  }

  /** Reads one file into a fresh collector of `collector`'s configuration. */
  private async read(
    entry: { id: string; file: Blob; name: string; billingDate: number | null },
    collector: { builder: ReportBuilder; key: string },
    signal: AbortSignal,
    onBytes: (bytes: number, rows: number) => void,
  ): Promise<HeldFile> {
    const lines = collector.builder.startDocument();
    const document = await this.session.importFile(entry.name, blobSource(entry.file, this.options.chunkBytes) as ByteSource, (line) => lines.add(line), {
      cycleEndDay: this.shownUnder.settings.cycleEndDay,
      billingDate: entry.billingDate ?? undefined,
      signal,
      onProgress: ({ bytes, rows }) => onBytes(bytes, rows),
    });
    return { ...entry, size: entry.file.size, document, lines: document.status === 'imported' ? lines : null, key: collector.key };
  }

  private progressReporter(id: number, phase: ImportProgress['phase'], reason: string, entries: ReadonlyArray<{ name: string; file: Blob }>) {
    const totalBytes = entries.reduce((sum, entry) => sum + entry.file.size, 0);
    const interval = this.options.progressIntervalMs ?? 100;
    let before = 0;
    let lastPost = -Infinity;
    return {
      update: (index: number, bytes: number, rows: number, force = false) => {
        const now = Date.now();
        if (!force && now - lastPost < interval) return;
        lastPost = now;
        this.post({
          type: 'progress',
          id,
          progress: { phase, reason, fileName: entries[index].name, fileIndex: index, fileCount: entries.length, bytes: Math.min(totalBytes, before + bytes), totalBytes, fileBytes: Math.min(entries[index].file.size, bytes), fileSize: entries[index].file.size, rows },
        });
      },
      fileDone: (index: number) => {
        before += entries[index].file.size;
      },
    };
  }

  private async importFiles(request: ImportRequest, signal: AbortSignal): Promise<ImportResult> {
    const { config, key } = pricingConfig(this.useTables(request.tables));
    const collector = { builder: new ReportBuilder(config, { months: null, keepLines: true }), key };
    const entries = request.files.map(({ id, name, file }) => ({ id, file, name, billingDate: null }));
    const progress = this.progressReporter(request.id, 'importing', '', entries);
    const skipped: string[] = [];
    let cancelled = false;
    for (let index = 0; index < entries.length; index++) {
      if (signal.aborted) {
        cancelled = true;
        skipped.push(entries[index].name);
        continue;
      }
      progress.update(index, 0, 0, true);
      const held = await this.read(entries[index], collector, signal, (bytes, rows) => progress.update(index, bytes, rows));
      progress.fileDone(index);
      if (held.document.status === 'cancelled') {
        cancelled = true;
        skipped.push(held.name);
        continue;
      }
      this.files.push(held);
      this.post({ type: 'file', id: request.id, file: this.view(held) });
    }
    return { files: this.views(), cancelled, skipped };
  }

  private setBillingDate(request: SetBillingDateRequest): FilesResult {
    const held = this.files.find((file) => file.id === request.fileId);
    if (held === undefined) throw new UserError('That file is no longer in the list.');
    let date: number | null;
    try {
      date = request.billingDate === null ? null : parseBillingDate(request.billingDate);
    } catch {
      throw new UserError(`"${request.billingDate}" is not a date. Enter it as YYYY-MM-DD.`);
    }
    held.billingDate = date;
    dateDocument(held.document, this.shownUnder.settings.cycleEndDay, date);
    return { files: this.views() };
  }

  /** The workbook's tables as last read: the files are dated again under their cycle end day and listed under them. */
  private useTables(tables: readonly ConfigTable[]): ReturnType<typeof readConfig> {
    const read = readConfig(tables);
    // Problems or not, as the Settings section shows them (Refresh names the problems).
    this.shownUnder = read.config;
    for (const held of this.files) {
      // A card's date is written into the Invoices table: once the table dates the file's invoice, the table is the
      // word on it, as for the command line, and an edit there since outranks the card.
      if (held.billingDate !== null && held.document.invoiceNumbers.some((invoice) => read.config.invoices.get(idKey(invoice))?.billingDate != null)) held.billingDate = null;
      if (held.document.billingDateEvidence !== null) dateDocument(held.document, read.config.settings.cycleEndDay, held.billingDate);
    }
    return read;
  }

  private listUnder(request: TablesRequest): FilesResult {
    this.useTables(request.tables);
    return { files: this.views() };
  }

  private async remove(request: RemoveFileRequest, signal: AbortSignal): Promise<FilesResult> {
    const index = this.files.findIndex((file) => file.id === request.fileId);
    if (index < 0) return { files: this.views() };
    const [removed] = this.files.splice(index, 1);
    // Its lines are in the duplicate register: later files may have dropped them as duplicates, and a file added
    // later would. Read the others again into a fresh register (only an imported file registered anything).
    const { config, key } = pricingConfig(this.useTables(request.tables));
    if (removed.document.status === 'imported' || this.needsRebuild) {
      this.needsRebuild = true;
      await this.rebuild(request.id, config, key, `${removed.name} was removed: reading the other files again`, signal).catch((error: unknown) => {
        if (!(error instanceof Cancelled)) throw error;
      });
    }
    if (this.files.length === 0) {
      this.session = new ImportSession();
      this.needsRebuild = false;
    }
    this.last = null;
    return { files: this.views() };
  }

  /** Reads every held file again, in order, under `config`; commits only when all were read. */
  private async rebuild(id: number, config: BillingConfig, key: string, reason: string, signal: AbortSignal): Promise<void> {
    const previous = this.session;
    this.session = new ImportSession();
    const collector = { builder: new ReportBuilder(config, { months: null, keepLines: true }), key };
    const progress = this.progressReporter(id, 'rereading', reason, this.files);
    const rebuilt: HeldFile[] = [];
    try {
      for (let index = 0; index < this.files.length; index++) {
        const held = this.files[index];
        progress.update(index, 0, 0, true);
        const again = await this.read(held, collector, signal, (bytes, rows) => progress.update(index, bytes, rows));
        progress.fileDone(index);
        if (again.document.status === 'cancelled' || signal.aborted) throw new Cancelled();
        rebuilt.push(again);
      }
    } catch (error) {
      // Keep the files as they were (consistent with each other, but stale): the next Refresh reads them again.
      this.session = previous;
      this.needsRebuild = true;
      throw error;
    }
    this.files = rebuilt;
    this.needsRebuild = false;
    this.post({ type: 'files', id, files: this.views() });
  }

  private async refresh(request: RefreshRequest, signal: AbortSignal): Promise<RefreshResult> {
    const { config, problems } = this.useTables(request.tables);
    if (problems.length > 0) return { kind: 'problems', problems: problems.map(configProblemView) };
    if (this.files.length === 0) return { kind: 'no-files' };
    const key = pricingKey(config);
    const stale = this.files.filter((held) => held.key !== key);
    if (this.needsRebuild || stale.length > 0) {
      this.post({ type: 'phase', id: request.id, phase: 'repricing' });
      const reason = this.needsRebuild ? 'reading the files again' : 'the prices, customers or settings changed since the files were imported: reading them again';
      try {
        await this.rebuild(request.id, config, key, reason, signal);
      } catch (error) {
        if (error instanceof Cancelled) return { kind: 'cancelled' };
        throw error;
      }
    }
    if (signal.aborted) return { kind: 'cancelled' };
    this.post({ type: 'phase', id: request.id, phase: 'report' });
    const builder = new ReportBuilder(config, { months: request.months === null ? null : new Set(request.months), keepLines: true });
    for (const held of this.files) builder.addDocument(held.document, held.lines ?? builder.startDocument());
    const report = builder.build();
    const summary = summarizeReport(report);
    if (report.cycles.length === 0) {
      this.last = report;
      const cyclesInData = [...new Set(summary.outsideRange.map((entry) => entry.cycleMonth).filter((month): month is string => month !== null))].sort();
      return { kind: 'empty', summary, cyclesInData };
    }
    // Cancelled: the previous report stays the one exported, as it stays in the workbook.
    if (signal.aborted) return { kind: 'cancelled' };
    this.last = report;
    // Too large for a sheet: nothing is laid out or written, but the report is made, and its CSV exports (which have
    // no row limit) are what the accountant is told to use.
    const tooLarge = sheetLimitProblem(report, 'the billing CSV export', this.options.sheetRows);
    if (tooLarge !== null) return { kind: 'too-large', problem: tooLarge, files: this.views() };
    this.post({ type: 'phase', id: request.id, phase: 'layout' });
    const layout = buildWorkbookLayout(report, { config, documents: this.files.map((held) => held.document) });
    const exportSheet = request.exportSheet ? billingExportSheet(report) : null;
    if (exportSheet !== null) layout.sheets.push(exportSheet);
    const rowsPerMessage = request.rowsPerMessage ?? 2000;
    layout.sheets.forEach((sheet, index) => {
      const { shell, chunks, pivotRowCounts } = sheetChunks(sheet, rowsPerMessage);
      this.post({ type: 'layout-sheet', id: request.id, index, sheet: shell, rowCount: sheet.rows.length, pivotRowCounts });
      for (const chunk of chunks) this.post({ type: 'layout-rows', id: request.id, index, ...chunk });
    });
    return { kind: 'report', summary, userTables: layout.userTables, notes: layout.notes, sheetCount: layout.sheets.length, files: this.views() };
  }

  private export(request: ExportRequest): ExportResult {
    const report = this.last;
    if (report === null || report.cycles.length === 0) return { kind: 'nothing', reason: 'There is no report to export yet: press Refresh first.' };
    const options: CsvOptions = request.semicolon ? { delimiter: ';', decimalComma: true } : {};
    const months = [...new Set(report.cycles.map((cycle) => cycle.cycle.month))];
    const span = months.length === 1 ? months[0] : `${months[0]} to ${months[months.length - 1]}`;
    if (request.kind === 'billing-csv') return { kind: 'files', files: [{ fileName: `billing ${span}.csv`, content: billingCsv(report, options) }], zip: null, zipName: null };
    if (request.kind === 'customer-csvs') {
      const files = customerCsvs(report, options).map((file) => ({ fileName: file.fileName, content: file.content, organization: file.organization }));
      if (files.length === 0) return { kind: 'nothing', reason: 'No billable customer in the report.' };
      const zip = zipSync(Object.fromEntries(files.map((file) => [file.fileName, strToU8(file.content)])));
      return { kind: 'files', files, zip, zipName: `customer statements ${span}.zip` };
    }
    const sheet = billingExportSheet(report);
    return sheet === null ? { kind: 'nothing', reason: 'The report has no lines to export.' } : { kind: 'sheet', sheet };
  }

  /** A configuration table as a refresh would create it (with the rows the imported data suggests). */
  private userTable(request: UserTableRequest): UserTableResult {
    const { config } = readConfig(request.tables);
    let report = this.last;
    if (report === null) {
      const builder = new ReportBuilder(config, { months: null });
      for (const held of this.files) builder.addDocument(held.document, held.lines ?? builder.startDocument());
      report = builder.build();
    }
    // The tables alone: a report too large for the sheets still suggests their rows.
    const table = userTables(report, { config, documents: this.files.map((held) => held.document) }).find((candidate) => candidate.name === request.table);
    if (table === undefined) throw new Error(`the layout has no ${request.table} table`);
    return { table };
  }
}

/** An error whose message is meant for the user as it is. */
class UserError extends Error {}

// The worker itself: only when loaded as a dedicated worker (jest imports the engine above without this).
declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as {
    postMessage(message: unknown, transfer?: Transferable[]): void;
    addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
    /** Set by the browser tests in the worker, for a short sheet (test/browser/run.ts). */
    CSP_BILLING_TEST_SHEET_ROWS?: number;
  };
  const engine = new ImportWorkerEngine((message, transfer) => scope.postMessage(message, transfer ?? []), {
    get sheetRows() {
      return scope.CSP_BILLING_TEST_SHEET_ROWS;
    },
  });
  scope.addEventListener('message', (event) => void engine.receive(event.data));
}
