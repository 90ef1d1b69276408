import type { BillingLine } from '../billing/line';

/**
 * What is done with a file's lines as they are read, when the file is read in parts on other threads: each thread
 * builds its own collector, and `finish` returns plain data (it crosses a postMessage).
 */
export interface LineCollector<R> {
  add(line: BillingLine): void;
  finish(): R;
  /**
   * The result for the thread that built the collector (the part it read itself, or a file read in one go): it never
   * crosses a postMessage, so it may be the collector's own objects rather than a copy as plain data. finish() if absent.
   */
  finishHere?(): R;
}

/** A collector's result on the thread that built it. */
export function finishedHere<R>(collector: LineCollector<R>): R {
  return collector.finishHere !== undefined ? collector.finishHere() : collector.finish();
}

/**
 * Names a collector a thread can build for itself: `module` (an absolute path) exports `name`, a function taking
 * `init` (plain data) and returning a LineCollector.
 */
export interface CollectorSpec {
  module: string;
  name: string;
  init: unknown;
}
