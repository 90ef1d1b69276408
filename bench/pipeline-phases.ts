/**
 * Where the pipeline's time goes, phase by phase, for speed work: reading the file (its parts on every core), adding
 * the parts up, building the report, writing its JSON. Wall and CPU time (all threads) of each phase, and the sha256
 * of the JSON text, so a change meant to be faster can be shown to print the very same report.
 *   npx tsx bench/pipeline-phases.ts <file.csv> [--json-out report.json]
 * Run it with the command line's node flags (as pipeline-bench does):
 *   node --max-semi-space-size=32 --initial-old-space-size=800 --import tsx bench/pipeline-phases.ts bench/data/nce-invoice-100000-v1.csv
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { benchConfig } from './bench-config';
import { printTable } from './util';

async function main(): Promise<void> {
  const [file, flag, out] = process.argv.slice(2);
  if (file === undefined || !fs.existsSync(file)) throw new Error('usage: pipeline-phases.ts <file.csv> [--json-out report.json]');
  // As the command line's launcher does (bin/csp-billing.js): the workers that will read the file's parts load meanwhile.
  (await import('../src/cli/part-workers')).prepareReportWorkers([file]);
  const { runReport } = await import('../src/cli/run-report');
  (await import('../src/cli/heap')).keepHeapGrowthModest();
  const { writeJsonBlocks } = await import('../src/cli/json-blocks');
  const config = benchConfig();

  const phases: Array<[string, number, number]> = [];
  let wall = performance.now();
  let cpu = process.cpuUsage();
  let phase = 'reading the file';
  const lap = (next: string) => {
    const used = process.cpuUsage(cpu);
    phases.push([phase, performance.now() - wall, (used.user + used.system) / 1000]);
    phase = next.replace(/ \S+\.csv$/, '');
    wall = performance.now();
    cpu = process.cpuUsage();
  };
  const { report } = await runReport([file], { config, months: null, onStep: lap, onNote: (note) => console.error(note) });
  lap('writing the JSON');
  const hash = createHash('sha256');
  const written = flag === '--json-out' && out !== undefined ? fs.openSync(out, 'w') : null;
  let bytes = 0;
  writeJsonBlocks(report, (block) => {
    hash.update(block);
    bytes += block.length;
    if (written !== null) fs.writeSync(written, block);
  });
  lap('');
  if (written !== null) fs.closeSync(written);

  const total = phases.reduce((sum, [, w, c]) => [sum[0] + w, sum[1] + c], [0, 0]);
  printTable(
    ['phase', 'wall s', 'cpu s'],
    [...phases, ['total', ...total] as [string, number, number]].map(([name, w, c]) => [name, (w / 1000).toFixed(2), (c / 1000).toFixed(2)]),
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; JSON ${bytes.toLocaleString('en-US')} bytes, sha256 ${hash.digest('hex')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
