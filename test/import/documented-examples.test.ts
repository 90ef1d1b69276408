/**
 * Microsoft's documented billing scenarios, typed in from the documentation with their published amounts
 * (common-billing-scenarios-onetime-recurring.md and common-billing-scenarios-monthly.md; see
 * /work/shared/reference/partner-center-files.md, sections 3.1 and 3.2). The numbers come from Microsoft, not from
 * this code: the import must reproduce Microsoft's totals and say what each line is.
 */
import { formatIsoDate } from '../../src/billing/dates';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { fixtureBytes, importText } from '../helpers/byte-source';
import { costSum } from '../helpers/lines';
import {
  LEGACY_LICENSE_2022,
  legacyLicenseRow,
  NCE_INVOICE_47,
  nceInvoiceRow,
  toCsv,
  type LegacyLicenseColumn,
  type NceInvoiceColumn,
} from '../helpers/partner-center-files';

/** A row of one of Microsoft's new commerce tables: order date, charge type, unit price, charge dates, effective price, billable quantity, total. */
type NceDocRow = [orderDate: string, chargeType: string, unitPrice: string, start: string, end: string, effectiveUnitPrice: string, billableQuantity: string, total: string];

function nceFile(rows: NceDocRow[], extra: Partial<Record<NceInvoiceColumn, string>> = {}, perRow: Array<Partial<Record<NceInvoiceColumn, string>>> = []): string {
  return toCsv(
    NCE_INVOICE_47,
    rows.map(([orderDate, chargeType, unitPrice, start, end, effectiveUnitPrice, billableQuantity, total], i) =>
      nceInvoiceRow({
        Currency: 'EUR',
        PricingCurrency: 'EUR',
        ProductName: 'Microsoft 365 Business Standard',
        SkuName: 'Microsoft 365 Business Standard',
        TermAndBillingCycle: 'One-Month commitment for monthly billing',
        BillingFrequency: 'Monthly',
        OrderDate: orderDate,
        ChargeType: chargeType,
        UnitPrice: unitPrice,
        ChargeStartDate: start,
        ChargeEndDate: end,
        EffectiveUnitPrice: effectiveUnitPrice,
        Quantity: billableQuantity,
        BillableQuantity: billableQuantity,
        Subtotal: total,
        Total: total,
        ...extra,
        ...perRow[i],
      }),
    ),
  );
}

const summary = (lines: BillingLine[]) => lines.map((l) => [l.chargeType, l.transactionType, l.cost.toString()]);

describe('new commerce: adding seats (10 seats at EUR 10.08 bought June 18, 2021, 2 seats added June 20)', () => {
  const published: NceDocRow[] = [
    ['6/18/2021', 'new', '10.08', '6/18/2021', '7/17/2021', '10.08', '10', '100.8'],
    ['6/20/2021', 'addQuantity', '10.08', '6/20/2021', '7/17/2021', '-9.408', '10', '-94.08'],
    ['6/20/2021', 'addQuantity', '10.08', '6/20/2021', '7/17/2021', '9.408', '12', '112.89'],
  ];

  it('imports the three published lines with their amounts and what they are', async () => {
    const { document, lines } = await importText('june-2021.csv', nceFile(published));
    expect(summary(lines)).toEqual([
      ['new', 'cycle fee', '100.8'],
      ['addQuantity', 'refund', '-94.08'],
      ['addQuantity', 'pro-rated charge', '112.89'],
    ]);
    expect(document.costTotal.EUR.toString()).toBe('119.61');
    expect(costSum(lines)).toBe('119.61');
    expect(formatIsoDate(document.billingDate!)).toBe('2021-06-30');
  });

  it("keeps Microsoft's amount as delivered: 9.408 x 12 is 112.896, the invoice says 112.89", async () => {
    const { lines } = await importText('june-2021.csv', nceFile(published));
    const charge = lines[2];
    expect(charge.effectiveUnitPrice!.times(charge.quantity).toString()).toBe('112.896');
    expect(charge.cost.toString()).toBe('112.89');
    expect(charge.effectiveUnitPrice!.times(charge.quantity).roundDown(2).equals(charge.cost)).toBe(true);
    // And the effective price is Microsoft's proration: 10.08 / 30 charge-cycle days x 28 billing days.
    expect(charge.unitPrice!.times(Decimal.fromInt(28)).dividedBy(Decimal.fromInt(30), 6).equals(charge.effectiveUnitPrice!)).toBe(true);
  });
});

describe('new commerce: removing seats on the same subscription (12 to 8 seats on June 20, 2021)', () => {
  it('imports the refund of 12 seats and the charge for 8', async () => {
    const { document, lines } = await importText(
      'june-2021-remove.csv',
      nceFile([
        ['6/20/2021', 'removeQuantity', '10.08', '6/20/2021', '7/17/2021', '-9.408', '12', '-112.89'],
        ['6/20/2021', 'removeQuantity', '10.08', '6/20/2021', '7/17/2021', '9.408', '8', '75.26'],
      ]),
    );
    expect(summary(lines)).toEqual([
      ['removeQuantity', 'refund', '-112.89'],
      ['removeQuantity', 'pro-rated charge', '75.26'],
    ]);
    expect(document.costTotal.EUR.toString()).toBe('-37.63');
  });
});

describe('new commerce: cancelling within seven days (10 seats at EUR 10.08 bought July 15, 2021, cancelled July 17)', () => {
  it('imports the purchase and the prorated refund for 29 unused days', async () => {
    const { document, lines } = await importText(
      'july-2021.csv',
      nceFile([
        ['7/15/2021', 'new', '10.08', '7/15/2021', '8/14/2021', '10.08', '10', '100.8'],
        ['7/17/2021', 'cancelImmediate', '10.08', '7/17/2021', '8/14/2021', '-9.42', '10', '-94.2'],
      ]),
    );
    expect(summary(lines)).toEqual([
      ['new', 'cycle fee', '100.8'],
      ['cancelImmediate', 'refund', '-94.2'],
    ]);
    expect(lines[1].effectiveUnitPrice!.times(lines[1].quantity).equals(lines[1].cost)).toBe(true);
    expect(document.costTotal.EUR.toString()).toBe('6.6');
  });
});

describe('new commerce: full upgrade (300 seats of Business Standard upgraded to Office 365 E1 on June 25, 2021)', () => {
  const rows: NceDocRow[] = [
    ['6/18/2021', 'new', '10.08', '6/18/2021', '7/17/2021', '10.08', '300', '3024'],
    ['6/25/2021', 'convert', '10.08', '6/25/2021', '7/17/2021', '-7.72', '300', '-2316'],
    ['6/25/2021', 'convert', '6.43', '6/25/2021', '7/17/2021', '4.92', '300', '1476'],
  ];
  const perRow: Array<Partial<Record<NceInvoiceColumn, string>>> = [
    { ReferenceId: '7d71c595-4635-40d1-a9e2-b34e63b01764' },
    { ReferenceId: '12d33e18-061e-4040-ad77-fcd77c1a9943' },
    { ReferenceId: '12d33e18-061e-4040-ad77-fcd77c1a9943', ProductName: 'Office 365 E1', SkuName: 'Office 365 E1', ProductId: 'CFQ7TTC0LF8R' },
  ];

  it('imports the refund on the base product and the charge on the new one, linked by ReferenceId', async () => {
    const { document, lines } = await importText(
      'june-2021-upgrade.csv',
      nceFile(rows, { SubscriptionId: '284b0ff0-0e74-4f65-cb23-f8ad95867994' }, perRow),
    );
    expect(summary(lines)).toEqual([
      ['new', 'cycle fee', '3024'],
      ['convert', 'refund', '-2316'],
      ['convert', 'pro-rated charge', '1476'],
    ]);
    expect(lines.map((l) => l.effectiveUnitPrice!.times(l.quantity).toString())).toEqual(['3024', '-2316', '1476']);
    expect(lines[1].referenceId).toBe(lines[2].referenceId);
    expect([lines[1].productName, lines[2].productName]).toEqual(['Microsoft 365 Business Standard', 'Office 365 E1']);
    expect(document.costTotal.EUR.toString()).toBe('2184');
  });
});

describe('new commerce: many seat changes in March 2022, in the older 46-column file', () => {
  it('each change is a refund of the old count and a charge of the new one; the total is the sum Microsoft published', async () => {
    const { document, lines } = await importText('march-2022.csv', fixtureBytes('nce-invoice-2022-03-46-columns.csv'));
    expect(summary(lines)).toEqual([
      ['new', 'cycle fee', '120'],
      ['addQuantity', 'refund', '-112.25'],
      ['addQuantity', 'pro-rated charge', '168.38'],
      ['addQuantity', 'refund', '-150.96'],
      ['addQuantity', 'pro-rated charge', '251.61'],
      ['removeQuantity', 'refund', '-232.25'],
      ['removeQuantity', 'pro-rated charge', '213.67'],
      ['removeQuantity', 'refund', '-195.87'],
      ['removeQuantity', 'pro-rated charge', '170.32'],
      ['addQuantity', 'refund', '-85.16'],
      ['addQuantity', 'pro-rated charge', '127.74'],
    ]);
    // 120 - 112.25 + 168.38 - 150.96 + 251.61 - 232.25 + 213.67 - 195.87 + 170.32 - 85.16 + 127.74
    expect(document.costTotal.USD.toString()).toBe('275.23');
    // The last positive charge shows the seats at the end of the month: 30.
    expect(lines.filter((l) => l.cost.sign() > 0).at(-1)!.quantity.toString()).toBe('30');
  });
});

/** A row of Microsoft's legacy license tables: charge start, charge end, charge type, unit price, quantity, amount. */
type LegacyDocRow = [start: string, end: string, chargeType: string, unitPrice: string, quantity: string, amount: string];

function legacyFile(rows: LegacyDocRow[]): string {
  return toCsv(
    LEGACY_LICENSE_2022,
    rows.map(([start, end, chargeType, unitPrice, quantity, amount]) => {
      const values: Partial<Record<LegacyLicenseColumn, string>> = {
        ChargeStartDate: `${start} 0:00`,
        ChargeEndDate: `${end} 23:59`,
        ChargeType: chargeType,
        UnitPrice: unitPrice,
        Quantity: quantity,
        Amount: amount,
        Subtotal: amount,
        TotalForCustomer: amount,
      };
      return legacyLicenseRow(values);
    }),
  );
}

describe('legacy monthly billing (billing day the 15th; one $4 license bought January 13, 2018)', () => {
  it('the January 15 file: one cycle fee of 4.00, billed on January 15', async () => {
    const { document, lines } = await importText('2018-01-15.csv', legacyFile([['1/13/2018', '2/12/2018', 'Cycle fee', '4.00', '1', '4.00']]), { cycleEndDay: 15 });
    expect(summary(lines)).toEqual([['Cycle fee', 'cycle fee', '4']]);
    expect(document.costTotal.USD.toString()).toBe('4');
    expect(formatIsoDate(document.billingDate!)).toBe('2018-01-15');
  });

  it('the February 15 file after going from 1 to 2 licenses on February 1: the four Cycle Instance Prorate rows', async () => {
    const { document, lines } = await importText(
      '2018-02-15.csv',
      legacyFile([
        ['1/13/2018', '2/12/2018', 'Cycle Instance Prorate', '-4.00', '1', '-4.00'],
        ['1/13/2018', '1/31/2018', 'Cycle Instance Prorate', '2.45', '1', '2.45'],
        ['2/1/2018', '2/12/2018', 'Cycle Instance Prorate', '1.55', '2', '3.10'],
        ['2/13/2018', '3/12/2018', 'Cycle Instance Prorate', '4.00', '2', '8.00'],
      ]),
      { cycleEndDay: 15 },
    );
    expect(summary(lines)).toEqual([
      ['Cycle Instance Prorate', 'refund', '-4'],
      ['Cycle Instance Prorate', 'pro-rated charge', '2.45'],
      ['Cycle Instance Prorate', 'pro-rated charge', '3.1'],
      ['Cycle Instance Prorate', 'pro-rated charge', '8'],
    ]);
    expect(lines.map((l) => l.unitPrice!.times(l.quantity).equals(l.cost))).toEqual([true, true, true, true]);
    expect(document.costTotal.USD.toString()).toBe('9.55');
    expect(formatIsoDate(document.billingDate!)).toBe('2018-02-15');
  });

  it("the daily price Microsoft works with: 4 / 31 days = 0.129, and 19 days of it is the published 2.45", () => {
    const daily = Decimal.parse('4').dividedBy(Decimal.parse('31'), 3);
    expect(daily.toString()).toBe('0.129');
    expect(daily.times(Decimal.fromInt(19)).round(2).toString()).toBe('2.45');
  });

  it('the February 15 file after suspending on February 1 (before 30 days): a full Cancel Fee of -4.00', async () => {
    const { document, lines } = await importText(
      '2018-02-15-suspended.csv',
      legacyFile([['1/13/2018', '2/12/2018', 'Cancel Fee', '-4.00', '1', '-4.00']]),
      { cycleEndDay: 15, billingDate: Date.UTC(2018, 1, 15) },
    );
    expect(summary(lines)).toEqual([['Cancel Fee', 'refund', '-4']]);
    expect(document.costTotal.USD.toString()).toBe('-4');
    // A file with nothing but this refund cannot tell its own cycle (the refund covers January's): the user sets it.
    expect(formatIsoDate(document.inferredBillingDate!)).toBe('2018-01-15');
    expect(document.billingDateOverridden).toBe(true);
    expect(formatIsoDate(document.billingDate!)).toBe('2018-02-15');
  });

  it('the March 15 file after suspending on March 1 (after 30 days): a prorated Cancel Fee of -1.72 for 12 days', async () => {
    const { document, lines } = await importText('2018-03-15.csv', legacyFile([['3/1/2018', '3/12/2018', 'Cancel Fee', '-1.72', '1', '-1.72']]), { cycleEndDay: 15 });
    expect(summary(lines)).toEqual([['Cancel Fee', 'refund', '-1.72']]);
    expect(formatIsoDate(document.billingDate!)).toBe('2018-03-15');
  });
});
