/**
 * One measurement of the billing pipeline, run in its own process by pipeline-bench.ts:
 *   node --import tsx bench/pipeline-worker.ts <pipeline|duckdb> <file>
 * pipeline: import → pricing → report → report JSON text, as `npm run report -- FILE --json` does.
 * duckdb: the equivalent GROUP BY (customer × product × SKU × charge type: lines, quantity, exact cost) over the
 * same CSV, with DuckDB's own CSV reader. Prints one JSON line.
 */
import fs from 'node:fs';
import { benchConfig } from './bench-config';
import { timed, type Timed } from './util';
import { Decimal } from '../src/billing/decimal';

export interface PipelineMeasurement extends Timed {
  task: 'pipeline' | 'duckdb';
  /** Detail lines of the report / groups of the GROUP BY. */
  groups: number;
  /** Total cost as exact decimal text, to check both read the same file the same way. */
  cost: string;
  jsonBytes?: number;
}

type Result = Omit<PipelineMeasurement, 'task' | keyof Timed>;

/** Modules are loaded before the clock starts; the returned function is what is timed. */
async function prepare(task: PipelineMeasurement['task'], file: string): Promise<() => Promise<Result>> {
  if (task === 'pipeline') {
    // As the command line's launcher does (bin/csp-billing.js): the workers that will read the file's parts load meanwhile.
    (await import('../src/cli/part-workers')).prepareReportWorkers([file]);
    const { runReport } = await import('../src/cli/run-report');
    // As the command line starts (src/cli/main.ts).
    (await import('../src/cli/heap')).keepHeapGrowthModest();
    const { writeJsonBlocks } = await import('../src/cli/json-blocks');
    const config = benchConfig();
    return async () => {
      // A read on one thread would double the time: said on stderr, so a slow run is explained.
      const { report } = await runReport([file], { config, months: null, onNote: (note) => console.error(note) });
      // The bytes `--json` prints, made the way it prints them (UTF-8 blocks as the report is written); only their length is kept.
      let jsonBytes = 0;
      writeJsonBlocks(report, (bytes) => void (jsonBytes += bytes.length));
      let groups = 0;
      for (const cycle of report.cycles) for (const organization of cycle.organizations) for (const product of organization.products) groups += product.details.length;
      return { groups, cost: Decimal.sum(report.cycles.map((cycle) => cycle.cost)).toString(), jsonBytes };
    };
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  // Every column as text, amounts cast to an exact DECIMAL: the same "text first, exact money" rules as the import.
  const path = file.replace(/'/g, "''");
  return async () => {
    const result = await connection.runAndReadAll(`
      WITH grouped AS (
        SELECT CustomerId, ProductId, SkuId, ChargeType, count(*) AS lines,
               sum(CAST(BillableQuantity AS DECIMAL(38, 6))) AS quantity,
               sum(CAST(Subtotal AS DECIMAL(38, 10))) AS cost
        FROM read_csv('${path}', header = true, all_varchar = true)
        GROUP BY ALL
      )
      SELECT count(*)::BIGINT AS groups, sum(cost)::VARCHAR AS cost FROM grouped`);
    const [groups, cost] = result.getRows()[0] as [bigint, string];
    return { groups: Number(groups), cost: Decimal.parse(cost).toString() };
  };
}

async function main(): Promise<void> {
  const [task, file] = process.argv.slice(2) as ['pipeline' | 'duckdb', string];
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  const run = await prepare(task, file);
  const measurement: PipelineMeasurement = { task, ...(await timed(run)) };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
