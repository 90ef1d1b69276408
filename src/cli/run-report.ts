import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CycleEndDay } from '../billing/billing-date';
import type { BillingConfig } from '../billing/config';
import { ReportBuilder, type BillingReport, type PartLines } from '../billing/report';
import type { ReportCollectorInit } from '../billing/report-collector';
import type { CollectorSpec } from '../import/collector';
import { importFileInParts } from './parallel-import';
import { releasePreparedWorkers, REPORT_COLLECTOR } from './part-workers';
import type { ImportedDocument } from '../import/import-file';
import { ImportSession } from '../import/session';

/** Each part of a file is priced and grouped where it is read, under this configuration. */
export function reportCollectorSpec(config: BillingConfig, keepLines: boolean): CollectorSpec {
  const init: ReportCollectorInit = { config, keepLines };
  return { module: REPORT_COLLECTOR, name: 'collectReportLines', init };
}

export interface ReportRun {
  report: BillingReport;
  documents: ImportedDocument[];
}

interface RunOptions {
  config: BillingConfig;
  /** Cycle months to report ("2026-10"); null for every cycle in the data. */
  months: ReadonlySet<string> | null;
  /** Keep the Billing Lines rows (for a workbook); a report for totals only does without. */
  keepLines?: boolean;
  /** Called per file with bytes read of its size, for a progress bar. */
  onProgress?(file: string, bytesRead: number, size: number): void;
  /** Called as each step between the files' reading and the report begins, for the progress line. */
  onStep?(what: string): void;
  /** Called with what the user may want to know of the run beside the report (a large file read on one thread, and why). */
  onNote?(note: string): void;
}

/**
 * The whole job for a list of files: import each (streaming; lines are priced and grouped as they pass, so memory
 * follows customers and products, not file size), then the report and its reconciliation.
 */
export async function runReport(files: readonly string[], options: RunOptions): Promise<ReportRun> {
  const session = new ImportSession();
  const builder = new ReportBuilder(options.config, { months: options.months, keepLines: options.keepLines, once: true });
  const cycleEndDay: CycleEndDay = options.config.settings.cycleEndDay;
  const collector = reportCollectorSpec(options.config, options.keepLines === true);
  for (const [k, path] of files.entries()) {
    const name = basename(path);
    if (k === files.length - 1) session.lastFileNext();
    const size = (await stat(path)).size;
    let oneThread: string | null = null;
    // A large file is read in parts, one per core; each part's lines are priced and grouped where they are read.
    const { document, collected } = await importFileInParts<PartLines>(session, path, name, collector, {
      cycleEndDay,
      onProgress: ({ bytes }) => options.onProgress?.(name, bytes, size),
      onOneThread: (reason) => (oneThread = reason),
    });
    // A file that failed says why itself; one that was read all the same took about twice as long.
    if (oneThread !== null && document.status === 'imported') options.onNote?.(`${name} was read on one thread, not in parts, as ${oneThread}: reading it took longer`);
    // A large file's parts take seconds to add up (300,000 lines: 2 s), and the report seconds more to build (4 s).
    options.onStep?.(`adding up ${name}`);
    builder.addDocument(document, builder.linesOfParts(collected));
  }
  session.lastFileRead();
  releasePreparedWorkers();
  options.onStep?.('building the report');
  return { report: builder.build(), documents: session.documents };
}
