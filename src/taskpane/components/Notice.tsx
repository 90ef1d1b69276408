import { MessageBar, MessageBarBody } from '@fluentui/react-components';

/** A short message after an action (polite live region, so screen readers announce it). */
export function Notice(props: { text: string | null; intent?: 'info' | 'success' | 'warning' }) {
  if (!props.text) return null;
  return (
    <MessageBar intent={props.intent ?? 'info'} layout="multiline" aria-live="polite">
      <MessageBarBody>{props.text}</MessageBarBody>
    </MessageBar>
  );
}
