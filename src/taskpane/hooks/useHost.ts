import { useCallback, useEffect, useState } from 'react';
import type { DemoWorkbook } from '../demo/demo-workbook';
import { officeHost, type ExcelHost } from '../excel-adapter';
import { describeError, type PaneError } from '../lib/errors';
import { waitForOffice } from '../office-ready';

type HostState =
  | { status: 'connecting' }
  | { status: 'ready'; host: ExcelHost; demo: DemoWorkbook | null }
  | { status: 'outside'; reason: string; demoStarting: boolean; demoError: PaneError | null };

/** Excel when the pane runs inside it; otherwise says so within a few seconds and offers the demo. */
export function useHost(): { state: HostState; startDemo(): void } {
  const [state, setState] = useState<HostState>({ status: 'connecting' });

  useEffect(() => {
    let active = true;
    void waitForOffice().then((office) => {
      if (!active) return;
      if (office.inOffice) setState({ status: 'ready', host: officeHost(), demo: null });
      else setState({ status: 'outside', reason: office.reason ?? 'Not running inside Excel.', demoStarting: false, demoError: null });
    });
    return () => {
      active = false;
    };
  }, []);

  const startDemo = useCallback(() => {
    setState((previous) => (previous.status === 'outside' ? { ...previous, demoStarting: true, demoError: null } : previous));
    void import(/* webpackChunkName: "demo" */ '../demo/demo-workbook')
      .then(({ openDemoWorkbook }) => openDemoWorkbook())
      .then(
        (demo) => setState({ status: 'ready', host: demo.host, demo }),
        (error: unknown) =>
          setState((previous) =>
            previous.status === 'outside' ? { ...previous, demoStarting: false, demoError: { ...describeError(error, 'import'), message: 'The demo could not start.', next: 'Reload the page and try again.' } } : previous,
          ),
      );
  }, []);

  return { state, startDemo };
}
