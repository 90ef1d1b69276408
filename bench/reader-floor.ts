/**
 * The floor of a byte-level reader, for planning the import's rewrite (README, Benchmarks): one thread, the file's
 * bytes never decoded into strings, per line only the core of what the pipeline does:
 * - every cell's bounds (quoted cells, doubled quotes);
 * - nine id cells numbered by their bytes (customer, product, SKU, charge type, term, billing frequency, meter,
 *   invoice, currency);
 * - a two-lane hash of the identifying cells (as the duplicate fingerprint hashes them, less its normalizing);
 * - eight amounts parsed, the two charge dates compared with the last ones by their bytes;
 * - the detail bucket found by its numbers, and its quantity, cost and sales (markup 15 %) added up in cents.
 * Left out: messages, names, pricing rules, proration, the report and its JSON. Not a product path: a yardstick.
 *   node --import tsx bench/reader-floor.ts bench/data/nce-invoice-1000000-v1.csv
 */
import fs from 'node:fs';

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Byte slices numbered by content: an open-addressing table over an arena of the slices seen. */
class SliceNumbers {
  private slots = new Int32Array(1 << 12).fill(-1);
  private arena = Buffer.alloc(1 << 16);
  private used = 0;
  private readonly offsets: number[] = [0];
  private readonly hashes: number[] = [];

  get count(): number {
    return this.hashes.length;
  }

  numberOf(bytes: Buffer, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const known = this.slots[slot];
      if (known < 0) return this.add(bytes, start, end, hash, slot);
      if (this.hashes[known] === hash && this.same(known, bytes, start, end)) return known;
    }
  }

  private same(known: number, bytes: Buffer, start: number, end: number): boolean {
    const from = this.offsets[known];
    if (this.offsets[known + 1] - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private add(bytes: Buffer, start: number, end: number, hash: number, slot: number): number {
    while (this.used + end - start > this.arena.length) this.arena = Buffer.concat([this.arena, Buffer.alloc(this.arena.length)]);
    bytes.copy(this.arena, this.used, start, end);
    this.used += end - start;
    this.offsets.push(this.used);
    this.hashes.push(hash);
    const number = this.hashes.length - 1;
    this.slots[slot] = number;
    if (this.hashes.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      const grown = this.slots.length - 1;
      this.hashes.forEach((h, n) => {
        let at = h & grown;
        while (this.slots[at] >= 0) at = (at + 1) & grown;
        this.slots[at] = n;
      });
    }
    return number;
  }
}

/** A decimal (or E-notation) cell in cents when exact as a safe integer, else NaN (off this floor's path). */
function cents(bytes: Buffer, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let digits = 0;
  let scale = -1;
  let exponent = 0;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      if (scale >= 0) scale++;
    } else if (c === 46) scale = 0;
    else if (c === 69 || c === 101) {
      const sign = bytes[i + 1] === 45 ? -1 : 1;
      for (i += bytes[i + 1] === 45 || bytes[i + 1] === 43 ? 2 : 1; i < end; i++) exponent = exponent * 10 + bytes[i] - 48;
      exponent *= sign;
    } else return NaN;
  }
  const shift = 2 - Math.max(scale, 0) + exponent;
  const value = shift >= 0 ? digits * 10 ** shift : digits % 10 ** -shift === 0 ? digits / 10 ** -shift : NaN;
  return Number.isSafeInteger(digits) && Number.isSafeInteger(value) ? (negative ? -value : value) : NaN;
}

const IDS = ['CustomerId', 'ProductId', 'SkuId', 'ChargeType', 'TermAndBillingCycle', 'BillingFrequency', 'MeterDescription', 'InvoiceNumber', 'Currency'] as const;
const AMOUNTS = ['UnitPrice', 'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'EffectiveUnitPrice', 'BillableQuantity', 'PCToBCExchangeRate'] as const;
/** As src/import/fingerprint.ts leaves them out of the fingerprint. */
const DESCRIPTIVE = new Set(['PartnerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'MpnId', 'Tier2MpnId', 'PublisherName', 'PublisherId', 'ProductName', 'SkuName', 'SubscriptionDescription', 'PriceAdjustmentDescription', 'ProductQualifiers', 'ProductCategory', 'UnitType', 'UnitPrice', 'EffectiveUnitPrice', 'PCToBCExchangeRate']);

function main(): void {
  const file = process.argv[2];
  if (file === undefined || !fs.existsSync(file)) throw new Error('usage: reader-floor.ts <nce-invoice.csv>');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const handle = fs.openSync(file, 'r');
  const CHUNK = 1 << 20;
  const bytes = Buffer.allocUnsafe(CHUNK * 2);
  let filled = 0;
  let at = 0;
  let ended = false;
  const starts = new Int32Array(256);
  const ends = new Int32Array(256);

  let header: string[] | null = null;
  let idColumns: number[] = [];
  let amountColumns: number[] = [];
  let printColumns: number[] = [];
  let dateColumns: number[] = [];
  const ids = IDS.map(() => new SliceNumbers());
  const lastDates = [Buffer.alloc(0), Buffer.alloc(0)];
  const numbers = new Int32Array(IDS.length);

  const BUCKET_SLOTS = 1 << 21;
  const keys = new Int32Array(BUCKET_SLOTS * 5).fill(-1);
  let buckets = 0;
  const quantity = new Float64Array(BUCKET_SLOTS / 2);
  const cost = new Float64Array(BUCKET_SLOTS / 2);
  const sales = new Float64Array(BUCKET_SLOTS / 2);
  let lines = 0;
  let offPath = 0;
  let printLow = 0;
  let printHigh = 0;

  for (;;) {
    if (!ended && filled - at < CHUNK) {
      bytes.copy(bytes, 0, at, filled);
      filled -= at;
      at = 0;
      const read = fs.readSync(handle, bytes, filled, CHUNK, null);
      if (read === 0) ended = true;
      filled += read;
    }
    if (at >= filled) break;
    // One row's cell bounds; a row cut by the chunk's end is read again once more bytes are in.
    let cells = 0;
    let i = at;
    let complete = false;
    while (i < filled) {
      if (bytes[i] === QUOTE) {
        let close = bytes.indexOf(QUOTE, i + 1);
        while (close >= 0 && close + 1 < filled && bytes[close + 1] === QUOTE) close = bytes.indexOf(QUOTE, close + 2);
        if (close < 0 || close >= filled) break;
        starts[cells] = i + 1;
        ends[cells++] = close;
        i = close + 1;
      } else {
        starts[cells] = i;
        while (i < filled && bytes[i] !== COMMA && bytes[i] !== LF && bytes[i] !== CR) i++;
        ends[cells++] = i;
      }
      if (bytes[i] === COMMA) i++;
      else {
        if (bytes[i] === CR) i++;
        if (bytes[i] === LF) {
          i++;
          complete = true;
        }
        break;
      }
    }
    if (!complete && !ended) continue;
    at = i;
    if (header === null) {
      const names: string[] = [];
      for (let c = 0; c < cells; c++) names.push(bytes.toString('utf8', starts[c], ends[c]).replace(/^\uFEFF/, ''));
      header = names;
      idColumns = IDS.map((name) => names.indexOf(name));
      amountColumns = AMOUNTS.map((name) => names.indexOf(name));
      printColumns = names.flatMap((name, c) => (DESCRIPTIVE.has(name) ? [] : [c]));
      dateColumns = ['ChargeStartDate', 'ChargeEndDate'].map((name) => names.indexOf(name));
      if ([...idColumns, ...amountColumns, ...dateColumns].some((c) => c < 0)) throw new Error(`${file}: not a new commerce invoice file`);
      continue;
    }
    if (cells < header.length) continue;
    lines++;
    for (let k = 0; k < idColumns.length; k++) numbers[k] = ids[k].numberOf(bytes, starts[idColumns[k]], ends[idColumns[k]]);
    for (const c of printColumns) {
      let a = 0x811c9dc5 ^ c;
      let b = 0x9e3779b9 ^ c;
      for (let k = starts[c]; k < ends[c]; k++) {
        a = Math.imul(a ^ bytes[k], 0x01000193);
        b = Math.imul(b ^ bytes[k], 0x85ebca77);
      }
      printLow = (printLow + a) | 0;
      printHigh = (printHigh + b) | 0;
    }
    const amounts = amountColumns.map((c) => cents(bytes, starts[c], ends[c]));
    dateColumns.forEach((c, d) => {
      const last = lastDates[d];
      if (last.length !== ends[c] - starts[c] || bytes.compare(last, 0, last.length, starts[c], ends[c]) !== 0) lastDates[d] = Buffer.from(bytes.subarray(starts[c], ends[c]));
    });
    // Customer, product (or meter), SKU and detail kind (charge type × term), as the report's detail buckets are keyed.
    const meter = idColumns[6];
    const product = starts[meter] === ends[meter] ? numbers[1] : -1 - numbers[6];
    const kind = numbers[3] * 64 + numbers[4];
    let hash = Math.imul(numbers[0], 0x9e3779b1) ^ Math.imul(product, 0x85ebca77) ^ Math.imul(numbers[2], 0xc2b2ae3d) ^ Math.imul(kind, 0x27d4eb2f);
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
    let slot = (hash ^ (hash >>> 13)) & (BUCKET_SLOTS - 1);
    let bucket = -1;
    for (; ; slot = (slot + 1) & (BUCKET_SLOTS - 1)) {
      const k = slot * 5;
      if (keys[k] === -1) {
        keys.set([numbers[0], product, numbers[2], kind, (bucket = buckets++)], k);
        break;
      }
      if (keys[k] === numbers[0] && keys[k + 1] === product && keys[k + 2] === numbers[2] && keys[k + 3] === kind) {
        bucket = keys[k + 4];
        break;
      }
    }
    const lineCost = amounts[2];
    // Usage quantities have more decimals than cents: only counted here (the floor's sums are of cents).
    if (!Number.isNaN(amounts[6])) quantity[bucket] += amounts[6];
    if (Number.isNaN(lineCost)) offPath++;
    else {
      cost[bucket] += lineCost;
      sales[bucket] += Math.round((lineCost * 115) / 100);
    }
  }
  fs.closeSync(handle);
  const used = process.cpuUsage(cpu);
  let total = 0;
  for (let b = 0; b < buckets; b++) total += cost[b];
  if (!Number.isSafeInteger(total)) throw new Error('the cost total left the safe integers');
  const totalText = `${total < 0 ? '-' : ''}${Math.floor(Math.abs(total) / 100)}.${String(Math.abs(total) % 100).padStart(2, '0')}`;
  console.log(
    JSON.stringify({
      lines,
      buckets,
      customers: ids[0].count,
      linesOffPath: offPath,
      cost: totalText,
      fingerprintSum: (printLow >>> 0).toString(16) + (printHigh >>> 0).toString(16),
      wallMs: Math.round(performance.now() - started),
      cpuMs: Math.round((used.user + used.system) / 1000),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

main();
