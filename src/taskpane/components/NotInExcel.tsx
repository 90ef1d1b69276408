import { useId } from 'react';
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import type { PaneError } from '../lib/errors';
import { ErrorBar } from './ErrorBar';

const OUTSIDE_EXCEL_MESSAGE = "Open this add-in from Excel: Home > Billing. This page runs inside Excel's task pane.";

/** Opened outside Excel (or office.js did not load): say so plainly, and offer the demo. */
export function NotInExcel(props: { reason: string; demoStarting: boolean; demoError: PaneError | null; onDemo(): void }) {
  // While the demo opens, the button says why it waits: the spinner's words.
  const startingId = useId();
  return (
    <>
      <MessageBar intent="warning" layout="multiline" data-testid="not-in-excel">
        <MessageBarBody>
          <MessageBarTitle>Not running in Excel</MessageBarTitle>
          {OUTSIDE_EXCEL_MESSAGE} {props.reason}
        </MessageBarBody>
      </MessageBar>
      <Caption1>You can try the add-in here on a made-up partner&apos;s October 2026, in a workbook kept in this page only. Nothing is sent anywhere.</Caption1>
      <Button appearance="primary" onClick={props.onDemo} disabledFocusable={props.demoStarting} aria-describedby={props.demoStarting ? startingId : undefined}>
        Try the demo with the sample month
      </Button>
      {props.demoStarting && <Spinner size="tiny" label={{ id: startingId, children: 'Opening the demo workbook…' }} />}
      {props.demoError && <ErrorBar error={props.demoError} />}
    </>
  );
}
