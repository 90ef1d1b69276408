import { Gunzip } from 'fflate';
import { ImportProblem } from './problem';

/** A file's bytes as they arrive: a Node read stream, a browser File's stream, an array in tests. */
export type ByteSource = AsyncIterable<Uint8Array>;

interface DecodeEvents {
  /** Source bytes read so far grew by `bytes` (for progress). */
  onBytes?(bytes: number): void;
  onWarning?(message: string): void;
  onCompressed?(): void;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

const WINDOWS_1252_WARNING = 'the file is not UTF-8; it was read as Windows-1252 (Excel\'s "CSV (Comma delimited)")';

/**
 * Bytes → text. Gzip is recognised by its magic bytes, never by the file name, and every member of a
 * multi-member gzip is read (Partner Center concatenates blobs). Text must be UTF-8, or UTF-16 with a byte order
 * mark; a file with NUL bytes or other binary content is refused. A file that is not UTF-8 from its first bytes is
 * read as Windows-1252, the encoding Excel's "CSV (Comma delimited)" saves in, with a warning.
 */
export async function* decodeText(source: ByteSource, events: DecodeEvents = {}): AsyncGenerator<string, void, undefined> {
  const onBytes = events.onBytes ?? (() => {});
  // Sources may deliver bytes in chunks of any size: join the first ones so the gzip magic can be seen.
  const iterator = withHead(source, 2)[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  if (first.done) return;
  const firstChunk = first.value;
  const rest: ByteSource = { [Symbol.asyncIterator]: () => iterator };
  const gzip = firstChunk.length >= 2 && firstChunk[0] === GZIP_MAGIC_0 && firstChunk[1] === GZIP_MAGIC_1;
  if (gzip) events.onCompressed?.();
  const bytes = gzip ? gunzip(firstChunk, rest, onBytes) : passThrough(firstChunk, rest, onBytes);
  // A fatal decoder validates every byte at a third of the speed; the replacement character it would have refused
  // is looked for instead (V8 answers at once for text without any character above U+00FF).
  let decoder = new TextDecoder('utf-8');
  let utf8 = true;
  let asciiSoFar = true;
  let checked = false;
  // Binary content and the encoding are judged on the first 64 KiB, however small the chunks arrive.
  for await (const chunk of withHead(bytes, SNIFF_BYTES)) {
    if (!checked) {
      checked = true;
      const utf16 = utf16Encoding(chunk);
      if (utf16 !== null) {
        // Excel's "Unicode Text" (tab-separated): UTF-16 with its byte order mark, NUL bytes and all.
        decoder = new TextDecoder(utf16);
        utf8 = false;
      } else {
        refuseBinary(chunk);
        if (!isUtf8Start(chunk)) {
          decoder = new TextDecoder('windows-1252');
          utf8 = false;
          events.onWarning?.(WINDOWS_1252_WARNING);
        }
      }
    }
    let texts = decodeInPieces(decoder, chunk);
    if (utf8 && texts.some((text) => text.indexOf('\uFFFD') >= 0) && !hasEncodedReplacementCharacter(chunk)) {
      // Plain ASCII up to here reads the same in Windows-1252: the file is read as a small one of its kind would be
      // (an accented name in row 900,000 of an Excel "CSV (Comma delimited)" save). After UTF-8 text, it is mixed.
      if (!asciiSoFar) throw new ImportProblem('the file is not UTF-8 text (binary data, or a legacy encoding): save it as CSV UTF-8');
      decoder = new TextDecoder('windows-1252');
      utf8 = false;
      events.onWarning?.(WINDOWS_1252_WARNING);
      texts = decodeInPieces(decoder, chunk);
    }
    // Text as long as its bytes is ASCII (a UTF-8 sequence of more than one byte decodes to fewer code units).
    let length = 0;
    for (const text of texts) length += text.length;
    asciiSoFar &&= length === chunk.length;
    for (const text of texts) if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (utf8 && tail.indexOf('\uFFFD') >= 0) throw new ImportProblem('the file ends in the middle of a character: it is truncated');
  if (tail.length > 0) yield tail;
}

/**
 * Text is decoded this many bytes at a time, however large the chunks read. A string of over 128 KB (64K characters
 * of text holding a letter beyond Latin-1, held two bytes a character) is a large object, for which V8 maps and unmaps
 * memory one at a time; a piece of 64 KB of bytes decodes to less and stays in the young generation. Decoding a
 * 200,000-line file's 256 KB chunks whole took 0.5-0.6 s of CPU, two thirds of it the system's (mapping pages); in
 * 64 KB pieces 0.16-0.2 s.
 */
export const DECODE_BYTES = 1 << 16;

/** A chunk's text, decoded DECODE_BYTES at a time by the streaming decoder (so a character may span two pieces). */
function decodeInPieces(decoder: TextDecoder, chunk: Uint8Array): string[] {
  if (chunk.length <= DECODE_BYTES) return [decoder.decode(chunk, { stream: true })];
  const texts: string[] = [];
  for (let at = 0; at < chunk.length; at += DECODE_BYTES) texts.push(decoder.decode(chunk.subarray(at, at + DECODE_BYTES), { stream: true }));
  return texts;
}

/** A real U+FFFD written in the file (bytes EF BF BD) is text, not a decoding error. */
function hasEncodedReplacementCharacter(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0xef); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) {
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  }
  return false;
}

async function* passThrough(first: Uint8Array, rest: ByteSource, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  onBytes(first.length);
  yield first;
  for await (const chunk of rest) {
    onBytes(chunk.length);
    yield chunk;
  }
}

async function* gunzip(first: Uint8Array, rest: ByteSource, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let out: Uint8Array[] = [];
  let crc = CRC_INIT;
  let size = 0;
  // Each blob Microsoft concatenates may start with its own BOM; the text decoder drops only the first one. A member's
  // first bytes can arrive a byte or two at a time, so they are held until three are there to look at.
  let memberHead: Uint8Array | null = null;
  // A member that ends with fewer than three bytes held (the next member starts, or the file ends) is text of its own.
  const releaseMemberHead = () => {
    if (memberHead !== null && memberHead.length > 0) out.push(memberHead);
  };
  const inflater = new Gunzip((data) => {
    if (data.length === 0) return;
    let chunk: Uint8Array = data;
    crc = crc32Update(crc, data);
    size += data.length;
    if (memberHead !== null) {
      chunk = concat(memberHead, chunk);
      if (chunk.length < 3) {
        memberHead = chunk;
        return;
      }
      memberHead = null;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    out.push(chunk);
  });
  // Only the last member's trailer can be cut off by a truncated download: check it against what was inflated.
  inflater.onmember = () => {
    releaseMemberHead();
    crc = CRC_INIT;
    size = 0;
    memberHead = new Uint8Array(0);
  };
  let tail = new Uint8Array(0);
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      inflater.push(chunk, final);
    } catch {
      throw new ImportProblem('the gzip file is damaged or truncated (unexpected end of compressed data)');
    }
  };
  const keepTail = (chunk: Uint8Array) => {
    const joined = chunk.length >= 8 ? chunk.subarray(chunk.length - 8) : concat(tail, chunk).subarray(-8);
    tail = joined.slice();
  };
  onBytes(first.length);
  let pending: Uint8Array | null = first;
  for await (const chunk of rest) {
    if (chunk.length === 0) continue;
    push(pending, false);
    keepTail(pending);
    pending = chunk;
    onBytes(chunk.length);
    if (out.length > 0) {
      yield* out;
      out = [];
    }
  }
  push(pending, true);
  keepTail(pending);
  releaseMemberHead();
  yield* out;
  out = [];
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const expectedCrc = tail.length === 8 ? view.getUint32(0, true) : -1;
  const expectedSize = tail.length === 8 ? view.getUint32(4, true) : -1;
  if (expectedCrc !== crc32Final(crc) || expectedSize !== size % 0x1_0000_0000) {
    throw new ImportProblem('the gzip file is truncated (its checksum does not match): download it again');
  }
}

const SNIFF_BYTES = 65_536;

/** Passes chunks through, joining the first ones until they hold at least `bytes` bytes (or the source ends). */
export async function* withHead(source: ByteSource, bytes: number): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] | null = [];
  let length = 0;
  for await (const chunk of source) {
    if (parts === null) {
      yield chunk;
      continue;
    }
    parts.push(chunk);
    length += chunk.length;
    if (length >= bytes) {
      yield joinAll(parts, length);
      parts = null;
    }
  }
  if (parts !== null && length > 0) yield joinAll(parts, length);
}

/** Chunks of `length` bytes in all, as one array (the chunk itself when there is one). */
export function joinAll(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function isUtf8Start(chunk: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, SNIFF_BYTES), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 is recognised by its byte order mark only (the decoder drops the mark). */
export function utf16Encoding(chunk: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe) return 'utf-16le';
  if (chunk.length >= 2 && chunk[0] === 0xfe && chunk[1] === 0xff) return 'utf-16be';
  return null;
}

/** NUL bytes never occur in CSV or JSON text; they do in spreadsheets, zips and images. */
function refuseBinary(chunk: Uint8Array): void {
  if (chunk.length >= 4 && chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04) {
    throw new ImportProblem('this is a zip or .xlsx file, not a reconciliation file: download the CSV from Partner Center');
  }
  const end = Math.min(chunk.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) {
    if (chunk[i] !== 0) continue;
    if (looksLikeUtf16(chunk)) throw new ImportProblem('this is UTF-16 text without its byte order mark: save it from Excel as "CSV UTF-8" and import that');
    throw new ImportProblem('this is a binary file, not a reconciliation file (CSV or JSON lines)');
  }
}

/** ASCII text written as UTF-16: every other byte of the first ones is NUL, and the bytes between are not. */
function looksLikeUtf16(chunk: Uint8Array): boolean {
  const end = Math.min(chunk.length, 512) & ~1;
  if (end < 16) return false;
  const nulAt = (offset: number) => {
    for (let i = offset; i < end; i += 2) if (chunk[i] !== 0 || chunk[i + 1 - 2 * offset] === 0) return false;
    return true;
  };
  return nulAt(0) || nulAt(1);
}

const CRC_INIT = 0xffffffff;
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32Update(crc: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return crc;
}

function crc32Final(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}
