/**
 * decodeText decodes a large chunk in pieces (DECODE_BYTES), so its strings stay small: the text must be that of
 * the bytes decoded whole, however the chunks fall and wherever a character straddles a piece, and the encoding must
 * be judged per chunk as before.
 */
import fc from 'fast-check';
import { decodeText, type ByteSource } from '../../src/import/decode';

const PIECE = 65_536;

/** The bytes in chunks of the given sizes, the last size repeated. */
function chunked(bytes: Uint8Array, sizes: readonly number[]): ByteSource {
  return {
    async *[Symbol.asyncIterator]() {
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes[Math.min(i, sizes.length - 1)];
        yield bytes.slice(at, at + size);
        at += size;
      }
    },
  };
}

async function decoded(source: ByteSource): Promise<{ text: string; longest: number; warnings: string[] }> {
  const warnings: string[] = [];
  let text = '';
  let longest = 0;
  for await (const piece of decodeText(source, { onWarning: (message) => warnings.push(message) })) {
    text += piece;
    longest = Math.max(longest, piece.length);
  }
  return { text, longest, warnings };
}

describe('decodeText on chunks larger than a piece', () => {
  it('gives the text of the bytes decoded whole, in pieces of at most 64K characters, a character of 2, 3 or 4 bytes straddling the pieces', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', ',', '"', '\r\n', 'é', 'Ł', '€', '𝄞'), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 4 }),
        async (letters, sizes) => {
          // Some 200 KB of text, its letters repeated, each kind of character falling on a piece's edge somewhere.
          const unit = letters.join('');
          const text = unit.repeat(Math.ceil(200_000 / Buffer.byteLength(unit)));
          const result = await decoded(chunked(Buffer.from(text, 'utf8'), sizes));
          expect(result.text).toBe(text);
          expect(result.longest).toBeLessThanOrEqual(PIECE);
          expect(result.warnings).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads a chunk as Windows-1252 whole when a later piece of it is not UTF-8 and the file was ASCII before the chunk', async () => {
    // The first 64 KiB are ASCII (judged UTF-8), then one chunk holds a UTF-8 é and, a piece later, a Windows-1252 é.
    const ascii = Buffer.from('x'.repeat(70_000));
    const mixed = Buffer.concat([Buffer.from('Caf\u00e9 '), Buffer.alloc(PIECE, 0x79), Buffer.from([0xe9, 0x20, 0x79])]);
    const bytes = Buffer.concat([ascii, mixed]);
    const result = await decoded(chunked(bytes, [ascii.length, mixed.length]));
    expect(result.text).toBe(new TextDecoder('windows-1252').decode(bytes));
    expect(result.warnings).toEqual([expect.stringContaining('read as Windows-1252')]);
  });

  it('refuses a chunk whose later piece is not UTF-8 after UTF-8 text in an earlier chunk', async () => {
    const start = Buffer.from('Soci\u00e9t\u00e9 '.repeat(10_000));
    const late = Buffer.concat([Buffer.alloc(PIECE + 10, 0x79), Buffer.from([0xe9, 0x20, 0x79])]);
    await expect(decoded(chunked(Buffer.concat([start, late]), [start.length, late.length]))).rejects.toThrow('the file is not UTF-8 text');
  });
});
