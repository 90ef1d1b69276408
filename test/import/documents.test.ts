/**
 * What the task pane shows for each imported file: its format, invoices, currencies, row count, exact cost total,
 * a content hash that recognises the same lines however the file was saved, and the billing date it belongs to.
 */
import { formatIsoDate } from '../../src/billing/dates';
import { fixtureBytes, fixtureText, gzip, importFixture, importText } from '../helpers/byte-source';
import { NCE_INVOICE_47, NCE_INVOICE_AMOUNTS, nceInvoiceRow, readCsv, toCsv, toJsonLines } from '../helpers/partner-center-files';

const CSV_FILE = 'nce-invoice-2026-11-eur.csv';

describe('the summary of each imported file', () => {
  it.each<[string, { format: string; invoices: string[]; currency: string; rows: number; cost: string }]>([
    ['nce-invoice-2026-10.csv', { format: 'nce-invoice', invoices: ['G397236329'], currency: 'USD', rows: 60, cost: '24088.54' }],
    ['nce-invoice-2026-11-eur.csv', { format: 'nce-invoice', invoices: ['G031415926'], currency: 'EUR', rows: 10, cost: '2444.25' }],
    ['nce-invoice-2022-03-46-columns.csv', { format: 'nce-invoice', invoices: ['G009876543'], currency: 'USD', rows: 11, cost: '275.23' }],
    ['nce-invoice-unbilled-2026-12.csv', { format: 'nce-invoice', invoices: [], currency: 'USD', rows: 4, cost: '161.8' }],
    ['nce-invoice-2026-11-export.jsonl', { format: 'nce-invoice', invoices: ['G055512345'], currency: 'USD', rows: 3, cost: '1592.60000000000000000001' }],
    ['daily-rated-usage-2026-10.csv', { format: 'nce-daily-usage', invoices: ['G636450400'], currency: 'USD', rows: 132, cost: '3920.0952902405' }],
    ['nce-daily-usage-2026-11-eur.csv', { format: 'nce-daily-usage', invoices: ['G031415927'], currency: 'EUR', rows: 8, cost: '10.32463406184663' }],
    ['legacy-license-2018-02-15.csv', { format: 'legacy-license', invoices: [], currency: 'USD', rows: 12, cost: '720.23' }],
    ['legacy-license-2019-03-15-2022-order.csv', { format: 'legacy-license', invoices: [], currency: 'USD', rows: 5, cost: '618.96' }],
    ['legacy-license-2017-06-12-2017-order.csv', { format: 'legacy-license', invoices: [], currency: 'USD', rows: 4, cost: '614.07' }],
    ['legacy-usage-2019-02-15-2022-order.csv', { format: 'legacy-usage', invoices: ['D0300069TL'], currency: 'USD', rows: 4, cost: '119.89' }],
    ['legacy-usage-2017-05-15-2017-spellings.csv', { format: 'legacy-usage', invoices: ['D0300021AB'], currency: 'USD', rows: 2, cost: '116.16' }],
  ])('%s', async (file, expected) => {
    const { document, lines } = await importFixture(file, { cycleEndDay: 15 });
    expect(document).toMatchObject({
      fileName: file,
      status: 'imported',
      format: expected.format,
      invoiceNumbers: expected.invoices,
      currencies: [expected.currency],
      rowCount: expected.rows,
      lineCount: expected.rows,
      duplicateLines: 0,
      problem: '',
    });
    expect(Object.keys(document.costTotal)).toEqual([expected.currency]);
    expect(document.costTotal[expected.currency].toString()).toBe(expected.cost);
    expect(lines).toHaveLength(expected.rows);
    expect(document.contentHash).toMatch(new RegExp(`^[0-9a-f]{32}-${expected.rows}$`));
  });

  it('lists every invoice number in the file, sorted', async () => {
    const rows = ['G2', 'G1', 'G2', ''].map((invoice) => nceInvoiceRow({ InvoiceNumber: invoice }));
    const { document } = await importText('two-invoices.csv', toCsv(NCE_INVOICE_47, rows));
    expect(document.invoiceNumbers).toEqual(['G1', 'G2']);
  });

  it('keeps a total per currency and warns that they are never added together', async () => {
    const rows = [
      nceInvoiceRow({ Currency: 'EUR', Subtotal: '10.10' }),
      nceInvoiceRow({ Currency: 'USD', Subtotal: '20.20' }),
      nceInvoiceRow({ Currency: 'EUR', Subtotal: '0.01' }),
    ];
    const { document } = await importText('mixed.csv', toCsv(NCE_INVOICE_47, rows));
    expect(document.currencies).toEqual(['EUR', 'USD']);
    expect(document.costTotal.EUR.toString()).toBe('10.11');
    expect(document.costTotal.USD.toString()).toBe('20.2');
    expect(document.warnings).toEqual([expect.stringContaining('mixes currencies (EUR, USD)')]);
  });

  it('records the first and last charge start', async () => {
    const { document } = await importFixture(CSV_FILE);
    expect(formatIsoDate(document.firstChargeStart!)).toBe('2026-11-01');
    expect(formatIsoDate(document.lastChargeStart!)).toBe('2026-11-26');
  });

  it('reports progress in bytes and rows', async () => {
    const progress: Array<{ bytes: number; rows: number }> = [];
    await importText(CSV_FILE, fixtureBytes(CSV_FILE), { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ bytes: fixtureBytes(CSV_FILE).length, rows: 10 });
  });

  it('stops when the user cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    const { document, lines } = await importText(CSV_FILE, fixtureBytes(CSV_FILE), { signal: controller.signal });
    expect(document.status).toBe('cancelled');
    expect(document.problem).toBe(`${CSV_FILE}: import cancelled`);
    expect(lines).toEqual([]);
  });
});

describe('the content hash of a file', () => {
  const text = fixtureText(CSV_FILE);
  const { header, rows } = readCsv(text);

  async function hashOf(fileName: string, content: string | Uint8Array): Promise<string> {
    const { document } = await importText(fileName, content);
    expect(document.status).toBe('imported');
    return document.contentHash;
  }

  it('is the same for the same lines re-saved with another delimiter, quoting, line end, BOM or container', async () => {
    const original = await hashOf('original.csv', text);
    const variants: Array<[string, string | Uint8Array]> = [
      ['semicolon.csv', toCsv(header, rows, { delimiter: ';' })],
      ['tab.txt', toCsv(header, rows, { delimiter: '\t' })],
      ['quoted.csv', toCsv(header, rows, { quoting: 'always' })],
      ['lf.csv', toCsv(header, rows, { lineEnd: '\n' })],
      ['bom.csv', toCsv(header, rows, { bom: true, lineEnd: '\r\n' })],
      ['reordered-rows.csv', toCsv(header, [...rows].reverse())],
      ['reordered-columns.csv', toCsv([...header].reverse(), rows.map((row) => [...row].reverse()))],
      ['gzip.csv.gz', gzip(text)],
      ['multi-member.csv.gz', gzip(toCsv(header, rows.slice(0, 3)), toCsv(header, rows.slice(3)))],
      ['export.jsonl', toJsonLines(header, rows, NCE_INVOICE_AMOUNTS)],
      ['export.json.gz', gzip(toJsonLines(header, rows, NCE_INVOICE_AMOUNTS, '\r\n'))],
    ];
    for (const [name, content] of variants) {
      expect([name, await hashOf(name, content)]).toEqual([name, original]);
    }
  });

  it('is the same when only names and descriptions changed (a renamed customer is still the same charge)', async () => {
    const renamed = rows.map((row) => row.map((cell) => (cell === 'Fabrikam, Inc.' ? 'Fabrikam Incorporated' : cell)));
    expect(renamed).not.toEqual(rows);
    expect(await hashOf('renamed.csv', toCsv(header, renamed))).toBe(await hashOf('original.csv', text));
  });

  it('is different for different lines', async () => {
    const original = await hashOf('original.csv', text);
    const subtotal = header.indexOf('Subtotal');
    const oneCentMore = rows.map((row, i) => (i === 4 ? row.map((cell, c) => (c === subtotal ? '-24.99' : cell)) : row));
    const customerId = header.indexOf('CustomerId');
    const anotherCustomer = rows.map((row, i) => (i === 0 ? row.map((cell, c) => (c === customerId ? cell.replace(/.$/, (d) => (d === '0' ? '1' : '0')) : cell)) : row));
    const variants: Array<[string, string]> = [
      ['one cent more', toCsv(header, oneCentMore)],
      ['another customer', toCsv(header, anotherCustomer)],
      ['a row left out', toCsv(header, rows.slice(1))],
      ['a row twice', toCsv(header, [...rows, rows[0]])],
      ['two cells swapped between rows', toCsv(header, [rows[1], rows[0], ...rows.slice(2)].map((row, i) => (i < 2 ? [...row.slice(0, subtotal), rows[i][subtotal], ...row.slice(subtotal + 1)] : row)))],
    ];
    const hashes = new Set([original]);
    for (const [what, content] of variants) {
      const hash = await hashOf(`${what}.csv`, content);
      expect([what, hashes.has(hash)]).toEqual([what, false]);
      hashes.add(hash);
    }
  });
});

describe('the billing date of a file', () => {
  it('new commerce: the last day of the month most charges start in', async () => {
    for (const [file, expected] of [
      ['nce-invoice-2026-10.csv', '2026-10-31'],
      [CSV_FILE, '2026-11-30'],
      ['nce-invoice-unbilled-2026-12.csv', '2026-12-31'],
      ['nce-daily-usage-2026-11-eur.csv', '2026-11-30'],
      ['nce-invoice-2026-11-export.jsonl', '2026-11-30'],
    ]) {
      const { document } = await importFixture(file, { cycleEndDay: 15 });
      expect([file, formatIsoDate(document.billingDate!)]).toEqual([file, expected]);
      expect(document.billingDateOverridden).toBe(false);
      expect(document.billingDateRule).toContain('new commerce');
    }
  });

  it('legacy, billing day the 15th: the first 15th on or after the latest cycle-fee charge start', async () => {
    const { document } = await importFixture('legacy-license-2018-02-15.csv', { cycleEndDay: 15 });
    expect(formatIsoDate(document.billingDate!)).toBe('2018-02-15');
    expect(formatIsoDate(document.inferredBillingDate!)).toBe('2018-02-15');
    expect(document.billingDateRule).toBe('legacy: the first billing day (day 15) on or after the latest cycle-fee charge start, 2018-02-11');
  });

  it('legacy with the cycle ending on the last day of the month: the month end', async () => {
    const { document } = await importFixture('legacy-license-2018-02-15.csv', { cycleEndDay: 'last' });
    expect(formatIsoDate(document.billingDate!)).toBe('2018-02-28');
  });

  it('legacy without a cycle end day set: the month end', async () => {
    const { document } = await importFixture('legacy-license-2018-02-15.csv');
    expect(formatIsoDate(document.billingDate!)).toBe('2018-02-28');
  });

  it.each<[string, number, string]>([
    ['legacy-license-2019-03-15-2022-order.csv', 15, '2019-03-15'],
    ['legacy-license-2017-06-12-2017-order.csv', 12, '2017-06-12'],
    ['legacy-usage-2019-02-15-2022-order.csv', 15, '2019-02-15'],
    ['legacy-usage-2017-05-15-2017-spellings.csv', 15, '2017-05-15'],
  ])('%s with cycle end day %i is billed on %s', async (file, cycleEndDay, expected) => {
    const { document } = await importFixture(file, { cycleEndDay });
    expect(formatIsoDate(document.billingDate!)).toBe(expected);
  });

  it('can be set by the user; the inferred date stays visible', async () => {
    const override = Date.UTC(2018, 2, 15);
    const { document } = await importFixture('legacy-license-2018-02-15.csv', { cycleEndDay: 15, billingDate: override });
    expect(document.billingDate).toBe(override);
    expect(document.billingDateOverridden).toBe(true);
    expect(formatIsoDate(document.inferredBillingDate!)).toBe('2018-02-15');
  });

  it('a null override means "use the inferred date"', async () => {
    const { document } = await importFixture(CSV_FILE, { billingDate: null });
    expect(document.billingDateOverridden).toBe(false);
    expect(formatIsoDate(document.billingDate!)).toBe('2026-11-30');
  });

  it('says so when no line has a charge date', async () => {
    const rows = [nceInvoiceRow({ ChargeStartDate: '', ChargeEndDate: '' })];
    const { document } = await importText('no-dates.csv', toCsv(NCE_INVOICE_47, rows));
    expect(document.status).toBe('imported');
    expect(document.billingDate).toBeNull();
    expect(document.billingDateRule).toBe('no charge dates in the file');
  });
});
