import { useCallback, useRef, useState } from 'react';
import type { ConfigTable } from '../../billing/config';
import type { FileView, ImportProgress } from '../../import/worker-protocol';
import { readConfiguration, type ExcelHost } from '../excel-adapter';
import { describeError, type PaneError } from '../lib/errors';
import type { ImportWorkerClient } from '../worker-client';

export interface FilesState {
  files: FileView[];
  progress: ImportProgress | null;
  /** An import or a removal is running (the worker reads files). */
  busy: boolean;
  notice: string | null;
  error: PaneError | null;
  importFiles(files: File[]): Promise<void>;
  cancel(): void;
  setBillingDate(fileId: string, isoDate: string | null): Promise<void>;
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

export function useFiles(client: ImportWorkerClient, host: ExcelHost): FilesState {
  const [files, setFiles] = useState<FileView[]>([]);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<PaneError | null>(null);
  const running = useRef<number | null>(null);

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
        const request = client.request<'import'>(
          { type: 'import', files: picked.map((file) => ({ id: `f${nextFileId++}`, name: file.name, file })), tables },
          { onProgress: setProgress, onFile: (file) => setFiles((previous) => [...previous.filter((f) => f.id !== file.id), file]) },
        );
        running.current = request.id;
        const result = await request.result;
        setFiles(result.files);
        if (result.cancelled) setNotice(`Import cancelled: ${result.skipped.join(', ')} ${result.skipped.length === 1 ? 'was' : 'were'} not imported.`);
      });
    },
    [client, host, whileReading],
  );

  const cancel = useCallback(() => {
    if (running.current !== null) client.cancel(running.current);
  }, [client]);

  const setBillingDate = useCallback(
    async (fileId: string, isoDate: string | null) => {
      setError(null);
      try {
        const result = await client.request<'set-billing-date'>({ type: 'set-billing-date', fileId, billingDate: isoDate }).result;
        setFiles(result.files);
      } catch (caught) {
        setError(describeError(caught, 'import'));
      }
    },
    [client],
  );

  const remove = useCallback(
    (fileId: string) =>
      whileReading(async () => {
        const tables = await tablesOrNone(host);
        const request = client.request<'remove'>({ type: 'remove', fileId, tables }, { onProgress: setProgress, onFiles: setFiles });
        running.current = request.id;
        setFiles((await request.result).files);
      }),
    [client, host, whileReading],
  );

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

  return { files, progress, busy, notice, error, importFiles, cancel, setBillingDate, remove, replaceFiles: setFiles, listUnder };
}
