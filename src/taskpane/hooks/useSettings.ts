import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConfigTable, Promotions, Settings } from '../../billing/config';
import { ensureUserTable, readConfiguration, saveSetting, showTable, type ExcelHost } from '../excel-adapter';
import { LAST_MONTH, rangeMonths, stillOpenText, type DateRange, type RangeMonths } from '../lib/date-range';
import { describeError, type PaneError } from '../lib/errors';
import { SETTING_NAMES, settingsOf, withSetting } from '../lib/settings';
import { tablesContent } from '../lib/report-inputs';
import { openedTableText } from '../lib/summary-text';
import type { ImportWorkerClient } from '../worker-client';

type ConfigTableName = 'Prices' | 'Customers';

export interface SettingsState {
  /** As the workbook's Settings table has them (defaults until it is read, or where it has none). */
  settings: Settings;
  /** The workbook's configuration tables as last read (null until then). */
  tables: ConfigTable[] | null;
  loaded: boolean;
  range: DateRange;
  setRange(range: DateRange): void;
  /** The cycle months the range stands for today. */
  months: RangeMonths;
  /** Said when the range holds a cycle that has not ended yet. */
  stillOpen: string | null;
  saving: boolean;
  message: string | null;
  error: PaneError | null;
  reload(): Promise<ConfigTable[]>;
  /** Tables read by someone else (a refresh): shown from now on. */
  adopt(tables: ConfigTable[]): void;
  /** Writes the settings that differ from the workbook's into its Settings table. */
  save(changes: { cycleEndDay?: 'last' | number; defaultMarkup?: number; promotions?: Promotions }): Promise<void>;
  openTable(name: ConfigTableName): Promise<void>;
}

/** `today`: the accountant's day (useToday), the one Refresh bills by. */
export function useSettings(client: ImportWorkerClient, host: ExcelHost, today: number): SettingsState {
  const [tables, setTables] = useState<ConfigTable[] | null>(null);
  const [range, setRange] = useState<DateRange>(LAST_MONTH);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<PaneError | null>(null);

  // The newest read is shown: one that started before a refresh handed over its tables must not bring older ones back.
  const reads = useRef(0);
  const show = useCallback((read: ConfigTable[]) => setTables((shown) => (shown !== null && tablesContent(shown) === tablesContent(read) ? shown : read)), []);
  const reload = useCallback(async () => {
    const mine = ++reads.current;
    const read = await readConfiguration(host);
    if (mine === reads.current) show(read);
    return read;
  }, [host, show]);
  const adopt = useCallback(
    (read: ConfigTable[]) => {
      reads.current++;
      show(read);
    },
    [show],
  );

  useEffect(() => {
    reload().catch((caught: unknown) => setError(describeError(caught, 'read-config')));
  }, [reload]);

  const settings = useMemo(() => settingsOf(tables ?? []), [tables]);
  const months = useMemo(() => rangeMonths(range, today, settings.cycleEndDay), [range, settings.cycleEndDay, today]);
  const stillOpen = useMemo(() => (months.ok ? stillOpenText(months.months, today, settings.cycleEndDay) : null), [months, today, settings.cycleEndDay]);

  const save = useCallback(
    async (changes: { cycleEndDay?: 'last' | number; defaultMarkup?: number; promotions?: Promotions }) => {
      const entries: Array<[string, string | number]> = [];
      if (changes.cycleEndDay !== undefined) entries.push([SETTING_NAMES.cycleEndDay, changes.cycleEndDay]);
      if (changes.defaultMarkup !== undefined) entries.push([SETTING_NAMES.defaultMarkup, changes.defaultMarkup]);
      if (changes.promotions !== undefined) entries.push([SETTING_NAMES.promotions, changes.promotions === 'keep' ? 'Keep' : 'Pass on']);
      if (entries.length === 0) return;
      setSaving(true);
      setError(null);
      setMessage(null);
      try {
        await host.inTurn(async () => {
          for (const [setting, value] of entries) {
            if ((await saveSetting(host, setting, value)) !== 'no-table') continue;
            // No Settings table yet: create it (with the other settings as they stand, and this one) through the writer.
            let current = await readConfiguration(host);
            for (const [name, text] of entries) current = withSetting(current, name, String(text));
            const { table } = await client.request<'user-table'>({ type: 'user-table', table: 'Settings', tables: current }).result;
            await ensureUserTable(host, table);
            break;
          }
        });
        await reload();
        setMessage(`Saved in the Settings table: ${entries.map(([name, value]) => `${name} ${value}`).join(', ')}.`);
      } catch (caught) {
        setError(describeError(caught, 'settings'));
      } finally {
        setSaving(false);
      }
    },
    [client, host, reload],
  );

  const openTable = useCallback(
    async (name: ConfigTableName) => {
      setError(null);
      setMessage(null);
      try {
        let shown = await showTable(host, name);
        let created: number | null = null;
        if (!shown.found) {
          const current = await readConfiguration(host);
          const { table } = await client.request<'user-table'>({ type: 'user-table', table: name, tables: current }).result;
          created = table.candidates.length;
          await host.inTurn(() => ensureUserTable(host, table));
          shown = await showTable(host, name);
          await reload();
        }
        if (!shown.found) throw new Error(`the ${name} table was not found after it was created`);
        setMessage(openedTableText(name, shown.sheet, created));
      } catch (caught) {
        setError(describeError(caught, 'table'));
      }
    },
    [client, host, reload],
  );

  return { settings, tables, loaded: tables !== null, range, setRange, months, stillOpen, saving, message, error, reload, adopt, save, openTable };
}
