/**
 * The fake Excel behaves like Excel where the writer depends on it: nothing is readable before load + sync, queued
 * calls apply at sync, oversized requests are refused whole, failed requests keep what ran before the failure,
 * Excel's limits and name rules, typed-input parsing of strings, formulas following renames, requirement sets.
 */
import { FakeExcel, FakeExcelError } from '../fake-excel/fake-excel';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as FakeExcelError).code;
  }
}

describe('the office.js proxy model', () => {
  it('a property is not readable before load and sync, nor between them', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
    expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    range.load('values');
    expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    await context.sync();
    expect(range.values).toEqual([['']]);
  });

  it('writes take effect at sync', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').values = [['a', 2]];
    expect(fake.sheet('Sheet1').values('A1:B1')).toEqual([['', '']]);
    await context.sync();
    expect(fake.sheet('Sheet1').values('A1:B1')).toEqual([['a', 2]]);
  });

  it('a proxy keeps its sheet across a rename in the same request', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    const sheet = context.workbook.worksheets.getItem('Sheet1');
    sheet.name = 'Renamed';
    sheet.getRange('A1').values = [['still here']];
    await context.sync();
    expect(fake.sheet('Renamed').values('A1')).toEqual([['still here']]);
  });

  it('getItemOrNullObject says whether the object exists after a sync', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
    const there = context.workbook.worksheets.getItemOrNullObject('sheet1');
    await context.sync();
    expect([missing.isNullObject, there.isNullObject]).toEqual([true, false]);
  });

  it('collections load items with nested paths', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').tables.add('A1:B2', true).name = 'People';
    });
    const context = fake.context();
    const tables = context.workbook.tables;
    tables.load('items/name,items/worksheet/name');
    await context.sync();
    expect(tables.items.map((table) => [table.name, table.worksheet.name])).toEqual([['People', 'Sheet1']]);
  });
});

describe('requests', () => {
  it('a request over the limit is refused with RequestPayloadSizeLimitExceeded and nothing of it applies', async () => {
    const fake = new FakeExcel({ requestLimitBytes: 10_000 });
    const context = fake.context();
    context.workbook.worksheets.add('New');
    context.workbook.worksheets.getItem('Sheet1').getRange('A1:A500').values = Array.from({ length: 500 }, (_, i) => [`row ${i} with some text`]);
    expect(await codeOf(context.sync())).toBe('RequestPayloadSizeLimitExceeded');
    expect(fake.sheetNames()).toEqual(['Sheet1']);
    expect(fake.sheet('Sheet1').usedAddress()).toBeNull();
    expect(fake.stats).toMatchObject({ syncs: 1, rejected: 1 });
    expect(fake.stats.largestRequestBytes).toBeGreaterThan(10_000);
  });

  it('a failing call stops the request; the calls before it stay applied (office.js does not roll back)', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['before']];
    context.workbook.worksheets.add('x'.repeat(32));
    context.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [['after']];
    expect(await codeOf(context.sync())).toBe('InvalidArgument');
    expect(fake.sheet('Sheet1').values('A1:A2')).toEqual([['before'], ['']]);
  });

  it('injects failures by sync number, or at the first call touching a sheet or member', async () => {
    const fake = new FakeExcel();
    fake.failSync({ nth: 2, code: 'GeneralException' });
    fake.failSync({ touching: 'Doomed', member: 'values' });
    const context = fake.context();
    context.workbook.worksheets.add('Doomed');
    await context.sync();
    context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
    expect(await codeOf(context.sync())).toBe('GeneralException');
    expect(fake.sheet('Sheet1').values('A1')).toEqual([['']]);
    context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['applied']];
    context.workbook.worksheets.getItem('Doomed').getRange('A1').values = [['never']];
    expect(await codeOf(context.sync())).toBe('GeneralException');
    expect(fake.sheet('Sheet1').values('A1')).toEqual([['applied']]);
    expect(fake.sheet('Doomed').values('A1')).toEqual([['']]);
  });

  it('calls newer than the Excel version fail with ApiNotFound', async () => {
    const fake = new FakeExcel({ apiVersion: '1.9' });
    expect(fake.isSetSupported('ExcelApi', '1.9')).toBe(true);
    expect(fake.isSetSupported('ExcelApi', '1.10')).toBe(false);
    const context = fake.context();
    context.workbook.worksheets.getItem('Sheet1').getRange('1:3').group('ByRows');
    expect(await codeOf(context.sync())).toBe('ApiNotFound');
  });
});

describe("Excel's rules", () => {
  it('a sheet has 1,048,576 rows', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    context.workbook.worksheets.getItem('Sheet1').getRange('A1048576').values = [['last row']];
    await context.sync();
    context.workbook.worksheets.getItem('Sheet1').getRange('A1048577').values = [['past it']];
    expect(await codeOf(context.sync())).toBe('InvalidArgument');
    context.workbook.worksheets.getItem('Sheet1').getRange('A1048576').getRowsBelow(1).values = [['past it']];
    expect(await codeOf(context.sync())).toBe('InvalidArgument');
  });

  it('sheet names: 31 characters at most, unique without case, no [ ] : * ? / \\', async () => {
    const fake = new FakeExcel();
    for (const name of ['x'.repeat(32), 'SHEET1', 'a/b', "'quoted'"]) {
      const context = fake.context();
      context.workbook.worksheets.add(name);
      expect(await codeOf(context.sync())).toMatch(/InvalidArgument|ItemAlreadyExists/);
    }
    const context = fake.context();
    context.workbook.worksheets.add('x'.repeat(31));
    await context.sync();
    expect(fake.sheetNames()).toEqual(['Sheet1', 'x'.repeat(31)]);
  });

  it('the last visible sheet can be neither hidden nor deleted', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    context.workbook.worksheets.getItem('Sheet1').visibility = 'Hidden';
    expect(await codeOf(context.sync())).toBe('InvalidOperation');
    context.workbook.worksheets.getItem('Sheet1').delete();
    expect(await codeOf(context.sync())).toBe('InvalidOperation');
  });

  it('strings through values are parsed like typed input unless the cell is text-formatted', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:F1').values = [['=1+2', '+A1', '00123', 'TRUE', "'=kept", '2026-10-31']];
      sheet.getRange('A2:F2').numberFormat = [['@']];
      sheet.getRange('A2:F2').values = [['=1+2', '+A1', '00123', 'TRUE', "'=kept", '2026-10-31']];
    });
    const sheet = fake.sheet('Sheet1');
    expect(sheet.formulas('A1:F1')).toEqual([['=1+2', '=+A1', 123, true, '=kept', 46326]]);
    expect(sheet.cell('E1')).toMatchObject({ value: '=kept', quotePrefix: true });
    expect(sheet.formulas('A2:F2')).toEqual([['=1+2', '+A1', '00123', 'TRUE', '=kept', '2026-10-31']]);
    expect(sheet.cell('A2')).toMatchObject({ value: '=1+2', formula: null });
  });

  it('a formula written into a text-formatted cell is stored as its text', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1').numberFormat = [['@']];
      sheet.getRange('A1:B1').formulas = [['=1+1', '=2+2']];
    });
    expect(fake.sheet('Sheet1').cell('A1')).toMatchObject({ value: '=1+1', formula: null });
    expect(fake.sheet('Sheet1').cell('B1')).toMatchObject({ formula: '=2+2' });
  });

  it('formulas follow sheet and table renames and turn into #REF! when their sheet is deleted', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const { worksheets } = context.workbook;
      worksheets.add('Data');
      worksheets.add('Other');
      worksheets.getItem('Data').tables.add('A1:A2', true).name = 'Numbers';
      worksheets.getItem('Sheet1').getRange('A1:C1').formulas = [["='Data'!A2+Data!A1", '=SUM(Numbers[Column1])', '=Other!A1&"Data!A1"']];
    });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Data').name = 'My data';
      context.workbook.tables.getItem('Numbers').name = 'Figures';
      context.workbook.worksheets.getItem('Other').delete();
    });
    expect(fake.sheet('Sheet1').formulas('A1:C1')).toEqual([["='My data'!A2+'My data'!A1", '=SUM(Figures[Column1])', '=#REF!A1&"Data!A1"']]);
  });

  it('table rows added at the end push the cells below down and take the last row’s formats', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:B2').values = [['Key', 'Price'], ['a', 1]];
      sheet.getRange('B2').numberFormat = [['0.00']];
      sheet.getRange('A4').values = [['below']];
      sheet.tables.add('A1:B2', true).name = 'Prices';
      context.workbook.tables.getItem('Prices').rows.add(undefined, [['b', 2], ['c', 3]]);
    });
    expect(fake.tables()[0].address).toBe('A1:B4');
    expect(fake.sheet('Sheet1').values('A1:B6')).toEqual([['Key', 'Price'], ['a', 1], ['b', 2], ['c', 3], ['', ''], ['below', '']]);
    expect(fake.sheet('Sheet1').formats('B3:B4')).toEqual([['0.00'], ['0.00']]);
  });

  it('a table name is unique in the workbook; a pivot caption may not repeat a field name', async () => {
    const fake = new FakeExcel();
    const context = fake.context();
    const sheet = context.workbook.worksheets.getItem('Sheet1');
    sheet.getRange('A1:B2').values = [['Customer', 'Sales'], ['x', 1]];
    sheet.tables.add('A1:B2', true).name = 'Lines';
    sheet.tables.add('D1:E2', true).name = 'lines';
    expect(await codeOf(context.sync())).toBe('InvalidArgument');
    const pivot = context.workbook.pivotTables.add('P', context.workbook.tables.getItem('Lines'), sheet.getRange('H1'));
    pivot.dataHierarchies.add(pivot.hierarchies.getItem('Sales')).name = 'Sales';
    expect(await codeOf(context.sync())).toBe('InvalidArgument');
  });
});
