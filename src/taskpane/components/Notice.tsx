import { MessageBar, MessageBarBody } from '@fluentui/react-components';

/**
 * A short message after an action. The polite live region is always there, empty until a message comes: a region
 * mounted together with its text is not announced by every screen reader.
 */
export function Notice(props: { text: string | null; intent?: 'info' | 'success' | 'warning' }) {
  return (
    <div aria-live="polite" role="status">
      {props.text && (
        <MessageBar intent={props.intent ?? 'info'} layout="multiline">
          <MessageBarBody>{props.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
