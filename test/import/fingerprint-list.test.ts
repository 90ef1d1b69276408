/** The packed list of kept fingerprints, and the number cells they hash: what goes in comes out, also across lists appended to each other. */
import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { FingerprintList, identityKey, numberText, RowFingerprinter } from '../../src/import/fingerprint';

const fingerprint = (i: number) => String.fromCharCode(i & 0xffff, (i * 7) & 0xffff, 0xd800 + (i % 1024), (i * 31) & 0xffff);

describe('a fingerprint list', () => {
  it('gives back every fingerprint pushed, in order, however many', () => {
    const list = new FingerprintList();
    for (let i = 0; i < 5000; i++) list.push(fingerprint(i));
    expect(list.length).toBe(5000);
    expect(Array.from({ length: 5000 }, (_, i) => list.at(i))).toEqual(Array.from({ length: 5000 }, (_, i) => fingerprint(i)));
  });

  it('appends another list after its own, growing as needed', () => {
    const first = new FingerprintList();
    const second = new FingerprintList();
    for (let i = 0; i < 700; i++) first.push(fingerprint(i));
    for (let i = 700; i < 3000; i++) second.push(fingerprint(i));
    first.append(second);
    first.append(new FingerprintList());
    expect(first.length).toBe(3000);
    expect(Array.from({ length: 3000 }, (_, i) => first.at(i))).toEqual(Array.from({ length: 3000 }, (_, i) => fingerprint(i)));
  });
});

describe('a number cell as the fingerprint reads it', () => {
  it('is one text however Excel wrote it; ids, dates and names are left as they are', () => {
    const read = (cells: string[]) => cells.map(numberText);
    expect(read(['220.00', '-51.30', '0002', "'0002", '7.1E-05', '1E+02', '.5', '+3', '12.'])).toEqual(['220', '-51.3', '2', '2', '0.000071', '100', '0.5', '3', '12']);
    // Excel keeps 15 significant digits of a fraction; an integer (an id) stays whole.
    expect(read(['5.133333333333333333333333333', '0.000123456789012345678', '1.23456789012345678E-05', '123456789012345678'])).toEqual([
      '5.13333333333333',
      '0.000123456789012346',
      '0.0000123456789012346',
      '123456789012345678',
    ]);
    const kept = ['220', '10.08', '0', '0.5', '-94.08', '3e4f6a7b-0000-4000-8000-000000000001', '123e4567', '1e5', '1-2', '2026-10-05', 'Microsoft 365', '', '-', "'abc"];
    expect(read(kept)).toEqual(kept);
  });
});

describe('number cells written in different ways', () => {
  it('give the text of their exact value to 15 significant digits, whatever the zeros, sign or exponent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n - 10n ** 15n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (units, scale, leading, trailing) => {
        const value = new Decimal(units, scale);
        const plain = value.toFixed(scale + trailing);
        const padded = plain.replace(/^(-?)/, `$1${'0'.repeat(leading)}`);
        const exponent = `${units}E-${String(scale).padStart(2, '0')}`;
        const canonical = value.toString();
        expect(numberText(canonical)).toBe(canonical);
        expect(numberText(padded)).toBe(canonical);
        expect(numberText(exponent)).toBe(canonical);
      }),
    );
  });
});

describe("a fingerprint list's identities and amounts", () => {
  const line = (quantity: string, cost: string, tax: string | null = null) =>
    ({ quantity: Decimal.parse(quantity), cost: Decimal.parse(cost), tax: tax === null ? null : Decimal.parse(tax), total: null }) as unknown as BillingLine;

  it('keeps each line\'s identity and amounts, also across lists appended to each other', () => {
    const first = new FingerprintList();
    const second = new FingerprintList();
    for (let i = 0; i < 300; i++) first.push(fingerprint(i), i, -i, line(String(i), '163.0105982400'));
    for (let i = 300; i < 700; i++) second.push(fingerprint(i), i, -i, line(String(i), '0.0000710833333333', '1.5'));
    first.append(second);
    expect(first.length).toBe(700);
    expect(first.identityAt(650)).toBe(identityKey(650, -650));
    expect(first.at(650)).toBe(fingerprint(650));
    // Excel's General format: 10 or 11 characters.
    expect(first.amountsAgree(299, line('299', '163.0105982'))).toBe(true);
    expect(first.amountsAgree(650, line('650', '7.10833E-05', '1.5'))).toBe(true);
    expect(first.amountsAgree(650, line('650', '7.10833E-05'))).toBe(false); // no tax is not a tax of 1.5
    expect(first.amountsAgree(650, line('651', '7.10833E-05', '1.5'))).toBe(false);
  });

  it('compares amounts to the digits the shorter writes, never to fewer than 5 significant digits', () => {
    const list = new FingerprintList();
    list.push(fingerprint(1), 1, 1, line('24', '4.323678'));
    list.push(fingerprint(2), 2, 2, line('1.25', '0.225'));
    list.push(fingerprint(3), 3, 3, line('1', '-7.1083E-05'));
    expect(list.amountsAgree(0, line('24', '4.3237'))).toBe(true);
    expect(list.amountsAgree(0, line('24', '4.32'))).toBe(false);
    expect(list.amountsAgree(0, line('24', '4.3247'))).toBe(false);
    expect(list.amountsAgree(1, line('1.2', '0.225'))).toBe(false);
    expect(list.amountsAgree(2, line('1', '-0.0000710833333'))).toBe(true);
    expect(list.amountsAgree(2, line('1', '0.0000710833333'))).toBe(false);
  });
});

describe('date cells, whose lanes a fingerprinter keeps per cell', () => {
  const header = ['CustomerId', 'ChargeStartDate', 'ProductName', 'ChargeEndDate', 'Subtotal', 'OrderDate', 'SubscriptionStartDate'];
  const dates = ['9/1/2026', '10/31/2026', '2026-08-31T00:00:00Z', "'9/1/2026", 'soon', '', '11/6/2026', '1/1/2025'];
  const date = fc.oneof(fc.constantFrom(...dates), fc.date({ min: new Date(2020, 0, 1), max: new Date(2030, 0, 1), noInvalidDate: true }).map((d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`));
  const row = fc.tuple(fc.constantFrom('c-1', 'c-2'), date, fc.constantFrom('Teams', ''), date, fc.constantFrom('12.50', '-3'), date, date);
  const unkept = (cells: string[], columns = header) => {
    const fingerprinter = new RowFingerprinter(columns);
    return [fingerprinter.of(cells), fingerprinter.identityLow, fingerprinter.identityHigh];
  };

  it('give the fingerprint and identity a fingerprinter seeing them for the first time gives, in any column order', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 120, size: 'max' }), fc.nat(), (rows, seed) => {
        const fingerprinter = new RowFingerprinter(header);
        const order = header.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b);
        const shuffled = new RowFingerprinter(order.map((i) => header[i]));
        for (const cells of rows) {
          const expected = unkept(cells);
          expect([fingerprinter.of(cells), fingerprinter.identityLow, fingerprinter.identityHigh]).toEqual(expected);
          expect([shuffled.of(order.map((i) => cells[i])), shuffled.identityLow, shuffled.identityHigh]).toEqual(expected);
        }
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it('are forgotten past 10,000 and worked out again alike', () => {
    const fingerprinter = new RowFingerprinter(header);
    const rows = Array.from({ length: 12_000 }, (_, i) => ['c-1', `${(i % 12) + 1}/${(i % 28) + 1}/${2000 + Math.floor(i / 336)}`, '', '9/30/2026', '1', '', `'${i}`]);
    for (const [i, cells] of [...rows.entries(), ...rows.slice(0, 50).entries()]) {
      const fingerprint = fingerprinter.of(cells);
      if (i < 1000 || i % 97 === 0) expect([fingerprint, fingerprinter.identityLow, fingerprinter.identityHigh]).toEqual(unkept(cells));
    }
  });

  it('give the fingerprints they gave before their lanes were kept', () => {
    const fingerprinter = new RowFingerprinter(header);
    const lanes = (cells: string[]) => [[...fingerprinter.of(cells)].map((c) => c.charCodeAt(0)), fingerprinter.identityLow, fingerprinter.identityHigh];
    expect(lanes(['c-1', '9/1/2026', 'Exchange', '9/30/2026', '12.50', '2026-08-31T00:00:00Z', "'9/1/2026"])).toEqual([[64890, 43313, 40368, 5717], 1059232377, -1160215781]);
    expect(lanes(['c-2', '10/31/2026', 'Teams', 'soon', '-3', '', '11/6/2026'])).toEqual([[14282, 815, 39101, 45121], -1614972327, -165979502]);
  });
});
