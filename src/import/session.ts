import type { BillingLine } from '../billing/line';
import type { ByteSource } from './decode';
import { FingerprintList, identityKey } from './fingerprint';
import { importFile, NO_EARLIER_FILES, type DuplicateRegister, type FileImport, type ImportedDocument, type ImportOptions, type SameIdentity } from './import-file';

/** Files per session are far fewer than this; the register packs (count, first file) into one number. */
const MAX_FILES = 4096;

/**
 * The files of one import, in the order the user added them. A line already held by an earlier file is billed
 * once: the later copy is dropped and counted on its document; a file whose every line is a copy is skipped.
 */
export class ImportSession implements DuplicateRegister {
  readonly documents: ImportedDocument[] = [];
  /** Every accepted file's kept fingerprints (8 bytes a line), indexed into a register when a later file asks. */
  private readonly kept: KeptLines[] = [];
  private register = new LineRegister();
  /** Set by lastFileRead(): no file may follow, its lines being compared with nothing. */
  private ended = false;
  /** Set by lastFileNext(). */
  private lastNext = false;
  private readonly contents = new Map<string, string>();

  async importFile(fileName: string, source: ByteSource, onLine: (line: BillingLine) => void, options: ImportOptions = {}): Promise<ImportedDocument> {
    return this.accept(await importFile(fileName, source, onLine, { ...options, fingerprints: this.fingerprints() }, this));
  }

  /**
   * The next file is the last (the command line knows its list). Where no file came before it either, its lines are
   * not fingerprinted: there is no earlier line for one to be a copy of, and no later file to find them.
   */
  lastFileNext(): void {
    this.lastNext = true;
  }

  /** Whether the next file's lines are fingerprinted (ImportOptions.fingerprints): unless it is alone in the session. */
  fingerprints(): boolean {
    return !this.lastNext || this.documents.length > 0;
  }

  /**
   * No file will follow (the command line knows its list): the lines kept to compare later files with, up to 52 bytes
   * a line and the register's index of them, are let go before the report is built.
   */
  lastFileRead(): void {
    this.ended = true;
    this.kept.length = 0;
    this.register = new LineRegister();
  }

  private readonly fileNameAt = (index: number) => this.documents[index].fileName;

  earlier(fingerprint: string): { count: number; fileName: string } | undefined {
    return this.register.earlier(fingerprint, this.kept, this.fileNameAt);
  }

  sameIdentity(identityLow: number, identityHigh: number, line: BillingLine): SameIdentity[] {
    return this.register.sameIdentity(identityLow, identityHigh, line, this.kept, this.fileNameAt);
  }

  sameContent(contentHash: string): string | undefined {
    return this.contents.get(contentHash);
  }

  /**
   * The lines of earlier files as plain data, for a worker reading part of the next file (typed arrays: cheap to
   * send, indexed there when first asked); null when there are none.
   */
  linesSnapshot(): LinesSnapshot | null {
    return this.kept.length === 0 ? null : { kept: this.kept, fileNames: this.documents.map((d) => d.fileName) };
  }

  /** Adds a document read elsewhere (in parts, by workers) as importFile would have. */
  accept({ document, keptFingerprints }: FileImport): ImportedDocument {
    if (this.ended) throw new Error('a file was added to an import session after its last file was read');
    if (document.status === 'imported') {
      const same = this.documents.find((earlier) => sameInvoiceTwice(earlier, document));
      if (same !== undefined) {
        // Lines that matched as duplicates are dropped already: what is billed twice is the rest. Where none matched,
        // the two may as well be two parts of one large export that happen to be of one size: removing one would drop
        // half the invoice, so which it is is left to the accountant.
        const warning =
          document.lineCount === document.rowCount
            ? 'both are billed; if one is a copy of the other (saved again, edited), remove it, but keep both if they are two parts of one export'
            : `${document.lineCount} of its lines did not match as duplicates and are billed twice; remove one of them`;
        document.warnings.push(`the same invoice as ${same.fileName} in another form (invoice ${document.invoiceNumbers.join(', ')}, ${document.rowCount} lines, the same cost): ${warning}`);
      }
    }
    if (document.status === 'imported' && this.documents.length < MAX_FILES) {
      this.kept.push({ index: this.documents.length, fingerprints: keptFingerprints });
      if (document.contentHash !== '' && !this.contents.has(document.contentHash)) this.contents.set(document.contentHash, document.fileName);
    }
    this.documents.push(document);
    return document;
  }
}

/**
 * A copy of an invoice whose lines do not all match the first's as duplicates (a cell changed by hand, a number
 * written in a way the fingerprint does not know) would be billed twice in part. The same invoices, format, rows and
 * cost to the last decimal say it all the same. Rows read, not lines kept: most of its lines may have matched.
 */
function sameInvoiceTwice(earlier: ImportedDocument, later: ImportedDocument): boolean {
  if (earlier.status !== 'imported' || later.invoiceNumbers.length === 0 || earlier.format !== later.format || earlier.rowCount !== later.rowCount) return false;
  if (earlier.invoiceNumbers.join(' ') !== later.invoiceNumbers.join(' ')) return false;
  const costs = (document: ImportedDocument) => Object.entries(document.costTotal).map(([currency, cost]) => `${currency} ${cost.toString()}`).sort().join(' ');
  return costs(earlier) === costs(later);
}

interface KeptLines {
  /** The document's index in the session. */
  index: number;
  fingerprints: FingerprintList;
}

const NONE: SameIdentity[] = [];

/** Lines per file are far fewer than this: a line's place in the register is kept list × LINES_PER_FILE + line. */
const LINES_PER_FILE = 2 ** 26;

/** fingerprint → count × MAX_FILES + index of the first document holding it, built up as files are added. */
class LineRegister {
  private readonly lines = new Map<string, number>();
  private indexed = 0;
  /**
   * identity → the places of its lines, one per fingerprint (lines of one fingerprint are alike), built only when a
   * line matches no fingerprint. Most identities are one line's, held as a number rather than an array.
   */
  private readonly identities = new Map<string, number | number[]>();
  private identitiesIndexed = 0;

  /** The earlier lines of this identity, one per fingerprint, and whether their amounts agree with the line's. */
  sameIdentity(identityLow: number, identityHigh: number, line: BillingLine, kept: readonly KeptLines[], fileNameAt: (index: number) => string): SameIdentity[] {
    if (kept.length === 0) return NONE;
    const places = this.identityIndex(kept).get(identityKey(identityLow, identityHigh));
    if (places === undefined) return NONE;
    return (typeof places === 'number' ? [places] : places).map((place) => {
      const { fingerprints } = kept[Math.floor(place / LINES_PER_FILE)];
      const at = place % LINES_PER_FILE;
      const fingerprint = fingerprints.at(at);
      const earlier = this.earlier(fingerprint, kept, fileNameAt)!;
      return { fingerprint, count: earlier.count, fileName: earlier.fileName, amountsAgree: fingerprints.amountsAgree(at, line) };
    });
  }

  private identityIndex(kept: readonly KeptLines[]): Map<string, number | number[]> {
    for (; this.identitiesIndexed < kept.length; this.identitiesIndexed++) {
      const { fingerprints } = kept[this.identitiesIndexed];
      FingerprintList.revive(fingerprints);
      for (let i = 0; i < Math.min(fingerprints.length, LINES_PER_FILE); i++) {
        const identity = fingerprints.identityAt(i);
        const place = this.identitiesIndexed * LINES_PER_FILE + i;
        const known = this.identities.get(identity);
        if (known === undefined) {
          this.identities.set(identity, place);
          continue;
        }
        // One place per fingerprint: copies of a line (one file's identical rows, or a file given twice) are alike.
        const places = typeof known === 'number' ? [known] : known;
        const fingerprint = fingerprints.at(i);
        if (places.some((p) => kept[Math.floor(p / LINES_PER_FILE)].fingerprints.at(p % LINES_PER_FILE) === fingerprint)) continue;
        places.push(place);
        if (typeof known === 'number') this.identities.set(identity, places);
      }
    }
    return this.identities;
  }

  /** How many lines with this fingerprint the files hold, and the first file holding it. */
  earlier(fingerprint: string, kept: readonly KeptLines[], fileNameAt: (index: number) => string): { count: number; fileName: string } | undefined {
    const packed = this.index(kept).get(fingerprint);
    if (packed === undefined) return undefined;
    return { count: Math.floor(packed / MAX_FILES), fileName: fileNameAt(packed % MAX_FILES) };
  }

  private index(kept: readonly KeptLines[]): Map<string, number> {
    for (; this.indexed < kept.length; this.indexed++) {
      const { index, fingerprints } = kept[this.indexed];
      FingerprintList.revive(fingerprints);
      for (let i = 0; i < fingerprints.length; i++) {
        const fingerprint = fingerprints.at(i);
        const packed = this.lines.get(fingerprint);
        this.lines.set(fingerprint, packed === undefined ? MAX_FILES + index : packed + MAX_FILES);
      }
    }
    return this.lines;
  }
}

export interface LinesSnapshot {
  kept: KeptLines[];
  fileNames: string[];
}

/** The register a worker checks a part's lines against: the session's lines when the part was handed out. */
export function registerOf(snapshot: LinesSnapshot | null): DuplicateRegister {
  if (snapshot === null) return NO_EARLIER_FILES;
  const register = new LineRegister();
  const fileNameAt = (index: number) => snapshot.fileNames[index];
  return {
    earlier: (fingerprint) => register.earlier(fingerprint, snapshot.kept, fileNameAt),
    sameIdentity: (identityLow, identityHigh, line) => register.sameIdentity(identityLow, identityHigh, line, snapshot.kept, fileNameAt),
    sameContent: () => undefined,
  };
}
