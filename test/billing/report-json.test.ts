import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import { UNIT_SCALE } from '../../src/billing/report';
import { Utf8Blocks } from '../../src/billing/report-json';

/** The blocks' bytes as one text, each block checked against its size. */
function written(blockBytes: number, write: (out: Utf8Blocks) => void, longest: readonly string[] = []): string {
  const blocks: Uint8Array[] = [];
  const out = new Utf8Blocks((bytes) => blocks.push(bytes.slice()), blockBytes);
  write(out);
  out.end();
  for (const block of blocks) {
    expect(block.length).toBeGreaterThan(0);
    if (block.length > Math.max(blockBytes, 64)) expect(longest).toContain(Buffer.from(block).toString());
  }
  return Buffer.concat(blocks).toString();
}

// Units from the safe integers (digits written) and beyond (the text written), at scales around the limits.
const decimal = fc
  .tuple(fc.oneof(fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -1000, max: 1000 }).map(BigInt)), fc.integer({ min: -2, max: 40 }))
  .map(([units, scale]) => new Decimal(units, scale));

const atLeastUnits = (value: Decimal) => (value.scale < 0 ? new Decimal(value.units, 0) : value);

describe('Utf8Blocks', () => {
  it('gives the bytes of the texts joined, in blocks no longer than asked unless a text alone is', () => {
    // Whole characters: ASCII, Latin-1, wider ones and pairs of surrogates.
    const text = fc.array(fc.constantFrom('a', '"', '\n', 'é', 'Ł', '–', 'ź', '😀', '12.50'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.boolean()), { maxLength: 30 }), fc.integer({ min: 8, max: 200 }), (texts, blockBytes) => {
        const joined = written(
          blockBytes,
          (out) => texts.forEach(([t, asBytes]) => (asBytes ? out.bytes(new TextEncoder().encode(t)) : out.text(t))),
          texts.map(([t]) => t),
        );
        expect(joined).toBe(texts.map(([t]) => t).join(''));
      }),
    );
  });

  it('writes figures as Decimal writes them: toString, toFixed, and counts as String does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimal, fc.integer({ min: 0, max: 4 }), fc.nat()), { maxLength: 20 }), fc.integer({ min: 8, max: 100 }), (figures, blockBytes) => {
        const texts = figures.flatMap(([value, decimals, count]) => [value.toString(), value.toFixed(decimals), String(count)]);
        const joined = written(blockBytes, (out) => figures.forEach(([value, decimals, count]) => (out.decimal(value), out.fixed(value, decimals), out.count(count))), texts);
        expect(joined).toBe(texts.join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('writes unit prices as the Decimal of the division writes them (0 for no quantity), on doubles and as bigints', () => {
    fc.assert(
      // Amounts and quantities as sums give them: no negative scale.
      fc.property(decimal.map(atLeastUnits), decimal.map(atLeastUnits), (amount, quantity) => {
        const expected = quantity.isZero() ? '0' : amount.dividedBy(quantity, UNIT_SCALE).toString();
        expect(written(64, (out) => out.unitPrice(amount, quantity), [expected])).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes figures given as safe units and a scale as their Decimal writes them (toString, toFixed, a unit price)', () => {
    const safe = fc.tuple(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100000, max: 100000 })), fc.integer({ min: 0, max: 22 }));
    fc.assert(
      fc.property(safe, fc.integer({ min: 0, max: 4 }), decimal.map(atLeastUnits), ([units, scale], decimals, quantity) => {
        const value = new Decimal(BigInt(units), scale);
        expect(written(64, (out) => out.units(units, scale))).toBe(value.toString());
        const fixed = units * 10 ** (decimals - scale);
        if (scale <= decimals && Number.isSafeInteger(fixed)) expect(written(64, (out) => out.fixedUnits(fixed, decimals))).toBe(value.toFixed(decimals));
        const expected = quantity.isZero() ? '0' : value.dividedBy(quantity, UNIT_SCALE).toString();
        expect(written(64, (out) => out.unitPriceOf(units, scale, quantity), [expected])).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes zeros, values under 1 and the largest safe units as Decimal writes them', () => {
    const values = [0n, 1n, -1n, 5n, -5n, 10n, 100n, 99999999n, 100000000n, 100000001n, 2n ** 53n - 1n, -(2n ** 53n - 1n), 2n ** 53n, 2n ** 53n + 1n];
    for (const units of values) {
      for (const scale of [0, 1, 2, 6, 8, 9, 16, 17, 32, 33]) {
        const value = new Decimal(units, scale);
        expect(written(64, (out) => out.decimal(value))).toBe(value.toString());
        for (const decimals of [0, 2, 3]) expect(written(64, (out) => out.fixed(value, decimals))).toBe(value.toFixed(decimals));
      }
    }
  });

  it('never hands on a block it writes into again', () => {
    const blocks: Uint8Array[] = [];
    const out = new Utf8Blocks((bytes) => blocks.push(bytes), 64);
    for (const text of ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)]) out.bytes(new TextEncoder().encode(text));
    out.end();
    expect(blocks.map((block) => Buffer.from(block).toString())).toEqual(['a'.repeat(30) + 'b'.repeat(30), 'c'.repeat(30)]);
  });
});
