import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BillingLine } from '../../src/billing/line';
import type { ByteSource } from '../../src/import/decode';
import type { ImportedDocument, ImportOptions } from '../../src/import/import-file';
import { ImportSession } from '../../src/import/session';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** Odd chunk sizes, so gzip headers, multi-byte characters, CRLF pairs and quoted fields straddle chunk boundaries. */
const ODD_CHUNKS = [1, 7, 3, 13, 61, 509, 4093];

/** A fixture file's bytes. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A fixture file's text (UTF-8). */
export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8');
}

/**
 * A string (written as UTF-8) or bytes as a ByteSource: an async iterable of small, odd-sized chunks that are
 * copies (so nothing downstream can rely on sharing the caller's buffer).
 */
export function bytesOf(content: string | Uint8Array, chunkSizes: readonly number[] = ODD_CHUNKS): ByteSource {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    async *[Symbol.asyncIterator]() {
      let offset = 0;
      for (let i = 0; offset < bytes.length; i++) {
        const size = chunkSizes[i % chunkSizes.length];
        yield bytes.slice(offset, offset + size);
        offset += size;
      }
    },
  };
}

/** A fixture file as a ByteSource in small odd-sized chunks. */
export function fixtureSource(name: string, chunkSizes?: readonly number[]): ByteSource {
  return bytesOf(fixtureBytes(name), chunkSizes);
}

/** gzip of each part as its own member, concatenated (a multi-member gzip when there are several parts). */
export function gzip(...parts: Array<string | Uint8Array>): Buffer {
  return Buffer.concat(parts.map((part) => gzipSync(typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

export interface Imported {
  document: ImportedDocument;
  lines: BillingLine[];
}

/** Imports one file into `session` (a new one by default) and collects the lines handed on. */
export async function importInto(
  session: ImportSession,
  fileName: string,
  content: string | Uint8Array,
  options: ImportOptions = {},
): Promise<Imported> {
  const lines: BillingLine[] = [];
  const document = await session.importFile(fileName, bytesOf(content), (line) => lines.push(line), options);
  return { document, lines };
}

/** Imports one file on its own. */
export function importText(fileName: string, content: string | Uint8Array, options: ImportOptions = {}): Promise<Imported> {
  return importInto(new ImportSession(), fileName, content, options);
}

/** Imports a fixture file on its own, under its own name. */
export function importFixture(name: string, options: ImportOptions = {}): Promise<Imported> {
  return importText(name, fixtureBytes(name), options);
}
