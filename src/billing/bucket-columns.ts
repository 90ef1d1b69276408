import { DAY_MS } from './dates';
import { Decimal } from './decimal';
import { interned } from './detached';
import { sumScale, sumUnits, sumValue, type ExactSums, type SumsData } from './exact-sums';
import { TRANSACTION_TYPES } from './line';
import type { ChargePeriod, DetailBucket, Figures, LineBucket } from './report';

// Held here: under tsx (the command line's loader) each use of an import calls a getter; these are read per bucket.
const valueOfSum = sumValue;
const unitsOfSum = sumUnits;
const scaleOfSum = sumScale;

// Where each of a bucket's integers is in BucketColumns.ints. Only this module reads them: under tsx's CommonJS output
// an imported constant is read through a getter at every use, which cost more than the reads themselves.
/** Its key numbers (DocumentLines' numbers of customer, product or meter, SKU, detail kind). */
const CUSTOMER_NO = 0;
const GROUP_NO = 1;
const SKU_NO = 2;
const KIND = 3;
/** The number of the first of its three sums (quantity, cost, sales), in its DocumentLines' own sums (SOURCE 0) or in
 * those of the part it came from (SOURCE k: the kth part absorbed), not copied: a file's second half brings a million. */
const SUM = 4;
const SOURCE = 21;
const LINES = 5;
/** The rule that priced the bucket's lines and how many; MANY_RULES 1 once a second rule shows up (see `rules`). */
const RULE = 6;
const RULE_LINES = 7;
const MANY_RULES = 8;
/** 1 where some line's sales were rounded in a division (DetailBucket.rounded). */
const ROUNDED = 9;
/** A pro-rated charge's or refund's charge days: PERIOD is one of the PERIOD_ values, start and end in days. */
const PERIOD = 10;
const PERIOD_START = 11;
const PERIOD_END = 12;
/** Its texts as numbers in a TextTable (as its first line wrote them). */
const CUSTOMER_ID = 13;
const CUSTOMER_NAME = 14;
const PRODUCT_ID = 15;
const SKU_ID = 16;
const PRODUCT_NAME = 17;
const METER = 18;
const CHARGE_TYPE = 19;
const TERM = 20;
/** Integers per bucket. */
const FIELDS = 22;
const TEXT_FIELDS = [CUSTOMER_ID, CUSTOMER_NAME, PRODUCT_ID, SKU_ID, PRODUCT_NAME, METER, CHARGE_TYPE, TERM, RULE];

/** No charge days; one period; a period of several (lines of other days); undated lines only (start and end NaN). */
const NO_PERIOD = 0;
const ONE_PERIOD = 1;
const SEVERAL = 2;
const UNDATED = 3;

/**
 * A currency's detail buckets as columns, from a part's first line to its report: a large file's lines make a bucket
 * every other line, and as objects each was made, grouped, copied into columns for a worker's message and made again
 * from them. As integers side by side (and sums in an ExactSums), a worker sends them as they are, and the main thread
 * adds them to its own by their numbers before any bucket object or Decimal is made.
 */
export class BucketColumns {
  ints = new Int32Array(FIELDS * 1024);
  count = 0;
  /** The few buckets priced by several rules: rule → lines, in the order first met. */
  readonly rules = new Map<number, Map<string, number>>();
  /** The periods fill() gave, by start day, then end day and kind (see periodAt). */
  private readonly periods = new Map<number, Map<number, ChargePeriod>>();

  constructor(
    /** Per bucket, its Billing Lines rows' buckets; null unless lines are kept. */
    readonly rows: LineBucket[][] | null,
  ) {}

  /** A new bucket of these key numbers and first sum, no lines yet; returns its number. */
  add(customerNo: number, groupNo: number, skuNo: number, kind: number, sum: number): number {
    if ((this.count + 1) * FIELDS > this.ints.length) {
      // Half again as many, as ExactSums grows.
      const grown = new Int32Array(Math.ceil((this.ints.length / FIELDS) * 1.5) * FIELDS);
      grown.set(this.ints);
      this.ints = grown;
    }
    const at = this.count * FIELDS;
    const ints = this.ints;
    ints[at + CUSTOMER_NO] = customerNo;
    ints[at + GROUP_NO] = groupNo;
    ints[at + SKU_NO] = skuNo;
    ints[at + KIND] = kind;
    ints[at + SUM] = sum;
    this.rows?.push([]);
    return this.count++;
  }

  /** Whether the bucket is of these key numbers. */
  isKey(bucket: number, customerNo: number, groupNo: number, skuNo: number, kind: number): boolean {
    const at = bucket * FIELDS;
    const ints = this.ints;
    return ints[at + CUSTOMER_NO] === customerNo && ints[at + GROUP_NO] === groupNo && ints[at + SKU_NO] === skuNo && ints[at + KIND] === kind;
  }

  /** A new bucket's texts, by their numbers in its TextTable. */
  name(bucket: number, customerId: number, customerName: number, productId: number, skuId: number, productName: number, meter: number, chargeType: number, term: number): void {
    const at = bucket * FIELDS;
    const ints = this.ints;
    ints[at + CUSTOMER_ID] = customerId;
    ints[at + CUSTOMER_NAME] = customerName;
    ints[at + PRODUCT_ID] = productId;
    ints[at + SKU_ID] = skuId;
    ints[at + PRODUCT_NAME] = productName;
    ints[at + METER] = meter;
    ints[at + CHARGE_TYPE] = chargeType;
    ints[at + TERM] = term;
  }

  /** Counts a line into the bucket (`rounded`: its sales were rounded in a division); returns the bucket's first sum. */
  addLine(bucket: number, rounded: boolean): number {
    const at = bucket * FIELDS;
    this.ints[at + LINES]++;
    if (rounded) this.ints[at + ROUNDED] = 1;
    return this.ints[at + SUM];
  }

  sumOf(bucket: number): number {
    return this.ints[bucket * FIELDS + SUM];
  }

  customerOf(bucket: number): number {
    return this.ints[bucket * FIELDS + CUSTOMER_NO];
  }

  linesOf(bucket: number): number {
    return this.ints[bucket * FIELDS + LINES];
  }

  /** Adds the bucket's cost to sum `into` of `to`: its sums are in `sums`, or `parts`' (see SOURCE). */
  addCost(bucket: number, to: ExactSums, into: number, sums: ExactSums, parts: readonly SumsData[]): void {
    const at = bucket * FIELDS;
    const source = this.ints[at + SOURCE];
    if (source === 0) to.addSumOf(into, sums, this.ints[at + SUM] + 1);
    else to.addSum(into, parts[source - 1], this.ints[at + SUM] + 1);
  }

  /** Counts lines priced by a rule (its number in `texts`): nearly every bucket has one rule, so no map until a second shows up. */
  countRule(bucket: number, rule: number, texts: readonly string[], lines: number): void {
    const at = bucket * FIELDS;
    const ints = this.ints;
    if (ints[at + MANY_RULES] === 0 && (ints[at + RULE] === rule || ints[at + RULE_LINES] === 0)) {
      ints[at + RULE] = rule;
      ints[at + RULE_LINES] += lines;
      return;
    }
    // A line Microsoft charged nothing for ("no charge") is in a detail line of its own (termOf), never beside priced ones.
    let rules = this.rules.get(bucket);
    if (rules === undefined) {
      this.rules.set(bucket, (rules = new Map([[texts[ints[at + RULE]], ints[at + RULE_LINES]]])));
      ints[at + MANY_RULES] = 1;
    }
    const text = texts[rule];
    rules.set(text, (rules.get(text) ?? 0) + lines);
  }

  /** A pro-rated charge's or refund's line's charge days (midnight UTC, or null where the line has none) joined into its bucket's period. */
  notePeriod(bucket: number, chargeStart: number | null, chargeEnd: number | null): void {
    const at = bucket * FIELDS;
    const ints = this.ints;
    if (chargeStart === null || chargeEnd === null) this.joinPeriod(bucket, UNDATED, 0, 0);
    else {
      const start = Math.floor(chargeStart / DAY_MS);
      const end = Math.floor(chargeEnd / DAY_MS);
      // Most lines of a bucket are of its period's very days.
      if ((ints[at + PERIOD] === ONE_PERIOD || ints[at + PERIOD] === SEVERAL) && ints[at + PERIOD_START] === start && ints[at + PERIOD_END] === end) return;
      this.joinPeriod(bucket, ONE_PERIOD, start, end);
    }
  }

  /** Joins a period (a PERIOD_ value, start and end days) into the bucket's, as joinedPeriods in report.ts joins two. */
  private joinPeriod(bucket: number, kind: number, start: number, end: number): void {
    const at = bucket * FIELDS;
    const ints = this.ints;
    const held = ints[at + PERIOD];
    if (held === NO_PERIOD || held === UNDATED) {
      // Undated lines alone are "several"; dated ones after them too.
      ints[at + PERIOD] = kind === UNDATED ? UNDATED : held === UNDATED || kind === SEVERAL ? SEVERAL : ONE_PERIOD;
      ints[at + PERIOD_START] = start;
      ints[at + PERIOD_END] = end;
    } else if (kind === UNDATED) ints[at + PERIOD] = SEVERAL;
    else {
      const same = ints[at + PERIOD_START] === start && ints[at + PERIOD_END] === end;
      if (!same || kind === SEVERAL) ints[at + PERIOD] = SEVERAL;
      ints[at + PERIOD_START] = Math.min(ints[at + PERIOD_START], start);
      ints[at + PERIOD_END] = Math.max(ints[at + PERIOD_END], end);
    }
  }

  /** The bucket as the report reads it, its texts from `texts` and amounts from `sums` (or `parts`' sums, see SOURCE). */
  made(bucket: number, texts: readonly string[], sums: ExactSums, parts: readonly SumsData[]): DetailBucket {
    return this.read(blankBucket(), bucket, texts, sums, parts);
  }

  /**
   * made() into a bucket object reused: a report built once reads each bucket once and keeps no object of it.
   * `amounts` false: its cost and sales are left as they were (the reader took them as numbers, see figures).
   */
  read(into: DetailBucket, bucket: number, texts: readonly string[], sums: ExactSums, parts: readonly SumsData[], amounts = true): DetailBucket {
    const at = bucket * FIELDS;
    const ints = this.ints;
    into.customerId = texts[ints[at + CUSTOMER_ID]];
    into.customerName = texts[ints[at + CUSTOMER_NAME]];
    into.productId = texts[ints[at + PRODUCT_ID]];
    into.skuId = texts[ints[at + SKU_ID]];
    into.productName = texts[ints[at + PRODUCT_NAME]];
    into.meter = texts[ints[at + METER]];
    into.transactionType = TRANSACTION_TYPES[kindTransactionType(ints[at + KIND])];
    into.chargeType = texts[ints[at + CHARGE_TYPE]];
    into.term = texts[ints[at + TERM]];
    this.fill(into, bucket, texts, sums, parts, amounts);
    return into;
  }

  /**
   * The bucket's cost and sales into `into` as units and scales where its sums give them as safe integers (see
   * ExactSums.units), and true; false where they do not (its Decimals then tell, see fill).
   */
  figures(bucket: number, sums: ExactSums, parts: readonly SumsData[], into: Figures): boolean {
    const at = bucket * FIELDS;
    const sum = this.ints[at + SUM];
    const source = this.ints[at + SOURCE];
    const part = source === 0 ? null : parts[source - 1];
    into.costUnits = part === null ? sums.units(sum + 1) : unitsOfSum(part, sum + 1);
    into.salesUnits = part === null ? sums.units(sum + 2) : unitsOfSum(part, sum + 2);
    if (Number.isNaN(into.costUnits) || Number.isNaN(into.salesUnits)) return false;
    into.costScale = part === null ? sums.scaleOf(sum + 1) : scaleOfSum(part, sum + 1);
    into.salesScale = part === null ? sums.scaleOf(sum + 2) : scaleOfSum(part, sum + 2);
    return true;
  }

  /** Fills a bucket made before in again: its counts, rules, amounts and period (lines or parts were added since). */
  fill(made: DetailBucket, bucket: number, texts: readonly string[], sums: ExactSums, parts: readonly SumsData[], amounts = true): void {
    const at = bucket * FIELDS;
    const ints = this.ints;
    const sum = ints[at + SUM];
    const source = ints[at + SOURCE];
    made.rule = texts[ints[at + RULE]];
    made.ruleLines = ints[at + RULE_LINES];
    made.rules = ints[at + MANY_RULES] === 0 ? null : this.rules.get(bucket)!;
    made.lines = ints[at + LINES];
    made.quantity = source === 0 ? sums.value(sum) : valueOfSum(parts[source - 1], sum);
    if (amounts) {
      made.cost = source === 0 ? sums.value(sum + 1) : valueOfSum(parts[source - 1], sum + 1);
      made.sales = source === 0 ? sums.value(sum + 2) : valueOfSum(parts[source - 1], sum + 2);
    }
    made.rounded = ints[at + ROUNDED] === 1;
    made.lineBuckets = this.rows === null ? null : this.rows[bucket];
    made.period = this.periodAt(at);
  }

  /**
   * The period of the bucket at `at` in `ints`, one object per period: a report's dated detail lines hold them to the
   * end, and most share their cycle's few (ChargePeriods are never changed: joinedPeriods makes a new one).
   */
  private periodAt(at: number): ChargePeriod | null {
    const ints = this.ints;
    const kind = ints[at + PERIOD];
    if (kind === NO_PERIOD) return null;
    if (kind === UNDATED) return UNDATED_PERIOD;
    const start = ints[at + PERIOD_START];
    const byEnd = this.periods.get(start) ?? this.periods.set(start, new Map()).get(start)!;
    // Both a day's number and the kind (ONE_PERIOD or SEVERAL) as one safe integer.
    const key = ints[at + PERIOD_END] * 4 + kind;
    let period = byEnd.get(key);
    if (period === undefined) byEnd.set(key, (period = { start: start * DAY_MS, end: ints[at + PERIOD_END] * DAY_MS, several: kind === SEVERAL }));
    return period;
  }

  /**
   * Adds bucket `bucket` of another part's columns to bucket `into` here (all but its Billing Lines rows): a new one
   * (no lines yet) takes its texts (`textOf`: a number in their TextTable → one in `texts`, this one's) and keeps its
   * sums where they are, in `parts` (the part's sums are parts[part.source - 1]).
   */
  addBucket(into: number, bucket: number, part: PartColumns, textOf: (number: number) => number, texts: TextTable, sums: ExactSums, parts: readonly SumsData[]): void {
    const to = into * FIELDS;
    const at = bucket * FIELDS;
    const ints = this.ints;
    const their = part.columns.ints;
    const many = their[at + MANY_RULES] === 0 ? undefined : part.rules.get(bucket)!;
    const fresh = ints[to + LINES] === 0;
    if (fresh) {
      ints[to + SUM] = their[at + SUM];
      ints[to + SOURCE] = part.source;
      for (const field of TEXT_FIELDS) ints[to + field] = textOf(their[at + field]);
      ints[to + RULE_LINES] = their[at + RULE_LINES];
      if (many !== undefined) {
        this.rules.set(into, many);
        ints[to + MANY_RULES] = 1;
      }
    } else if (many === undefined) this.countRule(into, textOf(their[at + RULE]), texts.texts, their[at + RULE_LINES]);
    else for (const [rule, lines] of many) this.countRule(into, texts.numberOf(rule), texts.texts, lines);
    ints[to + LINES] += their[at + LINES];
    if (their[at + ROUNDED] === 1) ints[to + ROUNDED] = 1;
    if (their[at + PERIOD] !== NO_PERIOD) this.joinPeriod(into, their[at + PERIOD], their[at + PERIOD_START], their[at + PERIOD_END]);
    if (fresh) return;
    if (ints[to + SOURCE] !== 0) this.ownSums(into, sums, parts);
    for (let amount = 0; amount < 3; amount++) sums.addSum(ints[to + SUM] + amount, parts[part.source - 1], their[at + SUM] + amount);
  }

  /** Copies a bucket's sums from the part it came from into `sums`, to be added to. */
  private ownSums(bucket: number, sums: ExactSums, parts: readonly SumsData[]): void {
    const at = bucket * FIELDS;
    const own = sums.create(3);
    for (let amount = 0; amount < 3; amount++) sums.addSum(own + amount, parts[this.ints[at + SOURCE] - 1], this.ints[at + SUM] + amount);
    this.ints[at + SUM] = own;
    this.ints[at + SOURCE] = 0;
  }

  /** Copies every bucket's sums kept in `parts` into `sums` (before the columns are sent as data with `sums` alone). */
  ownAllSums(sums: ExactSums, parts: readonly SumsData[]): void {
    for (let bucket = 0; bucket < this.count; bucket++) if (this.ints[bucket * FIELDS + SOURCE] !== 0) this.ownSums(bucket, sums, parts);
  }

  /** The columns as plain data (a worker's message): the integers of its buckets and the few entries beside them. */
  data(): ColumnsData {
    return { ints: this.ints.slice(0, this.count * FIELDS), rules: [...this.rules], rows: this.rows };
  }
}

/** A bucket of no lines, to be filled in (BucketColumns.read). */
export function blankBucket(): DetailBucket {
  return {
    customerId: '',
    customerName: '',
    productId: '',
    skuId: '',
    productName: '',
    meter: '',
    transactionType: TRANSACTION_TYPES[0],
    chargeType: '',
    term: '',
    rule: '',
    ruleLines: 0,
    rules: null,
    lines: 0,
    quantity: Decimal.ZERO,
    cost: Decimal.ZERO,
    sales: Decimal.ZERO,
    rounded: false,
    lineBuckets: null,
    period: null,
  };
}

/** A BucketColumns as plain data. */
export interface ColumnsData {
  ints: Int32Array;
  rules: Array<[number, Map<string, number>]>;
  rows: LineBucket[][] | null;
}

/** Another part's columns of a currency, with its buckets' rules by bucket number and its place in the parts absorbed (1 for the first). */
export interface PartColumns {
  columns: ColumnsData;
  rules: Map<number, Map<string, number>>;
  source: number;
}

/** Each bucket's key numbers and the texts they are numbers of, as BucketColumns of another part holds them. */
export interface PartKey {
  customerNo: number;
  groupNo: number;
  skuNo: number;
  kind: number;
  customerId: number;
  productId: number;
  skuId: number;
  meter: number;
  chargeType: number;
  term: number;
}

export function newPartKey(): PartKey {
  return { customerNo: 0, groupNo: 0, skuNo: 0, kind: 0, customerId: 0, productId: 0, skuId: 0, meter: 0, chargeType: 0, term: 0 };
}

/** Reads bucket `bucket`'s key of columns (a part's, or BucketColumns) into `key` (reused) and returns it. */
export function partKey(theirs: { readonly ints: Int32Array }, bucket: number, key: PartKey): PartKey {
  const at = bucket * FIELDS;
  const ints = theirs.ints;
  key.customerNo = ints[at + CUSTOMER_NO];
  key.groupNo = ints[at + GROUP_NO];
  key.skuNo = ints[at + SKU_NO];
  key.kind = ints[at + KIND];
  key.customerId = ints[at + CUSTOMER_ID];
  key.productId = ints[at + PRODUCT_ID];
  key.skuId = ints[at + SKU_ID];
  key.meter = ints[at + METER];
  key.chargeType = ints[at + CHARGE_TYPE];
  key.term = ints[at + TERM];
  return key;
}

/** How many buckets a part's columns hold. */
export function bucketCount(theirs: ColumnsData): number {
  return theirs.ints.length / FIELDS;
}

/**
 * A detail kind's number: a charge type's, a transaction type's (its place in TRANSACTION_TYPES) and a term's numbers
 * as one, under 2^31 while under 2^23 charge types (term numbers are under 32, transaction types 8).
 */
export function detailKind(chargeTypeNo: number, transactionType: number, termNo: number): number {
  return (chargeTypeNo * 8 + transactionType) * 32 + termNo;
}

/** The transaction type's number in a detail kind's number (see detailKind). */
export function kindTransactionType(kind: number): number {
  return (kind >> 5) & 7;
}

/** Undated lines alone: start and end NaN. */
const UNDATED_PERIOD: ChargePeriod = { start: NaN, end: NaN, several: true };

/** Texts numbered one after another (each kept interned): what a bucket's text fields are numbers into. */
export class TextTable {
  readonly texts: string[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(text: string): number {
    let number = this.numbers.get(text);
    if (number === undefined) {
      number = this.texts.length;
      const shared = interned(text);
      this.texts.push(shared);
      this.numbers.set(shared, number);
    }
    return number;
  }
}
