/**
 * The Customer Summary in the task pane's refresh: a sheet the add-in owns like the other report sheets. A workbook
 * holding a report from before the summary existed is refreshed into one with it, in its place among the report's
 * sheets; a sheet of the user's named "Customer Summary", or a table of theirs named CustomerSummary, stops the
 * refresh before anything is touched.
 */
import { LayoutError } from '../../src/excel/errors';
import { buildWorkbookLayout, SHEET_NAMES } from '../../src/workbook/build-layout';
import type { WorkbookLayout } from '../../src/workbook/layout';
import { FakeExcel } from '../fake-excel/fake-excel';
import { sampleRun } from '../helpers/workbook-layout';
import { writeLayout } from './layouts';

let layout: WorkbookLayout;
/** The same report as an earlier version of the add-in wrote it: without the summary. */
let before: WorkbookLayout;

beforeAll(async () => {
  const run = await sampleRun();
  layout = buildWorkbookLayout(run.report, run);
  before = { ...layout, sheets: layout.sheets.filter((sheet) => sheet.name !== SHEET_NAMES.summary) };
});

const reportSheets = (fake: FakeExcel) => fake.sheetNames().filter((name) => layout.sheets.some((sheet) => sheet.name === name));

it('is added by the next refresh of a report written without it, in its place after the Billing Report; a refresh replaces it', async () => {
  const { fake } = await writeLayout(before);
  expect(reportSheets(fake)).toEqual(before.sheets.map((sheet) => sheet.name));
  await fake.run(async (context) => {
    context.workbook.worksheets.add('Notes').getRange('A1').values = [['my notes']];
  });
  await writeLayout(layout, { fake });
  expect(reportSheets(fake)).toEqual(layout.sheets.map((sheet) => sheet.name));
  expect(fake.sheetNames()).toContain('Notes');
  await writeLayout(layout, { fake });
  expect(reportSheets(fake)).toEqual(layout.sheets.map((sheet) => sheet.name));
  expect(fake.tables().filter((table) => table.name === 'CustomerSummary').map((table) => table.sheet)).toEqual([SHEET_NAMES.summary]);
  expect(fake.sheet(SHEET_NAMES.summary).values('B3')).toEqual([['Total of the rows shown']]);
});

it('never replaces a sheet of the user’s named "Customer Summary", nor takes the name of a table of theirs', async () => {
  const fake = new FakeExcel();
  await writeLayout(before, { fake });
  await fake.run(async (context) => {
    context.workbook.worksheets.add('Customer Summary').getRange('A1:B2').values = [['My own', 'summary'], ['of last year', 2025]];
  });
  const untouched = fake.snapshot();
  await expect(writeLayout(layout, { fake })).rejects.toThrow(LayoutError);
  await expect(writeLayout(layout, { fake })).rejects.toThrow('Sheet "Customer Summary" is not one the add-in made, but the add-in writes a sheet of that name.');
  expect(fake.snapshot()).toEqual(untouched);

  const other = new FakeExcel();
  await other.run(async (context) => {
    const sheet = context.workbook.worksheets.add('Margins');
    sheet.getRange('A1:B2').values = [['Customer', 'Margin'], ['Contoso', 3]];
    sheet.tables.add('A1:B2', true).name = 'CustomerSummary';
  });
  const mine = other.snapshot();
  await expect(writeLayout(layout, { fake: other })).rejects.toThrow('The add-in needs the table name "CustomerSummary", which a table on sheet "Margins" already has.');
  expect(other.snapshot()).toEqual(mine);
});
