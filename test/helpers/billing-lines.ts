/**
 * BillingLines for billing unit tests, built by hand rather than imported: amounts are written as decimal text,
 * dates as "YYYY-MM-DD", and the transaction type is derived from the charge type and the sign of the cost the same
 * way the import does, unless a test sets it.
 */
import { parseBillingDate } from '../../src/billing/dates';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { transactionTypeOf } from '../../src/billing/transaction-type';

type AmountField = 'quantity' | 'unitPrice' | 'effectiveUnitPrice' | 'cost' | 'tax' | 'total' | 'exchangeRate';
type DateField = 'chargeStart' | 'chargeEnd' | 'orderDate' | 'subscriptionStart' | 'subscriptionEnd';

/** A line described with text: amounts as "12.50" (or a Decimal), dates as "2026-10-05" or "10/5/2026 23:59". */
export type LineSpec = Partial<Omit<BillingLine, AmountField | DateField>> &
  Partial<Record<AmountField, string | Decimal | null>> &
  Partial<Record<DateField, string | number | null>>;

export const NORTHWIND = '11111111-1111-4111-8111-111111111111';
export const FABRIKAM = '22222222-2222-4222-8222-222222222222';
export const CONTOSO = '44444444-4444-4444-8444-444444444444';

export const M365_BUSINESS_STANDARD = 'CFQ7TTC0LCHC';
export const EXCHANGE_PLAN_1 = 'CFQ7TTC0LF8Q';
export const AZURE_PLAN = 'DZH318Z0BQ3Q';
/** Legacy Exchange Online (Plan 1): the OfferId as written, and the DurableOfferId that the price list uses. */
export const LEGACY_EXCHANGE_OFFER_ID = '195416C1';
export const LEGACY_EXCHANGE_DURABLE_OFFER_ID = '195416C1-3447-423A-B37B-EE59A99A19C4';
/** Legacy Office 365 Enterprise E1, by its DurableOfferId. */
export const LEGACY_E1_DURABLE_OFFER_ID = '91FD106F-4B2C-4938-95AC-F54F74E9A239';
/** A legacy Azure meter (its ResourceGuid): Data Transfer Out (GB). */
export const LEGACY_DATA_TRANSFER_OUT = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const DEFAULTS: BillingLine = {
  format: 'nce-invoice',
  customerId: NORTHWIND,
  customerName: 'Northwind Traders',
  customerDomain: 'northwind.onmicrosoft.com',
  invoiceNumber: 'G100000001',
  subscriptionId: 'a1b2c3d4-0000-4000-8000-000000000001',
  subscriptionDescription: 'Microsoft 365 Business Standard',
  productId: M365_BUSINESS_STANDARD,
  skuId: '0002',
  productName: 'Microsoft 365 Business Standard',
  skuName: 'Microsoft 365 Business Standard',
  offerId: '',
  term: 'One-Year commitment for monthly billing',
  billingFrequency: 'Monthly',
  chargeType: 'cycleCharge',
  transactionType: 'cycle fee',
  chargeStart: Date.UTC(2026, 9, 5),
  chargeEnd: Date.UTC(2026, 10, 4),
  orderDate: Date.UTC(2025, 9, 5),
  subscriptionStart: Date.UTC(2025, 9, 5),
  subscriptionEnd: Date.UTC(2026, 9, 4),
  quantity: Decimal.ONE,
  unitPrice: Decimal.parse('12.50'),
  effectiveUnitPrice: Decimal.parse('12.50'),
  cost: Decimal.parse('12.50'),
  tax: Decimal.ZERO,
  total: null,
  currency: 'USD',
  pricingCurrency: 'USD',
  exchangeRate: Decimal.ONE,
  referenceId: '',
  orderId: '',
  unit: 'Licenses',
  meter: '',
  promotionId: '',
  benefit: '',
  sourceFile: 'test.csv',
  sourceRow: 2,
};

function amount(value: string | Decimal | null): Decimal | null {
  if (value === null) return null;
  return typeof value === 'string' ? Decimal.parse(value) : value;
}

function date(value: string | number | null): number | null {
  if (value === null || typeof value === 'number') return value;
  return parseBillingDate(value);
}

function build(base: BillingLine, spec: LineSpec, isMeteredUsage = false): BillingLine {
  const line: BillingLine = { ...base };
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    if (['quantity', 'unitPrice', 'effectiveUnitPrice', 'cost', 'tax', 'total', 'exchangeRate'].includes(key)) {
      (line as unknown as Record<string, unknown>)[key] = amount(value as string | Decimal | null);
    } else if (['chargeStart', 'chargeEnd', 'orderDate', 'subscriptionStart', 'subscriptionEnd'].includes(key)) {
      (line as unknown as Record<string, unknown>)[key] = date(value as string | number | null);
    } else {
      (line as unknown as Record<string, unknown>)[key] = value;
    }
  }
  if (line.quantity === null) line.quantity = Decimal.ZERO;
  if (spec.transactionType === undefined) {
    line.transactionType = transactionTypeOf({
      format: line.format,
      chargeType: line.chargeType,
      cost: line.cost,
      isMeteredUsage,
      isOneTimePurchase: false,
      chargeStart: line.chargeStart,
      chargeEnd: line.chargeEnd,
      billingFrequency: line.billingFrequency,
      term: line.term,
    });
  }
  return line;
}

/** A new commerce invoice line: by default one seat of Microsoft 365 Business Standard, a monthly cycle charge of 12.50 USD for Northwind. */
export function nceLine(spec: LineSpec = {}): BillingLine {
  return build(DEFAULTS, spec);
}

/** An Azure plan meter on the new commerce invoice: UnitPrice is the pay-as-you-go (retail) price. */
export function azureUsageLine(spec: LineSpec = {}): BillingLine {
  return build(
    {
      ...DEFAULTS,
      subscriptionDescription: 'Azure plan',
      productId: AZURE_PLAN,
      skuId: '0001',
      productName: 'Azure plan',
      skuName: 'Azure plan',
      term: '',
      billingFrequency: '',
      chargeType: 'new',
      chargeStart: Date.UTC(2026, 9, 1),
      chargeEnd: Date.UTC(2026, 9, 31),
      quantity: Decimal.parse('1000'),
      unitPrice: Decimal.parse('0.10'),
      effectiveUnitPrice: Decimal.parse('0.085'),
      cost: Decimal.parse('85.00'),
      unit: '1 GB',
      meter: '',
      promotionId: '',
      benefit: '',
    },
    spec,
    true,
  );
}

/** A legacy license-based line: by default Microsoft's example, one $4 Exchange Online (Plan 1) seat, cycle fee Jan 13 – Feb 12, 2018. */
export function legacyLine(spec: LineSpec = {}): BillingLine {
  return build(
    {
      ...DEFAULTS,
      format: 'legacy-license',
      customerName: 'Wingtip Toys',
      invoiceNumber: '',
      productId: LEGACY_EXCHANGE_DURABLE_OFFER_ID,
      offerId: LEGACY_EXCHANGE_OFFER_ID,
      skuId: '',
      productName: 'Exchange Online (Plan 1)',
      skuName: '',
      term: '',
      billingFrequency: 'Monthly',
      chargeType: 'Cycle fee',
      chargeStart: Date.UTC(2018, 0, 13),
      chargeEnd: Date.UTC(2018, 1, 12, 23, 59),
      orderDate: null,
      subscriptionStart: Date.UTC(2018, 0, 13),
      subscriptionEnd: Date.UTC(2019, 0, 12),
      quantity: Decimal.ONE,
      unitPrice: Decimal.parse('4.00'),
      effectiveUnitPrice: null,
      cost: Decimal.parse('4.00'),
      exchangeRate: null,
      pricingCurrency: '',
    },
    spec,
  );
}

/** A legacy usage-based (Azure) line: by default 36.5 GB of Data Transfer Out at a ListPrice of 0.087 (3.18), January 16 – February 15, 2019. */
export function legacyUsageLine(spec: LineSpec = {}): BillingLine {
  return build(
    {
      ...DEFAULTS,
      format: 'legacy-usage',
      customerName: 'Wingtip Toys',
      invoiceNumber: 'D0300069TL',
      subscriptionId: 'AZ-0145P-7f8e9d0c',
      subscriptionDescription: 'Microsoft Azure',
      productId: LEGACY_DATA_TRANSFER_OUT,
      skuId: '',
      productName: 'Data Management',
      skuName: 'Data Transfer Out (GB)',
      term: '',
      billingFrequency: 'Monthly',
      chargeType: 'Assess usage fee for current cycle',
      chargeStart: Date.UTC(2019, 0, 16),
      chargeEnd: Date.UTC(2019, 1, 15, 23, 59),
      orderDate: null,
      subscriptionStart: null,
      subscriptionEnd: null,
      quantity: Decimal.parse('36.5'),
      unitPrice: Decimal.parse('0.087'),
      effectiveUnitPrice: Decimal.parse('0.087123'),
      cost: Decimal.parse('3.18'),
      exchangeRate: null,
      pricingCurrency: '',
      unit: 'GB',
    },
    spec,
  );
}
