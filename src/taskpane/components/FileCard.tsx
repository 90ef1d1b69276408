import { useEffect, useId, useRef, useState } from 'react';
import { Badge, Button, Caption1, Card, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { formatBytes, type FileView } from '../../import/worker-protocol';
import { VisuallyHidden } from './Notice';
import { dayPattern, dayText, parseDayText } from '../lib/day-text';
import { billedInText, billingDateDoubtText, billingDateHint, fileAdvice, fileFacts, plural, splitProblem, unbilledLeftOutText, usageLeftOutText } from '../lib/summary-text';

/** A reason as a sentence: its own question mark or full stop, or one added. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalM, gap: tokens.spacingVerticalXS },
  // The status goes under the name where the two do not fit side by side (a narrow pane), never broken in a word.
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, justifyContent: 'space-between' },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere', minWidth: 0, flex: '1 1 8em' },
  status: { flexShrink: 0, overflowWrap: 'normal', height: 'auto', minHeight: '20px', textAlign: 'center' },
  facts: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: '2px', color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorPaletteDarkOrangeForeground1 },
  problem: { color: tokens.colorPaletteRedForeground1, overflowWrap: 'anywhere' },
  doubt: { color: tokens.colorPaletteDarkOrangeForeground1, overflowWrap: 'anywhere' },
  leftOut: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  detail: { display: 'block', color: tokens.colorNeutralForeground2 },
  dateRow: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  actions: { display: 'flex', justifyContent: 'flex-end' },
});

const STATUS: Record<FileView['status'], { text: string; color: 'success' | 'warning' | 'danger' | 'informative' }> = {
  imported: { text: 'Imported', color: 'success' },
  duplicate: { text: 'Duplicate: skipped', color: 'warning' },
  empty: { text: 'No lines', color: 'warning' },
  failed: { text: 'Rejected', color: 'danger' },
  cancelled: { text: 'Cancelled', color: 'informative' },
};

interface FileCardProps {
  /** Its name is told apart from another file's of the same name ("name.csv (2)") as it is imported. */
  file: FileView;
  disabled: boolean;
  /** The id of the words that say why the card's controls are disabled. */
  describedBy?: string;
  onBillingDate(isoDate: string | null): void;
  onRemove(): void;
}

/** One imported file: what was found in it, its billing date (editable), and what is wrong with it. */
export function FileCard({ file, disabled, describedBy, onBillingDate, onRemove }: FileCardProps) {
  const styles = useStyles();
  const titleId = useId();
  // The box shows and takes the day as the accountant's Excel writes it (lib/day-text.ts), not the browser's own.
  const shown = file.billingDate === null ? '' : dayText(file.billingDate);
  const [date, setDate] = useState(shown);
  const [unread, setUnread] = useState(false);
  useEffect(() => {
    setDate(shown);
    setUnread(false);
  }, [shown]);
  const status = STATUS[file.status];
  const [showDetail, setShowDetail] = useState(false);
  const dateInput = useRef<HTMLInputElement>(null);
  const problem = file.problem ? splitProblem(file.problem, file.fileName) : null;
  const commit = () => {
    // An emptied box is no date: it shows the date the file is billed on again, as the card says. A date that cannot
    // be read stays as typed, with how to type it, for the accountant to correct.
    if (date.trim() === '') {
      setDate(shown);
      setUnread(false);
      return;
    }
    const isoDay = parseDayText(date);
    setUnread(isoDay === null);
    if (isoDay !== null && isoDay !== file.billingDate) onBillingDate(isoDay);
    else if (isoDay !== null) setDate(shown);
  };
  return (
    // Named by its title, its content still read as it is.
    <Card className={styles.card} role="listitem" aria-labelledby={titleId} data-testid="file-card">
      <div className={styles.head}>
        <Text className={styles.name} id={titleId} data-testid="file-name">
          {file.fileName}
        </Text>
        <Badge appearance="tint" color={status.color} className={styles.status} data-testid="file-status">
          {status.text}
        </Badge>
      </div>
      <Caption1 className={styles.facts} data-testid="file-facts">
        {fileFacts(file).map((fact) => (
          <span key={fact}>{fact}</span>
        ))}
        <span>{formatBytes(file.size)}</span>
      </Caption1>
      {problem && (
        <Caption1 className={styles.problem} data-testid="file-problem">
          {sentence(`${problem.summary}${file.moreProblems > 0 ? ` (and ${plural(file.moreProblems, 'more row')} with problems)` : ''}`)} {fileAdvice(file)}
          {problem.detail && (
            <>
              {' '}
              <Button size="small" appearance="transparent" aria-expanded={showDetail} onClick={() => setShowDetail(!showDetail)}>
                {showDetail ? 'Hide details' : 'Show details'}
                <VisuallyHidden> of {file.fileName}</VisuallyHidden>
              </Button>
              {showDetail && <span className={styles.detail}>{problem.detail}</span>}
            </>
          )}
        </Caption1>
      )}
      {file.status === 'imported' && (
        <div className={styles.dateRow}>
          <Field
            label={
              <>
                Billing date<VisuallyHidden> of {file.fileName}</VisuallyHidden>
              </>
            }
            hint={billingDateHint(file)}
            validationMessage={unread ? `Type the date as ${dayPattern()}, for example ${dayText('2026-10-31')}.` : undefined}
            size="small"
          >
            <Input
              ref={dateInput}
              size="small"
              placeholder={dayPattern()}
              value={date}
              disabled={disabled}
              aria-describedby={describedBy}
              onChange={(_, data) => setDate(data.value)}
              onBlur={commit}
              onKeyDown={(event) => event.key === 'Enter' && commit()}
            />
          </Field>
          {(file.billingDateOverridden || file.billingDateFromInvoice !== null) && (
            <Button
              size="small"
              disabled={disabled}
              aria-describedby={describedBy}
              onClick={() => {
                onBillingDate(null);
                // The button goes with the override: the keyboard's focus moves to the date it gave back.
                dateInput.current?.focus();
              }}
            >
              Use the file's date<VisuallyHidden> for {file.fileName}</VisuallyHidden>
            </Button>
          )}
          {file.cycleMonth && <Caption1 data-cycle={file.cycleMonth}>{billedInText(file.cycleMonth)}</Caption1>}
        </div>
      )}
      {file.status === 'imported' && file.usageLeftOut && (
        <Caption1 className={styles.leftOut} data-testid="usage-left-out">
          {usageLeftOutText(file)}
        </Caption1>
      )}
      {file.status === 'imported' && file.unbilledLeftOut && (
        <Caption1 className={styles.leftOut} data-testid="unbilled-left-out">
          {unbilledLeftOutText(file)}
        </Caption1>
      )}
      {file.status === 'imported' && file.billingDateDoubt && (
        <Caption1 className={styles.doubt} data-testid="billing-date-doubt">
          {billingDateDoubtText(file)}
        </Caption1>
      )}
      {file.warnings.length > 0 && (
        <ul className={styles.list} aria-label={`Warnings for ${file.fileName}`}>
          {file.warnings.map((warning) => (
            <li key={warning}>
              <Caption1>{warning}</Caption1>
            </li>
          ))}
        </ul>
      )}
      <div className={styles.actions}>
        <Button size="small" appearance="subtle" disabled={disabled} aria-describedby={describedBy} onClick={onRemove} aria-label={`Remove ${file.fileName}`}>
          Remove
        </Button>
      </div>
    </Card>
  );
}
