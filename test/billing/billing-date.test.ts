import { BillingDateEvidence, cycleEndInMonth, firstCycleEndOnOrAfter } from '../../src/billing/billing-date';
import { cycleHolding } from '../../src/billing/cycles';
import { formatIsoDate, parseBillingDate } from '../../src/billing/dates';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine, FileFormat, TransactionType } from '../../src/billing/line';

const day = (text: string) => parseBillingDate(text)!;
const iso = (utc: number) => formatIsoDate(utc);

function line(format: FileFormat, chargeStart: string | null, transactionType: TransactionType): BillingLine {
  return {
    format,
    customerId: 'c',
    customerName: '',
    customerDomain: '',
    invoiceNumber: '',
    subscriptionId: 's',
    subscriptionDescription: '',
    productId: 'p',
    skuId: '',
    productName: '',
    skuName: '',
    offerId: '',
    term: '',
    billingFrequency: '',
    chargeType: '',
    transactionType,
    chargeStart: chargeStart === null ? null : day(chargeStart),
    chargeEnd: null,
    orderDate: null,
    subscriptionStart: null,
    subscriptionEnd: null,
    quantity: Decimal.ONE,
    unitPrice: null,
    effectiveUnitPrice: null,
    cost: Decimal.ONE,
    tax: null,
    total: null,
    currency: 'USD',
    pricingCurrency: '',
    exchangeRate: null,
    referenceId: '',
    orderId: '',
    unit: '',
    meter: '',
    promotionId: '',
    benefit: '',
    sourceFile: 'test.csv',
    sourceRow: 2,
  };
}

function evidenceOf(lines: BillingLine[]): BillingDateEvidence {
  const evidence = new BillingDateEvidence();
  lines.forEach((l) => evidence.add(l));
  return evidence;
}

describe('the billing day of a cycle', () => {
  it('is the set day of the month, or the month end when the month is shorter', () => {
    expect(iso(cycleEndInMonth(2018, 2, 15))).toBe('2018-02-15');
    expect(iso(cycleEndInMonth(2026, 2, 30))).toBe('2026-02-28');
    expect(iso(cycleEndInMonth(2024, 2, 30))).toBe('2024-02-29');
    expect(iso(cycleEndInMonth(2026, 4, 'last'))).toBe('2026-04-30');
    expect(iso(cycleEndInMonth(2026, 12, 'last'))).toBe('2026-12-31');
  });

  it.each<[string, number | 'last', string]>([
    ['2/11/2018', 15, '2018-02-15'],
    ['2/15/2018', 15, '2018-02-15'],
    ['2/15/2018 23:59', 15, '2018-02-15'],
    ['2/16/2018', 15, '2018-03-15'],
    ['12/20/2026', 15, '2027-01-15'],
    ['1/31/2026', 30, '2026-02-28'],
    ['2/1/2026', 'last', '2026-02-28'],
    ['12/31/2026 12:00', 'last', '2026-12-31'],
  ])('the first billing day on or after %s (cycle end day %s) is %s', (start, cycleEndDay, expected) => {
    expect(iso(firstCycleEndOnOrAfter(day(start), cycleEndDay))).toBe(expected);
  });
});

describe('inferring the billing date of a file', () => {
  it('new commerce: the last day of the month most charges start in', () => {
    const evidence = evidenceOf([
      line('nce-invoice', '9/25/2026', 'refund'),
      line('nce-invoice', '10/1/2026', 'cycle fee'),
      line('nce-invoice', '10/14/2026', 'cycle fee'),
      line('nce-invoice', '11/2/2026', 'cycle fee'),
    ]);
    const inferred = evidence.infer('nce-invoice', 15)!;
    expect(iso(inferred.billingDate)).toBe('2026-10-31');
    expect(inferred.rule).toContain('2026-10');
  });

  it('new commerce: a tie between two months goes to the later month', () => {
    const evidence = evidenceOf([line('nce-daily-usage', '10/31/2026', 'usage'), line('nce-daily-usage', '11/1/2026', 'usage')]);
    expect(iso(evidence.infer('nce-daily-usage', 'last')!.billingDate)).toBe('2026-11-30');
  });

  it('new commerce under cycle end day 28: February of a common year is dated March 1st, so January and February bill in cycles of their own', () => {
    const month = (start: string) => evidenceOf([line('nce-invoice', start, 'cycle fee')]).infer('nce-invoice', 28)!;
    const cycleOf = (start: string) => cycleHolding(month(start).billingDate, 28).month;
    // Every month's last day lies in the cycle after its own; February 28th would be the cycle end of February itself.
    expect(['12/1/2026', '1/1/2027', '2/1/2027', '3/1/2027'].map(cycleOf)).toEqual(['2027-01', '2027-02', '2027-03', '2027-04']);
    expect(iso(month('2/1/2027').billingDate)).toBe('2027-03-01');
    expect(month('2/1/2027').rule).toBe("new commerce: the calendar month most charges start in (2027-02), the day after it: its last day is the cycle end day, which would bill it in the previous month's cycle");
    // A leap year's February ends on the 29th, past the cycle end: its last day as ever.
    expect(iso(month('2/1/2028').billingDate)).toBe('2028-02-29');
    expect(cycleOf('2/1/2028')).toBe('2028-03');
    // The calendar month (cycle end day "last") and other days keep the month's last day.
    expect(iso(evidenceOf([line('nce-invoice', '2/1/2027', 'cycle fee')]).infer('nce-invoice', 'last')!.billingDate)).toBe('2027-02-28');
    expect(iso(evidenceOf([line('nce-invoice', '2/1/2027', 'cycle fee')]).infer('nce-invoice', 27)!.billingDate)).toBe('2027-02-28');
  });

  it('legacy: the first billing day on or after the latest cycle-fee start, whatever the refunds say', () => {
    const evidence = evidenceOf([
      line('legacy-license', '1/20/2018', 'cycle fee'),
      line('legacy-license', '2/11/2018', 'cycle fee'),
      line('legacy-license', '2/14/2018', 'pro-rated charge'),
      line('legacy-license', '1/2/2018', 'refund'),
    ]);
    const inferred = evidence.infer('legacy-license', 15)!;
    expect(iso(inferred.billingDate)).toBe('2018-02-15');
    expect(inferred.rule).toContain('latest cycle-fee charge start, 2018-02-11');
    expect(iso(evidence.infer('legacy-license', 'last')!.billingDate)).toBe('2018-02-28');
  });

  it('legacy without any cycle fee: from the latest charge start, and says so', () => {
    const evidence = evidenceOf([line('legacy-usage', '1/16/2019', 'usage'), line('legacy-usage', '12/16/2018', 'usage')]);
    const inferred = evidence.infer('legacy-usage', 15)!;
    expect(iso(inferred.billingDate)).toBe('2019-02-15');
    expect(inferred.rule).toContain('no cycle fee');
  });

  it('has nothing to go on when no line has a charge start', () => {
    const evidence = evidenceOf([line('nce-invoice', null, 'one-time')]);
    expect(evidence.infer('nce-invoice', 'last')).toBeNull();
    expect(evidence.infer('legacy-license', 15)).toBeNull();
  });
});
