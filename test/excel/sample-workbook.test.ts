/**
 * The real layout (src/workbook/build-layout.ts over the bundled sample month) through the office-js writer and the
 * fake Excel: the contract between the two holds end to end. The layout passes the writer's checks, refreshing twice
 * gives the same workbook, no formula points at a temporary or deleted sheet, and the configuration tables the
 * writer creates read back without a problem.
 */
import { readConfig } from '../../src/billing/config';
import { detectCapabilities } from '../../src/excel/capabilities';
import { readConfigTables } from '../../src/excel/read-config';
import { DEFAULT_MAX_REQUEST_BYTES } from '../../src/excel/request-budget';
import { buildWorkbookLayout, SHEET_NAMES } from '../../src/workbook/build-layout';
import type { WorkbookLayout } from '../../src/workbook/layout';
import { FakeExcel } from '../fake-excel/fake-excel';
import { sampleRun } from '../helpers/workbook-layout';
import { writeLayout } from './layouts';

let layout: WorkbookLayout;

beforeAll(async () => {
  const run = await sampleRun();
  layout = buildWorkbookLayout(run.report, run);
});

it('writes the sample month’s workbook; a second refresh gives the same workbook', async () => {
  const { fake, result } = await writeLayout(layout);
  expect(result.skipped).toEqual([]);
  expect(fake.sheetNames().slice(-layout.sheets.length)).toEqual(layout.sheets.map((sheet) => sheet.name));
  expect(fake.stats.rejected).toBe(0);
  expect(fake.stats.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
  const pivots = layout.sheets.flatMap((sheet) => sheet.pivots.map((pivot) => pivot.name)).sort();
  expect(fake.pivots().map((pivot) => pivot.name).sort()).toEqual(pivots);
  const broken = fake.snapshot().sheets.flatMap((sheet) => sheet.cells.filter(([, state]) => state.formula !== null && /#REF!|'~\d+~|__new\[/.test(state.formula)));
  expect(broken).toEqual([]);

  // Printing as the layout says: the report's amounts, a page per customer statement.
  const statements = layout.sheets.find((sheet) => sheet.name === SHEET_NAMES.statements)!;
  expect(fake.sheet(SHEET_NAMES.report).print).toMatchObject({ orientation: 'Landscape', printArea: 'A:I', titleRows: '1:3', pageBreaks: [] });
  expect(fake.sheet(SHEET_NAMES.statements).print).toMatchObject({ orientation: 'Portrait', printArea: `A${statements.print!.firstRow + 1}:E1048576`, titleRows: null, pageBreaks: statements.print!.pageBreaksBefore });
  expect(statements.print!.pageBreaksBefore.length).toBeGreaterThan(5);

  // The Reconciliation's cycle row is worked out on the sheet, as in the .xlsx: its invoices' total, Microsoft total
  // and difference are the layout's formulas over the invoice rows.
  const reconciliation = layout.sheets.find((sheet) => sheet.name === SHEET_NAMES.reconciliation)!;
  const cycleRow = reconciliation.rows.findIndex((row, r) => row.cells[0] === '2026-10' && reconciliation.rows[r - 1].cells[0] === 'Cycle');
  const firstInvoice = reconciliation.rows.findIndex((row) => row.cells[0] !== null && typeof row.cells[0] === 'object' && 'value' in row.cells[0] && row.cells[0].value === 'G100000001') + 1;
  expect(fake.sheet(SHEET_NAMES.reconciliation).formulas(`G${cycleRow + 1}:I${cycleRow + 1}`)).toEqual([
    [`=SUMPRODUCT(ROUND(G${firstInvoice}:G${firstInvoice + 1},2))`, `=SUM(H${firstInvoice}:H${firstInvoice + 1})`, `=ROUND(G${cycleRow + 1},2)-H${cycleRow + 1}`],
  ]);

  const first = fake.snapshot();
  await writeLayout(layout, { fake });
  expect(fake.snapshot()).toEqual(first);

  const { problems } = readConfig(await readConfigTables(fake.context()));
  expect(problems.map(String)).toEqual([]);
});

it('on Excel 2019 (ExcelApi 1.7): static summaries instead of pivots, no outline, Excel’s default print setup, all noted', async () => {
  const fake = new FakeExcel({ apiVersion: '1.7' });
  const { result } = await writeLayout(layout, { fake, capabilities: detectCapabilities(fake.isSetSupported) });
  expect(fake.pivots()).toEqual([]);
  expect(result.skipped.map((note) => note.split(/[:(]/)[0].trim())).toEqual(['pivots need Excel API 1.8', 'outline grouping needs Excel API 1.10', 'print setup']);
});
