/**
 * The same reconciliation lines arrive as plain CSV, gzip (one or several members, as Partner Center concatenates
 * blobs), or JSON lines (Microsoft's billing export), plain or gzipped. Every container gives the same lines.
 */
import type { BillingLine } from '../../src/billing/line';
import { openRecords } from '../../src/import/records';
import { decodeText } from '../../src/import/decode';
import { ImportSession } from '../../src/import/session';
import { bytesOf, fixtureBytes, fixtureText, gzip, importText, type Imported } from '../helpers/byte-source';
import { savedByExcel, workbookOf } from '../helpers/excel-saved';
import { costSum, lineAtRow, viewOf, type LineView } from '../helpers/lines';
import { NCE_INVOICE_47, NCE_INVOICE_AMOUNTS, nceInvoiceRow, readCsv, toCsv, toJsonLines } from '../helpers/partner-center-files';

const CSV_FILE = 'nce-invoice-2026-11-eur.csv';
const JSONL_FILE = 'nce-invoice-2026-11-export.jsonl';

/** The lines without the file they came from, to compare containers. */
const contentOf = ({ lines }: Imported) => lines.map((line) => viewOf({ ...line, sourceFile: '', sourceRow: 0 }));

function splitCsv(text: string): { header: string; rows: string[] } {
  const lines = text.split('\r\n').filter((line) => line !== '');
  return { header: lines[0], rows: lines.slice(1) };
}

describe('an Excel workbook (.xlsx): the CSV opened in Excel and saved as a workbook', () => {
  it('gives the same lines as the CSV it was saved from, SKU ids and dates included, whatever sheet comes first', async () => {
    const plain = await importText('november.csv', fixtureBytes(CSV_FILE));
    const zipped = await importText('november.xlsx', await savedByExcel(fixtureText(CSV_FILE), ['Notes']));
    expect(zipped.document).toMatchObject({ status: 'imported', container: 'xlsx', compressed: false, rowCount: 10, problem: '' });
    expect(zipped.document.costTotal.EUR.toString()).toBe(plain.document.costTotal.EUR.toString());
    expect(contentOf(zipped)).toEqual(contentOf(plain));
  });

  describe('a file over several sheets ("Part 1", "Part 2"), each starting with the header', () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const parts = (second: { header?: readonly string[]; rows: string[][] }) => workbookOf([{ name: 'Part 1', header, rows: rows.slice(0, 6) }, { name: 'Part 2', ...second }]);

    it('is read whole, in sheet order, as the CSV it was saved from', async () => {
      const plain = await importText('november.csv', fixtureBytes(CSV_FILE));
      const split = await importText('november.xlsx', await parts({ header, rows: rows.slice(6) }));
      expect(split.document).toMatchObject({ status: 'imported', container: 'xlsx', rowCount: 10, problem: '' });
      expect(split.document.costTotal.EUR.toString()).toBe('2444.25');
      expect(contentOf(split)).toEqual(contentOf(plain));
      expect(split.lines.map((line) => line.sourceRow)).toEqual([2, 3, 4, 5, 6, 7, 2, 3, 4, 5]);
    });

    it('a bad cell names the sheet and its row there', async () => {
      const subtotal = header.indexOf('Subtotal');
      const bad = rows.slice(6).map((row, i) => (i === 1 ? row.map((cell, c) => (c === subtotal ? 'n/a' : cell)) : row));
      const { document } = await importText('november.xlsx', await parts({ header, rows: bad }));
      expect(document.problem).toBe('november.xlsx, sheet Part 2, row 3, column Subtotal: "n/a" is not a number');
    });

    it("a later sheet's columns in another order are read by their names", async () => {
      const order = header.map((_, i) => i).reverse();
      const split = await importText('november.xlsx', await parts({ header: order.map((i) => header[i]), rows: rows.slice(6).map((row) => order.map((i) => row[i])) }));
      expect(split.document).toMatchObject({ status: 'imported', rowCount: 10 });
      expect(contentOf(split)).toEqual(contentOf(await importText('november.csv', fixtureBytes(CSV_FILE))));
    });

    it('a sheet of notes after them is passed over', async () => {
      const { document } = await importText('november.xlsx', await parts({ rows: [['Checked by Anna'], ['Sent to the customers on 11/3/2026']] }));
      expect(document).toMatchObject({ status: 'imported', rowCount: 6 });
    });

    it('a later sheet of charges without the header, or with it below a title, is refused rather than guessed at or left unbilled', async () => {
      expect((await importText('november.xlsx', await parts({ rows: rows.slice(6) }))).document.problem).toBe(
        "november.xlsx, sheet Part 2, row 1: sheet Part 2 holds charges without a header row: copy sheet Part 1's header into its row 1, so its columns can be told",
      );
      expect((await importText('november.xlsx', await parts({ rows: [['November, part 2'], header, ...rows.slice(6)] }))).document.problem).toBe(
        "november.xlsx, sheet Part 2, row 2: sheet Part 2 has a Partner Center header in row 2, not in row 1: delete the rows above it, so its charges are read with sheet Part 1's",
      );
    });

    it("a later sheet of another format, or whose header names other columns, is refused", async () => {
      const legacy = readCsv(fixtureText('legacy-license-2019-03-15-2022-order.csv'));
      expect((await importText('november.xlsx', await parts(legacy))).document.problem).toBe(
        'november.xlsx, sheet Part 2, row 1: sheet Part 2 starts with the header of a Legacy license-based reconciliation file, sheet Part 1 with that of a New commerce invoice reconciliation file: save each as a file of its own',
      );
      const fewer = header.filter((name) => name !== 'PromotionId');
      const { document } = await importText('november.xlsx', await parts({ header: [...fewer, 'Notes'], rows: [] }));
      expect(document.problem).toBe(
        "november.xlsx, sheet Part 2, row 1: sheet Part 2's header does not name the columns of sheet Part 1's (it lacks PromotionId; it has Notes besides): give both sheets the same header, or save each as a file of its own",
      );
    });
  });

  it("an amount Excel holds as a binary number (a formula's 0.1 + 0.2) is the 0.3 Excel shows, not 0.30000000000000004", async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const subtotal = header.indexOf('Subtotal');
    const noisy = rows.map((row, r) => row.map((cell, c) => (r === 0 && c === subtotal ? 0.1 + 0.2 : cell)));
    const { document, lines } = await importText('november.xlsx', await workbookOf([{ name: 'Sheet1', header, rows: noisy }]));
    expect(document.status).toBe('imported');
    expect(lines[0].cost.toString()).toBe('0.3');
  });

  it('an 18-digit id Excel holds as a number has lost its digits: refused as in a CSV, not billed under a wrong id that no copy matches', async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const orderId = header.indexOf('OrderId');
    const numbered = rows.map((row, r) => row.map((cell, c) => (r === 1 && c === orderId ? Number('566890604832738111') : cell)));
    const { document } = await importText('november.xlsx', await workbookOf([{ name: 'Sheet1', header, rows: numbered }]));
    expect(document.problem).toBe(
      'november.xlsx, sheet Sheet1, row 3, column OrderId: "5.66890604832738E+17" is an id Excel turned into a number, losing its digits: use the file as downloaded from Partner Center',
    );
  });

  it('a sheet whose XML is longer than a string can be (some 290,000 rows): said, naming file and sheet, with the CSV to use instead', async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const saved = await workbookOf([{ name: 'October', header, rows }]);
    // What V8 throws decoding the 539 MB sheet1.xml of 300,000 rows, here for the sheet's few rows.
    const decode = TextDecoder.prototype.decode;
    const spy = jest.spyOn(TextDecoder.prototype, 'decode').mockImplementation(function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
      const text = decode.call(this, input, options);
      if (text.includes('<sheetData')) throw Object.assign(new RangeError('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
      return text;
    });
    let document;
    try {
      ({ document } = await importText('nce300k.xlsx', saved));
    } finally {
      spy.mockRestore();
    }
    expect(document.status).toBe('failed');
    expect(document.problem).toMatch(/^nce300k\.xlsx, sheet October: the sheet is too large to read from an \.xlsx workbook \(\d+ MB of cells\): import the CSV file Partner Center gives instead, or save the sheet from Excel as CSV UTF-8$/);
  });
});

describe('plain CSV (.csv)', () => {
  it('is read as CSV, uncompressed', async () => {
    const { document } = await importText('november.csv', fixtureBytes(CSV_FILE));
    expect(document).toMatchObject({ status: 'imported', container: 'csv', compressed: false, rowCount: 10 });
  });
});

describe('gzip (.csv.gz)', () => {
  it('gives exactly the lines of the plain file', async () => {
    const plain = await importText('november.csv', fixtureBytes(CSV_FILE));
    const zipped = await importText('november.csv.gz', gzip(fixtureBytes(CSV_FILE)));
    expect(zipped.document).toMatchObject({ status: 'imported', container: 'csv', compressed: true, rowCount: 10, lineCount: 10 });
    expect(contentOf(zipped)).toEqual(contentOf(plain));
    expect(zipped.document.costTotal.EUR.toString()).toBe('2444.25');
    expect(zipped.document.contentHash).toBe(plain.document.contentHash);
  });

  it('is recognised by its bytes, not by its name', async () => {
    const { document } = await importText('november.csv', gzip(fixtureBytes(CSV_FILE)));
    expect(document).toMatchObject({ status: 'imported', compressed: true });
  });

  it('is read whole even when the source hands over one byte at a time', async () => {
    const lines: unknown[] = [];
    const document = await new ImportSession().importFile('november.csv.gz', bytesOf(gzip(fixtureBytes(CSV_FILE)), [1]), (line) => lines.push(line));
    expect(document).toMatchObject({ status: 'imported', compressed: true, rowCount: 10 });
    expect(lines).toHaveLength(10);
  });
});

describe('multi-member gzip (blobs concatenated by Partner Center)', () => {
  const { header, rows } = splitCsv(fixtureText(CSV_FILE));
  const part = (lines: string[]) => lines.join('\r\n') + '\r\n';

  it('loads the rows of every member, not only the first', async () => {
    const { document, lines } = await importText('export.csv.gz', gzip(part([header, ...rows.slice(0, 4)]), part(rows.slice(4, 7)), part(rows.slice(7))));
    expect(document).toMatchObject({ status: 'imported', compressed: true, rowCount: 10, lineCount: 10 });
    expect(costSum(lines)).toBe('2444.25');
  });

  it('skips the header row repeated inside the second member: it is not a line', async () => {
    const plain = await importText('november.csv', fixtureBytes(CSV_FILE));
    const zipped = await importText('export.csv.gz', gzip(part([header, ...rows.slice(0, 5)]), part([header, ...rows.slice(5)])));
    expect(zipped.document).toMatchObject({ status: 'imported', rowCount: 10, lineCount: 10, problem: '' });
    expect(zipped.lines.some((line) => line.customerId === 'CustomerId')).toBe(false);
    expect(zipped.document.costTotal.EUR.toString()).toBe('2444.25');
    expect(contentOf(zipped)).toEqual(contentOf(plain));
    expect(zipped.document.contentHash).toBe(plain.document.contentHash);
    // Rows keep their place in the file: the repeated header is row 7, the first line after it row 8.
    expect(lineAtRow(zipped.lines, 8).customerName).toBe(lineAtRow(plain.lines, 7).customerName);
  });

  it('warns of a header repeated in a plain CSV (two downloads pasted into one file): every line is billed', async () => {
    const joined = await importText('joined.csv', part([header, ...rows.slice(0, 5)]) + part([header, ...rows.slice(0, 5)]));
    expect(joined.document).toMatchObject({ status: 'imported', rowCount: 10, lineCount: 10 });
    expect(joined.document.warnings).toEqual([
      'row 7 repeats the header: were two downloads joined into one file? Every line is billed, and a line in both halves twice (lines within one file are never dropped as duplicates): import the downloads as separate files',
    ]);
    // Each download with its byte order mark, the header quoted or not.
    const table = readCsv(fixtureText(CSV_FILE));
    for (const quoting of ['always', undefined] as const) {
      const one = toCsv(table.header, table.rows.slice(0, 5), { quoting, bom: true });
      const withMarks = await importText('joined-bom.csv', one + one);
      expect(withMarks.document).toMatchObject({ status: 'imported', rowCount: 10, problem: '' });
      expect(withMarks.document.warnings).toEqual([expect.stringMatching(/^row 7 repeats the header/)]);
    }
    // Gzip members repeat the header by design.
    const zipped = await importText('export.csv.gz', gzip(part([header, ...rows.slice(0, 5)]), part([header, ...rows.slice(5)])));
    expect(zipped.document.warnings).toEqual([]);
  });

  it('skips a repeated header that starts with its own byte order mark', async () => {
    const { document } = await importText('export.csv.gz', gzip('\uFEFF' + part([header, ...rows.slice(0, 5)]), '\uFEFF' + part([header, ...rows.slice(5)])));
    expect(document).toMatchObject({ status: 'imported', rowCount: 10, lineCount: 10, problem: '' });
    expect(document.costTotal.EUR.toString()).toBe('2444.25');
  });

  it('skips a repeated header behind a byte order mark when the compressed bytes arrive one at a time', async () => {
    const compressed = gzip('\uFEFF' + part([header, ...rows.slice(0, 5)]), '\uFEFF' + part([header, ...rows.slice(5)]));
    const lines: unknown[] = [];
    const document = await new ImportSession().importFile('export.csv.gz', bytesOf(compressed, [1]), (line) => lines.push(line));
    expect(document).toMatchObject({ status: 'imported', rowCount: 10, lineCount: 10, problem: '' });
    expect(lines).toHaveLength(10);
  });

  it('skips a repeated header whose fields are all quoted, behind a byte order mark', async () => {
    const { header: names, rows: cells } = readCsv(fixtureText(CSV_FILE));
    const member = (part: string[][]) => '\uFEFF' + toCsv(names, part, { quoting: 'always', lineEnd: '\r\n' });
    const { document } = await importText('export.csv.gz', gzip(member(cells.slice(0, 5)), member(cells.slice(5))));
    expect(document).toMatchObject({ status: 'imported', rowCount: 10, lineCount: 10, problem: '' });
    expect(document.costTotal.EUR.toString()).toBe('2444.25');
  });

  it('reads a member whose last row has no line end when the next member starts with the header again', async () => {
    const { header: names, rows: cells } = readCsv(fixtureText(CSV_FILE));
    const plain = await importText('november.csv', fixtureBytes(CSV_FILE));
    for (const quoting of ['minimal', 'always'] as const) {
      const member = (part: string[][]) => toCsv(names, part, { quoting, finalLineEnd: false });
      const zipped = await importText('export.csv.gz', gzip(member(cells.slice(0, 5)), '\uFEFF' + member(cells.slice(5))));
      expect(zipped.document).toMatchObject({ status: 'imported', rowCount: 10, lineCount: 10, problem: '' });
      expect(zipped.document.contentHash).toBe(plain.document.contentHash);
    }
  });

  it('keeps a member of one or two bytes followed by another member (even an empty one)', async () => {
    const bytes = Buffer.from(fixtureText(CSV_FILE), 'utf8');
    const plain = await importText('november.csv', bytes);
    for (const short of [1, 2]) {
      const end = bytes.length - short;
      for (const members of [[bytes.subarray(0, end), bytes.subarray(end), new Uint8Array(0)], [bytes.subarray(0, 400), bytes.subarray(400, 400 + short), bytes.subarray(400 + short)]]) {
        const zipped = await importText('export.csv.gz', gzip(...members));
        expect(zipped.document).toMatchObject({ status: 'imported', rowCount: 10, problem: '' });
        expect(zipped.document.contentHash).toBe(plain.document.contentHash);
      }
    }
  });

  it('reads JSON-lines members that each start with a byte order mark', async () => {
    const jsonLines = fixtureText(JSONL_FILE).split('\n');
    const { document } = await importText('export.json.gz', gzip('\uFEFF' + jsonLines[0] + '\n', '\uFEFF' + jsonLines.slice(1).join('\n')));
    expect(document).toMatchObject({ status: 'imported', container: 'json-lines', rowCount: 3, problem: '' });
  });

  it('joins members split anywhere, even inside a row or a character', async () => {
    const bytes = Buffer.from('\uFEFF' + fixtureText(CSV_FILE).replaceAll('Tailspin Toys', 'Tailspin Spielwaren Köln'), 'utf8');
    const umlaut = bytes.indexOf(Buffer.from('ö', 'utf8'));
    const { document, lines } = await importText('export.csv.gz', gzip(bytes.subarray(0, 300), bytes.subarray(300, umlaut + 1), bytes.subarray(umlaut + 1)));
    expect(document).toMatchObject({ status: 'imported', rowCount: 10 });
    expect(lines.filter((line) => line.customerName === 'Tailspin Spielwaren Köln')).toHaveLength(3);
  });
});

describe('JSON lines (.jsonl, as the billing export writes them)', () => {
  it('maps PascalCase attribute names like CSV headers', async () => {
    const { document, lines } = await importText(JSONL_FILE, fixtureBytes(JSONL_FILE));
    expect(document).toMatchObject({
      status: 'imported',
      format: 'nce-invoice',
      container: 'json-lines',
      compressed: false,
      rowCount: 3,
      invoiceNumbers: ['G055512345'],
      currencies: ['USD'],
    });
    expect(viewOf(lineAtRow(lines, 2))).toEqual<LineView>({
      format: 'nce-invoice',
      customerId: '0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f',
      customerName: 'Tailspin Toys',
      customerDomain: 'tailspintoys.onmicrosoft.com',
      invoiceNumber: 'G055512345',
      subscriptionId: 'b0c1d2e3-f4a5-4b6c-9d7e-8f9a0b1c2d3e',
      subscriptionDescription: 'Microsoft 365 E3 (annual)',
      productId: 'CFQ7TTC0LFLZ',
      skuId: '0002',
      productName: 'Microsoft 365 E3',
      skuName: 'Microsoft 365 E3',
      offerId: '',
      term: 'One-Year commitment for monthly billing',
      billingFrequency: 'Monthly',
      chargeType: 'cycleCharge',
      transactionType: 'cycle fee',
      chargeStart: '2026-11-10',
      chargeEnd: '2026-12-09',
      orderDate: '2026-05-10T22:03:27.176Z',
      subscriptionStart: '2026-05-10',
      subscriptionEnd: '2027-05-09',
      quantity: '10',
      unitPrice: '150',
      effectiveUnitPrice: '150',
      cost: '1500',
      tax: '0',
      total: '1500',
      currency: 'USD',
      pricingCurrency: 'USD',
      exchangeRate: '1',
      referenceId: '{"osId":"a8b7c6d5-e4f3-4a2b-9c1d-0e9f8a7b6c5d","id":"2f3e4d5c-6b7a-4988-a776-655443322110","v":2}',
      orderId: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
      unit: 'Licenses',
      meter: '',
      promotionId: 'CFQ7TTC0LFLZ:0002:CFQ7TTC0GZQJ',
      benefit: '',
      sourceFile: JSONL_FILE,
      sourceRow: 2,
    });
  });

  it('keeps unquoted numbers with 20+ decimals exactly', async () => {
    const { document, lines } = await importText(JSONL_FILE, fixtureBytes(JSONL_FILE));
    const meter = lineAtRow(lines, 1);
    expect(meter.unitPrice!.toString()).toBe('0.1835431430074643112595');
    expect(meter.quantity.toString()).toBe('1234.56789012345678901234');
    expect(meter.effectiveUnitPrice!.toString()).toBe('0.15601167155634466457');
    expect(meter.tax!.isZero()).toBe(true);
    expect(lineAtRow(lines, 3).cost.toString()).toBe('-99.99999999999999999999');
    // 192.60 + 1.5E+3 - 99.99999999999999999999
    expect(document.costTotal.USD.toString()).toBe('1592.60000000000000000001');
  });

  it('reads null as empty', async () => {
    const { lines } = await importText(JSONL_FILE, fixtureBytes(JSONL_FILE));
    const meter = lineAtRow(lines, 1);
    expect(viewOf(meter)).toMatchObject<Partial<LineView>>({ orderId: '', orderDate: null, term: '', billingFrequency: '', referenceId: '', subscriptionEnd: null });
  });

  it('keeps nested arrays and objects as their JSON text', async () => {
    const reader = await openRecords(decodeText(bytesOf(fixtureBytes(JSONL_FILE))));
    const rows: string[][] = [];
    for await (const block of reader!.blocks()) rows.push(...block.rows);
    const cell = (row: number, name: string) => rows[row][reader!.header.indexOf(name)];
    expect(cell(0, 'ProductQualifiers')).toBe('[]');
    expect(cell(1, 'ProductQualifiers')).toBe('["AddOn"]');
    expect(cell(1, 'ReferenceId')).toBe('{"osId":"a8b7c6d5-e4f3-4a2b-9c1d-0e9f8a7b6c5d","id":"2f3e4d5c-6b7a-4988-a776-655443322110","v":2}');
    expect(cell(0, 'Tier2MpnId')).toBe('');
    expect(cell(1, 'Tier2MpnId')).toBe('7654321');
    expect(cell(0, 'PriceAdjustmentDescription')).toBe('["15.0% Partner earned credit for services managed"]');
  });

  it('accepts the API name TotalForCustomer for Total', async () => {
    const renamed = fixtureText(JSONL_FILE).replaceAll('"Total":', '"TotalForCustomer":');
    const { document, lines } = await importText('api.jsonl', renamed);
    expect(document.status).toBe('imported');
    expect(lineAtRow(lines, 2).total!.toString()).toBe('1500');
  });

  it('gzipped (.json.gz) gives the same lines', async () => {
    const plain = await importText(JSONL_FILE, fixtureBytes(JSONL_FILE));
    const zipped = await importText('export.json.gz', gzip(fixtureBytes(JSONL_FILE)));
    expect(zipped.document).toMatchObject({ status: 'imported', container: 'json-lines', compressed: true, rowCount: 3 });
    expect(contentOf(zipped)).toEqual(contentOf(plain));
  });

  it('gives the same lines and content hash as the same rows in CSV', async () => {
    const text = fixtureText(CSV_FILE);
    const { header, rows } = readCsv(text);
    const jsonLines = toJsonLines(header, rows, NCE_INVOICE_AMOUNTS);
    expect(jsonLines.split('\n')[0]).toContain('"Subtotal":515.00,');
    const fromCsv = await importText('november.csv', text);
    const fromJson = await importText('november.jsonl', jsonLines);
    expect(fromJson.document).toMatchObject({ status: 'imported', container: 'json-lines', rowCount: 10 });
    expect(contentOf(fromJson)).toEqual(contentOf(fromCsv));
    expect(fromJson.document.contentHash).toBe(fromCsv.document.contentHash);
  });
});

describe('files larger than the blocks the reader parses at a time (about 1 MB)', () => {
  // 2,500 lines, about 1.9 MB: rows and quoted multi-line names straddle block and chunk boundaries.
  const rows = Array.from({ length: 2500 }, (_, i) =>
    nceInvoiceRow({
      CustomerName: i % 7 === 0 ? `Customer "${i}",\r\nsecond line` : `Customer ${i}`,
      SubscriptionDescription: 'x'.repeat(i % 300),
      Subtotal: `${i}.01`,
    }),
  );
  // 0.01 + 1.01 + ... + 2499.01
  const total = '3123775';

  it('are well over 1 MB of text', () => {
    expect(toCsv(NCE_INVOICE_47, rows, { delimiter: ';' }).length).toBeGreaterThan(1_500_000);
  });

  it.each<[string, () => string | Uint8Array]>([
    ['CSV, CRLF, every field quoted', () => toCsv(NCE_INVOICE_47, rows, { lineEnd: '\r\n', quoting: 'always' })],
    ['CSV, LF, semicolons, gzipped', () => gzip(toCsv(NCE_INVOICE_47, rows, { delimiter: ';' }))],
    ['JSON lines, gzipped in three members', () => gzip(...[rows.slice(0, 800), rows.slice(800, 1600), rows.slice(1600)].map((part) => toJsonLines(NCE_INVOICE_47, part, NCE_INVOICE_AMOUNTS)))],
  ])('%s: every line, in order, with its exact cost', async (_, content) => {
    const lines: BillingLine[] = [];
    const document = await new ImportSession().importFile('big', bytesOf(content(), [65_536, 4093]), (line) => lines.push(line));
    expect(document).toMatchObject({ status: 'imported', rowCount: 2500, lineCount: 2500, problem: '' });
    expect(document.costTotal.USD.toString()).toBe(total);
    expect(lines.every((line, i) => line.cost.toString() === `${i}.01`)).toBe(true);
    expect(lines[7].customerName).toBe('Customer "7",\r\nsecond line');
    expect(lines.every((line, i) => line.sourceRow === i + (document.container === 'csv' ? 2 : 1))).toBe(true);
  });
});
