/**
 * What a customer statement calls each detail line: the transaction type, and what sets two lines of one product
 * apart when they share it.
 */
import { Decimal } from '../../src/billing/decimal';
import type { TransactionType } from '../../src/billing/line';
import type { ChargePeriod, ReportDetail } from '../../src/billing/report';
import { termWordsOf } from '../../src/billing/pricing';
import { CREDIT_NOTE_TOTAL, periodWords, STATEMENT_TOTAL, statementDetails, statementKind } from '../../src/billing/statement-detail';

const detail = (transactionType: TransactionType, chargeType: string, term = ''): ReportDetail => {
  const zero = Decimal.ZERO;
  return { transactionType, chargeType, term, rules: [], lines: 1, quantity: zero, unitCost: zero, unitSales: zero, cost: zero, sales: zero, margin: zero };
};

describe('statementDetails', () => {
  it('is the transaction type alone where the product has one line of that type', () => {
    expect(statementDetails([detail('cycle fee', 'cycleCharge'), detail('pro-rated charge', 'addQuantity'), detail('refund', 'addQuantity')])).toEqual(['cycle fee', 'pro-rated charge', 'refund']);
  });

  it('says in words what Microsoft charged for where two lines share a type', () => {
    expect(statementDetails([detail('cycle fee', 'cycleCharge'), detail('cycle fee', 'renew'), detail('cycle fee', 'new'), detail('refund', 'cancelImmediate')])).toEqual([
      'cycle fee (recurring charge)',
      'cycle fee (renewal)',
      'cycle fee (new subscription)',
      'refund',
    ]);
    expect(statementDetails([detail('refund', 'Cancel fee'), detail('refund', 'removeQuantity')])).toEqual(['refund (cancellation)', 'refund (seats removed)']);
  });

  it("keeps Microsoft's own names where the words would read alike, and names charge types it does not know as written", () => {
    expect(statementDetails([detail('cycle fee', 'renew'), detail('cycle fee', 'Renew fee'), detail('cycle fee', 'tierTransitionFee')])).toEqual([
      'cycle fee (renew)',
      'cycle fee (Renew fee)',
      'cycle fee (tierTransitionFee)',
    ]);
  });

  it('names the term, and tells lines apart by their charge only where they share type and term', () => {
    expect(
      statementDetails([
        detail('cycle fee', 'renew', '1-year term, billed yearly'),
        detail('cycle fee', 'renew', '1-month term'),
        detail('cycle fee', 'cycleCharge', '1-year term, billed monthly'),
        detail('cycle fee', 'renew', '1-year term, billed monthly'),
        detail('usage', 'new'),
      ]),
    ).toEqual([
      'cycle fee (1-year term, billed yearly)',
      'cycle fee (1-month term)',
      'cycle fee (recurring charge; 1-year term, billed monthly)',
      'cycle fee (renewal; 1-year term, billed monthly)',
      'usage',
    ]);
  });

  it('gives no term to a usage file\'s lines, its credits included', () => {
    const credit = { format: 'legacy-usage', term: '', billingFrequency: 'Monthly', transactionType: 'credit', cost: Decimal.parse('-3.18'), meter: '', benefit: '' } as const;
    expect(termWordsOf(credit)).toBe('');
    expect(termWordsOf({ ...credit, format: 'legacy-license', transactionType: 'cycle fee' })).toBe('billed monthly');
  });

  it("says 'no charge' of a licence line Microsoft charged nothing for (a trial converted beside its paid seats)", () => {
    const trial = { format: 'nce-invoice', term: 'One-Year commitment for monthly billing', billingFrequency: 'Monthly', transactionType: 'pro-rated charge', cost: Decimal.ZERO, meter: '', benefit: '' } as const;
    expect(termWordsOf(trial)).toBe('1-year term, billed monthly, no charge');
    expect(termWordsOf({ ...trial, cost: Decimal.parse('47.89') })).toBe('1-year term, billed monthly');
  });

  it('names usage Microsoft charged nothing for by what covered it, and paid usage not at all', () => {
    const hours = { format: 'nce-daily-usage', term: '', billingFrequency: '', transactionType: 'usage', cost: Decimal.ZERO, meter: 'D2 v3/D2s v3 (1 Hour)', benefit: '' } as const;
    expect(termWordsOf({ ...hours, cost: Decimal.parse('9.12') })).toBe('');
    expect(termWordsOf(hours)).toBe('no charge');
    expect(termWordsOf({ ...hours, benefit: 'reservation' })).toBe('covered by reservation');
    expect(termWordsOf({ ...hours, benefit: 'savings plan' })).toBe('covered by savings plan');
  });
});

describe('the days a pro-rated line covers', () => {
  const period = (start: string, end: string, several = false): ChargePeriod => ({ start: Date.parse(start), end: Date.parse(end), several });

  it('counts both days of the charge, as Microsoft charges them', () => {
    expect(periodWords(period('2026-10-05', '2026-10-19'))).toBe('15 days, 5 Oct to 19 Oct 2026');
    expect(periodWords(period('2026-10-31', '2026-10-31'))).toBe('1 day, 31 Oct 2026');
    expect(periodWords(period('2026-10-17', '2027-10-11'))).toBe('360 days, 17 Oct 2026 to 11 Oct 2027');
    // In words: wrapped on paper, an ISO date broke at its hyphen ("2026-11-" above "05").
    expect(periodWords(period('2026-10-11', '2026-11-05'))).not.toMatch(/\d-\d/);
  });

  it('says a line of several periods is one, giving their range rather than one line\'s days', () => {
    expect(periodWords(period('2026-10-05', '2026-11-04', true))).toBe('several periods, 5 Oct to 4 Nov 2026');
  });

  it('follows the transaction type and term on the statement, and only where the detail line has a period', () => {
    const charge = { ...detail('pro-rated charge', 'addQuantity', '1-month term'), period: period('2026-10-05', '2026-10-19') };
    expect(statementDetails([detail('cycle fee', 'cycleCharge', '1-month term'), charge])).toEqual(['cycle fee (1-month term)', 'pro-rated charge (1-month term): 15 days, 5 Oct to 19 Oct 2026']);
    expect(statementDetails([charge, { ...charge, chargeType: 'cycleInstanceProrate' }])).toEqual([
      'pro-rated charge (seats added; 1-month term): 15 days, 5 Oct to 19 Oct 2026',
      'pro-rated charge (seat change; 1-month term): 15 days, 5 Oct to 19 Oct 2026',
    ]);
  });
});

describe('what a statement is called', () => {
  it('is a statement when it bills, nothing or more, and a credit note when its total gives money back', () => {
    expect(statementKind(Decimal.parse('12.50'))).toEqual({ name: 'Statement', total: STATEMENT_TOTAL });
    expect(statementKind(Decimal.ZERO)).toEqual({ name: 'Statement', total: STATEMENT_TOTAL });
    expect(statementKind(Decimal.parse('-0.01'))).toEqual({ name: 'Credit note', total: CREDIT_NOTE_TOTAL });
  });
});
