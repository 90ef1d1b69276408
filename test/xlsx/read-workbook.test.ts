/**
 * Reading configuration tables from an .xlsx without opening the rest of it (src/xlsx/read-workbook.ts): the
 * report workbook's own tables with its Billing Lines sheet never inflated, SpreadsheetML as other writers write it
 * (namespace prefixes, inline and rich strings, phonetic runs, formulas, booleans, errors, cells without references,
 * escapes, the 1904 date system, built-in and custom formats), and files that are not workbooks.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readConfig } from '../../src/billing/config';
import { buildWorkbookLayout, SHEET_NAMES } from '../../src/workbook/build-layout';
import { layoutToXlsxBytes } from '../../src/xlsx/write-layout';
import { openXlsx, WorkbookFileError } from '../../src/xlsx/read-workbook';
import { sampleRun } from '../helpers/workbook-layout';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The deflated data of one zip entry overwritten with bytes no inflater accepts. */
function corruptEntry(zip: Uint8Array, name: string): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  // The first occurrence of the name is the entry's local header (entries come before the central directory).
  const nameBytes = strToU8(name);
  for (let at = 30; at < copy.length; at++) {
    if (view.getUint32(at - 30, true) !== 0x04034b50 || view.getUint16(at - 4, true) !== nameBytes.length) continue;
    if (!nameBytes.every((byte, i) => copy[at + i] === byte)) continue;
    const data = at + nameBytes.length + view.getUint16(at - 2, true);
    copy.fill(0xff, data, data + 64);
    return copy;
  }
  throw new Error(`no entry ${name}`);
}

describe('the report workbook as a configuration', () => {
  it('reads the configuration tables without inflating the Billing Lines sheet (here damaged beyond reading)', async () => {
    const run = await sampleRun();
    const layout = buildWorkbookLayout(run.report, run);
    const bytes = new Uint8Array(await layoutToXlsxBytes(layout));
    const linesSheet = `xl/worksheets/sheet${layout.sheets.findIndex((sheet) => sheet.name === SHEET_NAMES.lines) + 1}.xml`;
    const damaged = corruptEntry(bytes, linesSheet);
    // Read whole, the file fails: the damage is real.
    expect(() => unzipSync(damaged)).toThrow();

    const workbook = openXlsx(damaged, 'report.xlsx');
    expect(workbook.sheets.slice(0, 6)).toEqual(layout.sheets.map((sheet) => sheet.name));
    expect(workbook.tables.map((table) => [table.name, table.sheet])).toEqual([
      ['CustomerSummary', SHEET_NAMES.summary],
      ['BillingLines', SHEET_NAMES.lines],
      ['Settings', 'Settings'],
      ['Customers', 'Customers'],
      ['Prices', 'Prices'],
      ['CustomerPrices', 'Customer Prices'],
      ['Invoices', 'Invoices'],
    ]);
    const tables = workbook.tables.filter((table) => table.name !== 'BillingLines' && table.name !== 'CustomerSummary');
    const customers = tables.find((table) => table.name === 'Customers')!;
    const rows = workbook.cells(customers.sheet, customers);
    expect(rows[0]).toEqual(layout.userTables[1].columns);
    expect(rows.slice(1).map((row) => row[0])).toEqual(layout.userTables[1].candidates.map((candidate) => candidate[0]));
    // Its Billing Lines stay unread: asking for them is what would fail.
    expect(() => workbook.usedCells(SHEET_NAMES.lines)).toThrow(WorkbookFileError);
  });
});

/** A workbook as another writer might make it, from its parts' XML. */
function workbookOf(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));
}

const ROOT_RELS = `<?xml version="1.0"?><Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/book/main.xml"/></Relationships>`;

function otherWriter(options: { date1904?: boolean } = {}): Record<string, string> {
  return {
    '_rels/.rels': ROOT_RELS,
    // Another folder, prefixed elements, relationships by absolute and relative targets.
    'book/main.xml': `<?xml version="1.0"?><x:workbook xmlns:x="${MAIN}" xmlns:rel="${REL}"><x:workbookPr${options.date1904 ? ' date1904="1"' : ''}/><x:sheets><x:sheet name="Notes" sheetId="1" rel:id="r1"/><x:sheet name="Price list" sheetId="2" rel:id="r2"/><x:sheet name="Customers" sheetId="3" rel:id="r3"/></x:sheets></x:workbook>`,
    'book/_rels/main.xml.rels': `<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="r1" Type="${REL}/worksheet" Target="sheets/notes.xml"/><Relationship Id="r2" Type="${REL}/worksheet" Target="/book/sheets/prices.xml"/><Relationship Id="r3" Type="${REL}/worksheet" Target="sheets/customers.xml"/><Relationship Id="r4" Type="${REL}/styles" Target="look.xml"/><Relationship Id="r5" Type="${REL}/sharedStrings" Target="strings.xml"/><Relationship Id="r6" Type="${REL}/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>`,
    // Style 1: built-in date (14); 2: custom percent; 3: a date format in quotes and brackets; 4: a time (20).
    'book/look.xml': `<x:styleSheet xmlns:x="${MAIN}"><x:numFmts count="2"><x:numFmt numFmtId="164" formatCode="0.0%"/><x:numFmt numFmtId="165" formatCode="[$-409]d&quot;.&quot;mmm yyyy"/></x:numFmts><x:cellStyleXfs count="1"><x:xf numFmtId="9"/></x:cellStyleXfs><x:cellXfs count="5"><x:xf numFmtId="0"/><x:xf numFmtId="14"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/><x:xf numFmtId="20"/></x:cellXfs></x:styleSheet>`,
    // A rich string with a phonetic guide, an escaped line break, entities.
    'book/strings.xml': `<x:sst xmlns:x="${MAIN}"><x:si><x:t>Product ID</x:t></x:si><x:si><x:t>Sales price</x:t></x:si><x:si><x:r><x:t>Fabri</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">kam &amp; Co</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ファ</x:t></x:rPh></x:si><x:si><x:t>Line_x000D_break &lt;b&gt; &#233;</x:t></x:si></x:sst>`,
    'book/sheets/notes.xml': `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    'book/sheets/_rels/prices.xml.rels': `<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="t1" Type="${REL}/table" Target="../tables/prices-table.xml"/></Relationships>`,
    'book/tables/prices-table.xml': `<table xmlns="${MAIN}" id="1" name="Table1" displayName="Prices" ref="B2:E6" totalsRowCount="1"><autoFilter ref="B2:E5"/></table>`,
    // Cells without references, inline strings, a formula with its cached result, a boolean, an error.
    'book/sheets/prices.xml':
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
      `<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Valid from</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Act</x:t></x:r><x:r><x:t>ive</x:t></x:r></x:is></x:c></x:row>` +
      `<x:row><x:c r="B3" t="inlineStr"><x:is><x:t>0042</x:t></x:is></x:c><x:c r="C3"><x:f>7.5*2</x:f><x:v>15</x:v></x:c><x:c r="D3" s="1"><x:v>46326</x:v></x:c><x:c r="E3" t="b"><x:v>1</x:v></x:c></x:row>` +
      `<x:row r="4"><x:c r="B4" t="str"><x:f>"CFQ"&amp;"7"</x:f><x:v>CFQ7</x:v></x:c><x:c r="C4" s="2"><x:v>0.145</x:v></x:c><x:c r="D4" s="3"><x:v>46327.75</x:v></x:c><x:c r="E4" t="e"><x:v>#N/A</x:v></x:c></x:row>` +
      `<x:row r="5"><x:c r="B5"><x:v>1.0000000000000001E-2</x:v></x:c><x:c r="C5" s="4"><x:v>0.5</x:v></x:c></x:row>` +
      `<x:row r="6"><x:c r="B6" t="inlineStr"><x:is><x:t>Total</x:t></x:is></x:c></x:row>` +
      `</x:sheetData></x:worksheet>`,
    // A sheet without a table: read from A1 through its last filled cell, gaps included.
    'book/sheets/customers.xml': `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Customer ID</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Organization</x:t></x:is></x:c></x:row><x:row r="3"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c r="C3" s="0"/></x:row></x:sheetData></x:worksheet>`,
  };
}

describe('SpreadsheetML as other writers write it', () => {
  const workbook = openXlsx(workbookOf(otherWriter()), 'other.xlsx');

  it('finds the sheets and tables through the relationships, wherever the parts are', () => {
    expect(workbook.sheets).toEqual(['Notes', 'Price list', 'Customers']);
    // The totals row is left out.
    expect(workbook.tables).toEqual([{ name: 'Prices', sheet: 'Price list', top: 2, left: 2, bottom: 5, right: 5 }]);
  });

  it('gives each cell the text the user typed, by the add-in’s own rules', () => {
    const [table] = workbook.tables;
    expect(workbook.cells(table.sheet, table)).toEqual([
      ['Product ID', 'Sales price', 'Valid from', 'Active'],
      ['0042', '15', '2026-10-31', 'TRUE'],
      ['CFQ7', '14.5', '2026-11-01T18:00:00', '#N/A'],
      // A double prints as its shortest text; a time of day is not a date.
      ['0.01', '0.5', '', ''],
    ]);
  });

  it('joins rich text without its phonetic guide, and undoes XML and Excel escapes', () => {
    expect(workbook.usedCells('Customers')).toEqual([
      ['Customer ID', 'Organization'],
      ['', ''],
      ['Fabrikam & Co', ''],
    ]);
    expect(workbook.usedCells('Notes')).toEqual([['Line\rbreak <b> é']]);
  });

  it('counts dates from 1904 in a workbook that says so', () => {
    const book1904 = openXlsx(workbookOf(otherWriter({ date1904: true })), 'mac.xlsx');
    const [table] = book1904.tables;
    expect(book1904.cells(table.sheet, table)[1][2]).toBe('2030-11-01');
  });

  it('asked for currency marks (configuration tables), a number cell carries its format’s currency; by default it does not', () => {
    const parts = otherWriter();
    // Style 5: a custom euro format; 6: built-in 7, a currency format whose symbol the file does not name.
    parts['book/look.xml'] = parts['book/look.xml']
      .replace('<x:numFmts count="2">', '<x:numFmts count="3"><x:numFmt numFmtId="166" formatCode="[$€-x-euro2] #,##0.00"/>')
      .replace('<x:xf numFmtId="20"/></x:cellXfs>', '<x:xf numFmtId="20"/><x:xf numFmtId="166"/><x:xf numFmtId="7"/></x:cellXfs>');
    parts['book/sheets/prices.xml'] = parts['book/sheets/prices.xml'].replace('<x:c r="C3">', '<x:c r="C3" s="5">').replace('<x:c r="B5">', '<x:c r="B5" s="6">');
    const bytes = workbookOf(parts);
    const plain = openXlsx(bytes, 'other.xlsx');
    const [table] = plain.tables;
    expect(plain.cells(table.sheet, table).map((row) => row.slice(0, 2))).toEqual([['Product ID', 'Sales price'], ['0042', '15'], ['CFQ7', '14.5'], ['0.01', '0.5']]);
    const marked = openXlsx(bytes, 'other.xlsx', { currencyMarks: true });
    expect(marked.cells(table.sheet, table).map((row) => row.slice(0, 2))).toEqual([['Product ID', 'Sales price'], ['0042', '€15'], ['CFQ7', '14.5'], ['0.01', '0.5']]);
    expect(marked.formatMarked(table.sheet, table).map((row) => row.slice(0, 2))).toEqual([[false, false], [false, true], [false, false], [false, false]]);
  });

  it('reads as a configuration: an ID that looks like a number stays text, a formula’s result is the price', () => {
    const [table] = workbook.tables;
    const rows = workbook.cells(table.sheet, table);
    const { config } = readConfig([{ name: 'Prices', header: rows[0], rows: rows.slice(1), firstRow: table.top + 1, source: 'other.xlsx, table Prices' }]);
    expect(config.prices.map((price) => [price.productId, price.method.kind === 'fixed' ? price.method.price.toString() : price.method.kind])).toEqual([
      ['0042', '15'],
      ['CFQ7', '14.5'],
      ['0.01', '0.5'],
    ]);
  });
});

describe('files that are not workbooks', () => {
  it('says what the file is and what to do, naming it', () => {
    expect(() => openXlsx(strToU8('Product ID,Sales price\r\n'), 'prices.csv')).toThrow(new WorkbookFileError('prices.csv is not an .xlsx workbook (not a zip archive): save it as an Excel Workbook (.xlsx), or pass the tables as CSV files.'));
    expect(() => openXlsx(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls')).toThrow(/old\.xls is an Excel 97-2003 workbook \(\.xls\) or a password-protected one/);
    expect(() => openXlsx(workbookOf({ 'word/document.xml': '<document/>' }), 'letter.docx')).toThrow(/letter\.docx is not an \.xlsx workbook \(it has no workbook part\)/);
    const parts = otherWriter();
    const damaged = corruptEntry(workbookOf(parts), 'book/main.xml');
    expect(() => openXlsx(damaged, 'damaged.xlsx')).toThrow(/^damaged\.xlsx is damaged and cannot be read as a workbook/);
  });
});

describe('against another writer (ExcelJS)', () => {
  type Value = string | number | boolean | Date | null;
  /** What the accountant typed, as readConfig gets it: the expected text of each written value. */
  const expectedText = (value: Value, percent: boolean): string => {
    if (value === null) return '';
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    // A number as Excel shows it: 15 significant digits.
    if (typeof value === 'number') return percent ? (Math.round(value * 1e6) / 1e4).toString() : String(Number(value.toPrecision(15)));
    return value;
  };
  const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '"', "'", '_', 'x', '0', 'D', 'é', '€', '中', '\t', '\n', '=', '%') });
  const value: fc.Arbitrary<Value> = fc.oneof(
    text,
    fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.boolean(),
    fc.integer({ min: 0, max: 50_000 }).map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000)),
    fc.constant(null),
  );

  it('reads back every cell of a table as the text it stands for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), async (rows) => {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('Prices');
        sheet.addTable({ name: 'Prices', ref: 'B2', columns: [{ name: 'A' }, { name: 'B' }, { name: 'Rate' }], rows });
        // The third column shows percentages (four decimals at most, as a rate is typed).
        rows.forEach((row, r) => {
          const cell = sheet.getCell(r + 3, 4);
          if (typeof row[2] === 'number') {
            cell.value = Math.round(row[2] * 1e4) / 1e6;
            cell.numFmt = '0.00%';
          }
        });
        const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
        const book = openXlsx(bytes, 'exceljs.xlsx');
        const [table] = book.tables;
        const read = book.cells(table.sheet, table);
        expect(read[0]).toEqual(['A', 'B', 'Rate']);
        const expected = rows.map((row) => row.map((v, c) => (c === 2 && typeof v === 'number' ? expectedText(Math.round(v * 1e4) / 1e6, true) : expectedText(v, false))));
        expect(read.slice(1)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
