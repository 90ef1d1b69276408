/**
 * The plain-CSV splitter must give exactly papaparse's rows (and where a chunk's complete rows end), or hand the
 * text to papaparse; and Partner Center's own shape must never be handed over.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { readPlainCsv } from '../../src/import/plain-csv';

type Newline = '\n' | '\r\n';

function papaparse(text: string, delimiter: string, newline: Newline, more: boolean) {
  const result = new Papa.Parser({ delimiter, newline, quoteChar: '"' }).parse(text, 0, more) as Papa.ParseResult<string[]>;
  // As records.ts reads it: a quote error in a row it keeps fails the file.
  const quoteError = result.errors.some((e) => e.type === 'Quotes' && (!more || (e.row ?? 0) < result.data.length));
  return { rows: result.data, consumed: more ? result.meta.cursor : text.length, quoteError };
}

const dialect = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t'),
  newline: fc.constantFrom<Newline>('\n', '\r\n'),
  more: fc.boolean(),
});

/** Cells with every character that matters to CSV, quoted or not at random: plain text and broken text alike. */
const anyText = fc
  .array(
    fc.array(
      fc.record({
        text: fc.string({ unit: fc.constantFrom('a', 'é', '1', ' ', '"', ',', ';', '\t', '\r', '\n', '😀'), maxLength: 6 }),
        quoted: fc.boolean(),
        escape: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    { minLength: 0, maxLength: 6 },
  )
  .chain((rows) => dialect.map((d) => ({ ...d, rows })));

function write(rows: Array<Array<{ text: string; quoted: boolean; escape?: boolean }>>, delimiter: string, newline: Newline): string {
  return rows
    .map((row) => row.map((cell) => (cell.quoted ? `"${cell.escape === false ? cell.text : cell.text.replaceAll('"', '""')}"` : cell.text)).join(delimiter))
    .join(newline);
}

describe('plain CSV', () => {
  it('gives papaparse rows, or leaves the text to papaparse', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), fc.nat(40), ({ rows, delimiter, newline, more }, trailingNewline, cut) => {
        let text = write(rows, delimiter, newline) + (trailingNewline ? newline : '');
        // A chunk may stop anywhere, in the middle of a field or between CR and LF.
        if (more) text = text.slice(0, Math.max(0, text.length - cut));
        const plain = readPlainCsv(text, delimiter, newline, more);
        if (plain === null) return;
        const reference = papaparse(text, delimiter, newline, more);
        expect(reference.quoteError).toBe(false);
        expect(plain).toEqual({ rows: reference.rows, consumed: reference.consumed });
      }),
      { numRuns: 5000 },
    );
  });

  it('reads properly quoted text itself, whatever the cells hold', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', '1', ' ', '"', ',', ';', '\t', '\r', '\n', '😀'), maxLength: 8 });
    const plainRows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(plainRows, dialect, fc.boolean(), (cells, { delimiter, newline, more }, trailingNewline) => {
        // Quoted where the cell needs it, as Partner Center and Excel write CSV.
        const special = new RegExp(`["\\r\\n${delimiter === '\t' ? '\\t' : delimiter}]`);
        const rows = cells.map((row) => row.map((text) => ({ text, quoted: special.test(text) || text === '' })));
        const text = write(rows, delimiter, newline) + (trailingNewline ? newline : '');
        const plain = readPlainCsv(text, delimiter, newline, more);
        expect(plain).not.toBeNull();
        const reference = papaparse(text, delimiter, newline, more);
        expect(plain).toEqual({ rows: reference.rows, consumed: reference.consumed });
        if (!more) expect(plain!.rows.slice(0, cells.length)).toEqual(cells);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a quote inside an unquoted field', 'ab"c,d\n'],
    ['text after a closing quote', '"ab"c,d\n'],
    ['a quote never closed', '"ab,d\n'],
    ['a CR alone in a file of LF lines', 'a\rb,c\n'],
  ])('hands %s to papaparse', (_, text) => {
    expect(readPlainCsv(text, ',', '\n', false)).toBeNull();
  });

  it('hands an LF alone in a file of CRLF lines to papaparse', () => {
    expect(readPlainCsv('a,b\nc\r\n', ',', '\r\n', false)).toBeNull();
  });
});
