import type { BillingReport } from '../billing/report';
import { writeReportJson } from '../billing/report-json';

/** The report's JSON as `--json` prints it, in UTF-8 blocks of about a megabyte, handed on as the report is written. */
export function writeJsonBlocks(report: BillingReport, writeBlock: (bytes: Uint8Array) => void): void {
  writeReportJson(report, writeBlock);
}
