/**
 * The Billing Export sheet (the billing CSV as a sheet, for when a download does not work): its unit prices show every
 * decimal the CSV writes, so the sheet, or Excel's CSV of it, multiplies back to the amounts.
 */
import { billingCsv } from '../../src/exports/billing-exports';
import { billingExportSheet } from '../../src/taskpane/lib/export-sheet';
import { configOf, reportOf } from '../helpers/billing-config';
import { azureUsageLine, nceLine } from '../helpers/billing-lines';
import { formatAt, valueAt } from '../helpers/workbook-layout';

describe('the Billing Export sheet', () => {
  it('shows a unit price with the decimals that make quantity × price the amount, as the billing CSV writes it: 744 at 0.07628 is 56.75', () => {
    const report = reportOf(configOf(), [{ lines: [azureUsageLine({ quantity: '744', cost: '56.75' }), nceLine({ quantity: '10', cost: '150.00', subscriptionId: 'b' })] }]);
    const sheet = billingExportSheet(report)!;
    const price = sheet.columns.findIndex((_, c) => valueAt(sheet, 0, c) === 'Unit price');
    expect([valueAt(sheet, 1, price), valueAt(sheet, 2, price)]).toEqual([0.07628, 15]);
    // "#,##0.00##" would show 0.0763: 744 × 0.0763 is 56.77.
    expect(formatAt(sheet, 1, price)).toBe('#,##0.00###');
    expect(formatAt(sheet, 2, price)).toBe('#,##0.00##');
    expect(billingCsv(report)).toContain(',744,0.076277,0.07628,56.75,56.75,');
  });

  it('shows a yen unit price with its decimals, though yen amounts have none: 3 seats for 1,000 yen at 333.33', () => {
    const sheet = billingExportSheet(reportOf(configOf(), [{ lines: [nceLine({ currency: 'JPY', quantity: '3', cost: '1000' })] }]))!;
    const price = sheet.columns.findIndex((_, c) => valueAt(sheet, 0, c) === 'Unit price');
    expect(valueAt(sheet, 1, price)).toBe(333.33);
    expect(formatAt(sheet, 1, price)).toBe('#,##0.##');
    // Its unit cost as the Billing Report shows it: 333.333333, not 333.
    const unitCost = sheet.columns.findIndex((_, c) => valueAt(sheet, 0, c) === 'Unit cost');
    expect(valueAt(sheet, 1, unitCost)).toBe(333.333333);
    expect(formatAt(sheet, 1, unitCost)).toBe('#,##0.######');
  });
});
