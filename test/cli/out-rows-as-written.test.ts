/**
 * The command line's --out makes the rows of its large sheets as it writes them, so a large month's workbook is never
 * held whole (README, Memory): the report's lines are read for Billing Lines only once the sheets before it are in the
 * file. Held whole, a 300,000-line month's layout took 480 MB more than its rows written one by one.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BillingLineRow } from '../../src/billing/report';
import { runReport } from '../../src/cli/run-report';
import { writeOutputs } from '../../src/cli/write-outputs';
import { billingFixture, configIn, BILLING_FIXTURES } from '../helpers/billing-fixtures';

const FILES = [billingFixture('nce-invoice-2026-10.csv'), billingFixture('nce-invoice-2026-11.csv')];
const quiet = { update: () => undefined, status: () => undefined, done: () => undefined };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'out-rows-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes of every file in the folder now (the workbook is written under a temporary name until it is complete). */
function bytesIn(folder: string): number {
  return readdirSync(folder).reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
}

it('reads the report’s lines for Billing Lines once the sheets before it are in the file, and writes the same workbook', async () => {
  const config = await configIn(BILLING_FIXTURES);
  const { report, documents } = await runReport(FILES, { config, months: null, keepLines: true });
  // The bytes in the folder as each cycle's last line is taken for its row.
  const writtenAtLastLine: number[] = [];
  for (const cycle of report.cycles) {
    const lines = cycle.lines;
    expect(lines.length).toBeGreaterThan(0);
    Object.defineProperty(lines, Symbol.iterator, {
      value: function* (): Generator<BillingLineRow> {
        for (let i = 0; i < lines.length; i++) {
          if (i === lines.length - 1) writtenAtLastLine.push(bytesIn(dir));
          yield lines[i];
        }
      },
    });
  }
  await writeOutputs(report, { config, documents }, { out: join(dir, 'report.xlsx'), csvOptions: {}, inputs: FILES }, quiet);
  expect(writtenAtLastLine).toHaveLength(report.cycles.length);
  // The Billing Report and the Customer Summary were in the file before the lines were read (held whole, the layout
  // read them all before the file was begun).
  expect(Math.min(...writtenAtLastLine)).toBeGreaterThan(1000);
  expect(readdirSync(dir)).toEqual(['report.xlsx']);
});
