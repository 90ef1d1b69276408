import { kindTransactionType, newPartKey, partKey } from './bucket-columns';
import { idKey } from './config';
import type { TransactionType } from './line';
import { TRANSACTION_TYPES } from './line';
import type { DetailBucket } from './report';
import { chargeTypeKey } from './transaction-type';

// Held here: under tsx (the command line's loader) each use of an import calls a getter; these are read per bucket.
const keyOfBucket = partKey;
const transactionTypeOfKind = kindTransactionType;

/**
 * A currency's detail buckets as the report shows them: customer → product (with its SKU and meter) → detail line
 * (transaction type, charge type, term), each level found by a number. Text keys built per bucket, twice (when a
 * file's parts were merged and again when the report grouped organizations and products), were a third of the time
 * a large report took after its file was read.
 */
export class DetailGroups {
  /**
   * customer → product → detail line, each in the order first added (which is the order of ties in the report's
   * sorts). Entries are deleted only from groups no bucket is added to any more (a report built once lets them go).
   */
  readonly customers = new Map<number, Map<number, Map<number, DetailBucket>>>();
  /** The detail number of the bucket last looked up by detailsOf(). */
  private detailNo = 0;
  /** The bucket whose product detailsOf() looked up last, and that product's detail lines. */
  private lastProduct: DetailBucket | null = null;
  private lastDetails = new Map<number, DetailBucket>();

  /** Puts a bucket under its detail line, replacing one there. */
  set(bucket: DetailBucket): void {
    this.detailsOf(bucket).set(this.detailNo, bucket);
  }

  /**
   * set() by the bucket's numbers here (customerNumber, productNumberOf, detailNumberOf): buckets that share
   * them (a file's buckets, many to a customer, product and detail kind) have them worked out once, not per bucket.
   */
  setAt(customerNo: number, productNo: number, detailNo: number, bucket: DetailBucket): void {
    this.detailsAt(customerNo, productNo).set(detailNo, bucket);
  }

  /** set(), or where the bucket's detail line is taken already, `add` adds it to the one there (or gives the bucket to keep in its place). */
  merge(bucket: DetailBucket, add: (same: DetailBucket, other: DetailBucket) => DetailBucket | void): void {
    const details = this.detailsOf(bucket);
    const same = details.get(this.detailNo);
    if (same === undefined) details.set(this.detailNo, bucket);
    else {
      const kept = add(same, bucket);
      if (kept !== undefined && kept !== same) details.set(this.detailNo, kept);
    }
  }

  forEach(visit: (bucket: DetailBucket) => void): void {
    for (const products of this.customers.values()) for (const details of products.values()) for (const bucket of details.values()) visit(bucket);
  }

  private detailsOf(bucket: DetailBucket): Map<number, DetailBucket> {
    this.detailNo = detailNumberOf(bucket);
    // Buckets come in runs of one customer and product: the last bucket's product is compared before anything is looked up.
    const last = this.lastProduct;
    if (last !== null && bucket.productId === last.productId && bucket.skuId === last.skuId && bucket.meter === last.meter && bucket.customerId === last.customerId) return this.lastDetails;
    const details = this.detailsAt(customerNumber(bucket), productNumberOf(bucket));
    this.lastProduct = bucket;
    this.lastDetails = details;
    return details;
  }

  private detailsAt(customerNo: number, productNo: number): Map<number, DetailBucket> {
    let products = this.customers.get(customerNo);
    if (products === undefined) this.customers.set(customerNo, (products = new Map()));
    let details = products.get(productNo);
    if (details === undefined) products.set(productNo, (details = new Map()));
    return details;
  }
}

/** The number DetailGroups files a bucket's customer under. */
export function customerNumber({ customerId }: Pick<DetailBucket, 'customerId'>): number {
  return CUSTOMERS.of(customerId);
}

/** The number DetailGroups files a bucket's product under, within its customer: product and SKU, and a usage line's meter. */
export function productNumberOf({ productId, skuId, meter }: Pick<DetailBucket, 'productId' | 'skuId' | 'meter'>): number {
  return METER_OF_SKU.of(SKU_OF_PRODUCT.of(PRODUCTS.of(productId), SKUS.of(skuId)), METERS.of(meter));
}

/** The number DetailGroups files a bucket's detail line under, within its product: charge type, transaction type and term. */
export function detailNumberOf({ chargeType, transactionType, term }: Pick<DetailBucket, 'chargeType' | 'transactionType' | 'term'>): number {
  return DETAILS.of(CHARGE_TYPES.of(chargeType) * TRANSACTION_TYPES.length + TRANSACTION_TYPE_NUMBER[transactionType], TERMS.of(term));
}

/** Marks in BucketOrder.starts: the bucket is its customer's first, its product's first. */
export const FIRST_OF_CUSTOMER = 1;
export const FIRST_OF_PRODUCT = 2;

/** A file's buckets in the order DetailGroups holds them, each customer's and product's first marked. */
export interface BucketOrder {
  buckets: Int32Array;
  starts: Uint8Array;
}

/**
 * The buckets of a file's columns (`count` of them, texts by number in `texts`) in the order DetailGroups would hold
 * them, filed by their numbers as DocumentLines files them (customers, products and detail kinds each numbered once,
 * in the order first met), without a Map per customer and product. Null where two of the columns' customers, products
 * or detail kinds share a number here (spellings these numbers hold alike): their buckets would share detail lines.
 */
export function bucketOrder(columns: { readonly ints: Int32Array }, count: number, texts: readonly string[]): BucketOrder | null {
  const key = newPartKey();
  // Per bucket, its customer's place in the order first met and its product's number (a product of any customer).
  const customerOf = new Int32Array(count);
  const productOf = new Int32Array(count);
  const customers: number[] = [];
  const sizes: number[] = [];
  const products = new Map<number, number>();
  const kinds = new Set<number>();
  const taken = [new Set<number>(), new Set<number>(), new Set<number>()];
  for (let bucket = 0; bucket < count; bucket++) {
    keyOfBucket(columns, bucket, key);
    let customer = customers[key.customerNo];
    if (customer === undefined) {
      if (!claimed(taken[0], customerNumber({ customerId: texts[key.customerId] }))) return null;
      customer = customers[key.customerNo] = sizes.length;
      sizes.push(0);
    }
    sizes[customer]++;
    customerOf[bucket] = customer;
    const productKey = key.groupNo * 65_536 + key.skuNo; // as fileBuckets (report.ts) files them
    let product = products.get(productKey);
    if (product === undefined) {
      if (!claimed(taken[1], productNumberOf({ productId: texts[key.productId], skuId: texts[key.skuId], meter: texts[key.meter] }))) return null;
      products.set(productKey, (product = products.size));
    }
    productOf[bucket] = product;
    if (!kinds.has(key.kind)) {
      const transactionType = TRANSACTION_TYPES[transactionTypeOfKind(key.kind)];
      if (!claimed(taken[2], detailNumberOf({ chargeType: texts[key.chargeType], transactionType, term: texts[key.term] }))) return null;
      kinds.add(key.kind);
    }
  }
  // By customer (a stable counting sort), then each customer's buckets by product in the order first met.
  const next = new Int32Array(sizes.length);
  for (let customer = 1; customer < sizes.length; customer++) next[customer] = next[customer - 1] + sizes[customer - 1];
  const byCustomer = new Int32Array(count);
  for (let bucket = 0; bucket < count; bucket++) byCustomer[next[customerOf[bucket]]++] = bucket;
  const buckets = new Int32Array(count);
  const starts = new Uint8Array(count);
  const metIn = new Int32Array(products.size).fill(-1);
  const local = new Int32Array(products.size);
  const at = new Int32Array(products.size);
  let end = 0;
  for (let customer = 0; customer < sizes.length; customer++) {
    const start = end;
    end += sizes[customer];
    let met = 0;
    for (let i = start; i < end; i++) {
      const product = productOf[byCustomer[i]];
      if (metIn[product] !== customer) {
        metIn[product] = customer;
        local[product] = met;
        at[met++] = 0;
      }
      at[local[product]]++;
    }
    let place = start;
    for (let k = 0; k < met; k++) {
      const size = at[k];
      at[k] = place;
      starts[place] = FIRST_OF_PRODUCT;
      place += size;
    }
    starts[start] |= FIRST_OF_CUSTOMER;
    for (let i = start; i < end; i++) {
      const bucket = byCustomer[i];
      buckets[at[local[productOf[bucket]]]++] = bucket;
    }
  }
  return { buckets, starts };
}

/** Whether `number` was not in `numbers` (it is now). */
function claimed(numbers: Set<number>, number: number): boolean {
  if (numbers.has(number)) return false;
  numbers.add(number);
  return true;
}

/** A small number per distinct text, the same for texts that key alike (an id in another case, a charge type spelt otherwise). */
class TextNumbers {
  /** By the text as written, and by its key ('\u0001' and the key). */
  private readonly numbers = new Map<string, number>();
  private count = 0;
  private lastText: string | null = null;
  private lastNumber = 0;

  constructor(private readonly keyOf: (text: string) => string) {}

  of(text: string): number {
    // Buckets come in runs of one customer and product: the last text is compared before anything is hashed.
    if (text === this.lastText) return this.lastNumber;
    let number = this.numbers.get(text);
    if (number === undefined) {
      const key = `\u0001${this.keyOf(text)}`;
      number = this.numbers.get(key);
      if (number === undefined) this.numbers.set(key, (number = this.count++));
      this.numbers.set(text, number);
    }
    this.lastText = text;
    this.lastNumber = number;
    return number;
  }
}

/** A small number per distinct pair of numbers. */
class PairNumbers {
  private readonly numbers = new Map<number, Map<number, number>>();
  private count = 0;
  private lastA = -1;
  private lastB = -1;
  private lastNumber = 0;

  of(a: number, b: number): number {
    // Neighbouring buckets' detail lines are alike (a purchase of a year's term after another): compared before any lookup.
    if (a === this.lastA && b === this.lastB) return this.lastNumber;
    let second = this.numbers.get(a);
    if (second === undefined) this.numbers.set(a, (second = new Map()));
    let number = second.get(b);
    if (number === undefined) second.set(b, (number = this.count++));
    this.lastA = a;
    this.lastB = b;
    this.lastNumber = number;
    return number;
  }
}

// Shared by every DetailGroups: the report merges the buckets of a cycle's files by these numbers (files imported under
// one ReportBuilder may be reported by another, as the task pane does). Never cleared, they hold a few numbers per
// customer, product, SKU, meter, charge type and term met, which the buckets name anyway.
const CUSTOMERS = new TextNumbers(idKey);
const PRODUCTS = new TextNumbers(idKey);
const SKUS = new TextNumbers(idKey);
const METERS = new TextNumbers(idKey);
const CHARGE_TYPES = new TextNumbers(chargeTypeKey);
const TERMS = new TextNumbers((term) => term);
const SKU_OF_PRODUCT = new PairNumbers();
const METER_OF_SKU = new PairNumbers();
const DETAILS = new PairNumbers();
const TRANSACTION_TYPE_NUMBER = Object.fromEntries(TRANSACTION_TYPES.map((type, i) => [type, i])) as Record<TransactionType, number>;
