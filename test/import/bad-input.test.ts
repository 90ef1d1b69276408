/**
 * Files that are not what they should be fail alone, with one line saying which file, which row, which column and
 * why, in the accountant's words and without a stack trace. The other files of the session still import.
 */
import { zipSync } from 'fflate';
import { ImportSession } from '../../src/import/session';
import { fixtureBytes, fixtureText, gzip, importInto, importText } from '../helpers/byte-source';
import { NCE_INVOICE_47, nceInvoiceRow, readCsv, toCsv } from '../helpers/partner-center-files';

const CSV_FILE = 'nce-invoice-2026-11-eur.csv';

/** One line, starting with the file name, no stack trace. */
function expectOneLineProblem(problem: string, fileName: string): void {
  expect(problem.startsWith(`${fileName}`)).toBe(true);
  expect(problem).not.toMatch(/[\r\n]/);
  expect(problem).not.toMatch(/\bat .+:\d+:\d+/);
  expect(problem).not.toMatch(/Error:|TypeError|undefined|\[object/);
}

async function failed(fileName: string, content: string | Uint8Array) {
  const { document, lines } = await importText(fileName, content);
  expect(document.status).toBe('failed');
  expectOneLineProblem(document.problem, fileName);
  return { document, lines };
}

/** The NCE fixture with one cell of one data row (row numbers as a spreadsheet shows them) replaced. */
function withCell(row: number, column: string, value: string): string {
  const { header, rows } = readCsv(fixtureText(CSV_FILE));
  const index = header.indexOf(column);
  return toCsv(header, rows.map((cells, i) => (i + 2 === row ? cells.map((cell, c) => (c === index ? value : cell)) : cells)));
}

describe('files that are not Partner Center reconciliation files', () => {
  it('a random CSV', async () => {
    const { document } = await failed('bank-statement.csv', 'Date,Description,Amount\n10/1/2026,Coffee,3.50\n');
    expect(document.problem).toMatch(/^bank-statement\.csv, row 1: not a Partner Center reconciliation file/);
    expect(document.format).toBeNull();
  });

  it('a JSON-lines file of something else', async () => {
    const { document } = await failed('events.jsonl', '{"event":"login","user":"anna"}\n');
    expect(document.problem).toContain('not a Partner Center reconciliation file');
  });

  it('an empty file', async () => {
    const { document } = await failed('empty.csv', '');
    expect(document.problem).toBe('empty.csv: the file is empty');
  });

  it('a file of blank lines', async () => {
    const { document } = await failed('blank.csv', '\r\n\r\n  \r\n');
    expect(document.problem).toBe('blank.csv: the file is empty');
  });

  it('a PNG image', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
    const { document } = await failed('logo.png', png);
    expect(document.problem).toBe('logo.png: this is a binary file, not a reconciliation file (CSV or JSON lines)');
  });

  it('UTF-16 text without its byte order mark: said as such, not as a binary file', async () => {
    const text = 'PartnerId\tCustomerId\tCustomerName\r\np1\tc1\tContoso\r\n';
    const le = Buffer.from(text, 'utf16le');
    expect((await failed('unicode.txt', le)).document.problem).toBe('unicode.txt: this is UTF-16 text without its byte order mark: save it from Excel as "CSV UTF-8" and import that');
    expect((await failed('unicode-be.txt', Buffer.from(le).swap16())).document.problem).toMatch(/UTF-16 text without its byte order mark/);
  });

  it('an Excel workbook without a reconciliation sheet, and a zip that is no workbook', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<?xml version="1.0"?><Types/>'), 'xl/workbook.xml': new TextEncoder().encode('<workbook/>') });
    const { document } = await failed('november.xlsx', xlsx);
    expect(document.problem).toBe('november.xlsx: an Excel workbook with no sheet whose first row is a Partner Center header (sheets: none): download the reconciliation file from Partner Center again');
    const zip = zipSync({ 'november.csv': new TextEncoder().encode('PartnerId,CustomerId\n') });
    expect((await failed('november.zip', zip)).document.problem).toBe('november.zip: this is a zip file, not a reconciliation file or an Excel workbook: download the CSV from Partner Center');
  });
});

describe('a header without lines', () => {
  it('is empty, with a warning, not a failure', async () => {
    const { document, lines } = await importText('header-only.csv', toCsv(NCE_INVOICE_47, []));
    expect(document).toMatchObject({ status: 'empty', format: 'nce-invoice', rowCount: 0, lineCount: 0, problem: '' });
    expect(document.warnings).toEqual(['the file has a header but no lines']);
    expect(lines).toEqual([]);
  });

  it('also without a final line end', async () => {
    const { document } = await importText('header-only.csv', NCE_INVOICE_47.join(','));
    expect(document.status).toBe('empty');
  });
});

describe('damaged downloads', () => {
  const zipped = gzip(fixtureBytes(CSV_FILE));

  it('a gzip file cut in the middle', async () => {
    const { document, lines } = await failed('november.csv.gz', zipped.subarray(0, Math.floor(zipped.length / 2)));
    expect(document.problem).toMatch(/^november\.csv\.gz: the gzip file is (damaged or )?truncated/);
    expect(document.status).toBe('failed');
    // Whatever was passed on before the damage showed must not be billed: the document says failed.
    expect(lines.length).toBeLessThan(10);
  });

  it.each([1, 4, 7, 8])('a gzip file with %i bytes of its 8-byte trailer cut off', async (cut) => {
    const { document } = await failed('november.csv.gz', zipped.subarray(0, zipped.length - cut));
    expect(document.problem).toMatch(/^november\.csv\.gz: the gzip file is (damaged or )?truncated/);
  });

  it('a multi-member gzip whose last member is cut in its trailer', async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const members = gzip(toCsv(header, rows.slice(0, 5)), toCsv(header, rows.slice(5)));
    const { document } = await failed('export.csv.gz', members.subarray(0, members.length - 3));
    expect(document.problem).toContain('truncated');
  });

  it('a gzip file with a corrupted byte in its data', async () => {
    const corrupted = Uint8Array.from(zipped);
    corrupted[Math.floor(corrupted.length / 2)] ^= 0xff;
    const { document } = await failed('november.csv.gz', corrupted);
    expect(document.problem).toMatch(/gzip file is (damaged|truncated)/);
  });
});

describe('a required column missing', () => {
  it.each(['Subtotal', 'ChargeType', 'CustomerId', 'Currency', 'ChargeStartDate', 'InvoiceNumber', 'SubscriptionId'])('names the missing column %s', async (column) => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const keep = header.map((name, i) => (name === column ? -1 : i)).filter((i) => i >= 0);
    const { document } = await failed('no-column.csv', toCsv(keep.map((i) => header[i]), rows.map((row) => keep.map((i) => row[i]))));
    expect(document.problem).toBe(`no-column.csv, row 1: required column missing for a New commerce invoice reconciliation file: ${column}`);
  });

  it('names all the missing columns', async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const keep = header.map((name, i) => (name === 'ChargeType' || name === 'Currency' ? -1 : i)).filter((i) => i >= 0);
    const { document } = await failed('two-missing.csv', toCsv(keep.map((i) => header[i]), rows.map((row) => keep.map((i) => row[i]))));
    expect(document.problem).toContain('required columns missing');
    expect(document.problem).toContain('ChargeType, Currency');
  });

  it.each([
    ['legacy-license-2019-03-15-2022-order.csv', 'Subtotal', 'Legacy license-based reconciliation'],
    ['legacy-usage-2019-02-15-2022-order.csv', 'InvoiceNumber', 'Legacy usage-based (Azure) reconciliation'],
    ['nce-daily-usage-2026-11-eur.csv', 'BillingCurrency', 'New commerce daily-rated usage reconciliation'],
  ])('in %s, names the missing column %s', async (file, column, label) => {
    const renamed = fixtureText(file).replace(`,${column},`, `,${column}Old,`);
    const { document } = await failed('old.csv', renamed);
    expect(document.problem).toBe(`old.csv, row 1: required column missing for a ${label} file: ${column}`);
  });
});

describe('a column held twice: which one Microsoft wrote cannot be told', () => {
  /** A file (the NCE fixture by default) with a column of the user's own, named `name`, inserted at `at` (0-based). */
  function withColumn(name: string, at: number, value: (row: string[]) => string, csv = fixtureText(CSV_FILE)): string {
    const { header, rows } = readCsv(csv);
    const insert = (cells: string[], cell: string) => [...cells.slice(0, at), cell, ...cells.slice(at)];
    return toCsv(insert(header, name), rows.map((row) => insert(row, value(row))));
  }

  it("a Subtotal of the user's own before Microsoft's is refused, naming both columns, rather than billed", async () => {
    const { header } = readCsv(fixtureText(CSV_FILE));
    const subtotal = header.indexOf('Subtotal');
    const { document, lines } = await failed('doubled.csv', withColumn('Subtotal', 0, (row) => String(Number(row[subtotal]) * 2)));
    expect(document.problem).toBe(
      "doubled.csv, row 1: the header has two Subtotal columns, A and T (columns 1 and 20): which one is Microsoft's cannot be told, so the file is not billed; remove or rename the one added to it",
    );
    expect(lines).toHaveLength(0);
  });

  it('a column written in another case is the same column (SUBTOTAL after Subtotal)', async () => {
    const { document } = await failed('upper.csv', withColumn('SUBTOTAL', 47, () => '0'));
    expect(document.problem).toMatch(/^upper\.csv, row 1: the header has two Subtotal columns \(Subtotal and SUBTOTAL\), S and AV \(columns 19 and 48\)/);
  });

  it('two names of one column, CustomerName and CustomerCompanyName in a legacy usage file, are the column twice', async () => {
    const { document } = await failed('legacy.csv', withColumn('CustomerName', 0, () => 'Someone Else', fixtureText('legacy-usage-2019-02-15-2022-order.csv')));
    expect(document.problem).toMatch(/^legacy\.csv, row 1: the header has both CustomerName and CustomerCompanyName, one column under two names, A and E \(columns 1 and 5\)/);
  });

  it("columns Microsoft writes side by side (BillableQuantity and Quantity) are not a duplicate, and columns nothing reads may repeat", async () => {
    const { header } = readCsv(fixtureText(CSV_FILE));
    expect(header).toEqual(expect.arrayContaining(['BillableQuantity', 'Quantity']));
    const { document } = await importText('notes.csv', withColumn('Notes', 0, () => 'again', withColumn('Notes', 0, () => 'checked')));
    expect(document).toMatchObject({ status: 'imported', rowCount: 10, problem: '' });
  });
});

describe('a bad cell names its row and column', () => {
  it.each([
    ['12,5x', 'Subtotal', '"12,5x" is not a number'],
    ['n/a', 'Subtotal', '"n/a" is not a number'],
    ['$515.00', 'Subtotal', '"$515.00" is not a number'],
    ['1,234.50', 'Subtotal', '"1,234.50" is not a number'],
    ['', 'Subtotal', 'the amount is empty'],
    ['ten', 'BillableQuantity', '"ten" is not a number'],
    ['2/30/2026', 'ChargeStartDate', '"2/30/2026" is not a date (no such day in that month)'],
    ['13/01/2026', 'ChargeEndDate', '"13/01/2026" is not a date (month out of range: M/D/YYYY puts the month first; were the day and month swapped by an Excel set to day-first dates?)'],
    ['', 'Currency', 'the currency is empty'],
    // The product a line is priced by: billed under '' it would lose its price without a word (QA: 62.50 for 75.00).
    ['', 'ProductId', 'the ProductId is empty: every New commerce invoice reconciliation line names its product, by which it is priced; use the file as downloaded from Partner Center'],
    // The full-period cost a seat change is prorated by is UnitPrice × quantity × the rate: whatever the prices.
    ['0', 'PCToBCExchangeRate', 'the exchange rate is 0: an exchange rate must be above 0'],
    ['-0.9215', 'PCToBCExchangeRate', 'the exchange rate is -0.9215: an exchange rate must be above 0'],
    // Settings refuses a currency that is not three letters: a line would otherwise be billed in a currency of its own.
    ['US$', 'Currency', '"US$" is not a currency code: Partner Center writes three letters, such as USD or EUR'],
    ['EURO', 'Currency', '"EURO" is not a currency code: Partner Center writes three letters, such as USD or EUR'],
  ])('%j in %s', async (value, column, reason) => {
    const { document } = await failed('november.csv', withCell(4, column, value));
    expect(document.problem).toBe(`november.csv, row 4, column ${column}: ${reason}`);
  });

  it('a charge that ends before it starts (day and month swapped by an Excel set to day-first dates, every day 12 or less) is refused naming both columns', async () => {
    // nce-invoice-2026-10.csv's lines whose days are all 12 or less, saved day first: 10/3/2026 became 3/10/2026.
    const { document } = await failed('nce-invoice-2026-10-day-first.csv', fixtureBytes('nce-invoice-2026-10-day-first.csv'));
    expect(document.problem).toBe(
      'nce-invoice-2026-10-day-first.csv, row 2, column ChargeEndDate: the charge ends on "1/11/2026" (ChargeEndDate) before it starts on "3/10/2026" (ChargeStartDate): were the day and month swapped when the file was saved (Excel set to day-first dates)? Use the file as downloaded from Partner Center',
    );
  });

  it('a charge ending on the day it starts, at an earlier hour (its end written without a time), is no reason to refuse the file', async () => {
    const { header, rows } = readCsv(withCell(4, 'ChargeStartDate', '11/5/2026 13:00'));
    const end = header.indexOf('ChargeEndDate');
    const { document } = await importText('one-day.csv', toCsv(header, rows.map((cells, i) => (i === 2 ? cells.map((cell, c) => (c === end ? '11/5/2026' : cell)) : cells))));
    expect(document).toMatchObject({ status: 'imported', problem: '' });
  });

  it('a blank ProductId in a daily usage file (which holds marketplace consumption too) is billed, with a warning naming its rows', async () => {
    const daily = readCsv(fixtureText('daily-rated-usage-2026-10.csv'));
    const product = daily.header.indexOf('ProductId');
    const blanked = daily.rows.map((cells, i) => (i === 0 || i === 3 ? cells.map((cell, c) => (c === product ? '' : cell)) : cells));
    const { document } = await importText('daily.csv', toCsv(daily.header, blanked));
    expect(document.status).toBe('imported');
    expect(document.warnings).toEqual(['rows 2, 5: the ProductId is empty, so the lines are billed under no product, which no price row can name; check them in Partner Center']);
    // A new commerce invoice line without its SkuId: billed, said; a price row for the whole product still prices it.
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const noSku = rows.map((cells, i) => (i === 1 ? cells.map((cell, c) => (c === header.indexOf('SkuId') ? '' : cell)) : cells));
    const invoice = (await importText('nosku.csv', toCsv(header, noSku))).document;
    expect(invoice.status).toBe('imported');
    expect(invoice.warnings).toContain('row 3: the SkuId is empty, so the line is billed under no SKU, priced only by a row for the whole product; check it in Partner Center');
    // A legacy usage line without a Sku is a meter without one (the fixture's row 5): nothing to say.
    expect((await importText('legacy.csv', fixtureText('legacy-usage-2019-02-15-2022-order.csv'))).document.warnings).toEqual([]);
  });

  it('an exchange rate of 0 on a line that costs nothing (never prorated) is no reason to refuse the file', async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const at = (column: string) => header.indexOf(column);
    const free = rows.map((cells, i) => (i === 2 ? cells.map((cell, c) => (c === at('PCToBCExchangeRate') ? '0' : [at('Subtotal'), at('TaxTotal'), at('Total')].includes(c) ? '0' : cell)) : cells));
    const { document } = await importText('trial.csv', toCsv(header, free));
    expect(document.problem).toBe('');
    expect(document.status).toBe('imported');
  });

  it('a JSON line that is not valid JSON names its row', async () => {
    const jsonl = fixtureText('nce-invoice-2026-11-export.jsonl').split('\n');
    jsonl[1] = jsonl[1].replace('"Subtotal":1.5E+3', '"Subtotal":1.5E+3,,');
    const { document } = await failed('export.jsonl', jsonl.join('\n'));
    expect(document.problem).toMatch(/^export\.jsonl, row 2: not valid JSON/);
  });

  it('JSON in another shape than JSON lines (an array, an API reply, an object spread over lines) is said to be so', async () => {
    const lines = fixtureText('nce-invoice-2026-11-export.jsonl').trim().split('\n');
    const message = "export.json, row 1: JSON, but not JSON lines: Partner Center's JSON export has one line item a line (.jsonl); an array, an API reply holding the items, or an object spread over lines is not read";
    for (const text of [
      `[${lines.join(',\n')}]`,
      `{"items":[${lines.join(',')}],"totalCount":${lines.length}}`,
      `{"totalCount":${lines.length},"items":[${lines.join(',')}]}`,
      `{\n  "PartnerId": "p"\n}`,
    ]) {
      expect((await failed('export.json', text)).document.problem).toBe(message);
    }
  });

  it('the first bad row is named and the others are counted', async () => {
    const { header, rows } = readCsv(fixtureText(CSV_FILE));
    const subtotal = header.indexOf('Subtotal');
    const broken = rows.map((row, i) => (i % 3 === 1 ? row.map((cell, c) => (c === subtotal ? 'x' : cell)) : row));
    const { document } = await failed('november.csv', toCsv(header, broken));
    expect(document.problem).toBe('november.csv, row 3, column Subtotal: "x" is not a number');
    expect(document.moreProblems).toBe(2);
  });
});

describe('malformed CSV', () => {
  it('an unclosed quote', async () => {
    const text = toCsv(NCE_INVOICE_47, [nceInvoiceRow({}), nceInvoiceRow({ CustomerName: 'Fabrikam, Inc.' })]).replace('"Fabrikam, Inc."', '"Fabrikam, Inc.');
    const { document } = await failed('november.csv', text);
    expect(document.problem).toMatch(/^november\.csv, row 3: malformed CSV: a quoted field is not closed/);
  });

  it('a row with fewer cells than the header is read with the missing cells empty', async () => {
    const text = toCsv(NCE_INVOICE_47, [nceInvoiceRow({})]).replace(/,License-based\n$/, '\n');
    const { document } = await importText('short-row.csv', text);
    expect(document.status).toBe('imported');
  });

  it('a file that stops in the middle of a row says so, even where the amounts were read', async () => {
    for (const fields of [NCE_INVOICE_47.indexOf('Subtotal') - 1, 44, 1]) {
      const cut = nceInvoiceRow({}).slice(0, fields);
      const { document } = await failed('download.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow({}), cut], { finalLineEnd: false }));
      expect(document.problem).toBe(`download.csv, row 3: the file ends in the middle of this row (it has ${fields} of the header's 47 fields): is the download complete?`);
    }
    // The same rows, each ended by a line end: the file was written that way, and a complete last row needs none.
    expect((await importText('short-row.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow({}), nceInvoiceRow({}).slice(0, 44)]))).document.status).toBe('imported');
    expect((await importText('whole.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow({})], { finalLineEnd: false }))).document.status).toBe('imported');
  });

  it('a short row that cannot be read says how many fields it has', async () => {
    const cut = nceInvoiceRow({}).slice(0, NCE_INVOICE_47.indexOf('Subtotal') - 1);
    const { document } = await failed('edited.csv', toCsv(NCE_INVOICE_47, [cut, nceInvoiceRow({})]));
    expect(document.problem).toBe(`edited.csv, row 2, column Subtotal: the amount is empty (the row has ${cut.length} of the header's 47 fields)`);
  });

  it('a value holding an unquoted delimiter would shift the columns: the row is named', async () => {
    // Billed by position, Contoso's row would read its amounts one column to the left of where they are.
    const text = toCsv(NCE_INVOICE_47, [nceInvoiceRow({}), nceInvoiceRow({ CustomerName: 'Contoso' })]).replace('Contoso', 'Contoso, Ltd');
    const { document } = await failed('november.csv', text);
    expect(document.problem).toBe('november.csv, row 3: the row has 48 fields where the header has 47: a value holding a comma is not quoted');
    const semicolons = toCsv(NCE_INVOICE_47, [nceInvoiceRow({ CustomerName: 'Contoso' })], { delimiter: ';' }).replace('Contoso', 'Contoso; Ltd');
    expect((await failed('november.csv', semicolons)).document.problem).toMatch(/row 2: .* a value holding a semicolon is not quoted$/);
  });

  it('"1.702" in a semicolon file: its row says whether the point is a decimal mark or a thousands separator; a row that does not is refused', async () => {
    const euro = { UnitPrice: '851', EffectiveUnitPrice: '851', Quantity: '2', BillableQuantity: '2', TaxTotal: '0', PCToBCExchangeRate: '1' };
    const file = (row: Parameters<typeof nceInvoiceRow>[0]) => toCsv(NCE_INVOICE_47, [nceInvoiceRow({ ...euro, ...row })], { delimiter: ';' });
    // Decimal commas beside it: a European Excel's #.##0 format wrote 1702 so; read as 1.702 it would bill a thousandth.
    expect((await failed('thousands.csv', file({ Subtotal: '1.702', Total: '2025,38' }))).document.problem).toBe(
      'thousands.csv, row 2, column Subtotal: "1.702" could be read two ways (1702 with a thousands separator, or 1,702), and nothing else in its row says which: save the file again without thousands separators',
    );
    // Nothing else in the row with a decimal mark: not guessed either.
    expect((await failed('bare.csv', file({ Subtotal: '1.702', Total: '1.702' }))).document.problem).toMatch(/^bare\.csv, row 2, column Subtotal: "1\.702" could be read two ways/);
    // Decimal points beside it (a semicolon file written with points): 1.702 it is.
    const { document, lines } = await importText('points.csv', file({ UnitPrice: '0.851', EffectiveUnitPrice: '0.851', Subtotal: '1.702', Total: '2.02' }));
    expect(document.problem).toBe('');
    expect(lines[0].cost.toString()).toBe('1.702');
  });

  it('a line end of the other kind runs two rows together: the row is named, none is lost', async () => {
    // In a Windows (CRLF) file a bare LF is text inside a field: the next row would vanish into this one's last cell.
    const rows = [nceInvoiceRow({}), nceInvoiceRow({ Subtotal: '1800' }), nceInvoiceRow({})];
    const lines = toCsv(NCE_INVOICE_47, rows, { lineEnd: '\r\n' }).split('\r\n');
    const text = `${lines.slice(0, 2).join('\r\n')}\n${lines.slice(2).join('\r\n')}`;
    const { document } = await failed('edited.csv', text);
    expect(document.problem).toBe('edited.csv, row 2: the row has 93 fields where the header has 47: two rows run together (the file mixes Windows and Unix line ends: save it again from one program)');
  });

  it('empty fields after the last column (a trailing delimiter) are harmless', async () => {
    const text = toCsv(NCE_INVOICE_47, [nceInvoiceRow({}), nceInvoiceRow({})]).replace(/\n/g, ',,\n');
    const { document, lines } = await importText('trailing.csv', text.replace(/,,\n/, '\n'));
    expect(document.status).toBe('imported');
    expect(lines).toHaveLength(2);
  });
});

describe('one bad file does not stop the others', () => {
  it('after each kind of failure, the next file of the session still imports', async () => {
    const session = new ImportSession();
    const bad: Array<[string, string | Uint8Array]> = [
      ['bank.csv', 'Date,Amount\n1/1/2026,1\n'],
      ['empty.csv', ''],
      ['cut.csv.gz', gzip(fixtureBytes(CSV_FILE)).subarray(0, 200)],
      ['wrong-date.csv', withCell(3, 'ChargeStartDate', '2/30/2026')],
      ['logo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])],
    ];
    for (const [name, content] of bad) {
      const { document } = await importInto(session, name, content);
      expect([name, document.status]).toEqual([name, 'failed']);
    }
    const good = await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    expect(good.document).toMatchObject({ status: 'imported', lineCount: 10, duplicateLines: 0 });
    expect(good.lines).toHaveLength(10);
    expect(session.documents.map((d) => d.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'imported']);
  });
});
