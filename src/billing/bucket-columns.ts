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
  /**
   * Counts of lines as small integers, as DocumentLines counts them: read back from doubles, they would change the
   * field's kind in every bucket of the shape, and the main thread's own buckets would each be rebuilt as they are met.
   */
  lines: Int32Array;
  ruleLines: Int32Array;
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

/** A bucket's texts, in the order of its TEXT_FIELDS.length indexes into the table. */
export const TEXT_FIELDS = ['customerId', 'customerName', 'productId', 'skuId', 'productName', 'chargeType', 'rule', 'term', 'meter'] as const;
const AMOUNTS = ['quantity', 'cost', 'sales'] as const;

export function toColumns(buckets: readonly DetailBucket[]): BucketColumns {
  const count = buckets.length;
  const textNumbers = new Map<string, number>();
  const columns: BucketColumns = {
    texts: [],
    textIndex: new Int32Array(count * TEXT_FIELDS.length),
    transactionType: new Uint8Array(count),
    rounded: new Uint8Array(count),
    lines: new Int32Array(count),
    ruleLines: new Int32Array(count),
    units: new Array<bigint>(count * AMOUNTS.length),
    scales: new Int32Array(count * AMOUNTS.length),
    manyRules: [],
    lineBuckets: [],
    periods: [],
  };
  // Buckets come in runs of one customer and product: each field's last text is compared before anything is hashed.
  const lastText: string[] = TEXT_FIELDS.map(() => '\u0000');
  const lastNumber = new Int32Array(TEXT_FIELDS.length);
  for (let i = 0; i < count; i++) {
    const bucket = buckets[i];
    for (let f = 0; f < TEXT_FIELDS.length; f++) {
      const text = bucket[TEXT_FIELDS[f]];
      if (text !== lastText[f]) {
        let number = textNumbers.get(text);
        if (number === undefined) {
          number = columns.texts.length;
          columns.texts.push(text);
          textNumbers.set(text, number);
        }
        lastText[f] = text;
        lastNumber[f] = number;
      }
      columns.textIndex[i * TEXT_FIELDS.length + f] = lastNumber[f];
    }
    columns.transactionType[i] = TRANSACTION_TYPES.indexOf(bucket.transactionType);
    columns.rounded[i] = bucket.rounded ? 1 : 0;
    columns.lines[i] = bucket.lines;
    columns.ruleLines[i] = bucket.ruleLines;
    for (let a = 0; a < AMOUNTS.length; a++) {
      const amount = bucket[AMOUNTS[a]];
      columns.units[i * AMOUNTS.length + a] = amount.units;
      columns.scales[i * AMOUNTS.length + a] = amount.scale;
    }
    if (bucket.rules !== null) columns.manyRules.push([i, bucket.rules]);
    if (bucket.lineBuckets !== null) columns.lineBuckets.push([i, bucket.lineBuckets]);
    if (bucket.period !== null) columns.periods.push([i, bucket.period]);
  }
  return columns;
}

/** The buckets again, in the order sent. */
export function fromColumns(columns: BucketColumns): DetailBucket[] {
  const texts = columns.texts.map(interned);
  const { textIndex, units, scales } = columns;
  // The few buckets with several rules, kept rows or a period, in bucket order: each list is walked once beside them.
  const manyRules = entriesInOrder(columns.manyRules);
  const lineBuckets = entriesInOrder(columns.lineBuckets);
  const periods = entriesInOrder(columns.periods);
  const count = columns.transactionType.length;
  const buckets: DetailBucket[] = new Array<DetailBucket>(count);
  for (let i = 0; i < count; i++) {
    const t = i * TEXT_FIELDS.length;
    const a = i * AMOUNTS.length;
    // Fields in the order DocumentLines makes them: the buckets of every part share one shape.
    buckets[i] = {
      customerId: texts[textIndex[t]],
      customerName: texts[textIndex[t + 1]],
      productId: texts[textIndex[t + 2]],
      skuId: texts[textIndex[t + 3]],
      productName: texts[textIndex[t + 4]],
      meter: texts[textIndex[t + 8]],
      transactionType: TRANSACTION_TYPES[columns.transactionType[i]],
      chargeType: texts[textIndex[t + 5]],
      term: texts[textIndex[t + 7]],
      rule: texts[textIndex[t + 6]],
      ruleLines: columns.ruleLines[i],
      rules: manyRules(i),
      lines: columns.lines[i],
      sum: -1,
      quantity: new Decimal(units[a], scales[a]),
      cost: new Decimal(units[a + 1], scales[a + 1]),
      sales: new Decimal(units[a + 2], scales[a + 2]),
      rounded: columns.rounded[i] === 1,
      lineBuckets: revivedLines(lineBuckets(i)),
      period: periods(i),
    };
  }
  return buckets;
}

/** Entries by bucket index, in increasing order as toColumns lists them: the value of bucket i (asked in order), or null. */
function entriesInOrder<T>(entries: ReadonlyArray<[number, T]>): (i: number) => T | null {
  let next = 0;
  return (i) => {
    if (next >= entries.length || entries[next][0] !== i) return null;
    return entries[next++][1];
  };
}

/** A bucket's Billing Lines buckets, their Decimals given their methods back (they may have crossed a postMessage). */
function revivedLines(lines: LineBucket[] | null): LineBucket[] | null {
  if (lines === null) return null;
  for (const line of lines) {
    if (line.fraction !== null) Decimal.revive(line.fraction);
    Decimal.revive(line.quantity);
    Decimal.revive(line.cost);
    Decimal.revive(line.sales);
  }
  return lines;
}
