/**
 * A billing date set on a file's card is kept in the workbook's Invoices table, on the row of each invoice the file
 * holds: a reload of the pane and the command line reading the workbook then bill the file in the same cycle. A file
 * is billed in one cycle with all its lines, so a file of several invoices gives each of them the date; a file that
 * names no invoice (an unbilled file) has no row to keep it in, and keeps it in the pane only.
 */
import { idKey } from '../../billing/config';
import { dateValue } from '../../workbook/formats';
import type { CellValue, UserTableLayout } from '../../workbook/layout';
import type { SaveBillingDateResult } from '../excel-adapter';

/** Rows for invoices the Invoices table lacks: as a refresh would add them, dated `date`. */
export function invoiceRows(layout: UserTableLayout, invoices: readonly string[], date: number): CellValue[][] {
  const invoiceColumn = layout.columns.indexOf('Invoice number');
  const dateColumn = layout.columns.indexOf('Billing date');
  return invoices.map((invoice) => {
    const suggested = layout.candidates.find((row) => idKey(String(row[invoiceColumn] ?? '')) === idKey(invoice));
    const row = suggested ? [...suggested] : layout.columns.map((column) => (column === 'Invoice number' ? invoice : null));
    row[dateColumn] = dateValue(date);
    return row;
  });
}

/** A message after an action, and whether it asks for attention. */
export interface PaneNotice {
  text: string;
  intent: 'info' | 'warning';
}

/** "invoice G1", "invoices G1 and G2", "invoices G1, G2 and G3". */
function invoicesText(invoices: readonly string[]): string {
  if (invoices.length === 1) return `invoice ${invoices[0]}`;
  return `invoices ${invoices.slice(0, -1).join(', ')} and ${invoices[invoices.length - 1]}`;
}

/**
 * What became of a card's billing date (`isoDate`, null for "Use inferred date") in the Invoices table, in words;
 * null when there is nothing to say. `saved` is null for a file that names no invoice.
 */
export function billingDateNotice(isoDate: string | null, invoices: readonly string[], saved: SaveBillingDateResult | null): PaneNotice | null {
  if (saved === null) {
    if (isoDate === null) return null;
    return {
      text: 'This file names no invoice (an unbilled file?), so the Invoices table has no row to keep its billing date in: the date holds in this pane until it is closed, and the command line dates the file by its charges.',
      intent: 'warning',
    };
  }
  if (saved.table === 'no-billing-date-column') {
    return isoDate === null ? null : { text: 'The Invoices table has no "Billing date" column, so the date holds in this pane only: add the column to keep it in the workbook.', intent: 'warning' };
  }
  if (isoDate !== null) {
    const why = invoices.length > 1 ? ' (a file is billed in one cycle: each of its invoices gets the date)' : '';
    return { text: `Saved in the Invoices table: billing date ${isoDate} for ${invoicesText(invoices)}${why}.`, intent: 'info' };
  }
  if (saved.kept.length > 0) {
    const taken = saved.written.length > 0 ? `Taken out of the Invoices table: the billing date of ${invoicesText(saved.written)}. ` : '';
    return { text: `${taken}The billing date of ${invoicesText(saved.kept)} in the Invoices table was typed there: it stays, and the file is billed on it.`, intent: 'warning' };
  }
  return saved.written.length > 0 ? { text: `Taken out of the Invoices table: the billing date of ${invoicesText(saved.written)}, so the file's own date applies.`, intent: 'info' } : null;
}
