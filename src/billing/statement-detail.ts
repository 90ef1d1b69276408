import { chargedDays } from './dates';
import { Decimal } from './decimal';
import type { ChargePeriod, ReportDetail, ReportProduct } from './report';
import { chargeTypeKey } from './transaction-type';

/** Statements are at the sales price before tax: the partner's billing system adds the tax. */
export const STATEMENT_TOTAL = 'Total excl. tax';
export const CREDIT_NOTE_TOTAL = 'Total credited excl. tax';

/**
 * What a customer's document is called. A total below zero gives money back (a cycle of refunds and credits, or more of
 * them than charges): such a document is a credit note, and says so in its date's label and its total's, its amounts
 * keeping their signs (they add up to the total, as the billing CSV's do).
 */
export function statementKind(total: Decimal): { name: 'Statement' | 'Credit note'; total: string } {
  return total.sign() < 0 ? { name: 'Credit note', total: CREDIT_NOTE_TOTAL } : { name: 'Statement', total: STATEMENT_TOTAL };
}

/** Microsoft's charge types as a customer would say them (keys as chargeTypeKey writes them). */
const CHARGE_TYPE_WORDS: Record<string, string> = {
  new: 'new subscription',
  newpurchasecyclefee: 'new subscription',
  proratefeeswhenpurchase: 'new subscription',
  proratefeeswhenpurchased: 'new subscription',
  proratefeeswhenbuy: 'new subscription',
  purchase: 'purchase',
  purchasefee: 'purchase',
  renew: 'renewal',
  renewfee: 'renewal',
  proratefeewhenrenew: 'renewal',
  cyclecharge: 'recurring charge',
  cyclefee: 'recurring charge',
  activationfee: 'activation',
  proratefeeswhenactivate: 'reactivation',
  addquantity: 'seats added',
  removequantity: 'seats removed',
  movequantity: 'seats moved',
  cycleinstanceprorate: 'seat change',
  convertfrominstanceprorate: 'seat change',
  convert: 'upgrade',
  proratefeeswhenconvertawayfromcurrentoffering: 'billing change',
  proratefeeswhenconverttoanewoffering: 'billing change',
  changebillingplan: 'billing change',
  cancel: 'cancellation',
  cancelimmediate: 'cancellation',
  cancelfee: 'cancellation',
  cancelinstanceprorate: 'cancellation',
  proratefeeswhencancel: 'cancellation',
  extendterm: 'term extension',
  customercredit: 'credit',
  offsetalineitem: 'credit',
};

/** A detail line's transaction type with its term ("cycle fee (1-year term, billed yearly)"), as the report names it. */
export function detailLabel(detail: Pick<ReportDetail, 'transactionType' | 'term'>): string {
  return detail.term === '' ? detail.transactionType : `${detail.transactionType} (${detail.term})`;
}

/**
 * What a customer statement says of each detail line of a product: its transaction type and term ("cycle fee (1-year
 * term, billed yearly)"), and where two of the product's lines share both (a renewal at a new price beside the
 * recurring charge), what set them apart, so the customer does not see the same product twice at two prices without
 * a word why. A pro-rated charge or refund says the days it covers, which is why its unit price is a share of the
 * price ("pro-rated charge (1-month term): 15 days, 5 Oct to 19 Oct 2026").
 */
export function statementDetails(details: readonly ReportDetail[]): string[] {
  return typeAndTermWords(details).map((words, i) => {
    const period = details[i].period;
    return period === undefined ? words : `${words}: ${periodWords(period)}`;
  });
}

/**
 * The days a charge covers: "15 days, 5 Oct to 19 Oct 2026". A detail line groups lines of several periods (seats
 * added on two days) under one unit price, which is then an average: it says so rather than give one line's days.
 * Dates in words, not ISO: a wrapped line breaks at a hyphen too, and "2026-11-" over "05" is no date.
 */
export function periodWords(period: ChargePeriod): string {
  const range = datesInWords(period.start, period.end);
  if (period.several) return `several periods, ${range}`;
  const days = chargedDays(period.start, period.end);
  return days === 1 ? `1 day, ${range}` : `${days} days, ${range}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Oct to 19 Oct 2026", "17 Oct 2026 to 11 Oct 2027", "28 Nov 2026" (one day). */
function datesInWords(start: number, end: number): string {
  const [from, to] = [new Date(start), new Date(end)];
  const day = (date: Date) => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  const last = `${day(to)} ${to.getUTCFullYear()}`;
  if (chargedDays(start, end) === 1) return last;
  return from.getUTCFullYear() === to.getUTCFullYear() ? `${day(from)} to ${last}` : `${day(from)} ${from.getUTCFullYear()} to ${last}`;
}

function typeAndTermWords(details: readonly ReportDetail[]): string[] {
  const count = (pick: (detail: ReportDetail) => string) => {
    const counts = new Map<string, number>();
    for (const detail of details) counts.set(pick(detail), (counts.get(pick(detail)) ?? 0) + 1);
    return counts;
  };
  const wordsOf = (detail: ReportDetail) => CHARGE_TYPE_WORDS[chargeTypeKey(detail.chargeType)] ?? detail.chargeType;
  const typeAndTerm = (detail: ReportDetail) => `${detail.transactionType}\u0000${detail.term}`;
  const typeTermAndWords = (detail: ReportDetail) => `${typeAndTerm(detail)}\u0000${wordsOf(detail)}`;
  const sameType = count(typeAndTerm);
  const sameWords = count(typeTermAndWords);
  return details.map((detail) => {
    if (sameType.get(typeAndTerm(detail)) === 1) return detailLabel(detail);
    // Two spellings of one kind of charge read alike in words: Microsoft's own names tell them apart.
    const words = sameWords.get(typeTermAndWords(detail)) === 1 ? wordsOf(detail) : detail.chargeType;
    return `${detail.transactionType} (${detail.term === '' ? words : `${words}; ${detail.term}`})`;
  });
}

/**
 * The products' names as a customer statement shows them: a name two products of the organization share (two SKUs
 * Microsoft names alike) gets its catalog id, "Microsoft 365 Business Standard (CFQ7TTC0LCHC:0001)", so the customer
 * does not see the same product twice at two prices without a word why.
 */
export function statementProductNames(products: readonly Pick<ReportProduct, 'name' | 'productId' | 'skuId'>[]): string[] {
  const counts = new Map<string, number>();
  for (const product of products) counts.set(product.name, (counts.get(product.name) ?? 0) + 1);
  return products.map((product) => (counts.get(product.name) === 1 ? product.name : `${product.name} (${product.skuId === '' ? product.productId : `${product.productId}:${product.skuId}`})`));
}

/**
 * The unit price a customer sees: with as few decimals as make quantity × price give the amount again (two more
 * than the currency's at least), since a customer or a billing platform may multiply them back (744 × 0.0763 is
 * 56.77, the amount 56.75: 0.07628 gives it). The value and its decimals, and the text with them.
 */
/**
 * A detail line's quantity as statements and exports show it, and the cost of one: a line billed an amount without a
 * quantity (a charge that names no units, priced by a markup) shows one of it, so quantity × unit price gives the
 * amount, as a billing platform multiplies; 0 × 0.0000 would bill nothing for it.
 */
export function statementUnits(detail: Pick<ReportDetail, 'sales' | 'quantity' | 'cost' | 'unitCost'>): { quantity: Decimal; unitCost: Decimal } {
  return detail.quantity.isZero() && !detail.sales.isZero() ? { quantity: Decimal.ONE, unitCost: detail.cost } : { quantity: detail.quantity, unitCost: detail.unitCost };
}

export function statementUnitPrice(sales: Decimal, quantity: Decimal, decimals: number): { value: Decimal; scale: number; text: string } {
  const least = decimals + 2;
  if (quantity.isZero()) return { value: Decimal.ZERO, scale: least, text: Decimal.ZERO.toFixed(least) };
  let scale = least;
  let value = sales.dividedBy(quantity, scale);
  while (scale < decimals + 10 && !value.times(quantity).round(decimals).equals(sales)) value = sales.dividedBy(quantity, ++scale);
  return { value, scale, text: value.toFixed(scale) };
}
