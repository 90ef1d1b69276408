/**
 * The fake Excel's formula evaluator (test/fake-excel/formulas.ts): the grammar the workbook layout writes, worked out
 * as Excel would, on every read; anything outside it is an error value, never a silent 0.
 */
import { excelRound } from '../fake-excel/formulas';
import { FakeExcel, type Scalar } from '../fake-excel/fake-excel';

/** A fake whose Sheet1 holds `cells` (A1 address → what is typed: "=..." is a formula), read back at `read`. */
async function sheetWith(cells: Record<string, Scalar>, fake = new FakeExcel()): Promise<FakeExcel> {
  await fake.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem('Sheet1');
    for (const [address, value] of Object.entries(cells)) sheet.getRange(address).formulas = [[value]];
  });
  return fake;
}

async function valueOf(formula: string, cells: Record<string, Scalar> = {}): Promise<Scalar> {
  const fake = await sheetWith({ ...cells, Z100: formula });
  return fake.sheet('Sheet1').values('Z100')[0][0];
}

describe('the formula grammar', () => {
  it('numbers, text, + − * / with Excel’s precedence, unary minus, parentheses', async () => {
    expect(await valueOf('=1+2*3')).toBe(7);
    expect(await valueOf('=(1+2)*3')).toBe(9);
    expect(await valueOf('=10/4-1')).toBe(1.5);
    expect(await valueOf('=-2*-3')).toBe(6);
    expect(await valueOf('=--1.5e2')).toBe(150);
    expect(await valueOf('=""')).toBe('');
    expect(await valueOf('="say ""hi"""')).toBe('say "hi"');
  });

  it('references and ranges, with $ and a sheet prefix; an empty cell is 0', async () => {
    const fake = await sheetWith({ A1: 2, B1: 3, C1: '=A1*$B$1', D1: '=C1-E1' });
    expect(fake.sheet('Sheet1').values('C1:D1')).toEqual([[6, 6]]);
    await fake.run(async (context) => {
      const other = context.workbook.worksheets.add('My costs');
      other.getRange('A1:A3').formulas = [["='Sheet1'!C1"], ['=Sheet1!A1+SUM(Sheet1!A1:B1)'], ["=SUM('My costs'!A1:A2)"]];
    });
    expect(fake.sheet('My costs').values('A1:A3')).toEqual([[6], [7], [13]]);
  });

  it('follows a rename; a reference to a deleted sheet is #REF!', async () => {
    const fake = await sheetWith({ A1: 5 });
    await fake.run(async (context) => {
      context.workbook.worksheets.add('Other').getRange('A1').formulas = [['=Sheet1!A1*2']];
      context.workbook.worksheets.getItem('Sheet1').name = 'Costs';
    });
    expect(fake.sheet('Other').formulas('A1')).toEqual([['=Costs!A1*2']]);
    expect(fake.sheet('Other').values('A1')).toEqual([[10]]);
    await fake.run(async (context) => context.workbook.worksheets.getItem('Costs').delete());
    expect(fake.sheet('Other').values('A1')).toEqual([['#REF!']]);
  });

  it('comparisons: numbers, text without case, text above numbers, an empty cell equal to 0 and to ""', async () => {
    expect(await valueOf('=1<2')).toBe(true);
    expect(await valueOf('=2<=1')).toBe(false);
    expect(await valueOf('=1<>1')).toBe(false);
    expect(await valueOf('="abc"="ABC"')).toBe(true);
    expect(await valueOf('="a">9')).toBe(true);
    expect(await valueOf('=A1=0')).toBe(true);
    expect(await valueOf('=A1=""')).toBe(true);
    expect(await valueOf('=1+2>=3')).toBe(true);
  });

  it('SUM over ranges and values: text, booleans and empty cells in a range are skipped', async () => {
    expect(await valueOf('=SUM(A1:A5)', { A1: 1, A2: 'text', A3: true, A5: 2.5 })).toBe(3.5);
    expect(await valueOf('=SUM(A1:B2,10,-1)', { A1: 1, B2: 2 })).toBe(12);
    expect(await valueOf('=SUM(A1:A2)', { A1: 1, A2: '=1/0' })).toBe('#DIV/0!');
  });

  it('SUBTOTAL(9, …) leaves out the cells of its range that are SUBTOTALs themselves, as Excel does', async () => {
    // An organization (row 1) over two products (rows 2 and 5), each over its lines: counted once.
    const cells = { A2: '=SUBTOTAL(9,A3:A4)', A3: 1, A4: 2, A5: '=SUBTOTAL(9,A6:A6)', A6: 4, A1: '=SUBTOTAL(9,A2:A6)' };
    const fake = await sheetWith(cells);
    expect(fake.sheet('Sheet1').values('A1:A6')).toEqual([[7], [3], [1], [2], [4], [4]]);
    // A cell that only refers to a subtotal is counted; SUM does not skip subtotals.
    expect(await valueOf('=SUBTOTAL(9,A1:A2)', { A1: '=SUBTOTAL(9,A3)', A2: '=A1*2', A3: 5 })).toBe(10);
    expect(await valueOf('=SUM(A1:A2)', { A1: '=SUBTOTAL(9,A2)', A2: 5 })).toBe(10);
    // 109 (the Billing Lines' total of the rows shown) sums alike: the fake has no filters or hidden rows.
    expect(await valueOf('=SUBTOTAL(109,A1:A3)', { A1: '=SUBTOTAL(9,A2)', A2: 5, A3: 2 })).toBe(7);
    // Only functions 9 and 109 are in the grammar; a value in place of a reference is #VALUE!, as in Excel.
    expect(await valueOf('=SUBTOTAL(1,A1:A2)', { A1: 5 })).toBe('#NAME?');
    expect(await valueOf('=SUBTOTAL(9,5)')).toBe('#VALUE!');
  });

  it('ROUND is decimal and half away from zero, negatives included', async () => {
    expect(await valueOf('=ROUND(2.5,0)')).toBe(3);
    expect(await valueOf('=ROUND(-2.5,0)')).toBe(-3);
    expect(await valueOf('=ROUND(-0.125,2)')).toBe(-0.13);
    expect(await valueOf('=ROUND(2.675,2)')).toBe(2.68); // 2.67499999... as a double; 2.68 in Excel
    expect(await valueOf('=ROUND(-1.005,2)')).toBe(-1.01);
    expect(await valueOf('=ROUND(1234.5,-2)')).toBe(1200);
    expect(await valueOf('=ROUND(-0.004,2)')).toBe(0);
    expect(excelRound(0.1 + 0.2, 15)).toBe(0.3);
    expect(excelRound(1e-20, 2)).toBe(0);
    expect(excelRound(123456789.125, 2)).toBe(123456789.13);
  });

  it('SUMPRODUCT of ROUND over a range rounds each cell, then sums (the Reconciliation’s rounded invoice totals)', async () => {
    const cells = { A1: 10.004, A2: 10.004, A3: 146, A4: 'text' };
    expect(await valueOf('=SUMPRODUCT(ROUND(A1:A3,2))', cells)).toBe(166);
    expect(await valueOf('=ROUND(SUM(A1:A3),2)', cells)).toBe(166.01);
    expect(await valueOf('=SUMPRODUCT(A1:A3)', cells)).toBeCloseTo(166.008, 10);
    expect(await valueOf('=SUMPRODUCT(ROUND(A1:A4,2))', cells)).toBe('#VALUE!');
    expect(await valueOf('=SUMPRODUCT(A1:A2,A1:A2)', cells)).toBe('#NAME?');
  });

  it('ABS, and IF with "" as the layout’s margin % writes it', async () => {
    const percent = '=IF(ROUND(A1,2)=0,"",B1/ABS(A1))';
    expect(await valueOf(percent, { A1: -100, B1: -10 })).toBe(-0.1);
    expect(await valueOf(percent, { A1: 0.004, B1: 1 })).toBe('');
    expect(await valueOf(percent, { B1: 1 })).toBe('');
    expect(await valueOf('=IF(A1,1)', { A1: 0 })).toBe(false);
    expect(await valueOf('=IF(A1,"yes","no")', { A1: 'text' })).toBe('#VALUE!');
    expect(await valueOf('=IF(1,A1,2)')).toBe(0);
  });

  it('Excel’s errors: #DIV/0!, #VALUE! for text in arithmetic (numeric text counts), errors pass through', async () => {
    expect(await valueOf('=1/0')).toBe('#DIV/0!');
    expect(await valueOf('=A1/ABS(A2)', { A1: 1 })).toBe('#DIV/0!');
    expect(await valueOf('=A1+1', { A1: "'abc" })).toBe('#VALUE!');
    expect(await valueOf('=A1+1', { A1: "'12" })).toBe(13);
    expect(await valueOf('=ROUND(A1,2)', { A1: '=1/0' })).toBe('#DIV/0!');
  });

  it('anything outside the grammar is #NAME?, never 0', async () => {
    for (const formula of ['=AVERAGE(A1:A2)', '=TRUE', '=Costs[Amount]', '=1&2', '=2^3', '=5%', '=SUM(A1:A2', '=1+', '=IF(1,,2)', '=A:A', '=ROUND(1)', '=HYPERLINK("x")']) {
      expect([formula, await valueOf(formula, { A1: 1 })]).toEqual([formula, '#NAME?']);
    }
  });

  it('a cycle is an error, not a hang', async () => {
    const fake = await sheetWith({ A1: '=B1+1', B1: '=A1+1', C1: '=SUM(C1:C2)' });
    expect(fake.sheet('Sheet1').values('A1:C1')).toEqual([['#CIRCULAR!', '#CIRCULAR!', '#CIRCULAR!']]);
  });

  it('is worked out on every read: a write is seen at once, through office.js reads too', async () => {
    const fake = await sheetWith({ A1: 1, A2: 2, A3: '=SUM(A1:A2)' });
    expect(fake.sheet('Sheet1').values('A3')).toEqual([[3]]);
    await sheetWith({ A2: 40 }, fake);
    expect(fake.sheet('Sheet1').values('A3')).toEqual([[41]]);
    const read = await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A3');
      range.load(['values', 'text', 'formulas']);
      await context.sync();
      return [range.values, range.text, range.formulas];
    });
    expect(read).toEqual([[[41]], [['41']], [['=SUM(A1:A2)']]]);
  });

  it('a fake can still be given its own formulaValue (the formula and its cell)', async () => {
    const seen: string[] = [];
    const fake = new FakeExcel({
      formulaValue: (formula, cell) => {
        seen.push(`${cell.sheet.name}!${cell.row},${cell.column}:${formula}`);
        return 0;
      },
    });
    await sheetWith({ B2: '=1+1' }, fake);
    expect(fake.sheet('Sheet1').values('B2')).toEqual([[0]]);
    expect(seen).toEqual(['Sheet1!1,1:=1+1']);
  });
});
