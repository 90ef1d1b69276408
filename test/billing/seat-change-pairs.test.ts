/**
 * A 100 % promotion's seats added or removed under Promotions = Keep: Microsoft writes the change as a pair of lines
 * of one charge type and ReferenceId, a refund of the old seat count and a charge of the new, both at cost 0. The pair
 * tells which is which (seats added: the larger count is the charge; removed: the refund), so both are billed by
 * their days with their signs; a half the pair cannot tell stays "no charge" and is named.
 */
import type { BillingConfig } from '../../src/billing/config';
import type { BillingLine } from '../../src/billing/line';
import type { BillingReport } from '../../src/billing/report';
import { configOf, reportOf } from '../helpers/billing-config';
import { M365_BUSINESS_STANDARD, nceLine } from '../helpers/billing-lines';

const PRICES = `Product ID,SKU ID,Product,Term,Billing plan,Sales price\n${M365_BUSINESS_STANDARD},,,,,12.00`;
const keep = configOf({ Settings: 'Setting,Value\nCurrency,USD', Prices: PRICES });
const passOn = configOf({ Settings: 'Setting,Value\nCurrency,USD\nPromotions,Pass on', Prices: PRICES });

// A 100 % promotion at a UnitPrice of 10.00, subscription bought May 5 (periods the 5th to the 4th: October 5 –
// November 4, 31 days); seats changed October 7, 29 of the 31 days. At 12.00 a seat is 12.00 × 29/31 = 11.2258.
const promo = { unitPrice: '10.00', cost: '0', promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0PROMO', subscriptionStart: '2026-05-05', chargeStart: '2026-10-07', chargeEnd: '2026-11-04' };
const half = (chargeType: string, quantity: string, sourceRow: number, more: Partial<BillingLine> = {}) =>
  nceLine({ ...promo, chargeType, quantity, sourceRow, referenceId: 'ref-1', ...more });
const month = nceLine({ ...promo, chargeType: 'cycleCharge', quantity: '10', chargeStart: '2026-10-05', sourceRow: 2 });

function run(config: BillingConfig, ...files: BillingLine[][]): BillingReport {
  return reportOf(config, files.map((lines, i) => ({ lines, document: { fileName: `promo-${i + 1}.csv` } })), { months: null, keepLines: true });
}

/** Per detail line: charge type, transaction type, term, quantity, sales, rules. */
function details(report: BillingReport): string[][] {
  return report.cycles[0].organizations[0].products[0].details.map((d) => [d.chargeType, d.transactionType, d.term, d.quantity.toString(), d.sales.toFixed(2), d.rules.join('; ')]);
}

describe("a 100% promotion's seat change, billed by its pair (Promotions = Keep)", () => {
  it('seats added 10 → 12: the refund of 10 and the charge of 12 over 29 of 31 days, 22.45 billed and nothing named', () => {
    // The halves need not be next to each other: the month's charge lies between them.
    const report = run(keep, [half('addQuantity', '10', 3), month, half('addQuantity', '12', 4)]);
    expect(details(report)).toEqual([
      ['cycleCharge', 'cycle fee', '1-year term, billed monthly', '10', '120.00', 'price list 12'],
      ['addQuantity', 'pro-rated charge', '1-year term, billed monthly', '12', '134.71', 'price list 12'],
      ['addQuantity', 'refund', '1-year term, billed monthly', '10', '-112.26', 'price list 12'],
    ]);
    expect(report.cycles[0].sales.toFixed(2)).toBe('142.45');
    expect(report.reconciliation.warnings).toEqual([]);
    // The Billing Lines rows too, each half its own row with its signed share of the period.
    const rows = report.cycles[0].lines.filter((row) => row.chargeType === 'addQuantity');
    expect(rows.map((row) => [row.transactionType, row.quantity.toString(), row.fraction!.toFixed(6), row.sales.toFixed(2), row.rule])).toEqual([
      ['pro-rated charge', '12', '0.935484', '134.71', 'price list 12'],
      ['refund', '10', '-0.935484', '-112.26', 'price list 12'],
    ]);
  });

  it('seats removed 10 → 9 (the charge of 9 written first): −112.26 and +101.03, so −11.23', () => {
    const report = run(keep, [half('removeQuantity', '9', 3), half('removeQuantity', '10', 4)]);
    expect(details(report)).toEqual([
      ['removeQuantity', 'pro-rated charge', '1-year term, billed monthly', '9', '101.03', 'price list 12'],
      ['removeQuantity', 'refund', '1-year term, billed monthly', '10', '-112.26', 'price list 12'],
    ]);
    expect(report.cycles[0].sales.toFixed(2)).toBe('-11.23');
    expect(report.reconciliation.warnings).toEqual([]);
  });

  it('a half the pair cannot tell stays no charge and is named: alone, one of three, both of equal counts, without a ReferenceId', () => {
    const report = run(keep, [
      half('addQuantity', '10', 2, { referenceId: 'alone' }),
      ...['10', '12', '12'].map((quantity, i) => half('addQuantity', quantity, 3 + i, { referenceId: 'three' })),
      half('removeQuantity', '10', 6, { referenceId: 'equal' }),
      half('removeQuantity', '10', 7, { referenceId: 'equal' }),
      half('removeQuantity', '9', 8, { referenceId: '' }),
      half('removeQuantity', '10', 9, { referenceId: '' }),
    ]);
    expect(details(report)).toEqual([
      ['addQuantity', 'pro-rated charge', '1-year term, billed monthly, no charge', '44', '0.00', 'no charge'],
      ['removeQuantity', 'refund', '1-year term, billed monthly, no charge', '39', '0.00', 'no charge'],
    ]);
    const pair = "Microsoft writes seats added or removed as a pair of (addQuantity|removeQuantity) lines, a refund of the old seat count and a charge of the new, and at a cost of 0 only the pair's seat counts say which this line is";
    const named = (row: number, why: string) => expect.stringMatching(new RegExp(`^promo-1\\.csv, row ${row}: .*costing 0\\.00 USD: ${pair}: ${why}, so price list 12 cannot size it; billed as no charge$`));
    expect(report.reconciliation.warnings).toEqual([
      named(2, 'its other half \\(same ReferenceId, subscription and charge dates\\) is not in the file'),
      ...[3, 4, 5].map((row) => named(row, '3 lines share its ReferenceId, subscription and charge dates, not one refund and one charge')),
      named(6, 'both halves name 10 seats'),
      named(7, 'both halves name 10 seats'),
      named(8, 'it names no ReferenceId to find its other half by'),
      named(9, 'it names no ReferenceId to find its other half by'),
    ]);
  });

  it('halves of another subscription, other dates or another file are not a pair', () => {
    const report = run(
      keep,
      [half('addQuantity', '10', 2), half('addQuantity', '12', 3, { subscriptionId: 'another' }), half('addQuantity', '12', 4, { chargeStart: Date.UTC(2026, 9, 8) })],
      [half('addQuantity', '12', 2)],
    );
    expect(details(report)).toEqual([['addQuantity', 'pro-rated charge', '1-year term, billed monthly, no charge', '46', '0.00', 'no charge']]);
    expect(report.reconciliation.warnings).toHaveLength(4);
  });

  it('Pass on: the customer gets the promotion, so the pair is no charge, as before, and nothing is named', () => {
    const report = run(passOn, [half('addQuantity', '10', 3), half('addQuantity', '12', 4)]);
    expect(details(report)).toEqual([['addQuantity', 'pro-rated charge', '1-year term, billed monthly, no charge', '22', '0.00', 'no charge']]);
    expect(report.reconciliation.warnings).toEqual([]);
  });
});
