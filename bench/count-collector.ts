/** A collector that only counts lines: the import bench's parts do nothing else with them. */
import type { LineCollector } from '../src/import/collector';

export function countLines(): LineCollector<number> {
  let lines = 0;
  return {
    add: () => void lines++,
    finish: () => lines,
  };
}
