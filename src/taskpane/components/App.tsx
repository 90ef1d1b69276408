import { Body1, Spinner, Title3, inputClassNames, makeStyles, messageBarClassNames, selectClassNames, tokens } from '@fluentui/react-components';
import { useHost } from '../hooks/useHost';
import { NotInExcel } from './NotInExcel';
import { Pane } from './Pane';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    maxWidth: '640px',
    overflowWrap: 'anywhere',
    boxSizing: 'border-box',
    // A text box is about 200 px wide of its own; at 200 % zoom the pane is about 160 px: boxes shrink to fit it.
    [`& .${inputClassNames.root}, & .${selectClassNames.root}`]: { minWidth: 0, maxWidth: '100%' },
    // There a message's icon would take a quarter of its width, which its words need (its colours still tell its kind).
    '@media (max-width: 240px)': { [`& .${messageBarClassNames.icon}`]: { display: 'none' } },
  },
  title: { margin: 0 },
});

export function App() {
  const styles = useStyles();
  const { state, startDemo } = useHost();
  return (
    <main className={styles.page}>
      <Title3 as="h1" className={styles.title}>
        CSP Billing
      </Title3>
      <Body1>Turn Partner Center reconciliation files into customer billing in this workbook.</Body1>
      {state.status === 'connecting' && <Spinner size="tiny" label="Connecting to Excel…" />}
      {state.status === 'outside' && <NotInExcel reason={state.reason} demoStarting={state.demoStarting} demoError={state.demoError} onDemo={startDemo} />}
      {state.status === 'ready' && <Pane host={state.host} demo={state.demo} />}
    </main>
  );
}
