/**
 * DetailGroups puts each bucket under its customer, product and detail line. Neighbouring buckets are compared with
 * the last one before anything is looked up: a bucket that differs from it in any one of customer, product, SKU or
 * meter is another product's, and one spelt otherwise (an id in another case) is the same.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import { customerNumber, DetailGroups, detailNumberOf, productNumberOf } from '../../src/billing/detail-groups';
import type { DetailBucket } from '../../src/billing/report';

function bucket(changes: Partial<DetailBucket> = {}): DetailBucket {
  return {
    customerId: 'customer-a',
    customerName: 'Customer A',
    productId: 'CFQ7TTC0LH18',
    skuId: '0001',
    productName: 'Business Basic',
    meter: '',
    transactionType: 'cycle fee',
    chargeType: 'cycleCharge',
    term: '1-year term, billed monthly',
    rule: 'price list',
    ruleLines: 1,
    rules: null,
    lines: 1,
    quantity: Decimal.ONE,
    cost: Decimal.ONE,
    sales: Decimal.ONE,
    rounded: false,
    lineBuckets: null,
    period: null,
    ...changes,
  };
}

/** The groups as customer → product → detail line counts, in the order first added. */
function shape(groups: DetailGroups): number[][] {
  return [...groups.customers.values()].map((products) => [...products.values()].map((details) => details.size));
}

describe('DetailGroups', () => {
  it.each([
    ['customer', { customerId: 'customer-b' }, [[1], [1]]],
    ['product', { productId: 'CFQ7TTC0LDPB' }, [[1, 1]]],
    ['SKU', { skuId: '0002' }, [[1, 1]]],
    ['meter', { meter: 'Data Stored' }, [[1, 1]]],
    ['transaction type', { transactionType: 'refund' as const }, [[2]]],
    ['charge type', { chargeType: 'removeQuantity' }, [[2]]],
    ['term', { term: '1-month term' }, [[2]]],
  ])('tells a bucket of another %s from the one before it', (_, changes, expected) => {
    const groups = new DetailGroups();
    groups.set(bucket());
    groups.set(bucket(changes));
    expect(shape(groups)).toEqual(expected);
  });

  it('finds a product and detail line again after others, whatever the case of their ids', () => {
    const groups = new DetailGroups();
    const first = bucket();
    groups.set(first);
    groups.set(bucket({ productId: 'CFQ7TTC0LDPB' }));
    groups.set(bucket({ customerId: 'customer-b' }));
    const added: DetailBucket[] = [];
    groups.merge(bucket({ customerId: 'CUSTOMER-A', productId: 'cfq7ttc0lh18' }), (same, other) => void added.push(same, other));
    expect(added[0]).toBe(first);
    groups.merge(bucket({ customerId: 'CUSTOMER-A', productId: 'cfq7ttc0lh18' }), (same) => void added.push(same));
    expect(added[2]).toBe(first);
    expect(shape(groups)).toEqual([[1, 1], [1]]);
  });

  it('files a bucket by its numbers (setAt) where set() files it, buckets of one number sharing a place', () => {
    const changes = fc.record(
      {
        customerId: fc.constantFrom('customer-a', 'CUSTOMER-A', 'customer-b', 'customer-c'),
        productId: fc.constantFrom('CFQ7TTC0LH18', 'cfq7ttc0lh18', 'CFQ7TTC0LDPB'),
        skuId: fc.constantFrom('0001', '0002'),
        meter: fc.constantFrom('', 'Data Stored', 'data stored'),
        transactionType: fc.constantFrom('cycle fee' as const, 'refund' as const, 'usage' as const),
        chargeType: fc.constantFrom('cycleCharge', 'CycleCharge', 'removeQuantity'),
        term: fc.constantFrom('1-year term, billed monthly', '1-month term', ''),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(changes, { maxLength: 40 }), (all) => {
        // The groups as each bucket's place: customer, product and detail line, by the index of the bucket kept there.
        const placed = (groups: DetailGroups, buckets: DetailBucket[]) =>
          [...groups.customers.values()].map((products) => [...products.values()].map((details) => [...details.values()].map((b) => buckets.indexOf(b))));
        const buckets = all.map((c) => bucket(c));
        const bySet = new DetailGroups();
        const byNumbers = new DetailGroups();
        for (const b of buckets) {
          bySet.set(b);
          byNumbers.setAt(customerNumber(b), productNumberOf(b), detailNumberOf(b), b);
        }
        expect(placed(byNumbers, buckets)).toEqual(placed(bySet, buckets));
      }),
    );
  });
});
