/**
 * The whole pipeline (import → pricing → report JSON) on the generated NCE invoice file, beside DuckDB's GROUP BY of
 * the same file in the same run as the yardstick. Each measurement runs in its own process, one after the other.
 * Targets: at most 2.5x DuckDB, under 1 GB peak memory.
 */
import { ensureNceInvoice, expectedCostTotal } from './generate-nce-invoice';
import type { PipelineMeasurement } from './pipeline-worker';
import { envInt, median, MiB, printTable, runChild } from './util';
import CLI_NODE_FLAGS from '../src/cli/node-flags.json';

const TARGET_RATIO = 2.5;
const TARGET_RSS_MIB = 1024;

export async function runPipelineBench(): Promise<boolean> {
  const lines = envInt('BENCH_LINES', 1_000_000);
  const runs = envInt('BENCH_RUNS', 3);
  const invoice = await ensureNceInvoice(lines);
  const expected = await expectedCostTotal(lines);
  const results: Record<PipelineMeasurement['task'], PipelineMeasurement[]> = { pipeline: [], duckdb: [] };
  for (let run = 1; run <= runs; run++) {
    for (const task of ['duckdb', 'pipeline'] as const) {
      // The pipeline runs with the node flags the command line starts with (bin/csp-billing.js).
      const measurement = await runChild<PipelineMeasurement>('pipeline-worker.ts', [task, invoice.file], task === 'pipeline' ? CLI_NODE_FLAGS : []);
      results[task].push(measurement);
      console.log(`  run ${run}/${runs} ${task.padEnd(8)} ${(measurement.wallMs / 1000).toFixed(2)} s (cpu ${(measurement.cpuMs / 1000).toFixed(2)} s), RSS ${measurement.peakRssMiB.toFixed(0)} MB`);
    }
  }
  const duck = median(results.duckdb.map((m) => m.wallMs)) / 1000;
  const pipeline = median(results.pipeline.map((m) => m.wallMs)) / 1000;
  const rss = Math.max(...results.pipeline.map((m) => m.peakRssMiB));
  const ratio = pipeline / duck;
  const costOk = [...results.pipeline, ...results.duckdb].every((m) => m.cost === expected);
  console.log(`\nPipeline (median of ${runs}; MB = 2^20 bytes; targets: ratio ≤ ${TARGET_RATIO}, RSS < ${TARGET_RSS_MIB} MB):`);
  printTable(
    ['lines', 'DuckDB s', 'pipeline s', 'pipeline lines/s', 'ratio', 'peak RSS MB', 'report JSON MB', 'detail lines', 'cost total'],
    [
      [
        lines.toLocaleString('en-US'),
        duck.toFixed(2),
        pipeline.toFixed(2),
        Math.round(lines / pipeline).toLocaleString('en-US'),
        `${ratio.toFixed(2)}x ${ratio <= TARGET_RATIO ? 'ok' : 'MISS'}`,
        `${rss.toFixed(0)} ${rss < TARGET_RSS_MIB ? 'ok' : 'MISS'}`,
        ((results.pipeline[0].jsonBytes ?? 0) / MiB).toFixed(1),
        results.pipeline[0].groups.toLocaleString('en-US'),
        costOk ? 'exact' : `WRONG (expected ${expected})`,
      ],
    ],
  );
  return costOk;
}
