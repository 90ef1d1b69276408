/**
 * What the command line's progress line says between a large file's bar and the end: each step after the reading
 * names itself, so the bar does not stand at 100 % for many seconds (a 300,000-line month: 13 s before the workbook's
 * rows, and the CSVs after them). The terminal's line itself is main.ts's; these are the steps it is told of.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../src/cli/run-report';
import { writeOutputs } from '../../src/cli/write-outputs';
import { billingFixture, configIn, BILLING_FIXTURES } from '../helpers/billing-fixtures';

const FILES = [billingFixture('nce-invoice-2026-10.csv'), billingFixture('nce-invoice-2026-11.csv')];

function recorder(): { said: string[]; progress: { update(): void; status(text: string): void; done(): void } } {
  const said: string[] = [];
  return { said, progress: { update: () => undefined, status: (text) => said.push(text), done: () => said.push('(cleared)') } };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'progress-steps-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('names the adding up of each file read and the building of the report', async () => {
  const steps: string[] = [];
  await runReport(FILES, { config: await configIn(BILLING_FIXTURES), months: null, onStep: (what) => steps.push(what) });
  expect(steps).toEqual(['adding up nce-invoice-2026-10.csv', 'adding up nce-invoice-2026-11.csv', 'building the report']);
});

it('names each output as it is written, whatever the report’s size, and clears the line at the end', async () => {
  const config = await configIn(BILLING_FIXTURES);
  const { report, documents } = await runReport(FILES, { config, months: null, keepLines: true });
  const { said, progress } = recorder();
  const request = { out: join(dir, 'report.xlsx'), csv: join(dir, 'billing.csv'), customerCsv: join(dir, 'customers'), csvOptions: {}, inputs: FILES };
  await writeOutputs(report, { config, documents }, request, progress);
  expect(said.filter((text) => text !== '(cleared)')).toEqual(['laying out report.xlsx', 'writing billing.csv', 'writing the customer files']);
  expect(said[said.length - 1]).toBe('(cleared)');
});
