/**
 * Azure reservations and savings plans on the new commerce invoice file: purchases (one-time, or a cycle fee billed
 * monthly), never Azure plan usage, even where the line names the Azure plan it was bought under.
 */
import { importText } from '../helpers/byte-source';
import { configOf, reportOf } from '../helpers/billing-config';
import { NCE_INVOICE_47, nceInvoiceRow, toCsv } from '../helpers/partner-center-files';

/** A 1-year VM reservation paid up front, 900.00, bought under the customer's Azure plan. */
const RESERVATION = {
  ProductId: 'DZH318Z0BPS8',
  SkuId: '00HL',
  ProductName: 'Reserved VM Instance, Standard_E2s_v3, US East, 1 Year',
  SkuName: 'Standard_E2s_v3',
  ChargeType: 'new',
  UnitPrice: '900',
  EffectiveUnitPrice: '900',
  Quantity: '1',
  BillableQuantity: '1',
  Subtotal: '900',
  Total: '900',
  PublisherName: 'Microsoft',
  SubscriptionDescription: 'Azure plan',
  ChargeStartDate: '10/5/2026',
  ChargeEndDate: '10/4/2027',
  SubscriptionStartDate: '10/5/2026',
  SubscriptionEndDate: '10/4/2027',
  TermAndBillingCycle: '',
  BillingFrequency: '',
  UnitType: '',
  ReservationOrderId: '8d3f5c2a-61b7-4c2e-9a0d-3b7e1f4c5a69',
  ProductCategory: 'Azure',
};

describe('a reservation whose SubscriptionDescription names the Azure plan', () => {
  it('is a one-time purchase, not usage', async () => {
    const { lines } = await importText('reservation.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow(RESERVATION)]));
    expect(lines.map((line) => line.transactionType)).toEqual(['one-time']);
  });

  it('is not sold at a discount off its UnitPrice, which is the partner\'s own price (855.00 for a cost of 900.00): the next rule prices it', async () => {
    const { lines } = await importText('reservation.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow(RESERVATION)]));
    const config = configOf({
      Settings: 'Setting,Value\nDefault markup %,15\nCurrency,USD',
      Prices: 'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\nDZH318Z0BPS8,,VM reservations,,,,,,,5',
    });
    const details = reportOf(config, [{ lines }]).cycles[0].organizations[0].products[0].details;
    expect(details.map((d) => [d.transactionType, d.sales.toFixed(2), d.rules])).toEqual([['one-time', '1035.00', ['default markup 15%']]]);
  });

  it('a savings plan billed monthly is a cycle fee', async () => {
    const plan = { ...RESERVATION, ProductName: 'Savings plan for compute, 1 Year', ChargeType: 'cycleCharge', UnitPrice: '730', EffectiveUnitPrice: '730', Subtotal: '730', Total: '730', ChargeStartDate: '10/1/2026', ChargeEndDate: '10/31/2026', TermAndBillingCycle: 'One-Year commitment for monthly billing', BillingFrequency: 'Monthly' };
    const { lines } = await importText('plan.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow(plan)]));
    expect(lines.map((line) => line.transactionType)).toEqual(['cycle fee']);
  });
});
