/**
 * The report's side of reading a file in parts: each worker prices and groups its part's lines into a
 * DocumentLines, and the parts' data is absorbed into the file's DocumentLines on the main thread.
 */
import type { BillingConfig } from './config';
import { Decimal } from './decimal';
import { createPricer } from './pricing';
import { DocumentLines, type DocumentLinesData } from './report';
import type { LineCollector } from '../import/collector';

export interface ReportCollectorInit {
  config: BillingConfig;
  keepLines: boolean;
}

/** Built in each thread that reads a part: prices and groups the part's lines. `init` may have crossed a postMessage. */
export function collectReportLines(init: ReportCollectorInit): LineCollector<DocumentLinesData> {
  const config = Decimal.reviveAll(init.config);
  const lines = new DocumentLines(createPricer(config), config.customers, init.keepLines);
  return { add: (line) => lines.add(line), finish: () => lines.data() };
}
