import { minorUnits } from './currency';
import { formatIsoDate } from './dates';
import type { Decimal } from './decimal';
import type { BillingReport, ReportDetail, ReportOrganization, ReportProduct } from './report';

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

/**
 * Writes the same text as JSON.stringify(reportToJson(report), null, indent), an organization at a time: a report of
 * hundreds of thousands of detail lines never exists as one string or one tree of JSON objects.
 */
export function writeReportJson(report: BillingReport, write: (text: string) => void, indent = 2): void {
  const skeleton = JSON.stringify(reportToJson(report, 'placeholders'), null, indent);
  const { writeOrganization, line } = organizationWriter(indent);
  let at = 0;
  report.cycles.forEach((cycle, index) => {
    const marker = JSON.stringify(placeholder(index));
    const found = skeleton.indexOf(marker, at);
    write(skeleton.slice(at, found));
    at = found + marker.length;
    if (cycle.organizations.length === 0) {
      write('[]');
      return;
    }
    const money = moneyIn(cycle.currency);
    write('[');
    cycle.organizations.forEach((organization, i) => {
      writeOrganization(organization, money, `${i === 0 ? '' : ','}${line(4)}`, write);
    });
    write(`${line(3)}]`);
  });
  write(skeleton.slice(at));
}

/**
 * An organization's text as JSON.stringify(organizationJson(organization, money), null, indent) writes it inside four
 * arrays (report → cycles → cycle → organizations), made directly: an object tree per organization stringified
 * took as long again as the report's figures did to be worked out.
 */
function organizationWriter(indent: number): { writeOrganization: (organization: ReportOrganization, money: (value: Decimal) => string, before: string, write: (text: string) => void) => void; line: (depth: number) => string } {
  // JSON.stringify's own indent: a whole number of spaces, at most 10.
  const gap = ' '.repeat(Math.min(10, Math.max(0, Math.trunc(indent))));
  const lines = Array.from({ length: 12 }, (_, depth) => (gap === '' ? '' : `\n${gap.repeat(depth)}`));
  const line = (depth: number) => lines[depth];
  // A property's name at a depth: the first of its object, and any after it.
  const first = (depth: number, name: string) => `${line(depth)}${JSON.stringify(name)}${gap === '' ? ':' : ': '}`;
  const next = (depth: number, name: string) => `,${first(depth, name)}`;
  const q = (text: string) => JSON.stringify(text);

  // The organization's object is at depth 4, its products' at 6, their detail lines' at 8. Each constant below runs
  // from one value to the next, quotes and all: text joined from fewer pieces is quicker to make and to read out.
  const [oName, oCustomerId, oLinked, oBillable, oCost, oSales, oMargin, oProducts] = [
    `{${first(5, 'name')}`, next(5, 'customerId'), next(5, 'linked'), next(5, 'billable'), `${next(5, 'cost')}"`, `"${next(5, 'sales')}"`, `"${next(5, 'margin')}"`, `"${next(5, 'products')}`,
  ];
  const [pProductId, pSkuId, pMeter, pName, pCost, pSales, pMargin, pDetails] = [
    `{${first(7, 'productId')}`, next(7, 'skuId'), next(7, 'meter'), next(7, 'name'), `${next(7, 'cost')}"`, `"${next(7, 'sales')}"`, `"${next(7, 'margin')}"`, `"${next(7, 'details')}`,
  ];
  const [dQuantity, dUnitCost, dUnitSales, dCost, dSales, dMargin] = [`${next(9, 'quantity')}"`, `"${next(9, 'unitCost')}"`, `"${next(9, 'unitSales')}"`, `"${next(9, 'cost')}"`, `"${next(9, 'sales')}"`, `"${next(9, 'margin')}"`];
  // A detail line's text up to its count of lines, by term, charge type and transaction type (a few dozen of them).
  const detailHeads = new Map<string, Map<string, Map<string, string>>>();
  const detailHead = (detail: ReportDetail) => {
    const byChargeType = detailHeads.get(detail.term) ?? detailHeads.set(detail.term, new Map()).get(detail.term)!;
    const byType = byChargeType.get(detail.chargeType) ?? byChargeType.set(detail.chargeType, new Map()).get(detail.chargeType)!;
    let head = byType.get(detail.transactionType);
    if (head === undefined) {
      head = oneByte(`{${first(9, 'chargeType')}${q(detail.chargeType)}${next(9, 'transactionType')}${q(detail.transactionType)}${next(9, 'term')}${q(detail.term)}${next(9, 'lines')}`);
      byType.set(detail.transactionType, head);
    }
    return head;
  };
  // Its text after the margin: the rules, one shared list per rule nearly always (buildCycle).
  const detailTails = new WeakMap<readonly string[], string>();
  const detailTail = (rules: readonly string[]) => {
    let tail = detailTails.get(rules);
    if (tail === undefined) detailTails.set(rules, (tail = oneByte(`"${next(9, 'rules')}${arrayText(rules, q, line, 10)}${line(8)}}`)));
    return tail;
  };

  // One template, not an array of its pieces joined: no array and no flat copy per detail line (4 % of the JSON's CPU
  // on a million-line file); the organization's text is flattened once, where the caller reads it.
  const detailText = (detail: ReportDetail, money: (value: Decimal) => string) =>
    `${detailHead(detail)}${detail.lines}${dQuantity}${detail.quantity.toString()}${dUnitCost}${detail.unitCost.toString()}${dUnitSales}${detail.unitSales.toString()}${dCost}${detail.cost.toString()}${dSales}${money(detail.sales)}${dMargin}${detail.margin.toString()}${detailTail(detail.rules)}`;
  // A product's text up to its cost, by name (a few thousand, met in many organizations each).
  const productHeads = new Map<string, Array<{ productId: string; skuId: string; meter: string; head: string }>>();
  const productHead = (product: ReportProduct) => {
    const { productId, skuId, meter, name } = product;
    const heads = productHeads.get(name) ?? productHeads.set(name, []).get(name)!;
    let found = heads.find((h) => h.productId === productId && h.skuId === skuId && h.meter === meter);
    if (found === undefined) heads.push((found = { productId, skuId, meter, head: oneByte(`${pProductId}${q(productId)}${pSkuId}${q(skuId)}${pMeter}${q(meter)}${pName}${q(name)}${pCost}`) }));
    return found.head;
  };
  const productBody = (product: ReportProduct, money: (value: Decimal) => string) =>
    `${product.cost.toString()}${pSales}${money(product.sales)}${pMargin}${product.margin.toString()}${pDetails}${arrayText(product.details, (detail) => detailText(detail, money), line, 8)}${line(6)}}`;
  // An organization is written in pieces, each product's name apart from its figures: a name with a wider character
  // ("Tables – LRS") makes the text holding it two bytes a character, and the figures, most of the text, stay one byte.
  const writeOrganization = (organization: ReportOrganization, money: (value: Decimal) => string, before: string, write: (text: string) => void) => {
    const { products } = organization;
    write(`${before}${oName}${q(organization.name)}${oCustomerId}${q(organization.customerId)}${oLinked}${organization.linked}${oBillable}${organization.billable}${oCost}${organization.cost.toString()}${oSales}${money(organization.sales)}${oMargin}${organization.margin.toString()}${oProducts}${products.length === 0 ? '[]' : '['}`);
    for (let i = 0; i < products.length; i++) {
      write(`${i === 0 ? '' : ','}${line(6)}${productHead(products[i])}`);
      write(productBody(products[i], money));
    }
    write(`${products.length === 0 ? '' : line(5) + ']'}${line(4)}}`);
  };
  return { writeOrganization, line };
}

/**
 * The text held one byte a character where all its characters fit one. A name cut from a line holding a wider character
 * ("Tables – LRS") is held two bytes a character, though its own all fit one, and so is every text joined with it: a
 * detail line's text made from such a charge type doubled the bytes of most organizations' texts, to be copied when
 * joined and read when encoded as UTF-8. For texts made once and written many times.
 */
function oneByte(text: string): string {
  if (text.length > ONE_BYTE_MOST) return text;
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    codes.push(code);
  }
  return String.fromCharCode(...codes);
}

/** Longer texts are left as they are: each character is an argument of fromCharCode. */
const ONE_BYTE_MOST = 10_000;

/** An array as JSON.stringify writes it, its items' texts given, the items at `depth`. */
function arrayText<T>(items: readonly T[], itemText: (item: T) => string, line: (depth: number) => string, depth: number): string {
  if (items.length === 0) return '[]';
  let text = '[';
  for (let i = 0; i < items.length; i++) text += `${i === 0 ? '' : ','}${line(depth)}${itemText(items[i])}`;
  return `${text}${line(depth - 1)}]`;
}
