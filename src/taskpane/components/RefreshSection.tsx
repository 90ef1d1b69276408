import { useId, useRef } from 'react';
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useFocusBack } from '../hooks/useFocusBack';
import type { RefreshController } from '../hooks/useRefresh';
import type { DateRange } from '../lib/date-range';
import { importProgressText, refreshPercent, refreshStepText, reportAnnouncement } from '../lib/summary-text';
import { problemPlace } from '../lib/settings';
import { tooLargeError } from '../lib/waits';
import { ErrorBar } from './ErrorBar';
import { LiveRegion, Notice, VisuallyHidden } from './Notice';
import { ProgressWithCancel } from './ProgressWithCancel';
import { Section } from './Section';
import { SummaryView } from './SummaryView';

const useStyles = makeStyles({
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  place: { fontWeight: tokens.fontWeightSemibold },
});

export function RefreshSection(props: {
  refresh: RefreshController;
  /** Why Refresh cannot run now, in words ("Import files first"), or null. */
  blocked: string | null;
  range: DateRange;
  onRange(range: DateRange): void;
  /** The files or tables changed since the report shown was made. */
  stale?: boolean;
  /** The Settings table's default markup, as the unpriced products are billed at it. */
  defaultMarkup?: string;
}) {
  const styles = useStyles();
  const { refresh } = props;
  const state = refresh.state;
  const running = state.status === 'running';
  const cancelled = state.status === 'cancelled' || ((state.status === 'done' || state.status === 'too-large') && state.cancelled === true);
  const button = useRef<HTMLButtonElement>(null);
  useFocusBack(running, button);
  const reasonId = useId();
  const reason = running ? null : props.blocked;
  // When the range holds none of the files: the cycles of theirs that have ended, as a range to bill instead.
  const offer = state.status === 'empty' ? state.advice.offer : null;
  return (
    <Section step={3} title="Refresh the report" id="refresh">
      <Caption1>Reads your tables, builds the report and writes its sheets. Your own sheets and tables are never overwritten.</Caption1>
      {/* Disabled but focusable: the keyboard's focus stays on it while the refresh runs, and its reason is read with it. */}
      <Button
        ref={button}
        appearance="primary"
        disabledFocusable={props.blocked !== null || running}
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => void refresh.refresh(props.range)}
      >
        Refresh
      </Button>
      {reason && (
        <Caption1 id={reasonId} data-testid="refresh-blocked">
          {reason}
        </Caption1>
      )}
      {running && (
        <ProgressWithCancel
          testId="refresh-progress"
          label="Refresh progress"
          text={state.progress ? importProgressText(state.progress) : refreshStepText(state.step, state.done, state.total)}
          percent={refreshPercent(state.step, state.done, state.total)}
          onCancel={refresh.cancel}
          cancelLabel="Cancel the refresh"
        />
      )}
      {state.status === 'problems' && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Fix your tables first</MessageBarTitle>
            No report was made: a table read only in part could bill wrongly. Nothing in the workbook was changed
            {state.kept ? `: its report is still the one of ${state.kept}, made before the tables changed` : ''}. {state.problems.length === 1 ? 'This cell needs' : 'These cells need'} your attention:
            <ul className={styles.problems} data-testid="config-problems">
              {state.problems.map((problem) => (
                <li key={problem.text}>
                  <span className={styles.place}>{problemPlace(problem)}</span>: {problem.reason}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <LiveRegion>
        {state.status === 'empty' && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody data-testid="nothing-to-bill">
              <MessageBarTitle>Nothing to bill in {state.rangeLabel}</MessageBarTitle>
              {state.advice.text}
              {offer && (
                <div>
                  <Button size="small" onClick={() => props.onRange(offer.range)}>
                    Use {offer.label}
                  </Button>
                </div>
              )}
            </MessageBarBody>
          </MessageBar>
        )}
      </LiveRegion>
      <Notice text={cancelled ? 'Refresh cancelled. The workbook keeps the previous report.' : null} intent="warning" />
      {state.status === 'error' && <ErrorBar error={state.error} title="The report was not refreshed" />}
      {state.status === 'too-large' && <ErrorBar error={tooLargeError(state)} title="The report was not written" />}
      {/* Always there, so the screen reader announces the report when it is written, with its figures (shown below). */}
      <LiveRegion>
        {state.status === 'done' && !cancelled && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody data-testid="refresh-done">
              Report written for {state.rangeLabel}: {state.sheets.join(', ')}.
              {state.tablesNews && <div data-testid="tables-news">{state.tablesNews}</div>}
              <VisuallyHidden> {reportAnnouncement(state.summary)}</VisuallyHidden>
            </MessageBarBody>
          </MessageBar>
        )}
      </LiveRegion>
      <LiveRegion>
        {state.status === 'done' && props.stale && (
          <MessageBar intent="warning" layout="multiline" data-testid="refresh-stale">
            <MessageBarBody>
              <MessageBarTitle>Changed since this report</MessageBarTitle>
              The files, their billing dates or the workbook's tables (settings, prices, customers, invoices) are no longer those of the report below and in the sheets. Press Refresh to bring them up to date.
            </MessageBarBody>
          </MessageBar>
        )}
      </LiveRegion>
      {state.status === 'done' && (
        <>
          {state.rangeNotes.length > 0 && (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody data-testid="range-notes">
                {state.rangeNotes.map((note) => (
                  <div key={note}>{note}</div>
                ))}
              </MessageBarBody>
            </MessageBar>
          )}
          {[...state.skipped, ...state.notes].map((note) => (
            <Caption1 key={note}>Note: {note}</Caption1>
          ))}
          <SummaryView
            summary={state.summary}
            defaultMarkup={props.defaultMarkup}
            actions={{ onCustomer: (c) => void refresh.selectCustomer(c), onProduct: (p) => void refresh.selectProduct(p) }}
          />
        </>
      )}
      <Notice text={refresh.selection.message} intent="success" />
      {refresh.selection.error && <ErrorBar error={refresh.selection.error} />}
    </Section>
  );
}
