/**
 * A worker thread reading one part of a file for parallel-import.ts: the part's lines go to the collector the task
 * names; the part's tally and the collector's result go back as one message.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readLaterPart, type PartMessage } from '../import/parts';
import { lineEndsBefore, loadCollector, READ_BYTES, type FilePartTask } from './parallel-import';

const port = parentPort!;
// Loaded while the worker waits for its task (a worker started ahead of its part, see prepareWorkers).
for (const module of (workerData as { modules: string[] }).modules) require(module);
// The first message is the part's task. The rows before the part are counted here, while the main thread reads its own
// part (counted there first, they kept both threads waiting 0.27-0.57 s on a million-line file).
port.once('message', (task: FilePartTask) => {
  // A failure ends the worker with an error event; the file is then read on one thread.
  const firstRow = lineEndsBefore(task.path, task.start) + 1;
  const stream = (start: number, end: number) => createReadStream(task.path, { start, end: end - 1, highWaterMark: READ_BYTES });
  void readLaterPart(task, task.fileName, stream, loadCollector(task.collector), firstRow, (message: PartMessage<unknown>) =>
    // The result's typed arrays are moved, not copied: posting and receiving it took 0.13 s on the 1M file, now 0.05 s.
    port.postMessage(message, message.type === 'done' ? buffersIn(message) : []),
  );
});

/**
 * The buffers of the typed arrays in a part's result, moved to the main thread rather than copied (the worker ends).
 * Looked for near the top only (a collector's columns and sums), not through its rows of lines.
 */
function buffersIn(value: unknown, found: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !Buffer.isBuffer(value) && !found.includes(value.buffer)) found.push(value.buffer);
    return found;
  }
  if (depth === BUFFERS_DEPTH || value === null || typeof value !== 'object') return found;
  for (const item of value instanceof Map ? value.values() : Object.values(value)) buffersIn(item, found, depth + 1);
  return found;
}

/** The report collector's columns lie four levels down (message → result → buckets → a currency's → ints). */
const BUFFERS_DEPTH = 4;
