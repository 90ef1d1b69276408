import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CycleEndDay } from '../billing/billing-date';
import type { BillingConfig } from '../billing/config';
import { ReportBuilder, type BillingReport } from '../billing/report';
import type { ImportedDocument } from '../import/import-file';
import { ImportSession } from '../import/session';

export interface ReportRun {
  report: BillingReport;
  documents: ImportedDocument[];
}

export interface RunOptions {
  config: BillingConfig;
  /** Cycle months to report ("2026-10"); null for every cycle in the data. */
  months: ReadonlySet<string> | null;
  /** Keep the Billing Lines rows (for a workbook); a report for totals only does without. */
  keepLines?: boolean;
  /** Called per file with bytes read of its size, for a progress bar. */
  onProgress?(file: string, bytesRead: number, size: number): void;
}

/**
 * The whole job for a list of files: import each (streaming; lines are priced and grouped as they pass, so memory
 * follows customers and products, not file size), then the report and its reconciliation.
 */
export async function runReport(files: readonly string[], options: RunOptions): Promise<ReportRun> {
  const session = new ImportSession();
  const builder = new ReportBuilder(options.config, { months: options.months, keepLines: options.keepLines });
  const cycleEndDay: CycleEndDay = options.config.settings.cycleEndDay;
  for (const path of files) {
    const name = basename(path);
    const size = (await stat(path)).size;
    const lines = builder.startDocument();
    const document = await session.importFile(name, createReadStream(path, { highWaterMark: 1 << 20 }), (line) => lines.add(line), {
      cycleEndDay,
      onProgress: ({ bytes }) => options.onProgress?.(name, bytes, size),
    });
    builder.addDocument(document, lines);
  }
  return { report: builder.build(), documents: session.documents };
}
