/**
 * The billing report: cycle → organization → product → detail line, costs exact, sales rounded per detail line,
 * every total the sum of the rounded lines below it, and one report per currency.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { byName, DocumentLines, MetNameRanks, ReportBuilder, sortedByKey } from '../../src/billing/report';
import { idKey } from '../../src/billing/config';
import { chargeTypeKey } from '../../src/billing/transaction-type';
import { createPricer, termWordsOf } from '../../src/billing/pricing';
import { reportToJson, writeReportJson } from '../../src/billing/report-json';
import { configOf, importedDocument, reportOf } from '../helpers/billing-config';
import { AZURE_PLAN, CONTOSO, EXCHANGE_PLAN_1, FABRIKAM, M365_BUSINESS_STANDARD, NORTHWIND, azureUsageLine, nceLine } from '../helpers/billing-lines';

const CUSTOMERS = `Customer ID,Organization,Markup %,Billable
${NORTHWIND},Northwind Traders,,Yes
${FABRIKAM},Fabrikam,,Yes
${CONTOSO},Contoso Pharmaceuticals,,No`;

/** Default markup of 0.5 %: a cost of 1.00 sells for exactly 1.005, half a cent. */
const HALF_CENT = configOf({ Settings: 'Setting,Value\nDefault markup %,0.5', Customers: CUSTOMERS });

describe('rounding: half away from zero, per detail line', () => {
  it('a detail line selling for 1.005 shows 1.01, and one of −1.005 shows −1.01', () => {
    const report = reportOf(HALF_CENT, [{ lines: [nceLine({ cost: '1.00' }), nceLine({ chargeType: 'cancelImmediate', cost: '-1.00' })] }]);
    const details = report.cycles[0].organizations[0].products[0].details;
    expect(details.map((d) => [d.transactionType, d.sales.toFixed(2)])).toEqual([
      ['cycle fee', '1.01'],
      ['refund', '-1.01'],
    ]);
  });

  it('the lines of one detail line are summed exactly and rounded once: two lines of 1.005 are 2.01, not 2.02', () => {
    const report = reportOf(HALF_CENT, [{ lines: [nceLine({ cost: '1.00', subscriptionId: 'a' }), nceLine({ cost: '1.00', subscriptionId: 'b' })] }]);
    const detail = report.cycles[0].organizations[0].products[0].details[0];
    expect(detail.lines).toBe(2);
    expect(detail.sales.toFixed(2)).toBe('2.01');
  });

  it('every total is the sum of the rounded lines below it: three products at 1.005 total 3.03, not 3.02', () => {
    const lines = ['P1', 'P2', 'P3'].map((productId) => nceLine({ productId, cost: '1.00' }));
    const report = reportOf(HALF_CENT, [{ lines }]);
    const cycle = report.cycles[0];
    expect(cycle.organizations[0].products.map((p) => p.sales.toFixed(2))).toEqual(['1.01', '1.01', '1.01']);
    expect(cycle.organizations[0].sales.toString()).toBe('3.03');
    expect(cycle.sales.toString()).toBe('3.03');
    expect(cycle.cost.toString()).toBe('3');
  });

  it('costs are never rounded: Microsoft amounts with many decimals are summed exactly', () => {
    const report = reportOf(HALF_CENT, [{ lines: [azureUsageLine({ cost: '0.0000654992985' }), azureUsageLine({ cost: '7.10833E-05', subscriptionId: 'x' })] }]);
    expect(report.cycles[0].cost.toString()).toBe('0.0001365825985');
  });

  it('JPY has no decimals: a detail line selling for 1000.5 yen shows 1001', () => {
    const yen = configOf({ Settings: 'Setting,Value\nDefault markup %,0.05' });
    const report = reportOf(yen, [{ lines: [nceLine({ currency: 'JPY', cost: '1000', unitPrice: '1000' })] }]);
    expect(report.cycles[0].sales.toString()).toBe('1001');
    const json = reportToJson(report) as { cycles: Array<{ currency: string; cost: string; sales: string }> };
    expect(json.cycles[0]).toMatchObject({ currency: 'JPY', cost: '1000', sales: '1001' });
  });

  it('currencies with three decimals (BHD) round to the fils', () => {
    const report = reportOf(configOf({ Settings: 'Setting,Value\nDefault markup %,0.05' }), [{ lines: [nceLine({ currency: 'BHD', cost: '1.001' })] }]);
    expect(report.cycles[0].sales.toString()).toBe('1.002');
  });
});

describe('currencies are never added together', () => {
  const report = reportOf(configOf({ Customers: CUSTOMERS }), [
    { lines: [nceLine({ cost: '10.00' }), nceLine({ currency: 'EUR', cost: '20.00', subscriptionId: 'eur' }), nceLine({ customerId: FABRIKAM, cost: '5.00' })] },
  ]);

  it('a cycle billed in two currencies is two reports of the same cycle, each with its own totals', () => {
    expect(report.cycles.map((c) => [c.cycle.month, c.currency, c.cost.toString(), c.organizations.length])).toEqual([
      ['2026-10', 'EUR', '20', 1],
      ['2026-10', 'USD', '15', 2],
    ]);
  });

  it('the reconciliation names the cycle and its currencies, and warns', () => {
    expect(report.reconciliation.mixedCurrencies).toEqual([{ cycleMonth: '2026-10', currencies: ['EUR', 'USD'] }]);
    expect(report.reconciliation.warnings).toContain('cycle 2026-10 is billed in EUR and USD: each currency is reported on its own');
  });
});

describe('organization → product → detail line', () => {
  const config = configOf({ Customers: CUSTOMERS });

  it('groups lines by customer, then product and SKU, then transaction type and charge type', () => {
    const report = reportOf(config, [
      {
        lines: [
          nceLine({ customerId: NORTHWIND, cost: '125.00', quantity: '10' }),
          nceLine({ customerId: NORTHWIND, chargeType: 'addQuantity', cost: '-64.50', quantity: '10' }),
          nceLine({ customerId: NORTHWIND, chargeType: 'addQuantity', cost: '77.40', quantity: '12' }),
          nceLine({ customerId: NORTHWIND, productId: EXCHANGE_PLAN_1, skuId: '0001', productName: 'Exchange Online (Plan 1)', skuName: 'Exchange Online (Plan 1)', cost: '4.00' }),
          nceLine({ customerId: FABRIKAM, cost: '25.00', quantity: '2' }),
        ],
      },
    ]);
    const tree = report.cycles[0].organizations.map((o) => ({
      name: o.name,
      cost: o.cost.toString(),
      products: o.products.map((p) => ({ name: p.name, cost: p.cost.toString(), details: p.details.map((d) => `${d.transactionType} / ${d.chargeType}: ${d.quantity} for ${d.cost}`) })),
    }));
    expect(tree).toEqual([
      { name: 'Fabrikam', cost: '25', products: [{ name: 'Microsoft 365 Business Standard', cost: '25', details: ['cycle fee / cycleCharge: 2 for 25'] }] },
      {
        name: 'Northwind Traders',
        cost: '141.9',
        products: [
          { name: 'Exchange Online (Plan 1)', cost: '4', details: ['cycle fee / cycleCharge: 1 for 4'] },
          {
            name: 'Microsoft 365 Business Standard',
            cost: '137.9',
            details: ['cycle fee / cycleCharge: 10 for 125', 'pro-rated charge / addQuantity: 12 for 77.4', 'refund / addQuantity: 10 for -64.5'],
          },
        ],
      },
    ]);
  });

  it('charge types differing only in case or spacing ("Cycle fee", "CYCLE FEE") are one detail line', () => {
    const report = reportOf(config, [{ lines: [nceLine({ chargeType: 'Cycle fee' }), nceLine({ chargeType: 'CYCLE FEE', subscriptionId: 'b' })] }]);
    expect(report.cycles[0].organizations[0].products[0].details).toHaveLength(1);
  });

  it('names an organization as in the Customers table; a tenant not in it by the name in the file, marked not linked', () => {
    const report = reportOf(config, [{ lines: [nceLine({ customerName: 'Northwind Traders B.V.' }), nceLine({ customerId: 'tenant-9', customerName: 'Adatum Corp.' })] }]);
    expect(report.cycles[0].organizations.map((o) => [o.name, o.linked])).toEqual([
      ['Adatum Corp.', false],
      ['Northwind Traders', true],
    ]);
  });

  it('a tenant matches its Customers row whatever the case of its id', () => {
    const report = reportOf(config, [{ lines: [nceLine({ customerId: NORTHWIND.toUpperCase() })] }]);
    expect(report.cycles[0].organizations[0]).toMatchObject({ name: 'Northwind Traders', linked: true });
  });

  it('a product is named with its SKU when the SKU name differs', () => {
    const report = reportOf(config, [{ lines: [nceLine({ productName: 'Microsoft 365 E3', skuName: 'Microsoft 365 E3 (no Teams)' })] }]);
    expect(report.cycles[0].organizations[0].products[0].name).toBe('Microsoft 365 E3 – Microsoft 365 E3 (no Teams)');
  });

  it('the same detail line in two files of one cycle is one detail line, rounded once', () => {
    const report = reportOf(HALF_CENT, [{ lines: [nceLine({ cost: '1.00' })] }, { lines: [nceLine({ cost: '1.00', invoiceNumber: 'G2' })] }]);
    const detail = report.cycles[0].organizations[0].products[0].details[0];
    expect([detail.lines, detail.cost.toString(), detail.sales.toFixed(2)]).toEqual([2, '2', '2.01']);
  });

  it('a detail line shows its quantity, cost per unit and price per unit', () => {
    const pricedAt15 = configOf({ Prices: `Product ID,SKU ID,Sales price\n${M365_BUSINESS_STANDARD},,15.00` });
    const detail = reportOf(pricedAt15, [{ lines: [nceLine({ quantity: '10', cost: '125.00' })] }]).cycles[0].organizations[0].products[0].details[0];
    expect([detail.quantity, detail.unitCost, detail.unitSales, detail.cost, detail.sales, detail.margin].map(String)).toEqual(['10', '12.5', '15', '125', '150', '25']);
  });

  it("lines of a file that failed to import are not billed, though the file's failure is reported", () => {
    const report = reportOf(config, [
      { lines: [nceLine({ cost: '10.00' })] },
      { lines: [nceLine({ cost: '99.00', invoiceNumber: 'G2' })], document: { fileName: 'broken.csv', status: 'failed', problem: 'broken.csv, row 7, column Subtotal: "12,5x" is not a number' } },
    ]);
    expect(report.cycles.map((c) => c.cost.toString())).toEqual(['10']);
    expect(report.reconciliation.failedFiles).toEqual(['broken.csv, row 7, column Subtotal: "12,5x" is not a number']);
  });

  it('margin is sales less cost, at every level', () => {
    const report = reportOf(configOf({ Settings: 'Setting,Value\nDefault markup %,10' }), [{ lines: [nceLine({ cost: '12.34' }), nceLine({ customerId: FABRIKAM, cost: '0.05' })] }]);
    const cycle = report.cycles[0];
    expect([cycle.cost, cycle.sales, cycle.margin].map(String)).toEqual(['12.39', '13.63', '1.24']);
    for (const o of cycle.organizations) expect(o.margin.equals(o.sales.minus(o.cost))).toBe(true);
  });
});

describe('lines Microsoft charged nothing for', () => {
  it("a trial converted beside its paid seats is a detail line of its own: the paid line keeps its 25 seats at 1.9156, not 50 at 0.9578", () => {
    const convert = { chargeType: 'convert', subscriptionId: 'trial-1' };
    const report = reportOf(configOf(), [{ lines: [nceLine({ ...convert, quantity: '25', cost: '0' }), nceLine({ ...convert, subscriptionId: 'paid-1', quantity: '25', cost: '47.89' })] }]);
    const details = report.cycles[0].organizations[0].products[0].details;
    expect(details.map((d) => [d.term, d.quantity.toString(), d.unitSales.toString(), d.sales.toFixed(2)])).toEqual([
      ['1-year term, billed monthly', '25', '1.9156', '47.89'],
      ['1-year term, billed monthly, no charge', '25', '0', '0.00'],
    ]);
    expect(details.map((d) => d.rules)).toEqual([['default markup 0%'], ['no charge']]);
  });

  it("a meter's free tier beside its charged units is a detail line of its own: the charged line keeps its unit price and its price's rule alone", () => {
    const config = configOf({ Prices: `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${AZURE_PLAN},,,,,,,,,5` });
    for (const order of [[0, 1], [1, 0]]) {
      const rows = [azureUsageLine({ quantity: '5', cost: '0' }), azureUsageLine({ quantity: '10', cost: '0.74', unitPrice: '0.087' })];
      const report = reportOf(config, [{ lines: order.map((i) => rows[i]) }]);
      expect(report.cycles[0].organizations[0].products[0].details.map((d) => [d.term, d.quantity.toString(), d.sales.toFixed(2), d.rules])).toEqual([
        ['', '10', '0.83', ['price list retail (UnitPrice) less 5%']],
        ['no charge', '5', '0.00', ['no charge']],
      ]);
    }
  });
});

describe('the report as JSON', () => {
  const config = configOf({ Settings: 'Setting,Value\nDefault markup %,20', Customers: CUSTOMERS });
  const json = reportToJson(
    reportOf(config, [{ lines: [nceLine({ quantity: '10', cost: '125.00' }), nceLine({ customerId: 'tenant-9', customerName: 'Adatum', chargeType: 'cancelImmediate', cost: '-1.005' })] }]),
  ) as {
    cycles: Array<Record<string, unknown> & { organizations: Array<Record<string, unknown> & { products: Array<Record<string, unknown> & { details: Array<Record<string, unknown>> }> }> }>;
    reconciliation: Record<string, unknown>;
  };

  it('dates the cycle and writes every amount as a decimal string: costs exact, sales to the cent', () => {
    const cycle = json.cycles[0];
    expect(cycle).toMatchObject({ billingDate: '2026-11-01', start: '2026-10-01', end: '2026-10-31', currency: 'USD', cost: '123.995', sales: '148.79' });
    expect(cycle.organizations.map((o) => [o.name, o.customerId, o.linked, o.cost, o.sales])).toEqual([
      ['Adatum', 'tenant-9', false, '-1.005', '-1.21'],
      ['Northwind Traders', NORTHWIND, true, '125', '150.00'],
    ]);
    expect(cycle.organizations[1].products[0].details[0]).toMatchObject({
      chargeType: 'cycleCharge',
      transactionType: 'cycle fee',
      quantity: '10',
      unitCost: '12.5',
      unitSales: '15',
      cost: '125',
      sales: '150.00',
      rules: ['default markup 20%'],
    });
  });

  it("says per cycle whether it ties, naming an invoice the Invoices table dates in it that no file holds", () => {
    const dated = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,10/31/2026,12.50\nG100000009,10/31/2026,120.00' });
    const { reconciliation } = reportToJson(reportOf(dated, [{ lines: [nceLine()] }])) as { reconciliation: { cycles: unknown[] } };
    expect(reconciliation.cycles).toEqual([
      {
        cycle: '2026-10',
        currency: 'USD',
        cost: '12.5',
        invoicesTotal: '12.5',
        microsoftTotal: '12.5',
        difference: '0',
        missingInvoices: ['G100000009'],
        status: 'invoice missing',
        statusText: 'invoice G100000009 is missing: the Invoices table dates it in this cycle, and no imported file holds it',
      },
    ]);
  });

  it('is written an organization at a time as exactly the text of the whole tree, indented or not (JSON.stringify indents by at most 10)', () => {
    const report = reportOf(config, [
      { lines: [nceLine({ quantity: '10', cost: '125.00' }), nceLine({ customerId: 'tenant-9', customerName: 'Adatum "A"\nB', chargeType: 'cancelImmediate', cost: '-1.005' })] },
      // Products of one name in two organizations, and of that name with another product, SKU or meter: each its own text.
      { lines: [nceLine({ customerId: 'tenant-9', cost: '3' }), nceLine({ skuId: '0005', cost: '4' }), nceLine({ productId: 'CFQ7TTC0OTHER', cost: '5' }), nceLine({ meter: 'Data Stored', cost: '6' })] },
      { lines: [nceLine({ cost: '7', chargeStart: '2026-11-03', chargeEnd: '2026-12-02' })] },
      // Names with wider characters, and narrow ones cut from a wider text (held two bytes a character): the same text.
      { lines: [nceLine({ customerId: 'tenant-8', customerName: 'Łódź Société', skuName: 'Données – LRS', cost: '9' }), nceLine({ customerId: 'tenant-8', productId: 'CFQ7TTC0DATA', productName: 'Données', skuName: 'Données', cost: '3' }), nceLine({ customerId: 'tenant-8', skuName: 'Données – LRS'.slice(10), chargeType: 'Łnew'.slice(1), cost: '2' })] },
      { lines: [nceLine({ cost: '8', currency: 'EUR' })] },
    ]);
    expect(report.cycles.length).toBeGreaterThanOrEqual(2);
    for (const indent of [0, 2, 4, 12]) {
      // Blocks as small as they come, and as the command line writes them.
      for (const blockBytes of [64, 1 << 20]) {
        const blocks: Uint8Array[] = [];
        writeReportJson(report, (bytes) => blocks.push(bytes), indent, blockBytes);
        expect(Buffer.concat(blocks).toString()).toBe(JSON.stringify(reportToJson(report), null, indent));
        if (blockBytes === 64) expect(blocks.length).toBeGreaterThan(10);
      }
    }
    const empty = reportOf(config, []);
    const blocks: Uint8Array[] = [];
    writeReportJson(empty, (bytes) => blocks.push(bytes));
    expect(Buffer.concat(blocks).toString()).toBe(JSON.stringify(reportToJson(empty), null, 2));
  });

  it('writes and sums detail lines held as numbers as their Decimals do, and those whose units are not safe integers alike', () => {
    // Costs of everyday cents, of many decimals and beyond 2^53 units: detail lines hold them as numbers or Decimals.
    const cost = fc.oneof(
      fc.integer({ min: -99999, max: 999999 }).map((cents) => (cents / 100).toFixed(2)),
      fc.constantFrom('0.0000000000000000000000001', '123456789012345678.25', '90071992547409.93', '-0.3333333333333333', '12.123456789012345678901'),
    );
    const line = fc.record({ cost, quantity: fc.constantFrom('1', '3', '0', '7.5'), chargeType: fc.constantFrom('new', 'cancelImmediate', 'renew'), productId: fc.constantFrom('CFQ7TTC0LF8Q', 'CFQ7TTC0OTHER') });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (specs) => {
        const report = reportOf(HALF_CENT, [{ lines: specs.map((spec, i) => nceLine({ ...spec, subscriptionId: `s${i}` })) }]);
        const blocks: Uint8Array[] = [];
        writeReportJson(report, (bytes) => blocks.push(bytes.slice()), 2, 64);
        expect(Buffer.concat(blocks).toString()).toBe(JSON.stringify(reportToJson(report), null, 2));
        for (const product of report.cycles[0].organizations.flatMap((o) => o.products)) {
          expect(product.cost.toString()).toBe(Decimal.sum(product.details.map((d) => d.cost)).toString());
          expect(product.sales.toString()).toBe(Decimal.sum(product.details.map((d) => d.sales)).toString());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('has no JSON numbers for money anywhere', () => {
    const numbers: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'number' && !/\.lines$|\.customers$/.test(path)) numbers.push(path);
      else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    };
    visit(json, '$');
    expect(numbers).toEqual([]);
  });
});

describe('Billing Lines: priced lines at the finest useful grain', () => {
  const config = configOf({ Settings: 'Setting,Value\nDefault markup %,10' });
  // Three usage days at 0.0055 each after markup: rounded alone 0.01 + 0.01 + 0.01, but the detail line is 0.02.
  const days = ['2026-10-01', '2026-10-02', '2026-10-03'].map((day, i) =>
    azureUsageLine({ cost: '0.0050', quantity: '1', chargeStart: day, chargeEnd: day, subscriptionId: `sub-${i % 2}` }),
  );
  const seats = [nceLine({ cost: '12.50' }), nceLine({ chargeType: 'addQuantity', cost: '-6.25', chargeStart: '2026-10-16' }), nceLine({ chargeType: 'addQuantity', cost: '9.37', chargeStart: '2026-10-16' })];

  it('are kept only when asked for', () => {
    expect(reportOf(config, [{ lines: [...days, ...seats] }]).cycles[0].lines).toEqual([]);
  });

  it("share each detail line's rounded sales out so that the rows add up to it exactly, and keep the cost exact", () => {
    const cycle = reportOf(config, [{ lines: [...days, ...seats] }], { months: null, keepLines: true }).cycles[0];
    expect(cycle.linesAggregated).toBe(false);
    expect(cycle.lines.length).toBe(6); // a row per usage day (its own charge period) and per seat line
    for (const product of cycle.organizations[0].products) {
      for (const detail of product.details) {
        const rows = cycle.lines.filter((row) => row.productId === product.productId && row.transactionType === detail.transactionType && row.chargeType === detail.chargeType);
        expect(Decimal.sum(rows.map((r) => r.sales)).toFixed(2)).toBe(detail.sales.toFixed(2));
        expect(Decimal.sum(rows.map((r) => r.cost)).toString()).toBe(detail.cost.toString());
        expect(rows.every((r) => r.sales.scale <= 2)).toBe(true);
      }
    }
    expect(Decimal.sum(cycle.lines.map((r) => r.sales)).toString()).toBe(cycle.sales.toString());
  });

  it('are the same rows whether a file is read in one go or in parts (a row split by a cut is one row again)', () => {
    const renewal = [nceLine({ cost: '12.50', quantity: '1' }), nceLine({ cost: '12.50', quantity: '1' }), nceLine({ subscriptionId: 'other', cost: '5' })];
    const rowsOf = (parts: BillingLine[][]) => {
      const builder = new ReportBuilder(config, { months: null, keepLines: true });
      const [first, ...later] = parts.map((lines) => {
        const collector = builder.startDocument();
        for (const line of lines) collector.add(line);
        return collector;
      });
      for (const part of later) first.absorb(part.data());
      builder.addDocument(importedDocument(), first);
      return builder.build().cycles[0].lines.map((row) => [row.subscriptionId, row.lines, row.quantity.toString(), row.cost.toString(), row.sales.toFixed(2)]);
    };
    const whole = rowsOf([[...renewal, ...days]]);
    expect(whole).toContainEqual([renewal[0].subscriptionId, 2, '2', '25', '27.50']);
    for (let cut = 1; cut < renewal.length + days.length; cut++) {
      const lines = [...renewal, ...days];
      expect(rowsOf([lines.slice(0, cut), lines.slice(cut)])).toEqual(whole);
    }
    expect(rowsOf([[renewal[0]], [renewal[1]], [renewal[2], ...days]])).toEqual(whole);
  });

  it("are told apart alike among a detail line's few rows (compared) and its many (looked up by key), however they interleave", () => {
    // Business Standard at a Sales price (rows by the share of the month each line bills), Exchange at a markup.
    const priced = configOf({
      Settings: 'Setting,Value\nDefault markup %,10',
      Prices: `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${M365_BUSINESS_STANDARD},,,,,15,,,,`,
    });
    // Per subscription: cycle fees of two months on one invoice and one on another; seats added on two days, to two
    // ends, and the same days at another cost (another share of the month). Each line comes twice.
    const kinds = [
      { cost: '10' },
      { cost: '1', chargeStart: '2026-09-05', chargeEnd: '2026-10-04' },
      { cost: '2', invoiceNumber: 'G100000002' },
      { cost: '3', chargeType: 'addQuantity', chargeStart: '2026-10-16' },
      { cost: '4', chargeType: 'addQuantity', chargeStart: '2026-10-16', chargeEnd: '2026-11-10' },
      { cost: '5', chargeType: 'addQuantity', chargeStart: '2026-10-20' },
      { cost: '6', chargeType: 'addQuantity', chargeStart: '2026-10-20' },
    ];
    const products = [M365_BUSINESS_STANDARD, EXCHANGE_PLAN_1];
    const rowsOf = (subscriptions: number) => {
      const lines = [0, 1].flatMap(() =>
        Array.from({ length: subscriptions }, (_, s) => products.flatMap((productId) => kinds.map((kind) => nceLine({ productId, subscriptionId: `sub-${s}`, ...kind })))).flat(),
      );
      const rows = reportOf(priced, [{ lines }], { months: null, keepLines: true }).cycles[0].lines;
      return rows.map((row) => [row.productId, row.subscriptionId, row.lines, row.cost.toString()]).sort();
    };
    // A row per kind of line, but at a markup the seats added at two costs on the same days are one row.
    const expected = (subscriptions: number) =>
      Array.from({ length: subscriptions }, (_, s) =>
        products.flatMap((productId) => {
          const costs = productId === EXCHANGE_PLAN_1 ? ['20', '2', '4', '6', '8', '22'] : ['20', '2', '4', '6', '8', '10', '12'];
          return costs.map((cost) => [productId, `sub-${s}`, cost === '22' ? 4 : 2, cost]);
        }),
      )
        .flat()
        .sort();
    // A few rows a detail line, then 80 to 120: the lists grow long one after the other.
    for (const subscriptions of [2, 40]) expect(rowsOf(subscriptions)).toEqual(expected(subscriptions));
  });

  it('are summed per detail line, and say so, when there would be more rows than a sheet holds', () => {
    const cycle = reportOf(config, [{ lines: [...days, ...seats] }], { months: null, keepLines: true, maxLineRows: 3 }).cycles[0];
    expect(cycle.linesAggregated).toBe(true);
    expect(cycle.lines.length).toBe(cycle.organizations[0].products.reduce((n, p) => n + p.details.length, 0));
    expect(Decimal.sum(cycle.lines.map((r) => r.sales)).toString()).toBe(cycle.sales.toString());
  });
});

describe('the charge period of a pro-rated charge or refund (what explains its unit price on a statement)', () => {
  const config = configOf({ Prices: 'Product ID,SKU ID,Sales price\nCFQ7TTC0LCHC,0002,15' });
  const added = (start: string, end: string, cost = '6.25', subscriptionId = 'a1b2c3d4-0000-4000-8000-000000000001') => nceLine({ chargeType: 'addQuantity', cost, chargeStart: start, chargeEnd: end, subscriptionId });
  const detailsOf = (lines: BillingLine[], keepLines = true) => reportOf(config, [{ lines }], { months: null, keepLines }).cycles[0].organizations[0].products[0].details;

  it('is the dates its lines were charged for, on pro-rated charges and refunds only', () => {
    const details = detailsOf([nceLine(), added('2026-10-16', '2026-11-04'), added('2026-10-16', '2026-11-04', '-3.10')]);
    expect(details.map((d) => [d.transactionType, d.period])).toEqual([
      ['cycle fee', undefined],
      ['pro-rated charge', { start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: false }],
      ['refund', { start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: false }],
    ]);
  });

  it('is the range of its lines, said to be of several periods, where they were charged for different days', () => {
    const [charge] = detailsOf([added('2026-10-16', '2026-11-04'), added('2026-10-20', '2026-11-04', '5', 'other-subscription')]);
    expect(charge.period).toEqual({ start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: true });
    // A line without dates beside a dated one: the dates are not the whole line's either.
    const [mixed] = detailsOf([added('2026-10-16', '2026-11-04'), nceLine({ chargeType: 'addQuantity', cost: '5', chargeStart: null, chargeEnd: null, subscriptionId: 'other-subscription' })]);
    expect(mixed.period).toEqual({ start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: true });
    const [undated] = detailsOf([nceLine({ chargeType: 'addQuantity', cost: '5', chargeStart: null, chargeEnd: null })]);
    expect(undated.period).toBeUndefined();
  });

  it('covers the lines of both files of a cycle that add to one detail line', () => {
    const report = reportOf(config, [{ lines: [added('2026-10-16', '2026-11-04')] }, { lines: [added('2026-10-25', '2026-11-04', '3')] }], { months: null, keepLines: true });
    expect(report.cycles[0].organizations[0].products[0].details[0].period).toEqual({ start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: true });
  });

  it('is kept by a report without its lines too, and by a file read in parts (a worker sends its buckets as columns)', () => {
    const lines = [added('2026-10-16', '2026-11-04'), added('2026-10-20', '2026-11-04', '5', 'other-subscription'), nceLine({ chargeType: 'addQuantity', cost: '5', chargeStart: null, chargeEnd: null, subscriptionId: 'undated' })];
    const several = { start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: true };
    expect(detailsOf(lines, false)[0].period).toEqual(several);
    expect(detailsOf(lines.slice(0, 1), false)[0].period).toEqual({ start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: false });
    const periodInParts = (parts: BillingLine[][]) => {
      const builder = new ReportBuilder(config, { months: null });
      const [first, ...later] = parts.map((part) => {
        const collector = builder.startDocument();
        for (const line of part) collector.add(line);
        return collector;
      });
      for (const part of later) first.absorb(part.data());
      builder.addDocument(importedDocument(), first);
      return builder.build().cycles[0].organizations[0].products[0].details[0].period;
    };
    // Each part alone is of one period (or none): only together are they several.
    expect(periodInParts([lines.slice(0, 1), lines.slice(1, 2)])).toEqual(several);
    expect(periodInParts([lines.slice(2), lines.slice(0, 1)])).toEqual(several);
    expect(periodInParts([lines.slice(0, 1), lines.slice(0, 1)])).toEqual({ start: Date.UTC(2026, 9, 16), end: Date.UTC(2026, 10, 4), several: false });
  });
});

describe('grouping', () => {
  const config = configOf({ Customers: CUSTOMERS });
  // Two products of one name and SKU id (only their product ids differ, so their sort ties), and the customer's id in
  // two cases: one organization, the products in the order first seen, whether from one file, two, or a file's parts.
  const suite = (productId: string, cost: string, customerId = NORTHWIND) => nceLine({ customerId, productId, skuId: '0001', productName: 'Suite', skuName: 'Suite', cost });
  const lines = [suite('P2', '2'), suite('P1', '1'), suite('p2', '3', NORTHWIND.toUpperCase())];
  const productsOf = (report: ReturnType<typeof reportOf>) =>
    report.cycles[0].organizations.map((organization) => [organization.customerId, organization.products.map((product) => [product.productId, product.cost.toString()])]);

  it('groups by ids whatever their case, and keeps products that sort alike in the order first seen', () => {
    const expected = [[NORTHWIND, [['P2', '5'], ['P1', '1']]]];
    expect(productsOf(reportOf(config, [{ lines }]))).toEqual(expected);
    expect(productsOf(reportOf(config, [{ lines: lines.slice(0, 1) }, { lines: lines.slice(1) }]))).toEqual(expected);
    const builder = new ReportBuilder(config, { months: null });
    const [first, ...later] = lines.map((line) => {
      const part = builder.startDocument();
      part.add(line);
      return part;
    });
    for (const part of later) first.absorb(part.data());
    builder.addDocument(importedDocument(), first);
    expect(productsOf(builder.build())).toEqual(expected);
  });
});

describe("a file's parts", () => {
  const config = configOf({ Customers: CUSTOMERS, Prices: 'Product ID,SKU ID,Sales price\nCFQ7TTC0LCHC,0002,15' });
  const lines = [
    nceLine(),
    nceLine({ customerId: CONTOSO, cost: '3.333' }),
    nceLine({ chargeType: 'addQuantity', cost: '6.25', chargeStart: '2026-10-16', chargeEnd: '2026-11-04' }),
    nceLine({ customerId: FABRIKAM.toUpperCase(), productId: 'p2', cost: '1' }),
    nceLine({ cost: '12.50', quantity: '1' }),
    nceLine({ customerId: CONTOSO, chargeType: 'addQuantity', cost: '-2', chargeStart: '2026-10-20', chargeEnd: '2026-11-04' }),
    nceLine({ subscriptionId: 'other', cost: '5' }),
  ];

  it("give the report of the file read in one go, the part read on this thread taken as it is or sent as data like a worker's", () => {
    const build = (cuts: number[], ownFirst: boolean) => {
      const builder = new ReportBuilder(config, { months: null, keepLines: true });
      const parts = [0, ...cuts].map((start, k) => {
        const part = builder.startDocument();
        for (const line of lines.slice(start, k < cuts.length ? cuts[k] : lines.length)) part.add(line);
        return k === 0 && ownFirst ? part : part.data();
      });
      builder.addDocument(importedDocument(), builder.linesOfParts(parts));
      const report = builder.build();
      return { json: reportToJson(report), lines: report.cycles[0].lines };
    };
    const whole = build([], false);
    // The part read on this thread ends its lines first (its sums and index let go): parts are still added to it.
    const builder = new ReportBuilder(config, { months: null, keepLines: true });
    const own = builder.startDocument();
    lines.slice(0, 3).forEach((line) => own.add(line));
    own.endLines();
    expect(() => own.add(lines[3])).toThrow();
    const later = builder.startDocument();
    lines.slice(3).forEach((line) => later.add(line));
    builder.addDocument(importedDocument(), builder.linesOfParts([own, later.data()]));
    const report = builder.build();
    expect({ json: reportToJson(report), lines: report.cycles[0].lines }).toEqual(whole);
    for (const cuts of [[], [1], [3], [2, 5], [1, 2, 3, 4, 5, 6]]) {
      expect(build(cuts, true)).toEqual(whole);
      expect(build(cuts, false)).toEqual(whole);
    }
  });
});

describe('names and tallies of lines interleaved', () => {
  // A new detail line takes its names from its first line, and an unpriced product counts each customer once; the
  // collector remembers the last of each (per customer, product and SKU) and must not carry one over to another.
  const E3 = { productId: 'CFQ7TTC0LFLX', productName: 'Microsoft 365 E3' };
  const lines = [
    nceLine({ ...E3, skuId: '0001', skuName: 'Microsoft 365 E3', cost: '1' }),
    nceLine({ ...E3, skuId: '0002', skuName: 'Microsoft 365 E3 (no Teams)', cost: '2' }),
    nceLine({ ...E3, skuId: '0001', skuName: 'Microsoft 365 E3', cost: '4', customerId: FABRIKAM, customerName: 'Fabrikam' }),
    nceLine({ ...E3, skuId: '0001', skuName: 'Microsoft 365 E3', cost: '8', chargeType: 'cancelImmediate' }),
    nceLine({ productId: EXCHANGE_PLAN_1, productName: 'Exchange Online (Plan 1)', skuName: 'Exchange Online (Plan 1)', cost: '16', customerName: 'Northwind (renamed)' }),
    nceLine({ ...E3, skuId: '0002', skuName: 'Microsoft 365 E3 (no Teams)', cost: '32', chargeType: 'cancelImmediate' }),
    azureUsageLine({ meter: 'LRS Data Stored (1 GB/Month)', cost: '64' }),
    azureUsageLine({ meter: 'LRS Write Operations (10K)', cost: '128' }),
    azureUsageLine({ meter: 'LRS Data Stored (1 GB/Month)', cost: '256', chargeType: 'customerCredit' }),
  ];
  const report = reportOf(configOf(), [{ lines }]);

  it('name each detail line by its own first line', () => {
    const products = report.cycles[0].organizations.flatMap((o) => o.products.map((p) => [o.name, p.name, p.meter, p.cost.toString()]));
    expect(products).toEqual([
      ['Fabrikam', 'Microsoft 365 E3', '', '4'],
      ['Northwind Traders', 'Azure plan – LRS Data Stored (1 GB/Month)', 'LRS Data Stored (1 GB/Month)', '320'],
      ['Northwind Traders', 'Azure plan – LRS Write Operations (10K)', 'LRS Write Operations (10K)', '128'],
      ['Northwind Traders', 'Exchange Online (Plan 1)', '', '16'],
      ['Northwind Traders', 'Microsoft 365 E3', '', '9'],
      ['Northwind Traders', 'Microsoft 365 E3 – Microsoft 365 E3 (no Teams)', '', '34'],
    ]);
  });

  it('count an unpriced product\'s lines, cost and customers per SKU', () => {
    const unpriced = report.reconciliation.unpricedProducts.map((p) => [p.productId, p.skuId, p.lines, p.cost.toString(), p.customers]);
    expect(unpriced.sort()).toEqual(
      [
        [AZURE_PLAN, '0001', 3, '448', 1],
        [E3.productId, '0001', 3, '13', 2],
        [E3.productId, '0002', 2, '34', 1],
        [EXCHANGE_PLAN_1, '0002', 1, '16', 1],
      ].sort(),
    );
  });
});

describe('usage meters', () => {
  it('one SKU billing two meters is two products, each with its own unit: quantities of GB and of operations are never added', () => {
    const report = reportOf(configOf(), [
      {
        lines: [
          azureUsageLine({ meter: 'LRS Data Stored (1 GB/Month)', quantity: '100', cost: '2.00' }),
          azureUsageLine({ meter: 'LRS Write Operations (10K)', quantity: '50', cost: '0.25', subscriptionId: 'b' }),
          azureUsageLine({ meter: 'LRS Data Stored (1 GB/Month)', quantity: '20', cost: '0.40', subscriptionId: 'c' }),
        ],
      },
    ]);
    const products = report.cycles[0].organizations[0].products;
    expect(products.map((p) => [p.name, p.skuId, p.meter, p.details.map((d) => d.quantity.toString())])).toEqual([
      ['Azure plan – LRS Data Stored (1 GB/Month)', '0001', 'LRS Data Stored (1 GB/Month)', ['120']],
      ['Azure plan – LRS Write Operations (10K)', '0001', 'LRS Write Operations (10K)', ['50']],
    ]);
  });
});

describe('lines grouped however they interleave', () => {
  // The collector keeps the last currency, term and detail bucket at hand and looks the rest up: lines of many
  // customers, products, terms and currencies mixed line by line must group as the same lines in runs do.
  const yearly = { term: 'One-Year commitment for yearly billing', billingFrequency: 'Annual' };
  const kinds = [
    {},
    yearly,
    { cost: '0', unitPrice: '0' },
    { ...yearly, cost: '0', unitPrice: '0' },
    { chargeType: 'cancelImmediate', cost: '-3.00' },
    { skuId: '0003', cost: '2.00' },
    { currency: 'EUR', cost: '4.00' },
  ];
  const lines = [NORTHWIND, FABRIKAM].flatMap((customerId, c) =>
    [
      [M365_BUSINESS_STANDARD, 'Microsoft 365 Business Standard'],
      [EXCHANGE_PLAN_1, 'Exchange Online (Plan 1)'],
    ].flatMap(([productId, productName], p) => kinds.map((kind, k) => nceLine({ customerId, productId, productName, skuName: productName, subscriptionId: `s-${c}-${p}-${k}`, ...kind }))),
  );
  lines.push(azureUsageLine({ meter: 'Storage', benefit: 'reservation', cost: '0' }), azureUsageLine({ meter: 'Storage' }), azureUsageLine({ meter: 'Storage', benefit: 'savings plan', cost: '0' }));
  /** Every other line from the far end: no two neighbours share a customer, product or kind of line. */
  const interleaved = lines.map((_, i) => lines[i % 2 === 0 ? i / 2 : lines.length - 1 - (i - 1) / 2]);
  // Priced, so no two unpriced products tie (the reconciliation lists those of equal cost as first seen).
  const prices = `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %
${M365_BUSINESS_STANDARD},,,,,,10,,,
${EXCHANGE_PLAN_1},,,,,,20,,,
${AZURE_PLAN},,,,,,30,,,`;
  const config = configOf({ Customers: CUSTOMERS, Prices: prices });

  it('gives the same report as the lines in runs', () => {
    expect(new Set(interleaved).size).toBe(lines.length);
    const json = (order: BillingLine[]) => JSON.stringify(reportToJson(reportOf(config, [{ lines: order }])));
    expect(json(interleaved)).toBe(json(lines));
    const details = reportOf(config, [{ lines: interleaved }]).cycles.flatMap((cycle) => cycle.organizations.flatMap((o) => o.products.flatMap((p) => p.details.map((d) => [cycle.currency, p.productId, d.term, d.lines]))));
    // Per customer and product: monthly, yearly, each of them at no charge, the refund and the other SKU, apart.
    expect(details.filter(([currency]) => currency === 'USD')).toHaveLength(2 * 2 * 6 + 3);
    expect(details.filter(([currency]) => currency === 'EUR')).toHaveLength(2 * 2);
  });
});

describe('many detail buckets', () => {
  it("puts each of thousands of lines in its own customer's, product's, SKU's and charge's bucket, counts unpriced products' customers once, and tallies unlinked tenants", () => {
    // Thousands of buckets, so the collector's table grows several times and its slots collide; lines in no order.
    let seed = 7;
    const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32) * n);
    const products = [M365_BUSINESS_STANDARD, EXCHANGE_PLAN_1, 'CFQ7TTC0AAAA', 'CFQ7TTC0BBBB'];
    const charges = [{}, { chargeType: 'cancelImmediate', cost: '-3.25' }, { cost: '0.0001' }];
    const lines = Array.from({ length: 12_000 }, (_, i) => {
      const customerId = `00000000-0000-4000-8000-${String(random(900)).padStart(12, '0')}`;
      return nceLine({ customerId, productId: products[random(4)], skuId: random(2) === 0 ? '0001' : '0002', subscriptionId: `s-${i}`, ...charges[random(3)] });
    });
    const config = configOf({ Prices: `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${EXCHANGE_PLAN_1},,,,,,20,,,` });
    const collected = new DocumentLines(createPricer(config), config.customers, false);
    for (const line of lines) collected.add(line);

    const keyOf = (b: { customerId: string; productId: string; skuId: string; transactionType: string; chargeType: string }) => [b.customerId, b.productId, b.skuId, b.transactionType, b.chargeType].join('|');
    const expected = new Map<string, { lines: number; cost: Decimal }>();
    const unpriced = new Map<string, Set<string>>();
    const tenants = new Map<string, { lines: number; cost: Decimal }>();
    for (const line of lines) {
      const tenant = tenants.get(line.customerId) ?? { lines: 0, cost: Decimal.ZERO };
      tenants.set(line.customerId, { lines: tenant.lines + 1, cost: tenant.cost.plus(line.cost) });
      const sum = expected.get(keyOf(line)) ?? { lines: 0, cost: Decimal.ZERO };
      expected.set(keyOf(line), { lines: sum.lines + 1, cost: sum.cost.plus(line.cost) });
      if (line.productId !== EXCHANGE_PLAN_1) unpriced.set(`${line.productId}|${line.skuId}`, (unpriced.get(`${line.productId}|${line.skuId}`) ?? new Set()).add(line.customerId));
    }
    const got = new Map<string, { lines: number; cost: Decimal }>();
    for (const groups of collected.detailBuckets().values()) groups.forEach((bucket) => got.set(keyOf(bucket), { lines: bucket.lines, cost: bucket.cost }));
    expect(got.size).toBeGreaterThan(5_000);
    expect([...got].map(([key, { lines, cost }]) => [key, lines, cost.toString()]).sort()).toEqual([...expected].map(([key, { lines, cost }]) => [key, lines, cost.toString()]).sort());
    expect([...collected.unpriced.values()].map((tally) => [`${tally.productId}|${tally.skuId}`, [...tally.customers].sort()]).sort()).toEqual([...unpriced].map(([key, customers]) => [key, [...customers].sort()]).sort());
    // No Customers table: every tenant is unlinked, its lines and cost tallied.
    expect([...collected.unlinked.values()].map((tally) => [tally.customerId, tally.lines, tally.cost.toString()]).sort()).toEqual([...tenants].map(([id, { lines, cost }]) => [id, lines, cost.toString()]).sort());
  });
});

describe('names ranked as they are met (detail lines sorted as each product is made)', () => {
  it('orders every two names met as byName does, names it holds equal sharing a rank, however later names renumber', () => {
    // Few letters, cases, accents and numbers: many names byName holds equal or orders by their numbers.
    const name = fc.array(fc.constantFrom('a', 'A', 'á', 'b', 'B', '1', '2', '10', ' ', '-'), { maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 40 }), (names) => {
        const ranks = new MetNameRanks();
        names.forEach((met, i) => {
          ranks.rankOf(met);
          const seen = names.slice(0, i + 1);
          for (const a of seen) for (const b of seen) expect(Math.sign(ranks.rankOf(a) - ranks.rankOf(b))).toBe(Math.sign(byName(a, b)));
        });
        expect(ranks.size).toBe(new Set(names.map((met) => ranks.rankOf(met))).size);
      }),
    );
  });
});

describe('items sorted in place by one key each', () => {
  it('come out as a stable sort by key does, short lists (sorted by insertion) and long ones alike', () => {
    // Few keys: many ties, whose order must stay as it was.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 80 }), (keys) => {
        const items = keys.map((key, at) => ({ key, at }));
        const expected = [...items].sort((a, b) => a.key - b.key || a.at - b.at);
        expect(sortedByKey(items, (item) => item.key)).toEqual(expected);
        expect(items).toEqual(expected);
      }),
    );
  });
});

describe('a report built once', () => {
  // It reads a file's buckets from their columns in the order DetailGroups holds them, making no bucket object; a
  // builder that builds again makes the buckets and groups them. Spellings its numbers hold alike and the columns'
  // do not (a meter with a space before it) fall back to the buckets.
  const config = configOf({ Customers: CUSTOMERS, Prices: 'Product ID,SKU ID,Sales price\nCFQ7TTC0LCHC,0002,15' });
  const line = fc.oneof(
    fc
      .record({
        customerId: fc.constantFrom(NORTHWIND, NORTHWIND.toUpperCase(), FABRIKAM, CONTOSO, 'unknown-tenant'),
        // Names that differ between a customer's or a product's detail lines: each is named by its first bucket's.
        customerName: fc.constantFrom('Unknown Tenant', 'Tenant, renamed'),
        productName: fc.constantFrom('Microsoft 365 Business Standard', 'Plan, renamed'),
        productId: fc.constantFrom(M365_BUSINESS_STANDARD, M365_BUSINESS_STANDARD.toLowerCase(), EXCHANGE_PLAN_1, 'CFQ7TTC0LCHC'),
        skuId: fc.constantFrom('0001', '0002'),
        chargeType: fc.constantFrom('cycleCharge', 'CycleCharge', 'addQuantity', 'cancelImmediate'),
        // Costs whose sums are read as numbers, and of more decimals or beyond 2^53 units, read as Decimals.
        cost: fc.constantFrom('1.00', '3.333', '-2', '0', '12.5', '0.123456', '123456789012345678.25'),
        chargeStart: fc.constantFrom('2026-10-01', '2026-10-16'),
        term: fc.constantFrom('One-Year commitment for monthly/yearly billing', 'One-Month commitment for monthly billing'),
      })
      .map((spec) => nceLine({ ...spec, subscriptionId: `s-${spec.productId}` })),
    fc.record({ meter: fc.constantFrom('Storage', 'storage', 'Operations', ' Storage'), cost: fc.constantFrom('0.5', '2') }).map((spec) => azureUsageLine(spec)),
  );

  it('is the report a builder that builds again gives, with lines kept or not', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, keepLines) => {
        const built = (once: boolean) => {
          const report = reportOf(config, [{ lines }], { months: null, keepLines, once });
          return { json: reportToJson(report), lines: report.cycles.map((cycle) => cycle.lines) };
        };
        expect(built(true)).toEqual(built(false));
      }),
    );
  });
});

describe("a collector's buckets", () => {
  it("name each bucket as its first line does, however a product's SKUs, names and meters, the charge types and the terms vary and interleave (memos compared before anything is hashed)", () => {
    const config = configOf({});
    // More charge types and terms than are compared one by one, so the lookups by hash take over on the way.
    const chargeTypes = Array.from({ length: 20 }, (_, i) => `charge${i % 10}`).map((type, i) => (i < 10 ? type : type.toUpperCase()));
    const terms = ['One-Year commitment', 'one-year commitment', 'One-Month commitment', 'Three-Year commitment', 'One-Year commitment for monthly billing', 'One-Year commitment for yearly billing'];
    const line = fc
      .record({
        customerId: fc.constantFrom('C-1', 'c-1', 'C-2'),
        customerName: fc.constantFrom('One', 'Two'),
        productId: fc.constantFrom('P-1', 'p-1', 'P-2'),
        skuId: fc.constantFrom('0001', '0002', '0002 '),
        productName: fc.constantFrom('Plan', 'Plan 2', ''),
        skuName: fc.constantFrom('Plan', 'Basic', ''),
        chargeType: fc.constantFrom(...chargeTypes),
        term: fc.constantFrom(...terms),
        billingFrequency: fc.constantFrom('Monthly', 'Annual', 'Triennial', 'monthly'),
        meter: fc.constantFrom('', '', 'Data Stored', 'data stored', 'Operations'),
      })
      .map(({ meter, ...spec }) => nceLine({ ...spec, meter, transactionType: meter === '' ? 'cycle fee' : 'usage' }));
    const pricer = createPricer(config);
    const productNameOf = (l: BillingLine) => {
      const detail = l.meter !== '' ? l.meter : l.skuName !== l.productName ? l.skuName : '';
      return detail === '' ? l.productName : l.productName === '' ? detail : `${l.productName} – ${detail}`;
    };
    const keyOf = (b: { customerId: string; productId: string; skuId: string; meter: string; chargeType: string; transactionType: string; term: string }) =>
      [idKey(b.customerId), b.meter === '' ? idKey(b.productId) : idKey(`${b.productId}\u0000${b.meter}`), idKey(b.skuId), chargeTypeKey(b.chargeType), b.transactionType, b.term].join('|');
    const named = (b: { customerId: string; customerName: string; productId: string; skuId: string; meter: string; chargeType: string; term: string }, name: string, lines: number) =>
      [b.customerId, b.customerName, b.productId, b.skuId, b.meter, b.chargeType, b.term, name, lines].join('|');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 80 }), (lines) => {
        const collected = new DocumentLines(createPricer(config), config.customers, false);
        for (const l of lines) collected.add(l);
        const expected = new Map<string, { first: BillingLine & { term: string }; lines: number }>();
        for (const l of lines) {
          const priced = pricer.price(l, undefined);
          const withTerm = { ...l, term: termWordsOf(l, l.cost.isZero() && priced.fraction === null) };
          const sum = expected.get(keyOf(withTerm)) ?? { first: withTerm, lines: 0 };
          expected.set(keyOf(withTerm), { first: sum.first, lines: sum.lines + 1 });
        }
        const got: string[] = [];
        for (const groups of collected.detailBuckets().values()) groups.forEach((bucket) => got.push(named(bucket, bucket.productName, bucket.lines)));
        expect(got.sort()).toEqual([...expected.values()].map(({ first, lines: count }) => named(first, productNameOf(first), count)).sort());
      }),
      { numRuns: 300 },
    );
  });

  it("price each line as the Pricer prices it alone (plans worked out once per product, SKU, term, billing plan and currency), and number a usage line's meter by its product and meter as their ids are compared", () => {
    const config = configOf({
      Settings: 'Setting,Value\nDefault markup %,5\nCurrency,USD',
      Customers: 'Customer ID,Organization,Markup %,Billable\nC-1,One,10,Yes\nC-2,Two,,Yes\nC-3,Three,,No\nC-4,Four,,Yes',
      Prices: 'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %\nP-1,0001,,,,9.50,,\nP-1,,,,,,,25\nP-2,,,P1Y,,,12,\nP-3,,,,Annual,7,,',
      'Customer Prices': 'Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %\nC-2,P-2,,,,30',
    });
    const line = fc
      .record({
        customerId: fc.constantFrom('C-1', 'c-1', 'C-2', 'C-3', 'C-4', 'T-9'),
        productId: fc.constantFrom('P-1', 'p-1', 'P-2', 'P-3', 'P-4'),
        skuId: fc.constantFrom('0001', '0002'),
        term: fc.constantFrom('One-Month commitment for monthly billing', 'One-Year commitment for monthly billing', 'One-Year commitment for yearly billing'),
        billingFrequency: fc.constantFrom('Monthly', 'Annual'),
        currency: fc.constantFrom('USD', 'EUR'),
        meter: fc.constantFrom('', '', 'Data Stored', 'data stored', 'Operations'),
        cost: fc.oneof(fc.integer({ min: -9_999, max: 99_999 }).map((cents) => new Decimal(BigInt(cents), 2)), fc.constant(Decimal.ZERO)),
        quantity: fc.constantFrom('1', '3', '0'),
      })
      .map(({ meter, ...spec }) => nceLine({ ...spec, meter, transactionType: meter === '' ? 'cycle fee' : 'usage' }));
    const pricer = createPricer(config);
    const keyOf = (b: { customerId: string; productId: string; skuId: string; meter: string; chargeType: string; transactionType: string; term: string }) =>
      [idKey(b.customerId), b.meter === '' ? idKey(b.productId) : idKey(`${b.productId}\u0000${b.meter}`), idKey(b.skuId), b.chargeType, b.transactionType, b.term].join('|');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 60 }), (lines) => {
        const collected = new DocumentLines(createPricer(config), config.customers, false);
        for (const l of lines) collected.add(l);
        const expected = new Map<string, { sales: Decimal; rules: Map<string, number> }>();
        for (const l of lines) {
          const priced = pricer.price(l, config.customers.get(idKey(l.customerId)));
          const key = `${l.currency}|${keyOf({ ...l, term: termWordsOf(l, l.cost.isZero() && priced.fraction === null) })}`;
          const sum = expected.get(key) ?? { sales: Decimal.ZERO, rules: new Map<string, number>() };
          sum.rules.set(priced.rule, (sum.rules.get(priced.rule) ?? 0) + 1);
          expected.set(key, { sales: sum.sales.plus(priced.sales), rules: sum.rules });
        }
        const got = new Map<string, { sales: Decimal; rules: Map<string, number> }>();
        for (const [currency, groups] of collected.detailBuckets()) {
          groups.forEach((bucket) => got.set(`${currency}|${keyOf(bucket)}`, { sales: bucket.sales, rules: bucket.rules ?? new Map([[bucket.rule, bucket.ruleLines]]) }));
        }
        const plain = (sums: Map<string, { sales: Decimal; rules: Map<string, number> }>) => [...sums].map(([key, { sales, rules }]) => [key, sales.toString(), [...rules].sort()]).sort();
        expect(plain(got)).toEqual(plain(expected));
      }),
      { numRuns: 300 },
    );
  });
});
