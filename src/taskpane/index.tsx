import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Body1,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title3,
  makeStyles,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { waitForOffice, type OfficeStatus } from './office-ready';

export const OUTSIDE_EXCEL_MESSAGE =
  "Open this add-in from Excel: Home > Billing. This page runs inside Excel's task pane.";

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    maxWidth: '640px',
    overflowWrap: 'anywhere',
  },
});

function App() {
  const styles = useStyles();
  const [status, setStatus] = useState<OfficeStatus | undefined>();

  useEffect(() => {
    let active = true;
    void waitForOffice().then((result) => active && setStatus(result));
    return () => {
      active = false;
    };
  }, []);

  return (
    <main className={styles.page}>
      <Title3 as="h1">CSP Billing</Title3>
      <Body1>Turn Partner Center reconciliation files into customer billing in this workbook.</Body1>
      {!status && <Spinner size="tiny" label="Connecting to Excel…" />}
      {status?.inOffice && (
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>Ready</MessageBarTitle>
            Running in {status.host}.
          </MessageBarBody>
        </MessageBar>
      )}
      {status && !status.inOffice && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not running in Excel</MessageBarTitle>
            {OUTSIDE_EXCEL_MESSAGE} {status.reason}
          </MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}

// Render at once rather than after Office.onReady, so the page is never blank outside Excel.
createRoot(document.getElementById('root')!).render(
  <FluentProvider theme={webLightTheme}>
    <App />
  </FluentProvider>,
);
