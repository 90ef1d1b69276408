import type { ReactNode } from 'react';
import { MessageBar, MessageBarBody, makeStyles } from '@fluentui/react-components';

/**
 * A polite live region, always on the page and empty until there is something to say: a region mounted together
 * with its text is not announced by every screen reader. What is put in it is read out once the user is idle.
 */
export function LiveRegion(props: { children?: ReactNode; testId?: string }) {
  return (
    <div aria-live="polite" role="status" data-testid={props.testId}>
      {props.children}
    </div>
  );
}

/** A short message after an action, in a live region. */
export function Notice(props: { text: string | null; intent?: 'info' | 'success' | 'warning' }) {
  return (
    <LiveRegion>
      {props.text && (
        <MessageBar intent={props.intent ?? 'info'} layout="multiline">
          <MessageBarBody>{props.text}</MessageBarBody>
        </MessageBar>
      )}
    </LiveRegion>
  );
}

const useVisuallyHiddenStyles = makeStyles({
  // Read by screen readers, not shown; on one line, so it never stretches a narrow pane.
  hidden: { position: 'absolute', width: '1px', height: '1px', margin: '-1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

/** Words for screen readers only (a control's name made unique, the figures of an announcement). */
export function VisuallyHidden(props: { children: ReactNode }) {
  const styles = useVisuallyHiddenStyles();
  return <span className={styles.hidden}>{props.children}</span>;
}
