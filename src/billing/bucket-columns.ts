import { Decimal } from './decimal';
import { interned } from './detached';
import { TRANSACTION_TYPES } from './line';
import type { ChargePeriod, DetailBucket, LineBucket } from './report';

/**
 * A currency's detail buckets as columns: each text once in a table, counts in typed arrays, amounts as exact
 * units and scales. This is what a worker that read part of a file sends back: a structured clone of the bucket
 * objects themselves would copy every customer and product name into every bucket (strings are not shared across
 * a postMessage), several times the memory of the numbers.
 */
export interface BucketColumns {
  texts: string[];
  /** Per bucket, TEXT_FIELDS.length indexes into texts. */
  textIndex: Int32Array;
  transactionType: Uint8Array;
  /** 1 where the bucket's sales were rounded in a division (DetailBucket.rounded). */
  rounded: Uint8Array;
  lines: Float64Array;
  ruleLines: Float64Array;
  /** Per bucket quantity, cost and sales: units and scale. */
  units: bigint[];
  scales: Int32Array;
  /** Buckets priced by several rules: bucket index and rule → lines. */
  manyRules: Array<[number, Map<string, number>]>;
  /** Buckets with Billing Lines rows kept: bucket index and its rows' buckets. */
  lineBuckets: Array<[number, LineBucket[]]>;
  /** Pro-rated charges' and refunds' buckets: bucket index and its charge period. */
  periods: Array<[number, ChargePeriod]>;
}

const TEXT_FIELDS = ['customerId', 'customerName', 'productId', 'skuId', 'productName', 'chargeType', 'rule', 'term', 'meter'] as const;
const AMOUNTS = ['quantity', 'cost', 'sales'] as const;

export function toColumns(buckets: readonly DetailBucket[]): BucketColumns {
  const count = buckets.length;
  const textNumbers = new Map<string, number>();
  const columns: BucketColumns = {
    texts: [],
    textIndex: new Int32Array(count * TEXT_FIELDS.length),
    transactionType: new Uint8Array(count),
    rounded: new Uint8Array(count),
    lines: new Float64Array(count),
    ruleLines: new Float64Array(count),
    units: [],
    scales: new Int32Array(count * AMOUNTS.length),
    manyRules: [],
    lineBuckets: [],
    periods: [],
  };
  let i = 0;
  for (const bucket of buckets) {
    TEXT_FIELDS.forEach((field, f) => {
      const text = bucket[field];
      let number = textNumbers.get(text);
      if (number === undefined) {
        number = columns.texts.length;
        columns.texts.push(text);
        textNumbers.set(text, number);
      }
      columns.textIndex[i * TEXT_FIELDS.length + f] = number;
    });
    columns.transactionType[i] = TRANSACTION_TYPES.indexOf(bucket.transactionType);
    columns.rounded[i] = bucket.rounded ? 1 : 0;
    columns.lines[i] = bucket.lines;
    columns.ruleLines[i] = bucket.ruleLines;
    AMOUNTS.forEach((field, a) => {
      columns.units.push(bucket[field].units);
      columns.scales[i * AMOUNTS.length + a] = bucket[field].scale;
    });
    if (bucket.rules !== null) columns.manyRules.push([i, bucket.rules]);
    if (bucket.lineBuckets !== null) columns.lineBuckets.push([i, bucket.lineBuckets]);
    if (bucket.period !== null) columns.periods.push([i, bucket.period]);
    i++;
  }
  return columns;
}

/** The buckets again, in the order sent. */
export function fromColumns(columns: BucketColumns): DetailBucket[] {
  const texts = columns.texts.map(interned);
  const manyRules = new Map(columns.manyRules);
  const lineBuckets = new Map(columns.lineBuckets);
  const periods = new Map(columns.periods);
  const buckets: DetailBucket[] = [];
  const text = (i: number, f: number) => texts[columns.textIndex[i * TEXT_FIELDS.length + f]];
  const amount = (i: number, a: number) => new Decimal(columns.units[i * AMOUNTS.length + a], columns.scales[i * AMOUNTS.length + a]);
  for (let i = 0; i < columns.transactionType.length; i++) {
    const bucket: DetailBucket = {
      customerId: text(i, 0),
      customerName: text(i, 1),
      productId: text(i, 2),
      skuId: text(i, 3),
      productName: text(i, 4),
      chargeType: text(i, 5),
      rule: text(i, 6),
      term: text(i, 7),
      meter: text(i, 8),
      transactionType: TRANSACTION_TYPES[columns.transactionType[i]],
      ruleLines: columns.ruleLines[i],
      rules: manyRules.get(i) ?? null,
      lines: columns.lines[i],
      sum: -1,
      quantity: amount(i, 0),
      cost: amount(i, 1),
      sales: amount(i, 2),
      rounded: columns.rounded[i] === 1,
      lineBuckets: revivedLines(lineBuckets.get(i)),
      period: periods.get(i) ?? null,
    };
    buckets.push(bucket);
  }
  return buckets;
}

/** A bucket's Billing Lines buckets, their Decimals given their methods back (they may have crossed a postMessage). */
function revivedLines(lines: LineBucket[] | undefined): LineBucket[] | null {
  if (lines === undefined) return null;
  for (const line of lines) {
    if (line.fraction !== null) Decimal.revive(line.fraction);
    Decimal.revive(line.quantity);
    Decimal.revive(line.cost);
    Decimal.revive(line.sales);
  }
  return lines;
}
