import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { App } from './components/App';
import { useDarkTheme } from './hooks/useDarkTheme';
import { setDayLocale } from './lib/day-text';
import { setNumberMarks } from './lib/summary-text';

// Amounts and days as the accountant's Excel shows them: the pane's language follows Office's.
setNumberMarks(navigator.language);
setDayLocale(navigator.language);

/** The pane in Office's theme (or the system's): Fluent's web light or dark theme, the page behind it alike. */
function Root() {
  const dark = useDarkTheme();
  const theme = dark ? webDarkTheme : webLightTheme;
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
    document.body.style.backgroundColor = theme.colorNeutralBackground1;
  }, [dark, theme]);
  return (
    <FluentProvider theme={theme}>
      <App />
    </FluentProvider>
  );
}

// Render at once rather than after Office.onReady, so the page is never blank outside Excel.
createRoot(document.getElementById('root')!).render(<Root />);
