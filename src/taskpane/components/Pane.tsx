import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { DemoWorkbook } from '../demo/demo-workbook';
import type { ExcelHost } from '../excel-adapter';
import { useExport } from '../hooks/useExport';
import { useFiles } from '../hooks/useFiles';
import { useRefresh } from '../hooks/useRefresh';
import { useSampleMonth } from '../hooks/useSampleMonth';
import { useSettings } from '../hooks/useSettings';
import { useTableEdits } from '../hooks/useTableEdits';
import { useToday } from '../hooks/useToday';
import { useWorker } from '../hooks/useWorker';
import { reportInputs } from '../lib/report-inputs';
import { exportWaits, inputsWait, refreshWaits, reportMadeFrom } from '../lib/waits';
import { DemoBanner, DemoWorkbookView } from './DemoWorkbookView';
import { ExportSection } from './ExportSection';
import { ImportSection } from './ImportSection';
import { RefreshSection } from './RefreshSection';
import { SampleMonthOffer } from './SampleMonthOffer';
import { SettingsSection } from './SettingsSection';

/** The four steps, once Excel (or the demo workbook) is there. */
export function Pane(props: { host: ExcelHost; demo: DemoWorkbook | null }) {
  const client = useWorker();
  const files = useFiles(client, props.host);
  // One day for the range shown and the range billed, moved on at the local midnight.
  const today = useToday();
  const settings = useSettings(client, props.host, today);
  // In Excel's own empty workbook: the sample month offered (the demo has it imported already).
  const sample = useSampleMonth(props.host, files, settings);
  const refresh = useRefresh(client, props.host, files.replaceFiles, settings.adopt, today);
  const refreshing = refresh.state.status === 'running';
  const imported = files.files.some((file) => file.status === 'imported');

  // The report shown is stale once a file, a billing date or a cell of the tables changes: said, and not exported.
  const inputs = useMemo(() => reportInputs(files.files, settings.tables ?? []), [files.files, settings.tables]);
  const madeFrom = reportMadeFrom(refresh.state);
  const stale = madeFrom !== null && madeFrom !== inputs;
  // Edits in the tables are read where Excel tells of them, and always before an export (Excel before API 1.7 and
  // the demo do not tell).
  const { reload } = settings;
  useTableEdits(props.host, refreshing, reload);
  const latest = useRef({ files: files.files, madeFrom });
  latest.current = { files: files.files, madeFrom };
  const stillCurrent = useCallback(async () => reportInputs(latest.current.files, await reload()) === latest.current.madeFrom, [reload]);
  const exports = useExport(client, props.host, stillCurrent);
  const { clear: clearExports } = exports;
  useEffect(() => {
    if (refresh.state.status === 'running') clearExports();
  }, [refresh.state.status, clearExports]);

  // The cards show the cycles the files bill in under the tables as last read: a cycle end day saved moves them.
  const { listUnder } = files;
  useEffect(() => {
    if (settings.tables !== null) void listUnder(settings.tables);
  }, [settings.tables, listUnder]);

  // The demo starts with the sample month imported.
  const demoImported = useRef(false);
  useEffect(() => {
    if (props.demo && !demoImported.current) {
      demoImported.current = true;
      void files.importFiles(props.demo.files);
    }
  }, [props.demo, files]);

  // Why Refresh waits, said beside it (and read with it).
  const refreshBlocked = refreshWaits({
    filesBusy: files.busy,
    fileCount: files.files.length,
    imported,
    exporting: exports.busy !== null,
    rangeError: settings.months.ok ? null : settings.months.error,
  });
  // The files and settings wait while a refresh reads them, and while files are read.
  const inputsWaiting = inputsWait({ refreshing, filesBusy: files.busy });

  return (
    <>
      {props.demo && <DemoBanner />}
      <SampleMonthOffer sample={sample} />
      <ImportSection files={files} waits={inputsWaiting} />
      <SettingsSection settings={settings} waits={inputsWaiting} moment={`${files.files.map((file) => file.id).join(' ')}\n${refresh.state.status}`} />
      <RefreshSection
        refresh={refresh}
        blocked={refreshBlocked}
        range={settings.range}
        onRange={settings.setRange}
        stale={stale}
        defaultMarkup={settings.settings.defaultMarkupPercent.toString()}
      />
      <ExportSection exports={exports} stale={stale} waits={exportWaits(refresh.state, stale)} />
      {props.demo && <DemoWorkbookView demo={props.demo} version={refresh.state.status === 'done' ? 1 : 0} />}
    </>
  );
}
