/**
 * The writer's pure parts, each on its own: cell conversion and text protection, block planning, outline groups,
 * formula references, sheet moves, request budget, number formats, layout checks.
 */
import { convertRow, protectedText, type RowConversion } from '../../src/excel/cells';
import { LayoutError } from '../../src/excel/errors';
import { renameMap, retargetFormula } from '../../src/excel/formula-references';
import { isDateFormat, isPercentFormat, isoOfExcelSerial, excelSerialOf } from '../../src/excel/number-formats';
import { outlineGroups } from '../../src/excel/outline';
import { sheetMoves } from '../../src/excel/refresh-swap';
import { DEFAULT_MAX_REQUEST_BYTES, RequestBudget, utf8Length } from '../../src/excel/request-budget';
import { SyncRunner, type WorkItem } from '../../src/excel/sync-runner';
import { FakeExcel } from '../fake-excel/fake-excel';
import { planBlock } from '../../src/excel/row-blocks';
import { validateLayout } from '../../src/excel/validate-layout';
import type { ColumnLayout, RowLayout } from '../../src/workbook/layout';
import { billingLinesLayout } from '../fake-excel/synthetic-layout';
import { date, formula, smallLayout } from './layouts';

const columns: ColumnLayout[] = [
  { width: 20, kind: 'text', format: '@' },
  { width: 12, kind: 'money', format: '0.00' },
  { width: 12, kind: 'date', format: 'd/m/yyyy' },
];
const conversion: RowConversion = { columns, width: 3, where: (c) => `Sheet!${'ABC'[c]}1` };
const convert = (cells: RowLayout['cells'], extra: Partial<RowLayout> = {}) => convertRow({ cells, ...extra }, conversion);

describe('cell conversion', () => {
  it('every string is text-formatted, whatever its column; a leading apostrophe gets another', () => {
    expect(convert(['=cmd', '00123', "'quoted"])).toMatchObject({ values: ['=cmd', '00123', "''quoted"], formats: ['@', '@', '@'] });
    expect(protectedText('plain')).toBe('plain');
  });

  it('numbers keep their column or own format, never text; dates become serials with a date format', () => {
    expect(convert([7, { value: 1.5, format: '0.000' }, date(2026, 10, 31)])).toMatchObject({ values: [7, 1.5, 46326], formats: ['General', '0.000', 'd/m/yyyy'] });
    expect(convert([date(2026, 10, 31), null, null])).toMatchObject({ values: [46326, '', ''], formats: ['yyyy-mm-dd', '0.00', 'd/m/yyyy'] });
  });

  it('formulas go apart from values (null leaves the cell for them), never in a text format', () => {
    const row = convert([formula('=B1*2'), formula('=SUM(B1:B9)'), 'x']);
    expect(row.values).toEqual([null, null, 'x']);
    expect(row.formulas).toEqual(['=B1*2', '=SUM(B1:B9)', null]);
    expect(row.formats).toEqual(['General', '0.00', '@']);
  });

  it('short rows are padded; cell styles and the row style are kept', () => {
    const row = convert([{ value: 'warn', style: 'warning' }], { style: 'total', outlineLevel: 2 });
    expect(row).toMatchObject({ values: ['warn', '', ''], cellStyles: ['warning', undefined, undefined], rowStyle: 'total' });
  });

  it('refuses what Excel cannot hold, naming the cell', () => {
    expect(() => convert(['x'.repeat(32_768)])).toThrow(/Sheet!A1 holds 32768 characters/);
    expect(() => convert([null, Number.NaN])).toThrow(/Sheet!B1 holds NaN/);
  });
});

describe('block planning', () => {
  it('one 1×1 format per run of uniform columns, the cells that differ on their own, then values', () => {
    const rows = [convert(['Header', 'Cost', 'Date'])];
    for (let i = 1; i <= 200; i++) rows.push(convert([`line ${i}`, i === 12 ? { value: 0.5, format: '0.0%' } : i, { kind: 'date', utc: Date.UTC(2026, 0, i) }]));
    const ops = planBlock(rows, 9, 2, 3, 3);
    expect(ops.map((op) => [op.kind, op.address, op.kind === 'numberFormat' ? op.formats : null])).toEqual([
      ['numberFormat', 'C10:C210', [['@']]],
      ['numberFormat', 'D10:D210', [['0.00']]],
      ['numberFormat', 'E10:E210', [['d/m/yyyy']]],
      ['numberFormat', 'D10', [['@']]],
      ['numberFormat', 'D22', [['0.0%']]],
      ['numberFormat', 'E10', [['@']]],
      ['values', 'C10:E210', null],
    ]);
  });

  it('a short column with many exceptions gets its formats as one array instead', () => {
    const rows = [convert(['Header', 'Cost', 'Date']), convert(['a', 1, null]), convert(['b', { value: 2, format: '0.0%' }, null])];
    const ops = planBlock(rows, 0, 0, 3, 3);
    expect(ops.filter((op) => op.address.startsWith('B')).map((op) => [op.address, op.kind === 'numberFormat' ? op.formats : null])).toEqual([['B1:B3', [['@'], ['0.00'], ['0.0%']]]]);
  });

  it('neighbouring columns with one format share a call', () => {
    const ops = planBlock([convert(['a', 'b', 'c']), convert(['d', 'e', 'f'])], 0, 0, 3, 3);
    expect(ops.filter((op) => op.kind === 'numberFormat').map((op) => op.address)).toEqual(['A1:C2']);
  });

  it('a column of formulas is one call; scattered ones go by row', () => {
    const column = planBlock([1, 2, 3].map((n) => convert(['x', n, formula(`=B${n}*2`)])), 0, 0, 3, 3);
    expect(column.filter((op) => op.kind === 'formulas').map((op) => op.address)).toEqual(['C1:C3']);
    const row = planBlock([convert([formula('=1'), formula('=2'), formula('=3')]), convert(['x', 1, null])], 0, 0, 3, 3);
    expect(row.filter((op) => op.kind === 'formulas').map((op) => op.address)).toEqual(['A1:C1']);
  });

  it('row styles by runs of rows across the sheet’s columns; detail rows cost nothing', () => {
    const rows = [convert(['t'], { style: 'header' }), convert(['a'], { style: 'detail' }), convert(['b']), convert(['c'], { style: 'total' }), convert(['d'], { style: 'total' })];
    const styles = planBlock(rows, 0, 0, 3, 7).filter((op) => op.kind === 'style');
    expect(styles.map((op) => [op.address, op.kind === 'style' ? op.style : null])).toEqual([
      ['A1:G1', 'header'],
      ['A4:G5', 'total'],
    ]);
  });

  it('alignment as the .xlsx has it: a column’s in one call a block, then the runs of a row that sit otherwise (a header over numbers, a label over its value)', () => {
    const rows = [convert(['Name', 'Amount', 'Day'], { style: 'header' }), convert(['a', 1, date(2026, 10, 1)]), convert([{ value: 'b', align: 'right' }, { value: 2, align: 'left' }, null])];
    const aligned = (list: ReturnType<typeof planBlock>) => list.flatMap((op) => (op.kind === 'align' ? [[op.address, op.align]] : []));
    // Excel's own alignment but for the header over the amount and the date.
    expect(aligned(planBlock(rows, 0, 0, 3, 3))).toEqual([
      ['B1:C1', 'right'],
      ['A3', 'right'],
      ['B3', 'left'],
    ]);
    // The date column left: its cells and its header in one call, the header over the amount at the right.
    const left: ColumnLayout[] = [columns[0], columns[1], { ...columns[2], align: 'left' }];
    const leftRows = [['Name', 'Amount', 'Day'], ['a', 1, date(2026, 10, 1)]].map((cells, r) => convertRow({ cells, style: r === 0 ? 'header' : undefined }, { ...conversion, columns: left }));
    expect(aligned(planBlock(leftRows, 0, 0, 3, 3, left))).toEqual([
      ['C1:C2', 'left'],
      ['B1', 'right'],
    ]);
  });
});

describe('outline groups', () => {
  it('outer levels first, each a run of rows at that level or deeper', () => {
    const levels = new Map([
      [4, 1],
      [5, 2],
      [6, 2],
      [7, 1],
      [8, 2],
      [10, 1],
    ]);
    expect(outlineGroups(levels)).toEqual([
      { firstRow: 4, lastRow: 8, level: 1 },
      { firstRow: 10, lastRow: 10, level: 1 },
      { firstRow: 5, lastRow: 6, level: 2 },
      { firstRow: 8, lastRow: 8, level: 2 },
    ]);
  });
});

describe('formula references', () => {
  const renames = { sheets: renameMap([['Billing Report', '~1~Billing Report'], ['Lines', '~2~Lines']]), tables: renameMap([['BillingLines', 'BillingLines__new']]) };

  it('sheet names quoted or bare, any case; structured references; text literals untouched', () => {
    expect(retargetFormula("='Billing Report'!G5+lines!A1", renames)).toBe("='~1~Billing Report'!G5+'~2~Lines'!A1");
    expect(retargetFormula('=SUM(BillingLines[Cost])+SUM(billinglines[[#Totals],[Sales]])', renames)).toBe('=SUM(BillingLines__new[Cost])+SUM(BillingLines__new[[#Totals],[Sales]])');
    expect(retargetFormula('="Lines!A1 "&Lines&LinesX!A1', renames)).toBe('="Lines!A1 "&Lines&LinesX!A1');
    expect(retargetFormula("='It''s'!A1+Other!B2", renames)).toBe("='It''s'!A1+Other!B2");
  });
});

describe('sheet moves', () => {
  it('only the sheets out of place move', () => {
    expect(sheetMoves(['Notes', 'A', 'B', 'Prices', 'new1', 'new2'], ['Notes', 'A', 'new1', 'new2', 'B', 'Prices'])).toEqual([
      ['new1', 2],
      ['new2', 3],
    ]);
    expect(sheetMoves(['a', 'b'], ['a', 'b'])).toEqual([]);
  });
});

describe('request budget', () => {
  it('halves from what Excel refused, down to a floor', () => {
    const budget = new RequestBudget(2_000_000);
    expect(budget.halve(1_200_000)).toBe(true);
    expect(budget.maxBytes).toBe(600_000);
    while (budget.halve());
    expect(budget.maxBytes).toBe(16_000);
    expect(() => new RequestBudget(100)).toThrow(RangeError);
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('Müller')).toBe(7);
    expect(utf8Length('株式会社')).toBe(12);
    expect(utf8Length('😀')).toBe(4);
  });
});

describe('sharing the page', () => {
  it('work for one request is done in slices: the page gets a turn at least every few tens of milliseconds', async () => {
    const fake = new FakeExcel();
    const runner = new SyncRunner(fake.context(), new RequestBudget(DEFAULT_MAX_REQUEST_BYTES));
    const busy = (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end; );
    };
    // Ten small items (one request in all), each 15 ms of the page's work to make and to queue.
    const made: number[] = [];
    function* items(): Generator<WorkItem> {
      for (let i = 0; i < 10; i++) {
        busy(15);
        made.push(performance.now());
        yield { label: `item ${i}`, bytes: 100, apply: () => busy(15) };
      }
    }
    const started = performance.now();
    const turns: number[] = [];
    const timer = setInterval(() => turns.push(performance.now()), 1);
    try {
      await runner.write(items());
    } finally {
      clearInterval(timer);
    }
    expect(runner.syncs).toBe(1);
    // 300 ms of work, yet never 100 ms (the task pane's target) without the page getting a turn.
    const moments = [started, ...turns.filter((at) => at < made[made.length - 1]), made[made.length - 1]];
    const longest = Math.max(...moments.slice(1).map((at, i) => at - moments[i]));
    expect(longest).toBeLessThan(100);
  });
});

describe('number formats', () => {
  it('dates, percentages, and what only looks like them', () => {
    expect(['m/d/yyyy', 'yyyy-mm-dd', 'd-mmm', '[$-409]mmmm d, yyyy', 'dd/mm/yy hh:mm'].map(isDateFormat)).toEqual([true, true, true, true, true]);
    expect(['General', '@', '0.00', 'h:mm', '[h]:mm:ss', '"days"0', '[Red]0.00', '#,##0'].map(isDateFormat)).toEqual([false, false, false, false, false, false, false, false]);
    expect(['0%', '0.0%', '#,##0.00%'].map(isPercentFormat)).toEqual([true, true, true]);
    expect(['0.00', '"%"0', '0\\%'].map(isPercentFormat)).toEqual([false, false, false]);
  });

  it('serials and ISO dates', () => {
    expect(excelSerialOf(Date.UTC(2026, 9, 31))).toBe(46326);
    expect(isoOfExcelSerial(46326)).toBe('2026-10-31');
    expect(isoOfExcelSerial(46326.25)).toBe('2026-10-31T06:00:00');
  });
});

describe('layout checks, before anything is written', () => {
  it('accept the hand-made and synthetic layouts', () => {
    expect(() => validateLayout(smallLayout())).not.toThrow();
    expect(() => validateLayout(billingLinesLayout(10))).not.toThrow();
  });

  it('list every problem at once', () => {
    const layout = smallLayout();
    layout.sheets[0].name = 'A name that is far too long for Excel';
    layout.sheets[1].tables[0].name = 'Billing Lines';
    layout.sheets[2].pivots[0].rows = ['Nope'];
    layout.sheets[2].rows[0].outlineLevel = 8;
    layout.userTables[0].sheetName = 'Summary';
    expect(() => validateLayout(layout)).toThrow(LayoutError);
    let message = '';
    try {
      validateLayout(layout);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      '"A name that is far too long for Excel" is longer than 31 characters',
      'table name "Billing Lines" must start with a letter or _ and hold only letters, digits, _ and .',
      'sheet "Summary" row 1: outline level 8 is deeper than Excel\'s 7',
      'pivot "Sales by customer" on "Summary": no table "BillingLines" on sheet "Billing Lines"',
      'your Customers table would sit on "Summary", a sheet every refresh replaces',
    ]);
  });

  it('a sheet of more than 1,048,576 rows', () => {
    const layout = billingLinesLayout(1);
    layout.sheets[0].rows = new Array(1_048_577).fill({ cells: [] });
    layout.sheets[0].tables = [];
    expect(() => validateLayout(layout)).toThrow(/has 1,048,577 rows; an Excel sheet holds 1,048,576/);
  });
});
