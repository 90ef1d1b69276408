import { useId, useState } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { PaneError } from '../lib/errors';

const useStyles = makeStyles({
  detail: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase100,
    maxHeight: '160px',
    overflowY: 'auto',
    margin: `${tokens.spacingVerticalXS} 0 0 0`,
  },
  next: { display: 'block', marginTop: tokens.spacingVerticalXXS },
});

/** An error in plain words, what to do next, and the technical detail behind a toggle. */
export function ErrorBar(props: { error: PaneError; title?: string }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const { error } = props;
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        {props.title && <MessageBarTitle>{props.title}</MessageBarTitle>}
        <span data-testid="error-message">{error.message}</span>
        {error.next && <span className={styles.next}>{error.next}</span>}
        {error.detail && (
          <>
            <Button size="small" appearance="transparent" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen(!open)}>
              {open ? 'Hide details' : 'Show details'}
            </Button>
            {open && (
              <pre id={detailId} className={styles.detail}>
                {error.detail}
              </pre>
            )}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
