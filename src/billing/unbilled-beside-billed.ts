/**
 * An unbilled ("recent activity") new commerce file names no invoice: its lines are the estimates of charges that a
 * billed ("closed") file of the same kind holds once the invoice is out. Imported beside that billed file, the same
 * charges would be billed twice. Decided per file, from what each file adds up to (never per line):
 *
 * - every customer of the unbilled file is billed, in the cycle and currency it is billed in, by billed files of its
 *   kind: it is left out, said with both files and what it would have cost;
 * - some customers are, others are in no billed file of the cycle (another invoice, another billing account?): it is
 *   billed whole, as its tax and totals are not kept per customer, and the customers billed twice are said, with how
 *   to settle it;
 * - none is: billed as an unbilled file alone (its own warning asks to replace it).
 *
 * Its kind: an unbilled invoice file's charges are billed by invoice files; an unbilled daily file's Azure usage by a
 * billed daily file or an invoice file's meters (its usage lines, see usage-in-two-files.ts).
 */
import { idKey } from './config';
import { minorUnits } from './currency';
import type { BillingCycle } from './cycles';
import { Decimal } from './decimal';
import type { DocumentLines } from './report';
import type { ImportedDocument } from '../import/import-file';

type Accepted = { document: ImportedDocument; lines: DocumentLines; cycle: BillingCycle | null };

/** An unbilled file left out: the billed files that bill its customers, and what it holds. */
export interface UnbilledLeftOut {
  billedIn: string[];
  lines: number;
  cost: Record<string, Decimal>;
}

/** A customer's licence charges, or its usage, in a file, in one currency. */
interface CustomerCharges {
  name: string;
  usage: boolean;
  currency: string;
  lines: number;
  cost: Decimal;
  /** The billed files holding them (for a billed file's customers). */
  files: Set<string>;
}

/** Said of a file that names no invoice as it is imported (before the report knows what is beside it). */
export const UNBILLED_FILE_WARNING =
  "no line names an invoice: an unbilled (recent activity) file of estimates? Its lines are billed as they are; replace it with the invoice's file once that is out, never keep both";

/** Names listed one by one in a warning; the rest are counted. */
const NAMED = 3;

/** leftOut: the unbilled files whose every customer a billed file of their cycle bills; warnings: those, and the files billed beside one. */
export function unbilledBesideBilled(accepted: readonly Accepted[]): { leftOut: Map<ImportedDocument, UnbilledLeftOut>; warnings: string[] } {
  const leftOut = new Map<ImportedDocument, UnbilledLeftOut>();
  const warnings: string[] = [];
  for (const unbilled of accepted) {
    const { document, cycle } = unbilled;
    if (cycle === null || document.invoiceNumbers.length > 0 || (document.format !== 'nce-invoice' && document.format !== 'nce-daily-usage')) continue;
    const usage = document.format === 'nce-daily-usage';
    const own = customersOf([unbilled], () => true);
    // The billed files of its cycle and kind: for usage, a billed daily file's lines or an invoice file's meters.
    const billers = accepted.filter((other) => other.cycle?.month === cycle.month && other.document.invoiceNumbers.length > 0 && (other.document.format === 'nce-invoice' || (usage && other.document.format === 'nce-daily-usage')));
    const billed = customersOf(billers, (other, transactionType) => !usage || other.document.format === 'nce-daily-usage' || transactionType === 'usage');
    const covered = [...own.keys()].filter((key) => billed.has(key));
    if (covered.length === 0) continue;
    const others = [...own.keys()].filter((key) => !billed.has(key));
    const files = [...new Set(covered.flatMap((key) => [...billed.get(key)!.files]))].sort();
    const named = files.join(' and ');
    const bill = `bill${files.length === 1 ? 's' : ''}`;
    const what = usage ? 'Azure usage' : 'charges';
    const beside = `${document.fileName}: an unbilled (recent activity) file, its lines naming no invoice, beside ${named}, which ${bill} cycle ${cycle.month}'s ${what}`;
    const pick = (keys: string[], from: Map<string, CustomerCharges>) => keys.map((key) => from.get(key)!);
    if (others.length === 0) {
      const all = pick(covered, own);
      const cost = costOf(all);
      leftOut.set(document, { billedIn: files, lines: all.reduce((sum, c) => sum + c.lines, 0), cost: Object.fromEntries(cost) });
      warnings.push(
        `${beside} for every customer it names: left out, so they are billed once (its ${linesText(all)} cost ${moneyText(cost)} as estimated; ${named} ${bill} those customers ${moneyText(costOf(pick(covered, billed)))})`,
      );
      continue;
    }
    // A customer whose licences a billed file bills but not its usage (or the other way) is named with the part meant.
    const split = new Set(covered.map(customerOf).filter((customer) => others.some((key) => customerOf(key) === customer)));
    const label = (charges: CustomerCharges[], keys: string[]) => charges.map((c, i) => (split.has(customerOf(keys[i])) ? { ...c, name: `${c.name}'s ${c.usage ? 'usage' : 'licences'}` } : c));
    const twice = label(pick(covered, own), covered);
    const rest = label(pick(others, own), others);
    warnings.push(
      `${beside} for ${customerCount(covered)} of its ${customerCount([...own.keys()])} customers (${namesText(twice)}: ${moneyText(costOf(twice))} estimated, ${moneyText(costOf(pick(covered, billed)))} billed): ` +
        `theirs are billed twice, as the file is billed whole for its other customers (${namesText(rest)}: ${moneyText(costOf(rest))}), whom no billed file of the cycle names; ` +
        `import their invoice's file (${document.fileName} is then left out), or remove ${document.fileName} if ${named} ${files.length === 1 ? 'is' : 'are'} the cycle's whole invoice`,
    );
  }
  return { leftOut, warnings };
}

/** Per customer and currency, what the files' detail lines hold (those `counts` takes), and which files hold them. */
function customersOf(files: readonly Accepted[], counts: (file: Accepted, transactionType: string) => boolean): Map<string, CustomerCharges> {
  const customers = new Map<string, CustomerCharges>();
  for (const file of files) {
    // A daily usage file's lines are collected per invoice.
    for (const part of file.lines.parts()) {
      for (const [currency, groups] of part.detailBuckets()) {
        groups.forEach((bucket) => {
          if (!counts(file, bucket.transactionType)) return;
          // Licences are billed by licences and usage by usage: a billed file holding a customer's Azure meters alone
          // (its licences on another invoice) does not bill the licences an unbilled file estimates.
          const usage = bucket.transactionType === 'usage';
          const key = `${currency}\u0000${usage ? 'usage' : 'licences'}\u0000${idKey(bucket.customerId)}`;
          let charges = customers.get(key);
          if (charges === undefined) customers.set(key, (charges = { name: bucket.customerName || bucket.customerId, usage, currency, lines: 0, cost: Decimal.ZERO, files: new Set() }));
          charges.lines += bucket.lines;
          charges.cost = charges.cost.plus(bucket.cost);
          charges.files.add(file.document.fileName);
        });
      }
    }
  }
  return customers;
}

const customerOf = (key: string) => key.slice(key.lastIndexOf('\u0000') + 1);

/** Customers of (currency, kind, customer) keys: one in two currencies, or with licences and usage, counts once. */
function customerCount(keys: readonly string[]): number {
  return new Set(keys.map(customerOf)).size;
}

function costOf(charges: readonly CustomerCharges[]): Map<string, Decimal> {
  const cost = new Map<string, Decimal>();
  for (const { currency, cost: amount } of charges) cost.set(currency, (cost.get(currency) ?? Decimal.ZERO).plus(amount));
  return cost;
}

function moneyText(cost: ReadonlyMap<string, Decimal>): string {
  return [...cost].map(([currency, amount]) => `${amount.toFixed(minorUnits(currency))} ${currency}`).join(' and ');
}

function linesText(charges: readonly CustomerCharges[]): string {
  const lines = charges.reduce((sum, c) => sum + c.lines, 0);
  return `${lines} line${lines === 1 ? '' : 's'}`;
}

/** "Northwind Traders, Fabrikam, Inc. and 2 more": a customer of two currencies is named once. */
function namesText(charges: readonly CustomerCharges[]): string {
  const names = [...new Set(charges.map((c) => c.name))];
  if (names.length <= NAMED) return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, NAMED).join(', ')} and ${names.length - NAMED} more`;
}
