/**
 * Words and numbers as the pane shows them. Amounts arrive as decimal strings already rounded by the engine; here
 * they only get thousands separators (no float ever touches them).
 */
import type { CycleSummary, FileView, ImportProgress, ReportSummary } from '../../import/worker-protocol';
import { dayText, withLocalDays } from './day-text';
import { monthName } from './date-range';
import type { WritePhase } from '../../excel/write-workbook';
import { formatBytes } from '../../import/worker-protocol';

/** The marks numbers are shown with: the accountant's own (setNumberMarks), English until told. */
let marks = { group: ',', decimal: '.' };

/**
 * Shows numbers with the marks of `locale` ("de-DE": 26.296,31; "fr-FR": 26 296,31), as the accountant's Excel shows
 * them; an unknown locale leaves them as they are.
 */
export function setNumberMarks(locale: string | undefined): void {
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    marks = { group: parts.find((part) => part.type === 'group')?.value ?? ',', decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.' };
  } catch {
    // a locale Intl does not know: the marks stay
  }
}

/** "-1234567.891" → "-1,234,567.891" (or "-1.234.567,891", by the marks set). */
export function groupDigits(decimalText: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimalText.trim());
  if (!match) return decimalText;
  const [, sign, whole, fraction] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, marks.group)}${fraction === undefined ? '' : `${marks.decimal}${fraction}`}`;
}

/** "26,296.31 USD". */
export function money(amount: { rounded: string; currency: string }): string {
  return `${groupDigits(amount.rounded)} ${amount.currency}`.trim();
}

type Tone = 'success' | 'warning' | 'info';

/**
 * What the engine knows of why an invoice differs, after its figure (": billed from a daily usage file, which has no
 * tax and rounds by day, not by meter", the tax typed or left out): the command line's summary says it, so the pane does.
 */
function causeOf(invoice: CycleSummary['invoices'][number]): string {
  const at = invoice.statusText.indexOf(': ');
  return at < 0 ? '' : invoice.statusText.slice(at);
}

/** A sentence's end: a cause that asks ("the invoice's subtotal (before tax)?") keeps its question mark. */
const ended = (text: string) => (text.endsWith('?') ? text : `${text}.`);

/** Whether a cycle's invoices tie to Microsoft's totals, in words. */
export function reconciliationText(cycle: CycleSummary): { tone: Tone; text: string } {
  const r = cycle.reconciliation;
  const differs = cycle.invoices.filter((invoice) => invoice.status === 'differs');
  // A total not entered yet or an invoice missing must not hide an invoice that differs, nor may two differences
  // that cancel out in the cycle's total: each is said first, whatever the cycle's status.
  const differing = differs.map((invoice) => `Invoice ${invoice.invoiceNumber} differs from Microsoft's total by ${groupDigits(invoice.difference ?? '')} ${cycle.currency}${causeOf(invoice)}`).map((text) => `${ended(text)} `).join('');
  // An invoice billed in two currencies, or whose total was typed in another, has no Microsoft total in this card's
  // currency: said in the engine's words, with no difference made up.
  const untied = cycle.invoices.filter((invoice) => invoice.status === 'cannot tie').map((invoice) => `Invoice ${invoice.invoiceNumber} ${invoice.statusText}. `).join('');
  if (r.status === 'cannot tie') return { tone: 'warning', text: `${differing}${untied}The cycle is not compared with Microsoft's total.` };
  if (r.status === 'invoice missing') {
    const one = r.missingInvoices.length === 1;
    const it = one ? 'it' : 'them';
    return {
      tone: 'warning',
      text: `${differing}${untied}${one ? 'Invoice' : 'Invoices'} ${r.missingInvoices.join(', ')} ${one ? 'is' : 'are'} missing: the Invoices table dates ${it} in this cycle, and no imported file holds ${it}. Import ${one ? 'its file' : 'their files'} to check the cost.`,
    };
  }
  if (r.status === 'ties') {
    const total = money({ rounded: r.microsoftTotal ?? '', currency: cycle.currency });
    return differing ? { tone: 'warning', text: `${differing}Together the invoices tie to Microsoft's total (${total}).` } : { tone: 'success', text: `Ties to the Microsoft invoice (${total}).` };
  }
  if (r.status === 'differs') {
    // Which invoice, where the cycle has several: the one to look into.
    const which = cycle.invoices.length > 1 && differs.length > 0 ? ` (${differs.map((invoice) => `invoice ${invoice.invoiceNumber} by ${groupDigits(invoice.difference ?? '')}${causeOf(invoice)}`).join('; ')})` : '';
    const cause = cycle.invoices.length === 1 && differs.length === 1 ? causeOf(differs[0]) : '';
    return {
      tone: 'warning',
      text: `${ended(`Differs from the Microsoft invoice${cycle.invoices.length > 1 ? 's' : ''} by ${groupDigits(r.difference ?? '')} ${cycle.currency}${which}${cause}`)} The files add up to ${money(r.invoicesTotal)} with tax, Microsoft's total is ${money({ rounded: r.microsoftTotal ?? '', currency: cycle.currency })}.`,
    };
  }
  const without = cycle.invoices.filter((invoice) => invoice.status === 'no Microsoft total');
  const which = cycle.invoices.length > 1 ? ` for invoice${without.length === 1 ? '' : 's'} ${without.map((invoice) => invoice.invoiceNumber).join(', ')} (${without.length} of ${cycle.invoices.length})` : '';
  // Which figure, and where it goes: the accountant need not know the Invoices table's columns (the total is with tax).
  return { tone: differing ? 'warning' : 'info', text: `${differing}No Microsoft invoice total entered yet${which}: type it, with tax as on Microsoft's invoice, in the Microsoft total column of the Invoices table to check the cost.` };
}

/**
 * Where a file's billing date comes from, in the accountant's words: set on the card, the Invoices table's (which
 * outranks the file), or the file's own, worked out from its charges (the engine's rule, told plainly).
 */
export function billingDateHint(file: Pick<FileView, 'billingDateOverridden' | 'billingDateFromInvoice' | 'inferredBillingDate' | 'billingDateRule'>): string {
  const own = file.inferredBillingDate === null ? 'the file has no date of its own' : `the file's own date is ${dayText(file.inferredBillingDate)}`;
  if (file.billingDateOverridden) return `Set by you; ${own}.`;
  if (file.billingDateFromInvoice !== null) return `From the Invoices table (invoice ${file.billingDateFromInvoice}); ${own}.`;
  if (file.inferredBillingDate === null) return 'The file has no charge dates: type the last day of the period it bills.';
  const rule = file.billingDateRule;
  if (rule.startsWith('new commerce') && rule.includes('the day after')) {
    return 'Taken from the file: the day after the month most of its charges are for, as that month ends on your cycle end day.';
  }
  if (rule.startsWith('new commerce')) return 'Taken from the file: the last day of the month most of its charges are for.';
  if (rule.startsWith('legacy')) return 'Taken from the file: your first cycle end day on or after its latest charges start.';
  return `Taken from the file (${withLocalDays(rule)}).`;
}

/**
 * Where a billing date lies against the file's billing period, and the question it raises (the engine's words), with
 * the pane's days and cycles: "10/31/2026: after its billing period (09/01/2026 to 09/30/2026), which its charges put
 * in the September 2026 cycle: …".
 */
export function billingDateDoubtText(file: Pick<FileView, 'billingDate' | 'billingDateDoubt'>): string | null {
  if (file.billingDateDoubt === null) return null;
  const doubt = withLocalDays(file.billingDateDoubt).replace(/\bcycle (\d{4}-\d{2})\b/g, (_, month: string) => `the ${monthName(month)} cycle`);
  return file.billingDate === null ? doubt : `${dayText(file.billingDate)}: ${doubt}`;
}

/** The cycle a file is billed in: "Billed in the October 2026 cycle." */
export function billedInText(cycleMonth: string): string {
  return `Billed in the ${monthName(cycleMonth)} cycle.`;
}

/** Where the right file is got, in Microsoft's words (Use your reconciliation files, Partner Center's billing help). */
export const RECONCILIATION_DOWNLOAD =
  'Import the invoice\'s reconciliation file instead: in Partner Center, Billing > Download file, report type "Reconciliation-closed" (and "Daily Rated Usage Reconciliation-closed" for Azure plan usage). Microsoft\'s invoice itself (PDF) and a bank statement do not list the charges line by line.';

/** What to do about a rejected file. */
export function fileAdvice(file: Pick<FileView, 'status' | 'problem'>): string {
  if (file.status === 'cancelled') return 'Import it again when you are ready.';
  if (/truncated|download it again|the file is empty/i.test(file.problem)) return 'Download the file from Partner Center again, then remove it here and import the new download.';
  if (/not a Partner Center reconciliation file|not a reconciliation file|not JSON lines|binary|workbook/i.test(file.problem)) return RECONCILIATION_DOWNLOAD;
  // The engine's reason already says what to do with the file ("save it from Excel as CSV UTF-8", "save each as a file of its own").
  if (/: (save|delete|copy|give)\b/i.test(file.problem)) return 'Then remove the file here and import the one you saved.';
  return 'Fix that row (or download the file from Partner Center again), then remove the file here and import it again.';
}

/** What the last refresh left out of a daily usage file, as its Azure usage is billed by meter from invoice files; null when nothing. */
export function usageLeftOutText(file: Pick<FileView, 'usageLeftOut'>): string | null {
  const leftOut = file.usageLeftOut;
  if (leftOut === null) return null;
  const from = `billed by meter from ${leftOut.billedIn.join(' and ')}`;
  if (leftOut.wholeFile) return `Left out of the last refresh: its Azure usage is ${from}, so it is billed once.`;
  const invoices = `${leftOut.invoices.length === 1 ? 'invoice' : 'invoices'} ${leftOut.invoices.join(', ')}`;
  return `At the last refresh its lines of ${invoices} were left out, that usage being ${from}; its other lines were billed.`;
}

/** What the last refresh did with an unbilled file of estimates it left out, its customers billed from billed files; null when nothing. */
export function unbilledLeftOutText(file: Pick<FileView, 'unbilledLeftOut'>): string | null {
  const leftOut = file.unbilledLeftOut;
  if (leftOut === null) return null;
  return `Left out of the last refresh: an unbilled file of estimates, whose customers' charges are billed from ${leftOut.billedIn.join(' and ')}, so they are billed once.`;
}

/** One line under a file's name: format, invoice, lines and cost. */
export function fileFacts(file: FileView): string[] {
  if (file.status === 'failed') return [];
  const facts: string[] = [];
  if (file.formatLabel) facts.push(`${file.formatLabel}${file.compressed ? ' (gzip)' : ''}`);
  if (file.invoiceNumbers.length > 0) facts.push(`invoice ${file.invoiceNumbers.join(', ')}`);
  // Nothing of a duplicate is billed: "0 lines" beside its cost would read as billed (as the command line says it).
  if (file.status === 'duplicate') {
    facts.push(`skipped, ${file.duplicateLines === 1 ? 'its line' : `all ${groupDigits(String(file.duplicateLines))} lines`} already in ${file.duplicateOf.join(', ')}`);
    return facts;
  }
  facts.push(plural(file.lineCount, 'line'));
  for (const total of file.costTotals) facts.push(`cost ${money(total)}`);
  return facts;
}

export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** The file being read with its own bytes and rows; of several, how far all of them are (what the bar shows). */
export function importProgressText(progress: ImportProgress): string {
  const verb = progress.phase === 'importing' ? 'Reading' : 'Reading again';
  const file = `${formatBytes(progress.fileBytes)} of ${formatBytes(progress.fileSize)}, ${groupDigits(String(progress.rows))} rows`;
  if (progress.fileCount <= 1) return `${verb} ${progress.fileName}: ${file}`;
  return `${verb} file ${progress.fileIndex + 1} of ${progress.fileCount}, ${progress.fileName}: ${file}; all files ${percent(progress.bytes, progress.totalBytes)} %`;
}

export type RefreshStep = 'reading-config' | 'repricing' | 'report' | 'layout' | WritePhase;

/** The step of a refresh in words (with counts while sheets are written). */
export function refreshStepText(step: RefreshStep, done = 0, total = 0): string {
  switch (step) {
    case 'reading-config':
      return 'Reading your price lists and settings from the workbook…';
    case 'repricing':
      return 'Pricing the imported lines again…';
    case 'report':
      return 'Building the report…';
    case 'layout':
      return 'Laying out the sheets…';
    case 'reading':
      return 'Looking at the workbook…';
    case 'sheets':
      return total > 0 ? `Writing the sheets: ${groupDigits(String(done))} of ${groupDigits(String(total))} rows…` : 'Writing the sheets…';
    case 'user-tables':
      return 'Adding new customers and products to your tables…';
    case 'swap':
      return 'Putting the new report in place…';
  }
}

/** Rough share of the whole refresh each step stands for, so one bar runs from 0 to 100 %. */
export function refreshPercent(step: RefreshStep, done = 0, total = 0): number {
  const spans: Record<RefreshStep, [number, number]> = {
    'reading-config': [0, 3],
    repricing: [3, 25],
    report: [25, 35],
    layout: [35, 45],
    reading: [45, 47],
    sheets: [47, 92],
    'user-tables': [92, 96],
    swap: [96, 100],
  };
  const [from, to] = spans[step];
  return Math.round(from + ((to - from) * percent(done, total)) / 100);
}

/**
 * What "Open Prices table" / "Open Customers table" did: selected the workbook's table, or made it (`created`: the
 * rows it was given from the files, none in a workbook without files yet).
 */
export function openedTableText(table: 'Prices' | 'Customers', sheet: string, created: number | null): string {
  if (created === null) return `The ${table} table is selected on sheet ${sheet}.`;
  const what = table === 'Prices' ? 'product' : 'customer';
  if (created === 0) return `Created the ${table} table on sheet ${sheet}, with no ${what}s yet: type them in, or import your files and press Refresh to add theirs.`;
  return `Created the ${table} table on sheet ${sheet} with ${plural(created, what)} from your files.`;
}

/** "1 line", "12 lines". */
export function plural(count: number, noun: string): string {
  return `${groupDigits(String(count))} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * An import problem split for a narrow pane: where and what ("row 1: not a Partner Center reconciliation file")
 * first, the long explanation after the next ": " apart (for a details toggle). The file's name is dropped from the
 * front when the card already shows it.
 */
export function splitProblem(problem: string, fileName?: string): { summary: string; detail: string | null } {
  let text = problem;
  if (fileName && text.startsWith(fileName)) text = text.slice(fileName.length).replace(/^[,:]\s*/, '');
  const first = text.indexOf(': ');
  const second = first < 0 ? -1 : text.indexOf(': ', first + 2);
  if (second < 0 || text.length - second < 40) return { summary: text, detail: null };
  return { summary: text.slice(0, second), detail: text.slice(second + 2) };
}

/** Names in a sentence: the first few, then how many more. */
function someNames(names: readonly string[], shown = 3): string {
  const listed = names.slice(0, shown).join(', ');
  return names.length > shown ? `${listed} and ${names.length - shown} more` : listed;
}

/**
 * What an import did, said once it is over (the pane's polite live region): how many files were imported, rejected
 * (naming them, and the first one's reason) or skipped as duplicates. `files`: the files of this import.
 */
export function importResultText(files: readonly FileView[]): { text: string; intent: 'success' | 'warning' } | null {
  if (files.length === 0) return null;
  const imported = files.filter((file) => file.status === 'imported');
  const empty = files.filter((file) => file.status === 'empty');
  const rejected = files.filter((file) => file.status === 'failed');
  const duplicates = files.filter((file) => file.status === 'duplicate');
  const parts = [
    imported.length === 0 ? 'Nothing imported' : imported.length === 1 && files.length === 1 ? `Imported ${imported[0].fileName}` : `Imported ${plural(imported.length, 'file')}${files.length > imported.length ? ` of ${files.length}` : ''}`,
  ];
  if (empty.length > 0) parts.push(`${empty.length} with no lines (${someNames(empty.map((file) => file.fileName))})`);
  if (rejected.length > 0) {
    const reason = splitProblem(rejected[0].problem, rejected[0].fileName).summary;
    parts.push(`${rejected.length} rejected: ${rejected[0].fileName} (${reason})${rejected.length > 1 ? `, ${someNames(rejected.slice(1).map((file) => file.fileName), 2)}` : ''}`);
  }
  if (duplicates.length > 0) parts.push(`${duplicates.length} skipped as ${duplicates.length === 1 ? 'a duplicate' : 'duplicates'} (${someNames(duplicates.map((file) => file.fileName))})`);
  const text = `${parts.join('; ')}.`.replace(/\.\.$/, '.');
  return { text, intent: rejected.length + duplicates.length + empty.length > 0 ? 'warning' : 'success' };
}

/** Said once a file is removed. */
export function removedText(fileName: string, left: number): string {
  return `Removed ${fileName}. ${left === 0 ? 'No files left.' : `${plural(left, 'file')} left.`}`;
}

/** A cycle card's line under its heading: "10/01/2026 to 10/31/2026, report dated 11/01/2026; 50,000 organizations". */
export function cycleCaption(cycle: Pick<CycleSummary, 'start' | 'end' | 'reportDate' | 'organizations'>): string {
  return `${dayText(cycle.start)} to ${dayText(cycle.end)}, report dated ${dayText(cycle.reportDate)}; ${plural(cycle.organizations, 'organization')}`;
}

/** Files the range left out, each with the cycle it bills in: "a.csv (September 2026)". */
export function outsideRangeText(entries: ReadonlyArray<{ file: string; cycleMonth: string | null }>): string {
  return `Outside the date range, not billed: ${entries.map((entry) => `${entry.file}${entry.cycleMonth ? ` (${monthName(entry.cycleMonth)})` : ''}`).join(', ')}.`;
}

/**
 * The report just written, in a few words for a screen reader (the cards show it in full): per cycle the sales, cost,
 * margin and whether it ties, then what is left to link or price.
 */
export function reportAnnouncement(summary: Pick<ReportSummary, 'cycles' | 'unlinkedCustomers' | 'unpricedProducts'>): string {
  const cycles = summary.cycles.map((cycle) => {
    // The tie-out's first clause: what it found, without the advice after the colon.
    const tie = reconciliationText(cycle).text.replace(/: .*$/s, '').replace(/\.$/, '');
    const percentText = cycle.marginPercent !== null ? ` (${groupDigits(cycle.marginPercent)} %)` : '';
    return `${monthName(cycle.month)}, ${cycle.currency}: sales ${money(cycle.sales)}, cost ${money(cycle.cost)}, margin ${money(cycle.margin)}${percentText}. ${tie}.`;
  });
  const left: string[] = [];
  if (summary.unlinkedCustomers.length > 0) left.push(`${plural(summary.unlinkedCustomers.length, 'customer')} not linked`);
  if (summary.unpricedProducts.length > 0) left.push(`${plural(summary.unpricedProducts.length, 'product')} without a price`);
  return [...cycles, ...(left.length > 0 ? [`${left.join(', ')}.`] : [])].join(' ');
}

/**
 * The names files are imported under: one already held (`held`), or picked before it in the same import, is told
 * apart by its place ("name.csv (2)"). The worker bills each file under this name, so the cards, the notices, the
 * summary, the warnings and the report's sheets all name it alike.
 */
export function distinctNames(held: readonly string[], picked: readonly string[]): string[] {
  const taken = new Set(held);
  return picked.map((name) => {
    let unique = name;
    for (let count = 2; taken.has(unique); count++) unique = `${name} (${count})`;
    taken.add(unique);
    return unique;
  });
}
