/**
 * The reconciliation: proof that the cost ties to Microsoft's invoices, and everything the accountant must look at
 * before sending invoices (unlinked tenants, unpriced products, duplicates, files outside the range or rejected).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BillingConfig } from '../../src/billing/config';
import { ReportBuilder, type BillingReport } from '../../src/billing/report';
import { ImportSession } from '../../src/import/session';
import { Decimal } from '../../src/billing/decimal';
import { configOf, importedDocument, reportOf } from '../helpers/billing-config';
import { savedByExcel } from '../helpers/excel-saved';
import { billingFixture, byteSource } from '../helpers/billing-fixtures';
import { AZURE_PLAN, azureUsageLine, EXCHANGE_PLAN_1, FABRIKAM, M365_BUSINESS_STANDARD, NORTHWIND, nceLine } from '../helpers/billing-lines';

const OCTOBER = readFileSync(billingFixture('nce-invoice-2026-10.csv'), 'utf8');
const NOVEMBER = readFileSync(billingFixture('nce-invoice-2026-11.csv'), 'utf8');

const CUSTOMERS = `Customer ID,Organization,Markup %,Billable
${NORTHWIND},Northwind Traders,,Yes
${FABRIKAM},Fabrikam,,Yes`;

/** Imports files (name and text) in order through one import session, as the task pane and the command line do. */
async function reportOfFiles(config: BillingConfig, files: Array<[string, string | Uint8Array]>, months: ReadonlySet<string> | null = null): Promise<BillingReport> {
  const session = new ImportSession();
  const builder = new ReportBuilder(config, { months });
  for (const [name, text] of files) {
    const lines = builder.startDocument();
    const document = await session.importFile(name, byteSource(text), (line) => lines.add(line), { cycleEndDay: config.settings.cycleEndDay });
    builder.addDocument(document, lines);
  }
  return builder.build();
}

const invoicesTable = (rows: string) => configOf({ Customers: CUSTOMERS, Invoices: `Invoice number,Billing date,Microsoft total\n${rows}` });

describe('each Microsoft invoice against the total entered for it', () => {
  const lines = [nceLine({ cost: '100.00', tax: '21.00', total: '121.00' }), nceLine({ cost: '50.005', tax: '0', total: '50.005', subscriptionId: 'b' })];

  it('ties when our total, rounded to the cent, equals the Microsoft total', () => {
    const [invoice] = reportOf(invoicesTable('G100000001,,171.01'), [{ lines }]).reconciliation.invoices;
    expect(invoice).toMatchObject({ invoiceNumber: 'G100000001', cycleMonth: '2026-10', currency: 'USD', lines: 2, status: 'ties', statusText: 'ties to the Microsoft invoice' });
    expect([invoice.cost, invoice.tax, invoice.total, invoice.microsoftTotal, invoice.difference].map(String)).toEqual(['150.005', '21', '171.005', '171.01', '0']);
  });

  it('compares the Microsoft total as the invoice shows it: one typed with a third decimal ties, not "differs by 0.00"', () => {
    const { invoices, cycles } = reportOf(invoicesTable('G100000001,,171.006'), [{ lines }]).reconciliation;
    expect(invoices[0]).toMatchObject({ status: 'ties', statusText: 'ties to the Microsoft invoice' });
    expect([invoices[0].microsoftTotal, cycles[0].microsoftTotal, cycles[0].difference].map(String)).toEqual(['171.01', '171.01', '0']);
  });

  it('differs by the amount our total is above (or below) the Microsoft total', () => {
    const [above] = reportOf(invoicesTable('G100000001,,170.98'), [{ lines }]).reconciliation.invoices;
    expect(above).toMatchObject({ status: 'differs', statusText: 'differs by 0.03 USD' });
    expect(above.difference!.toString()).toBe('0.03');
    const [below] = reportOf(invoicesTable('G100000001,,171.11'), [{ lines }]).reconciliation.invoices;
    expect(below.statusText).toBe('differs by -0.10 USD');
  });

  it("says when the difference is the invoice's tax (its subtotal typed for its total) or a credit note's minus sign left off", () => {
    const [subtotal] = reportOf(invoicesTable('G100000001,,150.01'), [{ lines }]).reconciliation.invoices;
    expect(subtotal).toMatchObject({ status: 'differs', statusText: "differs by 21.00 USD, its tax: the Microsoft total is the invoice's subtotal before tax (171.01 with it)" });
    const credit = [nceLine({ cost: '-56.37', tax: '-2.60', total: '-58.97' })];
    const [unsigned] = reportOf(invoicesTable('G100000001,,58.97'), [{ lines: credit }]).reconciliation.invoices;
    expect(unsigned).toMatchObject({ status: 'differs', statusText: 'differs by -117.94 USD: a credit note, whose Microsoft total is negative, typed without its minus sign?' });
    // Other differences are said as they are.
    const [other] = reportOf(invoicesTable('G100000001,,150.00'), [{ lines }]).reconciliation.invoices;
    expect(other.statusText).toBe('differs by 21.01 USD');
  });

  it('says so when no Microsoft total is entered for the invoice', () => {
    for (const config of [invoicesTable('G100000001,10/31/2026,'), configOf()]) {
      const [invoice] = reportOf(config, [{ lines }]).reconciliation.invoices;
      expect(invoice).toMatchObject({ status: 'no Microsoft total', statusText: 'no invoice total entered yet', microsoftTotal: null, difference: null });
    }
  });

  it("an invoice whose lines come in two files is checked once, with both files' lines", () => {
    const report = reportOf(invoicesTable('G100000001,,171.01'), [{ lines: [lines[0]], document: { fileName: 'part-1.csv' } }, { lines: [lines[1]], document: { fileName: 'part-2.csv' } }]);
    expect(report.reconciliation.invoices).toHaveLength(1);
    expect(report.reconciliation.invoices[0]).toMatchObject({ files: ['part-1.csv', 'part-2.csv'], lines: 2, status: 'ties' });
  });

  it('a line without a Total column counts its cost plus tax', () => {
    const [invoice] = reportOf(invoicesTable('G100000001,,12.10'), [{ lines: [nceLine({ cost: '10.00', tax: '2.10', total: null })] }]).reconciliation.invoices;
    expect(invoice.status).toBe('ties');
  });

  it("a line whose TaxTotal cell is blank beside its Total counts what the total holds beyond the cost as its tax", () => {
    // 2.10 of the 12.10 was summed as no tax: Cost 60.00 + Tax 10.50 against a Total of 72.60 on the Reconciliation.
    const blank = [nceLine({ cost: '50.00', tax: '10.50', total: '60.50' }), nceLine({ cost: '10.00', tax: null, total: '12.10', subscriptionId: 'b' })];
    const [invoice] = reportOf(invoicesTable('G100000001,,72.60'), [{ lines: blank }]).reconciliation.invoices;
    expect([invoice.cost, invoice.tax, invoice.total].map(String)).toEqual(['60', '12.6', '72.6']);
    expect(invoice.status).toBe('ties');
  });

  it('a Microsoft total typed with its currency ties where that is the invoice\'s, and is not compared where it is another\'s', () => {
    const [dollars] = reportOf(invoicesTable('G100000001,,$171.01'), [{ lines }]).reconciliation.invoices;
    expect(dollars).toMatchObject({ status: 'ties', currency: 'USD' });
    const { invoices, cycles, warnings } = reportOf(invoicesTable('G100000001,,€171.01'), [{ lines }]).reconciliation;
    expect(invoices[0]).toMatchObject({
      status: 'cannot tie',
      statusText: 'cannot be tied: it is in USD, but its Microsoft total (invoices.csv (Invoices table), row 2) is typed in EUR',
      microsoftTotal: null,
      difference: null,
    });
    expect(cycles[0]).toMatchObject({ status: 'cannot tie', microsoftTotal: null, difference: null, statusText: `invoice G100000001 ${invoices[0].statusText}` });
    expect(warnings).toContain(
      "invoice G100000001 is in USD, but its Microsoft total (invoices.csv (Invoices table), row 2) is typed in EUR: it is not compared; type the total of Microsoft's invoice in USD",
    );
  });

  it('one invoice billed in two currencies is said to be so, and not tied to its one Microsoft total in each currency', () => {
    const euros = [nceLine({ invoiceNumber: 'G397236329', currency: 'EUR', cost: '3135.21', tax: '0', total: '3135.21' })];
    const dollars = [nceLine({ invoiceNumber: 'G397236329', cost: '20953.33', tax: '0', total: '20953.33', customerId: FABRIKAM })];
    const { invoices, cycles, warnings } = reportOf(invoicesTable('G397236329,2026-10-31,24088.54'), [{ lines: [...euros, ...dollars], document: { fileName: 'two-currencies.csv' } }]).reconciliation;
    const statusText = 'cannot be tied: it is billed in EUR and USD, and a Microsoft invoice has one currency';
    expect(invoices.map((i) => [i.currency, i.status, i.statusText, i.microsoftTotal, i.difference])).toEqual([
      ['EUR', 'cannot tie', statusText, null, null],
      ['USD', 'cannot tie', statusText, null, null],
    ]);
    expect(cycles.map((c) => [c.currency, c.status, c.statusText, c.microsoftTotal, c.difference])).toEqual([
      ['EUR', 'cannot tie', `invoice G397236329 ${statusText}`, null, null],
      ['USD', 'cannot tie', `invoice G397236329 ${statusText}`, null, null],
    ]);
    expect(warnings).toContain(
      "invoice G397236329 has lines in EUR and USD (two-currencies.csv): a Microsoft invoice is in one currency, so its lines are not tied to its Microsoft total; check the files' Currency column",
    );
  });

  it('a legacy file without invoice numbers is checked as one invoice per file, named after the file', () => {
    const report = reportOf(configOf(), [{ lines: [nceLine({ invoiceNumber: '', format: 'legacy-license' })], document: { fileName: 'legacy-2018-02.csv' } }]);
    expect(report.reconciliation.invoices.map((i) => [i.invoiceNumber, i.files])).toEqual([['', ['legacy-2018-02.csv']]]);
  });
});

describe("the cycle's cost against its invoices", () => {
  it('adds up the invoices of the cycle and compares them with the Microsoft totals entered', async () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,,293.90\nG100000002,,170.00' });
    const report = await reportOfFiles(config, [
      ['october.csv', OCTOBER],
      ['november.csv', NOVEMBER],
    ]);
    expect(report.reconciliation.cycles.map((c) => [c.cycleMonth, c.currency, String(c.cost), String(c.invoicesTotal), String(c.microsoftTotal), String(c.difference)])).toEqual([
      ['2026-10', 'USD', '293.9', '293.9', '293.9', '0'],
      ['2026-11', 'USD', '170', '170', '170', '0'],
    ]);
  });

  it('has no Microsoft total while any invoice of the cycle lacks one', () => {
    const report = reportOf(invoicesTable('G1,,10.00'), [{ lines: [nceLine({ invoiceNumber: 'G1', cost: '10.00' }), nceLine({ invoiceNumber: 'G2', cost: '5.00' })] }]);
    expect(report.reconciliation.cycles[0]).toMatchObject({ microsoftTotal: null, difference: null, status: 'no Microsoft total', statusText: 'a Microsoft total is not entered for every invoice yet' });
    expect(report.reconciliation.cycles[0].invoicesTotal.toString()).toBe('15');
  });

  it("adds up the invoices' totals as each invoice shows them, rounded: two of 10.004 and one of 146 are 166.00, and tie", () => {
    const lines = [
      nceLine({ invoiceNumber: 'G1', cost: '146.00' }),
      nceLine({ invoiceNumber: 'G2', cost: '10.004', subscriptionId: 'b' }),
      nceLine({ invoiceNumber: 'G3', cost: '10.004', subscriptionId: 'c' }),
    ];
    const [cycle] = reportOf(invoicesTable('G1,,146.00\nG2,,10.00\nG3,,10.00'), [{ lines }]).reconciliation.cycles;
    // The cost stays exact; the invoices' total is what Microsoft's three invoices add up to, and less their total is the difference.
    expect([cycle.cost, cycle.invoicesTotal, cycle.microsoftTotal, cycle.difference].map(String)).toEqual(['166.008', '166', '166', '0']);
    expect(cycle.invoicesTotal.minus(cycle.microsoftTotal!).equals(cycle.difference!)).toBe(true);
    expect(cycle).toMatchObject({ status: 'ties' });
  });

  it("lists a month's invoices by currency, then number: each cycle's invoices are one block", () => {
    const lines = [
      nceLine({ invoiceNumber: 'G1', cost: '10.00' }),
      nceLine({ invoiceNumber: 'G2', currency: 'EUR', cost: '9.00', subscriptionId: 'eur' }),
      nceLine({ invoiceNumber: 'G3', cost: '5.00', subscriptionId: 'c' }),
    ];
    const { invoices } = reportOf(invoicesTable('G1,,10.00'), [{ lines }]).reconciliation;
    expect(invoices.map((i) => [i.invoiceNumber, i.currency])).toEqual([
      ['G2', 'EUR'],
      ['G1', 'USD'],
      ['G3', 'USD'],
    ]);
  });

  it('shows the difference when the invoices do not tie', () => {
    const report = reportOf(invoicesTable('G1,,10.00\nG2,,4.90'), [{ lines: [nceLine({ invoiceNumber: 'G1', cost: '10.00' }), nceLine({ invoiceNumber: 'G2', cost: '5.00' })] }]);
    expect(report.reconciliation.cycles[0].difference!.toString()).toBe('0.1');
    expect(report.reconciliation.cycles[0]).toMatchObject({ status: 'differs', statusText: 'differs from the Microsoft invoices by 0.10 USD' });
  });

  it('does not tie while an invoice the Invoices table dates in the cycle was never imported: it names the invoice', () => {
    const lines = [nceLine({ invoiceNumber: 'G1', cost: '10.00' })];
    const report = reportOf(invoicesTable('G1,10/31/2026,10.00\nG9,10/15/2026,120.00\nG8,,55.00\nG7,8/31/2026,10.00'), [{ lines }]);
    // The invoice imported ties; the cycle does not, short of a whole invoice. An undated one is in no cycle: a warning only.
    expect(report.reconciliation.invoices.map((i) => i.status)).toEqual(['ties']);
    expect(report.reconciliation.cycles[0]).toMatchObject({
      missingInvoices: ['G9'],
      status: 'invoice missing',
      statusText: 'invoice G9 is missing: the Invoices table dates it in this cycle, and no imported file holds it',
    });
    expect(report.reconciliation.cycles[0].difference!.toString()).toBe('0');
    const two = reportOf(invoicesTable('G1,10/31/2026,10.00\nG9,10/15/2026,120.00\nG8,10/1/2026,55.00'), [{ lines }]);
    expect(two.reconciliation.cycles[0].statusText).toBe('invoices G9, G8 are missing: the Invoices table dates them in this cycle, and no imported file holds them');
    const all = reportOf(invoicesTable('G1,10/31/2026,10.00\nG8,,55.00\nG7,8/31/2026,10.00'), [{ lines }]);
    expect(all.reconciliation.cycles[0]).toMatchObject({ missingInvoices: [], status: 'ties', statusText: 'ties to the Microsoft invoices' });
  });

  describe('an invoice whose files are billed in two cycles (parts whose charges lie mostly in two months, the invoice undated)', () => {
    const OCTOBER_31 = Date.UTC(2026, 9, 31);
    const NOVEMBER_30 = Date.UTC(2026, 10, 30);
    const parts = [
      { lines: [nceLine({ invoiceNumber: 'G30', cost: '40.00' })], document: { fileName: 'part-1.csv', billingDate: NOVEMBER_30, inferredBillingDate: NOVEMBER_30 } },
      { lines: [nceLine({ invoiceNumber: 'G30', cost: '5.00', subscriptionId: 'late' })], document: { fileName: 'part-2.csv', billingDate: OCTOBER_31, inferredBillingDate: OCTOBER_31 } },
    ];

    it('is a row in each cycle, holding that cycle\'s part: neither part nor cycle ties to the whole invoice\'s Microsoft total', () => {
      const { invoices, cycles, warnings } = reportOf(invoicesTable('G30,,45.00'), parts).reconciliation;
      expect(invoices.map((i) => [i.invoiceNumber, i.cycleMonth, String(i.total), i.status, i.microsoftTotal])).toEqual([
        ['G30', '2026-10', '5', 'cannot tie', null],
        ['G30', '2026-11', '40', 'cannot tie', null],
      ]);
      expect(invoices[0].statusText).toBe('cannot be tied: its files are in cycles 2026-10 (part-2.csv) and 2026-11 (part-1.csv)');
      // Each cycle's invoices add up to its cost; no cycle claims to tie (a cycle of 5.00 once tied to no invoice at all).
      expect(cycles.map((c) => [c.cycleMonth, String(c.cost), String(c.invoicesTotal), c.status, c.difference])).toEqual([
        ['2026-10', '5', '5', 'cannot tie', null],
        ['2026-11', '40', '40', 'cannot tie', null],
      ]);
      expect(warnings).toContain(
        "invoice G30 has files in cycles 2026-10 (part-2.csv) and 2026-11 (part-1.csv): no cycle's part of it can be tied to its Microsoft total, which is the whole invoice's; date the invoice in the Invoices table to bill its files in one cycle",
      );
    });

    it('a part outside the selected cycles is named, rather than the reported part said to differ by it', () => {
      const { invoices, cycles } = reportOf(invoicesTable('G30,,45.00'), parts, { months: new Set(['2026-11']) }).reconciliation;
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ status: 'cannot tie', statusText: 'cannot be tied: its files are in cycles 2026-10 (part-2.csv, outside the selected cycles) and 2026-11 (part-1.csv)' });
      expect(cycles[0]).toMatchObject({ cycleMonth: '2026-11', status: 'cannot tie' });
    });

    it('ties as one invoice once the Invoices table dates it, which bills both files in one cycle', () => {
      const { invoices, cycles, warnings } = reportOf(invoicesTable('G30,11/30/2026,45.00'), parts).reconciliation;
      expect(invoices.map((i) => [i.cycleMonth, String(i.total), i.status])).toEqual([['2026-11', '45', 'ties']]);
      expect(cycles.map((c) => c.status)).toEqual(['ties']);
      expect(warnings.filter((w) => w.includes('has files in'))).toEqual([]);
    });
  });

  it('names a missing invoice under the currency its Microsoft total was typed in, in a month of two currencies; under each without one', () => {
    const lines = [nceLine({ invoiceNumber: 'G1', cost: '10.00' }), nceLine({ invoiceNumber: 'G2', currency: 'EUR', cost: '9.00', subscriptionId: 'eur' })];
    const missing = (table: string) => reportOf(invoicesTable(table), [{ lines }]).reconciliation.cycles.map((c) => [c.currency, c.missingInvoices]);
    expect(missing('G9,10/15/2026,€120.00')).toEqual([
      ['EUR', ['G9']],
      ['USD', []],
    ]);
    expect(missing('G9,10/15/2026,120.00')).toEqual([
      ['EUR', ['G9']],
      ['USD', ['G9']],
    ]);
  });
});

describe('what needs the accountant’s attention', () => {
  it('tenants that are not in the Customers table, with their lines and cost, largest first', () => {
    const report = reportOf(configOf({ Customers: CUSTOMERS }), [
      {
        lines: [
          nceLine({ customerId: NORTHWIND }),
          nceLine({ customerId: 'tenant-a', customerName: 'Adatum', cost: '5.00' }),
          nceLine({ customerId: 'tenant-b', customerName: 'Litware', cost: '8.00' }),
          nceLine({ customerId: 'tenant-b', customerName: 'Litware', cost: '9.00', subscriptionId: 'b' }),
        ],
      },
    ]);
    expect(report.reconciliation.unlinkedTenants.map((t) => [t.name, t.lines, t.cost.toString(), t.currency])).toEqual([
      ['Litware', 2, '17', 'USD'],
      ['Adatum', 1, '5', 'USD'],
    ]);
  });

  it('products priced by nothing but the default markup, with their lines, cost and number of customers', () => {
    const config = configOf({ Customers: CUSTOMERS, Prices: `Product ID,SKU ID,Sales price\n${EXCHANGE_PLAN_1},,5.00` });
    const report = reportOf(config, [
      {
        lines: [
          nceLine({ productId: EXCHANGE_PLAN_1 }),
          nceLine({ customerId: NORTHWIND, cost: '12.50' }),
          nceLine({ customerId: FABRIKAM, cost: '25.00' }),
          nceLine({ customerId: FABRIKAM, skuId: '0003', skuName: 'Other SKU', cost: '1.00' }),
        ],
      },
    ]);
    expect(report.reconciliation.unpricedProducts.map((p) => [p.productId, p.skuId, p.lines, p.customers, p.cost.toString()])).toEqual([
      ['CFQ7TTC0LCHC', '0002', 2, 2, '37.5'],
      ['CFQ7TTC0LCHC', '0003', 1, 1, '1'],
    ]);
  });

  it('duplicate lines dropped: a line already imported from an earlier file is billed once and listed', async () => {
    const [header, first, second] = OCTOBER.split('\r\n');
    const extra = NOVEMBER.split('\r\n')[1];
    const report = await reportOfFiles(configOf(), [
      ['october.csv', OCTOBER],
      ['october-again-partly.csv', [header, first, second, extra, ''].join('\r\n')],
    ]);
    expect(report.reconciliation.duplicates).toEqual([{ file: 'october-again-partly.csv', lines: 2, cost: { USD: expect.anything() }, duplicateOf: ['october.csv'], wholeFile: false }]);
    expect(report.reconciliation.duplicates[0].cost.USD.toString()).toBe('60.5');
    // October's 293.90 once, plus the one new line (150.00); the second file is billed in October too, the month
    // most of its charges start in.
    expect(report.cycles.map((c) => [c.cycle.month, c.cost.toString()])).toEqual([['2026-10', '443.9']]);
  });

  it('a file whose every line was imported already is skipped as a whole and listed', async () => {
    const report = await reportOfFiles(configOf(), [
      ['october.csv', OCTOBER],
      ['october (1).csv', OCTOBER],
    ]);
    expect(report.reconciliation.duplicates).toMatchObject([{ file: 'october (1).csv', lines: 8, duplicateOf: ['october.csv'], wholeFile: true }]);
    expect(report.cycles.map((c) => c.cost.toString())).toEqual(['293.9']);
  });

  it('files outside the selected range, with their billing date, cycle, lines and cost', async () => {
    const report = await reportOfFiles(
      configOf(),
      [
        ['october.csv', OCTOBER],
        ['november.csv', NOVEMBER],
      ],
      new Set(['2026-10']),
    );
    expect(report.cycles.map((c) => c.cycle.month)).toEqual(['2026-10']);
    expect(report.reconciliation.outsideRange).toEqual([
      { file: 'november.csv', billingDate: Date.UTC(2026, 10, 30), billingDateFromInvoice: null, cycleMonth: '2026-11', lines: 2, cost: { USD: expect.anything() } },
    ]);
    expect(report.reconciliation.outsideRange[0].cost.USD.toString()).toBe('170');
  });

  it("a file outside the range by the Invoices table's date shows that date, and the invoice it came from, not the file's own", () => {
    const report = reportOf(invoicesTable('G100000001,12/5/2026,'), [{ lines: [nceLine()], document: { fileName: 'october.csv' } }], { months: new Set(['2026-10']) });
    expect(report.reconciliation.outsideRange).toMatchObject([{ file: 'october.csv', billingDate: Date.UTC(2026, 11, 5), billingDateFromInvoice: 'G100000001', cycleMonth: '2026-12' }]);
  });

  it('files that could not be read, each with its one-line reason', async () => {
    const report = await reportOfFiles(configOf(), [
      ['october.csv', OCTOBER],
      ['bank-statement.csv', 'Date,Description,Amount\r\n2026-10-01,Office rent,1200.00\r\n'],
      ['bad-row.csv', OCTOBER.replace('125.00,0,125.00', '12,5x,0,125.00')],
    ]);
    expect(report.reconciliation.failedFiles).toHaveLength(2);
    expect(report.reconciliation.failedFiles[0]).toMatch(/^bank-statement\.csv, row 1: not a Partner Center reconciliation file/);
    expect(report.reconciliation.failedFiles[1]).toMatch(/^bad-row\.csv, row 2/);
    expect(report.cycles.map((c) => c.cost.toString())).toEqual(['293.9']);
  });

  it('warns about an invoice in the Invoices table that is not in the imported files', () => {
    const report = reportOf(invoicesTable('G100000001,,12.50\nG999999999,,10.00'), [{ lines: [nceLine()] }]);
    expect(report.reconciliation.warnings).toEqual(['invoice G999999999 (invoices.csv (Invoices table), row 3) is not in the imported files of the reported cycles']);
  });

  it("does not warn about other months' invoices the table keeps, only about those dated in a reported cycle", () => {
    const table = invoicesTable('G100000001,,12.50\nG090000001,9/30/2026,10.00\nG110000001,11/30/2026,10.00\nG100000002,10/31/2026,10.00');
    const report = reportOf(table, [{ lines: [nceLine()] }]);
    expect(report.cycles.map((c) => c.cycle.month)).toEqual(['2026-10']);
    expect(report.reconciliation.warnings).toEqual(['invoice G100000002 (invoices.csv (Invoices table), row 5) is not in the imported files of the reported cycles']);
  });

  it("warns when the Invoices table's date moves a file to another cycle than its charges point to, saying where the date lies in its billing period", () => {
    // After the period: the invoice's own date typed in.
    const moved = reportOf(invoicesTable('G100000001,11/5/2026,'), [{ lines: [nceLine()] }]);
    expect(moved.cycles.map((c) => c.cycle.month)).toEqual(['2026-11']);
    expect(moved.reconciliation.warnings).toEqual([
      "file-1.csv: the Invoices table dates invoice G100000001 2026-11-05 (invoices.csv (Invoices table), row 2), in cycle 2026-11, after its billing period (2026-10-01 to 2026-10-31), which its charges put in cycle 2026-10: is that the invoice's date rather than a day of its billing period?",
    ]);
    // Before the period: not an invoice's date; a day and month read the wrong way round, say.
    expect(reportOf(invoicesTable('G100000001,9/10/2026,'), [{ lines: [nceLine()] }]).reconciliation.warnings).toEqual([
      'file-1.csv: the Invoices table dates invoice G100000001 2026-09-10 (invoices.csv (Invoices table), row 2), in cycle 2026-09, before its billing period (2026-10-01 to 2026-10-31), which its charges put in cycle 2026-10: is the date right (day and month the wrong way round)?',
    ]);
    // A day of the period that the cycle end day puts in another cycle than the period's last day: no mistake to ask about.
    const split = configOf({ Settings: 'Setting,Value\nCycle end day,15', Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,10/10/2026,' });
    expect(reportOf(split, [{ lines: [nceLine()] }]).reconciliation.warnings).toEqual([
      "file-1.csv: the Invoices table dates invoice G100000001 2026-10-10 (invoices.csv (Invoices table), row 2), in cycle 2026-10, a day of its billing period (2026-10-01 to 2026-10-31), which the cycle end day splits: the file's own date, 2026-10-31, would bill it in cycle 2026-11",
    ]);
    // A day of the billing period, or the user's own date on the file: nothing to say.
    expect(reportOf(invoicesTable('G100000001,10/15/2026,'), [{ lines: [nceLine()] }]).reconciliation.warnings).toEqual([]);
    const overridden = reportOf(invoicesTable('G100000001,11/5/2026,'), [{ lines: [nceLine()], document: { billingDate: Date.UTC(2026, 10, 30), billingDateOverridden: true } }]);
    expect(overridden.reconciliation.warnings).toEqual([]);
  });

  it("under cycle end day 28, a common year's February invoice dated by its last day is said to be a day of February, which the 28th splits from March 1st, its own date", () => {
    const config = configOf({ Settings: 'Setting,Value\nCycle end day,28', Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,2/28/2027,' });
    const march1 = Date.UTC(2027, 2, 1);
    const report = reportOf(config, [{ lines: [nceLine({ cost: '10.00' })], document: { billingDate: march1, inferredBillingDate: march1 } }]);
    expect(report.reconciliation.warnings).toContain(
      "file-1.csv: the Invoices table dates invoice G100000001 2027-02-28 (invoices.csv (Invoices table), row 2), in cycle 2027-02, a day of its billing period (2027-02-01 to 2027-02-28), which the cycle end day splits: the file's own date, 2027-03-01, would bill it in cycle 2027-03",
    );
  });

  it('warns when the Invoices table dates the invoices of one file in two cycles: the file is billed whole in the first one\'s', () => {
    const lines = [nceLine({ invoiceNumber: 'G40', cost: '20.00' }), nceLine({ invoiceNumber: 'G41', cost: '30.00', subscriptionId: 'b' })];
    const report = reportOf(invoicesTable('G40,10/31/2026,20.00\nG41,11/30/2026,30.00'), [{ lines, document: { fileName: 'two-invoices.csv' } }]);
    expect(report.cycles.map((c) => [c.cycle.month, String(c.cost)])).toEqual([['2026-10', '50']]);
    expect(report.reconciliation.warnings).toEqual([
      "two-invoices.csv: the Invoices table dates its invoices in different cycles, G40 in 2026-10 and G41 in 2026-11 (invoices.csv (Invoices table), row 3); a file is billed whole in one cycle, so it is billed in 2026-10, by the date of G40: correct the dates, or give each invoice's lines a file of its own",
    ]);
    // Dated alike, or the second undated: nothing to say.
    expect(reportOf(invoicesTable('G40,10/31/2026,20.00\nG41,10/15/2026,30.00'), [{ lines }]).reconciliation.warnings).toEqual([]);
    expect(reportOf(invoicesTable('G40,10/31/2026,20.00\nG41,,30.00'), [{ lines }]).reconciliation.warnings).toEqual([]);
  });

  it('the workbook Excel saved from a CSV (numbers written 26.4, not 26.40) is the same lines again: billed once', async () => {
    const report = await reportOfFiles(configOf(), [
      ['october.csv', OCTOBER],
      ['october.xlsx', await savedByExcel(OCTOBER)],
      ['november.csv', NOVEMBER],
    ]);
    const invoice = report.reconciliation.invoices.find((i) => i.cycleMonth === '2026-10')!;
    expect(invoice.files).toEqual(['october.csv']);
    expect(report.reconciliation.duplicates).toEqual([expect.objectContaining({ file: 'october.xlsx', duplicateOf: ['october.csv'], wholeFile: true })]);
    expect(report.reconciliation.warnings).toEqual(['october.xlsx: same lines as october.csv, imported already: skipped']);
  });

  it("leaves out a daily usage file whose invoice's Azure usage the invoice file bills by meter: the usage is billed once", () => {
    const meter = { invoiceNumber: 'G200000003', quantity: '58', unitPrice: '0.096' };
    const inBoth = [
      { lines: [nceLine({ invoiceNumber: 'G200000003', cost: '100.00' }), azureUsageLine({ ...meter, cost: '5.29' })], document: { fileName: 'invoice.csv', format: 'nce-invoice' as const } },
      { lines: [azureUsageLine({ ...meter, format: 'nce-daily-usage', quantity: '29', cost: '2.64' }), azureUsageLine({ ...meter, format: 'nce-daily-usage', quantity: '29', cost: '2.65' })], document: { fileName: 'daily.csv', format: 'nce-daily-usage' as const } },
    ];
    const report = reportOf(configOf(), inBoth);
    expect(report.cycles[0].cost.toString()).toBe('105.29');
    expect(report.reconciliation.invoices.map((i) => [i.invoiceNumber, i.files, i.cost.toString()])).toEqual([['G200000003', ['invoice.csv'], '105.29']]);
    expect(report.reconciliation.warnings).toEqual(['daily.csv: its Azure usage is billed from invoice.csv, which holds the same charges by meter for the month: left out, so the usage is billed once']);
    expect(report.reconciliation.usageLeftOut).toEqual([{ file: 'daily.csv', billedIn: ['invoice.csv'], invoices: ['G200000003'], wholeFile: true, lines: 2, cost: { USD: Decimal.parse('5.29') } }]);
    // An invoice file without the usage (licences only): the daily file bills it.
    const licencesOnly = reportOf(configOf(), [{ ...inBoth[0], lines: [inBoth[0].lines[0]] }, inBoth[1]]);
    expect(licencesOnly.cycles[0].cost.toString()).toBe('105.29');
    expect(licencesOnly.reconciliation.warnings).toEqual([]);
    expect(licencesOnly.reconciliation.usageLeftOut).toEqual([]);
    // An invoice file holding part of the usage (edited down): both billed, and said.
    const part = reportOf(configOf(), [{ ...inBoth[0], lines: [inBoth[0].lines[0], azureUsageLine({ ...meter, cost: '1.00' })] }, inBoth[1]]);
    expect(part.cycles[0].cost.toString()).toBe('106.29');
    expect(part.reconciliation.warnings).toEqual(['daily.csv: its Azure usage costs 5.29 USD, invoice.csv bills 1.00 USD of it by meter: both are billed, some usage twice; is invoice.csv complete?']);
  });

  it("leaves out a daily usage file whose meter the invoice file bills converted from USD into yen or kroner: a meter's rounding down is in USD, before the exchange rate", () => {
    // ROUNDDOWN(ROUNDDOWN(0.03825 × 1234.567, 2) × rate, minor unit): 47.22 USD of usage, where the days say 47.2221775 USD.
    const cases = [
      { currency: 'JPY', rate: '151.2345', invoice: '7141', days: ['3570.81', '3570.81'] },
      { currency: 'DKK', rate: '6.9123', invoice: '326.39', days: ['163.20', '163.21'] },
    ];
    for (const { currency, rate, invoice, days } of cases) {
      const meter = { invoiceNumber: 'G300000001', quantity: '1234.567', unitPrice: '0.045', currency, pricingCurrency: 'USD', exchangeRate: rate };
      const report = reportOf(configOf(), [
        { lines: [azureUsageLine({ ...meter, cost: invoice })], document: { fileName: 'invoice.csv', format: 'nce-invoice' as const } },
        { lines: days.map((cost) => azureUsageLine({ ...meter, format: 'nce-daily-usage', quantity: '617.2835', cost })), document: { fileName: 'daily.csv', format: 'nce-daily-usage' as const } },
      ]);
      expect(report.cycles.map((cycle) => [cycle.currency, cycle.cost.toString()])).toEqual([[currency, invoice]]);
      expect(report.reconciliation.usageLeftOut).toMatchObject([{ file: 'daily.csv', invoices: ['G300000001'], wholeFile: true }]);
    }
  });

  it('an unbilled daily usage file (recent activity: no invoice number) beside a file billing the same cycle’s usage of its customers is left out, naming both', async () => {
    const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
    const unbilled = 'nce-daily-usage-2026-11-eur-unbilled.csv';
    const alone = await reportOfFiles(configOf(), [[unbilled, fixture(unbilled)]]);
    expect(alone.reconciliation.warnings).toEqual([
      `${unbilled}: no line names an invoice: an unbilled (recent activity) file of estimates? Its lines are billed as they are; replace it with the invoice's file once that is out, never keep both`,
    ]);
    expect(alone.cycles.map((cycle) => cycle.cost.toString())).toEqual(['10.32463406184663']);
    // Beside the closed daily file of the month (either order), or the invoice file billing Fabrikam's Azure usage of the month by meter.
    for (const [billed, cost, usage] of [
      ['nce-daily-usage-2026-11-eur.csv', '10.32463406184663', '10.32 EUR'],
      ['nce-invoice-2026-11-eur.csv', '2444.25', '43.51 EUR'],
    ]) {
      for (const files of [[billed, unbilled], [unbilled, billed]]) {
        const report = await reportOfFiles(configOf(), files.map((name) => [name, fixture(name)] as [string, string]));
        expect(report.cycles.map((cycle) => cycle.cost.toString())).toEqual([cost]);
        expect(report.reconciliation.unbilledLeftOut).toMatchObject([{ file: unbilled, billedIn: [billed], lines: 8 }]);
        expect(report.reconciliation.warnings.filter((w) => w.startsWith(unbilled))).toEqual([
          `${unbilled}: an unbilled (recent activity) file, its lines naming no invoice, beside ${billed}, which bills cycle 2026-11's Azure usage for every customer it names: left out, so they are billed once (its 8 lines cost 10.32 EUR as estimated; ${billed} bills those customers ${usage})`,
        ]);
      }
    }
    // Another month's (and currency's) billed usage is not the same usage: billed, nothing said but the file's own warning.
    const october = await reportOfFiles(configOf(), [['daily-rated-usage-2026-10.csv', fixture('daily-rated-usage-2026-10.csv')], [unbilled, fixture(unbilled)]]);
    expect(october.reconciliation.unbilledLeftOut).toEqual([]);
    expect(october.reconciliation.warnings.filter((w) => w.startsWith(unbilled))).toEqual([alone.reconciliation.warnings[0]]);
  });

  describe('a daily usage file of two invoices, one of them also in an invoice file', () => {
    const meter = { invoiceNumber: 'G200000003', quantity: '58', unitPrice: '0.096' };
    const daily = (spec: Parameters<typeof azureUsageLine>[0]) => azureUsageLine({ ...meter, format: 'nce-daily-usage', quantity: '29', ...spec });
    // Invoice G200000003's usage by day (5.29), G200000004's (9.12 and 0.88, another customer's too), in one file.
    const dailyFile = {
      lines: [daily({ cost: '2.64' }), daily({ invoiceNumber: 'G200000004', cost: '9.12' }), daily({ cost: '2.65' }), daily({ invoiceNumber: 'G200000004', customerId: FABRIKAM, cost: '0.88' })],
      document: { fileName: 'daily.csv', format: 'nce-daily-usage' as const },
    };
    const invoiceFile = (usage: string) => ({
      lines: [nceLine({ invoiceNumber: 'G200000003', cost: '100.00' }), azureUsageLine({ ...meter, cost: usage })],
      document: { fileName: 'invoice.csv', format: 'nce-invoice' as const },
    });

    it("leaves out the covered invoice's lines, billed from its invoice file, and bills the other invoice's", () => {
      const report = reportOf(configOf({ Customers: CUSTOMERS }), [invoiceFile('5.29'), dailyFile], { months: null, keepLines: true });
      const [cycle] = report.cycles;
      // 100 + 5.29 from the invoice file, 9.12 + 0.88 of G200000004 from the daily file: G200000003's days not again.
      expect(cycle.cost.toString()).toBe('115.29');
      expect(cycle.documents).toEqual(['invoice.csv', 'daily.csv']);
      expect(Decimal.sum(cycle.lines.map((row) => row.cost)).toString()).toBe('115.29');
      expect(cycle.lines.filter((row) => row.sourceFile === 'daily.csv').map((row) => [row.invoiceNumber, row.cost.toString()])).toEqual([
        ['G200000004', '0.88'],
        ['G200000004', '9.12'],
      ]);
      const r = report.reconciliation;
      expect(r.invoices.map((i) => [i.invoiceNumber, i.files, i.lines, i.cost.toString()])).toEqual([
        ['G200000003', ['invoice.csv'], 2, '105.29'],
        ['G200000004', ['daily.csv'], 2, '10'],
      ]);
      expect(r.cycles[0].invoicesTotal.toString()).toBe('115.29');
      expect(r.warnings).toEqual([
        "daily.csv: the Azure usage of invoice G200000003 is billed from invoice.csv, which holds the same charges by meter for the month: its lines are left out, so the usage is billed once; the file's lines of invoice G200000004 are billed",
      ]);
      expect(r.usageLeftOut).toEqual([{ file: 'daily.csv', billedIn: ['invoice.csv'], invoices: ['G200000003'], wholeFile: false, lines: 2, cost: { USD: Decimal.parse('5.29') } }]);
    });

    it('names lines of no invoice (an unbilled day) as such, and bills them', () => {
      const withUnbilled = { ...dailyFile, lines: [...dailyFile.lines, daily({ invoiceNumber: '', cost: '1.00' })] };
      const report = reportOf(configOf(), [invoiceFile('5.29'), withUnbilled]);
      expect(report.cycles[0].cost.toString()).toBe('116.29');
      expect(report.reconciliation.warnings).toContain(
        "daily.csv: the Azure usage of invoice G200000003 is billed from invoice.csv, which holds the same charges by meter for the month: its lines are left out, so the usage is billed once; the file's lines of invoice G200000004, (no invoice number) are billed",
      );
    });

    it("counts in the tallies only the lines billed: a tenant's cost leaves the covered invoice's days out", () => {
      const report = reportOf(configOf(), [invoiceFile('5.29'), dailyFile]);
      expect(report.reconciliation.unlinkedTenants.map((t) => [t.customerId, t.lines, t.cost.toString()])).toEqual([
        [NORTHWIND, 3, '114.41'],
        [FABRIKAM, 1, '0.88'],
      ]);
    });

    it("lists the file outside the selected cycles with the lines and cost it would bill, not the covered invoice's", () => {
      const report = reportOf(configOf(), [invoiceFile('5.29'), dailyFile], { months: new Set(['2026-11']) });
      expect(report.reconciliation.outsideRange.map((o) => [o.file, o.lines, o.cost.USD.toString()])).toEqual([
        ['invoice.csv', 2, '105.29'],
        ['daily.csv', 2, '10'],
      ]);
    });

    it('bills the same, read in one go or in parts by workers (as the command line reads a large file)', () => {
      const builder = new ReportBuilder(configOf(), { months: null });
      const invoice = builder.startDocument();
      for (const line of invoiceFile('5.29').lines) invoice.add({ ...line, sourceFile: 'invoice.csv' });
      builder.addDocument(importedDocument({ fileName: 'invoice.csv', invoiceNumbers: ['G200000003'], costTotal: { USD: Decimal.parse('105.29') } }), invoice);
      const parts = [dailyFile.lines.slice(0, 1), dailyFile.lines.slice(1)].map((lines) => {
        const part = builder.startDocument();
        for (const line of lines) part.add({ ...line, sourceFile: 'daily.csv' });
        return structuredClone(part.data()); // as a worker's part crosses a postMessage
      });
      const daily = builder.startDocument();
      for (const part of parts) daily.absorb(part);
      builder.addDocument(importedDocument({ fileName: 'daily.csv', format: 'nce-daily-usage', invoiceNumbers: ['G200000003', 'G200000004'], costTotal: { USD: Decimal.parse('15.29') } }), daily);
      const report = builder.build();
      expect(report.cycles[0].cost.toString()).toBe('115.29');
      expect(report.reconciliation.usageLeftOut).toMatchObject([{ file: 'daily.csv', invoices: ['G200000003'], lines: 2 }]);
    });

    it("bills every line, and says some usage is billed twice, where the invoice file bills less than the covered invoice's days", () => {
      const report = reportOf(configOf(), [invoiceFile('1.00'), dailyFile]);
      expect(report.cycles[0].cost.toString()).toBe('116.29');
      expect(report.reconciliation.invoices.map((i) => [i.invoiceNumber, i.files, i.cost.toString()])).toEqual([
        ['G200000003', ['invoice.csv', 'daily.csv'], '106.29'],
        ['G200000004', ['daily.csv'], '10'],
      ]);
      expect(report.reconciliation.warnings).toEqual([
        'daily.csv: the Azure usage of invoice G200000003 costs 5.29 USD, invoice.csv bills 1.00 USD of it by meter: both are billed, some usage twice; is invoice.csv complete?',
      ]);
      expect(report.reconciliation.usageLeftOut).toEqual([]);
    });
  });

  it("warns of a customer's price for a SKU the customer has no lines of (a typo: 0011 for 0002), since it prices nothing", () => {
    const customerPrices = (sku: string) =>
      configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,,`, 'Customer Prices': `Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %\n${FABRIKAM},${M365_BUSINESS_STANDARD},${sku},14.00,,` });
    const lines = [{ lines: [nceLine({ customerId: FABRIKAM, skuId: '0002' })] }];
    expect(reportOf(customerPrices('0011'), lines).reconciliation.warnings).toEqual([
      `customer-prices.csv (Customer Prices table), row 2: Fabrikam's price for ${M365_BUSINESS_STANDARD} SKU 0011 prices none of its lines, which are of SKU 0002: is the SKU ID right?`,
    ]);
    expect(reportOf(customerPrices('0002'), lines).reconciliation.warnings).toEqual([]);
    // Azure meters: a price for a meter SKU not used this month is no typo.
    const azure = configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,,`, 'Customer Prices': `Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %\n${FABRIKAM},${AZURE_PLAN},0003,,5,` });
    expect(reportOf(azure, [{ lines: [azureUsageLine({ customerId: FABRIKAM })] }]).reconciliation.warnings).toEqual([]);
    expect(reportOf(customerPrices(''), lines).reconciliation.warnings).toEqual([]);
  });

  it("warns of a customer's price that its lines in another currency do not take (the agreed price not applied)", () => {
    const config = configOf({
      Settings: 'Setting,Value\nCurrency,USD',
      Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,,`,
      'Customer Prices': `Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %\n${FABRIKAM},${M365_BUSINESS_STANDARD},,14.00,,`,
    });
    expect(reportOf(config, [{ lines: [nceLine({ customerId: FABRIKAM, currency: 'EUR' })] }]).reconciliation.warnings).toEqual([
      "cycle 2026-10 has lines in EUR, not the settings' USD: Sales and Retail prices, which are in USD, do not price them",
      "customer-prices.csv (Customer Prices table), row 2: Fabrikam's price for Microsoft 365 Business Standard is in USD, the Settings currency, so its EUR lines of cycle 2026-10 do not take it: default markup 0% priced them",
    ]);
    expect(reportOf(config, [{ lines: [nceLine({ customerId: FABRIKAM })] }]).reconciliation.warnings).toEqual([]);
  });

  it("names the SKUs a customer's price for the whole product would have priced, not one its SKU's own row prices", () => {
    const config = configOf({
      Settings: 'Setting,Value\nCurrency,USD',
      Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,50,`,
      'Customer Prices': `Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %\n${FABRIKAM},${M365_BUSINESS_STANDARD},,8.00,,\n${FABRIKAM},${M365_BUSINESS_STANDARD},0001,,,20`,
    });
    const lines = [nceLine({ customerId: FABRIKAM, currency: 'EUR', skuId: '0001', skuName: 'SKU 1' }), nceLine({ customerId: FABRIKAM, currency: 'EUR', skuId: '0002', skuName: 'SKU 2' })];
    const warnings = reportOf(config, [{ lines }]).reconciliation.warnings.filter((w) => w.includes('Customer Prices'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^customer-prices\.csv \(Customer Prices table\), row 2: .* do not take it: customer markup 50% priced them$/);
  });

  it('warns of a percentage under one (0.15 typed for 15 %): a markup of 0.15 % sells at cost without a word', () => {
    const config = configOf({
      Settings: 'Setting,Value\nDefault markup %,0.5',
      Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,0.15,\n${NORTHWIND},Northwind,15,`,
      Prices: `${'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %'}\n${M365_BUSINESS_STANDARD},,,,,,,0.3,,`,
    });
    expect(reportOf(config, [{ lines: [nceLine()] }]).reconciliation.warnings).toEqual([
      'the default markup: Markup % 0.5 means 0.5 %, under one percent (15 % is written 15 or 15%)',
      'customers.csv (Customers table), row 2: Markup % 0.15 means 0.15 %, under one percent (15 % is written 15 or 15%)',
      'prices.csv (Prices table), row 2: Margin % 0.3 means 0.3 %, under one percent (15 % is written 15 or 15%)',
    ]);
  });

  it('warns of a markup of 100 % or more, or a margin of 50 % or more (15 in a percent-formatted cell is 1500 %)', () => {
    const config = configOf({
      Settings: 'Setting,Value\nDefault markup %,1500',
      Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,100,\n${NORTHWIND},Northwind,99.5,`,
      Prices: `${'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %'}\n${M365_BUSINESS_STANDARD},,,,,,,60,,\nOTHER,,,,,,,49.9,,`,
    });
    expect(reportOf(config, [{ lines: [nceLine()] }]).reconciliation.warnings).toEqual([
      'the default markup: Markup % 1500 means 1500 %, a sale at 16 times cost: is it right? (15 % is written 15, or 0.15 in a percent-formatted cell)',
      'customers.csv (Customers table), row 2: Markup % 100 means 100 %, a sale at 2 times cost: is it right? (15 % is written 15, or 0.15 in a percent-formatted cell)',
      'prices.csv (Prices table), row 2: Margin % 60 means 60 %, a sale at 2.5 times cost: is it right? (15 % is written 15, or 0.15 in a percent-formatted cell)',
    ]);
  });

  it('warns of charges sold below cost, by product and price (a price typed 2.64 for 26.40): not of refunds, nor of a customer not billed', () => {
    const prices = `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${M365_BUSINESS_STANDARD},,,,,2.64,,,,`;
    const config = configOf({ Customers: `Customer ID,Organization,Markup %,Billable\n${FABRIKAM},Fabrikam,,No`, Prices: prices });
    const report = reportOf(config, [
      { lines: [nceLine({ quantity: '10', cost: '125.00' }), nceLine({ chargeType: 'removeQuantity', quantity: '2', cost: '-25.00' }), nceLine({ customerId: FABRIKAM, quantity: '1', cost: '12.50' })] },
    ]);
    expect(report.reconciliation.warnings).toEqual([
      'cycle 2026-10: Microsoft 365 Business Standard is sold below cost by price list 2.64 (cost 125.00, sales 26.40 USD; Northwind Traders): is the price right?',
    ]);
    expect(reportOf(configOf(), [{ lines: [nceLine()] }]).reconciliation.warnings).toEqual([]);
  });

  it('warns of charges sold at twice cost or more by a fixed price (a yearly price typed as the monthly one), not by a markup warned of at its row', () => {
    const prices = `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${M365_BUSINESS_STANDARD},,,,,150.00,,,,`;
    const report = reportOf(configOf({ Prices: prices }), [{ lines: [nceLine({ quantity: '10', cost: '125.00' })] }]);
    expect(report.reconciliation.warnings).toEqual([
      'cycle 2026-10: Microsoft 365 Business Standard is sold at twice its cost or more by price list 150 (cost 125.00, sales 1500.00 USD; Northwind Traders): is the price per month? (a Sales price is per unit per month; per year only on a row whose Billing plan is Annual. A Microsoft promotion you keep sells so too)',
    ]);
    const markedUp = reportOf(configOf({ Prices: prices.replace('150.00,,', ',150,') }), [{ lines: [nceLine({ quantity: '10', cost: '125.00' })] }]);
    expect(markedUp.reconciliation.warnings.filter((w) => w.includes('twice'))).toEqual([]);
  });

  it('names each customer priced amiss once, in report order, the first three and how many more; below cost told before twice cost', () => {
    const prices = `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${M365_BUSINESS_STANDARD},,,,,2.64,,,,\n${EXCHANGE_PLAN_1},,,,,150.00,,,,`;
    const customer = (n: number) => ({ customerId: `c${n}`, customerName: `Customer ${n}` });
    const lines = [5, 1, 4, 2, 3].map((n) => nceLine({ ...customer(n), quantity: '1', cost: '12.50' }));
    // Customer 1's second detail line of the product (another charge type), and a product sold at twice cost.
    lines.push(nceLine({ ...customer(1), chargeType: 'renew', quantity: '1', cost: '12.50' }));
    lines.push(nceLine({ ...customer(2), productId: EXCHANGE_PLAN_1, productName: 'Exchange Online (Plan 1)', skuName: 'Exchange Online (Plan 1)', quantity: '1', cost: '4.00' }));
    expect(reportOf(configOf({ Prices: prices }), [{ lines }]).reconciliation.warnings).toEqual([
      'cycle 2026-10: Microsoft 365 Business Standard is sold below cost by price list 2.64 (cost 75.00, sales 15.84 USD; Customer 1, Customer 2, Customer 3 and 2 more): is the price right?',
      'cycle 2026-10: Exchange Online (Plan 1) is sold at twice its cost or more by price list 150 (cost 4.00, sales 150.00 USD; Customer 2): is the price per month? (a Sales price is per unit per month; per year only on a row whose Billing plan is Annual. A Microsoft promotion you keep sells so too)',
    ]);
  });

  it("warns when a cycle's lines are not in the Settings currency, since no Sales or Retail price prices them", () => {
    const report = reportOf(configOf({ Settings: 'Setting,Value\nCurrency,USD' }), [{ lines: [nceLine({ currency: 'EUR' })] }]);
    expect(report.reconciliation.warnings).toEqual(["cycle 2026-10 has lines in EUR, not the settings' USD: Sales and Retail prices, which are in USD, do not price them"]);
  });

  it('warns when Settings names no Currency and the report holds two: a Sales price of 26.40 meant in euros bills 26.40 pounds too', () => {
    const prices = `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${M365_BUSINESS_STANDARD},,,,,26.40,,,,`;
    const lines = [{ lines: [nceLine({ currency: 'EUR', invoiceNumber: 'G1' })] }, { lines: [nceLine({ currency: 'GBP', invoiceNumber: 'G2' })] }];
    const report = reportOf(configOf({ Prices: prices }), lines);
    expect(report.cycles.map((cycle) => [cycle.currency, cycle.sales.toFixed(2)])).toEqual([['EUR', '26.40'], ['GBP', '26.40']]);
    expect(report.reconciliation.warnings).toContain(
      'the report holds lines in EUR and GBP, and Settings names no Currency: Sales and Retail prices, which have none then, price the lines of each currency as if written in it; add the Currency setting (the currency the prices are in), so lines of the others are priced by markup',
    );
    // One currency, markups only, or the Currency setting: nothing to say about it.
    const said = (config: BillingConfig, files: typeof lines) => reportOf(config, files).reconciliation.warnings.some((w) => w.includes('names no Currency'));
    expect(said(configOf({ Prices: prices }), [lines[0]])).toBe(false);
    expect(said(configOf({ Prices: prices.replace('26.40,,', ',15,') }), lines)).toBe(false);
    expect(said(configOf({ Prices: prices, Settings: 'Setting,Value\nCurrency,EUR' }), lines)).toBe(false);
  });

  it("passes on the import's warnings about a file, naming the file", () => {
    const report = reportOf(configOf(), [{ lines: [nceLine()], document: { fileName: 'october.csv', warnings: ['unknown charge type "tierTransitionFee" on 1 line'] } }]);
    expect(report.reconciliation.warnings).toEqual(['october.csv: unknown charge type "tierTransitionFee" on 1 line']);
  });

  it('a clean month has nothing to look at', async () => {
    const config = configOf({ Customers: CUSTOMERS, Invoices: 'Invoice number,Billing date,Microsoft total\nG100000002,,170.00' });
    const r = (await reportOfFiles(config, [['november.csv', NOVEMBER]])).reconciliation;
    expect(r.invoices.map((i) => i.status)).toEqual(['ties']);
    expect([r.unlinkedTenants, r.duplicates, r.outsideRange, r.mixedCurrencies, r.failedFiles, r.warnings]).toEqual([[], [], [], [], [], []]);
    expect(r.unpricedProducts).toHaveLength(2);
  });
});
