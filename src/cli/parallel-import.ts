/**
 * Reads a large CSV file on every core: the file is cut into byte ranges at line ends, this thread reads the first
 * and a worker thread each other range (parse, map, count and whatever the caller's collector does with the lines),
 * and the parts' tallies merge into one document. A cut that falls inside a quoted field, a part with any problem or warning, or a file that is
 * not plain UTF-8 CSV sends the file back to the one-thread import, so results and messages never depend on how
 * the file was read. Node only (worker_threads, fs): the command line's edge, beside the engine.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CollectorSpec, LineCollector } from '../import/collector';
import { DocumentTally } from '../import/document-tally';
import { FingerprintList } from '../import/fingerprint';
import { importPart, type FileImport, type ImportOptions, type LaterPart, type PartImport } from '../import/import-file';
import { openRecords } from '../import/records';
import type { ImportSession, LinesSnapshot } from '../import/session';
import { detectFormat } from '../billing/formats';

export interface PartsOptions extends Pick<ImportOptions, 'cycleEndDay' | 'billingDate' | 'onProgress'> {
  /** Files smaller than this are read on one thread (starting workers costs more than it saves). */
  minBytes?: number;
  /** Parts to cut the file into; the machine's cores by default, at most 4. */
  parts?: number;
}

export interface PartsImport<R> extends FileImport {
  /** The collectors' results, in file order (one when the file was read on one thread). */
  collected: R[];
  /** How many parts the file was read in (1: on one thread). */
  parts: number;
}

/** Data handed to a worker (part-worker.ts). */
export interface PartTask {
  path: string;
  fileName: string;
  index: number;
  start: number;
  end: number;
  /** The file's dialect; the part's first row number is sent as a message once the rows before it are counted. */
  later: Omit<LaterPart, 'firstRow'>;
  collector: CollectorSpec;
  register: LinesSnapshot | null;
}

export type PartMessage<R> = { type: 'progress'; bytes: number; rows: number } | { type: 'done'; part: PartImport; collected: R | null };

interface Cuts {
  size: number;
  starts: number[];
  /** The file's first bytes (up to 64 KiB), holding the header. */
  head: Buffer;
}

const DEFAULT_MIN_BYTES = 32 * 1024 * 1024;
/** Bytes read at a time: a quarter MiB (1 MiB chunks left larger strings and rows to the garbage collector). */
export const READ_BYTES = 1 << 18;
/**
 * Each part holds its own copy of the file's customers and products while it is read (a few hundred MB for a
 * million-line file), so a many-core machine still reads in at most this many parts unless asked for more.
 */
const MAX_DEFAULT_PARTS = 4;
const HEAD_BYTES = 65_536;

/** Imports a file on disk into the session, in parts when it is large enough, and returns what its collectors gathered. */
export async function importFileInParts<R>(session: ImportSession, filePath: string, fileName: string, collector: CollectorSpec, options: PartsOptions = {}): Promise<PartsImport<R>> {
  const cuts = await cutPoints(filePath, options);
  if (cuts !== null) {
    const result = await readParts<R>(session, filePath, fileName, collector, cuts, options);
    if (result !== null) {
      session.accept(result);
      return result;
    }
  }
  const made = loadCollector<R>(collector);
  const document = await session.importFile(fileName, createReadStream(filePath, { highWaterMark: READ_BYTES }), (line) => made.add(line), options);
  return { document, keptFingerprints: new FingerprintList(), collected: document.status === 'imported' ? [made.finish()] : [], parts: 1 };
}

/** The file's first bytes and where parts after the first start (each just after a line end), or null to read in one go. */
async function cutPoints(filePath: string, options: PartsOptions): Promise<Cuts | null> {
  const parts = Math.min(options.parts ?? Math.min(availableParallelism(), MAX_DEFAULT_PARTS), 16);
  if (parts < 2) return null;
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size < (options.minBytes ?? DEFAULT_MIN_BYTES)) return null;
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    // Gzip members and JSON lines are read in one go; so is a file that is not UTF-8 (its encoding is judged once).
    if (head[0] === 0x1f && head[1] === 0x8b) return null;
    const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('{') || text.indexOf('\n') < 0 || !isUtf8(head)) return null;
    const starts: number[] = [];
    const window = Buffer.alloc(HEAD_BYTES);
    for (let k = 1; k < parts; k++) {
      const from = Math.floor((size * k) / parts);
      const { bytesRead } = await handle.read(window, 0, window.length, from);
      const newline = window.subarray(0, bytesRead).indexOf(10);
      const start = newline < 0 ? -1 : from + newline + 1;
      if (start > 0 && start < size && start > (starts[starts.length - 1] ?? head.indexOf(10))) starts.push(start);
    }
    return starts.length === 0 ? null : { size, starts, head };
  } finally {
    await handle.close();
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Line ends before each offset (offsets ascending), read in big blocks: the row number a part starts at. */
async function countLineEnds(filePath: string, offsets: readonly number[]): Promise<number[]> {
  const handle = await open(filePath, 'r');
  try {
    const counts: number[] = [];
    const block = Buffer.alloc(4 << 20);
    let position = 0;
    let count = 0;
    for (const offset of offsets) {
      while (position < offset) {
        const { bytesRead } = await handle.read(block, 0, Math.min(block.length, offset - position), position);
        if (bytesRead === 0) break;
        const read = block.subarray(0, bytesRead);
        for (let i = read.indexOf(10); i >= 0; i = read.indexOf(10, i + 1)) count++;
        position += bytesRead;
      }
      counts.push(count);
    }
    return counts;
  } finally {
    await handle.close();
  }
}

/** Reads the parts (the first here, the others on workers) and merges them; null when the file must be read in one go after all. */
async function readParts<R>(
  session: ImportSession,
  filePath: string,
  fileName: string,
  collector: CollectorSpec,
  cuts: Cuts,
  options: PartsOptions,
): Promise<PartsImport<R> | null> {
  const bounds = [0, ...cuts.starts, cuts.size];
  const register = session.linesSnapshot();
  const progress = bounds.slice(1).map(() => ({ bytes: 0, rows: 0 }));
  const report = () => options.onProgress?.(progress.reduce((sum, p) => ({ bytes: sum.bytes + p.bytes, rows: sum.rows + p.rows }), { bytes: 0, rows: 0 }));

  // The first part finds the header; the later ones need it before they start, so the header is read here too.
  const head = await headerOf(cuts.head);
  if (head === null) return null;
  // Parts after the first go to worker threads; this thread reads the first part itself (one isolate less to
  // start and to hold in memory, and its result needs no copying).
  const workers = bounds.slice(2).map((end, k) => {
    const index = k + 1;
    const task: PartTask = { path: filePath, fileName, index, start: bounds[index], end, later: head, collector, register };
    return startWorker<R>(task, (bytes, rows) => {
      progress[index] = { bytes, rows };
      report();
    });
  });
  const readFirstPart = async () => {
    const made = loadCollector<R>(collector);
    const source = createReadStream(filePath, { start: 0, end: bounds[1] - 1, highWaterMark: READ_BYTES });
    const onProgress = ({ bytes, rows }: { bytes: number; rows: number }) => {
      progress[0] = { bytes, rows };
      report();
    };
    const part = await importPart(fileName, source, null, (line) => made.add(line), { onProgress }, session);
    onProgress({ bytes: bounds[1], rows: part.tally.rowCount });
    return { part, collected: part.document.problem === '' ? made.finish() : null };
  };
  let results: Array<{ part: PartImport; collected: R | null }>;
  let firstRows: number[];
  try {
    // Row numbers of the later parts, counted while their workers load.
    firstRows = (await countLineEnds(filePath, cuts.starts)).map((count) => count + 1);
    firstRows.forEach((firstRow, k) => workers[k].post({ firstRow }));
    // Every part is waited for, so nothing goes on reading in the background when one fails.
    const settled = await Promise.allSettled([readFirstPart(), ...workers.map((w) => w.done)]);
    if (settled.some((outcome) => outcome.status === 'rejected')) return null;
    results = settled.map((outcome) => (outcome as PromiseFulfilledResult<{ part: PartImport; collected: R | null }>).value);
  } catch {
    return null;
  } finally {
    for (const worker of workers) worker.stop();
  }

  const parts = results.map((r) => ({ ...r, part: { ...r.part, tally: DocumentTally.revive(r.part.tally) } }));
  const first = parts[0].part;
  const clean = parts.every(({ part }) => part.document.problem === '' && part.document.warnings.length === 0 && part.document.format === first.document.format);
  // Each cut must be a record boundary: the part before it stops exactly at the row the next one starts at.
  const joined = parts.every((_, k) => k === 0 || parts[k - 1].part.nextRow === firstRows[k - 1]);
  if (!clean || !joined) return null;
  const tally = first.tally;
  for (const { part } of parts.slice(1)) if (!tally.merge(part.tally, session)) return null;
  // The first part's document has the file's format, container and delimiter: the merged tally finishes it.
  tally.finish(first.document, first.document.format!, options, session);
  return { document: first.document, keptFingerprints: tally.keptFingerprints, collected: parts.map((p) => p.collected!), parts: parts.length };
}

/** The file's dialect from its first bytes; null when it is not a recognised CSV (one go says why). */
async function headerOf(head: Buffer): Promise<Omit<LaterPart, 'firstRow'> | null> {
  const text = new TextDecoder('utf-8').decode(head, { stream: true });
  const reader = await openRecords(
    (async function* () {
      yield text;
    })(),
  );
  if (reader === null || reader.dialect === null) return null;
  return detectFormat(reader.header) === null ? null : { dialect: reader.dialect };
}

interface PartWorker<R> {
  done: Promise<{ part: PartImport; collected: R | null }>;
  post(message: { firstRow: number }): void;
  stop(): void;
}

/** Under tsx (the command line, tests) the worker loads TypeScript through tsx's require hook, found from here (the
 * command line may run from any folder). */
const WORKER_FILE = path.join(__dirname, `part-worker${path.extname(__filename)}`);

/**
 * A part's rows, lines and prices die young, but a young generation of V8's default size promotes many of them
 * before they do; a larger one (about 50 MB more memory per worker) reads a part about a tenth faster.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 96 };

function startWorker<R>(task: PartTask, onProgress: (bytes: number, rows: number) => void): PartWorker<R> {
  const worker = WORKER_FILE.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(WORKER_FILE)});`, { eval: true, workerData: task, resourceLimits: WORKER_LIMITS })
    : new Worker(WORKER_FILE, { workerData: task, resourceLimits: WORKER_LIMITS });
  const done = new Promise<{ part: PartImport; collected: R | null }>((resolve, reject) => {
    worker.on('message', (message: PartMessage<R>) => {
      if (message.type === 'progress') onProgress(message.bytes, message.rows);
      else resolve(message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`part worker exited with ${code}`)));
  });
  return { done, post: (message) => worker.postMessage(message), stop: () => void worker.terminate() };
}

/** Builds the collector a spec names, in this thread. */
export function loadCollector<R>(spec: CollectorSpec): LineCollector<R> {
  const factory = (require(spec.module) as Record<string, (init: unknown) => LineCollector<R>>)[spec.name];
  if (typeof factory !== 'function') throw new Error(`${spec.module} exports no collector ${spec.name}`);
  return factory(spec.init);
}
