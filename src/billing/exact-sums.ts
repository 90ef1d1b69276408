import { Decimal } from './decimal';

/** Decimals kept by the limbs: amounts with more fall back to a Decimal sum. */
const FIXED_SCALE = 28;
const LIMB_DIGITS = 12;
const LIMB = 1e12;
/** 48 digits: 20 before the point, 28 after (Partner Center writes up to about 25). */
const LIMBS = 4;
/** Each addition adds under 2 × 10^12 to a limb; 2^53 holds 4,000 of them before a carry is due. */
const ADDS_BETWEEN_CARRIES = 4000;
const SAFE = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: LIMB_DIGITS + 1 }, (_, i) => 10 ** i);
const LIMB_BIG = BigInt(LIMB);
/** A sum's doubles: its limbs, then ADDS and SCALE (see ExactSums.slots). */
const STRIDE = LIMBS + 2;
const ADDS = LIMBS;
const SCALE = LIMBS + 1;
/** Sums per chunk (see ExactSums.chunks). */
const CHUNK_BITS = 15;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

/**
 * Many running exact sums (a report's buckets: quantity, cost and sales of each), added to without allocating.
 * Each sum is a fixed-point integer in base-10^12 limbs, stored as doubles in one typed array: every limb stays an
 * exact integer below 2^53, and carries are settled every few thousand additions. A sum that meets an amount with
 * more than 28 decimals or beyond 10^20 continues as a Decimal. Summing through Decimal.plus instead allocates two
 * objects per addition that outlive the young generation (each bucket is added to now and then over the whole
 * file), which is what made garbage collection the largest cost of grouping a million lines.
 */
export class ExactSums {
  /**
   * Per sum, STRIDE doubles side by side: its limbs, its additions since the last carry (−1 once it continues as a
   * Decimal in `fallback`) and the largest scale added to it (its value comes back at that scale, as a chain of
   * Decimal.plus gives it). A sum's fields share a cache line or two: a large file's lines add to sums all over.
   * In chunks of CHUNK sums: the first grows to that as more sums are made, the others are made whole. A flat array
   * copied into one half again as large at each growth cost a large file's part a twentieth of its grouping.
   */
  private readonly chunks = [new Float64Array(1024 * STRIDE)];
  /** Sums the chunks hold. */
  private capacity = 1024;
  private readonly fallback = new Map<number, Decimal>();
  private count = 0;
  /** add()'s amount, cut. */
  private readonly scratch = new Cut();

  /** `count` new sums, zero, numbered one after another; returns the first one's number. */
  create(count = 1): number {
    while (this.count + count > this.capacity) this.grow();
    const first = this.count;
    this.count += count;
    return first;
  }

  private grow(): void {
    if (this.capacity >= CHUNK) {
      this.chunks.push(new Float64Array(CHUNK * STRIDE));
      this.capacity += CHUNK;
      return;
    }
    // Half again as many: the slack of doubling would be a sixth of a big report's memory.
    this.capacity = Math.min(CHUNK, Math.ceil(this.capacity * 1.5));
    const grown = new Float64Array(this.capacity * STRIDE);
    grown.set(this.chunks[0]);
    this.chunks[0] = grown;
  }

  add(sum: number, value: Decimal): void {
    this.addCut(sum, cut(value, this.scratch));
  }

  /** Adds an amount cut() once: a line's cost goes into its bucket, its invoice and its tallies. */
  addCut(sum: number, amount: Cut): void {
    const slots = this.chunks[sum >>> CHUNK_BITS];
    const at = (sum & IN_CHUNK) * STRIDE;
    const scale = amount.value.scale;
    if (scale > slots[at + SCALE]) slots[at + SCALE] = Math.min(scale, 255);
    const adds = slots[at + ADDS];
    if (adds < 0) {
      this.fallback.set(sum, this.fallback.get(sum)!.plus(amount.value));
      return;
    }
    if (amount.limb < 0) return this.spill(sum, amount.value);
    const base = at + amount.limb;
    slots[base] += amount.at0;
    if (amount.at1 !== 0) slots[base + 1] += amount.at1;
    if (amount.at2 !== 0) slots[base + 2] += amount.at2;
    if (amount.at3 !== 0) slots[base + 3] += amount.at3;
    slots[at + ADDS] = adds + 1;
    if (adds + 1 >= ADDS_BETWEEN_CARRIES) this.carry(sum);
  }

  /** Settles carries so every limb but the top is below 10^12 in magnitude again. */
  private carry(sum: number): void {
    const slots = this.chunks[sum >>> CHUNK_BITS];
    const at = (sum & IN_CHUNK) * STRIDE;
    for (let i = 0; i < LIMBS - 1; i++) {
      const value = slots[at + i];
      const carried = Math.trunc(value / LIMB);
      slots[at + i] = value - carried * LIMB;
      slots[at + i + 1] += carried;
    }
    slots[at + ADDS] = 0;
    if (Math.abs(slots[at + LIMBS - 1]) > SAFE / 4) this.spill(sum, Decimal.ZERO);
  }

  /** Continues a sum as a Decimal (an amount the limbs cannot hold), carrying over what it held so far. */
  private spill(sum: number, value: Decimal): void {
    const slots = this.chunks[sum >>> CHUNK_BITS];
    const at = (sum & IN_CHUNK) * STRIDE;
    const held = limbValue(slots, at);
    slots.fill(0, at, at + LIMBS);
    this.fallback.set(sum, held.plus(value));
    slots[at + ADDS] = -1;
  }

  /** The sums as plain data (a worker's message), their carries settled: numbers of doubles, not a bigint per sum. */
  data(): SumsData {
    const slots = new Float64Array(this.count * STRIDE);
    this.chunks.forEach((chunk, i) => {
      const first = i * CHUNK;
      const count = Math.min(CHUNK, this.count - first);
      for (let sum = 0; sum < count; sum++) if (chunk[sum * STRIDE + ADDS] > 0) this.carry(first + sum);
      if (count > 0) slots.set(chunk.subarray(0, count * STRIDE), first * STRIDE);
    });
    return { slots, fallback: this.fallback };
  }

  /**
   * Adds sum `from` of another ExactSums' data() to sum `into` (two parts of a file's bucket), as adding their values
   * would: limb by limb while both fit the limbs, else as a Decimal.
   */
  addSum(into: number, other: SumsData, from: number): void {
    this.addCarried(into, other.slots, from * STRIDE, other.fallback, from);
  }

  /** addSum() of another ExactSums' sum as it is (carried first). */
  addSumOf(into: number, other: ExactSums, from: number): void {
    const theirSlots = other.chunks[from >>> CHUNK_BITS];
    const theirs = (from & IN_CHUNK) * STRIDE;
    if (theirSlots[theirs + ADDS] > 0) other.carry(from);
    this.addCarried(into, theirSlots, theirs, other.fallback, from);
  }

  /** Adds sum `from`, carried, at `theirs` in `theirSlots` (its Decimal in `theirFallback`) to sum `into`. */
  private addCarried(into: number, theirSlots: Float64Array, theirs: number, theirFallback: ReadonlyMap<number, Decimal>, from: number): void {
    const slots = this.chunks[into >>> CHUNK_BITS];
    const at = (into & IN_CHUNK) * STRIDE;
    if (slots[at + ADDS] > 0) this.carry(into);
    if (slots[at + ADDS] < 0 || theirSlots[theirs + ADDS] < 0) {
      this.addCut(into, cut(valueIn(theirSlots, theirs, theirFallback, from), this.scratch));
      return;
    }
    // Both carried: each limb under 10^12 but the top one, under 2^53 / 4; their sum carried again at once.
    for (let i = 0; i < LIMBS; i++) slots[at + i] += theirSlots[theirs + i];
    if (theirSlots[theirs + SCALE] > slots[at + SCALE]) slots[at + SCALE] = theirSlots[theirs + SCALE];
    this.carry(into);
  }

  /** The units of value(sum) where unitsIn gives them (else NaN), and its scale. */
  units(sum: number): number {
    return unitsIn(this.chunks[sum >>> CHUNK_BITS], (sum & IN_CHUNK) * STRIDE);
  }

  scaleOf(sum: number): number {
    return this.chunks[sum >>> CHUNK_BITS][(sum & IN_CHUNK) * STRIDE + SCALE];
  }

  /** The exact sum, at the largest scale added to it (as Decimal.ZERO.plus(a).plus(b)... would give it). */
  value(sum: number): Decimal {
    return valueIn(this.chunks[sum >>> CHUNK_BITS], (sum & IN_CHUNK) * STRIDE, this.fallback, sum);
  }
}

/** ExactSums as plain data (see ExactSums.data). */
export interface SumsData {
  slots: Float64Array;
  fallback: Map<number, Decimal>;
}

/** The value of the limbs at `at` in `slots`. */
function limbValue(slots: Float64Array, at: number): Decimal {
  let units = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) units = units * LIMB_BIG + BigInt(slots[at + i]);
  return new Decimal(units, FIXED_SCALE);
}

/** ExactSums.value of the sums of an ExactSums' data(). */
export function sumValue(sums: SumsData, sum: number): Decimal {
  return valueIn(sums.slots, sum * STRIDE, sums.fallback, sum);
}

/**
 * The whole numbers a quantity most often sums to (a few licences; a cost of 0), made once: a large report's detail
 * lines hold hundreds of thousands of quantities to its end, each a Decimal and a bigint the garbage collector copied
 * twice on their way to the old generation. Decimals are never changed, so they can be shared.
 */
const WHOLE_CACHED = 1024;
const WHOLE = Array.from({ length: WHOLE_CACHED }, (_, n) => new Decimal(BigInt(n), 0));

/** ExactSums.units and scaleOf of the sums of an ExactSums' data(). */
export function sumUnits(sums: SumsData, sum: number): number {
  return unitsIn(sums.slots, sum * STRIDE);
}

export function sumScale(sums: SumsData, sum: number): number {
  return sums.slots[sum * STRIDE + SCALE];
}

/**
 * The units of the sum at `at` in `limbs` at its scale, on doubles, for amounts of up to 4 decimals (as valueIn's
 * first path reads them) that are a safe integer; NaN for any other: its Decimal tells.
 */
function unitsIn(limbs: Float64Array, at: number): number {
  const scale = limbs[at + SCALE];
  if (scale > 4 || limbs[at + ADDS] < 0 || limbs[at] !== 0 || limbs[at + 1] !== 0) return NaN;
  const low = limbs[at + 2];
  const divisor = POW10[4 - scale];
  if (low % divisor !== 0) return NaN;
  const high = limbs[at + 3] * POW10[8 + scale];
  const units = high + low / divisor;
  return Number.isSafeInteger(high) && Number.isSafeInteger(units) ? units : NaN;
}

/** The value of sum `sum`, at `at` in `limbs` (its Decimal in `fallback`). */
function valueIn(limbs: Float64Array, at: number, fallback: ReadonlyMap<number, Decimal>, sum: number): Decimal {
  const scale = limbs[at + SCALE];
  // Amounts of up to 4 decimals (a quantity, most costs) touch only the top two limbs: the sum read on doubles and
  // one bigint, not four bigint steps and a division (a large report settles a million and a half sums).
  if (scale <= 4 && limbs[at + ADDS] >= 0 && limbs[at] === 0 && limbs[at + 1] === 0) {
    const low = limbs[at + 2];
    const divisor = POW10[4 - scale];
    if (low % divisor === 0) {
      const high = limbs[at + 3];
      if (scale === 0 && high === 0 && low >= 0 && low < WHOLE_CACHED * 1e4) return WHOLE[low / divisor];
      const units = BigInt(low / divisor);
      return new Decimal(high === 0 ? units : BigInt(high) * 10n ** BigInt(8 + scale) + units, scale);
    }
  }
  const exact = fallback.get(sum);
  const total = exact ?? limbValue(limbs, at);
  if (total.scale <= scale) return total;
  const divisor = 10n ** BigInt(total.scale - scale);
  return new Decimal(total.units / divisor, scale);
}

/**
 * An amount as what it adds to the limbs of any sum: at0..at3 to the sum's limbs from `limb` on (each under 2 × 10^12),
 * or limb −1 where the limbs cannot hold it (more than 28 decimals, beyond 10^20): such a sum continues as a Decimal.
 */
export class Cut {
  value = Decimal.ZERO;
  limb = -1;
  at0 = 0;
  at1 = 0;
  at2 = 0;
  at3 = 0;
}

/** Cuts `value` into `into` (reused: an amount is cut once, then added to several sums) and returns it. */
export function cut(value: Decimal, into: Cut): Cut {
  into.value = value;
  into.limb = -1;
  const scale = value.scale;
  if (scale > FIXED_SCALE || scale < 0) return into;
  const shift = FIXED_SCALE - scale;
  const limb = Math.floor(shift / LIMB_DIGITS);
  const r = shift % LIMB_DIGITS;
  const units = value.units;
  // A bigint beyond 2^53 converts to a double that is not a safe integer: one conversion tells both.
  const n = Number(units);
  let a: number;
  let b = 0;
  let c = 0;
  let sign = n < 0 ? -1 : 1;
  if (Number.isSafeInteger(n)) a = n < 0 ? -n : n;
  else {
    // Above 2^53 (a cost with 20+ decimals): two limbs' worth from the bigint.
    const negative = units < 0n;
    const magnitude = negative ? -units : units;
    const high = magnitude / LIMB_BIG;
    if (high >= LIMB_BIG * LIMB_BIG) return into;
    const highHigh = high / LIMB_BIG;
    a = Number(magnitude - high * LIMB_BIG);
    b = Number(high - highHigh * LIMB_BIG);
    c = Number(highHigh);
    sign = negative ? -1 : 1;
  }
  // sign × (a + b × 10^12 + c × 10^24) × 10^r from limb `limb` on; a may be any safe integer when b and c are zero.
  if (a >= LIMB) {
    const high = Math.floor(a / LIMB);
    a -= high * LIMB;
    b += high;
    if (a < 0) {
      a += LIMB;
      b--;
    }
  }
  // Each group of 12 digits times 10^r: what stays in its limb, and what moves up to the next one.
  const keep = POW10[LIMB_DIGITS - r];
  const shifted = POW10[r];
  const upA = Math.floor(a / keep);
  const upB = Math.floor(b / keep);
  const upC = Math.floor(c / keep);
  const atB = (b - upB * keep) * shifted + upA;
  const atC = (c - upC * keep) * shifted + upB;
  // Nothing may reach past a sum's top limb.
  if ((atB !== 0 && limb + 1 >= LIMBS) || (atC !== 0 && limb + 2 >= LIMBS) || (upC !== 0 && limb + 3 >= LIMBS)) return into;
  into.limb = limb;
  into.at0 = sign * (a - upA * keep) * shifted;
  into.at1 = sign * atB;
  into.at2 = sign * atC;
  into.at3 = sign * upC;
  return into;
}
