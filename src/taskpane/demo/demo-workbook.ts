/**
 * The demo outside Office: the bundled sample month (sample/) against an in-memory workbook, the same fake Excel the
 * writer's tests run against (test/fake-excel: load + sync, request size limit, Excel's rules, and the report's
 * formulas worked out as Excel would, so its totals show). Loaded only when the user asks for the demo (its own
 * chunk); the sample files are assets of the add-in, fetched from its own origin (sample-files.ts).
 */
import { FakeExcel, type FakeRequestContext } from '../../../test/fake-excel/fake-excel';
import { rangeAddress } from '../../excel/addresses';
import { isDateFormat, isoOfExcelSerial } from '../../excel/number-formats';
import type { ExcelContext } from '../../excel/excel-api';
import { addTypedTables, hostOver, type ExcelHost } from '../excel-adapter';
import { fetchSampleMonth } from './sample-files';

/** The next task (not a microtask): what a round trip to Excel costs the page, so it can paint between requests. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Excel.run over the fake, with every sync a task of its own as it is in Office. */
function runOver(fake: FakeExcel) {
  return async <T>(batch: (context: ExcelContext) => Promise<T>): Promise<T> => {
    const context: FakeRequestContext = fake.context();
    const send = context.sync.bind(context);
    context.sync = async () => {
      await nextTask();
      await send();
    };
    const result = await batch(context);
    await context.sync();
    return result;
  };
}

interface DemoSheet {
  name: string;
  rows: number;
}

export interface DemoWorkbook {
  host: ExcelHost;
  /** The sample month's files, ready to import. */
  files: File[];
  sheets(): DemoSheet[];
  /** The first rows and columns of a sheet as text. */
  preview(sheet: string, rows: number, columns: number): string[][];
}

export async function openDemoWorkbook(): Promise<DemoWorkbook> {
  const fake = new FakeExcel();
  const run = runOver(fake);
  const { tables, files } = await fetchSampleMonth();
  await run(async (context) => {
    const first = context.workbook.worksheets.getItem('Sheet1');
    await addTypedTables(context, tables);
    first.delete();
    await context.sync();
  });
  return {
    host: hostOver(run, 'demo'),
    files,
    sheets: () =>
      fake.sheetNames().map((name) => {
        const used = fake.sheet(name).usedAddress();
        const last = used === null ? 0 : Number(/(\d+)$/.exec(used)?.[1] ?? 0);
        return { name, rows: last };
      }),
    preview: (name, rows, columns) => {
      const view = fake.sheet(name);
      const address = rangeAddress(0, 0, rows, columns);
      const formats = view.formats(address);
      // Dates as dates (the sheet holds serials); other numbers to the 15 significant digits Excel shows (a total
      // summed in doubles reads 30108.61, not 30108.610000000004).
      const shown = (value: unknown, format: string) =>
        typeof value !== 'number' ? String(value) : isDateFormat(format) ? isoOfExcelSerial(value) : String(Number(value.toPrecision(15)));
      return view.values(address).map((row, r) => row.map((value, c) => shown(value, formats[r][c])));
    },
  };
}
