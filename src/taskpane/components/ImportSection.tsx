import { useId, useRef, useState, type DragEvent } from 'react';
import { Body1, Button, Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { FilesState } from '../hooks/useFiles';
import { useFocusBack } from '../hooks/useFocusBack';
import { importProgressText, percent } from '../lib/summary-text';
import { ErrorBar } from './ErrorBar';
import { FileCard } from './FileCard';
import { Notice } from './Notice';
import { ProgressWithCancel } from './ProgressWithCancel';
import { Section } from './Section';

const useStyles = makeStyles({
  drop: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalL,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    textAlign: 'center',
  },
  over: {
    borderTopColor: tokens.colorBrandStroke1,
    borderRightColor: tokens.colorBrandStroke1,
    borderBottomColor: tokens.colorBrandStroke1,
    borderLeftColor: tokens.colorBrandStroke1,
    backgroundColor: tokens.colorBrandBackground2,
  },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export function ImportSection(props: { files: FilesState; /** Why the files wait (a refresh reads them), or null. */ waits: string | null }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const { files } = props;
  const locked = props.waits !== null || files.busy;
  // Why the controls are disabled, read with them.
  const reasonId = useId();
  const describedBy = props.waits === null ? undefined : reasonId;
  // After an import or a removal (a removed card takes the focus with it), "Choose files…" has it.
  const choose = useRef<HTMLButtonElement>(null);
  useFocusBack(files.busy, choose);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (!locked) void files.importFiles([...event.dataTransfer.files]);
  };

  return (
    <Section step={1} title="Import files" id="import">
      <div
        className={mergeClasses(styles.drop, over && styles.over)}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <Body1>Drop Partner Center reconciliation files here</Body1>
        <Caption1>CSV, gzip, JSON lines or .xlsx: invoice, daily usage, legacy license or usage files</Caption1>
        {/* Out of sight and of the accessibility tree (the button below opens it; drops go to this zone): its name is for scripts. */}
        <input
          id="file-input"
          ref={input}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          aria-label="Choose reconciliation files"
          tabIndex={-1}
          onChange={(event) => {
            const picked = [...(event.target.files ?? [])];
            event.target.value = '';
            void files.importFiles(picked);
          }}
        />
        {/* Disabled but focusable while files are read: the keyboard's focus stays on it. */}
        <Button ref={choose} appearance="primary" disabledFocusable={locked} aria-describedby={describedBy} onClick={() => input.current?.click()}>
          Choose files…
        </Button>
        {props.waits !== null && (
          <Caption1 id={reasonId} data-testid="import-waiting">
            {props.waits}
          </Caption1>
        )}
      </div>
      {files.progress && (
        <ProgressWithCancel
          testId="import-progress"
          label="Import progress"
          text={importProgressText(files.progress)}
          percent={percent(files.progress.bytes, files.progress.totalBytes)}
          onCancel={files.cancel}
          cancelLabel="Cancel the import"
        />
      )}
      <Notice text={files.notice?.text ?? null} intent={files.notice?.intent} />
      {files.error && <ErrorBar error={files.error} />}
      {files.files.length > 0 && (
        <div className={styles.list} role="list" aria-label="Imported files">
          {files.files.map((file) => (
            <FileCard
              key={file.id}
              file={file}
              disabled={locked}
              describedBy={describedBy}
              onBillingDate={(date) => void files.setBillingDate(file, date)}
              onRemove={() => {
                // The card goes: the keyboard's focus waits on "Choose files…" rather than falling to the page.
                choose.current?.focus();
                void files.remove(file.id);
              }}
            />
          ))}
        </div>
      )}
    </Section>
  );
}
