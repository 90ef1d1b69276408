/**
 * A card's billing date in the Invoices table: the rows added for invoices the table lacks, and what the pane says
 * about it for a file of one invoice, of several, or of none.
 */
import type { SaveBillingDateResult } from '../../src/taskpane/excel-adapter';
import { billingDateNotice, invoiceRows } from '../../src/taskpane/lib/invoice-dates';
import type { UserTableLayout } from '../../src/workbook/layout';

const layout: UserTableLayout = {
  name: 'Invoices',
  excelName: 'Invoices',
  sheetName: 'Invoices',
  columns: ['Invoice number', 'Billing date', 'Microsoft total', 'Files (reference)'],
  keyColumns: ['Invoice number'],
  formats: ['@', 'yyyy-mm-dd', '#,##0.00', '@'],
  widths: [16, 13, 16, 50],
  candidates: [['G1', { kind: 'date', utc: Date.UTC(2026, 9, 31) }, null, 'october.csv, october usage.csv']],
};

describe('a billing date kept in the Invoices table', () => {
  it('adds an invoice as a refresh would suggest it, with the date set on the card', () => {
    const september30 = Date.UTC(2026, 8, 30);
    expect(invoiceRows(layout, ['g1', 'G2'], september30)).toEqual([
      ['G1', { kind: 'date', utc: september30 }, null, 'october.csv, october usage.csv'],
      ['G2', { kind: 'date', utc: september30 }, null, null],
    ]);
    expect(layout.candidates[0][1]).toEqual({ kind: 'date', utc: Date.UTC(2026, 9, 31) });
  });

  it('says where the date went, and why a file of several invoices dates them all', () => {
    const found: SaveBillingDateResult = { table: 'found', written: ['G1'], kept: [], missing: [], replaced: [], restored: [] };
    expect(billingDateNotice('2026-09-30', ['G1'], found)).toEqual({ text: 'Saved in the Invoices table: billing date 09/30/2026 for invoice G1.', intent: 'info' });
    expect(billingDateNotice('2026-09-30', ['G1', 'G2', 'G3'], { ...found, written: ['G1'], missing: ['G2', 'G3'] })?.text).toBe(
      'Saved in the Invoices table: billing date 09/30/2026 for invoices G1, G2 and G3 (a file is billed in one cycle: each of its invoices gets the date).',
    );
    expect(billingDateNotice(null, ['G1'], found)).toEqual({ text: "Taken out of the Invoices table: the billing date of invoice G1, so the file's own date applies.", intent: 'info' });
    expect(billingDateNotice(null, ['G1', 'G2'], { ...found, kept: ['G2'] })).toEqual({
      text: 'Taken out of the Invoices table: the billing date of invoice G1. The billing date of invoice G2 in the Invoices table was typed there: it stays, and the file is billed on it.',
      intent: 'warning',
    });
    expect(billingDateNotice(null, ['G1'], { ...found, written: [] })).toBeNull();
  });

  it('names the date the table held that the card’s date replaced, and says when "Use the file\'s date" put it back', () => {
    const found: SaveBillingDateResult = { table: 'found', written: ['G2'], kept: [], missing: [], replaced: [], restored: [] };
    const november30 = { invoice: 'G2', value: '2026-11-30', format: '@' };
    expect(billingDateNotice('2026-10-30', ['G2'], { ...found, replaced: [november30] })).toEqual({
      text: 'Saved in the Invoices table: billing date 10/30/2026 for invoice G2, in place of 11/30/2026 that the table held: "Use the file\'s date" puts it back.',
      intent: 'warning',
    });
    // A date Excel keeps as a number is said as a date; the same date again replaced nothing worth saying.
    const asSerial = { invoice: 'G2', value: 46356, format: 'dd/mm/yyyy' };
    expect(billingDateNotice('2026-10-30', ['G1', 'G2'], { ...found, written: ['G1', 'G2'], replaced: [asSerial] })?.text).toBe(
      'Saved in the Invoices table: billing date 10/30/2026 for invoices G1 and G2 (a file is billed in one cycle: each of its invoices gets the date), in place of 11/30/2026 (invoice G2) that the table held: "Use the file\'s date" puts it back.',
    );
    expect(billingDateNotice('2026-11-30', ['G2'], { ...found, replaced: [november30] })).toEqual({ text: 'Saved in the Invoices table: billing date 11/30/2026 for invoice G2.', intent: 'info' });
    expect(billingDateNotice(null, ['G2'], { ...found, restored: [november30] })).toEqual({
      text: 'Put back in the Invoices table: billing date 11/30/2026 for invoice G2, as the table held it before; the file is billed on it.',
      intent: 'info',
    });
    expect(billingDateNotice(null, ['G1', 'G2'], { ...found, written: ['G1', 'G2'], restored: [november30] })?.text).toBe(
      'Taken out of the Invoices table: the billing date of invoice G1. Put back in the Invoices table: billing date 11/30/2026 for invoice G2, as the table held it before; the file is billed on it.',
    );
  });

  it('says the date stays in the pane where the workbook has no place for it', () => {
    expect(billingDateNotice('2026-09-30', [], null)).toMatchObject({ text: expect.stringMatching(/^This file names no invoice .*the command line dates the file by its charges\.$/), intent: 'warning' });
    expect(billingDateNotice(null, [], null)).toBeNull();
    const noColumn: SaveBillingDateResult = { table: 'no-billing-date-column', written: [], kept: [], missing: ['G1'], replaced: [], restored: [] };
    expect(billingDateNotice('2026-09-30', ['G1'], noColumn)).toMatchObject({ text: expect.stringContaining('no "Billing date" column'), intent: 'warning' });
  });
});
