/**
 * The real layout (src/workbook/build-layout.ts over the bundled sample month) through the office-js writer and the
 * fake Excel: the contract between the two holds end to end. The layout passes the writer's checks, refreshing twice
 * gives the same workbook, no formula points at a temporary or deleted sheet, and the configuration tables the
 * writer creates read back without a problem; every formula, worked out by the fake's evaluator, gives the engine's
 * own result that the layout stores with it.
 */
import { readConfig } from '../../src/billing/config';
import { detectCapabilities } from '../../src/excel/capabilities';
import { readConfigTables } from '../../src/excel/read-config';
import { DEFAULT_MAX_REQUEST_BYTES } from '../../src/excel/request-budget';
import { buildWorkbookLayout, SHEET_NAMES } from '../../src/workbook/build-layout';
import { isCell } from '../../src/workbook/formats';
import type { WorkbookLayout } from '../../src/workbook/layout';
import { columnName } from '../fake-excel/a1';
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
  // Real PivotTables: the caption says so.
  expect(fake.sheet(SHEET_NAMES.pivots).values('A2')).toEqual([['PivotTables over the BillingLines table (sheet Billing Lines).']]);
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

it('every formula of the sample month’s workbook calculates to the engine’s result stored with it', async () => {
  const { fake } = await writeLayout(layout);
  const mismatches: string[] = [];
  let checked = 0;
  let largestDifference = 0;
  const formulas = new Map<string, number>();
  for (const sheet of layout.sheets) {
    const view = fake.sheet(sheet.name);
    sheet.rows.forEach((row, r) => {
      row.cells.forEach((entry, c) => {
        const value = isCell(entry) ? entry.value : entry;
        if (value === null || typeof value !== 'object' || value.kind !== 'formula') return;
        const address = `${columnName(c)}${r + 1}`;
        const [[written]] = view.formulas(address);
        const [[computed]] = view.values(address);
        checked++;
        const name = value.formula.replace(/[A-Z]+\d+/g, 'X').replace(/\d+/g, 'n');
        formulas.set(name, (formulas.get(name) ?? 0) + 1);
        const same =
          typeof value.result === 'number' && typeof computed === 'number'
            ? Math.abs(computed - value.result) <= 1e-9 * Math.max(1, Math.abs(value.result))
            : computed === value.result;
        if (typeof value.result === 'number' && typeof computed === 'number') largestDifference = Math.max(largestDifference, Math.abs(computed - value.result));
        if (written !== value.formula || !same) mismatches.push(`${sheet.name}!${address} ${String(written)}: ${JSON.stringify(computed)}, cached ${JSON.stringify(value.result)}`);
      });
    });
  }
  expect(mismatches).toEqual([]);
  // Each formula the layout writes is among them.
  expect([...formulas.keys()].sort()).toEqual(['=IF(ROUND(X,n)=n,"",X/ABS(X))', '=ROUND(X,n)-X', '=SUBTOTAL(n,X:X)', '=SUM(X:X)', '=SUMPRODUCT(ROUND(X:X,n))', '=X-X']);
  expect(checked).toBe(fake.snapshot().sheets.reduce((sum, sheet) => sum + sheet.cells.filter(([, state]) => state.formula !== null).length, 0));
  console.log(`${checked} formula cells (${[...formulas].map(([name, n]) => `${n} × ${name}`).join(', ')}), largest difference from the cached result ${largestDifference}`);
});

it('on Excel 2019 (ExcelApi 1.7): static summaries instead of pivots, no outline, Excel’s default print setup, all noted', async () => {
  const fake = new FakeExcel({ apiVersion: '1.7' });
  const { result } = await writeLayout(layout, { fake, capabilities: detectCapabilities(fake.isSetSupported) });
  expect(fake.pivots()).toEqual([]);
  // Fixed figures, said to be (Refresh All changes nothing), as in the .xlsx.
  expect(fake.sheet(SHEET_NAMES.pivots).values('A2')[0][0]).toMatch(/^Fixed figures as of the run that made this report, not PivotTables: they do not change when Billing Lines is edited/);
  expect(result.skipped.map((note) => note.split(/[:(]/)[0].trim())).toEqual(['pivots need Excel API 1.8', 'outline grouping needs Excel API 1.10', 'print setup']);
});
