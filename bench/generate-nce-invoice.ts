/**
 * Deterministic generator of a large new commerce (NCE) invoice reconciliation CSV, the 47-column file of
 * docs/reference 1(c), for the import benchmark. Same line count + same GENERATOR_VERSION = same bytes, so the
 * file is cached in bench/data and its exact Subtotal sum is known without reading it back.
 *
 * Money is computed with its own bigint arithmetic (not src/billing/decimal, which is what the bench checks):
 * Subtotal = EffectiveUnitPrice × BillableQuantity rounded half away from zero to cents, with the price exactly as
 * printed; Total = Subtotal + TaxTotal. Prorated prices follow Microsoft's 28-significant-digit decimals
 * (unit price / cycle days, then × billing days).
 *
 *   npx tsx bench/generate-nce-invoice.ts [lines]
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

/** Bump whenever the output changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;
export const DATA_DIR = path.join(__dirname, 'data');
const SEED = 0x2026_10_31;
const CUSTOMER_COUNT = 4000;
const CURRENCY = 'USD';
const WRITE_CHARS = 1 << 20;

/** Microsoft's order (Graph billedReconciliation, attributeSet=full). */
export const COLUMNS = [
  'PartnerId', 'CustomerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'InvoiceNumber', 'MpnId', 'Tier2MpnId',
  'OrderId', 'OrderDate', 'ProductId', 'SkuId', 'AvailabilityId', 'SkuName', 'ProductName', 'ChargeType', 'UnitPrice', 'Quantity',
  'Subtotal', 'TaxTotal', 'Total', 'Currency', 'PriceAdjustmentDescription', 'PublisherName', 'PublisherId', 'SubscriptionDescription',
  'SubscriptionId', 'ChargeStartDate', 'ChargeEndDate', 'TermAndBillingCycle', 'EffectiveUnitPrice', 'UnitType', 'AlternateId',
  'BillableQuantity', 'BillingFrequency', 'PricingCurrency', 'PCToBCExchangeRate', 'PCToBCExchangeRateDate', 'MeterDescription',
  'ReservationOrderId', 'CreditReasonCode', 'SubscriptionStartDate', 'SubscriptionEndDate', 'ReferenceId', 'ProductQualifiers',
  'PromotionId', 'ProductCategory',
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, string>>;
/** Written bare; every other field is quoted, empty ones included, as Partner Center exports text. */
const NUMERIC = new Set<Column>(['UnitPrice', 'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'EffectiveUnitPrice', 'BillableQuantity', 'PCToBCExchangeRate']);

// ---- exact decimals: value = units / 10^scale ----

interface Dec {
  units: bigint;
  scale: number;
}
const POW10: bigint[] = [1n];
const pow10 = (n: number): bigint => {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
};
const dec = (text: string): Dec => {
  const dot = text.indexOf('.');
  return dot < 0 ? { units: BigInt(text), scale: 0 } : { units: BigInt(text.replace('.', '')), scale: text.length - dot - 1 };
};
const int = (n: number): Dec => ({ units: BigInt(n), scale: 0 });
/** n / d rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = (n % d) * 2n;
  if (twice >= d) return q + 1n;
  if (-twice >= d) return q - 1n;
  return q;
}
const mul = (a: Dec, b: Dec): Dec => ({ units: a.units * b.units, scale: a.scale + b.scale });
const neg = (a: Dec): Dec => ({ units: -a.units, scale: a.scale });
function rescale(a: Dec, scale: number): Dec {
  if (scale >= a.scale) return { units: a.units * pow10(scale - a.scale), scale };
  return { units: divRound(a.units, pow10(a.scale - scale)), scale };
}
/** Drops trailing zeros, keeping at least `minScale` decimals. */
function trim(a: Dec, minScale: number): Dec {
  let { units, scale } = a;
  while (scale > minScale && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}
/** num / den as .NET's decimal prints it: 28 significant digits, half away from zero, trailing zeros kept. */
function decimal28(num: bigint, den: bigint): Dec {
  const whole = num < 0n ? -num / den : num / den;
  const scale = 28 - (whole === 0n ? 0 : whole.toString().length);
  return { units: divRound(num * pow10(scale), den), scale };
}
/** Microsoft's proration: (unit price / cycle days) × billing days, each step a 28-digit decimal. */
function prorate(price: Dec, cycleDays: number, days: number): Dec {
  const daily = decimal28(price.units, pow10(price.scale) * BigInt(cycleDays));
  return decimal28(daily.units * BigInt(days), pow10(daily.scale));
}
function fixed(a: Dec): string {
  const negative = a.units < 0n;
  let digits = (negative ? -a.units : a.units).toString();
  if (a.scale > 0) {
    digits = digits.padStart(a.scale + 1, '0');
    digits = `${digits.slice(0, -a.scale)}.${digits.slice(-a.scale)}`;
  }
  return negative ? `-${digits}` : digits;
}
/** Excel-style scientific notation, as seen in real exports: 7.10833E-05, 0.00E+00. */
function sci(a: Dec): string {
  const t = trim(a, 0);
  if (t.units === 0n) return '0.00E+00';
  const digits = (t.units < 0n ? -t.units : t.units).toString();
  const exponent = digits.length - 1 - t.scale;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${t.units < 0n ? '-' : ''}${mantissa}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

// ---- seeded randomness ----

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- dates (UTC midnight, milliseconds) ----

const DAY = 86_400_000;
const utc = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);
const dateText = new Map<number, string>();
/** M/D/YYYY without leading zeros, as the NCE files write them. */
function mdy(t: number): string {
  let text = dateText.get(t);
  if (text === undefined) {
    const d = new Date(t);
    text = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    dateText.set(t, text);
  }
  return text;
}
/** Last day of a charge cycle of `months` from `start` (NCE: a purchase on Jan 30/31 ends Feb 27). */
function cycleEnd(start: number, months: number): number {
  const d = new Date(start);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) - DAY;
}
const days = (from: number, to: number): number => Math.round((to - from) / DAY) + 1;

// ---- catalogue ----

interface License {
  productId: string;
  skuId: string;
  skuName: string;
  productName: string;
  /** Partner price per seat per month on an annual term. */
  monthly: string;
  addOn?: boolean;
}
/** Ids have Microsoft's shape (CFQ7TTC0xxxx / 0001); prices are plausible list prices, not a price sheet. */
const LICENSES: License[] = [
  { productId: 'CFQ7TTC0LH18', skuId: '0001', skuName: 'Microsoft 365 Business Basic', productName: 'Microsoft 365 Business Basic', monthly: '6.00' },
  { productId: 'CFQ7TTC0LDPB', skuId: '0001', skuName: 'Microsoft 365 Business Standard', productName: 'Microsoft 365 Business Standard', monthly: '12.50' },
  { productId: 'CFQ7TTC0LCHC', skuId: '0002', skuName: 'Microsoft 365 Business Premium', productName: 'Microsoft 365 Business Premium', monthly: '22.00' },
  { productId: 'CFQ7TTC0LFLX', skuId: '0002', skuName: 'Microsoft 365 E3 (no Teams)', productName: 'Microsoft 365 E3', monthly: '33.75' },
  { productId: 'CFQ7TTC0LFLZ', skuId: '0002', skuName: 'Microsoft 365 E5 (no Teams)', productName: 'Microsoft 365 E5', monthly: '54.75' },
  { productId: 'CFQ7TTC0LF8Q', skuId: '0001', skuName: 'Exchange Online (Plan 1)', productName: 'Exchange Online (Plan 1)', monthly: '4.00' },
  { productId: 'CFQ7TTC0LH16', skuId: '0001', skuName: 'Exchange Online (Plan 2)', productName: 'Exchange Online (Plan 2)', monthly: '8.00' },
  { productId: 'CFQ7TTC0LHSF', skuId: '0001', skuName: 'Microsoft Teams Essentials', productName: 'Microsoft Teams Essentials', monthly: '4.00' },
  { productId: 'CFQ7TTC0MBMD', skuId: '0001', skuName: 'Microsoft Teams Enterprise', productName: 'Microsoft Teams Enterprise', monthly: '5.25', addOn: true },
  { productId: 'CFQ7TTC0LHWP', skuId: '0002', skuName: 'Microsoft Defender for Business', productName: 'Microsoft Defender for Business', monthly: '3.00' },
  { productId: 'CFQ7TTC0LCHW', skuId: '0001', skuName: 'Microsoft Defender for Endpoint P2', productName: 'Microsoft Defender for Endpoint', monthly: '5.20' },
  { productId: 'CFQ7TTC0MM8R', skuId: '0001', skuName: 'Microsoft 365 Copilot', productName: 'Microsoft 365 Copilot', monthly: '30.00', addOn: true },
  { productId: 'CFQ7TTC0LHWM', skuId: '0001', skuName: 'Power BI Pro', productName: 'Power BI Pro', monthly: '14.00' },
  { productId: 'CFQ7TTC0HCHC', skuId: '0001', skuName: 'Project Plan 3', productName: 'Project Plan 3', monthly: '30.00' },
  { productId: 'CFQ7TTC0LH0R', skuId: '0001', skuName: 'Visio Plan 2', productName: 'Visio Plan 2', monthly: '15.00' },
  { productId: 'CFQ7TTC0LFK5', skuId: '0001', skuName: 'Microsoft Entra ID P1', productName: 'Microsoft Entra ID P1', monthly: '6.00' },
];
/** Upgrade paths for `convert` pairs (index into LICENSES). */
const UPGRADES: Array<[number, number]> = [[0, 1], [1, 2], [3, 4], [5, 6], [7, 8]];

interface Term {
  text: string;
  frequency: string;
  termMonths: number;
  cycleMonths: number;
  /** Price per billing cycle relative to the monthly annual-term price, and the decimals it is printed with. */
  factor: Dec;
  priceScale: number;
  /** Charge type of a cycle that is not the first. */
  later: string;
  weight: number;
}
const TERMS: Term[] = [
  { text: 'One-Month commitment for monthly billing', frequency: 'Monthly', termMonths: 1, cycleMonths: 1, factor: dec('1.2'), priceScale: 3, later: 'renew', weight: 0.25 },
  { text: 'One-Year commitment for monthly billing', frequency: 'Monthly', termMonths: 12, cycleMonths: 1, factor: int(1), priceScale: 2, later: 'cycleCharge', weight: 0.45 },
  { text: 'One-Year commitment for yearly billing', frequency: 'Annual', termMonths: 12, cycleMonths: 12, factor: int(12), priceScale: 2, later: 'renew', weight: 0.2 },
  { text: 'Three-Year commitment for monthly billing', frequency: 'Monthly', termMonths: 36, cycleMonths: 1, factor: int(1), priceScale: 2, later: 'cycleCharge', weight: 0.1 },
];

interface Meter {
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  meter: string;
  unit: string;
  /** Retail (pay-as-you-go) price per unit. */
  price: string;
  /** Typical monthly quantity upper bound (quantities are log-uniform below it). */
  maxQuantity: number;
}
const METERS: Meter[] = [
  { productId: 'DZH318Z0BQ4D', skuId: '0031', productName: 'Virtual Machines Dv3 Series', skuName: 'D2 v3', meter: 'Virtual Machines Dv3 Series - D2 v3 - US East', unit: '1 Hour', price: '0.096', maxQuantity: 744 },
  { productId: 'DZH318Z0BQ5X', skuId: '00TG', productName: 'Virtual Machines Dasv5 Series', skuName: 'D4as v5', meter: 'Virtual Machines Dasv5 Series - D4as v5 - EU West', unit: '1 Hour', price: '0.192', maxQuantity: 744 },
  { productId: 'DZH318Z0BNZH', skuId: '003J', productName: 'Tables', skuName: 'Standard LRS', meter: 'Tables - LRS Data Stored', unit: '1 GB/Month', price: '0.045', maxQuantity: 5000 },
  { productId: 'DZH318Z0BNVX', skuId: '000S', productName: 'Storage', skuName: 'Hot LRS', meter: 'Blob Storage - Hot LRS Data Stored', unit: '1 GB/Month', price: '0.0184', maxQuantity: 20000 },
  { productId: 'DZH318Z0BP0T', skuId: '002X', productName: 'Standard SSD Managed Disks', skuName: 'E10 LRS', meter: 'Standard SSD Managed Disks - E10 LRS Disk', unit: '1/Month', price: '9.60', maxQuantity: 40 },
  { productId: 'DZH318Z0BNW0', skuId: '0001', productName: 'Bandwidth', skuName: 'Standard', meter: 'Bandwidth - Data Transfer Out - Zone 1', unit: '1 GB', price: '0.087', maxQuantity: 10000 },
  { productId: 'DZH318Z0BQ3M', skuId: '005N', productName: 'Azure App Service', skuName: 'Basic Plan', meter: 'Azure App Service Basic Plan - B1', unit: '1 Hour', price: '0.075', maxQuantity: 1488 },
  { productId: 'DZH318Z0BQNH', skuId: '0005', productName: 'SQL Database Single Standard', skuName: 'S0', meter: 'SQL Database Single Standard - S0 DTUs', unit: '1/Day', price: '0.4839', maxQuantity: 31 },
  { productId: 'DZH318Z0BP3J', skuId: '000B', productName: 'Log Analytics', skuName: 'Analytics Logs', meter: 'Log Analytics - Analytics Logs Data Ingestion', unit: '1 GB', price: '2.76', maxQuantity: 800 },
  { productId: 'DZH318Z0BQPS', skuId: '0010', productName: 'Key Vault', skuName: 'Standard', meter: 'Key Vault - Standard Operations', unit: '10K', price: '0.03', maxQuantity: 3000 },
  { productId: 'DZH318Z0BNWB', skuId: '0002', productName: 'Azure DNS', skuName: 'Public', meter: 'Azure DNS - Public Queries', unit: '1M', price: '0.40', maxQuantity: 200 },
  { productId: 'DZH318Z0BPKL', skuId: '000G', productName: 'Functions', skuName: 'Standard', meter: 'Functions - Standard Execution Time', unit: '1 GB Second', price: '0.000016', maxQuantity: 40_000_000 },
  { productId: 'DZH318Z0BNVZ', skuId: '0018', productName: 'Storage', skuName: 'Standard Page Blob', meter: 'Storage - Standard Page Blob Read Operations', unit: '10K', price: '0.00036', maxQuantity: 900_000 },
  { productId: 'DZH318Z0BQ7C', skuId: '0009', productName: 'Azure Bastion', skuName: 'Basic', meter: 'Azure Bastion - Basic Gateway', unit: '1 Hour', price: '0.19', maxQuantity: 744 },
];

/** Credits are booked on the Azure plan itself. */
const AZURE_PLAN = { productId: 'DZH318Z0BPS6', skuId: '0001' };

const ADJUST_STANDARD = JSON.stringify(['Price for given billing period', 'You are getting a discount for being a partner.']);
const ADJUST_PROMO = JSON.stringify([
  'Price for given billing period',
  'You are getting a discount due to a pre-determined override.',
  'You are getting a discount for being a partner.',
  'You are getting a price guarantee for your price.',
  'Price for given term',
]);
const ADJUST_PEC = JSON.stringify(['15.0% Partner earned credit for services managed']);

/** VAT/GST by customer country, so TaxTotal and Total vary; exact decimals. */
const COUNTRIES: Array<[string, string, number]> = [
  ['US', '0', 0.45], ['CA', '0.05', 0.1], ['GB', '0.20', 0.15], ['DE', '0.19', 0.1], ['FR', '0.20', 0.05], ['NL', '0.21', 0.05], ['AU', '0.10', 0.05], ['IE', '0.23', 0.05],
];

const NAME_STEMS = [
  'Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Adventure Works', 'Litware', 'Proseware', 'Woodgrove', 'Alpine Ski House',
  'Coho Winery', 'Fourth Coffee', 'Lucerne Publishing', "Margie's Travel", 'Trey Research', 'Blue Yonder', 'Humongous', 'Relecloud',
  'VanArsdel', 'Wide World', 'Consolidated Messenger', 'Southridge', 'Bellows', 'Lamna', 'Müller & Söhne', 'Café Olé', 'Ærø Marine',
  'Łódź Logistics', 'Zürich Treuhand', 'São Paulo Têxtil',
];
const INDUSTRIES = ['Dental', 'Logistics', 'Partners', 'Holdings', 'Consulting', 'Manufacturing', 'Legal', 'Accounting', 'Architects', 'Foods', 'Clinic', 'Schools'];
const SUFFIXES = ['', ' Inc.', ', Inc.', ' LLC', ', Ltd.', ' GmbH', ' S.A.', ' B.V.', ' Pty Ltd', ' & Co. KG', ', L.P.'];
const NICKNAMES = ['Sales, EMEA', 'HQ "Main"', 'Warehouse', 'Finance & Legal', 'Pilot, phase 2'];

interface Customer {
  id: string;
  name: string;
  domain: string;
  country: string;
  taxRate: Dec;
  tier2: string;
  azureSubscription: string;
  azureOrder: string;
  azureStart: number;
}

/** Everything one generated file needs; events draw from it in a fixed order, so output depends on the seed only. */
class InvoiceGenerator {
  private readonly random = prng(SEED);
  private readonly partnerId = this.guid();
  private readonly invoiceNumber = `G${String(this.below(1e9)).padStart(9, '0')}`;
  private readonly customers: Customer[];
  private readonly availability = new Map<string, string>();
  private readonly resellers = Array.from({ length: 40 }, () => String(6_000_000 + this.below(1_000_000)));
  /** Cents, to check the import against. */
  costCents = 0n;
  readonly chargeTypes = new Map<string, number>();

  constructor() {
    this.customers = Array.from({ length: CUSTOMER_COUNT }, (_, i) => this.customer(i));
    for (const item of [...LICENSES, ...METERS, AZURE_PLAN]) this.availability.set(item.productId + item.skuId, item.productId.slice(0, 8) + this.code(4));
  }

  /** One billing event: 1 line, or 2 for the refund/charge pairs Microsoft emits (never more than `room`). */
  event(room: number): Row[] {
    const r = this.random();
    if (room >= 2 && r < 0.07) return this.seatChange(r < 0.05 ? 'addQuantity' : 'removeQuantity');
    if (room >= 2 && r < 0.09) return this.convert();
    if (room >= 2 && r < 0.12) return this.cancelAfterPurchase();
    if (r < 0.13) return [this.credit()];
    if (r < 0.35) return [this.azureMeter()];
    return [this.cycle()];
  }

  // -- events --

  private cycle(): Row {
    const customer = this.pickCustomer();
    const product = this.pick(LICENSES);
    const term = this.pickTerm();
    const start = utc(2026, 10, 1 + this.below(31));
    const isNew = this.random() < (term.later === 'renew' ? 0.2 : 0.06);
    // Renewals restart the term; cycle charges fall somewhere inside it.
    const subscriptionStart = isNew || term.later === 'renew' ? start : utc(2026, 10 - (1 + this.below(term.termMonths - 1)), new Date(start).getUTCDate());
    const price = this.price(product, term);
    const promo = this.random() < 0.06;
    const effective = promo ? trim(mul(price, dec('0.90')), term.priceScale) : price;
    return this.licenseRow(customer, product, term, isNew ? 'new' : term.later, {
      price, effective, quantity: this.seats(), chargeStart: start, chargeEnd: cycleEnd(start, term.cycleMonths), subscriptionStart, promo,
    });
  }

  /** Seat change: refund of the old count and charge of the new count for the rest of the cycle, one ReferenceId. */
  private seatChange(chargeType: 'addQuantity' | 'removeQuantity'): Row[] {
    const customer = this.pickCustomer();
    const product = this.pick(LICENSES);
    const term = this.pickTerm();
    const { event, cycleStart, end, subscriptionStart } = this.midCycle(term);
    const oldSeats = this.seats() + 1;
    const newSeats = chargeType === 'addQuantity' ? oldSeats + 1 + this.below(Math.max(1, oldSeats >> 1)) : 1 + this.below(oldSeats - 1);
    const price = this.price(product, term);
    const daily = prorate(price, days(cycleStart, end), days(event, end));
    const shared = { price, chargeStart: event, chargeEnd: end, subscriptionStart, subscriptionId: this.guid(), referenceId: this.guid() };
    return [
      this.licenseRow(customer, product, term, chargeType, { ...shared, effective: neg(daily), quantity: oldSeats }),
      this.licenseRow(customer, product, term, chargeType, { ...shared, effective: daily, quantity: newSeats }),
    ];
  }

  /** Upgrade: refund on the source SKU, charge on the target SKU, same subscription and ReferenceId. */
  private convert(): Row[] {
    const customer = this.pickCustomer();
    const [from, to] = this.pick(UPGRADES).map((i) => LICENSES[i]);
    const term = this.pickTerm();
    const { event, cycleStart, end, subscriptionStart } = this.midCycle(term);
    const seats = this.seats();
    const shared = { chargeStart: event, chargeEnd: end, subscriptionStart, subscriptionId: this.guid(), referenceId: this.guid(), quantity: seats };
    const fromPrice = this.price(from, term);
    const toPrice = this.price(to, term);
    return [
      this.licenseRow(customer, from, term, 'convert', { ...shared, price: fromPrice, effective: neg(prorate(fromPrice, days(cycleStart, end), days(event, end))) }),
      this.licenseRow(customer, to, term, 'convert', { ...shared, price: toPrice, effective: prorate(toPrice, days(cycleStart, end), days(event, end)) }),
    ];
  }

  /** A purchase cancelled within the 7-day window: the full charge, then a prorated refund for the unused days. */
  private cancelAfterPurchase(): Row[] {
    const customer = this.pickCustomer();
    const product = this.pick(LICENSES);
    const term = this.pickTerm();
    const start = utc(2026, 10, 1 + this.below(24));
    const end = cycleEnd(start, term.cycleMonths);
    const cancel = start + (1 + this.below(6)) * DAY;
    const price = this.price(product, term);
    const shared = { price, quantity: this.seats(), chargeEnd: end, subscriptionStart: start, subscriptionId: this.guid(), referenceId: this.guid() };
    return [
      this.licenseRow(customer, product, term, 'new', { ...shared, effective: price, chargeStart: start }),
      this.licenseRow(customer, product, term, 'cancelImmediate', { ...shared, effective: neg(prorate(price, days(start, end), days(cancel, end))), chargeStart: cancel }),
    ];
  }

  /** One Azure plan meter's monthly line (September usage, billed on the October invoice). */
  private azureMeter(): Row {
    const customer = this.pickCustomer();
    const meter = this.pick(METERS);
    const price = dec(meter.price);
    const pec = this.random() < 0.7;
    const effective = pec ? trim(mul(price, dec('0.85')), 2) : price;
    // Log-uniform quantity with up to 6 decimals: many small meters, a few large ones.
    const quantity = trim({ units: BigInt(Math.floor(Math.exp(this.random() * Math.log(meter.maxQuantity * 1e6)))), scale: 6 }, 0);
    const subtotal = rescale(mul(effective, quantity), 2);
    const number = (d: Dec): string => (d.units !== 0n && d.units * 1000n < pow10(d.scale) ? sci(d) : fixed(d));
    return this.row(customer, this.random() < 0.1 ? 'New' : 'new', subtotal, {
      OrderId: customer.azureOrder,
      OrderDate: mdy(customer.azureStart),
      ProductId: meter.productId,
      SkuId: meter.skuId,
      AvailabilityId: this.availability.get(meter.productId + meter.skuId),
      SkuName: meter.skuName,
      ProductName: meter.productName,
      UnitPrice: number(price),
      Quantity: number(quantity),
      PriceAdjustmentDescription: pec ? ADJUST_PEC : '[]',
      PublisherName: 'Microsoft',
      SubscriptionDescription: 'Azure plan',
      SubscriptionId: customer.azureSubscription,
      ChargeStartDate: mdy(utc(2026, 9, 1)),
      ChargeEndDate: mdy(utc(2026, 9, 30)),
      EffectiveUnitPrice: number(effective),
      UnitType: meter.unit,
      BillableQuantity: number(quantity),
      BillingFrequency: 'Monthly',
      MeterDescription: meter.meter,
      SubscriptionStartDate: mdy(customer.azureStart),
      ReferenceId: this.guid(),
      ProductQualifiers: '[]',
      ProductCategory: 'Azure',
    });
  }

  private credit(): Row {
    const customer = this.pickCustomer();
    const amount: Dec = { units: -BigInt(500 + this.below(50_000)), scale: 2 };
    return this.row(customer, 'customerCredit', amount, {
      OrderId: customer.azureOrder,
      OrderDate: mdy(utc(2026, 10, 1)),
      ProductId: AZURE_PLAN.productId,
      SkuId: AZURE_PLAN.skuId,
      AvailabilityId: this.availability.get(AZURE_PLAN.productId + AZURE_PLAN.skuId),
      SkuName: 'Azure plan',
      ProductName: 'Azure plan',
      UnitPrice: fixed(amount),
      Quantity: '1',
      PriceAdjustmentDescription: '[]',
      PublisherName: 'Microsoft',
      SubscriptionDescription: 'Azure plan',
      SubscriptionId: customer.azureSubscription,
      ChargeStartDate: mdy(utc(2026, 9, 1)),
      ChargeEndDate: mdy(utc(2026, 9, 30)),
      EffectiveUnitPrice: fixed(amount),
      UnitType: '1',
      BillableQuantity: '1',
      BillingFrequency: 'Monthly',
      CreditReasonCode: this.random() < 0.5 ? 'Azure Credit Offer' : 'Azure Consumption Credit',
      SubscriptionStartDate: mdy(customer.azureStart),
      ReferenceId: this.guid(),
      ProductQualifiers: '[]',
      ProductCategory: 'Azure',
    });
  }

  // -- rows --

  private licenseRow(
    customer: Customer,
    product: License,
    term: Term,
    chargeType: string,
    line: {
      price: Dec;
      effective: Dec;
      quantity: number;
      chargeStart: number;
      chargeEnd: number;
      subscriptionStart: number;
      subscriptionId?: string;
      referenceId?: string;
      promo?: boolean;
    },
  ): Row {
    const subtotal = rescale(mul(line.effective, int(line.quantity)), 2);
    const nickname = this.random() < 0.15 ? `${product.productName} - ${this.pick(NICKNAMES)}` : product.productName;
    return this.row(customer, chargeType, subtotal, {
      OrderId: this.guid(),
      OrderDate: mdy(line.chargeStart),
      ProductId: product.productId,
      SkuId: product.skuId,
      AvailabilityId: this.availability.get(product.productId + product.skuId),
      SkuName: product.skuName,
      ProductName: product.productName,
      UnitPrice: fixed(line.price),
      Quantity: String(line.quantity),
      PriceAdjustmentDescription: line.promo ? ADJUST_PROMO : ADJUST_STANDARD,
      PublisherName: 'Microsoft Corporation',
      SubscriptionDescription: nickname,
      SubscriptionId: line.subscriptionId ?? this.guid(),
      ChargeStartDate: mdy(line.chargeStart),
      ChargeEndDate: mdy(line.chargeEnd),
      TermAndBillingCycle: term.text,
      EffectiveUnitPrice: fixed(line.effective),
      UnitType: 'Licenses',
      AlternateId: this.random() < 0.5 ? this.guid().slice(-12) : '',
      BillableQuantity: String(line.quantity),
      BillingFrequency: term.frequency,
      SubscriptionStartDate: mdy(line.subscriptionStart),
      SubscriptionEndDate: mdy(cycleEnd(line.subscriptionStart, term.termMonths)),
      ReferenceId: line.referenceId ?? this.guid(),
      ProductQualifiers: product.addOn ? '["AddOn"]' : '[]',
      PromotionId: line.promo ? `${product.productId}:1:CFQ7TTC0${this.code(4)}` : '',
      ProductCategory: 'License-based',
    });
  }

  /** Fills the columns every line shares and the money columns, and counts the cost. */
  private row(customer: Customer, chargeType: string, subtotal: Dec, fields: Row): Row {
    const tax = rescale(mul(subtotal, customer.taxRate), 2);
    this.costCents += subtotal.units;
    this.chargeTypes.set(chargeType, (this.chargeTypes.get(chargeType) ?? 0) + 1);
    // Tiny Azure amounts sometimes come in scientific notation, as in real exports.
    const tiny = fields.ProductCategory === 'Azure' && this.random() < 0.3;
    return {
      PartnerId: this.partnerId,
      CustomerId: customer.id,
      CustomerName: customer.name,
      CustomerDomainName: customer.domain,
      CustomerCountry: customer.country,
      InvoiceNumber: this.invoiceNumber,
      MpnId: '4567890',
      Tier2MpnId: customer.tier2,
      ChargeType: chargeType,
      Subtotal: tiny && subtotal.units > -10n && subtotal.units < 10n ? sci(subtotal) : fixed(subtotal),
      TaxTotal: tax.units === 0n ? (tiny ? '0.00E+00' : '0') : fixed(tax),
      Total: fixed({ units: subtotal.units + tax.units, scale: 2 }),
      Currency: CURRENCY,
      PricingCurrency: CURRENCY,
      PCToBCExchangeRate: '1',
      PCToBCExchangeRateDate: mdy(utc(2026, 10, 1)),
      ...fields,
    };
  }

  // -- helpers --

  private customer(i: number): Customer {
    const stem = this.pick(NAME_STEMS);
    const industry = this.pick(INDUSTRIES);
    const base = this.random() < 0.05 ? `The "${stem}" ${industry}` : `${stem} ${industry}`;
    const slug = `${stem}${industry}`.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase().slice(0, 20);
    let r = this.random();
    const [country, rate] = COUNTRIES.find(([, , weight]) => (r -= weight) < 0) ?? COUNTRIES[0];
    return {
      id: this.guid(),
      name: base + this.pick(SUFFIXES),
      domain: `${slug}${i}.onmicrosoft.com`,
      country,
      taxRate: dec(rate),
      tier2: this.random() < 0.3 ? this.pick(this.resellers) : '',
      azureSubscription: this.guid(),
      azureOrder: this.guid(),
      azureStart: utc(2024 + this.below(2), 1 + this.below(12), 1 + this.below(28)),
    };
  }

  /** A cycle in progress on an October day: the event, its cycle's first and last day, and the term start. */
  private midCycle(term: Term): { event: number; cycleStart: number; end: number; subscriptionStart: number } {
    const event = utc(2026, 10, 1 + this.below(31));
    // Any cycle still running on the event day started fewer than 28 × cycleMonths days earlier.
    const cycleStart = event - this.below(28 * term.cycleMonths) * DAY;
    return { event, cycleStart, end: cycleEnd(cycleStart, term.cycleMonths), subscriptionStart: cycleStart };
  }

  private price(product: License, term: Term): Dec {
    return rescale(mul(dec(product.monthly), term.factor), term.priceScale);
  }

  /** Log-uniform 1–500 seats: most tenants are small. */
  private seats(): number {
    return Math.max(1, Math.round(Math.exp(this.random() * Math.log(500))));
  }

  /** Skewed so a few tenants carry many lines, as in a real partner's book. */
  private pickCustomer(): Customer {
    return this.customers[Math.floor(this.random() ** 1.6 * this.customers.length)];
  }

  private pickTerm(): Term {
    let r = this.random();
    return TERMS.find((term) => (r -= term.weight) < 0) ?? TERMS[0];
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  private below(n: number): number {
    return Math.floor(this.random() * n);
  }

  private code(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += '0123456789ABCDEFGHJKLMNPQRSTVWXZ'[this.below(32)];
    return text;
  }

  private guid(): string {
    const hex = (): string => ((this.random() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    const a = hex();
    const b = hex();
    const c = hex();
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex()}`;
  }
}

function csvLine(row: Row): string {
  return COLUMNS.map((column) => {
    const value = row[column] ?? '';
    if (NUMERIC.has(column)) return value;
    return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
  }).join(',');
}

export interface GeneratedInvoice {
  file: string;
  lines: number;
  bytes: number;
  currency: string;
  /** Exact sum of Subtotal (the import's cost column), e.g. "123456.78". */
  costTotal: string;
  chargeTypes: Record<string, number>;
  generatorVersion: number;
}

/** Streams `lines` data lines (plus a BOM and the header) to `file`, a megabyte at a time with backpressure. */
export async function writeNceInvoice(file: string, lines: number): Promise<GeneratedInvoice> {
  const generator = new InvoiceGenerator();
  const out = fs.createWriteStream(file);
  let pending = `\uFEFF${COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`;
  let bytes = 0;
  const flush = async (): Promise<void> => {
    bytes += Buffer.byteLength(pending);
    if (!out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  for (let written = 0; written < lines; ) {
    for (const row of generator.event(lines - written)) {
      pending += csvLine(row) + '\r\n';
      written++;
    }
    if (pending.length >= WRITE_CHARS) await flush();
  }
  await flush();
  out.end();
  await once(out, 'close');
  const cents = generator.costCents;
  return {
    file,
    lines,
    bytes,
    currency: CURRENCY,
    costTotal: fixed({ units: cents, scale: 2 }),
    chargeTypes: Object.fromEntries(generator.chargeTypes),
    generatorVersion: GENERATOR_VERSION,
  };
}

/** The cached file for `lines` (generated on first use; keyed by line count and generator version). */
export async function ensureNceInvoice(lines: number, dir = DATA_DIR): Promise<GeneratedInvoice & { cached: boolean; seconds: number }> {
  const file = path.join(dir, `nce-invoice-${lines}-v${GENERATOR_VERSION}.csv`);
  const metaFile = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as GeneratedInvoice;
    if (meta.generatorVersion === GENERATOR_VERSION && meta.bytes === fs.statSync(file).size) return { ...meta, file, cached: true, seconds: 0 };
  }
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  // Written under a temporary name so an interrupted run never leaves a half file that looks cached.
  const meta = await writeNceInvoice(`${file}.tmp`, lines);
  fs.renameSync(`${file}.tmp`, file);
  fs.writeFileSync(metaFile, JSON.stringify({ ...meta, file }, null, 2));
  return { ...meta, file, cached: false, seconds: (performance.now() - started) / 1000 };
}

/** The exact Subtotal sum the import must report for the `lines` file (a string: no float ever touches it). */
export async function expectedCostTotal(lines: number): Promise<string> {
  return (await ensureNceInvoice(lines)).costTotal;
}

if (require.main === module) {
  const lines = Number(process.argv[2] ?? 1000);
  ensureNceInvoice(lines).then(
    (result) => console.log(`${result.file}: ${result.lines} lines, ${(result.bytes / 2 ** 20).toFixed(1)} MB, cost ${result.costTotal} ${result.currency}${result.cached ? ' (cached)' : ''}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
