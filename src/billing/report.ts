import type { ImportedDocument } from '../import/import-file';
import { idKey, type BillingConfig, type CustomerEntry } from './config';
import { billedParts, usageInTwoFiles } from './usage-in-two-files';
import { unbilledBesideBilled } from './unbilled-beside-billed';
import { blankBucket, BucketColumns, bucketCount, detailKind, kindTransactionType, newPartKey, partKey, TextTable, type ColumnsData, type PartColumns } from './bucket-columns';
import { bucketOrder, customerNumber, DetailGroups, detailNumberOf, FIRST_OF_CUSTOMER, FIRST_OF_PRODUCT, productNumberOf, type BucketOrder } from './detail-groups';
import { minorUnits } from './currency';
import { cycleHolding, type BillingCycle } from './cycles';
import { Decimal, POW10_DOUBLE, roundedUnits } from './decimal';
import { detached, interned } from './detached';
import { cut, Cut, ExactSums, type SumsData } from './exact-sums';
import type { BillingLine, TransactionType } from './line';
import { TRANSACTION_TYPES } from './line';
import { createPricer, isUsage, pricedByPlan, SETTLED_SCALE, termWordsOf, type PricedLine, type PricePlan, type Pricer, type Unsized } from './pricing';
import { buildReconciliation, type InvoiceTally, type Reconciliation } from './reconcile';
import { heldCopy, seatChangeKey, tellSeatChange } from './seat-change-pairs';
import { chargeTypeKey } from './transaction-type';

// Held here: under tsx (the command line's loader) each use of an import calls a getter, and these are called per
// line as a file is read (the key functions are handed on per line) or per detail line as the report is built.
const pow10Double = POW10_DOUBLE;
const idKeyOf = idKey;
const chargeTypeKeyOf = chargeTypeKey;
const kindOf = detailKind;
const pricedOnPlan = pricedByPlan;
const wordsOfTerm = termWordsOf;
const usageLine = isUsage;

/** A detail line of the report: one transaction type (with Microsoft's charge type) of one product. */
export interface ReportDetail {
  transactionType: TransactionType;
  chargeType: string;
  /** The licence's commitment in words ("1-year term, billed yearly"); '' for usage and lines without one. */
  term: string;
  /** Rules that priced its lines ("price list 26.4", "customer markup 10%"), most lines first. */
  rules: string[];
  lines: number;
  quantity: Decimal;
  unitCost: Decimal;
  unitSales: Decimal;
  /** Exact: Microsoft's amounts summed. */
  cost: Decimal;
  /** Rounded half away from zero to the currency's minor unit: what the customer's invoice shows. */
  sales: Decimal;
  margin: Decimal;
  /** The days a pro-rated charge's or a refund's lines cover, which explain its unit price to the customer. */
  readonly period?: ChargePeriod;
}

/** Charge dates (midnight UTC, both days charged): one period, or the first start and last end of `several`. */
export interface ChargePeriod {
  start: number;
  end: number;
  several: boolean;
}

export interface ReportProduct {
  productId: string;
  skuId: string;
  /** A usage product's meter ('' otherwise): a SKU bills data stored and operations, in different units. */
  meter: string;
  name: string;
  cost: Decimal;
  sales: Decimal;
  margin: Decimal;
  details: ReportDetail[];
}

export interface ReportOrganization {
  customerId: string;
  name: string;
  /** In the Customers table. */
  linked: boolean;
  billable: boolean;
  cost: Decimal;
  sales: Decimal;
  margin: Decimal;
  products: ReportProduct[];
}

/**
 * A row of the Billing Lines table: priced lines at the finest useful grain (a subscription's charge of one type over
 * one charge period, priced by one rule). Its sales are its detail line's rounded amount shared out by the
 * largest-remainder rule, so a pivot over the rows ties to the report to the cent.
 */
export interface BillingLineRow {
  customerId: string;
  organization: string;
  subscriptionId: string;
  subscriptionDescription: string;
  productId: string;
  skuId: string;
  productName: string;
  chargeType: string;
  transactionType: TransactionType;
  term: string;
  chargeStart: number | null;
  chargeEnd: number | null;
  /** Share of a full billing period (signed), where the pricing method prorates; null otherwise. */
  fraction: Decimal | null;
  rule: string;
  invoiceNumber: string;
  sourceFile: string;
  /** Source lines summed into the row. */
  lines: number;
  quantity: Decimal;
  unitCost: Decimal;
  unitSales: Decimal;
  cost: Decimal;
  sales: Decimal;
  margin: Decimal;
}

export interface ReportCycle {
  cycle: BillingCycle;
  currency: string;
  /** The imported files billed in this cycle. */
  documents: string[];
  cost: Decimal;
  sales: Decimal;
  margin: Decimal;
  organizations: ReportOrganization[];
  /** The Billing Lines rows; empty unless the builder was asked to keep them. */
  lines: BillingLineRow[];
  /** True when there were more rows than a sheet holds and they were summed per detail line instead. */
  linesAggregated: boolean;
}

export interface BillingReport {
  cycles: ReportCycle[];
  reconciliation: Reconciliation;
}

export interface DetailBucket {
  customerId: string;
  customerName: string;
  productId: string;
  skuId: string;
  productName: string;
  meter: string;
  transactionType: TransactionType;
  chargeType: string;
  term: string;
  /** The rule that priced the bucket's lines and how many; a map of rule → lines only once a second rule shows up. */
  rule: string;
  ruleLines: number;
  rules: Map<string, number> | null;
  lines: number;
  quantity: Decimal;
  cost: Decimal;
  sales: Decimal;
  /** Some line's sales came out of a division that does not end (rounded far below a cent): see settledSales. */
  rounded: boolean;
  /** The Billing Lines rows' buckets of this detail line, in the order first seen; null unless lines are kept. */
  lineBuckets: LineBucket[] | null;
  /**
   * A pro-rated charge's or refund's charge days, which explain its unit price; null for other lines. Its start and end
   * are NaN while only undated lines were seen (its `several` then says some lines are undated).
   */
  period: ChargePeriod | null;
}

export interface LineBucket {
  subscriptionId: string;
  subscriptionDescription: string;
  chargeStart: number | null;
  chargeEnd: number | null;
  fraction: Decimal | null;
  rule: string;
  invoiceNumber: string;
  sourceFile: string;
  lines: number;
  quantity: Decimal;
  cost: Decimal;
  sales: Decimal;
}

export interface ProductTally {
  productId: string;
  skuId: string;
  name: string;
  lines: number;
  cost: Decimal;
  currency: string;
  customers: Set<string>;
}

/** A line a Sales or Retail price could not size (pricing.ts, Unsized): where it is and what became of it. */
export interface UnsizedLine {
  file: string;
  row: number;
  customer: string;
  product: string;
  transactionType: TransactionType;
  chargeType: string;
  cost: Decimal;
  currency: string;
  price: string;
  reason: string;
  /** Passed on at cost (a refund or credit), or else priced by `rule`, the next rule that could. */
  atCost: boolean;
  rule: string;
}

/** The first such lines of a file, named in the reconciliation, and how many there are in all. */
interface UnsizedLines {
  named: UnsizedLine[];
  count: number;
}

/** Lines named per file part: a file of nothing but such lines (no quantity column) is said without holding them all. */
const UNSIZED_NAMED = 20;

export interface TenantTally {
  customerId: string;
  name: string;
  lines: number;
  cost: Decimal;
  currency: string;
}

/** Per currency, the same tallies as DocumentLines' public maps, found by numbers instead of built string keys. */
interface CurrencyIndex {
  currency: string;
  /** The detail buckets by customer, product (or meter), SKU and charge type × transaction type × term numbers. */
  details: BucketTable;
  /** The buckets made of the columns so far (settle()), by their numbers there. */
  made: DetailBucket[];
  invoices: Map<string, { tally: InvoiceTally; sum: number }>;
  unpriced: Map<number, UnpricedEntry>;
  /** By customer number: its lines and cost are its buckets' (settleTenants), not added up line by line. */
  unlinked: TenantTally[];
  /**
   * By planKey(): the number (in the texts) of the rule of the Pricer's plan for a line's product, SKU, term and
   * billing plan, or -1 where it has none (its lines are priced one by one); `plans` for customers priced alike (see
   * Pricer.ownPricing), `ownPlans` by customer number for the others.
   */
  plans: Map<number, number>;
  ownPlans: Array<Map<number, number>>;
}

/** An unpriced product's tally in a CurrencyIndex. */
interface UnpricedEntry {
  tally: ProductTally;
  sum: number;
  /** 1 by the number of each customer in the tally's Set: marked once, not looked up in the Set per line. */
  counted: Uint8Array;
  /** The numbers of the customers marked since the tallies were filled in, put in the Set then (settleTallies): one Set at a time, not one here and one there per line. */
  uncounted: number[];
}

const TRANSACTION_TYPE_NUMBER = Object.fromEntries(TRANSACTION_TYPES.map((type, i) => [type, i])) as Record<TransactionType, number>;

/** What one imported file contributes, gathered while its lines stream by and priced on the way. */
export class DocumentLines {
  /** currency → buckets by customer, product and detail line; read through detailBuckets(), which makes them of the columns. */
  private readonly buckets = new Map<string, DetailGroups>();
  private sums = new ExactSums();
  /** The sums of the parts absorbed, where their buckets new here keep theirs (see BucketColumns). */
  private partSums: SumsData[] = [];
  /** The line's cost, cut for the sums. */
  private readonly cost = new Cut();
  /** Tallies' amounts kept in `sums`: filled in by settle(). */
  private readonly tallyFields: Array<{ tally: Record<string, unknown>; field: string; sum: number }> = [];
  private lastInvoice: { tally: InvoiceTally; sum: number } | null = null;
  /** The buckets' texts, by the numbers their columns hold. */
  private texts = new TextTable();
  /** By customer number, the customer id as a key (trimmed, lower case). */
  private readonly customerKeys: string[] = [];
  /** Lines were added since the tallies' Decimals were last filled in. */
  private unsettled = false;
  /** Lines were added or parts absorbed since the buckets were last made of the columns. */
  private changed = false;
  readonly invoices = new Map<string, InvoiceTally>();
  readonly unpriced = new Map<string, ProductTally>();
  readonly unlinked = new Map<string, TenantTally>();
  readonly unsized: UnsizedLines = { named: [], count: 0 };
  /** The unpriced tallies of every currency, whose Sets settleTallies fills in. */
  private readonly unpricedEntries: UnpricedEntry[] = [];
  /** While lines are added (and kept): each Billing Lines bucket under its detail bucket's sum number and line key. */
  private lineIndex: Map<string, LineBucket> | null = null;

  private readonly index = new Map<string, CurrencyIndex>();
  private lastIndex: CurrencyIndex | null = null;
  private readonly customerNos = new NumberMap();
  private readonly productNos = new NumberMap();
  private readonly skuNos = new NumberMap();
  /** A file's charge types are few: a line's is found among them by comparing, not hashed. */
  private readonly chargeTypeNos = new NumberMap(FEW_CHARGE_TYPES);
  private readonly meterNos = new NumberMap();
  /** By meter as written, then by the number of its product id's spelling in `texts`: the meter's number in meterNos (meterOf). */
  private readonly meterSpellings = new Map<string, Map<number, number>>();
  /** By product number: the meter its last usage line named, and that meter's number in meterNos (meterOf). */
  private readonly lastMeters: Array<{ meter: string; number: number }> = [];
  /** By product (2 × its number) or meter (−2 × its number − 1): what named its last new bucket (productNameOf). */
  private readonly productNames: Array<{ productName: string; skuName: string; meter: string; text: number }> = [];
  /** Term words by number (a dozen at most: three terms by two plans, or less). */
  private readonly termNos = new Map<string, number>();
  /** By term, then billing frequency: their number, and by termSlot the words and number termOf gives. */
  private readonly terms = new Map<string, Map<string, TermTexts>>();
  /** The first FEW_TERMS of them. */
  private readonly fewTerms: TermTexts[] = [];
  /** TermTexts numbered so far. */
  private termTexts = 0;
  /** Pricer plans by their rule's number in `texts` (see planOf). */
  private rulePlans = new Map<number, PricePlan>();
  /** By customer number: the Customers table's entry, null when the tenant is not in it. */
  private readonly customerByNo: Array<CustomerEntry | null> = [];
  /** By customer number: the customer is priced by its own rows (Pricer.ownPricing). */
  private readonly ownPricing: boolean[] = [];
  /** Set once parts were merged in. */
  private absorbed = false;
  /** Set by endLines() (and so by close()). */
  private linesEnded = false;
  private closed = false;
  /**
   * A daily usage file's lines, each invoice's in a DocumentLines of its own: the report may leave out one invoice's
   * usage (billed by meter from its invoice file) and bill another's. Empty for other files, whose lines are this one's.
   */
  private readonly byInvoice = new Map<string, DocumentLines>();
  private lastInvoicePart: DocumentLines | null = null;
  /**
   * A 100 % promotion's seat changes at cost 0 (a few lines), by seatChangeKey in row order: held until the file is
   * read, as a pair's halves may lie anywhere in it (in two parts of a file read in parts), and then told (close()).
   */
  private seatChanges = new Map<string, BillingLine[]>();

  constructor(
    private readonly pricer: Pricer,
    private readonly customers: Map<string, CustomerEntry>,
    private readonly keepLines: boolean,
    /** The invoice whose lines of a daily usage file this collects; null for a file's own collector. */
    readonly invoice: string | null = null,
  ) {}

  add(line: BillingLine): void {
    this.collect(line, null);
  }

  /** add(), or a seat change half its pair could not tell (`untold`: why), billed as no charge and named. */
  private collect(line: BillingLine, untold: string | null): void {
    if (this.absorbed || this.linesEnded) throw new Error('lines cannot be added to a DocumentLines that absorbed parts or was closed');
    if (line.format === 'nce-daily-usage' && this.invoice === null) {
      this.invoicePart(line.invoiceNumber).add(line);
      return;
    }
    // Per line only small integers are looked up; string keys are built once per new entry, and sums are added up
    // in ExactSums (filled into the Decimals when the lines are read).
    const customerId = this.numberOf(this.customerNos, line.customerId, idKeyOf);
    const customerNo = customerId.number;
    let customer = this.customerByNo[customerNo];
    if (customer === undefined) {
      customer = this.customerByNo[customerNo] = this.customers.get(idKey(line.customerId)) ?? null;
      this.customerKeys[customerNo] = idKey(line.customerId);
      this.ownPricing[customerNo] = customer !== null && this.pricer.ownPricing(customer);
    }
    const productId = this.numberOf(this.productNos, line.productId, idKeyOf);
    const productNo = productId.number;
    const skuId = this.numberBeside(this.skuNos, productNo, line.skuId, idKeyOf);
    const skuNo = skuId.number;
    const index = this.indexOf(line.currency);
    const terms = this.termsOf(line);
    // Most lines are priced by a plan worked out once per customer, product, SKU, term and billing plan (its rule's
    // number with it): only their sales are worked out per line.
    const ruleNo = line.cost.isZero() ? -1 : this.planOf(line, customer, this.ownPricing[customerNo] ? (index.ownPlans[customerNo] ??= new Map()) : index.plans, planKey(productNo, skuNo, terms.number));
    const priced = ruleNo < 0 ? this.pricer.price(line, customer ?? undefined) : pricedOnPlan(this.rulePlans.get(ruleNo)!, line);
    if (priced.unsized !== undefined) {
      if (priced.seatChangeHalf === true && untold === null) {
        this.holdSeatChange(seatChangeKey(line), heldCopy(line));
        return;
      }
      this.addUnsized(line, priced.rule, untold === null ? priced.unsized : { ...priced.unsized, reason: `${priced.unsized.reason}: ${untold}` });
    }
    // A usage line's product is its meter (negative numbers, apart from the products'): a SKU bills several.
    const groupNo = line.meter === '' ? productNo : -1 - this.meterOf(line, productNo, productId.text);
    const sums = this.sums;
    this.unsettled = true;
    this.changed = true;

    // A yearly and a monthly subscription of one product are two detail lines (one unit price each, not a blend).
    // A line that cost nothing is a line of its own ("no charge"), unless a price billed it by its days (a 100 % promotion the partner keeps).
    const term = this.termOf(terms, line, line.cost.isZero() && priced.fraction === null);
    const chargeType = this.numberOf(this.chargeTypeNos, line.chargeType, chargeTypeKeyOf);
    const kind = kindOf(chargeType.number, TRANSACTION_TYPE_NUMBER[line.transactionType], term.number);
    const details = index.details;
    const slot = details.slotOf(customerNo, groupNo, skuNo, kind);
    let bucket = details.bucketAt(slot);
    const columns = details.columns;
    if (bucket < 0) {
      bucket = details.put(slot, customerNo, groupNo, skuNo, kind, sums.create(3));
      const texts = this.texts;
      const productName = this.productNameOf(line, groupNo);
      const meter = groupNo >= 0 ? texts.numberOf('') : this.meterNos.meterOf(-1 - groupNo, line.meter, texts);
      columns.name(bucket, customerId.text, this.customerNos.nameOf(customerNo, line.customerName, texts), productId.text, skuId.text, productName, meter, chargeType.text, term.text);
    }
    const sum = columns.addLine(bucket, priced.rounded);
    if (line.transactionType === 'pro-rated charge' || line.transactionType === 'refund') columns.notePeriod(bucket, line.chargeStart, line.chargeEnd);
    sums.add(sum, line.quantity);
    // The cost goes into the bucket, the invoice and the tallies: cut into limbs once.
    const cost = cut(line.cost, this.cost);
    sums.addCut(sum + 1, cost);
    sums.add(sum + 2, priced.sales);
    columns.countRule(bucket, ruleNo < 0 ? this.texts.numberOf(priced.rule) : ruleNo, this.texts.texts, 1); // rule texts are the pricer's own strings

    // Lines come in runs of one invoice: the last one is at hand without a lookup.
    let invoice = this.lastInvoice;
    if (invoice === null || invoice.tally.invoiceNumber !== line.invoiceNumber || invoice.tally.currency !== line.currency) {
      invoice = index.invoices.get(line.invoiceNumber) ?? null;
      if (invoice === null) {
        const tally: InvoiceTally = { invoiceNumber: interned(line.invoiceNumber), currency: interned(line.currency), files: new Set([line.sourceFile]), lines: 0, cost: Decimal.ZERO, tax: Decimal.ZERO, total: Decimal.ZERO, usageRate: null };
        invoice = { tally, sum: this.tallySums(tally, 'cost', 'tax', 'total') };
        index.invoices.set(tally.invoiceNumber, invoice);
        this.invoices.set(`${tally.invoiceNumber}\u0000${tally.currency}`, tally);
      }
      this.lastInvoice = invoice;
    }
    invoice.tally.lines++;
    if (line.transactionType === 'usage') {
      const rate = line.exchangeRate ?? Decimal.ONE;
      if (invoice.tally.usageRate === null || rate.compare(invoice.tally.usageRate) > 0) invoice.tally.usageRate = rate;
    }
    sums.addCut(invoice.sum, cost);
    if (line.tax !== null) sums.add(invoice.sum + 1, line.tax);
    // A blank TaxTotal beside a Total is the tax the total holds beyond the cost, as the mapper takes it in a file
    // without the column: summed as 0, the invoice's cost and tax fell short of its total. (A Decimal made only here.)
    else if (line.total !== null) sums.add(invoice.sum + 1, line.total.minus(line.cost));
    if (line.total !== null) sums.add(invoice.sum + 2, line.total);
    else {
      sums.addCut(invoice.sum + 2, cost);
      if (line.tax !== null) sums.add(invoice.sum + 2, line.tax);
    }
    if (this.keepLines) this.addToLines(line, columns, bucket, priced, invoice.tally.invoiceNumber);

    if (priced.unpriced) {
      const unpriced = this.unpricedOf(line, index, productNo, skuNo);
      if (customerNo >= unpriced.counted.length || unpriced.counted[customerNo] === 0) this.countCustomer(unpriced, customerNo);
      unpriced.tally.lines++;
      sums.addCut(unpriced.sum, cost);
    }
    // A tenant is linked once the Customers table names its organization (a row without one is a suggestion).
    if ((customer === null || customer.organization === '') && index.unlinked[customerNo] === undefined) {
      const tally: TenantTally = { customerId: interned(line.customerId), name: interned(line.customerName), lines: 0, cost: Decimal.ZERO, currency: interned(line.currency) };
      index.unlinked[customerNo] = tally;
      this.unlinked.set(`${this.customerKeys[customerNo]}\u0000${tally.currency}`, tally);
    }
  }

  /** The unpriced tally of the line's product and SKU in its currency, made on its first line. */
  private unpricedOf(line: BillingLine, index: CurrencyIndex, productNo: number, skuNo: number): UnpricedEntry {
    const productSku = productNo * 65_536 + skuNo; // a small integer (no boxed number per lookup) while under 32,768 products
    let unpriced = index.unpriced.get(productSku);
    if (unpriced === undefined) {
      const tally: ProductTally = { productId: interned(line.productId), skuId: interned(line.skuId), name: interned(productNameOf(line)), lines: 0, cost: Decimal.ZERO, currency: interned(line.currency), customers: new Set() };
      unpriced = { tally, sum: this.tallySums(tally, 'cost'), counted: new Uint8Array(0), uncounted: [] };
      this.unpricedEntries.push(unpriced);
      index.unpriced.set(productSku, unpriced);
      this.unpriced.set(`${idKey(line.productId)}\u0000${idKey(line.skuId)}\u0000${tally.currency}`, tally);
    }
    return unpriced;
  }

  /** Marks the customer in the unpriced tally, to be put in its Set when the tallies are filled in. */
  private countCustomer(unpriced: UnpricedEntry, customerNo: number): void {
    if (customerNo >= unpriced.counted.length) {
      const grown = new Uint8Array(Math.max(64, customerNo * 2));
      grown.set(unpriced.counted);
      unpriced.counted = grown;
    }
    unpriced.counted[customerNo] = 1;
    unpriced.uncounted.push(customerNo);
  }

  private holdSeatChange(key: string, line: BillingLine): void {
    const group = this.seatChanges.get(key);
    if (group === undefined) this.seatChanges.set(key, [line]);
    else group.push(line);
  }

  /**
   * The seat changes held, told by their pairs: priced with their signs into a collector of their own, absorbed as a
   * part of the file is (this one may have absorbed parts already: its buckets are no longer added to line by line).
   */
  private tellSeatChanges(): void {
    if (this.seatChanges.size === 0) return;
    const told = new DocumentLines(this.pricer, this.customers, this.keepLines, this.invoice);
    for (const group of this.seatChanges.values()) {
      const halves = tellSeatChange(group);
      if (typeof halves === 'string') for (const line of group) told.collect(line, halves);
      // A half told is signed, so never held again.
      else for (const half of halves) told.collect(half, null);
    }
    this.seatChanges = new Map();
    this.absorb(told.data());
  }

  private addUnsized(line: BillingLine, rule: string, { price, reason, atCost }: Unsized): void {
    if (this.unsized.count++ >= UNSIZED_NAMED) return;
    const { sourceFile: file, sourceRow: row, customerName: customer, transactionType, chargeType, cost, currency } = line;
    this.unsized.named.push({ file, row, customer, product: productNameOf(line), transactionType, chargeType, cost, currency, price, reason, atCost, rule });
  }

  /** The collector of one invoice's lines of a daily usage file (lines come in runs of one invoice). */
  private invoicePart(invoice: string): DocumentLines {
    if (this.lastInvoicePart?.invoice === invoice) return this.lastInvoicePart;
    let part = this.byInvoice.get(invoice);
    if (part === undefined) this.byInvoice.set(interned(invoice), (part = new DocumentLines(this.pricer, this.customers, this.keepLines, interned(invoice))));
    return (this.lastInvoicePart = part);
  }

  /** The collectors of the file's lines, to read its buckets and tallies from: a daily usage file's, one per invoice; any other file's, this one. */
  parts(): DocumentLines[] {
    return this.byInvoice.size === 0 ? [this] : [...this.byInvoice.values()];
  }

  /** New sums for amounts of a tally, filled into its fields when the lines are read; returns the first sum's number. */
  private tallySums<T>(tally: T, ...fields: Array<keyof T & string>): number {
    const first = this.sums.create(fields.length);
    fields.forEach((field, i) => {
      this.tallyFields.push({ tally: tally as Record<string, unknown>, field, sum: first + i });
    });
    return first;
  }

  /** Makes the buckets of the columns (and again the counts and amounts of those made already, where they changed) and fills in the tallies' Decimals. */
  settle(): void {
    const refresh = this.changed;
    this.settleTallies();
    for (const index of this.index.values()) this.makeBuckets(index, refresh);
    this.changed = false;
    // Read: the rows are in their detail buckets; the index is made again should more lines come.
    this.lineIndex = null;
  }

  private settleTallies(): void {
    if (!this.unsettled) return;
    for (const { tally, field, sum } of this.tallyFields) tally[field] = this.sums.value(sum);
    for (const index of this.index.values()) this.settleTenants(index);
    for (const { tally, uncounted } of this.unpricedEntries) {
      for (const customerNo of uncounted) tally.customers.add(this.customerKeys[customerNo]);
      uncounted.length = 0;
    }
    this.unsettled = false;
  }

  /**
   * Each unlinked tenant's lines and cost, added up from its buckets: every line of a tenant is in one of them, whose
   * counts and sums the line adds to anyway (a tally per line was a visit to one of thousands of tenants).
   */
  private settleTenants(index: CurrencyIndex): void {
    const tenants = index.unlinked;
    if (tenants.length === 0) return;
    const costs = new ExactSums();
    const first = costs.create(tenants.length);
    const lines = new Float64Array(tenants.length);
    const { columns } = index.details;
    for (let bucket = 0; bucket < columns.count; bucket++) {
      const customerNo = columns.customerOf(bucket);
      if (tenants[customerNo] === undefined) continue;
      lines[customerNo] += columns.linesOf(bucket);
      columns.addCost(bucket, costs, first + customerNo, this.sums, this.partSums);
    }
    tenants.forEach((tally, customerNo) => {
      tally.lines = lines[customerNo];
      tally.cost = costs.value(first + customerNo);
    });
  }

  /** The currency's buckets not made yet, made of its columns and grouped (`refresh`: those made already filled in again). */
  private makeBuckets(index: CurrencyIndex, refresh: boolean): void {
    const source = this.columnsOf(index);
    const { made } = index;
    if (refresh) for (let bucket = 0; bucket < made.length; bucket++) source.columns.fill(made[bucket], bucket, source.texts, source.sums, source.parts);
    if (made.length < source.columns.count) fileBuckets(source, this.groupsOf(index.currency), made);
  }

  private columnsOf(index: CurrencyIndex): ColumnBuckets {
    return { columns: index.details.columns, texts: this.texts.texts, sums: this.sums, parts: this.partSums };
  }

  /**
   * No more lines will come (the file is read): the tallies keep their Decimals and the number index is let go. The
   * buckets stay columns until they are read: made then (detailBuckets), or taken as they are by a report built once
   * (takeDetailBuckets), which reads them without a bucket object each. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.tellSeatChanges();
    for (const part of this.byInvoice.values()) part.close();
    this.endLines();
    this.settleTallies();
    this.tallyFields.length = 0;
    this.unpricedEntries.length = 0;
    this.lineIndex = null;
    for (const numbers of [this.customerNos, this.productNos, this.skuNos, this.chargeTypeNos, this.meterNos]) numbers.clear();
    this.meterSpellings.clear();
    this.lastMeters.length = 0;
    this.productNames.length = 0;
    this.customerByNo.length = 0;
    this.ownPricing.length = 0;
    this.customerKeys.length = 0;
    this.lastInvoice = null;
    this.closed = true;
  }

  /**
   * No more lines will be added (this part of the file is read), while parts may still be absorbed (the part read on
   * the main thread, as the workers' arrive): their buckets are added to its columns by their numbers. Idempotent.
   */
  endLines(): void {
    for (const part of this.byInvoice.values()) part.endLines();
    this.lastInvoicePart = null;
    this.linesEnded = true;
  }

  /** The detail buckets per currency, their sums filled in. */
  detailBuckets(): ReadonlyMap<string, DetailGroups> {
    this.settle();
    if (this.closed) this.letColumnsGo();
    return this.buckets;
  }

  /**
   * Hands the detail buckets over for good (a report built once lets them go as it takes them): those of a closed
   * file never read yet as their columns, the others made.
   */
  takeDetailBuckets(): Map<string, DetailGroups | ColumnBuckets> {
    let taken: Map<string, DetailGroups | ColumnBuckets>;
    if (this.closed && this.buckets.size === 0) taken = new Map([...this.index].filter(([, index]) => index.details.columns.count > 0).map(([currency, index]) => [currency, this.columnsOf(index)]));
    else {
      this.settle();
      taken = new Map(this.buckets);
      this.buckets.clear();
    }
    this.letColumnsGo();
    return taken;
  }

  /** Lets the columns, their texts and running sums go (the buckets were made, or taken as columns). */
  private letColumnsGo(): void {
    this.sums = new ExactSums();
    this.partSums = [];
    this.texts = new TextTable();
    // These hold numbers of the texts let go.
    this.rulePlans = new Map();
    this.meterSpellings.clear();
    this.productNames.length = 0;
    this.index.clear();
    this.lastIndex = null;
  }

  /** What the lines added up to, as plain data (it crosses a postMessage when a worker collected a part of a file). */
  data(): DocumentLinesData {
    if (this.closed) throw new Error('a closed DocumentLines has let its columns go');
    this.settleTallies();
    for (const { details } of this.index.values()) details.columns.ownAllSums(this.sums, this.partSums);
    const buckets = new Map([...this.index].map(([currency, index]) => [currency, index.details.columns.data()]));
    const byInvoice = new Map([...this.byInvoice].map(([invoice, part]) => [invoice, part.data()]));
    return { texts: this.texts.texts, sums: this.sums.data(), buckets, invoices: this.invoices, unpriced: this.unpriced, unlinked: this.unlinked, unsized: this.unsized, byInvoice, seatChanges: this.seatChanges };
  }

  /**
   * Adds what another part of the same file added up to (DocumentLinesData from data(), here or from a worker).
   * Entries of the same key are summed; no lines can be added afterwards.
   */
  absorb(part: DocumentLinesData): void {
    if (this.closed) throw new Error('parts cannot be absorbed by a closed DocumentLines');
    reviveLines(part);
    this.settleTallies();
    this.absorbed = true;
    this.changed = true;
    const texts = new Int32Array(part.texts.length).fill(-1);
    this.partSums.push(part.sums);
    for (const [currency, columns] of part.buckets) this.absorbColumns(this.indexOf(currency), columns, part, this.partSums.length, texts);
    mergeEntries(this.invoices, part.invoices, (same, invoice) => {
      for (const file of invoice.files) same.files.add(file);
      same.lines += invoice.lines;
      same.cost = same.cost.plus(invoice.cost);
      same.tax = same.tax.plus(invoice.tax);
      same.total = same.total.plus(invoice.total);
      same.usageRate = higherRate(same.usageRate, invoice.usageRate);
    });
    mergeEntries(this.unpriced, part.unpriced, (same, product) => {
      same.lines += product.lines;
      same.cost = same.cost.plus(product.cost);
      for (const customer of product.customers) same.customers.add(customer);
    });
    mergeEntries(this.unlinked, part.unlinked, (same, tenant) => {
      same.lines += tenant.lines;
      same.cost = same.cost.plus(tenant.cost);
    });
    this.unsized.named.push(...part.unsized.named.slice(0, Math.max(0, UNSIZED_NAMED - this.unsized.named.length)));
    this.unsized.count += part.unsized.count;
    for (const [invoice, lines] of part.byInvoice) this.invoicePart(invoice).absorb(lines);
    for (const [key, group] of part.seatChanges) for (const line of group) this.holdSeatChange(key, line);
  }

  /**
   * Adds a part's buckets of one currency to this one's columns, found by their numbers here: each of the part's
   * numbers worked out once from its texts, each text numbered once (`texts`: by the part's text number, this one's or -1).
   */
  private absorbColumns(index: CurrencyIndex, columns: ColumnsData, part: DocumentLinesData, source: number, texts: Int32Array): void {
    const theirTexts = part.texts;
    const textOf = (number: number) => (texts[number] >= 0 ? texts[number] : (texts[number] = this.texts.numberOf(theirTexts[number])));
    const customers: number[] = [];
    const products: number[] = [];
    const meters: number[] = [];
    const skus: number[] = [];
    const kinds = new Map<number, number>();
    const from: PartColumns = { columns, rules: new Map(columns.rules), source };
    const key = newPartKey();
    const { details } = index;
    const count = bucketCount(columns);
    for (let bucket = 0; bucket < count; bucket++) {
      const { customerNo: customer, groupNo: group, skuNo: sku, kind: theirKind } = partKey(columns, bucket, key);
      const customerNo = (customers[customer] ??= this.numberOf(this.customerNos, theirTexts[key.customerId], idKey).number);
      const groupNo =
        group >= 0
          ? (products[group] ??= this.numberOf(this.productNos, theirTexts[key.productId], idKey).number)
          : (meters[-1 - group] ??= -1 - this.numberOf(this.meterNos, `${theirTexts[key.productId]}\u0000${theirTexts[key.meter]}`, idKey).number);
      const skuNo = (skus[sku] ??= this.numberOf(this.skuNos, theirTexts[key.skuId], idKey).number);
      let kind = kinds.get(theirKind);
      if (kind === undefined) kinds.set(theirKind, (kind = this.kindOf(theirTexts[key.chargeType], kindTransactionType(theirKind), theirTexts[key.term])));
      const slot = details.slotOf(customerNo, groupNo, skuNo, kind);
      let into = details.bucketAt(slot);
      if (into < 0) into = details.put(slot, customerNo, groupNo, skuNo, kind, -1);
      details.columns.addBucket(into, bucket, from, textOf, this.texts, this.sums, this.partSums);
      // Parts of one file: a Billing Lines bucket in both (a subscription's lines either side of a cut) is one row.
      if (columns.rows !== null) addRows(details.columns.rows![into], columns.rows[bucket]);
    }
  }

  /** The number of a detail kind (as collect() makes it) of a charge type, a transaction type's number and term words. */
  private kindOf(chargeType: string, transactionType: number, words: string): number {
    return detailKind(this.numberOf(this.chargeTypeNos, chargeType, chargeTypeKey).number, transactionType, this.termNumber(words));
  }

  /** The number of a term in words (numbered as first met). */
  private termNumber(words: string): number {
    let number = this.termNos.get(words);
    if (number === undefined) this.termNos.set(words, (number = this.termNos.size));
    return number;
  }

  /**
   * A small number per distinct value, the same for spellings that normalize alike (case of an id, of a charge type),
   * with the spelling's number in `texts` (a new bucket takes it without hashing the line's text again).
   */
  private numberOf(numbers: NumberMap, text: string, normalize: (text: string) => string): Spelling {
    // Lines come in runs of one customer and product: the last text is compared before anything is hashed.
    const last = numbers.last;
    const texts = this.texts.texts;
    if (last !== null && text === texts[last.text]) return last;
    const few = numbers.few;
    if (few !== null) for (const spelling of few) if (text === texts[spelling.text]) return (numbers.last = spelling);
    let spelling = numbers.map.get(text);
    if (spelling === undefined) {
      const key = `\u0001${normalize(text)}`;
      let number = numbers.map.get(key)?.number;
      if (number === undefined) numbers.map.set(detached(key), { text: -1, number: (number = numbers.count++) });
      spelling = { text: this.texts.numberOf(text), number };
      numbers.map.set(this.texts.texts[spelling.text], spelling);
      numbers.meet(spelling);
    }
    numbers.last = spelling;
    return spelling;
  }

  /**
   * numberOf() a text that nearly always reads the same beside the same value of another (a product's SKU): the
   * spelling last met beside value `beside` is compared before anything is hashed.
   */
  private numberBeside(numbers: NumberMap, beside: number, text: string, normalize: (text: string) => string): Spelling {
    const last = numbers.beside[beside];
    if (last !== undefined && text === this.texts.texts[last.text]) return last;
    return (numbers.beside[beside] = this.numberOf(numbers, text, normalize));
  }

  /**
   * The number of a usage line's meter of its product (`productText`: the product id's spelling, by its number in the
   * texts): by its product and meter as written, looked up by its meter text and that number, not by a key text made per line.
   */
  private meterOf(line: BillingLine, productNo: number, productText: number): number {
    // A product's usage lines nearly always name one meter: its last is compared before anything is hashed.
    const last = this.lastMeters[productNo];
    if (last !== undefined && line.meter === last.meter) return last.number;
    let byProduct = this.meterSpellings.get(line.meter);
    if (byProduct === undefined) this.meterSpellings.set(detached(line.meter), (byProduct = new Map()));
    let number = byProduct.get(productText);
    if (number === undefined) byProduct.set(productText, (number = this.numberOf(this.meterNos, `${line.productId}\u0000${line.meter}`, idKey).number));
    this.lastMeters[productNo] = { meter: detached(line.meter), number };
    return number;
  }

  /**
   * A new bucket's product name (productNameOf), as its number in the texts: the name its product or meter (`groupNo`)
   * took last where the line's product name, SKU name and meter read the same, else made and numbered. Compared
   * before anything is joined or hashed: most lines of a large file start a bucket.
   */
  private productNameOf(line: BillingLine, groupNo: number): number {
    const at = groupNo >= 0 ? 2 * groupNo : -2 * groupNo - 1;
    const last = this.productNames[at];
    if (last !== undefined && line.productName === last.productName && line.skuName === last.skuName && line.meter === last.meter) return last.text;
    const text = this.texts.numberOf(productNameOf(line));
    this.productNames[at] = { productName: detached(line.productName), skuName: detached(line.skuName), meter: detached(line.meter), text };
    return text;
  }

  /** The line's term and billing frequency, numbered (in the order first met). */
  private termsOf(line: BillingLine): TermTexts {
    // A file has a few of them: compared one by one before anything is hashed.
    for (const terms of this.fewTerms) if (terms.term === line.term && terms.frequency === line.billingFrequency) return terms;
    let byFrequency = this.terms.get(line.term);
    if (byFrequency === undefined) this.terms.set(detached(line.term), (byFrequency = new Map()));
    let terms = byFrequency.get(line.billingFrequency);
    if (terms === undefined) {
      byFrequency.set(detached(line.billingFrequency), (terms = { term: detached(line.term), frequency: detached(line.billingFrequency), number: this.termTexts++, slots: [] }));
      if (this.fewTerms.length < FEW_TERMS) this.fewTerms.push(terms);
    }
    return terms;
  }

  /**
   * The number of the rule of the Pricer's plan for a line that cost something, in `plans` (see CurrencyIndex.plans),
   * worked out on its first line of `key` (planKey); -1 where it has none. Plans are kept by their rule's number, one per rule.
   */
  private planOf(line: BillingLine, customer: CustomerEntry | null, plans: Map<number, number>, key: number): number {
    if (key < 0) return -1;
    let ruleNo = plans.get(key);
    if (ruleNo === undefined) {
      const plan = this.pricer.plan(line, customer ?? undefined);
      ruleNo = plan === null ? -1 : this.texts.numberOf(plan.rule);
      const same = ruleNo < 0 ? undefined : this.rulePlans.get(ruleNo);
      if (same === undefined && plan !== null) this.rulePlans.set(ruleNo, plan);
      // A rule's text names its markup or margin: another plan of the same rule is the same (else priced line by line).
      else if (plan !== null && !samePlan(same!, plan)) ruleNo = -1;
      plans.set(key, ruleNo);
    }
    return ruleNo;
  }

  /** The line's term in words and a number under 32 for it, worked out once per term, billing frequency and termSlot. */
  private termOf({ slots }: TermTexts, line: BillingLine, free: boolean): Term {
    const slot = termSlot(line, free);
    let term = slots[slot];
    if (term === undefined) {
      const words = wordsOfTerm(line, free);
      term = slots[slot] = { text: this.texts.numberOf(words), number: this.termNumber(words) };
    }
    return term;
  }

  private indexOf(currency: string): CurrencyIndex {
    // Most files are in one currency: the last one is compared before anything is hashed.
    if (this.lastIndex?.currency === currency) return this.lastIndex;
    let index = this.index.get(currency);
    if (index === undefined) this.index.set(interned(currency), (index = { currency: interned(currency), details: new BucketTable(this.keepLines), invoices: new Map(), unpriced: new Map(), unlinked: [], made: [], plans: new Map(), ownPlans: [] }));
    return (this.lastIndex = index);
  }

  private groupsOf(currency: string): DetailGroups {
    let groups = this.buckets.get(currency);
    if (groups === undefined) this.buckets.set(interned(currency), (groups = new DetailGroups()));
    return groups;
  }

  /** Adds the line to its Billing Lines row; `invoiceNumber`: the line's, shared. */
  private addToLines(line: BillingLine, columns: BucketColumns, detail: number, { rule, fraction, sales }: PricedLine, invoiceNumber: string): void {
    const rounded = fraction === null ? null : fraction.round(6);
    const rows = columns.rows![detail];
    const sum = columns.sumOf(detail);
    // A detail line's few rows are compared field by field; a long list is looked up by a key text. (The detail
    // bucket's sum number tells it apart in the index while lines are added: no detail key text per line.)
    const key = rows.length < ROWS_INDEXED ? null : `${sum}\u0000${lineKeyOf(line.subscriptionId, line.chargeStart, line.chargeEnd, rule, rounded, line.invoiceNumber)}`;
    const bucket = key === null ? rowOf(rows, line, rule, rounded) : (this.lineIndex ?? this.indexLines()).get(key);
    if (bucket === undefined) {
      // A detail line's subscriptions are mostly described alike (by its product's name): the last row's is compared.
      const described = rows.length === 0 ? undefined : rows[rows.length - 1].subscriptionDescription;
      const made: LineBucket = {
        subscriptionId: detached(line.subscriptionId),
        subscriptionDescription: described === line.subscriptionDescription ? described : interned(line.subscriptionDescription),
        chargeStart: line.chargeStart,
        chargeEnd: line.chargeEnd,
        fraction: rounded,
        rule,
        invoiceNumber,
        sourceFile: line.sourceFile,
        lines: 1,
        // Decimals are immutable: a new row takes the line's own amounts.
        quantity: line.quantity,
        cost: line.cost,
        sales,
      };
      rows.push(made);
      if (key !== null) this.lineIndex!.set(detached(key), made);
      // The list just grew long: its rows go into the index, if there is one (else indexLines() takes them).
      else if (rows.length === ROWS_INDEXED && this.lineIndex !== null) indexRows(this.lineIndex, sum, rows);
      return;
    }
    bucket.lines++;
    bucket.quantity = bucket.quantity.plus(line.quantity);
    bucket.cost = bucket.cost.plus(line.cost);
    bucket.sales = bucket.sales.plus(sales);
  }

  /** The line index of the detail buckets with ROWS_INDEXED rows or more. */
  private indexLines(): Map<string, LineBucket> {
    const index = new Map<string, LineBucket>();
    for (const { details } of this.index.values()) {
      const { columns } = details;
      for (let bucket = 0; bucket < columns.count; bucket++) if (columns.rows![bucket].length >= ROWS_INDEXED) indexRows(index, columns.sumOf(bucket), columns.rows![bucket]);
    }
    this.lineIndex = index;
    return index;
  }
}

/** Rows a detail line's Billing Lines buckets are compared with one by one, before they are looked up by key instead. */
const ROWS_INDEXED = 16;

/** Puts a detail line's rows in the line index, under its first sum's number. */
function indexRows(index: Map<string, LineBucket>, sum: number, rows: readonly LineBucket[]): void {
  for (const bucket of rows) index.set(`${sum}\u0000${lineKeyOfBucket(bucket)}`, bucket);
}

/** The row a line adds to among a detail line's rows, as lineKeyOf tells them apart (a fraction by its value, as its text is). */
function rowOf(rows: readonly LineBucket[], line: BillingLine, rule: string, fraction: Decimal | null): LineBucket | undefined {
  for (const row of rows) {
    if (
      row.chargeStart === line.chargeStart &&
      row.chargeEnd === line.chargeEnd &&
      row.rule === rule &&
      row.subscriptionId === line.subscriptionId &&
      row.invoiceNumber === line.invoiceNumber &&
      (row.fraction === null ? fraction === null : fraction !== null && row.fraction.equals(fraction))
    ) {
      return row;
    }
  }
  return undefined;
}

/** What makes a Billing Lines row within its detail line: one subscription's charges over one period, one rule. */
function lineKeyOf(subscriptionId: string, chargeStart: number | null, chargeEnd: number | null, rule: string, fraction: Decimal | null, invoiceNumber: string): string {
  return `${subscriptionId}\u0000${chargeStart}\u0000${chargeEnd}\u0000${rule}\u0000${fraction === null ? '' : fraction.toString()}\u0000${invoiceNumber}`;
}

function lineKeyOfBucket(bucket: LineBucket): string {
  return lineKeyOf(bucket.subscriptionId, bucket.chargeStart, bucket.chargeEnd, bucket.rule, bucket.fraction, bucket.invoiceNumber);
}

/**
 * What termWordsOf reads beside the term and billing frequency, as a number under 12: whether the line is usage,
 * whether it was billed as no charge, and what covered it.
 */
function termSlot(line: BillingLine, free: boolean): number {
  return (usageLine(line) ? 1 : 0) + (free ? 2 : 0) + (line.benefit === '' ? 0 : line.benefit === 'reservation' ? 4 : 8);
}

/**
 * Detail buckets by four small integers (customer, product or meter, SKU, detail kind), in one open-addressing table of
 * integers: a large file's lines land all over its buckets, and nested Maps cost a dependent memory load per level.
 */
class BucketTable {
  /**
   * Per slot, the number of its bucket in `columns` + 1 (0 for an empty slot). A bucket's key numbers are compared
   * in its columns, whose integers the line then adds to anyway: a slot is a quarter of what it was with the keys in it.
   */
  private slots = new Int32Array(1024);
  readonly columns: BucketColumns;
  /** Slots less one (a power of two less one). */
  private mask = 1023;

  constructor(keepLines: boolean) {
    this.columns = new BucketColumns(keepLines ? [] : null);
  }

  /** The slot of the bucket of these numbers, or the empty one it goes in. */
  slotOf(customerNo: number, groupNo: number, skuNo: number, kind: number): number {
    const slots = this.slots;
    let slot = mixed(customerNo, groupNo, skuNo, kind) & this.mask;
    for (;;) {
      const bucket = slots[slot];
      if (bucket === 0 || this.columns.isKey(bucket - 1, customerNo, groupNo, skuNo, kind)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The number of the bucket in the slot, or -1 for an empty slot. */
  bucketAt(slot: number): number {
    return this.slots[slot] - 1;
  }

  /** Puts a new bucket (its first sum's number `sum`) in the empty slot slotOf() gave for its numbers; returns its number. */
  put(slot: number, customerNo: number, groupNo: number, skuNo: number, kind: number, sum: number): number {
    const bucket = this.columns.add(customerNo, groupNo, skuNo, kind, sum);
    this.slots[slot] = bucket + 1;
    // At most three quarters full: a lookup seldom probes far.
    if (this.columns.count * 4 > this.mask * 3) this.grow();
    return bucket;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.mask * 2 + 1;
    const key = newPartKey();
    for (let bucket = 0; bucket < this.columns.count; bucket++) {
      const { customerNo, groupNo, skuNo, kind } = partKey(this.columns, bucket, key);
      let slot = mixed(customerNo, groupNo, skuNo, kind) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = bucket + 1;
    }
  }
}

/** A hash of four small integers. */
function mixed(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^ Math.imul(d, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

/** A value's number and one spelling of it (its number in a TextTable). */
interface Spelling {
  text: number;
  number: number;
}

/** A line's term in words (their number in a TextTable) and a number under 32 for them. */
interface Term {
  text: number;
  number: number;
}

/** Terms and billing frequencies compared one by one before they are looked up by hash (as planKey numbers them). */
const FEW_TERMS = 16;

/** A term and billing frequency as written: their number, and by termSlot their Term. */
interface TermTexts {
  term: string;
  frequency: string;
  number: number;
  slots: Term[];
}

/** A product, SKU and term-and-frequency's numbers as one small integer (under 2^30), or -1 beyond that (such lines are priced one by one). */
function planKey(productNo: number, skuNo: number, termsNo: number): number {
  return productNo < 16_384 && skuNo < 4096 && termsNo < 16 ? (productNo * 4096 + skuNo) * 16 + termsNo : -1;
}

/** Two plans price alike. */
function samePlan(a: PricePlan, b: PricePlan): boolean {
  const sameFactor = a.factor === null ? b.factor === null : b.factor !== null && a.factor.units === b.factor.units && a.factor.scale === b.factor.scale;
  return a.unpriced === b.unpriced && sameFactor && a.kept.units === b.kept.units && a.kept.scale === b.kept.scale;
}

/** Spellings of charge types compared one by one before they are looked up by hash (a file has a handful). */
const FEW_CHARGE_TYPES = 16;

/** Texts numbered (by spelling, and by normalized key with \u0001 before it), with the last one looked up at hand. */
class NumberMap {
  readonly map = new Map<string, Spelling>();
  count = 0;
  last: Spelling | null = null;
  /** By the number of another value (see DocumentLines.numberBeside): the spelling last met beside it. */
  beside: Spelling[] = [];
  /** Every spelling, while there are at most `most` (compared one by one); null beyond. */
  few: Spelling[] | null;
  /** By number: the name (a customer's, a product's) and meter its last new bucket took, as numbers in a TextTable. */
  private readonly names: number[] = [];
  private readonly meters: number[] = [];

  constructor(private readonly most = 0) {
    this.few = most === 0 ? null : [];
  }

  /** Notes a new spelling (a few are kept to be compared). */
  meet(spelling: Spelling): void {
    if (this.few === null) return;
    if (this.few.length < this.most) this.few.push(spelling);
    else this.few = null;
  }

  /**
   * `name`'s number in `texts`, for a new bucket of value `number`: a value's buckets nearly always take one name, which
   * is compared before anything is hashed (most lines of a large file start a bucket, and hashing their names cost more).
   */
  nameOf(number: number, name: string, texts: TextTable): number {
    return sameOrNumbered(this.names, number, name, texts);
  }

  meterOf(number: number, meter: string, texts: TextTable): number {
    return sameOrNumbered(this.meters, number, meter, texts);
  }

  clear(): void {
    this.map.clear();
    this.last = null;
    this.beside = [];
    this.few = this.most === 0 ? null : [];
    this.names.length = 0;
    this.meters.length = 0;
  }
}

/** numbers[slot] when its text reads `text`, else `text`'s number in `texts` (kept at `slot` for the next time). */
function sameOrNumbered(numbers: number[], slot: number, text: string, texts: TextTable): number {
  const known = numbers[slot];
  return known !== undefined && texts.texts[known] === text ? known : (numbers[slot] = texts.numberOf(text));
}

/** The higher of two exchange rates, either of them null (no usage lines). */
export function higherRate(a: Decimal | null, b: Decimal | null): Decimal | null {
  return a === null || (b !== null && b.compare(a) > 0) ? b : a;
}

/** Puts each entry of `from` into `into`; where its key is taken, `add` adds it to the entry already there. */
function mergeEntries<T>(into: Map<string, T>, from: ReadonlyMap<string, T>, add: (same: T, other: T) => void): void {
  for (const [key, value] of from) {
    const same = into.get(key);
    if (same === undefined) into.set(key, value);
    else add(same, value);
  }
}

/** A file's detail buckets of a currency as columns, with the texts and sums the columns hold numbers of. */
export interface ColumnBuckets {
  columns: BucketColumns;
  texts: readonly string[];
  sums: ExactSums;
  parts: readonly SumsData[];
}

/** The buckets of the columns from `made.length` on, made (and pushed to `made`) and filed into `groups`. */
function fileBuckets({ columns, texts, sums, parts }: ColumnBuckets, groups: DetailGroups, made: DetailBucket[]): void {
  // The groups' numbers of this file's customers, products (with SKU) and detail kinds, each worked out once.
  const customers: number[] = [];
  const products = new Map<number, number>();
  const kinds = new Map<number, number>();
  const key = newPartKey();
  for (let bucket = made.length; bucket < columns.count; bucket++) {
    const one = columns.made(bucket, texts, sums, parts);
    made.push(one);
    const { customerNo, groupNo, skuNo, kind } = partKey(columns, bucket, key);
    const product = groupNo * 65_536 + skuNo; // a small integer (no boxed number per lookup) while under 16,384 products and meters
    let productNo = products.get(product);
    if (productNo === undefined) products.set(product, (productNo = productNumberOf(one)));
    let detailNo = kinds.get(kind);
    if (detailNo === undefined) kinds.set(kind, (detailNo = detailNumberOf(one)));
    groups.setAt((customers[customerNo] ??= customerNumber(one)), productNo, detailNo, one);
  }
}

/** The columns' buckets made and grouped (a report of several files, which merges their groups). */
function groupedBuckets(buckets: DetailGroups | ColumnBuckets): DetailGroups {
  if (buckets instanceof DetailGroups) return buckets;
  const groups = new DetailGroups();
  fileBuckets(buckets, groups, []);
  return groups;
}

/** The public maps of a DocumentLines: what a part of a file added up to. */
export interface DocumentLinesData {
  /** The buckets' texts, by the numbers in their columns. */
  texts: string[];
  /** The buckets' sums (and the tallies', which are sent as their Decimals). */
  sums: SumsData;
  buckets: Map<string, ColumnsData>;
  invoices: Map<string, InvoiceTally>;
  unpriced: Map<string, ProductTally>;
  unlinked: Map<string, TenantTally>;
  unsized: UnsizedLines;
  /** A daily usage file's: the same per invoice. */
  byInvoice: Map<string, DocumentLinesData>;
  /** The part's seat change halves held for their pairs (DocumentLines.seatChanges). */
  seatChanges: Map<string, BillingLine[]>;
}

/** What a part of a file added up to: its collector's data (from a worker), or the collector itself where it was read on this thread. */
export type PartLines = DocumentLinesData | DocumentLines;

/** Gives the Decimals of data that crossed a postMessage their methods back (a no-op for data that did not). */
function reviveLines(part: DocumentLinesData): void {
  const revive = Decimal.revive;
  for (const invoice of part.invoices.values()) {
    revive(invoice.cost);
    revive(invoice.tax);
    revive(invoice.total);
    if (invoice.usageRate !== null) revive(invoice.usageRate);
  }
  for (const product of part.unpriced.values()) revive(product.cost);
  for (const tenant of part.unlinked.values()) revive(tenant.cost);
  for (const line of part.unsized.named) revive(line.cost);
  for (const value of part.sums.fallback.values()) revive(value);
  for (const columns of part.buckets.values()) {
    for (const rows of columns.rows ?? []) {
      for (const row of rows) {
        if (row.fraction !== null) revive(row.fraction);
        revive(row.quantity);
        revive(row.cost);
        revive(row.sales);
      }
    }
  }
  for (const group of part.seatChanges.values()) for (const line of group) Decimal.reviveAll(line);
}

/** Adds one bucket's lines, amounts and rules to another of the same detail line (settled: its Decimals are its own). */
function addBucket(into: DetailBucket, bucket: DetailBucket): void {
  if (bucket.rounded) into.rounded = true;
  if (bucket.period !== null) into.period = joinedPeriods(into.period, bucket.period);
  addAmounts(into, bucket);
  // Nearly every bucket has one rule: counted as it is, no list of one made for it.
  if (bucket.rules === null) countRule(into, bucket.rule, bucket.ruleLines);
  else for (const [rule, count] of bucket.rules) countRule(into, rule, count);
}

/** Adds one part's Billing Lines buckets of a detail line to another's: those of the same row are added up. */
function addRows(into: LineBucket[], rows: readonly LineBucket[]): void {
  if (rows.length === 0) return;
  const byKey = new Map(into.map((line) => [lineKeyOfBucket(line), line]));
  for (const line of rows) {
    const same = byKey.get(lineKeyOfBucket(line));
    if (same !== undefined) addAmounts(same, line);
    else into.push(line);
  }
}

function addAmounts(into: { lines: number; quantity: Decimal; cost: Decimal; sales: Decimal }, other: typeof into): void {
  into.lines += other.lines;
  into.quantity = into.quantity.plus(other.quantity);
  into.cost = into.cost.plus(other.cost);
  into.sales = into.sales.plus(other.sales);
}

/** Counts lines priced by a rule into a bucket: nearly every bucket has one rule, so no map until a second shows up. */
function countRule(bucket: DetailBucket, rule: string, lines: number): void {
  if (bucket.rules === null && (bucket.rule === rule || bucket.ruleLines === 0)) {
    bucket.rule = rule;
    bucket.ruleLines += lines;
    return;
  }
  // A line Microsoft charged nothing for ("no charge") is in a detail line of its own (termOf), never beside priced ones.
  if (bucket.rules === null) bucket.rules = new Map([[bucket.rule, bucket.ruleLines]]);
  bucket.rules.set(rule, (bucket.rules.get(rule) ?? 0) + lines);
}

/** "Tables – LRS" for a licence or SKU, "Tables – LRS Data Stored (1 GB/Month)" for a usage meter. */
function productNameOf(line: BillingLine): string {
  const detail = line.meter !== '' ? line.meter : line.skuName !== line.productName ? line.skuName : '';
  return detail === '' ? line.productName : line.productName === '' ? detail : `${line.productName} – ${detail}`;
}

/** Names sort as people expect (accents, case, numbers), and a collator is far quicker than localeCompare. */
export const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

/**
 * Each name's place in byName's order, names it holds equal sharing one: the sorts of a large report's products and
 * detail lines compare numbers, and the collator sees each distinct name once.
 */
function nameRanks(names: Iterable<string>): Map<string, number> {
  const sorted = [...names].sort(byName);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((name, i) => {
    if (i > 0 && byName(sorted[i - 1], name) !== 0) rank++;
    ranks.set(name, rank);
  });
  return ranks;
}

export interface ReportScope {
  /** Cycle months ("2026-10") to report; null for every cycle present in the data. */
  months: ReadonlySet<string> | null;
  /** Keep the Billing Lines rows (the workbook's data table); off for a report that only needs totals. */
  keepLines?: boolean;
  /** Most Billing Lines rows per cycle before they are summed per detail line (a sheet's rows less its header). */
  maxLineRows?: number;
  /**
   * build() is called once: the files' detail buckets are let go as the report takes them, so a very large report
   * does not hold both at its peak (the command line). A builder that builds again (the task pane) leaves it off.
   */
  once?: boolean;
}

const SHEET_DATA_ROWS = 1_048_575;

/**
 * The date that puts a file in a billing cycle: the user's own, else the Invoices table's for the file's invoice
 * (named in `invoice`), else the one the file implies.
 */
export function billingDateOf(document: ImportedDocument, config: BillingConfig): { billingDate: number | null; invoice: string | null } {
  if (!document.billingDateOverridden) {
    for (const invoiceNumber of document.invoiceNumbers) {
      const entry = config.invoices.get(idKey(invoiceNumber));
      if (entry?.billingDate != null) return { billingDate: entry.billingDate, invoice: entry.invoiceNumber };
    }
  }
  return { billingDate: document.billingDate, invoice: null };
}

/**
 * Builds the billing report: each imported file (invoice) belongs to the cycle holding its billing date (the
 * Invoices table's date for its invoice, else the file's own), and all its lines go to that cycle's report.
 */
export class ReportBuilder {
  private readonly pricer: Pricer;
  private readonly accepted: Array<{ document: ImportedDocument; lines: DocumentLines; cycle: BillingCycle | null; billingDate: number | null; datedBy: string | null }> = [];
  private readonly documents: ImportedDocument[] = [];

  constructor(
    private readonly config: BillingConfig,
    private readonly scope: ReportScope = { months: null },
  ) {
    this.pricer = createPricer(config);
  }

  /** The collector for the next file's lines. */
  startDocument(): DocumentLines {
    return new DocumentLines(this.pricer, this.config.customers, this.scope.keepLines === true);
  }

  /**
   * A file's lines from what its parts' collectors gathered, in file order. The part collected on this thread is
   * taken as it is and the others are added to it: its buckets are neither copied into columns and back nor grouped
   * a second time (half a large file's buckets).
   */
  linesOfParts(parts: readonly PartLines[]): DocumentLines {
    const own = parts[0] instanceof DocumentLines ? parts[0] : this.startDocument();
    for (const part of parts) if (part !== own) own.absorb(part instanceof DocumentLines ? part.data() : part);
    return own;
  }

  /** Adds a file once read; lines of a file that did not import (failed, duplicate, empty) are dropped. */
  addDocument(document: ImportedDocument, lines: DocumentLines): void {
    lines.close();
    this.documents.push(document);
    if (document.status !== 'imported') return;
    const { billingDate, invoice } = billingDateOf(document, this.config);
    const cycle = billingDate === null ? null : cycleHolding(billingDate, this.config.settings.cycleEndDay);
    this.accepted.push({ document, lines, cycle, billingDate, datedBy: invoice });
  }

  build(): BillingReport {
    const cycles = new Map<string, { cycle: BillingCycle; currency: string; documents: string[]; buckets: Array<DetailGroups | ColumnBuckets> }>();
    const inScope: Array<Omit<(typeof this.accepted)[number], 'lines'> & { cycle: BillingCycle; lines: DocumentLines[] }> = [];
    const outOfScope: typeof this.accepted = [];
    const usage = usageInTwoFiles(this.accepted);
    const unbilled = unbilledBesideBilled(this.accepted);
    for (const entry of this.accepted) {
      // An unbilled file whose customers billed files of its cycle bill: its estimates are not billed beside them.
      if (unbilled.leftOut.has(entry.document)) continue;
      // A daily usage file's lines of invoices billed from invoice files are left out: the whole file, or some invoices'.
      const billed = billedParts(entry.lines, usage.leftOut.get(entry.document));
      if (billed.length === 0) continue;
      if (entry.cycle === null || (this.scope.months !== null && !this.scope.months.has(entry.cycle.month))) {
        outOfScope.push(entry);
        continue;
      }
      inScope.push({ ...entry, cycle: entry.cycle, lines: billed });
      for (const lines of billed) {
        for (const [currency, groups] of this.scope.once === true ? lines.takeDetailBuckets() : lines.detailBuckets()) {
          const key = `${entry.cycle.month}\u0000${currency}`;
          let target = cycles.get(key);
          if (target === undefined) cycles.set(key, (target = { cycle: entry.cycle, currency, documents: [], buckets: [] }));
          target.documents.push(entry.document.fileName);
          target.buckets.push(groups);
        }
      }
    }
    const reportCycles = [...cycles.values()]
      .sort((a, b) => a.cycle.end - b.cycle.end || a.currency.localeCompare(b.currency))
      .map((c) => buildCycle(c, this.config.customers, this.scope.maxLineRows ?? SHEET_DATA_ROWS, this.scope.once === true));
    return {
      cycles: reportCycles,
      reconciliation: buildReconciliation({
        config: this.config,
        documents: this.documents,
        inScope,
        outOfScope,
        usageWarnings: [...usage.warnings, ...unbilled.warnings],
        usageLeftOut: [...usage.leftOut].map(([document, leftOut]) => ({ file: document.fileName, ...leftOut })),
        unbilledLeftOut: [...unbilled.leftOut].map(([document, leftOut]) => ({ file: document.fileName, ...leftOut })),
        cycles: reportCycles,
      }),
    };
  }
}

function buildCycle(
  input: { cycle: BillingCycle; currency: string; documents: string[]; buckets: Array<DetailGroups | ColumnBuckets> },
  customers: Map<string, CustomerEntry>,
  maxLineRows: number,
  release: boolean,
): ReportCycle {
  const { cycle, currency, documents, buckets } = input;
  const decimals = minorUnits(currency);
  const made = new CycleDetails(customers, decimals);
  // One file's columns are read in report order, a bucket at a time; else the files' buckets are made and grouped.
  const only = buckets.length === 1 ? buckets[0] : null;
  const order = only === null || only instanceof DetailGroups ? null : bucketOrder(only.columns, only.columns.count, only.texts);
  if (order !== null) readColumns(only as ColumnBuckets, order, made);
  else readGroups(mergedGroups(buckets.map(groupedBuckets)), made, release && buckets.length === 1);
  const { organizations, names, linesOfDetail } = made;

  const total = { cost: Decimal.ZERO, sales: Decimal.ZERO };
  const rank = nameRanks(names);
  // Each sort's key as one number, worked out once per item: (rank, rank) as rank × ranks + rank keeps the order.
  const ranks = rank.size + 1;
  const orderedOrganizations = sortedByKey(organizations, (o) => rank.get(o.name)! * ranks + rank.get(o.customerId)!);
  for (const organization of orderedOrganizations) {
    sortedByKey(organization.products, (p) => rank.get(p.name)! * ranks + rank.get(p.skuId)!);
    total.cost = total.cost.plus(organization.cost);
    total.sales = total.sales.plus(organization.sales);
  }
  const { lines, linesAggregated } = billingLineRows(linesOfDetail, orderedOrganizations, decimals, maxLineRows);
  return {
    cycle,
    currency,
    documents: [...new Set(documents)],
    cost: total.cost,
    sales: total.sales,
    margin: total.sales.minus(total.cost),
    organizations: orderedOrganizations,
    lines,
    linesAggregated,
  };
}

/**
 * The files' buckets merged (the same detail line can come from two files of the cycle), to be rounded once. A bucket
 * is copied only when a second file adds to it (the files' own buckets stay as they are, for the reconciliation and
 * for another build).
 */
function mergedGroups(buckets: DetailGroups[]): DetailGroups {
  if (buckets.length === 1) return buckets[0];
  const merged = new DetailGroups();
  const copies = new Set<DetailBucket>();
  for (const groups of buckets) {
    groups.forEach((bucket) => {
      merged.merge(bucket, (same) => {
        let into = same;
        if (!copies.has(into)) {
          into = { ...into, rules: into.rules === null ? null : new Map(into.rules), lineBuckets: into.lineBuckets === null ? null : [...into.lineBuckets] };
          copies.add(into);
        }
        addBucket(into, bucket);
        // Files of one cycle keep their own Billing Lines rows (each row names its file).
        if (bucket.lineBuckets !== null) {
          if (into.lineBuckets === null) into.lineBuckets = [];
          for (const line of bucket.lineBuckets) into.lineBuckets.push(line);
        }
        return into;
      });
    });
  }
  return merged;
}

/** The groups' organizations, products and detail lines into `made` (`release`: each customer's let go once read). */
function readGroups(groups: DetailGroups, made: CycleDetails, release: boolean): void {
  for (const [customerNo, products] of groups.customers) {
    let organization = false;
    for (const details of products.values()) {
      let product = false;
      for (const bucket of details.values()) {
        if (!organization) made.startOrganization(bucket);
        if (!product) made.startProduct(bucket);
        organization = product = true;
        made.addDetail(bucket);
      }
    }
    made.endOrganization();
    if (release) groups.customers.delete(customerNo);
  }
}

/** A file's columns into `made`, in report order, each bucket read into one object reused. */
function readColumns({ columns, texts, sums, parts }: ColumnBuckets, order: BucketOrder, made: CycleDetails): void {
  const bucket = blankBucket();
  const figures = new Figures();
  const { buckets, starts } = order;
  // Read once here, not through tsx's export getter per bucket (see pow10Double).
  const firstOfCustomer = FIRST_OF_CUSTOMER;
  const firstOfProduct = FIRST_OF_PRODUCT;
  for (let i = 0; i < buckets.length; i++) {
    // Cost and sales as numbers where the sums give them so (nearly always): no Decimal made for them.
    const held = columns.figures(buckets[i], sums, parts, figures);
    columns.read(bucket, buckets[i], texts, sums, parts, !held);
    if ((starts[i] & firstOfCustomer) !== 0) made.startOrganization(bucket);
    if ((starts[i] & firstOfProduct) !== 0) made.startProduct(bucket);
    made.addDetail(bucket, held ? figures : null);
  }
  made.endOrganization();
}

/**
 * A cycle's organizations, products and detail lines, made as its buckets are read, grouped by customer and product.
 * A product's detail lines are sorted and summed as soon as they are all made, while they are in the processor's
 * cache; totals at every level are sums of the level below: the rounded sales of the detail lines, the exact costs.
 */
class CycleDetails {
  readonly organizations: ReportOrganization[] = [];
  /** The names organizations and products are sorted by; detail lines are sorted by their terms' and charge types'. */
  readonly names = new Set<string>();
  /** The Billing Lines buckets of each detail line (only when lines are kept). */
  readonly linesOfDetail = new Map<ReportDetail, LineBucket[]>();
  /** Nearly every detail line was priced by one rule: one shared list per rule. */
  private readonly oneRule = new Map<string, string[]>();
  private readonly kinds = new MetNameRanks();
  /** addDetail's figures made from Decimals. */
  private readonly figures = new Figures();
  private organization: ReportOrganization | null = null;
  private product: ReportProduct | null = null;

  constructor(
    private readonly customers: Map<string, CustomerEntry>,
    private readonly decimals: number,
  ) {}

  /** An organization named by its customer's first bucket (the one before is complete). */
  startOrganization(bucket: DetailBucket): void {
    this.endOrganization();
    const organization = (this.organization = organizationOf(bucket, this.customers));
    this.names.add(organization.name).add(organization.customerId);
  }

  /** A product named by its first bucket (the one before is complete). */
  startProduct(bucket: DetailBucket): void {
    this.endProduct();
    const product = (this.product = { productId: bucket.productId, skuId: bucket.skuId, meter: bucket.meter, name: bucket.productName, cost: Decimal.ZERO, sales: Decimal.ZERO, margin: Decimal.ZERO, details: [] });
    this.organization!.products.push(product);
    this.names.add(product.name).add(product.skuId);
  }

  /**
   * The bucket's detail line, in the product started last; its cost and sales from `read` where given (its sums'
   * units, at most 4 decimals: nothing to settle), else from the bucket's Decimals.
   */
  addDetail(bucket: DetailBucket, read: Figures | null = null): void {
    let figures = read;
    let cost: Decimal | null = null;
    let sales: Decimal | null = null;
    if (figures !== null) {
      if (figures.salesScale > this.decimals) {
        figures.salesUnits = roundedUnits(figures.salesUnits, figures.salesScale, this.decimals);
        figures.salesScale = this.decimals;
      }
    } else {
      cost = bucket.cost;
      sales = settledSales(bucket).round(this.decimals);
      figures = heldFigures(cost, sales, this.figures);
    }
    const rules = bucket.rules === null ? (this.oneRule.get(bucket.rule) ?? this.oneRule.set(bucket.rule, [bucket.rule]).get(bucket.rule)!) : [...bucket.rules].sort((a, b) => b[1] - a[1]).map(([rule]) => rule);
    // A period of undated lines alone (its start NaN) explains nothing.
    const period = bucket.period === null || Number.isNaN(bucket.period.start) ? null : bucket.period;
    const detail =
      period === null
        ? new Detail(bucket.transactionType, bucket.chargeType, bucket.term, rules, bucket.lines, bucket.quantity, figures, cost, sales)
        : new DatedDetail(bucket.transactionType, bucket.chargeType, bucket.term, rules, bucket.lines, bucket.quantity, figures, cost, sales, period);
    this.product!.details.push(detail);
    if (bucket.lineBuckets !== null && bucket.lineBuckets.length > 0) this.linesOfDetail.set(detail, bucket.lineBuckets);
  }

  endOrganization(): void {
    this.endProduct();
    const organization = this.organization;
    if (organization === null) return;
    sumUp(organization, organization.products);
    this.organizations.push(organization);
    this.organization = null;
  }

  private endProduct(): void {
    const product = this.product;
    if (product === null) return;
    sortDetails(product.details, this.kinds);
    sumUpDetails(product);
    this.product = null;
  }
}

/**
 * The items in place in the order of their keys, ties in the order they are in (as a stable sort). One key per item
 * rather than names looked up twice per comparison; a list of one, as most products' detail lines are, is left as it is.
 */
export function sortedByKey<T>(items: T[], keyOf: (item: T) => number): T[] {
  const n = items.length;
  if (n < 2) return items;
  if (n <= FEW_KEYS) {
    // A product's few detail lines, an organization's few dozen products: sorted by insertion in place, on keys kept
    // in one array for all (three arrays and a comparison closure per list cost more than the sorting).
    const keys = fewKeys;
    for (let i = 0; i < n; i++) keys[i] = keyOf(items[i]);
    for (let i = 1; i < n; i++) {
      const key = keys[i];
      const item = items[i];
      let j = i - 1;
      for (; j >= 0 && keys[j] > key; j--) {
        keys[j + 1] = keys[j];
        items[j + 1] = items[j];
      }
      keys[j + 1] = key;
      items[j + 1] = item;
    }
    return items;
  }
  const keys = items.map(keyOf);
  const order = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const unsorted = items.slice();
  for (let i = 0; i < order.length; i++) items[i] = unsorted[order[i]];
  return items;
}

/** Lists up to this long are sorted by insertion (see sortedByKey), their keys in `fewKeys`. */
const FEW_KEYS = 32;
const fewKeys = new Float64Array(FEW_KEYS);

/**
 * A product's detail lines in report order: by transaction type, term and charge type (names byName holds equal
 * together), ties in the order they are in. The names are all ranked before any key is made, as a new name renumbers.
 */
function sortDetails(details: ReportDetail[], kinds: MetNameRanks): void {
  if (details.length < 2) return;
  for (const detail of details) {
    kinds.rankOf(detail.term);
    kinds.rankOf(detail.chargeType);
  }
  const ranks = kinds.size + 1;
  sortedByKey(details, (d) => (TRANSACTION_TYPE_NUMBER[d.transactionType] * ranks + kinds.rankOf(d.term)) * ranks + kinds.rankOf(d.chargeType));
}

/**
 * Names' places in byName's order (names it holds equal sharing one), ranked as they are met: a name met later renumbers
 * those after it, but never changes the order of two already ranked, so a sort's keys stay right once all its names are.
 */
export class MetNameRanks {
  /** The first name of each rank, in order. */
  private readonly firsts: string[] = [];
  private readonly ranks = new Map<string, number>();

  get size(): number {
    return this.firsts.length;
  }

  rankOf(name: string): number {
    const known = this.ranks.get(name);
    if (known !== undefined) return known;
    let low = 0;
    let high = this.firsts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byName(this.firsts[middle], name) < 0) low = middle + 1;
      else high = middle;
    }
    if (low === this.firsts.length || byName(this.firsts[low], name) !== 0) {
      this.firsts.splice(low, 0, name);
      for (const [other, rank] of this.ranks) if (rank >= low) this.ranks.set(other, rank + 1);
    }
    this.ranks.set(name, low);
    return low;
  }
}

const costOf = (figures: { cost: Decimal }): Decimal => figures.cost;
const salesOf = (figures: { sales: Decimal }): Decimal => figures.sales;

/** A product's cost, sales and margin from its detail lines': on their numbers where every sum stays exact in them. */
function sumUpDetails(product: ReportProduct): void {
  const cost = figuresSum(product.details, true);
  const sales = cost === null ? null : figuresSum(product.details, false);
  if (sales === null) return sumUp(product, product.details);
  product.cost = cost!;
  product.sales = sales;
  product.margin = sales.minus(cost!);
}

/**
 * The sum of the details' costs (or sales) as Decimal.sum gives it (at their largest scale), on doubles; null where a
 * detail line holds Decimals or a value at that scale, or a partial sum, is not a safe integer (then not exact).
 */
function figuresSum(details: readonly ReportDetail[], cost: boolean): Decimal | null {
  let scale = 0;
  for (const detail of details) {
    const figures = figuresOf(detail);
    if (figures === null) return null;
    scale = Math.max(scale, cost ? figures.costScale : figures.salesScale);
  }
  let units = 0;
  for (const detail of details) {
    const figures = detail as Detail;
    const value = cost ? figures.costUnits * pow10Double[scale - figures.costScale] : figures.salesUnits * pow10Double[scale - figures.salesScale];
    units += value;
    if (!Number.isSafeInteger(value) || !Number.isSafeInteger(units)) return null;
  }
  return details.length === 1 ? (cost ? details[0].cost : details[0].sales) : new Decimal(BigInt(units), scale);
}

/** A product's or an organization's cost, sales and margin from its parts'. */
function sumUp(whole: { cost: Decimal; sales: Decimal; margin: Decimal }, parts: ReadonlyArray<{ cost: Decimal; sales: Decimal }>): void {
  whole.cost = Decimal.sum(parts, costOf);
  whole.sales = Decimal.sum(parts, salesOf);
  whole.margin = whole.sales.minus(whole.cost);
}

/** An organization of the report, empty, from the first bucket of its customer. */
function organizationOf(bucket: DetailBucket, customers: Map<string, CustomerEntry>): ReportOrganization {
  const customer = customers.get(idKey(bucket.customerId));
  return {
    customerId: bucket.customerId,
    name: customer?.organization || bucket.customerName || bucket.customerId,
    linked: customer !== undefined && customer.organization !== '',
    billable: customer?.billable ?? true,
    cost: Decimal.ZERO,
    sales: Decimal.ZERO,
    margin: Decimal.ZERO,
    products: [],
  };
}

/**
 * The Billing Lines rows of a cycle, in report order. Each detail line's rounded sales are shared out over its rows:
 * every row gets its own amount rounded, and the cents the rounding lost or gained go to the rows with the largest
 * remainders, so the rows of a detail line add up to it exactly. More rows than a sheet holds: one row per detail.
 */
function billingLineRows(
  linesOfDetail: Map<ReportDetail, LineBucket[]>,
  organizations: ReportOrganization[],
  decimals: number,
  maxLineRows: number,
): { lines: BillingLineRow[]; linesAggregated: boolean } {
  let count = 0;
  for (const list of linesOfDetail.values()) count += list.length;
  if (count === 0) return { lines: [], linesAggregated: false };
  const aggregated = count > maxLineRows;
  const unit = new Decimal(1n, decimals);
  const rows: BillingLineRow[] = [];
  for (const organization of organizations) {
    for (const product of organization.products) {
      for (const detail of product.details) {
        let parts = linesOfDetail.get(detail);
        if (parts === undefined) continue;
        if (aggregated) parts = [mergeLineBuckets(parts)];
        const rounded = parts.map((part) => part.sales.round(decimals));
        let leftover = detail.sales.minus(Decimal.sum(rounded));
        if (!leftover.isZero()) {
          const step = leftover.sign() < 0 ? unit.negate() : unit;
          // Largest remainder first: the rows whose rounding moved them furthest from their exact amount.
          const order = parts.map((part, i) => ({ i, gap: part.sales.minus(rounded[i]).times(Decimal.fromInt(step.sign())) })).sort((a, b) => b.gap.compare(a.gap));
          for (let k = 0; !leftover.isZero() && k < order.length * 2; k++) {
            const i = order[k % order.length].i;
            rounded[i] = rounded[i].plus(step);
            leftover = leftover.minus(step);
          }
        }
        parts.forEach((part, i) => {
          const sales = rounded[i];
          rows.push({
            customerId: organization.customerId,
            organization: organization.name,
            subscriptionId: part.subscriptionId,
            subscriptionDescription: part.subscriptionDescription,
            productId: product.productId,
            skuId: product.skuId,
            productName: product.name,
            chargeType: detail.chargeType,
            transactionType: detail.transactionType,
            term: detail.term,
            chargeStart: part.chargeStart,
            chargeEnd: part.chargeEnd,
            fraction: part.fraction,
            rule: part.rule,
            invoiceNumber: part.invoiceNumber,
            sourceFile: part.sourceFile,
            lines: part.lines,
            quantity: part.quantity,
            unitCost: perUnit(part.cost, part.quantity),
            unitSales: perUnit(sales, part.quantity),
            cost: part.cost,
            sales,
            margin: sales.minus(part.cost),
          });
        });
      }
    }
  }
  return { lines: rows, linesAggregated: aggregated };
}

/** One row for a whole detail line: what varies between its rows is left blank. */
function mergeLineBuckets(parts: LineBucket[]): LineBucket {
  const same = <T>(pick: (b: LineBucket) => T, blank: T): T => (parts.every((b) => pick(b) === pick(parts[0])) ? pick(parts[0]) : blank);
  return {
    subscriptionId: same((b) => b.subscriptionId, ''),
    subscriptionDescription: same((b) => b.subscriptionDescription, ''),
    chargeStart: parts.reduce<number | null>((min, b) => (b.chargeStart !== null && (min === null || b.chargeStart < min) ? b.chargeStart : min), null),
    chargeEnd: parts.reduce<number | null>((max, b) => (b.chargeEnd !== null && (max === null || b.chargeEnd > max) ? b.chargeEnd : max), null),
    fraction: null,
    rule: same((b) => b.rule, 'several'),
    invoiceNumber: same((b) => b.invoiceNumber, ''),
    sourceFile: same((b) => b.sourceFile, ''),
    lines: parts.reduce((n, b) => n + b.lines, 0),
    quantity: Decimal.sum(parts.map((b) => b.quantity)),
    cost: Decimal.sum(parts.map((b) => b.cost)),
    sales: Decimal.sum(parts.map((b) => b.sales)),
  };
}

/** The decimals of a detail line's and a Billing Lines row's unit prices (perUnit). */
export const UNIT_SCALE = 6;

/** A detail line's cost and sales as whole units at their scales, safe integers (see Detail). */
export interface DetailFigures {
  readonly costUnits: number;
  readonly costScale: number;
  readonly salesUnits: number;
  readonly salesScale: number;
}

/** A detail line's cost and sales as numbers, or null where it holds them as Decimals. */
export function figuresOf(detail: ReportDetail): DetailFigures | null {
  return detail instanceof Detail && detail.exact === null ? detail : null;
}

/** The most decimals a detail line's cost or sales is held as numbers with (POW10_DOUBLE's last power). */
const FIGURE_SCALE = 22;

/**
 * A detail line as the report holds it: unit prices and margin are worked out when read, not kept (a million-line
 * file has hundreds of thousands of detail lines, and three Decimals each are a tenth of the report's memory). Its
 * cost and sales are kept as numbers where their units are safe integers (nearly always), Decimals made only when
 * asked for: two Decimals and their bigints per detail line all lived to the report's end, and the garbage collector
 * copied each on its way to the old generation.
 */
class Detail implements ReportDetail, DetailFigures {
  readonly costUnits: number = 0;
  readonly costScale: number = 0;
  readonly salesUnits: number = 0;
  readonly salesScale: number = 0;
  /** Cost and sales where they are not held as numbers. */
  readonly exact: { readonly cost: Decimal; readonly sales: Decimal } | null = null;

  /** Cost and sales as `figures`, or where those are null as the Decimals `cost` and `sales`. */
  constructor(
    readonly transactionType: TransactionType,
    readonly chargeType: string,
    readonly term: string,
    readonly rules: string[],
    readonly lines: number,
    readonly quantity: Decimal,
    figures: DetailFigures | null,
    cost: Decimal | null,
    sales: Decimal | null,
  ) {
    if (figures !== null) {
      this.costUnits = smallInteger(figures.costUnits);
      this.costScale = figures.costScale;
      this.salesUnits = smallInteger(figures.salesUnits);
      this.salesScale = figures.salesScale;
    } else this.exact = { cost: cost!, sales: sales! };
  }

  get cost(): Decimal {
    return this.exact === null ? new Decimal(BigInt(this.costUnits), this.costScale) : this.exact.cost;
  }

  get sales(): Decimal {
    return this.exact === null ? new Decimal(BigInt(this.salesUnits), this.salesScale) : this.exact.sales;
  }

  get unitCost(): Decimal {
    return perUnit(this.cost, this.quantity);
  }

  get unitSales(): Decimal {
    return perUnit(this.sales, this.quantity);
  }

  get margin(): Decimal {
    return this.sales.minus(this.cost);
  }
}

/**
 * A whole number as a 32-bit integer where it is one (nearly every detail line's units): worked out on doubles, it was
 * stored as a double, and V8 then kept each detail line's cost and sales in boxes of their own for the collector to copy.
 */
function smallInteger(n: number): number {
  const small = n | 0;
  return small === n ? small : n;
}

/** A detail line's figures, one object reused by the reader of a report's buckets. */
export class Figures implements DetailFigures {
  costUnits = 0;
  costScale = 0;
  salesUnits = 0;
  salesScale = 0;
}

/** Cost and sales into `into` where both are held as numbers (see Detail); null where not. */
function heldFigures(cost: Decimal, sales: Decimal, into: Figures): Figures | null {
  const costUnits = Number(cost.units);
  const salesUnits = Number(sales.units);
  if (!Number.isSafeInteger(costUnits) || !Number.isSafeInteger(salesUnits) || !heldScale(cost.scale) || !heldScale(sales.scale)) return null;
  into.costUnits = costUnits;
  into.costScale = cost.scale;
  into.salesUnits = salesUnits;
  into.salesScale = sales.scale;
  return into;
}

function heldScale(scale: number): boolean {
  return scale >= 0 && scale <= FIGURE_SCALE;
}

/** A detail line holding a charge period (a pro-rated charge or refund). */
class DatedDetail extends Detail {
  constructor(
    transactionType: TransactionType,
    chargeType: string,
    term: string,
    rules: string[],
    lines: number,
    quantity: Decimal,
    figures: DetailFigures | null,
    cost: Decimal | null,
    sales: Decimal | null,
    readonly period: ChargePeriod,
  ) {
    super(transactionType, chargeType, term, rules, lines, quantity, figures, cost, sales);
  }
}

/**
 * Two periods of one detail line (two parts', or the period held and a line's), as one: lines of other days, or
 * without dates (start and end NaN), make it "several", the range then not every line's own. A new object: either may
 * be another bucket's.
 */
function joinedPeriods(a: ChargePeriod | null, b: ChargePeriod): ChargePeriod {
  if (a === null || Number.isNaN(a.start)) return { ...b, several: b.several || a !== null };
  if (Number.isNaN(b.start)) return { ...a, several: true };
  const same = a.start === b.start && a.end === b.end;
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end), several: a.several || b.several || !same };
}

/**
 * A detail line's sales as the invoice rounds them. Where a line's sales came out of a division that does not end,
 * each is off by under half a unit in its 28th decimal, so their sum is taken to SETTLED_SCALE decimals first: the
 * sum of three lines of a third of a cent is a cent again, not a hair under it (which would round down at a half).
 */
function settledSales(bucket: DetailBucket): Decimal {
  return bucket.rounded ? bucket.sales.round(SETTLED_SCALE) : bucket.sales;
}

function perUnit(amount: Decimal, quantity: Decimal): Decimal {
  return quantity.isZero() ? Decimal.ZERO : amount.dividedBy(quantity, UNIT_SCALE);
}
