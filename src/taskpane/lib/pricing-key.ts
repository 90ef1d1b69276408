/**
 * What the report collectors of an imported file depend on (worker side). Lines are priced as they stream by
 * (ReportBuilder.startDocument binds the price lists and the Customers table). While this key is unchanged, Refresh
 * reuses the collectors and reads no file again; when it changed (a price edited, a customer linked), the files are
 * read again under the new configuration.
 *
 * Left out on purpose: organization names (the report names organizations from the configuration at build time),
 * the cycle end day and the Invoices table (billing dates and cycles: the worker dates its files again when the
 * tables change, and Microsoft totals apply at build time) and where a row sits in its table.
 */
import { idKey, type BillingConfig, type PriceMethod } from '../../billing/config';

function method(m: PriceMethod): unknown[] {
  switch (m.kind) {
    case 'listed':
      return ['listed'];
    case 'fixed':
      return ['fixed', m.price.toString()];
    case 'markup':
      return ['markup', m.percent.toString()];
    case 'margin':
      return ['margin', m.percent.toString()];
    case 'retail':
      return ['retail', m.retailPrice?.toString() ?? null, m.discountPercent.toString()];
  }
}

export function pricingKey(config: BillingConfig): string {
  const { settings } = config;
  return JSON.stringify([
    settings.defaultMarkupPercent.toString(),
    settings.currency,
    settings.promotions,
    [...config.customers.values()].map((c) => [idKey(c.customerId), c.markupPercent?.toString() ?? null, c.billable]).sort(compareRows),
    config.prices.map((p) => [idKey(p.productId), idKey(p.skuId), p.term, p.billingPlan, method(p.method)]),
    config.customerPrices.map((p) => [idKey(p.customerId), idKey(p.productId), idKey(p.skuId), method(p.method)]),
  ]);
}

function compareRows(a: unknown[], b: unknown[]): number {
  return String(a[0]).localeCompare(String(b[0]));
}
