/**
 * A line is billed once: importing the same file again, or a file that overlaps an earlier one, must not bill the
 * shared lines twice, and must say so. Identical rows inside one file are separate charges and are kept.
 */
import { Decimal } from '../../src/billing/decimal';
import { FingerprintList } from '../../src/import/fingerprint';
import { emptyDocument, type FileImport, type ImportedDocument } from '../../src/import/import-file';
import { ImportSession } from '../../src/import/session';
import { fixtureBytes, fixtureText, gzip, importInto } from '../helpers/byte-source';
import { costSum } from '../helpers/lines';
import { NCE_INVOICE_47, nceInvoiceRow, readCsv, toCsv } from '../helpers/partner-center-files';

const CSV_FILE = 'nce-invoice-2026-11-eur.csv';
const { header, rows } = readCsv(fixtureText(CSV_FILE));

describe('the same file imported twice in one session', () => {
  it('the second copy is a duplicate: no lines passed on, and the message names the first file', async () => {
    const session = new ImportSession();
    const first = await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    const second = await importInto(session, 'november (1).csv', fixtureBytes(CSV_FILE));
    expect(first.document.status).toBe('imported');
    expect(first.lines).toHaveLength(10);
    expect(second.document).toMatchObject({ status: 'duplicate', rowCount: 10, lineCount: 0, duplicateLines: 10, duplicateOf: ['november.csv'] });
    expect(second.lines).toEqual([]);
    expect(second.document.warnings).toEqual([expect.stringContaining('november.csv')]);
    expect(second.document.duplicateCost.EUR.toString()).toBe('2444.25');
    expect(second.document.contentHash).toBe(first.document.contentHash);
    expect(session.documents.map((d) => d.status)).toEqual(['imported', 'duplicate']);
  });

  it('lets the kept lines go once the last file is read, and takes no file after it (its copies would go unseen)', async () => {
    const session = new ImportSession();
    await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    expect(session.linesSnapshot()).not.toBeNull();
    session.lastFileRead();
    expect(session.linesSnapshot()).toBeNull();
    expect(session.earlier('any')).toBeUndefined();
    await expect(importInto(session, 'november (1).csv', fixtureBytes(CSV_FILE))).rejects.toThrow('after its last file was read');
    expect(session.documents.map((d) => d.fileName)).toEqual(['november.csv']);
  });

  it('reads a file alone in its session (the last, with none before it) without fingerprints, to the same document and lines', async () => {
    const alone = new ImportSession();
    alone.lastFileNext();
    expect(alone.fingerprints()).toBe(false);
    const read = await importInto(alone, 'november.csv', fixtureBytes(CSV_FILE));
    const usual = await importInto(new ImportSession(), 'november.csv', fixtureBytes(CSV_FILE));
    expect(read.document.contentHash).toBe('');
    expect(usual.document.contentHash).not.toBe('');
    expect({ ...read.document, contentHash: usual.document.contentHash }).toEqual(usual.document);
    expect(read.lines).toEqual(usual.lines);
  });

  it('still finds the copies in the last file when files came before it', async () => {
    const session = new ImportSession();
    await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    session.lastFileNext();
    expect(session.fingerprints()).toBe(true);
    const again = await importInto(session, 'november (1).csv', fixtureBytes(CSV_FILE));
    expect(again.document).toMatchObject({ status: 'duplicate', lineCount: 0, duplicateOf: ['november.csv'] });
  });

  it('is recognised when re-saved as .csv.gz with another delimiter', async () => {
    const session = new ImportSession();
    await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    const again = await importInto(session, 'november-export.csv.gz', gzip(toCsv(header, rows, { delimiter: ';', quoting: 'always' })));
    expect(again.document).toMatchObject({ status: 'duplicate', lineCount: 0, compressed: true });
    expect(again.lines).toEqual([]);
    expect(again.document.warnings.join(' ')).toContain('november.csv');
  });

  it('is recognised when a European Excel saved it again, with semicolons and decimal commas (1702,22 for 1702.22)', async () => {
    const session = new ImportSession();
    await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    const again = await importInto(session, 'november-semicolon.csv', fixtureBytes('nce-invoice-2026-11-eur-semicolon.csv'));
    expect(again.document).toMatchObject({ status: 'duplicate', lineCount: 0, duplicateOf: ['november.csv'] });
  });

  it('is recognised as JSON lines with ISO dates (a JSON export) or with zero-padded dates', async () => {
    const session = new ImportSession();
    await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    const iso = (date: string) => {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
      return m === null ? date : `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}T00:00:00Z`;
    };
    const jsonl = rows.map((row) => JSON.stringify(Object.fromEntries(header.map((name, i) => [name, iso(row[i])])))).join('\n');
    const asJson = await importInto(session, 'november.jsonl', jsonl);
    expect(asJson.document).toMatchObject({ status: 'duplicate', lineCount: 0, duplicateOf: ['november.csv'] });
    const padded = rows.map((row) => row.map((cell) => cell.replace(/^(\d)\/(\d{1,2})\/(\d{4})$/, '0$1/$2/$3')));
    expect(padded.some((row, r) => row.join() !== rows[r].join())).toBe(true);
    const zeroPadded = await importInto(session, 'november-padded.csv', toCsv(header, padded));
    expect(zeroPadded.document.status).toBe('duplicate');
  });

  it('is recognised when Excel saved it again, writing numbers its own way (220 for 220.00, 2 for SKU 0002, 0.000071 for 7.1E-05)', async () => {
    const session = new ImportSession();
    await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    // General format: no trailing zeros, no leading ones, 15 significant digits at most.
    const excelNumber = (cell: string) => (/^-?\d+\.\d+$|^0\d+$/.test(cell) ? String(Number(Number(cell).toPrecision(15))) : cell);
    // A usage quantity of many decimals, which Excel cuts to 15 significant digits.
    const long = [header.indexOf('Quantity'), header.indexOf('BillableQuantity')];
    const withLongQuantity = rows.map((row, r) => (r === 3 ? row.map((cell, i) => (long.includes(i) ? '5.133333333333333333333333333' : cell)) : row));
    await importInto(session, 'with-long-quantity.csv', toCsv(header, withLongQuantity.slice(3, 4)));
    const resaved = withLongQuantity.map((row) => row.map(excelNumber));
    expect(resaved[3][long[0]]).toBe('5.13333333333333');
    expect(resaved.some((row, r) => row.join() !== rows[r].join())).toBe(true);
    // One line removed by hand besides: the other nine are still the same charges, dropped.
    const again = await importInto(session, 'november-excel.csv', toCsv(header, resaved.slice(1)));
    expect(again.document).toMatchObject({ status: 'duplicate', rowCount: 9, lineCount: 0, duplicateOf: ['november.csv', 'with-long-quantity.csv'] });
  });

  it('a third copy is still a duplicate of the first', async () => {
    const session = new ImportSession();
    await importInto(session, 'a.csv', fixtureBytes(CSV_FILE));
    await importInto(session, 'b.csv', fixtureBytes(CSV_FILE));
    const third = await importInto(session, 'c.csv', fixtureBytes(CSV_FILE));
    expect(third.document).toMatchObject({ status: 'duplicate', duplicateOf: ['a.csv'] });
  });

  it('two different sessions do not know about each other', async () => {
    await importInto(new ImportSession(), 'november.csv', fixtureBytes(CSV_FILE));
    const { document, lines } = await importInto(new ImportSession(), 'november.csv', fixtureBytes(CSV_FILE));
    expect(document.status).toBe('imported');
    expect(lines).toHaveLength(10);
  });
});

describe('two files sharing some lines', () => {
  it('drops the shared lines from the second file, counts them and their cost, and warns', async () => {
    const session = new ImportSession();
    const early = await importInto(session, 'early.csv', toCsv(header, rows.slice(0, 6)));
    const late = await importInto(session, 'late.csv', toCsv(header, rows.slice(3)));
    expect(early.lines).toHaveLength(6);
    expect(late.document).toMatchObject({ status: 'imported', rowCount: 7, lineCount: 4, duplicateLines: 3, duplicateOf: ['early.csv'] });
    // Rows 5 to 7 of the fixture are in both: addQuantity 54.60, customerCredit -25.00, new 1702.22.
    expect(late.document.duplicateCost.EUR.toString()).toBe('1731.82');
    expect(late.lines.map((l) => l.sourceRow)).toEqual([5, 6, 7, 8]);
    expect(late.document.warnings).toEqual([expect.stringMatching(/3 lines were already imported from early\.csv: dropped/)]);
    // The file's own total still ties to the file; what is billed is the early file plus the new lines.
    expect(late.document.costTotal.EUR.toString()).toBe('1924.74');
    expect(costSum([...early.lines, ...late.lines])).toBe('2444.25');
  });

  it('drops only as many copies as the earlier file had', async () => {
    const repeated = nceInvoiceRow({ Subtotal: '12.50' });
    const session = new ImportSession();
    await importInto(session, 'first.csv', toCsv(NCE_INVOICE_47, [repeated]));
    const second = await importInto(session, 'second.csv', toCsv(NCE_INVOICE_47, [repeated, repeated, nceInvoiceRow({ Subtotal: '1' })]));
    expect(second.document).toMatchObject({ status: 'imported', rowCount: 3, lineCount: 2, duplicateLines: 1 });
    expect(second.lines.map((l) => l.cost.toString())).toEqual(['12.5', '1']);
  });

  it('names every earlier file the shared lines came from', async () => {
    const session = new ImportSession();
    await importInto(session, 'part-1.csv', toCsv(header, rows.slice(0, 2)));
    await importInto(session, 'part-2.csv', toCsv(header, rows.slice(2, 4)));
    const all = await importInto(session, 'all.csv', toCsv(header, rows));
    expect(all.document).toMatchObject({ status: 'imported', lineCount: 6, duplicateLines: 4 });
    expect([...all.document.duplicateOf].sort()).toEqual(['part-1.csv', 'part-2.csv']);
  });
});

describe('identical rows within one file', () => {
  it('are separate charges: both are kept', async () => {
    const seat = nceInvoiceRow({ ChargeType: 'addQuantity', Subtotal: '7.80', BillableQuantity: '1' });
    const session = new ImportSession();
    const { document, lines } = await importInto(session, 'seats.csv', toCsv(NCE_INVOICE_47, [seat, seat]));
    expect(document).toMatchObject({ status: 'imported', rowCount: 2, lineCount: 2, duplicateLines: 0, warnings: [] });
    expect(lines).toHaveLength(2);
    expect(document.costTotal.USD.toString()).toBe('15.6');
  });

  it('and a later copy of that file is still a whole duplicate', async () => {
    const seat = nceInvoiceRow({ ChargeType: 'addQuantity', Subtotal: '7.80' });
    const session = new ImportSession();
    await importInto(session, 'seats.csv', toCsv(NCE_INVOICE_47, [seat, seat]));
    const again = await importInto(session, 'seats (1).csv', toCsv(NCE_INVOICE_47, [seat, seat]));
    expect(again.document).toMatchObject({ status: 'duplicate', duplicateLines: 2 });
  });
});

describe('the part files of one invoice (Partner Center splits a large export)', () => {
  it('bill both of two seat changes made the same day, one in each part: each change has its own ReferenceId', async () => {
    // One seat added twice on October 20 to the same subscription (same order, dates and amount), then a third line.
    const seat = { ChargeType: 'addQuantity', OrderDate: '10/20/2026', ChargeStartDate: '10/20/2026', Subtotal: '6.25', Total: '6.25' };
    const first = nceInvoiceRow({ ...seat, ReferenceId: '2b8e4d1a-0c3f-4e7a-9d26-5f1b8c0e7a31' });
    const second = nceInvoiceRow({ ...seat, ReferenceId: '7f3c9a2e-6b1d-4f08-8e5a-3d2c1b0a9f84' });
    const session = new ImportSession();
    await importInto(session, 'G012345678_c000.csv', toCsv(NCE_INVOICE_47, [nceInvoiceRow({}), first]));
    const other = nceInvoiceRow({ SubscriptionId: '5d2b3e4f-8091-4bac-9d8e-7f6a5b4c3d2e', Quantity: '3', BillableQuantity: '3', Subtotal: '37.50', Total: '37.50' });
    const part = await importInto(session, 'G012345678_c001.csv', toCsv(NCE_INVOICE_47, [second, other]));
    expect(part.document).toMatchObject({ status: 'imported', rowCount: 2, lineCount: 2, duplicateLines: 0, warnings: [] });
  });
});

describe('a new commerce line priced in one currency and billed in another', () => {
  it('at another exchange rate (another month\'s, as its date says) is another charge, even where the cost rounds the same', async () => {
    // 12.50 USD at 0.9215 and at 0.9212 are both 11.51 EUR once Microsoft rounds down to the cent.
    const atRate = (rate: string, date: string) =>
      nceInvoiceRow({ Currency: 'EUR', PricingCurrency: 'USD', PCToBCExchangeRate: rate, PCToBCExchangeRateDate: date, Subtotal: '11.51', Total: '11.51' });
    const session = new ImportSession();
    await importInto(session, 'october.csv', toCsv(NCE_INVOICE_47, [atRate('0.9215', '9/29/2026')]));
    const other = await importInto(session, 'october-rebilled.csv', toCsv(NCE_INVOICE_47, [atRate('0.9212', '10/29/2026')]));
    expect(other.document).toMatchObject({ status: 'imported', lineCount: 1, duplicateLines: 0 });
  });
});

describe('daily usage exports of overlapping date ranges', () => {
  const usage = readCsv(fixtureText('daily-rated-usage-2026-10.csv'));
  const usageDay = (row: readonly string[]) => Number(row[usage.header.indexOf('UsageDate')].split('/')[1]);

  it('drop the days both hold from the later export and bill its other days', async () => {
    const session = new ImportSession();
    const early = await importInto(session, 'usage-10-01-to-16.csv', toCsv(usage.header, usage.rows.filter((row) => usageDay(row) <= 16)));
    const late = await importInto(session, 'usage-10-10-to-31.csv', toCsv(usage.header, usage.rows.filter((row) => usageDay(row) >= 10)));
    const shared = usage.rows.filter((row) => usageDay(row) >= 10 && usageDay(row) <= 16).length;
    expect(shared).toBeGreaterThan(0);
    expect(late.document.rowCount).toBeGreaterThan(shared);
    expect(late.document).toMatchObject({ status: 'imported', duplicateLines: shared, lineCount: late.document.rowCount - shared, duplicateOf: ['usage-10-01-to-16.csv'] });
    expect(new Set(late.lines.map((line) => line.sourceRow)).size).toBe(late.lines.length);
    // Every day billed once: the two exports together bill what the whole month's file does.
    expect(costSum([...early.lines, ...late.lines])).toBe('3920.0952902405');
  });

  it('bill the same meter on the same day for another resource, or in another Azure subscription, as another charge', async () => {
    const column = (name: string) => usage.header.indexOf(name);
    const row = usage.rows[0];
    const otherSubscription = '7c1e9a4b-2d3f-4e5a-8b6c-9d0e1f2a3b4c';
    const otherVm = row.map((cell, i) => (i === column('ResourceURI') ? cell.replace(/\/x$/, '/vm-2') : cell));
    const inOtherSubscription = row.map((cell, i) =>
      i === column('EntitlementId') ? otherSubscription : i === column('ResourceURI') ? cell.replace(/\/subscriptions\/[^/]+/, `/subscriptions/${otherSubscription}`) : i === column('EntitlementDescription') ? 'Staging' : cell,
    );
    const session = new ImportSession();
    await importInto(session, 'usage-c000.csv', toCsv(usage.header, [row]));
    const more = await importInto(session, 'usage-c001.csv', toCsv(usage.header, [otherVm, inOtherSubscription]));
    expect(more.document).toMatchObject({ status: 'imported', lineCount: 2, duplicateLines: 0 });
  });
});

describe('a daily usage file Excel opened and saved again as CSV (its amounts in General format)', () => {
  const usage = readCsv(fixtureText('nce-daily-usage-2026-11-eur.csv'));
  const column = (name: string) => usage.header.indexOf(name);
  /** Excel's General format: 10 or 11 characters, so 0.2425625805 for 0.242562580523880000 and 7.10833E-05 for 0.0000710833333. */
  const general = (cell: string) => {
    const value = Number(cell);
    if (!/^-?\d*\.\d+$/.test(cell) || value === 0) return cell;
    if (Math.abs(value) < 1e-4) return value.toExponential(5).replace(/\.?0+e/, 'e').replace(/e-(\d)$/, 'E-0$1').replace('e', 'E');
    return String(Number(value.toPrecision(10 - (value < 0 ? 1 : 0) - Math.max(0, Math.floor(Math.log10(Math.abs(value)))))));
  };
  const rows = usage.rows.map((row, r) => (r === 2 ? row.map((cell, i) => (i === column('BillingPreTaxTotal') ? '0.0000710833333333' : cell)) : row));
  const resaved = rows.map((row) => row.map(general));

  it('cuts the amounts this test relies on, as Excel does', () => {
    expect(rows[1][column('BillingPreTaxTotal')]).toBe('0.242562580523880000');
    expect(resaved[1][column('BillingPreTaxTotal')]).toBe('0.2425625805');
    expect(resaved[1][column('Quantity')]).toBe('0.0322580645');
    expect(resaved[2][column('BillingPreTaxTotal')]).toBe('7.10833E-05');
  });

  it.each([
    ['after the file', rows, resaved],
    ['before the file (the file is then the copy)', resaved, rows],
  ])('given %s, is its duplicate: its lines are the same charges, their amounts the same to the digits Excel kept', async (_, first, second) => {
    const session = new ImportSession();
    const original = await importInto(session, 'usage.csv', toCsv(usage.header, first));
    const again = await importInto(session, 'usage-excel.csv', toCsv(usage.header, second));
    expect(again.document).toMatchObject({ status: 'duplicate', lineCount: 0, duplicateLines: rows.length, duplicateOf: ['usage.csv'] });
    expect(original.lines).toHaveLength(rows.length);
  });

  it('bills a line of the same ids, date and resource at another amount as another charge, with a warning naming the earlier file', async () => {
    const cost = column('BillingPreTaxTotal');
    // 4.323678 by hand: 4.32 (what a cut to 3 significant digits would write) and 4.3247 (past the shorter's last digit).
    const edited = (text: string) => resaved.map((row, r) => (r === 0 ? row.map((cell, i) => (i === cost ? text : cell)) : row));
    for (const text of ['4.32', '4.3247']) {
      const session = new ImportSession();
      await importInto(session, 'usage.csv', toCsv(usage.header, rows));
      const again = await importInto(session, 'usage-edited.csv', toCsv(usage.header, edited(text)));
      expect(again.document).toMatchObject({ status: 'imported', lineCount: 1, duplicateLines: rows.length - 1 });
      expect(again.lines.map((line) => line.cost.toString())).toEqual([text]);
      expect(again.document.warnings).toContain('1 line has the ids, dates and resource of a line of usage.csv at other amounts: both are billed; if one file is a copy of the other changed by hand, remove it');
    }
    // To the digits the shorter writes, at least five significant ones: 4.3237 is 4.323678 as a cut would write it.
    const session = new ImportSession();
    await importInto(session, 'usage.csv', toCsv(usage.header, rows));
    expect((await importInto(session, 'usage-cut.csv', toCsv(usage.header, edited('4.3237')))).document.status).toBe('duplicate');
  });

  it('bills two quantities of one meter, day and resource as two charges (1.2 is no cut of 1.25)', async () => {
    const at = (quantity: string, cost: string) => rows[0].map((cell, i) => (i === column('Quantity') ? quantity : i === column('BillingPreTaxTotal') ? cost : cell));
    const session = new ImportSession();
    await importInto(session, 'usage-c000.csv', toCsv(usage.header, [at('1.25', '0.225')]));
    const other = await importInto(session, 'usage-c001.csv', toCsv(usage.header, [at('1.2', '0.216')]));
    expect(other.document).toMatchObject({ status: 'imported', lineCount: 1, duplicateLines: 0 });
  });

  it('is its duplicate where Microsoft wrote the resource in another case (/resourceGroups/ and /resourcegroups/, Microsoft.Compute)', async () => {
    const resource = column('ResourceURI');
    expect(rows[0][resource]).toContain('/resourcegroups/rg-erp/providers/microsoft.compute/');
    const otherCase = rows.map((row) => row.map((cell, i) => (i === resource ? cell.replace('/resourcegroups/', '/resourceGroups/').replace('microsoft.compute', 'Microsoft.Compute') : i === column('ConsumedService') || i === column('ResourceLocation') ? cell.toUpperCase() : cell)));
    const session = new ImportSession();
    await importInto(session, 'usage.csv', toCsv(usage.header, rows));
    const again = await importInto(session, 'usage-again.csv', toCsv(usage.header, otherCase));
    expect(again.document).toMatchObject({ status: 'duplicate', lineCount: 0 });
    // The resource's name is still the resource: another VM of the same group is another charge.
    const otherVm = await importInto(session, 'usage-vm-2.csv', toCsv(usage.header, [rows[0].map((cell, i) => (i === resource ? cell.replace(/\/x$/, '/vm-2') : cell))]));
    expect(otherVm.document).toMatchObject({ status: 'imported', lineCount: 1 });
  });

  it('is its duplicate where the unit prices were recalculated between the two (EffectiveUnitPrice is left out: the cost says it)', async () => {
    const price = column('EffectiveUnitPrice');
    const session = new ImportSession();
    await importInto(session, 'usage.csv', toCsv(usage.header, rows));
    const again = await importInto(session, 'usage-later.csv', toCsv(usage.header, rows.map((row) => row.map((cell, i) => (i === price ? String(Number(cell) * 1.001) : cell)))));
    expect(again.document.status).toBe('duplicate');
  });
});

describe('a legacy licence re-billed', () => {
  it('is recognised when Excel saved it again (345.6 for 345.60 in every amount column, TotalForCustomer too)', async () => {
    const legacy = readCsv(fixtureText('legacy-license-2018-02-15.csv'));
    const resaved = legacy.rows.map((row) => row.map((cell) => (/^-?\d+\.\d*0$/.test(cell) ? String(Number(cell)) : cell)));
    expect(resaved.some((row, r) => row.join() !== legacy.rows[r].join())).toBe(true);
    const session = new ImportSession();
    await importInto(session, 'february.csv', toCsv(legacy.header, legacy.rows));
    const again = await importInto(session, 'february-excel.csv', toCsv(legacy.header, resaved));
    expect(again.document).toMatchObject({ status: 'duplicate', lineCount: 0 });
  });

  it('with its tax corrected is a new charge, not a copy of the first bill (legacy files name no invoice)', async () => {
    const legacy = readCsv(fixtureText('legacy-license-2018-02-15.csv'));
    const column = (name: string) => legacy.header.indexOf(name);
    const first = legacy.rows[0];
    const rebilled = first.map((cell, i) => (i === column('Tax') ? '25.60' : i === column('TotalForCustomer') ? '345.60' : cell));
    const session = new ImportSession();
    await importInto(session, 'february.csv', toCsv(legacy.header, [first]));
    const again = await importInto(session, 'february-reissue.csv', toCsv(legacy.header, [rebilled]));
    expect(again.document).toMatchObject({ status: 'imported', lineCount: 1, duplicateLines: 0 });
  });
});

describe('files that did not import lend no lines', () => {
  it('a failed file does not make the next file a duplicate', async () => {
    const session = new ImportSession();
    const broken = toCsv(header, [...rows.slice(0, 5), rows[5].map((cell, i) => (header[i] === 'Subtotal' ? 'n/a' : cell))]);
    const failed = await importInto(session, 'broken.csv', broken);
    const good = await importInto(session, 'november.csv', fixtureBytes(CSV_FILE));
    expect(failed.document.status).toBe('failed');
    expect(good.document).toMatchObject({ status: 'imported', lineCount: 10, duplicateLines: 0 });
  });
});

describe('the same invoice in two forms (a CSV and the workbook Excel saved from it)', () => {
  const held = (fileName: string, more: Partial<ImportedDocument> = {}): FileImport => ({
    document: { ...emptyDocument(fileName), status: 'imported', format: 'nce-invoice', invoiceNumbers: ['G100000001'], rowCount: 3, lineCount: 3, costTotal: { USD: Decimal.parse('26.4') }, ...more },
    keptFingerprints: new FingerprintList(),
  });

  it('is said on the later file as it is imported, by rows read: a few lines matching as duplicates do not hide it', () => {
    const session = new ImportSession();
    session.accept(held('october.csv'));
    const workbook = session.accept(held('october.xlsx', { lineCount: 2, duplicateLines: 1 }));
    expect(workbook.warnings).toEqual([
      'the same invoice as october.csv in another form (invoice G100000001, 3 lines, the same cost): 2 of its lines did not match as duplicates and are billed twice; remove one of them',
    ]);
    expect(session.accept(held('october (1).xlsx')).warnings).toEqual([
      'the same invoice as october.csv in another form (invoice G100000001, 3 lines, the same cost): both are billed; if one is a copy of the other (saved again, edited), remove it, but keep both if they are two parts of one export',
    ]);
    // Another month's file of the same shape, or the same invoice at another cost, is not the same invoice.
    expect(session.accept(held('other.csv', { invoiceNumbers: ['G100000002'] })).warnings).toEqual([]);
    expect(session.accept(held('changed.csv', { costTotal: { USD: Decimal.parse('26.41') } })).warnings).toEqual([]);
  });
});
