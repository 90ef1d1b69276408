import { chargedDays } from './dates';
import type { Decimal } from './decimal';
import { detached, memoByText } from './detached';
import type { FileFormat, TransactionType } from './line';

// Held here: under tsx (the command line's loader) each use of an import calls a getter, and this runs per line.
const daysOf = chargedDays;

/**
 * Microsoft's charge types (compared case-insensitively, spaces ignored: "Cycle fee", "CYCLE FEE", "cycleCharge")
 * grouped by what they are to a customer's invoice. The sign of the cost, as delivered, decides refund vs charge
 * for the pairs Microsoft emits on seat changes, conversions and prorations.
 */
const PERIOD_CHARGES = new Set(['new', 'renew', 'cyclecharge', 'cyclefee', 'newpurchasecyclefee', 'renewfee', 'purchasefee', 'activationfee', 'purchase']);
const PRORATED_CHANGES = new Set([
  'addquantity',
  'removequantity',
  'movequantity',
  'convert',
  'changebillingplan',
  'cancelimmediate',
  'cancel',
  'refund',
  'cancelfee',
  'cancelinstanceprorate',
  'cycleinstanceprorate',
  'proratefeeswhencancel',
  'proratefeeswhenconvertawayfromcurrentoffering',
  'proratefeeswhenconverttoanewoffering',
  'convertfrominstanceprorate',
  'proratefeeswhenpurchase',
  'proratefeeswhenpurchased',
  'proratefeeswhenbuy',
  'proratefeewhenrenew',
  'proratefeeswhenactivate',
  'extendterm',
]);
const CREDITS = new Set([
  'customercredit',
  'offsetalineitem',
  'activationdiscount',
  'cyclediscount',
  'renewdiscount',
  'canceldiscount',
  'credit',
]);
const USAGE = new Set(['usage', 'assessusagefeeforcurrentcycle', 'assessusagefeewhencancel']);
/**
 * Charge types whose sign is certain whatever the cost: what a line costing 0 (a 100 % promotion, a trial) is, where
 * its cost cannot say. A conversion, a change of billing plan or a move of seats is a charge on one side and a refund on the
 * other, and an unknown charge type says nothing: neither set holds them.
 */
const CHARGES = new Set([...PERIOD_CHARGES, 'proratefeeswhenpurchase', 'proratefeeswhenpurchased', 'proratefeeswhenbuy', 'proratefeewhenrenew', 'proratefeeswhenactivate', 'extendterm']);
const REFUNDS = new Set(['removequantity', 'cancel', 'cancelimmediate', 'refund', 'cancelfee', 'cancelinstanceprorate', 'proratefeeswhencancel']);

/** Each spelling of a charge type normalized once (detached: a key kept must not hold the line's text alive). */
export const chargeTypeKey: (chargeType: string) => string = memoByText((chargeType) => detached(chargeType.toLowerCase().replace(/[\s_-]+/g, '')));

export interface TransactionFacts {
  format: FileFormat;
  chargeType: string;
  cost: Decimal;
  /** New commerce: an Azure plan meter (MeterDescription set, or SubscriptionDescription "Azure plan"). */
  isMeteredUsage: boolean;
  /** New commerce: no recurring billing (blank BillingFrequency or "OneTime") and no charge cycle. */
  isOneTimePurchase: boolean;
  chargeStart: number | null;
  chargeEnd: number | null;
  /** BillingFrequency / BillingCycleType as written: "Monthly", "Annual", ... */
  billingFrequency: string;
  /** TermAndBillingCycle: its "... for monthly billing" says the plan where BillingFrequency is blank (an unbilled file). */
  term: string;
}

/** By BillingFrequency, then term: a file has a few of each and a million lines, priced and typed by them. */
const PLANS = memoByText((billingFrequency) => memoByText((term) => planOfText(`${billingFrequency} ${term}`.toLowerCase())), 100);

/** BillingFrequency / BillingCycleType, else the end of TermAndBillingCycle ("... for yearly billing"): 'monthly', 'annual' or ''. */
export function billingPlanOf(line: { term: string; billingFrequency: string }): string {
  return PLANS(line.billingFrequency)(line.term);
}

function planOfText(text: string): string {
  if (/^\s*month|monthly billing/.test(text)) return 'monthly';
  if (/^\s*(annual|year)|(yearly|annual) billing/.test(text)) return 'annual';
  return '';
}

/**
 * Seats added or removed come as a pair of lines of one charge type (D-NCE-SCN): a refund of the old seat count and a
 * charge of the new one. Each line's cost says which it is; at a cost of 0 (a 100 % promotion) nothing does.
 */
const SEAT_CHANGE_PAIRS = new Set(['addquantity', 'removequantity']);

export function isSeatChange(chargeType: string): boolean {
  return SEAT_CHANGE_PAIRS.has(chargeTypeKey(chargeType));
}

/**
 * The sign a charge type gives a line whatever its cost: 1 a charge (new, renew, a cycle charge), −1 a refund (a
 * cancellation), 0 where the charge type cannot tell (seats added or removed, a conversion, a change of billing plan,
 * seats moved, an unknown charge type).
 */
export function chargeTypeSign(chargeType: string): 1 | -1 | 0 {
  const key = chargeTypeKey(chargeType);
  if (SEAT_CHANGE_PAIRS.has(key)) return 0;
  return CHARGES.has(key) ? 1 : REFUNDS.has(key) ? -1 : 0;
}

export function transactionTypeOf(facts: TransactionFacts): TransactionType {
  const key = chargeTypeKey(facts.chargeType);
  if (CREDITS.has(key)) return 'credit';
  if (facts.format === 'nce-daily-usage' || facts.format === 'legacy-usage' || USAGE.has(key) || facts.isMeteredUsage) {
    return facts.cost.sign() < 0 && !USAGE.has(key) ? 'credit' : 'usage';
  }
  // A line that cost 0 (a 100 % promotion, a trial, a free licence) has no sign: its charge type tells a refund (seats
  // removed, a cancellation) where it can, so a cancelled trial is not a charge of nothing.
  const negative = facts.cost.sign() < 0 || (facts.cost.isZero() && REFUNDS.has(key));
  if (PERIOD_CHARGES.has(key)) {
    if (negative) return 'refund';
    if (facts.isOneTimePurchase) return 'one-time';
    // A cycle charge over less than its billing period (coterminous or calendar-aligned first cycle), or over more (a
    // legacy first charge running a cycle and on to the partner's billing anniversary), is prorated.
    if (coversPartOfPeriod(facts)) return 'pro-rated charge';
    return 'cycle fee';
  }
  if (PRORATED_CHANGES.has(key)) return negative ? 'refund' : 'pro-rated charge';
  // An unknown charge type is still money: classify by sign and say nothing is guessed beyond that.
  return negative ? 'refund' : 'pro-rated charge';
}

/** Shortest full charge cycles: February (28 days) and a 365-day year, less a day of slack for 23:59 end times. */
const SHORTEST_MONTH_DAYS = 27;
const SHORTEST_YEAR_DAYS = 364;
/** Longest full charge cycles: 31 days and a leap year. */
const LONGEST_MONTH_DAYS = 31;
const LONGEST_YEAR_DAYS = 366;

function coversPartOfPeriod(facts: TransactionFacts): boolean {
  if (facts.chargeStart === null || facts.chargeEnd === null) return false;
  const days = daysOf(facts.chargeStart, facts.chargeEnd);
  const plan = billingPlanOf(facts);
  if (plan === 'monthly') return days < SHORTEST_MONTH_DAYS || days > LONGEST_MONTH_DAYS;
  if (plan === 'annual') return days < SHORTEST_YEAR_DAYS || days > LONGEST_YEAR_DAYS;
  return false;
}

/** Charge types this module recognises; anything else gets a warning on import. */
export function isKnownChargeType(chargeType: string): boolean {
  const key = chargeTypeKey(chargeType);
  return PERIOD_CHARGES.has(key) || PRORATED_CHANGES.has(key) || CREDITS.has(key) || USAGE.has(key);
}
