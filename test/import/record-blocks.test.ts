/**
 * A CSV file's rows do not depend on how its text arrives: large chunks are parsed where they lie (the row carried
 * over from the chunk before joined to the chunk's first line only), small ones are gathered first, and a row that
 * straddles chunks, holds a quoted line end, or never closes its quote reads as it does in one piece.
 */
import fc from 'fast-check';
import { openRecords } from '../../src/import/records';

/** The rows (with their row numbers) and the error, if any, as the reader gives them for text in these chunks. */
async function read(chunks: string[]): Promise<{ rows: Array<[number, string[]]>; unterminated: number[]; error: string }> {
  const rows: Array<[number, string[]]> = [];
  const unterminated: number[] = [];
  try {
    const reader = await openRecords(
      (async function* () {
        yield* chunks;
      })(),
    );
    for await (const block of reader!.blocks()) {
      block.rows.forEach((row, i) => rows.push([block.firstRow + i, row]));
      if (block.unterminated === true) unterminated.push(block.firstRow + block.rows.length - 1);
    }
    return { rows, unterminated, error: '' };
  } catch (error) {
    return { rows, unterminated, error: String(error) };
  }
}

/** `text` cut at these lengths (the last piece takes the rest). */
function cut(text: string, sizes: number[]): string[] {
  const chunks: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= text.length) break;
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  if (at < text.length) chunks.push(text.slice(at));
  return chunks;
}

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', '1', ' ', '😀'), maxLength: 12 }).map((t) => `"${t}"`) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('1', '.', 'E', '-'), maxLength: 8 }) },
  // A quoted line end, a doubled quote, a long value: rows longer than a chunk, or ending just past its first line.
  { weight: 1, arbitrary: fc.constantFrom('"two\r\nlines"', '"two\nlines"', '"say ""hi"""', `"${'x'.repeat(70_000)}"`) },
  // Text that is not plain CSV (papaparse reads it), or not CSV at all (an error, at the same row however cut).
  { weight: 1, arbitrary: fc.constantFrom('ab"c', '"ab"c', '"never closed', 'a\rb') },
);

const file = fc.record({
  newline: fc.constantFrom('\n', '\r\n'),
  rows: fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 120 }),
  // Many rows of one plain shape, so that chunks are large enough to be parsed where they lie.
  filler: fc.nat(2_000),
  ending: fc.constantFrom('', '\n', '\r\n', '\r\n\r\n'),
});

describe('CSV records in chunks of any size', () => {
  it('are the rows, row numbers and error of the text read in one piece', async () => {
    await fc.assert(
      fc.asyncProperty(
        file,
        fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 60_000, max: 300_000 })), { maxLength: 30 }),
        async ({ newline, rows, filler, ending }, sizes) => {
          const plain = Array.from({ length: filler }, (_, i) => `"${'p'.repeat(i % 97)}",${i},"é"`);
          const lines = ['A,B,C', ...plain.slice(0, filler >> 1), ...rows.map((row) => row.join(',')), ...plain.slice(filler >> 1)];
          const text = lines.join(newline) + ending;
          const whole = await read([text]);
          const chunked = await read(cut(text, sizes));
          // A file with an error is refused as a whole: only the error is compared then.
          expect(chunked.error).toBe(whole.error);
          if (whole.error === '') expect(chunked).toEqual(whole);
        },
      ),
      { numRuns: 150 },
    );
  });
});
