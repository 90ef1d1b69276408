/**
 * The report's side of reading a file in parts: each thread prices and groups its part's lines into a DocumentLines;
 * the workers' parts come back as data and are absorbed into the main thread's own part (ReportBuilder.linesOfParts).
 */
import type { BillingConfig } from './config';
import { Decimal } from './decimal';
import { createPricer } from './pricing';
import { DocumentLines, type PartLines } from './report';
import type { LineCollector } from '../import/collector';

export interface ReportCollectorInit {
  config: BillingConfig;
  keepLines: boolean;
}

/** Built in each thread that reads a part: prices and groups the part's lines. `init` may have crossed a postMessage. */
export function collectReportLines(init: ReportCollectorInit): LineCollector<PartLines> {
  const config = Decimal.reviveAll(init.config);
  const lines = new DocumentLines(createPricer(config), config.customers, init.keepLines);
  return {
    add: (line) => lines.add(line),
    finish: () => lines.data(),
    // Kept as it is, its columns and number index too: the workers' parts are added to them by their numbers.
    finishHere: () => {
      lines.endLines();
      return lines;
    },
  };
}
