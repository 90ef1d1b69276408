/**
 * Microsoft bills Azure plan usage in two files: by meter for the month in the invoice file, and by day in the daily
 * usage file of the same invoice. Imported together, the same usage would be billed twice. A daily file's lines of
 * invoices whose usage is all in invoice files of the report, to the cent or so, are left out (the invoice file's
 * lines tie to the invoice): the whole file, or those invoices' lines where it holds another invoice's usage as well.
 * Usage an edited invoice file lacks keeps the daily lines billed, and is said to bill some usage twice. An unbilled
 * ("recent activity") daily file, whose lines name no invoice, is no invoice's: see unbilled-beside-billed.ts.
 */
import { idKey } from './config';
import { minorUnits } from './currency';
import { Decimal } from './decimal';
import type { BillingCycle } from './cycles';
import { higherRate, type DocumentLines } from './report';
import type { ImportedDocument } from '../import/import-file';

/** A cent of the pricing currency: Microsoft rounds a meter's month down to it before converting it. */
const PRICING_CENT = new Decimal(1n, 2);

interface Usage {
  cost: Map<string, Decimal>;
  lines: number;
  /** Per billing currency, the largest exchange rate of the usage lines (from the pricing currency). */
  rates: Map<string, Decimal>;
}

/** What of a daily usage file is left out: the invoices whose usage invoice files bill, their lines and cost. */
export interface UsageLeftOut {
  /** The invoice files that bill the usage by meter. */
  billedIn: string[];
  invoices: string[];
  /** Every invoice of the file: nothing of it is billed. */
  wholeFile: boolean;
  lines: number;
  cost: Record<string, Decimal>;
}

/** leftOut: the daily files whose lines are left out, all of them or some invoices'. */
export function usageInTwoFiles(accepted: ReadonlyArray<{ document: ImportedDocument; lines: DocumentLines; cycle: BillingCycle | null }>): { leftOut: Map<ImportedDocument, UsageLeftOut>; warnings: string[] } {
  const leftOut = new Map<ImportedDocument, UsageLeftOut>();
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
  for (const { document, lines } of daily) {
    // A daily file's lines are collected per invoice.
    const parts = lines.parts();
    // Lines without an invoice number (an unbilled day) are no invoice's: never left out as one.
    const covered = parts.filter((part) => part.invoice !== null && part.invoice !== '' && filesOf.has(idKey(part.invoice)));
    if (covered.length === 0) continue;
    const invoices = covered.map((part) => part.invoice ?? '');
    const others = parts.filter((part) => !covered.includes(part)).map((part) => part.invoice || '(no invoice number)');
    const files = [...new Set(invoices.flatMap((invoice) => filesOf.get(idKey(invoice))!))];
    const named = files.join(' and ');
    const its = others.length === 0 ? 'its Azure usage' : `the Azure usage of invoice ${invoices.join(', ')}`;
    const days = costOf(covered);
    const short = shortOf(days.cost, files.map((file) => usageOf.get(file)!));
    if (short !== null) {
      warnings.push(`${document.fileName}: ${its} costs ${short.daily}, ${named} bills ${short.invoice} of it by meter: both are billed, some usage twice; is ${named} complete?`);
      continue;
    }
    leftOut.set(document, { billedIn: files, invoices, wholeFile: others.length === 0, lines: days.lines, cost: Object.fromEntries(days.cost) });
    const same = `${its} is billed from ${named}, which holds the same charges by meter for the month`;
    warnings.push(
      others.length === 0
        ? `${document.fileName}: ${same}: left out, so the usage is billed once`
        : `${document.fileName}: ${same}: its lines are left out, so the usage is billed once; the file's lines of invoice ${others.join(', ')} are billed`,
    );
  }
  return { leftOut, warnings };
}

/** The collectors of a file's lines that are billed: all but a daily file's invoices left out. */
export function billedParts(lines: DocumentLines, leftOut: UsageLeftOut | undefined): DocumentLines[] {
  const invoices = new Set(leftOut?.invoices.map(idKey));
  return lines.parts().filter((part) => !invoices.has(idKey(part.invoice ?? '')));
}

/** The usage a file's lines hold: cost per currency and lines. */
function usageIn(lines: DocumentLines): Usage {
  const usage: Usage = { cost: new Map(), lines: 0, rates: new Map() };
  for (const tally of lines.invoices.values()) {
    const rate = higherRate(usage.rates.get(tally.currency) ?? null, tally.usageRate);
    if (rate !== null) usage.rates.set(tally.currency, rate);
  }
  for (const [currency, groups] of lines.detailBuckets()) {
    groups.forEach((bucket) => {
      if (bucket.transactionType !== 'usage') return;
      usage.cost.set(currency, (usage.cost.get(currency) ?? Decimal.ZERO).plus(bucket.cost));
      usage.lines += bucket.lines;
    });
  }
  return usage;
}

/** What some invoices' lines of a daily file cost, per currency, and their count. */
function costOf(parts: readonly DocumentLines[]): Usage {
  const cost: Usage = { cost: new Map(), lines: 0, rates: new Map() };
  for (const part of parts) {
    for (const tally of part.invoices.values()) {
      cost.cost.set(tally.currency, (cost.cost.get(tally.currency) ?? Decimal.ZERO).plus(tally.cost));
      cost.lines += tally.lines;
    }
  }
  return cost;
}

/**
 * Where the daily lines cost more than the invoice files' usage (beyond their rounding), both amounts in words; else
 * null. A meter's month is ROUNDDOWN(ROUNDDOWN(price × quantity, 2) × rate, minor unit): under a cent of the pricing
 * currency, converted (1.51 yen at 151.23 yen to the dollar), and a minor unit of the billing currency below its days'.
 */
function shortOf(daily: ReadonlyMap<string, Decimal>, usages: readonly Usage[]): { daily: string; invoice: string } | null {
  const lines = Decimal.fromInt(usages.reduce((sum, usage) => sum + usage.lines, 0));
  for (const [currency, days] of daily) {
    const invoice = Decimal.sum(usages.map((usage) => usage.cost.get(currency) ?? Decimal.ZERO));
    // Never below a rate of 1: the pricing currency's cent as it was allowed before rates were known.
    const rate = usages.reduce((most, usage) => higherRate(most, usage.rates.get(currency) ?? null)!, Decimal.ONE);
    const tolerance = PRICING_CENT.times(rate).plus(new Decimal(1n, minorUnits(currency))).times(lines);
    const money = (amount: Decimal) => `${amount.toFixed(minorUnits(currency))} ${currency}`;
    if (days.minus(invoice).compare(tolerance) > 0) return { daily: money(days), invoice: money(invoice) };
  }
  return null;
}
