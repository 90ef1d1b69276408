/**
 * Reading a large CSV file on every core, wherever it runs: the file is cut into byte ranges at line ends, the calling
 * thread reads the first and a worker each other range (parse, map, count and whatever the collector does with the
 * lines), and the parts' tallies merge into one document. A cut that falls inside a quoted field, a part with any
 * problem or warning, or a file that is not plain UTF-8 CSV gives null: the caller reads the file on one thread,
 * so results and messages never depend on how the file was read.
 *
 * The bytes and the workers come from the caller: the command line's (a file on disk, worker_threads) are in
 * src/cli/parallel-import.ts. A worker counts the rows before its part itself (the first row number it reads from).
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

/** What a worker reading a later part is given: its byte range, the file's dialect and the earlier files' lines. */
export interface PartTask {
  index: number;
  start: number;
  end: number;
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
  /** How many parts the file was read in (1: on one thread). */
  parts: number;
}

const HEAD_BYTES = 65_536;
/** The first part's size against a later part's (see cutPoints). */
const FIRST_PART_SHARE = 1.1;

interface Cuts {
  starts: number[];
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
  // The first part (this thread's) is a tenth larger: a worker first counts the rows before its part and at its end
  // hands its buckets over (each about a quarter of a second on a million-line file), while this thread reads on.
  const shares = parts - 1 + FIRST_PART_SHARE;
  for (let k = 1; k < parts; k++) {
    const from = Math.floor((size * (k - 1 + FIRST_PART_SHARE)) / shares);
    const window = await file.read(from, Math.min(size, from + HEAD_BYTES));
    const newline = window.indexOf(10);
    const start = newline < 0 ? -1 : from + newline + 1;
    if (start > 0 && start < size && start > (starts[starts.length - 1] ?? head.indexOf(10))) starts.push(start);
  }
  return starts.length === 0 ? null : { starts, head };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Reads the parts (the first here, the others on workers) and merges them; null when the file must be read in one go after all. */
async function readParts<R>(
  session: ImportSession,
  file: FileBytes,
  fileName: string,
  collect: () => LineCollector<R>,
  startPart: StartPart<R>,
  cuts: Cuts,
  options: PartsOptions,
): Promise<PartsImport<R> | null> {
  const bounds = [0, ...cuts.starts, file.size];
  const register = session.linesSnapshot();
  const fingerprints = session.fingerprints();
  const progress = bounds.slice(1).map(() => ({ bytes: 0, rows: 0 }));
  const report = () => options.onProgress?.(progress.reduce((sum, p) => ({ bytes: sum.bytes + p.bytes, rows: sum.rows + p.rows }), { bytes: 0, rows: 0 }));

  // The first part finds the header; the later ones need it before they start, so the header is read here too.
  const head = await headerOf(cuts.head);
  if (head === null) return null;
  // Parts after the first go to workers; this thread reads the first part itself (one worker less to start and to
  // hold in memory, and its result is the collector's own: no copy, no plain data).
  const workers = bounds.slice(2).map((end, k) => {
    const index = k + 1;
    return startPart({ index, start: bounds[index], end, later: head, register, fingerprints }, (bytes, rows) => {
      progress[index] = { bytes, rows };
      report();
    });
  });
  const readFirstPart = async () => {
    const made = collect();
    const onProgress = ({ bytes, rows }: { bytes: number; rows: number }) => {
      progress[0] = { bytes, rows };
      report();
    };
    const part = await importPart(fileName, file.stream(0, bounds[1]), null, (line) => made.add(line), { onProgress, signal: options.signal, fingerprints }, session);
    onProgress({ bytes: bounds[1], rows: part.tally.rowCount });
    return { part, collected: part.document.problem === '' ? finishedHere(made) : null, firstRow: 1 };
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
    const settled = await Promise.allSettled([readFirstPart(), ...workers.map((w) => w.done)]);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) return oneThread(`a part failed (${messageOf((failed as PromiseRejectedResult).reason)})`);
    results = settled.map((outcome) => (outcome as PromiseFulfilledResult<PartDone<R>>).value);
  } finally {
    options.signal?.removeEventListener('abort', stopAll);
    stopAll();
  }

  const parts = results.map((r) => ({ ...r, part: { ...r.part, tally: DocumentTally.revive(r.part.tally) } }));
  const first = parts[0].part;
  const clean = parts.every(({ part }) => part.document.problem === '' && part.document.warnings.length === 0 && part.document.format === first.document.format);
  // Each cut must be a record boundary: the part before it stops exactly at the row the next one starts at.
  const joined = parts.every((_, k) => k === 0 || parts[k - 1].part.nextRow === parts[k].firstRow);
  if (!joined) return oneThread('a cut between its parts fell inside a quoted cell holding line breaks');
  if (!clean) {
    const k = parts.findIndex(({ part }) => part.document.problem !== '' || part.document.warnings.length > 0 || part.document.format !== first.document.format);
    const { problem, warnings, format } = parts[k].part.document;
    return oneThread(`part ${k + 1} of ${parts.length} ${problem !== '' ? `had a problem (${problem})` : warnings.length > 0 ? `had a warning (${warnings[0]})` : `was read as ${format ?? 'no format'}`}`);
  }
  const tally = first.tally;
  for (const { part } of parts.slice(1)) if (!tally.merge(part.tally, session)) return oneThread('its parts together would drop more copies of lines than the earlier files hold');
  // The first part's document has the file's format, container and delimiter: the merged tally finishes it.
  tally.finish(first.document, first.document.format!, options, session);
  return { document: first.document, keptFingerprints: tally.keptFingerprints, collected: parts.map((p) => p.collected!), parts: parts.length };
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
 * and one): its bytes into the collector, progress posted now and then and the result at the end.
 */
export async function readLaterPart<R>(task: PartTask, fileName: string, source: ByteSource, collector: LineCollector<R>, firstRow: number, post: (message: PartMessage<R>) => void): Promise<void> {
  const later: LaterPart = { ...task.later, firstRow };
  let reported = 0;
  const part = await importPart(fileName, source, later, (line) => collector.add(line), {
    fingerprints: task.fingerprints,
    onProgress: ({ bytes, rows }) => {
      if (bytes - reported < PROGRESS_BYTES) return;
      reported = bytes;
      post({ type: 'progress', bytes, rows });
    },
  }, registerOf(task.register));
  post({ type: 'progress', bytes: task.end - task.start, rows: part.tally.rowCount });
  post({ type: 'done', part, collected: part.document.problem === '' ? collector.finish() : null, firstRow });
}

/** A worker reports its progress about this often (bytes of its part read). */
const PROGRESS_BYTES = 8 << 20;
