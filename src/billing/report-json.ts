import { minorUnits } from './currency';
import { formatIsoDate } from './dates';
import { Decimal, POW10_DOUBLE, unitsQuotientOnDoubles } from './decimal';
import { figuresOf, UNIT_SCALE, type BillingReport, type DetailFigures, type ReportDetail, type ReportOrganization, type ReportProduct } from './report';

// Held here: under tsx (the command line's loader) each use of an import calls a getter, and these are read per
// detail line (a million-line file's JSON called them about 3 million times: 0.05 s).
const pow10Double = POW10_DOUBLE;
const unitsQuotientOfDoubles = unitsQuotientOnDoubles;
const figuresOfDetail = figuresOf;
const unitScale = UNIT_SCALE;

/**
 * The report as plain JSON, amounts as decimal strings (never JSON numbers, which are floats). Costs are exact
 * (Microsoft's amounts summed); sales are rounded to the currency's minor unit, as the customer's invoice shows.
 */
export function reportToJson(report: BillingReport, organizations: 'included' | 'placeholders' = 'included'): unknown {
  const amounts = (record: Record<string, Decimal>) => Object.fromEntries(Object.entries(record).map(([currency, value]) => [currency, value.toString()]));
  const r = report.reconciliation;
  return {
    cycles: report.cycles.map((cycle, index) => {
      const money = moneyIn(cycle.currency);
      return {
        billingDate: formatIsoDate(cycle.cycle.reportDate),
        start: formatIsoDate(cycle.cycle.start),
        end: formatIsoDate(cycle.cycle.end),
        month: cycle.cycle.month,
        currency: cycle.currency,
        documents: cycle.documents,
        cost: cycle.cost.toString(),
        sales: money(cycle.sales),
        margin: cycle.margin.toString(),
        organizations: organizations === 'included' ? cycle.organizations.map((organization) => organizationJson(organization, money)) : placeholder(index),
      };
    }),
    reconciliation: {
      invoices: r.invoices.map((invoice) => ({
        invoiceNumber: invoice.invoiceNumber,
        files: invoice.files,
        cycle: invoice.cycleMonth,
        currency: invoice.currency,
        lines: invoice.lines,
        cost: invoice.cost.toString(),
        tax: invoice.tax.toString(),
        total: invoice.total.toString(),
        microsoftTotal: invoice.microsoftTotal?.toString() ?? null,
        difference: invoice.difference?.toString() ?? null,
        status: invoice.status,
        statusText: invoice.statusText,
      })),
      cycles: r.cycles.map((cycle) => ({
        cycle: cycle.cycleMonth,
        currency: cycle.currency,
        cost: cycle.cost.toString(),
        invoicesTotal: cycle.invoicesTotal.toString(),
        microsoftTotal: cycle.microsoftTotal?.toString() ?? null,
        difference: cycle.difference?.toString() ?? null,
        missingInvoices: cycle.missingInvoices,
        status: cycle.status,
        statusText: cycle.statusText,
      })),
      unlinkedTenants: r.unlinkedTenants.map((t) => ({ customerId: t.customerId, name: t.name, lines: t.lines, cost: t.cost.toString(), currency: t.currency })),
      unpricedProducts: r.unpricedProducts.map((p) => ({
        productId: p.productId,
        skuId: p.skuId,
        name: p.name,
        lines: p.lines,
        customers: p.customers,
        cost: p.cost.toString(),
        currency: p.currency,
      })),
      duplicates: r.duplicates.map((d) => ({ file: d.file, lines: d.lines, cost: amounts(d.cost), duplicateOf: d.duplicateOf, wholeFile: d.wholeFile })),
      outsideRange: r.outsideRange.map((o) => ({
        file: o.file,
        billingDate: o.billingDate === null ? null : formatIsoDate(o.billingDate),
        billingDateFromInvoice: o.billingDateFromInvoice,
        cycle: o.cycleMonth,
        lines: o.lines,
        cost: amounts(o.cost),
      })),
      usageLeftOut: r.usageLeftOut.map((u) => ({ file: u.file, billedIn: u.billedIn, invoices: u.invoices, wholeFile: u.wholeFile, lines: u.lines, cost: amounts(u.cost) })),
      unbilledLeftOut: r.unbilledLeftOut.map((u) => ({ file: u.file, billedIn: u.billedIn, lines: u.lines, cost: amounts(u.cost) })),
      mixedCurrencies: r.mixedCurrencies,
      failedFiles: r.failedFiles,
      warnings: r.warnings,
    },
  };
}

/** Sales as the invoice shows them: rounded to the currency's minor unit. */
function moneyIn(currency: string): (value: Decimal) => string {
  const decimals = minorUnits(currency);
  return (value) => value.toFixed(decimals);
}

function organizationJson(organization: ReportOrganization, money: (value: Decimal) => string): unknown {
  return {
    name: organization.name,
    customerId: organization.customerId,
    linked: organization.linked,
    billable: organization.billable,
    cost: organization.cost.toString(),
    sales: money(organization.sales),
    margin: organization.margin.toString(),
    products: organization.products.map((product) => ({
      productId: product.productId,
      skuId: product.skuId,
      meter: product.meter,
      name: product.name,
      cost: product.cost.toString(),
      sales: money(product.sales),
      margin: product.margin.toString(),
      details: product.details.map((detail) => ({
        chargeType: detail.chargeType,
        transactionType: detail.transactionType,
        term: detail.term,
        lines: detail.lines,
        quantity: detail.quantity.toString(),
        unitCost: detail.unitCost.toString(),
        unitSales: detail.unitSales.toString(),
        cost: detail.cost.toString(),
        sales: money(detail.sales),
        margin: detail.margin.toString(),
        rules: detail.rules,
      })),
    })),
  };
}

const placeholder = (cycle: number) => `\u0000organizations of cycle ${cycle}\u0000`;

/** The bytes of the report's JSON are handed on in blocks of about this many (a megabyte), never as one huge string. */
const BLOCK_BYTES = 1 << 20;

/**
 * Writes the same text as JSON.stringify(reportToJson(report), null, indent), in UTF-8, an organization at a time, in
 * blocks of at most `blockBytes` (a longer text is a block of its own): a report of hundreds of thousands of detail
 * lines never exists as one string or one tree of JSON objects. A block is never written into again once handed on (a
 * write to a pipe may still hold it).
 */
export function writeReportJson(report: BillingReport, writeBlock: (bytes: Uint8Array) => void, indent = 2, blockBytes = BLOCK_BYTES): void {
  const out = new Utf8Blocks(writeBlock, blockBytes);
  const skeleton = JSON.stringify(reportToJson(report, 'placeholders'), null, indent);
  const { writeOrganization, line } = organizationWriter(indent);
  let at = 0;
  report.cycles.forEach((cycle, index) => {
    const marker = JSON.stringify(placeholder(index));
    const found = skeleton.indexOf(marker, at);
    out.text(skeleton.slice(at, found));
    at = found + marker.length;
    if (cycle.organizations.length === 0) {
      out.text('[]');
      return;
    }
    const decimals = minorUnits(cycle.currency);
    out.text('[');
    cycle.organizations.forEach((organization, i) => {
      writeOrganization(organization, decimals, `${i === 0 ? '' : ','}${line(4)}`, out);
    });
    out.text(`${line(3)}]`);
  });
  out.text(skeleton.slice(at));
  out.end();
}

/**
 * An organization's text as JSON.stringify(organizationJson(organization, money), null, indent) writes it inside four
 * arrays (report → cycles → cycle → organizations), made directly: an object tree per organization stringified
 * took as long again as the report's figures did to be worked out. Its products and detail lines are written as
 * bytes: their fixed texts encoded once, their figures' digits written where they go (a text per figure, joined and
 * encoded, cost as much as the figures took to be worked out).
 */
function organizationWriter(indent: number): { writeOrganization: (organization: ReportOrganization, decimals: number, before: string, out: Utf8Blocks) => void; line: (depth: number) => string } {
  // JSON.stringify's own indent: a whole number of spaces, at most 10.
  const gap = ' '.repeat(Math.min(10, Math.max(0, Math.trunc(indent))));
  const lines = Array.from({ length: 12 }, (_, depth) => (gap === '' ? '' : `\n${gap.repeat(depth)}`));
  const line = (depth: number) => lines[depth];
  // A property's name at a depth: the first of its object, and any after it.
  const first = (depth: number, name: string) => `${line(depth)}${JSON.stringify(name)}${gap === '' ? ':' : ': '}`;
  const next = (depth: number, name: string) => `,${first(depth, name)}`;
  const q = (text: string) => JSON.stringify(text);

  // The organization's object is at depth 4, its products' at 6, their detail lines' at 8. Each constant below runs
  // from one value to the next, quotes and all.
  const [oName, oCustomerId, oLinked, oBillable, oCost, oSales, oMargin, oProducts] = [
    `{${first(5, 'name')}`, next(5, 'customerId'), next(5, 'linked'), next(5, 'billable'), `${next(5, 'cost')}"`, `"${next(5, 'sales')}"`, `"${next(5, 'margin')}"`, `"${next(5, 'products')}`,
  ];
  const [pProductId, pSkuId, pMeter, pName, pCost] = [`{${first(7, 'productId')}`, next(7, 'skuId'), next(7, 'meter'), next(7, 'name'), `${next(7, 'cost')}"`];
  const [pSales, pMargin, pDetails, pEnd] = [`"${next(7, 'sales')}"`, `"${next(7, 'margin')}"`, `"${next(7, 'details')}`, `${line(6)}}`].map(utf8);
  const [dQuantity, dUnitCost, dUnitSales, dCost, dSales, dMargin] = [`${next(9, 'quantity')}"`, `"${next(9, 'unitCost')}"`, `"${next(9, 'unitSales')}"`, `"${next(9, 'cost')}"`, `"${next(9, 'sales')}"`, `"${next(9, 'margin')}"`].map(utf8);
  const [detailsOpen, detailFirst, detailNext, detailsClose] = ['[', line(8), `,${line(8)}`, `${line(7)}]`].map(utf8);
  const productFirst = utf8(line(6));
  const productNext = utf8(`,${line(6)}`);
  // A detail line's bytes up to its count of lines, by term, charge type and transaction type (a few dozen of them).
  const detailHeads = new Map<string, Map<string, Map<string, Uint8Array>>>();
  const detailHead = (detail: ReportDetail) => {
    const byChargeType = detailHeads.get(detail.term) ?? detailHeads.set(detail.term, new Map()).get(detail.term)!;
    const byType = byChargeType.get(detail.chargeType) ?? byChargeType.set(detail.chargeType, new Map()).get(detail.chargeType)!;
    let head = byType.get(detail.transactionType);
    if (head === undefined) {
      head = utf8(`{${first(9, 'chargeType')}${q(detail.chargeType)}${next(9, 'transactionType')}${q(detail.transactionType)}${next(9, 'term')}${q(detail.term)}${next(9, 'lines')}`);
      byType.set(detail.transactionType, head);
    }
    return head;
  };
  // Its bytes after the margin: the rules, one shared list per rule nearly always (buildCycle).
  const detailTails = new WeakMap<readonly string[], Uint8Array>();
  const detailTail = (rules: readonly string[]) => {
    let tail = detailTails.get(rules);
    if (tail === undefined) detailTails.set(rules, (tail = utf8(`"${next(9, 'rules')}${arrayText(rules, q, line, 10)}${line(8)}}`)));
    return tail;
  };
  const writeDetail = (detail: ReportDetail, decimals: number, out: Utf8Blocks) => {
    out.bytes(detailHead(detail));
    out.count(detail.lines);
    out.bytes(dQuantity);
    out.decimal(detail.quantity);
    const figures = figuresOfDetail(detail);
    if (figures !== null) writeFigures(figures, detail, decimals, out);
    else {
      // The unit prices' digits straight from their quotients: no Decimal made for them (a test holds them to the text
      // of unitCost and unitSales).
      out.bytes(dUnitCost);
      out.unitPrice(detail.cost, detail.quantity);
      out.bytes(dUnitSales);
      out.unitPrice(detail.sales, detail.quantity);
      out.bytes(dCost);
      out.decimal(detail.cost);
      out.bytes(dSales);
      out.fixed(detail.sales, decimals);
      out.bytes(dMargin);
      out.decimal(detail.margin);
    }
    out.bytes(detailTail(detail.rules));
  };
  // The same figures from a detail line's numbers: no Decimal made, but where a step would not stay exact.
  const writeFigures = (figures: DetailFigures, detail: ReportDetail, decimals: number, out: Utf8Blocks) => {
    const { costUnits, costScale, salesUnits, salesScale } = figures;
    out.bytes(dUnitCost);
    out.unitPriceOf(costUnits, costScale, detail.quantity);
    out.bytes(dUnitSales);
    out.unitPriceOf(salesUnits, salesScale, detail.quantity);
    out.bytes(dCost);
    out.units(costUnits, costScale);
    out.bytes(dSales);
    const sales = salesScale <= decimals && decimals <= MOST_DECIMALS ? salesUnits * pow10Double[decimals - salesScale] : NaN;
    if (Number.isSafeInteger(sales)) out.fixedUnits(sales, decimals);
    else out.fixed(detail.sales, decimals);
    out.bytes(dMargin);
    // Both at the larger scale (at most 22: the powers are exact), as Decimal's minus takes them.
    const scale = Math.max(costScale, salesScale);
    const salesAt = salesUnits * pow10Double[scale - salesScale];
    const costAt = costUnits * pow10Double[scale - costScale];
    const margin = salesAt - costAt;
    if (Number.isSafeInteger(salesAt) && Number.isSafeInteger(costAt) && Number.isSafeInteger(margin)) out.units(margin, scale);
    else out.decimal(detail.margin);
  };
  // A product's bytes up to its cost, by name (a few thousand, met in many organizations each).
  const productHeads = new Map<string, Array<{ productId: string; skuId: string; meter: string; head: Uint8Array }>>();
  const productHead = (product: ReportProduct) => {
    const { productId, skuId, meter, name } = product;
    const heads = productHeads.get(name) ?? productHeads.set(name, []).get(name)!;
    let found = heads.find((h) => h.productId === productId && h.skuId === skuId && h.meter === meter);
    if (found === undefined) heads.push((found = { productId, skuId, meter, head: utf8(`${pProductId}${q(productId)}${pSkuId}${q(skuId)}${pMeter}${q(meter)}${pName}${q(name)}${pCost}`) }));
    return found.head;
  };
  const writeProduct = (product: ReportProduct, decimals: number, out: Utf8Blocks) => {
    out.bytes(productHead(product));
    out.decimal(product.cost);
    out.bytes(pSales);
    out.fixed(product.sales, decimals);
    out.bytes(pMargin);
    out.decimal(product.margin);
    out.bytes(pDetails);
    const { details } = product;
    if (details.length === 0) out.text('[]');
    else {
      out.bytes(detailsOpen);
      for (let i = 0; i < details.length; i++) {
        out.bytes(i === 0 ? detailFirst : detailNext);
        writeDetail(details[i], decimals, out);
      }
      out.bytes(detailsClose);
    }
    out.bytes(pEnd);
  };
  const writeOrganization = (organization: ReportOrganization, decimals: number, before: string, out: Utf8Blocks) => {
    const { products } = organization;
    const { cost, sales, margin } = organization;
    out.text(`${before}${oName}${q(organization.name)}${oCustomerId}${q(organization.customerId)}${oLinked}${organization.linked}${oBillable}${organization.billable}${oCost}${cost.toString()}${oSales}${sales.toFixed(decimals)}${oMargin}${margin.toString()}${oProducts}${products.length === 0 ? '[]' : '['}`);
    for (let i = 0; i < products.length; i++) {
      out.bytes(i === 0 ? productFirst : productNext);
      writeProduct(products[i], decimals, out);
    }
    out.text(`${products.length === 0 ? '' : line(5) + ']'}${line(4)}}`);
  };
  return { writeOrganization, line };
}

const encoder = new TextEncoder();

function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Figures of more decimals are written from their text; the digits of any other fit the smallest block. */
const MOST_DECIMALS = 32;
const SMALLEST_BLOCK = 64;
const CH_0 = 48;
const CH_DOT = 46;
const CH_MINUS = 45;

/**
 * UTF-8 bytes written into blocks handed on as they fill: texts encoded, bytes encoded before copied, and numbers'
 * digits written straight, as Decimal's toString and toFixed write them.
 */
export class Utf8Blocks {
  private readonly blockBytes: number;
  private block: Uint8Array;
  private used = 0;
  /** A number's digits, last first. */
  private readonly scratch = new Uint8Array(16);

  constructor(
    private readonly writeBlock: (bytes: Uint8Array) => void,
    blockBytes: number,
  ) {
    this.blockBytes = Math.max(blockBytes, SMALLEST_BLOCK);
    this.block = new Uint8Array(this.blockBytes);
  }

  /** A text (whole characters: never half a surrogate pair). */
  text(text: string): void {
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    if (!this.room(text.length * 3)) {
      this.writeBlock(utf8(text));
      return;
    }
    this.used += encoder.encodeInto(text, this.block.subarray(this.used)).written;
  }

  bytes(bytes: Uint8Array): void {
    const length = bytes.length;
    if (!this.room(length)) {
      this.writeBlock(bytes.slice());
      return;
    }
    this.block.set(bytes, this.used);
    this.used += length;
  }

  /** A count (a whole number from 0 to 2^53), as String(count) writes it. */
  count(count: number): void {
    this.digits(count, 0, false, false);
  }

  /** As value.toString() writes it. */
  decimal(value: Decimal): void {
    const units = Number(value.units);
    if (value.scale < 0 || value.scale > MOST_DECIMALS || !Number.isSafeInteger(units)) this.text(value.toString());
    else this.digits(Math.abs(units), value.scale, units < 0, true);
  }

  /** As value.toFixed(scale) writes it. */
  fixed(value: Decimal, scale: number): void {
    const rounded = value.round(scale);
    const units = Number(rounded.units) * 10 ** (scale - rounded.scale);
    if (rounded.scale < 0 || scale > MOST_DECIMALS || !Number.isSafeInteger(units)) this.text(value.toFixed(scale));
    else this.digits(Math.abs(units), scale, units < 0, false);
  }

  /** As a unit price (report.ts perUnit: the amount per unit, at UNIT_SCALE decimals; 0 for no quantity) writes it. */
  unitPrice(amount: Decimal, quantity: Decimal): void {
    const units = Number(amount.units);
    if (Number.isSafeInteger(units)) this.unitPriceOf(units, amount.scale, quantity);
    else if (quantity.isZero()) this.count(0);
    else this.decimal(amount.dividedBy(quantity, unitScale));
  }

  /** As the Decimal of `units` (a safe integer) and `scale` (0 to MOST_DECIMALS) writes itself with toString(). */
  units(units: number, scale: number): void {
    this.digits(Math.abs(units), scale, units < 0, true);
  }

  /** As toFixed(scale) writes the Decimal of `units` (a safe integer) at `scale` (at most MOST_DECIMALS). */
  fixedUnits(units: number, scale: number): void {
    this.digits(Math.abs(units), scale, units < 0, false);
  }

  /** unitPrice of an amount given as its units (a safe integer) and scale. */
  unitPriceOf(units: number, scale: number, quantity: Decimal): void {
    if (quantity.isZero()) return this.count(0);
    const quotient = unitsQuotientOfDoubles(units, scale, quantity, unitScale);
    if (quotient === null) this.decimal(new Decimal(BigInt(units), scale).dividedBy(quantity, unitScale));
    else this.digits(Math.abs(quotient), unitScale, quotient < 0, true);
  }

  /** Hands on the bytes written since the last block. */
  end(): void {
    if (this.used === 0) return;
    this.writeBlock(this.block.subarray(0, this.used));
    this.block = new Uint8Array(this.blockBytes);
    this.used = 0;
  }

  /**
   * A whole number of `scale` decimals (`units` from 0 to 2^53), as formatUnits writes it (at least one digit before
   * the point); `trim`: without the fraction's trailing zeros, nor the point when none are left, as toString writes it.
   */
  private digits(units: number, scale: number, negative: boolean, trim: boolean): void {
    // The digits, last first, from two integers of eight digits at most (a double's % calls a C function).
    const scratch = this.scratch;
    let first = scratch.length;
    let high = Math.floor(units / 1e8);
    let low = (units - high * 1e8) | 0;
    if (high === 0) {
      do {
        scratch[--first] = CH_0 + (low % 10);
        low = (low / 10) | 0;
      } while (low > 0);
    } else {
      for (let i = 0; i < 8; i++) {
        scratch[--first] = CH_0 + (low % 10);
        low = (low / 10) | 0;
      }
      high |= 0;
      do {
        scratch[--first] = CH_0 + (high % 10);
        high = (high / 10) | 0;
      } while (high > 0);
    }
    let end = scratch.length;
    if (trim) {
      // Zero is "0" at any scale.
      if (units === 0) scale = 0;
      while (scale > 0 && scratch[end - 1] === CH_0) {
        end--;
        scale--;
      }
    }
    // Zeros before the point for a value under 1; a point only with decimals after it.
    const whole = end - first - scale;
    const size = (negative ? 1 : 0) + (whole > 0 ? whole : 1) + (scale > 0 ? scale + 1 : 0);
    // At most 16 digits, or MOST_DECIMALS and a 0, a point and a sign: within any block.
    this.room(size);
    const block = this.block;
    let at = this.used;
    if (negative) block[at++] = CH_MINUS;
    if (whole > 0) for (let i = 0; i < whole; i++) block[at++] = scratch[first++];
    else block[at++] = CH_0;
    if (scale > 0) {
      block[at++] = CH_DOT;
      for (let i = whole; i < 0; i++) block[at++] = CH_0;
      while (first < end) block[at++] = scratch[first++];
    }
    this.used = at;
  }

  /** Whether `bytes` fit a block, handing on the one in use first when they do not fit what is left of it. */
  private room(bytes: number): boolean {
    if (this.used + bytes <= this.block.length) return true;
    this.end();
    return bytes <= this.block.length;
  }
}

/** An array as JSON.stringify writes it, its items' texts given, the items at `depth`. */
function arrayText<T>(items: readonly T[], itemText: (item: T) => string, line: (depth: number) => string, depth: number): string {
  if (items.length === 0) return '[]';
  let text = '[';
  for (let i = 0; i < items.length; i++) text += `${i === 0 ? '' : ','}${line(depth)}${itemText(items[i])}`;
  return `${text}${line(depth - 1)}]`;
}
