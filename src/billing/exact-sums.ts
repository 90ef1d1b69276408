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
   */
  private slots = new Float64Array(1024 * STRIDE);
  private capacity = 1024;
  private readonly fallback = new Map<number, Decimal>();
  private count = 0;
  /** add()'s amount, cut. */
  private readonly scratch = new Cut();

  /** `count` new sums, zero, numbered one after another; returns the first one's number. */
  create(count = 1): number {
    if (this.count + count > this.capacity) {
      // Half again as many: the slack of doubling would be a sixth of a big report's memory.
      while (this.count + count > this.capacity) this.capacity = Math.ceil(this.capacity * 1.5);
      const grown = new Float64Array(this.capacity * STRIDE);
      grown.set(this.slots);
      this.slots = grown;
    }
    const first = this.count;
    this.count += count;
    return first;
  }

  add(sum: number, value: Decimal): void {
    this.addCut(sum, cut(value, this.scratch));
  }

  /** Adds an amount cut() once: a line's cost goes into its bucket, its invoice and its tallies. */
  addCut(sum: number, amount: Cut): void {
    const slots = this.slots;
    const at = sum * STRIDE;
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
    const at = sum * STRIDE;
    const slots = this.slots;
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
    const held = limbValue(this.slots, sum);
    this.slots.fill(0, sum * STRIDE, sum * STRIDE + LIMBS);
    this.fallback.set(sum, held.plus(value));
    this.slots[sum * STRIDE + ADDS] = -1;
  }

  /** The sums as plain data (a worker's message), their carries settled: numbers of doubles, not a bigint per sum. */
  data(): SumsData {
    for (let sum = 0; sum < this.count; sum++) if (this.slots[sum * STRIDE + ADDS] > 0) this.carry(sum);
    return { slots: this.slots.slice(0, this.count * STRIDE), fallback: this.fallback };
  }

  /**
   * Adds sum `from` of another ExactSums' data() to sum `into` (two parts of a file's bucket), as adding their values
   * would: limb by limb while both fit the limbs, else as a Decimal.
   */
  addSum(into: number, other: SumsData, from: number): void {
    this.addCarried(into, other.slots, other.fallback, from);
  }

  /** addSum() of another ExactSums' sum as it is (carried first). */
  addSumOf(into: number, other: ExactSums, from: number): void {
    if (other.slots[from * STRIDE + ADDS] > 0) other.carry(from);
    this.addCarried(into, other.slots, other.fallback, from);
  }

  private addCarried(into: number, theirSlots: Float64Array, theirFallback: ReadonlyMap<number, Decimal>, from: number): void {
    const slots = this.slots;
    const at = into * STRIDE;
    const theirs = from * STRIDE;
    if (slots[at + ADDS] > 0) this.carry(into);
    if (slots[at + ADDS] < 0 || theirSlots[theirs + ADDS] < 0) {
      this.addCut(into, cut(valueIn(theirSlots, theirFallback, from), this.scratch));
      return;
    }
    // Both carried: each limb under 10^12 but the top one, under 2^53 / 4; their sum carried again at once.
    for (let i = 0; i < LIMBS; i++) slots[at + i] += theirSlots[theirs + i];
    if (theirSlots[theirs + SCALE] > slots[at + SCALE]) slots[at + SCALE] = theirSlots[theirs + SCALE];
    this.carry(into);
  }

  /** The exact sum, at the largest scale added to it (as Decimal.ZERO.plus(a).plus(b)... would give it). */
  value(sum: number): Decimal {
    return valueIn(this.slots, this.fallback, sum);
  }
}

/** ExactSums as plain data (see ExactSums.data). */
export interface SumsData {
  slots: Float64Array;
  fallback: Map<number, Decimal>;
}

function limbValue(slots: Float64Array, sum: number): Decimal {
  let units = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) units = units * LIMB_BIG + BigInt(slots[sum * STRIDE + i]);
  return new Decimal(units, FIXED_SCALE);
}

/** ExactSums.value of the sums of an ExactSums' data(). */
export function sumValue(sums: SumsData, sum: number): Decimal {
  return valueIn(sums.slots, sums.fallback, sum);
}

function valueIn(limbs: Float64Array, fallback: ReadonlyMap<number, Decimal>, sum: number): Decimal {
  const at = sum * STRIDE;
  const scale = limbs[at + SCALE];
  // Amounts of up to 4 decimals (a quantity, most costs) touch only the top two limbs: the sum read on doubles and
  // one bigint, not four bigint steps and a division (a large report settles a million and a half sums).
  if (scale <= 4 && limbs[at + ADDS] >= 0 && limbs[at] === 0 && limbs[at + 1] === 0) {
    const low = limbs[at + 2];
    const divisor = POW10[4 - scale];
    if (low % divisor === 0) {
      const high = limbs[at + 3];
      const units = BigInt(low / divisor);
      return new Decimal(high === 0 ? units : BigInt(high) * 10n ** BigInt(8 + scale) + units, scale);
    }
  }
  const exact = fallback.get(sum);
  const total = exact ?? limbValue(limbs, sum);
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
