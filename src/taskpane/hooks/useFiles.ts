import { useCallback, useRef, useState } from 'react';
import type { ConfigTable } from '../../billing/config';
import { parseBillingDate } from '../../billing/dates';
import type { FileView, ImportProgress } from '../../import/worker-protocol';
import { ensureUserTable, readConfiguration, saveBillingDate, type BillingDateCell, type ExcelHost } from '../excel-adapter';
import { describeError, type PaneError } from '../lib/errors';
import { billingDateNotice, invoiceRows, type PaneNotice } from '../lib/invoice-dates';
import { distinctNames, importResultText, removedText } from '../lib/summary-text';
import type { ImportWorkerClient } from '../worker-client';

export interface FilesState {
  files: FileView[];
  progress: ImportProgress | null;
  /** An import or a removal is running (the worker reads files). */
  busy: boolean;
  notice: PaneNotice | null;
  error: PaneError | null;
  importFiles(files: File[]): Promise<void>;
  cancel(): void;
  /** Sets (or, with null, withdraws) the file's billing date, and keeps it in the workbook's Invoices table. */
  setBillingDate(file: FileView, isoDate: string | null): Promise<void>;
  remove(fileId: string): Promise<void>;
  /** The worker read the files again (during a refresh). */
  replaceFiles(files: FileView[]): void;
  /** The workbook's tables as last read (a setting saved): the files' billing dates and cycles as they bill under them. */
  listUnder(tables: ConfigTable[]): Promise<void>;
}

let nextFileId = 1;

/** The workbook's tables, or none when they cannot be read (the import still works; Refresh says what is wrong). */
async function tablesOrNone(host: ExcelHost): Promise<ConfigTable[]> {
  try {
    return await readConfiguration(host);
  } catch {
    return [];
  }
}

/**
 * Writes a card's billing date into the Invoices table (lib/invoice-dates.ts), adding the rows or the table it lacks
 * as a refresh would; returns what was done, in words. `held` keeps, per file, the dates the table held before the
 * pane wrote its own, for "Use the file's date" to put back.
 */
async function keepInInvoices(client: ImportWorkerClient, host: ExcelHost, file: FileView, isoDate: string | null, held: Map<string, BillingDateCell[]>): Promise<PaneNotice | null> {
  if (file.invoiceNumbers.length === 0) return billingDateNotice(isoDate, [], null);
  const date = isoDate === null ? null : parseBillingDate(isoDate);
  // The date the card shows, set there or kept in the table since: "Use the file's date" takes it out again.
  const previous = (file.billingDateOverridden || file.billingDateFromInvoice !== null) && file.billingDate !== null ? parseBillingDate(file.billingDate) : null;
  const before = held.get(file.id) ?? [];
  const saved = await saveBillingDate(host, file.invoiceNumbers, date, previous, before);
  if (date === null) held.delete(file.id);
  else if (saved.replaced.length > 0) held.set(file.id, [...saved.replaced, ...before.filter((cell) => !saved.replaced.some((now) => now.invoice === cell.invoice))]);
  if (date !== null && saved.table !== 'no-billing-date-column' && saved.missing.length > 0) {
    const { table } = await client.request<'user-table'>({ type: 'user-table', table: 'Invoices', tables: await readConfiguration(host) }).result;
    await ensureUserTable(host, { ...table, candidates: invoiceRows(table, saved.missing, date) });
  }
  return billingDateNotice(isoDate, file.invoiceNumbers, saved);
}

export function useFiles(client: ImportWorkerClient, host: ExcelHost): FilesState {
  const [files, setFiles] = useState<FileView[]>([]);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<PaneNotice | null>(null);
  const [error, setError] = useState<PaneError | null>(null);
  const running = useRef<number | null>(null);
  const heldDates = useRef(new Map<string, BillingDateCell[]>());
  const latest = useRef(files);
  latest.current = files;

  /** Runs a request that reads files in the worker: busy, cancellable, its progress shown, its error said. */
  const whileReading = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (caught) {
      setError(describeError(caught, 'import'));
    } finally {
      running.current = null;
      setProgress(null);
      setBusy(false);
    }
  }, []);

  const importFiles = useCallback(
    async (picked: File[]) => {
      if (picked.length === 0) return;
      await whileReading(async () => {
        const tables = await tablesOrNone(host);
        const ids = picked.map(() => `f${nextFileId++}`);
        // Two files of one name (from two folders) are billed and named apart, on the cards as in the report.
        const names = distinctNames(latest.current.map((file) => file.fileName), picked.map((file) => file.name));
        const request = client.request<'import'>(
          { type: 'import', files: picked.map((file, index) => ({ id: ids[index], name: names[index], file })), tables },
          { onProgress: setProgress, onFile: (file) => setFiles((previous) => [...previous.filter((f) => f.id !== file.id), file]) },
        );
        running.current = request.id;
        const result = await request.result;
        setFiles(result.files);
        if (result.cancelled) setNotice({ text: `Import cancelled: ${result.skipped.join(', ')} ${result.skipped.length === 1 ? 'was' : 'were'} not imported.`, intent: 'warning' });
        // Said in the section's live region: the cards alone are not announced.
        else setNotice(importResultText(result.files.filter((file) => ids.includes(file.id))));
      });
    },
    [client, host, whileReading],
  );

  const cancel = useCallback(() => {
    if (running.current !== null) client.cancel(running.current);
  }, [client]);

  const listUnder = useCallback(
    async (tables: ConfigTable[]) => {
      try {
        setFiles((await client.request<'tables'>({ type: 'tables', tables }).result).files);
      } catch (caught) {
        setError(describeError(caught, 'import'));
      }
    },
    [client],
  );

  const setBillingDate = useCallback(
    async (file: FileView, isoDate: string | null) => {
      setError(null);
      setNotice(null);
      try {
        const result = await client.request<'set-billing-date'>({ type: 'set-billing-date', fileId: file.id, billingDate: isoDate }).result;
        setFiles(result.files);
      } catch (caught) {
        setError(describeError(caught, 'import'));
        return;
      }
      try {
        setNotice(await host.inTurn(() => keepInInvoices(client, host, file, isoDate, heldDates.current)));
        // The cards as the table now dates them (a date typed there since outranks the file's own).
        await listUnder(await readConfiguration(host));
      } catch (caught) {
        setError(describeError(caught, 'invoices'));
      }
    },
    [client, host, listUnder],
  );

  const remove = useCallback(
    (fileId: string) =>
      whileReading(async () => {
        const tables = await tablesOrNone(host);
        const name = latest.current.find((file) => file.id === fileId)?.fileName ?? 'the file';
        const request = client.request<'remove'>({ type: 'remove', fileId, tables }, { onProgress: setProgress, onFiles: setFiles });
        running.current = request.id;
        const left = (await request.result).files;
        setFiles(left);
        setNotice({ text: removedText(name, left.length), intent: 'info' });
      }),
    [client, host, whileReading],
  );

  return { files, progress, busy, notice, error, importFiles, cancel, setBillingDate, remove, replaceFiles: setFiles, listUnder };
}
