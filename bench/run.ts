/**
 * `npm run bench`: runs every section in order, or only those named in BENCH_ONLY (comma-separated).
 * A section returns false when it found a wrong result; the process then exits non-zero.
 *   BENCH_LINES=100000 BENCH_RUNS=3 BENCH_ONLY=import BENCH_PROFILE=1 npm run bench
 * Generated inputs are cached in bench/data (git-ignored).
 */
import { runImportBench } from './import-bench';
import { runOutBench } from './out-bench';
import { runPipelineBench } from './pipeline-bench';
import { runTaskpaneBench } from './taskpane-bench';
import { workbookBench } from './workbook-bench';

interface Section {
  name: string;
  title: string;
  run(): Promise<boolean>;
}

/** New benchmarks are added here. */
const SECTIONS: Section[] = [
  { name: 'import', title: 'Import: NCE invoice reconciliation file vs bare papaparse', run: runImportBench },
  { name: 'pipeline', title: 'Pipeline: import → report JSON vs DuckDB GROUP BY', run: runPipelineBench },
  { name: 'out', title: 'Command line --out: the report workbook of the generated file, start to finish', run: runOutBench },
  { name: 'workbook', title: 'Workbook: layout, .xlsx and the office-js writer for 100,000 Billing Lines rows', run: printed(workbookBench) },
  { name: 'taskpane', title: 'Task pane in headless Chromium: file chosen → summary shown, longest main-thread task', run: runTaskpaneBench },
];

/** A section that only prints figures. */
function printed(run: () => Promise<string[]>): () => Promise<boolean> {
  return async () => {
    console.log((await run()).join('\n'));
    return true;
  };
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !SECTIONS.some((section) => section.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: no section ${unknown.join(', ')} (have: ${SECTIONS.map((s) => s.name).join(', ')})`);
  let ok = true;
  for (const section of SECTIONS.filter((s) => !only?.length || only.includes(s.name))) {
    console.log(`\n== ${section.name}: ${section.title} ==`);
    ok = (await section.run()) && ok;
  }
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
