/**
 * ExactSums must give exactly what a chain of Decimal.plus gives (value and scale), for any amounts: long decimals,
 * big magnitudes, mixed signs, thousands of additions (carries), and amounts beyond its fixed range (fallback).
 */
import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import { cut, Cut, ExactSums, sumValue } from '../../src/billing/exact-sums';

const decimal = fc
  .record({
    digits: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
    small: fc.integer({ min: -99_999, max: 99_999 }),
    useSmall: fc.boolean(),
    scale: fc.integer({ min: 0, max: 34 }),
  })
  .map(({ digits, small, useSmall, scale }) => new Decimal(useSmall ? BigInt(small) : digits, scale));

function chain(values: readonly Decimal[]): Decimal {
  return values.reduce((sum, value) => sum.plus(value), Decimal.ZERO);
}

/** Sums 0 and 1 here, 2 and 3 there, filled with the entries (sum number, amount); here's sum i takes there's sum i + 2 (one sum each side may be empty). */
function hereAndThere(entries: ReadonlyArray<readonly [number, Decimal]>) {
  const here = new ExactSums();
  const there = new ExactSums();
  const ids = [here.create(2), there.create(2)];
  for (const [i, value] of entries) (i < 2 ? here : there).add(ids[i < 2 ? 0 : 1] + (i % 2), value);
  return { here, there, ids };
}

describe('exact sums', () => {
  it('equal a chain of Decimal.plus, value and scale, for any amounts spread over several sums', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), decimal), { maxLength: 200 }), (entries) => {
        const sums = new ExactSums();
        const ids = Array.from({ length: 5 }, () => sums.create());
        for (const [i, value] of entries) sums.add(ids[i], value);
        ids.forEach((id, i) => {
          const expected = chain(entries.filter(([j]) => j === i).map(([, value]) => value));
          const got = sums.value(id);
          expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("add another ExactSums' sums sent as data (addSum) as the chain of both sums' amounts, beyond the fixed range too", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), decimal), { maxLength: 120 }), (entries) => {
        const { here, there, ids } = hereAndThere(entries);
        // As a worker's part comes: through a structured clone, Decimals as plain objects.
        const data = structuredClone(there.data());
        for (const value of data.fallback.values()) Decimal.revive(value);
        for (const i of [0, 1]) {
          here.addSum(ids[0] + i, data, ids[1] + i);
          const expected = chain(entries.filter(([j]) => j % 2 === i).map(([, value]) => value));
          for (const got of [here.value(ids[0] + i), sumValue(data, ids[1] + i).plus(chain(entries.filter(([j]) => j === i).map(([, value]) => value)))]) {
            expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("add another ExactSums' sums as they are (addSumOf, its additions not carried yet) as the chain of both sums' amounts", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), decimal), { maxLength: 120 }), (entries) => {
        const { here, there, ids } = hereAndThere(entries);
        for (const i of [0, 1]) {
          here.addSumOf(ids[0] + i, there, ids[1] + i);
          const expected = chain(entries.filter(([j]) => j % 2 === i).map(([, value]) => value));
          const got = here.value(ids[0] + i);
          expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('read sums of amounts of up to 4 decimals (read on doubles) as the chain gives them, up to the fixed range', () => {
    const short = fc
      .record({ digits: fc.bigInt({ min: -(10n ** 23n), max: 10n ** 23n }), small: fc.integer({ min: -99_999, max: 99_999 }), useSmall: fc.boolean(), scale: fc.integer({ min: 0, max: 4 }) })
      .map(({ digits, small, useSmall, scale }) => new Decimal(useSmall ? BigInt(small) : digits, scale));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), short), { maxLength: 100 }), fc.integer({ min: 0, max: 4 }), (entries, cancelled) => {
        const sums = new ExactSums();
        const ids = Array.from({ length: 3 }, () => sums.create());
        for (const [i, value] of entries) sums.add(ids[i], value);
        // Amounts added and taken away again: limbs back to zero, or a sum whose limbs differ in sign.
        for (const [i, value] of entries.slice(0, cancelled)) sums.add(ids[i], value.negate());
        ids.forEach((id, i) => {
          const own = entries.filter(([j]) => j === i).map(([, value]) => value);
          const expected = chain([...own, ...entries.slice(0, cancelled).filter(([j]) => j === i).map(([, value]) => value.negate())]);
          const got = sums.value(id);
          expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('read whole sums (shared Decimals below 1,024) as the chain gives them, on both sides of that bound and below 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1100, max: 1100 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (amounts, asData) => {
        const sums = new ExactSums();
        const id = sums.create();
        for (const amount of amounts) sums.add(id, Decimal.fromInt(amount));
        const got = asData ? sumValue(sums.data(), id) : sums.value(id);
        const expected = chain(amounts.map((amount) => Decimal.fromInt(amount)));
        expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
      }),
      { numRuns: 1000 },
    );
  });

  it('stay exact over tens of thousands of additions of prorated amounts (carries between limbs)', () => {
    const sums = new ExactSums();
    const id = sums.create();
    const values: Decimal[] = [];
    for (let i = 0; i < 30_000; i++) {
      const value = Decimal.parse(`${i % 7 === 0 ? '-' : ''}${(i * 7919) % 100_000}.${String((i * 104_729) % 10 ** 9).padStart(9, '0')}1234567890123`);
      values.push(value);
      sums.add(id, value);
    }
    expect(sums.value(id).toString()).toBe(chain(values).toString());
  });

  it('hold the largest magnitudes and go on exactly past the fixed range', () => {
    const sums = new ExactSums();
    const id = sums.create();
    const big = Decimal.parse('999999999999999999999999999999.5');
    const tiny = Decimal.parse('0.0000000000000000000000000000000001');
    for (const value of [Decimal.parse('1.25'), big, big, tiny, Decimal.parse('-3')]) sums.add(id, value);
    expect(sums.value(id).toString()).toBe(chain([Decimal.parse('1.25'), big, big, tiny, Decimal.parse('-3')]).toString());
  });

  it('an amount cut once and added to several sums adds up as a chain of Decimal.plus in each, beyond the fixed range too', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), decimal), { maxLength: 100 }), (entries) => {
        const sums = new ExactSums();
        const ids = Array.from({ length: 4 }, () => sums.create());
        const amount = new Cut();
        for (const [targets, value] of entries) {
          cut(value, amount);
          for (const i of targets) sums.addCut(ids[i], amount);
        }
        ids.forEach((id, i) => {
          const expected = chain(entries.filter(([targets]) => targets.includes(i)).map(([, value]) => value));
          const got = sums.value(id);
          expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('grow to many sums, each zero until added to', () => {
    const sums = new ExactSums();
    const ids = Array.from({ length: 5000 }, () => sums.create());
    ids.forEach((id) => sums.add(id, new Decimal(BigInt(id), 2)));
    expect(ids.every((id) => sums.value(id).equals(new Decimal(BigInt(id), 2)))).toBe(true);
    expect(sums.value(sums.create())).toEqual(Decimal.ZERO);
    // Blocks of sums are numbered one after another, across a growth of the arrays too.
    const blocks = Array.from({ length: 3000 }, () => sums.create(3));
    expect(blocks.every((first, i) => i === 0 || first === blocks[i - 1] + 3)).toBe(true);
    blocks.forEach((first, i) => sums.add(first + 2, new Decimal(BigInt(i), 1)));
    expect(blocks.every((first, i) => sums.value(first + 2).equals(new Decimal(BigInt(i), 1)) && sums.value(first).isZero())).toBe(true);
  });

  it('hold sums in chunks past 32,768 of them as in one array: added to, carried, spilled, read, sent as data and added to another', () => {
    const sums = new ExactSums();
    const count = 100_000;
    const first = sums.create(count);
    const long = new Decimal(10n ** 30n + 7n, 31);
    // Each sum gets its number in cents, twice, a few more past a carry, and some an amount the limbs cannot hold.
    for (let round = 0; round < 2; round++) for (let sum = 0; sum < count; sum++) sums.add(first + sum, new Decimal(BigInt(sum), 2));
    for (let i = 0; i < 4001; i++) sums.add(first + 40_000, Decimal.ONE);
    for (const sum of [0, 32_767, 32_768, 65_536, 99_999]) sums.add(first + sum, long);
    const expected = (sum: number) => {
      let value = new Decimal(BigInt(sum * 2), 2);
      if (sum === 40_000) value = value.plus(Decimal.fromInt(4001));
      return [0, 32_767, 32_768, 65_536, 99_999].includes(sum) ? value.plus(long) : value;
    };
    const data = sums.data();
    const other = new ExactSums();
    const into = other.create(count);
    for (let sum = 0; sum < count; sum += 97) other.addSumOf(into + sum, sums, first + sum);
    for (const sum of [...Array.from({ length: 1031 }, (_, i) => i * 97), 32_767, 32_768, 40_000, 65_535, 65_536, 99_999]) {
      const want = expected(sum);
      for (const got of [sums.value(first + sum), sumValue(data, first + sum)]) expect([got.units, got.scale]).toEqual([want.units, want.scale]);
      if (sum % 97 === 0) expect(other.value(into + sum).toString()).toBe(want.toString());
    }
  });
});
