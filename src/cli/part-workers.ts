/**
 * The worker threads that read a large file's parts (part-worker.ts), started as early as the command line can: a
 * worker takes a few tenths of a second to load the engine, and a part started that much later ends that much later.
 * Light on purpose (Node's modules only): the launcher loads it before the engine, so workers load beside it.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MIN_BYTES, MAX_DEFAULT_PARTS } from '../import/part-limits';

/** Under tsx (the command line, tests) the worker loads TypeScript through tsx's require hook, found from here (the
 * command line may run from any folder). */
const WORKER_FILE = path.join(__dirname, `part-worker${path.extname(__filename)}`);

/** The module each thread reading a part of a file builds its report collector from (TypeScript under tsx). */
export const REPORT_COLLECTOR = path.join(__dirname, '..', 'billing', `report-collector${path.extname(__filename)}`);

/**
 * A part's rows, lines and prices die young, but a young generation of V8's default size promotes many of them
 * before they do; a larger one (about 50 MB more memory per worker) reads a part about a tenth faster.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 96 };

/** Workers started ahead of their part, waiting for its task. */
const prepared: Worker[] = [];

/**
 * Starts the workers that will read the parts of a large file among `args` (the command line's arguments: any naming
 * a file to be read in parts), each loading the report collector while it waits.
 */
export function prepareReportWorkers(args: readonly string[]): void {
  if (args.some((arg) => !arg.startsWith('-') && sizeOf(arg) >= DEFAULT_MIN_BYTES)) prepareWorkers([REPORT_COLLECTOR], Math.min(availableParallelism(), MAX_DEFAULT_PARTS) - 1);
}

/** The size of the file an argument names; 0 for anything else (what is wrong with it is the run's to say). */
function sizeOf(arg: string): number {
  try {
    return statSync(arg).size;
  } catch {
    return 0;
  }
}

/**
 * Starts workers (up to `count` waiting) that load `modules` while they wait for a task. Unused ones do not keep the
 * process alive, and releasePreparedWorkers() stops them; one that fails to load leaves the list, and a part then
 * starts a new worker, whose failure it sees.
 */
export function prepareWorkers(modules: readonly string[], count: number): void {
  while (prepared.length < count) {
    const worker = newWorker(modules);
    const leave = () => {
      const at = prepared.indexOf(worker);
      if (at >= 0) prepared.splice(at, 1);
    };
    worker.once('error', leave);
    worker.once('exit', leave);
    worker.unref();
    prepared.push(worker);
  }
}

/** Workers prepared and waiting. */
export function preparedWorkers(): number {
  return prepared.length;
}

/** A prepared worker, or a new one: its first message must be its task. */
export function takeWorker(): Worker {
  const worker = prepared.shift() ?? newWorker([]);
  worker.ref();
  return worker;
}

/** Stops the prepared workers no part took (a file read on one thread, a small one): their memory is the report's. */
export function releasePreparedWorkers(): void {
  for (const worker of prepared.splice(0)) void worker.terminate();
}

/** A worker that loads `modules` while it waits for its task. */
function newWorker(modules: readonly string[]): Worker {
  const workerData = { modules };
  return WORKER_FILE.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(WORKER_FILE)});`, { eval: true, workerData, resourceLimits: WORKER_LIMITS })
    : new Worker(WORKER_FILE, { workerData, resourceLimits: WORKER_LIMITS });
}
