/** The packed list of kept fingerprints: what goes in comes out, also across lists appended to each other. */
import { FingerprintList } from '../../src/import/fingerprint';

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
