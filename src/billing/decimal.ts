/**
 * Exact decimal money: value = units / 10^scale, units a bigint.
 * Partner Center amounts carry 20+ decimals and scientific notation, so they are parsed from text by hand and
 * never pass through a JS float. Rounding happens only where an invoice shows an amount.
 */

const POW10: bigint[] = [1n];
/** Powers used by everyday scales are cached; an absurd scale (1E-999999 in a damaged cell) is computed once, not cached up to. */
const POW10_CACHED = 64;
function pow10(n: number): bigint {
  if (n >= POW10_CACHED) return 10n ** BigInt(n);
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  /** Parses exact decimal text; throws DecimalSyntaxError when the text is not a number. */
  static parse(text: string, decimalComma = false): Decimal {
    const parsed = parseDecimalText(text, decimalComma);
    if (parsed === null) throw new DecimalSyntaxError(text);
    return parsed;
  }

  /**
   * A Decimal that crossed a postMessage arrives as a plain { units, scale }: this gives it its methods back
   * (in place, so the objects holding it need not be rebuilt). A Decimal passes through unchanged.
   */
  static revive(plain: Decimal): Decimal {
    if (Object.getPrototypeOf(plain) !== Decimal.prototype) Object.setPrototypeOf(plain, Decimal.prototype);
    return plain;
  }

  /** Revives every Decimal in plain data (objects, arrays, Maps' values), for small structures such as a configuration. */
  static reviveAll<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Decimal) return value;
    const own = value as Record<string, unknown>;
    if (typeof own.units === 'bigint' && typeof own.scale === 'number' && Object.keys(own).length === 2) return Decimal.revive(value as unknown as Decimal) as T;
    const children = value instanceof Map ? value.values() : Array.isArray(value) ? value : value instanceof Set ? [] : Object.values(own);
    for (const child of children) Decimal.reviveAll(child);
    return value;
  }

  static fromInt(n: number | bigint): Decimal {
    return new Decimal(BigInt(n), 0);
  }

  plus(other: Decimal): Decimal {
    if (this.scale === other.scale) return new Decimal(this.units + other.units, this.scale);
    if (this.scale > other.scale) return new Decimal(this.units + other.units * pow10(this.scale - other.scale), this.scale);
    return new Decimal(this.units * pow10(other.scale - this.scale) + other.units, other.scale);
  }

  minus(other: Decimal): Decimal {
    // As plus(other.negate()), without the negated copy: a report takes a margin per detail line.
    if (this.scale === other.scale) return new Decimal(this.units - other.units, this.scale);
    if (this.scale > other.scale) return new Decimal(this.units - other.units * pow10(this.scale - other.scale), this.scale);
    return new Decimal(this.units * pow10(other.scale - this.scale) - other.units, other.scale);
  }

  times(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale).normalize();
  }

  negate(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.negate() : this;
  }

  /** this / divisor, rounded half away from zero to `scale` decimals. */
  dividedBy(divisor: Decimal, scale: number): Decimal {
    if (divisor.units === 0n) throw new RangeError('Division by zero');
    const quick = quotientOnDoubles(this, divisor, scale);
    if (quick !== null) return onDoubles(quick, scale);
    // this.units/10^a ÷ d.units/10^b = this.units * 10^b / (d.units * 10^a); times 10^scale for the result scale.
    const numerator = this.units * pow10(divisor.scale + scale);
    const denominator = divisor.units * pow10(this.scale);
    return new Decimal(divideHalfAwayFromZero(numerator, denominator), scale).normalize();
  }

  /** dividedBy, and whether the quotient is exact (the division ended within `scale` decimals). */
  quotient(divisor: Decimal, scale: number): { value: Decimal; exact: boolean } {
    if (divisor.units === 0n) throw new RangeError('Division by zero');
    // By 1 (a price for a whole period): the value itself, as the division gives it back, without bigint steps.
    if (divisor.units === 1n && divisor.scale === 0 && this.scale >= 0 && this.scale <= scale) return { value: this.normalize(), exact: true };
    const numerator = this.units * pow10(divisor.scale + scale);
    const denominator = divisor.units * pow10(this.scale);
    return { value: new Decimal(divideHalfAwayFromZero(numerator, denominator), scale).normalize(), exact: numerator % denominator === 0n };
  }

  /** Half away from zero, like Excel's ROUND. */
  round(scale: number): Decimal {
    if (this.scale <= scale) return this;
    const units = divideHalfAwayFromZero(this.units, pow10(this.scale - scale));
    return new Decimal(units, scale);
  }

  /** Towards zero, like Excel's ROUNDDOWN (Microsoft's own Subtotal formula). */
  roundDown(scale: number): Decimal {
    if (this.scale <= scale) return this;
    return new Decimal(this.units / pow10(this.scale - scale), scale);
  }

  compare(other: Decimal): number {
    // Both at the larger scale, compared as they are: no difference made (sorts compare hundreds of thousands).
    let a = this.units;
    let b = other.units;
    if (this.scale > other.scale) b *= pow10(this.scale - other.scale);
    else if (this.scale < other.scale) a *= pow10(other.scale - this.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  sign(): number {
    return this.units < 0n ? -1 : this.units > 0n ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  /** Drops trailing zeros so equal values have one representation. */
  normalize(): Decimal {
    if (this.units === 0n) return this.scale === 0 ? this : Decimal.ZERO;
    if (this.scale <= 0) return this;
    // Units within 2^53 (a unit price, a rounded amount): the zeros are counted on a double, exactly, and cut in one
    // step; a bigint % 10n per digit allocates. A bigint beyond 2^53 converts to no safe integer.
    const n = Number(this.units);
    if (Number.isSafeInteger(n)) {
      let zeros = 0;
      let m = n;
      while (zeros < this.scale && m % 10 === 0) {
        m /= 10;
        zeros++;
      }
      return zeros === 0 ? this : new Decimal(BigInt(m), this.scale - zeros);
    }
    if (this.units % 10n !== 0n) return this;
    // An exact quotient at 28 decimals (a price prorated by a whole period) has up to 27 zeros: cut eight at a time.
    let units = this.units;
    let scale = this.scale;
    while (scale >= 8 && units % 100_000_000n === 0n) {
      units /= 100_000_000n;
      scale -= 8;
    }
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale--;
    }
    return new Decimal(units, scale);
  }

  /** Plain decimal text, no exponent, no trailing zeros: "-1234.5". */
  toString(): string {
    if (this.scale <= 0) {
      const { units, scale } = this.normalize();
      return formatUnits(units, scale);
    }
    // Trailing zeros are cut from the text: a report writes millions of amounts, and bigint divisions cost more.
    const text = formatUnits(this.units, this.scale);
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    return end === text.length ? text : text.slice(0, end);
  }

  /** Exactly `scale` decimals after rounding half away from zero: toFixed(2) of 2.345 is "2.35". */
  toFixed(scale: number): string {
    const rounded = this.round(scale);
    return formatUnits(rounded.units * pow10(scale - rounded.scale), scale);
  }

  /** For display in a spreadsheet cell only; never for arithmetic. */
  toNumber(): number {
    return Number(this.toString());
  }

  /**
   * The values added up one after another with plus(), without a Decimal per step (a report sums every level of it);
   * with `amountOf`, the amounts of the items (no array of them made first).
   */
  static sum(values: Iterable<Decimal>): Decimal;
  static sum<T>(items: Iterable<T>, amountOf: (item: T) => Decimal): Decimal;
  static sum<T>(items: Iterable<T>, amountOf?: (item: T) => Decimal): Decimal {
    let units = 0n;
    let scale = 0;
    let count = 0;
    // A sum of one (most of a report's products have one detail line) is that value: no step, no new Decimal.
    let only: Decimal | null = null;
    for (const item of items) {
      const value = amountOf === undefined ? (item as Decimal) : amountOf(item);
      if (count++ === 0 && value.scale >= 0) {
        only = value;
        units = value.units;
        scale = value.scale;
        continue;
      }
      if (value.scale === scale) units += value.units;
      else if (value.scale < scale) units += value.units * pow10(scale - value.scale);
      else {
        units = units * pow10(value.scale - scale) + value.units;
        scale = value.scale;
      }
    }
    if (count === 1 && only !== null) return only;
    return count === 0 ? Decimal.ZERO : new Decimal(units, scale);
  }
}

export class DecimalSyntaxError extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a number`);
  }
}

/** 10^k as doubles, exact up to 10^22. */
export const POW10_DOUBLE = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The units of dividedBy's quotient at `scale`, worked out on doubles where numerator and denominator stay exact in
 * them (a unit price of a report's detail line: hundreds of thousands of them, and the bigint steps made one object
 * each); null when they might not. For a divisor other than zero.
 */
function quotientOnDoubles(dividend: Decimal, divisor: Decimal, scale: number): number | null {
  return unitsQuotientOnDoubles(Number(dividend.units), dividend.scale, divisor, scale);
}

/** quotientOnDoubles of a dividend given as its units (a double: an unsafe one gives null) and scale. */
export function unitsQuotientOnDoubles(units: number, unitsScale: number, divisor: Decimal, scale: number): number | null {
  const up = divisor.scale + scale;
  const down = unitsScale;
  if (up > 22 || down > 22 || up < 0 || down < 0) return null;
  const divisorUnits = Number(divisor.units);
  const numerator = Math.abs(units) * POW10_DOUBLE[up];
  const denominator = Math.abs(divisorUnits) * POW10_DOUBLE[down];
  // Both exact integers and their sum too, so every step below is exact (a bigint beyond 2^53 gives no safe number).
  if (!(numerator + denominator <= Number.MAX_SAFE_INTEGER)) return null;
  const quotient = halfAwayOnDoubles(numerator, denominator);
  return units < 0 !== divisorUnits < 0 ? -quotient : quotient;
}

/**
 * The units of `units` (a safe integer) at `scale` rounded to `to` decimals as round(to) rounds them (half away from
 * zero), on doubles: a report's findings round two figures of every charge. NaN where they are not a safe integer.
 */
export function roundedUnits(units: number, scale: number, to: number): number {
  if (scale <= to) return to - scale <= 22 ? units * POW10_DOUBLE[to - scale] : NaN;
  if (scale - to > 22) return NaN;
  const quotient = halfAwayOnDoubles(Math.abs(units), POW10_DOUBLE[scale - to]);
  return units < 0 ? -quotient : quotient;
}

/** numerator / denominator (whole numbers, not negative, exact as doubles) rounded half up, on doubles. */
function halfAwayOnDoubles(numerator: number, denominator: number): number {
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  // The division of doubles may be off by one either way.
  if (remainder < 0) {
    quotient--;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient++;
    remainder -= denominator;
  }
  if (remainder * 2 >= denominator) quotient++;
  return quotient;
}

/** The Decimal of quotientOnDoubles' units, normalized. */
function onDoubles(quotient: number, scale: number): Decimal {
  if (quotient === 0) return Decimal.ZERO;
  // Normalized here, on the double: a tenth and a product cost less than a double's % (a C function) and a second
  // bigint (a unit price at 6 decimals has several zeros).
  let zeros = 0;
  for (let tenth = Math.trunc(quotient / 10); zeros < scale && tenth * 10 === quotient; tenth = Math.trunc(quotient / 10)) {
    quotient = tenth;
    zeros++;
  }
  return new Decimal(BigInt(quotient), scale - zeros);
}

function divideHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = remainder < 0n ? -remainder * 2n : remainder * 2n;
  if (twice >= denominator) return numerator < 0n ? quotient - 1n : quotient + 1n;
  return quotient;
}

function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

const CH_0 = 48;
const CH_9 = 57;
const CH_DOT = 46;
const CH_COMMA = 44;
const CH_PLUS = 43;
const CH_MINUS = 45;
const CH_APOSTROPHE = 39;
const CH_SPACE = 32;

/**
 * Hand-written parser: optional leading apostrophe (Excel's text guard, e.g. '0E-20), sign, digits with one decimal
 * point (or one decimal comma in files re-saved by a European Excel), optional exponent. Anything else, thousands
 * separators and currency symbols included, is not a number. Empty text is zero.
 */
export function parseDecimalText(text: string, decimalComma = false): Decimal | null {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= CH_SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) <= CH_SPACE) end--;
  if (start < end && text.charCodeAt(start) === CH_APOSTROPHE) start++;
  if (start === end) return Decimal.ZERO;

  let negative = false;
  let c = text.charCodeAt(start);
  if (c === CH_MINUS || c === CH_PLUS) {
    negative = c === CH_MINUS;
    start++;
  }
  let intStart = start;
  let i = start;
  // The digits' value as they are read, exact while it stays a safe integer (most amounts): then no text is cut,
  // joined and converted to make it. `trimmed` is the value up to the fraction's last digit other than 0.
  let value = 0;
  while (i < end && (c = text.charCodeAt(i)) >= CH_0 && c <= CH_9) {
    value = value * 10 + (c - CH_0);
    i++;
  }
  const intEnd = i;
  let trimmed = value;
  let fracStart = i;
  let fracEnd = i;
  if (i < end && (c === CH_DOT || (decimalComma && c === CH_COMMA))) {
    fracStart = ++i;
    while (i < end && (c = text.charCodeAt(i)) >= CH_0 && c <= CH_9) {
      value = value * 10 + (c - CH_0);
      if (c !== CH_0) trimmed = value;
      i++;
    }
    fracEnd = i;
  }
  if (intEnd === intStart && fracEnd === fracStart) return null; // no digits at all
  let exponent = 0;
  if (i < end && (c === 69 || c === 101)) {
    i++;
    let expNegative = false;
    c = text.charCodeAt(i);
    if (c === CH_MINUS || c === CH_PLUS) {
      expNegative = c === CH_MINUS;
      i++;
    }
    const expStart = i;
    while (i < end && (c = text.charCodeAt(i)) >= CH_0 && c <= CH_9) {
      exponent = exponent * 10 + (c - CH_0);
      i++;
    }
    // Two digits: a billing amount is never near 1E100; "1E400" or "1E999999" is a damaged cell, not an amount to
    // hold as a number of a million digits.
    if (i === expStart || i - expStart > 2) return null;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return null;

  // Trailing zeros of the fraction are skipped, and leading zeros of the integer part: one representation per value.
  while (fracEnd > fracStart && text.charCodeAt(fracEnd - 1) === CH_0) fracEnd--;
  // Every value on the way was smaller, so exact too (a double above 2^53 rounds to one at least 2^53).
  if (value <= Number.MAX_SAFE_INTEGER) return fromSafeDigits(negative, trimmed, fracEnd - fracStart - exponent, exponent !== 0);
  while (intStart < intEnd && text.charCodeAt(intStart) === CH_0) intStart++;
  let digits = fracEnd > fracStart ? text.slice(intStart, intEnd) + text.slice(fracStart, fracEnd) : text.slice(intStart, intEnd);
  let scale = fracEnd - fracStart - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let units = BigInt(digits);
  if (negative) units = -units;
  // Trailing zeros of the fraction are already gone; only an exponent can leave some (1500E-2).
  return exponent === 0 ? new Decimal(units, scale) : new Decimal(units, scale).normalize();
}

/**
 * The Decimal of digits read as a safe integer (the fraction's trailing zeros left out) at `scale`: as the digits'
 * text would give it, zeros an exponent left cut as normalize() cuts them.
 */
function fromSafeDigits(negative: boolean, digits: number, scale: number, exponent: boolean): Decimal {
  if (digits === 0) return Decimal.ZERO;
  if (scale < 0) return new Decimal(BigInt(negative ? -digits : digits) * pow10(-scale), 0);
  if (exponent) {
    while (scale > 0 && digits % 10 === 0) {
      digits /= 10;
      scale--;
    }
  }
  return new Decimal(BigInt(negative ? -digits : digits), scale);
}
