/**
 * The pure pieces around the worker: the layout cut into messages and put back together, what the pane's client
 * does with answers and failures, the key that decides whether files are read again, errors in plain words.
 */
import { readConfig, type ConfigTable } from '../../src/billing/config';
import { Decimal } from '../../src/billing/decimal';
import { LayoutError, WorkbookWriteError } from '../../src/excel/errors';
import { formatBytes, isPlainData, LayoutAssembler, sheetChunks, type WorkerResponse } from '../../src/import/worker-protocol';
import { describeError } from '../../src/taskpane/lib/errors';
import { pricingKey } from '../../src/taskpane/lib/pricing-key';
import { marginPercent } from '../../src/taskpane/lib/report-summary';
import { parseMarkup, problemPlace } from '../../src/taskpane/lib/settings';
import { ImportWorkerClient, WorkerError, type WorkerPort } from '../../src/taskpane/worker-client';
import type { SheetLayout } from '../../src/workbook/layout';

function sheet(name: string, rows: number, pivotRows: number[] = []): SheetLayout {
  const make = (count: number) => Array.from({ length: count }, (_, i) => ({ cells: [i, `row ${i}`] }));
  const pivots = pivotRows.map((count, i) => ({ name: `P${i}`, sourceSheet: name, sourceTable: 'T', anchor: { row: 0, column: 0 }, rows: [], columns: [], values: [], fallback: make(count) }));
  return { name, columns: [], rows: make(rows), tables: [], pivots, charts: [] };
}

describe('the layout across postMessage', () => {
  it('is cut into a shell and row chunks, and put back together in order', () => {
    const sheets = [sheet('A', 5), sheet('B', 0), sheet('C', 2001, [1500, 0, 3])];
    const assembler = new LayoutAssembler();
    const messages: WorkerResponse[] = [];
    sheets.forEach((s, index) => {
      const { shell, chunks, pivotRowCounts } = sheetChunks(s, 1000);
      expect(shell.rows).toEqual([]);
      expect(shell.pivots.every((pivot) => pivot.fallback.length === 0)).toBe(true);
      messages.push({ type: 'layout-sheet', id: 1, index, sheet: structuredClone(shell), rowCount: s.rows.length, pivotRowCounts });
      for (const chunk of chunks) messages.push({ type: 'layout-rows', id: 1, index, ...structuredClone(chunk) });
    });
    // A: one chunk; B: none; C: three of rows, two of the first pivot's summary, one of the third's.
    expect(messages.filter((m) => m.type === 'layout-rows')).toHaveLength(1 + 0 + 3 + 2 + 1);
    for (const message of messages) if (message.type === 'layout-sheet' || message.type === 'layout-rows') assembler.add(message);
    expect(assembler.finish(3)).toEqual(sheets);
  });

  it('refuses a layout that arrived incomplete', () => {
    const assembler = new LayoutAssembler();
    assembler.add({ type: 'layout-sheet', id: 1, index: 0, sheet: sheet('A', 0), rowCount: 3, pivotRowCounts: [] });
    assembler.add({ type: 'layout-rows', id: 1, index: 0, rows: sheet('A', 2).rows });
    expect(() => assembler.finish(1)).toThrow('sheet A arrived with 2 of 3 rows');
    expect(() => assembler.finish(2)).toThrow('the layout arrived incomplete: 1 of 2 sheets');
    expect(() => new LayoutAssembler().add({ type: 'layout-rows', id: 1, index: 4, rows: [] })).toThrow('rows for sheet 4 arrived before the sheet');
  });

  it('plain data only: a Decimal or a Map would arrive without its methods', () => {
    expect(isPlainData({ a: [1, 'x', null, { b: true }], bytes: new Uint8Array(2) })).toBe(true);
    expect(isPlainData({ amount: Decimal.ONE })).toBe(false);
    expect(isPlainData({ map: new Map() })).toBe(false);
    expect(isPlainData({ f: () => 1 })).toBe(false);
  });

  it('sizes in words', () => {
    expect(formatBytes(57)).toBe('57 bytes');
    expect(formatBytes(41 * 1024 + 100)).toBe('41 KB');
    expect(formatBytes(76_150_696)).toBe('72.6 MB');
  });
});

describe('the pane’s client of the worker', () => {
  function port() {
    const listeners: { message: Array<(event: { data: WorkerResponse }) => void>; error: Array<(event: { message?: string }) => void> } = { message: [], error: [] };
    const posted: unknown[] = [];
    const fake: WorkerPort & { emit(message: WorkerResponse): void; crash(message: string): void; posted: unknown[]; terminated: boolean } = {
      posted,
      terminated: false,
      postMessage: (message) => posted.push(message),
      addEventListener: (type: 'message' | 'error', listener: never) => listeners[type].push(listener),
      terminate() {
        this.terminated = true;
      },
      emit: (message) => listeners.message.forEach((listener) => listener({ data: message })),
      crash: (message) => listeners.error.forEach((listener) => listener({ message })),
    };
    return fake;
  }

  it('routes progress to the request that asked, resolves with its result, rejects with the worker’s words', async () => {
    const worker = port();
    const client = new ImportWorkerClient(worker);
    const phases: string[] = [];
    const first = client.request<'refresh'>({ type: 'refresh', tables: [], months: null }, { onPhase: (phase) => phases.push(phase) });
    const second = client.request<'export'>({ type: 'export', kind: 'billing-csv', semicolon: false });
    expect(worker.posted).toEqual([
      { type: 'refresh', tables: [], months: null, id: 1 },
      { type: 'export', kind: 'billing-csv', semicolon: false, id: 2 },
    ]);
    worker.emit({ type: 'phase', id: 1, phase: 'report' });
    worker.emit({ type: 'phase', id: 99, phase: 'layout' });
    worker.emit({ type: 'error', id: 2, message: 'Something went wrong', detail: 'stack' });
    worker.emit({ type: 'result', id: 1, result: { kind: 'no-files' } });
    await expect(first.result).resolves.toEqual({ kind: 'no-files' });
    await expect(second.result).rejects.toEqual(new WorkerError('Something went wrong', 'stack'));
    expect(phases).toEqual(['report']);
    client.cancel(1);
    expect(worker.posted).toHaveLength(2);
  });

  it('a cancel names the running request; a crashed worker fails every request, plainly', async () => {
    const worker = port();
    const client = new ImportWorkerClient(worker);
    const running = client.request<'import'>({ type: 'import', files: [], tables: [] });
    client.cancel(running.id);
    expect(worker.posted[1]).toEqual({ type: 'cancel', id: 2, target: 1 });
    worker.crash('out of memory');
    await expect(running.result).rejects.toThrow('The part of the add-in that reads your files stopped. Close and reopen the pane, then import the files again.');
    await expect(client.request<'export'>({ type: 'export', kind: 'billing-csv', semicolon: false }).result).rejects.toThrow('The part of the add-in that reads your files stopped');
    client.terminate();
    expect(worker.terminated).toBe(true);
  });
});

describe('when the files are read again', () => {
  const table = (name: ConfigTable['name'], header: string[], rows: string[][]): ConfigTable => ({ name, header, rows, firstRow: 2, source: name });
  const base = [
    table('Settings', ['Setting', 'Value'], [['Default markup %', '10']]),
    table('Customers', ['Customer ID', 'Organization', 'Markup %', 'Billable'], [['AAA', 'Alpha', '', 'Yes']]),
    table('Prices', ['Product ID', 'SKU ID', 'Sales price'], [['P1', '0001', '12.00']]),
  ];
  const key = (tables: ConfigTable[]) => pricingKey(readConfig(tables).config);

  it('not for what applies at build time or dates files: names, invoices, the cycle end day, row order of customers, spellings of an id', () => {
    const renamed = base.map((t) => (t.name === 'Customers' ? { ...t, rows: [['aaa', 'Alpha Corp', '', 'yes']] } : t));
    const invoices = [...base, table('Invoices', ['Invoice number', 'Billing date', 'Microsoft total'], [['G1', '2026-10-31', '100']])];
    const cycleEndDay = [...base.filter((t) => t.name !== 'Settings'), table('Settings', ['Setting', 'Value'], [['Default markup %', '10'], ['Cycle end day', '15']])];
    expect(key(renamed)).toBe(key(base));
    expect(key(invoices)).toBe(key(base));
    expect(key(cycleEndDay)).toBe(key(base));
  });

  it('for what prices lines: a price, a markup, the Promotions setting, billable', () => {
    const variants = [
      base.map((t) => (t.name === 'Prices' ? { ...t, rows: [['P1', '0001', '12.50']] } : t)),
      base.map((t) => (t.name === 'Settings' ? { ...t, rows: [['Default markup %', '11']] } : t)),
      base.map((t) => (t.name === 'Settings' ? { ...t, rows: [['Default markup %', '10'], ['Promotions', 'Pass on']] } : t)),
      base.map((t) => (t.name === 'Customers' ? { ...t, rows: [['AAA', 'Alpha', '', 'No']] } : t)),
      base.map((t) => (t.name === 'Customers' ? { ...t, rows: [['AAA', 'Alpha', '5', 'Yes']] } : t)),
    ];
    for (const variant of variants) expect(key(variant)).not.toBe(key(base));
  });
});

describe('small helpers', () => {
  it('margin % over sales, one decimal, none without sales', () => {
    expect(marginPercent(Decimal.parse('2339.79'), Decimal.parse('26722.23'))).toBe('8.8');
    expect(marginPercent(Decimal.parse('-5'), Decimal.parse('100'))).toBe('-5.0');
    expect(marginPercent(Decimal.parse('-5'), Decimal.ZERO)).toBeNull();
  });

  it('markup typed by the user', () => {
    expect(parseMarkup('15')).toBe(15);
    expect(parseMarkup(' 12.5 % ')).toBe(12.5);
    expect(parseMarkup('fifteen')).toBeNull();
    expect(parseMarkup('')).toBeNull();
    expect(parseMarkup('  ')).toBeNull();
    expect(parseMarkup('17,5')).toBe(17.5);
    expect(parseMarkup('-100')).toBeNull();
    expect(problemPlace({ source: 'table Prices on sheet Prices', row: 3, column: 'Sales price' })).toBe('table Prices on sheet Prices, row 3, column Sales price');
    expect(problemPlace({ source: 'table Settings', row: null, column: null })).toBe('table Settings');
  });

  it('errors: what happened and what next, the detail apart', () => {
    const write = describeError(new WorkbookWriteError('Writing Billing Lines, rows 1 to 4,000 failed: busy\nThe previous report and your tables were left as they were.'), 'write');
    expect(write).toMatchObject({ message: 'Writing Billing Lines, rows 1 to 4,000 failed: busy', next: 'The previous report and your tables were left as they were.' });
    expect(describeError(new LayoutError('Sheet "Billing Report" holds your table "Prices"'), 'write').next).toBe('Try Refresh again.');
    // Elsewhere (the export's sheet, a table opened) a write is tried again there, not by Refresh.
    expect(describeError(new LayoutError('There is no room on sheet "Prices" for the Prices table.'), 'export').next).toBe('Try again.');
    const editing = describeError(Object.assign(new Error('The operation is not allowed'), { code: 'InvalidOperationInCellEditMode' }), 'refresh');
    expect(editing.next).toBe('Press Enter or Esc in the sheet to finish editing the cell, then try again.');
    const office = describeError(Object.assign(new Error('GeneralException'), { code: 'GeneralException', debugInfo: { errorLocation: 'Range.values' } }), 'read-config');
    expect(office.message).toBe('Reading your tables from the workbook failed: Excel answered "GeneralException".');
    expect(office.detail).toContain('at Range.values');
    expect(describeError(new WorkerError('The worker said so.', 'stack here'), 'import')).toEqual({ message: 'The worker said so.', detail: expect.stringContaining('stack here') });
    expect(describeError('weird', 'export')).toMatchObject({ message: 'Making the export failed.', detail: 'weird' });
  });
});
