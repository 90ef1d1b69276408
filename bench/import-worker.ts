/**
 * One measurement, run in its own process by import-bench.ts:
 *   node --import tsx bench/import-worker.ts <task> <file>
 * task: import (as the command line reads a file: in parts, one worker thread per core) | import-one-thread (the
 * same import on this thread alone, as the task pane's worker runs it) | papaparse-step | papaparse-chunk |
 * papaparse-duplex. Prints one JSON Measurement line.
 * The clock starts after modules are loaded, so it times the read + parse (+ import) only.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

export type Task = 'import' | 'import-one-thread' | 'papaparse-step' | 'papaparse-chunk' | 'papaparse-duplex';

export interface Measurement {
  task: Task;
  wallMs: number;
  /** User + system CPU over the same span (all threads, GC helpers included): steadier than wall time on a busy machine. */
  cpuMs: number;
  /** Data lines seen (papaparse: rows less the header). */
  lines: number;
  bytes: number;
  /** process.resourceUsage().maxRSS, the kernel's high-water mark for the whole process. */
  peakRssMiB: number;
  /** heapUsed sampled every 10 ms (and at the end). */
  peakHeapMiB: number;
  /** import only */
  status?: string;
  costTotal?: Record<string, string>;
  warnings?: string[];
  problem?: string;
  /** import only: how many parts the file was read in. */
  parts?: number;
}

/** The import's workers only count the lines they read. */
const COUNT_LINES = { module: path.join(__dirname, 'count-collector.ts'), name: 'countLines', init: null };

/** Papaparse reads text: a utf8 read stream decodes across chunk boundaries, as the import's TextDecoder does. */
const textStream = (file: string) => fs.createReadStream(file, { encoding: 'utf8' });

/** Bare papaparse, header:false, nothing done per row. Resolves to the number of rows (header included). */
type PapaTask = Exclude<Task, 'import' | 'import-one-thread'>;
const PAPAPARSE: Record<PapaTask, (file: string) => Promise<number>> = {
  'papaparse-step': (file) =>
    new Promise((resolve, reject) => {
      let rows = 0;
      Papa.parse(textStream(file), { header: false, step: () => void rows++, complete: () => resolve(rows), error: reject });
    }),
  'papaparse-chunk': (file) =>
    new Promise((resolve, reject) => {
      let rows = 0;
      Papa.parse(textStream(file), { header: false, chunk: (result) => void (rows += result.data.length), complete: () => resolve(rows), error: reject });
    }),
  'papaparse-duplex': (file) =>
    new Promise((resolve, reject) => {
      let rows = 0;
      const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false });
      parser.on('data', () => void rows++);
      parser.on('end', () => resolve(rows));
      parser.on('error', reject);
      textStream(file).on('error', reject).pipe(parser);
    }),
};

async function measure(task: Task, file: string): Promise<Measurement> {
  const bytes = fs.statSync(file).size;
  // Loaded before the clock starts, and only by the import task, so papaparse runs carry none of it.
  const session = task.startsWith('import') ? await import('../src/import/session') : null;
  const parts = task === 'import' ? await import('../src/cli/parallel-import') : null;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 10);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result: Partial<Measurement> = {};
  if (session === null) {
    result.lines = (await PAPAPARSE[task as PapaTask](file)) - 1;
  } else {
    let lines = 0;
    let document;
    if (parts !== null) {
      const counted = await parts.importFileInParts<number>(new session.ImportSession(), file, path.basename(file), COUNT_LINES);
      lines = counted.collected.reduce((sum, n) => sum + n, 0);
      document = counted.document;
      result.parts = counted.parts;
    } else {
      document = await new session.ImportSession().importFile(path.basename(file), fs.createReadStream(file, { highWaterMark: 1 << 20 }), () => void lines++);
    }
    Object.assign(result, {
      lines,
      status: document.status,
      costTotal: Object.fromEntries(Object.entries(document.costTotal).map(([currency, total]) => [currency, total.toString()])),
      warnings: document.warnings,
      problem: document.problem,
    });
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    task,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lines: result.lines ?? 0,
    bytes,
    peakRssMiB: process.resourceUsage().maxRSS / 1024, // maxRSS is in KiB
    peakHeapMiB: peakHeap / (1024 * 1024),
    ...result,
  };
}

const [task, file] = process.argv.slice(2) as [Task, string];
measure(task, file).then(
  (measurement) => process.stdout.write(`${JSON.stringify(measurement)}\n`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
