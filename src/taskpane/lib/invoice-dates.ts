/**
 * A billing date set on a file's card is kept in the workbook's Invoices table, on the row of each invoice the file
 * holds: a reload of the pane and the command line reading the workbook then bill the file in the same cycle. A file
 * is billed in one cycle with all its lines, so a file of several invoices gives each of them the date; a file that
 * names no invoice (an unbilled file) has no row to keep it in, and keeps it in the pane only.
 */
import { idKey } from '../../billing/config';
import { isoOfExcelSerial } from '../../excel/number-formats';
import { dateValue } from '../../workbook/formats';
import type { CellValue, UserTableLayout } from '../../workbook/layout';
import type { BillingDateCell, SaveBillingDateResult } from '../excel-adapter';
import { dayText } from './day-text';

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
  intent: 'info' | 'success' | 'warning';
}

/** "G1", "G1 and G2", "G1, G2 and G3". */
function listText(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "invoice G1", "invoices G1 and G2", "invoices G1, G2 and G3". */
function invoicesText(invoices: readonly string[]): string {
  return `${invoices.length === 1 ? 'invoice' : 'invoices'} ${listText(invoices)}`;
}

/** A date a Billing date cell held: ISO for a date Excel keeps as a number, otherwise as typed. */
function heldDate(cell: BillingDateCell): string {
  return typeof cell.value === 'number' ? isoOfExcelSerial(cell.value) : String(cell.value).trim();
}

/**
 * What became of a card's billing date (`isoDate`, null for "Use the file's date") in the Invoices table, in words;
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
  const them = (cells: readonly unknown[]) => (cells.length === 1 ? 'it' : 'them');
  if (isoDate !== null) {
    const why = invoices.length > 1 ? ' (a file is billed in one cycle: each of its invoices gets the date)' : '';
    const text = `Saved in the Invoices table: billing date ${dayText(isoDate)} for ${invoicesText(invoices)}${why}`;
    // Another date the table held is the accountant's word on the cycle: said, and kept for "Use the file's date".
    const replaced = saved.replaced.filter((cell) => heldDate(cell) !== isoDate);
    if (replaced.length === 0) return { text: `${text}.`, intent: 'info' };
    const held = listText(replaced.map((cell) => (invoices.length > 1 ? `${dayText(heldDate(cell))} (invoice ${cell.invoice})` : dayText(heldDate(cell)))));
    return { text: `${text}, in place of ${held} that the table held: "Use the file's date" puts ${them(replaced)} back.`, intent: 'warning' };
  }
  const restored = saved.restored.map((cell) => cell.invoice);
  const emptied = saved.written.filter((invoice) => !restored.includes(invoice));
  const sentences: string[] = [];
  if (emptied.length > 0) {
    const after = restored.length === 0 && saved.kept.length === 0 ? ", so the file's own date applies" : '';
    sentences.push(`Taken out of the Invoices table: the billing date of ${invoicesText(emptied)}${after}.`);
  }
  if (restored.length > 0) {
    const dates = listText(saved.restored.map((cell) => `billing date ${dayText(heldDate(cell))} for invoice ${cell.invoice}`));
    sentences.push(`Put back in the Invoices table: ${dates}, as the table held ${them(restored)} before; the file is billed on ${them(restored)}.`);
  }
  if (saved.kept.length > 0) sentences.push(`The billing date of ${invoicesText(saved.kept)} in the Invoices table was typed there: it stays, and the file is billed on it.`);
  return sentences.length === 0 ? null : { text: sentences.join(' '), intent: saved.kept.length > 0 ? 'warning' : 'info' };
}
