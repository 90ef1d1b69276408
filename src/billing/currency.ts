/** ISO 4217 currencies without 2 decimals that CSP partners bill in; every other currency has cents. */
const MINOR_UNITS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  PYG: 0,
  UGX: 0,
  XOF: 0,
  XAF: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
};

/** Decimals an invoice shows for a currency: amounts are rounded half away from zero to this many. */
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** A currency code as Partner Center and the Settings write it: three letters (ISO 4217), such as USD or EUR. */
export function isCurrencyCode(text: string): boolean {
  return /^[A-Za-z]{3}$/.test(text);
}

/**
 * Signs people type beside an amount and the currencies each may stand for: "$" is the dollar of several countries
 * (and the Mexican peso), so it stands for any of them; "kr" for any krona or krone.
 */
const SIGNS: Record<string, readonly string[]> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD', 'MXN'],
  US$: ['USD'],
  C$: ['CAD'],
  CA$: ['CAD'],
  A$: ['AUD'],
  AU$: ['AUD'],
  NZ$: ['NZD'],
  S$: ['SGD'],
  HK$: ['HKD'],
  R$: ['BRL'],
  '€': ['EUR'],
  '£': ['GBP'],
  '¥': ['JPY', 'CNY'],
  '₹': ['INR'],
  '₩': ['KRW'],
  KR: ['SEK', 'NOK', 'DKK', 'ISK'],
  ZŁ: ['PLN'],
};

/** The currency an amount was written in: the sign or code as typed, and the currencies it may stand for. */
export interface CurrencyMark {
  written: string;
  currencies: readonly string[];
}

/** A sign or a three-letter code; null for anything else ("about", "%"). */
export function markOf(written: string): CurrencyMark | null {
  const upper = written.toUpperCase();
  const signed = SIGNS[upper];
  if (signed !== undefined) return { written, currencies: signed };
  return isCurrencyCode(written) ? { written, currencies: [upper] } : null;
}

/**
 * An amount typed with its currency before or after it ("$7.50", "€ 7,50", "-$5", "EUR 7.50", "7.50 EUR", "7,50 kr"):
 * the amount's text without it, and the mark (null where the text carries none, or something that is no currency).
 */
export function splitCurrencyMark(text: string): { amount: string; mark: CurrencyMark | null } {
  const before = /^\s*(-?)\s*([^\d\s.,+\-']+)\s*([-+]?[\d.,].*)$/.exec(text);
  if (before !== null) {
    const mark = markOf(before[2]);
    if (mark !== null) return { amount: `${before[1]}${before[3]}`, mark };
  }
  const after = /^(.*[\d.,])\s*([^\d\s.,+\-']+)\s*$/.exec(text);
  if (after !== null) {
    const mark = markOf(after[2]);
    if (mark !== null) return { amount: after[1], mark };
  }
  return { amount: text, mark: null };
}

/** Whether an amount typed with this mark may be in the currency: "$" fits USD and CAD, "€" only EUR. */
export function markFits(mark: CurrencyMark, currency: string): boolean {
  return mark.currencies.includes(currency.toUpperCase());
}
