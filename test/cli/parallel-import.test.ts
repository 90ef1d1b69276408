/**
 * A large file is read in parts on worker threads. Whatever the cuts, the document, the lines and the report must
 * be exactly what reading the file in one go gives; a cut inside a quoted field or a bad row sends the file back to
 * one thread, so messages name the same rows.
 */
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig, type BillingConfig } from '../../src/billing/config';
import { ReportBuilder, type PartLines } from '../../src/billing/report';
import { reportToJson } from '../../src/billing/report-json';
import { importFileInParts } from '../../src/cli/parallel-import';
import { preparedWorkers, prepareWorkers, releasePreparedWorkers, REPORT_COLLECTOR } from '../../src/cli/part-workers';
import { reportCollectorSpec } from '../../src/cli/run-report';
import type { CollectorSpec } from '../../src/import/collector';
import { claimPiece } from '../../src/import/parts';
import { ImportSession } from '../../src/import/session';
import { configOf } from '../helpers/billing-config';
import { NCE_INVOICE_47, nceInvoiceRow, toCsv } from '../helpers/partner-center-files';
import type { Slow } from '../helpers/tail-collectors';

jest.setTimeout(60_000);

const COLLECTOR: CollectorSpec = { module: path.join(__dirname, '../helpers/part-collectors.ts'), name: 'rowsAndCosts', init: null };
const TAIL_COLLECTORS = path.join(__dirname, '../helpers/tail-collectors.ts');
type Seen = Array<[number, string, string]>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-parts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Rows of a month: many tenants, prorated amounts with long decimals, a few charge types. */
function rows(count: number, seed = 1): string[][] {
  return Array.from({ length: count }, (_, i) => {
    const n = i * 7919 + seed;
    const cost = `${n % 3 === 0 ? '-' : ''}${(n % 997) + 1}.${String((n * 104_729) % 10 ** 9).padStart(9, '0')}1234567`;
    return nceInvoiceRow({
      CustomerId: `0a7e1a05-5b4f-4a44-9d0e-${String(n % 53).padStart(12, '0')}`,
      CustomerName: `Tenant ${n % 53}`,
      ProductId: `CFQ7TTC0L${String(n % 11).padStart(3, '0')}`,
      ChargeType: n % 3 === 0 ? 'cancelImmediate' : n % 5 === 0 ? 'addQuantity' : 'cycleCharge',
      Subtotal: cost,
      Total: cost,
      SubscriptionId: `4c1a2d3e-7f80-4a9b-8c7d-${String(i).padStart(12, '0')}`,
    });
  });
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function inOneGo(file: string) {
  const seen: Seen = [];
  const document = await new ImportSession().importFile(path.basename(file), fs.createReadStream(file), (line) => void seen.push([line.sourceRow, line.customerId, line.cost.toString()]));
  return { document, seen };
}

/** The report of a file read in `parts` (1: in one go), priced and grouped where each part is read, as the command line does. */
async function reportInParts(file: string, config: BillingConfig, parts: number) {
  const builder = new ReportBuilder(config, { months: null, keepLines: true });
  const result = await importFileInParts<PartLines>(new ImportSession(), file, path.basename(file), reportCollectorSpec(config, true), { minBytes: 1, parts });
  builder.addDocument(result.document, builder.linesOfParts(result.collected));
  return { parts: result.parts, report: builder.build() };
}

describe('a file read in parts', () => {
  const body = rows(4000);
  const file = write('october.csv', toCsv([...NCE_INVOICE_47], body, { lineEnd: '\r\n', quoting: 'always', bom: true }));

  it.each([2, 3, 5])('in %i parts gives the document and the lines of a read in one go', async (parts) => {
    const expected = await inOneGo(file);
    const result = await importFileInParts<Seen>(new ImportSession(), file, 'october.csv', COLLECTOR, { minBytes: 1, parts });
    expect(result.parts).toBe(parts);
    expect(result.document).toEqual(expected.document);
    expect(result.collected.flat()).toEqual(expected.seen);
    expect(result.collected[1][0][0]).toBeGreaterThan(2); // later parts number their rows from the file's start
  });

  it('reports progress up to the file size', async () => {
    const seen: number[] = [];
    await importFileInParts<Seen>(new ImportSession(), file, 'october.csv', COLLECTOR, { minBytes: 1, parts: 2, onProgress: ({ bytes }) => seen.push(bytes) });
    expect(Math.max(...seen)).toBe(fs.statSync(file).size);
  });

  it('is read in one go when a cut falls inside a quoted field holding line breaks', async () => {
    const long = rows(1, 9)[0];
    long[NCE_INVOICE_47.indexOf('SubscriptionDescription')] = Array.from({ length: 20_000 }, (_, i) => `note ${i}`).join('\n');
    const quoted = write('quoted.csv', toCsv([...NCE_INVOICE_47], [...rows(300), long, ...rows(300, 5)]));
    const expected = await inOneGo(quoted);
    const reasons: string[] = [];
    const result = await importFileInParts<Seen>(new ImportSession(), quoted, 'quoted.csv', COLLECTOR, { minBytes: 1, parts: 2, onOneThread: (reason) => reasons.push(reason) });
    expect(result.parts).toBe(1);
    expect(reasons).toEqual(['a cut between its parts fell inside a quoted cell holding line breaks']);
    expect(result.document).toEqual(expected.document);
    expect(result.collected.flat()).toEqual(expected.seen);
  });

  it('is read in one go when a worker fails, with nothing counted twice', async () => {
    const failing: CollectorSpec = { ...COLLECTOR, name: 'failsOffTheMainThread' };
    const expected = await inOneGo(file);
    const reasons: string[] = [];
    const result = await importFileInParts<number>(new ImportSession(), file, 'october.csv', failing, { minBytes: 1, parts: 2, onOneThread: (reason) => reasons.push(reason) });
    expect(result.parts).toBe(1);
    // Said, as a large file then takes twice as long; with the worker's own message.
    expect(reasons).toEqual(['part 2 of 2 had a problem (october.csv: could not be read (this worker fails))']);
    expect(result.document).toEqual(expected.document);
    expect(result.collected).toEqual([expected.seen.length]);
  });

  it('is read in one go when a later part has a bad row, so the message names the same row', async () => {
    const bad = rows(3000);
    bad[2500][NCE_INVOICE_47.indexOf('Subtotal')] = '12,5x';
    const broken = write('broken.csv', toCsv([...NCE_INVOICE_47], bad));
    const reasons: string[] = [];
    const result = await importFileInParts<Seen>(new ImportSession(), broken, 'broken.csv', COLLECTOR, { minBytes: 1, parts: 2, onOneThread: (reason) => reasons.push(reason) });
    expect(result.document.status).toBe('failed');
    expect(result.document.problem).toBe('broken.csv, row 2502, column Subtotal: "12,5x" is not a number');
    expect(reasons).toEqual(['part 2 of 2 had a problem (broken.csv, row 2502, column Subtotal: "12,5x" is not a number)']);
    expect(result.collected).toEqual([]);
  });

  it('keeps identical lines that fall in different parts: lines of one file are never copies of each other', async () => {
    // Three copies of one line, the first and last in different parts, and no earlier file.
    const twins = write('twins.csv', toCsv([...NCE_INVOICE_47], [body[10], ...body.slice(0, 3999), body[10]]));
    const expected = await inOneGo(twins);
    const result = await importFileInParts<Seen>(new ImportSession(), twins, 'twins.csv', COLLECTOR, { minBytes: 1, parts: 2 });
    expect(result.parts).toBe(2);
    expect(result.document).toMatchObject({ status: 'imported', rowCount: 4001, lineCount: 4001, duplicateLines: 0 });
    expect(result.document).toEqual(expected.document);
    expect(result.collected.flat()).toEqual(expected.seen);
  });

  async function againstEarlier(laterRows: string[][], name: string) {
    const earlier = write('earlier.csv', toCsv([...NCE_INVOICE_47], [...body.slice(0, 10), body[3000], body[3000]]));
    const later = write(name, toCsv([...NCE_INVOICE_47], laterRows));
    const sequential = new ImportSession();
    await sequential.importFile('earlier.csv', fs.createReadStream(earlier), () => {});
    const expected = await sequential.importFile(name, fs.createReadStream(later), () => {});
    const session = new ImportSession();
    await session.importFile('earlier.csv', fs.createReadStream(earlier), () => {});
    const result = await importFileInParts<Seen>(session, later, name, COLLECTOR, { minBytes: 1, parts: 2 });
    expect(result.document).toEqual(expected);
    expect(session.documents.map((d) => d.fileName)).toEqual(['earlier.csv', name]);
    return result;
  }

  it('drops the lines an earlier file holds, once per copy, as a read in one go does', async () => {
    // One copy of body[3000] in each part: the earlier file's two copies cover both.
    const result = await againstEarlier([...body.slice(0, 2000), body[3000], ...body.slice(2000, 3000), ...body.slice(3001), body[3000]], 'later.csv');
    expect(result.parts).toBe(2);
    expect(result.document.duplicateLines).toBe(12);
  });

  it('is read in one go when the parts together would drop more copies than earlier files hold', async () => {
    // Three copies of body[3000] (one in the first part, two in the second), two of them in the earlier file.
    const result = await againstEarlier([...body.slice(0, 2000), body[3000], ...body.slice(2000), body[3000]], 'later-again.csv');
    expect(result.parts).toBe(1);
    expect(result.document.duplicateLines).toBe(12);
  });

  it('drops the lines of a copy Excel saved again (amounts cut to 10 significant digits) in parts, as a read in one go does', async () => {
    const subtotal = NCE_INVOICE_47.indexOf('Subtotal');
    const total = NCE_INVOICE_47.indexOf('Total');
    const cut = (cell: string) => String(Number(Number(cell).toPrecision(10)));
    const resaved = body.map((row) => row.map((cell, i) => (i === subtotal || i === total ? cut(cell) : cell)));
    expect(resaved[1][subtotal]).not.toBe(body[1][subtotal]);
    // The earlier file holds two copies of body[3000]: one in each part of the copy are both dropped.
    const inParts = await againstEarlier([...resaved.slice(0, 2000), resaved[3000], ...resaved.slice(2000)], 'later-excel.csv');
    expect(inParts.parts).toBe(2);
    expect(inParts.document.duplicateLines).toBe(12);
    // Three copies (one in the first part, two in the second): only two are dropped, so the file is read in one go.
    const three = await againstEarlier([...resaved.slice(0, 2000), resaved[3000], ...resaved.slice(2000), resaved[3000]], 'later-excel-again.csv');
    expect(three.parts).toBe(1);
    expect(three.document.duplicateLines).toBe(12);
  });

  it('alone in its session, reads its parts without fingerprints, to the document and the lines of a read in one go', async () => {
    const alone = new ImportSession();
    alone.lastFileNext();
    const result = await importFileInParts<Seen>(alone, file, 'october.csv', COLLECTOR, { minBytes: 1, parts: 3 });
    const { document, seen } = await inOneGo(file);
    expect(result.parts).toBe(3);
    expect(result.document.contentHash).toBe('');
    expect(result.keptFingerprints.length).toBe(0); // no part fingerprinted its lines
    expect({ ...result.document, contentHash: document.contentHash }).toEqual(document);
    expect(result.collected.flat()).toEqual(seen);
  });

  it('registers the lines it read in parts: the same file again is a duplicate of it', async () => {
    const session = new ImportSession();
    const first = await importFileInParts<Seen>(session, file, 'october.csv', COLLECTOR, { minBytes: 1, parts: 3 });
    expect(first.parts).toBe(3);
    const again = await session.importFile('october (1).csv', fs.createReadStream(file), () => {});
    expect(again).toMatchObject({ status: 'duplicate', duplicateLines: 4000, lineCount: 0, duplicateOf: ['october.csv'] });
  });

  it('gives the same report whether priced and grouped in parts or in one go', async () => {
    const { config } = readConfig([]);
    const [one, three] = [await reportInParts(file, config, 1), await reportInParts(file, config, 3)];
    expect(three.parts).toBe(3);
    expect(reportToJson(three.report)).toEqual(reportToJson(one.report));
    expect(three.report.cycles[0].lines).toEqual(one.report.cycles[0].lines);
  });

  it("bills a 100% promotion's seat change whose halves fall in different parts as read in one go: by its pair", async () => {
    // Promotions = Keep at 12.00: Northwind's seats 10 → 12 on October 7 (29 of 31 days), written as Microsoft does (a
    // refund of 10 and a charge of 12, both addQuantity at 0), the first and the last row of the file.
    const config = configOf({ Settings: 'Setting,Value\nCurrency,USD', Prices: 'Product ID,SKU ID,Product,Term,Billing plan,Sales price\nCFQ7TTC0LCHC,,,,,12.00' });
    const promo = { ChargeType: 'addQuantity', UnitPrice: '10.00', EffectiveUnitPrice: '0', Subtotal: '0', Total: '0', ChargeStartDate: '10/7/2026', PromotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0PROMO' };
    const seats = (count: string) => nceInvoiceRow({ ...promo, Quantity: count, BillableQuantity: count });
    const pair = write('seats.csv', toCsv([...NCE_INVOICE_47], [seats('10'), ...body, seats('12')]));
    const [one, two] = [await reportInParts(pair, config, 1), await reportInParts(pair, config, 2)];
    expect(two.parts).toBe(2);
    const northwind = two.report.cycles[0].organizations.find((organization) => organization.name === 'Northwind Traders')!;
    expect(northwind.products[0].details.map((d) => [d.transactionType, d.quantity.toString(), d.sales.toFixed(2)])).toEqual([
      ['pro-rated charge', '12', '134.71'],
      ['refund', '10', '-112.26'],
    ]);
    expect(northwind.sales.toFixed(2)).toBe('22.45');
    expect(two.report.reconciliation.warnings.filter((warning) => warning.includes('seats.csv, row'))).toEqual([]);
    expect(reportToJson(two.report)).toEqual(reportToJson(one.report));
    expect(two.report.cycles[0].lines).toEqual(one.report.cycles[0].lines);
  });
});

describe('workers prepared ahead of a large file (as the command line starts)', () => {
  const file = write('prepared.csv', toCsv([...NCE_INVOICE_47], rows(3000, 7)));
  afterEach(() => releasePreparedWorkers());

  /** Polls until `done`, for at most 30 s. */
  async function until(done: () => boolean): Promise<void> {
    for (let waited = 0; !done() && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('read their part as a worker started for it does, and are taken once', async () => {
    const { config } = readConfig([]);
    const fresh = await reportInParts(file, config, 2);
    prepareWorkers([REPORT_COLLECTOR], 2);
    expect(preparedWorkers()).toBe(2);
    const prepared = await reportInParts(file, config, 3);
    expect(preparedWorkers()).toBe(0);
    expect(prepared.parts).toBe(3);
    expect(reportToJson(prepared.report)).toEqual(reportToJson(fresh.report));
  });

  it('one that failed to load is left out, and the part is read by a new one', async () => {
    prepareWorkers([path.join(dir, 'no-such-module.ts')], 1);
    await until(() => preparedWorkers() === 0);
    expect(preparedWorkers()).toBe(0);
    const reasons: string[] = [];
    const result = await importFileInParts<Seen>(new ImportSession(), file, 'prepared.csv', COLLECTOR, { minBytes: 1, parts: 2, onOneThread: (reason) => reasons.push(reason) });
    expect(reasons).toEqual([]);
    expect(result.parts).toBe(2);
    expect(result.document.status).toBe('imported');
  });

  it('are started for a file to be read in parts only, and unused do not keep the process alive', () => {
    const large = path.join(dir, 'large.csv');
    fs.writeFileSync(large, '');
    fs.truncateSync(large, 32 * 1024 * 1024); // sparse: the size is what counts
    const script = (args: string[]) =>
      `require(${JSON.stringify(require.resolve('tsx/cjs'))}); const w = require(${JSON.stringify(path.join(__dirname, '../../src/cli/part-workers.ts'))}); w.prepareReportWorkers(${JSON.stringify(args)}); console.log(w.preparedWorkers());`;
    // The child exits on its own (execFileSync would wait for a worker that kept it alive, up to the timeout).
    const run = (args: string[]) => execFileSync(process.execPath, ['-e', script(args)], { encoding: 'utf8', timeout: 30_000 }).trim();
    expect(run([file, '--json'])).toBe('0');
    expect(Number(run(['--json', large]))).toBe(Math.min(os.availableParallelism(), 4) - 1);
  });
});

describe("the last part's tail, taken piece by piece by its worker (from the front) and this thread (from the back)", () => {
  const file = write('tail.csv', toCsv([...NCE_INVOICE_47], rows(4000, 3), { lineEnd: '\r\n', quoting: 'always' }));
  const size = fs.statSync(file).size;
  // Rows 2-2000 lie in this thread's part, the tail in the last fifth or so (rows past 3000).
  const holdThisThread: Slow = { mainThread: true, fromRow: 2, toRow: 2000, ms: 1 };
  const cases: Array<[string, Slow[], (pieces: number) => boolean]> = [
    ['all by the worker (this thread held back on its part)', [holdThisThread], (pieces) => pieces === 0],
    ['all by this thread (the worker held back on its range)', [{ mainThread: false, fromRow: 2, toRow: null, ms: 2 }], (pieces) => pieces > 3],
    ['by both (this thread held back on its part, the worker in the tail)', [holdThisThread, { mainThread: false, fromRow: 3700, toRow: null, ms: 20 }], (pieces) => pieces > 0],
  ];

  it.each(cases)('gives the document, the lines in file order and the progress of a read in one go: %s', async (_, slow, tookPieces) => {
    const expected = await inOneGo(file);
    const seen: number[] = [];
    const spec: CollectorSpec = { module: TAIL_COLLECTORS, name: 'slowRowsAndCosts', init: slow };
    const result = await importFileInParts<Seen>(new ImportSession(), file, 'tail.csv', spec, { minBytes: 1, parts: 2, onProgress: ({ bytes }) => seen.push(bytes) });
    expect(result.parts).toBe(2);
    // Pieces this thread read follow the worker's part, each a result of its own.
    expect(tookPieces(result.collected.length - 2)).toBe(true);
    expect(result.document).toEqual(expected.document);
    expect(result.collected.flat()).toEqual(expected.seen);
    expect(Math.max(...seen)).toBe(size);
    if (slow.length === 2) expect(result.collected[1].at(-1)![0]).toBeGreaterThan(3700); // the worker went on into the tail
  });

  it.each(cases)('gives the report of a read in one go: %s', async (_, slow, tookPieces) => {
    const { config } = readConfig([]);
    const one = await reportInParts(file, config, 1);
    const builder = new ReportBuilder(config, { months: null, keepLines: true });
    const spec: CollectorSpec = { module: TAIL_COLLECTORS, name: 'slowReportLines', init: { report: reportCollectorSpec(config, true).init, slow } };
    const result = await importFileInParts<PartLines>(new ImportSession(), file, 'tail.csv', spec, { minBytes: 1, parts: 2 });
    expect(tookPieces(result.collected.length - 2)).toBe(true);
    builder.addDocument(result.document, builder.linesOfParts(result.collected));
    const report = builder.build();
    expect(reportToJson(report)).toEqual(reportToJson(one.report));
    expect(report.cycles[0].lines).toEqual(one.report.cycles[0].lines);
  });

  it('is read in one go when the worker fails outright (its collector cannot be built) while this thread may read pieces', async () => {
    const expected = await inOneGo(file);
    const reasons: string[] = [];
    const spec: CollectorSpec = { module: TAIL_COLLECTORS, name: 'unbuiltOffTheMainThread', init: null };
    const result = await importFileInParts<number>(new ImportSession(), file, 'tail.csv', spec, { minBytes: 1, parts: 2, onOneThread: (reason) => reasons.push(reason) });
    expect(result.parts).toBe(1);
    expect(reasons).toEqual(['a part failed (Error: no collector here)']);
    expect(result.document).toEqual(expected.document);
    expect(result.collected).toEqual([expected.seen.length]);
  });
});

describe('claimPiece', () => {
  it('gives each piece once: from the front in order, from the back in order, until none is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.array(fc.boolean(), { maxLength: 60 }), (pieces, ends) => {
        const claims = new Int32Array(new SharedArrayBuffer(4));
        const front: number[] = [];
        const back: number[] = [];
        for (const fromBack of ends) {
          const piece = claimPiece(claims, pieces, fromBack);
          if (piece < 0) expect(front.length + back.length).toBe(pieces);
          else (fromBack ? back : front).push(piece);
        }
        expect(front).toEqual(Array.from(front, (_, i) => i));
        expect(back).toEqual(Array.from(back, (_, i) => pieces - 1 - i));
        expect(front.length + back.length).toBe(Math.min(pieces, ends.length));
      }),
    );
  });

  it('gives no piece twice to two threads taking at once', async () => {
    const pieces = 30_000; // claimPiece counts up to 32,767 from each end
    const claims = new Int32Array(new SharedArrayBuffer(4));
    const ready = new Int32Array(new SharedArrayBuffer(4));
    const script = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
      const { claimPiece } = require(${JSON.stringify(path.join(__dirname, '../../src/import/parts.ts'))});
      const { parentPort, workerData } = require('node:worker_threads');
      Atomics.store(workerData.ready, 0, 1);
      const taken = [];
      for (let piece = claimPiece(workerData.claims, workerData.pieces, false); piece >= 0; piece = claimPiece(workerData.claims, workerData.pieces, false)) taken.push(piece);
      parentPort.postMessage(taken);`;
    const worker = new Worker(script, { eval: true, workerData: { claims, ready, pieces } });
    const theirs = new Promise<number[]>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    // Both take at once: this thread starts as the worker does.
    while (Atomics.load(ready, 0) === 0);
    const mine: number[] = [];
    for (let piece = claimPiece(claims, pieces, true); piece >= 0; piece = claimPiece(claims, pieces, true)) mine.push(piece);
    const taken = await theirs;
    await worker.terminate();
    expect(taken).toEqual(Array.from(taken, (_, i) => i));
    expect(mine).toEqual(Array.from(mine, (_, i) => pieces - 1 - i));
    expect(taken.length + mine.length).toBe(pieces);
  });
});
