/**
 * Configuration tables written as CSV text, minimal imported documents, and a report built straight from lines:
 * what billing unit tests need without reading files.
 */
import Papa from 'papaparse';
import { readConfig, type BillingConfig, type ConfigTable, type TableName } from '../../src/billing/config';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { ReportBuilder, type BillingReport, type ReportScope } from '../../src/billing/report';
import { emptyDocument, type ImportedDocument } from '../../src/import/import-file';

export type TableTexts = Partial<Record<TableName, string>>;

/** A configuration table from CSV text (header first), named as the command line names a table read from a file. */
export function configTable(name: TableName, csv: string, source = `${name.toLowerCase().replace(' ', '-')}.csv (${name} table)`): ConfigTable {
  const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = parsed.data;
  return { name, header: header.map((h) => h.trim()), rows, firstRow: 2, source };
}

export function tablesOf(texts: TableTexts): ConfigTable[] {
  return (Object.entries(texts) as Array<[TableName, string]>).map(([name, csv]) => configTable(name, csv));
}

/** The problems readConfig finds, as the one-line messages the accountant sees. */
export function problemsOf(texts: TableTexts): string[] {
  return readConfig(tablesOf(texts)).problems.map(String);
}

/** A configuration that must read cleanly. */
export function configOf(texts: TableTexts = {}): BillingConfig {
  const { config, problems } = readConfig(tablesOf(texts));
  if (problems.length > 0) throw new Error(`configuration problems:\n${problems.join('\n')}`);
  return config;
}

/** An imported new commerce file that read cleanly, billed on `billingDate` (default October 31, 2026). */
export function importedDocument(overrides: Partial<ImportedDocument> = {}): ImportedDocument {
  return {
    ...emptyDocument('october.csv'),
    status: 'imported',
    format: 'nce-invoice',
    formatLabel: 'New commerce invoice reconciliation',
    container: 'csv',
    delimiter: ',',
    billingDate: Date.UTC(2026, 9, 31),
    inferredBillingDate: Date.UTC(2026, 9, 31),
    billingDateRule: 'test',
    ...overrides,
  };
}

export interface DocumentInput {
  document?: Partial<ImportedDocument>;
  lines: readonly BillingLine[];
}

/**
 * The report of some imported files, each given as its lines (fed one by one into the document's collector, as the
 * import does, each marked as read from that file) and what differs from a plain imported file. The document's invoice numbers, currencies, counts and
 * cost totals follow from its lines unless given.
 */
export function reportOf(config: BillingConfig, documents: readonly DocumentInput[], scope?: ReportScope): BillingReport {
  const builder = new ReportBuilder(config, scope);
  documents.forEach(({ document = {}, lines: given }, i) => {
    const fileName = document.fileName ?? `file-${i + 1}.csv`;
    const lines = given.map((line) => ({ ...line, sourceFile: fileName }));
    const collector = builder.startDocument();
    for (const line of lines) collector.add(line);
    const costTotal: Record<string, Decimal> = {};
    for (const line of lines) costTotal[line.currency] = (costTotal[line.currency] ?? Decimal.ZERO).plus(line.cost);
    builder.addDocument(
      importedDocument({
        fileName,
        invoiceNumbers: [...new Set(lines.map((l) => l.invoiceNumber).filter(Boolean))].sort(),
        currencies: Object.keys(costTotal).sort(),
        rowCount: lines.length,
        lineCount: lines.length,
        costTotal,
        ...document,
      }),
      collector,
    );
  });
  return builder.build();
}
