import { DateSyntaxError, parseBillingDate } from '../billing/dates';
import { parseDecimalText, type Decimal } from '../billing/decimal';
import { detached } from '../billing/detached';
import { normalizeHeader } from '../billing/formats';
import type { BillingLine } from '../billing/line';

/**
 * Columns that only describe what ids already identify (names, descriptions, domains, publisher, price notes), or
 * restate what its quantity and cost say. A line re-exported after a customer or subscription was renamed is still the
 * same charge, and leaving these out halves the characters hashed per line.
 */
const DESCRIPTIVE_COLUMNS = new Set(
  [
    'PartnerId',
    'PartnerName',
    'PartnerBillableAccountId',
    'CustomerName',
    'CustomerCompanyName',
    'CustomerDomainName',
    'DomainName',
    'CustomerCountry',
    'MpnId',
    'Tier2MpnId',
    'ResellerMpnId',
    'PublisherName',
    'PublisherId',
    'ProductName',
    'SkuName',
    'OfferName',
    'SubscriptionName',
    'SubscriptionDescription',
    'EntitlementDescription',
    'PriceAdjustmentDescription',
    'ProductQualifiers',
    'ProductCategory',
    'UnitType',
    'MeterCategory',
    'MeterSubCategory',
    'MeterName',
    'ServiceName',
    'ServiceType',
    // Amounts that restate what a line's quantity and cost (Subtotal, PretaxCharges, BillingPreTaxTotal) already say:
    // its unit prices and exchange rate. Fewer numbers to hash, each written its own way by Excel. (Tax stays: a
    // legacy licence re-billed with its tax corrected differs from the first bill in nothing else.)
    'UnitPrice',
    'EffectiveUnitPrice',
    'ListPrice',
    'PretaxEffectiveRate',
    'PostTaxEffectiveRate',
    'PCToBCExchangeRate',
    'PricingPreTaxTotal',
  ].map(normalizeHeader),
);

/**
 * Azure resource columns, compared without case: Azure's resource ids are case-insensitive, and Microsoft writes
 * the same resource both ways (`/resourceGroups/` and `/resourcegroups/`, `Microsoft.Compute`, `EastUS`).
 */
const CASELESS_COLUMNS = new Set(['ResourceURI', 'ResourceGroup', 'ResourceLocation', 'ConsumedService'].map(normalizeHeader));

/**
 * A 64-bit fingerprint of a row's content, to tell the same line in two files apart from two different lines.
 * Each non-empty cell of the identifying columns (ids, dates, quantities, prices, amounts, ...) is hashed with a seed
 * taken from its column's name and the cell hashes are added up, so the same line matches whatever the column order,
 * container or delimiter, and whether or not a file carries an extra empty column. Leading apostrophes (Excel's text
 * guard) are ignored.
 *
 * The same sum without the amount columns is the line's identity (identityLow, identityHigh): a copy whose amounts
 * Excel wrote with fewer digits (General format: 163.0105982 for 163.01059824) has another fingerprint but the same
 * identity, and its amounts are then compared by value (amountsAgree).
 */
export class RowFingerprinter {
  /** Per column its seed, 0 for a column left out. */
  private readonly seeds: Uint32Array;
  /** Per column 1 for a date ("...Date"): hashed as the day it names, so 11/5/2026 and 2026-11-05T00:00:00Z match. */
  private readonly dates: Uint8Array;
  /** Per column 1 for an amount, quantity, rate or SKU: hashed as the number it writes (numberText). */
  private readonly numbers: Uint8Array;
  /** Per column 1 for an amount (not a SKU or a percentage): left out of the identity. */
  private readonly amounts: Uint8Array;
  /** Per column 1 for an Azure resource column: hashed in lower case. */
  private readonly caseless: Uint8Array;
  /**
   * A date cell's lanes in every date column, found by the cell (they come back line after line): the cell is parsed
   * and its day hashed with each date column's seed once. Per cell its entry's first lane in dayLanes.
   */
  private readonly days = new Map<string, number>();
  private dayLanes: Int32Array;
  /** Per column its place among the date columns (2 lanes each in an entry), -1 for other columns. */
  private readonly dateSlots: Int32Array;
  private readonly dateSeeds: Uint32Array;
  /** The identity of the line last given to of(): two 32-bit lanes. */
  identityLow = 0;
  identityHigh = 0;

  /** `decimalComma`: the file writes 1702,22 (a European Excel's semicolon or tab file), the same number as 1702.22. */
  constructor(
    header: readonly string[],
    private readonly decimalComma = false,
  ) {
    this.seeds = new Uint32Array(header.map((name) => (DESCRIPTIVE_COLUMNS.has(normalizeHeader(name)) ? 0 : hash32(normalizeHeader(name), 0x811c9dc5) || 1)));
    this.dates = new Uint8Array(header.map((name) => (normalizeHeader(name).endsWith('date') ? 1 : 0)));
    this.numbers = new Uint8Array(header.map((name) => (NUMBER_COLUMN.test(normalizeHeader(name)) ? 1 : 0)));
    this.amounts = new Uint8Array(header.map((name) => (NUMBER_COLUMN.test(normalizeHeader(name)) && !NOT_AN_AMOUNT.test(normalizeHeader(name)) ? 1 : 0)));
    this.caseless = new Uint8Array(header.map((name) => (CASELESS_COLUMNS.has(normalizeHeader(name)) ? 1 : 0)));
    const dateColumns = header.map((_, column) => column).filter((column) => this.dates[column] === 1 && this.seeds[column] !== 0);
    this.dateSlots = new Int32Array(header.length).fill(-1);
    dateColumns.forEach((column, slot) => (this.dateSlots[column] = slot));
    this.dateSeeds = new Uint32Array(dateColumns.map((column) => this.seeds[column]));
    this.dayLanes = new Int32Array(64 * 2 * dateColumns.length);
  }

  /** Where a date cell's lanes are in dayLanes: the cell as the instant it names (a CSV writes M/D/YYYY, a JSON export ISO 8601), else as it is. */
  private dayOf(cell: string): number {
    let at = this.days.get(cell);
    if (at === undefined) {
      let day: string;
      try {
        day = String(parseBillingDate(cell));
      } catch (error) {
        if (!(error instanceof DateSyntaxError)) throw error;
        day = cell;
      }
      if (this.days.size >= 10_000) this.days.clear();
      const seeds = this.dateSeeds;
      at = this.days.size * 2 * seeds.length;
      if (at === this.dayLanes.length) {
        const grown = new Int32Array(2 * at);
        grown.set(this.dayLanes);
        this.dayLanes = grown;
      }
      for (let slot = 0; slot < seeds.length; slot++) cellLanes(day, seeds[slot], this.dayLanes, at + 2 * slot);
      this.days.set(detached(cell), at);
    }
    return at;
  }

  /** Grows with a JSON-lines header that gains attributes. */
  withHeader(header: readonly string[]): RowFingerprinter {
    return header.length === this.seeds.length ? this : new RowFingerprinter(header, this.decimalComma);
  }

  /** Two 32-bit lanes, as a 4-character key for a Map (cheaper than a bigint). Sets the line's identity besides. */
  of(cells: readonly string[]): string {
    let low = 0;
    let high = 0;
    let identityLow = 0;
    let identityHigh = 0;
    const seeds = this.seeds;
    const count = Math.min(cells.length, seeds.length);
    for (let column = 0; column < count; column++) {
      let cell = cells[column];
      if (cell.length === 0 || seeds[column] === 0) continue;
      let lanes: Int32Array = LANES;
      let at = 0;
      if (this.dates[column] === 1) {
        at = this.dayOf(cell) + 2 * this.dateSlots[column];
        // Read after dayOf, which may have grown it.
        lanes = this.dayLanes;
      } else {
        if (this.numbers[column] === 1) cell = numberText(this.decimalComma ? withDecimalPoint(cell) : cell);
        else if (this.caseless[column] === 1) cell = cell.toLowerCase();
        cellLanes(cell, seeds[column], LANES, 0);
      }
      const a = lanes[at];
      const b = lanes[at + 1];
      low = (low + a) | 0;
      high = (high + b) | 0;
      if (this.amounts[column] === 0) {
        identityLow = (identityLow + a) | 0;
        identityHigh = (identityHigh + b) | 0;
      }
    }
    this.identityLow = identityLow;
    this.identityHigh = identityHigh;
    return String.fromCharCode(low & 0xffff, low >>> 16, high & 0xffff, high >>> 16);
  }
}

/** The lanes of cellLanes, where they are not kept. */
const LANES = new Int32Array(2);

/** A cell's two 32-bit lanes, seeded with its column's, into lanes[at] and lanes[at + 1]. Leading apostrophes are skipped. */
function cellLanes(cell: string, seed: number, lanes: Int32Array, at: number): void {
  const length = cell.length;
  let a = seed;
  let b = a ^ 0x9e3779b9;
  // Two UTF-16 units per step: half the multiplications of a unit-at-a-time hash.
  let i = cell.charCodeAt(0) === 39 ? 1 : 0;
  for (; i + 1 < length; i += 2) {
    const c = cell.charCodeAt(i) | (cell.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  if (i < length) {
    const c = cell.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  // Finalise each cell so sums of different cells do not cancel out.
  a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d);
  b = Math.imul(b ^ (b >>> 13), 0x297a2d39);
  lanes[at] = a ^ (a >>> 12);
  lanes[at + 1] = b ^ (b >>> 16);
}

/** Number columns that are no amount: a SKU (an id) and percentages (15), which Excel writes as they are. */
const NOT_AN_AMOUNT = /(skuid|percentage)$/;

/** A line's identity lanes as a 4-character key for a Map. */
export function identityKey(low: number, high: number): string {
  return String.fromCharCode(low & 0xffff, low >>> 16, high & 0xffff, high >>> 16);
}

/** The amounts a line's identity leaves out and its copy is compared by: quantity, cost, tax, total. */
const AMOUNTS = 4;

/**
 * Two amounts are the same where they agree to the digits the shorter writes: Excel's General format keeps 10 or
 * 11 characters (5 to 10 significant digits), so a copy it saved has 163.0105982 for 163.01059824 and 7.10833E-05
 * for 0.0000710833333. Never looser than 5 significant digits, so a short amount (24, 1.2) is no cut of another
 * (24.5, 1.25); the digits Excel keeps are not assumed beyond that.
 */
const SIGNIFICANT = 5e-5;

/** A Decimal as a number and its written decimals; null as NaN. */
function putAmount(values: Float64Array, scales: Uint8Array, at: number, amount: Decimal | null): void {
  if (amount === null) {
    values[at] = NaN;
    scales[at] = 0;
    return;
  }
  const scale = amount.scale;
  values[at] = Number(amount.units) / (scale < POWERS_OF_TEN.length ? POWERS_OF_TEN[scale] : 10 ** scale);
  scales[at] = Math.min(scale, 255);
}

/** 10^0 to 10^22, exact as doubles: a division by one is correctly rounded. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

function amountsMatch(a: number, aScale: number, b: number, bScale: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  const size = Math.max(Math.abs(a), Math.abs(b));
  // Half a unit of the shorter's last digit, at most 5 significant digits' worth; a float's own error besides.
  const shorter = 0.5 * 10 ** -Math.min(aScale, bScale);
  return Math.abs(a - b) <= Math.min(shorter, size * SIGNIFICANT) + size * 1e-15;
}

/**
 * The columns Excel may write another way when it saves a file again, by name in every format: prices, quantities,
 * totals, amounts, discounts, rates, charges, taxes, percentages, and the SKU (0002 becomes 2). Ids and text are
 * hashed as they are: only these pass through numberText, a tenth of the cost of every cell.
 */
const NUMBER_COLUMN = /(price|quantity|total|amount|discount|rate|charges|tax|percentage|skuid|totalforcustomer)$/;

const DECIMAL_COMMA_NUMBER = /^'?[+-]?(\d+,\d*|,\d+)([eE][+-]\d{1,3})?$/;

/** 1702,22 as 1702.22; any other text (a name with a comma) as it is. */
function withDecimalPoint(cell: string): string {
  return cell.indexOf(',') < 0 || !DECIMAL_COMMA_NUMBER.test(cell) ? cell : cell.replace(',', '.');
}

const CH_0 = 48;
const CH_9 = 57;

/**
 * A number as one text however it is written: a file Excel saved again has 220 for 220.00, -51.3 for -51.30, 2 for
 * the SKU 0002 and 0.000071 for 7.1E-05, and its lines are the same charges. Other text (ids, names) as it is.
 * Per cell of every line: one look at the characters, a slice where zeros go; only an exponent is parsed.
 */
export function numberText(cell: string): string {
  const length = cell.length;
  let start = cell.charCodeAt(0) === 39 ? 1 : 0;
  const sign = cell.charCodeAt(start);
  if (sign === 43 || sign === 45) start++;
  if (!mayBeRewritten(cell, start, sign === 43 || start === 1)) return cell;
  let dot = -1;
  for (let i = start; i < length; i++) {
    const c = cell.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) continue;
    if (c === 46 && dot < 0) dot = i;
    else if ((c === 69 || c === 101) && i > start && isExponent(cell, i + 1)) return exponentText(cell, start, i);
    else return cell;
  }
  const intEnd = dot < 0 ? length : dot;
  let intStart = start;
  while (intStart < intEnd - 1 && cell.charCodeAt(intStart) === CH_0) intStart++;
  let end = length;
  if (dot >= 0) {
    while (end > dot + 1 && cell.charCodeAt(end - 1) === CH_0) end--;
    if (end === dot + 1) end = dot;
  }
  if (intStart === intEnd && end <= intEnd) return cell; // no digits: "-", ".", "'"
  const digits = intStart === intEnd ? `0${cell.slice(intEnd, end)}` : cell.slice(intStart, end);
  if (digits === '0') return '0';
  const text = sign === 45 ? `-${digits}` : digits;
  if (dot >= 0 && end - intStart > EXCEL_DIGITS) return excelDigits(text);
  return text === cell ? cell : text;
}

/** Excel keeps 15 significant digits: a copy it saved has 5.13333333333333 for 5.133333333333333333333333333. */
const EXCEL_DIGITS = 15;

/** A number with a fraction, rounded to Excel's 15 significant digits (an integer, such as an id, is left whole). */
function excelDigits(text: string): string {
  const value = parseDecimalText(text);
  if (value === null) return text;
  const digits = (value.units < 0n ? -value.units : value.units).toString().length;
  return digits <= EXCEL_DIGITS ? text : value.round(Math.max(0, value.scale - (digits - EXCEL_DIGITS))).toString();
}

/**
 * What a number written another way looks like, told from its ends (every cell of every line passes here): a plus
 * sign or apostrophe, a leading zero (0002) or point, a trailing point or zero after a point, an exponent (E-05).
 */
function mayBeRewritten(cell: string, start: number, marked: boolean): boolean {
  const first = cell.charCodeAt(start);
  if (first === 46) return true;
  if (first < CH_0 || first > CH_9) return false;
  const length = cell.length;
  const last = cell.charCodeAt(length - 1);
  if (marked || last === 46 || (first === CH_0 && length > start + 1 && cell.charCodeAt(start + 1) !== 46)) return true;
  if ((last === CH_0 || length - start > EXCEL_DIGITS + 1) && cell.indexOf('.', start) > 0) return true;
  // E±d, E±dd, E±ddd at the end.
  for (let at = length - 3; at >= length - 5 && at > start; at--) {
    const c = cell.charCodeAt(at);
    if (c === 69 || c === 101) return true;
  }
  return false;
}

/**
 * 7.1E-05 as 0.000071, moving the point in the text (usage files write most small amounts so: no parse, no bigint).
 * The exponent is checked by isExponent, at `e`.
 */
function exponentText(cell: string, start: number, e: number): string {
  const negative = cell.charCodeAt(start - 1) === 45;
  const dot = cell.indexOf('.', start);
  const intEnd = dot >= 0 && dot < e ? dot : e;
  // The mantissa's digits without its point, and where the point goes after the exponent moves it.
  let digits = intEnd === e ? cell.slice(start, intEnd) : cell.slice(start, intEnd) + cell.slice(intEnd + 1, e);
  let point = intEnd - start + Number(cell.slice(e + 1));
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === CH_0) lead++;
  digits = digits.slice(lead);
  point -= lead;
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === CH_0) end--;
  if (end === 0) return '0';
  digits = digits.slice(0, end);
  const text = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  const signed = negative ? `-${text}` : text;
  return digits.length > EXCEL_DIGITS && point < digits.length ? excelDigits(signed) : signed;
}

/**
 * An exponent as Excel and Partner Center write one, signed with at most three digits ("E-05", "E+02"), from `from`
 * to the end: a hex id ("123e4567") is not one, and parsing it as one would make a number of thousands of digits.
 */
function isExponent(cell: string, from: number): boolean {
  const sign = cell.charCodeAt(from);
  const length = cell.length - from - 1;
  if ((sign !== 43 && sign !== 45) || length < 1 || length > 3) return false;
  for (let i = from + 1; i < cell.length; i++) if (cell.charCodeAt(i) < CH_0 || cell.charCodeAt(i) > CH_9) return false;
  return true;
}

function hash32(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * An order-independent hash of a whole document's lines (the sum of their fingerprints), so the same file
 * re-saved with another delimiter or compressed is recognised as the same content.
 */
export class ContentHash {
  private readonly lanes = new Uint32Array(4);
  private count = 0;

  add(fingerprint: string): void {
    const low = fingerprint.charCodeAt(0) | (fingerprint.charCodeAt(1) << 16);
    const high = fingerprint.charCodeAt(2) | (fingerprint.charCodeAt(3) << 16);
    this.lanes[0] += low;
    this.lanes[1] += high;
    this.lanes[2] += Math.imul(low, 0x9e3779b1) ^ high;
    this.lanes[3] += Math.imul(high ^ (low >>> 7), 0x85ebca77);
    this.count++;
  }

  /** The hash of both documents' lines together (the hash is a sum, so parts of a file add up to the file's). */
  merge(other: ContentHash): void {
    for (let lane = 0; lane < 4; lane++) this.lanes[lane] += other.lanes[lane];
    this.count += other.count;
  }

  toString(): string {
    return [...this.lanes].map((lane) => lane.toString(16).padStart(8, '0')).join('') + `-${this.count}`;
  }
}

/**
 * The kept lines of a file in growing typed arrays rather than a million small objects: per line its fingerprint
 * and identity (16 bytes) and its quantity, cost, tax and total (36 bytes), what the duplicate register compares
 * later files' lines with. About 50 MB for a million lines, crossing from a worker thread as a few blocks.
 */
export class FingerprintList {
  /** Per line 4 words: the fingerprint's two lanes, the identity's two lanes. */
  private words = new Uint32Array(4 * 256);
  private values = new Float64Array(AMOUNTS * 256);
  private scales = new Uint8Array(AMOUNTS * 256);
  length = 0;

  /** A line kept: its fingerprint, and (for the comparison of copies written otherwise) its identity and amounts. */
  push(fingerprint: string, identityLow = 0, identityHigh = 0, line?: BillingLine): void {
    if (this.length * 4 === this.words.length) this.grow(this.length * 2);
    const at = this.length * 4;
    this.words[at] = fingerprint.charCodeAt(0) | (fingerprint.charCodeAt(1) << 16);
    this.words[at + 1] = fingerprint.charCodeAt(2) | (fingerprint.charCodeAt(3) << 16);
    this.words[at + 2] = identityLow;
    this.words[at + 3] = identityHigh;
    if (line !== undefined) amountsOf(line, this.values, this.scales, this.length * AMOUNTS);
    this.length++;
  }

  private grow(lines: number): void {
    const words = new Uint32Array(lines * 4);
    words.set(this.words.subarray(0, this.length * 4));
    const values = new Float64Array(lines * AMOUNTS);
    values.set(this.values.subarray(0, this.length * AMOUNTS));
    const scales = new Uint8Array(lines * AMOUNTS);
    scales.set(this.scales.subarray(0, this.length * AMOUNTS));
    this.words = words;
    this.values = values;
    this.scales = scales;
  }

  append(other: FingerprintList): void {
    const length = this.length + other.length;
    if (length * 4 > this.words.length) this.grow(Math.max(length, this.length * 2));
    this.words.set(other.words.subarray(0, other.length * 4), this.length * 4);
    this.values.set(other.values.subarray(0, other.length * AMOUNTS), this.length * AMOUNTS);
    this.scales.set(other.scales.subarray(0, other.length * AMOUNTS), this.length * AMOUNTS);
    this.length = length;
  }

  at(index: number): string {
    const low = this.words[index * 4];
    const high = this.words[index * 4 + 1];
    return String.fromCharCode(low & 0xffff, low >>> 16, high & 0xffff, high >>> 16);
  }

  identityAt(index: number): string {
    return identityKey(this.words[index * 4 + 2], this.words[index * 4 + 3]);
  }

  /** Whether the line at index has the amounts of this line, each to the digits the shorter of the two writes. */
  amountsAgree(index: number, line: BillingLine): boolean {
    const mine = new Float64Array(AMOUNTS);
    const mineScales = new Uint8Array(AMOUNTS);
    amountsOf(line, mine, mineScales, 0);
    for (let i = 0; i < AMOUNTS; i++) {
      if (!amountsMatch(this.values[index * AMOUNTS + i], this.scales[index * AMOUNTS + i], mine[i], mineScales[i])) return false;
    }
    return true;
  }

  /** A list that crossed a postMessage gets its methods back. */
  static revive(plain: FingerprintList): FingerprintList {
    return Object.setPrototypeOf(plain, FingerprintList.prototype) as FingerprintList;
  }
}

function amountsOf(line: BillingLine, values: Float64Array, scales: Uint8Array, at: number): void {
  putAmount(values, scales, at, line.quantity);
  putAmount(values, scales, at + 1, line.cost);
  putAmount(values, scales, at + 2, line.tax);
  putAmount(values, scales, at + 3, line.total);
}
