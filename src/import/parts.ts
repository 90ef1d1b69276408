/**
 * Reading a large CSV file on every core, wherever it runs: the file is cut into byte ranges at line ends, the calling
 * thread reads the first and a worker each other range (parse, map, count and whatever the collector does with the
 * lines), and the parts' tallies merge into one document. A cut that falls inside a quoted field, a part with any
 * problem or warning, or a file that is not plain UTF-8 CSV gives null: the caller reads the file on one thread,
 * so results and messages never depend on how the file was read.
 *
 * The bytes and the workers come from the caller: the command line's (a file on disk, worker_threads) are in
 * src/cli/parallel-import.ts. A worker counts the rows before its part itself (the first row number it reads from).
 *
 * The two threads' speeds vary from run to run, so the last part ends in a tail of pieces shared with this thread: the
 * worker reading that part goes on from its range into the pieces, taken from the front; this thread, once its own
 * part is read, takes pieces from the back, each read as a part of its own; both end within about a piece of each other.
 */
import { finishedHere, type LineCollector } from './collector';
import type { ByteSource } from './decode';
import { DocumentTally } from './document-tally';
import { importPart, type FileImport, type ImportOptions, type LaterPart, type PartImport } from './import-file';
import { DEFAULT_MIN_BYTES } from './part-limits';
import { openRecords } from './records';
import { registerOf, type ImportSession, type LinesSnapshot } from './session';
import { detectFormat } from '../billing/formats';

/** A file's bytes by range. */
export interface FileBytes {
  size: number;
  /** Bytes [start, end) (fewer at the end of the file). */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, end) as they arrive. */
  stream(start: number, end: number): ByteSource;
}

/**
 * The pieces the last part's range ends in, shared by the worker reading that part (from the front) and this thread
 * (from the back). Each piece starts just after a line end; the last ends at the file's end.
 */
export interface Tail {
  starts: number[];
  end: number;
  /** What was taken (see claimPiece): one word on memory both threads see. */
  claims: Int32Array;
}

/** What a worker reading a later part is given: its byte range, the file's dialect and the earlier files' lines. */
export interface PartTask {
  index: number;
  start: number;
  end: number;
  /** The last part's: the pieces it goes on into once its range is read (null for the others). */
  tail: Tail | null;
  /** The file's dialect; the worker counts the rows before its part itself (lineEndsBefore). */
  later: Omit<LaterPart, 'firstRow'>;
  register: LinesSnapshot | null;
  /** Whether the part's lines are fingerprinted (ImportOptions.fingerprints). */
  fingerprints: boolean;
}

/** A part's result: its tally, what its collector gathered, and the row number it started at. */
export interface PartDone<R> {
  part: PartImport;
  collected: R | null;
  firstRow: number;
}

export type PartMessage<R> = { type: 'progress'; bytes: number; rows: number } | ({ type: 'done' } & PartDone<R>);

/** A later part being read by a worker. `done` rejects when the worker fails or is stopped; stop() ends it (idempotent). */
export interface PartReader<R> {
  done: Promise<PartDone<R>>;
  stop(): void;
}

type StartPart<R> = (task: PartTask, onProgress: (bytes: number, rows: number) => void) => PartReader<R>;

export interface PartsOptions extends Pick<ImportOptions, 'cycleEndDay' | 'billingDate' | 'onProgress' | 'signal'> {
  /** Files smaller than this are read on one thread (starting workers costs more than it saves). */
  minBytes?: number;
  /** Parts to cut the file into (at most 16); below 2 the file is read on one thread. */
  parts: number;
  /**
   * Told why a file cut into parts was read on one thread after all (a part's problem, a failed worker, a cut inside a
   * quoted cell): on a large file that costs about as long again.
   */
  onOneThread?(reason: string): void;
}

export interface PartsImport<R> extends FileImport {
  /** The collectors' results, in file order (one when the file was read on one thread). */
  collected: R[];
  /** How many threads' parts the file was read in (1: on one thread); `collected` may hold more (the tail's pieces). */
  parts: number;
}

const HEAD_BYTES = 65_536;
/**
 * The share of the last part's range in its tail, and the tail's pieces: enough to make up for one core running a
 * fifth slower than the other, and pieces few enough that those this thread reads (each its own collector, added up
 * afterwards) cost little.
 */
const TAIL_SHARE = 0.4;
const TAIL_PIECES = 16;

interface Cuts {
  starts: number[];
  /** Where the tail's pieces start (none when the last part is too small to cut). */
  tail: number[];
  /** The file's first bytes (up to 64 KiB), holding the header. */
  head: Uint8Array;
}

/**
 * Reads a file in parts (the first on this thread, the others through `startPart`) and accepts it into the session;
 * null when it must be read on one thread instead (nothing is accepted then).
 */
export async function importInParts<R>(session: ImportSession, file: FileBytes, fileName: string, collect: () => LineCollector<R>, startPart: StartPart<R>, options: PartsOptions): Promise<PartsImport<R> | null> {
  const cuts = await cutPoints(file, options);
  if (cuts === null) return null;
  const result = await readParts(session, file, fileName, collect, startPart, cuts, options);
  if (result !== null) session.accept(result);
  return result;
}

/** The file's first bytes and where parts after the first start (each just after a line end), or null to read in one go. */
async function cutPoints(file: FileBytes, options: PartsOptions): Promise<Cuts | null> {
  const parts = Math.min(options.parts, 16);
  if (parts < 2) return null;
  const size = file.size;
  if (size < (options.minBytes ?? DEFAULT_MIN_BYTES)) return null;
  const head = await file.read(0, Math.min(HEAD_BYTES, size));
  // Gzip members and JSON lines are read in one go; so is a file that is not UTF-8 (its encoding is judged once).
  if (head[0] === 0x1f && head[1] === 0x8b) return null;
  // So is a workbook (a zip archive).
  if (head[0] === 0x50 && head[1] === 0x4b) return null;
  if (!isUtf8(head)) return null;
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.indexOf('\n') < 0) return null;
  const starts: number[] = [];
  // Parts of one size: the last part's tail evens out what a worker spends besides reading (counting the rows before
  // its part, handing its buckets over) and how fast each core runs.
  for (let k = 1; k < parts; k++) {
    const start = await lineStartAfter(file, Math.floor((size * k) / parts));
    if (start > 0 && start < size && start > (starts[starts.length - 1] ?? head.indexOf(10))) starts.push(start);
  }
  if (starts.length === 0) return null;
  return { starts, head, tail: await tailOf(file, starts[starts.length - 1]) };
}

/** Where the first line after byte `from` starts; -1 when no line end follows within 64 KiB. */
async function lineStartAfter(file: FileBytes, from: number): Promise<number> {
  const window = await file.read(from, Math.min(file.size, from + HEAD_BYTES));
  const newline = window.indexOf(10);
  return newline < 0 ? -1 : from + newline + 1;
}

/** The starts of the tail's pieces in the last part [lastStart, size); none when it cannot be cut into two at least. */
async function tailOf(file: FileBytes, lastStart: number): Promise<number[]> {
  const tailStart = file.size - (file.size - lastStart) * TAIL_SHARE;
  const starts: number[] = [];
  for (let k = 0; k < TAIL_PIECES; k++) {
    const start = await lineStartAfter(file, Math.floor(tailStart + ((file.size - tailStart) * k) / TAIL_PIECES));
    if (start > (starts[starts.length - 1] ?? lastStart) && start < file.size) starts.push(start);
  }
  return starts.length < 2 ? [] : starts;
}

/**
 * Takes the tail's next piece from the front (the worker's) or the back (this thread's): its index, or -1 once every
 * piece is taken. The word holds how many were taken from the front (low 16 bits) and from the back (high), changed
 * in one step, so no piece is taken twice and none is left (of fewer than 32,768 pieces).
 */
export function claimPiece(claims: Int32Array, pieces: number, fromBack: boolean): number {
  for (;;) {
    const word = Atomics.load(claims, 0);
    const front = word & 0xffff;
    const back = word >>> 16;
    if (front + back >= pieces) return -1;
    if (Atomics.compareExchange(claims, 0, word, word + (fromBack ? 0x10000 : 1)) === word) return fromBack ? pieces - 1 - back : front;
  }
}

/**
 * The row numbers at `offsets` (ascending, each at a line start), counting the line ends on from `from`, where row
 * `fromRow` starts. On the million-line file about 0.13 s from its middle to its last piece.
 */
async function rowsAt(file: FileBytes, from: number, fromRow: number, offsets: readonly number[]): Promise<number[]> {
  const rows: number[] = [];
  let row = fromRow;
  let position = from;
  for (const offset of offsets) {
    while (position < offset) {
      const bytes = await file.read(position, Math.min(offset, position + COUNT_BYTES));
      if (bytes.length === 0) break;
      row += lineEndsIn(bytes);
      position += bytes.length;
    }
    rows.push(row);
  }
  return rows;
}

/** The line ends (LF) in `bytes`. */
export function lineEndsIn(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** Bytes read at a time to count line ends. */
const COUNT_BYTES = 4 << 20;

/** A new tail's claims, on memory shared with the workers; null where there is none (a page not cross-origin isolated). */
function newClaims(): Int32Array | null {
  return typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the parts (the first here, then the tail's pieces the last worker leaves; the others on workers) and merges
 * them; null when the file must be read in one go after all.
 */
async function readParts<R>(
  session: ImportSession,
  file: FileBytes,
  fileName: string,
  collect: () => LineCollector<R>,
  startPart: StartPart<R>,
  cuts: Cuts,
  options: PartsOptions,
): Promise<PartsImport<R> | null> {
  const claims = cuts.tail.length === 0 ? null : newClaims();
  const tail: Tail | null = claims === null ? null : { starts: cuts.tail, end: file.size, claims };
  // The last part's own range ends where its tail starts.
  const bounds = [0, ...cuts.starts, tail?.starts[0] ?? file.size];
  const register = session.linesSnapshot();
  const fingerprints = session.fingerprints();
  // Each part's progress: this thread's first, the workers', then the pieces this thread reads.
  const progress = bounds.slice(1).map(() => ({ bytes: 0, rows: 0 }));
  const report = () => options.onProgress?.(progress.reduce((sum, p) => ({ bytes: sum.bytes + p.bytes, rows: sum.rows + p.rows }), { bytes: 0, rows: 0 }));

  // The first part finds the header; the later ones need it before they start, so the header is read here too.
  const head = await headerOf(cuts.head);
  if (head === null) return null;
  // Parts after the first go to workers; this thread reads the first part itself (one worker less to start and to
  // hold in memory, and its result is the collector's own: no copy, no plain data).
  const workers = bounds.slice(2).map((end, k) => {
    const index = k + 1;
    const last = index === bounds.length - 2;
    const onProgress = (bytes: number, rows: number) => {
      progress[index] = { bytes, rows };
      report();
    };
    return startPart({ index, start: bounds[index], end, tail: last ? tail : null, later: head, register, fingerprints }, onProgress);
  });
  /**
   * Reads [start, end) here into a collector of its own, from row `firstRow` (null: the first part, with the header),
   * its progress at `at`.
   */
  const readHere = async (start: number, end: number, firstRow: number | null, at: number): Promise<PartDone<R>> => {
    const made = collect();
    const onProgress = ({ bytes, rows }: { bytes: number; rows: number }) => {
      progress[at] = { bytes, rows };
      report();
    };
    const later = firstRow === null ? null : { ...head, firstRow };
    const part = await importPart(fileName, file.stream(start, end), later, (line) => made.add(line), { onProgress, signal: options.signal, fingerprints }, session);
    onProgress({ bytes: end - start, rows: part.tally.rowCount });
    return { part, collected: part.document.problem === '' ? finishedHere(made) : null, firstRow: firstRow ?? 1 };
  };
  // This thread's parts in file order: the first, then the pieces of the tail it took (from the back).
  const readOwnParts = async (): Promise<Array<PartDone<R>>> => {
    const first = await readHere(0, bounds[1], null, 0);
    // A first part with a problem sends the file back to one thread: the worker reads the tail meanwhile.
    if (tail === null || first.part.document.problem !== '') return [first];
    const pieces: Array<PartDone<R>> = [];
    let rows: number[] | null = null;
    for (let piece = claimPiece(tail.claims, tail.starts.length, true); piece >= 0; piece = claimPiece(tail.claims, tail.starts.length, true)) {
      // The rows before the pieces are counted once this thread takes one, from the row its part ended at (a wrong
      // count is a cut the join below refuses).
      rows ??= await rowsAt(file, bounds[1], first.part.nextRow, tail.starts);
      pieces.unshift(await readHere(tail.starts[piece], tail.starts[piece + 1] ?? tail.end, rows[piece], progress.push({ bytes: 0, rows: 0 }) - 1));
    }
    return [first, ...pieces];
  };
  const stopAll = () => workers.forEach((worker) => worker.stop());
  const oneThread = (reason: string) => {
    if (options.signal?.aborted !== true) options.onOneThread?.(reason);
    return null;
  };
  options.signal?.addEventListener('abort', stopAll);
  let results: Array<PartDone<R>>;
  try {
    // Every part is waited for, so nothing goes on reading in the background when one fails.
    const [own, ...others] = await Promise.allSettled([readOwnParts(), ...workers.map((w) => w.done)]);
    const failed = [own, ...others].find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) return oneThread(`a part failed (${messageOf((failed as PromiseRejectedResult).reason)})`);
    const [first, ...pieces] = (own as PromiseFulfilledResult<Array<PartDone<R>>>).value;
    results = [first, ...others.map((outcome) => (outcome as PromiseFulfilledResult<PartDone<R>>).value), ...pieces];
  } finally {
    options.signal?.removeEventListener('abort', stopAll);
    stopAll();
  }

  const threads = bounds.length - 1;
  const parts = results.map((r) => ({ ...r, part: { ...r.part, tally: DocumentTally.revive(r.part.tally) } }));
  const first = parts[0].part;
  const clean = parts.every(({ part }) => part.document.problem === '' && part.document.warnings.length === 0 && part.document.format === first.document.format);
  // Each cut must be a record boundary: the part before it stops exactly at the row the next one starts at. A later
  // part that stopped at a problem (a failed worker) ends nowhere in particular: its problem is told below.
  const joined = parts.every((_, k) => k === 0 || (k > 1 && parts[k - 1].part.document.problem !== '') || parts[k - 1].part.nextRow === parts[k].firstRow);
  if (!joined) return oneThread('a cut between its parts fell inside a quoted cell holding line breaks');
  if (!clean) {
    const k = parts.findIndex(({ part }) => part.document.problem !== '' || part.document.warnings.length > 0 || part.document.format !== first.document.format);
    const { problem, warnings, format } = parts[k].part.document;
    // The pieces read here belong to the last part (its tail).
    return oneThread(`part ${Math.min(k, threads - 1) + 1} of ${threads} ${problem !== '' ? `had a problem (${problem})` : warnings.length > 0 ? `had a warning (${warnings[0]})` : `was read as ${format ?? 'no format'}`}`);
  }
  const tally = first.tally;
  for (const { part } of parts.slice(1)) if (!tally.merge(part.tally, session)) return oneThread('its parts together would drop more copies of lines than the earlier files hold');
  // The first part's document has the file's format, container and delimiter: the merged tally finishes it.
  tally.finish(first.document, first.document.format!, options, session);
  return { document: first.document, keptFingerprints: tally.keptFingerprints, collected: parts.map((p) => p.collected!), parts: threads };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The file's dialect from its first bytes; null when it is not a recognised CSV (one go says why). */
async function headerOf(head: Uint8Array): Promise<Omit<LaterPart, 'firstRow'> | null> {
  const text = new TextDecoder('utf-8').decode(head, { stream: true });
  const reader = await openRecords(
    (async function* () {
      yield text;
    })(),
  );
  if (reader === null || reader.dialect === null) return null;
  return detectFormat(reader.header) === null ? null : { dialect: reader.dialect };
}

/**
 * Reads one later part where a worker runs, from the row number it starts at (`firstRow`, the line ends before it
 * and one): its bytes (`stream` gives them by range) into the collector, progress posted now and then and the result
 * at the end.
 */
export async function readLaterPart<R>(
  task: PartTask,
  fileName: string,
  stream: (start: number, end: number) => ByteSource,
  collector: LineCollector<R>,
  firstRow: number,
  post: (message: PartMessage<R>) => void,
): Promise<void> {
  const later: LaterPart = { ...task.later, firstRow };
  const read = { end: task.end };
  let reported = 0;
  const part = await importPart(fileName, partBytes(task, stream, read), later, (line) => collector.add(line), {
    fingerprints: task.fingerprints,
    onProgress: ({ bytes, rows }) => {
      if (bytes - reported < PROGRESS_BYTES) return;
      reported = bytes;
      post({ type: 'progress', bytes, rows });
    },
  }, registerOf(task.register));
  post({ type: 'progress', bytes: read.end - task.start, rows: part.tally.rowCount });
  post({ type: 'done', part, collected: part.document.problem === '' ? collector.finish() : null, firstRow });
}

/**
 * A later part's bytes as one stream: its range, then (the last part's) the tail's pieces it takes from the front as
 * it reaches each one's start, so its lines stay in file order. `read.end` follows where they end.
 */
async function* partBytes(task: PartTask, stream: (start: number, end: number) => ByteSource, read: { end: number }): ByteSource {
  yield* stream(task.start, task.end);
  const tail = task.tail;
  if (tail === null) return;
  for (let piece = claimPiece(tail.claims, tail.starts.length, false); piece >= 0; piece = claimPiece(tail.claims, tail.starts.length, false)) {
    read.end = tail.starts[piece + 1] ?? tail.end;
    yield* stream(tail.starts[piece], read.end);
  }
}

/** A worker reports its progress about this often (bytes of its part read). */
const PROGRESS_BYTES = 8 << 20;
