/**
 * What in the price lists looks like a mistake once the report is built: a customer's price for a SKU the customer
 * has no lines of, or in a currency its lines are not in, a percentage under one, charges sold below cost or at twice
 * it by a fixed price. Said as warnings; nothing is changed.
 */
import { idKey, type BillingConfig } from './config';
import { minorUnits } from './currency';
import { Decimal, roundedUnits } from './decimal';
import { figuresOf, type ReportCycle, type ReportDetail } from './report';

// Held here: under tsx (the command line's loader) each use of an import calls a getter, and this runs per detail line.
const unitsRounded = roundedUnits;

export function priceFindings(config: BillingConfig, cycles: readonly ReportCycle[]): string[] {
  return [...customerPricesOfOtherSkus(config, cycles), ...customerPricesInOtherCurrencies(config, cycles), ...percentagesUnderOne(config), ...markupsOverOneHundred(config), ...chargesPricedAmiss(cycles, [SOLD_BELOW_COST, SOLD_AT_TWICE_COST]).flat()];
}

/**
 * A customer's Sales or Retail price is in the Settings currency: the customer's lines in another currency do not take
 * it (the price agreed is not applied), and the general warning about the cycle's currency does not say whose.
 */
function customerPricesInOtherCurrencies(config: BillingConfig, cycles: readonly ReportCycle[]): string[] {
  const currency = config.settings.currency;
  const priced = config.customerPrices.filter(({ method }) => method.kind === 'fixed' || (method.kind === 'retail' && method.retailPrice !== null));
  if (currency === '' || priced.length === 0) return [];
  const warnings: string[] = [];
  for (const entry of priced) {
    for (const cycle of cycles) {
      if (cycle.currency.toUpperCase() === currency) continue;
      const organization = cycle.organizations.find((o) => idKey(o.customerId) === idKey(entry.customerId));
      if (organization === undefined) continue;
      // A row for the whole product would price only the SKUs the customer has no row of its own for: each is named.
      const products = organization.products.filter((p) => idKey(p.productId) === idKey(entry.productId) && (entry.skuId === '' ? !hasSkuRow(config, entry, p.skuId) : idKey(p.skuId) === idKey(entry.skuId)));
      for (const product of products) {
        warnings.push(`${entry.where}: ${organization.name}'s price for ${product.name} is in ${currency}, the Settings currency, so its ${cycle.currency} lines of cycle ${cycle.cycle.month} do not take it: ${product.details[0].rules.join('; ')} priced them`);
      }
    }
  }
  return warnings;
}

/** Whether the customer has a Customer Prices row of its own for this SKU of the entry's product. */
function hasSkuRow(config: BillingConfig, entry: BillingConfig['customerPrices'][number], skuId: string): boolean {
  return config.customerPrices.some((other) => other.skuId !== '' && idKey(other.customerId) === idKey(entry.customerId) && idKey(other.productId) === idKey(entry.productId) && idKey(other.skuId) === idKey(skuId));
}

/**
 * A Customer Prices row for a licence the customer bought, but naming a SKU none of its lines has (0011 for 0001),
 * prices nothing, and the lines fall to the customer's markup or the price list without a word: said here.
 */
function customerPricesOfOtherSkus(config: BillingConfig, cycles: readonly ReportCycle[]): string[] {
  const named = config.customerPrices.filter((entry) => entry.skuId !== '');
  if (named.length === 0) return [];
  const bought = new Map<string, { organization: string; skus: Set<string> }>();
  for (const cycle of cycles) {
    for (const organization of cycle.organizations) {
      for (const product of organization.products) {
        // Azure bills a customer a changing few of a product's many meter SKUs: a price for one not used this month
        // is no typo. Licences are bought by the SKU.
        if (product.details.every((detail) => detail.transactionType === 'usage')) continue;
        const key = `${idKey(organization.customerId)}\u0000${idKey(product.productId)}`;
        const entry = bought.get(key) ?? bought.set(key, { organization: organization.name, skus: new Set() }).get(key)!;
        entry.skus.add(product.skuId);
      }
    }
  }
  const warnings: string[] = [];
  for (const entry of named) {
    const found = bought.get(`${idKey(entry.customerId)}\u0000${idKey(entry.productId)}`);
    if (found === undefined || [...found.skus].some((sku) => idKey(sku) === idKey(entry.skuId))) continue;
    const skus = [...found.skus].sort();
    warnings.push(
      `${entry.where}: ${found.organization}'s price for ${entry.productId} SKU ${entry.skuId} prices none of its lines, which are of SKU ${skus.join(', ')}: is the SKU ID right?`,
    );
  }
  return warnings;
}

/** Every percentage the price lists hold, where it is written and in which column: the default markup, customers', rows'. */
function* percentagesOf(config: BillingConfig): Generator<{ where: string; column: 'Markup %' | 'Margin %' | 'Discount %'; percent: Decimal }> {
  yield { where: 'the default markup', column: 'Markup %', percent: config.settings.defaultMarkupPercent };
  for (const customer of config.customers.values()) if (customer.markupPercent !== null) yield { where: customer.where, column: 'Markup %', percent: customer.markupPercent };
  for (const { method, where } of [...config.prices, ...config.customerPrices]) {
    if (method.kind === 'markup' || method.kind === 'margin') yield { where, column: method.kind === 'markup' ? 'Markup %' : 'Margin %', percent: method.percent };
    if (method.kind === 'retail') yield { where, column: 'Discount %', percent: method.discountPercent };
  }
}

/**
 * A percentage between 0 and 1 (0.15) is most likely a fraction meant as a percent (15 %): a markup of 0.15 % sells
 * at cost, without a word. Percentages are written 15 or 15 %; said here for each table row and the default markup.
 */
function percentagesUnderOne(config: BillingConfig): string[] {
  return [...percentagesOf(config)]
    .filter(({ percent }) => !percent.isZero() && percent.abs().compare(Decimal.ONE) < 0)
    .map(({ where, column, percent }) => `${where}: ${column} ${percent} means ${percent} %, under one percent (15 % is written 15 or 15%)`);
}

const HUNDRED = Decimal.fromInt(100);
/** The markup, and the margin, that sell at twice cost. */
const TWICE_COST: Partial<Record<string, Decimal>> = { 'Markup %': HUNDRED, 'Margin %': Decimal.fromInt(50) };

/**
 * A markup of 100 % or more (a margin of 50 % or more) sells at twice Microsoft's price or above, which no CSP price
 * list does on purpose: 15 typed in a percent-formatted cell is 1500 %, as Excel shows it. Said, and read as written.
 */
function markupsOverOneHundred(config: BillingConfig): string[] {
  return [...percentagesOf(config)]
    .filter(({ column, percent }) => TWICE_COST[column] !== undefined && percent.compare(TWICE_COST[column]) >= 0)
    .map(({ where, column, percent }) => {
      const times = column === 'Margin %' ? Decimal.ONE.dividedBy(Decimal.ONE.minus(percent.dividedBy(HUNDRED, 6)), 2) : percent.plus(HUNDRED).dividedBy(HUNDRED, 2);
      return `${where}: ${column} ${percent} means ${percent} %, a sale at ${times} times cost: is it right? (15 % is written 15, or 0.15 in a percent-formatted cell)`;
    });
}

const CHARGES: ReadonlySet<string> = new Set(['cycle fee', 'pro-rated charge', 'one-time', 'usage']);
const MOST_LISTED = 10;

/** A test of a charge's sales against its cost (as the invoice shows them), and how its findings are said. */
interface ChargeFinding {
  amiss: (cost: Decimal, sales: Decimal) => boolean;
  /** amiss of the cost's and sales' units at one scale (safe integers). */
  amissUnits: (cost: number, sales: number) => boolean;
  how: string;
  question: string;
  /** How far amiss: the largest are listed first. */
  size: (cost: Decimal, sales: Decimal) => Decimal;
  /** Whether a rule's charges are told of at all. */
  ruleTold: (rule: string) => boolean;
}

/**
 * Charges sold for less than Microsoft charges, by product and price: a price typed 2.64 for 26.40, or one Microsoft's
 * price rise overtook. A customer who is not billed is sold nothing on purpose and is left out.
 */
const SOLD_BELOW_COST: ChargeFinding = {
  amiss: (cost, sales) => sales.compare(cost) < 0,
  amissUnits: (cost, sales) => sales < cost,
  how: 'below cost',
  question: 'is the price right?',
  size: (cost, sales) => cost.minus(sales),
  ruleTold: () => true,
};

/**
 * A rule that prices by a percentage of cost ("customer markup 10%", "margin 20%"), whose row is warned of already, or
 * by Microsoft's own pay-as-you-go price ("retail (UnitPrice) less 5%"), which no one typed.
 */
const PERCENT_RULE = /(markup|margin) -?[\d.]+%$|\(UnitPrice\)/;

/**
 * Charges sold at twice their cost or more by a fixed price: a yearly price (264) typed in as the monthly Sales price,
 * which then bills twelve times over. Markups and margins that large are said at their row already. The report does
 * not know which lines a promotion discounted (a 99 % one kept sells at 100 times cost), so it asks.
 */
const SOLD_AT_TWICE_COST: ChargeFinding = {
  amiss: (cost, sales) => cost.sign() > 0 && sales.compare(cost.plus(cost)) >= 0,
  amissUnits: (cost, sales) => cost > 0 && sales >= cost + cost,
  how: 'at twice its cost or more',
  // A promotion the partner keeps sells so too, on purpose: the question says so rather than guess which it is.
  question: 'is the price per month? (a Sales price is per unit per month; per year only on a row whose Billing plan is Annual. A Microsoft promotion you keep sells so too)',
  size: (cost, sales) => sales.minus(cost),
  ruleTold: (rule) => !PERCENT_RULE.test(rule),
};

type Found = Map<string, { cycle: string; product: string; rule: string; currency: string; cost: Decimal; sales: Decimal; customers: Set<string> }>;

/**
 * Each finding's warnings: charges whose sales and cost (as the invoice shows them) fail its test, by product and price
 * rule, largest first. The detail lines are walked, and each cost rounded, once for all the findings.
 */
function chargesPricedAmiss(cycles: readonly ReportCycle[], findings: readonly ChargeFinding[]): string[][] {
  const found: Found[] = findings.map(() => new Map());
  for (const cycle of cycles) {
    const decimals = minorUnits(cycle.currency);
    for (const organization of cycle.organizations) {
      if (!organization.billable) continue;
      for (const product of organization.products) {
        for (const detail of product.details) {
          if (!CHARGES.has(detail.transactionType) || fine(detail, decimals, findings) || detail.cost.sign() <= 0) continue;
          // As the invoice shows them: a meter costing a hair more than it sells for is no finding.
          const cost = detail.cost.round(decimals);
          const sales = detail.sales.round(decimals);
          for (let i = 0; i < findings.length; i++) {
            const finding = findings[i];
            if (!finding.amiss(cost, sales)) continue;
            const rule = detail.rules.join('; ');
            if (!finding.ruleTold(rule)) continue;
            const key = `${cycle.cycle.month}\u0000${cycle.currency}\u0000${idKey(product.productId)}\u0000${idKey(product.skuId)}\u0000${rule}`;
            const entry = found[i].get(key) ?? found[i].set(key, { cycle: cycle.cycle.month, product: product.name || product.productId, rule, currency: cycle.currency, cost: Decimal.ZERO, sales: Decimal.ZERO, customers: new Set() }).get(key)!;
            entry.cost = entry.cost.plus(detail.cost);
            entry.sales = entry.sales.plus(detail.sales);
            // A Set: a mistyped price of a common licence is met in thousands of customers' lines.
            entry.customers.add(organization.name);
          }
        }
      }
    }
  }
  return findings.map((finding, i) => warningsOf(finding, found[i]));
}

/**
 * Whether a detail line's figures, held as numbers, are surely no finding (or cost nothing): told on its numbers, without
 * its Decimals (nearly every line is fine). False where that is not known: the Decimals then tell.
 */
function fine(detail: ReportDetail, decimals: number, findings: readonly ChargeFinding[]): boolean {
  const figures = figuresOf(detail);
  if (figures === null) return false;
  if (figures.costUnits <= 0) return true;
  const cost = unitsRounded(figures.costUnits, figures.costScale, decimals);
  const sales = unitsRounded(figures.salesUnits, figures.salesScale, decimals);
  if (!Number.isSafeInteger(cost) || !Number.isSafeInteger(sales)) return false;
  for (const finding of findings) if (finding.amissUnits(cost, sales)) return false;
  return true;
}

/** A finding's charges, the largest first and the most listed, then how many more there are. */
function warningsOf({ how, question, size }: ChargeFinding, found: Found): string[] {
  const all = [...found.values()].sort((a, b) => size(b.cost, b.sales).compare(size(a.cost, a.sales)));
  const warnings = all.slice(0, MOST_LISTED).map((e) => {
    const decimals = minorUnits(e.currency);
    const names = [...e.customers];
    const customers = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
    return `cycle ${e.cycle}: ${e.product} is sold ${how} by ${e.rule} (cost ${e.cost.toFixed(decimals)}, sales ${e.sales.toFixed(decimals)} ${e.currency}; ${customers}): ${question}`;
  });
  if (all.length > MOST_LISTED) warnings.push(`${all.length - MOST_LISTED} more products are sold ${how} (the Billing Report shows their margins)`);
  return warnings;
}
