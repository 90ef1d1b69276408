import { useId } from 'react';
import { Button, Caption1, Link, Switch, makeStyles, tokens } from '@fluentui/react-components';
import type { ExportState } from '../hooks/useExport';
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

export function ExportSection(props: { exports: ExportState; canExport: boolean; stale: boolean; /** Why there is nothing to export yet, or null. */ waiting?: string | null }) {
  const styles = useStyles();
  const { exports } = props;
  const locked = !props.canExport || exports.busy !== null;
  // Why the buttons are disabled, read with them: no report yet, or one that no longer matches.
  const reasonId = useId();
  const reason = props.stale ? null : (props.waiting ?? null);
  const describedBy = props.stale || reason ? reasonId : undefined;
  return (
    <Section step={4} title="Export" id="export">
      <Caption1>The report of the last refresh, for your billing platform and for your customers (without cost or margin).</Caption1>
      <Switch
        className={styles.switch}
        label={{ children: 'Semicolons and decimal commas (European Excel)', className: styles.switchLabel }}
        checked={exports.semicolon}
        disabled={locked}
        onChange={(_, data) => exports.setSemicolon(data.checked)}
      />
      <div className={styles.buttons}>
        {/* Disabled but focusable while an export runs: the keyboard's focus stays on the button pressed. */}
        <Button disabledFocusable={locked} aria-describedby={describedBy} onClick={() => void exports.download('billing-csv')}>
          Download billing CSV
        </Button>
        <Button disabledFocusable={locked} aria-describedby={describedBy} onClick={() => void exports.download('customer-csvs')}>
          Download customer files (.zip)
        </Button>
        <Button disabledFocusable={locked} aria-describedby={describedBy} onClick={() => void exports.toSheet()}>
          Write billing export to a sheet
        </Button>
      </div>
      {reason && (
        <Caption1 id={reasonId} data-testid="export-waiting">
          {reason}
        </Caption1>
      )}
      <Caption1>Downloads can be blocked inside Excel; the sheet works everywhere.</Caption1>
      {props.stale && <Caption1 id={reasonId} data-testid="export-stale">The files, settings or tables changed since the last refresh: press Refresh before exporting.</Caption1>}
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
