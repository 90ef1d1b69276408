import Papa from 'papaparse';
import { DECODE_BYTES } from './decode';
import { readPlainCsv } from './plain-csv';
import { ImportProblem } from './problem';

/** Rows of cells as text, in file order; `firstRow` is the 1-based row number of rows[0]. */
interface RecordBlock {
  rows: string[][];
  firstRow: number;
  /** Set on a CSV file's last block when the text stops without a line end (its last row may be cut short). */
  unterminated?: boolean;
  /** The workbook sheet the rows are on (an .xlsx), for messages: row numbers are the sheet's. */
  sheet?: string;
}

export type Container = 'csv' | 'json-lines' | 'xlsx';

export interface RecordReader {
  readonly container: Container;
  /** ',', ';' or '\t' for CSV (files re-saved by a European Excel use ';'). */
  readonly delimiter: string;
  /** CSV only (null for JSON lines): what a later part of the file needs to be read alone. */
  readonly dialect: CsvDialect | null;
  /** Column names: the CSV header row, or the JSON attribute names in first-seen order. */
  readonly header: string[];
  /** The workbook sheet the header is on (an .xlsx). */
  readonly sheet?: string;
  /** The header's row number: 2 below PowerShell's "#TYPE" line, else 1 (absent). */
  readonly headerRow?: number;
  blocks(): AsyncGenerator<RecordBlock>;
}

/**
 * At most this much text is parsed at a time: big enough to amortise the call, small enough that a block's rows and
 * lines die before a young-generation collection copies them (1 MiB blocks made a 1,000,000-line report 15% slower
 * and 80 MB larger). It is the size of the pieces decodeText yields, so a piece is parsed where it lies: a block cut
 * from text joined of two pieces would be copied into one string, of a size V8 maps memory for (see DECODE_BYTES).
 */
const BLOCK_CHARS = DECODE_BYTES;
/** Smaller chunks are gathered up to this much text before it is parsed. */
const MIN_BLOCK_CHARS = BLOCK_CHARS >> 2;

/**
 * Reads the first text to tell CSV from JSON lines and to find the header. Returns null for a file with no
 * content at all.
 */
export async function openRecords(chunks: AsyncIterable<string>): Promise<RecordReader | null> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending = '';
  let done = false;
  // Enough text to hold the header line (or the first JSON line).
  const readLine = async (from: number): Promise<void> => {
    while (!done && pending.indexOf('\n', from) < 0 && pending.length < 1 << 20) {
      const next = await iterator.next();
      if (next.done) done = true;
      else pending += next.value;
    }
  };
  await readLine(0);
  pending = pending.replace(/^\uFEFF/, '');
  // PowerShell's Export-Csv (without -NoTypeInformation) writes "#TYPE Microsoft.Store.PartnerCenter.Models...." above
  // the header: the line is passed over, and the rows keep their numbers in the file (the header is row 2).
  let headerRow = 1;
  if (pending.startsWith('#TYPE ') && pending.indexOf('\n') > 0) {
    const typeLineEnd = pending.indexOf('\n') + 1;
    await readLine(typeLineEnd);
    pending = pending.slice(typeLineEnd);
    headerRow = 2;
  }
  if (pending.trim() === '') return null;
  const rest = { [Symbol.asyncIterator]: () => iterator } as AsyncIterable<string>;
  const first = pending.trimStart();
  // Partner Center's JSON export is one object a line; an array, or one object spread over lines, is another shape.
  const firstLine = first.slice(0, first.indexOf('\n') >>> 0);
  if (first.startsWith('[') || /^\{\s*(\n|"[^"]*"\s*:\s*[[{])/.test(first) || /^\{.*"(items|value)"\s*:\s*\[\s*\{/.test(firstLine)) {
    throw new ImportProblem("JSON, but not JSON lines: Partner Center's JSON export has one line item a line (.jsonl); an array, an API reply holding the items, or an object spread over lines is not read", 1);
  }
  if (first.startsWith('{')) return jsonLinesReader(pending, rest);
  return csvReader(pending, rest, headerRow);
}

function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

/** How a CSV file is written, as its first line shows: what a later part of the file needs to be read alone. */
export interface CsvDialect {
  delimiter: string;
  newline: '\r\n' | '\n';
  header: string[];
}

function csvReader(start: string, rest: AsyncIterable<string>, headerRow: number): RecordReader {
  const firstNewline = start.indexOf('\n');
  const headerLine = (firstNewline < 0 ? start : start.slice(0, firstNewline)).replace(/\r$/, '');
  const delimiter = detectDelimiter(headerLine);
  const newline = firstNewline > 0 && start[firstNewline - 1] === '\r' ? '\r\n' : '\n';
  const header = csvParser(delimiter, newline)(headerLine, headerRow, false).rows[0] ?? [];
  const body = firstNewline < 0 ? '' : start.slice(firstNewline + 1);
  const reader = csvRecords({ delimiter, newline, header }, body, rest, headerRow + 1);
  return headerRow === 1 ? reader : { ...reader, headerRow };
}

/**
 * The records of a later part of a CSV file, read on its own (a file is read in parts, one per core). The part
 * starts at a record boundary, `firstRow` is the file's row number there, and the dialect is the file's.
 */
export function openCsvPart(chunks: AsyncIterable<string>, dialect: CsvDialect, firstRow: number): RecordReader {
  return csvRecords(dialect, '', chunks, firstRow);
}

function csvParser(delimiter: string, newline: CsvDialect['newline']) {
  // Papaparse's own streaming primitive: parse what is complete, hold back a last row that may continue in the
  // next chunk, and say where it stopped (meta.cursor).
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  return (text: string, firstRow: number, more: boolean): { rows: string[][]; consumed: number } => {
    const plain = readPlainCsv(text, delimiter, newline, more);
    if (plain !== null) return plain;
    const result = parser.parse(text, 0, more) as Papa.ParseResult<string[]>;
    const error = result.errors.find((e) => e.type === 'Quotes' && (!more || (e.row ?? 0) < result.data.length));
    if (error) throw new ImportProblem(`malformed CSV: a quoted field is not closed (${error.message})`, firstRow + (error.row ?? 0));
    return { rows: result.data, consumed: more ? result.meta.cursor : text.length };
  };
}

function csvRecords(dialect: CsvDialect, body: string, rest: AsyncIterable<string>, firstRow: number): RecordReader {
  const parse = csvParser(dialect.delimiter, dialect.newline);
  return {
    container: 'csv',
    delimiter: dialect.delimiter,
    dialect,
    header: dialect.header,
    async *blocks() {
      // Text not parsed yet: the start of a row that goes on in the next chunk, or small chunks gathered.
      let pending = body;
      let nextRow = firstRow;
      // Text is parsed once there is at least this much (more after a long row, so that a huge field or a quote
      // never closed costs linear time, not quadratic).
      let wanted = MIN_BLOCK_CHARS;
      const block = (text: string): { block: RecordBlock | null; consumed: number } => {
        const { rows, consumed } = parse(text, nextRow, true);
        if (rows.length === 0) return { block: null, consumed };
        const made = { rows, firstRow: nextRow };
        nextRow += rows.length;
        return { block: made, consumed };
      };
      for await (const chunk of rest) {
        if (pending.length + chunk.length < wanted) {
          pending += chunk;
          continue;
        }
        const lineEnd = pending === '' ? 0 : chunk.indexOf('\n') + 1;
        if (lineEnd > 0 && lineEnd <= chunk.lastIndexOf('\n')) {
          // The row carried over most often ends at the chunk's first line end: only that line is joined to it, and
          // the rest of the chunk is parsed where it lies instead of being copied onto the carried text.
          const head = pending + chunk.slice(0, lineEnd);
          const { block: first, consumed } = block(head);
          if (first !== null) yield first;
          pending = head.slice(consumed) + chunk.slice(lineEnd);
        } else pending += chunk;
        // The complete rows, a block at a time so they die young. Rows are parsed up to the text's last line end, not
        // through it: the file's own ending is read by the last parse below, as if the file came in one piece.
        let end = pending.lastIndexOf('\n');
        let size = BLOCK_CHARS;
        while (pending.length >= wanted) {
          const whole = end <= size;
          const { block: next, consumed } = block(pending.slice(0, whole ? Math.max(end, 0) : size));
          // No complete row in the block (a huge field, or an unclosed quote): try twice as much.
          if (next === null) {
            if (whole) wanted = 2 * pending.length;
            else size *= 2;
            continue;
          }
          wanted = MIN_BLOCK_CHARS;
          size = BLOCK_CHARS;
          pending = pending.slice(consumed);
          end -= consumed;
          yield next;
          if (whole) break;
        }
      }
      // A final newline ends the last record; it does not start an empty one.
      const terminated = pending.endsWith('\n');
      if (terminated) pending = pending.slice(0, -1);
      if (pending.endsWith('\r')) pending = pending.slice(0, -1);
      // An empty last line is a record of its own (blank), as it is when the rows before it are parsed with it.
      if (pending !== '') yield { rows: parse(pending, nextRow, false).rows, firstRow: nextRow, unterminated: !terminated };
      else if (terminated) yield { rows: [['']], firstRow: nextRow };
    },
  };
}

function jsonLinesReader(start: string, rest: AsyncIterable<string>): RecordReader {
  const header: string[] = [];
  const columnOf = new Map<string, number>();
  const toRow = (line: string, rowNumber: number): string[] => {
    const row: string[] = new Array(header.length).fill('');
    for (const [key, value] of parseJsonObjectLine(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, rowNumber)) {
      let column = columnOf.get(key);
      if (column === undefined) {
        column = header.length;
        header.push(key);
        columnOf.set(key, column);
      }
      row[column] = value;
    }
    return row;
  };
  // The header is the first object's attribute names; later objects may add more (they map by name).
  const firstNewline = start.indexOf('\n');
  const firstLine = firstNewline < 0 ? start : start.slice(0, firstNewline);
  const firstRow = toRow(firstLine, 1);
  const body = firstNewline < 0 ? '' : start.slice(firstNewline + 1);

  return {
    container: 'json-lines',
    delimiter: '',
    dialect: null,
    header,
    async *blocks() {
      yield { rows: [firstRow], firstRow: 1 };
      let pending = body;
      let nextRow = 2;
      const emit = (text: string): RecordBlock => {
        const lines = text.split('\n');
        const block = { rows: lines.map((line, i) => (line.trim() === '' ? [] : toRow(line, nextRow + i))), firstRow: nextRow };
        nextRow += lines.length;
        return block;
      };
      for await (const chunk of rest) {
        pending += chunk;
        if (pending.length < BLOCK_CHARS) continue;
        const cut = pending.lastIndexOf('\n');
        if (cut < 0) continue;
        yield emit(pending.slice(0, cut));
        pending = pending.slice(cut + 1);
      }
      if (pending.endsWith('\n')) pending = pending.slice(0, -1);
      if (pending.trim() !== '') yield emit(pending);
    },
  };
}

/**
 * One JSON object per line, as Microsoft's billing export writes them. Numbers are kept as their text (JSON.parse
 * would round 0.1835431430074643112595); nested objects and arrays are kept as their JSON text; null is ''.
 */
function parseJsonObjectLine(line: string, rowNumber: number): Array<[string, string]> {
  let i = 0;
  const fail = (what: string): never => {
    throw new ImportProblem(`not valid JSON (${what} at character ${i + 1})`, rowNumber);
  };
  const skipSpace = () => {
    while (i < line.length && line.charCodeAt(i) <= 32) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    let escaped = false;
    while (i < line.length) {
      const c = line.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c === 34) break;
      i++;
    }
    if (i >= line.length) fail('unterminated text');
    i++;
    return escaped ? (JSON.parse(line.slice(start, i)) as string) : line.slice(start + 1, i - 1);
  };
  const skipNested = (): string => {
    const start = i;
    let depth = 0;
    while (i < line.length) {
      const c = line[i];
      if (c === '"') {
        readString();
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          return line.slice(start, i);
        }
      }
      i++;
    }
    return fail('unterminated object or array');
  };
  const readValue = (): string => {
    const c = line[i];
    if (c === '"') return readString();
    if (c === '{' || c === '[') return skipNested();
    const start = i;
    while (i < line.length && line[i] !== ',' && line[i] !== '}' && line.charCodeAt(i) > 32) i++;
    const literal = line.slice(start, i);
    if (literal === 'null') return '';
    if (literal === 'true' || literal === 'false' || /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(literal)) return literal;
    return fail(`unexpected "${literal.slice(0, 20)}"`);
  };

  const entries: Array<[string, string]> = [];
  skipSpace();
  if (line[i] !== '{') fail('expected an object');
  i++;
  skipSpace();
  if (line[i] === '}') return entries;
  for (;;) {
    skipSpace();
    if (line[i] !== '"') fail('expected an attribute name');
    const key = readString();
    skipSpace();
    if (line[i] !== ':') fail('expected ":"');
    i++;
    skipSpace();
    entries.push([key, readValue()]);
    skipSpace();
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line[i] === '}') break;
    fail('expected "," or "}"');
  }
  i++;
  skipSpace();
  if (i < line.length) fail('text after the object');
  return entries;
}
