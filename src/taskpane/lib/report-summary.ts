/**
 * The report as the pane's summary shows it (worker side): per cycle the cost, sales, margin and whether the
 * invoices tie to Microsoft's totals, plus the lists the user acts on. Plain data (see worker-protocol.ts).
 */
import { minorUnits } from '../../billing/currency';
import { formatIsoDate } from '../../billing/dates';
import { Decimal } from '../../billing/decimal';
import type { BillingReport } from '../../billing/report';
import { amountView, type CycleSummary, type ReportSummary } from '../../import/worker-protocol';

const HUNDRED = Decimal.fromInt(100);

/** Margin over the sales' size in percent (signed like the margin) with one decimal, rounded half away from zero; null without sales. */
export function marginPercent(margin: Decimal, sales: Decimal): string | null {
  if (sales.isZero()) return null;
  return margin.times(HUNDRED).dividedBy(sales.abs(), 6).round(1).toFixed(1);
}

export function summarizeReport(report: BillingReport): ReportSummary {
  const r = report.reconciliation;
  const cycles: CycleSummary[] = report.cycles.map((cycle) => {
    const decimals = minorUnits(cycle.currency);
    const check = r.cycles.find((c) => c.cycleMonth === cycle.cycle.month && c.currency === cycle.currency);
    const invoices = r.invoices.filter((i) => i.cycleMonth === cycle.cycle.month && i.currency === cycle.currency);
    return {
      month: cycle.cycle.month,
      start: formatIsoDate(cycle.cycle.start),
      end: formatIsoDate(cycle.cycle.end),
      reportDate: formatIsoDate(cycle.cycle.reportDate),
      currency: cycle.currency,
      documents: [...cycle.documents],
      organizations: cycle.organizations.length,
      cost: amountView(cycle.cost, cycle.currency),
      sales: amountView(cycle.sales, cycle.currency),
      margin: amountView(cycle.margin, cycle.currency),
      marginPercent: marginPercent(cycle.margin, cycle.sales),
      reconciliation: {
        status: check?.status ?? 'no Microsoft total',
        // Each invoice rounded as Microsoft's invoice shows it, as the difference is worked out.
        invoicesTotal: amountView(Decimal.sum(invoices.map((invoice) => invoice.total.round(decimals))), cycle.currency),
        microsoftTotal: check?.microsoftTotal?.toFixed(decimals) ?? null,
        difference: check?.difference?.toFixed(decimals) ?? null,
        missingInvoices: [...(check?.missingInvoices ?? [])],
      },
      invoices: invoices.map((invoice) => ({
        invoiceNumber: invoice.invoiceNumber,
        files: [...invoice.files],
        currency: invoice.currency,
        lines: invoice.lines,
        total: amountView(invoice.total, invoice.currency),
        microsoftTotal: invoice.microsoftTotal?.toFixed(decimals) ?? null,
        difference: invoice.difference?.toFixed(decimals) ?? null,
        status: invoice.status,
        statusText: invoice.statusText,
      })),
    };
  });
  return {
    cycles,
    unlinkedCustomers: r.unlinkedTenants.map((tenant) => ({ customerId: tenant.customerId, name: tenant.name, lines: tenant.lines, cost: amountView(tenant.cost, tenant.currency) })),
    unpricedProducts: r.unpricedProducts.map((product) => ({
      productId: product.productId,
      skuId: product.skuId,
      name: product.name,
      lines: product.lines,
      customers: product.customers,
      cost: amountView(product.cost, product.currency),
    })),
    outsideRange: r.outsideRange.map((entry) => ({ file: entry.file, cycleMonth: entry.cycleMonth })),
    failedFiles: [...r.failedFiles],
    duplicates: r.duplicates.map((d) => ({ file: d.file, lines: d.lines, wholeFile: d.wholeFile, duplicateOf: [...d.duplicateOf] })),
    warnings: [...r.warnings],
  };
}
