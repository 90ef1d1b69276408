import { BillingDateEvidence, type CycleEndDay } from '../billing/billing-date';
import { Decimal } from '../billing/decimal';
import { detectFormat, FORMATS } from '../billing/formats';
import { CellError, createRowMapper, type RowMapper } from '../billing/formats/mapper';
import type { BillingLine, FileFormat } from '../billing/line';
import { isKnownChargeType } from '../billing/transaction-type';
import { decodeText, type ByteSource } from './decode';
import { ContentHash, RowFingerprinter } from './fingerprint';
import { ImportProblem } from './problem';
import { openRecords, type Container } from './records';

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
  /** Order-independent hash of the lines' content (see fingerprint.ts). */
  contentHash: string;
  firstChargeStart: number | null;
  lastChargeStart: number | null;
  /** The date that puts the file in a billing cycle: the user's override, else the inferred one. */
  billingDate: number | null;
  inferredBillingDate: number | null;
  billingDateRule: string;
  billingDateOverridden: boolean;
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
}

const MAX_PROBLEMS = 20;

/** What the import remembers of earlier files to keep from billing a line twice. */
export interface DuplicateRegister {
  /** How many lines with this fingerprint earlier files hold, and the first file holding it. */
  earlier(fingerprint: string): { count: number; fileName: string } | undefined;
  /** A document whose content hash matches, if any. */
  sameContent(contentHash: string): string | undefined;
}

export const NO_EARLIER_FILES: DuplicateRegister = { earlier: () => undefined, sameContent: () => undefined };

export interface FileImport {
  document: ImportedDocument;
  /** Fingerprints of the lines kept, for the register once the caller accepts the document. */
  keptFingerprints: string[];
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
  const document = emptyDocument(fileName);
  const keptFingerprints: string[] = [];
  let bytes = 0;
  try {
    await readDocument();
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    document.status = cancelled ? 'cancelled' : 'failed';
    keptFingerprints.length = 0;
    if (cancelled) document.problem = `${fileName}: import cancelled`;
    else if (error instanceof ImportProblem) document.problem = error.describe(fileName);
    else document.problem = `${fileName}: could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
  return { document, keptFingerprints };

  async function readDocument(): Promise<void> {
    const text = decodeText(source, {
      onBytes: (n) => (bytes += n),
      onWarning: (message) => document.warnings.push(message),
      onCompressed: () => (document.compressed = true),
    });
    const reader = await openRecords(text);
    if (reader === null) throw new ImportProblem('the file is empty');
    document.container = reader.container;
    document.delimiter = reader.delimiter;
    const format = detectFormat(reader.header);
    if (format === null) {
      throw new ImportProblem(
        `not a Partner Center reconciliation file: its header matches none of ${FORMATS.map((f) => `${f.label} (${f.signature.join(', ')})`).join('; ')}`,
        1,
      );
    }
    document.format = format.id;
    document.formatLabel = format.label;
    const bindMapper = (): RowMapper => {
      try {
        return createRowMapper(format, reader.header, fileName, reader.delimiter === ';' || reader.delimiter === '\t');
      } catch (error) {
        if (error instanceof CellError) throw new ImportProblem(error.message, 1);
        throw error;
      }
    };
    let mapper = bindMapper();
    let mappedColumns = reader.header.length;

    let fingerprinter = new RowFingerprinter(reader.header);
    const header = reader.header;
    const contentHash = new ContentHash();
    const evidence = new BillingDateEvidence();
    const invoices = new Set<string>();
    const unknownChargeTypes = new Map<string, number>();
    const seenChargeTypes = new Set<string>();
    const matchedEarlier = new Map<string, number>();
    const duplicateSources = new Set<string>();
    let firstProblem: ImportProblem | null = null;
    const costs = new Map<string, Decimal>();
    const duplicateCosts = new Map<string, Decimal>();

    for await (const block of reader.blocks()) {
      if (options.signal?.aborted) throw new ImportProblem('import cancelled');
      // JSON lines may name attributes the first object left out: bind the new columns by name too.
      if (header.length !== mappedColumns) {
        mapper = bindMapper();
        mappedColumns = header.length;
      }
      fingerprinter = fingerprinter.withHeader(header);
      const rows = block.rows;
      for (let r = 0; r < rows.length; r++) {
        const cells = rows[r];
        if (cells.length === 0 || (cells.length === 1 && cells[0].trim() === '')) continue;
        if (isRepeatedHeader(cells, header)) continue;
        const sourceRow = block.firstRow + r;
        document.rowCount++;
        let line: BillingLine;
        try {
          line = mapper.map(cells, sourceRow);
        } catch (error) {
          if (!(error instanceof CellError)) throw error;
          if (firstProblem === null) firstProblem = new ImportProblem(error.message, sourceRow, error.column);
          else document.moreProblems++;
          if (document.moreProblems >= MAX_PROBLEMS) break;
          continue;
        }
        if (firstProblem !== null) continue;

        const fingerprint = fingerprinter.of(cells);
        contentHash.add(fingerprint);
        costs.set(line.currency, (costs.get(line.currency) ?? Decimal.ZERO).plus(line.cost));
        if (!seenChargeTypes.has(line.chargeType)) {
          seenChargeTypes.add(line.chargeType);
          if (!isKnownChargeType(line.chargeType)) unknownChargeTypes.set(line.chargeType, 0);
        }
        if (unknownChargeTypes.has(line.chargeType)) unknownChargeTypes.set(line.chargeType, unknownChargeTypes.get(line.chargeType)! + 1);
        if (line.invoiceNumber !== '') invoices.add(line.invoiceNumber);
        evidence.add(line);
        if (line.chargeStart !== null) {
          if (document.firstChargeStart === null || line.chargeStart < document.firstChargeStart) document.firstChargeStart = line.chargeStart;
          if (document.lastChargeStart === null || line.chargeStart > document.lastChargeStart) document.lastChargeStart = line.chargeStart;
        }

        const earlier = register.earlier(fingerprint);
        if (earlier !== undefined) {
          const used = matchedEarlier.get(fingerprint) ?? 0;
          if (used < earlier.count) {
            matchedEarlier.set(fingerprint, used + 1);
            document.duplicateLines++;
            duplicateSources.add(earlier.fileName);
            duplicateCosts.set(line.currency, (duplicateCosts.get(line.currency) ?? Decimal.ZERO).plus(line.cost));
            continue;
          }
        }
        keptFingerprints.push(fingerprint);
        document.lineCount++;
        onLine(line);
      }
      options.onProgress?.({ bytes, rows: document.rowCount });
      if (document.moreProblems >= MAX_PROBLEMS) break;
    }
    if (firstProblem !== null) throw firstProblem;

    document.contentHash = contentHash.toString();
    document.invoiceNumbers = [...invoices].sort();
    document.currencies = [...costs.keys()].sort();
    document.costTotal = Object.fromEntries(costs);
    document.duplicateCost = Object.fromEntries(duplicateCosts);
    document.duplicateOf = [...duplicateSources];
    if (document.currencies.length > 1) document.warnings.push(`the file mixes currencies (${document.currencies.join(', ')}): they are never added together`);
    for (const [chargeType, count] of unknownChargeTypes) {
      document.warnings.push(`unknown charge type "${chargeType}" on ${count} line${count === 1 ? '' : 's'}: reported as a refund or pro-rated charge by its sign`);
    }

    const inferred = evidence.infer(format.id, options.cycleEndDay ?? 'last');
    document.inferredBillingDate = inferred?.billingDate ?? null;
    document.billingDateRule = inferred?.rule ?? 'no charge dates in the file';
    document.billingDateOverridden = options.billingDate !== undefined && options.billingDate !== null;
    document.billingDate = document.billingDateOverridden ? options.billingDate! : document.inferredBillingDate;

    const sameAs = register.sameContent(document.contentHash);
    if (document.rowCount === 0) {
      document.status = 'empty';
      document.warnings.push('the file has a header but no lines');
    } else if (document.lineCount === 0) {
      document.status = 'duplicate';
      document.warnings.push(
        sameAs !== undefined
          ? `same lines as ${sameAs}, imported already: skipped`
          : `all ${document.rowCount} lines were already imported from ${document.duplicateOf.join(', ')}: skipped`,
      );
    } else {
      document.status = 'imported';
      if (document.duplicateLines > 0) {
        document.warnings.push(`${document.duplicateLines} line${document.duplicateLines === 1 ? ' was' : 's were'} already imported from ${document.duplicateOf.join(', ')}: dropped`);
      }
    }
  }
}

function isRepeatedHeader(cells: readonly string[], header: readonly string[]): boolean {
  if (cells.length !== header.length || cells[0] !== header[0].replace(/^\uFEFF/, '')) return false;
  for (let i = 1; i < cells.length; i++) if (cells[i] !== header[i]) return false;
  return true;
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
    duplicateOf: [],
    warnings: [],
    problem: '',
    moreProblems: 0,
  };
}
