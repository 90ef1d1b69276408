/**
 * Microsoft bills Azure plan usage in two files: by meter for the month in the invoice file, and by day in the daily
 * usage file of the same invoice. Imported together, the same usage would be billed twice. A daily file whose
 * invoices' usage is all in invoice files of the report, to the cent or so, is left out (the invoice file's lines tie
 * to the invoice); one that holds more (another invoice's usage as well, or usage an edited invoice file lacks) is
 * billed, and said to bill some usage twice.
 */
import { idKey } from './config';
import { minorUnits } from './currency';
import { Decimal } from './decimal';
import type { DocumentLines } from './report';
import type { ImportedDocument } from '../import/import-file';

/** ROUNDDOWN(ROUNDDOWN(price × quantity, 2) × rate, 2): a meter's monthly line is under two cents below its days'. */
const ROUNDING_PER_METER = new Decimal(2n, 2);

interface Usage {
  cost: Map<string, Decimal>;
  lines: number;
}

/** leftOut: the daily files left out, each with the invoice files that bill its usage. */
export function usageInTwoFiles(accepted: ReadonlyArray<{ document: ImportedDocument; lines: DocumentLines }>): { leftOut: Map<ImportedDocument, string[]>; warnings: string[] } {
  const leftOut = new Map<ImportedDocument, string[]>();
  const warnings: string[] = [];
  const daily = accepted.filter(({ document }) => document.format === 'nce-daily-usage' && document.invoiceNumbers.length > 0);
  if (daily.length === 0) return { leftOut, warnings };
  // By invoice, the invoice files that bill its usage by meter; by file, that usage.
  const filesOf = new Map<string, string[]>();
  const usageOf = new Map<string, Usage>();
  for (const { document, lines } of accepted) {
    if (document.format !== 'nce-invoice') continue;
    const usage = usageIn(lines);
    if (usage.lines === 0) continue;
    usageOf.set(document.fileName, usage);
    for (const invoice of document.invoiceNumbers) filesOf.set(idKey(invoice), [...(filesOf.get(idKey(invoice)) ?? []), document.fileName]);
  }
  for (const { document } of daily) {
    const covered = document.invoiceNumbers.filter((invoice) => filesOf.has(idKey(invoice)));
    if (covered.length === 0) continue;
    const files = [...new Set(covered.flatMap((invoice) => filesOf.get(idKey(invoice))!))];
    const named = files.join(' and ');
    if (covered.length < document.invoiceNumbers.length) {
      const others = document.invoiceNumbers.filter((invoice) => !covered.includes(invoice));
      warnings.push(
        `${document.fileName}: the Azure usage of invoice ${covered.join(', ')} is billed by meter in ${named} too, and the file also holds invoice ${others.join(', ')}: both are billed, that usage twice; import a daily file of invoice ${others.join(', ')} alone`,
      );
      continue;
    }
    const short = shortOf(document, files.map((file) => usageOf.get(file)!));
    if (short !== null) {
      warnings.push(`${document.fileName}: its Azure usage costs ${short.daily}, ${named} bills ${short.invoice} of it by meter: both are billed, some usage twice; is ${named} complete?`);
      continue;
    }
    leftOut.set(document, files);
    warnings.push(`${document.fileName}: its Azure usage is billed from ${named}, which holds the same charges by meter for the month: left out, so the usage is billed once`);
  }
  return { leftOut, warnings };
}

/** The usage a file's lines hold: cost per currency and lines. */
function usageIn(lines: DocumentLines): Usage {
  const usage: Usage = { cost: new Map(), lines: 0 };
  for (const [currency, byKey] of lines.detailBuckets()) {
    for (const bucket of byKey.values()) {
      if (bucket.transactionType !== 'usage') continue;
      usage.cost.set(currency, (usage.cost.get(currency) ?? Decimal.ZERO).plus(bucket.cost));
      usage.lines += bucket.lines;
    }
  }
  return usage;
}

/** Where the daily file costs more than the invoice files' usage (beyond their rounding), both amounts in words; else null. */
function shortOf(document: ImportedDocument, usages: readonly Usage[]): { daily: string; invoice: string } | null {
  const lines = usages.reduce((sum, usage) => sum + usage.lines, 0);
  const tolerance = ROUNDING_PER_METER.times(Decimal.fromInt(lines));
  for (const [currency, total] of Object.entries(document.costTotal)) {
    const daily = total.minus(document.duplicateCost[currency] ?? Decimal.ZERO);
    const invoice = Decimal.sum(usages.map((usage) => usage.cost.get(currency) ?? Decimal.ZERO));
    const money = (amount: Decimal) => `${amount.toFixed(minorUnits(currency))} ${currency}`;
    if (daily.minus(invoice).compare(tolerance) > 0) return { daily: money(daily), invoice: money(invoice) };
  }
  return null;
}
