import { useEffect, useId, useRef } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { SampleMonthState } from '../hooks/useSampleMonth';
import { SAMPLE_DONE_TEXT } from '../lib/sample-month';
import { ErrorBar } from './ErrorBar';
import { Notice } from './Notice';

const useStyles = makeStyles({
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalS },
});

/** In an empty workbook: the sample month to try the add-in on, saying plainly that it fills this workbook. */
export function SampleMonthOffer(props: { sample: SampleMonthState }) {
  const styles = useStyles();
  const { sample } = props;
  const waitingId = useId();
  // The button goes once the tables are written: the words that say what now take the keyboard's focus.
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (sample.done) done.current?.focus();
  }, [sample.done]);
  return (
    <>
      {sample.offered && (
        <MessageBar intent="info" layout="multiline" data-testid="sample-offer">
          <MessageBarBody>
            <MessageBarTitle>New here? Try it with a sample month</MessageBarTitle>
            This fills <strong>this workbook</strong> with a fictional partner&apos;s October 2026: its Settings, Customers, Prices, Customer Prices and
            Invoices tables on sheets of their own, and its two Partner Center files imported here. Use a new blank workbook (File &gt; New) for it, not
            the one you will bill your own month in.
            <div className={styles.actions}>
              <Button appearance="secondary" onClick={() => void sample.tryIt()} disabledFocusable={sample.busy} aria-describedby={sample.busy ? waitingId : undefined}>
                Try it with a sample month
              </Button>
              {sample.busy && <Spinner size="tiny" label={{ id: waitingId, children: 'Adding the sample month…' }} />}
            </div>
          </MessageBarBody>
        </MessageBar>
      )}
      {sample.done && (
        <div ref={done} tabIndex={-1} data-testid="sample-done">
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Sample month</MessageBarTitle>
              {SAMPLE_DONE_TEXT}
            </MessageBarBody>
          </MessageBar>
        </div>
      )}
      <Notice text={sample.refused} intent="warning" />
      {sample.error && <ErrorBar error={sample.error} />}
    </>
  );
}
