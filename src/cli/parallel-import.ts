/**
 * The command line's side of reading a large file in parts (src/import/parts.ts): the file's bytes from disk, and a
 * worker thread for each part after the first. Node only (worker_threads, fs): the command line's edge.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { finishedHere, type CollectorSpec, type LineCollector } from '../import/collector';
import { FingerprintList } from '../import/fingerprint';
import { MAX_DEFAULT_PARTS } from '../import/part-limits';
import { importInParts, lineEndsIn, type FileBytes, type PartDone, type PartMessage, type PartReader, type PartsImport, type PartsOptions, type PartTask } from '../import/parts';
import type { ImportSession } from '../import/session';
import { takeWorker } from './part-workers';

export type { PartsImport };

/** Data handed to a worker thread (part-worker.ts). */
export interface FilePartTask extends PartTask {
  path: string;
  fileName: string;
  collector: CollectorSpec;
}

/**
 * Bytes read at a time: a quarter MiB. 1 MiB chunks leave larger strings and rows to the garbage collector: even with
 * chunks parsed in place, reading the 1M-line bench file took about a fifth more CPU and 50-120 MB more peak memory
 * (128 KiB reads: no gain beyond the runs' noise).
 */
export const READ_BYTES = 1 << 18;

/** Imports a file on disk into the session, in parts when it is large enough, and returns what its collectors gathered. */
export async function importFileInParts<R>(
  session: ImportSession,
  filePath: string,
  fileName: string,
  collector: CollectorSpec,
  options: Omit<PartsOptions, 'parts'> & { parts?: number } = {},
): Promise<PartsImport<R>> {
  const file = await fileBytes(filePath);
  try {
    const parts = options.parts ?? Math.min(availableParallelism(), MAX_DEFAULT_PARTS);
    const startPart = (task: PartTask, onProgress: (bytes: number, rows: number) => void) => startWorker<R>({ ...task, path: filePath, fileName, collector }, onProgress);
    const result = await importInParts(session, file, fileName, () => loadCollector<R>(collector), startPart, { ...options, parts });
    if (result !== null) return result;
  } finally {
    await file.close();
  }
  const made = loadCollector<R>(collector);
  const document = await session.importFile(fileName, createReadStream(filePath, { highWaterMark: READ_BYTES }), (line) => made.add(line), options);
  return { document, keptFingerprints: new FingerprintList(), collected: document.status === 'imported' ? [finishedHere(made)] : [], parts: 1 };
}

/** A file on disk, read by range through one open handle. */
async function fileBytes(filePath: string): Promise<FileBytes & { close(): Promise<void> }> {
  const handle = await open(filePath, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(start, end) {
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(end, size) - start));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      return buffer.subarray(0, bytesRead);
    },
    stream: (start, end) => createReadStream(filePath, { start, end: end - 1, highWaterMark: READ_BYTES }),
    close: () => handle.close(),
  };
}

function startWorker<R>(task: FilePartTask, onProgress: (bytes: number, rows: number) => void): PartReader<R> {
  const worker = takeWorker();
  const done = new Promise<PartDone<R>>((resolve, reject) => {
    worker.on('message', (message: PartMessage<R>) => {
      if (message.type === 'progress') onProgress(message.bytes, message.rows);
      else resolve(message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`part worker exited with ${code}`)));
  });
  // Its first message is its task (a prepared worker had none when it started).
  worker.postMessage(task);
  return { done, stop: () => void worker.terminate() };
}

/** Line ends in a file's bytes before `offset`, read into one buffer (a fresh one per read cost half as long again). */
export function lineEndsBefore(filePath: string, offset: number): number {
  const block = Buffer.allocUnsafe(Math.min(offset, 4 << 20));
  const fd = openSync(filePath, 'r');
  try {
    let count = 0;
    for (let position = 0; position < offset; ) {
      const read = readSync(fd, block, 0, Math.min(block.length, offset - position), position);
      if (read === 0) break;
      const bytes = read === block.length ? block : block.subarray(0, read);
      count += lineEndsIn(bytes);
      position += read;
    }
    return count;
  } finally {
    closeSync(fd);
  }
}

/** Builds the collector a spec names, in this thread. */
export function loadCollector<R>(spec: CollectorSpec): LineCollector<R> {
  const factory = (require(spec.module) as Record<string, (init: unknown) => LineCollector<R>>)[spec.name];
  if (typeof factory !== 'function') throw new Error(`${spec.module} exports no collector ${spec.name}`);
  return factory(spec.init);
}
