import { Button, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  // Cancel goes under the bar where the two do not fit side by side (a narrow pane), rather than a word a line.
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  field: { flex: '1 1 8em', minWidth: 0 },
});

/** A labelled progress bar (0 to 100, or indeterminate) with its Cancel button. */
export function ProgressWithCancel(props: { label: string; text: string; percent: number | null; onCancel?: () => void; cancelLabel: string; testId: string }) {
  const styles = useStyles();
  return (
    <div className={styles.row} data-testid={props.testId}>
      <Field className={styles.field} label={props.label} validationMessage={props.text} validationState="none">
        <ProgressBar value={props.percent === null ? undefined : props.percent / 100} max={1} thickness="large" aria-valuetext={props.text} />
      </Field>
      {props.onCancel && (
        <Button onClick={props.onCancel} aria-label={props.cancelLabel}>
          Cancel
        </Button>
      )}
    </div>
  );
}
