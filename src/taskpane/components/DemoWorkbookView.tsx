import { useState } from 'react';
import { Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { DemoWorkbook } from '../demo/demo-workbook';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase100 },
  cell: { border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, padding: '1px 4px', whiteSpace: 'nowrap', maxWidth: '140px', overflow: 'hidden', textOverflow: 'ellipsis' },
});

/** Says the pane runs on the demo workbook. */
export function DemoBanner() {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Demo</MessageBarTitle>
        The sample month is imported and its price lists are in a workbook kept in this page. Press Refresh, then look at the sheets at the bottom.
      </MessageBarBody>
    </MessageBar>
  );
}

/** Drops empty rows and columns at the end of a preview. */
function trimmed(rows: string[][]): string[][] {
  const used = rows.filter((row) => row.some((value) => value !== ''));
  const width = used.reduce((most, row) => Math.max(most, row.reduce((last, value, index) => (value !== '' ? index + 1 : last), 0)), 0);
  return used.map((row) => row.slice(0, width));
}

/** The demo's in-memory workbook: its sheets and a peek at one. */
export function DemoWorkbookView(props: { demo: DemoWorkbook; version: number }) {
  const styles = useStyles();
  const sheets = props.demo.sheets();
  const [chosen, setChosen] = useState<string | null>(null);
  const fallback = sheets.find((sheet) => sheet.name === 'Billing Report')?.name ?? sheets[0]?.name ?? '';
  const name = chosen !== null && sheets.some((sheet) => sheet.name === chosen) ? chosen : fallback;
  const rows = name ? trimmed(props.demo.preview(name, 12, 7)) : [];
  return (
    <>
      <Field label="Demo workbook: sheet">
        <Select value={name} onChange={(_, data) => setChosen(data.value)}>
          {sheets.map((sheet) => (
            <option key={sheet.name} value={sheet.name}>
              {sheet.name} ({sheet.rows} rows)
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.scroll} data-version={props.version}>
        <table className={styles.table} aria-label={`First rows of ${name}`}>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((value, c) => (
                  <td key={c} className={styles.cell} title={value}>
                    {value}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Caption1>The first 12 rows and 7 columns.</Caption1>
    </>
  );
}
