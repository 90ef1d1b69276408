/**
 * Import throughput: the full ImportSession import of a generated NCE invoice file against the yardstick, a bare
 * streaming papaparse parse of the same file. Every measurement runs in its own Node process, one at a time (the
 * machine has 2 cores), interleaved across runs so drift hits all tasks alike; the median run is reported.
 *
 * Env: BENCH_LINES (default 1,000,000), BENCH_RUNS (default 3), BENCH_PROFILE=1 adds a --cpu-prof import run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decimal } from '../src/billing/decimal';
import { ensureNceInvoice } from './generate-nce-invoice';
import type { Measurement, Task } from './import-worker';
import { summariseProfile } from './profile-summary';
import { envInt, median, MiB, printTable, runChild } from './util';

const PAPAPARSE_TASKS: Task[] = ['papaparse-step', 'papaparse-chunk', 'papaparse-duplex'];
const TARGET_RATIO = 1.3;
const TARGET_RSS_MIB = 500;

/** Returns false when the import got a wrong answer (performance misses are reported, not failed). */
export async function runImportBench(): Promise<boolean> {
  const lines = envInt('BENCH_LINES', 1_000_000);
  const runs = envInt('BENCH_RUNS', 3);
  const invoice = await ensureNceInvoice(lines);
  // Wall times are only comparable on an otherwise idle machine: say when it is not.
  const load = os.loadavg()[0];
  if (load > os.cpus().length / 2) console.log(`note: load average ${load.toFixed(1)} on ${os.cpus().length} cores; other processes will inflate wall times (see cpu s)`);
  console.log(
    `file: ${path.relative(process.cwd(), invoice.file)}, ${lines.toLocaleString('en-US')} lines, ${(invoice.bytes / MiB).toFixed(1)} MB` +
      (invoice.cached ? ' (cached)' : ` (generated in ${invoice.seconds.toFixed(1)} s)`) +
      `, expected cost ${invoice.costTotal} ${invoice.currency}`,
  );

  const tasks: Task[] = [...PAPAPARSE_TASKS, 'import-one-thread', 'import'];
  const results = new Map<Task, Measurement[]>(tasks.map((task) => [task, []]));
  for (let run = 1; run <= runs; run++) {
    for (const task of tasks) {
      const m = await runChild<Measurement>('import-worker.ts', [task, invoice.file]);
      results.get(task)!.push(m);
      console.log(`  run ${run}/${runs} ${task.padEnd(16)} ${(m.wallMs / 1000).toFixed(2)} s (cpu ${(m.cpuMs / 1000).toFixed(2)} s), ${m.lines} lines, RSS ${m.peakRssMiB.toFixed(0)} MB`);
    }
  }

  const seconds = (task: Task, field: 'wallMs' | 'cpuMs' = 'wallMs') => median(results.get(task)!.map((m) => m[field])) / 1000;
  const range = (task: Task) => results.get(task)!.map((m) => m.wallMs / 1000);
  const peak = (task: Task, field: 'peakRssMiB' | 'peakHeapMiB') => Math.max(...results.get(task)!.map((m) => m[field]));
  console.log(`\npapaparse streaming modes (bare parse, header:false, median of ${runs}):`);
  printTable(
    ['mode', 'wall s', 'range s', 'cpu s', 'MB/s', 'peak RSS MB', 'peak heap MB'],
    PAPAPARSE_TASKS.map((task) => [
      task,
      seconds(task).toFixed(2),
      `${Math.min(...range(task)).toFixed(2)}-${Math.max(...range(task)).toFixed(2)}`,
      seconds(task, 'cpuMs').toFixed(2),
      (invoice.bytes / MiB / seconds(task)).toFixed(1),
      peak(task, 'peakRssMiB').toFixed(0),
      peak(task, 'peakHeapMiB').toFixed(0),
    ]),
  );
  const yardstick = PAPAPARSE_TASKS.reduce((best, task) => (seconds(task) < seconds(best) ? task : best));
  console.log(`yardstick: ${yardstick} (the fastest by median wall time)`);

  const imports = [...results.get('import')!, ...results.get('import-one-thread')!];
  const last = imports[0];
  const expected = Decimal.parse(invoice.costTotal);
  const costOk = imports.every((m) => m.status === 'imported' && m.lines === lines && m.costTotal?.[invoice.currency] !== undefined && Decimal.parse(m.costTotal[invoice.currency]).equals(expected));
  const papaOk = PAPAPARSE_TASKS.every((task) => results.get(task)!.every((m) => m.lines === lines));
  const row = (task: Task, label: string) => {
    const importSeconds = seconds(task);
    const ratio = importSeconds / seconds(yardstick);
    const rss = peak(task, 'peakRssMiB');
    return {
      ratio,
      cells: [
        label,
        lines.toLocaleString('en-US'),
        (invoice.bytes / MiB).toFixed(1),
        seconds(yardstick).toFixed(2),
        importSeconds.toFixed(2),
        Math.round(lines / importSeconds).toLocaleString('en-US'),
        (invoice.bytes / MiB / importSeconds).toFixed(1),
        `${ratio.toFixed(2)}x ${ratio <= TARGET_RATIO ? 'ok' : 'MISS'}`,
        `${(seconds(task, 'cpuMs') / seconds(yardstick, 'cpuMs')).toFixed(2)}x`,
        `${rss.toFixed(0)} ${rss < TARGET_RSS_MIB ? 'ok' : 'MISS'}`,
        peak(task, 'peakHeapMiB').toFixed(0),
        costOk ? 'exact' : 'WRONG',
      ],
    };
  };
  const parts = Math.max(...results.get('import')!.map((m) => m.parts ?? 1));
  const inParts = row('import', `import (${parts} part${parts === 1 ? '' : 's'}, as the command line reads)`);
  const oneThread = row('import-one-thread', 'import on one thread (as the task pane reads)');
  const ratio = inParts.ratio;
  console.log(`\nNCE invoice import (median of ${runs}, import wall ${range('import').map((t) => t.toFixed(2)).join(' / ')} s; MB = 2^20 bytes; targets: ratio ≤ ${TARGET_RATIO}, RSS < ${TARGET_RSS_MIB} MB):`);
  printTable(
    ['import', 'lines', 'file MB', 'papaparse s', 'import s', 'import lines/s', 'import MB/s', 'ratio', 'cpu ratio', 'peak RSS MB', 'peak heap MB', 'cost total'],
    [inParts.cells, oneThread.cells],
  );
  console.log('ratio: import wall time over the yardstick\'s; cpu ratio: CPU time of all threads over the yardstick\'s (the work done, whatever the cores)');
  if (!costOk) console.log(`import reported ${JSON.stringify(last.costTotal)} over ${last.lines} lines (status ${last.status} ${last.problem ?? ''}); expected ${invoice.costTotal} over ${lines}`);
  if (!papaOk) console.log('papaparse row counts differ from the generated line count');
  if (last.warnings?.length) console.log(`import warnings: ${last.warnings.join('; ')}`);

  if (process.env.BENCH_PROFILE === '1') await profileImport(invoice.file, lines);
  else if (ratio > TARGET_RATIO) console.log(`import is over ${TARGET_RATIO}x the yardstick: BENCH_PROFILE=1 npm run bench profiles it`);
  return costOk && papaOk;
}

/** One extra import run under --cpu-prof (it slows the run; its time is not reported). */
async function profileImport(file: string, lines: number): Promise<void> {
  const dir = path.join(path.dirname(file), 'profiles');
  const name = `import-${lines}-${Date.now()}.cpuprofile`;
  fs.mkdirSync(dir, { recursive: true });
  await runChild<Measurement>('import-worker.ts', ['import', file], ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name]);
  summariseProfile(path.join(dir, name));
}
