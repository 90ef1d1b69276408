/**
 * The command line as the accountant runs it: `node --import tsx src/cli/main.ts FILES --prices ... --json`. Each
 * run is a process (about a second), so the runs start together once and the tests read their results.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { billingFixture } from '../helpers/billing-fixtures';
import { configurationTables, FABRIKAM_ID, writeConfigurationWorkbook } from '../helpers/billing-workbook';
import { cli, ROOT, type Run } from '../helpers/cli';
import { NCE_INVOICE_47, nceInvoiceRow, readCsv, toCsv } from '../helpers/partner-center-files';

jest.setTimeout(60_000);


const OCTOBER = billingFixture('nce-invoice-2026-10.csv');
const NOVEMBER = billingFixture('nce-invoice-2026-11.csv');
const NOT_A_RECONCILIATION_FILE = billingFixture('not-a-reconciliation-file.csv');
const NOVEMBER_EUR = join(ROOT, 'test', 'fixtures', 'nce-invoice-2026-11-eur.csv');
const UNBILLED_DECEMBER = join(ROOT, 'test', 'fixtures', 'nce-invoice-unbilled-2026-12.csv');
const CSV_CONFIG = [
  ['--settings', 'settings.csv'],
  ['--customers', 'customers.csv'],
  ['--prices', 'prices.csv'],
  ['--customer-prices', 'customer-prices.csv'],
  ['--invoices', 'invoices.csv'],
].flatMap(([option, file]) => [option, billingFixture(file)]);

let dir: string;
const out = (name: string) => join(dir, name);
const runs: Record<string, Run> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csp-billing-cli-'));
  await writeConfigurationWorkbook(out('book.xlsx'));
  // Sales prices formatted as euros: in a USD workbook (the Settings currency), and in a EUR one beside plain numbers.
  const euroPrices = (currency: string, format: string | null) => {
    const tables = configurationTables();
    tables[0].rows[2][1] = currency;
    if (format !== null) tables[2].formats = { 'Sales price': format };
    return tables;
  };
  await writeConfigurationWorkbook(out('euro-price.xlsx'), euroPrices('USD', '[$€-x-euro2] #,##0.00'));
  mkdirSync(out('eur-plain'));
  mkdirSync(out('eur-formatted'));
  await writeConfigurationWorkbook(out('eur-plain/book.xlsx'), euroPrices('EUR', null));
  await writeConfigurationWorkbook(out('eur-formatted/book.xlsx'), euroPrices('EUR', '#,##0.00\\ [$€-407]'));
  await writeConfigurationWorkbook(out('dollar-price.xlsx'), euroPrices('EUR', '$#,##0.00'));
  writeFileSync(out('plain-file'), 'not a folder');
  const budget = new ExcelJS.Workbook();
  budget.addWorksheet('Budget').addRow(['Item', 'Amount']);
  await budget.xlsx.writeFile(out('budget.xlsx'));
  mkdirSync(out('downloads/2026-10'), { recursive: true });
  for (const file of [OCTOBER, NOVEMBER]) copyFileSync(file, out(`downloads/2026-10/${basename(file)}`));
  writeFileSync(out('downloads/2026-10/notes.docx'), 'not a reconciliation file');
  mkdirSync(out('downloads/empty'));
  // Last run's outputs, and a folder standing where this run's customer file goes.
  mkdirSync(out('again/customers/2026-10 Fabrikam.csv'), { recursive: true });
  writeFileSync(out('again/report.xlsx'), 'last run');
  writeFileSync(out('again/billing.csv'), 'last run');
  mkdirSync(out('kept'));
  writeFileSync(out('kept/billing.csv'), 'last run');
  mkdirSync(out('stale/customers'), { recursive: true });
  writeFileSync(out('stale/customers/2026-10 Fourth Coffee.csv'), 'last run');
  mkdirSync(out('inputs/a-folder.csv'), { recursive: true });
  copyFileSync(OCTOBER, out('inputs/october.csv'));
  symlinkSync(out('inputs'), out('inputs-link'));
  writeFileSync(out('customers-extra.csv'), 'Customer ID,Organization,Markup %,Billable\nabc,Foo,10,TRUE,extra\n');
  writeFileSync(out('invoices-missing.csv'), 'Invoice number,Billing date,Microsoft total\nG100000001,10/31/2026,293.90\nG100000009,10/31/2026,120.00\n');
  // November's invoice dated by the invoice's own date, early December: the file goes to cycle 2026-12.
  writeFileSync(out('invoices-december.csv'), 'Invoice number,Billing date,Microsoft total\nG100000002,12/5/2026,170.00\n');
  // A daily usage file of invoices G300000001 (5.29 over two days) and G300000002 (9.12), and G300000001's invoice
  // file, which bills the same usage by meter for the month (or less of it: edited).
  const daily = readCsv(readFileSync(join(ROOT, 'test', 'fixtures', 'daily-rated-usage-2026-10.csv'), 'utf8'));
  const day = (invoice: string, cost: string) => daily.header.map((column, i) => ({ InvoiceNumber: invoice, BillingPreTaxTotal: cost, PricingPreTaxTotal: cost })[column] ?? daily.rows[0][i]);
  writeFileSync(out('daily-two-invoices.csv'), toCsv(daily.header, [day('G300000001', '2.64'), day('G300000002', '9.12'), day('G300000001', '2.65')]));
  const azure = { InvoiceNumber: 'G300000001', ProductId: 'DZH318Z0BQ3Q', SkuId: '0001', SkuName: 'D2 v3/D2s v3', ProductName: 'Virtual Machines', ChargeType: 'new', UnitPrice: '0.096', Quantity: '58' };
  const meterRow = (cost: string) =>
    nceInvoiceRow({ ...azure, Subtotal: cost, Total: cost, SubscriptionDescription: 'Azure plan', TermAndBillingCycle: '', BillingFrequency: '', ChargeStartDate: '10/1/2026', ChargeEndDate: '10/31/2026', MeterDescription: 'Virtual Machines - D2 v3/D2s v3', ProductCategory: 'Azure' });
  writeFileSync(out('invoice-G300000001.csv'), toCsv(NCE_INVOICE_47, [nceInvoiceRow({ InvoiceNumber: 'G300000001' }), meterRow('5.29')]));
  // An invoice file whose lines name no charge dates: nothing dates it.
  writeFileSync(out('undated.csv'), toCsv(NCE_INVOICE_47, [nceInvoiceRow({ InvoiceNumber: 'G400000001', ChargeStartDate: '', ChargeEndDate: '', Subtotal: '12.00', Total: '12.00' })]));
  writeFileSync(out('invoice-G300000001-edited.csv'), toCsv(NCE_INVOICE_47, [nceInvoiceRow({ InvoiceNumber: 'G300000001' }), meterRow('1.00')]));
  // December's unbilled (recent activity) file and the closed file of the same charges, invoice G300000012.
  const unbilled = readCsv(readFileSync(UNBILLED_DECEMBER, 'utf8'));
  const closed = unbilled.rows.map((row) => unbilled.header.map((column, i) => ({ InvoiceNumber: 'G300000012', BillingFrequency: 'Monthly' })[column] ?? row[i]));
  writeFileSync(out('december-G300000012.csv'), toCsv(unbilled.header, closed));
  const planned: Record<string, string[]> = {
    month: [OCTOBER, NOVEMBER, ...CSV_CONFIG, '--from', '2026-10', '--to', '2026-10', '--json', '--out', out('month/report.xlsx'), '--csv', out('month/billing.csv'), '--customer-csv', out('month/customers')],
    badFile: [OCTOBER, NOT_A_RECONCILIATION_FILE, ...CSV_CONFIG, '--json', '--out', out('bad/report.xlsx'), '--csv', out('bad/billing.csv')],
    keepGoing: [OCTOBER, NOT_A_RECONCILIATION_FILE, ...CSV_CONFIG, '--keep-going', '--json', '--csv', out('keep/billing.csv')],
    missingFile: [out('no-such-file.csv'), ...CSV_CONFIG, '--json'],
    badOption: [OCTOBER, '--form', '2026-10'],
    badMonth: [OCTOBER, '--from', '2026-13', '--json'],
    malformedPrices: [OCTOBER, '--prices', billingFixture('prices-malformed.csv'), '--json', '--out', out('malformed/report.xlsx'), '--csv', out('malformed/billing.csv')],
    shiftedCustomers: [OCTOBER, '--customers', out('customers-extra.csv'), '--json', '--csv', out('shifted/billing.csv')],
    workbook: [OCTOBER, '--config', out('book.xlsx'), '--json'],
    euroPriceInUsd: [OCTOBER, '--config', out('euro-price.xlsx'), '--json'],
    eurPlain: [NOVEMBER_EUR, '--config', out('eur-plain/book.xlsx'), '--json'],
    eurFormatted: [NOVEMBER_EUR, '--config', out('eur-formatted/book.xlsx'), '--json'],
    dollarPriceInEur: [NOVEMBER_EUR, '--config', out('dollar-price.xlsx'), '--json'],
    csvAsWorkbook: [OCTOBER, '--config', billingFixture('prices.csv'), '--json'],
    wrongWorkbook: [OCTOBER, '--config', out('budget.xlsx'), '--json'],
    folder: [out('downloads/2026-10'), ...CSV_CONFIG, '--json'],
    files: [OCTOBER, NOVEMBER, ...CSV_CONFIG, '--json'],
    emptyFolder: [out('downloads/empty'), '--json'],
    outOfRange: [OCTOBER, '--from', '2025-01', '--to', '2025-02'],
    undated: [out('undated.csv')],
    outUnderAFile: [OCTOBER, '--out', out('plain-file/report.xlsx')],
    customerCsvInAFile: [OCTOBER, '--csv', out('fine/billing.csv'), '--customer-csv', out('plain-file')],
    customersIsAFolder: [OCTOBER, '--customers', out('downloads'), '--json'],
    csvThroughLink: [out('inputs/october.csv'), '--csv', out('inputs-link/october.csv')],
    customerOverCsv: [OCTOBER, ...CSV_CONFIG, '--csv', out('clash/2026-10 Fabrikam.csv'), '--customer-csv', out('clash')],
    customersInInputs: [out('downloads/2026-10'), '--customer-csv', out('downloads/2026-10')],
    nothingInRange: [OCTOBER, '--from', '2025-01', '--csv', out('kept/billing.csv')],
    csvOverInput: [out('inputs/october.csv'), '--csv', out('inputs/october.csv')],
    csvOverPrices: [OCTOBER, ...CSV_CONFIG, '--csv', billingFixture('prices.csv')],
    csvIsAFolder: [OCTOBER, '--out', out('inputs/report.xlsx'), '--csv', out('inputs/a-folder.csv')],
    cannotReplace: [OCTOBER, ...CSV_CONFIG, '--out', out('again/report.xlsx'), '--csv', out('again/billing.csv'), '--customer-csv', out('again/customers')],
    staleStatements: [OCTOBER, ...CSV_CONFIG, '--customer-csv', out('stale/customers')],
    missingInvoice: [OCTOBER, '--invoices', out('invoices-missing.csv')],
    datedByTable: [OCTOBER, NOVEMBER, '--invoices', out('invoices-december.csv'), '--from', '2026-10', '--to', '2026-11'],
    duplicateFile: [OCTOBER, out('inputs/october.csv')],
    commaInName: [join(ROOT, 'test', 'fixtures', 'nce-invoice-2026-10.csv')],
    usageOfOneInvoice: [out('invoice-G300000001.csv'), out('daily-two-invoices.csv')],
    unbilledBesideBilled: [UNBILLED_DECEMBER, out('december-G300000012.csv')],
    unbilledBesideBilledJson: [out('december-G300000012.csv'), UNBILLED_DECEMBER, '--json'],
    usageOfOneInvoiceJson: [out('invoice-G300000001.csv'), out('daily-two-invoices.csv'), '--json'],
    usageOfOneInvoiceShort: [out('invoice-G300000001-edited.csv'), out('daily-two-invoices.csv')],
    // Node's own recursive mkdir loops for ever here (Linux).
    ...(process.platform === 'linux' ? { outUnderProc: [OCTOBER, '--out', '/proc/csp-billing-test/report.xlsx'] } : {}),
  };
  // A sheet of 20 rows (the tests' stand-in for Excel's 1,048,576): October's report is taller.
  const shortSheet = { CSP_BILLING_TEST_SHEET_ROWS: '20' };
  mkdirSync(out('tall'));
  writeFileSync(out('tall/report.xlsx'), 'last run');
  writeFileSync(out('tall/billing.csv'), 'last run');
  const withEnv: Array<[string, string[], Record<string, string>]> = [
    ['tooTall', [OCTOBER, ...CSV_CONFIG, '--out', out('tall/report.xlsx'), '--csv', out('tall/billing.csv'), '--customer-csv', out('tall/customers')], shortSheet],
    ['tooTallWithoutOut', [OCTOBER, ...CSV_CONFIG, '--json', '--csv', out('tall-csv/billing.csv'), '--customer-csv', out('tall-csv/customers')], shortSheet],
  ];
  // Two at a time: more only makes them fight over the processors.
  const queue: Array<[string, string[], Record<string, string>?]> = [...Object.entries(planned), ...withEnv];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) runs[next[0]] = await cli(next[1], next[2]);
  };
  await Promise.all([worker(), worker()]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** No stack trace, nothing but one-line reasons. */
function expectPlainMessages(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:|TypeError|node:internal/);
}

describe('--json: the report on stdout', () => {
  it('exits 0 with nothing on stderr and nothing but JSON on stdout', () => {
    expect(runs.month.stderr).toBe('');
    expect(runs.month.code).toBe(0);
    expect(runs.month.stdout.trimStart().startsWith('{')).toBe(true);
    expect(() => JSON.parse(runs.month.stdout)).not.toThrow();
  });

  it('has the cycles of the selected months, each dated and totalled, amounts as strings', () => {
    const json = JSON.parse(runs.month.stdout);
    expect(json.cycles).toHaveLength(1);
    expect(json.cycles[0]).toMatchObject({ billingDate: '2026-11-01', start: '2026-10-01', end: '2026-10-31', currency: 'USD', cost: '293.9', sales: '318.88', margin: '24.98' });
  });

  it('has organizations → products → details with the documented fields', () => {
    const json = JSON.parse(runs.month.stdout);
    const northwind = json.cycles[0].organizations.find((o: { name: string }) => o.name === 'Northwind Traders');
    expect(northwind).toMatchObject({ customerId: '11111111-1111-4111-8111-111111111111', linked: true, cost: '222.9', sales: '260.48' });
    const standard = northwind.products.find((p: { productId: string }) => p.productId === 'CFQ7TTC0LCHC');
    expect(standard).toMatchObject({ skuId: '0002', name: 'Microsoft 365 Business Standard', cost: '137.9', sales: '165.48' });
    expect(standard.details).toEqual([
      expect.objectContaining({ chargeType: 'cycleCharge', transactionType: 'cycle fee', quantity: '10', unitCost: '12.5', unitSales: '15', cost: '125', sales: '150.00' }),
      expect.objectContaining({ chargeType: 'addQuantity', transactionType: 'pro-rated charge', quantity: '12', unitCost: '6.45', unitSales: '7.74', cost: '77.4', sales: '92.88' }),
      expect.objectContaining({ chargeType: 'addQuantity', transactionType: 'refund', quantity: '10', unitCost: '-6.45', unitSales: '-7.74', cost: '-64.5', sales: '-77.40' }),
    ]);
  });

  it('has the reconciliation: the invoice ties, the unlinked tenant, the unpriced product, the file outside the range', () => {
    const r = JSON.parse(runs.month.stdout).reconciliation;
    expect(r.invoices).toEqual([expect.objectContaining({ invoiceNumber: 'G100000001', cost: '293.9', microsoftTotal: '293.9', difference: '0', status: 'ties' })]);
    expect(r.unlinkedTenants).toEqual([{ customerId: '33333333-3333-4333-8333-333333333333', name: '=2+5 Evil Corp', lines: 1, cost: '8', currency: 'USD' }]);
    expect(r.unpricedProducts).toEqual([{ productId: 'CFQ7TTC0QW7C', skuId: '0001', name: 'Microsoft Teams Essentials', lines: 1, customers: 1, cost: '8', currency: 'USD' }]);
    expect(r.outsideRange).toEqual([{ file: 'nce-invoice-2026-11.csv', billingDate: '2026-11-30', billingDateFromInvoice: null, cycle: '2026-11', lines: 2, cost: { USD: '170' } }]);
    expect(r.duplicates).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

describe('--out, --csv and --customer-csv', () => {
  it('writes the report workbook: the owned sheets, the configuration tables, the cycle totals as formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out('month/report.xlsx'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Billing Report',
      'Customer Summary',
      'Billing Lines',
      'Billing Pivots',
      'Reconciliation',
      'Customer Statements',
      'Settings',
      'Customers',
      'Prices',
      'Customer Prices',
      'Invoices',
    ]);
    const total = workbook.getWorksheet('Billing Report')!.getRow(7);
    const result = (c: number) => (total.getCell(c).value as ExcelJS.CellFormulaValue).result;
    expect([total.getCell(4).value, result(5), result(7), result(8)]).toEqual(['USD', 293.9, 318.88, 24.98]);
    const lines = workbook.getWorksheet('Billing Lines')!;
    expect(lines.rowCount).toBe(3 + 8);
  });

  it('writes a workbook that serves as the configuration of the next run, billing the same amounts', async () => {
    const again = await cli([OCTOBER, '--config', out('month/report.xlsx'), '--json']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const first = JSON.parse(runs.month.stdout).cycles[0];
    const second = JSON.parse(again.stdout).cycles[0];
    expect([second.cost, second.sales, second.margin]).toEqual([first.cost, first.sales, first.margin]);
    // The unlinked tenant and the unpriced product are now rows of the tables, as the workbook suggested, and stay on
    // the lists until the accountant names the organization and fills in a price.
    expect(JSON.parse(again.stdout).reconciliation.unlinkedTenants).toEqual(JSON.parse(runs.month.stdout).reconciliation.unlinkedTenants);
  });

  it('writes the billing CSV: a UTF-8 BOM, RFC 4180, the "=" name neutralised, negative amounts as numbers', () => {
    const bytes = readFileSync(out('month/billing.csv'));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(8);
    expect(parsed.data.map((r) => r.Organization)).toContain("'=2+5 Evil Corp");
    const refund = parsed.data.find((r) => r['Transaction type'] === 'refund')!;
    expect([refund.Cost, refund.Sales, refund.Margin]).toEqual(['-64.50', '-77.40', '-12.90']);
  });

  it('writes one customer CSV per billable organization, without cost or margin', () => {
    const files = readdirSync(out('month/customers')).sort();
    expect(files).toEqual(['2026-10 =2+5 Evil Corp (not linked).csv', '2026-10 Fabrikam.csv', '2026-10 Northwind Traders.csv']);
    for (const file of files) {
      const text = readFileSync(join(out('month/customers'), file), 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.split('\r\n')[0]).not.toMatch(/cost|margin/i);
    }
  });
});

describe('bad input: exit 1, one-line reasons, no stack trace, nothing written', () => {
  it('a file that is not a Partner Center reconciliation file', () => {
    const { code, stdout, stderr } = runs.badFile;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^not-a-reconciliation-file\.csv, row 1: not a Partner Center reconciliation file/),
      'Nothing was written: fix the file(s) above, or use --keep-going to bill the other files.',
    ]);
    expectPlainMessages(stderr);
    expect(existsSync(out('bad'))).toBe(false);
  });

  it('a file that does not exist', () => {
    const { code, stdout, stderr } = runs.missingFile;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`File not found: ${out('no-such-file.csv')}\n`);
  });

  it('an unknown option', () => {
    const { code, stdout, stderr } = runs.badOption;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Unknown option '--form'.*\nRun with --help for the options\.\n$/);
    expectPlainMessages(stderr);
  });

  it('a month that is not a month', () => {
    expect(runs.badMonth).toEqual({ code: 1, stdout: '', stderr: '--from/--to must be months written YYYY-MM, e.g. 2026-10\nRun with --help for the options.\n' });
  });

  it('a malformed price table: the problem named by table, row and column, and no report from half a price list', () => {
    const { code, stdout, stderr } = runs.malformedPrices;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('prices-malformed.csv (Prices table), row 3, column Sales price: "twelve" is not a number\nThe configuration tables have 1 problem: no report was produced.\n');
    expect(existsSync(out('malformed'))).toBe(false);
  });
  it('a configuration file that cannot be read as a table: the row named, and said that no report was produced', () => {
    expect(runs.shiftedCustomers).toEqual({
      code: 1,
      stdout: '',
      stderr: 'customers-extra.csv (Customers table), row 2: 5 values where the header has 4 columns (a value holding a "," is not quoted?)\nA configuration file could not be read: no report was produced.\n',
    });
    expect(existsSync(out('shifted'))).toBe(false);
  });
  it('a folder among FILES stands for the reconciliation files in it; a folder without any says so', () => {
    expect(runs.folder.code).toBe(0);
    expect(runs.folder.stdout).toBe(runs.files.stdout);
    // Two months in the folder, no --from: both billed, and said (last month's file may not be meant).
    expect(runs.folder.stderr).toBe('note: the files hold 2 billing cycles (2026-10, 2026-11), and each is billed: --from 2026-11 bills the latest alone\n');
    expect(runs.emptyFolder).toEqual({
      code: 1,
      stdout: '',
      stderr: `the folder ${out('downloads/empty')} holds no reconciliation files (.csv, .tsv, .json, .jsonl, .gz)\nRun with --help for the options.\n`,
    });
  });

  it('an output folder that is a file: said before anything is read, nothing written', () => {
    expect(runs.outUnderAFile).toEqual({ code: 1, stdout: '', stderr: `--out: ${out('plain-file')} is a file, not a folder\n` });
    expect(runs.customerCsvInAFile).toEqual({ code: 1, stdout: '', stderr: `--customer-csv: ${out('plain-file')} is a file, not a folder\n` });
    expect(existsSync(out('fine'))).toBe(false);
  });

  (process.platform === 'linux' ? it : it.skip)('a folder that cannot be made under one that exists: a reason, not a process that never ends', () => {
    const { code, stdout, stderr } = runs.outUnderProc;
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toMatch(/^--out: the folder \/proc\/csp-billing-test cannot be (made \(ENOENT\)|written to)\n$/);
  });

  (process.platform === 'linux' ? it : it.skip)('the run stops when the launcher is killed outright (a kill -9 it cannot pass on)', async () => {
    // A named pipe nobody writes to keeps the run waiting for its input, as a very large file would keep it reading.
    const pipe = out('waiting.csv');
    execFileSync('mkfifo', [pipe]);
    const launcher = spawn(process.execPath, ['bin/csp-billing.js', pipe, '--csv', out('killed/billing.csv')], { cwd: ROOT, stdio: 'ignore' });
    const stateOf = (pid: number) => (existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] : 'gone');
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done() && waited < 20_000; waited += 100) await new Promise((wake) => setTimeout(wake, 100));
    };
    // ps exits with 1 while the launcher has no child yet.
    const childOf = (pid: number) => {
      try {
        return Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim());
      } catch {
        return 0;
      }
    };
    let run = 0;
    try {
      await until(() => (run = childOf(launcher.pid!)) > 0);
      expect(run).toBeGreaterThan(0);
      launcher.kill('SIGKILL');
      // Gone, or a zombie waiting for a parent to reap it: either way no longer running.
      await until(() => ['gone', 'Z'].includes(stateOf(run)));
      expect(['gone', 'Z']).toContain(stateOf(run));
      expect(existsSync(out('killed/billing.csv'))).toBe(false);
    } finally {
      if (run > 0 && !['gone', 'Z'].includes(stateOf(run))) process.kill(run, 'SIGKILL');
    }
  });

  it('an output that would replace an input (the reconciliation file, a price list) or is a folder: refused before anything is read', () => {
    expect(runs.csvOverInput).toEqual({ code: 1, stdout: '', stderr: `--csv: ${out('inputs/october.csv')} is an input file; write the output somewhere else\n` });
    expect(readFileSync(out('inputs/october.csv'), 'utf8')).toBe(readFileSync(OCTOBER, 'utf8'));
    expect(runs.csvOverPrices).toEqual({ code: 1, stdout: '', stderr: `--csv: ${billingFixture('prices.csv')} is an input file; write the output somewhere else\n` });
    expect(runs.csvThroughLink).toEqual({ code: 1, stdout: '', stderr: `--csv: ${out('inputs-link/october.csv')} is an input file; write the output somewhere else\n` });
    expect(runs.customersInInputs).toEqual({
      code: 1,
      stdout: '',
      stderr: `--customer-csv: ${out('downloads/2026-10')} is a folder of reconciliation files this run reads; write the customer files to another folder\n`,
    });
    expect(runs.customerOverCsv).toEqual({
      code: 1,
      stdout: '',
      stderr: '--customer-csv: the customer file 2026-10 Fabrikam.csv would replace the --csv output; write the customer files to another folder\n',
    });
    // The folder the refused run made for its outputs goes with them.
    expect(existsSync(out('clash'))).toBe(false);
    expect(runs.csvIsAFolder).toEqual({ code: 1, stdout: '', stderr: `--csv: ${out('inputs/a-folder.csv')} is a folder; name the file to write\n` });
    expect(existsSync(out('inputs/report.xlsx'))).toBe(false);
  });

  it('a run with no cycle to report writes nothing: last month\'s files are kept, and it says so', () => {
    expect(runs.nothingInRange.code).toBe(3);
    expect(runs.nothingInRange.stdout).toContain('note: nothing was written: there is no billing cycle to report (the files there are kept)');
    expect(readFileSync(out('kept/billing.csv'), 'utf8')).toBe('last run');
  });

  it('a folder given as a configuration table: said with its option', () => {
    expect(runs.customersIsAFolder).toEqual({ code: 1, stdout: '', stderr: `--customers: ${out('downloads')} is a folder, not a file\nA configuration file could not be read: no report was produced.\n` });
  });

  it('an output that cannot be put in place: none is, the last run\'s files stay, and nothing half-written is left', () => {
    expect(runs.cannotReplace).toEqual({ code: 1, stdout: '', stderr: `--customer-csv: ${out('again/customers/2026-10 Fabrikam.csv')} is a folder; nothing was written\n` });
    expect(readFileSync(out('again/report.xlsx'), 'utf8')).toBe('last run');
    expect(readFileSync(out('again/billing.csv'), 'utf8')).toBe('last run');
    expect(readdirSync(out('again')).sort()).toEqual(['billing.csv', 'customers', 'report.xlsx']);
    expect(readdirSync(out('again/customers'))).toEqual(['2026-10 Fabrikam.csv']);
  });

  it("a workbook taller than Excel's sheet: refused before anything is written, saying what to do; without --out the run goes on", () => {
    const { code, stdout, stderr } = runs.tooTall;
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.startsWith(`--out ${out('tall/report.xlsx')}: The Billing Report of 2026-10 would take `)).toBe(true);
    expect(stderr).toMatch(/ rows, more than the 20 an Excel sheet holds \(\d+ detail lines\)\. Bill it in parts \(a file of fewer customers\), or use the billing CSV \(--csv\), which has no such limit\.\nNothing was written\.\n$/);
    // All or none, as for any other refusal: the billing CSV and the statements asked for with it are not written either.
    expect(readFileSync(out('tall/report.xlsx'), 'utf8')).toBe('last run');
    expect(readFileSync(out('tall/billing.csv'), 'utf8')).toBe('last run');
    expect(readdirSync(out('tall')).sort()).toEqual(['billing.csv', 'report.xlsx']);
    expect(runs.tooTallWithoutOut.code).toBe(0);
    expect(JSON.parse(runs.tooTallWithoutOut.stdout).cycles).toHaveLength(1);
    expect(existsSync(out('tall-csv/billing.csv'))).toBe(true);
    expect(readdirSync(out('tall-csv/customers')).length).toBeGreaterThan(0);
  });

  it("says which customer files of the cycle an earlier run left in the folder (they would be sent too)", () => {
    expect(runs.staleStatements.code).toBe(0);
    expect(runs.staleStatements.stdout).toContain(`note: ${out('stale/customers')} also holds 1 customer file(s) of the same cycle this run did not write (from an earlier run? remove them before sending): 2026-10 Fourth Coffee.csv`);
    expect(readdirSync(out('stale/customers')).sort()).toEqual(['2026-10 =2+5 Evil Corp (not linked).csv', '2026-10 Fabrikam.csv', '2026-10 Fourth Coffee.csv', '2026-10 Northwind Traders.csv']);
  });

  it('gives the customer files the days of a pro-rated line without --out too (the lines are kept for their dates)', () => {
    const northwind = readFileSync(out('stale/customers/2026-10 Northwind Traders.csv'), 'utf8');
    expect(northwind).toContain('"refund (1-year term, billed monthly): 16 days, 20 Oct to 4 Nov 2026",10,-7.7400,-77.40,USD');
  });

  it('a workbook without any configuration table: refused, rather than every line billed at cost', () => {
    expect(runs.wrongWorkbook).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Could not produce the report: budget.xlsx holds none of the configuration tables (Settings, Customers, Prices, Customer Prices, Invoices): is it the right workbook?\n',
    });
  });

  it('a CSV file given as the configuration workbook', () => {
    expect(runs.csvAsWorkbook).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Could not produce the report: prices.csv is not an .xlsx workbook (not a zip archive): save it as an Excel Workbook (.xlsx), or pass the tables as CSV files.\n',
    });
  });
});

describe('--keep-going', () => {
  it('bills the good files, writes, reports the rejected file and exits 2', () => {
    const { code, stdout, stderr } = runs.keepGoing;
    expect(code).toBe(2);
    expect(stderr).toMatch(/^not-a-reconciliation-file\.csv, row 1: not a Partner Center reconciliation file/);
    expectPlainMessages(stderr);
    const json = JSON.parse(stdout);
    expect(json.cycles.map((c: { cost: string }) => c.cost)).toEqual(['293.9']);
    expect(json.reconciliation.failedFiles).toEqual([expect.stringMatching(/^not-a-reconciliation-file\.csv, row 1:/)]);
    expect(existsSync(out('keep/billing.csv'))).toBe(true);
  });
});

describe('--config book.xlsx', () => {
  it("reads the workbook's Excel tables: Fabrikam's percent-formatted 15% markup prices its Exchange seats", () => {
    const { code, stdout, stderr } = runs.workbook;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const cycle = JSON.parse(stdout).cycles[0];
    const fabrikam = cycle.organizations.find((o: { customerId: string }) => o.customerId === FABRIKAM_ID);
    const exchange = fabrikam.products.find((p: { productId: string }) => p.productId === 'CFQ7TTC0LF8Q');
    expect(exchange.details[0]).toMatchObject({ cost: '20', sales: '23.00', rules: ['customer markup 15%'] });
    expect(JSON.parse(stdout).reconciliation.invoices[0]).toMatchObject({ microsoftTotal: '293.9', status: 'ties' });
    expect(cycle.sales).toBe('319.88');
  });
});

describe('--config book.xlsx with currency-formatted prices', () => {
  it("refuses a USD workbook's price formatted as euros, naming table, row and column, as it refuses €7.50 typed", () => {
    expect(runs.euroPriceInUsd).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'euro-price.xlsx, table Prices, row 2, column Sales price: "€15" is in EUR, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)\n' +
        'The configuration tables have 1 problem: no report was produced.\n',
    });
  });

  it("bills a EUR workbook's €-formatted prices as it bills the same prices as plain numbers, and refuses $-formatted ones", () => {
    expect(runs.eurPlain.code).toBe(0);
    expect(runs.eurFormatted).toEqual(runs.eurPlain);
    // The formatted price is the one applied: the EUR file's Business Standard seats sell at 15.
    const [cycle] = JSON.parse(runs.eurFormatted.stdout).cycles;
    const standard = cycle.organizations.flatMap((o: { products: Array<{ productId: string }> }) => o.products).find((p: { productId: string }) => p.productId === 'CFQ7TTC0LCHC');
    expect(standard.details[0]).toMatchObject({ unitSales: '15', rules: ['price list 15'] });
    expect(runs.dollarPriceInEur.code).toBe(1);
    expect(runs.dollarPriceInEur.stderr).toMatch(/^dollar-price\.xlsx, table Prices, row 2, column Sales price: "\$15" is not in EUR, but Sales price is in the Settings currency, EUR/);
  });
});

describe('the summary', () => {
  it('says when the selected months hold no cycle, and which files lie outside them', () => {
    const { code, stdout } = runs.outOfRange;
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(1)).toEqual([
      '',
      'No billing cycle to report in the selected months.',
      '',
      'Reconciliation',
      '  1 file(s) outside the selected cycles, not billed: nce-invoice-2026-10.csv (cycle 2026-10: 293.90 USD)',
      '',
    ]);
  });

  it('says when no file has a billing date, without --from/--to, rather than speak of selected months', () => {
    const { code, stdout } = runs.undated;
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(1)).toEqual([
      '',
      'No billing cycle to report: no file has a billing date.',
      '',
      'Reconciliation',
      '  1 file(s) without a billing date, not billed: undated.csv (no billing date: 12.00 USD)',
      '  warning: undated.csv: no billing date could be inferred; enter one for its invoice',
      '',
    ]);
  });

  it('says per cycle whether its invoices tie: not while an invoice the Invoices table dates in it was never imported', () => {
    const { code, stdout } = runs.missingInvoice;
    expect(code).toBe(0);
    expect(stdout).toContain('\n  invoice G100000001: total 293.90 USD, ties to the Microsoft invoice\n');
    expect(stdout).toContain('\n  cycle 2026-10 (USD): invoice G100000009 is missing: the Invoices table dates it in this cycle, and no imported file holds it\n');
  });

  it("shows each file's billing date as applied: the Invoices table's, saying so, rather than the file's own", () => {
    const { code, stdout } = runs.datedByTable;
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.find((line) => line.startsWith('nce-invoice-2026-10.csv:'))).toMatch(/, billing date 2026-10-31$/);
    expect(lines.find((line) => line.startsWith('nce-invoice-2026-11.csv:'))).toMatch(/, billing date 2026-12-05 from the Invoices table, invoice G100000002 \(the file implies 2026-11-30\)$/);
    expect(lines).toContain('  1 file(s) outside the selected cycles, not billed: nce-invoice-2026-11.csv (cycle 2026-12: 170.00 USD)');
  });

  it('quotes a name holding a comma in its lists, so it does not read as two', () => {
    const { code, stdout } = runs.commaInName;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}6 tenant\(s\) not linked in the Customers table: .*, "Contoso Customer 00000, Ltd\.", .*$/m);
  });

  it('says plainly that a file whose every line was imported already is skipped, rather than "0 lines, cost 293.90"', () => {
    const { code, stdout } = runs.duplicateFile;
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      'nce-invoice-2026-10.csv: New commerce invoice reconciliation, 8 lines, cost 293.90 USD, billing date 2026-10-31',
      'october.csv: skipped, all 8 lines already in nce-invoice-2026-10.csv',
    ]);
  });

  it("bills a daily usage file's lines of one invoice and leaves out another's billed from its invoice file, saying so on the file's line", () => {
    const { code, stdout } = runs.usageOfOneInvoice;
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'invoice-G300000001.csv: New commerce invoice reconciliation, 2 lines, cost 17.79 USD, billing date 2026-10-31',
      'daily-two-invoices.csv: New commerce daily-rated usage reconciliation, 1 lines (2 more of invoice G300000001 left out: its Azure usage is billed from invoice-G300000001.csv), cost 9.12 USD, billing date 2026-10-31',
    ]);
    expect(stdout).toMatch(/ cost 26\.91 /);
    expect(lines).toContain('  invoice G300000001: total 17.79 USD, no invoice total entered yet');
    expect(lines).toContain('  invoice G300000002: total 9.12 USD, no invoice total entered yet');
    const json = JSON.parse(runs.usageOfOneInvoiceJson.stdout);
    expect(json.cycles.map((c: { cost: string }) => c.cost)).toEqual(['26.91']);
    expect(json.reconciliation.usageLeftOut).toEqual([
      { file: 'daily-two-invoices.csv', billedIn: ['invoice-G300000001.csv'], invoices: ['G300000001'], wholeFile: false, lines: 2, cost: { USD: '5.29' } },
    ]);
    // The invoice file bills less than the daily file's days of its invoice: every line is billed, and said.
    const short = runs.usageOfOneInvoiceShort.stdout;
    expect(short).toContain('\ndaily-two-invoices.csv: New commerce daily-rated usage reconciliation, 3 lines, cost 14.41 USD, billing date 2026-10-31\n');
    expect(short).toMatch(/ cost 27\.91 /);
  });

  it("leaves out an unbilled file beside the closed file of the same month, in either order, saying so on the file's line", () => {
    const { code, stdout } = runs.unbilledBesideBilled;
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      "nce-invoice-unbilled-2026-12.csv: left out, an unbilled file of estimates: its customers' charges are billed from december-G300000012.csv",
      'december-G300000012.csv: New commerce invoice reconciliation, 4 lines, cost 161.80 USD, billing date 2026-12-31',
    ]);
    expect(stdout).toMatch(/ cost 161\.80 /);
    const json = JSON.parse(runs.unbilledBesideBilledJson.stdout);
    expect(json.cycles.map((c: { cost: string }) => c.cost)).toEqual(['161.8']);
    expect(json.reconciliation.unbilledLeftOut).toEqual([{ file: 'nce-invoice-unbilled-2026-12.csv', billedIn: ['december-G300000012.csv'], lines: 4, cost: { USD: '161.8' } }]);
  });

  it('names the first ten unlinked tenants and counts the rest, rather than printing thousands of names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-cli-many-'));
    try {
      const rows = Array.from({ length: 14 }, (_, i) => nceInvoiceRow({ CustomerId: `0a7e1a05-5b4f-4a44-9d0e-${String(i).padStart(12, '0')}`, CustomerName: `Tenant ${String(i).padStart(2, '0')}` }));
      writeFileSync(join(dir, 'many.csv'), toCsv([...NCE_INVOICE_47], rows));
      const run = await cli([join(dir, 'many.csv')]);
      expect(run.code).toBe(0);
      const line = run.stdout.split('\n').find((text) => text.includes('not linked in the Customers table'))!;
      expect(line).toMatch(/^ {2}14 tenant\(s\) not linked in the Customers table: (Tenant \d\d, ){9}Tenant \d\d and 4 more \(see the Reconciliation sheet or --json\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
