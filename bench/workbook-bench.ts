/**
 * Workbook output: the layout (src/workbook) and the .xlsx (src/xlsx) for a report of 100,000 Billing Lines
 * rows. The lines are generated and fed straight into ReportBuilder (keepLines), so the figures are the layout and
 * the writer alone, not the import: 2,000 customers × 10 products × 5 lines (a cycle fee, seats added and removed, a
 * renewal and a second subscription), each its own Billing Lines row.
 *
 * Env: BENCH_WORKBOOK_CUSTOMERS (default 2,000). Run alone: npx tsx bench/workbook-bench.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig, type ConfigTable } from '../src/billing/config';
import { Decimal } from '../src/billing/decimal';
import type { BillingLine, TransactionType } from '../src/billing/line';
import { ReportBuilder, type BillingReport } from '../src/billing/report';
import type { ImportedDocument } from '../src/import/import-file';
import { buildWorkbookLayout } from '../src/workbook/build-layout';
import { ALL_CAPABILITIES } from '../src/excel/capabilities';
import { writeWorkbook } from '../src/excel/write-workbook';
import { writeLayoutToXlsxFile } from '../src/xlsx/write-layout';
import { FakeExcel } from '../test/fake-excel/fake-excel';
import { envInt, MiB } from './util';

const PRODUCTS = 10;
const DAY = 86_400_000;

function guid(n: number, kind: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

interface LineShape {
  chargeType: string;
  transactionType: TransactionType;
  sign: 1 | -1;
  /** Days of the charge period from Oct 5; fewer than 31 is a prorated period. */
  days: number;
  subscription: number;
}

const SHAPES: LineShape[] = [
  { chargeType: 'cycleCharge', transactionType: 'cycle fee', sign: 1, days: 31, subscription: 0 },
  { chargeType: 'addQuantity', transactionType: 'pro-rated charge', sign: 1, days: 16, subscription: 0 },
  { chargeType: 'addQuantity', transactionType: 'refund', sign: -1, days: 16, subscription: 0 },
  { chargeType: 'renew', transactionType: 'cycle fee', sign: 1, days: 31, subscription: 1 },
  { chargeType: 'cycleCharge', transactionType: 'cycle fee', sign: 1, days: 31, subscription: 2 },
];

function configuration(customers: number) {
  const table = (name: ConfigTable['name'], header: string[], rows: string[][]): ConfigTable => ({ name, header, rows, firstRow: 2, source: `bench ${name}` });
  const customerRows = Array.from({ length: customers }, (_, c) => [guid(c, 1), `Customer ${String(c).padStart(5, '0')} Ltd`, c % 7 === 0 ? '12' : '', c % 97 === 0 ? 'No' : 'Yes']);
  const priceRows = Array.from({ length: PRODUCTS - 2 }, (_, p) => [`CFQ7TTC0P${String(p).padStart(3, '0')}`, '0001', `Product ${p}`, '', '', p % 2 === 0 ? `${(10 + p * 3.5).toFixed(2)}` : '', p % 2 === 0 ? '' : '15', '', '', '']);
  const { config, problems } = readConfig([
    table('Settings', ['Setting', 'Value'], [['Cycle end day', 'last'], ['Default markup %', '8'], ['Currency', 'USD']]),
    table('Customers', ['Customer ID', 'Organization', 'Markup %', 'Billable'], customerRows),
    table('Prices', ['Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'], priceRows),
  ]);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return config;
}

function document(lines: number, cost: Decimal): ImportedDocument {
  return {
    fileName: 'generated.csv',
    status: 'imported',
    format: 'nce-invoice',
    formatLabel: 'New commerce invoice reconciliation',
    container: 'csv',
    compressed: false,
    delimiter: ',',
    invoiceNumbers: ['G900000001'],
    currencies: ['USD'],
    rowCount: lines,
    lineCount: lines,
    duplicateLines: 0,
    costTotal: { USD: cost },
    duplicateCost: {},
    contentHash: '',
    firstChargeStart: Date.UTC(2026, 9, 5),
    lastChargeStart: Date.UTC(2026, 9, 20),
    billingDate: Date.UTC(2026, 9, 31),
    inferredBillingDate: Date.UTC(2026, 9, 31),
    billingDateRule: 'bench',
    billingDateOverridden: false,
    billingDateEvidence: null,
    duplicateOf: [],
    warnings: [],
    problem: '',
    moreProblems: 0,
  };
}

/** A report of customers × 10 products × 5 lines, built the way the import feeds the builder. */
export function generatedReport(customers: number): { report: BillingReport; config: ReturnType<typeof configuration>; documents: ImportedDocument[]; lines: number } {
  const config = configuration(customers);
  const builder = new ReportBuilder(config, { months: null, keepLines: true });
  const collector = builder.startDocument();
  let count = 0;
  let cost = Decimal.ZERO;
  for (let c = 0; c < customers; c++) {
    for (let p = 0; p < PRODUCTS; p++) {
      const unitPrice = Decimal.parse((4 + p * 3.25).toFixed(2));
      for (const shape of SHAPES) {
        const quantity = Decimal.fromInt(1 + ((c + p + shape.subscription) % 25));
        const full = unitPrice.times(quantity);
        const lineCost = (shape.days === 31 ? full : full.times(Decimal.fromInt(shape.days)).dividedBy(Decimal.fromInt(31), 2)).times(Decimal.fromInt(shape.sign));
        const start = Date.UTC(2026, 9, 5) + (31 - shape.days) * DAY;
        const line: BillingLine = {
          format: 'nce-invoice',
          customerId: guid(c, 1),
          customerName: `Customer ${c}`,
          customerDomain: `customer${c}.onmicrosoft.com`,
          invoiceNumber: 'G900000001',
          subscriptionId: guid(c * 100 + p * 10 + shape.subscription, 2),
          subscriptionDescription: `Product ${p} subscription ${shape.subscription + 1}`,
          productId: `CFQ7TTC0P${String(p).padStart(3, '0')}`,
          skuId: '0001',
          productName: `Product ${p}`,
          skuName: `Product ${p}`,
          offerId: '',
          term: 'One-Year commitment for monthly billing',
          billingFrequency: 'Monthly',
          chargeType: shape.chargeType,
          transactionType: shape.transactionType,
          chargeStart: start,
          chargeEnd: Date.UTC(2026, 10, 4),
          orderDate: start,
          subscriptionStart: Date.UTC(2026, 3, 5),
          subscriptionEnd: Date.UTC(2027, 3, 4),
          quantity,
          unitPrice,
          effectiveUnitPrice: unitPrice,
          cost: lineCost,
          tax: Decimal.ZERO,
          total: lineCost,
          currency: 'USD',
          pricingCurrency: 'USD',
          exchangeRate: Decimal.ONE,
          referenceId: '',
          orderId: '',
          unit: 'Licenses',
          meter: '',
          promotionId: '',
          benefit: '',
          sourceFile: 'generated.csv',
          sourceRow: count + 2,
        };
        collector.add(line);
        cost = cost.plus(lineCost);
        count++;
      }
    }
  }
  const documents = [document(count, cost)];
  builder.addDocument(documents[0], collector);
  return { report: builder.build(), config, documents, lines: count };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Printable lines: rows per sheet, seconds for the layout and the .xlsx, the file's size. */
export async function workbookBench(): Promise<string[]> {
  const customers = envInt('BENCH_WORKBOOK_CUSTOMERS', 2_000);
  const out: string[] = [];
  let start = process.hrtime.bigint();
  const { report, config, documents, lines } = generatedReport(customers);
  const reportSeconds = seconds(start);
  const rows = report.cycles.reduce((n, c) => n + c.lines.length, 0);

  start = process.hrtime.bigint();
  const layout = buildWorkbookLayout(report, { config, documents });
  const layoutSeconds = seconds(start);

  const dir = mkdtempSync(path.join(tmpdir(), 'csp-billing-bench-'));
  const file = path.join(dir, 'report.xlsx');
  try {
    start = process.hrtime.bigint();
    await writeLayoutToXlsxFile(layout, file);
    const writeSeconds = seconds(start);
    const bytes = statSync(file).size;
    const heap = process.memoryUsage();
    out.push(`${customers.toLocaleString('en-US')} customers × ${PRODUCTS} products × ${SHAPES.length} lines = ${lines.toLocaleString('en-US')} lines → ${rows.toLocaleString('en-US')} Billing Lines rows`);
    for (const sheet of layout.sheets) {
      const fallback = sheet.pivots.reduce((n, pivot) => n + pivot.fallback.length, 0);
      out.push(`  ${sheet.name.padEnd(20)} ${sheet.rows.length.toLocaleString('en-US').padStart(9)} rows${fallback > 0 ? ` + ${fallback.toLocaleString('en-US')} pivot fallback rows` : ''}`);
    }
    out.push(`report (ReportBuilder, keepLines)  ${reportSeconds.toFixed(2)} s`);
    out.push(`layout (buildWorkbookLayout)       ${layoutSeconds.toFixed(2)} s`);
    out.push(`.xlsx (writeLayoutToXlsxFile)     ${writeSeconds.toFixed(2)} s, ${(bytes / MiB).toFixed(1)} MB`);
    out.push(`layout + .xlsx                     ${(layoutSeconds + writeSeconds).toFixed(2)} s; heap ${(heap.heapUsed / MiB).toFixed(0)} MB, RSS ${(heap.rss / MiB).toFixed(0)} MB at the end`);
    if (layout.notes.length > 0) out.push(...layout.notes.map((note) => `note: ${note}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The same layout through the office-js writer, against the fake Excel (Excel's own time is not measured here).
  const fake = new FakeExcel();
  start = process.hrtime.bigint();
  const written = await writeWorkbook(fake.context(), layout, { capabilities: ALL_CAPABILITIES });
  const officeSeconds = seconds(start);
  const largest = fake.stats.largestRequestBytes;
  out.push(
    `office-js writer (fake Excel)      ${officeSeconds.toFixed(2)} s, ${written.syncs} syncs, largest request ${(largest / MiB).toFixed(2)} MB ` +
      `${largest <= 2_000_000 ? 'ok' : 'MISS'} (target ≤ 2 MB), ${(fake.stats.totalRequestBytes / MiB).toFixed(1)} MB in all (${Math.round(fake.stats.totalRequestBytes / written.syncs / 1024)} kB per sync)`,
  );
  return out;
}

if (require.main === module) {
  workbookBench().then(
    (lines) => console.log(lines.join('\n')),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
