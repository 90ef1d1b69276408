import { parseBillingDate } from '../../src/billing/dates';
import { Decimal } from '../../src/billing/decimal';
import type { FileFormat, TransactionType } from '../../src/billing/line';
import { billingPlanOf, chargeTypeKey, isKnownChargeType, transactionTypeOf, type TransactionFacts } from '../../src/billing/transaction-type';

interface Charge {
  format?: FileFormat;
  chargeType: string;
  cost: string;
  from?: string;
  to?: string;
  frequency?: string;
  metered?: boolean;
  oneTime?: boolean;
}

function typeOf(charge: Charge): TransactionType {
  const facts: TransactionFacts = {
    format: charge.format ?? 'nce-invoice',
    chargeType: charge.chargeType,
    cost: Decimal.parse(charge.cost),
    isMeteredUsage: charge.metered ?? false,
    isOneTimePurchase: charge.oneTime ?? false,
    chargeStart: charge.from === undefined ? null : parseBillingDate(charge.from),
    chargeEnd: charge.to === undefined ? null : parseBillingDate(charge.to),
    billingFrequency: charge.frequency ?? '',
    term: '',
  };
  return transactionTypeOf(facts);
}

describe('charge types are compared the way Microsoft writes them, in any case', () => {
  it.each([
    ['Cycle fee', 'cyclefee'],
    ['CYCLE FEE', 'cyclefee'],
    ['cycleCharge', 'cyclecharge'],
    ['CycleCharge', 'cyclecharge'],
    ['Cycle Instance Prorate', 'cycleinstanceprorate'],
    ['cancel_immediate', 'cancelimmediate'],
    [' Cancel-Fee ', 'cancelfee'],
  ])('%j is %j', (chargeType, key) => {
    expect(chargeTypeKey(chargeType)).toBe(key);
  });

  it.each([
    // Legacy license-based (D-CT, D-CT2021, D-2017)
    'Activation fee', 'Cancel fee', 'Cancel instance prorate', 'Cycle fee', 'Cycle instance prorate', 'Prorate fees when cancel',
    'Prorate fees when convert away from current offering', 'Prorate fees when convert to a new offering', 'Convert from instance prorate',
    'New purchase cycle fee', 'Prorate fees when purchase', 'Prorate fees when purchased', 'Prorate fees when buy', 'Prorate fee when renew',
    'Renew fee', 'Purchase fee', 'PURCHASE FEE', 'Prorate fees when activate', 'Offset a line item', 'New',
    // Legacy usage-based
    'Assess usage fee for current cycle', 'Assess usage fee when cancel', 'Activation discount', 'Cycle discount', 'Renew discount', 'Cancel discount',
    // New commerce
    'new', 'renew', 'cycleCharge', 'addQuantity', 'removeQuantity', 'moveQuantity', 'cancelImmediate', 'convert', 'changeBillingPlan',
    'customerCredit', 'extendTerm', 'Cancel', 'Convert',
    // Daily-rated usage
    'Usage',
  ])('knows the documented charge type %j', (chargeType) => {
    expect(isKnownChargeType(chargeType)).toBe(true);
  });

  it('does not pretend to know an undocumented charge type', () => {
    expect(isKnownChargeType('tierTransitionFee')).toBe(false);
    expect(isKnownChargeType('')).toBe(false);
  });
});

describe('what each charge is to the customer invoice', () => {
  it.each<[string, Charge, TransactionType]>([
    ['a monthly new-commerce purchase over a whole charge cycle', { chargeType: 'new', cost: '100.8', from: '6/18/2021', to: '7/17/2021', frequency: 'Monthly' }, 'cycle fee'],
    ['a monthly renewal', { chargeType: 'renew', cost: '100.8', from: '7/18/2021', to: '8/17/2021', frequency: 'Monthly' }, 'cycle fee'],
    ['a cycle charge over February (28 days)', { chargeType: 'cycleCharge', cost: '12.5', from: '2/1/2026', to: '2/28/2026', frequency: 'Monthly' }, 'cycle fee'],
    ['the shortened cycle of a purchase on January 31 (ends February 27)', { chargeType: 'new', cost: '12.5', from: '1/31/2021', to: '2/27/2021', frequency: 'Monthly' }, 'cycle fee'],
    ['a cycle charge aligned to the calendar month (11/20 to 11/30)', { chargeType: 'cycleCharge', cost: '4.58', from: '11/20/2026', to: '11/30/2026', frequency: 'Monthly' }, 'pro-rated charge'],
    ['an annual charge over a year', { chargeType: 'new', cost: '1209.6', from: '6/18/2021', to: '6/17/2022', frequency: 'Annual' }, 'cycle fee'],
    ['a legacy monthly first charge running a cycle and on to the billing anniversary (53 days)', { chargeType: 'Purchase fee', cost: '54.72', from: '5/20/2017', to: '7/11/2017', frequency: 'Monthly' }, 'pro-rated charge'],
    ['a legacy yearly first charge running a year and on to the billing anniversary (378 days)', { chargeType: 'Purchase fee', cost: '359.49', from: '3/4/2019', to: '3/15/2020', frequency: 'Annual' }, 'pro-rated charge'],
    ['a cycle charge over a leap year', { chargeType: 'Cycle fee', cost: '48', from: '3/1/2019', to: '2/29/2020', frequency: 'Annual' }, 'cycle fee'],
    ['an annual charge over part of a year (coterminous)', { chargeType: 'new', cost: '600', from: '6/18/2021', to: '12/31/2021', frequency: 'Annual' }, 'pro-rated charge'],
    ['a purchase with a negative cost', { chargeType: 'new', cost: '-100.8', from: '6/18/2021', to: '7/17/2021', frequency: 'Monthly' }, 'refund'],
    ['perpetual software bought once', { chargeType: 'new', cost: '1702.22', from: '11/12/2026', oneTime: true }, 'one-time'],
    ['the refund half of a seat addition', { chargeType: 'addQuantity', cost: '-94.08', from: '6/20/2021', to: '7/17/2021', frequency: 'Monthly' }, 'refund'],
    ['the charge half of a seat addition', { chargeType: 'addQuantity', cost: '112.89', from: '6/20/2021', to: '7/17/2021', frequency: 'Monthly' }, 'pro-rated charge'],
    ['a seat removal charge for the remaining seats', { chargeType: 'removeQuantity', cost: '75.26' }, 'pro-rated charge'],
    ['a cancellation within seven days', { chargeType: 'cancelImmediate', cost: '-94.2' }, 'refund'],
    ['the refund of an upgrade', { chargeType: 'convert', cost: '-2316' }, 'refund'],
    ['the charge of an upgrade', { chargeType: 'convert', cost: '1476' }, 'pro-rated charge'],
    ['an Azure credit', { chargeType: 'customerCredit', cost: '-25' }, 'credit'],
    ['an Azure plan meter on the invoice file', { chargeType: 'New', cost: '43.51', metered: true }, 'usage'],
    ['a negative Azure plan meter on the invoice file', { chargeType: 'New', cost: '-3.2', metered: true }, 'credit'],
    ['daily-rated usage', { format: 'nce-daily-usage', chargeType: 'Usage', cost: '0.0000654992985' }, 'usage'],
    ['daily-rated usage without a charge type (unbilled)', { format: 'nce-daily-usage', chargeType: '', cost: '1.5' }, 'usage'],
    ['legacy Azure usage', { format: 'legacy-usage', chargeType: 'Assess usage fee for current cycle', cost: '108.62' }, 'usage'],
    ['a legacy Azure refund', { format: 'legacy-usage', chargeType: 'Offset a line item', cost: '-3.18' }, 'credit'],
    ['a legacy Azure discount', { format: 'legacy-usage', chargeType: 'Cycle discount', cost: '-1' }, 'credit'],
    ['a legacy monthly cycle fee (1/13 to 2/12 23:59)', { format: 'legacy-license', chargeType: 'Cycle fee', cost: '4', from: '1/13/2018 0:00', to: '2/12/2018 23:59', frequency: 'Monthly' }, 'cycle fee'],
    ['a legacy cycle fee in upper case', { format: 'legacy-license', chargeType: 'CYCLE FEE', cost: '4', from: '1/13/2018 0:00', to: '2/12/2018 23:59', frequency: 'MONTHLY' }, 'cycle fee'],
    ['a legacy cancel fee', { format: 'legacy-license', chargeType: 'Cancel Fee', cost: '-4' }, 'refund'],
    ['the reversal row of a legacy seat change', { format: 'legacy-license', chargeType: 'Cycle Instance Prorate', cost: '-4' }, 'refund'],
    ['a new prorated row of a legacy seat change', { format: 'legacy-license', chargeType: 'Cycle Instance Prorate', cost: '2.45' }, 'pro-rated charge'],
    ['a legacy annual purchase', { format: 'legacy-license', chargeType: 'Prorate fees when purchase', cost: '48', frequency: 'Annual' }, 'pro-rated charge'],
    ['a legacy credit note', { format: 'legacy-license', chargeType: 'Offset a line item', cost: '-5.93' }, 'credit'],
    ['an unknown charge', { chargeType: 'tierTransitionFee', cost: '3.1' }, 'pro-rated charge'],
    ['an unknown refund', { chargeType: 'tierTransitionFee', cost: '-3.1' }, 'refund'],
  ])('%s is a %j', (_, charge, expected) => {
    expect(typeOf(charge)).toBe(expected);
  });
});

describe('a line that costs 0 (a 100 % promotion, a trial, a free licence): its charge type gives its sign where it can', () => {
  it.each([
    ['removeQuantity', 'refund'],
    ['cancelImmediate', 'refund'],
    ['cancel', 'refund'],
    ['refund', 'refund'],
    ['addQuantity', 'pro-rated charge'],
    ['convert', 'pro-rated charge'],
    ['moveQuantity', 'pro-rated charge'],
  ] as const)('%s at a cost of 0 is a %s', (chargeType, type) => {
    expect(typeOf({ chargeType, cost: '0' })).toBe(type);
  });

  it('a trial cancelled or a free licence\'s seats removed is a refund of nothing, not a charge; a legacy cancellation too', () => {
    expect(typeOf({ chargeType: 'cancelImmediate', cost: '0', from: '10/7/2026', to: '11/4/2026', frequency: 'Monthly' })).toBe('refund');
    expect(typeOf({ chargeType: 'removeQuantity', cost: '0.00', frequency: 'Monthly' })).toBe('refund');
    expect(typeOf({ format: 'legacy-license', chargeType: 'Cancel fee', cost: '0', frequency: 'Monthly' })).toBe('refund');
    expect(typeOf({ format: 'legacy-license', chargeType: 'Prorate fees when cancel', cost: '0', frequency: 'Monthly' })).toBe('refund');
    expect(typeOf({ format: 'legacy-license', chargeType: 'Cycle fee', cost: '0', from: '1/13/2018', to: '2/12/2018', frequency: 'Monthly' })).toBe('cycle fee');
  });
});

describe('the billing plan, from BillingFrequency or else the term', () => {
  const cases: Array<[string, string, string]> = [
    ['Monthly', 'One-Year commitment for monthly billing', 'monthly'],
    ['Annual', 'One-Year commitment for yearly billing', 'annual'],
    ['', 'One-Year commitment for yearly billing', 'annual'],
    ['', 'One-Month commitment for monthly billing', 'monthly'],
    ['', '', ''],
    ['OneTime', 'One-Year commitment for monthly billing', 'monthly'],
    ['Monthly', '', 'monthly'],
    ['', 'One-Year commitment', ''],
  ];

  it.each(cases)('%j with the term %j is %j', (billingFrequency, term, plan) => {
    expect(billingPlanOf({ billingFrequency, term })).toBe(plan);
  });

  it('is the same whichever line came before (plans are remembered by frequency and term)', () => {
    // Every pair in both orders, and each case twice in a row: a remembered plan must never leak into another line.
    for (const [frequency, term, plan] of cases) {
      for (const [otherFrequency, otherTerm, otherPlan] of cases) {
        expect(billingPlanOf({ billingFrequency: otherFrequency, term: otherTerm })).toBe(otherPlan);
        expect(billingPlanOf({ billingFrequency: frequency, term })).toBe(plan);
        // Equal text from another string (a new line's cell), and a term that differs only in the frequency's place.
        expect(billingPlanOf({ billingFrequency: ` ${frequency}`.slice(1), term: `${term} `.trimEnd() })).toBe(plan);
      }
    }
    expect(billingPlanOf({ billingFrequency: '', term: 'One-Year commitment for yearly billing' })).toBe('annual');
    expect(billingPlanOf({ billingFrequency: '', term: 'One-Year commitment for monthly billing' })).toBe('monthly');
  });
});
