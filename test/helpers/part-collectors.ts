/** Collectors for parallel import tests: they run inside the part workers, so they return plain data. */
import type { LineCollector } from '../../src/import/collector';

/** Each line's source row, customer and cost, in the order the part read them. */
export function rowsAndCosts(): LineCollector<Array<[number, string, string]>> {
  const seen: Array<[number, string, string]> = [];
  return { add: (line) => void seen.push([line.sourceRow, line.customerId, line.cost.toString()]), finish: () => seen };
}
