import { useId } from 'react';
import { Button, Caption1, Link, Switch, makeStyles, tokens } from '@fluentui/react-components';
import type { ExportState } from '../hooks/useExport';
import type { ExportWaits } from '../lib/waits';
import { ErrorBar } from './ErrorBar';
import { Notice } from './Notice';
import { Section } from './Section';

const useStyles = makeStyles({
  buttons: { display: 'flex', flexDirection: 'column', alignItems: 'stretch', gap: tokens.spacingVerticalS },
  links: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '160px', overflowY: 'auto' },
  link: { overflowWrap: 'anywhere' },
  // The label goes under the switch where the two do not fit side by side (a narrow pane), rather than a word a line.
  switch: { flexWrap: 'wrap' },
  switchLabel: { flex: '1 1 8em' },
});

export function ExportSection(props: { exports: ExportState; stale: boolean; /** Why each export waits, or null (lib/waits.ts). */ waits: ExportWaits }) {
  const styles = useStyles();
  const { exports, waits } = props;
  const running = exports.busy !== null;
  // Why the buttons are disabled, read with them: no report yet, one that no longer matches, or one not in the workbook.
  const filesReasonId = useId();
  const sheetReasonId = useId();
  const sheetReasonShown = waits.sheet !== null && waits.sheet !== waits.files;
  const filesDescribed = waits.files === null ? undefined : filesReasonId;
  const sheetDescribed = waits.sheet === null ? undefined : sheetReasonShown ? sheetReasonId : filesReasonId;
  return (
    <Section step={4} title="Export" id="export">
      <Caption1>The report of the last refresh, for your billing platform and for your customers (without cost or margin).</Caption1>
      <Switch
        className={styles.switch}
        label={{ children: 'Semicolons and decimal commas (European Excel)', className: styles.switchLabel }}
        checked={exports.semicolon}
        disabled={waits.files !== null || running}
        aria-describedby={filesDescribed}
        onChange={(_, data) => exports.setSemicolon(data.checked)}
      />
      <div className={styles.buttons}>
        {/* Disabled but focusable while an export runs: the keyboard's focus stays on the button pressed. */}
        <Button disabledFocusable={waits.files !== null || running} aria-describedby={filesDescribed} onClick={() => void exports.download('billing-csv')}>
          Download billing CSV
        </Button>
        <Button disabledFocusable={waits.files !== null || running} aria-describedby={filesDescribed} onClick={() => void exports.download('customer-csvs')}>
          Download customer files (.zip)
        </Button>
        <Button disabledFocusable={waits.sheet !== null || running} aria-describedby={sheetDescribed} onClick={() => void exports.toSheet()}>
          Write billing export to a sheet
        </Button>
      </div>
      {waits.files !== null && (
        <Caption1 id={filesReasonId} data-testid={props.stale ? 'export-stale' : 'export-waiting'}>
          {waits.files}
        </Caption1>
      )}
      {sheetReasonShown && (
        <Caption1 id={sheetReasonId} data-testid="export-sheet-waiting">
          {waits.sheet}
        </Caption1>
      )}
      {/* Not where the sheet is not offered (a report too large for one): the links below are the way round then. */}
      {!sheetReasonShown && <Caption1>Downloads can be blocked inside Excel; the sheet works everywhere.</Caption1>}
      <Notice text={props.stale ? null : exports.message} />
      {exports.error && <ErrorBar error={exports.error} title="Nothing was exported" />}
      {!props.stale && exports.links.length > 0 && (
        <ul className={styles.links} aria-label="Exported files" data-testid="export-links">
          {exports.links.map((link) => (
            <li key={link.url} className={styles.link}>
              <Link href={link.url} download={link.name}>
                {link.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
