/**
 * The same month in every form Partner Center and Excel give it: each file of the bundled sample month (and of the
 * test fixtures) written again as the README says it is read (CRLF and a BOM, every field quoted, columns in another
 * order, PowerShell's #TYPE line, tab-separated, UTF-16 "Unicode text", `;` with decimal commas, gzip, JSON lines,
 * and a workbook Excel saved), billed through the command line's runReport, and held to the plain CSV's report JSON.
 * Where Excel's "Save As" loses what a cell said (a long id as 1.23457E+17, a date as d/m/yyyy), the file must be
 * refused or warned about with a message naming the file, row and column, as the README says.
 *
 * The converters are written here, apart from the importer, from the CSV text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { BillingConfig } from '../../src/billing/config';
import { reportToJson } from '../../src/billing/report-json';
import { runReport } from '../../src/cli/run-report';
import { configIn, BILLING_FIXTURES } from '../helpers/billing-fixtures';
import { FIXTURES } from '../helpers/byte-source';
import { readCsv, toCsv } from '../helpers/partner-center-files';

const SAMPLE = join(__dirname, '..', '..', 'sample');

/** Columns Microsoft's JSON export writes as numbers. */
const NUMERIC = new Set([
  'UnitPrice', 'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'EffectiveUnitPrice', 'BillableQuantity', 'PCToBCExchangeRate',
  'BillingPreTaxTotal', 'PricingPreTaxTotal', 'PartnerEarnedCreditPercentage', 'CreditPercentage', 'Amount', 'TotalOtherDiscount',
  'Tax', 'TotalForCustomer', 'ConsumedQuantity', 'IncludedQuantity', 'OverageQuantity', 'ListPrice', 'PretaxCharges', 'TaxAmount',
  'PostTaxTotal', 'PretaxEffectiveRate', 'PostTaxEffectiveRate',
]);

type Table = { header: string[]; rows: string[][] };

/** M/D/YYYY with an optional H:MM[:SS] [AM|PM], as Partner Center's CSV writes dates. */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)?$/i;

function dateOf(cell: string): Date | null {
  const m = US_DATE.exec(cell);
  if (!m) return null;
  let hours = Number(m[4] ?? 0);
  if (m[7]?.toUpperCase() === 'PM' && hours < 12) hours += 12;
  if (m[7]?.toUpperCase() === 'AM' && hours === 12) hours = 0;
  return new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hours, Number(m[5] ?? 0), Number(m[6] ?? 0)));
}

/** A number as Excel reads it when it opens a CSV: plain or scientific digits (hex ids such as 12e45 too). */
const EXCEL_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** What Excel holds in a cell once it opened the CSV (US locale): dates, numbers to 15 significant digits, else text. */
function excelCell(cell: string): string | number | Date {
  const date = dateOf(cell);
  if (date !== null) return date;
  if (EXCEL_NUMBER.test(cell) && Number.isFinite(Number(cell))) return Number(Number(cell).toPrecision(15));
  return cell;
}

/** A number in Excel's General format, as "Save As CSV" writes it: at most 11 characters ("1.23457E+17", "7.10833E-05"). */
function general(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const scientific = () => {
    const [mantissa, exponent] = value.toExponential(5).split('e');
    const e = Number(exponent);
    return `${mantissa.replace(/\.?0+$/, '')}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  };
  if (abs >= 1e11 || abs < 1e-4) return scientific();
  const integerDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 11 - (value < 0 ? 1 : 0) - integerDigits - 1);
  return String(Number(value.toFixed(Math.min(decimals, 10))));
}

/** A cell as Excel's "Save As CSV" writes it after opening the file: dates in the locale's short form, numbers in General. */
function excelSaved(cell: string, dayFirst: boolean | 'iso'): string {
  const value = excelCell(cell);
  if (value instanceof Date) {
    const [d, m, y] = [value.getUTCDate(), value.getUTCMonth() + 1, value.getUTCFullYear()];
    const pad = (n: number) => String(n).padStart(2, '0');
    const hours = dayFirst === 'iso' ? pad(value.getUTCHours()) : String(value.getUTCHours());
    const time = /:/.test(cell) ? ` ${hours}:${pad(value.getUTCMinutes())}` : '';
    return (dayFirst === 'iso' ? `${y}-${pad(m)}-${pad(d)}` : dayFirst ? `${d}/${m}/${y}` : `${m}/${d}/${y}`) + time;
  }
  return typeof value === 'number' ? general(value) : value;
}

function isoDate(cell: string): string | null {
  const date = dateOf(cell);
  return date === null ? null : date.toISOString().replace('.000Z', 'Z');
}

/** JSON lines with the CSV's keys: amounts as JSON numbers (their text as written), dates ISO 8601, empty cells null. */
function jsonLines({ header, rows }: Table, key: (name: string) => string = (name) => name): string {
  return rows
    .map((row) => {
      const members = header.map((name, i) => {
        const cell = row[i] ?? '';
        const member = JSON.stringify(key(name));
        if (cell === '') return `${member}:null`;
        if (NUMERIC.has(name) && EXCEL_NUMBER.test(cell)) return `${member}:${cell.replace(/^\+/, '').replace(/^(-?)\./, '$10.')}`;
        if (/^(\[.*\]|\{.*\})$/.test(cell)) return `${member}:${cell}`;
        return `${member}:${JSON.stringify(isoDate(cell) ?? cell)}`;
      });
      return `{${members.join(',')}}`;
    })
    .join('\n') + '\n';
}

/** Windows-1252, as Excel's "CSV (Comma delimited)" saves: Latin-1, with the few characters it puts at 0x80–0x9F. */
function windows1252(text: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '™': 0x99 };
  return Buffer.from([...text].map((c) => high[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Decimal points as commas, where a cell is a number (the text around it stays). */
function decimalComma(cell: string): string {
  return EXCEL_NUMBER.test(cell) ? cell.replace('.', ',') : cell;
}

async function workbook(table: Table, cell: (text: string, column: string) => string | number | Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(table.header);
  for (const row of table.rows) sheet.addRow(row.map((text, i) => cell(text, table.header[i])));
  table.header.forEach((name, i) => {
    const first = table.rows.find((row) => dateOf(row[i] ?? '') !== null);
    if (first) sheet.getColumn(i + 1).numFmt = /:/.test(first[i]) ? 'm/d/yyyy h:mm' : 'm/d/yyyy';
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Columns in another order: reversed, then rotated, so no column keeps its place. */
function shuffled({ header, rows }: Table): Table {
  const order = header.map((_, i) => i).reverse();
  order.push(order.shift() as number);
  return { header: order.map((i) => header[i]), rows: rows.map((row) => order.map((i) => row[i] ?? '')) };
}

interface Form {
  name: string;
  extension: string;
  write(table: Table, original: Buffer): Buffer | Promise<Buffer>;
}

/** A form Excel saved: how it writes dates, and whether it writes numbers in General (at most 11 characters). */
interface ExcelForm extends Form {
  dates: 'm/d/yyyy' | 'day-first' | 'yyyy-mm-dd';
  general: boolean;
}

/** Forms that keep every cell's meaning: their report must be the plain CSV's, to the digit. */
const LOSSLESS: Form[] = [
  { name: 'CRLF and a BOM', extension: 'csv', write: (t) => Buffer.from(toCsv(t.header, t.rows, { lineEnd: '\r\n', bom: true })) },
  { name: 'every field quoted', extension: 'csv', write: (t) => Buffer.from(toCsv(t.header, t.rows, { quoting: 'always' })) },
  { name: 'columns shuffled', extension: 'csv', write: (t) => Buffer.from(toCsv(shuffled(t).header, shuffled(t).rows)) },
  {
    name: "PowerShell's Export-Csv (#TYPE line, every field quoted, CRLF)",
    extension: 'csv',
    write: (t) => Buffer.from(`#TYPE Microsoft.Store.PartnerCenter.Models.Invoices.InvoiceLineItem\r\n${toCsv(t.header, t.rows, { quoting: 'always', lineEnd: '\r\n' })}`),
  },
  { name: 'tab-separated (.tsv)', extension: 'tsv', write: (t) => Buffer.from(toCsv(t.header, t.rows, { delimiter: '\t' })) },
  { name: 'UTF-16LE tab-separated ("Unicode text")', extension: 'txt', write: (t) => utf16le(toCsv(t.header, t.rows, { delimiter: '\t', lineEnd: '\r\n' })) },
  { name: '; with decimal commas', extension: 'csv', write: (t) => Buffer.from(toCsv(t.header, t.rows.map((r) => r.map(decimalComma)), { delimiter: ';', lineEnd: '\r\n', bom: true })) },
  { name: 'gzip', extension: 'csv.gz', write: (_, original) => gzipSync(original) },
  { name: 'JSON lines', extension: 'jsonl', write: (t) => Buffer.from(jsonLines(t)) },
  { name: 'JSON lines, gzipped', extension: 'jsonl.gz', write: (t) => gzipSync(jsonLines(t)) },
  { name: 'JSON lines, camelCase keys (Graph)', extension: 'json', write: (t) => Buffer.from(jsonLines(t, (name) => name[0].toLowerCase() + name.slice(1))) },
];

/** Excel's "Save As": each cell as Excel holds it once it opened the CSV. */
const EXCEL: ExcelForm[] = [
  { name: 'Excel workbook (.xlsx)', extension: 'xlsx', dates: 'm/d/yyyy', general: false, write: (t) => workbook(t, excelCell) },
  { name: 'Excel CSV (US: General numbers, M/D/YYYY)', extension: 'csv', dates: 'm/d/yyyy', general: true, write: (t) => Buffer.from(toCsv(t.header, t.rows.map((r) => r.map((c) => excelSaved(c, false))), { lineEnd: '\r\n' })) },
  {
    name: 'Excel CSV (European: ;, decimal commas, d/m/yyyy)',
    extension: 'csv',
    dates: 'day-first',
    general: true,
    write: (t) => Buffer.from(toCsv(t.header, t.rows.map((r) => r.map((c) => decimalComma(excelSaved(c, true)))), { delimiter: ';', lineEnd: '\r\n' })),
  },
  {
    name: 'Excel CSV (Swedish: ;, decimal commas, yyyy-mm-dd)',
    extension: 'csv',
    dates: 'yyyy-mm-dd',
    general: true,
    write: (t) => Buffer.from(toCsv(t.header, t.rows.map((r) => r.map((c) => decimalComma(excelSaved(c, 'iso')))), { delimiter: ';', lineEnd: '\r\n' })),
  },
  {
    name: 'Excel CSV (Comma delimited): Windows-1252',
    extension: 'csv',
    dates: 'm/d/yyyy',
    general: true,
    write: (t) => windows1252(toCsv(t.header, t.rows.map((r) => r.map((c) => excelSaved(c, false))), { lineEnd: '\r\n' })),
  },
  {
    name: 'Excel Unicode text (UTF-16LE, tabs, General numbers)',
    extension: 'txt',
    dates: 'm/d/yyyy',
    general: true,
    write: (t) => utf16le(toCsv(t.header, t.rows.map((r) => r.map((c) => excelSaved(c, false))), { delimiter: '\t', lineEnd: '\r\n' })),
  },
];

interface Month {
  name: string;
  files: string[];
  config(): Promise<BillingConfig>;
  /** Usage amounts with more digits than Excel's General format writes. */
  cutByGeneral?: boolean;
  /** An id column of 16 digits or more, which Excel turns into a number. */
  longId?: string;
}

const MONTHS: Month[] = [
  {
    name: 'the bundled sample month',
    files: [join(SAMPLE, '2026-10', 'nce-invoice-G100000001.csv'), join(SAMPLE, '2026-10', 'daily-usage-G100000002.csv')],
    config: () => configIn(join(SAMPLE, 'config')),
    cutByGeneral: true,
  },
  { name: 'the billing fixtures', files: ['nce-invoice-2026-10.csv', 'nce-invoice-2026-11.csv'].map((f) => join(BILLING_FIXTURES, f)), config: () => configIn(BILLING_FIXTURES) },
  ...[
    'nce-invoice-2026-11-eur.csv',
    'nce-daily-usage-2026-11-eur.csv',
    'nce-invoice-2022-03-46-columns.csv',
    'nce-invoice-2026-10-graph-basic.csv',
    'legacy-license-2018-02-15.csv',
    'legacy-license-2019-03-15-2022-order.csv',
    'legacy-license-2017-06-12-2017-order.csv',
    'legacy-usage-2019-02-15-2022-order.csv',
    'legacy-usage-2017-05-15-2017-spellings.csv',
  ].map((file) => ({
    name: file,
    files: [join(FIXTURES, file)],
    config: () => configIn(BILLING_FIXTURES),
    cutByGeneral: file === 'nce-daily-usage-2026-11-eur.csv',
    longId: file === 'legacy-license-2017-06-12-2017-order.csv' ? 'OrderID' : undefined,
  })),
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'input-forms-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  json: string;
  problems: string[];
}

/** The report JSON of these files, with each file's name put back to the original's, and the rejected files' messages. */
async function bill(files: string[], names: Map<string, string>, config: BillingConfig): Promise<Outcome> {
  const { report, documents } = await runReport(files, { config, months: null });
  let json = JSON.stringify(reportToJson(report), null, 1);
  for (const [written, original] of names) json = json.split(JSON.stringify(written).slice(1, -1)).join(original);
  return { json, problems: documents.filter((d) => d.status === 'failed').map((d) => d.problem) };
}

async function writeForm(month: Month, form: Form, tag: string): Promise<{ files: string[]; names: Map<string, string> }> {
  const names = new Map<string, string>();
  const files: string[] = [];
  for (const file of month.files) {
    const original = readFileSync(file);
    const base = basename(file).replace(/\.csv$/, '');
    const name = `${base}.${tag}.${form.extension}`;
    const path = join(dir, name);
    writeFileSync(path, await form.write(readCsv(original.toString('utf8')), original));
    files.push(path);
    names.set(name, basename(file));
  }
  return { files, names };
}

/** Every amount in the JSON rounded to the cent, to compare forms Excel rounded past the cent. */
function toTheCent(json: string): string {
  return json.replace(/"(-?\d+\.\d{3,})"/g, (_, amount: string) => `"${Number(amount).toFixed(2)}"`);
}

describe.each(MONTHS)('$name', (month) => {
  let config: BillingConfig;
  let plain: Outcome;
  beforeAll(async () => {
    config = await month.config();
    plain = await bill(month.files, new Map(), config);
    expect(plain.problems).toEqual([]);
  });

  it.each(LOSSLESS.map((form, i) => [form.name, form, i] as const))('%s: the same report JSON', async (_, form, i) => {
    const { files, names } = await writeForm(month, form, `f${i}`);
    const got = await bill(files, names, config);
    expect(got.problems).toEqual([]);
    expect(got.json).toBe(plain.json);
  });

  EXCEL.forEach((form, i) => {
    const dayFirst = form.dates === 'day-first';
    it(`${form.name}: ${dayFirst ? 'refused: day and month swapped' : month.longId ? `refused: ${month.longId} lost its digits` : 'the same report JSON, to the cent'}`, async () => {
      const { files, names } = await writeForm(month, form, `x${i}`);
      const got = await bill(files, names, config);
      if (dayFirst || month.longId !== undefined) {
        const column = dayFirst ? '(ChargeStartDate|ChargeEndDate)' : month.longId;
        expect(got.problems).toHaveLength(files.length);
        got.problems.forEach((problem, f) => expect(problem).toMatch(new RegExp(`^${basename(files[f]).replace(/\./g, '\\.')}(, sheet Sheet1)?, row \\d+, column ${column}: `)));
        return;
      }
      expect(got.problems).toEqual([]);
      // Excel's General format writes at most 11 characters: a usage amount's digits past them are gone, not its cents.
      if (form.general && month.cutByGeneral) expect(toTheCent(got.json)).toBe(toTheCent(plain.json));
      else expect(got.json).toBe(plain.json);
    });
  });

  // Excel's CSV writes General's 10 or 11 characters where the plain CSV has more digits (163.0105982 for
  // 163.0105982400): its lines are matched by their ids, dates and resource, their amounts to the digits it keeps.
  [...LOSSLESS, ...EXCEL].forEach((form: Form & Partial<ExcelForm>, i) => {
    it(`${form.name}, given after the plain CSV, is skipped as its duplicate or refused`, async () => {
      const { files } = await writeForm(month, form, `d${i}`);
      const { documents } = await runReport([...month.files, ...files], { config, months: null });
      const later = documents.slice(month.files.length);
      expect(later.map((d) => `${d.fileName}: ${d.status === 'failed' ? 'duplicate' : d.status}`)).toEqual(later.map((d) => `${d.fileName}: duplicate`));
    });

    it(`the plain CSV, given after ${form.name}, is skipped as its duplicate`, async () => {
      const { files } = await writeForm(month, form, `r${i}`);
      const { documents } = await runReport([...files, ...month.files], { config, months: null });
      // A form refused (day and month swapped, an id's digits lost) lends no lines: the plain CSV is then billed.
      const expected = documents.slice(0, files.length).some((d) => d.status === 'failed') ? 'imported' : 'duplicate';
      const later = documents.slice(files.length);
      expect(later.map((d) => `${d.fileName}: ${d.status}`)).toEqual(later.map((d) => `${d.fileName}: ${expected}`));
    });
  });
});
