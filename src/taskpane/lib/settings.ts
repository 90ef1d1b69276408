/**
 * The settings the pane edits live in the workbook's Settings table (the workbook is the configuration: it travels
 * with the file and works as --config for the command line). These helpers read them for display and validate what
 * the user types before it is written.
 */
import { readConfig, normalizeColumn, type ConfigTable, type Settings } from '../../billing/config';
import { parseDecimalText } from '../../billing/decimal';

export const SETTING_NAMES = { cycleEndDay: 'Cycle end day', defaultMarkup: 'Default markup %', currency: 'Currency', promotions: 'Promotions' } as const;

/** The settings as the engine reads them (defaults where the table is missing or a value is wrong). */
export function settingsOf(tables: readonly ConfigTable[]): Settings {
  return readConfig(tables.filter((table) => table.name === 'Settings')).config.settings;
}

/** "15", "15%", "12.5", "12,5" → 15, 15, 12.5, 12.5 (a percent, as the Settings table holds it); null when empty or not a number. */
export function parseMarkup(text: string): number | null {
  const typed = text.trim().replace(/\s*%$/, '');
  // An empty box is not 0 %: saving it would sell at cost.
  if (typed === '') return null;
  const value = parseDecimalText(typed.includes('.') ? typed : typed.replace(',', '.'));
  if (value === null) return null;
  const number = value.toNumber();
  return Number.isFinite(number) && number > -100 && number <= 10_000 ? number : null;
}

/** The tables with one setting set (the row replaced, or added), for creating a missing Settings table. */
export function withSetting(tables: readonly ConfigTable[], setting: string, value: string): ConfigTable[] {
  const existing = tables.find((table) => table.name === 'Settings');
  const base: ConfigTable = existing ?? { name: 'Settings', header: ['Setting', 'Value'], rows: [], firstRow: 2, source: 'the pane' };
  const settingColumn = base.header.findIndex((name) => normalizeColumn(name) === 'setting');
  const valueColumn = base.header.findIndex((name) => normalizeColumn(name) === 'value');
  if (settingColumn < 0 || valueColumn < 0) return [...tables];
  let found = false;
  const rows = base.rows.map((row) => {
    if (normalizeColumn(row[settingColumn] ?? '') !== normalizeColumn(setting)) return row;
    found = true;
    const copy = [...row];
    copy[valueColumn] = value;
    return copy;
  });
  if (!found) {
    const row = base.header.map(() => '');
    row[settingColumn] = setting;
    row[valueColumn] = value;
    rows.push(row);
  }
  const updated: ConfigTable = { ...base, rows };
  return existing ? tables.map((table) => (table === existing ? updated : table)) : [...tables, updated];
}

/** Where a configuration problem is, in the user's words: "Prices table, row 4, column Sales price". */
export function problemPlace(problem: { source: string; row: number | null; column: string | null }): string {
  return [problem.source, problem.row === null ? '' : `row ${problem.row}`, problem.column === null ? '' : `column ${problem.column}`].filter(Boolean).join(', ');
}
