import { useCallback, useEffect, useRef, useState } from 'react';
import { filesToLink } from '../lib/export-links';
import type { ExportKind } from '../../import/worker-protocol';
import { showTable, writeSheet, type ExcelHost } from '../excel-adapter';
import { EXPORT_TABLE_NAME } from '../lib/export-sheet';
import { describeError, type PaneError } from '../lib/errors';
import type { ImportWorkerClient } from '../worker-client';

interface DownloadLink {
  name: string;
  url: string;
}

export interface ExportState {
  semicolon: boolean;
  setSemicolon(value: boolean): void;
  busy: ExportKind | null;
  /** The files of the last export, as links: downloads can fail silently in Office's webviews. */
  links: DownloadLink[];
  message: string | null;
  error: PaneError | null;
  download(kind: 'billing-csv' | 'customer-csvs'): Promise<void>;
  toSheet(): Promise<void>;
  /** Forgets the last export's links and messages (a new report is coming, or the one shown is stale). */
  clear(): void;
}

/** Starts a download of a Blob through a temporary link (kept alive for the fallback list). */
function startDownload(name: string, url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** `stillCurrent` reads the workbook's tables again: false when the report no longer matches them (nothing exported). */
export function useExport(client: ImportWorkerClient, host: ExcelHost, stillCurrent: () => Promise<boolean>): ExportState {
  const [semicolon, setSemicolon] = useState(false);
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [links, setLinks] = useState<DownloadLink[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<PaneError | null>(null);
  const urls = useRef<string[]>([]);

  const revoke = () => {
    for (const url of urls.current) URL.revokeObjectURL(url);
    urls.current = [];
  };
  useEffect(() => revoke, []);

  const download = useCallback(
    async (kind: 'billing-csv' | 'customer-csvs') => {
      setBusy(kind);
      setError(null);
      setMessage(null);
      try {
        if (!(await stillCurrent())) return;
        const result = await client.request<'export'>({ type: 'export', kind, semicolon }).result;
        if (result.kind === 'nothing') {
          setMessage(result.reason);
          return;
        }
        if (result.kind !== 'files') return;
        revoke();
        const zipped = Boolean(result.zip && result.zipName);
        const made: DownloadLink[] = filesToLink(result.files, zipped).map((file) => ({ name: file.fileName, url: URL.createObjectURL(new Blob([file.content], { type: 'text/csv;charset=utf-8' })) }));
        if (result.zip && result.zipName) {
          const zip: DownloadLink = { name: result.zipName, url: URL.createObjectURL(new Blob([result.zip as BlobPart], { type: 'application/zip' })) };
          made.unshift(zip);
          startDownload(zip.name, zip.url);
        } else {
          startDownload(made[0].name, made[0].url);
        }
        urls.current = made.map((link) => link.url);
        setLinks(made);
        const listed = made.length - (zipped ? 1 : 0) < result.files.length ? ' (too many to list one by one: the .zip holds them)' : '';
        setMessage(kind === 'billing-csv' ? `Downloading ${made[0].name}.` : `Downloading ${result.zipName}: ${result.files.length} customer file${result.files.length === 1 ? '' : 's'}, without cost or margin${listed}.`);
      } catch (caught) {
        setError(describeError(caught, 'export'));
      } finally {
        setBusy(null);
      }
    },
    [client, semicolon, stillCurrent],
  );

  const toSheet = useCallback(async () => {
    setBusy('billing-sheet');
    setError(null);
    setMessage(null);
    try {
      if (!(await stillCurrent())) return;
      const result = await client.request<'export'>({ type: 'export', kind: 'billing-sheet', semicolon: false }).result;
      if (result.kind === 'nothing') {
        setMessage(result.reason);
        return;
      }
      if (result.kind !== 'sheet') return;
      await host.inTurn(() => writeSheet(host, result.sheet));
      await showTable(host, EXPORT_TABLE_NAME);
      setMessage(`Written to the sheet "${result.sheet.name}": ${result.sheet.rows.length - 1} lines. Copy it from there into your billing platform.`);
    } catch (caught) {
      setError(describeError(caught, 'export'));
    } finally {
      setBusy(null);
    }
  }, [client, host, stillCurrent]);

  const clear = useCallback(() => {
    revoke();
    setLinks([]);
    setMessage(null);
    setError(null);
  }, []);

  return { semicolon, setSemicolon, busy, links, message, error, download, toSheet, clear };
}
