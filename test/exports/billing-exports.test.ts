/**
 * The billing-platform CSV (one row per customer invoice line, with cost and margin) and the customer CSVs (what a
 * customer sees: no cost, no margin), from the October 2026 test month.
 */
import Papa from 'papaparse';
import type { BillingReport } from '../../src/billing/report';
import { billingCsv, billingCsvBlocks, customerCsvs } from '../../src/exports/billing-exports';
import { configOf, reportOf } from '../helpers/billing-config';
import { fixtureReport } from '../helpers/billing-fixtures';
import { azureUsageLine, EXCHANGE_PLAN_1, FABRIKAM, nceLine } from '../helpers/billing-lines';

function records(csv: string, delimiter = ','): Array<Record<string, string>> {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, delimiter, newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

let report: BillingReport;
beforeAll(async () => {
  report = await fixtureReport();
});

describe('the billing-platform CSV', () => {
  it('has one row per detail line of the report, with cost, sales, margin (exact, to the cent at least) and the rule that priced it', () => {
    const rows = records(billingCsv(report));
    expect(rows.map((r) => [r.Organization, r.Product, r['Transaction type'], r.Quantity, r.Cost, r.Sales, r.Margin, r['Price rule']])).toEqual([
      ["'=2+5 Evil Corp", 'Microsoft Teams Essentials', 'cycle fee', '1', '8.00', '8.40', '0.40', 'default markup 5%'],
      ['Contoso Pharmaceuticals', 'Microsoft 365 Business Basic', 'cycle fee', '3', '18.00', '0.00', '-18.00', 'not billable'],
      ['Fabrikam', 'Exchange Online (Plan 1)', 'cycle fee', '5', '20.00', '22.00', '2.00', 'customer markup 10%'],
      ['Fabrikam', 'Microsoft 365 Business Standard', 'cycle fee', '2', '25.00', '28.00', '3.00', 'customer 14'],
      ['Northwind Traders', 'Azure plan – Standard Data Transfer Out', 'usage', '1000', '85.00', '95.00', '10.00', 'price list retail (UnitPrice) less 5%'],
      ['Northwind Traders', 'Microsoft 365 Business Standard', 'cycle fee', '10', '125.00', '150.00', '25.00', 'price list 15'],
      ['Northwind Traders', 'Microsoft 365 Business Standard', 'pro-rated charge', '12', '77.40', '92.88', '15.48', 'price list 15'],
      ['Northwind Traders', 'Microsoft 365 Business Standard', 'refund', '10', '-64.50', '-77.40', '-12.90', 'price list 15'],
    ]);
  });

  it('is made in blocks for the command line to write as they come, the same text in the same order', () => {
    expect([...billingCsvBlocks(report)].join('')).toBe(billingCsv(report));
    expect([...billingCsvBlocks(report, { delimiter: ';' })].join('')).toBe(billingCsv(report, { delimiter: ';' }));
  });

  it('gives a unit price that multiplies back to the sales, as the customer files do: 200,000 at 0.00061725 is 123.45', () => {
    // A price to 6 decimals (0.000617) would make a billing platform invoice 123.40.
    const usage = reportOf(configOf(), [{ lines: [azureUsageLine({ quantity: '200000', cost: '123.45' })] }]);
    expect(records(billingCsv(usage)).map((r) => [r.Quantity, r['Unit price'], r.Sales])).toEqual([['200000', '0.00061725', '123.45']]);
  });

  it('keeps a cost with more decimals than the currency exact: 0.000071 is not 0.00', () => {
    const tiny = reportOf(configOf(), [{ lines: [azureUsageLine({ quantity: '1', cost: '0.000071' })] }]);
    expect(records(billingCsv(tiny)).map((r) => [r.Cost, r.Sales, r.Margin])).toEqual([['0.000071', '0.00', '-0.000071']]);
  });

  it('dates each row with the report date and the cycle, and keeps ids as text', () => {
    const [first] = records(billingCsv(report));
    expect(first).toMatchObject({
      'Billing date': '2026-11-01',
      'Cycle start': '2026-10-01',
      'Cycle end': '2026-10-31',
      'Customer ID': '33333333-3333-4333-8333-333333333333',
      Linked: 'No',
      Billable: 'Yes',
      'Product ID': 'CFQ7TTC0QW7C',
      'SKU ID': '0001',
      Currency: 'USD',
    });
  });

  it('neutralises a customer name starting with "=", but keeps negative amounts as numbers', () => {
    const csv = billingCsv(report);
    expect(csv).toContain(",'=2+5 Evil Corp,");
    expect(csv).toContain(',-64.50,-77.40,-12.90,USD,');
    expect(csv).not.toMatch(/'-\d/);
  });

  it('costs add up to the Microsoft invoice and sales to the report', () => {
    const rows = records(billingCsv(report));
    const cents = (column: string) => rows.reduce((sum, r) => sum + Math.round(Number(r[column]) * 100), 0);
    expect(cents('Cost')).toBe(29390);
    expect(cents('Sales')).toBe(31888);
    expect(report.cycles[0].sales.toFixed(2)).toBe('318.88');
  });

  it('writes semicolons and decimal commas for a European Excel', () => {
    const rows = records(billingCsv(report, { delimiter: ';', decimalComma: true }), ';');
    expect(rows.at(-1)).toMatchObject({ Cost: '-64,50', Sales: '-77,40', 'Unit cost': '-6,45' });
    // The prices a rule names are written as the amounts are.
    const priced = reportOf(configOf({ Prices: `Product ID,Sales price\n${EXCHANGE_PLAN_1},4.9` }), [{ lines: [nceLine({ productId: EXCHANGE_PLAN_1 })] }]);
    expect(records(billingCsv(priced, { delimiter: ';', decimalComma: true }), ';')[0]['Price rule']).toBe('price list 4,9');
    expect(records(billingCsv(priced))[0]['Price rule']).toBe('price list 4.9');
  });
});

describe('the customer CSVs', () => {
  it('one file per billable organization of the cycle; a customer that is not billable gets none', () => {
    expect(customerCsvs(report).map((f) => [f.fileName, f.organization])).toEqual([
      ['2026-10 =2+5 Evil Corp (not linked).csv', '=2+5 Evil Corp'],
      ['2026-10 Fabrikam.csv', 'Fabrikam'],
      ['2026-10 Northwind Traders.csv', 'Northwind Traders'],
    ]);
  });

  it('show no cost and no margin anywhere', () => {
    for (const file of customerCsvs(report)) {
      const [header] = file.content.slice(1).split('\r\n');
      expect(header).toBe('Customer,Customer ID,Billing date,Period,Product,Detail,Quantity,Unit price,Amount,Currency');
      expect(header).not.toMatch(/cost|margin/i);
    }
    const northwind = customerCsvs(report).find((f) => f.organization === 'Northwind Traders')!.content;
    // Northwind's costs (125, 77.4, -64.5, 85, unit costs 12.5 and 6.45) are nowhere in its file.
    expect(northwind).not.toMatch(/(^|,)(125|77\.4|-64\.5|85|12\.5|6\.45|-6\.45)(,|\r)/m);
  });

  it("list the customer's lines at the sales price and end in a total that is the sum of the amounts above it", () => {
    const northwind = records(customerCsvs(report).find((f) => f.organization === 'Northwind Traders')!.content);
    expect(northwind.map((r) => [r.Product, r.Detail, r.Quantity, r['Unit price'], r.Amount])).toEqual([
      ['Azure plan – Standard Data Transfer Out', 'usage', '1000', '0.0950', '95.00'],
      ['Microsoft 365 Business Standard', 'cycle fee (1-year term, billed monthly)', '10', '15.0000', '150.00'],
      ['Microsoft 365 Business Standard', 'pro-rated charge (1-year term, billed monthly): 16 days, 20 Oct to 4 Nov 2026', '12', '7.7400', '92.88'],
      ['Microsoft 365 Business Standard', 'refund (1-year term, billed monthly): 16 days, 20 Oct to 4 Nov 2026', '10', '-7.7400', '-77.40'],
      ['Total excl. tax', '', '', '', '260.48'],
    ]);
    expect(northwind[0]).toMatchObject({ 'Billing date': '2026-11-01', Period: '2026-10-01 to 2026-10-31', Currency: 'USD' });
  });

  it('tell two lines of one product and type apart: a renewal at a new price beside the recurring charge', () => {
    const renewed = reportOf(configOf(), [{ lines: [nceLine({ chargeType: 'cycleCharge', quantity: '10' }), nceLine({ chargeType: 'renew', quantity: '2', cost: '30' })] }]);
    expect(records(customerCsvs(renewed)[0].content).map((r) => [r.Detail, r.Quantity])).toEqual([
      ['cycle fee (recurring charge; 1-year term, billed monthly)', '10'],
      ['cycle fee (renewal; 1-year term, billed monthly)', '2'],
      ['', ''],
    ]);
  });

  it('tell two SKUs Microsoft names alike apart by their catalog ids, rather than one product twice at two prices', () => {
    const prices = 'Product ID,SKU ID,Sales price\nCFQ7TTC0LCHC,0001,20\nCFQ7TTC0LCHC,0002,15';
    const twoSkus = reportOf(configOf({ Prices: prices }), [{ lines: [nceLine({ skuId: '0001', quantity: '2', cost: '25' }), nceLine({ skuId: '0002', quantity: '3', cost: '37.5', subscriptionId: 'b' })] }]);
    expect(records(customerCsvs(twoSkus)[0].content).map((r) => [r.Product, r.Detail, r['Unit price']])).toEqual([
      ['Microsoft 365 Business Standard (CFQ7TTC0LCHC:0001)', 'cycle fee (1-year term, billed monthly)', '20.0000'],
      ['Microsoft 365 Business Standard (CFQ7TTC0LCHC:0002)', 'cycle fee (1-year term, billed monthly)', '15.0000'],
      ['Total excl. tax', '', ''],
    ]);
  });

  it("say the days a pro-rated charge or refund covers in its Detail, as the statement does, whether or not the report kept its lines", () => {
    const seats = [nceLine({ quantity: '10' }), nceLine({ chargeType: 'addQuantity', quantity: '2', cost: '4.70', chargeStart: '2026-10-20', chargeEnd: '2026-11-04' })];
    for (const keepLines of [true, false]) {
      const report = reportOf(configOf(), [{ lines: seats }], { months: null, keepLines });
      expect(records(customerCsvs(report)[0].content).map((r) => r.Detail)).toEqual(['cycle fee (1-year term, billed monthly)', 'pro-rated charge (1-year term, billed monthly): 16 days, 20 Oct to 4 Nov 2026', '']);
    }
  });

  it('end a customer file whose total gives money back (refunds and credits only) in a credit note\'s total, its amounts signed', () => {
    const refunded = reportOf(configOf(), [{ lines: [nceLine({ chargeType: 'cancelImmediate', quantity: '2', cost: '-20' }), nceLine({ customerId: FABRIKAM, customerName: 'Fabrikam' })] }]);
    const [fabrikam, northwind] = customerCsvs(refunded).map((file) => records(file.content));
    expect(northwind.map((r) => [r.Product, r.Detail, r.Amount])).toEqual([
      ['Microsoft 365 Business Standard', 'refund (1-year term, billed monthly): 31 days, 5 Oct to 4 Nov 2026', '-20.00'],
      ['Total credited excl. tax', '', '-20.00'],
    ]);
    expect(fabrikam[fabrikam.length - 1].Product).toBe('Total excl. tax');
  });

  it('neutralise text in the file too: a product name starting with "=" gets an apostrophe', () => {
    const hostile = reportOf(configOf(), [{ lines: [nceLine({ productName: '=HYPERLINK("http://example.invalid")', skuName: '' })] }]);
    expect(records(customerCsvs(hostile)[0].content)[0].Product).toBe(`'=HYPERLINK("http://example.invalid")`);
  });

  it('a customer billed in two currencies gets a file per currency, and two organizations of the same name do not overwrite each other', () => {
    const twoCurrencies = reportOf(configOf(), [
      {
        lines: [
          nceLine({ customerName: 'Northwind Traders' }),
          nceLine({ customerName: 'Northwind Traders', currency: 'EUR', subscriptionId: 'eur' }),
          nceLine({ customerId: 'other-tenant-id', customerName: 'northwind traders' }),
        ],
      },
    ]);
    const names = customerCsvs(twoCurrencies).map((f) => f.fileName);
    // Names that differ only in case are one file on Windows and macOS.
    expect(names).toEqual(['2026-10 Northwind Traders EUR (not linked) 11111111.csv', '2026-10 Northwind Traders USD (not linked) 11111111.csv', '2026-10 northwind traders USD (not linked) other-te.csv']);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
  });

  it('two organizations whose names differ only in how an accent is written get two files, named in one form', () => {
    const accents = reportOf(configOf(), [
      { lines: [nceLine({ customerName: 'Caf\u00e9 Nord' }), nceLine({ customerId: 'other-tenant-id', customerName: 'Cafe\u0301 Nord' })] },
    ]);
    const names = customerCsvs(accents).map((f) => f.fileName);
    expect(names).toEqual(['2026-10 Caf\u00e9 Nord (not linked) 11111111.csv', '2026-10 Caf\u00e9 Nord (not linked) other-te.csv']);
  });

  it('two tenants of one name: each file names its tenant in every cycle, not the plain name for whichever sorts first', () => {
    // Shared Name Inc (bbbb…) is billed in October beside another tenant of its name (aaaa…), and in November alone.
    const october = { customerName: 'Shared Name Inc', invoiceNumber: 'G1' };
    const november = { customerName: 'Shared Name Inc', invoiceNumber: 'G2', chargeStart: '2026-11-05', chargeEnd: '2026-12-04' };
    const shared = reportOf(configOf(), [
      { lines: [nceLine({ ...october, customerId: 'aaaaaaaa-0000-4000-8000-000000000001' }), nceLine({ ...october, customerId: 'bbbbbbbb-0000-4000-8000-000000000002' })] },
      { document: { billingDate: Date.UTC(2026, 10, 30) }, lines: [nceLine({ ...november, customerId: 'bbbbbbbb-0000-4000-8000-000000000002' })] },
    ]);
    expect(customerCsvs(shared).map((f) => [f.fileName, f.customerId.slice(0, 4)])).toEqual([
      ['2026-10 Shared Name Inc (not linked) aaaaaaaa.csv', 'aaaa'],
      ['2026-10 Shared Name Inc (not linked) bbbbbbbb.csv', 'bbbb'],
      ['2026-11 Shared Name Inc (not linked) bbbbbbbb.csv', 'bbbb'],
    ]);
  });

  it('two tenants whose ids begin alike get their whole ids', () => {
    const alike = reportOf(configOf(), [{ lines: [nceLine({ customerId: '12345678-aaaa' }), nceLine({ customerId: '12345678-bbbb' })] }]);
    expect(customerCsvs(alike).map((f) => f.fileName)).toEqual(['2026-10 Northwind Traders (not linked) 12345678.csv', '2026-10 Northwind Traders (not linked) 12345678-bbbb.csv']);
  });

  it('a tenant not linked in the Customers table: its file says so in its name, and every row names the customer', () => {
    const files = customerCsvs(report);
    expect(files.filter((f) => f.fileName.endsWith(' (not linked).csv')).map((f) => f.organization)).toEqual(['=2+5 Evil Corp']);
    const fabrikam = records(files.find((f) => f.organization === 'Fabrikam')!.content);
    expect(new Set(fabrikam.map((r) => `${r.Customer}|${r['Customer ID']}`))).toEqual(new Set([`Fabrikam|${fabrikam[0]['Customer ID']}`]));
    expect(fabrikam[0]['Customer ID']).not.toBe('');
  });

  it('give a unit price that multiplies back to the amount: 744 at 0.07628 is 56.75 (0.0763 would be 56.77)', () => {
    const usage = reportOf(configOf(), [{ lines: [azureUsageLine({ quantity: '744', cost: '56.75' }), nceLine({ quantity: '10', cost: '150.00', subscriptionId: 'b' })] }]);
    const rows = records(customerCsvs(usage)[0].content).filter((r) => r.Quantity !== '');
    expect(rows.map((r) => [r.Quantity, r['Unit price'], r.Amount])).toEqual([
      ['744', '0.07628', '56.75'],
      ['10', '15.0000', '150.00'],
    ]);
  });

  it('show a charge that names no quantity as one of it at its amount, so a billing platform that multiplies bills it (not 0 × 0.0000)', () => {
    const noUnits = reportOf(configOf({ Settings: 'Setting,Value\nDefault markup %,10' }), [{ lines: [nceLine({ quantity: '0', cost: '24.00' })] }]);
    const customer = records(customerCsvs(noUnits)[0].content).filter((r) => r.Quantity !== '');
    expect(customer.map((r) => [r.Quantity, r['Unit price'], r.Amount])).toEqual([['1', '26.4000', '26.40']]);
    const billing = records(billingCsv(noUnits));
    expect(billing.map((r) => [r.Quantity, r['Unit cost'], r['Unit price'], r.Sales])).toEqual([['1', '24.00', '26.4000', '26.40']]);
  });

  it('name the currency on every file of a report in two currencies, and on none of a report in one', () => {
    const two = reportOf(configOf(), [{ lines: [nceLine({ customerId: FABRIKAM, customerName: 'Foxtrot GmbH', currency: 'EUR' }), nceLine()] }]);
    expect(customerCsvs(two).map((f) => f.fileName)).toEqual(['2026-10 Foxtrot GmbH EUR (not linked).csv', '2026-10 Northwind Traders USD (not linked).csv']);
    expect(customerCsvs(reportOf(configOf(), [{ lines: [nceLine()] }])).map((f) => f.fileName)).toEqual(['2026-10 Northwind Traders (not linked).csv']);
  });

  it('a file name holds no characters a file system rejects', () => {
    const odd = reportOf(configOf(), [{ lines: [nceLine({ customerName: 'A/B: "C" <D>|E?*. ' })] }]);
    expect(customerCsvs(odd)[0].fileName).toBe('2026-10 A B C D E (not linked).csv');
  });
});
