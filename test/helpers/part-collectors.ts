/** Collectors for parallel import tests: they run inside the part workers, so they return plain data. */
import { isMainThread } from 'node:worker_threads';
import type { LineCollector } from '../../src/import/collector';

/** Each line's source row, customer and cost, in the order the part read them. */
export function rowsAndCosts(): LineCollector<Array<[number, string, string]>> {
  const seen: Array<[number, string, string]> = [];
  return { add: (line) => void seen.push([line.sourceRow, line.customerId, line.cost.toString()]), finish: () => seen };
}

/** Fails in a worker thread (as a crashed worker would), counts on the main thread. */
export function failsOffTheMainThread(): LineCollector<number> {
  let lines = 0;
  return {
    add: () => {
      if (!isMainThread) throw new Error('this worker fails');
      lines++;
    },
    finish: () => lines,
  };
}
