import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPossibleMarkup, readConfig, type BillingConfig, type ConfigTable, type TableName } from '../billing/config';
import { minorUnits } from '../billing/currency';
import { monthsBetween, parseCycleEndDay, parseMonth } from '../billing/cycles';
import { formatIsoDate } from '../billing/dates';
import { parseDecimalText } from '../billing/decimal';
import { billedOf } from '../billing/reconcile';
import { billingDateOf } from '../billing/report';
import { writeJsonBlocks } from './json-blocks';
import type { ImportedDocument } from '../import/import-file';
import type { CsvOptions } from '../exports/csv';
import { ConfigFileError, readCsvTable, readWorkbookTables } from './config-files';
import { keepHeapGrowthModest } from './heap';
import { checkOutputFolder, OutputError } from './output-folders';
import { checkOutputsApart, placeOf } from './staged-outputs';
import { sheetLimitProblem } from '../workbook/build-layout';
import { writeOutputs } from './write-outputs';
import { nextSteps } from './next-steps';
import { runReport, type ReportRun } from './run-report';

const USAGE = `Usage: npm run report -- [FILES...] [options]

Bills Partner Center reconciliation files (.csv, .tsv, .csv.gz, .json/.jsonl[.gz], or one saved from Excel as .xlsx) under
the price lists. A folder among FILES stands for the .csv, .tsv, .json(l) and .gz files directly in it.
With no FILES: the bundled sample month (sample/), written to out/.

  --config book.xlsx        configuration tables (Settings, Customers, Prices, Customer Prices, Invoices)
  --settings F.csv          Settings table as CSV (Setting,Value)
  --customers F.csv         Customers table as CSV
  --prices F.csv            Prices table as CSV
  --customer-prices F.csv   Customer Prices table as CSV
  --invoices F.csv          Invoices table as CSV
  --cycle-end-day 1-28|last billing cycle end day (default: Settings, else last)
  --markup PCT              default markup % (default: Settings, else 0); a negative one as --markup=-5
  --from YYYY-MM --to YYYY-MM  only the cycles ending in these months (default: every cycle in the data);
                            one of them alone is that one month
  --out report.xlsx         write the report workbook
  --csv billing.csv         write the billing-platform CSV (one row per invoice line, with cost and margin)
  --customer-csv DIR        write one CSV per customer and cycle, without cost
  --semicolon               CSV with ';' and decimal commas (European Excel)
  --json                    print the report as JSON on stdout (nothing else goes to stdout)
  --keep-going              bill the good files when some cannot be read (exit code 2 instead of 1)

Exit codes: 0 done; 1 bad input, nothing written; 2 written, but some files were rejected; 3 outputs asked for, but no billing cycle to report: nothing written.`;

const SAMPLE_DIR = resolve(__dirname, '../../sample');

class UsageError extends Error {}

/** For the tests alone: a sheet this many rows tall, to see the refusal without a month of half a million detail lines. */
const TEST_SHEET_ROWS = Number(process.env.CSP_BILLING_TEST_SHEET_ROWS) || undefined;

/** The files a folder given as FILES (or the sample's month) is taken to hold: Partner Center downloads, Excel's re-saves. */
const RECONCILIATION_FILE = /\.(csv|tsv|json|jsonl|gz)$/i;

/** FILES as given, a folder standing for the reconciliation files directly in it (in name order). */
async function filesOf(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const found = await stat(path).catch(() => null);
    if (found === null || !found.isDirectory()) {
      files.push(path);
      continue;
    }
    const inside = (await readdir(path)).filter((name) => RECONCILIATION_FILE.test(name) && !name.startsWith('.')).sort();
    if (inside.length === 0) throw new UsageError(`the folder ${path} holds no reconciliation files (.csv, .tsv, .json, .jsonl, .gz)`);
    files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      settings: { type: 'string' },
      customers: { type: 'string' },
      prices: { type: 'string' },
      'customer-prices': { type: 'string' },
      invoices: { type: 'string' },
      'cycle-end-day': { type: 'string' },
      markup: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      csv: { type: 'string' },
      'customer-csv': { type: 'string' },
      semicolon: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'keep-going': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let files = await filesOf(positionals);
  const csvTables: Array<[TableName, string | undefined]> = [
    ['Settings', values.settings],
    ['Customers', values.customers],
    ['Prices', values.prices],
    ['Customer Prices', values['customer-prices']],
    ['Invoices', values.invoices],
  ];
  const usingSample = files.length === 0;
  if (usingSample) {
    files = await filesOf([join(SAMPLE_DIR, '2026-10')]);
    if (values.config === undefined && csvTables.every(([, path]) => path === undefined)) {
      const sampleConfig: Record<TableName, string> = {
        Settings: 'settings.csv',
        Customers: 'customers.csv',
        Prices: 'prices.csv',
        'Customer Prices': 'customer-prices.csv',
        Invoices: 'invoices.csv',
      };
      for (const entry of csvTables) entry[1] = join(SAMPLE_DIR, 'config', sampleConfig[entry[0]]);
    }
    if (!values.json && values.out === undefined && values.csv === undefined && values['customer-csv'] === undefined) {
      values.out = 'out/report.xlsx';
      values.csv = 'out/billing.csv';
      values['customer-csv'] = 'out/customers';
    }
  }

  // Configuration: the workbook's tables, then CSV tables (a CSV given explicitly replaces the workbook's table).
  const tables: ConfigTable[] = values.config === undefined ? [] : await readWorkbookTables(values.config);
  for (const [name, path] of csvTables) {
    if (path === undefined) continue;
    const index = tables.findIndex((t) => t.name === name);
    const table = await readCsvTable(name, path);
    if (index >= 0) tables[index] = table;
    else tables.push(table);
  }
  const { config, problems } = readConfig(tables);
  if (values['cycle-end-day'] !== undefined) {
    const day = parseCycleEndDay(values['cycle-end-day']);
    if (day === null) throw new UsageError(`--cycle-end-day "${values['cycle-end-day']}" must be 1 to 28 or "last"`);
    config.settings.cycleEndDay = day;
  }
  if (values.markup !== undefined) {
    const markup = parseDecimalText(values.markup.replace(/%$/, ''));
    if (markup === null || values.markup.trim() === '') throw new UsageError(`--markup "${values.markup}" is not a percentage`);
    if (!isPossibleMarkup(markup)) throw new UsageError(`--markup ${values.markup} would sell for nothing or less: it must be above -100`);
    config.settings.defaultMarkupPercent = markup;
  }
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    process.stderr.write(`The configuration tables have ${problems.length} problem${problems.length === 1 ? '' : 's'}: no report was produced.\n`);
    return 1;
  }

  const months = monthRange(values.from, values.to);
  const outputs: Array<[string, string | undefined]> = [
    ['--out', values.out === undefined ? undefined : resolve(values.out, '..')],
    ['--csv', values.csv === undefined ? undefined : resolve(values.csv, '..')],
    ['--customer-csv', values['customer-csv']],
  ];
  for (const [option, folder] of outputs) if (folder !== undefined) await checkOutputFolder(option, folder);
  const outputFiles: Array<[string, string | undefined]> = [
    ['--out', values.out],
    ['--csv', values.csv],
    ['--customer-csv', values['customer-csv']],
  ];
  for (const [option, path] of outputFiles.slice(0, 2)) {
    if (path !== undefined && (await stat(path).catch(() => null))?.isDirectory()) throw new OutputError(`${option}: ${path} is a folder; name the file to write`);
  }
  const inputs = [...files, ...(values.config === undefined ? [] : [values.config]), ...csvTables.flatMap(([, path]) => (path === undefined ? [] : [path]))];
  checkOutputsApart(outputFiles, inputs);
  // The next run of that folder would read the statements as reconciliation files.
  const customerFolder = values['customer-csv'];
  if (customerFolder !== undefined && (await Promise.all(positionals.map(async (path) => (await stat(path).catch(() => null))?.isDirectory() && placeOf(path) === placeOf(customerFolder)))).some(Boolean)) {
    throw new OutputError(`--customer-csv: ${customerFolder} is a folder of reconciliation files this run reads; write the customer files to another folder`);
  }
  const bar = progressBar();
  let largeFile = false;
  const onProgress = (file: string, bytes: number, size: number) => {
    if (size < 5_000_000) return;
    largeFile = true;
    bar.update(file, bytes / size);
  };
  // After a large file, each step says what it does: the bar would otherwise stand at 100 % for many seconds
  // (300,000 lines: 13 s before the workbook's rows, and the CSVs after them).
  const progress = {
    ...bar,
    status: (text: string) => {
      if (largeFile) bar.status(text);
    },
  };
  const notes: string[] = [];
  // Lines are kept for the workbook's Billing Lines only.
  const { report, documents } = await runReport(files, { config, months, keepLines: values.out !== undefined, onProgress, onStep: progress.status, onNote: (note) => notes.push(note) });
  progress.done();

  const rejected = documents.filter((d) => d.status === 'failed');
  for (const document of rejected) process.stderr.write(`${document.problem}${document.moreProblems > 0 ? ` (and ${document.moreProblems} more rows with problems)` : ''}\n`);
  if (rejected.length > 0 && !values['keep-going']) {
    process.stderr.write('Nothing was written: fix the file(s) above, or use --keep-going to bill the other files.\n');
    return 1;
  }

  // A workbook past Excel's last row is refused before anything is written (and before its rows are laid out): the
  // other outputs of the run are not written either, as for any other refusal.
  const tooLarge = values.out === undefined ? null : sheetLimitProblem(report, 'the billing CSV (--csv)', TEST_SHEET_ROWS);
  if (tooLarge !== null) {
    process.stderr.write(`--out ${values.out}: ${tooLarge}\nNothing was written.\n`);
    return 1;
  }

  const csvOptions: CsvOptions = values.semicolon ? { delimiter: ';', decimalComma: true } : {};
  const written: string[] = [];
  const asked = values.out !== undefined || values.csv !== undefined || values['customer-csv'] !== undefined;
  // Last month's files in the same folder are billed again along with this month's: said, in case that was not meant.
  const cycleMonths = [...new Set(report.cycles.map((cycle) => cycle.cycle.month))];
  if (months === null && cycleMonths.length > 1) {
    notes.push(`the files hold ${cycleMonths.length} billing cycles (${cycleMonths.join(', ')}), and each is billed: --from ${cycleMonths[cycleMonths.length - 1]} bills the latest alone`);
  }
  // An empty report would replace last month's files with nothing: they are kept.
  if (asked && report.cycles.length === 0) notes.push('nothing was written: there is no billing cycle to report (the files there are kept)');
  else if (asked) {
    const done = await writeOutputs(report, { config, documents }, { out: values.out, csv: values.csv, customerCsv: values['customer-csv'], csvOptions, inputs }, progress);
    written.push(...done.written);
    notes.push(...done.notes);
  }

  if (values.json) {
    printJson(report);
    // Nothing but the JSON on stdout: what the summary would note goes to stderr.
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
  } else {
    const r = report.reconciliation;
    const next = nextSteps({
      workbook: values.out !== undefined && written.includes(values.out) ? values.out : undefined,
      asked,
      billed: report.cycles.length > 0,
      unlinkedTenants: r.unlinkedTenants.length,
      unpricedProducts: r.unpricedProducts.length,
      invoicesWithoutTotal: r.invoices.filter((invoice) => invoice.status === 'no Microsoft total').length,
    });
    printSummary(report, documents, config, written, notes, months !== null, next);
  }
  if (rejected.length > 0) return report.cycles.length === 0 ? 1 : 2;
  // A script that goes on to send the outputs must not take last month's, kept in place, for this run's.
  if (asked && report.cycles.length === 0) return 3;
  return 0;
}

/** The report as JSON on stdout, handed over in blocks of about a megabyte as it is made (never one huge string). */
function printJson(report: ReportRun['report']): void {
  // A reader that stops early (`| head`) closes the pipe: the outputs are written, so that is no failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  writeJsonBlocks(report, (bytes) => process.stdout.write(bytes));
  process.stdout.write('\n');
}

/** "293.90 USD, 9.00 EUR" */
function costText(cost: Record<string, { toFixed(decimals: number): string }>, separator = ', '): string {
  return Object.entries(cost)
    .map(([currency, value]) => `${value.toFixed(minorUnits(currency))} ${currency}`)
    .join(separator);
}

/** The first names of a long list (largest cost first), and how many more: the full lists are in the workbook and the JSON. */
function someOf(names: readonly string[], shown = 10): string {
  // A name holding a comma ("Contoso, Ltd.") is quoted, or the list would read as two names.
  const listed = names.slice(0, shown).map((name) => (name.includes(',') ? `"${name}"` : name));
  return names.length <= shown ? listed.join(', ') : `${listed.join(', ')} and ${names.length - shown} more (see the Reconciliation sheet or --json)`;
}

function monthRange(from: string | undefined, to: string | undefined): Set<string> | null {
  if (from === undefined && to === undefined) return null;
  const start = parseMonth(from ?? to!);
  const end = parseMonth(to ?? from!);
  if (start === null || end === null) throw new UsageError(`--from/--to must be months written YYYY-MM, e.g. 2026-10`);
  const months = monthsBetween(start, end);
  if (months.length === 0) throw new UsageError(`--from ${from} is after --to ${to}`);
  return new Set(months);
}

/** The date a file is billed on, and where it came from when the Invoices table's date is not the file's own. */
function billingDateText(document: ImportedDocument, config: BillingConfig): string {
  const { billingDate, invoice } = billingDateOf(document, config);
  if (billingDate === null) return 'no billing date';
  const applied = `billing date ${formatIsoDate(billingDate)}`;
  if (invoice === null || billingDate === document.billingDate) return applied;
  return `${applied} from the Invoices table, invoice ${invoice} (the file implies ${document.billingDate === null ? 'no date' : formatIsoDate(document.billingDate)})`;
}

function printSummary(
  report: ReportRun['report'],
  documents: ReportRun['documents'],
  config: BillingConfig,
  written: string[],
  notes: string[],
  ranged: boolean,
  next: string[],
): void {
  const out: string[] = [];
  const leftOut = new Map(report.reconciliation.usageLeftOut.map((entry) => [entry.file, entry]));
  const unbilled = new Map(report.reconciliation.unbilledLeftOut.map((entry) => [entry.file, entry]));
  for (const d of documents) {
    const estimates = unbilled.get(d.fileName);
    if (estimates !== undefined) {
      out.push(`${d.fileName}: left out, an unbilled file of estimates: its customers' charges are billed from ${estimates.billedIn.join(' and ')}`);
      continue;
    }
    const usage = leftOut.get(d.fileName);
    // Nothing of it is billed: its count of lines and its cost would read as billed.
    if (usage?.wholeFile) {
      out.push(`${d.fileName}: left out, its Azure usage is billed from ${usage.billedIn.join(' and ')}`);
      continue;
    }
    if (d.status === 'duplicate') {
      out.push(`${d.fileName}: skipped, ${d.duplicateLines === 1 ? 'its line' : `all ${d.duplicateLines} lines`} already in ${d.duplicateOf.join(', ')}`);
      continue;
    }
    // The lines billed: a duplicate dropped, or a daily line of an invoice billed from its invoice file, is not billed from this file.
    const billed = d.status === 'imported' ? billedOf(d, usage) : { lines: d.lineCount, cost: d.costTotal };
    const cost = costText(billed.cost);
    const dropped = d.duplicateLines > 0 && d.status === 'imported' ? ` (${d.duplicateLines} more already imported: dropped)` : '';
    const left = usage === undefined ? '' : ` (${usage.lines} more of invoice ${usage.invoices.join(', ')} left out: its Azure usage is billed from ${usage.billedIn.join(' and ')})`;
    out.push(`${d.fileName}: ${d.status === 'imported' ? d.formatLabel : d.status}, ${billed.lines} lines${dropped}${left}, cost ${cost || '0'}, ${billingDateText(d, config)}`);
  }
  for (const cycle of report.cycles) {
    const decimals = minorUnits(cycle.currency);
    out.push('');
    out.push(`Cycle ${formatIsoDate(cycle.cycle.start)} to ${formatIsoDate(cycle.cycle.end)} (report dated ${formatIsoDate(cycle.cycle.reportDate)}), ${cycle.currency}`);
    out.push(`  ${cycle.organizations.length} organizations  cost ${cycle.cost.toFixed(decimals)}  sales ${cycle.sales.toFixed(decimals)}  margin ${cycle.margin.toFixed(decimals)}`);
  }
  const r = report.reconciliation;
  // Without --from/--to a file is outside only for want of a billing date.
  if (report.cycles.length === 0) {
    out.push('', r.outsideRange.length === 0 ? 'No lines to bill.' : ranged ? 'No billing cycle to report in the selected months.' : 'No billing cycle to report: no file has a billing date.');
  }
  if (r.invoices.length > 0 || r.outsideRange.length > 0) out.push('', 'Reconciliation');
  for (const invoice of r.invoices) out.push(`  invoice ${invoice.invoiceNumber || '(none)'}: total ${invoice.total.toFixed(minorUnits(invoice.currency))} ${invoice.currency}, ${invoice.statusText}`);
  for (const check of r.cycles) out.push(`  cycle ${check.cycleMonth} (${check.currency}): ${check.statusText}`);
  if (r.unlinkedTenants.length > 0) out.push(`  ${r.unlinkedTenants.length} tenant(s) not linked in the Customers table: ${someOf(r.unlinkedTenants.map((t) => t.name || t.customerId))}`);
  if (r.unpricedProducts.length > 0) out.push(`  ${r.unpricedProducts.length} product(s) without a price (default markup used): ${someOf(r.unpricedProducts.map((p) => p.name))}`);
  if (r.outsideRange.length > 0) out.push(`  ${r.outsideRange.length} file(s) ${ranged ? 'outside the selected cycles' : 'without a billing date'}, not billed: ${someOf(r.outsideRange.map((o) => `${o.file} (${o.cycleMonth === null ? 'no billing date' : `cycle ${o.cycleMonth}`}: ${costText(o.cost, ' and ') || '0'})`))}`);
  for (const warning of r.warnings) out.push(`  warning: ${warning}`);
  for (const note of notes) out.push(`  note: ${note}`);
  if (written.length > 0) out.push('', `Written: ${written.join(', ')}`);
  if (next.length > 0) out.push('', ...next);
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * Started by bin/csp-billing.js, which holds a channel to this process: when the launcher is gone (killed outright,
 * which it cannot pass on), the channel closes and the run stops as on a kill, discarding what it was writing.
 */
function stopWithTheLauncher(): void {
  if (process.channel === undefined) return;
  // The channel alone must not keep a finished run waiting.
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/** A one-line progress bar on stderr, on a terminal only: reading a large file, writing a large workbook. */
function progressBar(): { update(what: string, share: number): void; status(text: string): void; done(): void } {
  const enabled = process.stderr.isTTY === true;
  let shown = false;
  let lastLine = '';
  return {
    status(text) {
      if (!enabled) return;
      process.stderr.write(`\r\x1b[K${text.slice(0, 72)}…`);
      shown = true;
      lastLine = '';
    },
    update(what, share) {
      if (!enabled) return;
      const width = 30;
      const done = Math.min(1, share);
      const filled = Math.round(done * width);
      const line = `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}% ${what.slice(0, 40)}`;
      // Only what changed is drawn again: a large file reports progress about a hundred times a second.
      if (line === lastLine) return;
      lastLine = line;
      process.stderr.write(line);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
      lastLine = '';
    },
  };
}

keepHeapGrowthModest();
stopWithTheLauncher();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A one-line reason, never a stack trace: the accountant acts on the message.
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') process.stderr.write(`File not found: ${(error as { path?: string }).path ?? message}\n`);
    else if (error instanceof OutputError) process.stderr.write(`${message}\n`);
    else if (error instanceof ConfigFileError) process.stderr.write(`${message}\nA configuration file could not be read: no report was produced.\n`);
    else if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${message}\nRun with --help for the options.\n`);
    else process.stderr.write(`Could not produce the report: ${message}\n`);
    process.exitCode = 1;
  },
);
