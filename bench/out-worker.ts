/**
 * One measurement of the command line's `--out`, run in its own process by out-bench.ts:
 *   node --import tsx bench/out-worker.ts <file> <out.xlsx>
 * As `npm run report -- FILE --out out.xlsx` does it: import in parts, the report with its Billing Lines rows, the
 * workbook layout (the large sheets' rows made as they are written), the .xlsx streamed to the file. Prints one JSON line.
 */
import { statSync } from 'node:fs';
import { benchConfig } from './bench-config';
import { timed, type Timed } from './util';

export interface OutMeasurement extends Timed {
  xlsxBytes: number;
  /** Rows of every sheet of the layout. */
  rows: number;
  billingLinesRows: number;
}

async function main(): Promise<void> {
  const [file, out] = process.argv.slice(2);
  const { runReport } = await import('../src/cli/run-report');
  const { streamedWorkbookLayout } = await import('../src/workbook/build-layout');
  const { writeLayoutToXlsxFile } = await import('../src/xlsx/write-layout');
  // As the command line starts (src/cli/main.ts).
  (await import('../src/cli/heap')).keepHeapGrowthModest();
  const config = benchConfig();
  const measurement: OutMeasurement = await timed(async () => {
    const { report, documents } = await runReport([file], { config, months: null, keepLines: true });
    const layout = streamedWorkbookLayout(report, { config, documents });
    await writeLayoutToXlsxFile(layout, out);
    return {
      xlsxBytes: statSync(out).size,
      rows: layout.sheets.reduce((sum, sheet) => sum + sheet.rowCount, 0),
      billingLinesRows: report.cycles.reduce((sum, cycle) => sum + cycle.lines.length, 0),
    };
  });
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
