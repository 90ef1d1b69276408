/**
 * The October 2026 test month in test/fixtures/billing: a new commerce invoice of four tenants (one not in the
 * Customers table and named "=2+5 Evil Corp", one not billable) with the CSV configuration tables beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig, type BillingConfig, type TableName } from '../../src/billing/config';
import { ReportBuilder, type BillingReport } from '../../src/billing/report';
import { readCsvTable } from '../../src/cli/config-files';
import type { ByteSource } from '../../src/import/decode';
import { ImportSession } from '../../src/import/session';

export const BILLING_FIXTURES = join(__dirname, '..', 'fixtures', 'billing');

/** File content as the import reads it: a stream of bytes (here, one chunk). */
export function byteSource(content: string | Uint8Array): ByteSource {
  return (async function* () {
    yield typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  })();
}

export function billingFixture(name: string): string {
  return join(BILLING_FIXTURES, name);
}

const CONFIG_FILES: Array<[TableName, string]> = [
  ['Settings', 'settings.csv'],
  ['Customers', 'customers.csv'],
  ['Prices', 'prices.csv'],
  ['Customer Prices', 'customer-prices.csv'],
  ['Invoices', 'invoices.csv'],
];

/** The configuration tables (settings.csv, customers.csv, ...) in a folder, read the way the command line reads them. */
export async function configIn(dir: string): Promise<BillingConfig> {
  const { config, problems } = readConfig(await Promise.all(CONFIG_FILES.map(([name, file]) => readCsvTable(name, join(dir, file)))));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return config;
}

/** The fixture configuration. */
export function fixtureConfig(): Promise<BillingConfig> {
  return configIn(BILLING_FIXTURES);
}

/** The report of fixture files under the fixture configuration. */
export async function fixtureReport(files: readonly string[] = ['nce-invoice-2026-10.csv']): Promise<BillingReport> {
  const config = await fixtureConfig();
  const session = new ImportSession();
  const builder = new ReportBuilder(config);
  for (const file of files) {
    const lines = builder.startDocument();
    const document = await session.importFile(file, byteSource(readFileSync(billingFixture(file))), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay });
    builder.addDocument(document, lines);
  }
  return builder.build();
}
