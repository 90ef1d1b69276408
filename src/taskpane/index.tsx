import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from './components/App';
import { setNumberMarks } from './lib/summary-text';

// Amounts as the accountant's Excel shows them: the pane's language follows Office's.
setNumberMarks(navigator.language);

// Render at once rather than after Office.onReady, so the page is never blank outside Excel.
createRoot(document.getElementById('root')!).render(
  <FluentProvider theme={webLightTheme}>
    <App />
  </FluentProvider>,
);
