import { useEffect, useRef, type RefObject } from 'react';

/**
 * While work runs, the pane disables its controls, and a disabled control drops the keyboard's focus to the page.
 * When `busy` ends and nothing else has taken the focus, it goes to `target` (the control the work started from).
 */
export function useFocusBack(busy: boolean, target: RefObject<HTMLElement | null>): void {
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy && (document.activeElement === null || document.activeElement === document.body)) target.current?.focus();
    wasBusy.current = busy;
  }, [busy, target]);
}
