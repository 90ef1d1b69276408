/**
 * The mapper's shortcuts before its regular expressions: a text's length or first letter rules most texts out, and
 * what passes is tested as before. Each is held to its regular expression on texts that come close.
 */
import fc from 'fast-check';
import { isAzurePlan, isOneTime, meterOf, recurringTexts } from '../../src/billing/formats/mapper';

/** Texts near the ones matched: their letters in any case, a space more or less, other characters around them. */
function near(words: readonly string[]): fc.Arbitrary<string> {
  const letters = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }), fc.constantFrom('Monthly', 'Annual', 'Azure', 'Azure plan 2', ' azure plan', 'ONE TIME', 'one  time', 'onetime ', 'ſne time', 'Azure pLan'));
  return fc
    .tuple(letters, fc.array(fc.boolean(), { maxLength: 12 }))
    .map(([text, upper]) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}

describe('the mapper\'s shortcuts before its regular expressions', () => {
  it('tells "Azure plan" as /^azure plan$/i does', () => {
    fc.assert(fc.property(near(['Azure plan', 'azure plan', 'AZURE PLAN', 'Azure  plan']), (text) => expect(isAzurePlan(text)).toBe(/^azure plan$/i.test(text))), { numRuns: 5000 });
    expect(['Azure plan', 'AZURE PLAN', 'azure Plan'].map(isAzurePlan)).toEqual([true, true, true]);
  });

  it('tells a one-time billing frequency as /^(|one ?time)$/i does', () => {
    fc.assert(fc.property(near(['', 'OneTime', 'One time', 'onetime', 'one time', 'Monthly']), (text) => expect(isOneTime(text)).toBe(/^(|one ?time)$/i.test(text))), { numRuns: 5000 });
    expect(['', 'OneTime', 'ONE TIME', 'Monthly', 'Annual'].map(isOneTime)).toEqual([true, true, true, false, false]);
  });

  it('cuts "productName - " off an invoice meter as comparing with that prefix does', () => {
    const words = fc.constantFrom('', 'Storage', 'Storage ', 'Storage -', 'Storage - ', ' - ', '-', 'Blob', 'Storage - Blob', 'Stor');
    const text = fc.array(words, { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (productName, meter) => {
        const prefix = `${productName} - `;
        const expected = meter === '' ? '' : productName !== '' && meter.startsWith(prefix) ? meter.slice(prefix.length) : meter;
        expect(meterOf('nce-invoice', productName, meter, '')).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives each text back as it was read, within its first texts and past them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('new', 'renew', 'cycleCharge', '', 'Monthly'), fc.string({ maxLength: 6 })), { maxLength: 80 }), (texts) => {
        const recurring = recurringTexts();
        expect(texts.map(recurring)).toEqual(texts);
      }),
    );
  });
});
