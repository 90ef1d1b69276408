import { useEffect, useState } from 'react';
import { wantsDark } from '../lib/theme';

interface OfficeThemeLike {
  onReady?(): Promise<unknown>;
  context?: { officeTheme?: { bodyBackgroundColor?: string } };
}

const office = () => (globalThis as { Office?: OfficeThemeLike }).Office;

/** Office's body background, where the host tells it (not every host or platform does). */
function officeBackground(): string | undefined {
  try {
    return office()?.context?.officeTheme?.bodyBackgroundColor;
  } catch {
    return undefined;
  }
}

function systemQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
}

/**
 * Whether the pane is dark: Office's theme once Office is ready (looked at again when the pane gets the focus, as
 * Excel tells no theme change), else the system's, followed as it changes.
 */
export function useDarkTheme(): boolean {
  const [dark, setDark] = useState(() => wantsDark(officeBackground(), systemQuery()?.matches ?? false));
  useEffect(() => {
    const query = systemQuery();
    const look = () => setDark(wantsDark(officeBackground(), query?.matches ?? false));
    query?.addEventListener?.('change', look);
    window.addEventListener('focus', look);
    const host = office();
    if (host && typeof host.onReady === 'function') {
      try {
        Promise.resolve(host.onReady()).then(look, () => undefined);
      } catch {
        // office.js that fails to start: the system's preference stands.
      }
    }
    return () => {
      query?.removeEventListener?.('change', look);
      window.removeEventListener('focus', look);
    };
  }, []);
  return dark;
}
