/**
 * Each Partner Center file type, in each documented column order and spelling, maps every canonical field of a
 * billing line from the right column.
 */
import { detectFormat } from '../../src/billing/formats';
import { fixtureText, importFixture, importText } from '../helpers/byte-source';
import { configOf, reportOf } from '../helpers/billing-config';
import { costSum, lineAtRow, viewOf, type LineView } from '../helpers/lines';
import { NCE_INVOICE_47, nceInvoiceRow, toCsv } from '../helpers/partner-center-files';

describe('new commerce invoice reconciliation, 47 columns with Tier2MpnId (EUR)', () => {
  const file = 'nce-invoice-2026-11-eur.csv';

  it('is recognised and summarised', async () => {
    const { document, lines } = await importFixture(file);
    expect(document).toMatchObject({
      status: 'imported',
      format: 'nce-invoice',
      container: 'csv',
      delimiter: ',',
      invoiceNumbers: ['G031415926'],
      currencies: ['EUR'],
      rowCount: 10,
      lineCount: 10,
      problem: '',
      warnings: [],
    });
    expect(document.costTotal.EUR.toString()).toBe('2444.25');
    expect(costSum(lines)).toBe('2444.25');
  });

  it('maps a monthly cycle charge with tax, field by field', async () => {
    const { lines } = await importFixture(file);
    expect(viewOf(lineAtRow(lines, 2))).toEqual<LineView>({
      format: 'nce-invoice',
      customerId: '6b0e3f7a-1d2c-4b5a-9e8f-7a6b5c4d3e2f',
      customerName: 'Fabrikam, Inc.',
      customerDomain: 'fabrikam.onmicrosoft.com',
      invoiceNumber: 'G031415926',
      subscriptionId: 'a4b5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d',
      subscriptionDescription: 'M365 BP - Fabrikam',
      productId: 'CFQ7TTC0LCHC',
      skuId: '0002',
      productName: 'Microsoft 365 Business Premium',
      skuName: 'Microsoft 365 Business Premium',
      offerId: '',
      term: 'One-Year commitment for monthly billing',
      billingFrequency: 'Monthly',
      chargeType: 'cycleCharge',
      transactionType: 'cycle fee',
      chargeStart: '2026-11-05',
      chargeEnd: '2026-12-04',
      orderDate: '2026-05-05',
      subscriptionStart: '2026-05-05',
      subscriptionEnd: '2027-05-04',
      quantity: '25',
      unitPrice: '20.6',
      effectiveUnitPrice: '20.6',
      cost: '515',
      tax: '97.85',
      total: '612.85',
      currency: 'EUR',
      pricingCurrency: 'EUR',
      exchangeRate: '1',
      referenceId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
      orderId: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      unit: 'Licenses',
      meter: '',
      promotionId: 'CFQ7TTC0LCHC:0002:CFQ7TTC0GZQJ',
      benefit: '',
      sourceFile: file,
      sourceRow: 2,
    });
  });

  it('maps an Azure plan meter priced in USD and billed in EUR', async () => {
    const { lines } = await importFixture(file);
    expect(viewOf(lineAtRow(lines, 3))).toMatchObject<Partial<LineView>>({
      customerName: 'Fabrikam, Inc.',
      productId: 'DZH318Z0BQ3Q',
      skuId: '0001',
      productName: 'Azure plan',
      skuName: 'Tables',
      subscriptionDescription: 'Azure plan',
      chargeType: 'New',
      transactionType: 'usage',
      term: '',
      billingFrequency: '',
      orderDate: null,
      subscriptionEnd: null,
      quantity: '1234.567',
      unitPrice: '0.045',
      effectiveUnitPrice: '0.03825',
      cost: '43.51',
      tax: '8.27',
      total: '51.78',
      currency: 'EUR',
      pricingCurrency: 'USD',
      exchangeRate: '0.9215',
      unit: '1 GB/Month',
      meter: 'Tables - LRS Data Stored',
      promotionId: '',
      benefit: '',
    });
  });

  it('takes the quantity from BillableQuantity, not Quantity (units bought)', async () => {
    const { lines } = await importFixture(file);
    const refund = lineAtRow(lines, 4);
    expect(fixtureText(file).split('\r\n')[3]).toContain(',addQuantity,11.70,7,-39.00,');
    expect(refund.quantity.toString()).toBe('5');
    expect(lineAtRow(lines, 5).quantity.toString()).toBe('7');
  });

  it('tells each charge apart as the customer invoice needs it', async () => {
    const { lines } = await importFixture(file);
    expect(lines.map((l) => [l.sourceRow, l.chargeType, l.transactionType, l.cost.toString()])).toEqual([
      [2, 'cycleCharge', 'cycle fee', '515'],
      [3, 'New', 'usage', '43.51'],
      [4, 'addQuantity', 'refund', '-39'],
      [5, 'addQuantity', 'pro-rated charge', '54.6'],
      [6, 'customerCredit', 'credit', '-25'],
      [7, 'new', 'one-time', '1702.22'],
      [8, 'renew', 'cycle fee', '36'],
      [9, 'new', 'cycle fee', '13.6'],
      [10, 'cancelImmediate', 'refund', '-12.68'],
      [11, 'new', 'cycle fee', '156'],
    ]);
  });

  it('keeps perpetual software without a charge end date', async () => {
    const { lines } = await importFixture(file);
    expect(viewOf(lineAtRow(lines, 7))).toMatchObject<Partial<LineView>>({ chargeStart: '2026-11-12', chargeEnd: null, skuId: '0002', term: '' });
  });

  it('keeps a customer name with quotes inside', async () => {
    const { lines } = await importFixture(file);
    expect(lineAtRow(lines, 4).customerName).toBe('Contoso "Blue" GmbH');
  });
});

describe('the first given sample (nce-invoice-2026-10.csv)', () => {
  it('loads every row with its exact cost total', async () => {
    const { document, lines } = await importFixture('nce-invoice-2026-10.csv');
    expect(document).toMatchObject({ status: 'imported', format: 'nce-invoice', rowCount: 60, lineCount: 60, invoiceNumbers: ['G397236329'] });
    expect(document.costTotal.USD.toString()).toBe('24088.54');
    expect(costSum(lines)).toBe('24088.54');
  });
});

describe('new commerce invoice reconciliation, the older 46 columns (no ProductCategory)', () => {
  const file = 'nce-invoice-2022-03-46-columns.csv';

  it('is recognised with MPNID / ResellerMPNID / PromotionID and no ProductCategory', async () => {
    const header = fixtureText(file).split('\n')[0].split(',');
    expect(header).toHaveLength(46);
    expect(header).toEqual(expect.arrayContaining(['MPNID', 'ResellerMPNID', 'PromotionID']));
    expect(header).not.toContain('ProductCategory');

    const { document, lines } = await importFixture(file);
    expect(document).toMatchObject({ status: 'imported', format: 'nce-invoice', rowCount: 11, invoiceNumbers: ['G009876543'], currencies: ['USD'] });
    expect(document.costTotal.USD.toString()).toBe('275.23');
    expect(costSum(lines)).toBe('275.23');
  });

  it("maps Microsoft's documented seat change of March 7, 2022", async () => {
    const { lines } = await importFixture(file);
    expect(viewOf(lineAtRow(lines, 3))).toEqual<LineView>({
      format: 'nce-invoice',
      customerId: '3f2e1d0c-9b8a-4765-a4b3-c2d1e0f9a8b7',
      customerName: 'Contoso',
      customerDomain: 'contoso.onmicrosoft.com',
      invoiceNumber: 'G009876543',
      subscriptionId: '284b0ff0-0e74-4f65-cb23-f8ad95867994',
      subscriptionDescription: 'Microsoft 365 Business Standard',
      productId: 'CFQ7TTC0LDPB',
      skuId: '0001',
      productName: 'Microsoft 365 Business Standard',
      skuName: 'Microsoft 365 Business Standard',
      offerId: '',
      term: 'One-Month commitment for monthly billing',
      billingFrequency: 'Monthly',
      chargeType: 'addQuantity',
      transactionType: 'refund',
      chargeStart: '2022-03-07',
      chargeEnd: '2022-04-04',
      orderDate: '2022-03-07',
      subscriptionStart: '2022-03-05',
      subscriptionEnd: '2022-04-04',
      quantity: '10',
      unitPrice: '12',
      effectiveUnitPrice: '-11.23',
      cost: '-112.25',
      tax: '0',
      total: '-112.25',
      currency: 'USD',
      pricingCurrency: 'USD',
      exchangeRate: '1',
      referenceId: '12d33e18-061e-4040-ad77-fcd77c1a9943',
      orderId: '0f1e2d3c-4b5a-4697-8877-665544332211',
      unit: 'Licenses',
      meter: '',
      promotionId: '',
      benefit: '',
      sourceFile: file,
      sourceRow: 3,
    });
  });

  it('reads the same lines when the reseller column is spelled ResellerMpnId or Tier2MpnId', async () => {
    const original = fixtureText(file);
    const reference = (await importFixture(file)).lines.map((l) => viewOf({ ...l, sourceFile: '' }));
    for (const spelling of ['ResellerMpnId', 'Tier2MpnId']) {
      const renamed = original.replace('MPNID,ResellerMPNID', `MpnId,${spelling}`);
      expect(renamed).not.toBe(original);
      const { document, lines } = await importText(`renamed-${spelling}.csv`, renamed);
      expect(document.status).toBe('imported');
      expect(lines.map((l) => viewOf({ ...l, sourceFile: '' }))).toEqual(reference);
    }
  });
});

describe('new commerce unbilled ("recent activity") reconciliation', () => {
  const file = 'nce-invoice-unbilled-2026-12.csv';
  const M365_BUSINESS_BASIC = 'CFQ7TTC0LH18';
  const DYNAMICS_SALES = 'CFQ7TTC0LFK5';

  it('has no invoice number and no billing frequency yet, and still loads', async () => {
    const { document, lines } = await importFixture(file);
    expect(document).toMatchObject({ status: 'imported', format: 'nce-invoice', rowCount: 4, invoiceNumbers: [], currencies: ['USD'] });
    expect(document.costTotal.USD.toString()).toBe('161.8');
    expect(lines.every((l) => l.invoiceNumber === '' && l.billingFrequency === '')).toBe(true);
    // Billed beside the invoice's file of the same month, its lines would be billed twice: said.
    expect(document.warnings).toEqual([
      "no line names an invoice: an unbilled (recent activity) file of estimates? Its lines are billed as they are; replace it with the invoice's file once that is out, never keep both",
    ]);
  });

  it('does not take a recurring charge for a one-time purchase because its billing frequency is blank', async () => {
    const { lines } = await importFixture(file);
    expect(lines.map((l) => [l.chargeType, l.transactionType, l.cost.toString()])).toEqual([
      ['cycleCharge', 'cycle fee', '96'],
      ['new', 'cycle fee', '72'],
      ['removeQuantity', 'refund', '-37.2'],
      ['removeQuantity', 'pro-rated charge', '31'],
    ]);
    expect(viewOf(lineAtRow(lines, 2))).toMatchObject<Partial<LineView>>({
      customerName: 'Northwind Traders',
      term: 'One-Year commitment for monthly billing',
      chargeStart: '2026-12-09',
      chargeEnd: '2027-01-08',
      quantity: '12',
    });
  });
  it('does not take a trial for a one-time purchase: its term names the trial ("One-Month commitment for trial", "30 Days Trial")', async () => {
    const rows = ['One-Month commitment for trial', '30 Days Trial'].map((term) =>
      nceInvoiceRow({ ProductId: M365_BUSINESS_BASIC, ChargeType: 'new', UnitPrice: '0', EffectiveUnitPrice: '0', Quantity: '25', BillableQuantity: '25', Subtotal: '0', Total: '0', ChargeStartDate: '9/17/2026', ChargeEndDate: '10/16/2026', TermAndBillingCycle: term, InvoiceNumber: '', BillingFrequency: '' }),
    );
    const { lines } = await importText('unbilled.csv', toCsv(NCE_INVOICE_47, rows));
    expect(lines.map((line) => line.transactionType)).toEqual(['cycle fee', 'cycle fee']);
  });

  it("tells a short first charge from a whole period's by the plan its term names, so a Sales price is prorated (12 of 31 days: 14.50, not a month's 37.50)", async () => {
    // Bought October 20th, aligned to the calendar month: 5 seats at 12.00 for 12 of 31 days, and a yearly licence's
    // first 78 days; BillingFrequency blank, as in every unbilled file.
    const rows = [
      { ProductId: M365_BUSINESS_BASIC, ChargeType: 'new', UnitPrice: '12', EffectiveUnitPrice: '4.64', Quantity: '5', BillableQuantity: '5', Subtotal: '23.20', Total: '23.20', ChargeStartDate: '10/20/2026', ChargeEndDate: '10/31/2026', TermAndBillingCycle: 'One-Month commitment for monthly billing' },
      { ProductId: DYNAMICS_SALES, ChargeType: 'new', UnitPrice: '1140', EffectiveUnitPrice: '249.86', Quantity: '1', BillableQuantity: '1', Subtotal: '249.86', Total: '249.86', ChargeStartDate: '10/15/2026', ChargeEndDate: '12/31/2026', TermAndBillingCycle: 'One-Year commitment for yearly billing' },
    ].map((row) => nceInvoiceRow({ ...row, InvoiceNumber: '', BillingFrequency: '' }));
    const { lines } = await importText('unbilled.csv', toCsv(NCE_INVOICE_47, rows));
    expect(lines.map((line) => line.transactionType)).toEqual(['pro-rated charge', 'pro-rated charge']);
    const prices = `Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %\n${M365_BUSINESS_BASIC},,,,,7.50,,,,\n${DYNAMICS_SALES},,,P1Y,Annual,1300,,,,`;
    const report = reportOf(configOf({ Prices: prices }), [{ lines }]);
    // 7.50 × 5 × 23.20 / 60.00 = 14.50; 1300 × 249.86 / 1140 = 284.928… = 284.93 (a whole year was 1,300.00).
    expect(report.cycles[0].organizations[0].products.map((p) => p.details.map((d) => d.sales.toFixed(2)))).toEqual([['14.50'], ['284.93']]);
  });
});

describe('new commerce daily-rated usage, 55 columns (EUR billing, USD pricing)', () => {
  const file = 'nce-daily-usage-2026-11-eur.csv';

  it('is recognised and summarised; cost is BillingPreTaxTotal, not rounded to cents', async () => {
    const header = fixtureText(file).replace(/^\uFEFF/, '').split('\r\n')[0].split(',');
    expect(header).toHaveLength(55);
    const { document, lines } = await importFixture(file);
    expect(document).toMatchObject({ status: 'imported', format: 'nce-daily-usage', rowCount: 8, invoiceNumbers: ['G031415927'], currencies: ['EUR'] });
    expect(document.costTotal.EUR.toString()).toBe('10.32463406184663');
    expect(costSum(lines)).toBe('10.32463406184663');
    expect(lines.every((l) => l.transactionType === 'usage')).toBe(true);
  });

  it('maps a bandwidth meter written in scientific notation, field by field', async () => {
    const { lines } = await importFixture(file);
    expect(viewOf(lineAtRow(lines, 4))).toEqual<LineView>({
      format: 'nce-daily-usage',
      customerId: '6b0e3f7a-1d2c-4b5a-9e8f-7a6b5c4d3e2f',
      customerName: 'Fabrikam, Inc.',
      customerDomain: 'fabrikam.onmicrosoft.com',
      invoiceNumber: 'G031415927',
      subscriptionId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      subscriptionDescription: 'Azure plan',
      productId: 'DZH318Z0BQ3Q',
      skuId: '0001',
      productName: 'Azure plan',
      skuName: 'Standard Data Transfer Out',
      offerId: '',
      term: '',
      billingFrequency: '',
      chargeType: 'Usage',
      transactionType: 'usage',
      chargeStart: '2026-11-01',
      chargeEnd: '2026-11-30',
      orderDate: null,
      subscriptionStart: null,
      subscriptionEnd: null,
      quantity: '0.000817',
      unitPrice: '0.087',
      effectiveUnitPrice: '0.087',
      cost: '0.0000654992985',
      tax: null,
      total: null,
      currency: 'EUR',
      pricingCurrency: 'USD',
      exchangeRate: '0.9215',
      referenceId: '',
      orderId: '',
      unit: '1 GB',
      meter: 'Standard Data Transfer Out (1 GB)',
      promotionId: '',
      benefit: '',
      sourceFile: file,
      sourceRow: 4,
    });
  });

  it('reads 0.00E+00 as a zero cost for usage inside the free tier', async () => {
    const { lines } = await importFixture(file);
    const free = lineAtRow(lines, 7);
    expect(free.cost.isZero()).toBe(true);
    expect(free.effectiveUnitPrice!.isZero()).toBe(true);
    expect(free.quantity.toString()).toBe('0.35');
  });

  it('loads the given sample (daily-rated-usage-2026-10.csv) with its exact cost total', async () => {
    const { document, lines } = await importFixture('daily-rated-usage-2026-10.csv');
    expect(document).toMatchObject({ status: 'imported', format: 'nce-daily-usage', rowCount: 132, invoiceNumbers: ['G636450400'] });
    expect(document.costTotal.USD.toString()).toBe('3920.0952902405');
    expect(costSum(lines)).toBe('3920.0952902405');
  });
});

describe('legacy license-based reconciliation', () => {
  it('2022 order with MPNID / ResellerMPNID: maps a discounted cycle fee, cost = Subtotal (not Amount)', async () => {
    const file = 'legacy-license-2019-03-15-2022-order.csv';
    const { document, lines } = await importFixture(file, { cycleEndDay: 15 });
    expect(document).toMatchObject({ status: 'imported', format: 'legacy-license', rowCount: 5, invoiceNumbers: [], currencies: ['USD'] });
    expect(document.costTotal.USD.toString()).toBe('618.96');
    expect(viewOf(lineAtRow(lines, 2))).toEqual<LineView>({
      format: 'legacy-license',
      customerId: '12abcd34-001a-4cd2-987c-3210abcd5678',
      customerName: 'Wingtip Toys',
      customerDomain: 'wingtiptoys.onmicrosoft.com',
      invoiceNumber: '',
      subscriptionId: 'fb977ab5-6d7c-4e8f-9a0b-24c8d9591708',
      subscriptionDescription: 'Office 365 Enterprise E3',
      productId: '796B6B5F-613C-4E24-A17C-EBA730D49C02',
      skuId: '',
      productName: 'Office 365 Enterprise E3',
      skuName: '',
      offerId: '796B6B5F',
      term: '',
      billingFrequency: 'Monthly',
      chargeType: 'Cycle fee',
      transactionType: 'cycle fee',
      chargeStart: '2019-02-16',
      chargeEnd: '2019-03-15T23:59',
      orderDate: null,
      subscriptionStart: '2018-04-16',
      subscriptionEnd: '2019-04-15',
      quantity: '12',
      unitPrice: '20',
      effectiveUnitPrice: null,
      cost: '228',
      tax: '45.6',
      total: '273.6',
      currency: 'USD',
      pricingCurrency: '',
      exchangeRate: null,
      referenceId: '',
      orderId: 'AB12CD34EF56AB12CD34EF56',
      unit: '',
      meter: '',
      promotionId: '',
      benefit: '',
      sourceFile: file,
      sourceRow: 2,
    });
    expect(lines.map((l) => [l.chargeType, l.transactionType, l.billingFrequency])).toEqual([
      ['Cycle fee', 'cycle fee', 'Monthly'],
      ['Prorate fees when cancel', 'refund', 'Monthly'],
      ['Prorate fees when purchase', 'pro-rated charge', 'Annual'],
      ['Cycle fee', 'cycle fee', 'Monthly'],
      ['Cycle instance prorate', 'pro-rated charge', 'Monthly'],
    ]);
    expect(lineAtRow(lines, 4).customerDomain).toBe('');
  });

  it('2017 layout: a monthly first charge running a cycle and on to the billing anniversary (53 days) is monthly, a longer or later one yearly', async () => {
    const header = fixtureText('legacy-license-2017-06-12-2017-order.csv').split(/\r?\n/)[0];
    const row = (subscriptionStart: string, chargeStart: string, chargeEnd: string, chargeType: string, unitPrice: string) =>
      `8ddd0364-2a1b-4c3d-9e8f-46b58d356b4e,12abcd34-001a-bcd2-987c-3210abcd5678,566890604832738113,usCBMgAAAAAAAAX1,1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e,91FD106F,91FD106F-4B2C-4938-95AC-F54F74E9A239,Office 365 Enterprise E1,${subscriptionStart} 0:00,,${chargeStart} 0:00,${chargeEnd} 23:59,${chargeType},${unitPrice},1,${unitPrice},0.00,${unitPrice},0.00,${unitPrice},USD,Trey Research,4567890,4567890,treyresearch.onmicrosoft.com,Office 365 Enterprise E1,Office 365 Enterprise E1`;
    const { lines } = await importText(
      'legacy-2017-layout.csv',
      [
        header,
        // Bought 5/20/2017, charged to the billing anniversary 7/11: 53 days at 8.00 a month (8 × 53/31 = 13.68).
        row('5/20/2017', '5/20/2017', '7/11/2017', 'Purchase fee', '13.68'),
        // A yearly subscription's seat added 4/20/2018, charged to its cycle end 6/11/2018: 53 days at 96.00 a year.
        row('6/12/2017', '4/20/2018', '6/11/2018', 'Cycle instance prorate', '13.94'),
        // A yearly first charge runs a year.
        row('6/12/2017', '6/12/2017', '6/11/2018', 'Purchase fee', '96.00'),
      ].join('\n'),
    );
    expect(lines.map((line) => line.billingFrequency)).toEqual(['Monthly', 'Annual', 'Annual']);
  });

  it('2017 order (CustomerID, OrderID, ... CustomerName after Currency, no BillingCycleType): same fields by name', async () => {
    const file = 'legacy-license-2017-06-12-2017-order.csv';
    const { document, lines } = await importFixture(file, { cycleEndDay: 12 });
    expect(document).toMatchObject({ status: 'imported', format: 'legacy-license', rowCount: 4, currencies: ['USD'] });
    expect(document.costTotal.USD.toString()).toBe('614.07');
    expect(viewOf(lineAtRow(lines, 2))).toEqual<LineView>({
      format: 'legacy-license',
      customerId: '12abcd34-001a-bcd2-987c-3210abcd5678',
      customerName: 'Trey Research',
      customerDomain: 'treyresearch.onmicrosoft.com',
      invoiceNumber: '',
      subscriptionId: 'fb977ab5-1a2b-4c3d-8e4f-24c8d9591708',
      subscriptionDescription: 'Office 365 Enterprise E3',
      productId: '796B6B5F-613C-4E24-A17C-EBA730D49C02',
      skuId: '',
      productName: 'Office 365 Enterprise E3',
      skuName: '',
      offerId: '796B6B5F',
      term: '',
      // No BillingCycleType in this layout: a charge period of a month or less is billed monthly.
      billingFrequency: 'Monthly',
      chargeType: 'Purchase fee',
      // 5/20–6/11: 23 days of a monthly cycle, the first part of a month.
      transactionType: 'pro-rated charge',
      chargeStart: '2017-05-20',
      chargeEnd: '2017-06-11T23:59',
      orderDate: null,
      subscriptionStart: '2017-05-20',
      subscriptionEnd: '2018-05-19',
      quantity: '10',
      unitPrice: '20',
      effectiveUnitPrice: null,
      cost: '200',
      tax: '0',
      total: '200',
      currency: 'USD',
      pricingCurrency: '',
      exchangeRate: null,
      referenceId: '',
      orderId: '566890604832738111',
      unit: '',
      meter: '',
      promotionId: '',
      benefit: '',
      sourceFile: file,
      sourceRow: 2,
    });
    expect(lines.map((l) => [l.chargeType, l.transactionType])).toEqual([
      ['Purchase fee', 'pro-rated charge'],
      ['Renew fee', 'cycle fee'],
      ['Cycle fee', 'cycle fee'],
      ['Offset a line item', 'credit'],
    ]);
  });

  it('2017 order: a charge period of a year is billed yearly (Annual), so a monthly price is taken twelve times', async () => {
    const text = fixtureText('legacy-license-2017-06-12-2017-order.csv').replace('6/12/2017 0:00,7/11/2017 23:59,Renew fee', '6/12/2017 0:00,6/11/2018 23:59,Renew fee');
    const { lines } = await importText('annual-2017.csv', text);
    expect(lines.map((l) => [l.chargeType, l.billingFrequency, l.transactionType])).toEqual([
      ['Purchase fee', 'Monthly', 'pro-rated charge'],
      ['Renew fee', 'Annual', 'cycle fee'],
      ['Cycle fee', 'Monthly', 'cycle fee'],
      ['Offset a line item', 'Monthly', 'credit'],
    ]);
  });

  it('the given sample with MpnId / ResellerMpnId: every row, field by field for a cycle fee', async () => {
    const file = 'legacy-license-2018-02-15.csv';
    const { document, lines } = await importFixture(file, { cycleEndDay: 15 });
    expect(document).toMatchObject({ status: 'imported', format: 'legacy-license', rowCount: 12 });
    expect(document.costTotal.USD.toString()).toBe('720.23');
    expect(viewOf(lineAtRow(lines, 2))).toEqual<LineView>({
      format: 'legacy-license',
      customerId: '73ab4876-7734-d7c1-c7fd-e805ec99108d',
      customerName: 'Northwind Traders',
      customerDomain: 'northwind.onmicrosoft.com',
      invoiceNumber: '',
      subscriptionId: '17362f25-244c-af9c-4dab-b4817253edc6',
      subscriptionDescription: 'Office 365 Enterprise E1',
      productId: '91FD106F-4B2C-4938-95AC-F54F74E9A239',
      skuId: '',
      productName: 'Office 365 Enterprise E1',
      skuName: '',
      offerId: '91FD106F',
      term: '',
      billingFrequency: 'Monthly',
      chargeType: 'Cycle fee',
      transactionType: 'cycle fee',
      chargeStart: '2018-01-20',
      chargeEnd: '2018-02-19T23:59',
      orderDate: null,
      subscriptionStart: '2017-03-20',
      subscriptionEnd: '2018-03-19',
      quantity: '40',
      unitPrice: '8',
      effectiveUnitPrice: null,
      cost: '320',
      tax: '0',
      total: '320',
      currency: 'USD',
      pricingCurrency: '',
      exchangeRate: null,
      referenceId: '',
      orderId: '73F778AAF6FA5DB8656ABD72',
      unit: '',
      meter: '',
      promotionId: '',
      benefit: '',
      sourceFile: file,
      sourceRow: 2,
    });
    expect(lineAtRow(lines, 3).customerName).toBe('Fabrikam, Inc.');
  });

  it('accepts the 2017 documentation spelling Syndication_Partner_Subscription_Number', async () => {
    const text = fixtureText('legacy-license-2017-06-12-2017-order.csv').replace('SyndicationPartnerSubscriptionNumber', 'Syndication_Partner_Subscription_Number');
    const { document, lines } = await importText('underscored.csv', text);
    expect(document.status).toBe('imported');
    expect(lineAtRow(lines, 2).subscriptionId).toBe('fb977ab5-1a2b-4c3d-8e4f-24c8d9591708');
  });
});

describe('legacy usage-based (Azure) reconciliation', () => {
  it('2022 order: maps a virtual machine meter; quantity is OverageQuantity, cost is PretaxCharges', async () => {
    const file = 'legacy-usage-2019-02-15-2022-order.csv';
    const { document, lines } = await importFixture(file, { cycleEndDay: 15 });
    expect(document).toMatchObject({ status: 'imported', format: 'legacy-usage', rowCount: 4, invoiceNumbers: ['D0300069TL'], currencies: ['USD'] });
    expect(document.costTotal.USD.toString()).toBe('119.89');
    expect(viewOf(lineAtRow(lines, 2))).toEqual<LineView>({
      format: 'legacy-usage',
      customerId: '12abcd34-001a-4cd2-987c-3210abcd5678',
      customerName: 'Wingtip Toys',
      customerDomain: 'wingtiptoys.onmicrosoft.com',
      invoiceNumber: 'D0300069TL',
      subscriptionId: 'AZ-0145P-7f8e9d0c',
      subscriptionDescription: 'Microsoft Azure',
      productId: '0c4b3f35-8a2d-4a4e-9c3c-6a5b0a9f8e11',
      skuId: 'D2 v2',
      productName: 'Virtual Machines',
      skuName: 'Compute Hours',
      offerId: '',
      term: '',
      billingFrequency: 'Monthly',
      chargeType: 'Assess usage fee for current cycle',
      transactionType: 'usage',
      chargeStart: '2019-01-16',
      chargeEnd: '2019-02-15T23:59',
      orderDate: null,
      subscriptionStart: null,
      subscriptionEnd: null,
      quantity: '744',
      unitPrice: '0.146',
      effectiveUnitPrice: '0.145995',
      cost: '108.62',
      tax: '8.96',
      total: '117.58',
      currency: 'USD',
      pricingCurrency: '',
      exchangeRate: null,
      referenceId: '1',
      orderId: 'ORDDC52E52FDEF405786F0642DD0108BE4',
      unit: 'Hours',
      meter: '',
      promotionId: '',
      benefit: '',
      sourceFile: file,
      sourceRow: 2,
    });
    // 1338 GB consumed, 1024 included: 314 billed.
    expect(lineAtRow(lines, 3).quantity.toString()).toBe('314');
    expect(lines.map((l) => [l.chargeType, l.transactionType, l.cost.toString()])).toEqual([
      ['Assess usage fee for current cycle', 'usage', '108.62'],
      ['Assess usage fee for current cycle', 'usage', '7.54'],
      ['Assess usage fee for current cycle', 'usage', '6.91'],
      ['Offset a line item', 'credit', '-3.18'],
    ]);
  });

  it('2017 order and spellings (PartnerID, CustomerName, ResourceGUID, "Resource Name", SKU, CustomerID last)', async () => {
    const file = 'legacy-usage-2017-05-15-2017-spellings.csv';
    const header = fixtureText(file).split('\r\n')[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['PartnerID', 'ResourceGUID', 'Resource Name', 'SKU', 'CustomerID']));
    expect(header.at(-1)).toBe('Unit');
    const { document, lines } = await importFixture(file, { cycleEndDay: 15 });
    expect(document).toMatchObject({ status: 'imported', format: 'legacy-usage', rowCount: 2, invoiceNumbers: ['D0300021AB'] });
    expect(document.costTotal.USD.toString()).toBe('116.16');
    expect(viewOf(lineAtRow(lines, 3))).toMatchObject<Partial<LineView>>({
      customerId: '12abcd34-001a-4cd2-987c-3210abcd5678',
      customerName: 'Wingtip Toys',
      customerDomain: 'wingtiptoys.onmicrosoft.com',
      productId: '5a1e2b3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c',
      productName: 'Storage',
      skuName: 'Data Stored',
      skuId: 'LRS',
      billingFrequency: '',
      quantity: '314',
      cost: '7.54',
      unit: 'GB',
      meter: '',
      promotionId: '',
      benefit: '',
      chargeStart: '2017-04-16',
      chargeEnd: '2017-05-15T23:59',
    });
  });
});

describe('recognising the format by its header alone', () => {
  it.each<[string, string]>([
    ['nce-invoice-2026-11-eur.csv', 'nce-invoice'],
    ['nce-invoice-2022-03-46-columns.csv', 'nce-invoice'],
    ['nce-daily-usage-2026-11-eur.csv', 'nce-daily-usage'],
    ['legacy-license-2019-03-15-2022-order.csv', 'legacy-license'],
    ['legacy-license-2017-06-12-2017-order.csv', 'legacy-license'],
    ['legacy-usage-2019-02-15-2022-order.csv', 'legacy-usage'],
    ['legacy-usage-2017-05-15-2017-spellings.csv', 'legacy-usage'],
  ])('%s is a %s file, whatever the column order', (file, format) => {
    const header = fixtureText(file).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
    expect(detectFormat(header)?.id).toBe(format);
    expect(detectFormat([...header].reverse())?.id).toBe(format);
    expect(detectFormat(header.map((h) => h.toUpperCase()))?.id).toBe(format);
  });

  it('ignores unknown extra columns', async () => {
    const text = fixtureText('nce-invoice-2022-03-46-columns.csv')
      .split('\n')
      .map((line, i) => (line === '' ? line : `${line},${i === 0 ? 'PartnerName,DiscountDetails' : 'Contoso Cloud Partner,'}`))
      .join('\n');
    const { document } = await importText('extra-columns.csv', text);
    expect(document.status).toBe('imported');
    expect(document.costTotal.USD.toString()).toBe('275.23');
  });
});

describe("a line's currency, in a file whose lines change currency (the mapper reuses the last code while the text repeats)", () => {
  it('is each line\'s own, in capitals, whatever the line before wrote', async () => {
    const written = ['USD', 'USD', 'eur', 'EUR', 'EUR', 'usd', 'USD', 'Usd'];
    const rows = written.map((currency) => nceInvoiceRow({ Currency: currency, PricingCurrency: currency }));
    const { document, lines } = await importText('mixed.csv', toCsv(NCE_INVOICE_47, rows));
    expect(lines.map((line) => line.currency)).toEqual(['USD', 'USD', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'USD']);
    expect(document.currencies).toEqual(['EUR', 'USD']);
  });

  it('is refused where it is no code, also right after a line with one', async () => {
    const rows = ['USD', 'US$'].map((currency) => nceInvoiceRow({ Currency: currency }));
    const { document } = await importText('bad.csv', toCsv(NCE_INVOICE_47, rows));
    expect(document.problem).toMatch(/row 3, column Currency: "US\$" is not a currency code/);
  });
});
