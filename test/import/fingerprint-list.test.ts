/** The packed list of kept fingerprints, and the number cells they hash: what goes in comes out, also across lists appended to each other. */
import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import { FingerprintList, numberText } from '../../src/import/fingerprint';

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
