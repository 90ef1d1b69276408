import type { BillingLine } from '../billing/line';

/**
 * What is done with a file's lines as they are read, when the file is read in parts on other threads: each thread
 * builds its own collector, and `finish` returns plain data (it crosses a postMessage).
 */
export interface LineCollector<R> {
  add(line: BillingLine): void;
  finish(): R;
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
