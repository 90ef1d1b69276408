/**
 * A file's detail buckets live in columns (BucketColumns) until they are read: a worker sends them as they are and the
 * main thread adds them to its own by their numbers, the sums of buckets new to it left in the part's data. Whatever
 * the cuts, the spellings, periods, rules and amounts (beyond ExactSums' fixed range too), the buckets read at the end
 * are those of the file's lines added in one go: the same texts, counts, rules, periods, amounts, rows and order.
 */
import fc from 'fast-check';
import { BucketColumns, TextTable } from '../../src/billing/bucket-columns';
import { Decimal } from '../../src/billing/decimal';
import { ExactSums } from '../../src/billing/exact-sums';
import type { BillingLine } from '../../src/billing/line';
import { createPricer } from '../../src/billing/pricing';
import { DocumentLines, type ChargePeriod, type DetailBucket } from '../../src/billing/report';
import { configOf } from '../helpers/billing-config';
import { CONTOSO, NORTHWIND, nceLine } from '../helpers/billing-lines';

const config = configOf({
  Customers: `Customer ID,Organization,Billable\n${NORTHWIND},Northwind,Yes\n${CONTOSO},Contoso,Yes`,
  Prices: 'Product ID,SKU ID,Sales price\nCFQ7TTC0LCHC,0002,15',
});

const line = fc
  .record({
    customerId: fc.constantFrom(NORTHWIND, NORTHWIND.toUpperCase(), CONTOSO),
    customerName: fc.constantFrom('Northwind', 'Northwind Traders'),
    productId: fc.constantFrom('CFQ7TTC0LCHC', 'cfq7ttc0lchc', 'CFQ7TTC0LF8Q'),
    chargeType: fc.constantFrom('cycleCharge', 'CycleCharge', 'addQuantity', 'removeQuantity'),
    // A quantity of 0 leaves the Sales price nothing to size: such lines are priced by the next rule (several rules).
    quantity: fc.constantFrom('1', '3', '0'),
    cost: fc.oneof(
      fc.integer({ min: -99_999, max: 99_999 }).map((cents) => new Decimal(BigInt(cents), 2)),
      // Long decimals and large magnitudes: sums that go on as Decimals.
      fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((units) => new Decimal(units, 30)),
    ),
    start: fc.constantFrom<string | null>('2026-10-05', '2026-10-16', '2026-10-20', null),
    end: fc.constantFrom<string | null>('2026-11-04', null),
    subscriptionId: fc.constantFrom('a', 'b'),
  })
  .map(({ start, end, ...spec }) => nceLine({ ...spec, chargeStart: start, chargeEnd: end }));

/** Each currency's buckets, customer → product → detail line, in their order, as plain values. */
function bucketsOf(lines: DocumentLines): unknown {
  return [...lines.detailBuckets()].map(([currency, groups]) => [
    currency,
    [...groups.customers.values()].map((products) => [...products.values()].map((details) => [...details.values()].map(plain))),
  ]);
}

function plain(bucket: DetailBucket): unknown {
  const { quantity, cost, sales, rules, rule, ruleLines, lineBuckets, ...rest } = bucket;
  return {
    ...rest,
    amounts: [quantity, cost, sales].map((amount) => `${amount.units}e-${amount.scale}`),
    // With several rules the map counts them (the first rule's own count stops where the map starts).
    rules: rules === null ? [rule, ruleLines] : [...rules],
    rows: lineBuckets?.map((row) => ({ ...row, amounts: [row.quantity, row.cost, row.sales].map((amount) => amount.toString()), fraction: row.fraction?.toString() })),
  };
}

function collected(parts: readonly BillingLine[][], keepLines: boolean): DocumentLines {
  const pricer = createPricer(config);
  const [own, ...later] = parts.map((lines) => {
    const part = new DocumentLines(pricer, config.customers, keepLines);
    for (const line of lines) part.add(line);
    return part;
  });
  own.endLines();
  // As a worker's part comes: through a structured clone.
  for (const part of later) own.absorb(structuredClone(part.data()));
  own.close();
  return own;
}

describe('bucket columns', () => {
  it("add a file's parts up to the buckets of its lines added in one go, whatever the cuts", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (lines, cutsAt, keepLines) => {
        const cuts = [...new Set(cutsAt.map((at) => at % lines.length))].sort((a, b) => a - b);
        const parts = [0, ...cuts].map((start, k) => lines.slice(start, k < cuts.length ? cuts[k] : lines.length));
        expect(bucketsOf(collected(parts, keepLines))).toEqual(bucketsOf(collected([lines], keepLines)));
      }),
      { numRuns: 200 },
    );
  });

  it("join a bucket's charge days line by line and part by part as one period, several where they differ or some are undated", () => {
    const day = (n: number) => Date.UTC(2026, 9, n);
    const charge = fc.oneof(fc.constant(null), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 5 })).map(([start, end]) => [day(start), day(end) + 3_600_000] as const));
    // The period of lines added one by one: a new period where dated lines are of other days or some are undated.
    const expected = (charges: ReadonlyArray<readonly [number, number] | null>): ChargePeriod | null => {
      const dated = charges.filter((c) => c !== null);
      if (charges.length === 0) return null;
      if (dated.length === 0) return { start: NaN, end: NaN, several: true };
      const several = dated.length < charges.length || dated.some(([start, end]) => start !== dated[0][0] || end - (end % 86_400_000) !== dated[0][1] - (dated[0][1] % 86_400_000));
      return { start: Math.min(...dated.map(([start]) => start)), end: Math.max(...dated.map(([, end]) => end - (end % 86_400_000))), several };
    };
    fc.assert(
      fc.property(fc.array(charge, { maxLength: 5 }), fc.array(charge, { minLength: 1, maxLength: 5 }), (first, second) => {
        const texts = new TextTable();
        texts.numberOf('');
        const sums = new ExactSums();
        const partSums = new ExactSums();
        const own = new BucketColumns(null);
        const part = new BucketColumns(null);
        const bucket = own.add(0, 0, 0, 0, sums.create(3));
        const theirs = part.add(0, 0, 0, 0, partSums.create(3));
        for (const [columns, at, charges] of [[own, bucket, first], [part, theirs, second]] as const) {
          for (const c of charges) {
            columns.addLine(at, false);
            columns.notePeriod(at, c === null ? null : c[0], c === null ? null : c[1]);
          }
        }
        // Where the first part has no lines, the bucket is new here and takes the period as it is.
        own.addBucket(bucket, theirs, { columns: part.data(), rules: new Map(), source: 1 }, (n) => n, texts, sums, [partSums.data()]);
        expect(own.made(bucket, texts.texts, sums, [partSums.data()]).period).toEqual(expected([...first, ...second]));
      }),
      { numRuns: 500 },
    );
  });
  it('give each bucket its own period where many buckets share a start day, an end day or neither, dated or not', () => {
    const day = (n: number) => Date.UTC(2026, 9, n);
    const charges = fc.array(fc.oneof(fc.constant(null), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 3, max: 5 })).map(([start, end]) => [day(start), day(end)] as const)), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(charges, { minLength: 1, maxLength: 12 }), (buckets) => {
        const texts = new TextTable();
        texts.numberOf('');
        const sums = new ExactSums();
        const columns = new BucketColumns(null);
        const numbers = buckets.map((lines) => {
          const bucket = columns.add(0, 0, 0, 0, sums.create(3));
          for (const c of lines) {
            columns.addLine(bucket, false);
            columns.notePeriod(bucket, c === null ? null : c[0], c === null ? null : c[1]);
          }
          return bucket;
        });
        numbers.forEach((bucket, i) => {
          const dated = buckets[i].filter((c) => c !== null);
          const several = dated.length < buckets[i].length || dated.some(([start, end]) => start !== dated[0][0] || end !== dated[0][1]);
          const expected = dated.length === 0 ? { start: NaN, end: NaN, several: true } : { start: Math.min(...dated.map(([start]) => start)), end: Math.max(...dated.map(([, end]) => end)), several };
          expect(columns.made(bucket, texts.texts, sums, []).period).toEqual(expected);
        });
      }),
      { numRuns: 500 },
    );
  });
});
