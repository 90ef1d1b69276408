/**
 * Injected into the page before the task pane starts (page.addInitScript, bundled by webpack): a stub `Office`
 * whose onReady resolves with host Excel, and an `Excel.run` over the fake Excel (test/fake-excel), seeded with
 * the configuration tables the test gives in `window.__HARNESS_SETUP__`. The test reads the fake workbook back
 * through `window.__harness`.
 *
 * Like Office, every sync is a task of its own (a round trip), optionally slowed down so progress can be seen.
 * office.js has Worksheet.activate() and Range.select(); the fake has neither, so they are added here as queued
 * calls that record what the pane selected.
 */
import type { ConfigTable } from '../../../src/billing/config';
import { readConfigTables } from '../../../src/excel/read-config';
import { formatRect } from '../../fake-excel/a1';
import { FakeExcel, FakeRange, FakeTableCollection, FakeWorksheet, type FakeRequestContext } from '../../fake-excel/fake-excel';

export interface HarnessTable {
  /** Sheet name ("Customer Prices") and Excel table name ("CustomerPrices"). */
  sheet: string;
  table: string;
  rows: string[][];
}

export interface HarnessSetup {
  tables: HarnessTable[];
  apiVersion?: string;
  /** Extra wait per sync, in ms (default 0). */
  syncDelayMs?: number;
}

export interface Selection {
  kind: 'activate' | 'select';
  sheet: string;
  address?: string;
}

/** Time the fake Excel itself spent applying requests on the page's thread (Excel does this in its own process). */
export interface SyncStats {
  count: number;
  totalMs: number;
  maxMs: number;
  /** Each request: start (performance.now) and duration, to tell the fake's share of a long task. */
  spans: Array<[number, number]>;
}

interface Harness {
  excel: FakeExcel;
  syncStats: SyncStats;
  selections: Selection[];
  longTasks: Array<{ start: number; duration: number }>;
  ready: Promise<void>;
  sheetNames(): string[];
  values(sheet: string, address: string): unknown[][];
  formulas(sheet: string, address: string): unknown[][];
  usedAddress(sheet: string): string | null;
  tables(): Array<{ name: string; sheet: string; address: string; columns: string[] }>;
  /** Slows every later request down (ms per sync), to catch a refresh in the middle. */
  setSyncDelay(ms: number): void;
  /** Whether workbook.tables.onChanged handlers are called (as in Excel with API 1.7), or never (older Excel). */
  setTableEvents(on: boolean): void;
  /** The configuration tables as the pane reads them (src/excel/read-config.ts). */
  configTables(): Promise<ConfigTable[]>;
}

declare global {
  interface Window {
    __HARNESS_SETUP__?: HarnessSetup;
    __harness: Harness;
    /** Set by a test that watches whether the keyboard's focus ever fell to the page. */
    __focusDropped?: boolean;
    Office: unknown;
    Excel: unknown;
  }
}

const setup: HarnessSetup = window.__HARNESS_SETUP__ ?? { tables: [] };
const excel = new FakeExcel(setup.apiVersion ? { apiVersion: setup.apiVersion } : {});
const selections: Selection[] = [];
const longTasks: Array<{ start: number; duration: number }> = [];
const syncStats: SyncStats = { count: 0, totalMs: 0, maxMs: 0, spans: [] };

// Long tasks of the page's main thread (the bench reads them; > 50 ms each by definition).
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // Not supported: no long tasks recorded.
}

type Queueing = { call(member: string, args: unknown[], run: () => void, since?: string): void };
(FakeWorksheet.prototype as unknown as { activate(): void }).activate = function (this: FakeWorksheet) {
  (this as unknown as Queueing).call('activate', [], () => selections.push({ kind: 'activate', sheet: this.target().name }));
};
(FakeRange.prototype as unknown as { select(): void }).select = function (this: FakeRange) {
  (this as unknown as Queueing).call('select', [], () => {
    const { sheet, rect } = this.target() as unknown as { sheet: { name: string }; rect: Parameters<typeof formatRect>[0] };
    selections.push({ kind: 'select', sheet: sheet.name, address: formatRect(rect) });
  });
};

// workbook.tables.onChanged (ExcelApi 1.7), which the fake lacks. Excel calls the handlers after cells of a table
// changed; here after every request that changed anything (the pane reads the tables again and compares, so
// more calls than Excel makes do no harm). Requests the tests send through __harness.excel.run count too.
const tableHandlers: Array<(event: unknown) => Promise<unknown>> = [];
let tableEvents = true;
Object.defineProperty(FakeTableCollection.prototype, 'onChanged', {
  get: () => ({
    add(handler: (event: unknown) => Promise<unknown>) {
      if (excel.isSetSupported('ExcelApi', '1.7')) tableHandlers.push(handler);
    },
  }),
});
const execute = excel.execute.bind(excel);
excel.execute = async (calls) => {
  await execute(calls);
  if (tableEvents && calls.some((call) => call.member !== 'load' && call.member !== 'resolve')) for (const handler of tableHandlers) void handler({});
};

function nextTask(delayMs: number): Promise<void> {
  if (delayMs > 0) return new Promise((resolve) => setTimeout(resolve, delayMs));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

async function run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
  const context = excel.context();
  const send = context.sync.bind(context);
  context.sync = async () => {
    await nextTask(setup.syncDelayMs ?? 0);
    const begun = performance.now();
    try {
      await send();
    } finally {
      const spent = performance.now() - begun;
      syncStats.count++;
      syncStats.totalMs += spent;
      syncStats.maxMs = Math.max(syncStats.maxMs, spent);
      syncStats.spans.push([begun, spent]);
    }
  };
  const result = await batch(context);
  await context.sync();
  return result;
}

async function seed(): Promise<void> {
  if (setup.tables.length === 0) return;
  await run(async (context) => {
    for (const table of setup.tables) {
      const width = Math.max(...table.rows.map((row) => row.length));
      const grid = table.rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
      const sheet = context.workbook.worksheets.add(table.sheet);
      const range = sheet.getRange(`A1:${String.fromCharCode(64 + width)}${grid.length}`);
      range.numberFormat = [['@']];
      range.values = grid;
      sheet.tables.add(range, true).name = table.table;
    }
    await context.sync();
  });
}

const ready = seed();
const info = { host: 'Excel', platform: 'OfficeOnline' };

window.Office = ({
  HostType: { Excel: 'Excel' },
  PlatformType: { OfficeOnline: 'OfficeOnline' },
  onReady(callback?: (value: typeof info) => void) {
    return ready.then(() => {
      callback?.(info);
      return info;
    });
  },
  context: { requirements: { isSetSupported: (name: string, version: string) => excel.isSetSupported(name, String(version)) } },
} as unknown as typeof Office);
window.Excel = { run } as unknown as typeof Excel;

window.__harness = {
  excel,
  syncStats,
  selections,
  longTasks,
  ready,
  sheetNames: () => excel.sheetNames(),
  values: (sheet, address) => excel.sheet(sheet).values(address),
  formulas: (sheet, address) => excel.sheet(sheet).formulas(address),
  usedAddress: (sheet) => excel.sheet(sheet).usedAddress(),
  tables: () => excel.snapshot().tables.map((table) => ({ name: table.name, sheet: table.sheet, address: table.address, columns: table.columns })),
  setSyncDelay: (ms) => {
    setup.syncDelayMs = ms;
  },
  setTableEvents: (on) => {
    tableEvents = on;
  },
  configTables: () => excel.run((context) => readConfigTables(context)),
};
