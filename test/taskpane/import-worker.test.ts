/**
 * The import worker's engine in Node (the same class the dedicated worker runs), spoken to through the page's
 * client over an in-process port with structured cloning, as postMessage would: what it reports must be the
 * engine's own report of the same files, whether it reuses its collectors, reads the files again under a new price
 * list, re-assigns a billing date or drops a removed file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { readConfig, type BillingConfig, type ConfigTable, type TableName } from '../../src/billing/config';
import { ReportBuilder } from '../../src/billing/report';
import { readCsvTable } from '../../src/cli/config-files';
import { billingCsv, customerCsvs } from '../../src/exports/billing-exports';
import type { ImportedDocument } from '../../src/import/import-file';
import { ImportSession } from '../../src/import/session';
import { blobSource, ImportWorkerEngine } from '../../src/import/worker';
import { isPlainData, LayoutAssembler, type ImportProgress, type RefreshResult, type WorkerResponse } from '../../src/import/worker-protocol';
import { billingExportSheet, EXPORT_SHEET_NAME } from '../../src/taskpane/lib/export-sheet';
import { summarizeReport } from '../../src/taskpane/lib/report-summary';
import { ImportWorkerClient, type WorkerPort } from '../../src/taskpane/worker-client';
import * as buildLayout from '../../src/workbook/build-layout';
import { buildWorkbookLayout } from '../../src/workbook/build-layout';
import { BILLING_FIXTURES, byteSource } from '../helpers/billing-fixtures';
import { NCE_INVOICE_47, nceInvoiceRow, readCsv, toCsv } from '../helpers/partner-center-files';

const FIXTURES = join(__dirname, '..', 'fixtures');
const NCE_SMALL = join(BILLING_FIXTURES, 'nce-invoice-2026-10.csv');
const NCE_LARGE = join(FIXTURES, 'nce-invoice-2026-10.csv');
const NCE_NOVEMBER = join(BILLING_FIXTURES, 'nce-invoice-2026-11.csv');
const NOT_A_FILE = join(BILLING_FIXTURES, 'not-a-reconciliation-file.csv');
const LEGACY = join(FIXTURES, 'legacy-license-2018-02-15.csv');

const TABLE_FILES: Array<[TableName, string]> = [
  ['Settings', 'settings.csv'],
  ['Customers', 'customers.csv'],
  ['Prices', 'prices.csv'],
  ['Customer Prices', 'customer-prices.csv'],
  ['Invoices', 'invoices.csv'],
];

async function fixtureTables(replace: Partial<Record<TableName, string>> = {}): Promise<ConfigTable[]> {
  return Promise.all(TABLE_FILES.map(([name, file]) => readCsvTable(name, replace[name] ?? join(BILLING_FIXTURES, file))));
}

function configOf(tables: ConfigTable[]): BillingConfig {
  const { config, problems } = readConfig(tables);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return config;
}

function named(path: string): { name: string; file: Blob } {
  return { name: path.split('/').pop()!, file: new Blob([readFileSync(path)]) };
}

/** The engine's own report of the files, as the command line makes it. */
async function engine(config: BillingConfig, paths: string[], months: string[] | null, billingDates: Record<string, number> = {}) {
  const session = new ImportSession();
  const builder = new ReportBuilder(config, { months: months === null ? null : new Set(months), keepLines: true });
  for (const path of paths) {
    const name = path.split('/').pop()!;
    const lines = builder.startDocument();
    const document = await session.importFile(name, byteSource(readFileSync(path)), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay, billingDate: billingDates[name] });
    builder.addDocument(document, lines);
  }
  return { report: builder.build(), documents: session.documents };
}

/** A page and a worker joined by a port that clones every message (as postMessage does). */
function connect(options: { chunkBytes?: number; sheetRows?: number } = {}) {
  const toPage: Array<(event: { data: WorkerResponse }) => void> = [];
  const sent: WorkerResponse[] = [];
  const engine = new ImportWorkerEngine(
    (message) => {
      expect(isPlainData(message)).toBe(true);
      const copy = structuredClone(message);
      sent.push(copy);
      for (const listener of toPage) listener({ data: copy });
    },
    { chunkBytes: options.chunkBytes ?? 4096, progressIntervalMs: 0, sheetRows: options.sheetRows },
  );
  const port: WorkerPort = {
    postMessage: (message) => void engine.receive(structuredClone(message) as Parameters<ImportWorkerEngine['receive']>[0]),
    addEventListener: (type: 'message' | 'error', listener: (event: never) => void) => {
      if (type === 'message') toPage.push(listener as (event: { data: WorkerResponse }) => void);
    },
  };
  return { client: new ImportWorkerClient(port), sent };
}

async function refresh(client: ImportWorkerClient, tables: ConfigTable[], months: string[] | null, events: { progress?: ImportProgress[] } = {}, exportSheet = false) {
  const assembler = new LayoutAssembler();
  const result = await client.request<'refresh'>({ type: 'refresh', tables, months, rowsPerMessage: 7, exportSheet }, { onLayout: (m) => assembler.add(m), onProgress: (p) => events.progress?.push(p) }).result;
  return { result, sheets: result.kind === 'report' ? assembler.finish(result.sheetCount) : null };
}

function reportOf(result: RefreshResult) {
  if (result.kind !== 'report') throw new Error(`expected a report, got ${result.kind}`);
  return result;
}

describe('the import worker', () => {
  let tables: ConfigTable[];
  let config: BillingConfig;
  beforeAll(async () => {
    tables = await fixtureTables();
    config = configOf(tables);
  });

  it('reads a Blob in slices', async () => {
    const chunks: number[] = [];
    for await (const chunk of blobSource(new Blob([new Uint8Array(10_000)]), 4096)) chunks.push(chunk.length);
    expect(chunks).toEqual([4096, 4096, 1808]);
  });

  it('imports files and lists each one as the engine read it, progress included', async () => {
    const { client, sent } = connect();
    const progress: ImportProgress[] = [];
    const listed: string[] = [];
    const result = await client.request<'import'>(
      { type: 'import', files: [NCE_SMALL, NCE_LARGE, NOT_A_FILE].map((path, i) => ({ id: `f${i}`, ...named(path) })), tables },
      { onProgress: (p) => progress.push(p), onFile: (f) => listed.push(f.fileName) },
    ).result;
    const expected = await engine(config, [NCE_SMALL, NCE_LARGE, NOT_A_FILE], null);
    expect(result.cancelled).toBe(false);
    expect(listed).toEqual(['nce-invoice-2026-10.csv', 'nce-invoice-2026-10.csv', 'not-a-reconciliation-file.csv']);
    expect(result.files.map((f) => [f.id, f.status, f.formatLabel, f.invoiceNumbers, f.lineCount, f.costTotals.map((c) => c.exact), f.billingDate, f.cycleMonth])).toEqual(
      expected.documents.map((d: ImportedDocument, i) => [
        `f${i}`,
        d.status,
        d.formatLabel,
        d.invoiceNumbers,
        d.lineCount,
        Object.values(d.costTotal).map((c) => c.toString()),
        d.billingDate === null ? null : new Date(d.billingDate).toISOString().slice(0, 10),
        d.status === 'imported' ? '2026-10' : null,
      ]),
    );
    expect(result.files[2].problem).toMatch(/^not-a-reconciliation-file\.csv, row 1: not a Partner Center reconciliation file/);
    // Progress in bytes of all the request's files, ending at the total.
    const total = [NCE_SMALL, NCE_LARGE, NOT_A_FILE].reduce((sum, path) => sum + readFileSync(path).length, 0);
    expect(progress.every((p) => p.phase === 'importing' && p.totalBytes === total && p.bytes <= total)).toBe(true);
    expect(new Set(progress.map((p) => p.fileIndex))).toEqual(new Set([0, 1, 2]));
    expect(Math.max(...progress.map((p) => p.bytes))).toBeGreaterThan(total / 2);
    // And in bytes of the file named, which its name is shown beside.
    const sizes = [NCE_SMALL, NCE_LARGE, NOT_A_FILE].map((path) => readFileSync(path).length);
    expect(progress.every((p) => p.fileSize === sizes[p.fileIndex] && p.fileBytes <= p.fileSize)).toBe(true);
    expect(progress.some((p) => p.fileIndex === 2 && p.fileBytes < p.bytes - sizes[0])).toBe(true);
    expect(sent.filter((m) => m.type === 'result')).toHaveLength(1);
  });

  it('a refused file’s card gives the command line’s reason: a charge ending before it starts (day and month swapped on saving)', async () => {
    const { client } = connect();
    const swapped = join(FIXTURES, 'nce-invoice-2026-10-day-first.csv');
    const result = await client.request<'import'>({ type: 'import', files: [{ id: 'f0', ...named(swapped) }], tables }).result;
    const expected = await engine(config, [swapped], null);
    expect(expected.documents[0].problem).toMatch(/^nce-invoice-2026-10-day-first\.csv, row 2, column ChargeEndDate: the charge ends on "1\/11\/2026" \(ChargeEndDate\) before it starts on "3\/10\/2026" \(ChargeStartDate\): were the day and month swapped when the file was saved/);
    expect(result.files.map((f) => [f.status, f.problem])).toEqual([['failed', expected.documents[0].problem]]);
  });

  it('Refresh: the summary and the layout are the engine’s, and a second refresh reads no file again', async () => {
    const { client, sent } = connect();
    await client.request<'import'>({ type: 'import', files: [NCE_SMALL, NCE_LARGE, NOT_A_FILE].map((path, i) => ({ id: `f${i}`, ...named(path) })), tables }).result;
    const expected = await engine(config, [NCE_SMALL, NCE_LARGE, NOT_A_FILE], ['2026-10']);
    const first = await refresh(client, tables, ['2026-10']);
    const report = reportOf(first.result);
    expect(report.summary).toEqual(summarizeReport(expected.report));
    // The files it bills, as listed: what the pane tells a stale report by.
    expect(report.files.map((file) => [file.id, file.status, file.billingDate])).toEqual([['f0', 'imported', '2026-10-31'], ['f1', 'imported', '2026-10-31'], ['f2', 'failed', null]]);
    const layout = buildWorkbookLayout(expected.report, { config, documents: expected.documents });
    expect({ sheets: first.sheets, userTables: report.userTables, notes: report.notes }).toEqual(JSON.parse(JSON.stringify(layout)));

    const progressBefore = sent.filter((m) => m.type === 'progress').length;
    const second = await refresh(client, tables, ['2026-10']);
    expect(sent.filter((m) => m.type === 'progress').length).toBe(progressBefore);
    expect(reportOf(second.result).summary).toEqual(report.summary);
    expect(second.sheets).toEqual(first.sheets);
  });

  it("a month taller than Excel's sheet: Refresh says so in the accountant's words (not as an error), lays nothing out, and its CSV exports and the tables are still made", async () => {
    // A sheet of 20 rows stands for Excel's 1,048,576 (as CSP_BILLING_TEST_SHEET_ROWS does for the command line).
    const { client, sent } = connect({ sheetRows: 20 });
    await client.request<'import'>({ type: 'import', files: [NCE_SMALL, NCE_LARGE].map((path, i) => ({ id: `f${i}`, ...named(path) })), tables }).result;
    const expected = await engine(config, [NCE_SMALL, NCE_LARGE], ['2026-10']);
    const { result } = await refresh(client, tables, ['2026-10']);
    expect(result).toEqual({ kind: 'too-large', problem: buildLayout.sheetLimitProblem(expected.report, 'the billing CSV export', 20), files: expect.any(Array) });
    if (result.kind !== 'too-large') throw new Error(result.kind);
    expect(result.problem).toMatch(/^The Billing Report of 2026-10 would take \d+ rows.*more than the 20 an Excel sheet holds .*use the billing CSV export, which has no such limit\.$/);
    expect(result.files.map((file) => [file.id, file.status])).toEqual([['f0', 'imported'], ['f1', 'imported']]);
    expect(sent.filter((m) => m.type === 'layout-sheet' || m.type === 'layout-rows')).toEqual([]);
    // The exports the refusal points to are this report's.
    const csv = await client.request<'export'>({ type: 'export', kind: 'billing-csv', semicolon: false }).result;
    expect(csv.kind === 'files' && csv.files[0].content).toBe(billingCsv(expected.report));
    const zip = await client.request<'export'>({ type: 'export', kind: 'customer-csvs', semicolon: false }).result;
    expect(zip.kind === 'files' && zip.files.map((file) => file.content)).toEqual(customerCsvs(expected.report).map((file) => file.content));
    // Open Prices table (in a workbook without one) still makes the table with the rows the report suggests, without
    // laying out the sheets (which a month of Excel's size refuses).
    const spy = jest.spyOn(buildLayout, 'buildWorkbookLayout').mockImplementation(() => {
      throw new buildLayout.SheetTooLargeError('laid out');
    });
    const made = client.request<'user-table'>({ type: 'user-table', table: 'Prices', tables }).result;
    const { table } = await made.finally(() => spy.mockRestore());
    expect(table.candidates).toEqual(buildLayout.userTables(expected.report, { config, documents: expected.documents }).find((t) => t.name === 'Prices')!.candidates);
  });

  it('Refresh after the prices changed reads the files again and prices them under the new list', async () => {
    const { client } = connect();
    await client.request<'import'>({ type: 'import', files: [NCE_SMALL, NCE_LARGE].map((path, i) => ({ id: `f${i}`, ...named(path) })), tables }).result;
    await refresh(client, tables, ['2026-10']);
    const cheaper = tables.map((table) => (table.name === 'Prices' ? { ...table, rows: table.rows.map((row) => (row[5] === '15.00' ? [...row.slice(0, 5), '13.00', ...row.slice(6)] : row)) } : table));
    const progress: ImportProgress[] = [];
    const { result } = await refresh(client, cheaper, ['2026-10'], { progress });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.phase === 'rereading')).toBe(true);
    const expected = await engine(configOf(cheaper), [NCE_SMALL, NCE_LARGE], ['2026-10']);
    expect(reportOf(result).summary).toEqual(summarizeReport(expected.report));
    const before = await engine(config, [NCE_SMALL, NCE_LARGE], ['2026-10']);
    expect(reportOf(result).summary.cycles[0].sales).not.toEqual(summarizeReport(before.report).cycles[0].sales);
  });

  it('an edited billing date re-assigns the file to another cycle without reading it again', async () => {
    const { client, sent } = connect();
    const imported = await client.request<'import'>({ type: 'import', files: [NCE_SMALL, NCE_NOVEMBER].map((path, i) => ({ id: `f${i}`, ...named(path) })), tables }).result;
    expect(imported.files.map((f) => f.cycleMonth)).toEqual(['2026-10', '2026-11']);
    const reads = sent.filter((m) => m.type === 'progress').length;
    const moved = await client.request<'set-billing-date'>({ type: 'set-billing-date', fileId: 'f1', billingDate: '2026-10-20' }).result;
    expect(moved.files[1]).toMatchObject({ billingDate: '2026-10-20', billingDateOverridden: true, inferredBillingDate: '2026-11-30', cycleMonth: '2026-10' });
    const { result } = await refresh(client, tables, null);
    expect(sent.filter((m) => m.type === 'progress').length).toBe(reads);
    const expected = await engine(config, [NCE_SMALL, NCE_NOVEMBER], null, { 'nce-invoice-2026-11.csv': Date.UTC(2026, 9, 20) });
    expect(reportOf(result).summary).toEqual(summarizeReport(expected.report));
    expect(reportOf(result).summary.cycles.map((c) => c.month)).toEqual(['2026-10']);

    const back = await client.request<'set-billing-date'>({ type: 'set-billing-date', fileId: 'f1', billingDate: null }).result;
    expect(back.files[1]).toMatchObject({ billingDate: '2026-11-30', billingDateOverridden: false, cycleMonth: '2026-11' });
    await expect(client.request<'set-billing-date'>({ type: 'set-billing-date', fileId: 'f1', billingDate: '31/10/2026' }).result).rejects.toThrow('"31/10/2026" is not a date. Enter it as YYYY-MM-DD.');
  });

  it('a file’s card shows the Invoices table’s billing date for its invoice (the report bills it there); a date set on the card holds until the table has it, and a table edit since outranks it', async () => {
    const { client } = connect();
    const datedOn = (date: string) => tables.map((table) => (table.name === 'Invoices' ? { ...table, rows: [['G100000001', date, '293.90']] } : table));
    const imported = await client.request<'import'>({ type: 'import', files: [{ id: 'f0', ...named(NCE_SMALL) }], tables: datedOn('11/30/2026') }).result;
    expect(imported.files[0]).toMatchObject({ billingDate: '2026-11-30', inferredBillingDate: '2026-10-31', billingDateFromInvoice: 'G100000001', billingDateOverridden: false, cycleMonth: '2026-11' });
    // After its billing period: the card asks whether that is the invoice's date (as the Reconciliation does).
    expect(imported.files[0].billingDateDoubt).toBe(
      "after its billing period (2026-10-01 to 2026-10-31), which its charges put in cycle 2026-10: is that the invoice's date rather than a day of its billing period?",
    );
    const { result } = await refresh(client, datedOn('11/30/2026'), null);
    expect(reportOf(result).summary.cycles.map((c) => c.month)).toEqual(['2026-11']);

    const moved = await client.request<'set-billing-date'>({ type: 'set-billing-date', fileId: 'f0', billingDate: '2026-10-20' }).result;
    expect(moved.files[0]).toMatchObject({ billingDate: '2026-10-20', billingDateFromInvoice: null, billingDateOverridden: true, cycleMonth: '2026-10', billingDateDoubt: null });
    // The pane writes the date into the table: the table is the word on it from then on, as for the command line.
    const kept = await client.request<'tables'>({ type: 'tables', tables: datedOn('2026-10-20') }).result;
    expect(kept.files[0]).toMatchObject({ billingDate: '2026-10-20', billingDateFromInvoice: 'G100000001', billingDateOverridden: false, cycleMonth: '2026-10' });
    // The accountant corrects the table since: the refresh bills the file there, as the command line would.
    const corrected = await refresh(client, datedOn('11/30/2026'), null);
    expect(reportOf(corrected.result).summary.cycles.map((c) => c.month)).toEqual(['2026-11']);
    const shown = await client.request<'tables'>({ type: 'tables', tables: datedOn('11/30/2026') }).result;
    expect(shown.files[0]).toMatchObject({ billingDate: '2026-11-30', billingDateFromInvoice: 'G100000001', billingDateOverridden: false, cycleMonth: '2026-11' });
    // A row dated as the file dates itself (as Refresh adds it) says nothing the file does not.
    const own = await client.request<'tables'>({ type: 'tables', tables: datedOn('10/31/2026') }).result;
    expect(own.files[0]).toMatchObject({ billingDate: '2026-10-31', billingDateFromInvoice: null, billingDateOverridden: false, billingDateDoubt: null, cycleMonth: '2026-10' });
  });

  it('a daily usage file’s card says which of its usage the last refresh left out, billed by meter from an invoice file', async () => {
    const { client } = connect();
    // Invoice G300000001's Azure usage by meter in its invoice file; by day, beside invoice G300000002's, in one daily file.
    const daily = readCsv(readFileSync(join(FIXTURES, 'daily-rated-usage-2026-10.csv'), 'utf8'));
    const day = (invoice: string, cost: string) => daily.header.map((column, i) => ({ InvoiceNumber: invoice, BillingPreTaxTotal: cost, PricingPreTaxTotal: cost })[column] ?? daily.rows[0][i]);
    const azure = { InvoiceNumber: 'G300000001', ProductId: 'DZH318Z0BQ3Q', SkuId: '0001', ChargeType: 'new', UnitPrice: '0.096', Quantity: '58', Subtotal: '5.29', Total: '5.29' };
    const meterRow = nceInvoiceRow({ ...azure, SubscriptionDescription: 'Azure plan', TermAndBillingCycle: '', BillingFrequency: '', MeterDescription: 'Virtual Machines - D2 v3/D2s v3', ProductCategory: 'Azure' });
    const files = [
      { id: 'f0', name: 'invoice-G300000001.csv', file: new Blob([toCsv(NCE_INVOICE_47, [nceInvoiceRow({ InvoiceNumber: 'G300000001' }), meterRow])]) },
      { id: 'f1', name: 'daily.csv', file: new Blob([toCsv(daily.header, [day('G300000001', '2.64'), day('G300000002', '9.12'), day('G300000001', '2.65')])]) },
    ];
    const imported = await client.request<'import'>({ type: 'import', files, tables }).result;
    expect(imported.files.map((f) => f.usageLeftOut)).toEqual([null, null]);
    const { result } = await refresh(client, tables, null);
    expect(reportOf(result).files.map((f) => f.usageLeftOut)).toEqual([null, { billedIn: ['invoice-G300000001.csv'], invoices: ['G300000001'], wholeFile: false }]);
  });

  it('an unbilled file beside the closed file of the same month: the refresh leaves it out and says so, as the command line does', async () => {
    const { client } = connect();
    const unbilled = readCsv(readFileSync(join(FIXTURES, 'nce-invoice-unbilled-2026-12.csv'), 'utf8'));
    const closed = unbilled.rows.map((row) => unbilled.header.map((column, i) => ({ InvoiceNumber: 'G300000012', BillingFrequency: 'Monthly' })[column] ?? row[i]));
    const files = [
      { id: 'f0', name: 'december-G300000012.csv', file: new Blob([toCsv(unbilled.header, closed)]) },
      { id: 'f1', ...named(join(FIXTURES, 'nce-invoice-unbilled-2026-12.csv')) },
    ];
    const imported = await client.request<'import'>({ type: 'import', files, tables }).result;
    expect(imported.files.map((f) => f.unbilledLeftOut)).toEqual([null, null]);
    expect(imported.files[1].warnings).toEqual([expect.stringMatching(/^no line names an invoice: an unbilled \(recent activity\) file of estimates\? Its lines are billed as they are/)]);
    const { result } = await refresh(client, tables, null);
    const { summary } = reportOf(result);
    // Its card says so, as a daily file's does, and no longer that its lines are billed as they are.
    expect(reportOf(result).files.map((f) => f.unbilledLeftOut)).toEqual([null, { billedIn: ['december-G300000012.csv'] }]);
    expect(reportOf(result).files[1].warnings).toEqual([]);
    // 161.80 once, from the closed file (323.60 before).
    expect(summary.cycles.map((c) => [c.month, c.documents, c.cost.rounded])).toEqual([['2026-12', ['december-G300000012.csv'], '161.80']]);
    expect(summary.warnings).toContain(
      "nce-invoice-unbilled-2026-12.csv: an unbilled (recent activity) file, its lines naming no invoice, beside december-G300000012.csv, which bills cycle 2026-12's charges for every customer it names: left out, so they are billed once (its 4 lines cost 161.80 USD as estimated; december-G300000012.csv bills those customers 161.80 USD)",
    );
  });

  it('a cycle end day saved since the import moves the cards to the cycles it makes (a legacy file’s billing date with it), as the refresh bills them', async () => {
    const { client, sent } = connect();
    const imported = await client.request<'import'>({ type: 'import', files: [NCE_SMALL, LEGACY].map((path, i) => ({ id: `f${i}`, ...named(path) })), tables }).result;
    expect(imported.files.map((f) => [f.billingDate, f.cycleMonth])).toEqual([
      ['2026-10-31', '2026-10'],
      ['2018-02-28', '2018-02'],
    ]);
    const day10 = tables.map((table) => (table.name === 'Settings' ? { ...table, rows: table.rows.map((row) => (row[0] === 'Cycle end day' ? [row[0], '10'] : row)) } : table));
    const reads = sent.filter((m) => m.type === 'progress').length;
    const shown = await client.request<'tables'>({ type: 'tables', tables: day10 }).result;
    expect(sent.filter((m) => m.type === 'progress').length).toBe(reads);
    // October 31 falls in the cycle ending November 10; the legacy file is billed on the first 10th after its cycle fees' start (February 11).
    expect(shown.files.map((f) => [f.billingDate, f.cycleMonth])).toEqual([
      ['2026-10-31', '2026-11'],
      ['2018-03-10', '2018-03'],
    ]);
    expect(shown.files[1].billingDateRule).toBe('legacy: the first billing day (day 10) on or after the latest cycle-fee charge start, 2018-02-11');
    // Billing dates do not price lines: the refresh reads no file again.
    const { result } = await refresh(client, day10, null);
    expect(sent.filter((m) => m.type === 'progress').length).toBe(reads);
    expect(reportOf(result).summary.cycles.map((c) => [c.month, c.documents])).toEqual([
      ['2018-03', ['legacy-license-2018-02-15.csv']],
      ['2026-11', ['nce-invoice-2026-10.csv']],
    ]);
  });

  it('a duplicate file is listed as such; removing the first makes the second count again', async () => {
    const { client } = connect();
    const files = [{ id: 'a', ...named(NCE_SMALL) }, { id: 'b', name: 'copy.csv', file: new Blob([readFileSync(NCE_SMALL)]) }];
    const imported = await client.request<'import'>({ type: 'import', files, tables }).result;
    expect(imported.files.map((f) => f.status)).toEqual(['imported', 'duplicate']);
    const progress: ImportProgress[] = [];
    const removed = await client.request<'remove'>({ type: 'remove', fileId: 'a', tables }, { onProgress: (p) => progress.push(p) }).result;
    expect(removed.files.map((f) => [f.id, f.status])).toEqual([['b', 'imported']]);
    expect(progress.some((p) => p.phase === 'rereading' && /was removed/.test(p.reason))).toBe(true);
    const { result } = await refresh(client, tables, ['2026-10']);
    const expected = await engine(config, [NCE_SMALL], ['2026-10']);
    const figures = (cycles: ReturnType<typeof summarizeReport>['cycles']) => cycles.map((c) => [c.month, c.cost, c.sales, c.margin, c.reconciliation]);
    expect(figures(reportOf(result).summary.cycles)).toEqual(figures(summarizeReport(expected.report).cycles));
    expect(reportOf(result).summary.cycles[0].documents).toEqual(['copy.csv']);
  });

  it('Cancel stops an import: the file being read is not kept, the pane can go on', async () => {
    const { client } = connect({ chunkBytes: 1024 });
    const content = new Uint8Array(readFileSync(NCE_LARGE));
    const body = content.slice(content.indexOf(10) + 1);
    const big = new Blob([content, ...Array<Uint8Array<ArrayBuffer>>(30).fill(body)]);
    let running = 0;
    const request = client.request<'import'>(
      { type: 'import', files: [{ id: 'big', name: 'big.csv', file: big }, { id: 'next', ...named(NCE_SMALL) }], tables },
      {
        onProgress: () => {
          if (++running === 3) client.cancel(request.id);
        },
      },
    );
    const result = await request.result;
    expect(result).toEqual({ files: [], cancelled: true, skipped: ['big.csv', 'nce-invoice-2026-10.csv'] });
    const again = await client.request<'import'>({ type: 'import', files: [{ id: 'small', ...named(NCE_SMALL) }], tables }).result;
    expect(again.files.map((f) => f.status)).toEqual(['imported']);
  });

  it('problems in the tables stop the refresh with table, row and column', async () => {
    const { client } = connect();
    await client.request<'import'>({ type: 'import', files: [{ id: 'a', ...named(NCE_SMALL) }], tables }).result;
    const broken = await fixtureTables({ Prices: join(BILLING_FIXTURES, 'prices-malformed.csv') });
    const { result } = await refresh(client, broken, ['2026-10']);
    expect(result).toEqual({
      kind: 'problems',
      problems: [{ source: 'prices-malformed.csv (Prices table)', row: 3, column: 'Sales price', reason: expect.stringContaining('"twelve"'), text: expect.stringContaining('row 3, column Sales price') }],
    });
  });

  it('nothing in the range: no layout, and the cycles the files belong to', async () => {
    const { client, sent } = connect();
    await client.request<'import'>({ type: 'import', files: [{ id: 'a', ...named(NCE_SMALL) }], tables }).result;
    const { result } = await refresh(client, tables, ['2026-08']);
    expect(result).toMatchObject({ kind: 'empty', cyclesInData: ['2026-10'] });
    expect(sent.some((m) => m.type === 'layout-sheet')).toBe(false);
    expect((await refresh(connect().client, tables, null)).result).toEqual({ kind: 'no-files' });
  });

  it('exports: the billing CSV and the customer files are the engine’s; the sheet has billingCsv’s columns', async () => {
    const { client } = connect();
    const none = await client.request<'export'>({ type: 'export', kind: 'billing-csv', semicolon: false }).result;
    expect(none).toEqual({ kind: 'nothing', reason: 'There is no report to export yet: press Refresh first.' });
    await client.request<'import'>({ type: 'import', files: [{ id: 'a', ...named(NCE_SMALL) }], tables }).result;
    await refresh(client, tables, ['2026-10']);
    const expected = await engine(config, [NCE_SMALL], ['2026-10']);
    const csv = await client.request<'export'>({ type: 'export', kind: 'billing-csv', semicolon: true }).result;
    expect(csv).toEqual({ kind: 'files', files: [{ fileName: 'billing 2026-10.csv', content: billingCsv(expected.report, { delimiter: ';', decimalComma: true }) }], zip: null, zipName: null });
    const customers = await client.request<'export'>({ type: 'export', kind: 'customer-csvs', semicolon: false }).result;
    if (customers.kind !== 'files' || customers.zip === null) throw new Error('expected files and a zip');
    const wanted = customerCsvs(expected.report);
    expect(customers.files.map((f) => [f.fileName, f.content])).toEqual(wanted.map((f) => [f.fileName, f.content]));
    const entries = unzipSync(customers.zip);
    expect(Object.keys(entries)).toEqual(wanted.map((f) => f.fileName));
    const sheet = await client.request<'export'>({ type: 'export', kind: 'billing-sheet', semicolon: false }).result;
    if (sheet.kind !== 'sheet') throw new Error('expected a sheet');
    expect(sheet.sheet.rows[0].cells).toEqual(billingCsv(expected.report).replace(/^\uFEFF/, '').split('\r\n')[0].split(','));
    expect(sheet.sheet.rows).toHaveLength(billingCsv(expected.report).trim().split('\r\n').length);
  });

  it('a workbook holding the billing export as a sheet gets it again with the report (QA: it kept the previous refresh’s figures)', async () => {
    const { client } = connect();
    await client.request<'import'>({ type: 'import', files: [{ id: 'a', ...named(NCE_SMALL) }], tables }).result;
    const without = await refresh(client, tables, ['2026-10']);
    await client.request<'import'>({ type: 'import', files: [{ id: 'b', ...named(NCE_LARGE) }], tables }).result;
    const { sheets } = await refresh(client, tables, ['2026-10'], {}, true);
    const expected = await engine(config, [NCE_SMALL, NCE_LARGE], ['2026-10']);
    expect(sheets!.map((sheet) => sheet.name)).toEqual([...without.sheets!.map((sheet) => sheet.name), EXPORT_SHEET_NAME]);
    expect(sheets![sheets!.length - 1]).toEqual(JSON.parse(JSON.stringify(billingExportSheet(expected.report))));
  });

  it('makes a configuration table as a refresh would (for Open Prices / Open Customers)', async () => {
    const { client } = connect();
    await client.request<'import'>({ type: 'import', files: [{ id: 'a', ...named(NCE_SMALL) }], tables: [] }).result;
    const { table } = await client.request<'user-table'>({ type: 'user-table', table: 'Customers', tables: [] }).result;
    expect(table).toMatchObject({ name: 'Customers', excelName: 'Customers', keyColumns: ['Customer ID'] });
    // Every tenant of the file, since the workbook has no Customers table yet.
    expect(table.candidates.map((row) => row[0])).toEqual(expect.arrayContaining(['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']));
  });
});
