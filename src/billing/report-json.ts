import { minorUnits } from './currency';
import { formatIsoDate } from './dates';
import type { Decimal } from './decimal';
import type { BillingReport, ReportOrganization } from './report';

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
  // Organizations sit at depth 4 (report → cycles → cycle → organizations → organization).
  const pad = (depth: number) => (indent > 0 ? `\n${' '.repeat(indent * depth)}` : '');
  // An organization stringified inside four arrays comes out indented for depth 4: no second pass to indent it (a
  // replace over every line of 287 MB of JSON). JSON.stringify indents by at most 10 spaces, pad() by any number.
  const frame = JSON.stringify([[[[0]]]], null, indent);
  const [before, after] = [frame.indexOf('0'), frame.length - frame.indexOf('0') - 1];
  const atDepth4 = (value: unknown) => {
    if (indent > 10) return JSON.stringify(value, null, indent).replace(/\n/g, pad(4));
    const text = JSON.stringify([[[[value]]]], null, indent);
    return text.slice(before, text.length - after);
  };
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
      write(`${i === 0 ? '' : ','}${pad(4)}${atDepth4(organizationJson(organization, money))}`);
    });
    write(`${pad(3)}]`);
  });
  write(skeleton.slice(at));
}
