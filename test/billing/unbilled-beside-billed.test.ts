/**
 * An unbilled ("recent activity") file beside the billed file of the same month: the estimates are left out where
 * billed files of the cycle bill every customer they name, so no charge is billed twice; the pane and the command
 * line both build the report through ReportBuilder, as here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BillingConfig } from '../../src/billing/config';
import { Decimal } from '../../src/billing/decimal';
import { ReportBuilder, type BillingReport } from '../../src/billing/report';
import { ImportSession } from '../../src/import/session';
import { byteSource } from '../helpers/billing-fixtures';
import { configOf } from '../helpers/billing-config';
import { readCsv, toCsv } from '../helpers/partner-center-files';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

/** Northwind's December: 96.00 + 72.00 − 37.20 + 31.00 = 161.80 USD, no invoice number, BillingFrequency blank. */
const UNBILLED = 'nce-invoice-unbilled-2026-12.csv';
const ESTIMATES = readCsv(fixture(UNBILLED));
const column = (name: string) => ESTIMATES.header.indexOf(name);

/** The unbilled file's rows, each changed as `change` says (column → value, or a function of the row's value). */
function rows(change: Record<string, string | ((value: string) => string)> = {}, from: string[][] = ESTIMATES.rows): string[][] {
  return from.map((row) => {
    const copy = [...row];
    for (const [name, to] of Object.entries(change)) copy[column(name)] = typeof to === 'function' ? to(copy[column(name)]) : to;
    return copy;
  });
}

/** The same charges billed: what the closed reconciliation file of the month holds. */
const billed = (invoice: string, from?: string[][]) => rows({ InvoiceNumber: invoice, BillingFrequency: 'Monthly' }, from);
const csv = (records: string[][]) => toCsv(ESTIMATES.header, records);

/** A M/D/YYYY date a month earlier (the days of these rows are in every month). */
const monthEarlier = (date: string) => {
  const [m, d, y] = date.split('/').map(Number);
  return m === 1 ? `12/${d}/${y - 1}` : `${m - 1}/${d}/${y}`;
};
const november = (from: string[][] = ESTIMATES.rows) => rows({ ChargeStartDate: monthEarlier, ChargeEndDate: monthEarlier }, from);

const FABRIKAM = rows({ CustomerId: '8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f', CustomerName: 'Fabrikam, Inc.', CustomerDomainName: 'fabrikam.onmicrosoft.com' }).slice(0, 1);

/** Imports files (name and text) in order through one import session, as the task pane and the command line do. */
async function reportOfFiles(files: Array<[string, string]>, config: BillingConfig = configOf()): Promise<BillingReport> {
  const session = new ImportSession();
  const builder = new ReportBuilder(config, { months: null, keepLines: true });
  for (const [name, text] of files) {
    const lines = builder.startDocument();
    const document = await session.importFile(name, byteSource(text), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay });
    builder.addDocument(document, lines);
  }
  return builder.build();
}

const costs = (report: BillingReport) => report.cycles.map((cycle) => [cycle.cycle.month, cycle.currency, cycle.cost.toString()]);
const bothOrders = <T>(files: T[]): T[][] => [files, [...files].reverse()];

describe('an unbilled invoice file beside the billed file of the same month', () => {
  it('is left out, in either order, so its charges are billed once from the billed file, and said naming both and the cost', async () => {
    for (const files of bothOrders<[string, string]>([
      [UNBILLED, fixture(UNBILLED)],
      ['december-G300000012.csv', csv(billed('G300000012'))],
    ])) {
      const report = await reportOfFiles(files);
      // 161.80 from the billed file; both were billed before (323.60).
      expect(costs(report)).toEqual([['2026-12', 'USD', '161.8']]);
      expect(report.cycles[0].documents).toEqual(['december-G300000012.csv']);
      expect(new Set(report.cycles[0].lines.map((row) => row.sourceFile))).toEqual(new Set(['december-G300000012.csv']));
      const r = report.reconciliation;
      expect(r.invoices.map((i) => [i.invoiceNumber, i.files, i.cost.toString()])).toEqual([['G300000012', ['december-G300000012.csv'], '161.8']]);
      expect(r.unbilledLeftOut).toEqual([{ file: UNBILLED, billedIn: ['december-G300000012.csv'], lines: 4, cost: { USD: Decimal.parse('161.8') } }]);
      expect(r.outsideRange).toEqual([]);
      expect(r.unlinkedTenants.map((t) => [t.name, t.lines, t.cost.toString()])).toEqual([['Northwind Traders', 4, '161.8']]);
      // Its import warning ("billed as they are") is not said of it: it is not billed.
      expect(r.warnings).toEqual([
        `${UNBILLED}: an unbilled (recent activity) file, its lines naming no invoice, beside december-G300000012.csv, which bills cycle 2026-12's charges for every customer it names: left out, so they are billed once (its 4 lines cost 161.80 USD as estimated; december-G300000012.csv bills those customers 161.80 USD)`,
      ]);
    }
  });

  it('is billed as it is alone, or beside billed files of other months or another currency', async () => {
    const alone = await reportOfFiles([[UNBILLED, fixture(UNBILLED)]]);
    expect(costs(alone)).toEqual([['2026-12', 'USD', '161.8']]);
    const warning = `${UNBILLED}: no line names an invoice: an unbilled (recent activity) file of estimates? Its lines are billed as they are; replace it with the invoice's file once that is out, never keep both`;
    expect(alone.reconciliation.warnings).toEqual([warning]);
    // October's invoice (other customers too), November's of the same customer, December's in euros.
    const others: Array<[string, string]> = [
      ['nce-invoice-2026-10.csv', fixture('nce-invoice-2026-10.csv')],
      ['november-G300000011.csv', csv(november(billed('G300000011')))],
      ['december-eur.csv', csv(rows({ Currency: 'EUR', PricingCurrency: 'EUR' }, billed('G300000013')))],
    ];
    for (const files of bothOrders<[string, string]>([[UNBILLED, fixture(UNBILLED)], ...others])) {
      const report = await reportOfFiles(files);
      expect(costs(report)).toEqual([
        ['2026-10', 'USD', '24088.54'],
        ['2026-11', 'USD', '161.8'],
        ['2026-12', 'EUR', '161.8'],
        ['2026-12', 'USD', '161.8'],
      ]);
      expect(report.reconciliation.unbilledLeftOut).toEqual([]);
      expect(report.reconciliation.warnings.filter((w) => w.startsWith(UNBILLED))).toEqual([warning]);
    }
  });

  it('is decided by the cycle it is billed in, where most of its charges start: charges of another month go with it', async () => {
    // One of its four charges starts in November: the file is billed in December's cycle all the same.
    const straddling = csv([...november(ESTIMATES.rows.slice(0, 1)), ...ESTIMATES.rows.slice(1)]);
    const besideNovember = await reportOfFiles([
      ['november-G300000011.csv', csv(november(billed('G300000011')))],
      [UNBILLED, straddling],
    ]);
    expect(costs(besideNovember)).toEqual([
      ['2026-11', 'USD', '161.8'],
      ['2026-12', 'USD', '161.8'],
    ]);
    expect(besideNovember.reconciliation.unbilledLeftOut).toEqual([]);
    const besideDecember = await reportOfFiles([
      [UNBILLED, straddling],
      ['december-G300000012.csv', csv(billed('G300000012'))],
    ]);
    expect(costs(besideDecember)).toEqual([['2026-12', 'USD', '161.8']]);
    expect(besideDecember.reconciliation.unbilledLeftOut).toMatchObject([{ file: UNBILLED, lines: 4 }]);
  });

  it('holding customers no billed file of the cycle names (another invoice or billing account?), is billed whole, naming those billed twice', async () => {
    // Northwind's 161.80 and Fabrikam's 96.00 estimated; the billed file holds Northwind's alone.
    const two = csv([...ESTIMATES.rows, ...FABRIKAM]);
    for (const files of bothOrders<[string, string]>([
      [UNBILLED, two],
      ['december-G300000012.csv', csv(billed('G300000012'))],
    ])) {
      const report = await reportOfFiles(files);
      expect(costs(report)).toEqual([['2026-12', 'USD', '419.6']]);
      expect(report.reconciliation.unbilledLeftOut).toEqual([]);
      expect(report.reconciliation.warnings).toContain(
        `${UNBILLED}: an unbilled (recent activity) file, its lines naming no invoice, beside december-G300000012.csv, which bills cycle 2026-12's charges for 1 of its 2 customers (Northwind Traders: 161.80 USD estimated, 161.80 USD billed): theirs are billed twice, as the file is billed whole for its other customers (Fabrikam, Inc.: 96.00 USD), whom no billed file of the cycle names; import their invoice's file (${UNBILLED} is then left out), or remove ${UNBILLED} if december-G300000012.csv is the cycle's whole invoice`,
      );
    }
    // Fabrikam's invoice file imported too: every customer is billed, and the estimates are left out.
    const all = await reportOfFiles([
      [UNBILLED, two],
      ['december-G300000012.csv', csv(billed('G300000012'))],
      ['december-G300000014.csv', csv(billed('G300000014', FABRIKAM))],
    ]);
    expect(costs(all)).toEqual([['2026-12', 'USD', '257.8']]);
    expect(all.reconciliation.unbilledLeftOut).toEqual([{ file: UNBILLED, billedIn: ['december-G300000012.csv', 'december-G300000014.csv'], lines: 5, cost: { USD: Decimal.parse('257.8') } }]);
  });

  it("is billed where the billed file holds a customer's Azure meters alone, not the licences it estimates (those may be on another invoice)", async () => {
    // The billed file: one Azure plan meter of Northwind's, 10.00. The unbilled file: Northwind's licences, 161.80.
    const meter = rows({ InvoiceNumber: 'G300000013', ProductId: 'DZH318Z0BQ3Q', SkuId: '0001', ProductName: 'Azure plan', SubscriptionDescription: 'Azure plan', MeterDescription: 'Virtual Machines D2 v3', ChargeType: 'new', UnitPrice: '0.10', Quantity: '100', BillableQuantity: '100', EffectiveUnitPrice: '0.10', Subtotal: '10.00', Total: '10.00', TermAndBillingCycle: '', BillingFrequency: '' }).slice(0, 1);
    for (const files of bothOrders<[string, string]>([
      [UNBILLED, fixture(UNBILLED)],
      ['december-G300000013.csv', csv(meter)],
    ])) {
      const report = await reportOfFiles(files);
      expect(costs(report)).toEqual([['2026-12', 'USD', '171.8']]);
      expect(report.reconciliation.unbilledLeftOut).toEqual([]);
      expect(report.reconciliation.warnings.filter((w) => w.startsWith(`${UNBILLED}: an unbilled`))).toEqual([]);
    }
  });

  it('outside the selected cycles and left out, is not listed as outside them', async () => {
    const session = new ImportSession();
    const builder = new ReportBuilder(configOf(), { months: new Set(['2026-11']) });
    for (const [name, text] of [
      [UNBILLED, fixture(UNBILLED)],
      ['december-G300000012.csv', csv(billed('G300000012'))],
    ]) {
      const lines = builder.startDocument();
      builder.addDocument(await session.importFile(name, byteSource(text), (line) => lines.add(line)), lines);
    }
    expect(builder.build().reconciliation.outsideRange.map((o) => o.file)).toEqual(['december-G300000012.csv']);
  });
});
