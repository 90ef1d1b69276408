import type { BillingLine } from '../billing/line';
import type { ByteSource } from './decode';
import type { FingerprintList } from './fingerprint';
import { importFile, NO_EARLIER_FILES, type DuplicateRegister, type FileImport, type ImportedDocument, type ImportOptions } from './import-file';

/** Files per session are far fewer than this; the register packs (count, first file) into one number. */
const MAX_FILES = 4096;

/**
 * The files of one import, in the order the user added them. A line already held by an earlier file is billed
 * once: the later copy is dropped and counted on its document; a file whose every line is a copy is skipped.
 */
export class ImportSession implements DuplicateRegister {
  readonly documents: ImportedDocument[] = [];
  /** fingerprint → count × MAX_FILES + index of the first document holding it. */
  private readonly lines = new Map<string, number>();
  /** Accepted files' fingerprints not yet in `lines`: indexed when a later file first asks (a lone file never is). */
  private pending: Array<{ index: number; fingerprints: FingerprintList }> = [];
  private readonly contents = new Map<string, string>();

  async importFile(fileName: string, source: ByteSource, onLine: (line: BillingLine) => void, options: ImportOptions = {}): Promise<ImportedDocument> {
    return this.accept(await importFile(fileName, source, onLine, options, this));
  }

  earlier(fingerprint: string): { count: number; fileName: string } | undefined {
    const packed = this.indexedLines().get(fingerprint);
    if (packed === undefined) return undefined;
    return { count: Math.floor(packed / MAX_FILES), fileName: this.documents[packed % MAX_FILES].fileName };
  }

  sameContent(contentHash: string): string | undefined {
    return this.contents.get(contentHash);
  }

  private indexedLines(): Map<string, number> {
    for (const { index, fingerprints } of this.pending) {
      for (let i = 0; i < fingerprints.length; i++) {
        const fingerprint = fingerprints.at(i);
        const packed = this.lines.get(fingerprint);
        this.lines.set(fingerprint, packed === undefined ? MAX_FILES + index : packed + MAX_FILES);
      }
    }
    this.pending = [];
    return this.lines;
  }

  /** The lines of earlier files as plain data, for a worker reading part of the next file; null when there are none. */
  linesSnapshot(): LinesSnapshot | null {
    const lines = this.indexedLines();
    return lines.size === 0 ? null : { lines, fileNames: this.documents.map((d) => d.fileName) };
  }

  /** Adds a document read elsewhere (in parts, by workers) as importFile would have. */
  accept({ document, keptFingerprints }: FileImport): ImportedDocument {
    if (document.status === 'imported' && this.documents.length < MAX_FILES) {
      this.pending.push({ index: this.documents.length, fingerprints: keptFingerprints });
      if (!this.contents.has(document.contentHash)) this.contents.set(document.contentHash, document.fileName);
    }
    this.documents.push(document);
    return document;
  }
}

export interface LinesSnapshot {
  /** fingerprint → count × MAX_FILES + index into fileNames. */
  lines: Map<string, number>;
  fileNames: string[];
}

/** The register a worker checks a part's lines against: the session's lines when the part was handed out. */
export function registerOf(snapshot: LinesSnapshot | null): DuplicateRegister {
  if (snapshot === null) return NO_EARLIER_FILES;
  return {
    earlier(fingerprint) {
      const packed = snapshot.lines.get(fingerprint);
      if (packed === undefined) return undefined;
      return { count: Math.floor(packed / MAX_FILES), fileName: snapshot.fileNames[packed % MAX_FILES] };
    },
    sameContent: () => undefined,
  };
}
