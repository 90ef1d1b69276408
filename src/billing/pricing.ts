import { idKey, type BillingConfig, type CustomerEntry, type PriceEntry, type PriceMethod } from './config';
import { chargedDays, DAY_MS, daysInMonth, startOfUtcDay } from './dates';
import { Decimal } from './decimal';
import { memoByText } from './detached';
import type { Benefit, BillingLine } from './line';
import type { ToldHalf } from './seat-change-pairs';
import { billingPlanOf, chargeTypeSign, isSeatChange } from './transaction-type';

/**
 * Decimals of a sales amount that comes out of a division that does not end (a margin of 30%, a third of a month):
 * ExactSums' own scale, so such amounts still sum without allocating.
 */
const SALES_SCALE = 28;
/**
 * A detail line's sum of such amounts is off its exact value by at most half a unit of SALES_SCALE per line, so it
 * is taken to this many decimals before the invoice rounds it: three lines of a third of a cent are a cent again, and
 * an amount of exactly half a cent rounds up as it should (up to 10^8 lines a detail line).
 */
export const SETTLED_SCALE = 20;
/** Decimals of the proration fraction shown on a priced line (sales are computed from the exact ratio). */
const FRACTION_SCALE = 12;
const HUNDRED = Decimal.fromInt(100);
/** 0.01, so a percentage applies exactly (a division by 100 would round). */
const ONE_HUNDREDTH = new Decimal(1n, 2);

export interface PricedLine {
  /** Exact sales amount (rounded to the currency's minor unit only where an invoice shows it). */
  sales: Decimal;
  /** Which rule priced it, in words: "customer price 26.40", "customer markup 10%", "price list 24.00", ... */
  rule: string;
  /** Share of a full billing period the line covers, signed (−1 a full refund); null when the method ignores it. */
  fraction: Decimal | null;
  /** True when no price or markup was found for this line anywhere but the default markup. */
  unpriced: boolean;
  /** The sales amount was rounded to SALES_SCALE decimals (a division that does not end). */
  rounded: boolean;
  /**
   * A Sales or Retail price that matched the line but could not size it (a line naming no quantity, a seat change no
   * UnitPrice to prorate by): the line was passed on at cost, or priced by the next rule. Said in the reconciliation.
   */
  unsized?: Unsized;
  /**
   * A 100 % promotion's seat change at cost 0, billed as no charge: half of a pair whose seat counts tell which half
   * it is (seat-change-pairs.ts). The report holds it until the file is read, then prices it as its pair tells.
   */
  seatChangeHalf?: true;
}

/** The price that could not size a line ("price list 15.9"), why in words ("it names no quantity"), and whether the line was passed on at cost. */
export interface Unsized {
  price: string;
  reason: string;
  atCost: boolean;
}

export interface Pricer {
  price(line: BillingLine, customer: CustomerEntry | undefined): PricedLine;
  /**
   * How the line is priced where its cost alone tells its sales (a markup or margin), the same for every line that cost
   * something of its customer, product, SKU, term, billing plan and currency: priced by pricedByPlan as price() would.
   * Null where the line's own fields count (a price per unit, a line that cost nothing, a customer not billable).
   */
  plan(line: BillingLine, customer: CustomerEntry | undefined): PricePlan | null;
  /** Whether the customer is priced by its own rows (customer prices, a markup) or not billed: else as a tenant not in the Customers table is. */
  ownPricing(customer: CustomerEntry): boolean;
}

/** A markup or margin and the rule it prices by: what Pricer.plan gives. */
export interface PricePlan {
  rule: string;
  unpriced: boolean;
  /** Sales are cost × factor (a markup), or else cost × 100 ÷ kept (a margin; kept is 100 − the margin). */
  factor: Decimal | null;
  kept: Decimal;
}

/** A line priced by a plan that Pricer.plan gave for a line of its customer, product, SKU, term, billing plan and currency. */
export function pricedByPlan(plan: PricePlan, line: BillingLine): PricedLine {
  if (plan.factor !== null) return { sales: line.cost.times(plan.factor), rule: plan.rule, fraction: null, unpriced: plan.unpriced, rounded: false };
  const { value, exact } = line.cost.times(HUNDRED).quotient(plan.kept, SALES_SCALE);
  return { sales: value, rule: plan.rule, fraction: null, unpriced: plan.unpriced, rounded: !exact };
}

/**
 * Per line, first match wins: the customer's price for the product → the customer's markup → the price list's
 * price for the product → the default markup. A not-billable customer is reported at cost and sold for nothing.
 */
export function createPricer(config: BillingConfig): Pricer {
  // A product listed but not priced yet prices nothing.
  const globalPrices = indexBy(config.prices.filter((entry) => entry.method.kind !== 'listed'), (entry) => idKey(entry.productId));
  // By customer, then product: no key text is built per line.
  const customerPrices = new Map([...indexBy(config.customerPrices, (entry) => idKey(entry.customerId))].map(([customer, entries]) => [customer, indexBy(entries, (entry) => idKey(entry.productId))]));
  const { defaultMarkupPercent, currency } = config.settings;
  // The partner keeps Microsoft's promotions (a Sales or Retail price prorated by days) or passes them on (by cost).
  const byDays = config.settings.promotions !== 'pass on';
  // Rule texts and markup factors are the same for every line an entry prices: made once, not per line.
  const texts = new Map<unknown, Map<string, string>>();
  const ruleText = (owner: unknown, key: string, make: () => string): string => {
    let byKey = texts.get(owner);
    if (byKey === undefined) texts.set(owner, (byKey = new Map()));
    let text = byKey.get(key);
    if (text === undefined) byKey.set(key, (text = make()));
    return text;
  };
  const defaultRule = `default markup ${defaultMarkupPercent}%`;
  // A Sales or Retail price that matched a charge but could not size it gives way to the next rule; which one, and why,
  // goes with the line so the reconciliation can name it. Set while one line is priced (made once, not per line).
  let passedOver: Unsized | undefined;
  // Set while one line is priced: the plan that priced it, and whether a price per unit was tried (its line's own
  // fields then count, so there is no plan).
  let planned: PricePlan | null = null;
  let perUnit = false;
  const passedOverBy = (owner: string, method: PriceMethod, line: BillingLine, plan = ''): Omit<PricedLine, 'unpriced'> | null => {
    if (method.kind === 'fixed' || method.kind === 'retail') perUnit = true;
    const priced = applyMethod(method, line, plan, byDays);
    if (passedOver !== undefined || (priced !== null && priced.unsized === undefined)) return priced;
    const reason = unsizedReason(method, line, byDays);
    if (reason !== null) passedOver = { price: `${owner} ${perUnitRule(method)}`, reason, atCost: priced !== null };
    return priced;
  };
  // Such a product has its price: not listed as unpriced (nor offered for the Prices table again) for this line.
  const noting = (priced: PricedLine): PricedLine => (passedOver === undefined ? priced : { ...priced, unsized: passedOver, unpriced: false });

  const priceLine = (line: BillingLine, customer: CustomerEntry | undefined): PricedLine => {
    // Sales and Retail prices are in the settings' currency; a line in another currency takes none of them.
    const sameCurrency = currency === '' || currency === line.currency;
    passedOver = undefined;
    perUnit = false;
    const product = idKey(line.productId);
    if (customer !== undefined) {
      const candidates = customerPrices.get(idKey(customer.customerId))?.get(product);
      const found = candidates && firstPricing(candidates, (c) => usable(c.method, sameCurrency) && skuMatches(c.skuId, line), (c) => passedOverBy('customer price', c.method, line));
      if (found !== undefined) {
        const { entry, priced } = found;
        const ruledLine = ruled(priced, ruleText(entry, priced.rule, () => `customer ${priced.rule}`));
        planned = methodPlan(entry.method, ruledLine.rule);
        return noting(ruledLine);
      }
      if (customer.markupPercent !== null) return noting(markedUp(line, customer.markupPercent, ruleText(customer, '', () => `customer markup ${customer.markupPercent}%`), false));
    }
    const candidates = globalPrices.get(product);
    const found =
      candidates && firstPricing(candidates, (c) => usable(c.method, sameCurrency) && skuMatches(c.skuId, line) && termMatches(c, line), (c) => passedOverBy('price list', c.method, line, c.billingPlan));
    if (found !== undefined) {
      const { entry, priced } = found;
      const ruledLine = ruled(priced, ruleText(entry, priced.rule, () => `price list ${priced.rule}`));
      planned = methodPlan(entry.method, ruledLine.rule);
      return noting(ruledLine);
    }
    return noting(markedUp(line, defaultMarkupPercent, defaultRule, true));
  };
  /** The line's cost marked up by `percent`, priced by `rule` (planned so). */
  const markedUp = (line: BillingLine, percent: Decimal, rule: string, unpriced: boolean): PricedLine => {
    planned = { rule, unpriced, factor: markupFactor(percent), kept: Decimal.ONE };
    return pricedByPlan(planned, line);
  };

  return {
    ownPricing: (customer) => !customer.billable || customer.markupPercent !== null || customerPrices.has(idKey(customer.customerId)),
    plan(line, customer) {
      if (line.cost.isZero() || (customer !== undefined && !customer.billable)) return null;
      planned = null;
      priceLine(line, customer);
      return perUnit || passedOver !== undefined ? null : planned;
    },
    price(line, customer) {
      if (customer !== undefined && !customer.billable) return { sales: Decimal.ZERO, rule: 'not billable', fraction: null, unpriced: false, rounded: false };
      if (!line.cost.isZero()) return priceLine(line, customer);
      // Microsoft charged nothing (a trial, a free tier, a 100 % promotion passed on): sold for nothing, and no price
      // rule named beside it as if it had been charged.
      if (!byDays || !isFreePromotion(line)) return NO_CHARGE_PRICED;
      // A 100 % promotion the partner keeps: a Sales or Retail price bills its days, signed by its charge type (its
      // cost of 0 has no sign). A markup or margin of 0 is 0: "no charge", as before.
      const priced = priceLine(line, customer);
      if (priced.fraction === null) return priced.unsized === undefined ? NO_CHARGE_PRICED : { ...NO_CHARGE_PRICED, unsized: { ...priced.unsized, atCost: true } };
      if (signOf(line) !== 0) return priced;
      // Seats added or removed (until their pair tells), a conversion, a change of billing plan, seats moved: a charge
      // could not be told from its refund (billing both halves of a seat change as charges would bill the old seats
      // again). Named.
      if (isSeatChange(line.chargeType)) {
        const reason = `Microsoft writes seats added or removed as a pair of ${line.chargeType} lines, a refund of the old seat count and a charge of the new, and at a cost of 0 only the pair's seat counts say which this line is`;
        return { ...NO_CHARGE_PRICED, unsized: { price: priced.rule, reason, atCost: true }, seatChangeHalf: true };
      }
      const reason = `its charge type ${line.chargeType || '(none)'} does not say whether a 100% promotion's line is a charge or a refund`;
      return { ...NO_CHARGE_PRICED, unsized: { price: priced.rule, reason, atCost: true } };
    },
  };
}

/** A price row's pricing under the rule that names the row: its fields one by one (a spread copy cost more than the pricing). */
function ruled(priced: Omit<PricedLine, 'unpriced'>, rule: string): PricedLine {
  const line: PricedLine = { sales: priced.sales, rule, fraction: priced.fraction, unpriced: false, rounded: priced.rounded };
  if (priced.unsized !== undefined) line.unsized = priced.unsized;
  return line;
}

/**
 * A new commerce licence line of a 100 % promotion: a PromotionId, a cost of 0 and a UnitPrice above 0 (Microsoft's
 * list price, which the promotion took all of). A trial has no PromotionId; a free tier no UnitPrice.
 */
function isFreePromotion(line: BillingLine): boolean {
  return line.format === 'nce-invoice' && line.promotionId !== '' && line.cost.isZero() && line.unitPrice !== null && line.unitPrice.sign() > 0 && !isUsage(line);
}

/**
 * The sign of a line: its cost's, or a kept 100 % promotion's: as its seat change's pair told it (seat-change-pairs.ts),
 * else its charge type's (0 where that cannot tell).
 */
function signOf(line: BillingLine): number {
  const sign = line.cost.sign();
  if (sign !== 0 || !isFreePromotion(line)) return sign;
  return (line as Partial<ToldHalf>).pairSign ?? chargeTypeSign(line.chargeType);
}

/** A Sales or Retail price as its rule names it: "15.9", "retail 5.5 less 10%". */
function perUnitRule(method: PriceMethod): string {
  if (method.kind === 'fixed') return `${method.price}`;
  if (method.kind === 'retail' && method.retailPrice !== null) return `retail ${method.retailPrice}${method.discountPercent.isZero() ? '' : ` less ${method.discountPercent}%`}`;
  return '';
}

/**
 * Why a Sales or Retail price per unit cannot size a line, or null when it can (or the method is no price per unit):
 * the price × quantity × share of the period needs a quantity, and a new commerce seat change (or a promotion passed
 * on) needs the full-period cost (UnitPrice × quantity × exchange rate) its cost is a share of. Without them a charge
 * would be sold for nothing, or a seat change (or a promotion's month) for the whole price.
 */
function unsizedReason(method: PriceMethod, line: BillingLine, byDays: boolean): string | null {
  if (method.kind !== 'fixed' && !(method.kind === 'retail' && method.retailPrice !== null)) return null;
  if (signOf(line) === 0 || isCreditOfAnAmount(line)) return null;
  return sizedShare(line, byDays) === null ? reasonUnsized(line, byDays) : null;
}

/** The line's share of its period where a price per unit can size it: null without a quantity or a share. */
function sizedShare(line: BillingLine, byDays: boolean): Share | null {
  return line.quantity.isZero() ? null : periodShare(line, byDays);
}

function reasonUnsized(line: BillingLine, byDays: boolean): string {
  if (line.quantity.isZero()) return 'it names no quantity';
  if (line.cost.isZero()) return "it names no charge dates to prorate a 100% promotion's days by";
  return line.promotionId !== '' && !byDays ? 'it names no UnitPrice (or exchange rate) to measure the promotion passed on by' : 'it names no UnitPrice (or exchange rate) to prorate its cost by';
}

/** A markup, a margin or a discount off Microsoft's own UnitPrice (in the line's currency) prices any currency. */
function usable(method: PriceMethod, sameCurrency: boolean): boolean {
  return sameCurrency || method.kind === 'markup' || method.kind === 'margin' || (method.kind === 'retail' && method.retailPrice === null);
}

function indexBy<T>(entries: readonly T[], key: (entry: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const entry of entries) {
    const list = index.get(key(entry));
    if (list) list.push(entry);
    else index.set(key(entry), [entry]);
  }
  return index;
}

function skuMatches(skuId: string, line: BillingLine): boolean {
  // The same text is the same SKU: no key looked up for it.
  return skuId === '' || skuId === line.skuId || idKey(skuId) === idKey(line.skuId);
}

function termMatches(entry: PriceEntry, line: BillingLine): boolean {
  return (entry.term === '' || entry.term === termOf(line)) && (entry.billingPlan === '' || entry.billingPlan === billingPlanOf(line));
}

type Specific = { skuId: string; term?: string; billingPlan?: string };

/** A row naming the SKU beats a row for the whole product; a row naming term and plan beats one that does not. */
function specificity(entry: Specific): number {
  return (entry.skuId !== '' ? 4 : 0) + (entry.term ? 2 : 0) + (entry.billingPlan ? 1 : 0);
}

/**
 * The most specific matching row that prices the line, and its price. A row can match and still not price a line (a
 * discount off Microsoft's retail price, without a retail price of its own, prices Azure usage only): the next most
 * specific row is tried then, before the customer's or the default markup.
 */
function firstPricing<T extends Specific, P>(entries: readonly T[], matches: (entry: T) => boolean, apply: (entry: T) => P | null): { entry: T; priced: P } | undefined {
  let best: T | undefined;
  for (const entry of entries) if (matches(entry) && (best === undefined || specificity(entry) > specificity(best))) best = entry;
  if (best === undefined) return undefined;
  const priced = apply(best);
  if (priced !== null) return { entry: best, priced };
  // Rarely here: the other matching rows, most specific first (a stable sort keeps the table's order among equals).
  const rest = entries.filter((entry) => entry !== best && matches(entry)).sort((a, b) => specificity(b) - specificity(a));
  for (const entry of rest) {
    const next = apply(entry);
    if (next !== null) return { entry, priced: next };
  }
  return undefined;
}

/** A file has a handful of terms and a million lines: each is read once. */
const TERMS = memoByText((term) => termOfText(term.toLowerCase()));

/** "One-Year commitment for monthly billing" → P1Y. */
function termOf(line: Pick<BillingLine, 'term'>): string {
  return TERMS(line.term);
}

function termOfText(text: string): string {
  if (/one[- ]month|1[- ]month|p1m/.test(text)) return 'P1M';
  if (/three[- ]year|3[- ]year|p3y/.test(text)) return 'P3Y';
  if (/one[- ]year|1[- ]year|p1y|annual/.test(text)) return 'P1Y';
  return '';
}


const TERM_WORDS: Record<string, string> = { P1M: '1-month term', P1Y: '1-year term', P3Y: '3-year term' };
const PLAN_WORDS: Record<string, string> = { monthly: 'billed monthly', annual: 'billed yearly' };

/**
 * A licence line's commitment in a customer's words ("1-year term, billed yearly"), '' where the line has none: what
 * tells a yearly charge from a monthly one of the same product. Usage is billed as used, whatever the plan says.
 */
export function termWordsOf(line: Pick<BillingLine, 'format' | 'term' | 'billingFrequency' | 'transactionType' | 'cost' | 'meter' | 'benefit'>, free = line.cost.isZero()): string {
  // Usage Microsoft charged nothing for (hours a reservation or savings plan covered, a free tier) is a line of its
  // own, as a free licence is: its units would dilute the paid line's unit price (340 h at 0.0268 for 100 h at 0.0912).
  if (isUsage(line)) return free ? (line.benefit === '' ? NO_CHARGE : COVERED_BY[line.benefit]) : '';
  const term = termOf(line);
  const plan = billingPlanOf(line);
  // "1-month term, billed monthly" says nothing the term does not.
  const planWords = term === 'P1M' && plan === 'monthly' ? undefined : PLAN_WORDS[plan];
  // A licence line Microsoft charged nothing for (a trial, converted beside its paid seats) is a line of its own: its
  // seats would double the paid line's and halve its unit price. (`free` false: a 100 % promotion billed by its days.)
  const noCharge = free ? NO_CHARGE : undefined;
  return [TERM_WORDS[term], planWords, noCharge].filter((words) => words !== undefined).join(', ');
}

/**
 * The months a licence's cycle fee pays for, read back from its term words, as a Sales price is scaled to them (see
 * monthsBilled): 12 billed yearly, 36 for a 3-year term that names no billing plan (paid upfront: Triennial), else 1.
 */
export function monthsOfTermWords(words: string): number {
  if (words.includes(PLAN_WORDS.annual)) return 12;
  if (words.startsWith(TERM_WORDS.P3Y) && !words.includes(PLAN_WORDS.monthly)) return 36;
  return 1;
}

/** A line Microsoft charged nothing for: its term words' last words, and its price rule. */
export const NO_CHARGE = 'no charge';
/** Usage that cost nothing as a reservation or savings plan covered it: its term words. */
const COVERED_BY: Record<Exclude<Benefit, ''>, string> = { reservation: 'covered by reservation', 'savings plan': 'covered by savings plan' };
const NO_CHARGE_PRICED: PricedLine = { sales: Decimal.ZERO, rule: NO_CHARGE, fraction: null, unpriced: false, rounded: false };

/**
 * Usage, or a credit on a meter (a usage file's, or an Azure plan meter's in the invoice file): it offsets usage (so
 * many GB at the meter's price), as the meter's usage lines do.
 */
export function isUsage(line: Pick<BillingLine, 'format' | 'transactionType' | 'meter'>): boolean {
  return line.transactionType === 'usage' || line.format === 'legacy-usage' || line.format === 'nce-daily-usage' || line.meter !== '';
}

const MARKUP_FACTORS = new Map<Decimal, Decimal>();

/** What a cost is multiplied by for a markup of `percent` (exact: the invoice rounds a detail line's sum once, so a markup must not round each line first). */
function markupFactor(percent: Decimal): Decimal {
  let factor = MARKUP_FACTORS.get(percent);
  if (factor === undefined) {
    factor = HUNDRED.plus(percent).times(ONE_HUNDREDTH);
    if (MARKUP_FACTORS.size > 10_000) MARKUP_FACTORS.clear();
    MARKUP_FACTORS.set(percent, factor);
  }
  return factor;
}

/** The plan of a price row's markup or margin under `rule` (the row's rule text); null for a price per unit, whose line's own fields count. */
function methodPlan(method: PriceMethod, rule: string): PricePlan | null {
  if (method.kind === 'markup') return { rule, unpriced: false, factor: markupFactor(method.percent), kept: Decimal.ONE };
  if (method.kind === 'margin') return { rule, unpriced: false, factor: null, kept: HUNDRED.minus(method.percent) };
  return null;
}

/**
 * A price row's rule text (its method in words, and what the line adds to it: a note, a discount), made once per row
 * and variant: printing its Decimals for every line it prices would cost more than pricing the line.
 */
const METHOD_TEXTS = new WeakMap<PriceMethod, Map<string, string>>();

function methodText(method: PriceMethod, variant: string, make: () => string): string {
  let texts = METHOD_TEXTS.get(method);
  if (texts === undefined) METHOD_TEXTS.set(method, (texts = new Map()));
  let text = texts.get(variant);
  if (text === undefined) texts.set(variant, (text = make()));
  return text;
}

function applyMethod(method: PriceMethod, line: BillingLine, entryPlan: string, byDays: boolean): Omit<PricedLine, 'unpriced'> | null {
  switch (method.kind) {
    case 'listed':
      return null;
    case 'markup':
      return pricedByPlan(methodPlan(method, methodText(method, '', () => `markup ${method.percent}%`))!, line);
    case 'margin': {
      // sales = cost / (1 − margin) = cost × 100 / (100 − margin): one division. The tables refuse a margin of 100 %
      // or more, but a table with problems still prices the task pane's suggested rows: such a margin prices nothing.
      const plan = methodPlan(method, methodText(method, '', () => `margin ${method.percent}%`))!;
      return plan.kept.sign() <= 0 ? null : pricedByPlan(plan, line);
    }
    case 'fixed': {
      const price = methodText(method, '', () => `${method.price}`);
      if (isCreditOfAnAmount(line)) return atCost(line, price);
      const share = sizedShare(line, byDays);
      if (share === null) return unsizedAtCost(line, price, byDays);
      // price × quantity × the share of the period, divided last so an amount of exactly half a cent stays one.
      // The share carries the sign of the cost; a refund's quantity may be written negative as well.
      const { value, exact } = prorated(method.price, entryPlan, line, Decimal.ONE, share);
      const note = periodNote(entryPlan, line);
      return { sales: value, fraction: fractionOf(share), rounded: !exact, rule: note === '' ? price : methodText(method, note, () => `${price}${note}`) };
    }
    case 'retail': {
      const { keep, rule } = retailOf(method);
      if (method.retailPrice !== null) {
        if (isCreditOfAnAmount(line)) return atCost(line, rule);
        const share = sizedShare(line, byDays);
        if (share === null) return unsizedAtCost(line, rule, byDays);
        const { value, exact } = prorated(method.retailPrice, entryPlan, line, keep, share);
        return { sales: value, fraction: fractionOf(share), rounded: !exact, rule };
      }
      // Without a retail price in the table, retail is Microsoft's own UnitPrice: the pay-as-you-go price of a new
      // commerce Azure meter, for its usage and the credits that offset it. License lines' UnitPrice, and the legacy
      // usage file's ListPrice, are the partner's cost (a discount off them sells at a loss): such a row prices neither.
      // An Azure plan credit of an amount (customerCredit, no meter) names no units: passed on as Microsoft gave it.
      if (isAzureCreditOfAnAmount(line)) return atCost(line, rule);
      if (!isUsage(line) || line.format === 'legacy-usage' || line.unitPrice === null) return null;
      const rate = rateOf(line);
      if (rate === null) return null;
      const retail = line.unitPrice.abs().times(line.quantity.abs()).times(rate);
      // A credit of an amount (no units), or one whose units at retail come to less than Microsoft's own credit (one
      // unit for a 5.00 credit), is not measured by its quantity (Microsoft's price is never above retail, so a credit's
      // units at retail are not less): like a legacy offset, it is passed on as Microsoft gave it. A charge that names
      // no units at a price is not sold for nothing: the next rule prices it.
      if (line.cost.sign() < 0 && retail.compare(line.cost.abs().minus(ONE_HUNDREDTH)) < 0) return atCost(line, rule);
      if (retail.isZero()) return null;
      const signed = line.cost.sign() < 0 ? retail.negate() : retail;
      return { sales: signed.times(keep), fraction: null, rounded: false, rule };
    }
  }
}

const RETAIL = new WeakMap<PriceMethod, { keep: Decimal; rule: string }>();

/** A Retail row's share kept after its discount, and its rule ("retail 5.5 less 10%", "retail (UnitPrice)"): made once per row. */
function retailOf(method: Extract<PriceMethod, { kind: 'retail' }>): { keep: Decimal; rule: string } {
  let retail = RETAIL.get(method);
  if (retail === undefined) {
    const discount = method.discountPercent.isZero() ? '' : ` less ${method.discountPercent}%`;
    const keep = HUNDRED.minus(method.discountPercent).times(ONE_HUNDREDTH);
    RETAIL.set(method, (retail = { keep, rule: method.retailPrice === null ? `retail (UnitPrice)${discount}` : `retail ${method.retailPrice}${discount}` }));
  }
  return retail;
}

/**
 * A credit of an amount Microsoft chose, which no price per unit can size: passed on at cost by a Sales or Retail price.
 * A legacy "Offset a line item" (a partial or whole refund of a line item: its UnitPrice × Quantity is the credit itself
 * and its dates are the line item's, so its days would credit −0.50 and −5.93 alike), or an Azure plan credit of an amount.
 */
function isCreditOfAnAmount(line: BillingLine): boolean {
  return (line.format === 'legacy-license' && line.transactionType === 'credit') || isAzureCreditOfAnAmount(line);
}

/** Microsoft's product ID of the Azure plan, whose meters and credits the invoice file bills. */
const AZURE_PLAN_PRODUCT_ID = 'dzh318z0bq3q';

/**
 * An Azure credit in the invoice file ("Azure Consumption Credit", "Azure Credit Offer"): a customerCredit line of the
 * Azure plan with no MeterDescription. It gives back an amount, not units of a meter: its Quantity is 1 and its
 * UnitPrice the credit itself (−100.00) or 0, so neither UnitPrice nor a price per unit measures it. A meter's credit
 * (MeterDescription set) gives back units and is priced as the meter's usage is.
 */
function isAzureCreditOfAnAmount(line: BillingLine): boolean {
  return (
    line.format === 'nce-invoice' &&
    line.transactionType === 'credit' &&
    line.meter === '' &&
    (idKey(line.productId) === AZURE_PLAN_PRODUCT_ID || /^azure plan$/i.test(line.subscriptionDescription))
  );
}

/** A Sales or Retail price cannot size a credit of an amount (nor UnitPrice an Azure credit of an amount): it is passed on as Microsoft gave it. */
function atCost(line: BillingLine, price: string): Omit<PricedLine, 'unpriced'> {
  return { sales: line.cost, fraction: null, rounded: false, rule: `${price} (credit at cost)` };
}

/**
 * A refund or credit a Sales or Retail price cannot size is passed on at cost, as Microsoft gave it (like a credit of
 * an amount); a charge is not sold for nothing, nor for a whole month: null, so the next rule prices it.
 */
function unsizedAtCost(line: BillingLine, price: string, byDays: boolean): Omit<PricedLine, 'unpriced'> | null {
  if (signOf(line) > 0) return null;
  const rule = `${price} (${line.transactionType === 'refund' ? 'refund' : 'credit'} at cost)`;
  return { sales: line.cost, fraction: null, rounded: false, rule, unsized: { price, reason: reasonUnsized(line, byDays), atCost: true } };
}

/**
 * price × factor × quantity × the line's share of its period, with one division at the end (so an amount of exactly
 * half a cent stays exactly that). A sales price is per unit per month, or per year on a price row whose Billing plan
 * is Annual; a line billed yearly covers twelve months, so a monthly price is scaled up to its billing period. (An
 * Annual row matches only a line billed yearly, so a yearly price is never scaled down to a monthly-billed line.)
 */
function prorated(price: Decimal, entryPlan: string, line: BillingLine, factor: Decimal, share: Share): { value: Decimal; exact: boolean } {
  const lineMonths = monthsBilled(line);
  // Factors of 1 are left out: the product is the same, and times() gives each value one representation.
  let numerator = price.times(line.quantity.abs()).times(share.numerator);
  if (lineMonths !== 1) numerator = numerator.times(Decimal.fromInt(lineMonths));
  if (factor !== Decimal.ONE) numerator = numerator.times(factor);
  return numerator.quotient(entryPlan === 'annual' ? share.denominator.times(Decimal.fromInt(12)) : share.denominator, SALES_SCALE);
}

function periodNote(entryPlan: string, line: BillingLine): string {
  const months = monthsBilled(line);
  if (entryPlan === 'annual') return months === 12 ? '' : ' ÷ 12 (billed monthly)';
  if (months === 1) return '';
  return billingPlanOf(line) === 'annual' ? ' × 12 (billed yearly)' : ` × ${months} (paid for a 3-year term)`;
}

/**
 * The months a licence line is billed for, which a Sales price per month is scaled up to: 1 billed monthly, 12 billed
 * yearly, 36 for a 3-year term paid upfront (BillingFrequency Triennial). A one-time purchase (BillingFrequency blank:
 * software, a reservation, whatever its term) and usage take one price per unit, as the price list gives it.
 */
function monthsBilled(line: BillingLine): number {
  const plan = billingPlanOf(line);
  if (plan === 'annual') return 12;
  if (plan === '' && /trienn/i.test(line.billingFrequency)) return 36;
  return 1;
}

/** A share of a billing period as an exact ratio: numerator (signed like the cost) over a positive denominator. */
interface Share {
  numerator: Decimal;
  denominator: Decimal;
}

/** The share of a full billing period a line stands for, to 12 decimals, signed like its cost (see periodShare); null where it cannot be told. */
export function periodFraction(line: BillingLine, byDays = true): Decimal | null {
  const share = periodShare(line, byDays);
  return share === null ? null : fractionOf(share);
}

function fractionOf(share: Share): Decimal {
  return share.numerator.dividedBy(share.denominator, FRACTION_SCALE);
}

/**
 * The share of a full billing period a line stands for, signed like its cost, so a fixed sales price follows
 * Microsoft's proration. Full-period charges are ±1. New commerce: the line's cost over the full-period cost of
 * its quantity (UnitPrice × quantity × exchange rate); on a promotion's line the partner keeps (`byDays`), the days
 * charged over the days of the billing period holding the line (a 100 % promotion's signed by its charge type, see
 * signOf); on one passed on, its cost share, a full period's too. Legacy: UnitPrice is already prorated there, so the days charged
 * over the days of the charge cycle holding the line. Without either, ±1; but a new commerce seat change, or a
 * promotion passed on, without UnitPrice, quantity or exchange rate to give its full-period cost is no whole period:
 * null, its share unknown.
 */
function periodShare(line: BillingLine, byDays: boolean): Share | null {
  const signed = signOf(line);
  const sign = signed < 0 ? Decimal.ONE.negate() : Decimal.ONE;
  if (signed === 0) return { numerator: Decimal.ZERO, denominator: Decimal.ONE };
  const whole = { numerator: sign, denominator: Decimal.ONE };
  // A promotion passed on lowers the customer's price as it did Microsoft's: a full month's charge too. Without the
  // UnitPrice its discount is measured by, the share is unknown, not the whole price the customer was to get off.
  if (line.format === 'nce-invoice' && line.promotionId !== '' && !byDays) return costShare(line);
  if (line.transactionType === 'cycle fee' || line.transactionType === 'one-time' || line.transactionType === 'usage') return whole;
  if (line.format === 'nce-invoice') {
    // A promotion lowers Microsoft's price below UnitPrice, not the customer's: its cost share would be short by the
    // promotion's percentage. The days tell the share instead, of the billing period that starts on the subscription's
    // anniversary day (bought on the 31st: January 31 to February 27).
    if (line.promotionId !== '' && byDays) {
      const days = dayShare(line, line.subscriptionStart === null ? null : startOfUtcDay(line.subscriptionStart), sign);
      if (days !== null) return days;
      // A 100 % promotion's cost of 0 measures no share.
      if (line.cost.isZero()) return null;
    }
    return costShare(line);
  }
  if (line.format === 'legacy-license') return dayShare(line, legacyCycleAnchor(line), sign) ?? whole;
  return whole;
}

/**
 * A new commerce line's cost over the full-period cost of its quantity (UnitPrice × quantity × exchange rate). The
 * import refuses an exchange rate that is not above 0; a line with no UnitPrice or quantity to measure its full-period
 * cost by has no share to tell (null), rather than a whole period.
 */
function costShare(line: BillingLine): Share | null {
  const rate = rateOf(line);
  if (line.unitPrice === null || line.unitPrice.isZero() || line.quantity.isZero() || rate === null || rate.sign() <= 0) return null;
  return { numerator: line.cost, denominator: line.unitPrice.times(line.quantity).times(rate).abs() };
}

/**
 * The exchange rate from UnitPrice's currency (PricingCurrency) to the line's: PCToBCExchangeRate, or 1 where the file
 * names no other pricing currency. Null where it names one and no rate: a USD UnitPrice taken as pounds would size a
 * seat change short, and sell a discount off retail at dollars' worth of pounds.
 */
function rateOf(line: BillingLine): Decimal | null {
  if (line.exchangeRate !== null) return line.exchangeRate;
  return line.pricingCurrency === '' || line.pricingCurrency.toUpperCase() === line.currency ? Decimal.ONE : null;
}

/**
 * Days charged over the days of the charge cycle holding the line, signed; null without charge dates. A charge over
 * more than one cycle (a legacy first charge running on to the partner's billing anniversary) is so many whole cycles,
 * counted from its start, plus the days left over the days of the cycle holding them (its end): bought 1/20/2019 and
 * charged to 3/15/2019, monthly, one cycle (1/20–2/19) and 24 of the 28 days of the 2/20–3/19 cycle.
 */
function dayShare(line: BillingLine, anchor: number | null, sign: Decimal): Share | null {
  if (line.chargeStart === null || line.chargeEnd === null) return null;
  const days = chargedDays(line.chargeStart, line.chargeEnd);
  if (days <= 0) return null;
  const annual = billingPlanOf(line) === 'annual';
  const start = startOfUtcDay(line.chargeStart);
  const end = startOfUtcDay(line.chargeEnd);
  const cycle = cycleHolding(end, anchor ?? end + DAY_MS, annual);
  // Whole cycles from the charge start: by the anchor's cycles where it starts on one, else by its own day.
  const step = annual ? 12 : 1;
  const from = new Date(start);
  const onAnchor = anchor !== null && (annual ? sameAnniversary(start, anchor) : anniversaryIn(from.getUTCFullYear(), from.getUTCMonth(), new Date(anchor).getUTCDate()) === start);
  const day = onAnchor ? new Date(anchor!).getUTCDate() : from.getUTCDate();
  let whole = 0;
  let rest = start;
  for (;;) {
    const next = anniversaryIn(from.getUTCFullYear(), from.getUTCMonth() + (whole + 1) * step, day);
    if (next > end + DAY_MS || whole > 1200) break;
    whole++;
    rest = next;
  }
  const left = Math.round((end + DAY_MS - rest) / DAY_MS);
  if (left === 0) return { numerator: Decimal.fromInt(whole).times(sign), denominator: Decimal.ONE };
  if (cycle <= 0) return null;
  return { numerator: Decimal.fromInt(whole * cycle + left).times(sign), denominator: Decimal.fromInt(cycle) };
}

/** The day `day` of the month `month` months after January of `year` (0-based, may pass December), or the month's last day. */
function anniversaryIn(year: number, month: number, day: number): number {
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return Date.UTC(y, m, Math.min(day, daysInMonth(y, m + 1)));
}

function sameAnniversary(date: number, anchor: number): boolean {
  const a = new Date(anchor);
  return anniversaryIn(new Date(date).getUTCFullYear(), a.getUTCMonth(), a.getUTCDate()) === date;
}

/**
 * Days of the monthly (or yearly) charge cycle holding a day (midnight UTC): cycles start on the anchor's day of the
 * month (of its month, yearly), so the cycle ends the day before the first anniversary after that day (a seat change's
 * first half, 2/13–2/19, lies in the 2/13–3/12 cycle of 28 days).
 */
function cycleHolding(day: number, anchor: number, annual: boolean): number {
  const a = new Date(anchor);
  const d = new Date(day);
  let month = annual ? a.getUTCMonth() : d.getUTCMonth();
  const year = d.getUTCFullYear();
  const step = annual ? 12 : 1;
  let next = anniversaryIn(year, month, a.getUTCDate());
  if (next <= day) {
    month += step;
    next = anniversaryIn(year, month, a.getUTCDate());
  }
  return Math.round((next - anniversaryIn(year, month - step, a.getUTCDate())) / DAY_MS);
}

/**
 * The date a legacy subscription's charge cycles start on (its day of the month; its month, yearly), or null without
 * a SubscriptionStartDate (the charge end is then taken as a cycle end, as it is on cycle fees and on prorations
 * running to the cycle end). Cycles start on the subscription's anniversary (Microsoft's examples: bought 1/13, cycles
 * 1/13–2/12; SubscriptionStartDate 2/26/2021 and SubscriptionEndDate 2/26/2022, cycles 5/26–6/25), unless its first
 * charge ran on to the partner's billing anniversary: its SubscriptionEndDate is then "12 months plus x days after the
 * start date to align with the partner's billing date", and its cycles start the day after it (bought 3/4/2019, ending
 * 3/15/2020: cycles 16th to 15th).
 */
function legacyCycleAnchor(line: BillingLine): number | null {
  if (line.subscriptionStart === null) return null;
  const start = startOfUtcDay(line.subscriptionStart);
  if (line.subscriptionEnd === null) return start;
  const end = startOfUtcDay(line.subscriptionEnd);
  const s = new Date(start);
  for (let years = 1; years <= 5; years++) {
    const anniversary = anniversaryIn(s.getUTCFullYear() + years, s.getUTCMonth(), s.getUTCDate());
    // Ending on the anniversary (Microsoft's examples) or the day before it: a term of whole years from the start.
    if (end === anniversary || end === anniversary - DAY_MS) return start;
    if (end > anniversary && end <= anniversary + MAX_ALIGNMENT_DAYS * DAY_MS) return end + DAY_MS;
  }
  return start;
}

/** A first charge runs at most a month on to the partner's billing anniversary. */
const MAX_ALIGNMENT_DAYS = 31;
