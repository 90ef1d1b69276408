/**
 * A reconciliation file the accountant opened in Excel and saved as a workbook (.xlsx): the sheets whose first row is
 * a Partner Center header, read as rows of text by the same rules as the add-in reads cells (numbers as typed, dates as
 * ISO dates). What Excel did to the values on the way (SKU ids as numbers, long ids in scientific notation) is the
 * mapper's to catch, as for a CSV file Excel saved again.
 */
import { detectFormat, normalizeHeader, type FormatSpec } from '../billing/formats';
import { CellError, createRowMapper, type RowMapper } from '../billing/formats/mapper';
import { openXlsx, SheetTooLargeToReadError, WorkbookFileError } from '../xlsx/read-workbook';
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

/**
 * The rows of the reconciliation in the workbook: the first sheet whose first row is a Partner Center header, and
 * every later sheet that starts with a header of the same format (a file too long for one sheet, or pasted in parts:
 * "Part 1", "Part 2"), read in order as one file, each in the first header's column order. Sheets before it, and later
 * sheets of notes, are passed over; a later sheet of another format, or of charges without a header row in row 1, is
 * refused, since which charges it holds, and in which columns, cannot be told.
 */
export function workbookRecords(bytes: Uint8Array, fileName: string): RecordReader {
  let workbook;
  try {
    workbook = openXlsx(bytes, fileName);
  } catch (error) {
    if (error instanceof WorkbookFileError) throw new ImportProblem('this is a zip file, not a reconciliation file or an Excel workbook: download the CSV from Partner Center');
    throw error;
  }
  let first: { sheet: string; header: string[]; format: FormatSpec } | null = null;
  const parts: Array<{ sheet: string; rows: string[][] }> = [];
  for (const sheet of workbook.sheets) {
    let rows: string[][];
    try {
      rows = workbook.usedCells(sheet);
    } catch (error) {
      if (error instanceof SheetTooLargeToReadError) throw new ImportProblem(SheetTooLargeToReadError.reason(error.bytes), undefined, undefined, sheet);
      throw error;
    }
    if (rows.length === 0) continue;
    const format = detectFormat(rows[0]);
    if (first === null) {
      if (format === null) continue;
      first = { sheet, header: rows[0], format };
      parts.push({ sheet, rows: rows.slice(1) });
      continue;
    }
    if (format === null) {
      checkNotesOnly(sheet, rows, first, fileName);
      continue;
    }
    if (format.id !== first.format.id) {
      throw new ImportProblem(`sheet ${sheet} starts with the header of a ${format.label} file, sheet ${first.sheet} with that of a ${first.format.label} file: save each as a file of its own`, 1, undefined, sheet);
    }
    parts.push({ sheet, rows: inColumnOrder(rows.slice(1), columnOrder(first.header, rows[0], sheet, first.sheet)) });
  }
  if (first === null) {
    throw new ImportProblem(`an Excel workbook with no sheet whose first row is a Partner Center header (sheets: ${workbook.sheets.join(', ') || 'none'}): download the reconciliation file from Partner Center again`);
  }
  return {
    container: 'xlsx',
    delimiter: '',
    dialect: null,
    header: first.header,
    sheet: first.sheet,
    async *blocks() {
      for (const { sheet, rows } of parts) {
        // Sheet row numbers: the header is row 1.
        for (let start = 0; start < rows.length; start += BLOCK_ROWS) yield { rows: rows.slice(start, start + BLOCK_ROWS), firstRow: start + 2, sheet };
      }
    },
  };
}

/** Rows looked at for a header or charges on a sheet that does not start with a header. */
const ROWS_LOOKED_AT = 10;

/**
 * A later sheet without a header in row 1 is passed over as notes, unless its first rows hold a header further down (a
 * title row above it) or a charge (rows pasted without the header): billed, they would be guessed at; passed over,
 * unbilled without a word.
 */
function checkNotesOnly(sheet: string, rows: readonly string[][], first: { sheet: string; header: string[]; format: FormatSpec }, fileName: string): void {
  let mapper: RowMapper | null = null;
  try {
    mapper = createRowMapper(first.format, first.header, fileName, false);
  } catch (error) {
    // The first sheet's header lacks a column: the import says so when it binds it.
    if (!(error instanceof CellError)) throw error;
  }
  for (let r = 0; r < Math.min(rows.length, ROWS_LOOKED_AT); r++) {
    if (detectFormat(rows[r]) !== null) {
      throw new ImportProblem(`sheet ${sheet} has a Partner Center header in row ${r + 1}, not in row 1: delete the rows above it, so its charges are read with sheet ${first.sheet}'s`, r + 1, undefined, sheet);
    }
    if (mapper !== null && isCharge(mapper, rows[r])) {
      throw new ImportProblem(`sheet ${sheet} holds charges without a header row: copy sheet ${first.sheet}'s header into its row 1, so its columns can be told`, r + 1, undefined, sheet);
    }
  }
}

/** Whether a row reads as a charge under the first sheet's header: a customer, a product or charge type, a cost, a currency. */
function isCharge(mapper: RowMapper, row: readonly string[]): boolean {
  try {
    mapper.map(row, 0);
    return true;
  } catch (error) {
    if (error instanceof CellError) return false;
    throw error;
  }
}

/**
 * Where a later sheet holds each column of the first sheet's header, by name, so its rows are read in the first
 * sheet's order; null where it is that order already. Refused where the two headers do not name the same columns.
 */
function columnOrder(header: readonly string[], later: readonly string[], sheet: string, firstSheet: string): number[] | null {
  const key = (name: string) => normalizeHeader(name.trim());
  const unmatched = new Map<string, number[]>();
  later.forEach((name, i) => {
    if (key(name) === '') return;
    const positions = unmatched.get(key(name));
    if (positions === undefined) unmatched.set(key(name), [i]);
    else positions.push(i);
  });
  const missing: string[] = [];
  const order = header.map((name) => {
    if (key(name) === '') return -1;
    const position = unmatched.get(key(name))?.shift();
    if (position === undefined) missing.push(name.trim());
    return position ?? -1;
  });
  const extra = [...unmatched.values()].flat().sort((a, b) => a - b).map((i) => later[i].trim());
  if (missing.length > 0 || extra.length > 0) {
    const differences = [missing.length > 0 ? `it lacks ${missing.join(', ')}` : '', extra.length > 0 ? `it has ${extra.join(', ')} besides` : ''].filter(Boolean).join('; ');
    throw new ImportProblem(`sheet ${sheet}'s header does not name the columns of sheet ${firstSheet}'s (${differences}): give both sheets the same header, or save each as a file of its own`, 1, undefined, sheet);
  }
  return order.every((position, i) => position === i) ? null : order;
}

function inColumnOrder(rows: string[][], order: number[] | null): string[][] {
  if (order === null) return rows;
  return rows.map((row) => order.map((position) => (position < 0 ? '' : (row[position] ?? ''))));
}
