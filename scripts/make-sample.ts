// Generates the bundled sample month that `npm run report` bills with no arguments: October 2026 of a fictional
// new-commerce partner, "Contoso Cloud Partner". Everything is fictional; the layouts are Microsoft's (47-column
// NCE invoice reconciliation, 55-column NCE daily-rated usage) and the amounts follow Microsoft's documented rules.
//
//   npx tsx scripts/make-sample.ts        rewrites sample/2026-10/*.csv and sample/config/*.csv
//
// Deterministic: a seeded PRNG, no clock, exact money in bigint (cents, or decimal units for Azure), never floats.
// Running it twice gives byte-identical files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SAMPLE_DIR = resolve(dirname(process.argv[1] ?? '.'), '..', 'sample');
const SEED = 0x2026_10_31;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness (sfc32), for ids and Azure quantities only.

class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 20; i++) this.next();
  }

  /** A uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.next().toString(16).padStart(8, '0');
    return text.slice(0, length);
  }

  guid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** Partner Center order ids look like "0ET2qaZvJGfF9wgSKnWzR5JLmhp10lOc1". */
  orderId(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let text = '';
    for (let i = 0; i < 33; i++) text += alphabet[this.next() % alphabet.length];
    return text;
  }
}

const random = new Random(SEED);

// ---------------------------------------------------------------------------------------------------------------
// Exact decimals: value = units / 10^scale.

interface Dec {
  units: bigint;
  scale: number;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function dec(text: string): Dec {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = match[3] ?? '';
  const units = BigInt(match[2] + fraction);
  return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

function times(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

function plus(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

function negate(a: Dec): Dec {
  return { units: -a.units, scale: a.scale };
}

/** numerator / denominator rounded half away from zero (Excel's ROUND). */
function divideRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** numerator / denominator rounded towards zero (Excel's ROUNDDOWN). */
function divideDown(numerator: bigint, denominator: bigint): bigint {
  return numerator / denominator;
}

/** To whole cents, towards zero (Microsoft's ROUNDDOWN(…, 2) for Azure plan meters). */
function centsDown(value: Dec): bigint {
  return value.scale <= 2 ? value.units * pow10(2 - value.scale) : divideDown(value.units, pow10(value.scale - 2));
}

function centsRound(value: Dec): bigint {
  return value.scale <= 2 ? value.units * pow10(2 - value.scale) : divideRound(value.units, pow10(value.scale - 2));
}

function trimZeros(a: Dec): Dec {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

/** Plain text without trailing zeros: "0.0816", "-274.35", "24". */
function plain(a: Dec): string {
  const { units, scale } = trimZeros(a);
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** Exactly `places` decimals (the value must not need rounding). */
function fixed(a: Dec, places: number): string {
  const t = trimZeros(a);
  if (t.scale > places) throw new Error(`${plain(a)} has more than ${places} decimals`);
  const units = t.units * pow10(places - t.scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

function money(cents: bigint): string {
  return fixed({ units: cents, scale: 2 }, 2);
}

/**
 * As the daily-rated usage file writes amounts: plain decimals, and scientific notation ("7.10833E-05") for values
 * below 0.0001, always exact (every digit of the value is in the mantissa).
 */
function usageNumber(a: Dec): string {
  const t = trimZeros(a);
  if (t.units === 0n) return '0';
  const negative = t.units < 0n;
  const digits = (negative ? -t.units : t.units).toString();
  const exponent = digits.length - 1 - t.scale;
  if (exponent >= -4) return plain(t);
  const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${negative ? '-' : ''}${mantissa}E-${String(-exponent).padStart(2, '0')}`;
}

/** numerator/denominator as .NET's decimal prints a quotient: 28 significant digits, exact when it terminates. */
function quotientText(numerator: bigint, denominator: bigint): string {
  for (let scale = 0; scale <= 12; scale++) {
    const scaled = numerator * pow10(scale);
    if (scaled % denominator === 0n) return plain({ units: scaled / denominator, scale });
  }
  const integerDigits = (numerator < 0n ? -numerator : numerator) / (denominator < 0n ? -denominator : denominator);
  const places = 28 - (integerDigits === 0n ? 0 : integerDigits.toString().length);
  return plain({ units: divideRound(numerator * pow10(places), denominator), scale: places });
}

// ---------------------------------------------------------------------------------------------------------------
// Dates: whole UTC days since the epoch.

const DAY_MS = 86_400_000;

function day(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function parts(dayNumber: number): [number, number, number] {
  const date = new Date(dayNumber * DAY_MS);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

/** The same day of the month `months` later (anniversary days are 1–28, so it always exists). */
function addMonths(dayNumber: number, months: number): number {
  const [y, m, d] = parts(dayNumber);
  return Date.UTC(y, m - 1 + months, d) / DAY_MS;
}

/** M/D/YYYY, as the invoice reconciliation file writes dates. */
function usDate(dayNumber: number): string {
  const [y, m, d] = parts(dayNumber);
  return `${m}/${d}/${y}`;
}

/** MM/DD/YYYY, as the daily-rated usage file writes dates. */
function usDatePadded(dayNumber: number): string {
  const [y, m, d] = parts(dayNumber);
  return `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
}

const OCTOBER_START = day('2026-10-01');
const OCTOBER_END = day('2026-10-31');
const EXCHANGE_RATE_DATE = day('2026-10-01');

// ---------------------------------------------------------------------------------------------------------------
// The partner, its customers and the products.

const PARTNER_ID = '5b8e2c41-7d3a-4f69-9e12-c0a4d6b3f871';
const PARTNER_NAME = 'Contoso Cloud Partner';
const MPN_ID = '1234567';
const INVOICE_LICENSES = 'G100000001';
const INVOICE_USAGE = 'G100000002';
const CURRENCY = 'USD';

interface Customer {
  key: string;
  id: string;
  /** As Microsoft knows the tenant (CustomerName). */
  name: string;
  domain: string;
  /** As the partner's own books know it; null: not in the Customers table (the unlinked tenant). */
  organization: string | null;
  markupPercent: string;
  billable: boolean;
  /** Sales tax Microsoft charges on this customer's lines, in basis points (0: none). */
  taxBasisPoints: bigint;
  role: string;
}

function customer(key: string, name: string, domain: string, organization: string | null, role: string, options: { markup?: string; billable?: boolean; tax?: bigint } = {}): Customer {
  return {
    key,
    id: random.guid(),
    name,
    domain: `${domain}.onmicrosoft.com`,
    organization,
    markupPercent: options.markup ?? '',
    billable: options.billable ?? true,
    taxBasisPoints: options.tax ?? 0n,
    role,
  };
}

const CUSTOMERS: Customer[] = [
  customer('northwind', 'Northwind Traders', 'northwindtraders', 'Northwind Traders B.V.', 'customer price for Business Premium; addQuantity; Azure daily usage with free-tier bandwidth'),
  customer('fabrikam', 'Fabrikam, Inc.', 'fabrikaminc', 'Fabrikam, Inc.', 'customer markup 20 %; convert (Business Standard to Business Premium)', { markup: '20' }),
  customer('adatum', 'Adatum Corporation', 'adatumcorp', 'Adatum Corp.', 'customer margin on Microsoft 365 E3; addQuantity on a three-year term'),
  customer('tailspin', 'Tailspin Toys', 'tailspintoys', 'Tailspin Toys Ltd', 'customer markup 10 %; Azure plan meters on the invoice; Azure Consumption Credit', { markup: '10' }),
  customer('woodgrove', 'Woodgrove Bank', 'woodgrovebank', 'Woodgrove Bank N.A.', 'customer markup on Azure; Azure daily usage (Dev/Test without PEC); yearly-billed new purchase; unpriced Visio and Power BI'),
  customer('litware', 'Litware, Inc.', 'litwareinc', 'Litware Inc.', 'customer price for Business Basic; removeQuantity'),
  customer('proseware', 'Proseware', 'proseware', 'Proseware, Inc.', 'new purchase cancelled within 7 days (cancelImmediate)'),
  customer('wideworld', 'Wide World Importers', 'wideworldimporters', 'Wide World Importers', 'changeBillingPlan (Copilot, monthly to yearly); one-time purchase (Windows Server)'),
  customer('alpine', 'Alpine Ski House', 'alpineskihouse', 'Alpine Ski House GmbH', 'customer markup 12 %; yearly-billed renew; Azure daily usage losing PEC on Oct 20', { markup: '12' }),
  customer('coho', 'Coho Winery', 'cohowinery', 'Coho Winery', 'Azure plan meters on the invoice (one without PEC); sales tax on every line', { tax: 650n }),
  customer('fourthcoffee', 'Fourth Coffee', 'fourthcoffee', 'Fourth Coffee (demo tenant)', 'not billable: the partner\'s own demo tenant', { billable: false }),
  customer('lucerne', 'Lucerne Publishing', 'lucernepublishing', 'Lucerne Publishing', 'new purchase; sales tax on every line', { tax: 625n }),
  customer('trey', 'Trey Research', 'treyresearch', null, 'unlinked: not in the Customers table'),
];

function customerByKey(key: string): Customer {
  const found = CUSTOMERS.find((c) => c.key === key);
  if (!found) throw new Error(`no customer ${key}`);
  return found;
}

type ProductKey = 'basic' | 'standard' | 'premium' | 'e3' | 'e3NoTeams' | 'exchange1' | 'teamsEssentials' | 'defender' | 'copilot' | 'powerBiPro' | 'visio2';

interface LicenseProduct {
  productId: string;
  skuId: string;
  availabilityId: string;
  productName: string;
  skuName: string;
  /** Per seat per month, in cents: on an annual (or three-year) term, and on a one-month term (20 % more). */
  annualCents: bigint;
  monthlyTermCents: bigint | null;
  addOn: boolean;
}

function license(productId: string, skuId: string, availabilityId: string, productName: string, skuName: string, annual: string, monthlyTerm: string | null, addOn = false): LicenseProduct {
  return { productId, skuId, availabilityId, productName, skuName, annualCents: dec(annual).units, monthlyTermCents: monthlyTerm === null ? null : dec(monthlyTerm).units, addOn };
}

const PRODUCTS: Record<ProductKey, LicenseProduct> = {
  basic: license('CFQ7TTC0LH18', '0001', 'CFQ7TTC0J1FV', 'Microsoft 365 Business Basic', 'Microsoft 365 Business Basic', '6.00', '7.20'),
  standard: license('CFQ7TTC0LDPB', '0001', 'CFQ7TTC0K5DM', 'Microsoft 365 Business Standard', 'Microsoft 365 Business Standard', '12.50', '15.00'),
  premium: license('CFQ7TTC0LCHC', '0002', 'CFQ7TTC0K3NJ', 'Microsoft 365 Business Premium', 'Microsoft 365 Business Premium', '22.00', '26.40'),
  e3: license('CFQ7TTC0LFLX', '0001', 'CFQ7TTC0K4PW', 'Microsoft 365 E3', 'Microsoft 365 E3', '36.00', '43.20'),
  e3NoTeams: license('CFQ7TTC0LFLX', '0002', 'CFQ7TTC0K4R2', 'Microsoft 365 E3', 'Microsoft 365 E3 (no Teams)', '33.75', '40.50'),
  exchange1: license('CFQ7TTC0LH16', '0001', 'CFQ7TTC0J1DB', 'Exchange Online (Plan 1)', 'Exchange Online (Plan 1)', '4.00', '4.80'),
  teamsEssentials: license('CFQ7TTC0LHSF', '0001', 'CFQ7TTC0J2BL', 'Microsoft Teams Essentials', 'Microsoft Teams Essentials (AAD identity)', '4.00', '4.80'),
  defender: license('CFQ7TTC0LCVF', '0001', 'CFQ7TTC0K1TQ', 'Microsoft Defender for Business', 'Microsoft Defender for Business', '3.00', '3.60'),
  copilot: license('CFQ7TTC0MM8R', '0002', 'CFQ7TTC0NLXB', 'Microsoft 365 Copilot', 'Microsoft 365 Copilot', '30.00', null, true),
  powerBiPro: license('CFQ7TTC0L3PB', '0001', 'CFQ7TTC0J0JP', 'Power BI Pro', 'Power BI Pro', '14.00', '16.80'),
  visio2: license('CFQ7TTC0LH0R', '0001', 'CFQ7TTC0J1BZ', 'Visio Plan 2', 'Visio Plan 2', '15.00', '18.00'),
};

type Term = 'P1M' | 'P1Y' | 'P3Y';
type Plan = 'Monthly' | 'Annual';

function termText(term: Term, plan: Plan): string {
  const length = term === 'P1M' ? 'One-Month' : term === 'P1Y' ? 'One-Year' : 'Three-Year';
  return `${length} commitment for ${plan === 'Monthly' ? 'monthly' : 'yearly'} billing`;
}

/** UnitPrice of a charge: per seat per month, or per seat per year for yearly billing. */
function unitCents(product: LicenseProduct, term: Term, plan: Plan): bigint {
  if (term === 'P1M') {
    if (product.monthlyTermCents === null) throw new Error(`${product.skuName} has no one-month term`);
    return product.monthlyTermCents;
  }
  return plan === 'Annual' ? product.annualCents * 12n : product.annualCents;
}

// ---------------------------------------------------------------------------------------------------------------
// The invoice reconciliation file (47 columns, Microsoft's order; column 8 named Tier2MpnId).

const INVOICE_COLUMNS = [
  'PartnerId', 'CustomerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'InvoiceNumber', 'MpnId', 'Tier2MpnId', 'OrderId', 'OrderDate',
  'ProductId', 'SkuId', 'AvailabilityId', 'SkuName', 'ProductName', 'ChargeType', 'UnitPrice', 'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'Currency',
  'PriceAdjustmentDescription', 'PublisherName', 'PublisherId', 'SubscriptionDescription', 'SubscriptionId', 'ChargeStartDate', 'ChargeEndDate',
  'TermAndBillingCycle', 'EffectiveUnitPrice', 'UnitType', 'AlternateId', 'BillableQuantity', 'BillingFrequency', 'PricingCurrency', 'PCToBCExchangeRate',
  'PCToBCExchangeRateDate', 'MeterDescription', 'ReservationOrderId', 'CreditReasonCode', 'SubscriptionStartDate', 'SubscriptionEndDate', 'ReferenceId',
  'ProductQualifiers', 'PromotionId', 'ProductCategory',
] as const;

type InvoiceColumn = (typeof INVOICE_COLUMNS)[number];
type InvoiceRow = Record<InvoiceColumn, string>;

const LICENSE_PRICE_ADJUSTMENT = '["Price for given billing period","You are getting a discount for being a partner.","Price for given term"]';
const PEC_PRICE_ADJUSTMENT = '["15.0% Partner earned credit for services managed"]';

const invoiceRows: InvoiceRow[] = [];
/** Subtotal and Total of every invoice line, in cents. */
let invoiceSubtotalCents = 0n;
let invoiceTaxCents = 0n;
let invoiceTotalCents = 0n;

function taxCents(c: Customer, subtotalCents: bigint): bigint {
  return c.taxBasisPoints === 0n ? 0n : divideRound(subtotalCents * c.taxBasisPoints, 10_000n);
}

function pushInvoiceRow(c: Customer, fields: Partial<InvoiceRow> & { subtotalCents: bigint }): void {
  const { subtotalCents, ...rest } = fields;
  const tax = taxCents(c, subtotalCents);
  invoiceSubtotalCents += subtotalCents;
  invoiceTaxCents += tax;
  invoiceTotalCents += subtotalCents + tax;
  const row: InvoiceRow = {
    PartnerId: PARTNER_ID,
    CustomerId: c.id,
    CustomerName: c.name,
    CustomerDomainName: c.domain,
    CustomerCountry: 'US',
    InvoiceNumber: INVOICE_LICENSES,
    MpnId: MPN_ID,
    Tier2MpnId: '',
    OrderId: random.orderId(),
    OrderDate: '',
    ProductId: '',
    SkuId: '',
    AvailabilityId: '',
    SkuName: '',
    ProductName: '',
    ChargeType: '',
    UnitPrice: '',
    Quantity: '',
    Subtotal: money(subtotalCents),
    TaxTotal: tax === 0n ? '0' : money(tax),
    Total: money(subtotalCents + tax),
    Currency: CURRENCY,
    PriceAdjustmentDescription: '[]',
    PublisherName: 'Microsoft Corporation',
    PublisherId: '',
    SubscriptionDescription: '',
    SubscriptionId: '',
    ChargeStartDate: '',
    ChargeEndDate: '',
    TermAndBillingCycle: '',
    EffectiveUnitPrice: '',
    UnitType: 'Licenses',
    AlternateId: random.hex(12),
    BillableQuantity: '',
    BillingFrequency: '',
    PricingCurrency: CURRENCY,
    PCToBCExchangeRate: '1',
    PCToBCExchangeRateDate: usDate(EXCHANGE_RATE_DATE),
    MeterDescription: '',
    ReservationOrderId: '',
    CreditReasonCode: '',
    SubscriptionStartDate: '',
    SubscriptionEndDate: '',
    ReferenceId: random.guid(),
    ProductQualifiers: '[]',
    PromotionId: '',
    ProductCategory: 'License-based',
    ...rest,
  };
  invoiceRows.push(row);
}

// License subscriptions and what happens to them in October.

type LicenseEvent =
  | { kind: 'addQuantity' | 'removeQuantity'; on: string; seats: number }
  | { kind: 'convert'; on: string; to: ProductKey }
  | { kind: 'cancelImmediate'; on: string }
  | { kind: 'changeBillingPlan'; on: string };

interface SubscriptionSpec {
  product: ProductKey;
  term: Term;
  plan: Plan;
  seats: number;
  /** Start of the current term (ISO); for a one-month term only its day matters: the anniversary. */
  start: string;
  /** The term starts in October 2026: bought ("new") or renewed ("renew"). Otherwise the October line is the cycle charge. */
  startsAs?: 'new' | 'renew';
  nickname?: string;
  events?: LicenseEvent[];
}

/** An ordinary subscription, charged its October cycle: seat count, anniversary day and term start from the PRNG. */
function filler(product: ProductKey, term: Term, plan: Plan, seatsMin: number, seatsMax: number): SubscriptionSpec {
  const seats = random.int(seatsMin, seatsMax);
  const anniversary = random.int(1, 28);
  const monthsBack = term === 'P1M' ? 1 : term === 'P1Y' ? random.int(1, 11) : random.int(1, 35);
  const [y, m] = parts(addMonths(OCTOBER_START, -monthsBack));
  const start = `${y}-${String(m).padStart(2, '0')}-${String(anniversary).padStart(2, '0')}`;
  return { product, term, plan, seats, start };
}

/** The monthly charge cycle holding `on`, for a subscription whose anniversary is the day of `termStart`. */
function monthlyCycle(termStart: number, on: number): { start: number; end: number } {
  const anniversary = parts(termStart)[2];
  const [y, m, d] = parts(on);
  let start = Date.UTC(y, m - 1, anniversary) / DAY_MS;
  if (d < anniversary) start = addMonths(start, -1);
  return { start, end: addMonths(start, 1) - 1 };
}

interface Proration {
  effective: string;
  subtotalCents: bigint;
}

/**
 * Microsoft's new-commerce proration: effective unit price = unit price / charge-cycle days × billing days, and
 * Subtotal = effective × seats to the cent. Microsoft's examples round that down (112.896 → 112.89), the brief and
 * Excel round half away from zero; the sample only uses events where both agree, so either reading reproduces it.
 */
function prorate(unit: bigint, cycleDays: number, billingDays: number, seats: number, sign: 1n | -1n, what: string): Proration {
  const numerator = unit * BigInt(billingDays) * BigInt(seats);
  const denominator = BigInt(cycleDays);
  const rounded = divideRound(numerator, denominator);
  if (rounded !== divideDown(numerator, denominator)) {
    throw new Error(`${what}: ${numerator}/${denominator} cents rounds differently up and down; pick another day or seat count`);
  }
  return { effective: quotientText(sign * unit * BigInt(billingDays), denominator * 100n), subtotalCents: sign * rounded };
}

function emitSubscription(c: Customer, spec: SubscriptionSpec): void {
  const subscriptionId = random.guid();
  let product = PRODUCTS[spec.product];
  let plan = spec.plan;
  let seats = spec.seats;
  const termStart = day(spec.start);
  const termMonths = spec.term === 'P1M' ? 1 : spec.term === 'P1Y' ? 12 : 36;
  const description = spec.nickname ?? product.skuName;

  const base = (p: LicenseProduct, pl: Plan): Partial<InvoiceRow> => ({
    ProductId: p.productId,
    SkuId: p.skuId,
    AvailabilityId: p.availabilityId,
    SkuName: p.skuName,
    ProductName: p.productName,
    UnitPrice: money(unitCents(p, spec.term, pl)),
    PriceAdjustmentDescription: LICENSE_PRICE_ADJUSTMENT,
    SubscriptionDescription: description,
    SubscriptionId: subscriptionId,
    TermAndBillingCycle: termText(spec.term, pl),
    BillingFrequency: pl,
    ProductQualifiers: p.addOn ? '["AddOn"]' : '[]',
  });

  // The term (for a one-month term, the current month's term) as the line shows it.
  const termOf = (chargeStart: number) => {
    const start = spec.term === 'P1M' ? chargeStart : termStart;
    return { SubscriptionStartDate: usDate(start), SubscriptionEndDate: usDate(addMonths(start, termMonths) - 1) };
  };

  // Period charges whose charge cycle starts in October, and the events, in date order.
  type Step = { on: number; charge: true } | { on: number; charge: false; event: LicenseEvent };
  const steps: Step[] = [];
  if (plan === 'Annual') {
    if (termStart >= OCTOBER_START && termStart <= OCTOBER_END) steps.push({ on: termStart, charge: true });
  } else {
    const cycleStart = monthlyCycle(termStart, OCTOBER_START).start;
    for (let s = cycleStart; s <= OCTOBER_END; s = addMonths(s, 1)) if (s >= OCTOBER_START) steps.push({ on: s, charge: true });
  }
  for (const event of spec.events ?? []) steps.push({ on: day(event.on), charge: false, event });
  steps.sort((a, b) => a.on - b.on || (a.charge ? -1 : 1));

  let cancelled = false;
  for (const step of steps) {
    if (cancelled) break;
    if (step.charge) {
      const start = step.on;
      const end = plan === 'Annual' ? addMonths(start, 12) - 1 : addMonths(start, 1) - 1;
      const unit = unitCents(product, spec.term, plan);
      if (start === termStart && spec.startsAs === undefined) throw new Error(`${description}: a term starting in October needs startsAs`);
      // A one-month term renews every month; a longer term billed monthly has a cycle charge each month.
      const chargeType = start === termStart ? spec.startsAs! : spec.term === 'P1M' ? 'renew' : 'cycleCharge';
      pushInvoiceRow(c, {
        ...base(product, plan),
        ...termOf(start),
        OrderDate: usDate(start),
        ChargeType: chargeType,
        Quantity: String(seats),
        BillableQuantity: String(seats),
        EffectiveUnitPrice: money(unit),
        ChargeStartDate: usDate(start),
        ChargeEndDate: usDate(end),
        subtotalCents: unit * BigInt(seats),
      });
      continue;
    }
    const event = step.event;
    const on = step.on;
    const cycle = monthlyCycle(termStart, on);
    const cycleDays = cycle.end - cycle.start + 1;
    const billingDays = cycle.end - on + 1;
    const referenceId = random.guid();
    const what = `${c.name} ${description} ${event.kind} ${event.on}`;
    const eventLine = (p: LicenseProduct, pl: Plan, lineSeats: number, proration: Proration, end: number): void => {
      pushInvoiceRow(c, {
        ...base(p, pl),
        ...termOf(cycle.start),
        OrderDate: usDate(on),
        ChargeType: event.kind,
        Quantity: String(lineSeats),
        BillableQuantity: String(lineSeats),
        EffectiveUnitPrice: proration.effective,
        ChargeStartDate: usDate(on),
        ChargeEndDate: usDate(end),
        ReferenceId: referenceId,
        subtotalCents: proration.subtotalCents,
      });
    };
    const unit = unitCents(product, spec.term, plan);
    switch (event.kind) {
      case 'addQuantity':
      case 'removeQuantity': {
        // Refund of the old seat count and charge of the new one, from the change to the end of the charge cycle.
        eventLine(product, plan, seats, prorate(unit, cycleDays, billingDays, seats, -1n, `${what} refund`), cycle.end);
        eventLine(product, plan, event.seats, prorate(unit, cycleDays, billingDays, event.seats, 1n, `${what} charge`), cycle.end);
        seats = event.seats;
        break;
      }
      case 'convert': {
        // Upgrade: refund on the source SKU, charge on the target SKU, same subscription and ReferenceId.
        const target = PRODUCTS[event.to];
        eventLine(product, plan, seats, prorate(unit, cycleDays, billingDays, seats, -1n, `${what} refund`), cycle.end);
        eventLine(target, plan, seats, prorate(unitCents(target, spec.term, plan), cycleDays, billingDays, seats, 1n, `${what} charge`), cycle.end);
        product = target;
        break;
      }
      case 'cancelImmediate': {
        if (on - termStart > 7) throw new Error(`${what}: cancellation is only possible within 7 days of purchase`);
        eventLine(product, plan, seats, prorate(unit, cycleDays, billingDays, seats, -1n, `${what} refund`), cycle.end);
        cancelled = true;
        break;
      }
      case 'changeBillingPlan': {
        // Monthly to yearly billing mid-term: refund the rest of the monthly charge cycle, charge the rest of the
        // term year at the yearly price (prorated over the term year's days).
        if (spec.term !== 'P1Y' || plan !== 'Monthly') throw new Error(`${what}: only a one-year term billed monthly is switched here`);
        eventLine(product, plan, seats, prorate(unit, cycleDays, billingDays, seats, -1n, `${what} refund`), cycle.end);
        const termEnd = addMonths(termStart, 12) - 1;
        const yearly = unitCents(product, spec.term, 'Annual');
        eventLine(product, 'Annual', seats, prorate(yearly, termEnd - termStart + 1, termEnd - on + 1, seats, 1n, `${what} charge`), termEnd);
        plan = 'Annual';
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Azure plan meters (shared by the invoice's monthly meter lines and the daily-rated usage file).

const AZURE_PRODUCT_ID = 'DZH318Z0BQ3Q';

interface Meter {
  skuId: string;
  availabilityId: string;
  productName: string;
  skuName: string;
  category: string;
  subCategory: string;
  meterName: string;
  region: string;
  unit: string;
  retail: Dec;
  consumedService: string;
  resourceType: string;
  meterId: string;
}

function meter(skuId: string, productName: string, skuName: string, category: string, subCategory: string, meterName: string, region: string, unit: string, retail: string, consumedService: string, resourceType: string): Meter {
  return { skuId, availabilityId: `DZH318Z0${random.hex(4).toUpperCase()}`, productName, skuName, category, subCategory, meterName, region, unit, retail: dec(retail), consumedService, resourceType, meterId: random.guid() };
}

const METERS = {
  vmD2v3: meter('0002', 'Virtual Machines Dv3 Series', 'D2 v3/D2s v3', 'Virtual Machines', 'Dv3/DSv3 Series', 'D2 v3/D2s v3', 'US East', '1 Hour', '0.096', 'Microsoft.Compute', 'virtualMachines'),
  vmB2sv2: meter('0003', 'Virtual Machines Bsv2 Series', 'B2s v2', 'Virtual Machines', 'Bsv2 Series', 'B2s v2', 'US East 2', '1 Hour', '0.0832', 'Microsoft.Compute', 'virtualMachines'),
  diskE10: meter('0004', 'Standard SSD Managed Disks', 'E10 LRS', 'Storage', 'Standard SSD Managed Disks', 'E10 LRS Disk', 'US East', '1/Month', '9.60', 'Microsoft.Compute', 'disks'),
  tablesStored: meter('0005', 'Tables', 'LRS Data Stored', 'Storage', 'Tables', 'LRS Data Stored', 'US East', '1 GB/Month', '0.045', 'Microsoft.Storage', 'storageAccounts'),
  tablesWrites: meter('0006', 'Tables', 'LRS Batch Write Operations', 'Storage', 'Tables', 'Batch Write Operations', 'US East', '10K', '0.00036', 'Microsoft.Storage', 'storageAccounts'),
  bandwidth: meter('0007', 'Bandwidth', 'Standard Data Transfer Out', 'Bandwidth', 'Rtn Preference: MGN', 'Standard Data Transfer Out', 'Zone 1', '1 GB', '0.087', 'Microsoft.Network', 'publicIPAddresses'),
  appB1: meter('0008', 'Azure App Service Basic Plan', 'B1', 'Azure App Service', 'Basic Plan', 'B1 App', 'US East', '1 Hour', '0.075', 'Microsoft.Web', 'serverfarms'),
  sqlS1: meter('0009', 'SQL Database Single Standard', 'S1', 'SQL Database', 'Single Standard', 'S1 DTUs', 'US East', '1/Day', '0.9677', 'Microsoft.Sql', 'servers'),
  logIngestion: meter('000A', 'Log Analytics', 'Analytics Logs', 'Log Analytics', 'Analytics Logs', 'Analysis Logs Data Ingestion', 'US East', '1 GB', '2.30', 'Microsoft.OperationalInsights', 'workspaces'),
  keyVault: meter('000B', 'Key Vault', 'Standard Operations', 'Key Vault', 'Standard', 'Operations', 'US East', '10K', '0.03', 'Microsoft.KeyVault', 'vaults'),
} satisfies Record<string, Meter>;

const PEC = dec('0.85');

function effectivePrice(m: Meter, pec: boolean): Dec {
  return pec ? times(m.retail, PEC) : m.retail;
}

/** A quantity with six decimals in [min, max]. */
function quantity(min: string, max: string): Dec {
  const lo = dec(min).units * pow10(6 - dec(min).scale);
  const hi = dec(max).units * pow10(6 - dec(max).scale);
  const span = hi - lo + 1n;
  const r = (BigInt(random.next()) * 0x1_0000_0000n + BigInt(random.next())) % span;
  return { units: lo + r, scale: 6 };
}

interface AzurePlan {
  customer: Customer;
  subscriptionId: string;
  start: string;
}

function azurePlan(customerKey: string, start: string): AzurePlan {
  return { customer: customerByKey(customerKey), subscriptionId: random.guid(), start };
}

/** One monthly meter line per meter on the invoice, as Microsoft rates them: ROUNDDOWN(EffectiveUnitPrice × BillableQuantity, 2). */
function emitAzureMeterLine(plan: AzurePlan, m: Meter, pec: boolean, min: string, max: string): void {
  const price = effectivePrice(m, pec);
  let billable = quantity(min, max);
  // Keep to quantities where rounding down and rounding half away from zero agree (see prorate).
  while (centsDown(times(price, billable)) !== centsRound(times(price, billable))) billable = plus(billable, dec('0.000001'));
  pushInvoiceRow(plan.customer, {
    OrderDate: usDate(OCTOBER_START),
    ProductId: AZURE_PRODUCT_ID,
    SkuId: m.skuId,
    AvailabilityId: m.availabilityId,
    SkuName: m.skuName,
    ProductName: m.productName,
    ChargeType: 'new',
    UnitPrice: plain(m.retail),
    Quantity: '1',
    PriceAdjustmentDescription: pec ? PEC_PRICE_ADJUSTMENT : '[]',
    PublisherName: 'Microsoft',
    SubscriptionDescription: 'Azure plan',
    SubscriptionId: plan.subscriptionId,
    ChargeStartDate: usDate(OCTOBER_START),
    ChargeEndDate: usDate(OCTOBER_END),
    EffectiveUnitPrice: plain(price),
    UnitType: m.unit,
    BillableQuantity: plain(billable),
    BillingFrequency: 'Monthly',
    MeterDescription: `${m.productName} - ${m.meterName} (${m.unit})`,
    SubscriptionStartDate: usDate(day(plan.start)),
    ProductCategory: 'Azure',
    subtotalCents: centsDown(times(price, billable)),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The October invoice, customer by customer.

const NORTHWIND_AZURE = azurePlan('northwind', '2024-03-11');
const TAILSPIN_AZURE = azurePlan('tailspin', '2023-11-02');
const WOODGROVE_AZURE = azurePlan('woodgrove', '2022-06-20');
const ALPINE_AZURE = azurePlan('alpine', '2025-01-15');
const COHO_AZURE = azurePlan('coho', '2024-09-05');

const PORTFOLIOS: Record<string, SubscriptionSpec[]> = {
  northwind: [
    // Cycle Sep 20 – Oct 19 (30 days); 5 seats added on Oct 5 for the 15 days left: 22.00 / 30 × 15 = 11.00 a seat.
    { product: 'premium', term: 'P1Y', plan: 'Monthly', seats: 20, start: '2026-03-20', events: [{ kind: 'addQuantity', on: '2026-10-05', seats: 25 }] },
    { product: 'exchange1', term: 'P1Y', plan: 'Monthly', seats: 8, start: '2026-03-20', nickname: 'Exchange Online (Plan 1) - warehouse' },
    filler('defender', 'P1Y', 'Monthly', 20, 30),
    filler('powerBiPro', 'P1M', 'Monthly', 2, 5),
    filler('teamsEssentials', 'P1M', 'Monthly', 2, 4),
    filler('visio2', 'P1Y', 'Monthly', 1, 3),
    filler('basic', 'P1Y', 'Monthly', 6, 12),
    { ...filler('premium', 'P1Y', 'Monthly', 3, 6), nickname: 'Business Premium - new hires' },
    filler('exchange1', 'P1M', 'Monthly', 2, 4),
  ],
  fabrikam: [
    // Upgrade on Oct 11, 23 days left of the Oct 3 – Nov 2 cycle.
    { product: 'standard', term: 'P1Y', plan: 'Monthly', seats: 12, start: '2026-02-03', events: [{ kind: 'convert', on: '2026-10-11', to: 'premium' }] },
    filler('exchange1', 'P1Y', 'Monthly', 4, 10),
    filler('defender', 'P1Y', 'Monthly', 10, 16),
    filler('teamsEssentials', 'P1M', 'Monthly', 3, 6),
    filler('basic', 'P1M', 'Monthly', 2, 5),
    filler('powerBiPro', 'P1Y', 'Monthly', 2, 4),
    filler('copilot', 'P1Y', 'Monthly', 2, 5),
    filler('standard', 'P1M', 'Monthly', 2, 4),
  ],
  adatum: [
    // Three-year E3, cycle Oct 12 – Nov 11; 4 seats added on Oct 22 for the 21 days left.
    { product: 'e3', term: 'P3Y', plan: 'Monthly', seats: 40, start: '2025-06-12', events: [{ kind: 'addQuantity', on: '2026-10-22', seats: 44 }] },
    filler('e3NoTeams', 'P1Y', 'Monthly', 10, 20),
    filler('e3', 'P1M', 'Monthly', 2, 6),
    filler('teamsEssentials', 'P1Y', 'Monthly', 10, 20),
    filler('copilot', 'P1Y', 'Monthly', 5, 10),
    filler('powerBiPro', 'P1Y', 'Monthly', 8, 14),
    filler('visio2', 'P1M', 'Monthly', 1, 3),
    filler('exchange1', 'P3Y', 'Monthly', 15, 25),
    filler('defender', 'P1Y', 'Monthly', 40, 50),
    filler('e3NoTeams', 'P1M', 'Monthly', 2, 4),
    filler('basic', 'P1Y', 'Monthly', 5, 10),
  ],
  tailspin: [
    filler('premium', 'P1Y', 'Monthly', 15, 25),
    filler('premium', 'P1M', 'Monthly', 2, 6),
    filler('exchange1', 'P1M', 'Monthly', 3, 8),
    filler('copilot', 'P1Y', 'Monthly', 1, 3),
    filler('defender', 'P1Y', 'Monthly', 15, 25),
    filler('powerBiPro', 'P1M', 'Monthly', 1, 3),
    filler('teamsEssentials', 'P1Y', 'Monthly', 3, 8),
  ],
  woodgrove: [
    filler('e3', 'P3Y', 'Monthly', 120, 160),
    filler('e3', 'P1M', 'Monthly', 5, 15),
    filler('copilot', 'P1Y', 'Monthly', 20, 30),
    filler('visio2', 'P1Y', 'Monthly', 8, 14),
    filler('powerBiPro', 'P1Y', 'Monthly', 25, 40),
    filler('powerBiPro', 'P1M', 'Monthly', 3, 6),
    // Bought on Oct 7, yearly billing: the whole first year is charged now.
    { product: 'exchange1', term: 'P1Y', plan: 'Annual', seats: 10, start: '2026-10-07', startsAs: 'new', nickname: 'Exchange Online (Plan 1) - branch kiosks' },
    filler('defender', 'P3Y', 'Monthly', 120, 160),
    filler('e3NoTeams', 'P3Y', 'Monthly', 20, 30),
    filler('exchange1', 'P1M', 'Monthly', 10, 20),
    filler('teamsEssentials', 'P1Y', 'Monthly', 6, 12),
  ],
  litware: [
    // One-month term renewed on Oct 14 with 15 seats; cut to 12 on Oct 18 (within 7 days), 27 of 31 days left.
    { product: 'basic', term: 'P1M', plan: 'Monthly', seats: 15, start: '2026-09-14', events: [{ kind: 'removeQuantity', on: '2026-10-18', seats: 12 }] },
    filler('basic', 'P1Y', 'Monthly', 20, 30),
    filler('exchange1', 'P1Y', 'Monthly', 5, 10),
    filler('teamsEssentials', 'P1M', 'Monthly', 5, 10),
    filler('defender', 'P1M', 'Monthly', 10, 20),
    filler('standard', 'P1Y', 'Monthly', 3, 6),
    filler('basic', 'P1M', 'Monthly', 3, 6),
    filler('powerBiPro', 'P1M', 'Monthly', 1, 3),
  ],
  proseware: [
    // Bought on Oct 6, cancelled on Oct 10 (4 days later): refund of the 27 of 31 days left.
    { product: 'copilot', term: 'P1Y', plan: 'Monthly', seats: 10, start: '2026-10-06', startsAs: 'new', events: [{ kind: 'cancelImmediate', on: '2026-10-10' }] },
    filler('standard', 'P1Y', 'Monthly', 20, 35),
    filler('standard', 'P1M', 'Monthly', 2, 5),
    filler('exchange1', 'P1Y', 'Monthly', 5, 10),
    filler('defender', 'P1Y', 'Monthly', 25, 40),
    filler('visio2', 'P1M', 'Monthly', 1, 2),
    filler('teamsEssentials', 'P1Y', 'Monthly', 4, 8),
    filler('basic', 'P1Y', 'Monthly', 8, 15),
  ],
  wideworld: [
    // Cycle Oct 16 – Nov 15 billed monthly; switched to yearly billing on Oct 21: refund of 26 of the cycle's 31 days,
    // charge of the 118 days left of the term year (Feb 16, 2026 – Feb 15, 2027) at the yearly price.
    { product: 'copilot', term: 'P1Y', plan: 'Monthly', seats: 9, start: '2026-02-16', events: [{ kind: 'changeBillingPlan', on: '2026-10-21' }] },
    filler('premium', 'P1Y', 'Monthly', 30, 45),
    filler('premium', 'P1M', 'Monthly', 5, 10),
    filler('defender', 'P1Y', 'Monthly', 35, 50),
    filler('powerBiPro', 'P1Y', 'Monthly', 4, 8),
    filler('teamsEssentials', 'P1Y', 'Monthly', 5, 10),
    filler('exchange1', 'P1Y', 'Monthly', 10, 20),
    filler('copilot', 'P1Y', 'Monthly', 3, 6),
    filler('visio2', 'P1Y', 'Monthly', 2, 4),
  ],
  alpine: [
    // Yearly billing renewed on Oct 1: the whole next year charged now.
    { product: 'standard', term: 'P1Y', plan: 'Annual', seats: 25, start: '2026-10-01', startsAs: 'renew' },
    filler('standard', 'P1M', 'Monthly', 20, 40),
    filler('exchange1', 'P1M', 'Monthly', 30, 60),
    filler('basic', 'P1Y', 'Monthly', 10, 20),
    filler('teamsEssentials', 'P1Y', 'Monthly', 5, 8),
    filler('defender', 'P1Y', 'Monthly', 25, 35),
    { ...filler('premium', 'P1Y', 'Monthly', 4, 8), nickname: 'Business Premium - ski school office' },
    filler('powerBiPro', 'P1M', 'Monthly', 1, 2),
  ],
  coho: [
    filler('premium', 'P1Y', 'Monthly', 10, 18),
    filler('exchange1', 'P1Y', 'Monthly', 6, 12),
    filler('standard', 'P1M', 'Monthly', 2, 4),
    filler('defender', 'P1Y', 'Monthly', 10, 18),
    filler('visio2', 'P1Y', 'Monthly', 1, 2),
    filler('teamsEssentials', 'P1M', 'Monthly', 2, 4),
    filler('basic', 'P1Y', 'Monthly', 3, 6),
  ],
  fourthcoffee: [
    filler('premium', 'P1M', 'Monthly', 3, 5),
    filler('e3', 'P1M', 'Monthly', 1, 2),
    filler('copilot', 'P1Y', 'Monthly', 1, 2),
    filler('teamsEssentials', 'P1M', 'Monthly', 1, 3),
  ],
  lucerne: [
    // Bought on Oct 13.
    { product: 'defender', term: 'P1Y', plan: 'Monthly', seats: 30, start: '2026-10-13', startsAs: 'new' },
    filler('standard', 'P1Y', 'Monthly', 25, 35),
    filler('standard', 'P3Y', 'Monthly', 10, 15),
    filler('exchange1', 'P1M', 'Monthly', 8, 15),
    filler('powerBiPro', 'P1Y', 'Monthly', 3, 6),
    filler('teamsEssentials', 'P1M', 'Monthly', 4, 8),
    filler('copilot', 'P1Y', 'Monthly', 2, 4),
    filler('defender', 'P1M', 'Monthly', 25, 40),
  ],
  trey: [
    filler('standard', 'P1Y', 'Monthly', 15, 20),
    filler('exchange1', 'P1M', 'Monthly', 3, 6),
    filler('teamsEssentials', 'P1M', 'Monthly', 2, 4),
    filler('visio2', 'P1Y', 'Monthly', 1, 2),
    filler('basic', 'P1M', 'Monthly', 2, 3),
  ],
};

for (const c of CUSTOMERS) {
  for (const spec of PORTFOLIOS[c.key] ?? []) emitSubscription(c, spec);
  if (c.key === 'tailspin') {
    emitAzureMeterLine(TAILSPIN_AZURE, METERS.vmD2v3, true, '1480', '1488');
    emitAzureMeterLine(TAILSPIN_AZURE, METERS.diskE10, true, '2', '2');
    emitAzureMeterLine(TAILSPIN_AZURE, METERS.appB1, true, '740', '744');
    emitAzureMeterLine(TAILSPIN_AZURE, METERS.bandwidth, true, '35', '60');
    emitAzureMeterLine(TAILSPIN_AZURE, METERS.tablesStored, true, '10', '14');
    emitAzureMeterLine(TAILSPIN_AZURE, METERS.tablesWrites, true, '5', '9');
    // A sponsored Azure credit on the same Azure plan.
    pushInvoiceRow(c, {
      OrderDate: usDate(OCTOBER_END),
      ProductId: AZURE_PRODUCT_ID,
      SkuId: '0001',
      AvailabilityId: 'DZH318Z0BPS6',
      SkuName: 'Azure plan',
      ProductName: 'Azure plan',
      ChargeType: 'customerCredit',
      UnitPrice: '-100.00',
      Quantity: '1',
      PublisherName: 'Microsoft',
      SubscriptionDescription: 'Azure plan',
      SubscriptionId: TAILSPIN_AZURE.subscriptionId,
      ChargeStartDate: usDate(OCTOBER_START),
      ChargeEndDate: usDate(OCTOBER_END),
      EffectiveUnitPrice: '-100.00',
      UnitType: '',
      BillableQuantity: '1',
      CreditReasonCode: 'Azure Consumption Credit',
      SubscriptionStartDate: usDate(day(TAILSPIN_AZURE.start)),
      ProductCategory: 'Azure',
      subtotalCents: -10_000n,
    });
  }
  if (c.key === 'coho') {
    emitAzureMeterLine(COHO_AZURE, METERS.vmB2sv2, true, '744', '744');
    emitAzureMeterLine(COHO_AZURE, METERS.diskE10, true, '1', '1');
    // The SQL database sits in a subscription the partner has no admin rights on: no partner earned credit.
    emitAzureMeterLine(COHO_AZURE, METERS.sqlS1, false, '31', '31');
    emitAzureMeterLine(COHO_AZURE, METERS.logIngestion, true, '12', '25');
    emitAzureMeterLine(COHO_AZURE, METERS.keyVault, true, '0.5', '2');
  }
  if (c.key === 'wideworld') {
    // One-time purchase of perpetual software: no billing frequency, charge dates = subscription dates.
    const purchased = day('2026-10-22');
    pushInvoiceRow(c, {
      OrderDate: usDate(purchased),
      ProductId: 'DG7GMGF0D65N',
      SkuId: '0006',
      AvailabilityId: 'DG7GMGF0JQ8K',
      SkuName: 'Windows Server 2022 Standard - 16 Core License Pack',
      ProductName: 'Windows Server 2022',
      ChargeType: 'new',
      UnitPrice: '976.40',
      Quantity: '2',
      PriceAdjustmentDescription: '["Price for given billing period"]',
      SubscriptionDescription: 'Windows Server 2022 Standard - 16 Core License Pack',
      SubscriptionId: random.guid(),
      ChargeStartDate: usDate(purchased),
      ChargeEndDate: usDate(purchased),
      TermAndBillingCycle: 'One-time purchase',
      EffectiveUnitPrice: '976.40',
      BillableQuantity: '2',
      SubscriptionStartDate: usDate(purchased),
      SubscriptionEndDate: usDate(purchased),
      ProductCategory: 'Software',
      subtotalCents: 195_280n,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The daily-rated usage file (55 columns, Microsoft's order, BenefitId before BenefitOrderId as in real exports).

const USAGE_COLUMNS = [
  'PartnerId', 'PartnerName', 'CustomerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'MpnId', 'Tier2MpnId', 'InvoiceNumber', 'ProductId',
  'SkuId', 'AvailabilityId', 'SkuName', 'ProductName', 'PublisherName', 'PublisherId', 'SubscriptionDescription', 'SubscriptionId', 'ChargeStartDate',
  'ChargeEndDate', 'UsageDate', 'MeterType', 'MeterCategory', 'MeterId', 'MeterSubCategory', 'MeterName', 'MeterRegion', 'Unit', 'ResourceLocation',
  'ConsumedService', 'ResourceGroup', 'ResourceURI', 'ChargeType', 'UnitPrice', 'Quantity', 'UnitType', 'BillingPreTaxTotal', 'BillingCurrency',
  'PricingPreTaxTotal', 'PricingCurrency', 'ServiceInfo1', 'ServiceInfo2', 'Tags', 'AdditionalInfo', 'EffectiveUnitPrice', 'PCToBCExchangeRate',
  'PCToBCExchangeRateDate', 'EntitlementId', 'EntitlementDescription', 'PartnerEarnedCreditPercentage', 'CreditPercentage', 'CreditType', 'BenefitId',
  'BenefitOrderId', 'BenefitType',
] as const;

type UsageColumn = (typeof USAGE_COLUMNS)[number];
type UsageRow = Record<UsageColumn, string>;

const usageRows: UsageRow[] = [];
let usageTotal: Dec = { units: 0n, scale: 0 };
/** Microsoft's usage invoice: per Azure plan and meter, the month's cost rounded down to the cent. */
const meterMonthTotals = new Map<string, Dec>();

interface Entitlement {
  plan: AzurePlan;
  id: string;
  description: string;
}

interface Resource {
  entitlement: Entitlement;
  meter: Meter;
  group: string;
  name: string;
  location: string;
  tags: string;
  additionalInfo: string;
  /** The quantity used on a day (1-based), or null when unused that day. */
  usage: (dayOfMonth: number) => Dec | null;
  /** Partner earned credit on that day. */
  pec: (dayOfMonth: number) => boolean;
  /** Free-tier quantity per month (bandwidth): used first, at an effective price of 0. */
  freeQuantity?: Dec;
}

function entitlement(plan: AzurePlan, description: string): Entitlement {
  return { plan, id: random.guid(), description };
}

function compare(a: Dec, b: Dec): number {
  const d = plus(a, negate(b)).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function emitUsage(resources: Resource[]): void {
  for (let d = 1; d <= 31; d++) {
    for (const r of resources) {
      const used = r.usage(d);
      if (used === null) continue;
      const m = r.meter;
      const pec = r.pec(d);
      let price = effectivePrice(m, pec);
      if (r.freeQuantity !== undefined) {
        const key = `${r.entitlement.id}|free`;
        const soFar = freeUsed.get(key) ?? { units: 0n, scale: 0 };
        if (compare(plus(soFar, used), r.freeQuantity) <= 0) price = { units: 0n, scale: 0 };
        freeUsed.set(key, plus(soFar, used));
      }
      const cost = times(price, used);
      usageTotal = plus(usageTotal, cost);
      const meterKey = `${r.entitlement.plan.subscriptionId}|${m.meterId}`;
      meterMonthTotals.set(meterKey, plus(meterMonthTotals.get(meterKey) ?? { units: 0n, scale: 0 }, cost));
      const c = r.entitlement.plan.customer;
      const provider = `${m.consumedService}/${m.resourceType}`;
      usageRows.push({
        PartnerId: PARTNER_ID,
        PartnerName: PARTNER_NAME,
        CustomerId: c.id,
        CustomerName: c.name,
        CustomerDomainName: c.domain,
        CustomerCountry: 'US',
        MpnId: MPN_ID,
        Tier2MpnId: '',
        InvoiceNumber: INVOICE_USAGE,
        ProductId: AZURE_PRODUCT_ID,
        SkuId: m.skuId,
        AvailabilityId: m.availabilityId,
        SkuName: m.skuName,
        ProductName: m.productName,
        PublisherName: 'Microsoft',
        PublisherId: '',
        SubscriptionDescription: 'Azure plan',
        SubscriptionId: r.entitlement.plan.subscriptionId,
        ChargeStartDate: usDatePadded(OCTOBER_START),
        ChargeEndDate: usDatePadded(OCTOBER_END),
        UsageDate: usDatePadded(OCTOBER_START + d - 1),
        MeterType: m.meterName,
        MeterCategory: m.category,
        MeterId: m.meterId,
        MeterSubCategory: m.subCategory,
        MeterName: m.meterName,
        MeterRegion: m.region,
        Unit: m.unit,
        ResourceLocation: r.location,
        ConsumedService: m.consumedService.toLowerCase(),
        ResourceGroup: r.group,
        ResourceURI: `/subscriptions/${r.entitlement.id}/resourceGroups/${r.group}/providers/${provider}/${r.name}`,
        ChargeType: 'Usage',
        UnitPrice: plain(m.retail),
        Quantity: usageNumber(used),
        UnitType: m.unit,
        BillingPreTaxTotal: usageNumber(cost),
        BillingCurrency: CURRENCY,
        PricingPreTaxTotal: usageNumber(cost),
        PricingCurrency: CURRENCY,
        ServiceInfo1: '',
        ServiceInfo2: '',
        Tags: r.tags,
        AdditionalInfo: r.additionalInfo,
        EffectiveUnitPrice: usageNumber(price),
        PCToBCExchangeRate: '1',
        PCToBCExchangeRateDate: usDatePadded(EXCHANGE_RATE_DATE),
        EntitlementId: r.entitlement.id,
        EntitlementDescription: r.entitlement.description,
        PartnerEarnedCreditPercentage: pec ? '15' : '0',
        CreditPercentage: '0',
        CreditType: pec ? 'Partner Earned Credit Applied' : 'Credit Not Applied',
        BenefitId: '',
        BenefitOrderId: '',
        BenefitType: 'Charge',
      });
    }
  }
}

const freeUsed = new Map<string, Dec>();

const always = () => true;
const weekday = (d: number) => {
  const w = new Date((OCTOBER_START + d - 1) * DAY_MS).getUTCDay();
  return w !== 0 && w !== 6;
};
/** A VM that runs all day, with the odd restart or resize. */
const vmHours = () => (random.int(1, 10) === 1 ? quantity('20', '23.9') : dec('24'));
const diskDay = () => dec('0.032258');

const northwindProd = entitlement(NORTHWIND_AZURE, 'Northwind Production');
const woodgroveProd = entitlement(WOODGROVE_AZURE, 'WGB-Prod');
const woodgroveDev = entitlement(WOODGROVE_AZURE, 'WGB-DevTest');
const alpineProd = entitlement(ALPINE_AZURE, 'Alpine Booking');

emitUsage([
  {
    entitlement: northwindProd, meter: METERS.vmD2v3, group: 'rg-erp-prod', name: 'vm-erp-app01', location: 'eastus',
    tags: '{"env":"prod","costcenter":"4410"}', additionalInfo: '{"ServiceType":"Standard_D2s_v3","VCPUs":2}', usage: vmHours, pec: always,
  },
  {
    entitlement: northwindProd, meter: METERS.diskE10, group: 'rg-erp-prod', name: 'vm-erp-app01_OsDisk_1', location: 'eastus',
    tags: '{"env":"prod","costcenter":"4410"}', additionalInfo: '', usage: diskDay, pec: always,
  },
  {
    entitlement: northwindProd, meter: METERS.bandwidth, group: 'rg-erp-prod', name: 'pip-erp-app01', location: 'eastus',
    tags: '{"env":"prod"}', additionalInfo: '', usage: () => quantity('7.5', '14'), pec: always, freeQuantity: dec('100'),
  },
  {
    entitlement: northwindProd, meter: METERS.tablesStored, group: 'rg-erp-prod', name: 'sterpprod', location: 'eastus',
    tags: '', additionalInfo: '', usage: (d) => plus(dec('1.548387'), { units: BigInt(d) * 2150n, scale: 6 }), pec: always,
  },
  {
    entitlement: northwindProd, meter: METERS.tablesWrites, group: 'rg-erp-prod', name: 'sterpprod', location: 'eastus',
    tags: '', additionalInfo: '', usage: (d) => (d % 7 === 0 ? quantity('0.00002', '0.00009') : quantity('0.05', '0.3')), pec: always,
  },
]);

emitUsage([
  {
    entitlement: woodgroveProd, meter: METERS.sqlS1, group: 'rg-core-banking', name: 'sql-wgb-ledger', location: 'eastus',
    tags: '{"app":"ledger","owner":"it-ops"}', additionalInfo: '{"DatabaseName":"ledger"}', usage: () => dec('1'), pec: always,
  },
  {
    entitlement: woodgroveProd, meter: METERS.appB1, group: 'rg-core-banking', name: 'asp-wgb-portal', location: 'eastus',
    tags: '{"app":"portal","owner":"it-ops"}', additionalInfo: '', usage: () => dec('24'), pec: always,
  },
  {
    entitlement: woodgroveProd, meter: METERS.keyVault, group: 'rg-core-banking', name: 'kv-wgb-prod', location: 'eastus',
    tags: '{"app":"ledger"}', additionalInfo: '', usage: () => quantity('0.0008', '0.012'), pec: always,
  },
  {
    // Dev/Test: shut down at night and at weekends, and the partner has no admin rights there (no PEC).
    entitlement: woodgroveDev, meter: METERS.vmB2sv2, group: 'rg-dev', name: 'vm-dev-build01', location: 'eastus2',
    tags: '{"env":"dev","autoshutdown":"19:00"}', additionalInfo: '{"ServiceType":"Standard_B2s_v2","VCPUs":2}',
    usage: (d) => (weekday(d) ? quantity('9.5', '11') : null), pec: () => false,
  },
]);

emitUsage([
  {
    entitlement: alpineProd, meter: METERS.appB1, group: 'rg-booking', name: 'asp-booking', location: 'eastus',
    tags: '{"app":"booking"}', additionalInfo: '', usage: () => dec('24'), pec: (d) => d < 20,
  },
  {
    // Partner admin access removed on Oct 20: no partner earned credit from then on.
    entitlement: alpineProd, meter: METERS.logIngestion, group: 'rg-booking', name: 'log-booking', location: 'eastus',
    tags: '{"app":"booking"}', additionalInfo: '', usage: () => quantity('0.2', '1.6'), pec: (d) => d < 20,
  },
]);

// Sort as Partner Center exports do: by customer, then usage date.
usageRows.sort((a, b) => a.CustomerName.localeCompare(b.CustomerName) || a.UsageDate.localeCompare(b.UsageDate));

let usageInvoiceCents = 0n;
for (const total of meterMonthTotals.values()) usageInvoiceCents += centsDown(total);
const usageRoundedCents = centsRound(usageTotal);
const usageDifference = usageRoundedCents - usageInvoiceCents;
if (usageDifference <= 0n || usageDifference > 10n) throw new Error(`the usage invoice should differ by a few cents, not ${usageDifference}`);

// ---------------------------------------------------------------------------------------------------------------
// Configuration tables.

const SETTINGS = [
  ['Setting', 'Value'],
  ['Cycle end day', 'last'],
  ['Default markup %', '15'],
  ['Currency', CURRENCY],
];

const CUSTOMER_TABLE = [
  ['Customer ID', 'Organization', 'Markup %', 'Billable'],
  ...CUSTOMERS.filter((c) => c.organization !== null).map((c) => [c.id, c.organization!, c.markupPercent, c.billable ? 'Yes' : 'No']),
];

const P = PRODUCTS;
const PRICES = [
  ['Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'],
  [P.basic.productId, P.basic.skuId, P.basic.skuName, '', '', '7.50', '', '', '', ''],
  [P.standard.productId, P.standard.skuId, P.standard.skuName, '', '', '15.90', '', '', '', ''],
  [P.premium.productId, P.premium.skuId, P.premium.skuName, 'P1M', 'Monthly', '31.70', '', '', '', ''],
  [P.premium.productId, P.premium.skuId, P.premium.skuName, 'P1Y', 'Monthly', '26.40', '', '', '', ''],
  // No SKU ID: every SKU of Microsoft 365 E3 (E3 and E3 (no Teams)).
  [P.e3.productId, '', 'Microsoft 365 E3 (all SKUs)', '', '', '', '12', '', '', ''],
  [P.exchange1.productId, P.exchange1.skuId, P.exchange1.skuName, '', '', '4.90', '', '', '', ''],
  [P.teamsEssentials.productId, P.teamsEssentials.skuId, P.teamsEssentials.productName, '', '', '', '', '', '5.50', '10'],
  [P.defender.productId, P.defender.skuId, P.defender.skuName, '', '', '', '', '25', '', ''],
  [P.copilot.productId, P.copilot.skuId, P.copilot.skuName, '', '', '34.50', '', '', '', ''],
  ['DG7GMGF0D65N', '0006', 'Windows Server 2022 Standard - 16 Core License Pack', '', '', '', '10', '', '', ''],
  // Azure plan: 5 % off the pay-as-you-go (retail) price Microsoft gives as UnitPrice on every meter.
  [AZURE_PRODUCT_ID, '', 'Azure plan (all meters)', '', '', '', '', '', '', '5'],
];

const CUSTOMER_PRICES = [
  ['Customer ID', 'Product ID', 'SKU ID', 'Sales price', 'Markup %', 'Margin %'],
  [customerByKey('northwind').id, P.premium.productId, P.premium.skuId, '24.90', '', ''],
  [customerByKey('litware').id, P.basic.productId, P.basic.skuId, '7.40', '', ''],
  [customerByKey('adatum').id, P.e3.productId, P.e3.skuId, '', '', '10'],
  [customerByKey('woodgrove').id, AZURE_PRODUCT_ID, '', '', '8', ''],
];

const INVOICES = [
  ['Invoice number', 'Billing date', 'Microsoft total'],
  [INVOICE_LICENSES, '2026-10-31', money(invoiceTotalCents)],
  [INVOICE_USAGE, '2026-10-31', money(usageInvoiceCents)],
];

// ---------------------------------------------------------------------------------------------------------------
// Writing.

function csvCell(value: string): string {
  if (/^[=+@\t\r]/.test(value) || (value.startsWith('-') && !/^-\d/.test(value))) throw new Error(`unsafe cell text: ${value}`);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function write(relative: string, content: string): void {
  const path = join(SAMPLE_DIR, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

write(`2026-10/nce-invoice-${INVOICE_LICENSES}.csv`, csv([[...INVOICE_COLUMNS], ...invoiceRows.map((row) => INVOICE_COLUMNS.map((column) => row[column]))]));
write(`2026-10/daily-usage-${INVOICE_USAGE}.csv`, csv([[...USAGE_COLUMNS], ...usageRows.map((row) => USAGE_COLUMNS.map((column) => row[column]))]));
write('config/settings.csv', csv(SETTINGS));
write('config/customers.csv', csv(CUSTOMER_TABLE));
write('config/prices.csv', csv(PRICES));
write('config/customer-prices.csv', csv(CUSTOMER_PRICES));
write('config/invoices.csv', csv(INVOICES));

const chargeTypes = new Map<string, number>();
for (const row of invoiceRows) chargeTypes.set(row.ChargeType, (chargeTypes.get(row.ChargeType) ?? 0) + 1);
console.log(`sample/2026-10/nce-invoice-${INVOICE_LICENSES}.csv: ${invoiceRows.length} lines, Subtotal ${money(invoiceSubtotalCents)}, TaxTotal ${money(invoiceTaxCents)}, Total ${money(invoiceTotalCents)} ${CURRENCY}`);
console.log(`  charge types: ${[...chargeTypes].map(([type, count]) => `${type} ${count}`).join(', ')}`);
console.log(`sample/2026-10/daily-usage-${INVOICE_USAGE}.csv: ${usageRows.length} rows, BillingPreTaxTotal ${plain(usageTotal)} (${money(usageRoundedCents)} to the cent); Microsoft's invoice ${money(usageInvoiceCents)}, ${money(usageDifference)} less`);
for (const c of CUSTOMERS) console.log(`  ${c.name}: ${c.role}`);
