/**
 * The bundled sample month (sample/) in the accountant's own Excel: offered only in an empty workbook, so nothing of
 * theirs is overwritten or mixed with a fictional partner's data.
 */
import type { DateRange, RangeMonths } from './date-range';

/** The cycle the sample's files bill in. */
export const SAMPLE_MONTH = '2026-10';

/** The tables the sample brings, each on a sheet of the same name (as `npm run report` reads them from sample/config). */
export const SAMPLE_TABLES = ['Settings', 'Customers', 'Prices', 'Customer Prices', 'Invoices'] as const;

export interface WorkbookContents {
  tables: string[];
  /** Each sheet, and whether any of its cells holds a value or a format. */
  sheets: Array<{ name: string; used: boolean }>;
}

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * Why the sample may not go into this workbook, or null when it is empty: no table, no cell used on any sheet (a new
 * workbook's blank Sheet1 is fine), and no sheet already named like one the sample adds (Excel compares sheet names
 * without case).
 */
export function whyNotEmpty(contents: WorkbookContents): string | null {
  if (contents.tables.length > 0) return `it holds ${contents.tables.length === 1 ? 'the table' : 'the tables'} ${quoted(contents.tables)}`;
  const used = contents.sheets.filter((sheet) => sheet.used).map((sheet) => sheet.name);
  if (used.length > 0) return `${used.length === 1 ? 'the sheet' : 'the sheets'} ${quoted(used)} ${used.length === 1 ? 'holds' : 'hold'} cells`;
  const taken = contents.sheets.filter((sheet) => SAMPLE_TABLES.some((name) => name.toLowerCase() === sheet.name.toLowerCase())).map((sheet) => sheet.name);
  if (taken.length > 0) return `it has ${taken.length === 1 ? 'a sheet' : 'sheets'} named ${quoted(taken)}`;
  return null;
}

/** The range to bill the sample in: the one shown when it holds the sample's cycle, else that cycle alone. */
export function sampleRange(range: DateRange, months: RangeMonths): DateRange {
  return months.ok && months.months.includes(SAMPLE_MONTH) ? range : { kind: 'custom', from: SAMPLE_MONTH, to: SAMPLE_MONTH };
}

export const SAMPLE_DONE_TEXT =
  "This workbook now holds a fictional partner's October 2026 (Contoso Cloud Partner): its five tables on sheets of their own, and its two files, imported in step 1. Press Refresh (step 3) to bill it. For your own billing, start from a new blank workbook.";

/** Said when the workbook was no longer empty as the sample was about to be written (nothing was written). */
export function notEmptyText(reason: string): string {
  return `The sample month was not added: this workbook is no longer empty (${reason}), and nothing of yours is mixed with it. Open a new blank workbook to try it.`;
}
