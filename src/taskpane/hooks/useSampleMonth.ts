import { useCallback, useEffect, useState } from 'react';
import { whyWorkbookNotEmpty, writeSampleTables, type ExcelHost } from '../excel-adapter';
import { describeError, type PaneError } from '../lib/errors';
import { notEmptyText, sampleRange } from '../lib/sample-month';
import type { FilesState } from './useFiles';
import type { SettingsState } from './useSettings';

export interface SampleMonthState {
  /** "Try it with a sample month" is offered: Excel's own workbook, empty, and no file in the pane. */
  offered: boolean;
  busy: boolean;
  /** The sample's tables were written into this workbook. */
  done: boolean;
  /** Why nothing was written (the workbook was no longer empty). */
  refused: string | null;
  error: PaneError | null;
  tryIt(): Promise<void>;
}

/**
 * The sample month for a new accountant in an empty workbook (lib/sample-month.ts): its tables written into the
 * workbook, its files imported, the range set to its cycle; they press Refresh as usual.
 */
export function useSampleMonth(host: ExcelHost, files: FilesState, settings: SettingsState): SampleMonthState {
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [error, setError] = useState<PaneError | null>(null);

  // Looked at once the tables are read, and again whenever they change (an edit Excel tells of, a refresh). Cells
  // typed on a sheet since are caught when the button is pressed: the write looks again first.
  const { tables } = settings;
  useEffect(() => {
    if (host.kind !== 'excel' || tables === null) return;
    let active = true;
    whyWorkbookNotEmpty(host).then(
      (reason) => active && setEmpty(reason === null),
      () => active && setEmpty(false),
    );
    return () => {
      active = false;
    };
  }, [host, tables]);

  const { importFiles } = files;
  const { setRange, range, months, reload } = settings;
  const tryIt = useCallback(async () => {
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const { fetchSampleMonth } = await import(/* webpackChunkName: "sample-month" */ '../demo/sample-files');
      const sample = await fetchSampleMonth();
      const written = await host.inTurn(() => writeSampleTables(host, sample.tables));
      if (!written.written) {
        setEmpty(false);
        setRefused(notEmptyText(written.reason));
        return;
      }
      setDone(true);
      setRange(sampleRange(range, months));
      // The cards then show the billing dates and cycles under the sample's tables.
      await reload();
      await importFiles(sample.files);
    } catch (caught) {
      setError(describeError(caught, 'sample'));
    } finally {
      setBusy(false);
    }
  }, [host, importFiles, setRange, range, months, reload]);

  const offered = host.kind === 'excel' && !done && (busy || (empty && files.files.length === 0 && !files.busy));
  return { offered, busy, done, refused, error, tryIt };
}
