import type { ImportedDocument } from '../import/import-file';
import type { CycleEndDay } from './billing-date';
import { idKey, type BillingConfig, type InvoiceEntry, type PriceMethod } from './config';
import { markFits, minorUnits } from './currency';
import { cycleHolding, type BillingCycle } from './cycles';
import { DAY_MS, formatIsoDate } from './dates';
import { Decimal } from './decimal';
import { priceFindings } from './price-findings';
import type { FileFormat } from './line';
import type { DocumentLines, ProductTally, ReportCycle, TenantTally, UnsizedLine } from './report';
import type { UsageLeftOut } from './usage-in-two-files';
import { UNBILLED_FILE_WARNING, type UnbilledLeftOut } from './unbilled-beside-billed';

export interface InvoiceTally {
  invoiceNumber: string;
  currency: string;
  files: Set<string>;
  lines: number;
  cost: Decimal;
  tax: Decimal;
  total: Decimal;
  /**
   * The largest exchange rate of its Azure usage lines (null without any): Microsoft rounds a meter's month down to
   * the cent in the pricing currency before converting it, so that cent is this many of the billing currency's.
   */
  usageRate: Decimal | null;
}

/** 'cannot tie': the invoice's lines come in two currencies, or its Microsoft total was typed in another currency. */
type InvoiceStatus = 'ties' | 'differs' | 'no Microsoft total' | 'cannot tie';

interface InvoiceCheck {
  /** '' for files without invoice numbers (legacy license). */
  invoiceNumber: string;
  files: string[];
  cycleMonth: string;
  currency: string;
  lines: number;
  /** Exact sums of the lines: cost before tax, tax, total. */
  cost: Decimal;
  tax: Decimal;
  total: Decimal;
  microsoftTotal: Decimal | null;
  /** Our total rounded to the currency's minor unit, less Microsoft's. */
  difference: Decimal | null;
  status: InvoiceStatus;
  /** Plain words for the status: "ties to the Microsoft invoice", "differs by 0.03", "no invoice total entered yet". */
  statusText: string;
}

type CycleStatus = InvoiceStatus | 'invoice missing';

interface CycleCheck {
  cycleMonth: string;
  currency: string;
  cost: Decimal;
  /**
   * Sum of the cycle's invoices' totals (tax included), each rounded to the minor unit as Microsoft's invoice shows it:
   * what the invoices add up to, and what the difference is worked out from (two invoices of 10.004 are 20.00, not 20.01).
   */
  invoicesTotal: Decimal;
  /** Sum of the Microsoft totals entered for them; null while any is missing. */
  microsoftTotal: Decimal | null;
  difference: Decimal | null;
  /** Invoices the Invoices table dates in the cycle that no imported file holds. */
  missingInvoices: string[];
  /** Ties only with every invoice of the cycle imported and each one's Microsoft total entered. */
  status: CycleStatus;
  /** Plain words for the status: "ties to the Microsoft invoices", "invoice G2 is missing: ...". */
  statusText: string;
}

export interface Reconciliation {
  invoices: InvoiceCheck[];
  cycles: CycleCheck[];
  unlinkedTenants: TenantTally[];
  unpricedProducts: Array<Omit<ProductTally, 'customers'> & { customers: number }>;
  duplicates: Array<{ file: string; lines: number; cost: Record<string, Decimal>; duplicateOf: string[]; wholeFile: boolean }>;
  /** billingDate: the date that put the file in its cycle; billingDateFromInvoice: the invoice whose Invoices-table date it is. */
  outsideRange: Array<{ file: string; billingDate: number | null; billingDateFromInvoice: string | null; cycleMonth: string | null; lines: number; cost: Record<string, Decimal> }>;
  /** Daily usage files left out of the report, whole or some invoices' lines: the invoice files named bill the same usage by meter. */
  usageLeftOut: Array<{ file: string } & UsageLeftOut>;
  /** Unbilled (recent activity) files left out of the report: the billed files named bill each of their customers. */
  unbilledLeftOut: Array<{ file: string } & UnbilledLeftOut>;
  /** Cycle months billed in more than one currency: reported side by side, never added together. */
  mixedCurrencies: Array<{ cycleMonth: string; currencies: string[] }>;
  failedFiles: string[];
  warnings: string[];
}

interface Accepted {
  document: ImportedDocument;
  /** The date that put the file in its cycle (billingDateOf). */
  billingDate: number | null;
  /** The invoice whose Invoices-table date put the file in its cycle; null when the file's own date did. */
  datedBy: string | null;
}

export function buildReconciliation(input: {
  config: BillingConfig;
  documents: readonly ImportedDocument[];
  /** lines: the collectors of the file's lines billed (a daily usage file's per invoice, less those left out). */
  inScope: Array<Accepted & { cycle: BillingCycle; lines: readonly DocumentLines[] }>;
  outOfScope: Array<Accepted & { cycle: BillingCycle | null }>;
  /**
   * What became of charges in two files: Azure usage in both an invoice file and a daily usage file
   * (usage-in-two-files.ts), an unbilled file's estimates beside billed files (unbilled-beside-billed.ts).
   */
  usageWarnings?: readonly string[];
  usageLeftOut?: Reconciliation['usageLeftOut'];
  unbilledLeftOut?: Reconciliation['unbilledLeftOut'];
  cycles: readonly ReportCycle[];
}): Reconciliation {
  const { config } = input;
  const warnings: string[] = [];

  // Invoices of the reported cycles, merged across files of a cycle (an invoice's lines may come in two files). An
  // invoice whose files are billed in two cycles is a row in each, since each cycle's rows must add up to its cost.
  const invoiceTallies = new Map<string, InvoiceTally & { cycleMonth: string }>();
  for (const { lines, cycle, document } of input.inScope) {
    for (const tally of lines.flatMap((part) => [...part.invoices.values()])) {
      const label = tally.invoiceNumber || `(no invoice number: ${document.fileName})`;
      const key = `${idKey(label)}\u0000${tally.currency}\u0000${cycle.month}`;
      const into = invoiceTallies.get(key);
      if (into === undefined) {
        invoiceTallies.set(key, { ...tally, files: new Set(tally.files), cycleMonth: cycle.month });
        continue;
      }
      into.lines += tally.lines;
      into.cost = into.cost.plus(tally.cost);
      into.tax = into.tax.plus(tally.tax);
      into.total = into.total.plus(tally.total);
      for (const file of tally.files) into.files.add(file);
    }
  }
  const cyclesOfInvoice = invoicesInSeveralCycles(input.inScope, input.outOfScope, input.usageLeftOut ?? []);
  for (const { invoiceNumber, places } of cyclesOfInvoice.values()) {
    warnings.push(`invoice ${invoiceNumber} has files in cycles ${placesText(places)}: no cycle's part of it can be tied to its Microsoft total, which is the whole invoice's; date the invoice in the Invoices table to bill its files in one cycle`);
  }
  const currenciesOfInvoice = invoiceCurrencies(invoiceTallies.values());
  for (const [invoice, currencies] of currenciesOfInvoice) {
    if (currencies.length < 2) continue;
    const files = [...new Set([...invoiceTallies.values()].filter((t) => idKey(t.invoiceNumber) === invoice).flatMap((t) => [...t.files]))];
    const label = [...invoiceTallies.values()].find((t) => idKey(t.invoiceNumber) === invoice)!.invoiceNumber;
    warnings.push(`invoice ${label} has lines in ${currencies.join(' and ')} (${files.join(', ')}): a Microsoft invoice is in one currency, so its lines are not tied to its Microsoft total; check the files' Currency column`);
  }
  const formatOf = new Map(input.inScope.map(({ document }) => [document.fileName, document.format]));
  const dailyOnly = (tally: InvoiceTally) => [...tally.files].every((file) => formatOf.get(file) === 'nce-daily-usage');
  const invoices: InvoiceCheck[] = [...invoiceTallies.values()]
    // By cycle and currency first: each cycle's invoices are one block of rows, which the sheet's cycle row sums.
    .sort((a, b) => a.cycleMonth.localeCompare(b.cycleMonth) || a.currency.localeCompare(b.currency) || a.invoiceNumber.localeCompare(b.invoiceNumber))
    .map((tally) => {
      const entry = tally.invoiceNumber === '' ? undefined : config.invoices.get(idKey(tally.invoiceNumber));
      const untied = tally.invoiceNumber === '' ? null : whyNotTied(tally, currenciesOfInvoice.get(idKey(tally.invoiceNumber)) ?? [], cyclesOfInvoice.get(idKey(tally.invoiceNumber))?.places ?? null, entry);
      if (untied !== null && untied.warning !== null) warnings.push(untied.warning);
      // Both as an invoice shows them: a total typed with a third decimal does not "differ by 0.00", here or per cycle.
      const microsoftTotal = untied !== null ? null : (entry?.microsoftTotal?.round(minorUnits(tally.currency)) ?? null);
      const rounded = tally.total.round(minorUnits(tally.currency));
      const difference = microsoftTotal === null ? null : rounded.minus(microsoftTotal);
      const status: InvoiceStatus = untied !== null ? 'cannot tie' : difference === null ? 'no Microsoft total' : difference.isZero() ? 'ties' : 'differs';
      const statusText =
        untied !== null
          ? untied.statusText
          : status === 'ties'
            ? 'ties to the Microsoft invoice'
            : status === 'differs'
              ? `differs by ${difference!.toFixed(minorUnits(tally.currency))} ${tally.currency}${dailyOnly(tally) ? DAILY_ONLY : typingSlip(tally, microsoftTotal!)}`
              : 'no invoice total entered yet';
      return {
        invoiceNumber: tally.invoiceNumber,
        files: [...tally.files],
        cycleMonth: tally.cycleMonth,
        currency: tally.currency,
        lines: tally.lines,
        cost: tally.cost,
        tax: tally.tax,
        total: tally.total,
        microsoftTotal,
        difference,
        status,
        statusText,
      };
    });
  const reportedInvoices = new Set(invoices.map((i) => idKey(i.invoiceNumber)));
  const reportedMonths = new Set(input.cycles.map((c) => c.cycle.month));
  const missingByMonth = new Map<string, InvoiceEntry[]>();
  for (const entry of config.invoices.values()) {
    if (reportedInvoices.has(idKey(entry.invoiceNumber))) continue;
    const month = entry.billingDate === null ? null : cycleHolding(entry.billingDate, config.settings.cycleEndDay).month;
    // The table keeps every month's invoices: one dated outside the reported cycles is another month's, not missing.
    if (month !== null && !reportedMonths.has(month)) continue;
    warnings.push(`invoice ${entry.invoiceNumber} (${entry.where}) is not in the imported files of the reported cycles`);
    if (month !== null) missingByMonth.set(month, [...(missingByMonth.get(month) ?? []), entry]);
  }

  const cycles: CycleCheck[] = input.cycles.map((reportCycle) => {
    const own = invoices.filter((i) => i.cycleMonth === reportCycle.cycle.month && i.currency === reportCycle.currency);
    const invoicesTotal = Decimal.sum(own.map((i) => i.total.round(minorUnits(i.currency))));
    const missing = own.some((i) => i.microsoftTotal === null);
    const microsoftTotal = missing ? null : Decimal.sum(own.map((i) => i.microsoftTotal!));
    const difference = microsoftTotal === null ? null : invoicesTotal.minus(microsoftTotal);
    // An invoice has one currency: a Microsoft total typed with its sign or code says which cycle of a month of two
    // currencies it is missing from; one typed without is named under each.
    const missingInvoices = (missingByMonth.get(reportCycle.cycle.month) ?? [])
      .filter((entry) => entry.microsoftTotalCurrency === null || markFits(entry.microsoftTotalCurrency, reportCycle.currency))
      .map((entry) => entry.invoiceNumber);
    const untied = own.filter((i) => i.status === 'cannot tie');
    return {
      cycleMonth: reportCycle.cycle.month,
      currency: reportCycle.currency,
      cost: reportCycle.cost,
      invoicesTotal,
      microsoftTotal,
      difference,
      missingInvoices,
      ...cycleStatus(missingInvoices, untied, difference, reportCycle.currency),
    };
  });

  const unlinked = new Map<string, TenantTally>();
  const unpriced = new Map<string, ProductTally>();
  for (const lines of input.inScope.flatMap((entry) => entry.lines)) {
    for (const [key, tenant] of lines.unlinked) {
      const into = unlinked.get(key);
      if (into === undefined) unlinked.set(key, { ...tenant });
      else {
        into.lines += tenant.lines;
        into.cost = into.cost.plus(tenant.cost);
      }
    }
    for (const [key, product] of lines.unpriced) {
      const into = unpriced.get(key);
      if (into === undefined) unpriced.set(key, { ...product, customers: new Set(product.customers) });
      else {
        into.lines += product.lines;
        into.cost = into.cost.plus(product.cost);
        for (const customer of product.customers) into.customers.add(customer);
      }
    }
  }

  const byCycle = new Map<string, Set<string>>();
  for (const cycle of input.cycles) byCycle.set(cycle.cycle.month, (byCycle.get(cycle.cycle.month) ?? new Set()).add(cycle.currency));
  const mixedCurrencies = [...byCycle].filter(([, currencies]) => currencies.size > 1).map(([cycleMonth, currencies]) => ({ cycleMonth, currencies: [...currencies].sort() }));
  for (const { cycleMonth, currencies } of mixedCurrencies) warnings.push(`cycle ${cycleMonth} is billed in ${currencies.join(' and ')}: each currency is reported on its own`);
  const settingsCurrency = config.settings.currency;
  const reported = [...new Set(input.cycles.map((cycle) => cycle.currency))].sort();
  if (settingsCurrency === '' && reported.length > 1 && [...config.prices, ...config.customerPrices].some((entry) => isPricePerUnit(entry.method))) {
    // Without the Currency setting a Sales or Retail price has no currency: 26.40 meant in euros bills 26.40 pounds too.
    warnings.push(`the report holds lines in ${reported.join(' and ')}, and Settings names no Currency: Sales and Retail prices, which have none then, price the lines of each currency as if written in it; add the Currency setting (the currency the prices are in), so lines of the others are priced by markup`);
  }
  if (settingsCurrency !== '') {
    for (const cycle of input.cycles) {
      if (cycle.currency.toUpperCase() !== settingsCurrency) warnings.push(`cycle ${cycle.cycle.month} has lines in ${cycle.currency}, not the settings' ${settingsCurrency}: Sales and Retail prices, which are in ${settingsCurrency}, do not price them`);
    }
  }

  // The table's date is meant to be a day of the billing period; the invoice's own date (early the next month) moves
  // a file a cycle on without a word, as does a day written day-first and read month-first. A day of the period is
  // no mistake, but where the cycle end day splits the period it decides the cycle: said too. A file is billed whole
  // in one cycle, by the first of its invoices the table dates: another of them dated in another cycle is said
  // instead, as that, not the date, is what puts its lines where its date does not.
  for (const { document, cycle, billingDate, datedBy } of [...input.inScope, ...input.outOfScope]) {
    if (datedBy === null || cycle === null || billingDate === null) continue;
    const elsewhere = otherCycleInvoices(document, cycle.month, config);
    if (elsewhere.length > 0) {
      const others = elsewhere.map(({ entry, month }) => `${entry.invoiceNumber} in ${month} (${entry.where})`).join(', ');
      warnings.push(`${document.fileName}: the Invoices table dates its invoices in different cycles, ${datedBy} in ${cycle.month} and ${others}; a file is billed whole in one cycle, so it is billed in ${cycle.month}, by the date of ${datedBy}: correct the dates, or give each invoice's lines a file of its own`);
      continue;
    }
    const doubt = billingDateDoubt(document, billingDate, config.settings.cycleEndDay);
    if (doubt === null) continue;
    const entry = config.invoices.get(idKey(datedBy));
    warnings.push(`${document.fileName}: the Invoices table dates invoice ${datedBy} ${formatIsoDate(billingDate)}${entry ? ` (${entry.where})` : ''}, in cycle ${cycle.month}, ${doubt}`);
  }

  warnings.push(...priceFindings(config, input.cycles));
  warnings.push(...unsizedLineWarnings(input.inScope.flatMap((entry) => entry.lines)));

  warnings.push(...(input.usageWarnings ?? []));

  const unbilledLeftOut = new Set((input.unbilledLeftOut ?? []).map((entry) => entry.file));
  for (const document of input.documents) {
    for (const warning of document.warnings) {
      // An unbilled file left out is not "billed as it is": the warning that left it out says what became of it.
      if (warning === UNBILLED_FILE_WARNING && unbilledLeftOut.has(document.fileName)) continue;
      warnings.push(`${document.fileName}: ${warning}`);
    }
    if (document.status === 'imported' && document.billingDate === null) warnings.push(`${document.fileName}: no billing date could be inferred; enter one for its invoice`);
  }

  return {
    invoices,
    cycles,
    unlinkedTenants: [...unlinked.values()].sort((a, b) => b.cost.compare(a.cost)),
    unpricedProducts: [...unpriced.values()].sort((a, b) => b.cost.compare(a.cost)).map((p) => ({ ...p, customers: p.customers.size })),
    duplicates: input.documents
      .filter((d) => d.duplicateLines > 0)
      .map((d) => ({ file: d.fileName, lines: d.duplicateLines, cost: d.duplicateCost, duplicateOf: d.duplicateOf, wholeFile: d.status === 'duplicate' })),
    outsideRange: input.outOfScope.map(({ document, cycle, billingDate, datedBy }) => ({
      file: document.fileName,
      billingDate,
      billingDateFromInvoice: datedBy,
      cycleMonth: cycle?.month ?? null,
      ...billedOf(document, input.usageLeftOut?.find((entry) => entry.file === document.fileName)),
    })),
    usageLeftOut: input.usageLeftOut ?? [],
    unbilledLeftOut: input.unbilledLeftOut ?? [],
    mixedCurrencies,
    failedFiles: input.documents.filter((d) => d.status === 'failed' || d.status === 'cancelled').map((d) => d.problem),
    warnings,
  };
}

/** The file's invoices that the Invoices table dates in another cycle than `month`, the one the file is billed in. */
function otherCycleInvoices(document: ImportedDocument, month: string, config: BillingConfig): Array<{ entry: InvoiceEntry; month: string }> {
  return document.invoiceNumbers.flatMap((invoiceNumber) => {
    const entry = config.invoices.get(idKey(invoiceNumber));
    if (entry?.billingDate == null) return [];
    const itsMonth = cycleHolding(entry.billingDate, config.settings.cycleEndDay).month;
    return itsMonth === month ? [] : [{ entry, month: itsMonth }];
  });
}

/** What of an imported file is billed: its lines and cost less the copies dropped and any daily usage left out. */
export function billedOf(document: ImportedDocument, leftOut: UsageLeftOut | undefined): { lines: number; cost: Record<string, Decimal> } {
  const less = (currency: string) => (document.duplicateCost[currency] ?? Decimal.ZERO).plus(leftOut?.cost[currency] ?? Decimal.ZERO);
  return {
    lines: document.lineCount - (leftOut?.lines ?? 0),
    cost: Object.fromEntries(Object.entries(document.costTotal).map(([currency, cost]) => [currency, cost.minus(less(currency))])),
  };
}

/**
 * Where a billing date puts a file against the billing period its charges point to, in words, when that bills it in
 * another cycle than the period's last day would; null when it does not.
 */
export function billingDateDoubt(document: Pick<ImportedDocument, 'format' | 'inferredBillingDate'>, billingDate: number, cycleEndDay: CycleEndDay): string | null {
  if (document.inferredBillingDate === null) return null;
  const own = cycleHolding(document.inferredBillingDate, cycleEndDay).month;
  if (own === cycleHolding(billingDate, cycleEndDay).month) return null;
  const period = billingPeriodOf(document.format, document.inferredBillingDate, cycleEndDay);
  const itsPeriod = `its billing period (${formatIsoDate(period.start)} to ${formatIsoDate(period.end)})`;
  if (billingDate > period.end) return `after ${itsPeriod}, which its charges put in cycle ${own}: is that the invoice's date rather than a day of its billing period?`;
  if (billingDate < period.start) return `before ${itsPeriod}, which its charges put in cycle ${own}: is the date right (day and month the wrong way round)?`;
  return `a day of ${itsPeriod}, which the cycle end day splits: the file's own date, ${formatIsoDate(document.inferredBillingDate)}, would bill it in cycle ${own}`;
}

/**
 * The billing period a file's charges point to, ending on the file's own billing date (new commerce: the month's
 * last day, or the day before): new commerce bills calendar months; legacy bills the partner's cycles.
 */
function billingPeriodOf(format: FileFormat | null, ownBillingDate: number, cycleEndDay: CycleEndDay): { start: number; end: number } {
  if (format === 'nce-invoice' || format === 'nce-daily-usage') {
    // The month's last day, or the day after it where that is the cycle end day (BillingDateEvidence.infer).
    const last = new Date(ownBillingDate).getUTCDate() === 1 ? ownBillingDate - DAY_MS : ownBillingDate;
    const end = new Date(last);
    return { start: Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1), end: last };
  }
  const cycle = cycleHolding(ownBillingDate, cycleEndDay);
  return { start: cycle.start, end: cycle.end };
}

/**
 * Whether a cycle ties to Microsoft's invoices, in words. An invoice the table dates in the cycle and no file holds
 * comes first: the invoices imported may tie among themselves while the cycle's cost is short by a whole invoice.
 */
function cycleStatus(missingInvoices: readonly string[], untied: readonly InvoiceCheck[], difference: Decimal | null, currency: string): { status: CycleStatus; statusText: string } {
  if (missingInvoices.length > 0) {
    const one = missingInvoices.length === 1;
    const it = one ? 'it' : 'them';
    return {
      status: 'invoice missing',
      statusText: `${one ? 'invoice' : 'invoices'} ${missingInvoices.join(', ')} ${one ? 'is' : 'are'} missing: the Invoices table dates ${it} in this cycle, and no imported file holds ${it}`,
    };
  }
  // An invoice that cannot be tied leaves the cycle without a Microsoft total to compare with: no difference is made up.
  if (untied.length > 0) return { status: 'cannot tie', statusText: untied.map((i) => `invoice ${i.invoiceNumber} ${i.statusText}`).join('; ') };
  if (difference === null) return { status: 'no Microsoft total', statusText: 'a Microsoft total is not entered for every invoice yet' };
  if (difference.isZero()) return { status: 'ties', statusText: 'ties to the Microsoft invoices' };
  return { status: 'differs', statusText: `differs from the Microsoft invoices by ${difference.toFixed(minorUnits(currency))} ${currency}` };
}

/**
 * Why an invoice billed from daily usage files alone seldom ties: they carry no tax, and Microsoft's invoice rounds
 * each meter's month where the daily file has a line a day.
 */
const DAILY_ONLY = ': billed from a daily usage file, which has no tax and rounds by day, not by meter';

/**
 * The two slips a difference most often is, said after it: the invoice's subtotal typed for its total (the Invoices
 * table means the total with tax, as the invoice ends), and a credit note's total typed without its minus sign.
 */
function typingSlip(tally: InvoiceTally, microsoftTotal: Decimal): string {
  const decimals = minorUnits(tally.currency);
  const total = tally.total.round(decimals);
  if (!tally.tax.round(decimals).isZero() && microsoftTotal.equals(tally.cost.round(decimals))) {
    return `, its tax: the Microsoft total is the invoice's subtotal before tax (${total.toFixed(decimals)} with it)`;
  }
  if (total.sign() < 0 && microsoftTotal.equals(total.negate())) return ': a credit note, whose Microsoft total is negative, typed without its minus sign?';
  return '';
}

/** Per invoice (by its key), the currencies its lines come in, sorted. */
function invoiceCurrencies(tallies: Iterable<InvoiceTally>): Map<string, string[]> {
  const byInvoice = new Map<string, string[]>();
  for (const tally of tallies) {
    if (tally.invoiceNumber === '') continue;
    const key = idKey(tally.invoiceNumber);
    const currencies = byInvoice.get(key) ?? byInvoice.set(key, []).get(key)!;
    if (!currencies.includes(tally.currency)) currencies.push(tally.currency);
  }
  for (const currencies of byInvoice.values()) currencies.sort();
  return byInvoice;
}

/**
 * Why an invoice's lines cannot be compared with its Microsoft total, or null when they can. A Microsoft invoice is in
 * one currency: lines of one invoice in two (a file edited by hand, two files mixed up) are not each tied to the one
 * total, which would make up a difference in each currency; nor is the part of an invoice whose files are billed in
 * two cycles that one cycle holds. A total typed with another currency's sign or code
 * ("€24088.54" for a USD invoice) is not compared either.
 */
function whyNotTied(tally: InvoiceTally, currencies: readonly string[], places: readonly InvoicePlace[] | null, entry: InvoiceEntry | undefined): { statusText: string; warning: string | null } | null {
  if (currencies.length > 1) return { statusText: `cannot be tied: it is billed in ${currencies.join(' and ')}, and a Microsoft invoice has one currency`, warning: null };
  if (places !== null) return { statusText: `cannot be tied: its files are in cycles ${placesText(places)}`, warning: null };
  const mark = entry?.microsoftTotalCurrency ?? null;
  if (entry === undefined || mark === null || markFits(mark, tally.currency)) return null;
  const typed = `its Microsoft total (${entry.where}) is typed in ${mark.currencies.length === 1 ? mark.currencies[0] : mark.written}`;
  return {
    statusText: `cannot be tied: it is in ${tally.currency}, but ${typed}`,
    warning: `invoice ${tally.invoiceNumber} is in ${tally.currency}, but ${typed}: it is not compared; type the total of Microsoft's invoice in ${tally.currency}`,
  };
}

/** A cycle an invoice's files are billed in (null: files without a billing date), and whether it is reported. */
interface InvoicePlace {
  cycleMonth: string | null;
  files: string[];
  reported: boolean;
}

/**
 * Invoices whose files are billed in more than one cycle (each file goes to the cycle of its own billing date where
 * the Invoices table dates no invoice of it: parts of one invoice whose charges lie mostly in two months), with
 * where each file went, reported or not. Keyed by idKey of the invoice number.
 */
function invoicesInSeveralCycles(
  inScope: ReadonlyArray<{ document: ImportedDocument; cycle: BillingCycle; lines: readonly DocumentLines[] }>,
  outOfScope: ReadonlyArray<{ document: ImportedDocument; cycle: BillingCycle | null }>,
  usageLeftOut: ReadonlyArray<{ file: string; invoices: readonly string[] }>,
): Map<string, { invoiceNumber: string; places: InvoicePlace[] }> {
  const byInvoice = new Map<string, { label: string; places: Map<string, InvoicePlace> }>();
  const add = (invoiceNumber: string, cycleMonth: string | null, file: string, reported: boolean) => {
    const key = idKey(invoiceNumber);
    const invoice = byInvoice.get(key) ?? byInvoice.set(key, { label: invoiceNumber, places: new Map() }).get(key)!;
    const placeKey = `${cycleMonth}\u0000${reported}`;
    const place = invoice.places.get(placeKey) ?? invoice.places.set(placeKey, { cycleMonth, files: [], reported }).get(placeKey)!;
    if (!place.files.includes(file)) place.files.push(file);
  };
  for (const { document, cycle, lines } of inScope) {
    for (const tally of lines.flatMap((part) => [...part.invoices.values()])) if (tally.invoiceNumber !== '') add(tally.invoiceNumber, cycle.month, document.fileName, true);
  }
  for (const { document, cycle } of outOfScope) {
    // A daily usage file's invoices billed from invoice files are not billed from it, in any cycle.
    const leftOut = new Set(usageLeftOut.find((entry) => entry.file === document.fileName)?.invoices.map(idKey) ?? []);
    for (const invoiceNumber of document.invoiceNumbers) if (invoiceNumber !== '' && !leftOut.has(idKey(invoiceNumber))) add(invoiceNumber, cycle?.month ?? null, document.fileName, false);
  }
  const several = new Map<string, { invoiceNumber: string; places: InvoicePlace[] }>();
  for (const [key, { label, places }] of byInvoice) {
    if (places.size < 2) continue;
    several.set(key, { invoiceNumber: label, places: [...places.values()].sort((a, b) => (a.cycleMonth ?? '\uffff').localeCompare(b.cycleMonth ?? '\uffff')) });
  }
  return several;
}

/** "2026-12 (b.csv, outside the selected cycles) and 2027-01 (a.csv)", after "cycles". */
function placesText(places: readonly InvoicePlace[]): string {
  const texts = places.map((place) =>
    place.cycleMonth === null ? `none (${place.files.join(', ')}: no billing date)` : `${place.cycleMonth} (${place.files.join(', ')}${place.reported ? '' : ', outside the selected cycles'})`,
  );
  return texts.length <= 2 ? texts.join(' and ') : `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
}

/** Lines named one by one; the rest are counted. */
const MOST_UNSIZED_NAMED = 10;

/**
 * Lines a Sales or Retail price could not size (no quantity; a seat change, or a promotion passed on, without the
 * UnitPrice its share of the month is measured by): passed on at cost or priced by the next rule, which may be far from what the price list
 * means. Each is named, with its file and row, for the accountant to check against Microsoft's invoice.
 */
function unsizedLineWarnings(parts: readonly DocumentLines[]): string[] {
  const named: UnsizedLine[] = parts.flatMap((part) => part.unsized.named);
  const count = parts.reduce((sum, part) => sum + part.unsized.count, 0);
  const warnings = named.slice(0, MOST_UNSIZED_NAMED).map((line) => {
    const what = `${line.customer}'s ${line.product}, ${line.transactionType} (${line.chargeType}) costing ${line.cost.toFixed(minorUnits(line.currency))} ${line.currency}`;
    // A 100 % promotion's line at cost is sold for nothing.
    const done = !line.atCost ? `priced by ${line.rule} instead` : line.cost.isZero() ? 'billed as no charge' : 'passed on at cost';
    return `${line.file}, row ${line.row}: ${what}: ${line.reason}, so ${line.price} cannot size it; ${done}`;
  });
  const more = count - warnings.length;
  if (more > 0) warnings.push(`${more} more line${more === 1 ? '' : 's'} a Sales or Retail price could not size (no quantity, no UnitPrice to prorate by, or a 100% promotion's charge type that does not say charge or refund) were passed on at cost, billed as no charge or priced by the next rule`);
  return warnings;
}

/** A Sales price, or a Retail price of the table's own: an amount, in the Settings currency. */
function isPricePerUnit(method: PriceMethod): boolean {
  return method.kind === 'fixed' || (method.kind === 'retail' && method.retailPrice !== null);
}
