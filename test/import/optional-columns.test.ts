/**
 * Files that lack columns the formats read when present: Graph's "basic" export of the invoice file, files without a
 * meter or tax column, a legacy usage file without OverageQuantity, and PowerShell's Export-Csv with its "#TYPE" line.
 */
import { join } from 'node:path';
import { fixtureConfig } from '../helpers/billing-fixtures';
import { fixtureText, importFixture, importText } from '../helpers/byte-source';
import { costSum, lineAtRow } from '../helpers/lines';
import { readCsv, toCsv } from '../helpers/partner-center-files';
import { billFiles } from '../helpers/workbook-layout';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A fixture without some of its columns. */
function without(file: string, ...columns: string[]): string {
  const { header, rows } = readCsv(fixtureText(file));
  const keep = header.map((_, i) => i).filter((i) => !columns.includes(header[i]));
  return toCsv(keep.map((i) => header[i]), rows.map((row) => keep.map((i) => row[i])));
}

describe('the new commerce invoice file in Graph\'s "basic" column set (no MeterDescription, no SubscriptionDescription)', () => {
  const file = 'nce-invoice-2026-10-graph-basic.csv';

  it('takes lines of ProductCategory "Azure" for Azure plan usage, but not a reservation of that category', async () => {
    const { lines } = await importFixture(file);
    expect(lineAtRow(lines, 2).transactionType).toBe('cycle fee');
    // The reservation (ReservationOrderId set) is a purchase.
    expect(lineAtRow(lines, 3).transactionType).not.toBe('usage');
    expect(lines.slice(2).map((line) => line.transactionType)).toEqual(new Array(12).fill('usage'));
  });

  it('says its meters are not told apart, naming the missing column', async () => {
    const { document } = await importFixture(file);
    expect(document.warnings).toEqual([expect.stringMatching(/^12 Azure usage lines name no meter \(no MeterDescription\)/)]);
  });

  it('with the daily usage file of the same invoice, bills the usage once (the daily file left out)', async () => {
    const { report } = await billFiles(await fixtureConfig(), [join(FIXTURES, file), join(FIXTURES, 'daily-rated-usage-2026-10.csv')]);
    expect(report.reconciliation.usageLeftOut).toMatchObject([{ file: 'daily-rated-usage-2026-10.csv', billedIn: [file], wholeFile: true, lines: 132 }]);
    // 515.00 licence + 700.00 reservation + 3920.04 usage by meter.
    expect(report.cycles.map((cycle) => cycle.cost.toString())).toEqual(['5135.04']);
  });
});

describe('a daily usage file without MeterName', () => {
  it('keeps meters apart by MeterId', async () => {
    const full = readCsv(fixtureText('daily-rated-usage-2026-10.csv'));
    const { document, lines } = await importText('daily.csv', without('daily-rated-usage-2026-10.csv', 'MeterName'));
    expect(document.warnings).toEqual([]);
    const meterId = full.header.indexOf('MeterId');
    expect(lines.map((line) => line.meter)).toEqual(full.rows.map((row) => `${row[meterId]} (${row[full.header.indexOf('Unit')]})`));
  });
});

describe('a legacy usage file without OverageQuantity', () => {
  it('is refused, naming the column: ConsumedQuantity includes the free units', async () => {
    const { document } = await importText('usage.csv', without('legacy-usage-2019-02-15-2022-order.csv', 'OverageQuantity'));
    expect(document.status).toBe('failed');
    expect(document.problem).toBe('usage.csv, row 1: required column missing for a Legacy usage-based (Azure) reconciliation file: OverageQuantity');
  });
});

describe('a file without its tax column', () => {
  it('new commerce: tax is Total less Subtotal', async () => {
    const { lines } = await importText('november.csv', without('nce-invoice-2026-11-eur.csv', 'TaxTotal'));
    expect(String(lineAtRow(lines, 2).tax)).toBe('97.85');
    expect(costSum(lines)).toBe('2444.25');
  });

  it('legacy usage: tax is PostTaxTotal less PretaxCharges', async () => {
    const { lines } = await importText('usage.csv', without('legacy-usage-2019-02-15-2022-order.csv', 'TaxAmount'));
    expect(String(lineAtRow(lines, 2).tax)).toBe('8.96');
  });
});

describe("PowerShell's Export-Csv (a #TYPE line above the header)", () => {
  it('imports as the file without that line, rows keeping their numbers in the file', async () => {
    const plain = await importFixture('nce-invoice-2026-11-eur.csv');
    const exported = await importFixture('nce-invoice-2026-11-eur-powershell.csv');
    expect(exported.document).toMatchObject({ status: 'imported', format: 'nce-invoice', rowCount: 10, warnings: [] });
    expect(exported.lines.map((line) => ({ ...line, sourceFile: '', sourceRow: line.sourceRow - 1 }))).toEqual(plain.lines.map((line) => ({ ...line, sourceFile: '' })));
  });

  it("names a bad cell's row as the file numbers it", async () => {
    const text = fixtureText('nce-invoice-2026-11-eur-powershell.csv').split('\r\n');
    text[3] = text[3].replace('"EUR"', '"EU"');
    const { document } = await importText('export.csv', text.join('\r\n'));
    expect(document.problem).toMatch(/^export\.csv, row 4, column Currency: "EU" is not a currency code/);
  });
});
