/**
 * The command line's `--out` on the generated NCE invoice file: the whole job (import, the report with its Billing
 * Lines rows, the layout, the streamed .xlsx), its time and peak memory, in its own process with the node flags the
 * command line starts with. No target: the figures show what a large month costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import CLI_NODE_FLAGS from '../src/cli/node-flags.json';
import { ensureNceInvoice } from './generate-nce-invoice';
import type { OutMeasurement } from './out-worker';
import { envInt, median, MiB, printTable, runChild } from './util';

export async function runOutBench(): Promise<boolean> {
  const lines = envInt('BENCH_LINES', 1_000_000);
  // A million-line workbook takes a minute and a half: one run unless asked for more.
  const runs = envInt('BENCH_OUT_RUNS', 1);
  const invoice = await ensureNceInvoice(lines);
  const dir = mkdtempSync(path.join(tmpdir(), 'csp-billing-out-'));
  try {
    const results: OutMeasurement[] = [];
    for (let run = 1; run <= runs; run++) {
      const measurement = await runChild<OutMeasurement>('out-worker.ts', [invoice.file, path.join(dir, 'report.xlsx')], CLI_NODE_FLAGS);
      results.push(measurement);
      console.log(`  run ${run}/${runs} ${(measurement.wallMs / 1000).toFixed(2)} s (cpu ${(measurement.cpuMs / 1000).toFixed(2)} s), RSS ${measurement.peakRssMiB.toFixed(0)} MB`);
    }
    const seconds = median(results.map((m) => m.wallMs)) / 1000;
    const [first] = results;
    console.log(`\n--out (median of ${runs}; MB = 2^20 bytes):`);
    printTable(
      ['lines', 'seconds', 'lines/s', 'peak RSS MB', '.xlsx MB', 'sheet rows', 'Billing Lines rows'],
      [
        [
          lines.toLocaleString('en-US'),
          seconds.toFixed(2),
          Math.round(lines / seconds).toLocaleString('en-US'),
          Math.max(...results.map((m) => m.peakRssMiB)).toFixed(0),
          (first.xlsxBytes / MiB).toFixed(1),
          first.rows.toLocaleString('en-US'),
          first.billingLinesRows.toLocaleString('en-US'),
        ],
      ],
    );
    return first.xlsxBytes > 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
