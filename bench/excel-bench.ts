/**
 * The office-js writer's requests for a Billing Lines sheet (default 100,000 lines × 23 columns, the synthetic
 * layout the tests use) written through the fake Excel: syncs, largest request, total bytes and time. The fake stands
 * in for Excel, so the time is the writer's own work plus the fake's bookkeeping, not Excel's.
 *   BENCH_LINES=100000 npx tsx bench/excel-bench.ts
 * Not yet a section of bench/run.ts: add { name: 'excel', ... } there to run it with `npm run bench`.
 */
import { ALL_CAPABILITIES } from '../src/excel/capabilities';
import { DEFAULT_MAX_REQUEST_BYTES } from '../src/excel/request-budget';
import { writeWorkbook } from '../src/excel/write-workbook';
import { FakeExcel } from '../test/fake-excel/fake-excel';
import { SYNTHETIC_COLUMN_COUNT, billingLinesLayout } from '../test/fake-excel/synthetic-layout';
import { envInt } from './util';

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;

export async function excelWriterBench(): Promise<string[]> {
  const lines = envInt('BENCH_LINES', 100_000);
  const layout = billingLinesLayout(lines);
  const fake = new FakeExcel();
  const started = performance.now();
  const result = await writeWorkbook(fake.context(), layout, { capabilities: ALL_CAPABILITIES });
  const seconds = (performance.now() - started) / 1000;
  const writes = fake.stats.requestBytes.filter((size) => size > 1_000);
  const report = [
    `${lines.toLocaleString('en-US')} lines × ${SYNTHETIC_COLUMN_COUNT} columns, budget ${bytes(DEFAULT_MAX_REQUEST_BYTES)} per request`,
    `syncs: ${result.syncs} (${writes.length} carrying rows, ${result.syncs - writes.length} reads and small requests; refused: ${fake.stats.rejected})`,
    `largest request: ${bytes(fake.stats.largestRequestBytes)} as the fake measures it, ${bytes(result.largestRequestBytes)} as the writer estimates it`,
    `total: ${bytes(fake.stats.totalRequestBytes)} (${Math.round(fake.stats.totalRequestBytes / lines)} bytes per line)`,
    `write time through the fake: ${seconds.toFixed(2)} s (${Math.round(lines / seconds).toLocaleString('en-US')} lines/s)`,
  ];
  for (const line of report) console.log(line);
  return report;
}

if (require.main === module) {
  excelWriterBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
