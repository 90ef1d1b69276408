/**
 * How cell text is read: numbers in every notation Partner Center and Excel write, dates in every documented
 * form, encodings, delimiters, line ends and CSV quoting, and ids that must stay text.
 */
import { fixtureBytes, fixtureText, importFixture, importText } from '../helpers/byte-source';
import { lineAtRow, viewOf } from '../helpers/lines';
import { NCE_INVOICE_47, nceInvoiceRow, toCsv, type NceInvoiceColumn } from '../helpers/partner-center-files';

type Row = Partial<Record<NceInvoiceColumn, string>>;

/** A new commerce invoice file of the given rows (defaults for everything else), and its imported lines. */
async function importRows(rows: Row[], style: Parameters<typeof toCsv>[2] = {}) {
  return importText('october.csv', toCsv(NCE_INVOICE_47, rows.map(nceInvoiceRow), style));
}

describe('amounts', () => {
  it.each([
    ['7.10833E-05', '0.0000710833'],
    ['0.00E+00', '0'],
    ['1.5E+3', '1500'],
    ['-9.408E+01', '-94.08'],
    ['0.1835431430074643112595', '0.1835431430074643112595'],
    ["'22.000000000000000000", '22'],
    ["'0E-20", '0'],
    ['-0.00', '0'],
  ])('the cost %j is %s', async (subtotal, expected) => {
    const { document, lines } = await importRows([{ Subtotal: subtotal }]);
    expect(document.status).toBe('imported');
    expect(lines[0].cost.toString()).toBe(expected);
    expect(document.costTotal.USD.toString()).toBe(expected);
  });

  it('reads every amount column the same way: quantity, prices, tax, total, exchange rate', async () => {
    const { lines } = await importRows([
      {
        BillableQuantity: "'22.000000000000000000",
        UnitPrice: '1.2E+01',
        EffectiveUnitPrice: '0.1835431430074643112595',
        TaxTotal: "'0E-20",
        Total: '4.03794914616421484770900E+00',
        PCToBCExchangeRate: '9.215E-01',
        Subtotal: '4.037949146164214847709',
      },
    ]);
    expect(viewOf(lines[0])).toMatchObject({
      quantity: '22',
      unitPrice: '12',
      effectiveUnitPrice: '0.1835431430074643112595',
      tax: '0',
      total: '4.037949146164214847709',
      exchangeRate: '0.9215',
      cost: '4.037949146164214847709',
    });
  });

  it('leaves an amount the file does not give as missing, not zero', async () => {
    const { lines } = await importRows([{ TaxTotal: '', Total: '', UnitPrice: '' }]);
    expect(lines[0].tax).toBeNull();
    expect(lines[0].total).toBeNull();
    expect(lines[0].unitPrice).toBeNull();
  });
});

describe('dates', () => {
  it.each([
    ['10/5/2026', '2026-10-05'],
    ['10/05/2026', '2026-10-05'],
    ['10/5/2026 0:00', '2026-10-05'],
    ['10/5/2026 23:59', '2026-10-05T23:59'],
    ['10/5/2026 12:00:00 AM', '2026-10-05'],
    ['10/5/2026 2:30:00 PM', '2026-10-05T14:30'],
    ['2026-10-05T00:00:00Z', '2026-10-05'],
    ['2026-10-05T00:00:00', '2026-10-05'],
    ['2026-10-04T17:00:00-07:00', '2026-10-05'],
    ['2026-10-05T02:00:00+02:00', '2026-10-05'],
  ])('the charge start %j is %s (UTC)', async (text, expected) => {
    const { lines } = await importRows([{ ChargeStartDate: text }]);
    expect(viewOf(lines[0]).chargeStart).toBe(expected);
  });
});

describe('text encodings', () => {
  it('strips the UTF-8 byte order mark glued to the first header, whatever that column is', async () => {
    const columns = ['CustomerId', ...NCE_INVOICE_47.filter((c) => c !== 'CustomerId')];
    const row = nceInvoiceRow({ CustomerId: '0a7e1a05-5b4f-4a44-9d0e-2f0b7a1c9e11' });
    const reordered = columns.map((c) => row[NCE_INVOICE_47.indexOf(c as NceInvoiceColumn)]);
    const { document, lines } = await importText('bom.csv', toCsv(columns, [reordered], { bom: true }));
    expect(document.status).toBe('imported');
    expect(lines[0].customerId).toBe('0a7e1a05-5b4f-4a44-9d0e-2f0b7a1c9e11');
  });

  it('reads a Windows-1252 file (Excel "CSV (Comma delimited)") and says so', async () => {
    const bytes = fixtureBytes('legacy-license-2019-03-15-windows-1252.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const { document, lines } = await importText('march-windows.csv', bytes, { cycleEndDay: 15 });
    expect(document.status).toBe('imported');
    expect(document.warnings).toEqual([expect.stringContaining('not UTF-8; it was read as Windows-1252')]);
    expect(lines.map((l) => l.customerName)).toEqual(['Müller & Söhne – Café', 'Müller & Söhne – Café', 'Société Générale €', 'A. Datum Corporation', 'A. Datum Corporation']);
    expect(document.costTotal.USD.toString()).toBe('618.96');
  });

  it('reads a Windows-1252 file whose first accented letter comes after its first 64 KiB as a small one is read, and says so', async () => {
    const asciiStart = Buffer.from(toCsv(NCE_INVOICE_47, Array.from({ length: 200 }, () => nceInvoiceRow({ CustomerName: 'Contoso' }))));
    const latin1Row = Buffer.from(toCsv(NCE_INVOICE_47, [nceInvoiceRow({ CustomerName: 'Caf\u00e9 Noir' })]).split('\n').slice(1).join('\n'), 'latin1');
    expect(asciiStart.length).toBeGreaterThan(65_536);
    const { document, lines } = await importText('late-windows.csv', Buffer.concat([asciiStart, latin1Row]));
    expect(document.status).toBe('imported');
    expect(document.warnings).toEqual([expect.stringContaining('not UTF-8; it was read as Windows-1252')]);
    expect(lines.map((l) => l.customerName).slice(-2)).toEqual(['Contoso', 'Caf\u00e9 Noir']);
  });

  it('refuses a file that turns out not to be UTF-8 after UTF-8 text in its first 64 KiB, and one cut in the middle of a character', async () => {
    const utf8Start = Buffer.from(toCsv(NCE_INVOICE_47, Array.from({ length: 200 }, () => nceInvoiceRow({ CustomerName: 'Société Générale' }))));
    const latin1Row = Buffer.from(toCsv(NCE_INVOICE_47, [nceInvoiceRow({ CustomerName: 'Caf\u00e9 Noir' })]).split('\n').slice(1).join('\n'), 'latin1');
    const late = await importText('late-latin1.csv', Buffer.concat([utf8Start, latin1Row]));
    expect(late.document.status).toBe('failed');
    expect(late.document.problem).toBe('late-latin1.csv: the file is not UTF-8 text (binary data, or a legacy encoding): save it as CSV UTF-8');
    const cut = await importText('cut.csv', Buffer.concat([utf8Start, Buffer.from([0xc3])]));
    expect(cut.document.problem).toBe('cut.csv: the file ends in the middle of a character: it is truncated');
    const replacement = await importRows([{ CustomerName: 'Name with \uFFFD written in it' }]);
    expect(replacement.lines[0].customerName).toBe('Name with \uFFFD written in it');
  });

  it.each([
    ['little-endian', 'utf16le'],
    ['big-endian', 'utf16be'],
  ] as const)('reads a %s UTF-16 file with its byte order mark (Excel "Unicode Text", tab-separated)', async (_, encoding) => {
    const rows = [nceInvoiceRow({ CustomerName: 'Société Générale – Zürich € 😀', Subtotal: '515.00' }), nceInvoiceRow({ Subtotal: '-39.00' })];
    const text = toCsv(NCE_INVOICE_47, rows, { delimiter: '\t', lineEnd: '\r\n', bom: true });
    const le = Buffer.from(text, 'utf16le');
    // Node has no big-endian encoder: swap each code unit's bytes.
    const bytes = encoding === 'utf16le' ? le : Buffer.from(le).swap16();
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from(encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff]));
    const { document, lines } = await importText('unicode.txt', bytes);
    expect(document.problem).toBe('');
    expect(document.warnings).toEqual([]);
    expect(lines.map((l) => [l.customerName, l.cost.toString()])).toEqual([
      ['Société Générale – Zürich € 😀', '515'],
      [rows[1][NCE_INVOICE_47.indexOf('CustomerName')], '-39'],
    ]);
  });

  it('does not warn about a UTF-8 file with accents', async () => {
    const { document, lines } = await importRows([{ CustomerName: 'Société Générale – Zürich €' }]);
    expect(document.warnings).toEqual([]);
    expect(lines[0].customerName).toBe('Société Générale – Zürich €');
  });
});

describe('delimiters, line ends and quoting', () => {
  const file = 'nce-invoice-2026-11-eur.csv';

  it.each<[string, ',' | ';' | '\t']>([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('reads a %s-separated file', async (_, delimiter) => {
    const rows = [{ CustomerName: 'Fabrikam, Inc.; Europe', Subtotal: '515.00' }, { Subtotal: '-39.00' }];
    const { document, lines } = await importRows(rows, { delimiter });
    expect(document).toMatchObject({ status: 'imported', delimiter, rowCount: 2 });
    expect(lines[0].customerName).toBe('Fabrikam, Inc.; Europe');
    expect(document.costTotal.USD.toString()).toBe('476');
  });

  it('reads a semicolon file re-saved by a European Excel, with decimal commas, BOM and CRLF', async () => {
    expect(fixtureText('nce-invoice-2026-11-eur-semicolon.csv')).toContain(';cycleCharge;20,60;25;515,00;97,85;612,85;EUR;');
    const comma = await importFixture(file);
    const semicolon = await importFixture('nce-invoice-2026-11-eur-semicolon.csv');
    expect(semicolon.document).toMatchObject({ status: 'imported', delimiter: ';', rowCount: 10 });
    expect(semicolon.document.costTotal.EUR.toString()).toBe('2444.25');
    const amounts = (l: (typeof comma.lines)[number]) => [l.customerName, l.quantity, l.unitPrice, l.effectiveUnitPrice, l.cost, l.tax, l.total, l.exchangeRate].map(String);
    expect(semicolon.lines.map(amounts)).toEqual(comma.lines.map(amounts));
  });

  it('reads CRLF line ends without leaving a carriage return in the last column', async () => {
    expect(fixtureText(file)).toContain('\r\n');
    const { lines } = await importFixture(file);
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => !Object.values(viewOf(l)).some((v) => typeof v === 'string' && v.includes('\r')))).toBe(true);
  });

  it('reads a file whose last row has no line end', async () => {
    const { document } = await importRows([{ Subtotal: '1' }, { Subtotal: '2' }], { finalLineEnd: false, lineEnd: '\r\n' });
    expect(document).toMatchObject({ status: 'imported', rowCount: 2 });
    expect(document.costTotal.USD.toString()).toBe('3');
  });

  it('skips blank lines between rows without counting them as lines', async () => {
    const text = toCsv(NCE_INVOICE_47, [nceInvoiceRow({ Subtotal: '1' }), nceInvoiceRow({ Subtotal: '2' })]).replace(/\n(?=.)/g, '\n\n').concat('\n\n');
    const { document } = await importText('gaps.csv', text);
    expect(document).toMatchObject({ status: 'imported', rowCount: 2 });
  });

  it('reads a new commerce SkuId that Excel turned into a number ("1") as Microsoft writes it ("0001")', async () => {
    const { lines } = await importRows([{ SkuId: '1' }, { SkuId: '12' }, { SkuId: '0002' }, { SkuId: 'DZH318Z0BQ3Q' }]);
    expect(lines.map((line) => line.skuId)).toEqual(['0001', '0012', '0002', 'DZH318Z0BQ3Q']);
  });

  it('refuses an id Excel turned into a number in scientific notation: its digits are lost', async () => {
    const { document } = await importRows([{}, { CustomerId: '1.00000000000000E+17' }]);
    expect(document.status).toBe('failed');
    expect(document.problem).toBe('october.csv, row 3, column CustomerId: "1.00000000000000E+17" is an id Excel turned into a number, losing its digits: use the file as downloaded from Partner Center');
    // A European or Swedish Excel writes it with a decimal comma (its ";" file).
    const european = await importText('october.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow({ OrderId: '5,66891E+17' })], { delimiter: ';' }));
    expect(european.document.problem).toBe('october.csv, row 2, column OrderId: "5,66891E+17" is an id Excel turned into a number, losing its digits: use the file as downloaded from Partner Center');
    // Its longest form: fifteen significant digits and a three-digit exponent.
    const longest = await importRows([{}, { OrderId: '-1.23456789012345E+308' }]);
    expect(longest.document.problem).toBe('october.csv, row 3, column OrderId: "-1.23456789012345E+308" is an id Excel turned into a number, losing its digits: use the file as downloaded from Partner Center');
    const kept = await importRows([{ CustomerId: '100000000000000001', SubscriptionId: "'1E+5" }]);
    expect(kept.document.status).toBe('imported');
  });

  it('refuses a totals row added in Excel (no customer, no product), rather than billing its sum as a customer', async () => {
    const blank = Object.fromEntries(NCE_INVOICE_47.map((column) => [column, '']));
    const { document } = await importRows([{}, {}, { ...blank, PartnerId: 'Total', Subtotal: '52.80', Total: '55.44', Currency: 'USD' }]);
    expect(document.status).toBe('failed');
    expect(document.problem).toBe('october.csv, row 4, column CustomerId: the row names no customer: is it a totals row added in Excel? Remove it');
    const labelled = await importRows([{}, { ...blank, CustomerId: 'Total', Subtotal: '52.80', Currency: 'USD' }]);
    expect(labelled.document.problem).toBe('october.csv, row 3, column ProductId: the row names no product and no charge type: is it a totals row added in Excel? Remove it');
  });

  it('skips rows of delimiters only (Excel writes them for formatted empty rows), in the middle and at the end', async () => {
    const empty = ','.repeat(NCE_INVOICE_47.length - 1);
    const [header, first, second] = toCsv(NCE_INVOICE_47, [nceInvoiceRow({ Subtotal: '1' }), nceInvoiceRow({ Subtotal: '2' })]).split('\n');
    const { document } = await importText('saved.csv', [header, first, empty, second, empty, ' ,'.repeat(3), '\u00a0,\t, ', ''].join('\n'));
    expect(document).toMatchObject({ status: 'imported', rowCount: 2 });
    expect(document.costTotal.USD.toString()).toBe('3');
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', async () => {
    const { document, lines } = await importRows(
      [
        { CustomerName: 'Contoso "Blue", Ltd.', SubscriptionDescription: 'Line one\r\nLine two, "quoted"', Subtotal: '10' },
        { CustomerName: 'Fabrikam', SubscriptionDescription: 'Only\nLF', Subtotal: '20' },
        { CustomerName: 'Tailspin', Subtotal: '30' },
      ],
      { lineEnd: '\r\n', quoting: 'always' },
    );
    expect(document).toMatchObject({ status: 'imported', rowCount: 3 });
    expect(lines.map((l) => [l.customerName, l.subscriptionDescription])).toEqual([
      ['Contoso "Blue", Ltd.', 'Line one\r\nLine two, "quoted"'],
      ['Fabrikam', 'Only\nLF'],
      ['Tailspin', 'Microsoft 365 Business Standard'],
    ]);
    // A row is a record, as a spreadsheet shows it, not a physical line of text.
    expect(lines.map((l) => l.sourceRow)).toEqual([2, 3, 4]);
  });
});

describe('ids stay text', () => {
  it('keeps 18-digit numeric ids and leading zeros exactly', async () => {
    const { lines } = await importRows([
      { OrderId: '566890604832738111', SkuId: '0001', ProductId: '000123', InvoiceNumber: '0000123456', SubscriptionId: '100000000000000001' },
    ]);
    expect(lines[0]).toMatchObject({ orderId: '566890604832738111', skuId: '0001', productId: '000123', invoiceNumber: '0000123456', subscriptionId: '100000000000000001' });
    expect(String(Number('566890604832738111'))).not.toBe('566890604832738111');
  });

  it("drops Excel's apostrophe guard from ids, and keeps it in names", async () => {
    const { lines } = await importRows([{ SkuId: "'0001", OrderId: "'566890604832738111", CustomerName: "'t Hooft B.V." }]);
    expect(lines[0]).toMatchObject({ skuId: '0001', orderId: '566890604832738111', customerName: "'t Hooft B.V." });
  });

  it('keeps the 18-digit OrderID of the 2017 legacy file', async () => {
    const { lines } = await importFixture('legacy-license-2017-06-12-2017-order.csv');
    expect(lineAtRow(lines, 2).orderId).toBe('566890604832738111');
    expect(lineAtRow(lines, 3).orderId).toBe('566890604832738112');
  });
});

describe('charge types as written', () => {
  it('compares charge types in any case but keeps them as written', async () => {
    const { document, lines } = await importRows([{ ChargeType: 'cycleCharge' }, { ChargeType: 'cyclecharge' }, { ChargeType: 'CycleCharge' }]);
    expect(lines.map((l) => [l.chargeType, l.transactionType])).toEqual([
      ['cycleCharge', 'cycle fee'],
      ['cyclecharge', 'cycle fee'],
      ['CycleCharge', 'cycle fee'],
    ]);
    expect(document.warnings).toEqual([]);
  });

  it('warns once per unknown charge type, with how many lines carry it', async () => {
    const { document, lines } = await importRows([{ ChargeType: 'tierTransitionFee' }, { ChargeType: 'tierTransitionFee', Subtotal: '-1' }, { ChargeType: 'new' }]);
    expect(document.status).toBe('imported');
    expect(lines.map((l) => l.transactionType)).toEqual(['pro-rated charge', 'refund', 'cycle fee']);
    expect(document.warnings).toEqual([expect.stringContaining('unknown charge type "tierTransitionFee" on 2 lines')]);
  });
});
