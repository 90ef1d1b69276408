import { useEffect, useRef, useState } from 'react';
import type { DemoWorkbook } from '../demo/demo-workbook';
import type { ExcelHost } from '../excel-adapter';
import { useExport } from '../hooks/useExport';
import { useFiles } from '../hooks/useFiles';
import { useRefresh } from '../hooks/useRefresh';
import { useSettings } from '../hooks/useSettings';
import { useWorker } from '../hooks/useWorker';
import { reportInputs } from '../lib/report-inputs';
import { DemoBanner, DemoWorkbookView } from './DemoWorkbookView';
import { ExportSection } from './ExportSection';
import { ImportSection } from './ImportSection';
import { RefreshSection } from './RefreshSection';
import { SettingsSection } from './SettingsSection';

/** The four steps, once Excel (or the demo workbook) is there. */
export function Pane(props: { host: ExcelHost; demo: DemoWorkbook | null }) {
  const client = useWorker();
  const files = useFiles(client, props.host);
  const settings = useSettings(client, props.host);
  const refresh = useRefresh(client, props.host, files.replaceFiles, settings.adopt);
  const exports = useExport(client, props.host);
  const refreshing = refresh.state.status === 'running';
  const imported = files.files.some((file) => file.status === 'imported');

  // The report shown is stale once a file, a billing date or a setting changes: said, and not exported.
  const inputs = reportInputs(files.files, settings.settings);
  const latestInputs = useRef(inputs);
  latestInputs.current = inputs;
  const [reportMadeFrom, setReportMadeFrom] = useState<string | null>(null);
  const { clear: clearExports } = exports;
  useEffect(() => {
    if (refresh.state.status === 'done') setReportMadeFrom(latestInputs.current);
    if (refresh.state.status === 'running') clearExports();
  }, [refresh.state.status, clearExports]);
  const stale = refresh.state.status === 'done' && reportMadeFrom !== null && reportMadeFrom !== inputs;

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

  return (
    <>
      {props.demo && <DemoBanner />}
      <ImportSection files={files} disabled={refreshing} />
      <SettingsSection settings={settings} disabled={refreshing || files.busy} />
      <RefreshSection
        refresh={refresh}
        // Not while an export writes its sheet: the refresh would not know of it, and leave it with an older report.
        canRefresh={imported && !files.busy && exports.busy === null}
        range={settings.range}
        rangeError={settings.months.ok ? null : settings.months.error}
        onRange={settings.setRange}
        stale={stale}
        defaultMarkup={settings.settings.defaultMarkupPercent.toString()}
      />
      <ExportSection exports={exports} canExport={refresh.state.status === 'done' && !refreshing && !stale} stale={stale} />
      {props.demo && <DemoWorkbookView demo={props.demo} version={refresh.state.status === 'done' ? 1 : 0} />}
    </>
  );
}
