import { useCallback, useRef, useState } from 'react';
import type { ImportProgress, ReportSummary, ConfigProblemView, UnlinkedCustomer, UnpricedProduct } from '../../import/worker-protocol';
import { LayoutAssembler } from '../../import/worker-protocol';
import type { UserTableLayout } from '../../workbook/layout';
import { ensureUserTable, holdsAddInSheet, readConfiguration, showTable, writeReport, type ExcelHost, type TableRowKey } from '../excel-adapter';
import type { DateRange, NothingToBillAdvice } from '../lib/date-range';
import { nothingToBillAdvice, rangeMonths, rangeNotes } from '../lib/date-range';
import { describeError, type PaneError } from '../lib/errors';
import { EXPORT_SHEET_NAME } from '../lib/export-sheet';
import { onlyRowsAdded, reportInputs } from '../lib/report-inputs';
import { tablesNews } from '../lib/tables-news';
import { settingsOf } from '../lib/settings';
import type { RefreshStep } from '../lib/summary-text';
import type { ImportWorkerClient } from '../worker-client';
import type { FileView } from '../../import/worker-protocol';
import type { ConfigTable } from '../../billing/config';

export type RefreshState =
  | { status: 'idle' }
  | { status: 'running'; step: RefreshStep; done: number; total: number; progress: ImportProgress | null }
  /** `kept`: the range of the report the workbook still holds from this session, made before the tables changed. */
  | { status: 'problems'; problems: ConfigProblemView[]; kept: string | null }
  | { status: 'empty'; summary: ReportSummary; rangeLabel: string; advice: NothingToBillAdvice }
  /**
   * `madeFrom`: the report's inputs (lib/report-inputs.ts); once the pane's differ, the report is stale. `cancelled`:
   * a refresh was cancelled, and this is the report the workbook (and the worker) kept. `rangeNotes`: the range's
   * cycles with nothing to bill, or not ended yet, in words.
   */
  | {
      status: 'done';
      summary: ReportSummary;
      skipped: string[];
      notes: string[];
      rangeNotes: string[];
      sheets: string[];
      /** The tables it made and the rows it added to them, in words (null: none, or they could not be read again). */
      tablesNews: string | null;
      syncs: number;
      rangeLabel: string;
      madeFrom: string;
      cancelled?: boolean;
    }
  | { status: 'cancelled' }
  /**
   * The report is too large for Excel's sheets (`problem`, in words): nothing was written, and `kept` is the range of
   * the report the workbook still holds from this session. Its CSV exports have no row limit: Export makes them, after
   * a cancelled refresh too (`cancelled`), as the worker still holds it.
   */
  | { status: 'too-large'; problem: string; rangeLabel: string; madeFrom: string; kept: string | null; cancelled?: boolean }
  | { status: 'error'; error: PaneError };

/** The inputs of a report the worker no longer holds (a later one was built): never the pane's, so always stale. */
const SUPERSEDED = '(superseded by a report built since)';

/** A report's cycles and inputs: two reports of the same are the same. */
const madeOf = (report: { rangeLabel: string; madeFrom: string }) => `${report.rangeLabel}\n${report.madeFrom}`;

/** The report the worker holds for Export: one written, or one refused as too large for the sheets. */
type LastReport = Extract<RefreshState, { status: 'done' | 'too-large' }>;

/** The range of the report the workbook holds from this session: a refused one is not in it, the one before it is. */
const inWorkbook = (report: LastReport | null): string | null => (report === null ? null : report.status === 'done' ? report.rangeLabel : report.kept);

export interface RefreshController {
  state: RefreshState;
  refresh(range: DateRange): Promise<void>;
  cancel(): void;
  /** Selects the customer's row in the Customers table, adding it first if it is missing. */
  selectCustomer(customer: UnlinkedCustomer): Promise<void>;
  selectProduct(product: UnpricedProduct): Promise<void>;
  selection: { message: string | null; error: PaneError | null };
}

export function useRefresh(
  client: ImportWorkerClient,
  host: ExcelHost,
  onFiles: (files: FileView[]) => void,
  onTables: (tables: ConfigTable[]) => void,
  /** The accountant's day (useToday), the one the date range shown is worked out for. */
  today: number,
): RefreshController {
  const [state, setState] = useState<RefreshState>({ status: 'idle' });
  const [selection, setSelection] = useState<{ message: string | null; error: PaneError | null }>({ message: null, error: null });
  const workerRequest = useRef<number | null>(null);
  const writing = useRef<AbortController | null>(null);
  const userTables = useRef<UserTableLayout[]>([]);
  const lastReport = useRef<LastReport | null>(null);
  /** Cancel was pressed before the worker had the request (while the tables are read): nothing to stop there yet. */
  const cancelAsked = useRef(false);

  const running = (step: RefreshStep, done = 0, total = 0, progress: ImportProgress | null = null) => setState({ status: 'running', step, done, total, progress });

  const refresh = useCallback(
    async (range: DateRange) => {
      running('reading-config');
      cancelAsked.current = false;
      setSelection({ message: null, error: null });
      let step: RefreshStep = 'reading-config';
      // The workbook keeps the previous report, and so does the pane (stale if the files or tables changed since).
      const cancelled = () => setState(lastReport.current === null ? { status: 'cancelled' } : { ...lastReport.current, cancelled: true });
      try {
        const tables = await readConfiguration(host);
        onTables(tables);
        if (cancelAsked.current) return cancelled();
        const { cycleEndDay } = settingsOf(tables);
        const months = rangeMonths(range, today, cycleEndDay);
        if (!months.ok) {
          setState({ status: 'error', error: { message: months.error, next: 'Fix the date range under Settings, then press Refresh again.' } });
          return;
        }
        // A billing export written to a sheet earlier is written again with the report: it must not stay behind.
        const exportSheet = await holdsAddInSheet(host, EXPORT_SHEET_NAME);
        if (cancelAsked.current) return cancelled();
        const assembler = new LayoutAssembler();
        step = 'report';
        const request = client.request<'refresh'>(
          // Small messages: the page deserializes each one in a task of its own.
          { type: 'refresh', tables, months: months.months, rowsPerMessage: 500, exportSheet },
          {
            onPhase: (phase) => {
              step = phase;
              running(phase);
            },
            onProgress: (progress) => running('repricing', progress.bytes, progress.totalBytes, progress),
            onFiles,
            onLayout: (message) => assembler.add(message),
          },
        );
        workerRequest.current = request.id;
        const result = await request.result;
        performance.mark('csp-billing:report-received');
        workerRequest.current = null;
        switch (result.kind) {
          case 'problems':
            setState({ status: 'problems', problems: result.problems, kept: inWorkbook(lastReport.current) });
            return;
          case 'no-files':
            setState({ status: 'error', error: { message: 'There are no files to bill yet.', next: 'Import the Partner Center reconciliation files of the month first (step 1).' } });
            return;
          case 'cancelled':
            cancelled();
            return;
          case 'too-large': {
            // The worker exports this report from now on: a later cancel brings it back to Export, not the previous one.
            lastReport.current = { status: 'too-large', problem: result.problem, rangeLabel: months.label, madeFrom: reportInputs(result.files, tables), kept: inWorkbook(lastReport.current) };
            setState(lastReport.current);
            return;
          }
          case 'empty': {
            // The workbook keeps its report, but the worker no longer holds it for Export: named, not shown.
            const kept = inWorkbook(lastReport.current);
            lastReport.current = null;
            setState({ status: 'empty', summary: result.summary, rangeLabel: months.label, advice: nothingToBillAdvice(result.cyclesInData, today, cycleEndDay, kept) });
            return;
          }
        }
        // Export makes its files from the worker's report, the one just built, written or not: the previous report
        // can stand for it only if this one is the same again (the same cycles, files and tables). Otherwise a cancel
        // still shows it, as the workbook keeps it, but stale: Export waits for a Refresh.
        if (lastReport.current !== null && madeOf(lastReport.current) !== madeOf({ rangeLabel: months.label, madeFrom: reportInputs(result.files, tables) })) {
          lastReport.current = { ...lastReport.current, madeFrom: SUPERSEDED };
        }
        const layout = { sheets: assembler.finish(result.sheetCount), userTables: result.userTables, notes: result.notes };
        userTables.current = result.userTables;
        const controller = new AbortController();
        writing.current = controller;
        step = 'reading';
        running('reading');
        performance.mark('csp-billing:write-start');
        const written = await host.inTurn(() =>
          writeReport(host, layout, {
            signal: controller.signal,
            onProgress: (phase, done, total) => {
              step = phase;
              running(phase, done, total);
            },
          }),
        );
        performance.mark('csp-billing:written');
        // The report stands for the tables as it left them, with the rows it added (new customers, products,
        // invoices); unless a cell it did not write changed meanwhile, or they cannot be read: then for those it read.
        const after = await readConfiguration(host).catch(() => null);
        if (after !== null) onTables(after);
        const madeFrom = reportInputs(result.files, after !== null && onlyRowsAdded(tables, after) ? after : tables);
        const notesOnRange = rangeNotes(months.months, result.summary.cycles.map((cycle) => cycle.month), today, cycleEndDay);
        const news = after === null ? null : tablesNews(tables, after);
        lastReport.current = { status: 'done', summary: result.summary, skipped: written.skipped, notes: result.notes, rangeNotes: notesOnRange, sheets: written.sheets, tablesNews: news, syncs: written.syncs, rangeLabel: months.label, madeFrom };
        setState(lastReport.current);
      } catch (caught) {
        if (caught instanceof Error && caught.name === 'WriteCancelledError') cancelled();
        else {
          lastReport.current = null;
          const context = step === 'reading-config' ? 'read-config' : ['report', 'layout', 'repricing'].includes(step) ? 'refresh' : 'write';
          const error = describeError(caught, context);
          // Stopped before writing: the accountant should know the workbook, and any report in it, is as it was.
          setState({ status: 'error', error: context === 'write' ? error : { ...error, next: `${error.next ?? ''} Nothing in the workbook was changed.`.trim() } });
        }
      } finally {
        workerRequest.current = null;
        writing.current = null;
      }
    },
    [client, host, today, onFiles, onTables],
  );

  const cancel = useCallback(() => {
    cancelAsked.current = true;
    if (workerRequest.current !== null) client.cancel(workerRequest.current);
    writing.current?.abort();
  }, [client]);

  const select = useCallback(
    async (tableName: 'Customers' | 'Prices', key: TableRowKey, label: string) => {
      setSelection({ message: null, error: null });
      try {
        let shown = await showTable(host, tableName, key);
        let added = false;
        if (!shown.found) {
          // Missing (the user deleted it, or the table is gone): append the row the report suggested, then select it.
          let layout = userTables.current.find((table) => table.name === tableName);
          if (layout === undefined) layout = (await client.request<'user-table'>({ type: 'user-table', table: tableName, tables: await readConfiguration(host) }).result).table;
          const positions = key.columns.map((column) => layout!.columns.indexOf(column));
          const candidate = layout.candidates.find((row) => positions.every((position, k) => String(row[position] ?? '').trim().toLowerCase() === key.values[k].trim().toLowerCase()));
          const row = candidate ?? layout.columns.map((column) => { const k = key.columns.indexOf(column); return k < 0 ? null : key.values[k]; });
          const table = { ...layout, candidates: [row] };
          await host.inTurn(() => ensureUserTable(host, table));
          added = true;
          shown = await showTable(host, tableName, key);
        }
        if (!shown.found) throw new Error(`${label} is not in the ${tableName} table`);
        setSelection({ message: `${added ? 'Added and selected' : 'Selected'} ${label} in the ${tableName} table (sheet ${shown.sheet}, row ${shown.row}).`, error: null });
      } catch (caught) {
        setSelection({ message: null, error: describeError(caught, 'table') });
      }
    },
    [client, host],
  );

  const selectCustomer = useCallback((customer: UnlinkedCustomer) => select('Customers', { columns: ['Customer ID'], values: [customer.customerId] }, customer.name || customer.customerId), [select]);
  const selectProduct = useCallback(
    (product: UnpricedProduct) => select('Prices', { columns: ['Product ID', 'SKU ID'], values: [product.productId, product.skuId] }, product.name || product.productId),
    [select],
  );

  return { state, refresh, cancel, selectCustomer, selectProduct, selection };
}
