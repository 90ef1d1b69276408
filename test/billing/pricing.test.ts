/**
 * Sales prices: where a line's price comes from (customer price → customer markup → price list → default markup),
 * the four ways a price turns cost into sales, and Microsoft's proration of fixed prices.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { basename, join } from 'node:path';
import { idKey, type BillingConfig } from '../../src/billing/config';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { createPricer, periodFraction, pricedByPlan, type PricedLine } from '../../src/billing/pricing';
import { transactionTypeOf } from '../../src/billing/transaction-type';
import { ReportBuilder, type BillingReport } from '../../src/billing/report';
import { ImportSession } from '../../src/import/session';
import { configOf, reportOf } from '../helpers/billing-config';
import { billingFixture, byteSource } from '../helpers/billing-fixtures';
import {
  AZURE_PLAN,
  CONTOSO,
  EXCHANGE_PLAN_1,
  FABRIKAM,
  LEGACY_DATA_TRANSFER_OUT,
  LEGACY_E1_DURABLE_OFFER_ID,
  LEGACY_EXCHANGE_DURABLE_OFFER_ID,
  LEGACY_EXCHANGE_OFFER_ID,
  M365_BUSINESS_STANDARD,
  NORTHWIND,
  azureUsageLine,
  legacyLine,
  legacyUsageLine,
  nceLine,
} from '../helpers/billing-lines';


const SETTINGS = 'Setting,Value\nDefault markup %,5\nCurrency,USD';
const CUSTOMERS = `Customer ID,Organization,Markup %,Billable
${NORTHWIND},Northwind Traders,,Yes
${FABRIKAM},Fabrikam,10,Yes
${CONTOSO},Contoso Pharmaceuticals,,No`;
const PRICES_HEADER = 'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %';
const CUSTOMER_PRICES_HEADER = 'Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %';

/** Prices a line the way the report does: with the customer the line's tenant is linked to, if any. */
function priced(config: BillingConfig, line: BillingLine): PricedLine {
  return createPricer(config).price(line, config.customers.get(idKey(line.customerId)));
}

/** Sales as the customer's invoice shows it: rounded half away from zero to cents. */
function sales(config: BillingConfig, line: BillingLine): string {
  return priced(config, line).sales.toFixed(2);
}

async function importFixture(file: string, config: BillingConfig): Promise<{ lines: BillingLine[]; report: BillingReport }> {
  const lines: BillingLine[] = [];
  const builder = new ReportBuilder(config);
  const collector = builder.startDocument();
  const document = await new ImportSession().importFile(
    file,
    byteSource(readFileSync(billingFixture(file))),
    (line) => {
      lines.push(line);
      collector.add(line);
    },
    { cycleEndDay: config.settings.cycleEndDay },
  );
  expect(document.status).toBe('imported');
  builder.addDocument(document, collector);
  return { lines, report: builder.build() };
}

describe('where a price comes from: the first match wins', () => {
  const allLevels = configOf({
    Settings: SETTINGS,
    Customers: CUSTOMERS,
    Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,Microsoft 365 Business Standard,,,15.00,,,,`,
    'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM},${M365_BUSINESS_STANDARD},,14.00,,`,
  });
  const withoutCustomerPrice = configOf({ Settings: SETTINGS, Customers: CUSTOMERS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,` });

  it("1. the customer's own price for the product", () => {
    expect(priced(allLevels, nceLine({ customerId: FABRIKAM, quantity: '2', cost: '25.00' }))).toMatchObject({ rule: 'customer 14', unpriced: false });
    expect(sales(allLevels, nceLine({ customerId: FABRIKAM, quantity: '2', cost: '25.00' }))).toBe('28.00');
  });

  it("2. the customer's markup, before the price list", () => {
    const line = nceLine({ customerId: FABRIKAM, quantity: '2', cost: '25.00' });
    expect(priced(withoutCustomerPrice, line)).toMatchObject({ rule: 'customer markup 10%', unpriced: false });
    expect(sales(withoutCustomerPrice, line)).toBe('27.50');
  });

  it('3. the price list, for a customer without a price or markup of its own', () => {
    const line = nceLine({ customerId: NORTHWIND, quantity: '2', cost: '25.00' });
    expect(priced(allLevels, line)).toMatchObject({ rule: 'price list 15', unpriced: false });
    expect(sales(allLevels, line)).toBe('30.00');
  });

  it('3. the price list, for a tenant that is not in the Customers table', () => {
    expect(sales(allLevels, nceLine({ customerId: 'unknown-tenant', quantity: '2', cost: '25.00' }))).toBe('30.00');
  });

  it('4. the default markup when nothing else prices the product, and the line is listed as unpriced', () => {
    const line = nceLine({ customerId: NORTHWIND, productId: EXCHANGE_PLAN_1, skuId: '0001', quantity: '5', cost: '20.00' });
    expect(priced(allLevels, line)).toMatchObject({ rule: 'default markup 5%', unpriced: true });
    expect(sales(allLevels, line)).toBe('21.00');
  });

  it('without any settings the default markup is 0%: sales equal cost', () => {
    const line = nceLine({ cost: '12.34' });
    expect(priced(configOf(), line)).toMatchObject({ rule: 'default markup 0%', unpriced: true });
    expect(sales(configOf(), line)).toBe('12.34');
  });

  it("the customer's markup applies to products without a customer price, even when the price list has one", () => {
    const line = nceLine({ customerId: FABRIKAM, productId: EXCHANGE_PLAN_1, skuId: '0001', quantity: '5', cost: '20.00' });
    const config = configOf({ Settings: SETTINGS, Customers: CUSTOMERS, Prices: `${PRICES_HEADER}\n${EXCHANGE_PLAN_1},,,,,,20,,,` });
    expect(priced(config, line)).toMatchObject({ rule: 'customer markup 10%' });
    expect(sales(config, line)).toBe('22.00');
  });
});

describe('the four price methods', () => {
  const config = (priceRow: string) => configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${priceRow}` });

  it('a fixed sales price is per unit per billing period: 10 seats at 15.00 are 150.00', () => {
    expect(sales(config(`${M365_BUSINESS_STANDARD},,,,,15.00,,,,`), nceLine({ quantity: '10', cost: '125.00' }))).toBe('150.00');
  });

  it('a markup is a percentage on cost: 12.50 with 20% is 15.00', () => {
    expect(sales(config(`${M365_BUSINESS_STANDARD},,,,,,20,,,`), nceLine({ cost: '12.50' }))).toBe('15.00');
  });

  it('a margin is a percentage of sales: 80.00 at a 20% margin sells for 100.00 (sales = cost / (1 − margin))', () => {
    expect(sales(config(`${M365_BUSINESS_STANDARD},,,,,,,20,,`), nceLine({ cost: '80.00' }))).toBe('100.00');
    expect(sales(config(`${M365_BUSINESS_STANDARD},,,,,,,25,,`), nceLine({ cost: '12.50' }))).toBe('16.67');
  });

  it('a discount off the Retail price column: 2 seats at a retail price of 20.00 less 10% are 36.00', () => {
    const line = nceLine({ quantity: '2', cost: '25.00' });
    expect(priced(config(`${M365_BUSINESS_STANDARD},,,,,,,,20.00,10`), line)).toMatchObject({ rule: 'price list retail 20 less 10%' });
    expect(sales(config(`${M365_BUSINESS_STANDARD},,,,,,,,20.00,10`), line)).toBe('36.00');
  });

  it('a retail price without a discount sells at the retail price', () => {
    expect(sales(config(`${M365_BUSINESS_STANDARD},,,,,,,,20.00,`), nceLine({ quantity: '2', cost: '25.00' }))).toBe('40.00');
  });

  it("a discount for an Azure meter is off Microsoft's pay-as-you-go price: UnitPrice × quantity × exchange rate", () => {
    // 1000 GB at a retail 0.10 USD is 100.00; less 5% is 95.00, whatever the partner's cost after partner-earned credit.
    const line = azureUsageLine({ unitPrice: '0.10', quantity: '1000', exchangeRate: '1', cost: '85.00' });
    expect(priced(config(`${AZURE_PLAN},,Azure plan,,,,,,,5`), line)).toMatchObject({ rule: 'price list retail (UnitPrice) less 5%' });
    expect(sales(config(`${AZURE_PLAN},,Azure plan,,,,,,,5`), line)).toBe('95.00');
  });

  it('the Azure retail price is converted at the exchange rate of the line: priced in USD, billed in EUR', () => {
    const eur = configOf({ Settings: 'Setting,Value\nCurrency,EUR', Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan,,,,,,,10` });
    const line = azureUsageLine({ currency: 'EUR', pricingCurrency: 'USD', unitPrice: '0.10', quantity: '1000', exchangeRate: '0.92', cost: '78.20' });
    expect(sales(eur, line)).toBe('82.80');
  });

  it('a UnitPrice in another currency without an exchange rate is not taken as the billing currency: a USD retail price is no GBP one, a seat change no share', () => {
    const gbp = configOf({ Settings: 'Setting,Value\nCurrency,GBP', Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan,,,,,,,5\n${M365_BUSINESS_STANDARD},,,,,21.00,,,,` });
    // 1000 GB at 0.10 USD is 100.00 USD: without the rate, 95.00 would be sold as pounds. The discount prices nothing.
    const meter = azureUsageLine({ currency: 'GBP', pricingCurrency: 'USD', unitPrice: '0.10', quantity: '1000', exchangeRate: null, cost: '67.25' });
    expect(priced(gbp, meter)).toMatchObject({ rule: 'default markup 0%', unpriced: true });
    expect(sales(gbp, { ...meter, exchangeRate: Decimal.parse('0.7912') })).toBe('75.16');
    // 10 seats at 22.00 USD for 28 of 30 days cost 162.40 GBP at 0.7912: the share is 162.40 / 174.064, not 162.40 / 220.
    const seats = nceLine({ chargeType: 'addQuantity', currency: 'GBP', pricingCurrency: 'USD', unitPrice: '22.00', quantity: '10', cost: '162.40', exchangeRate: '0.7912' });
    expect(sales(gbp, seats)).toBe('195.93');
    const noRate = { ...seats, exchangeRate: null };
    expect(periodFraction(noRate)).toBeNull();
    expect(priced(gbp, noRate)).toMatchObject({ rule: 'default markup 0%', unsized: { price: 'price list 21', reason: 'it names no UnitPrice (or exchange rate) to prorate its cost by' } });
    // One currency, or no pricing currency named: the rate is 1.
    expect(periodFraction({ ...noRate, currency: 'USD' })).not.toBeNull();
    expect(periodFraction({ ...noRate, pricingCurrency: '' })).not.toBeNull();
  });

  it("a discount row without a retail price does not price a license (its UnitPrice is the partner's cost): default markup, unpriced", () => {
    const line = nceLine({ cost: '12.50' });
    expect(priced(config(`${M365_BUSINESS_STANDARD},,,,,,,,,10`), line)).toMatchObject({ rule: 'default markup 5%', unpriced: true });
  });

  it('a row that matches but cannot price the line gives way to the next most specific row, not to the default markup', () => {
    // The SKU's row is a discount off Microsoft's retail (Azure usage only); the product's row is a markup.
    const rows = `${M365_BUSINESS_STANDARD},0001,,,,,,,,10\n${M365_BUSINESS_STANDARD},,,,,,8,,,`;
    expect(priced(config(rows), nceLine({ skuId: '0001', cost: '12.50' }))).toMatchObject({ rule: 'price list markup 8%', unpriced: false });
    expect(sales(config(rows), nceLine({ skuId: '0001', cost: '12.50' }))).toBe('13.50');
    // Azure usage of the same SKU is the discount row's.
    const usage = azureUsageLine({ productId: M365_BUSINESS_STANDARD, skuId: '0001', unitPrice: '0.10', quantity: '1000', exchangeRate: '1', cost: '85.00' });
    expect(priced(config(rows), usage)).toMatchObject({ rule: 'price list retail (UnitPrice) less 10%' });
  });
});

describe('which price row matches a line', () => {
  it('a row with only a Product ID covers every SKU of the product', () => {
    const config = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,` });
    expect(sales(config, nceLine({ skuId: '0001' }))).toBe('15.00');
    expect(sales(config, nceLine({ skuId: '0002' }))).toBe('15.00');
  });

  it('a row for the SKU beats a row for the whole product, whichever comes first', () => {
    const skuFirst = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},0002,,,,16.00,,,,\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,` });
    const productFirst = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,\n${M365_BUSINESS_STANDARD},0002,,,,16.00,,,,` });
    for (const config of [skuFirst, productFirst]) {
      expect(sales(config, nceLine({ skuId: '0002' }))).toBe('16.00');
      expect(sales(config, nceLine({ skuId: '0001' }))).toBe('15.00');
    }
  });

  it("a customer's price for one SKU beats the same customer's price for the whole product", () => {
    const config = configOf({
      Customers: CUSTOMERS,
      'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM},${M365_BUSINESS_STANDARD},,14.00,,\n${FABRIKAM},${M365_BUSINESS_STANDARD},0002,13.00,,`,
    });
    expect(sales(config, nceLine({ customerId: FABRIKAM, skuId: '0002' }))).toBe('13.00');
    expect(sales(config, nceLine({ customerId: FABRIKAM, skuId: '0001' }))).toBe('14.00');
  });

  it("Term and Billing plan rows match the line's TermAndBillingCycle and BillingFrequency", () => {
    const config = configOf({
      Prices: [
        PRICES_HEADER,
        `${M365_BUSINESS_STANDARD},,,P1M,Monthly,16.00,,,,`,
        `${M365_BUSINESS_STANDARD},,,P1Y,Monthly,13.00,,,,`,
        `${M365_BUSINESS_STANDARD},,,1 year,Annual,150.00,,,,`,
        `${M365_BUSINESS_STANDARD},,,P3Y,,12.00,,,,`,
      ].join('\n'),
    });
    expect(sales(config, nceLine({ term: 'One-Month commitment for monthly billing', billingFrequency: 'Monthly' }))).toBe('16.00');
    expect(sales(config, nceLine({ term: 'One-Year commitment for monthly billing', billingFrequency: 'Monthly' }))).toBe('13.00');
    expect(sales(config, nceLine({ term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual', chargeEnd: '2027-10-04', cost: '150.00', unitPrice: '150.00' }))).toBe(
      '150.00',
    );
    expect(sales(config, nceLine({ term: 'Three-Year commitment for monthly billing', billingFrequency: 'Monthly' }))).toBe('12.00');
  });

  it('a row naming a term does not price a line of another term: the line falls through to the default markup', () => {
    const config = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,P1M,Monthly,16.00,,,,` });
    expect(priced(config, nceLine({ term: 'One-Year commitment for monthly billing' }))).toMatchObject({ rule: 'default markup 5%', unpriced: true });
  });

  it('legacy lines are priced by DurableOfferId (the OfferId in the file does not match the price list)', () => {
    const byDurableOfferId = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_EXCHANGE_DURABLE_OFFER_ID},,Exchange Online (Plan 1),,,5.00,,,,` });
    const byOfferId = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_EXCHANGE_OFFER_ID},,Exchange Online (Plan 1),,,5.00,,,,` });
    expect(priced(byDurableOfferId, legacyLine())).toMatchObject({ rule: 'price list 5', unpriced: false });
    expect(sales(byDurableOfferId, legacyLine())).toBe('5.00');
    expect(priced(byOfferId, legacyLine()).unpriced).toBe(true);
  });

  it('ids match whatever their case and surrounding spaces', () => {
    const config = configOf({
      Customers: `Customer ID,Organization,Markup %,Billable\n ${FABRIKAM.toUpperCase()} ,Fabrikam,,`,
      'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM.toUpperCase()},${M365_BUSINESS_STANDARD.toLowerCase()},,14.00,,`,
    });
    expect(sales(config, nceLine({ customerId: FABRIKAM }))).toBe('14.00');
  });
});

describe('customers who are not billed', () => {
  const config = configOf({ Settings: SETTINGS, Customers: CUSTOMERS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,` });

  it('a not-billable customer is sold nothing, whatever the price list says', () => {
    expect(priced(config, nceLine({ customerId: CONTOSO, quantity: '3', cost: '37.50' }))).toMatchObject({ rule: 'not billable', unpriced: false });
    expect(sales(config, nceLine({ customerId: CONTOSO, quantity: '3', cost: '37.50' }))).toBe('0.00');
  });

  it('the report keeps its cost, shows zero sales, and does not list its products as unpriced', () => {
    const report = reportOf(config, [{ lines: [nceLine({ customerId: CONTOSO, productId: EXCHANGE_PLAN_1, cost: '18.00' })] }]);
    const contoso = report.cycles[0].organizations[0];
    expect(contoso).toMatchObject({ name: 'Contoso Pharmaceuticals', billable: false });
    expect([contoso.cost.toString(), contoso.sales.toFixed(2), contoso.margin.toString()]).toEqual(['18', '0.00', '-18']);
    expect(report.reconciliation.unpricedProducts).toEqual([]);
  });
});

describe('fixed and retail prices only apply to lines in the Settings currency', () => {
  const config = configOf({
    Settings: SETTINGS,
    Customers: CUSTOMERS,
    Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,\n${EXCHANGE_PLAN_1},,,,,,,,5.00,10\n${AZURE_PLAN},,,,,,30,,,`,
    'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM},${M365_BUSINESS_STANDARD},,14.00,,`,
  });

  it('a USD price list does not price a EUR line: the default markup does, and the product is unpriced', () => {
    expect(priced(config, nceLine({ currency: 'EUR', cost: '11.50' }))).toMatchObject({ rule: 'default markup 5%', unpriced: true });
    expect(priced(config, nceLine({ currency: 'EUR', productId: EXCHANGE_PLAN_1, cost: '3.70' }))).toMatchObject({ rule: 'default markup 5%', unpriced: true });
  });

  it("a customer's USD price does not price the customer's EUR line: the customer's markup does", () => {
    expect(priced(config, nceLine({ customerId: FABRIKAM, currency: 'EUR', cost: '11.50' }))).toMatchObject({ rule: 'customer markup 10%' });
    expect(sales(config, nceLine({ customerId: FABRIKAM, currency: 'EUR', cost: '11.50' }))).toBe('12.65');
  });

  it('a markup in the price list applies in any currency', () => {
    expect(sales(config, azureUsageLine({ currency: 'EUR', cost: '10.00' }))).toBe('13.00');
  });

  it("a discount off Microsoft's UnitPrice applies in any currency: UnitPrice × quantity × exchange rate is in the line's own currency", () => {
    const discount = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan,,,,,,,10` });
    // 1000 GB at a retail 0.10 USD, billed in EUR at 0.92: 92.00 EUR, less 10% is 82.80 EUR (the cost after PEC is 78.20).
    const line = azureUsageLine({ currency: 'EUR', pricingCurrency: 'USD', unitPrice: '0.10', quantity: '1000', exchangeRate: '0.92', cost: '78.20' });
    expect(priced(discount, line)).toMatchObject({ rule: 'price list retail (UnitPrice) less 10%', unpriced: false });
    expect(sales(discount, line)).toBe('82.80');
    // The Retail price column is an amount in USD: it does not price the EUR line (the default markup does, 78.20 × 1.05).
    const retailColumn = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan,,,,,,0.10,10` });
    expect(priced(retailColumn, line)).toMatchObject({ rule: 'default markup 5%', unpriced: true });
    expect(sales(retailColumn, line)).toBe('82.11');
  });

  it('with no currency in the Settings, fixed prices apply to every currency', () => {
    const anyCurrency = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,` });
    expect(sales(anyCurrency, nceLine({ currency: 'EUR', cost: '11.50' }))).toBe('15.00');
  });
});

describe("a fixed price follows Microsoft's proration", () => {
  const eurAt12 = configOf({ Settings: 'Setting,Value\nCurrency,EUR', Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,12.00,,,,` });

  it("Microsoft's example: 10 seats at 10.08 bought June 18, 2021 and 2 added June 20 sell for 120.00, −112.00 and +134.40 at 12.00", async () => {
    const { lines, report } = await importFixture('nce-invoice-2021-06-seats-added.csv', eurAt12);
    expect(lines.map((l) => [l.chargeType, l.transactionType, l.cost.toFixed(2), sales(eurAt12, l)])).toEqual([
      ['new', 'cycle fee', '100.80', '120.00'],
      ['addQuantity', 'refund', '-94.08', '-112.00'],
      ['addQuantity', 'pro-rated charge', '112.90', '134.40'],
    ]);
    const details = report.cycles[0].organizations[0].products[0].details;
    expect(details.map((d) => [d.transactionType, d.sales.toFixed(2)])).toEqual([
      ['cycle fee', '120.00'],
      ['pro-rated charge', '134.40'],
      ['refund', '-112.00'],
    ]);
    expect(report.cycles[0].sales.toFixed(2)).toBe('142.40');
  });

  it('the refund is 28 of the 30 days of the charge cycle: the fraction of the full-period cost', () => {
    const refund = nceLine({ chargeType: 'addQuantity', unitPrice: '10.08', quantity: '10', cost: '-94.08', chargeStart: '2021-06-20', chargeEnd: '2021-07-17' });
    expect(periodFraction(refund)!.toFixed(6)).toBe('-0.933333');
    expect(priced(eurAt12, { ...refund, currency: 'EUR' }).fraction!.toFixed(6)).toBe('-0.933333');
  });

  it('a refund whose quantity is written negative (−10 seats) is still a refund: −112.00, not +112.00', () => {
    const refund = nceLine({ currency: 'EUR', chargeType: 'addQuantity', unitPrice: '10.08', quantity: '-10', cost: '-94.08', chargeStart: '2021-06-20', chargeEnd: '2021-07-17' });
    expect(refund.transactionType).toBe('refund');
    expect(sales(eurAt12, refund)).toBe('-112.00');
  });

  it('a retail price is prorated the same way, and a negative quantity does not flip the refund to a charge', () => {
    const retail = configOf({ Settings: 'Setting,Value\nCurrency,EUR', Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,,,,12.00,10` });
    const refund = { chargeType: 'addQuantity', currency: 'EUR', unitPrice: '10.08', cost: '-94.08', chargeStart: '2021-06-20', chargeEnd: '2021-07-17' };
    expect(sales(retail, nceLine({ ...refund, quantity: '10' }))).toBe('-100.80');
    expect(sales(retail, nceLine({ ...refund, quantity: '-10' }))).toBe('-100.80');
  });

  it('a cancellation within the window (bought July 15, 2021, cancelled July 17) refunds 29 of 31 days of the sales price', () => {
    const cancel = nceLine({ currency: 'EUR', chargeType: 'cancelImmediate', unitPrice: '10.08', quantity: '10', cost: '-94.20', chargeStart: '2021-07-17', chargeEnd: '2021-08-14' });
    expect(cancel.transactionType).toBe('refund');
    expect(sales(eurAt12, cancel)).toBe('-112.14');
  });

  it('a promotion (20% off 10.08) does not shrink the customer\'s share: 2 seats added for 28 of 30 days are 22.40 at 12.00, as without it', () => {
    // The period runs June 18 – July 17 (30 days). Microsoft bills 10.08 × 0.8 × 28/30 = 7.5264 a seat, 15.05 for
    // two: 15.05 / 20.16 would be a share of 0.7465 and 17.92 at 12.00, a fifth short.
    const added = { currency: 'EUR', chargeType: 'addQuantity', unitPrice: '10.08', effectiveUnitPrice: '7.5264', quantity: '2', chargeStart: '2021-06-20', chargeEnd: '2021-07-17', subscriptionStart: '2021-06-18' };
    const promoted = nceLine({ ...added, cost: '15.05', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0GZQJ' });
    expect(periodFraction(promoted)!.toFixed(6)).toBe('0.933333');
    expect(sales(eurAt12, promoted)).toBe('22.40');
    expect(sales(eurAt12, nceLine({ ...added, cost: '-15.05', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0GZQJ' }))).toBe('-22.40');
    expect(sales(eurAt12, nceLine({ ...added, cost: '15.05' }))).toBe('17.92');
  });

  it("a promoted seat change is its days over the period starting on the subscription's anniversary: bought January 31, 18 of the 28 days to February 27", () => {
    const promo = { currency: 'EUR', unitPrice: '10.08', quantity: '2', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0GZQJ', subscriptionStart: '2026-01-31' };
    // 12.00 × 2 × 18/28 = 15.428... → 15.43 (18/31 of a period ending on the charge end day would be 13.94).
    expect(sales(eurAt12, nceLine({ ...promo, chargeType: 'addQuantity', cost: '10.37', chargeStart: '2026-02-10', chargeEnd: '2026-02-27' }))).toBe('15.43');
    // A charge ending inside its period (October 7–25 of October 5 – November 4): 19 of 31 days, 12.00 × 2 × 19/31 = 14.71.
    expect(sales(eurAt12, nceLine({ ...promo, subscriptionStart: '2026-01-05', chargeType: 'addQuantity', cost: '10.37', chargeStart: '2026-10-07', chargeEnd: '2026-10-25' }))).toBe('14.71');
  });

  it('a promoted seat change of a subscription billed yearly is its days over the year of the subscription holding it', () => {
    const yearly = configOf({ Settings: 'Setting,Value\nCurrency,EUR', Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,Annual,144.00,,,,` });
    const added = nceLine({ currency: 'EUR', chargeType: 'addQuantity', term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual', unitPrice: '120.96', quantity: '1', cost: '50.00', chargeStart: '2026-07-01', chargeEnd: '2026-12-31', subscriptionStart: '2026-01-01', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0GZQJ' });
    // July 1 – December 31 is 184 of the 365 days from January 1, 2026: 144.00 × 184 / 365 = 72.59.
    expect(sales(yearly, added)).toBe('72.59');
  });

  it("Microsoft's legacy example (January 13, 2018 at $4, 1 → 2 licenses on February 1): the four Cycle Instance Prorate rows at 5.00", async () => {
    const config = configOf({ Settings: 'Setting,Value\nCycle end day,15\nCurrency,USD', Prices: `${PRICES_HEADER}\n${LEGACY_EXCHANGE_DURABLE_OFFER_ID},,,,,5.00,,,,` });
    const { lines, report } = await importFixture('legacy-license-2018-02-15-seat-change.csv', config);
    expect(lines.map((l) => [l.transactionType, l.cost.toFixed(2), priced(config, l).fraction!.toFixed(4), sales(config, l)])).toEqual([
      ['refund', '-4.00', '-1.0000', '-5.00'], //      1/13–2/12, the whole charge cycle reversed
      ['pro-rated charge', '2.45', '0.6129', '3.06'], // 1/13–1/31, 19 of 31 days, 1 license
      ['pro-rated charge', '3.10', '0.3871', '3.87'], // 2/1–2/12, 12 of 31 days, 2 licenses
      ['pro-rated charge', '8.00', '1.0000', '10.00'], // 2/13–3/12, the whole next charge cycle, 2 licenses
    ]);
    const details = report.cycles[0].organizations[0].products[0].details;
    expect(details.map((d) => [d.transactionType, d.chargeType, d.cost.toString(), d.sales.toFixed(2)])).toEqual([
      ['pro-rated charge', 'Cycle Instance Prorate', '13.55', '16.94'],
      ['refund', 'Cycle Instance Prorate', '-4', '-5.00'],
    ]);
  });

  it("a legacy seat change's first half (2/13–2/19 of a subscription anchored on the 13th) is 7 of the 28 days of its charge cycle", () => {
    const config = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_EXCHANGE_DURABLE_OFFER_ID},,,,,28.00,,,,` });
    const line = legacyLine({ chargeType: 'Cycle instance prorate', subscriptionStart: '2018-01-13', chargeStart: '2018-02-13', chargeEnd: '2018-02-19T23:59:00Z', unitPrice: '1.00', cost: '1.00' });
    expect(priced(config, line).fraction!.toFixed(6)).toBe('0.250000');
    expect(sales(config, line)).toBe('7.00');
    const withoutStart = legacyLine({ chargeType: 'Cycle instance prorate', subscriptionStart: null, chargeStart: '2018-01-13', chargeEnd: '2018-01-31T23:59:00Z', unitPrice: '2.45', cost: '2.45' });
    expect(priced(config, withoutStart).fraction!.toFixed(4)).toBe('0.6129'); // 19 of 31 days: the charge end read as the cycle end
  });

  it('a legacy annual purchase (Prorate fees when purchase, January 13, 2018 to January 12, 2019) is one whole year at the annual price', () => {
    const config = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_EXCHANGE_DURABLE_OFFER_ID},,,,Annual,60.00,,,,` });
    const line = legacyLine({ chargeType: 'Prorate fees when purchase', billingFrequency: 'Annual', chargeEnd: '2019-01-12T23:59:00Z', unitPrice: '48.00', cost: '48.00' });
    expect(sales(config, line)).toBe('60.00');
  });

  it('a legacy first year running past a year to the billing anniversary (3/4/2019 to 3/15/2020, 378 days) is a year and 12 of the 366 days of the cycle holding them', async () => {
    // The 2019 file's Power BI Pro: 3 seats, Prorate fees when purchase, 359.49 (UnitPrice 119.83 a seat). SubscriptionEndDate
    // 3/15/2020: its yearly cycles run 3/16 to 3/15, so the 12 days past the first year (3/4–3/15/2020) lie in the
    // 3/16/2019–3/15/2020 cycle of 366 days. At 10.00 a month: 3 × 120 × (1 + 12/366) = 371.80 (it was 378/365: 372.82).
    const POWER_BI_PRO = '45E0F0A1-0AE2-4E05-8B5C-ABF3A0C06B9F';
    const file = join(__dirname, '../fixtures/legacy-license-2019-03-15-2022-order.csv');
    const lines: BillingLine[] = [];
    await new ImportSession().importFile(basename(file), byteSource(readFileSync(file)), (line) => line.productId === POWER_BI_PRO && lines.push(line), { cycleEndDay: 15 });
    const [purchase] = lines;
    expect([lines.length, purchase.chargeType, purchase.billingFrequency, purchase.quantity.toString(), purchase.cost.toString()]).toEqual([1, 'Prorate fees when purchase', 'Annual', '3', '359.49']);
    for (const row of ['10.00,,,,', ',,,10.00,']) {
      const config = configOf({ Prices: `${PRICES_HEADER}\n${POWER_BI_PRO},,Power BI Pro,,,${row}` });
      expect(priced(config, purchase).fraction!.toFixed(6)).toBe('1.032787');
      expect(sales(config, purchase)).toBe('371.80');
    }
    // Its refund is as long: −371.80.
    expect(sales(configOf({ Prices: `${PRICES_HEADER}\n${POWER_BI_PRO},,,,,10.00,,,,` }), { ...purchase, cost: purchase.cost.negate() })).toBe('-371.80');
  });

  it('a legacy monthly first charge over more than one cycle (1/20–3/15/2019, 55 days) is one cycle and 24 of the 28 days of the next, not 55/28', () => {
    // A. Datum's E1: 4 seats, 56.76 (UnitPrice 14.19). At retail 12.00 less 25% (9.00): 4 × 9 × (1 + 24/28) = 66.86 (it was 70.71).
    const config = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_E1_DURABLE_OFFER_ID},,,,,,,,12.00,25` });
    const first = legacyLine({
      productId: LEGACY_E1_DURABLE_OFFER_ID,
      chargeType: 'Prorate fees when purchase',
      subscriptionStart: '2019-01-20',
      subscriptionEnd: '2020-01-19',
      chargeStart: '2019-01-20',
      chargeEnd: '2019-03-15T23:59:00Z',
      unitPrice: '14.19',
      quantity: '4',
      cost: '56.76',
    });
    expect(priced(config, first).fraction!.toFixed(6)).toBe('1.857143');
    expect(sales(config, first)).toBe('66.86');
    // Two whole cycles are 2, whatever their lengths (1/31–3/30/2019: 28 and 31 days).
    const two = legacyLine({ chargeType: 'Prorate fees when purchase', subscriptionStart: '2019-01-31', subscriptionEnd: '2020-01-30', chargeStart: '2019-01-31', chargeEnd: '2019-03-30T23:59:00Z' });
    expect(periodFraction(two)!.toFixed(6)).toBe('2.000000');
  });

  describe("a legacy subscription whose first charge ran to the partner's billing anniversary has its cycles on that anniversary", () => {
    // SubscriptionEndDate "12 months plus x days after the start date to align with the partner's billing date": bought
    // 1/1/2019 (or 3/4/2019) and ending 1/15/2020 (3/15/2020), its cycles run the 16th to the 15th. Retail 12.00 less 25%: 9.00.
    const config = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_E1_DURABLE_OFFER_ID},,,,,,,,12.00,25` });
    const seats = (spec: Parameters<typeof legacyLine>[0]) => legacyLine({ productId: LEGACY_E1_DURABLE_OFFER_ID, chargeType: 'Prorate fees when purchase', ...spec });
    it.each([
      ['3 seats for 1/16–2/15/2019 are the whole 16th–15th cycle (31/31, not 31/28)', '2019-01-01', '2020-01-15', '2019-01-16', '2019-02-15', '3', '24.00', '27.00'],
      ['2 seats for 2/20–3/15/2020 are 25 of the 29 days of 2/16–3/15 (not of 31)', '2019-03-04', '2020-03-15', '2020-02-20', '2020-03-15', '2', '13.80', '15.52'],
      ['2 seats for 3/25–4/15/2019 are 22 of the 31 days of 3/16–4/15', '2019-03-04', '2020-03-15', '2019-03-25', '2019-04-15', '2', '11.36', '12.77'],
      ['a seat cancelled for 4/1–4/15/2019 is 15 of those 31 days', '2019-03-04', '2020-03-15', '2019-04-01', '2019-04-15', '1', '-3.87', '-4.35'],
    ])('%s', (_, subscriptionStart, subscriptionEnd, chargeStart, chargeEnd, quantity, cost, expected) => {
      const line = seats({ subscriptionStart, subscriptionEnd, chargeStart, chargeEnd: `${chargeEnd}T23:59:00Z`, quantity, unitPrice: cost, cost, ...(cost.startsWith('-') ? { chargeType: 'Prorate fees when cancel' } : {}) });
      expect(sales(config, line)).toBe(expected);
    });

    it("a subscription ending on its anniversary (Microsoft's examples: 2/26/2021–2/26/2022, cycles 26th–25th) keeps its start's day", () => {
      // Bought 1/30/2021, ending 1/30/2022: cycles run the 30th to the 29th, so 3/1–3/29/2021 is 29 of the 30 days of
      // 2/28–3/29 (the day after the end, the 31st, would make it 29 of 31).
      const line = seats({ chargeType: 'Cycle instance prorate', subscriptionStart: '2021-01-30', subscriptionEnd: '2022-01-30', chargeStart: '2021-03-01', chargeEnd: '2021-03-29T23:59:00Z', quantity: '1', unitPrice: '7.73', cost: '7.73' });
      expect(periodFraction(line)!.toFixed(6)).toBe('0.966667');
      // Without a SubscriptionEndDate the start's day anchors the cycles too.
      expect(periodFraction({ ...line, subscriptionEnd: null })!.toFixed(6)).toBe('0.966667');
    });
  });

  it('a charge ending at 23:59 of the day before the anniversary, or the first period of a subscription bought on the 31st, is one period, not more', () => {
    const monthly = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_EXCHANGE_DURABLE_OFFER_ID},,,,,31.00,,,,` });
    // 1/31 – 2/27 23:59 (28 days) is the whole of the 31st's February cycle; 2/28 – 3/30 23:59 the whole of March's (31 days).
    for (const [chargeStart, chargeEnd] of [['2018-01-31', '2018-02-27T23:59:00Z'], ['2018-02-28', '2018-03-30T23:59:00Z'], ['2020-01-31', '2020-02-28T23:59:00Z']]) {
      const line = legacyLine({ chargeType: 'Prorate fees when purchase', subscriptionStart: '2018-01-31', chargeStart, chargeEnd, unitPrice: '4.00', cost: '4.00' });
      expect(priced(monthly, line).fraction!.toFixed(6)).toBe('1.000000');
      expect(sales(monthly, line)).toBe('31.00');
    }
    // A new commerce promotion bought January 31: its first period is January 31 – February 27, 28 of 28 days.
    const promoted = nceLine({ chargeType: 'new', unitPrice: '10.08', quantity: '2', cost: '16.13', chargeStart: '2026-01-31', chargeEnd: '2026-02-27', subscriptionStart: '2026-01-31', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0GZQJ' });
    expect(periodFraction(promoted)!.toFixed(6)).toBe('1.000000');
  });

  it('a legacy "Offset a line item" (a partial or whole refund of an amount) is passed on at cost, not prorated by its days', () => {
    // From the 2017 file: −5.93 (UnitPrice −5.93 × 1) dated 6/1–6/11, 11 of the 31 days of the 5/12–6/11 charge cycle. The
    // days would have made it −10.00 × 11/31 = −3.55, whatever Microsoft credited: −0.50 or −5.93 alike.
    const offset = legacyLine({
      productId: LEGACY_E1_DURABLE_OFFER_ID,
      chargeType: 'Offset a line item',
      subscriptionStart: '2017-01-12',
      chargeStart: '2017-06-01',
      chargeEnd: '2017-06-11T23:59:00Z',
      unitPrice: '-5.93',
      cost: '-5.93',
    });
    expect(offset.transactionType).toBe('credit');
    const fixed = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_E1_DURABLE_OFFER_ID},,,,,10.00,,,,` });
    expect(priced(fixed, offset)).toMatchObject({ rule: 'price list 10 (credit at cost)', fraction: null, unpriced: false });
    expect(sales(fixed, offset)).toBe('-5.93');
    const retail = configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_E1_DURABLE_OFFER_ID},,,,,,,,12.00,10` });
    expect(priced(retail, offset)).toMatchObject({ rule: 'price list retail 12 less 10% (credit at cost)', fraction: null });
    expect(sales(retail, offset)).toBe('-5.93');
    // A markup or margin follows the cost as ever: −5.93 at 20% is −7.116, so −7.12.
    expect(sales(configOf({ Prices: `${PRICES_HEADER}\n${LEGACY_E1_DURABLE_OFFER_ID},,,,,,20,,,` }), offset)).toBe('-7.12');
  });

  it('usage is priced per unit used, never prorated', () => {
    const config = configOf({ Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,,,,0.12,,,,` });
    expect(sales(config, azureUsageLine({ quantity: '1000', cost: '85.00' }))).toBe('120.00');
  });
});

describe('a line a Sales or Retail price cannot size (QA: a charge sold for 0.00, a seat change billed for the whole month)', () => {
  const at1590 = configOf({ Settings: SETTINGS, Customers: CUSTOMERS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.90,,,,` });
  // Two seats added for 18 of 30 days at 3.00: 19.80 would be 2 × 15.90 × 0.6 = 19.08 at the price list's 15.90.
  const seatChange = { chargeType: 'addQuantity', unitPrice: '3.00', quantity: '11', cost: '19.80', chargeStart: '2026-10-17', chargeEnd: '2026-11-03' };

  it('a charge naming no quantity is not sold for nothing: the next rule prices it, and the price that could not is named', () => {
    for (const line of [nceLine({ ...seatChange, quantity: '0' }), nceLine({ chargeType: 'new', quantity: '0', unitPrice: '8.00', cost: '24.00' })]) {
      expect(line.cost.sign()).toBe(1);
      // Northwind has no markup of its own: the default markup's 5%.
      expect(priced(at1590, line)).toMatchObject({ rule: 'default markup 5%', unpriced: false, unsized: { price: 'price list 15.9', reason: 'it names no quantity', atCost: false } });
      expect(sales(at1590, line)).toBe(line.cost.times(Decimal.parse('1.05')).toFixed(2));
    }
    // Fabrikam's own markup comes before the price list, so a customer's price is what gives way to it.
    const fabrikam = configOf({ Settings: SETTINGS, Customers: CUSTOMERS, 'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM},${M365_BUSINESS_STANDARD},,15.90,,` });
    expect(priced(fabrikam, nceLine({ ...seatChange, quantity: '0', customerId: FABRIKAM }))).toMatchObject({
      rule: 'customer markup 10%',
      unsized: { price: 'customer price 15.9', reason: 'it names no quantity', atCost: false },
    });
    expect(sales(fabrikam, nceLine({ ...seatChange, quantity: '0', customerId: FABRIKAM }))).toBe('21.78');
  });

  it('a refund or credit naming no quantity is passed on at cost, as a credit of an amount is', () => {
    const refund = nceLine({ ...seatChange, quantity: '0', cost: '-18.00' });
    expect(refund.transactionType).toBe('refund');
    expect(priced(at1590, refund)).toMatchObject({ rule: 'price list 15.9 (refund at cost)', unpriced: false, unsized: { price: 'price list 15.9', reason: 'it names no quantity', atCost: true } });
    expect(sales(at1590, refund)).toBe('-18.00');
  });

  it('a seat change without the UnitPrice (or exchange rate) its share of the month is measured by is not billed for the whole month', () => {
    expect(sales(at1590, nceLine(seatChange))).toBe('104.94'); // 11 × 15.90 × 19.80 / 33.00
    for (const line of [nceLine({ ...seatChange, unitPrice: '0' }), nceLine({ ...seatChange, unitPrice: null }), nceLine({ ...seatChange, exchangeRate: '0' })]) {
      expect(periodFraction(line)).toBeNull();
      expect(priced(at1590, line)).toMatchObject({ rule: 'default markup 5%', unsized: { price: 'price list 15.9', reason: 'it names no UnitPrice (or exchange rate) to prorate its cost by' } });
      expect(sales(at1590, line)).toBe('20.79');
    }
    // A retail price is sized the same way.
    const retail = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,,,,20.00,10` });
    expect(priced(retail, nceLine({ ...seatChange, unitPrice: '0' }))).toMatchObject({ rule: 'default markup 5%', unsized: { price: 'price list retail 20 less 10%' } });
    expect(priced(retail, nceLine({ ...seatChange, unitPrice: '0', cost: '-19.80' }))).toMatchObject({ rule: 'price list retail 20 less 10% (refund at cost)', sales: Decimal.parse('-19.80') });
  });

  it('a cycle fee needs no UnitPrice (it is a whole period), nor does a promoted seat change (its days tell the share)', () => {
    expect(priced(at1590, nceLine({ quantity: '2', unitPrice: '0', cost: '25.00' })).unsized).toBeUndefined();
    expect(sales(at1590, nceLine({ quantity: '2', unitPrice: '0', cost: '25.00' }))).toBe('31.80');
    const promoted = nceLine({ ...seatChange, unitPrice: '0', promotionId: 'P1', subscriptionStart: '2026-09-17' });
    expect(priced(at1590, promoted).unsized).toBeUndefined();
  });

  it('the reconciliation names each such line by file and row, and the product is not listed as unpriced', () => {
    const lines = [nceLine({ ...seatChange, quantity: '0', sourceRow: 47 }), nceLine({ ...seatChange, quantity: '0', cost: '-18.00', sourceRow: 48 })];
    const report = reportOf(at1590, [{ lines, document: { fileName: 'prorate-qty0.csv' } }]);
    expect(report.reconciliation.warnings).toEqual([
      "prorate-qty0.csv, row 47: Northwind Traders's Microsoft 365 Business Standard, pro-rated charge (addQuantity) costing 19.80 USD: it names no quantity, so price list 15.9 cannot size it; priced by default markup 5% instead",
      "prorate-qty0.csv, row 48: Northwind Traders's Microsoft 365 Business Standard, refund (addQuantity) costing -18.00 USD: it names no quantity, so price list 15.9 cannot size it; passed on at cost",
    ]);
    expect(report.reconciliation.unpricedProducts).toEqual([]);
  });
});

describe('refunds and credits stay negative', () => {
  const config = configOf({ Customers: CUSTOMERS, Prices: `${PRICES_HEADER}\n${EXCHANGE_PLAN_1},,,,,,,25,,` });

  it('a credit under a customer markup is a bigger credit: −10.00 with 10% is −11.00', () => {
    const credit = nceLine({ customerId: FABRIKAM, chargeType: 'customerCredit', cost: '-10.00' });
    expect(credit.transactionType).toBe('credit');
    expect(sales(config, credit)).toBe('-11.00');
  });

  it('a refund under a margin stays a refund: −7.50 at a 25% margin is −10.00', () => {
    expect(sales(config, nceLine({ productId: EXCHANGE_PLAN_1, chargeType: 'cancelImmediate', cost: '-7.50' }))).toBe('-10.00');
  });

  it("an Azure plan meter's credit in the invoice file (charge type new, negative) is priced like the meter's usage: −10.00 less 10% is −9.00", () => {
    const retail = configOf({ Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,,,,,,,,10` });
    const credit = azureUsageLine({ chargeType: 'new', cost: '-8.50', quantity: '100', unitPrice: '0.10', meter: 'Standard Data Transfer Out (1 GB)' });
    expect(credit.transactionType).toBe('credit');
    expect(priced(retail, credit)).toMatchObject({ rule: 'price list retail (UnitPrice) less 10%', unpriced: false });
    expect(sales(retail, credit)).toBe('-9.00');
  });

  it("a credit whose quantity does not measure it (1 unit at 0.096 for a 5.00 credit, or none) is passed on at cost, not off UnitPrice", () => {
    const retail = configOf({ Settings: 'Setting,Value\nDefault markup %,15', Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,,,,,,,,10` });
    const oneUnit = azureUsageLine({ chargeType: 'new', cost: '-5.00', quantity: '1', unitPrice: '0.096', meter: 'D2 v3 (1 Hour)' });
    const ofAnAmount = azureUsageLine({ chargeType: 'new', cost: '-25.00', quantity: '0', unitPrice: '1', meter: 'Azure Consumption Credit' });
    // 0.096 × 0.9 = 0.09 back for Microsoft's 5.00 would not be a credit; the default markup would list it as unpriced.
    expect(priced(retail, oneUnit)).toMatchObject({ rule: 'price list retail (UnitPrice) less 10% (credit at cost)', unpriced: false });
    expect([sales(retail, oneUnit), sales(retail, ofAnAmount)]).toEqual(['-5.00', '-25.00']);
    // A charge that names no units is not sold for nothing, nor at cost: the next rule prices it.
    const chargeOfAnAmount = azureUsageLine({ chargeType: 'new', cost: '25.00', quantity: '0', unitPrice: '1', meter: 'Support' });
    expect(priced(retail, chargeOfAnAmount)).toMatchObject({ rule: 'default markup 15%', unpriced: true });
    expect(sales(retail, chargeOfAnAmount)).toBe('28.75');
  });

  it("an Azure credit of an amount as Partner Center writes it (customerCredit on the Azure plan, no meter) is passed on at cost under a discount off UnitPrice, and not listed as unpriced", async () => {
    // The sample month's −100.00 "Azure Consumption Credit" (UnitPrice −100.00 × 1) and the EUR fixture's −25.00 "Azure
    // Credit Offer" (UnitPrice 0 × 1): neither names units of a meter. They fell to the default markup: −115.00, −26.75.
    const credits: BillingLine[] = [];
    for (const file of [join(__dirname, '../../sample/2026-10/nce-invoice-G100000001.csv'), join(__dirname, '../fixtures/nce-invoice-2026-11-eur.csv')]) {
      await new ImportSession().importFile(basename(file), byteSource(readFileSync(file)), (line) => line.transactionType === 'credit' && credits.push(line), { cycleEndDay: 'last' });
    }
    expect(credits.map((l) => [l.chargeType, l.meter, l.unitPrice?.toString(), l.quantity.toString(), l.cost.toString(), l.currency])).toEqual([
      ['customerCredit', '', '-100', '1', '-100', 'USD'],
      ['customerCredit', '', '0', '1', '-25', 'EUR'],
    ]);
    const discount = configOf({ Settings: 'Setting,Value\nDefault markup %,15', Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan (all meters),,,,,,,5` });
    for (const credit of credits) expect(priced(discount, credit)).toMatchObject({ rule: 'price list retail (UnitPrice) less 5% (credit at cost)', unpriced: false });
    expect(credits.map((l) => sales(discount, l))).toEqual(['-100.00', '-25.00']);
    const report = reportOf(discount, [{ lines: credits }]);
    expect(report.reconciliation.unpricedProducts).toEqual([]);
    // So is one a charge type "new" on the Azure plan gives back without a meter; a meter's credit is still priced off UnitPrice.
    const unmetered = azureUsageLine({ chargeType: 'new', cost: '-10.00', quantity: '1', unitPrice: '-10.00' });
    expect(unmetered.transactionType).toBe('credit');
    expect(sales(discount, unmetered)).toBe('-10.00');
    expect(sales(discount, azureUsageLine({ chargeType: 'new', cost: '-8.50', quantity: '100', unitPrice: '0.10', meter: 'Bandwidth (1 GB)' }))).toBe('-9.50');
    // A Sales or Retail price per unit does not size it either (−100.00 was −0.12 at 0.12 a unit): at cost.
    for (const row of ['0.12,,,,', ',,,0.12,']) {
      const perUnit = configOf({ Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,,,,${row}` });
      expect(credits.map((l) => [priced(perUnit, l).rule, sales(perUnit, l), priced(perUnit, l).unsized])).toEqual([
        [`price list ${row.startsWith(',') ? 'retail 0.12' : '0.12'} (credit at cost)`, '-100.00', undefined],
        [`price list ${row.startsWith(',') ? 'retail 0.12' : '0.12'} (credit at cost)`, '-25.00', undefined],
      ]);
    }
    // A markup applies to credits as ever: a markup or margin row, or the customer's markup, makes the credit bigger.
    const marked = (prices: string, customers = CUSTOMERS) => configOf({ Customers: customers, Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,,,,${prices}` });
    expect(sales(marked(',8,,,'), credits[0])).toBe('-108.00');
    expect(sales(marked(',,20,,'), credits[0])).toBe('-125.00');
    expect(sales(marked(',,,,5'), { ...credits[0], customerId: FABRIKAM })).toBe('-110.00');
  });

  it('an Azure usage credit stays negative under a discount off retail', () => {
    const retail = configOf({ Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,,,,,,,,10` });
    const credit = azureUsageLine({ chargeType: 'usage', cost: '-8.50', quantity: '100', unitPrice: '0.10' });
    expect(credit.transactionType).toBe('usage');
    expect(sales(retail, credit)).toBe('-9.00');
  });
});

describe('a legacy Azure credit is priced like the usage it offsets', () => {
  // The legacy usage file's "Offset a line item" refunds metered usage: 36.5 GB at ListPrice 0.087 (PretaxCharges 3.18).
  const charge = legacyUsageLine();
  const credit = legacyUsageLine({ chargeType: 'Offset a line item', cost: '-3.18', effectiveUnitPrice: '-0.087123' });
  const configWith = (priceRow: string) => configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${LEGACY_DATA_TRANSFER_OUT},,Data Transfer Out,,,${priceRow}` });

  it("a discount off Microsoft's UnitPrice does not price legacy usage (its ListPrice is the partner's cost): charge and credit both fall to the default markup", () => {
    const discount = configWith(',,,,10');
    expect(credit.transactionType).toBe('credit');
    // 0.087 × 36.5 less 10% would be 2.86 for a cost of 3.18: a loss. At the default 5%: 3.339 → ±3.34.
    for (const line of [charge, credit]) expect(priced(discount, line)).toMatchObject({ rule: 'default markup 5%', unpriced: true });
    expect([sales(discount, charge), sales(discount, credit)]).toEqual(['3.34', '-3.34']);
    const report = reportOf(discount, [{ lines: [charge, credit] }]);
    expect(report.cycles[0].sales.toFixed(2)).toBe('0.00');
  });

  it('a Retail price or a Sales price per GB prices the credit per GB too, signed like its cost: 0.10 × 36.5 = ±3.65', () => {
    for (const row of [',,,0.10,', '0.10,,,,']) expect([sales(configWith(row), charge), sales(configWith(row), credit)]).toEqual(['3.65', '-3.65']);
  });

  it('a credit without a quantity to price at UnitPrice (an amount, not GB) is not sold for nothing: the next rule prices it', () => {
    const amountOnly = legacyUsageLine({ chargeType: 'Offset a line item', quantity: '0', cost: '-3.18' });
    expect(priced(configWith(',,,,10'), amountOnly)).toMatchObject({ rule: 'default markup 5%', unpriced: true });
    expect(sales(configWith(',,,,10'), amountOnly)).toBe('-3.34');
  });
});

describe('each priced detail line records the rule that priced it', () => {
  it('every detail line names its rule, and a detail whose lines were priced differently lists the rules, most lines first', () => {
    const config = configOf({
      Settings: SETTINGS,
      Customers: CUSTOMERS,
      Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},0002,,P1Y,,15.00,,,,`,
    });
    const oneYear = { customerId: NORTHWIND, skuId: '0002', term: 'One-Year commitment for monthly billing' };
    const report = reportOf(config, [
      {
        lines: [
          nceLine({ ...oneYear, subscriptionId: 'first' }),
          nceLine({ ...oneYear, subscriptionId: 'second' }),
          nceLine({ customerId: NORTHWIND, skuId: '0002', subscriptionId: 'monthly', term: 'One-Month commitment for monthly billing' }),
          nceLine({ customerId: NORTHWIND, productId: EXCHANGE_PLAN_1, skuId: '0001', cost: '4.00' }),
          nceLine({ customerId: FABRIKAM, skuId: '0002' }),
        ],
      },
    ]);
    const rules = report.cycles[0].organizations.flatMap((o) => o.products.flatMap((p) => p.details.map((d) => [o.name, p.productId, d.lines, d.rules])));
    // The one-month subscription is a detail line of its own (a term of its own), priced by the default markup.
    expect(rules).toEqual([
      ['Fabrikam', M365_BUSINESS_STANDARD, 1, ['customer markup 10%']],
      ['Northwind Traders', EXCHANGE_PLAN_1, 1, ['default markup 5%']],
      ['Northwind Traders', M365_BUSINESS_STANDARD, 1, ['default markup 5%']],
      ['Northwind Traders', M365_BUSINESS_STANDARD, 2, ['price list 15']],
    ]);
    // A meter's lines priced off its UnitPrice, where one line has none: one detail line, two rules, most lines first.
    const usage = reportOf(configOf({ Settings: SETTINGS, Customers: CUSTOMERS, Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan,,,,,,,5` }), [
      {
        lines: [
          azureUsageLine({ customerId: NORTHWIND, unitPrice: '0.10', quantity: '1000', exchangeRate: '1', cost: '85.00' }),
          azureUsageLine({ customerId: NORTHWIND, unitPrice: '0.10', quantity: '500', exchangeRate: '1', cost: '42.50' }),
          azureUsageLine({ customerId: NORTHWIND, unitPrice: null, quantity: '10', exchangeRate: '1', cost: '1.00' }),
        ],
      },
    ]);
    const details = usage.cycles[0].organizations[0].products[0].details;
    expect(details.map((d) => [d.lines, d.rules])).toEqual([[3, ['price list retail (UnitPrice) less 5%', 'default markup 5%']]]);
  });
});

describe('a sales price is per month, or per year on a row whose Billing plan is Annual', () => {
  it('a line billed yearly pays twelve months of a monthly price, and the rule says so', () => {
    const config = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,15.00,,,,` });
    const yearly = nceLine({ term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual', chargeEnd: '2027-10-04', unitPrice: '150.00', cost: '150.00' });
    expect(priced(config, yearly).rule).toBe('price list 15 × 12 (billed yearly)');
    expect(sales(config, yearly)).toBe('180.00');
  });

  it('a 3-year term paid upfront (BillingFrequency Triennial) pays its 36 months; a one-time purchase one price per unit, whatever its term', () => {
    const config = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,12.00,,,,` });
    const triennial = nceLine({ term: 'Three-Year commitment for triennial billing', billingFrequency: 'Triennial', chargeType: 'new', chargeEnd: '2029-10-04', unitPrice: '360.00', cost: '360.00' });
    expect(priced(config, triennial).rule).toBe('price list 12 × 36 (paid for a 3-year term)');
    expect(sales(config, triennial)).toBe('432.00');
    // Cancelled within days: the refund's share of the term, at the term's price.
    const refund = nceLine({ term: 'Three-Year commitment for triennial billing', billingFrequency: 'Triennial', chargeType: 'cancelImmediate', chargeStart: '2026-10-07', chargeEnd: '2029-10-04', unitPrice: '360.00', cost: '-358.03' });
    expect(sales(config, refund)).toBe('-429.64');
    // BillingFrequency blank is a one-time payment (software, a reservation): its price is the purchase's.
    const oneTime = nceLine({ term: 'One-year term duration', billingFrequency: '', chargeType: 'new', chargeEnd: '2027-10-04', quantity: '2', unitPrice: '120.00', cost: '240.00' });
    expect(priced(config, oneTime).rule).toBe('price list 12');
    expect(sales(config, oneTime)).toBe('24.00');
  });

  it("a customer's price (Customer Prices has no Billing plan) is monthly too", () => {
    const config = configOf({ Customers: CUSTOMERS, 'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM},${M365_BUSINESS_STANDARD},,14.00,,` });
    const yearly = nceLine({ customerId: FABRIKAM, term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual', chargeEnd: '2027-10-04', unitPrice: '150.00', cost: '150.00' });
    expect(sales(config, yearly)).toBe('168.00');
  });
});

describe('markup is exact until the invoice rounds it', () => {
  it('a cost of 0.0045454545454545445 with 10% is 0.00499999999999999895: the invoice shows 0.00, not 0.01', () => {
    const config = configOf({ Settings: 'Setting,Value\nDefault markup %,10' });
    const line = azureUsageLine({ cost: '0.0045454545454545445' });
    expect(priced(config, line).sales.toString()).toBe('0.00499999999999999895');
    const report = reportOf(config, [{ lines: [line] }]);
    expect(report.cycles[0].sales.toFixed(2)).toBe('0.00');
  });

  it('a markup with decimals (12.5%) on a cost with many decimals is exact', () => {
    const config = configOf({ Settings: 'Setting,Value\nDefault markup %,12.5' });
    expect(priced(config, azureUsageLine({ cost: '7.10833E-05' })).sales.equals(Decimal.parse('0.0000799687125'))).toBe(true);
  });
});

describe('an amount of exactly half a cent rounds up, however many divisions made it', () => {
  const detailSales = (config: BillingConfig, lines: BillingLine[]) => reportOf(config, [{ lines }]).cycles[0].sales.toFixed(2);

  it('a fixed price over a share of the period that does not end in decimals: 10.05 × 10/12 is 8.375 → 8.38, a refund −8.38', () => {
    const config = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,10.05,,,,` });
    const added = nceLine({ chargeType: 'addQuantity', unitPrice: '12.00', quantity: '1', cost: '10.00' });
    expect(periodFraction(added)!.toString()).toBe('0.833333333333');
    expect(detailSales(config, [added])).toBe('8.38');
    expect(detailSales(config, [nceLine({ chargeType: 'removeQuantity', unitPrice: '12.00', quantity: '1', cost: '-10.00' })])).toBe('-8.38');
  });

  it('a third of a period at 11.115 is −3.705 → −3.71 (half away from zero)', () => {
    const config = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,11.115,,,,` });
    expect(detailSales(config, [nceLine({ chargeType: 'removeQuantity', unitPrice: '7.20', quantity: '1', cost: '-2.40' })])).toBe('-3.71');
  });

  it('a 70% margin on lines of 0.0001, 0.0001, 0.0001 and 0.0012 is 0.0015 / 0.3 = 0.005 → 0.01 (each line alone does not end)', () => {
    const config = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,,,70,,` });
    const lines = ['0.0001', '0.0001', '0.0001', '0.0012'].map((cost, i) => nceLine({ subscriptionId: `s${i}`, cost }));
    expect(detailSales(config, lines)).toBe('0.01');
  });
});

describe('Azure free tiers', () => {
  it('a meter row Microsoft billed at nothing (EffectiveUnitPrice 0) is free at retail too, not UnitPrice × quantity', () => {
    const config = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${AZURE_PLAN},,Azure plan,,,,,,,5` });
    const free = azureUsageLine({ unitPrice: '0.087', quantity: '10', exchangeRate: '1', cost: '0' });
    expect(priced(config, free)).toMatchObject({ rule: 'no charge', unpriced: false });
    expect(priced(config, free).sales.isZero()).toBe(true);
    const charged = azureUsageLine({ unitPrice: '0.087', quantity: '10', exchangeRate: '1', cost: '0.74' });
    expect(priced(config, charged).sales.toString()).toBe('0.8265');
  });
});

describe('no price divides by zero', () => {
  const fixedAt12 = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,12.00,,,,` });

  it('a seat change whose exchange rate is 0 (which the import refuses) is not divided by nothing: its share is unknown, so the refund is passed on at cost', () => {
    const change = nceLine({ chargeType: 'addQuantity', unitPrice: '10.08', quantity: '10', exchangeRate: '0', cost: '-94.08', chargeStart: '2021-06-20', chargeEnd: '2021-07-17' });
    expect(periodFraction(change)).toBeNull();
    expect(sales(fixedAt12, change)).toBe('-94.08');
  });

  it('a margin of 100 % (which the tables refuse) prices nothing: the next rule prices the line', () => {
    const config = configOf({ Settings: SETTINGS, Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,,,50,,` });
    // As the task pane still prices its suggested rows under a table with problems.
    const impossible: BillingConfig = { ...config, prices: config.prices.map((entry) => ({ ...entry, method: { kind: 'margin', percent: Decimal.fromInt(100) } })) };
    expect(priced(impossible, nceLine({ cost: '12.50' }))).toMatchObject({ rule: 'default markup 5%', unpriced: true });
  });
});

describe('the Promotions setting: under a Sales price, Keep bills the price list by days, Pass on gives the customer the promotion', () => {
  const prices = `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,12.00,,,,`;
  const keep = configOf({ Settings: 'Setting,Value\nCurrency,USD', Prices: prices });
  const passOn = configOf({ Settings: 'Setting,Value\nCurrency,USD\nPromotions,Pass on', Prices: prices });
  // Two seats at a UnitPrice of 10.00, subscription bought May 5: periods run the 5th to the 4th (October 5 – November 4, 31 days).
  const promo = { unitPrice: '10.00', quantity: '2', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0PROMO', subscriptionStart: '2026-05-05' };
  const month = { ...promo, chargeType: 'cycleCharge', chargeStart: '2026-10-05', chargeEnd: '2026-11-04' };
  // Seats added or removed October 7: 29 of the 31 days. 12.00 × 2 × 29/31 = 22.45.
  const added = { ...promo, chargeType: 'addQuantity', chargeStart: '2026-10-07', chargeEnd: '2026-11-04' };
  const removed = { ...added, chargeType: 'removeQuantity' };

  it('Keep: a 99% and a 100% promotion bill the full price alike, for a month and for the days of a seat change', () => {
    expect(sales(keep, nceLine({ ...month, cost: '0.20' }))).toBe('24.00');
    const free = nceLine({ ...month, cost: '0' });
    expect(priced(keep, free)).toMatchObject({ rule: 'price list 12', unpriced: false });
    expect(priced(keep, free).fraction!.toString()).toBe('1');
    expect(sales(keep, free)).toBe('24.00');
    expect(sales(keep, nceLine({ ...added, cost: '0.19' }))).toBe('22.45');
    expect(sales(keep, nceLine({ ...removed, cost: '-0.19' }))).toBe('-22.45');
  });

  it('Keep: a 100% promotion\'s cancellation (cost 0) is a refund of its days', () => {
    const refund = nceLine({ ...removed, chargeType: 'cancelImmediate', cost: '0' });
    expect(refund.transactionType).toBe('refund');
    expect(sales(keep, refund)).toBe('-22.45');
  });

  it('Keep: a 100% promotion whose charge type cannot tell a charge from a refund stays no charge, and is named', () => {
    // Seats added or removed come as a refund of the old count and a charge of the new, one charge type for both.
    for (const chargeType of ['addQuantity', 'removeQuantity', 'convert', 'changeBillingPlan', 'moveQuantity', 'somethingNew']) {
      const line = nceLine({ ...added, chargeType, cost: '0' });
      expect(priced(keep, line)).toMatchObject({ rule: 'no charge', fraction: null, unsized: { price: 'price list 12', atCost: true } });
      expect(priced(keep, line).sales.isZero()).toBe(true);
    }
    const report = reportOf(keep, [{ lines: [nceLine({ ...added, chargeType: 'convert', cost: '0', sourceRow: 12 })], document: { fileName: 'promo.csv' } }]);
    expect(report.reconciliation.warnings).toEqual([
      "promo.csv, row 12: Northwind Traders's Microsoft 365 Business Standard, pro-rated charge (convert) costing 0.00 USD: its charge type convert does not say whether a 100% promotion's line is a charge or a refund, so price list 12 cannot size it; billed as no charge",
    ]);
  });

  it('Keep: a markup or margin of a cost of 0 is 0, "no charge"; a trial and a free tier stay no charge', () => {
    const markup = configOf({ Settings: 'Setting,Value\nCurrency,USD\nDefault markup %,15' });
    expect(priced(markup, nceLine({ ...month, cost: '0' }))).toMatchObject({ rule: 'no charge', fraction: null, unpriced: false });
    const margin = configOf({ Prices: `${PRICES_HEADER}\n${M365_BUSINESS_STANDARD},,,,,,,30,,` });
    expect(priced(margin, nceLine({ ...month, cost: '0' }))).toMatchObject({ rule: 'no charge' });
    expect(priced(keep, nceLine({ ...month, promotionId: '', cost: '0' }))).toMatchObject({ rule: 'no charge' });
    expect(priced(keep, nceLine({ ...month, unitPrice: '0', cost: '0' }))).toMatchObject({ rule: 'no charge' });
    // A trial's seats removed: a refund of nothing, not a refund of 22.45 nor a charge.
    const trialRemoved = nceLine({ ...removed, promotionId: '', cost: '0' });
    expect(trialRemoved.transactionType).toBe('refund');
    expect(priced(keep, trialRemoved)).toMatchObject({ rule: 'no charge', fraction: null });
    expect(priced(keep, trialRemoved).unsized).toBeUndefined();
    expect(sales(keep, trialRemoved)).toBe('0.00');
  });

  it('Pass on: the share is the cost share, so a 99% promotion bills 1% of the price and a 100% one nothing', () => {
    expect(sales(passOn, nceLine({ ...month, cost: '0.20' }))).toBe('0.24');
    expect(priced(passOn, nceLine({ ...month, cost: '0' }))).toMatchObject({ rule: 'no charge', fraction: null });
    expect(priced(passOn, nceLine({ ...removed, cost: '0' }))).toMatchObject({ rule: 'no charge' });
    expect(priced(passOn, nceLine({ ...added, chargeType: 'convert', cost: '0' })).unsized).toBeUndefined();
    // 20% off 10.00 for 29 of 31 days: 2 × 10.00 × 0.8 × 29/31 = 14.97 of a full 20.00, so 12.00 × 2 × 0.7484 = 17.96.
    expect(sales(passOn, nceLine({ ...added, cost: '14.97' }))).toBe('17.96');
    expect(sales(keep, nceLine({ ...added, cost: '14.97' }))).toBe('22.45');
  });

  it('Pass on: a promotion\'s month without UnitPrice is not billed the whole price (24.00): its discount cannot be measured, so the next rule prices it, and it is named', () => {
    // 20% off 10.00: 2 seats cost 16.00. The full-period cost (UnitPrice × 2) is unknown, so is the customer's 80%.
    const month20 = nceLine({ ...month, unitPrice: null, cost: '16.00', sourceRow: 7 });
    expect(periodFraction(month20, false)).toBeNull();
    expect(priced(passOn, month20)).toMatchObject({ rule: 'default markup 0%', unpriced: false, unsized: { price: 'price list 12', atCost: false } });
    expect(sales(passOn, month20)).toBe('16.00');
    expect(sales(keep, month20)).toBe('24.00');
    // A refund of such a month is passed on at cost.
    const refunded = nceLine({ ...month, chargeType: 'cancelImmediate', unitPrice: null, cost: '-16.00' });
    expect(priced(passOn, refunded)).toMatchObject({ rule: 'price list 12 (refund at cost)', unsized: { atCost: true } });
    expect(sales(passOn, refunded)).toBe('-16.00');
    const report = reportOf(passOn, [{ lines: [month20], document: { fileName: 'promo.csv' } }]);
    expect(report.reconciliation.warnings).toEqual([
      "promo.csv, row 7: Northwind Traders's Microsoft 365 Business Standard, cycle fee (cycleCharge) costing 16.00 USD: it names no UnitPrice (or exchange rate) to measure the promotion passed on by, so price list 12 cannot size it; priced by default markup 0% instead",
    ]);
  });

  it('Keep: a billed 100% promotion joins its product\'s paid lines; Pass on keeps it a "no charge" line of its own', () => {
    const lines = [nceLine({ ...month, promotionId: '', cost: '20.00', subscriptionId: 'paid' }), nceLine({ ...month, cost: '0', subscriptionId: 'free' })];
    const termsOf = (config: BillingConfig) =>
      reportOf(config, [{ lines }]).cycles[0].organizations[0].products[0].details.map((d) => [d.term, d.quantity.toString(), d.sales.toFixed(2)]);
    expect(termsOf(keep)).toEqual([['1-year term, billed monthly', '4', '48.00']]);
    expect(termsOf(passOn)).toEqual([
      ['1-year term, billed monthly', '2', '24.00'],
      ['1-year term, billed monthly, no charge', '2', '0.00'],
    ]);
  });
});

describe('one pricer for a whole file', () => {
  // What a rule and a price row give is worked out once and kept (rule texts, a Retail row's factor, terms and plans):
  // a line priced after others must come out as it does on its own.
  const TABLES = {
    Settings: SETTINGS,
    Customers: CUSTOMERS,
    Prices: [
      PRICES_HEADER,
      `${M365_BUSINESS_STANDARD},,,,,12.50,,,,`,
      `${EXCHANGE_PLAN_1},ab01,,,,,,25,,`,
      `${EXCHANGE_PLAN_1},,,,,,,,6.00,10`,
      `${AZURE_PLAN},,,,,,,,,15`,
      `P-MARKUP,,,,,,20,,,`,
    ].join('\n'),
    'Customer Prices': `${CUSTOMER_PRICES_HEADER}\n${FABRIKAM},${M365_BUSINESS_STANDARD},,14.00,,`,
  };
  const yearly = { term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual', chargeEnd: '2027-10-04', cost: '150.00', unitPrice: '150.00' };
  const lines = [
    nceLine(),
    nceLine(yearly),
    nceLine({ customerId: FABRIKAM }),
    nceLine({ customerId: FABRIKAM, ...yearly }),
    nceLine({ term: 'Three-Year commitment for monthly billing' }),
    nceLine({ billingFrequency: 'Triennial', term: 'Three-Year commitment' }),
    nceLine({ productId: EXCHANGE_PLAN_1, skuId: 'AB01' }),
    nceLine({ productId: EXCHANGE_PLAN_1, skuId: 'ab01' }),
    nceLine({ productId: EXCHANGE_PLAN_1, skuId: '0001' }),
    nceLine({ productId: EXCHANGE_PLAN_1, skuId: '0001', ...yearly }),
    azureUsageLine(),
    azureUsageLine({ cost: '-5.00', quantity: '-50', transactionType: 'credit' }),
    nceLine({ productId: 'P-MARKUP' }),
    nceLine({ productId: 'P-UNPRICED' }),
    nceLine({ customerId: CONTOSO }),
    nceLine(),
  ];

  it('prices each line as a pricer of its own would, whatever came before it', () => {
    const config = configOf(TABLES);
    const pricer = createPricer(config);
    const together = lines.map((line) => pricer.price(line, config.customers.get(idKey(line.customerId))));
    const alone = lines.map((line) => {
      const own = configOf(TABLES);
      return createPricer(own).price(line, own.customers.get(idKey(line.customerId)));
    });
    const plain = (priced: PricedLine) => ({ ...priced, sales: [priced.sales.units, priced.sales.scale], fraction: priced.fraction?.toString() ?? null });
    expect(together.map(plain)).toEqual(alone.map(plain));
    expect(together.map((priced) => priced.rule)).toEqual([
      'price list 12.5',
      'price list 12.5 × 12 (billed yearly)',
      'customer 14',
      'customer 14 × 12 (billed yearly)',
      'price list 12.5',
      'price list 12.5 × 36 (paid for a 3-year term)',
      'price list margin 25%',
      'price list margin 25%',
      'price list retail 6 less 10%',
      'price list retail 6 less 10%',
      'price list retail (UnitPrice) less 15%',
      'price list retail (UnitPrice) less 15% (credit at cost)',
      'price list markup 20%',
      'default markup 5%',
      'not billable',
      'price list 12.5',
    ]);
  });
});

describe("a plan (Pricer.plan) prices any line that cost something of the same customer, product, SKU, term, billing plan and currency as price() does", () => {
  const PRODUCTS = ['P-1', 'p-1', 'P-2', 'P-3'];
  // Sales price, Markup %, Margin %, Retail price, Discount %: each method, and a product listed without a price.
  const method = fc.constantFrom('9.50,,,,', ',12,,,', ',,25,,', ',,,20,10', ',,,,15', ',,,,');
  const priceRow = fc
    .record({ product: fc.constantFrom('P-1', 'P-2', 'P-3'), sku: fc.constantFrom('', '0001', '0002'), term: fc.constantFrom('', 'P1M', 'P1Y'), plan: fc.constantFrom('', 'Monthly', 'Annual'), method })
    .map(({ product, sku, term, plan, method }) => [product, sku, 'Product', term, plan, method].join(','));
  const customerPriceRow = fc
    .record({ customer: fc.constantFrom('C-1', 'C-2'), product: fc.constantFrom('P-1', 'P-2'), sku: fc.constantFrom('', '0001'), method: fc.constantFrom('9.50,,', ',12,', ',,25') })
    .map(({ customer, product, sku, method }) => `${customer},${product},${sku},${method}`);
  const configText = fc.record({
    prices: fc.uniqueArray(priceRow, { maxLength: 6, selector: (row) => row.split(',').slice(0, 5).join() }),
    customerPrices: fc.uniqueArray(customerPriceRow, { maxLength: 3, selector: (row) => row.split(',').slice(0, 3).join() }),
    markup: fc.constantFrom('', '10'),
    billable: fc.constantFrom('Yes', 'No'),
  });
  const cost = fc.oneof(
    fc.bigInt({ min: -100_000n, max: 100_000n }).map((cents) => new Decimal(cents, 2)),
    fc.record({ units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), scale: fc.integer({ min: 0, max: 24 }) }).map(({ units, scale }) => new Decimal(units, scale)),
  );
  const key = fc.record({
    customerId: fc.constantFrom('C-1', 'c-1', 'C-2', 'C-3', 'tenant-x'),
    productId: fc.constantFrom(...PRODUCTS),
    skuId: fc.constantFrom('0001', '0002'),
    term: fc.constantFrom('One-Month commitment for monthly billing', 'One-Year commitment for monthly billing', 'One-Year commitment for yearly billing', ''),
    billingFrequency: fc.constantFrom('Monthly', 'Annual', ''),
    currency: fc.constantFrom('USD', 'EUR'),
  });
  const rest = fc.record({
    cost,
    quantity: fc.constantFrom('0', '1', '3', '-2'),
    unitPrice: fc.constantFrom(null, '0', '4.00', '12.50'),
    chargeType: fc.constantFrom('cycleCharge', 'new', 'addQuantity', 'cancelImmediate', 'customerCredit', 'usage'),
    promotionId: fc.constantFrom('', 'PROMO'),
    meter: fc.constantFrom('', 'Data Stored'),
    chargeStart: fc.constantFrom(null, '2026-10-05'),
  });
  const lineOf = (k: Partial<BillingLine>, r: { cost: Decimal; quantity: string; unitPrice: string | null; chargeType: string; promotionId: string; meter: string; chargeStart: string | null }): BillingLine =>
    nceLine({ ...k, ...r, cost: r.cost, total: null, transactionType: transactionTypeOf({ format: 'nce-invoice', chargeType: r.chargeType, cost: r.cost, isMeteredUsage: r.meter !== '', isOneTimePurchase: false, chargeStart: null, chargeEnd: null, billingFrequency: k.billingFrequency!, term: k.term! }) });

  it('priced alike, rule and rounding included, and a customer not priced by rows of its own as a tenant not in the Customers table', () => {
    fc.assert(
      fc.property(configText, key, fc.array(rest, { minLength: 1, maxLength: 6 }), ({ prices, customerPrices, markup, billable }, k, rests) => {
        const config = configOf({
          Settings: SETTINGS,
          Customers: `Customer ID,Organization,Markup %,Billable\nC-1,One,${markup},${billable}\nC-2,Two,,Yes`,
          Prices: [PRICES_HEADER, ...prices].join('\n'),
          'Customer Prices': [CUSTOMER_PRICES_HEADER, ...customerPrices].join('\n'),
        });
        const pricer = createPricer(config);
        const customer = config.customers.get(idKey(k.customerId));
        // As the report asks: a customer priced as any tenant is asked without its entry.
        const asked = customer !== undefined && pricer.ownPricing(customer) ? customer : undefined;
        const lines = rests.map((r) => lineOf(k, r)).filter((line) => !line.cost.isZero());
        const plan = lines.length === 0 ? null : pricer.plan(lines[0], asked);
        for (const line of lines) {
          expect(pricer.plan(line, asked)).toEqual(plan);
          if (plan !== null) expect(pricedByPlan(plan, line)).toEqual(pricer.price(line, customer));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
