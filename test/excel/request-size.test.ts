/**
 * Request sizes: rows are written in blocks sized by bytes, never by a row count, so no request passes the budget
 * (default 2,000,000 bytes, under Excel on the web's 5 MB); when Excel refuses a request anyway, the writer halves
 * the budget and sends the same work again in smaller pieces. And a 100,000-line Billing Lines sheet, measured.
 */
import { DEFAULT_MAX_REQUEST_BYTES } from '../../src/excel/request-budget';
import type { CellValue, ColumnLayout, WorkbookLayout } from '../../src/workbook/layout';
import { FakeExcel } from '../fake-excel/fake-excel';
import { billingLinesLayout, SYNTHETIC_COLUMN_COUNT } from '../fake-excel/synthetic-layout';
import { writeLayout } from './layouts';

/** One sheet of `rows` rows of `columns` text cells of `length` characters (plus a number column). */
function wideTextLayout(rows: number, columns: number, length: number): WorkbookLayout {
  const cell = (r: number, c: number) => `${r}:${c}:`.padEnd(length, 'x');
  const layoutColumns: ColumnLayout[] = [...Array.from({ length: columns }, () => ({ width: 20, kind: 'text' as const, format: '@' })), { width: 10, kind: 'money', format: '0.00' }];
  return {
    sheets: [
      {
        name: 'Long text',
        columns: layoutColumns,
        rows: Array.from({ length: rows }, (_, r) => ({ cells: [...Array.from({ length: columns }, (__, c): CellValue => cell(r, c)), r / 100] })),
        tables: [],
        pivots: [],
        charts: [],
      },
    ],
    userTables: [],
    notes: [],
  };
}

/** Write requests of the fake: every request but the reads (which carry a few hundred bytes). */
const writes = (fake: FakeExcel) => fake.stats.requestBytes.filter((bytes) => bytes > 1_000);

describe('blocks sized by bytes', () => {
  it('a sheet far over the budget is split: no request passes it, and the 5 MB limit is never hit', async () => {
    // 4,000 rows × 20 cells × 120 characters ≈ 10 MB: one block by any row count an API sample would use.
    const layout = wideTextLayout(4_000, 20, 120);
    const { fake, result } = await writeLayout(layout);
    expect(fake.stats.rejected).toBe(0);
    expect(fake.stats.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
    expect(result.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
    const total = writes(fake).reduce((sum, bytes) => sum + bytes, 0);
    expect(total).toBeGreaterThan(9_000_000);
    // As many requests as the bytes need: the blocks are full.
    expect(writes(fake).length).toBeLessThanOrEqual(Math.ceil(total / DEFAULT_MAX_REQUEST_BYTES) + 1);
    expect(fake.sheet('Long text').values('A4000:B4000')).toEqual([[`3999:0:`.padEnd(120, 'x'), `3999:1:`.padEnd(120, 'x')]]);
    expect(fake.sheet('Long text').cell('U4000')).toMatchObject({ value: 39.99, format: '0.00' });
  });

  it('the same rows with short cells go in fewer, fuller blocks: requests follow bytes, not rows', async () => {
    const long = await writeLayout(wideTextLayout(4_000, 20, 120));
    const short = await writeLayout(wideTextLayout(4_000, 20, 12));
    expect(writes(short.fake).length).toBeLessThan(writes(long.fake).length / 3);
  });

  it('a smaller budget gives smaller requests', async () => {
    const { fake } = await writeLayout(wideTextLayout(2_000, 10, 40), { maxRequestBytes: 100_000 });
    expect(fake.stats.largestRequestBytes).toBeLessThanOrEqual(100_000);
    expect(writes(fake).length).toBeGreaterThanOrEqual(10);
  });
});

describe('when Excel refuses a request as too large', () => {
  it('halves the budget and sends the same work again; the workbook is the same as without refusals', async () => {
    const layout = wideTextLayout(3_000, 20, 60);
    const expected = (await writeLayout(layout)).fake.snapshot();
    // This Excel takes far less than the writer assumes (2 MB).
    const fake = new FakeExcel({ requestLimitBytes: 300_000 });
    const { result } = await writeLayout(layout, { fake });
    // About 2 MB and 1 MB are refused once each; then the 500 kB blocks are split in two, and from then on requests
    // carry about 250 kB.
    expect(fake.stats.rejected).toBe(2);
    expect(result.largestRequestBytes).toBeLessThanOrEqual(260_000);
    const accepted = writes(fake).filter((bytes) => bytes <= fake.requestLimitBytes);
    expect(Math.max(...accepted)).toBeLessThanOrEqual(260_000);
    expect(fake.snapshot()).toEqual(expected);
  });

  it('gives up with a clear message at the smallest size, leaving the workbook as it was', async () => {
    const fake = new FakeExcel();
    const before = fake.snapshot();
    fake.requestLimitBytes = 5_000;
    await expect(writeLayout(wideTextLayout(10, 2, 20_000), { fake })).rejects.toThrow(/Excel refused a request of about \d+ bytes even at the smallest size/);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe('a 100,000-line Billing Lines sheet', () => {
  it('is written in requests of about 2 MB: their number follows the bytes', async () => {
    const layout = billingLinesLayout(100_000);
    const started = Date.now();
    const { fake, result } = await writeLayout(layout);
    const seconds = (Date.now() - started) / 1000;
    const total = writes(fake).reduce((sum, bytes) => sum + bytes, 0);
    const ideal = Math.ceil(total / DEFAULT_MAX_REQUEST_BYTES);
    console.log(
      `100,000 lines × ${SYNTHETIC_COLUMN_COUNT} columns: ${result.syncs} syncs (${writes(fake).length} writes, ${ideal} if every request were exactly full), ` +
        `largest request ${fake.stats.largestRequestBytes.toLocaleString('en-US')} bytes (writer's estimate ${result.largestRequestBytes.toLocaleString('en-US')}), ` +
        `${total.toLocaleString('en-US')} bytes in all, ${seconds.toFixed(1)} s through the fake`,
    );
    expect(fake.stats.rejected).toBe(0);
    expect(fake.stats.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
    expect(result.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
    expect(writes(fake).length).toBeGreaterThanOrEqual(ideal);
    expect(writes(fake).length).toBeLessThanOrEqual(ideal + 2);
    // Far fewer requests than rows or cells: about 7,000 rows per request.
    expect(result.syncs).toBeLessThan(30);
    expect(fake.tables()).toEqual([expect.objectContaining({ name: 'BillingLines', address: 'A1:W100001' })]);
    const sheet = fake.sheet('Billing Lines');
    expect(sheet.values('A100001:C100001')[0][1]).toBe(46326);
    expect(sheet.formats('B100001:Q100001')[0]).toEqual(['yyyy-mm-dd', '@', '@', '@', '@', '@', '@', '@', '@', '@', '@', 'yyyy-mm-dd', 'yyyy-mm-dd', '#,##0.####', '#,##0.00##', '#,##0.00;-#,##0.00']);
    expect(sheet.freeze).toEqual({ rows: 1, columns: 0 });
  }, 120_000);
});
