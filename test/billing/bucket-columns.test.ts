/**
 * A worker's detail buckets cross a postMessage as columns: read back, they are the buckets sent, in order, whatever
 * runs of texts they share and whichever of them hold several rules, Billing Lines rows or a charge period.
 */
import { fromColumns, toColumns } from '../../src/billing/bucket-columns';
import { Decimal } from '../../src/billing/decimal';
import type { DetailBucket, LineBucket } from '../../src/billing/report';

function bucket(n: number, changes: Partial<DetailBucket> = {}): DetailBucket {
  return {
    customerId: `customer ${Math.floor(n / 3)}`,
    customerName: `Customer ${Math.floor(n / 3)}`,
    productId: `product ${n % 4}`,
    skuId: '0001',
    productName: `Product ${n % 4}`,
    meter: n % 5 === 0 ? 'Data Stored' : '',
    transactionType: n % 2 === 0 ? 'cycle fee' : 'refund',
    chargeType: n % 2 === 0 ? 'cycleCharge' : 'removeQuantity',
    term: '1-year term, billed monthly',
    rule: 'price list',
    ruleLines: n + 1,
    rules: null,
    lines: n + 1,
    sum: -1,
    quantity: new Decimal(BigInt(n), 0),
    cost: new Decimal(BigInt(n * 1234 - 500), 2),
    sales: new Decimal(10n ** 30n + BigInt(n), 28),
    rounded: n % 3 === 0,
    lineBuckets: null,
    period: null,
    ...changes,
  };
}

const row = (subscriptionId: string): LineBucket => ({
  subscriptionId,
  subscriptionDescription: 'Seats',
  chargeStart: Date.UTC(2026, 9, 1),
  chargeEnd: null,
  fraction: new Decimal(5n, 1),
  rule: 'price list',
  invoiceNumber: 'G000001',
  sourceFile: 'october.csv',
  lines: 1,
  quantity: Decimal.ONE,
  cost: new Decimal(125n, 2),
  sales: new Decimal(150n, 2),
});

describe('bucket columns', () => {
  it('give back the buckets sent, in order, with their rules, rows and periods where they were', () => {
    const buckets = Array.from({ length: 40 }, (_, n) =>
      bucket(n, {
        ...(n % 7 === 3 ? { rules: new Map([['price list', n], ['customer markup 10%', 1]]) } : {}),
        ...(n % 4 === 1 ? { lineBuckets: [row(`s${n}`), row(`t${n}`)] } : n % 4 === 2 ? { lineBuckets: [] } : {}),
        ...(n % 6 === 5 || n === 39 ? { period: { start: Date.UTC(2026, 9, n % 28), end: Date.UTC(2026, 10, 1), several: n % 2 === 0 } } : {}),
      }),
    );
    // Through a structured clone, as a worker's columns come (Decimals as plain objects).
    const back = fromColumns(structuredClone(toColumns(buckets)));
    expect(back).toEqual(buckets);
    expect(back.every((b) => b.cost instanceof Decimal && (b.lineBuckets ?? []).every((r) => r.sales instanceof Decimal && r.fraction instanceof Decimal))).toBe(true);
    expect(fromColumns(toColumns([]))).toEqual([]);
  });

  it('send each distinct text once', () => {
    const columns = toColumns([bucket(0), bucket(1), bucket(0, { customerId: 'customer 1' }), bucket(3)]);
    expect(new Set(columns.texts).size).toBe(columns.texts.length);
  });
});
