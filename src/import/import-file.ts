import type { BillingDateEvidence, CycleEndDay } from '../billing/billing-date';
import type { Decimal } from '../billing/decimal';
import { detectFormat, FORMATS } from '../billing/formats';
import type { FormatSpec } from '../billing/formats/format';
import { CellError, createRowMapper, type RowMapper } from '../billing/formats/mapper';
import type { BillingLine, FileFormat } from '../billing/line';
import { decodeText, type ByteSource } from './decode';
import { DocumentTally } from './document-tally';
import { FingerprintList, RowFingerprinter } from './fingerprint';
import { ImportProblem } from './problem';
import { openCsvPart, openRecords, type Container, type CsvDialect, type RecordReader } from './records';
import { workbookBytes, workbookRecords } from './workbook-file';

export type DocumentStatus = 'imported' | 'empty' | 'duplicate' | 'failed' | 'cancelled';

/** One imported file, as the task pane lists it and the reconciliation reports it. */
export interface ImportedDocument {
  fileName: string;
  status: DocumentStatus;
  format: FileFormat | null;
  formatLabel: string;
  container: Container | null;
  compressed: boolean;
  delimiter: string;
  invoiceNumbers: string[];
  currencies: string[];
  /** Data rows in the file (header and repeated headers not counted). */
  rowCount: number;
  /** Lines handed on for billing: rowCount less duplicates of earlier files. */
  lineCount: number;
  duplicateLines: number;
  /** The file's own cost column, summed exactly, per currency (duplicates included: it ties to the file). */
  costTotal: Record<string, Decimal>;
  duplicateCost: Record<string, Decimal>;
  /** Order-independent hash of the lines' content (see fingerprint.ts); empty where the lines were not fingerprinted. */
  contentHash: string;
  firstChargeStart: number | null;
  lastChargeStart: number | null;
  /** The date that puts the file in a billing cycle: the user's override, else the inferred one. */
  billingDate: number | null;
  inferredBillingDate: number | null;
  billingDateRule: string;
  billingDateOverridden: boolean;
  /** What the billing date was inferred from, kept: a legacy file's date follows the cycle end day, which can change after the import. */
  billingDateEvidence: BillingDateEvidence | null;
  /** Present when the file's duplicate lines or whole content came from earlier files. */
  duplicateOf: string[];
  warnings: string[];
  /** One line: file, row, column and reason. Set when status is failed. */
  problem: string;
  /** Further rows with problems after the first (the file stops being read after a few). */
  moreProblems: number;
}

export interface ImportOptions {
  cycleEndDay?: CycleEndDay;
  /** The user's billing date for this file (UTC midnight), overriding the inferred one. */
  billingDate?: number | null;
  signal?: AbortSignal;
  /** Called now and then with the source bytes read and the rows parsed. */
  onProgress?(progress: { bytes: number; rows: number }): void;
  /**
   * Whether each line is fingerprinted (the default): to find it among earlier files' lines, for later files to find
   * it, and for the file's content hash. A file alone in its session (ImportSession.lastFileNext) needs none of them.
   */
  fingerprints?: boolean;
}

const MAX_PROBLEMS = 20;

/** What the import remembers of earlier files to keep from billing a line twice. */
export interface DuplicateRegister {
  /** How many lines with this fingerprint earlier files hold, and the first file holding it. */
  earlier(fingerprint: string): { count: number; fileName: string } | undefined;
  /**
   * The earlier lines of this identity (the line less its amounts, see RowFingerprinter), one per fingerprint: how
   * many lines have that fingerprint, the first file holding it, and whether its amounts are this line's to the
   * digits the shorter writes.
   */
  sameIdentity(identityLow: number, identityHigh: number, line: BillingLine): SameIdentity[];
  /** A document whose content hash matches, if any. */
  sameContent(contentHash: string): string | undefined;
}

export interface SameIdentity {
  fingerprint: string;
  count: number;
  fileName: string;
  amountsAgree: boolean;
}

export const NO_EARLIER_FILES: DuplicateRegister = { earlier: () => undefined, sameIdentity: () => [], sameContent: () => undefined };

export interface FileImport {
  document: ImportedDocument;
  /** Fingerprints of the lines kept, for the register once the caller accepts the document. */
  keptFingerprints: FingerprintList;
}

/**
 * Reads one file and hands each billing line to `onLine` as it streams by. Lines that earlier files already hold
 * (by content) are counted and dropped. A file with a bad row is failed as a whole: its lines must not be billed,
 * so a caller that keeps lines per document drops the ones it got when the status is not "imported".
 */
export async function importFile(
  fileName: string,
  source: ByteSource,
  onLine: (line: BillingLine) => void,
  options: ImportOptions = {},
  register: DuplicateRegister = NO_EARLIER_FILES,
): Promise<FileImport> {
  // A file read in one go is its own first and only part.
  const { document, tally } = await importPart(fileName, source, null, onLine, options, register);
  if (document.problem !== '') return { document, keptFingerprints: new FingerprintList() };
  tally.finish(document, document.format!, options, register);
  return { document, keptFingerprints: tally.keptFingerprints };
}

/** A later part of a CSV file, read on its own: the file's dialect (its header too), and its row number where it starts. */
export interface LaterPart {
  dialect: CsvDialect;
  firstRow: number;
}

/** What reading one part of a file gave: its document so far (the reason, if it could not be read), its tally. */
export interface PartImport {
  /** Format, container and warnings as read; the problem and a failed status when the part could not be read. */
  document: ImportedDocument;
  tally: DocumentTally;
  /** The row number after the part's last row: the next part must start there. */
  nextRow: number;
}

/**
 * Reads one part of a file (the first, holding the header, when `part` is null). The caller merges the parts'
 * tallies in file order and finishes the document; a part with a problem or a warning sends the caller back to
 * importFile, so messages are exactly those of a file read in one go.
 */
export async function importPart(
  fileName: string,
  source: ByteSource,
  part: LaterPart | null,
  onLine: (line: BillingLine) => void,
  options: ImportOptions = {},
  register: DuplicateRegister = NO_EARLIER_FILES,
): Promise<PartImport> {
  const document = emptyDocument(fileName);
  const result: PartImport = { document, tally: new DocumentTally(), nextRow: part?.firstRow ?? 1 };
  try {
    const bytes = { read: 0 };
    let reader: RecordReader | null;
    if (part === null) {
      // A reconciliation file saved as a workbook is read whole; anything else is text, as it streams by.
      const opened = await workbookBytes(source);
      if ('workbook' in opened) {
        bytes.read = opened.workbook.length;
        reader = workbookRecords(opened.workbook, fileName);
      } else {
        reader = await openRecords(decodeText(opened.text, decodeEvents(document, bytes)));
        if (reader === null) throw new ImportProblem('the file is empty');
      }
    } else {
      reader = openCsvPart(decodeText(source, decodeEvents(document, bytes)), part.dialect, part.firstRow);
    }
    const format = formatOf(reader, document);
    result.nextRow = await readLines(reader, format, fileName, result.tally, onLine, options, register, bytes, 2);
  } catch (error) {
    failed(document, error, options);
  }
  return result;
}

function decodeEvents(document: ImportedDocument, bytes: { read: number }) {
  return {
    onBytes: (n: number) => (bytes.read += n),
    onWarning: (message: string) => document.warnings.push(message),
    onCompressed: () => (document.compressed = true),
  };
}

function failed(document: ImportedDocument, error: unknown, options: ImportOptions): void {
  const cancelled = options.signal?.aborted === true;
  document.status = cancelled ? 'cancelled' : 'failed';
  if (cancelled) document.problem = `${document.fileName}: import cancelled`;
  else if (error instanceof ImportProblem) {
    document.problem = error.describe(document.fileName);
    document.moreProblems = error.moreProblems;
  }
  else document.problem = `${document.fileName}: could not be read (${error instanceof Error ? error.message : String(error)})`;
}

/** The file's format, from its header; notes it and the container on the document. */
function formatOf(reader: RecordReader, document: ImportedDocument): FormatSpec {
  document.container = reader.container;
  document.delimiter = reader.delimiter;
  const format = detectFormat(reader.header);
  if (format === null) {
    throw new ImportProblem(
      `not a Partner Center reconciliation file: its header matches none of ${FORMATS.map((f) => `${f.label} (${f.signature.join(', ')})`).join('; ')}`,
      reader.headerRow ?? 1,
    );
  }
  document.format = format.id;
  document.formatLabel = format.label;
  return format;
}

/** Maps, counts and hands on every row; throws the first row's problem once a few are seen. Returns the next row number. */
async function readLines(
  reader: RecordReader,
  format: FormatSpec,
  fileName: string,
  tally: DocumentTally,
  onLine: (line: BillingLine) => void,
  options: ImportOptions,
  register: DuplicateRegister,
  bytes: { read: number },
  startRow: number,
): Promise<number> {
  // A European Excel's semicolon (or tab) file writes its numbers with a decimal comma.
  const decimalComma = reader.delimiter === ';' || reader.delimiter === '\t';
  const bindMapper = (): RowMapper => {
    try {
      return createRowMapper(format, reader.header, fileName, decimalComma);
    } catch (error) {
      if (error instanceof CellError) throw new ImportProblem(error.message, reader.headerRow ?? 1, undefined, reader.sheet);
      throw error;
    }
  };
  let mapper = bindMapper();
  let mappedColumns = reader.header.length;
  let fingerprinter = options.fingerprints === false ? null : new RowFingerprinter(reader.header, decimalComma);
  const header = reader.header;
  // The header's first cell as a repeated header row's first cell reads (worked out once, not per row).
  const headerFirst = header.length === 0 ? '' : header[0].replace(/^\uFEFF/, '');
  // A CSV row has the header's fields (JSON lines map by name, and later objects may add attributes).
  const csv = reader.container === 'csv';
  let firstProblem: ImportProblem | null = null;
  let moreProblems = 0;
  let nextRow = startRow;

  for await (const block of reader.blocks()) {
    if (options.signal?.aborted) throw new ImportProblem('import cancelled');
    // JSON lines may name attributes the first object left out: bind the new columns by name too.
    if (header.length !== mappedColumns) {
      mapper = bindMapper();
      mappedColumns = header.length;
    }
    fingerprinter = fingerprinter?.withHeader(header) ?? null;
    const rows = block.rows;
    nextRow = block.firstRow + rows.length;
    for (let r = 0; r < rows.length; r++) {
      let cells = rows[r];
      // A blank line, or a row of delimiters only (Excel writes them for empty rows that were formatted).
      if (cells.length === 0 || (blankCell(cells[0]) && cells.every(blankCell))) continue;
      if (isRepeatedHeader(cells, header, headerFirst)) {
        if (csv) tally.repeatedHeaderRow ??= block.firstRow + r;
        continue;
      }
      if (csv && cells.length === 2 * header.length - 1) cells = withoutRepeatedHeader(cells, header) ?? cells;
      const sourceRow = block.firstRow + r;
      tally.rowCount++;
      let line: BillingLine;
      try {
        if (csv && cells.length !== header.length) checkFieldCount(cells, header.length, reader.delimiter, block.unterminated === true && r === rows.length - 1);
        line = mapper.map(cells, sourceRow);
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        // A short row that cannot be read: how short it is may be why.
        const short = csv && cells.length < header.length && error.column !== '' ? ` (the row has ${cells.length} of the header's ${header.length} fields)` : '';
        if (firstProblem === null) firstProblem = new ImportProblem(error.message + short, sourceRow, error.column, block.sheet);
        else moreProblems++;
        if (moreProblems >= MAX_PROBLEMS) break;
        continue;
      }
      if (firstProblem !== null) continue;
      if (fingerprinter === null ? tally.addAlone(line) : tally.add(line, fingerprinter.of(cells), register, fingerprinter)) onLine(line);
    }
    options.onProgress?.({ bytes: bytes.read, rows: tally.rowCount });
    if (moreProblems >= MAX_PROBLEMS) break;
  }
  if (firstProblem !== null) {
    firstProblem.moreProblems = moreProblems;
    throw firstProblem;
  }
  return nextRow;
}

/**
 * Values are read by position, so a row with more fields than the header (a value holding an unquoted delimiter, or two
 * rows run together by a line end of the other style) would be billed from the wrong columns, or lose the next row;
 * empty fields after the last column (a trailing delimiter) are harmless. A row with fewer fields is read with the
 * missing cells empty (Excel leaves a row's empty last cells out), unless it is the file's last and no line end
 * follows it: Excel ends every row, so the file stops in the middle of a row.
 */
function checkFieldCount(cells: readonly string[], columns: number, delimiter: string, endsTheFileUnterminated: boolean): void {
  if (cells.length < columns) {
    if (endsTheFileUnterminated) throw new CellError('', `the file ends in the middle of this row (it has ${cells.length} of the header's ${columns} fields): is the download complete?`);
    return;
  }
  for (let i = columns; i < cells.length; i++) {
    if (cells[i] === '') continue;
    const why = cells.some((cell) => cell.includes('\n'))
      ? 'two rows run together (the file mixes Windows and Unix line ends: save it again from one program)'
      : `a value holding a ${DELIMITER_NAMES[delimiter] ?? `"${delimiter}"`} is not quoted`;
    throw new CellError('', `the row has ${cells.length} fields where the header has ${columns}: ${why}`);
  }
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/**
 * A gzip member whose last row has no line end, followed by a member starting with the header again (Partner Center
 * concatenates blobs): the row and the repeated header arrive as one record. The row alone, or null.
 */
function withoutRepeatedHeader(cells: readonly string[], header: readonly string[]): string[] | null {
  const columns = header.length;
  for (let i = 1; i < columns; i++) if (cells[columns - 1 + i] !== header[i]) return null;
  const glued = cells[columns - 1];
  const first = header[0].replace(/^\uFEFF/, '');
  if (!glued.endsWith(first)) return null;
  let last = glued.slice(0, glued.length - first.length);
  // Both quoted ("last""PartnerId"), the two quotes between them read as one quote inside the field.
  if (last.endsWith('"')) last = last.slice(0, -1);
  return [...cells.slice(0, columns - 1), last];
}

/** Whether a cell holds nothing but white space: a cell starting with a visible ASCII character is told without trimming it. */
function blankCell(cell: string): boolean {
  const c = cell.charCodeAt(0);
  return !(c > 32 && c < 127) && cell.trim() === '';
}

function isRepeatedHeader(cells: readonly string[], header: readonly string[], headerFirst: string): boolean {
  if (cells.length !== header.length || firstCellOf(cells[0]) !== headerFirst) return false;
  for (let i = 1; i < cells.length; i++) if (cells[i] !== header[i]) return false;
  return true;
}

/**
 * A first cell as a header's: a second download pasted after the first brings its byte order mark along, before the
 * quote where the header is quoted (the cell then reads \uFEFF"PartnerId").
 */
function firstCellOf(cell: string): string {
  if (cell.charCodeAt(0) !== 0xfeff) return cell;
  const bare = cell.slice(1);
  return bare.length > 1 && bare.startsWith('"') && bare.endsWith('"') ? bare.slice(1, -1).replace(/""/g, '"') : bare;
}

/** A document before anything is read: failed until the file proves otherwise. */
export function emptyDocument(fileName: string): ImportedDocument {
  return {
    fileName,
    status: 'failed',
    format: null,
    formatLabel: '',
    container: null,
    compressed: false,
    delimiter: '',
    invoiceNumbers: [],
    currencies: [],
    rowCount: 0,
    lineCount: 0,
    duplicateLines: 0,
    costTotal: {},
    duplicateCost: {},
    contentHash: '',
    firstChargeStart: null,
    lastChargeStart: null,
    billingDate: null,
    inferredBillingDate: null,
    billingDateRule: '',
    billingDateOverridden: false,
    billingDateEvidence: null,
    duplicateOf: [],
    warnings: [],
    problem: '',
    moreProblems: 0,
  };
}
