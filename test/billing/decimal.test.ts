import fc from 'fast-check';
import { Decimal, DecimalSyntaxError, parseDecimalText, roundedUnits } from '../../src/billing/decimal';

const d = (text: string) => Decimal.parse(text);

describe('reading amounts as Partner Center writes them', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['-0.00', '0'],
    ['12.50', '12.5'],
    ['+12.50', '12.5'],
    ['007.50', '7.5'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-9.408', '-9.408'],
    ['  100.8 ', '100.8'],
    ['7.10833E-05', '0.0000710833'],
    ['0.00E+00', '0'],
    ['1.5E+3', '1500'],
    ['1.5e3', '1500'],
    ['-2.5E-1', '-0.25'],
    ['6.732248625E-05', '0.00006732248625'],
    ["'22.000000000000000000", '22'],
    ["'0E-20", '0'],
    ["'-0.5", '-0.5'],
    ['0.1835431430074643112595', '0.1835431430074643112595'],
    ['123456789012345678901234.000000000000000000000001', '123456789012345678901234.000000000000000000000001'],
  ])('%s is %s', (text, expected) => {
    expect(d(text).toString()).toBe(expected);
  });

  it('keeps all 22 decimals of a unit price exactly, where a float would lose them', () => {
    const price = d('0.1835431430074643112595');
    expect(price.times(d('1000000')).toString()).toBe('183543.1430074643112595');
    expect(String(Number('0.1835431430074643112595'))).not.toBe('0.1835431430074643112595');
  });

  it('reads an empty cell as zero', () => {
    expect(d('').isZero()).toBe(true);
    expect(d("'").isZero()).toBe(true);
  });

  it('reads a decimal comma only when asked to (files re-saved by a European Excel)', () => {
    expect(Decimal.parse('12,5', true).toString()).toBe('12.5');
    expect(Decimal.parse('-0,00E+00', true).toString()).toBe('0');
    expect(Decimal.parse('12.5', true).toString()).toBe('12.5');
    expect(parseDecimalText('12,5')).toBeNull();
  });

  it.each(['1,234.50', '$5', '€5', 'abc', '1e', '1E+', '--1', '+-1', '1.2.3', '1 000', '5-', 'NaN', 'Infinity', '0x10', '.', '-', 'e5', '1e1234567', '1E400', '1e999999', '1E-99999', '1E+99999', "''5", '12,5x'])(
    'refuses %j: it is not an amount',
    (text) => {
      expect(parseDecimalText(text)).toBeNull();
      expect(() => Decimal.parse(text)).toThrow(DecimalSyntaxError);
    },
  );

  it('names the text it could not read', () => {
    expect(() => Decimal.parse('$5')).toThrow('"$5" is not a number');
  });

  it('refuses thousands separators even with a decimal comma', () => {
    expect(parseDecimalText('1.234,50', true)).toBeNull();
  });
});

describe('arithmetic on amounts', () => {
  it('adds, subtracts and multiplies exactly', () => {
    expect(d('0.1').plus(d('0.2')).toString()).toBe('0.3');
    expect(d('100.8').minus(d('94.08')).toString()).toBe('6.72');
    expect(d('10.08').times(d('10')).toString()).toBe('100.8');
    expect(d('-9.408').times(d('10')).toString()).toBe('-94.08');
    expect(d('7.10833E-05').times(d('3')).toString()).toBe('0.0002132499');
  });

  it('compares values, not their notation', () => {
    expect(d('1.50').equals(d('1.5'))).toBe(true);
    expect(d('1.5E+3').equals(d('1500.000'))).toBe(true);
    expect(d('-0.01').compare(d('0'))).toBe(-1);
    expect(d('2').compare(d('10'))).toBe(-1);
    expect(d('10').compare(d('2.999'))).toBe(1);
  });

  it('knows signs and zero', () => {
    expect(d('-94.2').sign()).toBe(-1);
    expect(d('0.00').sign()).toBe(0);
    expect(d('0E-20').isZero()).toBe(true);
    expect(d('-94.2').abs().toString()).toBe('94.2');
    expect(d('94.2').negate().toString()).toBe('-94.2');
  });

  it('sums a list of amounts', () => {
    expect(Decimal.sum([d('100.8'), d('-94.08'), d('112.89')]).toString()).toBe('119.61');
    expect(Decimal.sum([]).toString()).toBe('0');
    // A sum of one is that value at a scale of at least 0, as ZERO.plus(value) gives it.
    expect([Decimal.sum([new Decimal(5n, -2)]).units, Decimal.sum([new Decimal(5n, -2)]).scale]).toEqual([500n, 0]);
    expect([Decimal.sum([new Decimal(5n, -2), d('1.5')]).units, Decimal.sum([new Decimal(5n, -2), d('1.5')]).scale]).toEqual([5015n, 1]);
  });

  it('writes plain text without an exponent or trailing zeros', () => {
    expect(d('1E-20').toString()).toBe('0.00000000000000000001');
    expect(d('1E+25').toString()).toBe('10000000000000000000000000');
    expect(d('-120.500').toString()).toBe('-120.5');
    expect(Decimal.fromInt(42).toString()).toBe('42');
    expect(Decimal.fromInt(-7n).toString()).toBe('-7');
  });

  it('normalizes to one representation: trailing zeros cut, however many, from amounts beyond 2^53 too', () => {
    // A price prorated by a whole period comes out of a division at 28 decimals: up to 27 zeros to cut.
    const at = (units: bigint, scale: number) => new Decimal(units, scale).normalize();
    for (let zeros = 0; zeros <= 28; zeros++) {
      for (const digits of [125n, 7n, 123456789012345678901n, -4n]) {
        const normalized = at(digits * 10n ** BigInt(zeros), 28);
        expect([normalized.units, normalized.scale]).toEqual([digits, 28 - zeros]);
      }
    }
    expect([at(10n ** 40n, 28).units, at(10n ** 40n, 28).scale]).toEqual([10n ** 12n, 0]);
    expect([at(-(10n ** 30n), 28).units, at(-(10n ** 30n), 28).scale]).toEqual([-100n, 0]);
  });

  it('gives a float only for display', () => {
    expect(d('612.85').toNumber()).toBe(612.85);
  });
});

describe('rounding where an invoice shows an amount', () => {
  it.each([
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['-0.5', 0, '-1'],
    ['0.125', 2, '0.13'],
    ['-0.125', 2, '-0.13'],
    ['1.005', 2, '1.01'],
    ['2.344999', 2, '2.34'],
    ['-2.344999', 2, '-2.34'],
    ['112.896', 2, '112.9'],
    ['7.10833E-05', 4, '0.0001'],
    ['12.5', 4, '12.5'],
  ])('round(%s, %i) is %s (half away from zero, like Excel ROUND)', (text, scale, expected) => {
    expect(d(text).round(scale).toString()).toBe(expected);
  });

  it.each([
    ['2.349', 2, '2.34'],
    ['-2.349', 2, '-2.34'],
    ['112.896', 2, '112.89'],
    ['0.999', 0, '0'],
    ['-0.999', 0, '0'],
    ['5.1', 3, '5.1'],
  ])('roundDown(%s, %i) is %s (towards zero, like Excel ROUNDDOWN)', (text, scale, expected) => {
    expect(d(text).roundDown(scale).toString()).toBe(expected);
  });

  it.each([
    ['2.345', 2, '2.35'],
    ['-2.995', 2, '-3.00'],
    ['0.001', 2, '0.00'],
    ['100.8', 2, '100.80'],
    ['-2.5', 0, '-3'],
    ['1E-20', 3, '0.000'],
    ['-0.004', 2, '0.00'],
    ['1234.5', 0, '1235'],
  ])('toFixed(%s, %i) is %s', (text, scale, expected) => {
    expect(d(text).toFixed(scale)).toBe(expected);
  });

  it.each([
    ['10.08', '30', 3, '0.336'],
    ['4', '31', 3, '0.129'],
    ['4', '28', 3, '0.143'],
    ['1', '3', 4, '0.3333'],
    ['2', '3', 4, '0.6667'],
    ['-2', '3', 4, '-0.6667'],
    ['-1', '8', 2, '-0.13'],
    ['1', '-8', 2, '-0.13'],
    ['-1', '-8', 2, '0.13'],
    ['0.0000710833', '0.5', 10, '0.0001421666'],
    ['282.24', '30', 2, '9.41'],
  ])('%s / %s to %i decimals is %s', (dividend, divisor, scale, expected) => {
    expect(d(dividend).dividedBy(d(divisor), scale).toString()).toBe(expected);
  });

  it("reproduces Microsoft's new commerce proration: 10.08 / 30 days x 28 days = 9.408", () => {
    expect(d('10.08').times(d('28')).dividedBy(d('30'), 6).toString()).toBe('9.408');
  });

  it('divides as exact integer arithmetic does, rounding half away from zero, for amounts small and large', () => {
    // Small amounts are divided on doubles, large ones as bigints: both must give the integer arithmetic's quotient.
    const units = fc.oneof(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map(BigInt), fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }));
    const amount = fc.record({ units, scale: fc.integer({ min: 0, max: 12 }) }).map(({ units, scale }) => new Decimal(units, scale));
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 10 }), (dividend, divisor, scale) => {
        fc.pre(!divisor.isZero());
        const numerator = dividend.units * 10n ** BigInt(divisor.scale + scale);
        const denominator = divisor.units * 10n ** BigInt(dividend.scale);
        const magnitude = (numerator < 0n ? -numerator : numerator) / (denominator < 0n ? -denominator : denominator);
        const remainder = (numerator < 0n ? -numerator : numerator) % (denominator < 0n ? -denominator : denominator);
        const rounded = remainder * 2n >= (denominator < 0n ? -denominator : denominator) ? magnitude + 1n : magnitude;
        const expected = new Decimal(numerator < 0n !== denominator < 0n ? -rounded : rounded, scale);
        const got = dividend.dividedBy(divisor, scale);
        expect(got.equals(expected)).toBe(true);
        expect(got.toString()).toBe(expected.toString());
        expect(got.scale).toBe(expected.normalize().scale);
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts an exact quotient\'s zeros as normalize() does (a unit price of whole cents at 6 decimals)', () => {
    const small = fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map(BigInt);
    fc.assert(
      fc.property(small, fc.integer({ min: 0, max: 4 }), small, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 8 }), (quotient, quotientScale, divisorUnits, divisorScale, scale) => {
        fc.pre(divisorUnits !== 0n);
        const divisor = new Decimal(divisorUnits, divisorScale);
        const dividend = new Decimal(quotient, quotientScale).times(divisor);
        const got = dividend.dividedBy(divisor, scale);
        const expected = new Decimal(quotient, quotientScale).round(scale).normalize();
        expect([got.units, got.scale]).toEqual([expected.units, expected.scale]);
      }),
      { numRuns: 3000 },
    );
  });

  it('a quotient by 1 (taken without dividing) is what the division gives: value, scale and exactness', () => {
    const amount = fc.record({ units: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), scale: fc.integer({ min: 0, max: 34 }) }).map(({ units, scale }) => new Decimal(units, scale));
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 34 }), (dividend, scale) => {
        // 1.0 is 1 written so that it goes the general way.
        const divided = dividend.quotient(new Decimal(10n, 1), scale);
        const byOne = dividend.quotient(Decimal.ONE, scale);
        expect([byOne.value.units, byOne.value.scale, byOne.exact]).toEqual([divided.value.units, divided.value.scale, divided.exact]);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses to divide by zero', () => {
    expect(() => d('1').dividedBy(d('0.00'), 2)).toThrow(RangeError);
  });
});

/** Any exact decimal: up to 30 digits before and 25 after the point, either sign. */
const anyDecimal = fc
  .record({ units: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), scale: fc.integer({ min: 0, max: 25 }) })
  .map(({ units, scale }) => new Decimal(units, scale));

/** Half away from zero worked on the decimal text, digit by digit: a reference independent of the bigint code. */
function roundHalfAwayByText(value: Decimal, scale: number): string {
  const text = value.toString();
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  if (fraction.length <= scale) return text;
  let digits = BigInt(whole + fraction.slice(0, scale));
  if (fraction.charCodeAt(scale) >= '5'.charCodeAt(0)) digits += 1n;
  return new Decimal(negative ? -digits : digits, scale).toString();
}

describe('exact decimal invariants (property tests)', () => {
  /** Text as Partner Center or an Excel writes an amount: sign, zeros around the digits, a point or comma, an exponent. */
  const amountText = fc
    .record({
      sign: fc.constantFrom('', '-', '+'),
      whole: fc.stringMatching(/^[0-9]{0,20}$/),
      point: fc.constantFrom('', '.', ','),
      fraction: fc.stringMatching(/^[0-9]{0,30}$/),
      exponent: fc.option(fc.record({ e: fc.constantFrom('E', 'e'), sign: fc.constantFrom('', '+', '-'), digits: fc.stringMatching(/^[0-9]{1,2}$/) })),
    })
    .map(({ sign, whole, point, fraction, exponent }) => `${sign}${whole}${point}${point === '' ? '' : fraction}${exponent === null ? '' : exponent.e + exponent.sign + exponent.digits}`);

  /** The digits as one bigint, the exponent applied, trailing zeros cut while there are decimals: one form per value. */
  function referenceParse(text: string, decimalComma: boolean): { units: bigint; scale: number } | null {
    if (text === '') return { units: 0n, scale: 0 };
    const match = (decimalComma ? /^([+-]?)(\d*)(?:[.,](\d*))?(?:[eE]([+-]?\d{1,2}))?$/ : /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,2}))?$/).exec(text);
    if (match === null || match[2] + (match[3] ?? '') === '') return null;
    let units = BigInt(match[2] + (match[3] ?? ''));
    let scale = (match[3] ?? '').length - Number(match[4] ?? 0);
    if (scale < 0) {
      units *= 10n ** BigInt(-scale);
      scale = 0;
    }
    while (scale > 0 && units !== 0n && units % 10n === 0n) {
      units /= 10n;
      scale--;
    }
    if (units === 0n) return { units: 0n, scale: 0 };
    return { units: match[1] === '-' ? -units : units, scale };
  }

  it('parses amount text into one representation per value, digits of a safe integer or beyond', () => {
    fc.assert(
      fc.property(amountText, fc.boolean(), (text, decimalComma) => {
        const parsed = parseDecimalText(text, decimalComma);
        const expected = referenceParse(text, decimalComma);
        expect(parsed === null ? null : { units: parsed.units, scale: parsed.scale }).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
    for (const [text, units, scale] of [['9007199254740991', 9007199254740991n, 0], ['9007199254740993', 9007199254740993n, 0], ['0.9007199254740993', 9007199254740993n, 16], ['1E+17', 10n ** 17n, 0], ['1500E-2', 15n, 0], ['-0.00E+00', 0n, 0], ['3.6E-04', 36n, 5]] as const) {
      expect(parseDecimalText(text)).toEqual(new Decimal(units, scale));
    }
  });

  it('reads back what it writes: parse(toString(x)) equals x', () => {
    fc.assert(
      fc.property(anyDecimal, (x) => {
        expect(Decimal.parse(x.toString()).equals(x)).toBe(true);
        expect(Decimal.parse(x.toString()).toString()).toBe(x.toString());
      }),
    );
  });

  it('reads the same value from scientific notation', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -30, max: 30 }), (mantissa, exponent) => {
        const scientific = Decimal.parse(`${mantissa}E${exponent >= 0 ? '+' : ''}${exponent}`);
        const expected = exponent >= 0 ? new Decimal(mantissa * 10n ** BigInt(exponent), 0) : new Decimal(mantissa, -exponent);
        expect(scientific.equals(expected)).toBe(true);
      }),
    );
  });

  it('adds exactly: commutative and associative, with no rounding drift', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, anyDecimal, (a, b, c) => {
        expect(a.plus(b).toString()).toBe(b.plus(a).toString());
        expect(a.plus(b).plus(c).toString()).toBe(a.plus(b.plus(c)).toString());
        expect(a.plus(b).minus(b).equals(a)).toBe(true);
      }),
    );
  });

  it('sums a list as plus() one after another gives it, scale and all', () => {
    fc.assert(
      fc.property(fc.array(anyDecimal, { maxLength: 8 }), (values) => {
        const chained = values.reduce((total, value) => total.plus(value), Decimal.ZERO);
        const sum = Decimal.sum(values);
        expect([sum.units, sum.scale]).toEqual([chained.units, chained.scale]);
        // The amounts of items (a report's detail lines) sum as the list of them does.
        const ofItems = Decimal.sum(values.map((cost) => ({ cost })), (item) => item.cost);
        expect([ofItems.units, ofItems.scale]).toEqual([chained.units, chained.scale]);
      }),
    );
  });

  it('rounds half away from zero exactly like rounding the decimal digits by hand', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 12 }), (x, scale) => {
        expect(x.round(scale).toString()).toBe(roundHalfAwayByText(x, scale));
        expect(x.negate().round(scale).toString()).toBe(x.round(scale).negate().toString());
      }),
    );
  });

  it('toFixed shows the rounded value with exactly the requested decimals', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 12 }), (x, scale) => {
        const text = x.toFixed(scale);
        expect(text.split('.')[1]?.length ?? 0).toBe(scale);
        expect(Decimal.parse(text).equals(x.round(scale))).toBe(true);
      }),
    );
  });
});

describe('roundedUnits', () => {
  it('rounds safe units as round() does, NaN or units beyond the safe integers only where Decimal gives those', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100000, max: 100000 })), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 4 }), (units, scale, to) => {
        const rounded = new Decimal(BigInt(units), scale).round(to);
        const expected = rounded.units * 10n ** BigInt(to - rounded.scale);
        const got = roundedUnits(units, scale, to);
        if (Number.isSafeInteger(got)) expect(BigInt(got)).toBe(expected);
        else expect(Number.isNaN(got) || expected > BigInt(Number.MAX_SAFE_INTEGER) || expected < -BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // Halves away from zero, and the largest safe units.
    expect([roundedUnits(125, 2, 1), roundedUnits(-125, 2, 1), roundedUnits(124, 2, 1), roundedUnits(2 ** 53 - 1, 3, 0)]).toEqual([13, -13, 12, 9007199254741]);
  });
});

describe('toString', () => {
  /** The text of the normalized value, built digit by digit: what toString must give, however it gets there. */
  function reference(value: Decimal): string {
    const { units, scale } = value.normalize();
    let digits = (units < 0n ? -units : units).toString();
    if (scale > 0) {
      digits = digits.padStart(scale + 1, '0');
      digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    }
    return units < 0n ? `-${digits}` : digits;
  }

  it('is the normalized value: no exponent, no trailing zeros, no bare point, "0" for zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 30 }), (units, scale) => {
        expect(new Decimal(units, scale).toString()).toBe(reference(new Decimal(units, scale)));
      }),
      { numRuns: 2000 },
    );
    expect([new Decimal(0n, 5), new Decimal(-1500n, 3), new Decimal(120n, 0), new Decimal(7n, 4)].map(String)).toEqual(['0', '-1.5', '120', '0.0007']);
  });
});
