/**
 * A reconciliation file the accountant opened in Excel and saved as a workbook (.xlsx): the sheet whose first row is a
 * Partner Center header, read as rows of text by the same rules as the add-in reads cells (numbers as typed, dates as
 * ISO dates). What Excel did to the values on the way (SKU ids as numbers, long ids in scientific notation) is the
 * mapper's to catch, as for a CSV file Excel saved again.
 */
import { detectFormat } from '../billing/formats';
import { openXlsx, WorkbookFileError } from '../xlsx/read-workbook';
import { joinAll, withHead, type ByteSource } from './decode';
import { ImportProblem } from './problem';
import type { RecordReader } from './records';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Rows handed on at a time, as the CSV reader hands on a block. */
const BLOCK_ROWS = 4096;

/** The whole file when it is a zip archive (an .xlsx is one), else the same bytes to read as text. */
export async function workbookBytes(source: ByteSource): Promise<{ workbook: Uint8Array } | { text: ByteSource }> {
  const chunks = withHead(source, ZIP_MAGIC.length);
  const first = await chunks.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  if (!ZIP_MAGIC.every((byte, i) => head[i] === byte)) {
    return {
      text: {
        async *[Symbol.asyncIterator]() {
          if (head.length > 0) yield head;
          yield* chunks;
        },
      },
    };
  }
  const all = [head];
  let total = head.length;
  for await (const chunk of chunks) {
    all.push(chunk);
    total += chunk.length;
  }
  return { workbook: joinAll(all, total) };
}

/** The rows of the workbook's first sheet that starts with a Partner Center header. */
export function workbookRecords(bytes: Uint8Array, fileName: string): RecordReader {
  let workbook;
  try {
    workbook = openXlsx(bytes, fileName);
  } catch (error) {
    if (error instanceof WorkbookFileError) throw new ImportProblem('this is a zip file, not a reconciliation file or an Excel workbook: download the CSV from Partner Center');
    throw error;
  }
  for (const sheet of workbook.sheets) {
    const rows = workbook.usedCells(sheet);
    if (rows.length === 0 || detectFormat(rows[0]) === null) continue;
    const [header, ...body] = rows;
    return {
      container: 'xlsx',
      delimiter: '',
      dialect: null,
      header,
      async *blocks() {
        // Sheet row numbers: the header is row 1.
        for (let start = 0; start < body.length; start += BLOCK_ROWS) yield { rows: body.slice(start, start + BLOCK_ROWS), firstRow: start + 2 };
      },
    };
  }
  throw new ImportProblem(`an Excel workbook with no sheet whose first row is a Partner Center header (sheets: ${workbook.sheets.join(', ') || 'none'}): download the reconciliation file from Partner Center again`);
}
