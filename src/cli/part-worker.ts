/**
 * A worker thread reading one part of a file for parallel-import.ts: the part's lines go to the collector the task
 * names; the part's tally and the collector's result go back as one message.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { importPart, type LaterPart } from '../import/import-file';
import { loadCollector, READ_BYTES, type PartMessage, type PartTask } from './parallel-import';
import { registerOf } from '../import/session';

/** Progress is reported about this often (bytes of the part read). */
const PROGRESS_BYTES = 8 << 20;

async function readPart(task: PartTask): Promise<void> {
  const port = parentPort!;
  const post = (message: PartMessage<unknown>) => port.postMessage(message);
  // The part waits for its first row number, counted by the main thread meanwhile.
  const firstRow = await new Promise<number>((resolve) => port.once('message', (m: { firstRow: number }) => resolve(m.firstRow)));
  const later: LaterPart = { ...task.later, firstRow };
  const collector = loadCollector(task.collector);
  let reported = 0;
  const source = createReadStream(task.path, { start: task.start, end: task.end - 1, highWaterMark: READ_BYTES });
  const part = await importPart(task.fileName, source, later, (line) => collector.add(line), {
    onProgress: ({ bytes, rows }) => {
      if (bytes - reported < PROGRESS_BYTES) return;
      reported = bytes;
      post({ type: 'progress', bytes, rows });
    },
  }, registerOf(task.register));
  post({ type: 'progress', bytes: task.end - task.start, rows: part.tally.rowCount });
  post({ type: 'done', part, collected: part.document.problem === '' ? collector.finish() : null });
}

// A failure ends the worker with an error event; the file is then read on one thread.
void readPart(workerData as PartTask);
