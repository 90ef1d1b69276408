/**
 * Collectors for the tests of a file's tail shared by two threads (test/cli/parallel-import.test.ts): each holds one
 * thread back on the rows it names, so that thread leaves the tail's pieces to the other.
 */
import { isMainThread } from 'node:worker_threads';
import type { ReportCollectorInit } from '../../src/billing/report-collector';
import { collectReportLines } from '../../src/billing/report-collector';
import type { LineCollector } from '../../src/import/collector';

/** Which thread waits, from which row on and before which (null: to the end), and how long per line. */
export interface Slow {
  mainThread: boolean;
  fromRow: number;
  toRow: number | null;
  ms: number;
}

/** Waits on the threads and rows `slow` names (busy: a worker's reading must be held, not its events). */
function holdBack(slow: readonly Slow[], row: number): void {
  for (const { mainThread, fromRow, toRow, ms } of slow) {
    if (isMainThread !== mainThread || row < fromRow || (toRow !== null && row >= toRow)) continue;
    const until = performance.now() + ms;
    while (performance.now() < until);
  }
}

/** Each line's source row, customer and cost, in the order the part read them, `slow` where it says. */
export function slowRowsAndCosts(slow: Slow[]): LineCollector<Array<[number, string, string]>> {
  const seen: Array<[number, string, string]> = [];
  return {
    add: (line) => {
      holdBack(slow, line.sourceRow);
      seen.push([line.sourceRow, line.customerId, line.cost.toString()]);
    },
    finish: () => seen,
  };
}

/** The command line's report collector, `slow` where it says. */
export function slowReportLines(init: { report: ReportCollectorInit; slow: Slow[] }): LineCollector<unknown> {
  const lines = collectReportLines(init.report);
  return {
    add: (line) => {
      holdBack(init.slow, line.sourceRow);
      lines.add(line);
    },
    finish: () => lines.finish(),
    finishHere: () => lines.finishHere!(),
  };
}

/** Cannot be built off the main thread (a worker that fails outright). */
export function unbuiltOffTheMainThread(): LineCollector<number> {
  if (!isMainThread) throw new Error('no collector here');
  let lines = 0;
  return { add: () => void lines++, finish: () => lines };
}
