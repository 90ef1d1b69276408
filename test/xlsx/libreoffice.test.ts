/**
 * A real spreadsheet engine recalculates the workbook: LibreOffice Calc (headless) opens the .xlsx, recalculates every
 * formula, and saves each sheet as CSV. The file is written with every cached formula result replaced by 0, so the
 * totals in the CSV can only be right if LibreOffice worked them out from the lines, and they must be the engine's.
 *
 * Skipped, with a note, where LibreOffice is not installed (apt-get install libreoffice-calc; .ci/run installs it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { buildWorkbookLayout, SHEET_NAMES } from '../../src/workbook/build-layout';
import type { CellValue, WorkbookLayout } from '../../src/workbook/layout';
import { writeLayoutToXlsxFile } from '../../src/xlsx/write-layout';
import { fixtureRun, roundingRun, sampleRun, type Run } from '../helpers/workbook-layout';

jest.setTimeout(90_000);

function findSoffice(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const soffice = findSoffice();
if (soffice === null) console.log('LibreOffice is not installed (no soffice or libreoffice on PATH): the recalculation test is skipped.');
const describeWithLibreOffice = soffice === null ? describe.skip : describe;

/** LibreOffice keeps an .xlsx file's cached results unless told to recalculate on load (0 = always). */
const RECALCULATE_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** CSV, comma, double quotes, UTF-8 (76), from row 1, values unformatted, every sheet (-1) to its own file. */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false,-1';

function poisoned(layout: WorkbookLayout): WorkbookLayout {
  const copy = structuredClone(layout);
  const poison = (value: CellValue) => {
    if (value !== null && typeof value === 'object' && value.kind === 'formula') value.result = typeof value.result === 'number' ? 0 : 'stale';
  };
  for (const sheet of copy.sheets) for (const row of sheet.rows) for (const cell of row.cells) poison(cell !== null && typeof cell === 'object' && 'value' in cell ? cell.value : cell);
  return copy;
}

describeWithLibreOffice('LibreOffice recalculating the workbook', () => {
  let dir: string;
  let run: Run;
  const sheets: Record<string, string[][]> = {};
  let fixtureReport: string[][];
  let roundingReconciliation: string[][];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csp-billing-lo-'));
    run = await sampleRun();
    const file = join(dir, 'report.xlsx');
    await writeLayoutToXlsxFile(poisoned(buildWorkbookLayout(run.report, run)), file);
    // The test month: a tenant named "=2+5 Evil Corp".
    const fixture = await fixtureRun();
    const fixtureFile = join(dir, 'fixture.xlsx');
    await writeLayoutToXlsxFile(poisoned(buildWorkbookLayout(fixture.report, fixture)), fixtureFile);
    // Invoices that tie only as rounded (two of 10.004 and one of 146.00 against Microsoft's 10.00, 10.00 and 146.00).
    const rounding = roundingRun();
    const roundingFile = join(dir, 'rounding.xlsx');
    await writeLayoutToXlsxFile(poisoned(buildWorkbookLayout(rounding.report, rounding)), roundingFile);
    const profile = join(dir, 'profile');
    mkdirSync(join(profile, 'user'), { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALCULATE_ALWAYS);
    const out = join(dir, 'csv');
    await new Promise<void>((resolve, reject) => {
      execFile(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', CSV_FILTER, '--outdir', out, file, fixtureFile, roundingFile], { timeout: 80_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`soffice failed: ${error.message}\n${stderr}`)) : resolve(),
      );
    });
    for (const name of [SHEET_NAMES.report, SHEET_NAMES.summary, SHEET_NAMES.lines, SHEET_NAMES.reconciliation, SHEET_NAMES.statements]) {
      const path = join(out, `report-${name}.csv`);
      if (!existsSync(path)) throw new Error(`LibreOffice wrote no ${path}`);
      sheets[name] = Papa.parse<string[]>(readFileSync(path, 'utf8')).data;
    }
    fixtureReport = Papa.parse<string[]>(readFileSync(join(out, `fixture-${SHEET_NAMES.report}.csv`), 'utf8')).data;
    roundingReconciliation = Papa.parse<string[]>(readFileSync(join(out, `rounding-${SHEET_NAMES.reconciliation}.csv`), 'utf8')).data;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('works out the cycle’s grand totals to the engine’s: cost, sales to the cent, margin', () => {
    const cycle = run.report.cycles[0];
    const report = sheets[SHEET_NAMES.report];
    const total = report.findIndex((row) => row[0] === 'Report date') + 1;
    const [cost, sales, margin] = [4, 6, 7].map((c) => Number(report[total][c]));
    expect(cost).toBeCloseTo(cycle.cost.toNumber(), 8);
    expect(sales.toFixed(2)).toBe(cycle.sales.toFixed(2));
    expect(margin).toBeCloseTo(cycle.margin.toNumber(), 8);
    expect(report[total][3]).toBe('USD');
    expect(report[total][0]).toBe('2026-11-01');
  });

  it('works out every organization’s subtotal to the engine’s, and keeps a name starting with "=" as text', () => {
    const report = sheets[SHEET_NAMES.report];
    for (const organization of run.report.cycles[0].organizations) {
      const row = report.find((r) => r[0] === organization.name && r[9] === organization.customerId)!;
      expect(row).toBeDefined();
      expect(Number(row[6]).toFixed(2)).toBe(organization.sales.toFixed(2));
      expect(Number(row[4])).toBeCloseTo(organization.cost.toNumber(), 8);
    }
    const evil = fixtureReport.find((row) => row[9] === '33333333-3333-4333-8333-333333333333')!;
    expect(evil.slice(0, 2)).toEqual(['=2+5 Evil Corp', 'not linked in the Customers table']);
    const total = fixtureReport.findIndex((row) => row[0] === 'Report date') + 1;
    expect([4, 6, 7].map((c) => Number(fixtureReport[total][c]).toFixed(2))).toEqual(['293.90', '318.88', '24.98']);
  });

  it('works out the Billing Lines’ total of the rows shown, above the table, to the cycle’s', () => {
    const cycle = run.report.cycles[0];
    const [title] = sheets[SHEET_NAMES.lines];
    expect(title[16]).toBe('Total of the rows shown');
    expect(Number(title[18])).toBeCloseTo(cycle.cost.toNumber(), 8);
    expect(Number(title[19]).toFixed(2)).toBe(cycle.sales.toFixed(2));
    expect(Number(title[20])).toBeCloseTo(cycle.margin.toNumber(), 8);
  });

  it('works out the Customer Summary’s total of the rows shown to the cycle’s, and each row ties to the Billing Report’s organization', () => {
    const cycle = run.report.cycles[0];
    const summary = sheets[SHEET_NAMES.summary];
    const total = summary.find((row) => row[1] === 'Total of the rows shown')!;
    expect(Number(total[5])).toBeCloseTo(cycle.cost.toNumber(), 8);
    expect(Number(total[6]).toFixed(2)).toBe(cycle.sales.toFixed(2));
    expect(Number(total[7])).toBeCloseTo(cycle.margin.toNumber(), 8);
    // A percentage comes as such even unformatted ("12.002223083714%").
    expect(parseFloat(total[8]) / 100).toBeCloseTo(cycle.margin.toNumber() / cycle.sales.toNumber(), 9);
    const header = summary.findIndex((row) => row[0] === 'Cycle');
    const rows = summary.slice(header + 1).filter((row) => row[11]);
    expect(rows.length).toBe(cycle.organizations.length);
    const report = sheets[SHEET_NAMES.report];
    for (const row of rows) {
      const organization = report.find((r) => r[9] === row[11] && r[0] === row[1])!;
      expect([row[1], ...[5, 6, 7].map((c) => Number(row[c]).toFixed(2))]).toEqual([organization[0], ...[4, 6, 7].map((c) => Number(organization[c]).toFixed(2))]);
    }
  });

  /** The sample's workbook as LibreOffice saves it (.ods parts), converted once. */
  let ods: Promise<Record<string, Uint8Array>> | undefined;
  function odsFiles(): Promise<Record<string, Uint8Array>> {
    return (ods ??= new Promise<void>((resolve, reject) => {
      execFile(soffice!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'ods', '--outdir', join(dir, 'ods'), join(dir, 'report.xlsx')], { timeout: 80_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`soffice failed: ${error.message}\n${stderr}`)) : resolve(),
      );
    }).then(() => unzipSync(new Uint8Array(readFileSync(join(dir, 'ods', 'report.ods'))))));
  }

  it('reads the print setup: the print areas, a page break before each customer statement but the first, page numbers', async () => {
    const files = await odsFiles();
    const content = strFromU8(files['content.xml']);
    const table = (name: string) => {
      const start = content.indexOf(`<table:table table:name="${name}"`);
      return content.slice(start, content.indexOf('</table:table>', start));
    };
    const printRange = (name: string) => /table:print-ranges="[^"]*?\.([A-Z]+\d+):[^"]*\.([A-Z]+)\d+"/.exec(table(name).slice(0, 500))?.slice(1);
    expect(printRange(SHEET_NAMES.report)).toEqual(['A1', 'I']);
    // The statements from the first customer's name: the sheet's title and caption stay off paper.
    const statements = buildWorkbookLayout(run.report, run).sheets.find((s) => s.name === SHEET_NAMES.statements)!;
    expect(printRange(SHEET_NAMES.statements)).toEqual([`A${statements.print!.firstRow + 1}`, 'E']);
    expect(printRange(SHEET_NAMES.lines)).toBeUndefined();
    const pageBreakStyles = [...content.matchAll(/<style:style style:name="(ro\d+)" style:family="table-row"><style:table-row-properties[^>]*fo:break-before="page"/g)].map((m) => m[1]);
    const breaks = [...table(SHEET_NAMES.statements).matchAll(/<table:table-row table:style-name="(ro\d+)"/g)].filter((m) => pageBreakStyles.includes(m[1]));
    expect(breaks).toHaveLength(run.report.cycles[0].organizations.filter((o) => o.billable).length - 1);
    expect(strFromU8(files['styles.xml'])).toMatch(/<style:footer>.*<text:page-number/);
    // Each sheet's page style (LibreOffice names it after the sheet): "Page 2 of 5" on the report sheets, no page
    // number on the statements, whose numbers were the whole run's ("Page 36" on a customer's one-page statement).
    // A page style is read to its own end: an empty footer is written <style:footer/>, and a match up to the next
    // </style:footer> ran on into whichever page style LibreOffice wrote after it (the order varies from run to run).
    const pageStyleOf = (sheet: string) => new RegExp(`<style:master-page style:name="[^"]*" style:display-name="PageStyle_${sheet}".*?</style:master-page>`).exec(strFromU8(files['styles.xml']))?.[0] ?? '';
    expect(pageStyleOf(SHEET_NAMES.report)).toMatch(/<style:footer>.*<text:page-number>.*<text:page-count>.*<\/style:footer>/);
    expect(pageStyleOf(SHEET_NAMES.statements)).toMatch(/<style:footer/);
    expect(pageStyleOf(SHEET_NAMES.statements)).not.toMatch(/<text:page-number>|<text:page-count>/);
  });

  it('reads the chart: a column chart with its title and the top organizations', async () => {
    const files = await odsFiles();
    const objects = Object.keys(files).filter((name) => /^Object \d+\/content\.xml$/.test(name));
    expect(objects).toHaveLength(1);
    const chart = strFromU8(files[objects[0]]);
    const pivots = buildWorkbookLayout(run.report, run).sheets.find((s) => s.name === SHEET_NAMES.pivots)!;
    const [layoutChart] = pivots.charts;
    const topOrganization = pivots.rows[layoutChart.data.row + 1].cells[layoutChart.data.column] as string;
    expect(chart).toContain('chart:class="chart:bar"');
    expect(chart).toContain(layoutChart.title);
    expect(chart).toContain(topOrganization.replace(/&/g, '&amp;'));
  });

  it('works out each customer statement’s total and the invoice difference', () => {
    const totals = sheets[SHEET_NAMES.statements].filter((row) => row[0] === 'Total excl. tax').map((row) => Number(row[4]).toFixed(2));
    expect(totals).toEqual(run.report.cycles[0].organizations.filter((o) => o.billable).map((o) => o.sales.toFixed(2)));
    const differs = sheets[SHEET_NAMES.reconciliation].find((row) => row[0] === 'G100000002')!;
    expect(Number(differs[8])).toBeCloseTo(0.06, 9);
  });

  it("works out each cycle's invoices' total, Microsoft total and difference from the invoice rows, to the cached figures", () => {
    const cycleRow = (rows: string[][], currency: string) => rows.find((row, r) => row[0] === '2026-10' && row[2] === currency && rows.slice(0, r).some((above) => above[0] === 'Cycle'))!;
    const figures = (row: string[]) => [4, 5, 6, 7, 8].map((c) => Number(row[c]));
    const sample = figures(cycleRow(sheets[SHEET_NAMES.reconciliation], 'USD'));
    const check = run.report.reconciliation.cycles[0];
    expect(sample[2]).toBeCloseTo(check.invoicesTotal.toNumber(), 9);
    expect(sample[3]).toBeCloseTo(check.microsoftTotal!.toNumber(), 9);
    expect(sample[4]).toBeCloseTo(0.06, 9);
    // 10.004 + 10.004 + 146.00: the exact cost stays, Microsoft's invoices add up to 166.00, and the difference is 0.
    const usd = figures(cycleRow(roundingReconciliation, 'USD'));
    [166.008, 166.008, 166, 166, 0].forEach((expected, i) => expect(usd[i]).toBeCloseTo(expected, 9));
    const eur = figures(cycleRow(roundingReconciliation, 'EUR'));
    [7.996, 7.996, 8, 8, 0].forEach((expected, i) => expect(eur[i]).toBeCloseTo(expected, 9));
  });
});
