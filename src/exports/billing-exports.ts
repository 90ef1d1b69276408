import { minorUnits } from '../billing/currency';
import { formatIsoDate } from '../billing/dates';
import type { Decimal } from '../billing/decimal';
import type { BillingReport } from '../billing/report';
import { statementDetails, statementKind, statementProductNames, statementUnitPrice, statementUnits } from '../billing/statement-detail';
import { amount, csvBlocks, toCsv, type CsvOptions, type CsvValue } from './csv';

/** The billing-platform export's columns (the CSV and the task pane's export sheet share them). */
export const BILLING_EXPORT_COLUMNS = [
  'Billing date',
  'Cycle start',
  'Cycle end',
  'Customer ID',
  'Organization',
  'Linked',
  'Billable',
  'Product ID',
  'SKU ID',
  'Product',
  'Transaction type',
  'Charge type',
  'Term',
  'Quantity',
  'Unit cost',
  'Unit price',
  'Cost',
  'Sales',
  'Margin',
  'Currency',
  'Price rule',
] as const;

/** One row per customer invoice line (the report's detail lines), with cost and margin, for the partner's systems. */
export function billingCsv(report: BillingReport, options: CsvOptions = {}): string {
  return [...billingCsvBlocks(report, options)].join('');
}

/** billingCsv's text in blocks of about a megabyte, for the command line to write as it is made. */
export function billingCsvBlocks(report: BillingReport, options: CsvOptions = {}): Generator<string> {
  return csvBlocks(BILLING_EXPORT_COLUMNS, billingCsvRows(report, options), options);
}

function* billingCsvRows(report: BillingReport, options: CsvOptions): Generator<CsvValue[]> {
  for (const cycle of report.cycles) {
    const decimals = minorUnits(cycle.currency);
    for (const organization of cycle.organizations) {
      for (const product of organization.products) {
        for (const detail of product.details) {
          const units = statementUnits(detail);
          yield [
            formatIsoDate(cycle.cycle.reportDate),
            formatIsoDate(cycle.cycle.start),
            formatIsoDate(cycle.cycle.end),
            organization.customerId,
            organization.name,
            organization.linked,
            organization.billable,
            product.productId,
            product.skuId,
            product.name,
            detail.transactionType,
            detail.chargeType,
            detail.term,
            amount(units.quantity.toString()),
            amount(exact(units.unitCost, decimals)),
            // The price a billing platform multiplies back to the amount, as on the customer's files.
            amount(statementUnitPrice(detail.sales, units.quantity, decimals).text),
            amount(exact(detail.cost, decimals)),
            amount(detail.sales.toFixed(decimals)),
            amount(exact(detail.margin, decimals)),
            cycle.currency,
            // The prices a rule names, written as the file's amounts are ("price list 4,9" beside "26,40").
            options.decimalComma ?? options.delimiter === ';' ? detail.rules.join('; ').replace(/(\d)\.(\d)/g, '$1,$2') : detail.rules.join('; '),
          ];
        }
      }
    }
  }
}

/** An exact amount with at least the currency's decimals, as a billing platform reads money: 144.00, -51.30, 0.000071. */
function exact(value: Decimal, decimals: number): string {
  const text = value.toString();
  const dot = text.indexOf('.');
  // Fewer decimals than the currency's: padded, which rounds nothing.
  return (dot < 0 ? 0 : text.length - dot - 1) >= decimals ? text : value.toFixed(decimals);
}

/** The customer on every row: a file attached to a mail or renamed still says whose it is. */
const CUSTOMER_HEADER = ['Customer', 'Customer ID', 'Billing date', 'Period', 'Product', 'Detail', 'Quantity', 'Unit price', 'Amount', 'Currency'];

interface CustomerFile {
  fileName: string;
  organization: string;
  customerId: string;
  content: string;
}

/**
 * One file per billable organization and cycle with what the customer sees: no cost and no margin anywhere.
 * The last row is the total, the sum of the rounded amounts above it.
 */
export function customerCsvs(report: BillingReport, options: CsvOptions = {}): CustomerFile[] {
  const files: CustomerFile[] = [];
  const used = new Set<string>();
  // A report in two currencies names the currency on every file, not on those of whichever sorts second.
  const mixed = new Set(report.cycles.map((cycle) => cycle.currency)).size > 1;
  // Tenants whose names make one file name (one name, or names differing in case or in characters a file name cannot
  // hold) each get their Customer ID in it, in every cycle: the plain name would be one tenant's file this month and
  // the other's the next, whichever sorts first, and is easily sent to the wrong one.
  const tenantsOfName = new Map<string, Set<string>>();
  for (const cycle of report.cycles) {
    for (const organization of cycle.organizations) {
      if (!organization.billable) continue;
      const key = safeFileName(organization.name).toLowerCase();
      tenantsOfName.set(key, (tenantsOfName.get(key) ?? new Set()).add(organization.customerId));
    }
  }
  for (const cycle of report.cycles) {
    const decimals = minorUnits(cycle.currency);
    const billingDate = formatIsoDate(cycle.cycle.reportDate);
    const period = `${formatIsoDate(cycle.cycle.start)} to ${formatIsoDate(cycle.cycle.end)}`;
    for (const organization of cycle.organizations) {
      if (!organization.billable) continue;
      const rows: CsvValue[][] = [];
      const productNames = statementProductNames(organization.products);
      organization.products.forEach((product, p) => {
        const labels = statementDetails(product.details);
        product.details.forEach((detail, i) => {
          const customer = [organization.name, organization.customerId];
          const { quantity } = statementUnits(detail);
          rows.push([...customer, billingDate, period, productNames[p], labels[i], amount(quantity.toString()), amount(statementUnitPrice(detail.sales, quantity, decimals).text), amount(detail.sales.toFixed(decimals)), cycle.currency]);
        });
      });
      // A total that gives money back is a credit note's, as on the Customer Statements.
      rows.push([organization.name, organization.customerId, '', '', statementKind(organization.sales).total, '', null, null, amount(organization.sales.toFixed(decimals)), cycle.currency]);
      // A tenant not linked in the Customers table is a draft: its file says so before anyone sends it.
      const draft = organization.linked ? '' : ' (not linked)';
      const name = safeFileName(organization.name);
      const start = `${cycle.cycle.month} ${name}${mixed ? ` ${cycle.currency}` : ''}${draft}`;
      const shared = tenantsOfName.get(name.toLowerCase())!.size > 1;
      let fileName = shared ? `${start} ${organization.customerId.slice(0, 8)}.csv` : `${start}.csv`;
      // Windows and macOS file names ignore case; two ids may begin alike: the whole id tells them apart.
      if (used.has(fileName.toLowerCase())) fileName = `${start} ${safeFileName(organization.customerId)}.csv`;
      used.add(fileName.toLowerCase());
      files.push({ fileName, organization: organization.name, customerId: organization.customerId, content: toCsv(CUSTOMER_HEADER, rows, options) });
    }
  }
  return files;
}

function safeFileName(name: string): string {
  // One form of accented letters (NFC): "Café" typed two ways is one file name on macOS, and looks like one anywhere.
  const printable = [...name.normalize('NFC')].map((c) => (c.charCodeAt(0) < 32 ? ' ' : c)).join('');
  return printable.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80).replace(/[. ]+$/, '') || 'customer';
}
