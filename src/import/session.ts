import type { BillingLine } from '../billing/line';
import type { ByteSource } from './decode';
import { importFile, type DuplicateRegister, type ImportedDocument, type ImportOptions } from './import-file';

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
  private readonly contents = new Map<string, string>();

  async importFile(fileName: string, source: ByteSource, onLine: (line: BillingLine) => void, options: ImportOptions = {}): Promise<ImportedDocument> {
    const { document, keptFingerprints } = await importFile(fileName, source, onLine, options, this);
    if (document.status === 'imported' && this.documents.length < MAX_FILES) {
      const index = this.documents.length;
      for (const fingerprint of keptFingerprints) {
        const packed = this.lines.get(fingerprint);
        this.lines.set(fingerprint, packed === undefined ? MAX_FILES + index : packed + MAX_FILES);
      }
      if (!this.contents.has(document.contentHash)) this.contents.set(document.contentHash, fileName);
    }
    this.documents.push(document);
    return document;
  }

  earlier(fingerprint: string): { count: number; fileName: string } | undefined {
    const packed = this.lines.get(fingerprint);
    if (packed === undefined) return undefined;
    return { count: Math.floor(packed / MAX_FILES), fileName: this.documents[packed % MAX_FILES].fileName };
  }

  sameContent(contentHash: string): string | undefined {
    return this.contents.get(contentHash);
  }
}
