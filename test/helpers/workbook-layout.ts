/**
 * Reports for the workbook tests, imported the way the command line does it (ImportSession + ReportBuilder, with the
 * Billing Lines rows kept), and a reader for layouts: cells by address, and the formulas worked out again from the
 * cells they refer to, independently of their cached results.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BillingConfig } from '../../src/billing/config';
import { ReportBuilder, type BillingReport, type ReportScope } from '../../src/billing/report';
import type { ImportedDocument } from '../../src/import/import-file';
import { ImportSession } from '../../src/import/session';
import type { Cell, CellValue, SheetLayout, WorkbookLayout } from '../../src/workbook/layout';
import { configOf, importedDocument, reportOf } from './billing-config';
import { BILLING_FIXTURES, byteSource, configIn } from './billing-fixtures';
import { nceLine } from './billing-lines';

export const SAMPLE = join(__dirname, '..', '..', 'sample');

export interface Run {
  report: BillingReport;
  config: BillingConfig;
  documents: ImportedDocument[];
}

/** Bills files (paths) under a configuration, keeping the Billing Lines rows unless the scope says otherwise. */
export async function billFiles(config: BillingConfig, paths: string[], scope: Partial<ReportScope> = {}): Promise<Run> {
  const session = new ImportSession();
  const builder = new ReportBuilder(config, { months: null, keepLines: true, ...scope });
  for (const path of paths) {
    const lines = builder.startDocument();
    const name = path.split('/').pop()!;
    const document = await session.importFile(name, byteSource(readFileSync(path)), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay });
    builder.addDocument(document, lines);
  }
  return { report: builder.build(), config, documents: session.documents };
}

export function sampleFiles(): string[] {
  const dir = join(SAMPLE, '2026-10');
  return readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => join(dir, f));
}

/** The bundled sample month (sample/): 13 tenants, two invoices (one ties, one differs by 0.06). */
export async function sampleRun(scope: Partial<ReportScope> = {}): Promise<Run> {
  return billFiles(await configIn(join(SAMPLE, 'config')), sampleFiles(), scope);
}

/** Fixture files of test/fixtures/billing under the fixture configuration. */
export async function fixtureRun(files: string[] = ['nce-invoice-2026-10.csv'], scope: Partial<ReportScope> = {}): Promise<Run> {
  return billFiles(await configIn(BILLING_FIXTURES), files.map((f) => join(BILLING_FIXTURES, f)), scope);
}

/**
 * A month whose invoices each tie only as rounded: G1 of 146.00, G2 and G3 of 10.004 each (Microsoft's totals 146.00,
 * 10.00, 10.00), and G4 of 7.996 EUR (8.00). The invoices' exact total is 166.008 USD; Microsoft's invoices add up to
 * 166.00, which ties.
 */
export function roundingRun(): Run {
  const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,,146.00\nG2,,10.00\nG3,,10.00\nG4,,€8.00' });
  const lines = [
    nceLine({ invoiceNumber: 'G1', cost: '146.00' }),
    nceLine({ invoiceNumber: 'G2', cost: '10.004', subscriptionId: 'b' }),
    nceLine({ invoiceNumber: 'G3', cost: '10.004', subscriptionId: 'c' }),
    nceLine({ invoiceNumber: 'G4', currency: 'EUR', cost: '7.996', subscriptionId: 'd' }),
  ];
  return { report: reportOf(config, [{ lines }]), config, documents: [importedDocument()] };
}

export function sheetOf(layout: WorkbookLayout, name: string): SheetLayout {
  const sheet = layout.sheets.find((s) => s.name === name);
  if (sheet === undefined) throw new Error(`no sheet ${name}`);
  return sheet;
}

export function entryAt(sheet: SheetLayout, row: number, column: number): Cell | CellValue | undefined {
  return sheet.rows[row]?.cells[column];
}

export function valueAt(sheet: SheetLayout, row: number, column: number): CellValue {
  const entry = entryAt(sheet, row, column);
  if (entry === undefined) return null;
  return entry !== null && typeof entry === 'object' && 'value' in entry ? entry.value : entry;
}

export function formatAt(sheet: SheetLayout, row: number, column: number): string {
  const entry = entryAt(sheet, row, column);
  if (entry !== null && entry !== undefined && typeof entry === 'object' && 'value' in entry && entry.format !== undefined) return entry.format;
  return sheet.columns[column]?.format ?? 'General';
}

/** Row indexes whose first cell is `text`. */
export function rowsLabelled(sheet: SheetLayout, text: string): number[] {
  return sheet.rows.flatMap((_, r) => (valueAt(sheet, r, 0) === text ? [r] : []));
}

/** Every value on a sheet, formulas by their cached result. */
export function allValues(sheet: SheetLayout): CellValue[] {
  return sheet.rows.flatMap((row) => row.cells.map((entry) => (entry !== null && typeof entry === 'object' && 'value' in entry ? entry.value : entry)));
}

function a1Of(row: number, column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row + 1}`;
}

function address(ref: string): { row: number; column: number } {
  const match = /^([A-Z]+)(\d+)$/.exec(ref)!;
  const column = [...match[1]].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, column };
}

/**
 * A formula worked out again from the sheet: the forms the layout writes (SUBTOTAL(9 or 109,range), SUM(ranges), A-B,
 * IF(ROUND(A,d)=0,"",B/A), ROUND(A,d)-B, SUMPRODUCT(ROUND(range,d)) and ROUND(A,d) added up), with Excel's rules (SUBTOTAL skips cells that are SUBTOTALs themselves).
 */
export function evaluate(sheet: SheetLayout, row: number, column: number): number | string {
  const value = valueAt(sheet, row, column);
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value !== 'object' || value.kind !== 'formula') throw new Error(`not a number at ${row},${column}: ${JSON.stringify(value)}`);
  const f = value.formula.slice(1);
  const cellValue = (ref: string) => {
    const at = address(ref);
    const result = evaluate(sheet, at.row, at.column);
    if (typeof result !== 'number') throw new Error(`text in arithmetic: ${ref}`);
    return result;
  };
  const sum = (range: string, skipSubtotals: boolean) => {
    const [from, to] = range.split(':').map(address);
    let total = 0;
    for (let r = from.row; r <= to.row; r++) {
      const inner = valueAt(sheet, r, from.column);
      if (skipSubtotals && inner !== null && typeof inner === 'object' && inner.kind === 'formula' && inner.formula.includes('SUBTOTAL(')) continue;
      if (inner === null || typeof inner === 'string') continue;
      total += evaluate(sheet, r, from.column) as number;
    }
    return total;
  };
  // 109 leaves out the rows a filter hides too; a layout has none.
  let match = /^SUBTOTAL\((?:9|109),([A-Z]+\d+:[A-Z]+\d+)\)$/.exec(f);
  if (match) return sum(match[1], true);
  match = /^SUM\(((?:[A-Z]+\d+(?::[A-Z]+\d+)?,?)+)\)$/.exec(f);
  if (match) return match[1].split(',').reduce((total, range) => total + sum(range.includes(':') ? range : `${range}:${range}`, false), 0);
  match = /^([A-Z]+\d+)-([A-Z]+\d+)$/.exec(f);
  if (match) return cellValue(match[1]) - cellValue(match[2]);
  match = /^IF\(ROUND\(([A-Z]+\d+),(\d+)\)=0,"",([A-Z]+\d+)\/ABS\(([A-Z]+\d+)\)\)$/.exec(f);
  if (match) {
    const d = 10 ** Number(match[2]);
    return Math.round(cellValue(match[1]) * d) / d === 0 ? '' : cellValue(match[3]) / Math.abs(cellValue(match[4]));
  }
  match = /^ROUND\(([A-Z]+\d+),(\d+)\)-([A-Z]+\d+)$/.exec(f);
  if (match) {
    const d = 10 ** Number(match[2]);
    return Math.round(cellValue(match[1]) * d) / d - cellValue(match[3]);
  }
  // Sums of blocks of rows, each cell rounded first: SUMPRODUCT(ROUND(G6:G8,2))+ROUND(G10,2).
  const terms = f.split('+');
  const rounded = terms.map((term) => /^(?:SUMPRODUCT\(ROUND\(([A-Z]+\d+:[A-Z]+\d+),(\d+)\)\)|ROUND\(([A-Z]+\d+),(\d+)\))$/.exec(term));
  if (rounded.every((m) => m !== null)) {
    return rounded.reduce((total, m) => {
      const [from, to] = (m![1] ?? `${m![3]}:${m![3]}`).split(':').map(address);
      const d = 10 ** Number(m![2] ?? m![4]);
      for (let r = from.row; r <= to.row; r++) total += Math.round(cellValue(a1Of(r, from.column)) * d) / d;
      return total;
    }, 0);
  }
  throw new Error(`formula the test cannot work out: ${value.formula}`);
}
