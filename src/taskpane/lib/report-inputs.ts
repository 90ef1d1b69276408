/**
 * What a report is made from, as the pane shows it: the files (and their billing dates) and the workbook's
 * configuration tables (settings, prices, customers, customer prices, invoices) as read. A report whose inputs have
 * changed since is stale: shown with a word, and not exported.
 */
import type { ConfigTable } from '../../billing/config';
import type { FileView } from '../../import/worker-protocol';

/** The tables' content: each one's name, header and rows, not where it sits in the workbook. */
export function tablesContent(tables: readonly ConfigTable[]): string {
  return JSON.stringify(tables.map((table) => [table.name, table.header, table.rows]));
}

/**
 * Only the files that bill: one rejected or cancelled bills nothing, so importing or removing it leaves the report
 * as current as it was (its figures, billing CSV and customer files are the same).
 */
export function reportInputs(files: readonly FileView[], tables: readonly ConfigTable[]): string {
  const held = files.filter((file) => file.status !== 'failed' && file.status !== 'cancelled').map((file) => [file.id, file.status, file.billingDate].join('|'));
  return `${JSON.stringify(held)}\n${tablesContent(tables)}`;
}

/**
 * The tables a refresh read (`before`) and as it left them (`after`): true when only rows were added at their ends,
 * as a refresh adds new customers, products and invoices. Anything else was typed while it ran.
 */
export function onlyRowsAdded(before: readonly ConfigTable[], after: readonly ConfigTable[]): boolean {
  return before.every((table) => {
    const now = after.find((candidate) => candidate.name === table.name);
    return now !== undefined && tablesContent([{ ...now, rows: now.rows.slice(0, table.rows.length) }]) === tablesContent([table]);
  });
}
