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

/**
 * Many running exact sums (a report's buckets: quantity, cost and sales of each), added to without allocating.
 * Each sum is a fixed-point integer in base-10^12 limbs, stored as doubles in one typed array: every limb stays an
 * exact integer below 2^53, and carries are settled every few thousand additions. A sum that meets an amount with
 * more than 28 decimals or beyond 10^20 continues as a Decimal. Summing through Decimal.plus instead allocates two
 * objects per addition that outlive the young generation (each bucket is added to now and then over the whole
 * file), which is what made garbage collection the largest cost of grouping a million lines.
 */
export class ExactSums {
  private limbs = new Float64Array(1024 * LIMBS);
  private adds = new Uint16Array(1024);
  /** The largest scale added to each sum: its value comes back at that scale, as a chain of Decimal.plus gives it. */
  private scales = new Uint8Array(1024);
  /** 1 for a sum that continues as a Decimal in `fallback`. */
  private spilled = new Uint8Array(1024);
  private readonly fallback = new Map<number, Decimal>();
  private count = 0;

  /** `count` new sums, zero, numbered one after another; returns the first one's number. */
  create(count = 1): number {
    while (this.count + count > this.adds.length) {
      const grow = <T extends Float64Array | Uint16Array | Uint8Array>(array: T, per: number): T => {
        // Half again as many: the slack of doubling would be a sixth of a big report's memory.
        const grown = new (array.constructor as new (length: number) => T)(Math.ceil(this.adds.length * 1.5) * per);
        grown.set(array);
        return grown;
      };
      this.limbs = grow(this.limbs, LIMBS);
      this.scales = grow(this.scales, 1);
      this.spilled = grow(this.spilled, 1);
      this.adds = grow(this.adds, 1);
    }
    const first = this.count;
    this.count += count;
    return first;
  }

  add(sum: number, value: Decimal): void {
    const scale = value.scale;
    if (scale > this.scales[sum]) this.scales[sum] = Math.min(scale, 255);
    if (this.spilled[sum] === 1) {
      this.fallback.set(sum, this.fallback.get(sum)!.plus(value));
      return;
    }
    const units = value.units;
    if (scale > FIXED_SCALE || scale < 0) return this.spill(sum, value);
    const shift = FIXED_SCALE - scale;
    const base = sum * LIMBS + Math.floor(shift / LIMB_DIGITS);
    const r = shift % LIMB_DIGITS;
    // A bigint beyond 2^53 converts to a double that is not a safe integer: one conversion tells both.
    const n = Number(units);
    if (Number.isSafeInteger(n)) {
      if (!this.place(base, r, sum, n < 0 ? -n : n, 0, n < 0 ? -1 : 1)) return this.spill(sum, value);
    } else {
      // Above 2^53 (a cost with 20+ decimals): two limbs' worth from the bigint, then the same placement.
      const negative = units < 0n;
      const magnitude = negative ? -units : units;
      const high = magnitude / LIMB_BIG;
      if (high >= LIMB_BIG * LIMB_BIG) return this.spill(sum, value);
      const highHigh = high / LIMB_BIG;
      const low = Number(magnitude - high * LIMB_BIG);
      if (!this.place(base, r, sum, low, Number(high - highHigh * LIMB_BIG), negative ? -1 : 1, Number(highHigh))) return this.spill(sum, value);
    }
    if (++this.adds[sum] >= ADDS_BETWEEN_CARRIES) this.carry(sum);
  }

  /**
   * Adds sign × (a + b × 10^12 + c × 10^24) × 10^r at limb `base` (b and c below 10^12; a any safe integer when b
   * and c are zero). False when it reaches past the sum's top limb.
   */
  private place(base: number, r: number, sum: number, a: number, b: number, sign: number, c = 0): boolean {
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
    const shift = POW10[r];
    const top = sum * LIMBS + LIMBS;
    const limbs = this.limbs;
    const upA = Math.floor(a / keep);
    const upB = Math.floor(b / keep);
    const upC = Math.floor(c / keep);
    const atA = (a - upA * keep) * shift;
    const atB = (b - upB * keep) * shift + upA;
    const atC = (c - upC * keep) * shift + upB;
    if ((atB !== 0 && base + 1 >= top) || (atC !== 0 && base + 2 >= top) || (upC !== 0 && base + 3 >= top)) return false;
    limbs[base] += sign * atA;
    if (atB !== 0) limbs[base + 1] += sign * atB;
    if (atC !== 0) limbs[base + 2] += sign * atC;
    if (upC !== 0) limbs[base + 3] += sign * upC;
    return true;
  }

  /** Settles carries so every limb but the top is below 10^12 in magnitude again. */
  private carry(sum: number): void {
    const at = sum * LIMBS;
    for (let i = 0; i < LIMBS - 1; i++) {
      const value = this.limbs[at + i];
      const carried = Math.trunc(value / LIMB);
      this.limbs[at + i] = value - carried * LIMB;
      this.limbs[at + i + 1] += carried;
    }
    this.adds[sum] = 0;
    if (Math.abs(this.limbs[at + LIMBS - 1]) > SAFE / 4) this.spill(sum, Decimal.ZERO);
  }

  /** Continues a sum as a Decimal (an amount the limbs cannot hold), carrying over what it held so far. */
  private spill(sum: number, value: Decimal): void {
    const held = this.limbValue(sum);
    this.limbs.fill(0, sum * LIMBS, sum * LIMBS + LIMBS);
    this.fallback.set(sum, held.plus(value));
    this.spilled[sum] = 1;
  }

  private limbValue(sum: number): Decimal {
    let units = 0n;
    for (let i = LIMBS - 1; i >= 0; i--) units = units * LIMB_BIG + BigInt(this.limbs[sum * LIMBS + i]);
    return new Decimal(units, FIXED_SCALE);
  }

  /** The exact sum, at the largest scale added to it (as Decimal.ZERO.plus(a).plus(b)... would give it). */
  value(sum: number): Decimal {
    const scale = this.scales[sum];
    const at = sum * LIMBS;
    const limbs = this.limbs;
    // Amounts of up to 4 decimals (a quantity, most costs) touch only the top two limbs: the sum read on doubles and
    // one bigint, not four bigint steps and a division (a large report settles a million and a half sums).
    if (scale <= 4 && this.spilled[sum] === 0 && limbs[at] === 0 && limbs[at + 1] === 0) {
      const low = limbs[at + 2];
      const divisor = POW10[4 - scale];
      if (low % divisor === 0) {
        const high = limbs[at + 3];
        const units = BigInt(low / divisor);
        return new Decimal(high === 0 ? units : BigInt(high) * 10n ** BigInt(8 + scale) + units, scale);
      }
    }
    const exact = this.fallback.get(sum);
    const total = exact ?? this.limbValue(sum);
    if (total.scale <= scale) return total;
    const divisor = 10n ** BigInt(total.scale - scale);
    return new Decimal(total.units / divisor, scale);
  }
}
