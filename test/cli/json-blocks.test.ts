import fc from 'fast-check';
import { utf8Blocks } from '../../src/cli/json-blocks';

describe('utf8Blocks', () => {
  it('gives the bytes of the texts joined, in blocks no longer than asked unless a text alone is', () => {
    // Whole characters: ASCII, Latin-1, wider ones and pairs of surrogates.
    const text = fc.array(fc.constantFrom('a', '"', '\n', 'é', 'Ł', '–', 'ź', '😀', '12.50'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), fc.integer({ min: 8, max: 64 }), (texts, blockBytes) => {
        const blocks: Buffer[] = [];
        utf8Blocks((add) => texts.forEach(add), (bytes) => blocks.push(Buffer.from(bytes)), blockBytes);
        expect(Buffer.concat(blocks).toString()).toBe(texts.join(''));
        for (const block of blocks) {
          expect(block.length).toBeGreaterThan(0);
          if (block.length > blockBytes) expect(texts).toContain(block.toString());
        }
      }),
    );
  });

  it('never hands on a block it writes into again', () => {
    const blocks: Buffer[] = [];
    utf8Blocks((add) => ['abcd', 'efgh', 'ijkl'].forEach(add), (bytes) => blocks.push(bytes), 12);
    expect(blocks.map(String)).toEqual(['abcd', 'efgh', 'ijkl']);
  });
});
